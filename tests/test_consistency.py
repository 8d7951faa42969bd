"""One number, one home: a quantity glued in several chapters reads the same in each.

Every glued value that reports a measure for a country and a year carries a fact in its output's
metadata (``present.prose.Fact``); this test gathers them from the executed chapters and fails when
the same (measure, country, year) has two values.
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

import nbformat

from ckaibook.data import paths
from ckaibook.present.prose import FACT_KEY

CHAPTERS = sorted(paths.CHAPTERS.glob("[0-9][0-9]-*.ipynb"))


def facts(nb_paths: list[Path]) -> list[dict]:
    """Every registered fact: measure, iso3, year, value, and where it was glued (chapter, glue name)."""
    out = []
    for path in nb_paths:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                meta = output.get("metadata", {})
                if FACT_KEY in meta:
                    name = meta.get("scrapbook", {}).get("name", "?")
                    out.append({**meta[FACT_KEY], "chapter": path.stem, "glue": name})
    return out


def conflicts(found: list[dict]) -> list[str]:
    """(measure, iso3, year) keys read with different values, with where each value was glued."""
    by_key = defaultdict(list)
    for f in found:
        by_key[(f["measure"], f["iso3"], f["year"])].append(f)
    out = []
    for key, items in sorted(by_key.items()):
        values = [float(i["value"]) for i in items]
        if any(not math.isclose(v, values[0], rel_tol=1e-9, abs_tol=1e-9) for v in values):
            where = ", ".join(f"{i['chapter']}:{i['glue']}={i['value']}" for i in items)
            out.append(f"{key}: {where}")
    return out


def test_the_same_quantity_reads_the_same_in_every_chapter():
    assert conflicts(facts(CHAPTERS)) == []


def shared_keys(found: list[dict]) -> dict[tuple, set[str]]:
    """Keys reported by more than one chapter: what the consistency test actually compares."""
    by_key = defaultdict(set)
    for f in found:
        by_key[(f["measure"], f["iso3"], f["year"])].add(f["chapter"])
    return {k: v for k, v in by_key.items() if len(v) > 1}


def test_the_shared_quantities_are_registered_alike_in_each_chapter():
    """GPU capacity is shown in chapters 01, 02 and 03: each registers it under one key (same date), so
    the test above compares them (a chapter dating it differently would escape the comparison)."""
    shared = shared_keys(facts(CHAPTERS))
    gpu = {k: v for k, v in shared.items() if k[0] == "gpu_capacity.h100e" and k[1] in ("CAN", "KOR")}
    assert gpu and all(len(v) >= 2 for v in gpu.values()), shared


def test_a_disagreement_between_chapters_is_reported(tmp_path):
    """The check can fail: chapter 01's old GPU filter (all existing rows) against chapter 02's."""

    def chapter(name: str, value: float) -> Path:
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("prose.glue(...)")
        cell.outputs = [
            nbformat.v4.new_output(
                "display_data",
                data={"application/papermill.record/text/plain": "6,609"},
                metadata={
                    "scrapbook": {"name": "gpu_kor"},
                    FACT_KEY: {"measure": "gpu_capacity.h100e", "iso3": "KOR", "year": "2025", "value": value},
                },
            )
        ]
        nb.cells = [cell]
        path = tmp_path / f"{name}.ipynb"
        nbformat.write(nb, path)
        return path

    found = facts([chapter("01-a", 6609.0), chapter("02-b", 6286.0)])
    assert len(found) == 2
    assert conflicts(found) and "01-a:gpu_kor=6609.0" in conflicts(found)[0]
    assert conflicts(facts([chapter("01-a", 6286.0), chapter("02-b", 6286.0)])) == []
