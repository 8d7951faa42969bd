"""What makes a chapter re-execute: data integrity first, then only the code, modules and tables it used.

Every test works on copies (a temporary data/, a temporary library tree, temporary notebooks);
the real tree is never modified.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from ckaibook.book import build, cli, inputs
from ckaibook.book.authoring import code, md, write
from ckaibook.data import paths
from ckaibook.data.datapackage import DataError

CHAPTERS = list(build.chapter_paths().values())


# ---------------------------------------------------------------- 1. integrity of data/ on every build


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(paths.DATA, target)
    return target


def _corrupt_byte(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    path.write_bytes(bytes(raw))


def _truncate(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


@pytest.mark.parametrize(
    "damage, word",
    [
        (_corrupt_byte, "changed or corrupted"),
        (_truncate, "truncated"),
        (Path.unlink, "missing"),
    ],
)
def test_check_data_names_the_damaged_table_in_one_line(data_copy, damage, word):
    assert inputs.check_data(data_copy) == len(json.loads((data_copy / "datapackage.json").read_text())["resources"])
    damage(data_copy / "top500.csv")
    with pytest.raises(DataError) as info:
        inputs.check_data(data_copy)
    message = str(info.value)
    assert "top500.csv" in message and word in message and "\n" not in message


@pytest.mark.parametrize("damage", [_corrupt_byte, _truncate, Path.unlink], ids=["byte", "truncated", "deleted"])
def test_make_book_stops_on_a_damaged_table_before_deciding_what_to_skip(data_copy, monkeypatch, capsys, damage):
    damage(data_copy / "top500.csv")
    monkeypatch.setattr(paths, "DATA", data_copy)

    def must_not_run(*args, **kwargs):
        raise AssertionError("the build went on past a damaged data/")

    monkeypatch.setattr(build, "build_html", must_not_run)
    before = {p: p.read_bytes() for p in CHAPTERS}
    assert cli.main(["book"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "top500.csv" in err
    assert len(err.splitlines()) == 1, err
    assert {p: p.read_bytes() for p in CHAPTERS} == before


def test_checking_all_of_data_takes_well_under_a_second():
    import time

    start = time.perf_counter()
    inputs.check_data()
    assert time.perf_counter() - start < 1.0


# ---------------------------------------------------------------- 2. only what a chapter used


@pytest.fixture
def lib_copy(tmp_path: Path) -> Path:
    """A copy of the library tree to edit (the real one stays as it is)."""
    target = tmp_path / "lib" / "ckaibook"
    shutil.copytree(inputs.LIB, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _hashes(lib: Path, data_dir: Path | None = None) -> dict[str, str]:
    return {p.stem: inputs.input_hash(p, {}, lib=lib, data_dir=data_dir) for p in CHAPTERS}


def _edit(path: Path) -> None:
    path.write_text(path.read_text() + "\n# an edit\n")


def test_every_committed_chapter_records_what_it_used():
    for path in CHAPTERS:
        used = inputs.recorded(path)
        assert used is not None, f"{path.stem}: no record of modules/tables: run `make book`"
        assert "ckaibook.data.datapackage" in used["modules"], path.stem
        assert used["tables"], path.stem


@pytest.mark.parametrize(
    "module",
    [
        "book/cli.py",
        "book/browser.py",
        "book/bench.py",
        "book/build.py",
        "data/etl/top500.py",
        "data/etl/wdi.py",
        "book/static/ckaibook.css",
        "book/static/ckaibook-charts.js",
    ],
)
def test_editing_a_module_no_chapter_imports_executes_nothing(lib_copy, module):
    before = _hashes(lib_copy)
    _edit(lib_copy / module)
    assert _hashes(lib_copy) == before


def test_editing_a_module_re_executes_only_the_chapters_that_import_it(lib_copy):
    importers = {p.stem for p in CHAPTERS if "ckaibook.chapters.roadmap" in inputs.recorded(p)["modules"]}
    assert importers and importers != {p.stem for p in CHAPTERS}
    before = _hashes(lib_copy)
    _edit(lib_copy / "chapters" / "roadmap.py")
    after = _hashes(lib_copy)
    assert {name for name in before if before[name] != after[name]} == importers


def test_a_new_module_in_a_package_a_chapter_imports_counts(lib_copy):
    # verdicts.py imports every module of claims/checks by name: a new one may change a chapter.
    users = {p.stem for p in CHAPTERS if "ckaibook.claims.checks" in inputs.recorded(p)["modules"]}
    before = _hashes(lib_copy)
    (lib_copy / "claims" / "checks" / "new_check.py").write_text("X = 1\n")
    after = _hashes(lib_copy)
    assert users and {name for name in before if before[name] != after[name]} == users


def test_a_changed_table_re_executes_only_the_chapters_that_read_it(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    descriptor = json.loads((paths.DATA / "datapackage.json").read_text())
    (data / "datapackage.json").write_text(json.dumps(descriptor))
    before = _hashes(inputs.LIB, data)
    for res in descriptor["resources"]:
        if res["name"] == "top500":
            res["hash"] = "sha256:" + "0" * 64
    (data / "datapackage.json").write_text(json.dumps(descriptor))
    after = _hashes(inputs.LIB, data)
    changed = {name for name in before if before[name] != after[name]}
    readers = {p.stem for p in CHAPTERS if {"top500", "*"} & set(inputs.recorded(p)["tables"])}
    assert changed == readers and "00-introduction" not in changed


def test_the_html_step_depends_on_static_assets_and_the_modules_it_imported(tmp_path, monkeypatch):
    static = tmp_path / "static"
    shutil.copytree(build.STATIC, static)
    monkeypatch.setattr(build, "STATIC", static)
    modules = ["ckaibook", "ckaibook.book", "ckaibook.book.sphinx_vega"]
    before = build.html_inputs(paths.REPO, modules)
    assert build.html_inputs(paths.REPO, modules) == before
    _edit(static / "ckaibook.css")
    after = build.html_inputs(paths.REPO, modules)
    assert after["engine"] != before["engine"] and after["pages"] == before["pages"]
    assert build.html_inputs(paths.REPO, [*modules, "ckaibook.book.cli"])["engine"] != after["engine"]


def test_markdown_is_not_an_input_but_code_is(tmp_path):
    path = tmp_path / "07-test.ipynb"
    write(str(path), [md("# Title\n\nOne sentence."), code("x = 1")])
    base = inputs.input_hash(path, {})
    write(str(path), [md("# Title\n\nAnother sentence, and a new cell."), md("More prose."), code("x = 1")])
    assert inputs.input_hash(path, {}) == base
    write(str(path), [md("# Title"), code("x = 2")])
    assert inputs.input_hash(path, {}) != base


# ---------------------------------------------------------------- 3. prose edits execute nothing


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text())["cells"]


def _set_markdown(path: Path, index: int, text: str) -> None:
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[index].cell_type == "markdown"
    nb.cells[index].source = text
    nbformat.write(nb, path)


NOTEBOOK = [
    md("# Seven\n\nThe value is {glue}`x`."),
    code('partner = "KOR"', tags=["parameters"]),
    code("from ckaibook.data import countries\nprint(countries.name(partner))"),
    md("Closing words."),
]


@pytest.mark.slow
def test_a_prose_edit_executes_nothing_in_place_and_in_a_variant(tmp_path):
    src = tmp_path / "src" / "07-test.ipynb"
    src.parent.mkdir()
    write(str(src), NOTEBOOK)
    out = tmp_path / "variant"
    assert build.execute_chapters([src], {}) == ["07-test"]
    assert build.execute_chapters([src], {"partner": "JPN"}, out_dir=out) == ["07-test"]
    dest = out / src.name
    outputs_in_place = [c.get("outputs") for c in _cells(src)]
    outputs_variant = [c.get("outputs") for c in _cells(dest)]
    assert "Japan" in json.dumps(outputs_variant)

    _set_markdown(src, 3, "Closing words, rewritten.")
    assert build.execute_chapters([src], {}) == []
    assert build.execute_chapters([src], {"partner": "JPN"}, out_dir=out) == []
    for path, outputs in ((src, outputs_in_place), (dest, outputs_variant)):
        cells = _cells(path)
        assert [c.get("outputs") for c in cells] == outputs, path
        assert any(c["source"] == ["Closing words, rewritten."] for c in cells), path
    assert [c["id"] for c in _cells(dest) if c["cell_type"] == "markdown"] == [
        c["id"] for c in _cells(src) if c["cell_type"] == "markdown"
    ]

    nb = nbformat.read(src, as_version=4)
    nb.cells[2].source += "\nprint('more')"
    nbformat.write(nb, src)
    assert build.execute_chapters([src], {"partner": "JPN"}, out_dir=out) == ["07-test"]  # code still executes
    assert "more" in json.dumps(_cells(dest))


@pytest.mark.slow
def test_a_run_records_the_modules_and_tables_it_used(tmp_path):
    src = tmp_path / "07-test.ipynb"
    write(
        str(src),
        [
            code(
                "from ckaibook.data.datapackage import load\nfrom ckaibook.data import countries\n"
                "n = len(load('fx'))"
            )
        ],
    )
    assert build.execute_chapters([src], {}) == ["07-test"]
    used = inputs.recorded(src)
    assert "ckaibook.data.countries" in used["modules"] and "ckaibook.present.charts" not in used["modules"]
    assert used["tables"] == ["fx"]
    assert build.stored_hash(src) == inputs.input_hash(src, {})


def test_the_availability_gate_is_not_an_input_but_a_cached_table_still_is(tmp_path, monkeypatch):
    """Reading every table to see whether an economy has data does not make a run depend on every
    table; a table read later from the cache is still recorded."""
    from ckaibook.data import coverage, datapackage, usage

    datapackage.load.cache_clear()
    coverage._codes.cache_clear()
    record = tmp_path / "usage"
    monkeypatch.setenv(usage.ENV, str(record))
    assert "TWN" in coverage.countries_with_data()
    assert usage.read(record)["tables"] == []
    datapackage.load("fx")  # the gate has just read (and cached) it
    assert usage.read(record)["tables"] == ["fx"]
