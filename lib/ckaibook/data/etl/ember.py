"""Ember yearly electricity overview → ``ember`` (long: area, year, measure, value, unit)."""

from __future__ import annotations

import pandas as pd

from ckaibook.data import paths
from ckaibook.data.schema import Field, Source, Table
from ckaibook.data.etl._checks import read_csv, require_columns, require_iso3, require_range, require_rows

SOURCE = Source(
    folder="ember",
    title="Yearly Electricity Data (country overview)",
    publisher="Ember",
    url="https://ember-energy.org/data/yearly-electricity-data/",
    licence="CC-BY-4.0",
    licence_url="https://creativecommons.org/licenses/by/4.0/",
)
MEASURES = {
    "demand_twh": "TWh",
    "demand_mwh_per_capita": "MWh per person",
    "emissions_intensity_gco2_per_kwh": "gCO2e per kWh (life cycle)",
}
# Aggregates Ember names without a code; we keep those the book compares against.
AGGREGATE_NAMES = {"World": "WLD", "ASEAN": "ASEAN", "G7": "G7", "OECD": "OECD"}


def build_ember() -> pd.DataFrame:
    path = paths.raw_file("ember", "api_country_overview_yearly.csv")
    raw = read_csv(path, keep_default_na=False, na_values=[""])
    require_columns(raw, ["country_or_region", "country_code", "year", *MEASURES], str(path))
    code = raw["country_code"].where(raw["country_code"].notna(), raw["country_or_region"].map(AGGREGATE_NAMES))
    raw = raw.assign(iso3=code).dropna(subset=["iso3"])
    require_iso3(raw["iso3"], str(path))
    long = raw.melt(id_vars=["iso3", "year"], value_vars=list(MEASURES), var_name="measure", value_name="value").dropna(
        subset=["value"]
    )
    long["unit"] = long["measure"].map(MEASURES)
    require_range(long.loc[long["measure"] == "emissions_intensity_gco2_per_kwh", "value"], 0, 2000, "ember intensity")
    require_rows(long, "ember", ["CAN", "KOR", "WLD"])
    return long.sort_values(["measure", "iso3", "year"]).reset_index(drop=True)


TABLES = [
    Table(
        name="ember",
        min_rows=12_000,
        title="Electricity demand and power-sector emissions intensity, by country and year",
        fields=(
            Field("iso3", "string", "ISO3 code, or WLD/ASEAN/G7/OECD for Ember's aggregates"),
            Field("year", "integer", "calendar year"),
            Field("measure", "string", "demand_twh, demand_mwh_per_capita or emissions_intensity_gco2_per_kwh"),
            Field("value", "number", "value in unit"),
            Field("unit", "string", "unit of value"),
        ),
        primary_key=("measure", "iso3", "year"),
        source=SOURCE,
        build=build_ember,
        vintage="Ember data as of 2025-06-25 (latest year 2024, partly estimated)",
        caveat="Latest year partly estimated; Ember's intensity basis differs slightly from OWID's.",
    ),
]
