"""Live checks for chapter 01 (state of co-operation): C20 (Korea a frontrunner in AI legislation;
context), C22 (Canada lags in ICT/compute infrastructure) and C23 (Korea excels in AI patents)."""

from __future__ import annotations

import math

import pandas as pd

from ckaibook.claims import verdicts
from ckaibook.core import formats as prose
from ckaibook.data import countries
from ckaibook.data.datapackage import DataError, load
from ckaibook.measures.infrastructure import infrastructure_comparisons, overall_gap

C22_RULE = (
    "Home ÷ partner on four per-person infrastructure measures in the latest year both have (TOP500 "
    "Rmax, existing GPU-cluster H100-equivalents, fixed broadband, secure servers), summarised by the "
    "geometric mean of the four ratios (gap sizes, not a count of wins): below 0.8 → supported; "
    "0.8 to 1 → partly-supported; 1 or more → contradicted"
)
LAG_SUPPORTED, LAG_PARTLY = 0.8, 1.0
C23_RULE = (
    "AI patent applications per million people, latest year (CSET): partner ranks in the world's top 3 "
    "and above home → supported; above home only → partly-supported; otherwise contradicted"
)


def lag_verdict(gap: float) -> str:
    """Verdict of 'home lags' from the overall size of the gap (geometric mean of home ÷ partner)."""
    if gap != gap:
        return "not testable"
    if gap < LAG_SUPPORTED:
        return "supported"
    return "partly-supported" if gap < LAG_PARTLY else "contradicted"


@verdicts.check("C22")
def c22(home: str = "CAN", partner: str = "KOR") -> verdicts.Verdict:
    measure = "home ÷ partner infrastructure per person, geometric mean of four measures"
    if home != "CAN":
        return verdicts.not_applicable("C22", "verdict", measure, "top500_country", C22_RULE, home, partner)
    try:
        comps = infrastructure_comparisons(home, partner)
    except (DataError, KeyError) as exc:
        return verdicts.Verdict(
            "C22", "verdict", measure, None, "", None, "top500_country", C22_RULE, "not testable", str(exc)
        )
    gap = overall_gap(comps)
    if gap != gap:  # no measure on which both countries have something: no size to give
        return verdicts.Verdict(
            "C22",
            "verdict",
            measure,
            None,
            "",
            None,
            "top500_country, gpu_capacity, wdi",
            C22_RULE,
            "not testable",
            f"no infrastructure measure gives both {countries.name(home)} and "
            f"{countries.name(partner)} a value above zero",
        )
    sizes = "; ".join(
        f"{c.measure} {prose.gap_multiple(c.ratio)}"
        if math.isfinite(c.ratio) and c.ratio > 0
        else f"{c.measure}: {countries.name(partner if c.partner <= 0 else home)} has none"
        for c in comps
    )
    possessive = countries.possessive(partner)
    figure = (
        f"{countries.name(home)} has {prose.gap_multiple(gap)} {possessive} level per person "
        f"overall (geometric mean); by measure, {countries.name(home)} ÷ {countries.name(partner)}: {sizes}"
    )
    return verdicts.Verdict(
        "C22",
        "verdict",
        measure,
        round(gap, 3),
        "× partner (geometric mean)",
        None,
        "top500_country, gpu_capacity, wdi",
        C22_RULE,
        lag_verdict(gap),
        figure,
    )


# Decimals of AI patent applications per million people: the chapter's scoreboard shows the same values.
PATENT_DECIMALS = 1


def patent_verdict(per_million: pd.Series, home: str, partner: str, top_n: int = 3) -> tuple[str, int]:
    """(verdict, partner's rank) from AI patent applications per million people indexed by iso3."""
    ranked = per_million.dropna().sort_values(ascending=False)
    if partner not in ranked.index or home not in ranked.index:
        return "not testable", 0
    rank = int(list(ranked.index).index(partner)) + 1
    if ranked[partner] <= ranked[home]:
        return "contradicted", rank
    return ("supported" if rank <= top_n else "partly-supported"), rank


def patents_per_million() -> tuple[pd.Series, int]:
    """AI patent applications per million people by country, in the latest year of the series."""
    pat = load("owid_ai_country")
    pat = pat[pat["measure"] == "ai_patent_applications"]
    year = int(pat["year"].max())
    pat = pat[pat["year"] == year].set_index("iso3")["value"]
    wdi = load("wdi")
    pop = wdi[(wdi["indicator"] == "sp.pop.totl") & (wdi["year"] == year)].set_index("iso3")["value"]
    return (pat / pop * 1e6).dropna(), year


@verdicts.check("C23")
def c23(home: str = "CAN", partner: str = "KOR") -> verdicts.Verdict:
    measure = "AI patent applications per million people"
    if partner != "KOR":
        return verdicts.not_applicable("C23", "verdict", measure, "owid_ai_country", C23_RULE, home, partner)
    per_million, year = patents_per_million()
    verdict, rank = patent_verdict(per_million, home, partner)
    if verdict == "not testable":
        return verdicts.Verdict(
            "C23",
            "verdict",
            measure,
            None,
            "",
            year,
            "owid_ai_country",
            C23_RULE,
            verdict,
            f"no AI patent series for {home} or {partner}",
        )
    figure = (
        f"{countries.name(partner)} {prose.number(per_million[partner], PATENT_DECIMALS)} per million people in "
        f"{year}, rank {rank} of {len(per_million)} countries; {countries.name(home)} "
        f"{prose.number(per_million[home], PATENT_DECIMALS)}"
    )
    return verdicts.Verdict(
        "C23",
        "verdict",
        measure,
        float(per_million[partner]),
        "applications per million people",
        year,
        "owid_ai_country",
        C23_RULE,
        verdict,
        figure,
    )


C20_RULE = (
    "AI-related bills passed into law since 2016 (AI Index via OWID, cumulative, one cross-section), the "
    "partner's rank among the economies counted (ties share the better rank): in the top 5 → the data point "
    "supported; in the top quarter → partly-supported; lower → contradicted. Context, not a verdict: a count "
    "of AI-related laws measures how much a country legislates on AI, not whether it passed a comprehensive "
    "framework act early, which is what the claim names"
)
FRONT_N, FRONT_SHARE = 5, 0.25


def bills_passed() -> tuple[pd.Series, int]:
    """Cumulative AI-related bills passed into law, by iso3 (largest first), and the series' year label."""
    df = load("owid_ai_country")
    df = df[df["measure"] == "ai_bills_passed"]
    if df.empty:
        raise DataError("owid_ai_country has no ai_bills_passed rows; rebuild data/ with `ckaibook data`")
    year = int(df["year"].max())
    counts = df[df["year"] == year].set_index("iso3")["value"].astype(float)
    return counts.sort_values(ascending=False, kind="stable"), year


def bills_rank(counts: pd.Series, iso3: str) -> int:
    """Competition rank of ``iso3`` by count (1 = most; ties share the better rank)."""
    return int((counts > counts[iso3]).sum()) + 1


def frontrunner_verdict(counts: pd.Series, iso3: str) -> str:
    """Verdict word for 'a frontrunner' from ``iso3``'s rank among the counted economies."""
    if iso3 not in counts.index:
        return "not testable"
    rank = bills_rank(counts, iso3)
    if rank <= FRONT_N:
        return "supported"
    return "partly-supported" if rank <= FRONT_SHARE * len(counts) else "contradicted"


@verdicts.check("C20")
def c20(home: str = "CAN", partner: str = "KOR") -> verdicts.Verdict:
    measure = "AI-related bills passed into law since 2016 (cumulative), rank among economies"
    if partner != "KOR":
        return verdicts.not_applicable("C20", "context", measure, "owid_ai_country", C20_RULE, home, partner)
    counts, year = bills_passed()
    verdict = frontrunner_verdict(counts, partner)
    if verdict == "not testable":
        return verdicts.Verdict(
            "C20",
            "context",
            measure,
            None,
            "",
            year,
            "owid_ai_country",
            C20_RULE,
            verdict,
            f"the AI Index count does not cover {countries.name(partner)}",
        )
    home_part = (
        f"; {countries.name(home)} {prose.number(counts[home], 0)} (rank {bills_rank(counts, home)})"
        if home in counts.index
        else f"; {countries.name(home)} is not counted"
    )
    figure = (
        f"{countries.name(partner)} passed {prose.number(counts[partner], 0)} AI-related bills into law since "
        f"2016, rank {bills_rank(counts, partner)} of {len(counts)} economies counted{home_part}"
    )
    return verdicts.Verdict(
        "C20",
        "context",
        measure,
        float(counts[partner]),
        "bills passed (cumulative)",
        year,
        "owid_ai_country",
        C20_RULE,
        verdict,
        figure,
    )
