"""What a chapter run used: the library modules it imported and the tables it read.

The build executes each chapter with ``CKAIBOOK_USAGE`` naming a file; while it is set, every
``ckaibook`` module imported and every table looked up in the data package is appended to that
file, one ``kind name`` line each. The build stores the result in the notebook, and a chapter
re-executes only when one of those modules or tables changes. Recording at run time, not by
reading import lines, also catches modules imported by name (the registry of claim checks) and
leaves out modules only a function never called would import (the ETL behind ``make data``).
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from importlib.abc import MetaPathFinder
from typing import Iterator

ENV = "CKAIBOOK_USAGE"
ALL_TABLES = "*"
"""Recorded when a run reads the whole descriptor (e.g. the data appendix's catalogue)."""


_PAUSED = [0]


@contextmanager
def not_recorded() -> Iterator[None]:
    """Read tables without recording them as a run's inputs.

    For the pair-availability gate (does any table have a row for this economy?): its answer decides
    whether a chapter may run, not what the chapter shows, so it must not make every chapter depend
    on every table.
    """
    _PAUSED[0] += 1
    try:
        yield
    finally:
        _PAUSED[0] -= 1


def _append(kind: str, name: str) -> None:
    target = os.environ.get(ENV)
    if target and not (kind == "table" and _PAUSED[0]):
        with open(target, "a", encoding="utf-8") as f:
            f.write(f"{kind} {name}\n")


def note_table(name: str) -> None:
    """Record that a table's descriptor entry (and so possibly its file) was read."""
    _append("table", name)


class _ModuleRecorder(MetaPathFinder):
    """Notes each ``ckaibook`` module as it is imported; finds nothing, so imports go on as usual."""

    def find_spec(self, fullname, path, target=None):  # noqa: ANN001, ANN201
        if fullname == "ckaibook" or fullname.startswith("ckaibook."):
            _append("module", fullname)
        return None


def start() -> None:
    """Begin recording imports (called by ``ckaibook/__init__.py`` when ``CKAIBOOK_USAGE`` is set)."""
    if any(isinstance(f, _ModuleRecorder) for f in sys.meta_path):
        return
    for name in list(sys.modules):
        if name == "ckaibook" or name.startswith("ckaibook."):
            _append("module", name)
    sys.meta_path.insert(0, _ModuleRecorder())


def read(path: str | os.PathLike) -> dict[str, list[str]]:
    """The modules and tables recorded in ``path``, each sorted and without repeats."""
    found: dict[str, set[str]] = {"modules": set(), "tables": set()}
    try:
        text = open(path, encoding="utf-8").read()
    except FileNotFoundError:
        text = ""
    for line in text.splitlines():
        kind, _, name = line.partition(" ")
        if kind == "module":
            found["modules"].add(name)
        elif kind == "table":
            found["tables"].add(name)
    return {k: sorted(v) for k, v in found.items()}
