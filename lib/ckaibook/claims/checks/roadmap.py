"""Live checks for chapter 04 (roadmap): Korea's fossil share (C59) and DEPA membership (C60)."""

from __future__ import annotations

import pandas as pd

from ckaibook.claims.verdicts import Verdict, check, not_applicable
from ckaibook.core import formats as prose
from ckaibook.measures import power

C59_RULE = (
    "Share of Korea's generation from coal, gas and oil in the latest year up to 2024: "
    "≥50% supported, ≥30% partly supported, "
    "below that contradicted"
)
C59_LAST_YEAR = 2024  # the last full year before the note (July 2025); OWID's 2025 values are preliminary
C59_MEASURE = "fossil share of electricity generation (coal + gas + oil)"
C59_TABLE = "generation_mix"  # the derived table the share is read from (built from owid_energy)


def c59_from(shares: pd.DataFrame) -> Verdict:
    """Pure rule on a frame of Korea's fossil shares (``iso3, year, value`` in %)."""
    rows = shares[(shares["iso3"] == "KOR") & (shares["year"] <= C59_LAST_YEAR)].dropna(subset=["value"])
    if rows.empty:
        return Verdict(
            "C59",
            "verdict",
            C59_MEASURE,
            None,
            "%",
            None,
            C59_TABLE,
            C59_RULE,
            "not testable",
            "no generation-by-source data for Korea",
        )
    last = rows.sort_values("year").iloc[-1]
    value, year = float(last["value"]), int(last["year"])
    return Verdict(
        "C59",
        "verdict",
        C59_MEASURE,
        round(value, 1),
        "%",
        year,
        C59_TABLE,
        C59_RULE,
        fossil_verdict(value),
        f"{prose.number(value, 1, '%')} of Korea's generation in {year}",
    )


@check("C59")
def c59(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """South Korea's electricity is still heavily fossil-based: the fossil share of its generation."""
    if "KOR" not in (home, partner):
        return not_applicable("C59", "verdict", C59_MEASURE, C59_TABLE, C59_RULE, home, partner)
    return c59_from(power.fossil_share(["KOR"]))


# C60 is context: the curated membership rows cite the ledger's own source for DEPA, so agreement with the
# ledger would be circular; shown for the record, not counted.
C60_RULE = (
    "Context (circular: the curated DEPA rows cite the ledger's own source): DEPA status of each of Canada and Korea "
    "in the curated table: both member or signatory → supported, else contradicted"
)


def c60_from(agreements: pd.DataFrame) -> Verdict:
    """Pure rule on the curated agreements frame (``agreement, iso3, status, year``)."""
    depa = agreements[agreements["agreement"] == "DEPA"].set_index("iso3")
    status = {iso: (depa.loc[iso, "status"] if iso in depa.index else None) for iso in ("CAN", "KOR")}
    years = {iso: (int(depa.loc[iso, "year"]) if iso in depa.index else None) for iso in ("CAN", "KOR")}
    members = sum(s in ("member", "signatory") for s in status.values())

    def words(iso: str, name: str) -> str:
        s = status[iso]
        return f"{name}: not a party" if s is None else f"{name}: {s} ({years[iso]})"

    return Verdict(
        "C60",
        "context",
        "number of the pair that are DEPA members or signatories",
        float(members),
        "of 2",
        max(y for y in years.values() if y is not None) if any(years.values()) else None,
        "agreements",
        C60_RULE,
        depa_verdict(status["CAN"], status["KOR"]),
        f"{words('KOR', 'Korea')}; {words('CAN', 'Canada')}",
    )


@check("C60")
def c60(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """Canada and Korea are both DEPA signatories: their status in the curated membership table."""
    if {home, partner} != {"CAN", "KOR"}:
        return not_applicable("C60", "context", "DEPA status of the pair", "agreements", C60_RULE, home, partner)
    from ckaibook.data.datapackage import load

    return c60_from(load("agreements"))


C58_RULE = (
    "The claim is about products (beef, canola, automobiles); the trade table holds bilateral totals only, "
    "so only the size of trade a decade before the note (2013, as Canada reports it) can be shown → "
    "not testable"
)


@check("C58")
def c58(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """A decade ago Canada–Korea trade centred on beef, canola and automobiles."""
    from ckaibook.measures import series as measures

    measure = "Canada–Korea goods trade in 2013 (exports + imports, as Canada reports it)"
    if {home, partner} != {"CAN", "KOR"}:
        return not_applicable("C58", "verdict", measure, "trade", C58_RULE, home, partner)
    total = measures.trade_total(measures.bilateral_trade("CAN", "KOR"), "CAN", 2013)
    return Verdict(
        "C58",
        "verdict",
        measure,
        round(total, 1),
        "US$ million",
        2013,
        "trade",
        C58_RULE,
        "not testable",
        f"{prose.money(total * 1e6, 'USD')} of goods trade in 2013, with no product breakdown in the data",
    )


FOSSIL_RULE_SUPPORTED = 50.0  # % of generation from coal, gas and oil at or above which "heavily fossil" holds
FOSSIL_RULE_PARTLY = 30.0


def fossil_verdict(share_pct: float) -> str:
    """The rule for 'still heavily fossil fuel-based': ≥50% supported, ≥30% partly, else contradicted."""
    if share_pct >= FOSSIL_RULE_SUPPORTED:
        return "supported"
    if share_pct >= FOSSIL_RULE_PARTLY:
        return "partly-supported"
    return "contradicted"


def depa_verdict(home_status: str | None, partner_status: str | None) -> str:
    """Rule for 'both are DEPA signatories': both member or signatory → supported; one → contradicted;
    neither → contradicted."""
    ok = {"member", "signatory"}
    return "supported" if home_status in ok and partner_status in ok else "contradicted"
