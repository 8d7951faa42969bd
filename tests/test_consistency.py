"""One number, one home: a quantity glued in several chapters reads the same in each.

Every glued value that reports a measure for a country and a year carries a fact in its output's
metadata (``present.prose.Fact``); this test gathers them from the executed chapters and fails when
the same (measure, country, year) has two values.
"""

from __future__ import annotations

import html
import math
import re
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


# --- Chapter 05's table of live checks against the chapters' verdict boxes -------------------------

BOX = re.compile(r":::\{admonition\} (?P<title>[^\n]*)\n:class: (?P<cls>[^\n]*)\n(?P<body>(?:[^\n]*\n)*?):::")
BOX_TITLE = re.compile(
    r"(?:Verdict: (?P<verdict>[a-z -]+) \((?P<vid>C\d+)\))"
    r"|(?:Context, not a verdict \((?P<cid>C\d+)\): (?:the data point to )?(?P<context>[a-z -]+))"
)


def _outputs(path: Path, mime: str) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [o["data"][mime] for c in nb.cells for o in c.get("outputs", []) if mime in o.get("data", {})]


def chapter_boxes(nb_paths: list[Path]) -> dict[str, dict]:
    """Every live-check box shown in the chapters: claim id → kind, verdict, data line, chapter."""
    out = {}
    for path in nb_paths:
        for md in _outputs(path, "text/markdown"):
            for m in BOX.finditer(md):
                t = BOX_TITLE.fullmatch(m["title"])
                if not t:
                    continue
                data = re.search(r"\*\*Data\.\*\* (.*) \(table `[^`]*`\)\.", m["body"])
                kind = "verdict" if t["vid"] else "context"
                verdict = (t["verdict"] or t["context"]).replace("partly supported", "partly-supported")
                out[t["vid"] or t["cid"]] = {
                    "kind": kind,
                    "verdict": verdict,
                    "data": html.unescape(data[1].replace(r"\$", "$")) if data else None,
                    "chapter": path.stem,
                }
    return out


def ledger_live_rows(path: Path) -> dict[str, dict]:
    """Chapter 05's table of live checks: claim id → kind, data, live result."""
    table = next(h for h in _outputs(path, "text/html") if "<caption>Live checks for" in h)
    head = [html.unescape(c) for c in re.findall(r"<th>(.*?)</th>", table)]
    out = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1]):
        cells = dict(zip(head, (html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", row)), strict=True))
        out[cells["claim"]] = cells
    return out


def test_ledger_chapter_lists_each_live_check_as_its_chapter_box_shows_it():
    """One number, one home: chapter 05's table repeats each box's kind, result and data line word for word
    (it showed '14.4 bcm (2008)' for a 2000–2008 total, and '2.27×' where chapter 02 says '2.3×')."""
    boxes = chapter_boxes([p for p in CHAPTERS if not p.stem.startswith("05")])
    rows = ledger_live_rows(next(p for p in CHAPTERS if p.stem.startswith("05")))
    assert rows and set(rows) <= set(boxes), f"live checks with no box in any chapter: {set(rows) - set(boxes)}"
    for cid, row in rows.items():
        box = boxes[cid]
        assert (row["kind"], row["live result"]) == (box["kind"], box["verdict"]), (cid, box["chapter"])
        assert row["data"] == box["data"], (cid, box["chapter"], row["data"], box["data"])


def test_data_appendix_counts_sources_not_derived_tables_again():
    """'28 tables from 21 sources' counted the four tables this book derives (TOP500 by country, GPU
    capacity, generation mix, live checks) as sources of their own; recounted from the descriptor."""
    import json

    from ckaibook.chapters import data_appendix

    resources = json.loads((paths.DATA / "datapackage.json").read_text())["resources"]
    derived = {r["name"] for r in resources if r.get("derived_from")}
    assert derived == {"top500_country", "gpu_capacity", "generation_mix", "live_checks"}
    sources = {r["sources"][0]["title"] for r in resources if r["name"] not in derived}
    assert data_appendix.counts() == {
        "n_tables": str(len(resources)),
        "n_sources": str(len(sources)),
        "n_derived": str(len(derived)),
    }
    appendix = nbformat.read(paths.CHAPTERS / "90-data-appendix.ipynb", as_version=4)
    glued = {
        o["metadata"]["scrapbook"]["name"]: o["data"]["application/papermill.record/text/plain"]
        for c in appendix.cells
        for o in c.get("outputs", [])
        if "scrapbook" in o.get("metadata", {})
    }
    assert glued["n_sources"].strip("'") == str(len(sources)), glued
