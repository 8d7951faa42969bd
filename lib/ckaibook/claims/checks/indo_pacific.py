"""Live checks for chapter 03 (Indo-Pacific): the premise of C49, DeepSeek's resource-efficient rise."""

from __future__ import annotations

import pandas as pd

from ckaibook.claims.verdicts import Verdict, check, not_applicable
from ckaibook.core import formats as prose
from ckaibook.measures import models as epoch

# C49 is context: the data reach only the premise (resource efficiency), not Seoul's conviction.
C49_RULE = (
    "Context, not a test (premise only): training compute of DeepSeek's most compute-intensive model "
    "published by the note's date, as a share "
    "of the median of Epoch's frontier models (top-10 compute at release) published in the 12 months before "
    "it: below 100% → partly-supported (the resource-efficiency premise holds; Seoul's conviction is in no "
    "dataset), 100% or more → contradicted; no frontier peer with known compute → not testable"
)


def c49_from(models: pd.DataFrame) -> Verdict:
    """Pure rule on Epoch model rows (``model, organization, publication_date, training_compute_flop, frontier,
    large_scale``)."""
    try:
        test = epoch.compute_test(models)
    except KeyError:
        return Verdict(
            "C49",
            "context",
            "DeepSeek flagship compute ÷ frontier median",
            None,
            "%",
            None,
            "epoch_models",
            C49_RULE,
            "not testable",
            "no DeepSeek model with training compute in the data",
        )
    flag = test.flagship
    year = int(str(flag["publication_date"])[:4])
    verdict = efficiency_verdict(test.ratio)
    if verdict == "not testable":
        return Verdict(
            "C49",
            "context",
            "DeepSeek flagship compute ÷ frontier median",
            None,
            "%",
            year,
            "epoch_models",
            C49_RULE,
            verdict,
            "no frontier model with known compute in the 12 months before it",
        )
    figure = (
        f"{flag['model']} ({flag['publication_date']}) used {prose.percent(test.ratio)} of the median "
        f"training compute of the {len(test.peers)} frontier models of the previous 12 months"
    )
    return Verdict(
        "C49",
        "context",
        "DeepSeek flagship training compute as a share of the frontier median",
        round(test.ratio * 100, 1),
        "%",
        year,
        "epoch_models",
        C49_RULE,
        verdict,
        figure,
    )


@check("C49")
def c49(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """DeepSeek's rise convinced Seoul that resource-efficient AI is possible: tests the resource premise."""
    if "KOR" not in (home, partner):
        return not_applicable(
            "C49",
            "context",
            "DeepSeek flagship training compute as a share of the frontier median",
            "epoch_models",
            C49_RULE,
            home,
            partner,
        )
    return c49_from(epoch.models())


def efficiency_verdict(ratio: float) -> str:
    """Rule for C49's premise: the flagship used less compute than the frontier median → the premise holds,
    scored partly-supported (Seoul's conviction is in no dataset); at or above the median → contradicted;
    no peers (ratio missing) → not testable."""
    if ratio != ratio:
        return "not testable"
    return "contradicted" if ratio >= 1 else "partly-supported"


# The note's section 3 premise, "vulnerable to overdependence on both the U.S. and China", has no row in
# the claims ledger, so this rule is not registered as a live check (no claim id is invented); chapter 03
# shows it as evidence. Goods exports are a proxy for dependence on AI technology: context, not a test.
SUPERPOWERS = ("USA", "CHN")
DEPENDENCE_THRESHOLD = 10.0  # % of goods exports: a destination this large is a dependence worth the name
DEPENDENCE_RULE = (
    "Context, not a test (premise only; the claims ledger has no row for it): share of each country's goods "
    "exports (FOB, as it reports them; a ratio of nominal US$ of the same year) going to the United States "
    f"and to China, in the latest year both countries report; a country is exposed to both when each share is "
    f"at least {DEPENDENCE_THRESHOLD:.0f}%: both countries exposed to both → supported; one → partly-supported; "
    "neither → contradicted; a country absent from the trade mirror → not testable; a pair that includes the "
    "US or China → not applicable (the premise is about middle powers)"
)
DEPENDENCE_MEASURE = "smallest of the pair's goods-export shares to the US and to China"


def dependence_premise(shares: pd.DataFrame, home: str, partner: str, year: int | None) -> Verdict:
    """Pure rule on export shares (``iso3, destination, year, share``, see
    :func:`ckaibook.measures.export_shares.export_shares`) for the pair in ``year`` (the latest both have)."""
    from ckaibook.data.countries import in_sentence as name  # mid-sentence: "the Philippines", "the United States"

    def verdict(value: str, v: float | None, y: int | None, figure: str) -> Verdict:
        return Verdict(
            "", "context", DEPENDENCE_MEASURE, v, "% of goods exports", y, "trade", DEPENDENCE_RULE, value, figure
        )

    supers = [c for c in (home, partner) if c in SUPERPOWERS]
    if supers:
        return verdict(
            "not applicable",
            None,
            None,
            f"{' and '.join(name(c) for c in supers)} "
            f"{'are the two superpowers' if len(supers) == 2 else 'is one of the two superpowers'}; the premise "
            "is about middle powers exposed to both",
        )
    absent = [c for c in (home, partner) if c not in set(shares["iso3"])]
    if absent or year is None:
        return verdict(
            "not testable",
            None,
            None,
            f"the trade mirror has no export reports for "
            f"{' or '.join(name(c) for c in absent) or 'a common year of the pair'}",
        )
    at = shares[shares["year"] == year].set_index(["iso3", "destination"])["share"]
    parts, exposed = [], 0
    for c in (home, partner):
        us, cn = float(at.get((c, "USA"), float("nan"))), float(at.get((c, "CHN"), float("nan")))
        exposed += int(us >= DEPENDENCE_THRESHOLD and cn >= DEPENDENCE_THRESHOLD)
        parts.append(
            f"{name(c)} sent {prose.percent(us / 100, 1)} of its goods exports to the US and "
            f"{prose.percent(cn / 100, 1)} to China"
        )
    value = {2: "supported", 1: "partly-supported", 0: "contradicted"}[exposed]
    smallest = min(float(at.get((c, d), float("nan"))) for c in (home, partner) for d in SUPERPOWERS)
    return verdict(
        value,
        round(smallest, 1),
        year,
        f"in {year}, "
        + "; ".join(parts)
        + f" ({exposed} of the 2 exposed to both at the {DEPENDENCE_THRESHOLD:.0f}% mark)",
    )
