"""What a chapter's outputs depend on, hashed; and the integrity of ``data/`` before any build.

A chapter's input hash covers:

* its code cells (source, and the tags that change how a cell runs) — not Markdown or raw cells,
  so a prose edit executes nothing;
* the parameters it is executed with;
* the ``ckaibook`` modules its last execution imported (recorded at run time by
  ``ckaibook.data.usage``), each file's bytes, plus the list of module files in every package it
  imported (a new module in a package that loads its modules by name, like the claim checks,
  counts as a change);
* the ``datapackage.json`` entries (which hold each file's sha256) of the tables its last
  execution looked up — every entry when it read the whole descriptor;
* ``requirements.lock``.

Recording what a run used is safe: a run that reads the same code and the same data takes the
same path, so it reads the same modules and tables again; any change that could make it read
others changes a module or table it already read. A notebook with no record (never executed
by this build) depends on every module and table.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from ckaibook.data import datapackage, paths, usage

LIB = Path(datapackage.__file__).resolve().parents[1]
"""The ``ckaibook`` package folder (``lib/ckaibook``)."""
RUN_TAGS = {"parameters", "injected-parameters", "raises-exception", "skip-execution"}
"""Cell tags that change how Papermill/nbclient execute a cell (others only change the page)."""


def label(path: Path) -> str:
    """A machine-independent name for a file in a hash (its path inside the repo, else its name)."""
    try:
        return path.resolve().relative_to(paths.REPO).as_posix()
    except ValueError:
        return path.name


def module_file(name: str, lib: Path | None = None) -> Path:
    """The source file of a ``ckaibook`` module name (a package's ``__init__.py``)."""
    lib = lib or LIB
    parts = name.split(".")[1:]
    folder = lib.joinpath(*parts)
    return folder / "__init__.py" if folder.is_dir() else folder.with_suffix(".py")


def all_modules(lib: Path | None = None) -> list[str]:
    """Every module of the library (what a never-executed notebook is assumed to import)."""
    lib = lib or LIB
    names = []
    for path in sorted(lib.rglob("*.py")):
        rel = path.relative_to(lib).with_suffix("")
        parts = list(rel.parts[:-1]) if rel.name == "__init__" else list(rel.parts)
        names.append(".".join(["ckaibook", *parts]))
    return sorted(set(names))


def recorded(nb_path: Path) -> dict[str, list[str]] | None:
    """The modules and tables the notebook's last execution used (None: nothing recorded)."""
    try:
        meta = json.loads(nb_path.read_text()).get("metadata", {}).get("ckaibook", {})
    except (OSError, ValueError):
        return None
    if "modules" not in meta or "tables" not in meta:
        return None
    return {"modules": list(meta["modules"]), "tables": list(meta["tables"])}


def code_cells(nb: nbformat.NotebookNode) -> list[tuple[str, list[str]]]:
    """The notebook's code cells as (source, execution-relevant tags), without Papermill's injected cell."""
    out = []
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type != "code" or "injected-parameters" in tags:
            continue
        out.append((cell.source, sorted(RUN_TAGS & set(tags))))
    return out


@dataclass
class Snapshot:
    """The bytes of the library, the descriptor and the lock, read before a run starts, so the hash a
    run stores describes what it ran with even if a file is edited while it runs."""

    files: dict[Path, bytes | None] = field(default_factory=dict)

    @classmethod
    def take(cls, data_dir: Path | None = None, lib: Path | None = None) -> "Snapshot":
        """Read every library module, the descriptor and the lock now."""
        lib = lib or LIB
        wanted = [
            *lib.rglob("*.py"),
            (data_dir or paths.DATA) / datapackage.DESCRIPTOR,
            paths.REPO / "requirements.lock",
        ]
        return cls({p: _read(p) for p in wanted})

    def read(self, path: Path) -> bytes | None:
        """The bytes of ``path`` as they were when the snapshot was taken (None: absent)."""
        return self.files[path] if path in self.files else _read(path)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def input_hash(
    nb_path: Path,
    params: dict[str, Any],
    data_dir: Path | None = None,
    used: dict[str, list[str]] | None = None,
    lib: Path | None = None,
    snapshot: Snapshot | None = None,
) -> str:
    """Hash of everything a chapter's outputs depend on (see the module docstring).

    Args:
        nb_path: the chapter's source notebook (its code cells are hashed).
        params: the parameters it is executed with.
        data_dir: the data package folder (default ``data/``).
        used: modules and tables to hash (default: those recorded in ``nb_path``; everything when
            nothing is recorded).
        lib: the library folder (default the installed ``ckaibook``), for tests.
        snapshot: file contents read earlier (default: read the files now).
    """
    lib = lib or LIB
    read = snapshot.read if snapshot else _read
    h = hashlib.sha256()
    nb = nbformat.read(nb_path, as_version=4)
    for source, tags in code_cells(nb):
        h.update(f"code\0{source}\0{','.join(tags)}\0".encode())
    h.update(b"params\0" + json.dumps(params, sort_keys=True).encode() + b"\0")
    used = used if used is not None else recorded(nb_path)
    modules = used["modules"] if used else all_modules(lib)
    tables = used["tables"] if used else [usage.ALL_TABLES]
    for name in sorted(set(modules)):
        path = module_file(name, lib)
        h.update(f"module\0{name}\0".encode())
        h.update(read(path) or b"<missing>")
        if path.name == "__init__.py":
            listing = sorted(
                p.name for p in path.parent.iterdir() if p.suffix == ".py" or (p / "__init__.py").is_file()
            )
            h.update(("\0".join(listing) + "\0").encode())
    descriptor = read((data_dir or paths.DATA) / datapackage.DESCRIPTOR)
    h.update(_table_entries(sorted(set(tables)), descriptor))
    h.update(b"lock\0" + (read(paths.REPO / "requirements.lock") or b"<missing>"))
    return h.hexdigest()


def _table_entries(tables: list[str], descriptor_bytes: bytes | None) -> bytes:
    """The descriptor entries of ``tables`` as canonical JSON (the whole descriptor for ``*``)."""
    try:
        descriptor = json.loads(descriptor_bytes or b"{}")
    except ValueError:
        descriptor = {"unreadable": (descriptor_bytes or b"").decode("utf-8", "replace")}
    if usage.ALL_TABLES in tables:
        return b"tables\0*\0" + json.dumps(descriptor, sort_keys=True).encode()
    entries = {r.get("name"): r for r in descriptor.get("resources", [])}
    return b"tables\0" + json.dumps({n: entries.get(n) for n in tables}, sort_keys=True).encode()


def stored_hash(nb_path: Path) -> str | None:
    """The input hash recorded by the notebook's last successful execution."""
    nb = json.loads(nb_path.read_text())
    return nb.get("metadata", {}).get("ckaibook", {}).get("input_hash")


def check_data(data_dir: Path | None = None) -> int:
    """Check every table listed in ``datapackage.json`` is present with its recorded sha256.

    Returns the number of tables checked. Raises ``DataError`` naming the first bad file, in one line.
    """
    data_dir = data_dir or paths.DATA
    path = data_dir / datapackage.DESCRIPTOR
    if not path.is_file():
        raise datapackage.DataError(f"{label(path)}: missing; restore it (git checkout -- data/) or run `make data`")
    try:
        resources = json.loads(path.read_text())["resources"]
    except (ValueError, KeyError) as exc:
        raise datapackage.DataError(
            f"{label(path)}: not a readable data package ({type(exc).__name__}); "
            "restore it (git checkout -- data/) or run `make data`"
        ) from None
    for res in resources:
        table = data_dir / res["path"]
        if not table.is_file():
            raise datapackage.DataError(
                f"{label(table)}: missing (listed in datapackage.json); "
                "restore it (git checkout -- data/) or run `make data`"
            )
        expected = res["hash"].removeprefix("sha256:")
        actual = datapackage.sha256(table)
        if actual != expected:
            size = table.stat().st_size
            what = "truncated" if size < res.get("bytes", 0) else "changed or corrupted"
            raise datapackage.DataError(
                f"{label(table)}: {what} (sha256 {actual[:12]}…, {size:,} bytes; datapackage.json says "
                f"{expected[:12]}…, {res.get('bytes', 0):,} bytes); "
                "restore it (git checkout -- data/) or run `make data`"
            )
    return len(resources)
