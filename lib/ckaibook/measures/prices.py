"""Prices: a US-dollar deflator, so multi-year changes in money can be said in real terms too.

The mirror has no price index as such, but the World Bank gives United States GDP in current US$
(``ny.gdp.mktp.cd``) and its real growth (``ny.gdp.mktp.kd.zg``); their ratio is the implicit GDP
deflator of the US dollar. Values in current US$ (trade, investment) are deflated with it.
"""
from __future__ import annotations

import pandas as pd

from ckaibook.measures.series import wdi


def usd_deflator(base_year: int) -> pd.Series:
    """Implicit US GDP deflator by year, 1.0 in ``base_year`` (index: year).

    Deflator growth in a year = nominal GDP growth ÷ real GDP growth. Raises KeyError if the
    chain does not reach ``base_year``.
    """
    nominal = wdi("ny.gdp.mktp.cd", ["USA"]).set_index("year")["value"].astype(float).sort_index()
    growth = wdi("ny.gdp.mktp.kd.zg", ["USA"]).set_index("year")["value"].astype(float)
    years = [y for y in nominal.index if y - 1 in nominal.index and y in growth.index]
    step = pd.Series({y: nominal[y] / nominal[y - 1] / (1 + growth[y] / 100) for y in years}, dtype=float)
    if base_year not in nominal.index:
        raise KeyError(f"no US GDP deflator for {base_year}")
    first = int(nominal.index.min())
    index = {first: 1.0}
    for y in range(first + 1, int(nominal.index.max()) + 1):
        if y not in step.index:
            break
        index[y] = index[y - 1] * step[y]
    index = pd.Series(index, dtype=float)
    if base_year not in index.index:
        raise KeyError(f"the US GDP deflator chain breaks before {base_year}")
    return index / index[base_year]


def real_change(then_usd: float, then_year: int, now_usd: float, now_year: int) -> float:
    """Change from ``then`` to ``now`` in constant ``now_year`` US dollars (a share, e.g. -0.06)."""
    d = usd_deflator(now_year)
    return now_usd / (then_usd / d[then_year]) - 1
