"""ICT and compute infrastructure, per person, home against partner: the measures behind C22.

Like for like: each measure is compared in the latest year (or TOP500 list) both countries have, per
person (population of the same year), and each comparison carries the size of its gap
(home ÷ partner), not only who is ahead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from ckaibook.measures import compute
from ckaibook.measures import series as measures


@dataclass(frozen=True)
class Comparison:
    """One measure, per person, for home and partner in the same year."""

    measure: str
    unit: str
    year: str
    home: float
    partner: float

    @property
    def ratio(self) -> float:
        """Size of the gap: home ÷ partner (below 1: home is behind)."""
        return self.home / self.partner if self.partner else math.inf


def _people_m(iso3: str, year: int) -> float:
    """Population in millions, the year given or the latest before it."""
    return measures.value_at_or_before(measures.wdi("sp.pop.totl", [iso3]), iso3, year)[0] / 1e6


def infrastructure_comparisons(home: str, partner: str) -> list[Comparison]:
    """Home vs partner on four infrastructure measures, per person, in the latest year both have."""
    pair = [home, partner]
    out = []
    top = compute.top500_by_country(pair, fill=True)
    latest = top["list_date"].max()
    top = top[top["list_date"] == latest].set_index("iso3")
    year = int(latest[:4])
    out.append(
        Comparison(
            "TOP500 performance",
            "TFlop/s per million people",
            f"list of {latest}",
            top.loc[home, "rmax_pflops"] * 1000 / _people_m(home, year),
            top.loc[partner, "rmax_pflops"] * 1000 / _people_m(partner, year),
        )
    )
    gpu = compute.gpu_capacity(pair).set_index("iso3")
    out.append(
        Comparison(
            "GPU-cluster capacity (existing)",
            "H100-equivalents per million people",
            "Epoch, to 2025",
            gpu.loc[home, "h100e"] / _people_m(home, 2025),
            gpu.loc[partner, "h100e"] / _people_m(partner, 2025),
        )
    )
    for code, label, unit in (
        ("it.net.bbnd.p2", "Fixed broadband", "subscriptions per 100 people"),
        ("it.net.secr.p6", "Secure internet servers", "per million people"),
    ):
        df = measures.wdi(code, pair)
        common = measures.common_latest(df, home, partner)
        if common is None:
            continue
        v = df[df["year"] == common].set_index("iso3")["value"]
        out.append(Comparison(label, unit, str(common), float(v[home]), float(v[partner])))
    return out


def overall_gap(items: Sequence[Comparison]) -> float:
    """Geometric mean of the home ÷ partner ratios: one size for 'behind', where 0.5 means half."""
    ratios = [c.ratio for c in items if c.ratio > 0 and math.isfinite(c.ratio)]
    return math.exp(sum(math.log(r) for r in ratios) / len(ratios)) if ratios else math.nan
