"""Our World in Data country AI indicators (CSET ETO) → ``owid_ai_country`` (long: iso3, measure, year, value)."""

from __future__ import annotations

import pandas as pd

from ckaibook.data import paths
from ckaibook.data.schema import Field, Source, Table
from ckaibook.data.etl._names import OWID_CODES
from ckaibook.data.etl._checks import (
    RawDataError,
    iso3_only,
    read_csv,
    require_columns,
    require_iso3,
    require_range,
    require_rows,
)

SOURCE = Source(
    folder="owid_ai_country",
    title=(
        "AI publications, AI patents and private AI investment by country (CSET Country Activity Tracker), "
        "AI bills passed into law (AI Index; Digital Policy Alert), via OWID"
    ),
    publisher=(
        "Our World in Data; Center for Security and Emerging Technology (CSET ETO); AI Index Report (Stanford HAI)"
    ),
    url="https://ourworldindata.org/artificial-intelligence",
    licence="CC-BY-4.0",
    licence_url="https://creativecommons.org/licenses/by/4.0/",
)
# file → (measure, value column, unit, plausible range)
FILES = {
    "annual-scholarly-publications-on-artificial-intelligence.csv": (
        "ai_publications",
        "All",
        "publications (whole count)",
        (0, 1e6),
    ),
    "artificial-intelligence-patents-submitted.csv": (
        "ai_patent_applications",
        "All",
        "applications (by filing office)",
        (0, 1e6),
    ),
    "private-investment-in-artificial-intelligence-cset.csv": (
        "ai_private_investment",
        "All",
        "constant US$ (US CPI-deflated)",
        (0, 1e12),
    ),
    # A single cross-section (OWID labels it 2023; the column says "since 2016, as of 2024").
    "cumulative-number-artificial-intelligence-bills-passed.csv": (
        "ai_bills_passed",
        "Cumulative AI-related bills passed into law since 2016, as of 2024",
        "AI-related bills passed into law since 2016 (cumulative)",
        (0, 1e4),
    ),
}


def _read(filename: str) -> pd.DataFrame:
    measure, column, unit, (lo, hi) = FILES[filename]
    path = paths.raw_file("owid_ai_country", filename)
    raw = read_csv(path)
    require_columns(raw, ["Entity", "Code", "Year", column], str(path))
    df = raw.dropna(subset=["Code", column]).assign(Code=lambda d: d["Code"].replace(OWID_CODES))
    df = df[iso3_only(df["Code"])]
    out = pd.DataFrame(
        {
            "iso3": df["Code"],
            "measure": measure,
            "year": df["Year"].astype(int),
            "value": df[column].astype(float),
            "unit": unit,
        }
    )
    require_range(out["value"], lo, hi, f"{filename} {column}")
    return out


def build() -> pd.DataFrame:
    df = pd.concat([_read(f) for f in FILES], ignore_index=True)
    require_iso3(df["iso3"], "owid_ai_country")
    for measure in df["measure"].unique():
        require_rows(df[df["measure"] == measure], f"owid_ai_country {measure}", ["CAN", "KOR", "USA", "CHN", "JPN"])
    if df.duplicated(["iso3", "measure", "year"]).any():
        raise RawDataError("owid_ai_country: duplicate country-year rows")
    return df.sort_values(["measure", "iso3", "year"]).reset_index(drop=True)


TABLES = [
    Table(
        name="owid_ai_country",
        min_rows=2_000,
        title="AI publications, AI patent applications, private AI investment and AI bills passed, by country and year",
        fields=(
            Field("iso3", "string", "ISO 3166 alpha-3 country code"),
            Field(
                "measure", "string", "ai_publications, ai_patent_applications, ai_private_investment or ai_bills_passed"
            ),
            Field("year", "integer", "calendar year"),
            Field("value", "number", "value in the measure's unit"),
            Field("unit", "string", "unit of value"),
        ),
        primary_key=("measure", "iso3", "year"),
        source=SOURCE,
        build=build,
        vintage="OWID grapher snapshots of 24 Apr – 4 May 2026 (CSET ETO data); publications to 2023, "
        "patents to 2020, investment to 2024 (2025 partial-year projection dropped); AI bills: one cross-section, "
        "cumulative since 2016 (OWID year 2023, column labelled 'as of 2024')",
        caveat="Publications are whole counts (an article counts for each country with an author); patents are "
        "counted by filing office, not inventor; investment is CSET's estimate of funding raised by private AI "
        "companies and is volatile (Canada 2022 is an outlier); AI bills count AI-related laws passed (volume, not "
        "comprehensiveness), countries outside the tracker (116 economies) are absent; regional aggregates dropped.",
    ),
]
