"""Live checks for chapter 01 (state of co-operation): C22 (Canada lags in ICT/compute
infrastructure) and C23 (Korea excels in AI patents)."""
from __future__ import annotations

from typing import Sequence

import pandas as pd

from ckaibook.data import countries
from ckaibook.present import prose
from ckaibook.claims import verdicts
from ckaibook.data.datapackage import DataError, load

C22_RULE = ("Home vs partner on four per-person infrastructure measures (TOP500 Rmax, existing GPU-cluster "
            "H100-equivalents, fixed broadband, secure servers): home behind on at least 3 → supported; "
            "on 2 → partly-supported; on fewer → contradicted")
C23_RULE = ("AI patent applications per million people, latest year (CSET): partner ranks in the world's top 3 "
            "and above home → supported; above home only → partly-supported; otherwise contradicted")


def lag_verdict(behind: Sequence[bool]) -> str:
    """Verdict of 'home lags': how many measures the home country is behind on."""
    n = sum(bool(b) for b in behind)
    if not behind:
        return "not testable"
    if n >= 3 or (len(behind) < 4 and n == len(behind)):
        return "supported"
    return "partly-supported" if n == 2 else "contradicted"


@verdicts.check("C22")
def c22(home: str = "CAN", partner: str = "KOR") -> verdicts.Verdict:
    measure = "infrastructure measures on which home is behind partner (per person)"
    if home != "CAN":
        return verdicts.not_applicable("C22", measure, "top500", C22_RULE, home, partner)
    from ckaibook.chapters.state_of_cooperation import infrastructure_comparisons

    try:
        comps = infrastructure_comparisons(home, partner)
    except (DataError, KeyError) as exc:
        return verdicts.Verdict("C22", measure, None, "", None, "top500", C22_RULE, "not testable", str(exc))
    behind = [c.home < c.partner for c in comps]
    names = [c.measure for c, b in zip(comps, behind) if b]
    ahead = [c.measure for c, b in zip(comps, behind) if not b]
    figure = (f"{countries.name(home)} is behind {countries.name(partner)} on {sum(behind)} of {len(comps)} "
              f"measures ({', '.join(names) or 'none'})" + (f"; ahead on {', '.join(ahead)}" if ahead else ""))
    return verdicts.Verdict("C22", measure, float(sum(behind)), f"of {len(comps)} measures", None,
                            "top500, epoch_gpu_clusters, wdi", C22_RULE, lag_verdict(behind), figure)


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
        return verdicts.not_applicable("C23", measure, "owid_ai_country", C23_RULE, home, partner)
    per_million, year = patents_per_million()
    verdict, rank = patent_verdict(per_million, home, partner)
    if verdict == "not testable":
        return verdicts.Verdict("C23", measure, None, "", year, "owid_ai_country", C23_RULE, verdict,
                                f"no AI patent series for {home} or {partner}")
    figure = (f"{countries.name(partner)} {prose.number(per_million[partner], 0)} per million people in {year}, "
              f"rank {rank} of {len(per_million)} countries; {countries.name(home)} "
              f"{prose.number(per_million[home], 0)}")
    return verdicts.Verdict("C23", measure, float(per_million[partner]), "applications per million people", year,
                            "owid_ai_country", C23_RULE, verdict, figure)
