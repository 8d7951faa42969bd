"""Curated membership of trade agreements and forums → ``agreements`` (one row per agreement × economy).

Hand-typed in ``data/curated/agreements.csv``: every row names an official page (or the page the
claims ledger cites) and, where the ledger covers it, a claim id. Members of APEC, the OECD and the
G7 must match the curated groups in :mod:`ckaibook.countries`, so the two lists cannot drift apart.
"""

from __future__ import annotations

import pandas as pd

from ckaibook.data import countries, paths
from ckaibook.data.schema import Field, Source, Table
from ckaibook.data.etl._checks import RawDataError, read_csv, require_columns, require_iso3

AGREEMENTS = {
    "CKFTA": "Canada–Korea Free Trade Agreement",
    "CPTPP": "Comprehensive and Progressive Agreement for Trans-Pacific Partnership",
    "DEPA": "Digital Economy Partnership Agreement",
    "RCEP": "Regional Comprehensive Economic Partnership",
    "APEC": "Asia-Pacific Economic Cooperation (forum)",
    "OECD": "Organisation for Economic Co-operation and Development",
    "G7": "Group of Seven",
}
STATUSES = ("member", "signatory", "negotiating", "applied")
COLUMNS = ("agreement", "iso3", "status", "year", "source_url", "claim_id", "note")
SOURCE = Source(
    folder="",
    title="Agreement and forum membership, curated from official pages (URL per row)",
    publisher="Project curation",
    url="https://www.apec.org/about-us/about-apec/member-economies",
    licence="CC-BY-4.0 (curation); facts from each cited page",
    licence_url="https://creativecommons.org/licenses/by/4.0/",
)


def check_agreements(df: pd.DataFrame, ledger: pd.DataFrame | None = None) -> None:
    """Raise on an unknown agreement, status or code, a missing URL, a bad year or a drift from countries.GROUPS."""
    where = "curated/agreements.csv"
    require_columns(df, COLUMNS, where)
    bad = sorted(set(df["agreement"]) - set(AGREEMENTS))
    if bad:
        raise RawDataError(f"{where}: unknown agreement(s) {bad}; known {list(AGREEMENTS)}")
    bad = sorted(set(df["status"]) - set(STATUSES))
    if bad:
        raise RawDataError(f"{where}: unknown status(es) {bad}; allowed {STATUSES}")
    require_iso3(df["iso3"], where)
    if not df["source_url"].str.startswith("http").all():
        raise RawDataError(
            f"{where}: every row needs a source URL; missing for "
            f"{df.loc[~df['source_url'].str.startswith('http'), ['agreement', 'iso3']].values.tolist()}"
        )
    years = pd.to_numeric(df["year"], errors="coerce")
    if years.isna().any() or not years.between(1945, 2025).all():
        raise RawDataError(f"{where}: years must be whole years 1945–2025")
    if df.duplicated(["agreement", "iso3"]).any():
        raise RawDataError(f"{where}: duplicate agreement × economy rows")
    for group in ("APEC", "OECD", "G7"):
        listed = set(df.loc[(df["agreement"] == group) & (df["status"] == "member"), "iso3"])
        if listed != set(countries.members(group)):
            raise RawDataError(
                f"{where}: {group} members differ from countries.GROUPS "
                f"(extra {sorted(listed - set(countries.members(group)))}, "
                f"missing {sorted(set(countries.members(group)) - listed)})"
            )
    if ledger is not None:
        from ckaibook.data.etl.claims import check_cites

        # Rows may cite an official page of their own, but never a source the ledger has retired.
        check_cites(df, ledger, where, url_is_ledgers=False)


def build_agreements() -> pd.DataFrame:
    df = read_csv(paths.CURATED / "agreements.csv", dtype=str, keep_default_na=False)
    try:
        from ckaibook.data.etl.claims import read_ledger

        ledger = read_ledger()
    except paths.MissingRawMirror:
        ledger = None
    check_agreements(df, ledger)
    return df


TABLES = [
    Table(
        name="agreements",
        title="Membership of CKFTA, CPTPP, DEPA, RCEP, APEC, OECD and G7, by economy",
        fields=(
            Field("agreement", "string", "short name: CKFTA, CPTPP, DEPA, RCEP, APEC, OECD or G7"),
            Field("iso3", "string", "ISO3 code of the economy"),
            Field(
                "status",
                "string",
                "member (in force), signatory (signed, not in force), negotiating "
                "(accession talks under way) or applied (formal application only)",
            ),
            Field(
                "year",
                "integer",
                "year of entry into force or joining (member), signature (signatory) "
                "or application (negotiating, applied)",
            ),
            Field("source_url", "string", "official page (or the claims ledger's source) for the row"),
            Field("claim_id", "string", "claims-ledger row that covers the fact, if any"),
            Field("note", "string", "dates and caveats in words"),
        ),
        primary_key=("agreement", "iso3"),
        source=SOURCE,
        build=build_agreements,
        vintage="curated 2026-11-26; status as of the note's date, July 2025 (UK's CPTPP entry Dec 2024 included)",
        caveat="Applications and accession talks are curated for the focus economies (CAN, KOR, USA, CHN, JPN) only; "
        "for other economies only membership is listed.",
        curated=True,
    ),
]
