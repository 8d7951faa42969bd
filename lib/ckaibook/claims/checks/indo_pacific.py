"""Live checks for chapter 03 (Indo-Pacific): the premise of C49, DeepSeek's resource-efficient rise."""
from __future__ import annotations

import pandas as pd

from ckaibook.claims.verdicts import Verdict, check, not_applicable
from ckaibook.core import formats as prose
from ckaibook.measures import models as epoch

# C49 is context: the data reach only the premise (resource efficiency), not Seoul's conviction.
C49_RULE = ("Context, not a test (premise only): training compute of DeepSeek's most compute-intensive model published by the note's date, as a share "
            "of the median of Epoch's frontier models (top-10 compute at release) published in the 12 months before "
            "it: below 100% → partly-supported (the resource-efficiency premise holds; Seoul's conviction is in no "
            "dataset), 100% or more → contradicted; no frontier peer with known compute → not testable")


def c49_from(models: pd.DataFrame) -> Verdict:
    """Pure rule on Epoch model rows (``model, organization, publication_date, training_compute_flop, frontier,
    large_scale``)."""
    try:
        test = epoch.compute_test(models)
    except KeyError:
        return Verdict("C49", "context", "DeepSeek flagship compute ÷ frontier median", None, "%", None, "epoch_models",
                       C49_RULE, "not testable", "no DeepSeek model with training compute in the data")
    flag = test.flagship
    year = int(str(flag["publication_date"])[:4])
    verdict = efficiency_verdict(test.ratio)
    if verdict == "not testable":
        return Verdict("C49", "context", "DeepSeek flagship compute ÷ frontier median", None, "%", year, "epoch_models",
                       C49_RULE, verdict, "no frontier model with known compute in the 12 months before it")
    figure = (f"{flag['model']} ({flag['publication_date']}) used {prose.percent(test.ratio)} of the median "
              f"training compute of the {len(test.peers)} frontier models of the previous 12 months")
    return Verdict("C49", "context", "DeepSeek flagship training compute as a share of the frontier median",
                   round(test.ratio * 100, 1), "%", year, "epoch_models", C49_RULE, verdict, figure)


@check("C49")
def c49(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """DeepSeek's rise convinced Seoul that resource-efficient AI is possible: tests the resource premise."""
    if "KOR" not in (home, partner):
        return not_applicable("C49", "context", "DeepSeek flagship training compute as a share of the frontier median",
                              "epoch_models", C49_RULE, home, partner)
    return c49_from(epoch.models())


def efficiency_verdict(ratio: float) -> str:
    """Rule for C49's premise: the flagship used less compute than the frontier median → the premise holds,
    scored partly-supported (Seoul's conviction is in no dataset); at or above the median → contradicted;
    no peers (ratio missing) → not testable."""
    if ratio != ratio:
        return "not testable"
    return "contradicted" if ratio >= 1 else "partly-supported"
