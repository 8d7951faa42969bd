"""Tortoise Media's Global AI Index (one edition, year not in the file) → ``ai_index`` (long: iso3, pillar, score)."""

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
from ckaibook.data.etl._names import country_code as to_iso3

SOURCE = Source(
    folder="indices",
    title="The Global AI Index (single edition; year inferred as 2021)",
    publisher="Tortoise Media (via Kaggle and GitHub copies)",
    url="https://www.tortoisemedia.com/intelligence/global-ai/",
    licence="Attribution required; reuse terms not stated",
    licence_url="https://www.tortoisemedia.com/intelligence/global-ai/",
)
# Pillar → Tortoise's sub-index group (from the copying repository's dataset description).
PILLARS = {
    "Talent": "Implementation",
    "Infrastructure": "Implementation",
    "Operating Environment": "Implementation",
    "Research": "Innovation",
    "Development": "Innovation",
    "Government Strategy": "Investment",
    "Commercial": "Investment",
    "Total score": "Total",
}


def build() -> pd.DataFrame:
    path = paths.raw_file("indices", "AI_index_db.csv")
    raw = read_csv(path)
    require_columns(raw, ["Country", *PILLARS], str(path))
    if raw["Country"].duplicated().any():
        raise RawDataError(f"{path}: a country appears twice (expected one edition)")
    raw["iso3"] = raw["Country"].map(to_iso3)
    long = raw.melt(id_vars=["iso3"], value_vars=list(PILLARS), var_name="pillar", value_name="score")
    long["group"] = long["pillar"].map(PILLARS)
    require_range(long["score"], 0, 100, "ai_index score")
    top = raw.loc[raw["Total score"].idxmax(), "iso3"]
    if raw["Total score"].max() != 100:
        raise RawDataError(f"{path}: total score not rescaled to 100 for the top country ({top})")
    require_iso3(long["iso3"], "ai_index")
    require_rows(long, "ai_index", ["CAN", "KOR", "USA", "CHN", "JPN"])
    return long[["iso3", "group", "pillar", "score"]].sort_values(["pillar", "iso3"]).reset_index(drop=True)


TABLES = [
    Table(
        name="ai_index",
        title="Global AI Index: pillar and total scores of 62 countries (one edition)",
        fields=(
            Field("iso3", "string", "ISO 3166 alpha-3 country code"),
            Field("group", "string", "sub-index: Implementation, Innovation, Investment, or Total"),
            Field("pillar", "string", "one of seven pillars, or Total score"),
            Field("score", "number", "score, best country = 100", unit="index points (0–100)"),
        ),
        primary_key=("pillar", "iso3"),
        source=SOURCE,
        build=build,
        vintage="single edition with no year in the file; its ranking order matches the edition Tortoise "
        "published in December 2021 (inferred, not stated)",
        caveat="Scores are relative (rescaled each edition) and cannot be compared across editions; the "
        "edition year is inferred; copied via Kaggle/GitHub, licence not stated.",
    ),
]
