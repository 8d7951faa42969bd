"""The data package: write ``data/`` and ``data/datapackage.json``; load tables back, verified.

``load(name)`` is the only way chapters read data: it checks the file's sha256 and its columns
against the Frictionless descriptor, and returns a typed DataFrame.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
import zipfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Sequence

import pandas as pd

from ckaibook.data import paths, snapshot, usage
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
    if table.derived_from:
        retrieved = f"computed by `make data` from the tables {', '.join(table.derived_from)} of this package"
    elif src.folder and not src.folder.startswith(".."):
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
                {
                    "name": f.name,
                    "type": "integer" if f.type == "year" else f.type,
                    "description": f.description,
                    **({"unit": f.unit} if f.unit else {}),
                }
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
        **({"derived_from": list(table.derived_from)} if table.derived_from else {}),
    }


def _read_descriptor(path: Path) -> dict:
    """Parse a descriptor file, raising a one-line DataError naming it if it is unreadable or invalid."""
    try:
        parsed = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{path} missing: run `make data` (needs the raw mirror) or restore it from git") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read it ({exc.strerror}); run `make data` or restore it from git") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text (byte {exc.start}); run `make data` or restore it from git") from None
    except json.JSONDecodeError as exc:
        raise DataError(
            f"{path}: invalid JSON ({exc.msg}: line {exc.lineno}, column {exc.colno}); "
            "run `make data` or restore it from git"
        ) from None
    resources = parsed.get("resources") if isinstance(parsed, dict) else None
    if not isinstance(resources, list) or not all(
        isinstance(r, dict) and isinstance(r.get("name"), str) and isinstance(r.get("path"), str) for r in resources
    ):
        raise DataError(
            f"{path}: not a data package (no list of resources with a name and path); "
            "run `make data` or restore it from git"
        )
    return parsed


def _build_table(table: Table) -> pd.DataFrame:
    """Run one table's ETL; any failure becomes a one-line DataError naming the table (and the file,
    which the ETL's own checks and readers put in their messages)."""
    from ckaibook.data.etl._checks import RawDataError

    try:
        df = _coerce(table, table.build())
    except (DataError, RawDataError, paths.MissingRawMirror):
        raise
    except (ValueError, LookupError, OSError, zipfile.BadZipFile) as exc:
        # An error the ETL did not anticipate: keep it to one line and say where it came from.
        where = f"raw folder {table.source.folder}" if table.source.folder else "data/curated"
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise DataError(f"table {table.name} ({where}): {type(exc).__name__}: {detail}") from None
    if len(df) < table.min_rows:
        folder = paths.raw_root() / table.source.folder
        files = ", ".join(table.source.files) if table.source.files else "its files"
        raise DataError(
            f"table {table.name}: only {len(df):,} rows, expected at least {table.min_rows:,}: "
            f"is a raw file in {folder} ({files}) cut short?"
        )
    return df


def build(names: list[str] | None = None, data_dir: Path | None = None, stages: Sequence[Sequence[Table]] = ()) -> Path:
    """Rebuild tables from the raw mirror into ``data_dir`` and rewrite its descriptor, as one transaction.

    ``stages`` are further groups of tables computed from the package itself (derived tables, live
    checks), declared by higher layers and passed in by the caller: each stage is built after the
    descriptor of everything before it is written, reading its inputs with :func:`load` from the
    staging folder.

    Every table and the descriptor are first written to a temporary folder beside ``data_dir``; they
    replace the files in ``data_dir`` only once all of them were built, so a failure (or Ctrl-C)
    leaves ``data_dir`` byte for byte as it was. Hand-made inputs (``curated/``) and files the build
    does not produce are left alone. Tables not named keep their existing descriptor entry; a full
    build ignores an unreadable descriptor (it is the repair). Prints a line per table.

    Raises:
        DataError: one line naming the table or file and the problem.
    """
    from ckaibook.data.etl import all_tables

    data_dir = data_dir or paths.DATA
    groups = [all_tables(), *({t.name: t for t in stage} for stage in stages)]
    tables = {name: t for group in groups for name, t in group.items()}
    unknown = sorted(set(names or ()) - set(tables))
    if unknown:
        raise DataError(f"unknown table(s) {unknown}; known: {', '.join(tables)}")
    snapshot.verify_inputs(t for n, t in tables.items() if not names or n in names)
    descriptor_path = data_dir / DESCRIPTOR
    old: dict[str, dict] = {}
    if names and descriptor_path.exists():
        # A partial build keeps the other entries, so it needs a sound descriptor (a full build does not).
        old = {r["name"]: r for r in _read_descriptor(descriptor_path)["resources"]}
    data_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{data_dir.name}-building-", dir=data_dir.parent))
    try:
        if (data_dir / "curated").is_dir():
            # Later stages read curated tables through load() from the staging folder.
            shutil.copytree(data_dir / "curated", staging / "curated")
        resources = {name: old[name] for name in tables if names and name not in names and name in old}
        for res in resources.values():
            # A partial build: later stages may read the tables it keeps, so they sit in staging too.
            if not res.get("curated") and (data_dir / res["path"]).is_file():
                (staging / res["path"]).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(data_dir / res["path"], staging / res["path"])
        written: list[str] = []
        for group in groups:
            with reading_from(staging):
                for name, table in group.items():
                    if names and name not in names:
                        continue
                    start = time.perf_counter()
                    df = _build_table(table)
                    if table.curated:
                        target = data_dir / table.path  # hand-made input: described, never rewritten
                    else:
                        target = staging / table.path
                        target.parent.mkdir(parents=True, exist_ok=True)
                        df.to_csv(target, index=False, lineterminator="\n")
                        written.append(table.path)
                    resources[name] = _resource(table, sha256(target), target.stat().st_size)
                    print(
                        f"  data  {name:<22} {len(df):>8,} rows  {time.perf_counter() - start:5.1f}s", file=sys.stderr
                    )
            _write_descriptor(staging / DESCRIPTOR, resources)
        # Commit: every file is complete in staging; each rename is atomic, the descriptor goes last.
        for rel in [*written, DESCRIPTOR]:
            (data_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / rel, data_dir / rel)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    load.cache_clear()
    return descriptor_path


def _write_descriptor(descriptor_path: Path, resources: dict[str, dict]) -> None:
    descriptor = {
        "name": "canada-korea-ai-data-book",
        "title": "Canada–Korea AI Co-operation, in data: tidy tables",
        "profile": "data-package",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Tables inherit their sources' licences; see each resource",
            }
        ],
        "resources": [resources[n] for n in sorted(resources)],
    }
    descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")
    load.cache_clear()


_READ_DIR: list[Path] = []


@contextmanager
def reading_from(data_dir: Path) -> Iterator[None]:
    """Make :func:`load` read from ``data_dir`` (a package being built) for the duration."""
    _READ_DIR.append(data_dir)
    load.cache_clear()
    try:
        yield
    finally:
        _READ_DIR.pop()
        load.cache_clear()


def descriptor(data_dir: Path | None = None) -> dict:
    """The parsed ``datapackage.json`` (a chapter that reads it depends on every table's entry)."""
    usage.note_table(usage.ALL_TABLES)
    return _read_descriptor((data_dir or paths.DATA) / DESCRIPTOR)


def resource(name: str, data_dir: Path | None = None) -> dict:
    """The descriptor entry of one table, with an error listing the known names."""
    usage.note_table(name)
    resources = {r["name"]: r for r in _read_descriptor((data_dir or paths.DATA) / DESCRIPTOR)["resources"]}
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
        raise DataError(
            f"{path}: checksum mismatch (sha256 {actual[:12]}…, datapackage.json says "
            f"{expected[:12]}…); the file was changed or corrupted: restore it or run `make data`"
        )
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
    usage.note_table(name)  # on every call: a cached table still counts as this run's input
    return _load_cached(name, _READ_DIR[-1] if _READ_DIR else paths.DATA).copy()


load.cache_clear = _load_cached.cache_clear  # type: ignore[attr-defined]


def catalogue(data_dir: Path | None = None) -> pd.DataFrame:
    """One row per table of the package: source, licence, retrieval, vintage, caveat, checksum."""
    rows = []
    for res in descriptor(data_dir)["resources"]:
        rows.append(
            {
                "table": res["name"],
                "title": res["title"],
                "file": f"data/{res['path']}",
                "source": res["sources"][0]["title"],
                "source_url": res["sources"][0]["path"],
                "licence": res["licenses"][0]["name"],
                "licence_url": res["licenses"][0]["path"],
                "retrieved": res["retrieved"],
                "vintage": res["vintage"],
                "caveat": res["caveat"],
                "sha256": res["hash"].removeprefix("sha256:")[:12] + "…",
            }
        )
    return pd.DataFrame(rows)
