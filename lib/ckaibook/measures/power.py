"""Electricity: generation by source, fossil share, Energy Institute series, the load of a data centre.

One definition each, used by every chapter and claim check (see CONTRIBUTING.md, "One number, one home").
"""

from __future__ import annotations

from typing import Iterable

import pandas as pd

from ckaibook.data.datapackage import load
from ckaibook.measures.series import window

HOURS_PER_YEAR = 8760  # a 365-day year; leap years add 0.3%, ignored
FOSSIL = ("coal", "gas", "oil")
LOW_CARBON = ("nuclear", "hydro", "solar", "wind", "other low-carbon")
FUEL_ORDER = (*FOSSIL, *LOW_CARBON[:2], "wind", "solar", "other low-carbon")
_TWH_SOURCES = ("coal", "gas", "oil", "nuclear", "hydro", "wind", "solar")


def build_generation_mix() -> pd.DataFrame:
    """The derived table ``generation_mix``: generation by source for every economy and year (OWID, TWh).

    'other low-carbon' is the total minus the seven sources that have TWh rows (bioenergy, geothermal,
    other renewables and 'other'); a year without a total is dropped; missing sources count as 0.
    """
    df = load("owid_energy")
    df = df[df["variable"] == "generation"]
    wide = df.pivot_table(index=["iso3", "year"], columns="fuel", values="value").dropna(subset=["total"])
    wide = wide[wide["total"] > 0]
    parts = [f for f in _TWH_SOURCES if f in wide.columns]
    wide = wide.fillna({f: 0.0 for f in parts})
    wide["other low-carbon"] = (wide["total"] - wide[parts].sum(axis=1)).clip(lower=0)
    long = wide[list(FUEL_ORDER)].reset_index().melt(id_vars=["iso3", "year"], var_name="fuel", value_name="twh")
    long = long.merge(wide["total"].rename("total_twh").reset_index(), on=["iso3", "year"])
    long["share"] = long["twh"] / long["total_twh"]
    long["fossil"] = long["fuel"].isin(FOSSIL)
    long["year"] = long["year"].astype(int)
    return long.sort_values(["iso3", "year", "fuel"]).reset_index(drop=True)


def mix(iso3s: Iterable[str], start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Generation by source: ``iso3, year, fuel, twh, share`` (share 0–1 of the year's total generation)."""
    df = load("generation_mix")
    df = window(df[df["iso3"].isin(list(iso3s))], start, end)
    return df[["iso3", "year", "fuel", "twh", "share"]].astype({"year": int}).reset_index(drop=True)


def fossil_share(iso3s: Iterable[str], start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Share of generation from coal, gas and oil: ``iso3, year, value`` in % (from ``generation_mix``)."""
    df = load("generation_mix")
    df = window(df[df["iso3"].isin(list(iso3s)) & df["fossil"]], start, end)
    out = df.groupby(["iso3", "year"], as_index=False)["share"].sum()
    out["value"] = (100 * out["share"]).round(2)
    return out[["iso3", "year", "value"]].astype({"year": int}).sort_values(["iso3", "year"]).reset_index(drop=True)


def shares(mixed: pd.DataFrame) -> pd.DataFrame:
    """Fossil and low-carbon shares (0–1) per country-year from :func:`mix`: ``iso3, year, fossil, low_carbon``."""
    g = mixed.assign(group=mixed["fuel"].map(lambda f: "fossil" if f in FOSSIL else "low_carbon"))
    return g.pivot_table(index=["iso3", "year"], columns="group", values="share", aggfunc="sum").reset_index()


def peak(series: pd.DataFrame) -> tuple[float, int]:
    """The highest value of a one-country ``year, value`` series and its year (turning points matter)."""
    row = series.loc[series["value"].idxmax()]
    return float(row["value"]), int(row["year"])


def ei(measure: str, iso3s: Iterable[str], start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """One Energy Institute series: ``iso3, year, value, unit`` (the 2024 edition, data to 2023)."""
    df = load("ei_series")
    if measure not in set(df["measure"]):
        raise KeyError(f"unknown EI measure {measure!r}; known: {', '.join(sorted(set(df['measure'])))}")
    df = window(df[(df["measure"] == measure) & df["iso3"].isin(list(iso3s))], start, end)
    return df[["iso3", "year", "value", "unit"]].sort_values(["iso3", "year"]).reset_index(drop=True)


def annual_energy_twh(load_mw: float, utilisation: float, pue: float = 1.0) -> float:
    """Energy a facility of ``load_mw`` IT load uses in a year at average ``utilisation`` and ``pue``, TWh."""
    return load_mw * utilisation * pue * HOURS_PER_YEAR / 1e6


def additions(iso3s) -> pd.DataFrame:
    """Annual wind and solar capacity additions (GW) from EI end-of-year capacity: ``iso3, year, tech, gw``.

    An addition is the year-on-year change of installed capacity (net of retirements).
    """
    frames = []
    for measure, tech in (("wind_capacity", "wind"), ("solar_capacity", "solar")):
        s = ei(measure, iso3s).sort_values(["iso3", "year"])
        s["gw"] = s.groupby("iso3")["value"].diff() / 1000
        s = s[s["year"] - s.groupby("iso3")["year"].shift() == 1]  # only consecutive years
        frames.append(s.assign(tech=tech)[["iso3", "year", "tech", "gw"]])
    return pd.concat(frames, ignore_index=True).dropna(subset=["gw"])


def pace(adds: pd.DataFrame, iso3: str, span: int = 5) -> tuple[float, int, int]:
    """Average annual wind + solar additions (GW/yr) over a country's last ``span`` years: (gw, first, last)."""
    a = adds[adds["iso3"] == iso3].groupby("year")["gw"].sum()
    if a.empty:
        raise KeyError(f"no capacity additions for {iso3}")
    last = int(a.index.max())
    window = a[a.index > last - span]
    return float(window.mean()), int(window.index.min()), last
