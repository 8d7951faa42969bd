"""Curated: the pillars of each national AI strategy, as the note lists them and (where the claims
ledger found a different official list) as the government does → ``strategy_pillars``."""

from __future__ import annotations

import pandas as pd

from ckaibook.data import paths
from ckaibook.data.schema import Field, Table
from ckaibook.data.etl._checks import RawDataError, read_csv, require_columns
from ckaibook.data.etl.claims import LEDGER_SOURCE, check_cites, read_ledger

COLUMNS = ("country", "version", "pillar", "text", "claim_id", "source_url")


def check_pillars(df: pd.DataFrame, ledger: pd.DataFrame) -> None:
    """Every row cites a ledger claim and that claim's source URL; versions are note/official; pillars 1..n."""
    require_columns(df, COLUMNS, "curated/strategy_pillars.csv")
    if not df["version"].isin(["note", "official"]).all():
        raise RawDataError("curated/strategy_pillars.csv: version must be 'note' or 'official'")
    check_cites(df, ledger, "curated/strategy_pillars.csv", url_is_ledgers=True)
    for (country, version), group in df.groupby(["country", "version"]):
        if sorted(group["pillar"].astype(int)) != list(range(1, len(group) + 1)):
            raise RawDataError(f"curated/strategy_pillars.csv: {country}/{version} pillars not numbered 1..n")


def build_pillars() -> pd.DataFrame:
    df = read_csv(paths.CURATED / "strategy_pillars.csv", dtype=str, keep_default_na=False)
    check_pillars(df, read_ledger())
    return df


TABLES = [
    Table(
        name="strategy_pillars",
        title="Pillars of the Canadian and Korean AI strategies: the note's list and the official one",
        fields=(
            Field("country", "string", "ISO3 code of the country whose strategy it is"),
            Field(
                "version",
                "string",
                "note (as the note lists it) or official (as the government's source "
                "lists it, only where the claims ledger found a different list)",
            ),
            Field("pillar", "integer", "pillar number in that list"),
            Field("text", "string", "the pillar, paraphrased"),
            Field("claim_id", "string", "claims-ledger row that checks the list"),
            Field("source_url", "string", "page the claims ledger read for that row"),
        ),
        primary_key=("country", "version", "pillar"),
        source=LEDGER_SOURCE,
        build=build_pillars,
        vintage="curated 2026-11-26 from the claims ledger (rows C12, C18)",
        caveat="Paraphrased; the official Korean list is MSIT's four flagship projects of Sept 2024.",
        curated=True,
    ),
]
