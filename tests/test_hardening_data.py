"""`make data` is a transaction, and every failure is one line naming the file and the problem.

The raw cases edit a scratch copy of the mirror (``scratch_raw``) and build into a copy of ``data/``;
each asserts that every file under that copy keeps its bytes and that no staging folder is left.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ckaibook.book import cli
from ckaibook.data import datapackage, paths


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A copy of data/ the commands build into (paths.DATA points at it)."""
    target = tmp_path / "work" / "data"
    shutil.copytree(paths.DATA, target)
    monkeypatch.setattr(paths, "DATA", target)
    # These cases test the ETL's own checks and the transaction, beneath the raw-snapshot hash check
    # (which would stop first on any altered raw file; its cases are in tests/test_fetch.py).
    from ckaibook.data import snapshot

    monkeypatch.setattr(snapshot, "verify_inputs", lambda tables: None)
    datapackage.load.cache_clear()
    yield target
    datapackage.load.cache_clear()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    return code, capsys.readouterr().err.strip()


def _error_line(err: str) -> str:
    """The one error line; progress lines may precede it, a traceback may not."""
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1 and err.splitlines()[-1] == lines[0], err
    return lines[0]


def _change_ember_values(root: Path) -> None:
    """A valid edit that changes ember.csv, so a half-applied build would show."""
    path = root / "ember" / "api_country_overview_yearly.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Afghanistan,AFG,2000,0.57,", "Afghanistan,AFG,2000,0.58,", 1), encoding="utf-8")


def test_undecodable_raw_file_fails_in_one_line_naming_it_and_data_is_unchanged(scratch_raw, data_copy, capsys):
    root = scratch_raw("ember", "wdi")
    _change_ember_values(root)  # ember builds first and succeeds: its new bytes must not land
    bad = root / "wdi" / "sp.pop.totl.csv"
    raw = bad.read_bytes()
    bad.write_bytes(raw[:1000] + b"\xff\xfe" + raw[1000:])
    before = _snapshot(data_copy)
    code, err = _run(capsys, "data", "ember", "wdi")
    line = _error_line(err)
    assert code == 2
    assert f"{bad}: cannot read it as CSV: not UTF-8 text (undecodable byte 0xff)" in line
    assert _snapshot(data_copy) == before, "data/ changed although the build failed"
    assert sorted(p.name for p in data_copy.parent.iterdir()) == ["data"], "a staging folder was left behind"


def test_raw_gdp_file_cut_in_half_fails_naming_it_and_data_is_unchanged(scratch_raw, data_copy, capsys):
    root = scratch_raw("wdi")
    gdp = root / "wdi" / "ny.gdp.mktp.cd.csv"
    raw = gdp.read_bytes()
    gdp.write_bytes(raw[: len(raw) // 2])
    before = _snapshot(data_copy)
    code, err = _run(capsys, "data", "wdi")
    line = _error_line(err)
    assert code == 2
    assert line.startswith(f"error: {gdp}: ") and "absent" in line, line
    assert _snapshot(data_copy) == before
    assert sorted(p.name for p in data_copy.parent.iterdir()) == ["data"]


def test_wdi_file_thinned_to_few_countries_fails_the_coverage_floor(scratch_raw, data_copy, capsys):
    root = scratch_raw("wdi")
    path = root / "wdi" / "tx.val.tech.cd.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    keep = ("CAN", "KOR", "USA", "CHN", "JPN")
    path.write_text("\n".join([lines[0]] + [x for x in lines[1:] if x.split(",")[-3] in keep]) + "\n", encoding="utf-8")
    before = _snapshot(data_copy)
    code, err = _run(capsys, "data", "wdi")
    assert code == 2
    assert f"error: {path}: only 5 countries, expected at least" in _error_line(err)
    assert _snapshot(data_copy) == before


def test_failure_in_later_table_leaves_earlier_tables_unwritten(scratch_raw, data_copy, capsys):
    root = scratch_raw("ember", "wdi")
    _change_ember_values(root)
    (root / "wdi" / "ny.gdp.mktp.cd.csv").write_bytes(b"")
    before = _snapshot(data_copy)
    code, err = _run(capsys, "data", "ember", "wdi")
    assert code == 2
    assert "ny.gdp.mktp.cd.csv: cannot read it as CSV: No columns to parse from file" in _error_line(err)
    assert _snapshot(data_copy) == before


def test_successful_partial_build_replaces_the_files(scratch_raw, data_copy, capsys):
    root = scratch_raw("ember")
    _change_ember_values(root)
    before = (data_copy / "ember.csv").read_bytes()
    code, _ = _run(capsys, "data", "ember")
    assert code == 0
    assert (data_copy / "ember.csv").read_bytes() != before
    assert datapackage.load("ember").shape[0] > 0  # checksum in the new descriptor matches the new file
    assert sorted(p.name for p in data_copy.parent.iterdir()) == ["data"]


@pytest.mark.parametrize("content", [b'{"resources": [ {"name": "fx", "pa', b"\xff\xfe{}", b"[]", b""])
def test_invalid_descriptor_is_one_line_naming_the_file(data_copy, capsys, content):
    descriptor = data_copy / "datapackage.json"
    descriptor.write_bytes(content)
    before = _snapshot(data_copy)
    with pytest.raises(datapackage.DataError, match=f"^{descriptor}: "):
        datapackage.load("fx")
    # A chapter run (which reads the country list from data/) stops with one line…
    code, err = _run(capsys, "chapter", "02", "--partner", "JPN")
    assert code == 2 and _error_line(err).startswith(f"error: {descriptor}: ")
    # …and so does a partial rebuild, which must keep the other tables' entries and cannot.
    code, err = _run(capsys, "data", "fx")
    assert code == 2 and _error_line(err).startswith(f"error: {descriptor}: ")
    assert "run `make data`" in err
    assert _snapshot(data_copy) == before


@pytest.mark.slow
def test_full_rebuild_repairs_an_invalid_descriptor(raw_mirror, data_copy, capsys):
    descriptor = data_copy / "datapackage.json"
    descriptor.write_text("{ not json")
    code, err = _run(capsys, "data")
    assert code == 0, err
    assert descriptor.read_bytes() == (paths.REPO / "data" / "datapackage.json").read_bytes()
    assert sorted(p.name for p in data_copy.parent.iterdir()) == ["data"]


def test_interrupted_build_leaves_data_as_it_was(scratch_raw, data_copy, monkeypatch, capsys):
    import dataclasses

    from ckaibook.data import etl

    root = scratch_raw("ember", "wdi")
    _change_ember_values(root)  # ember is built before the interruption: its new bytes must not land

    def ctrl_c():
        raise KeyboardInterrupt

    tables = etl.all_tables()
    tables["wdi"] = dataclasses.replace(tables["wdi"], build=ctrl_c)
    monkeypatch.setattr(etl, "all_tables", lambda: tables)
    before = _snapshot(data_copy)
    assert cli.main(["data", "ember", "wdi"]) == 130
    assert _snapshot(data_copy) == before
    assert sorted(p.name for p in data_copy.parent.iterdir()) == ["data"]


def test_unexpected_etl_error_is_one_line_naming_table_and_raw_folder(data_copy, monkeypatch, capsys):
    import dataclasses

    from ckaibook.data import etl

    tables = etl.all_tables()
    tables["fx"] = dataclasses.replace(tables["fx"], build=lambda: {}["Close"])  # a slip the ETL did not foresee
    monkeypatch.setattr(etl, "all_tables", lambda: tables)
    before = _snapshot(data_copy)
    code = cli.main(["data", "fx"])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert _error_line(err) == "error: table fx (raw folder fx): KeyError: 'Close'"
    assert _snapshot(data_copy) == before


def test_table_below_its_row_floor_fails_naming_the_raw_folder(scratch_raw, data_copy, capsys):
    root = scratch_raw("ember")
    path = root / "ember" / "api_country_overview_yearly.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join([lines[0]] + [x for x in lines[1:] if ",CAN," in x or ",KOR," in x or x.startswith("World,")]) + "\n",
        encoding="utf-8",
    )
    before = _snapshot(data_copy)
    code, err = _run(capsys, "data", "ember")
    assert code == 2
    assert _error_line(err).startswith("error: table ember: only ")
    assert f"expected at least 12,000: is a raw file in {root / 'ember'} (its files) cut short?" in err
    assert _snapshot(data_copy) == before
