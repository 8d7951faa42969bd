"""Every output is shown: a code cell that calls a table, chart, note or box helper has a rendered output.

A helper that *returns* HTML is dropped unless it is a cell's last expression (inside ``if``/``else`` or
mid-cell it vanishes, and nbval passes because empty equals empty); the helpers now display themselves,
and this test reads the executed notebooks to prove each such cell rendered something.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from ckaibook.data import paths

HELPERS = re.compile(r"\b(display\.(table|note)|charts\.show|sm\.show|boxes\.(box|ledger_box)|energy\.show_panels)\(")
SHOWN = {"text/html", "text/markdown", "application/vnd.vegalite.v6+json", "image/png"}
CHAPTERS = sorted(paths.CHAPTERS.glob("[0-9][0-9]-*.ipynb"))


def _calls(nodes: list[ast.stmt]) -> int:
    """Display-helper calls that certainly run: top-level ones, plus one per if/else whose both branches show."""
    n = 0
    for node in nodes:
        if isinstance(node, ast.If):
            if _calls(node.body) and _calls(node.orelse):
                n += 1
        elif isinstance(node, (ast.For, ast.While, ast.With, ast.Try, ast.FunctionDef)):
            continue
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.IfExp):
            n += 1  # ``show(...) if data else note(...)``: one of the two runs
        else:
            n += len(HELPERS.findall(ast.get_source_segment(SOURCE[0], node) or ""))
    return n


SOURCE = [""]


def expected_outputs(source: str) -> int:
    """How many visible outputs a cell's display calls must have produced."""
    SOURCE[0] = source
    return _calls(ast.parse(source).body)


def cells_without_output(nb_path: Path) -> list[int]:
    """Indexes of code cells with fewer visible outputs than display-helper calls that must have run."""
    nb = nbformat.read(nb_path, as_version=4)
    missing = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not HELPERS.search(cell.source):
            continue
        shown = [
            o
            for o in cell.outputs
            if o.get("output_type") in ("display_data", "execute_result") and SHOWN & set(o.get("data", {}))
        ]
        if len(shown) < expected_outputs(cell.source):
            missing.append(i)
    return missing


@pytest.mark.parametrize("nb_path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_every_display_call_has_a_rendered_output(nb_path):
    assert cells_without_output(nb_path) == [], f"{nb_path.name}: cells whose table/chart/note is not shown"


def test_a_dropped_table_is_detected(tmp_path):
    """The check can fail: a cell that calls display.table and stored no output is reported."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("if x:\n    display.note('a')\nelse:\n    display.table(df)"),
        nbformat.v4.new_code_cell("display.table(a)\ndisplay.table(b)"),
    ]
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    assert cells_without_output(path) == [0, 1]


def test_table_helper_displays_itself_rather_than_returning(monkeypatch):
    """A table inside an ``if`` shows: the helper displays (old code returned HTML, dropped mid-cell)."""
    import pandas as pd

    from ckaibook.present import display

    shown = []
    monkeypatch.setattr(display, "_display", shown.append)
    result = display.table(pd.DataFrame({"a": [1]}), caption="t")
    assert result is None and len(shown) == 1 and "<table" in shown[0].data
