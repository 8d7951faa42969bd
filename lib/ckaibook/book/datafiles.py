"""``make data``: every table of the package, in stages: raw → tidy (ETL), then derived, then live checks.

The data layer provides the mechanism (:func:`ckaibook.data.datapackage.build`); the stages computed
from the package itself are declared by the layers that define them and gathered here, at the top.
"""

from __future__ import annotations

from pathlib import Path

from ckaibook.claims import live
from ckaibook.data import datapackage
from ckaibook.measures import derived

STAGES = (derived.TABLES, live.TABLES)


def build(names: list[str] | None = None, data_dir: Path | None = None) -> Path:
    """Rebuild ``data/`` (or ``data_dir``): tidy, derived and live-check tables and the descriptor.

    Naming tables also rebuilds every staged table computed from them, so nothing derived goes stale.
    """
    if names:
        names = list(names)
        for stage in STAGES:
            for table in stage:
                if set(table.derived_from) & set(names) and table.name not in names:
                    names.append(table.name)
    return datapackage.build(names, data_dir, stages=STAGES)
