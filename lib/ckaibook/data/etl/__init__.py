"""ETL: one module per raw source, each declaring the tidy tables it builds (``TABLES``).

Modules are discovered, so a new source is one new file here and nothing else to register.
"""

from __future__ import annotations

import importlib
import pkgutil

from ckaibook.data.schema import Table


def all_tables() -> dict[str, Table]:
    """Every table declared by an ETL module, by name (sorted, names unique)."""
    found: dict[str, Table] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for table in getattr(module, "TABLES", ()):
            if table.name in found:
                raise ValueError(f"table {table.name!r} declared twice (second in etl/{info.name}.py)")
            found[table.name] = table
    return dict(sorted(found.items()))
