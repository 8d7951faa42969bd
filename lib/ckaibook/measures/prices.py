"""Price indices for turning nominal US$ series into real ones.

The data package holds no deflator or CPI table, but WDI holds the United States' GDP in current US$
(``ny.gdp.mktp.cd``) and its real growth rate (``ny.gdp.mktp.kd.zg``). Their ratio is, by definition, the
growth of the US implicit GDP deflator: ``D_t / D_{t-1} = (GDP_t / GDP_{t-1}) / (1 + g_t / 100)``. Because the
US's own currency is the dollar, this is a US$ price index, the usual deflator for values quoted in US$.
It is a domestic price index, not a trade-price index: real trade values are an approximation.
"""

from __future__ import annotations

import pandas as pd

from ckaibook.measures import series

DEFLATOR_NAME = "US GDP implicit deflator (derived from WDI: GDP in current US$ ÷ real GDP growth)"


def us_gdp_deflator(base_year: int) -> pd.Series:
    """The US implicit GDP deflator by year, 1.0 in ``base_year`` (index: year).

    Raises ``KeyError`` naming the year when ``base_year`` is outside the years WDI covers.
    """
    nominal = series.wdi("ny.gdp.mktp.cd", ["USA"]).set_index("year")["value"].astype(float)
    growth = series.wdi("ny.gdp.mktp.kd.zg", ["USA"]).set_index("year")["value"].astype(float)
    nominal, growth = nominal.dropna(), growth.dropna()
    # Chain year on year from the first year with a level; a gap would break the chain, so stop there.
    chain, level, previous = {}, 1.0, None
    for year in range(int(nominal.index.min()), int(nominal.index.max()) + 1):
        if previous is not None:
            if year not in growth.index or year not in nominal.index:
                break
            level *= (nominal[year] / nominal[previous]) / (1 + growth[year] / 100)
        chain[year] = level
        previous = year
    out = pd.Series(chain, name="deflator")
    out.index.name = "year"
    if base_year not in out.index:
        raise KeyError(f"no US GDP deflator for {base_year} (WDI covers {out.index.min()}–{out.index.max()})")
    return out / out[base_year]


def real(values: pd.Series, years: pd.Series, base_year: int) -> pd.Series:
    """Nominal US$ ``values`` of the given ``years`` at constant ``base_year`` US$ (US GDP deflator)."""
    deflator = us_gdp_deflator(base_year)
    missing = sorted(set(years) - set(deflator.index))
    if missing:
        raise KeyError(f"no US GDP deflator for {missing[0]}")
    return values / years.map(deflator).astype(float).values


def real_change(then_usd: float, then_year: int, now_usd: float, now_year: int) -> float:
    """Change from ``then`` to ``now`` in constant ``now_year`` US$ (a share, e.g. -0.06)."""
    d = us_gdp_deflator(now_year)
    return now_usd / (then_usd / d[then_year]) - 1
