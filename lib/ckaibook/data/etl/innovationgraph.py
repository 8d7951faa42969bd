"""GitHub Innovation Graph → ``innovationgraph`` (developers, repositories and pushes by
economy and quarter, long) and ``innovationgraph_collaborators`` (who contributes to whose repositories,
summed by year)."""

from __future__ import annotations

import pandas as pd
import pycountry

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

SOURCE = Source(
    folder="innovationgraph",
    title="GitHub Innovation Graph",
    publisher="GitHub",
    url="https://innovationgraph.github.com/",
    licence="CC0-1.0",
    licence_url="https://creativecommons.org/publicdomain/zero/1.0/",
    files=("developers.csv", "repositories.csv", "git_pushes.csv", "economy_collaborators.csv"),
)
# measure → (file, unit, how the value accrues)
MEASURES = {
    "developers": ("developers.csv", "developer accounts (cumulative)"),
    "repositories": ("repositories.csv", "repositories (cumulative)"),
    "git_pushes": ("git_pushes.csv", "pushes in the quarter"),
}
EXTRA_ISO2 = {"XK": "XKX"}  # Kosovo: user-assigned code
DROPPED_ISO2 = {"EU"}  # GitHub's EU aggregate double-counts its member states: dropped


def iso2_to_iso3(code: str) -> str | None:
    """ISO3 of an ISO2 code as GitHub writes it; None for the EU aggregate; raises if unknown."""
    if code in DROPPED_ISO2:
        return None
    if code in EXTRA_ISO2:
        return EXTRA_ISO2[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        raise RawDataError(f"innovationgraph: unknown economy code {code!r}")
    return country.alpha_3


def _read(filename: str, columns: list[str]) -> pd.DataFrame:
    path = paths.raw_file("innovationgraph", filename)
    # "NA" is Namibia, not a missing value
    df = read_csv(path, keep_default_na=False, na_values=[""])
    require_columns(df, columns, str(path))
    if df[columns].isna().any().any():
        raise RawDataError(f"{path}: empty cells in {columns}")
    if not df["quarter"].isin([1, 2, 3, 4]).all():
        raise RawDataError(f"{path}: quarter outside 1-4")
    return df


def build_innovationgraph() -> pd.DataFrame:
    frames = []
    for measure, (filename, unit) in MEASURES.items():
        df = _read(filename, [measure, "iso2_code", "year", "quarter"])
        df["iso3"] = df["iso2_code"].map(iso2_to_iso3)
        df = df.dropna(subset=["iso3"])
        frames.append(
            pd.DataFrame(
                {
                    "iso3": df["iso3"],
                    "year": df["year"],
                    "quarter": df["quarter"],
                    "measure": measure,
                    "value": df[measure].astype(float),
                    "unit": unit,
                }
            )
        )
    long = pd.concat(frames, ignore_index=True)
    require_iso3(long["iso3"], "innovationgraph")
    require_range(long["value"], 0, 1e9, "innovationgraph values")
    require_rows(long, "innovationgraph", ["CAN", "KOR", "USA", "CHN", "JPN", "SGP"])
    if long.duplicated(["measure", "iso3", "year", "quarter"]).any():
        raise RawDataError("innovationgraph: duplicate economy-quarter rows")
    return long.sort_values(["measure", "iso3", "year", "quarter"]).reset_index(drop=True)


def build_collaborators() -> pd.DataFrame:
    df = _read("economy_collaborators.csv", ["weight", "source", "destination", "year", "quarter"])
    df["source_iso3"] = df["source"].map(iso2_to_iso3)
    df["destination_iso3"] = df["destination"].map(iso2_to_iso3)
    df = df.dropna(subset=["source_iso3", "destination_iso3"])
    require_iso3(pd.concat([df["source_iso3"], df["destination_iso3"]]), "innovationgraph_collaborators")
    require_range(df["weight"], 0, 1e9, "innovationgraph_collaborators weight")
    out = df.groupby(["source_iso3", "destination_iso3", "year"], as_index=False).agg(
        weight=("weight", "sum"), quarters=("quarter", "nunique")
    )
    if not ((out["source_iso3"] == "CAN") & (out["destination_iso3"] == "USA")).any():
        raise RawDataError("innovationgraph_collaborators: no CAN→USA flow; layout changed?")
    return out.sort_values(["source_iso3", "destination_iso3", "year"]).reset_index(drop=True)


TABLES = [
    Table(
        name="innovationgraph",
        min_rows=11_000,
        title="GitHub developers, repositories and pushes by economy and quarter",
        fields=(
            Field("iso3", "string", "ISO3 code of the economy (GitHub's EU aggregate dropped)"),
            Field("year", "integer", "calendar year"),
            Field("quarter", "integer", "calendar quarter (1-4)"),
            Field("measure", "string", "developers, repositories (cumulative counts) or git_pushes (per quarter)"),
            Field("value", "number", "value in unit"),
            Field("unit", "string", "unit of value"),
        ),
        primary_key=("measure", "iso3", "year", "quarter"),
        source=SOURCE,
        build=build_innovationgraph,
        vintage="GitHub Innovation Graph release of 2025Q3 data (2020Q1-2025Q3)",
        caveat="Public GitHub activity only; location is inferred from IP address (VPNs distort e.g. China); "
        "counts are suppressed where fewer than 100 developers are active; developer counts include inactive accounts.",
    ),
    Table(
        name="innovationgraph_collaborators",
        min_rows=20_000,
        title="GitHub collaboration between economies: pushes and pull requests from developers in one economy "
        "to repositories owned in another, by year",
        fields=(
            Field("source_iso3", "string", "ISO3 economy of the contributing developers"),
            Field("destination_iso3", "string", "ISO3 economy of the repository owners"),
            Field("year", "integer", "calendar year"),
            Field("weight", "number", "pushes + pull requests, summed over the year's quarters", "contributions"),
            Field("quarters", "integer", "number of quarters summed (2025 has three)"),
        ),
        primary_key=("source_iso3", "destination_iso3", "year"),
        source=SOURCE,
        build=build_collaborators,
        vintage="as innovationgraph",
        caveat="GitHub publishes only the larger economy pairs in each quarter; a pair below its threshold is absent, "
        "not zero. The EU aggregate is dropped.",
    ),
]
