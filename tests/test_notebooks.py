"""Committed chapters: executed, up to date with their inputs, free of volatile or machine-specific content."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from ckaibook.book import build
from ckaibook.present import charts
from ckaibook.chapters import params

CHAPTERS = list(build.chapter_paths().values())
IDS = [p.stem for p in CHAPTERS]


def _nb(path):
    return json.loads(path.read_text())


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_no_machine_paths_timestamps_or_random_ids(path):
    text = path.read_text()
    assert not re.search(r"(/work/|/tmp/|/root/|/home/|[A-Z]:\\\\)", text), "machine path stored"
    nb = _nb(path)
    meta = json.dumps(nb["metadata"]) + json.dumps([c["metadata"] for c in nb["cells"]])
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", meta), "timestamp in metadata"
    assert "papermill" not in nb["metadata"]
    assert not re.search(r"altair-viz-[0-9a-f]{8}", text), "random chart id"
    assert all(re.fullmatch(r"c\d{3}", c["id"]) for c in nb["cells"]), "unstable cell ids"


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_executed_without_errors_and_up_to_date(path):
    nb = _nb(path)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert any(c.get("execution_count") for c in code), "not executed"
    assert not any(o.get("output_type") == "error" for c in code for o in c.get("outputs", []))
    assert build.stored_hash(path) == build.input_hash(
        path, {}
    ), "inputs (data, library, lock or cells) changed since this chapter was executed: run `make book`"


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_parameters_cell_declares_known_parameters(path):
    declared = build.declared_parameters(path)
    assert {"home", "partner"} <= set(declared) or path.stem.startswith("90")
    assert set(declared) <= set(params.SPECS), f"undeclared parameter(s): {set(declared) - set(params.SPECS)}"
    nb = _nb(path)
    tagged = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert all("remove-cell" in c["metadata"]["tags"] for c in tagged), "parameters cell shown in the book"


def _charts(path):
    for cell in _nb(path)["cells"]:
        for out in cell.get("outputs", []):
            if charts.MIMETYPE in out.get("data", {}):
                yield out["data"][charts.MIMETYPE]


def test_every_chart_follows_the_house_style_and_names_are_unique():
    names = []
    for path in CHAPTERS:
        for spec in _charts(path):
            meta = spec["usermeta"]["ckaibook"]
            names.append(meta["name"])
            assert spec.get("description"), f"{meta['name']}: no description"
            assert spec["title"]["text"] and spec["title"].get("subtitle"), f"{meta['name']}: no title/subtitle"
            assert meta["source"].startswith("Source: ") and "(" in meta["source"], f"{meta['name']}: no source/licence"
            assert "tooltip" in json.dumps(spec), f"{meta['name']}: no tooltip"
    dupes = [n for n, k in Counter(names).items() if k > 1]
    assert not dupes, f"figure names used twice: {dupes}"


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_every_glue_reference_has_a_glued_value(path):
    nb = _nb(path)
    used = set()
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            used |= set(re.findall(r"\{glue(?::\w+)?\}`([^`]+)`", "".join(cell["source"])))
    glued = set()
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                glued.add(name)
    assert used <= glued, f"glue references without a value: {sorted(used - glued)}"
