"""Which economies and which years each table of ``data/`` covers.

A country "has data" in a table when at least one row names it in one of the table's country
columns (``iso3``, any ``*_iso3`` column, and the reporter/partner of the trade table). The book
accepts a pair when each country has data in at least one table; chapters say so where a table
lacks one of them. Read through :func:`ckaibook.data.datapackage.load`, so the answers follow
``data/`` (and a package being built, inside :func:`datapackage.reading_from`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Mapping


from ckaibook.data import countries, paths, usage
from ckaibook.data.datapackage import DESCRIPTOR, descriptor, load

# Country columns whose names do not end in ``iso3``: the trade table names both sides of a flow.
EXTRA_COUNTRY_COLUMNS: dict[str, tuple[str, ...]] = {"trade": ("reporter", "partner")}


def _package() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(table, sha256, field names) of every resource, parsed once per version of datapackage.json."""
    path = paths.DATA / DESCRIPTOR
    stat = path.stat() if path.is_file() else None
    return _parse(stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)


@lru_cache(maxsize=8)
def _parse(mtime_ns: int, size: int) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return tuple(
        (r["name"], r["hash"], tuple(f["name"] for f in r["schema"]["fields"])) for r in descriptor()["resources"]
    )


def country_columns() -> dict[str, tuple[str, ...]]:
    """Table → the columns that hold ISO3 codes (tables without one are left out)."""
    out: dict[str, tuple[str, ...]] = {}
    for name_, _, names in _package():
        cols = [n for n in names if n == "iso3" or n.endswith("_iso3")]
        cols += [c for c in EXTRA_COUNTRY_COLUMNS.get(name_, ()) if c in names]
        if cols:
            out[name_] = tuple(cols)
    return out


def _sha256(table: str) -> str:
    hashes = {name: sha for name, sha, _ in _package()}
    if table not in hashes:
        load(table)  # raises the package's own one-line error for an unknown table
    return hashes[table]


# Keyed on the table's sha256: the answer can only change with the table's bytes, and a matrix
# run asks the same question for every pair and chapter.
@lru_cache(maxsize=256)
def _codes(table: str, cols: tuple[str, ...], sha256: str) -> frozenset[str]:
    df = load(table)
    found: set[str] = set()
    for col in cols:
        found |= set(df[col].dropna().astype(str))
    # Aggregates (WLD, ASEAN, …) sit beside countries in some tables; they are not economies.
    return frozenset(found - set(countries.AGGREGATES))


def countries_by_table(tables: list[str] | None = None) -> dict[str, frozenset[str]]:
    """Table → ISO3 codes with at least one row in it (all tables with a country column by default)."""
    cols = country_columns()
    names = tables if tables is not None else sorted(cols)
    return {t: _codes(t, cols[t], _sha256(t)) if t in cols else frozenset() for t in names}


def countries_with_data() -> list[str]:
    """ISO3 codes with at least one row in any table of the book, sorted.

    Not recorded as a chapter's input (:func:`ckaibook.data.usage.not_recorded`): it only gates a run.
    """
    found: set[str] = set()
    with usage.not_recorded():
        for codes in countries_by_table().values():
            found |= codes
    return sorted(found)


def tables_without(iso3: str, tables: list[str]) -> list[str]:
    """Those of ``tables`` (with a country column) that have no row for ``iso3``, in the order given."""
    by_table = countries_by_table([t for t in tables if t in country_columns()])
    return [t for t, codes in by_table.items() if iso3 not in codes]


def year_range(table: str, where: Mapping[str, str | tuple[str, ...]] | None = None) -> tuple[int, int] | None:
    """First and last ``year`` with a value in ``table`` (rows filtered by ``where``: column → value(s)).

    None when the table has no ``year`` column or no row passes the filter.
    """
    key = tuple(sorted((c, (v,) if isinstance(v, str) else tuple(v)) for c, v in (where or {}).items()))
    return _year_range(table, key, _sha256(table))


@lru_cache(maxsize=256)
def _year_range(table: str, where: tuple[tuple[str, tuple[str, ...]], ...], sha256: str) -> tuple[int, int] | None:
    df = load(table)
    if "year" not in df.columns:
        return None
    for col, values in where:
        df = df[df[col].isin(values)]
    if "value" in df.columns:
        df = df[df["value"].notna()]
    years = df["year"].dropna()
    if years.empty:
        return None
    return int(years.min()), int(years.max())
