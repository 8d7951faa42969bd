"""Sanity checks shared by the ETL modules: fail loudly on raw data that is not what we expect."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any, Iterable

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


def _unreadable(path: Path, kind: str, exc: Exception) -> RawDataError:
    """One line naming the file and why it could not be read."""
    if isinstance(exc, UnicodeDecodeError):
        bad = exc.object[exc.start : exc.start + 1].hex() if isinstance(exc.object, bytes) else "?"
        reason = f"not {exc.encoding.upper()} text (undecodable byte 0x{bad})"
    else:
        reason = " ".join(str(exc).split()) or type(exc).__name__
    return RawDataError(f"{path}: cannot read it as {kind}: {reason}")


def read_csv(path: Path, **kwargs: Any) -> pd.DataFrame:
    """``pandas.read_csv`` whose failures (bad encoding, broken quoting, empty file) name the file."""
    try:
        return pd.read_csv(path, **kwargs)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise _unreadable(path, "CSV", exc) from None


def read_excel(source: Path | pd.ExcelFile, **kwargs: Any) -> pd.DataFrame:
    """``pandas.read_excel`` whose failures (not a workbook, missing sheet) name the file."""
    # pandas keeps an ExcelFile's path only privately; the message still names the workbook.
    path = Path(str(getattr(source, "_io", source)))
    try:
        return pd.read_excel(source, **kwargs)
    except (ValueError, KeyError, OSError, zipfile.BadZipFile) as exc:
        raise _unreadable(path, "an Excel workbook", exc) from None


def read_json(path: Path) -> Any:
    """Parsed JSON whose failures (bad encoding, invalid JSON) name the file."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _unreadable(path, "JSON", exc) from None


def require_floor(df: pd.DataFrame, where: str, *, min_rows: int = 0, min_countries: int = 0) -> None:
    """Raise if a raw file yields fewer rows or distinct ``iso3`` codes than it always has: a file
    cut short (a failed download, a truncated copy) otherwise passes silently with less data."""
    if len(df) < min_rows:
        raise RawDataError(f"{where}: only {len(df):,} rows, expected at least {min_rows:,} (is the file truncated?)")
    if min_countries and "iso3" in df.columns and df["iso3"].nunique() < min_countries:
        raise RawDataError(
            f"{where}: only {df['iso3'].nunique()} countries, expected at least {min_countries} "
            "(is the file truncated?)"
        )


def excel_file(path: Path) -> pd.ExcelFile:
    """``pandas.ExcelFile`` whose failure (not a workbook, e.g. a cut-short download) names the file."""
    try:
        return pd.ExcelFile(path)
    except (ValueError, OSError, zipfile.BadZipFile) as exc:
        raise _unreadable(path, "an Excel workbook", exc) from None
