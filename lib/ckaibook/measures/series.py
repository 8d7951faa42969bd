"""Tidy slices of the data package that several chapters need (series, latest values, trade)."""

from __future__ import annotations

from typing import Iterable

import pandas as pd

from ckaibook.data import coverage
from ckaibook.data.datapackage import load


def wdi(indicator: str, iso3s: Iterable[str], start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """One WDI indicator for some countries: ``iso3, year, value, unit`` (years within [start, end])."""
    df = load("wdi")
    units = load("wdi_indicators").set_index("indicator")["unit"]
    if indicator not in units.index:
        raise KeyError(f"unknown WDI indicator {indicator!r}; known: {', '.join(units.index)}")
    df = df[(df["indicator"] == indicator) & df["iso3"].isin(list(iso3s))]
    df = window(df, start, end)
    return df.assign(unit=units[indicator])[["iso3", "year", "value", "unit"]].reset_index(drop=True)


def ember(measure: str, iso3s: Iterable[str], start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """One Ember measure for some areas: ``iso3, year, value, unit``."""
    df = load("ember")
    if measure not in set(df["measure"]):
        raise KeyError(f"unknown Ember measure {measure!r}; known: {', '.join(sorted(set(df['measure'])))}")
    df = df[(df["measure"] == measure) & df["iso3"].isin(list(iso3s))]
    return window(df, start, end)[["iso3", "year", "value", "unit"]].reset_index(drop=True)


def window(df: pd.DataFrame, start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Rows with ``year`` in [start, end] (either bound optional)."""
    if start is not None:
        df = df[df["year"] >= start]
    if end is not None:
        df = df[df["year"] <= end]
    return df


def latest(df: pd.DataFrame, by: str = "iso3") -> pd.DataFrame:
    """The latest non-missing row per ``by`` group (so each country shows its own latest year)."""
    return (
        df.dropna(subset=["value"])
        .sort_values("year")
        .groupby(by, as_index=False)
        .tail(1)
        .sort_values(by)
        .reset_index(drop=True)
    )


def value_in(df: pd.DataFrame, iso3: str, year: int | None = None) -> tuple[float, int]:
    """(value, year) for one country: that year, or its latest. Raises KeyError if absent."""
    rows = df[(df["iso3"] == iso3) & df["value"].notna()]
    if year is not None:
        rows = rows[rows["year"] == year]
    if rows.empty:
        raise KeyError(f"no value for {iso3}" + (f" in {year}" if year is not None else ""))
    row = rows.sort_values("year").iloc[-1]
    return float(row["value"]), int(row["year"])


FLOW_LABELS = {"exports_fob": "exports to", "imports_cif": "imports from"}


def bilateral_trade(home: str, partner: str, start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Goods trade between two economies as each reports it: ``reporter, partner, flow, year, value_usd_m, series``.

    Empty when neither economy is a reporter in the mirror (the chapter then says so).
    """
    df = load("trade")
    pair = df[
        ((df["reporter"] == home) & (df["partner"] == partner))
        | ((df["reporter"] == partner) & (df["partner"] == home))
    ]
    pair = pair.rename(columns={"year": "year"})
    pair = window(pair, start, end).copy()
    from ckaibook.data.countries import name

    pair["series"] = [
        f"{name(r)} reports {FLOW_LABELS[f]} {name(p)}"
        for r, f, p in zip(pair["reporter"], pair["flow"], pair["partner"], strict=False)
    ]
    return pair.reset_index(drop=True)


def trade_reporters() -> list[str]:
    """Economies whose own DOTS workbook is in the mirror."""
    return sorted(set(load("trade")["reporter"]))


def countries_with_data() -> list[str]:
    """ISO3 codes with a row in any table of the book (a partner in only some tables is accepted)."""
    return coverage.countries_with_data()


def trade_total(pair: pd.DataFrame, reporter: str, year: int) -> float:
    """Exports plus imports of the pair in one year, as ``reporter`` reports them (US$ million)."""
    rows = pair[(pair["reporter"] == reporter) & (pair["year"] == year)]
    if set(rows["flow"]) != {"exports_fob", "imports_cif"}:
        raise KeyError(f"{reporter} does not report both flows with the partner in {year}")
    return float(rows["value_usd_m"].sum())


def flow(pair: pd.DataFrame, reporter: str, flow_name: str, year: int) -> float:
    """One reported flow of the pair in one year (US$ million)."""
    rows = pair[(pair["reporter"] == reporter) & (pair["flow"] == flow_name) & (pair["year"] == year)]
    if rows.empty:
        raise KeyError(f"no {flow_name} reported by {reporter} in {year}")
    return float(rows["value_usd_m"].iloc[0])


def value_at_or_before(df: pd.DataFrame, iso3: str, year: int) -> tuple[float, int]:
    rows = df[(df["iso3"] == iso3) & (df["year"] <= year)].dropna(subset=["value"])
    if rows.empty:
        raise KeyError(f"no value for {iso3} up to {year}")
    row = rows.sort_values("year").iloc[-1]
    return float(row["value"]), int(row["year"])


def common_latest(df: pd.DataFrame, a: str, b: str) -> int | None:
    """Latest year in which both ``a`` and ``b`` have a value (None if none)."""
    years = [set(df.loc[(df["iso3"] == c) & df["value"].notna(), "year"]) for c in (a, b)]
    both = years[0] & years[1]
    return int(max(both)) if both else None
