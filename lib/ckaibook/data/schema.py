"""The declaration of a tidy table: what it holds, where it comes from, how it is built."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

# Frictionless field types we use, and the pandas dtype each is read back as.
FIELD_DTYPES: dict[str, str] = {
    "string": "string",
    "integer": "Int64",
    "number": "float64",
    "year": "Int64",
    "date": "string",
    "boolean": "boolean",
}


@dataclass(frozen=True)
class Source:
    """Provenance of a table: who published the raw data, where, under which licence."""

    folder: str  # sub-folder of the raw mirror ("" for curated tables typed from cited sources)
    title: str
    publisher: str
    url: str
    licence: str
    licence_url: str
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class Field:
    """One column: Frictionless type, human description and unit (if any)."""

    name: str
    type: str
    description: str
    unit: str = ""


@dataclass(frozen=True)
class Table:
    """A tidy table in ``data/``: schema, provenance, vintage, caveat and its builder."""

    name: str
    title: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    source: Source
    build: Callable[[], pd.DataFrame]
    vintage: str
    caveat: str
    curated: bool = False
    checks: tuple[Callable[[pd.DataFrame], None], ...] = field(default=())
    # Names of the package's tables this one is computed from (OWID's "garden" step); empty for tables
    # built from the raw mirror. A derived table's ``build`` reads them through ``datapackage.load``.
    derived_from: tuple[str, ...] = ()
    # Fewest rows a sound build yields (set well below today's count): a raw file cut short, which
    # pandas reads without complaint, then fails the build instead of quietly shrinking the table.
    min_rows: int = 0

    @property
    def path(self) -> str:
        """Path inside ``data/``: curated tables are hand-edited in ``data/curated/``."""
        return f"curated/{self.name}.csv" if self.curated else f"{self.name}.csv"

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]
