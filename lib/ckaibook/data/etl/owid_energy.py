"""Our World in Data electricity-mix chart downloads → ``owid_energy`` (all countries, long).

One tidy table of electricity **generation** by source (TWh), the share of generation by source
(% — only the renewables share, and bioenergy and other renewables, which have no TWh file here),
the renewables share (%) and the carbon intensity of generation (gCO₂e/kWh). Rows: every country with an
ISO3 code, plus ``WLD`` (OWID's World) and ``ASEAN`` (Ember's ASEAN aggregate). Generation is not
demand: for demand use the ``ember`` table.

Derived measures such as the fossil share (coal + gas + oil) or the low-carbon share are not stored;
:func:`ckaibook.energy.mix` computes them from the TWh rows of one vintage.
"""

from __future__ import annotations

import pandas as pd

from ckaibook.data import paths
from ckaibook.data.schema import Field, Source, Table
from ckaibook.data.etl._names import OWID_CODES
from ckaibook.data.etl._checks import (
    RawDataError,
    read_csv,
    require_columns,
    require_iso3,
    require_range,
    require_rows,
)

SOURCE = Source(
    folder="owid_energy",
    title="Electricity mix (Ember and Energy Institute, with major processing by Our World in Data)",
    publisher="Our World in Data",
    url="https://ourworldindata.org/energy",
    licence="CC-BY-4.0",
    licence_url="https://creativecommons.org/licenses/by/4.0/",
)
# file → (variable, fuel, value column, unit)
FILES = {
    "electricity-generation.csv": ("generation", "total", "Total electricity", "TWh"),
    "electricity-coal.csv": ("generation", "coal", "Coal", "TWh"),
    "electricity-gas.csv": ("generation", "gas", "Gas", "TWh"),
    "electricity-oil.csv": ("generation", "oil", "Oil", "TWh"),
    "electricity-nuclear.csv": ("generation", "nuclear", "Nuclear", "TWh"),
    "electricity-hydro.csv": ("generation", "hydro", "Hydropower", "TWh"),
    "electricity-solar.csv": ("generation", "solar", "Solar", "TWh"),
    "electricity-wind.csv": ("generation", "wind", "Wind", "TWh"),
    "share-electricity-renewables.csv": ("share", "renewables", "Renewables", "%"),
    "carbon-intensity-electricity.csv": (
        "carbon_intensity",
        "all",
        "Carbon intensity of electricity per kWh",
        "gCO2e per kWh",
    ),
}
# The by-source share file (an older download): fuel → column.
SHARE_FILE = "share-elec-by-source.csv"
# Only the sources without a TWh file are kept (the others are derivable from TWh in one vintage).
SHARE_COLUMNS = {"bioenergy": "Bioenergy", "other_renewables": "Other renewables"}
FOSSIL = ("coal", "gas", "oil")
LOW_CARBON = ("nuclear", "hydro", "solar", "wind", "bioenergy", "other_renewables")
FIRST_YEAR = 1985  # the per-source TWh files start in 1965, the total in 1985


def _codes(raw: pd.DataFrame, where: str) -> pd.Series:
    """ISO3 for each row: the file's Code, WLD for OWID_WRL, ASEAN for 'ASEAN (Ember)', else NA."""
    code = raw["Code"].fillna("").astype(str).replace(OWID_CODES)
    code = code.where(raw["Entity"] != "ASEAN (Ember)", "ASEAN")
    keep = code.isin(["WLD", "ASEAN"]) | code.str.fullmatch(r"[A-Z]{3}")
    return code.where(keep)


def _read(filename: str, value_cols: dict[str, str]) -> pd.DataFrame:
    path = paths.raw_file("owid_energy", filename)
    raw = read_csv(path, keep_default_na=False, na_values=[""])
    require_columns(raw, ["Entity", "Code", "Year", *value_cols.values()], str(path))
    raw = raw.assign(iso3=_codes(raw, str(path))).dropna(subset=["iso3"])
    raw = raw[raw["Year"] >= FIRST_YEAR]
    require_iso3(raw["iso3"], str(path))
    long = raw.melt(
        id_vars=["iso3", "Year"], value_vars=list(value_cols.values()), var_name="column", value_name="value"
    ).dropna(subset=["value"])
    back = {v: k for k, v in value_cols.items()}
    return pd.DataFrame(
        {
            "iso3": long["iso3"],
            "year": long["Year"].astype(int),
            "fuel": long["column"].map(back),
            "value": long["value"].astype(float),
        }
    )


def build_owid_energy() -> pd.DataFrame:
    frames = []
    for filename, (variable, fuel, column, unit) in FILES.items():
        df = _read(filename, {fuel: column})
        frames.append(df.assign(variable=variable, unit=unit))
    shares = _read(SHARE_FILE, SHARE_COLUMNS)
    frames.append(shares.assign(variable="share", unit="%"))
    df = pd.concat(frames, ignore_index=True)
    gen = df[df["variable"] == "generation"]
    require_range(gen["value"], 0, 60_000, "owid generation TWh")
    require_range(df.loc[df["variable"] == "share", "value"], -0.01, 100.5, "owid shares %")
    require_range(df.loc[df["variable"] == "carbon_intensity", "value"], 0, 2000, "owid carbon intensity")
    _check_sum(gen)
    require_rows(df, "owid_energy", ["CAN", "KOR", "USA", "CHN", "JPN", "WLD"])
    df["value"] = df["value"].round(4)
    return df[COLUMNS].sort_values(["variable", "fuel", "iso3", "year"]).reset_index(drop=True)


def _check_sum(gen: pd.DataFrame) -> None:
    """The seven sources with TWh files may not exceed the total (bioenergy and others are not here)."""
    wide = gen.pivot_table(index=["iso3", "year"], columns="fuel", values="value")
    parts = wide.drop(columns="total").sum(axis=1)
    over = wide[parts > wide["total"] * 1.02 + 0.5]
    if not over.empty:
        raise RawDataError(f"owid_energy: sources exceed total generation, e.g. {over.index[0]}")


COLUMNS = ["iso3", "year", "variable", "fuel", "value", "unit"]
TABLES = [
    Table(
        name="owid_energy",
        min_rows=60_000,
        title="Electricity generation by source, shares of generation and carbon intensity, all countries",
        fields=(
            Field("iso3", "string", "ISO3 code, or WLD (world) / ASEAN (Ember's ASEAN aggregate)"),
            Field("year", "integer", "calendar year (1985 onward)"),
            Field(
                "variable",
                "string",
                "generation (TWh), share (% of generation: renewables, and bioenergy "
                "and other_renewables from the older 2026-04-04 download) or carbon_intensity",
            ),
            Field(
                "fuel",
                "string",
                "total, coal, gas, oil, nuclear, hydro, solar, wind, bioenergy, "
                "other_renewables, renewables, or all (carbon intensity)",
            ),
            Field("value", "number", "value in unit"),
            Field("unit", "string", "TWh, % or gCO2e per kWh"),
        ),
        primary_key=("variable", "fuel", "iso3", "year"),
        source=SOURCE,
        build=build_owid_energy,
        vintage="OWID chart downloads of 2026-04-29 (TWh, renewables share, intensity; 2025 preliminary) "
        "and 2026-04-04 (shares by source, to 2024)",
        caveat="Generation, not demand. Two download vintages: use shares by source only with each other; "
        "bioenergy and other renewables exist only as shares. Pre-2000 values from the Energy Institute.",
    ),
]
