"""The build: normalising executed notebooks, atomic execution, the input hash and skip logic."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from ckaibook.book import build
from ckaibook.data import paths
from ckaibook.book.authoring import code, md, write


def _nb(tmp_path: Path, cells, name="07-test.ipynb") -> Path:
    path = tmp_path / name
    write(str(path), cells)
    return path


def test_normalise_strips_volatile_metadata_and_hides_parameters():
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "papermill": {"start_time": "2026-01-01T00:00:00", "input_path": "/root/x.ipynb"},
        "kernelspec": {"name": "python3"},
        "language_info": {"name": "python", "version": "3.11.7"},
    }
    cell = nbformat.v4.new_code_cell("x = 1")
    cell.metadata = {
        "tags": ["injected-parameters"],
        "papermill": {"duration": 0.1},
        "execution": {"iopub.execute_input": "2026-01-01T00:00:00"},
    }
    nb.cells = [cell]
    out = build.normalise(nb, "abc")
    text = nbformat.writes(out)
    assert "2026-01-01" not in text and "/root/" not in text and "3.11.7" not in text
    assert out.metadata["ckaibook"]["input_hash"] == "abc"
    assert "remove-cell" in out.cells[0].metadata["tags"]


def test_normalise_refuses_error_outputs():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("1/0")
    cell.outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="x", traceback=[])]
    nb.cells = [cell]
    with pytest.raises(build.BuildError, match="error output"):
        build.normalise(nb, "abc")


def test_input_hash_follows_source_params_and_library(tmp_path):
    src = _nb(tmp_path, [code('partner = "KOR"', tags=["parameters"]), code("print(partner)")])
    lib = tmp_path / "ckaibook"
    lib.mkdir()
    (lib / "__init__.py").write_text("")
    (lib / "extra.py").write_text("A = 1\n")
    used = {"modules": ["ckaibook", "ckaibook.extra"], "tables": []}
    base = build.input_hash(src, {}, used=used, lib=lib)
    assert build.input_hash(src, {}, used=used, lib=lib) == base
    assert build.input_hash(src, {"partner": "JPN"}, used=used, lib=lib) != base
    (lib / "extra.py").write_text("A = 2\n")
    assert build.input_hash(src, {}, used=used, lib=lib) != base


def test_input_hash_follows_the_data_package(tmp_path):
    src = _nb(tmp_path, [code("x = 1")])
    data = tmp_path / "data"
    shutil.copytree(paths.DATA, data, ignore=shutil.ignore_patterns("*.csv"))
    before = build.input_hash(src, {}, data_dir=data)  # nothing recorded: every table counts
    (data / "datapackage.json").write_text((data / "datapackage.json").read_text().replace("sha256:", "sha256:0", 1))
    assert build.input_hash(src, {}, data_dir=data) != before


@pytest.mark.slow
def test_skip_logic_executes_changed_chapters_only(tmp_path):
    src = _nb(
        tmp_path,
        [
            code('partner = "KOR"  # ISO3', tags=["parameters"]),
            code("from ckaibook.data import countries\nprint(partner)"),
        ],
    )
    assert build.execute_chapters([src], {}) == ["07-test"]
    first = src.read_bytes()
    assert build.execute_chapters([src], {}) == []  # unchanged tree: nothing executes
    write(
        str(src),
        [
            code('partner = "KOR"  # ISO3', tags=["parameters"]),
            code("from ckaibook.data import countries\nprint(partner, 1)"),
        ],
    )
    assert build.execute_chapters([src], {}) == ["07-test"]  # a code change executes
    assert src.read_bytes() != first  # new input hash recorded
    assert build.execute_chapters([src], {}) == []


@pytest.mark.slow
def test_failed_execution_leaves_the_good_notebook_and_names_the_cell(tmp_path):
    dest = tmp_path / "out" / "07-test.ipynb"
    dest.parent.mkdir()
    dest.write_text("GOOD")
    src = _nb(tmp_path, [md("# t"), code("x = 1"), code("raise ValueError('boom')")])
    with pytest.raises(build.BuildError, match=r"07-test: failed in cell \[2\] — ValueError: boom"):
        build.execute(src, dest, {}, failed_dir=tmp_path / "failed")
    assert dest.read_text() == "GOOD"
    assert (tmp_path / "failed" / "07-test.ipynb").exists()
    assert not list(dest.parent.glob(".*running*"))


@pytest.mark.slow
def test_executing_twice_changes_no_byte(tmp_path):
    src = build.resolve_chapter("90")
    a, b = tmp_path / "a" / src.name, tmp_path / "b" / src.name
    build.execute(src, a, {})
    build.execute(src, b, {})
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() == src.read_bytes(), "the committed chapter is not what execution produces now"


def test_resolve_chapter_and_unknown_chapter():
    assert build.resolve_chapter("0").name.startswith("00-")
    assert build.resolve_chapter("00-introduction").name == "00-introduction.ipynb"
    with pytest.raises(build.BuildError, match="unknown chapter '42'; allowed: 00"):
        build.resolve_chapter("42")


def test_variant_name():
    assert build.variant_name({"partner": "JPN"}) == "CAN-JPN"
    assert build.variant_name({"partner": "JPN", "start_year": 2005, "end_year": 2020}) == "CAN-JPN_2005-2020"
    assert build.variant_name({"load_mw": 200.0}) == "CAN-KOR_load_mw200"
