"""The claims ledger, read one way: a claim's row, its number, and money on one stated rule.

Money rule (the whole book): an amount is converted at the average exchange rate of the year it was
*announced*, i.e. the year of the ledger source's date (``source_date``), falling back to the ledger's
``year`` only when the source is undated. A target year (C40: to 2027, announced 2024) is never the
rate year.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pandas as pd

from ckaibook.data.datapackage import load

SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
LEDGER_PAGE = "05-claims-ledger.html"
VERDICT_ORDER = ["supported", "partly-supported", "contradicted", "unverified"]
"""The ledger's verdict scale, strongest first: every list or count of researched verdicts follows it."""


def claim(claim_id: str) -> pd.Series:
    """One row of the claims ledger, by id (raises KeyError naming an unknown id)."""
    ledger = load("claims").set_index("claim_id")
    if claim_id not in ledger.index:
        raise KeyError(f"claim {claim_id} is not in the claims ledger")
    return ledger.loc[claim_id]


def rows(claim_ids: Sequence[str]) -> pd.DataFrame:
    """Several ledger rows, in the order given, with ``claim_id`` as a column."""
    ledger = load("claims").set_index("claim_id")
    missing = [c for c in claim_ids if c not in ledger.index]
    if missing:
        raise KeyError(f"claims {missing} are not in the claims ledger")
    return ledger.loc[list(claim_ids)].reset_index()


def number(claim_id: str) -> float:
    """The ledger's ``value`` for a claim, in the ledger's own unit (raises if there is none)."""
    value = claim(claim_id)["value"]
    if pd.isna(value) or str(value) == "":
        raise ValueError(f"claim {claim_id} has no numeric value in the ledger")
    return float(value)


def announced(claim_id: str) -> int:
    """The year the claim's figure was announced: the source's date, else the ledger's year."""
    row = claim(claim_id)
    date = str(row["source_date"]) if not pd.isna(row["source_date"]) else ""
    if date[:4].isdigit():
        return int(date[:4])
    return int(float(row["year"]))


@dataclass(frozen=True)
class Amount:
    """A money claim: the amount in currency units, its currency and the rate year (announcement)."""

    claim_id: str
    value: float
    currency: str
    year: int


def amount(claim_id: str) -> Amount:
    """A money claim as value × unit scale, in its currency, with the announcement year for rates."""
    row = claim(claim_id)
    if pd.isna(row["currency"]) or str(row["currency"]) == "" or row["unit"] not in SCALES:
        raise ValueError(f"claim {claim_id} is not a money amount (unit {row['unit']!r})")
    return Amount(claim_id, number(claim_id) * SCALES[row["unit"]], str(row["currency"]), announced(claim_id))


def link(claim_id: str) -> str:
    """HTML link to the claim's row on the claims-ledger page."""
    return f'<a href="{LEDGER_PAGE}#claim-{claim_id}">{claim_id}</a>'
