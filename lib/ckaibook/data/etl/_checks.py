"""Sanity checks shared by the ETL modules: fail loudly on raw data that is not what we expect."""
from __future__ import annotations

from typing import Iterable

import pandas as pd

from ckaibook.data import countries


class RawDataError(ValueError):
    """A raw file does not look like the source documents it (layout, columns, values)."""


def require_columns(df: pd.DataFrame, columns: Iterable[str], where: str) -> None:
    """Raise if any of ``columns`` is missing from ``df`` (read from ``where``)."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise RawDataError(f"{where}: missing column(s) {missing}; found {list(df.columns)[:12]}")


def require_iso3(codes: Iterable[str], where: str) -> None:
    """Raise if a code is not ISO3 or a known aggregate."""
    bad = sorted({c for c in codes if not countries.is_known(c)})
    if bad:
        raise RawDataError(f"{where}: unknown country codes {bad[:10]}")


def require_rows(df: pd.DataFrame, where: str, countries_needed: Iterable[str] = ()) -> None:
    """Raise on an empty table, or if a country the book relies on is absent."""
    if df.empty:
        raise RawDataError(f"{where}: no rows after processing")
    if "iso3" in df.columns:
        absent = [c for c in countries_needed if c not in set(df["iso3"])]
        if absent:
            raise RawDataError(f"{where}: expected countries absent: {absent}")


def require_range(series: pd.Series, lo: float, hi: float, where: str) -> None:
    """Raise if a value falls outside [lo, hi] (a unit or parsing slip shows up here)."""
    bad = series[(series < lo) | (series > hi)]
    if not bad.empty:
        raise RawDataError(f"{where}: {len(bad)} value(s) outside [{lo}, {hi}], e.g. {bad.iloc[0]}")


def iso3_only(codes: pd.Series) -> pd.Series:
    """Boolean mask of ISO 3166 alpha-3 codes (drops World Bank/OWID aggregates)."""
    return codes.map(lambda c: countries.is_known(c) and c not in countries.AGGREGATES)
