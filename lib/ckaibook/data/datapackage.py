"""The data package: write ``data/`` and ``data/datapackage.json``; load tables back, verified.

``load(name)`` is the only way chapters read data: it checks the file's sha256 and its columns
against the Frictionless descriptor, and returns a typed DataFrame.
"""
from __future__ import annotations

import hashlib
import json
import sys
import time
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ckaibook.data import paths, usage
from ckaibook.data.schema import FIELD_DTYPES, Table

DESCRIPTOR = "datapackage.json"


class DataError(ValueError):
    """A table in ``data/`` is missing, corrupted or does not match its schema."""


def sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _coerce(table: Table, df: pd.DataFrame) -> pd.DataFrame:
    """Check the built frame against the declared schema and put columns in order."""
    missing = [c for c in table.columns if c not in df.columns]
    extra = [c for c in df.columns if c not in table.columns]
    if missing or extra:
        raise DataError(f"{table.name}: built columns differ from schema (missing {missing}, extra {extra})")
    df = df[table.columns].copy()
    for f in table.fields:
        if f.type in ("integer", "year"):
            values = pd.to_numeric(df[f.name])
            if (values.dropna() % 1 != 0).any():
                raise DataError(f"{table.name}.{f.name}: non-integer values in an integer column")
            df[f.name] = values.astype("Int64")
        elif f.type == "number":
            df[f.name] = pd.to_numeric(df[f.name]).astype("float64")
    key = list(table.primary_key)
    if df.duplicated(key).any():
        dup = df[df.duplicated(key, keep=False)].head(3).to_dict("records")
        raise DataError(f"{table.name}: primary key {key} not unique, e.g. {dup}")
    return df


def _resource(table: Table, digest: str, size: int) -> dict:
    src = table.source
    if src.folder and not src.folder.startswith(".."):
        retrieved = paths.retrieved_date(src.folder)
    elif table.curated:
        retrieved = "hand-curated; each row cites its source"
    else:
        retrieved = "not recorded (ledger compiled from stored web pages)"
    return {
        "name": table.name,
        "title": table.title,
        "path": table.path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": size,
        "hash": f"sha256:{digest}",
        "schema": {
            "fields": [
                {"name": f.name, "type": "integer" if f.type == "year" else f.type,
                 "description": f.description, **({"unit": f.unit} if f.unit else {})}
                for f in table.fields
            ],
            "primaryKey": list(table.primary_key),
        },
        "sources": [{"title": f"{src.publisher}: {src.title}", "path": src.url}],
        "licenses": [{"name": src.licence, "path": src.licence_url}],
        "retrieved": retrieved,
        "vintage": table.vintage,
        "caveat": table.caveat,
        "curated": table.curated,
        "raw_folder": src.folder,
    }


def build(names: list[str] | None = None, data_dir: Path | None = None) -> Path:
    """Rebuild tables from the raw mirror into ``data_dir`` and rewrite its descriptor.

    Tables not named keep their existing descriptor entry. Prints a line per table.
    """
    from ckaibook.data.etl import all_tables

    data_dir = data_dir or paths.DATA
    tables = all_tables()
    unknown = sorted(set(names or ()) - set(tables))
    if unknown:
        raise DataError(f"unknown table(s) {unknown}; known: {', '.join(tables)}")
    descriptor_path = data_dir / DESCRIPTOR
    old = {r["name"]: r for r in json.loads(descriptor_path.read_text())["resources"]} \
        if descriptor_path.exists() else {}
    resources = {}
    for name, table in tables.items():
        if names and name not in names:
            if name in old:
                resources[name] = old[name]
            continue
        start = time.perf_counter()
        df = _coerce(table, table.build())
        target = data_dir / table.path
        if not table.curated:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".csv.tmp")
            df.to_csv(tmp, index=False, lineterminator="\n")
            tmp.replace(target)
        resources[name] = _resource(table, sha256(target), target.stat().st_size)
        print(f"  data  {name:<22} {len(df):>8,} rows  {time.perf_counter() - start:5.1f}s", file=sys.stderr)
    descriptor = {
        "name": "canada-korea-ai-data-book",
        "title": "Canada–Korea AI Co-operation, in data: tidy tables",
        "profile": "data-package",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Tables inherit their sources' licences; see each resource"}],
        "resources": [resources[n] for n in sorted(resources)],
    }
    descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")
    load.cache_clear()
    return descriptor_path


def _read_descriptor(data_dir: Path | None) -> dict:
    path = (data_dir or paths.DATA) / DESCRIPTOR
    if not path.is_file():
        raise DataError(f"{path} missing: run `make data` (needs the raw mirror) or restore it from git")
    return json.loads(path.read_text())


def descriptor(data_dir: Path | None = None) -> dict:
    """The parsed ``datapackage.json`` (a chapter that reads it depends on every table's entry)."""
    usage.note_table(usage.ALL_TABLES)
    return _read_descriptor(data_dir)


def resource(name: str, data_dir: Path | None = None) -> dict:
    """The descriptor entry of one table, with an error listing the known names."""
    usage.note_table(name)
    resources = {r["name"]: r for r in _read_descriptor(data_dir)["resources"]}
    if name not in resources:
        raise DataError(f"unknown table {name!r}; known tables: {', '.join(sorted(resources))}")
    return resources[name]


@lru_cache(maxsize=None)
def _load_cached(name: str, data_dir: Path) -> pd.DataFrame:
    res = resource(name, data_dir)
    path = data_dir / res["path"]
    if not path.is_file():
        raise DataError(f"{path}: file missing (listed in datapackage.json)")
    expected = res["hash"].removeprefix("sha256:")
    actual = sha256(path)
    if actual != expected:
        raise DataError(f"{path}: checksum mismatch (sha256 {actual[:12]}…, datapackage.json says "
                        f"{expected[:12]}…); the file was changed or corrupted: restore it or run `make data`")
    fields = res["schema"]["fields"]
    header = pd.read_csv(path, nrows=0).columns.tolist()
    names = [f["name"] for f in fields]
    if header != names:
        raise DataError(f"{path}: columns {header} do not match the schema {names}")
    dtypes = {f["name"]: FIELD_DTYPES[f["type"]] for f in fields}
    try:
        return pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
    except (ValueError, TypeError) as exc:
        raise DataError(f"{path}: values do not match the schema types: {exc}") from exc


def load(name: str) -> pd.DataFrame:
    """Load a table from ``data/`` after verifying its checksum and schema.

    Raises:
        DataError: naming the file, for an unknown table, a missing or corrupted file,
            or columns/types that differ from ``datapackage.json``.
    """
    return _load_cached(name, paths.DATA).copy()


load.cache_clear = _load_cached.cache_clear  # type: ignore[attr-defined]


def catalogue(data_dir: Path | None = None) -> pd.DataFrame:
    """One row per table of the package: source, licence, retrieval, vintage, caveat, checksum."""
    rows = []
    for res in descriptor(data_dir)["resources"]:
        rows.append({
            "table": res["name"], "title": res["title"], "file": f"data/{res['path']}",
            "source": res["sources"][0]["title"], "source_url": res["sources"][0]["path"],
            "licence": res["licenses"][0]["name"], "licence_url": res["licenses"][0]["path"],
            "retrieved": res["retrieved"], "vintage": res["vintage"], "caveat": res["caveat"],
            "sha256": res["hash"].removeprefix("sha256:")[:12] + "…",
        })
    return pd.DataFrame(rows)
