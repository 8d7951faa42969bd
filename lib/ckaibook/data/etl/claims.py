"""The researched claims ledger, and the curated tables that cite it (e.g. the timeline)."""

from __future__ import annotations

import pandas as pd

from ckaibook.data import paths
from ckaibook.data.schema import Field, Source, Table
from ckaibook.data.urls import web_url
from ckaibook.data.etl._checks import RawDataError, read_csv, require_columns

VERDICTS = ("supported", "partly-supported", "contradicted", "unverified")
LEDGER_SOURCE = Source(
    folder="../claims",
    title="Claims ledger of the note 'Canada–South Korea Co-operation on Artificial Intelligence'",
    publisher="Project research (each row cites its own public source)",
    url="https://www.asiapacific.ca/",
    licence="CC-BY-4.0 (ledger); each cited page under its publisher's terms",
    licence_url="https://creativecommons.org/licenses/by/4.0/",
    files=("claims_ledger.csv",),
)
LEDGER_COLUMNS = (
    "claim_id",
    "note_section",
    "claim",
    "value",
    "unit",
    "currency",
    "year",
    "verdict",
    "evidence",
    "source_title",
    "source_publisher",
    "source_url",
    "source_date",
    "data_testable",
    "notes",
)


def ledger_path():
    """The ledger sits beside the raw mirror: ``<raw>/../claims/claims_ledger.csv``."""
    path = paths.raw_root().parent / "claims" / "claims_ledger.csv"
    if not path.is_file():
        raise paths.MissingRawMirror(f"claims ledger missing: {path}")
    return path


def check_ledger(df: pd.DataFrame) -> None:
    """Ids unique and well formed, verdicts in the scale, an http(s) URL unless unverified."""
    require_columns(df, LEDGER_COLUMNS, "claims ledger")
    if df["claim_id"].duplicated().any():
        raise RawDataError(f"claims ledger: duplicate ids {df.loc[df['claim_id'].duplicated(), 'claim_id'].tolist()}")
    if not df["claim_id"].str.fullmatch(r"C\d{2}").all():
        raise RawDataError("claims ledger: ids must look like C01")
    bad = sorted(set(df["verdict"]) - set(VERDICTS))
    if bad:
        raise RawDataError(f"claims ledger: verdicts {bad} not in {VERDICTS}")
    no_url = df[(df["verdict"] != "unverified") & df["source_url"].fillna("").eq("")]
    if not no_url.empty:
        raise RawDataError(f"claims ledger: no source_url for {no_url['claim_id'].tolist()}")
    not_web = df[df["source_url"].fillna("").ne("") & ~df["source_url"].fillna("").map(web_url).notna()]
    if not not_web.empty:
        raise RawDataError(f"claims ledger: source_url is not an http(s) address for {not_web['claim_id'].tolist()}")
    if not df["data_testable"].isin(["yes", "no"]).all():
        raise RawDataError("claims ledger: data_testable must be yes or no")


def superseded_urls(ledger: pd.DataFrame) -> dict[str, str]:
    """URLs the ledger's revisions retired ("Earlier secondary source: <url>" in ``notes``), by claim id."""
    found = ledger["notes"].str.extract(r"Earlier secondary source:\s*(\S+)", expand=False)
    return {url: cid for cid, url in zip(ledger["claim_id"], found, strict=False) if isinstance(url, str)}


def check_cites(df: pd.DataFrame, ledger: pd.DataFrame, where: str, *, url_is_ledgers: bool) -> None:
    """A curated table's rows cite ledger claims that exist, and never a source the ledger has retired.

    With ``url_is_ledgers`` the row's ``source_url`` must be the cited claim's current ledger URL
    (the row restates what the ledger read); otherwise the row may cite its own official page, but
    not one the ledger replaced in a revision.
    """
    cited = df[df["claim_id"] != ""]
    urls = ledger.set_index("claim_id")["source_url"]
    unknown = sorted(set(cited["claim_id"]) - set(urls.index))
    if unknown:
        raise RawDataError(f"{where} cites claim ids the ledger lacks: {unknown}")
    if "source_url" not in df.columns:
        return
    if url_is_ledgers:
        wrong = cited[cited["source_url"] != cited["claim_id"].map(urls)]
        if not wrong.empty:
            raise RawDataError(
                f"{where}: source_url differs from the ledger's for " f"{wrong['claim_id'].unique().tolist()}"
            )
    retired = superseded_urls(ledger)
    stale = cited[cited["source_url"].isin(retired)]
    if not stale.empty:
        raise RawDataError(
            f"{where}: cites a source the ledger has replaced for "
            f"{stale['claim_id'].unique().tolist()}; use the ledger's current source_url"
        )


def read_ledger() -> pd.DataFrame:
    """The ledger as strings, checked."""
    df = read_csv(ledger_path(), dtype=str, keep_default_na=False)
    check_ledger(df)
    return df


def build_claims() -> pd.DataFrame:
    df = read_ledger()
    return df[list(LEDGER_COLUMNS)].sort_values("claim_id").reset_index(drop=True)


def build_timeline() -> pd.DataFrame:
    """The hand-curated timeline; every row must cite a claim the ledger has."""
    df = read_csv(paths.CURATED / "timeline.csv", dtype=str, keep_default_na=False)
    require_columns(df, ["key", "date", "date_precision", "event", "country", "claim_id"], "curated/timeline.csv")
    check_cites(df, read_ledger(), "curated/timeline.csv", url_is_ledgers=True)
    pd.to_datetime(df["date"], format="%Y-%m-%d")  # raises on a malformed date
    return df


_text = "string"
TABLES = [
    Table(
        name="claims",
        title="Claims ledger: the note's checkable claims with verdicts and sources",
        fields=tuple(Field(c, _text, c.replace("_", " ")) for c in LEDGER_COLUMNS),
        primary_key=("claim_id",),
        source=LEDGER_SOURCE,
        build=build_claims,
        vintage="ledger compiled from stored web pages; judged as of the note's date, 2025-07-09",
        caveat="Verdicts are researched, not computed; see chapter 05 for the live checks.",
    ),
    Table(
        name="timeline",
        title="Milestones of the Canada–Korea relationship named in the note",
        fields=(
            Field("key", "string", "stable identifier of the milestone"),
            Field("date", "date", "date of the event (ISO 8601)"),
            Field("date_precision", "string", "day or year: how precise the date is"),
            Field("event", "string", "what happened (our wording)"),
            Field("country", "string", "CAN, KOR or CAN-KOR for joint events"),
            Field("claim_id", "string", "the claims-ledger row whose source dates the event"),
        ),
        primary_key=("key",),
        source=LEDGER_SOURCE,
        build=build_timeline,
        vintage="curated 2026-11-26 from the claims ledger",
        caveat="Dates as the ledger's sources give them; precision column says when only the year is known.",
        curated=True,
    ),
]
