"""NCSES Science and Engineering Indicators tables → ``ncses_ai_articles`` (SPBS-99) and
``ncses_se_degrees`` (SHED-11)."""

from __future__ import annotations

import pandas as pd

from ckaibook.data import paths
from ckaibook.data.schema import Field, Source, Table
from ckaibook.data.etl._checks import (
    RawDataError,
    read_csv,
    require_columns,
    require_iso3,
    require_range,
    require_rows,
)
from ckaibook.data.etl._names import clean
from ckaibook.data.etl._names import country_code as to_iso3

SOURCE = Source(
    folder="ncses",
    title="Science and Engineering Indicators: AI articles by co-authorship (SPBS-99); S&E first degrees (SHED-11)",
    publisher="US National Science Foundation, National Center for Science and Engineering Statistics (NCSES)",
    url="https://ncses.nsf.gov/indicators",
    licence="Public domain (US federal government work)",
    licence_url="https://www.usa.gov/government-copyright",
)
ARTICLE_ATTRIBUTES = {
    "": "total",
    "With multiple institutions": "multiple_institutions",
    "With domestic institutions only": "domestic_institutions_only",
    "With international institutions": "international_institutions",
}
DEGREE_FIELDS = {
    "": "se_total",
    "Physical and biological sciences and mathematics and statistics": "natural_sciences_maths",
    "Computer sciences": "computer_sciences",
    "Agricultural sciences": "agricultural_sciences",
    "Social and behavioral sciences": "social_behavioural_sciences",
    "Engineering": "engineering",
}
# Regions and non-country rows of SHED-11 that are not countries.
_NOT_COUNTRIES = {"EU", "European Union", "World"}


def _year_columns(df: pd.DataFrame, where: str) -> list[str]:
    cols = [c for c in df.columns if c.startswith("field_") and c[6:].isdigit()]
    if not cols:
        raise RawDataError(f"{where}: no field_<year> columns")
    return cols


def _melt(df: pd.DataFrame, ids: list[str], where: str) -> pd.DataFrame:
    years = _year_columns(df, where)
    long = df.melt(id_vars=ids, value_vars=years, var_name="year", value_name="value").dropna(subset=["value"])
    long["year"] = long["year"].str[6:].astype(int)
    long["value"] = pd.to_numeric(long["value"], errors="raise")
    return long


def build_articles() -> pd.DataFrame:
    path = paths.raw_file("ncses", "table_10067_data.csv")
    raw = read_csv(path, dtype=str)
    level = "region_country_or_economy_level_"
    require_columns(raw, [f"{level}2", f"{level}3", f"{level}4", "field_2022"], str(path))
    rows = raw[raw[f"{level}3"] == "Total articles"].copy()
    rows["country"] = rows[f"{level}2"]
    rows["attribute"] = rows[f"{level}4"].fillna("")
    unknown = sorted(set(rows["attribute"]) - set(ARTICLE_ATTRIBUTES))
    if unknown:
        raise RawDataError(f"{path}: unexpected co-authorship attributes {unknown}")
    return _tidy(rows, "country", "attribute", "measure", ARTICLE_ATTRIBUTES, "ncses_ai_articles", 1e6, path)


def build_degrees() -> pd.DataFrame:
    path = paths.raw_file("ncses", "table_5785_data.csv")
    raw = read_csv(path, dtype=str)
    level = "region_country_or_economy_and_field_level_"
    require_columns(raw, [f"{level}1", f"{level}3", f"{level}4", "field_2018"], str(path))
    rows = raw[raw[f"{level}3"] == "S&E fields"].copy()
    rows["field"] = rows[f"{level}4"].fillna("")
    unknown = sorted(set(rows["field"]) - set(DEGREE_FIELDS))
    if unknown:
        raise RawDataError(f"{path}: unexpected fields {unknown}")
    rows = rows[~rows[f"{level}1"].map(clean).isin(_NOT_COUNTRIES)]
    return _tidy(rows, f"{level}1", "field", "field", DEGREE_FIELDS, "ncses_se_degrees", 1e7, path)


def _tidy(
    rows: pd.DataFrame,
    country_col: str,
    label_col: str,
    out_col: str,
    labels: dict[str, str],
    table: str,
    max_value: float,
    path,
) -> pd.DataFrame:
    """Shared tail of both NCSES tables: ISO3 codes, long by year, label mapping, sanity checks, order."""
    rows = rows.assign(iso3=rows[country_col].map(to_iso3)).dropna(subset=["iso3"])
    long = _melt(rows, ["iso3", label_col], str(path))
    out = pd.DataFrame(
        {"iso3": long["iso3"], out_col: long[label_col].map(labels), "year": long["year"], "value": long["value"]}
    )
    require_iso3(out["iso3"], table)
    require_range(out["value"], 0, max_value, table)
    require_rows(out, table, ["CAN", "KOR", "USA", "CHN", "JPN"])
    return out.sort_values([out_col, "iso3", "year"]).reset_index(drop=True)


TABLES = [
    Table(
        name="ncses_ai_articles",
        min_rows=11_000,
        title="AI-related articles by co-authorship attribute, by country, 2003–2022",
        fields=(
            Field("iso3", "string", "ISO 3166 alpha-3 country code"),
            Field(
                "measure",
                "string",
                "total, multiple_institutions, domestic_institutions_only or "
                "international_institutions (articles with at least one foreign co-author institution)",
            ),
            Field("year", "integer", "publication year"),
            Field("value", "number", "AI articles, whole counting", unit="articles"),
        ),
        primary_key=("measure", "iso3", "year"),
        source=SOURCE,
        build=build_articles,
        vintage="NSB Science and Engineering Indicators 2024, table SPBS-99 (Scopus, accessed April 2023), "
        "via a third-party CSV conversion of 2025-03",
        caveat="Whole counting: an article with authors in two countries counts for each, so international "
        "co-authorship inflates counts; AI = Scopus 'Artificial Intelligence' journal category.",
    ),
    Table(
        name="ncses_se_degrees",
        min_rows=2_000,
        title="Science and engineering first university degrees, by country and field, 2010–2018",
        fields=(
            Field("iso3", "string", "ISO 3166 alpha-3 country code"),
            Field("field", "string", "se_total or an S&E field (computer_sciences, engineering, ...)"),
            Field("year", "integer", "year of degree"),
            Field("value", "number", "first university degrees awarded", unit="degrees"),
        ),
        primary_key=("field", "iso3", "year"),
        source=SOURCE,
        build=build_degrees,
        vintage=(
            "NSB Science and Engineering Indicators, table SHED-11 (2010–18), "
            "via a third-party CSV conversion of 2025-03"
        ),
        caveat="S&E excludes health; sources differ by country (OECD, Eurostat, national statistics).",
    ),
]
