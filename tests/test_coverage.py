"""Which pairs and year windows the chapters can show, checked before anything runs; the variant matrix."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from ckaibook.book import build, cli, variants
from ckaibook.book.authoring import code, write
from ckaibook.chapters import coverage, params
from ckaibook.data import countries, coverage as data_coverage, paths

RUNS = paths.runs_root()  # this test process's own (conftest)
FAILED = paths.BUILD / "failed"


def _tree(folder: Path) -> list[str]:
    """Files under ``folder``, without the hidden locks and temporary files that builds running in
    parallel (other test files) create and remove meanwhile."""
    if not folder.is_dir():
        return []
    return sorted(
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def _run(capsys, *argv):
    code_ = cli.main(list(argv))
    captured = capsys.readouterr()
    return code_, captured.out, captured.err.strip()


# --- coverage of the data -------------------------------------------------------------------------


def test_a_country_has_data_when_any_table_has_a_row_for_it():
    have = set(data_coverage.countries_with_data())
    assert {"CAN", "KOR", "USA", "CHN", "SGP", "MMR"} <= have
    assert "TWN" in have, "Taiwan has no WDI rows but is in TOP500, Epoch, GitHub and energy tables"
    assert "XKX" in have  # Kosovo: World Bank rows under its user-assigned code
    assert "BVT" not in have  # Bouvet Island: no row anywhere
    assert not set(countries.AGGREGATES) & have
    assert data_coverage.tables_without("TWN", ["wdi", "top500", "epoch_models"]) == ["wdi"]


def test_country_columns_include_both_sides_of_trade_and_gas_flows():
    cols = data_coverage.country_columns()
    assert cols["trade"] == ("reporter", "partner")
    assert set(cols["ei_gas_trade"]) == {"importer_iso3", "exporter_iso3"}
    assert "claims" not in cols


def _chapter_sources(src: Path) -> str:
    """A chapter notebook's code and the source of the chapter module(s) it imports."""
    nb = json.loads(src.read_text())
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    for module in re.findall(r"from ckaibook\.chapters import ([\w, ]+?)(?: as \w+)?$", text, flags=re.M):
        for name in (m.strip() for m in module.split(",")):
            if name not in ("params", "coverage"):
                text += (paths.REPO / "lib" / "ckaibook" / "chapters" / f"{name}.py").read_text()
    return text


def test_each_chapter_declares_the_country_tables_it_loads():
    with_country = data_coverage.country_columns()
    for src in variants.pair_chapters():
        key = src.name[:2]
        assert key in coverage.CHAPTERS, f"{src.stem}: no declaration in chapters/coverage.py"
        declared = set(coverage.CHAPTERS[key].tables)
        assert declared <= set(with_country), f"{src.stem}: declared tables without a country column"
        loaded = set(re.findall(r'load\("(\w+)"\)', _chapter_sources(src))) & set(with_country)
        assert loaded <= declared, f"{src.stem} loads {sorted(loaded - declared)} but does not declare them"


def test_each_windowed_chapter_declares_series_and_its_defaults_pass():
    for src in variants.pair_chapters():
        defaults = variants.chapter_defaults(src)
        if "start_year" in defaults:
            assert coverage.CHAPTERS[src.name[:2]].series, f"{src.stem} takes a year window but declares no series"
        assert isinstance(coverage.precheck(src.name[:2], {}, defaults), list)


def test_window_outside_a_series_is_refused_naming_the_chapter_and_series():
    with pytest.raises(
        params.ParameterError,
        match=r"^start_year=2030 is after the data of chapter 02 \(Ember electricity demand: 2000–2024\)$",
    ):
        coverage.check_window("02", 2030, 2035)
    with pytest.raises(
        params.ParameterError,
        match=r"^end_year=1990 is before the data of chapter 04 \(Ember emissions intensity: 2000–2024\)$",
    ):
        coverage.check_window("04", 1980, 1990)
    coverage.check_window("02", 2010, 2020)


# --- the command line checks before anything runs -------------------------------------------------


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["chapter", "02", "--start-year", "2030"],
            "start_year=2030 is after the data of chapter 02-challenges-and-opportunities "
            "(Ember electricity demand: 2000–2024)",
        ),
        (["chapter", "00", "--end-year", "1980"], "end_year=1980 is before the data of chapter 00-introduction"),
        (["book", "--start-year", "2030"], "start_year=2030 is after the data of chapter 00-introduction"),
        (["book", "--partner", "JPN", "--start-year", "2030"], "start_year=2030 is after the data of chapter 00"),
        (["variants", "--start-year", "2030"], "start_year=2030 is after the data of chapter 00-introduction"),
        (["chapter", "02", "--partner", "BVT"], "partner='BVT' (Bouvet Island) has no data in this book"),
        (["book", "--home", "BVT", "--partner", "JPN"], "home='BVT' (Bouvet Island) has no data in this book"),
        (["variants", "--partner", "BVT"], "partner='BVT' (Bouvet Island) has no data in this book"),
        (["variants", "--home", "KOR", "--partner", "KOR"], "partner='KOR' equals home"),
    ],
)
def test_bad_pair_or_window_stops_in_one_line_and_writes_nothing(capsys, monkeypatch, argv, message):
    ran = []
    for name in ("execute", "execute_chapters", "run_jobs", "prepare_variant"):
        monkeypatch.setattr(build, name, lambda *a, _n=name, **k: ran.append(_n))
    runs, failed = _tree(RUNS), _tree(FAILED)
    code_, _, err = _run(capsys, *argv)
    assert code_ == 2 and not ran
    assert err.startswith("error: ") and "\n" not in err, err
    assert message in err
    assert _tree(RUNS) == runs and _tree(FAILED) == failed, "something was written"


def test_make_chapter_with_a_window_after_the_data_writes_nothing():
    runs, failed = _tree(RUNS), _tree(FAILED)
    result = subprocess.run(
        ["make", "-s", "--no-print-directory", "-C", str(paths.REPO), "chapter", "CH=02", "START=2030"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    errors = [
        line for line in result.stderr.splitlines() if not re.match(r"make(\[\d+\])?: ", line)
    ]  # under make test too
    assert errors == [
        "error: start_year=2030 is after the data of chapter "
        "02-challenges-and-opportunities (Ember electricity demand: 2000–2024)"
    ]
    assert _tree(RUNS) == runs and _tree(FAILED) == failed


@pytest.mark.parametrize("partner, missing", [("TWN", "wdi"), ("XKX", "trade")])
def test_a_partner_in_only_some_tables_is_accepted_with_a_note(capsys, monkeypatch, partner, missing):
    from ckaibook.book import export

    calls = []
    monkeypatch.setattr(build, "execute_chapters", lambda chapters, values, **kw: calls.append(values))
    monkeypatch.setattr(export, "to_html", lambda path: path.with_suffix(".html"))
    code_, _, err = _run(capsys, "chapter", "00", "--partner", partner)
    assert code_ == 0, err
    assert calls == [{"partner": partner}]
    assert f"note     00-introduction: {countries.name(partner)} ({partner}) has no rows in " in err
    assert missing in err


def test_book_for_a_partial_partner_reaches_the_build(capsys, monkeypatch):
    calls = []
    monkeypatch.setattr(build, "book", lambda values, **kw: calls.append(values))
    code_, _, err = _run(capsys, "book", "--partner", "TWN")
    assert code_ == 0, err
    assert calls == [{"partner": "TWN"}]


# --- the variant matrix ---------------------------------------------------------------------------


def test_matrix_is_home_times_g20_and_asean_with_data():
    partners = variants.matrix_partners("CAN")
    assert "CAN" not in partners
    assert {"USA", "CHN", "KOR", "JPN", "SGP", "MMR", "IDN", "BRN", "ZAF", "SAU"} <= set(partners)
    assert set(partners) <= set(countries.members("G20")) | set(countries.members("ASEAN"))
    assert set(partners) <= set(data_coverage.countries_with_data())
    assert "CAN" in variants.matrix_partners("KOR") and "KOR" not in variants.matrix_partners("KOR")


def _outcome(status, seconds=0.0, cell=None, error=""):
    job = build.Job(Path("00-x.ipynb"), Path("runs/x/00-x.ipynb"), {})
    return build.Outcome(job, status, seconds, cell, error, error)


def test_report_table_shows_each_run_failures_and_a_summary():
    report = variants.Report(
        ["CAN-USA", "CAN-XKX"],
        ["00-introduction", "01-state"],
        {
            ("CAN-USA", "00-introduction"): _outcome("ok", 2.5),
            ("CAN-USA", "01-state"): _outcome("skip"),
            ("CAN-XKX", "00-introduction"): _outcome("failed", 1.0, 6, "KeyError: 'no value for XKX'"),
            ("CAN-XKX", "01-state"): _outcome("ok", 3.0),
        },
        7.2,
    )
    text = report.table()
    lines = text.splitlines()
    assert lines[0].split() == ["pair", "00", "01"]
    assert lines[1].split() == ["CAN-USA", "ok", "2.5s", "ok", "(unchanged)"]
    assert lines[2].split() == ["CAN-XKX", "FAILED", "[6]", "ok", "3.0s"]
    assert "  CAN-XKX 00-introduction cell [6] KeyError: 'no value for XKX'" in lines
    assert lines[-1] == (
        "2 pairs × 2 chapters = 4 runs: 2 executed, 1 unchanged, 1 failed; " "6s of execution in 7s wall time"
    )


def test_variants_command_prints_the_table_and_fails_on_any_failure(capsys, monkeypatch):
    seen = []

    def fake_run(pairs, extra=None, **kw):
        pairs = list(pairs)
        seen.append((pairs, extra))
        return variants.Report(
            [f"{h}-{p}" for h, p in pairs],
            ["00-introduction"],
            {
                (f"{h}-{p}", "00-introduction"): _outcome("failed" if p == "MMR" else "ok", 1.0, 3, "E: x")
                for h, p in pairs
            },
            1.0,
        )

    monkeypatch.setattr(variants, "run", fake_run)
    monkeypatch.setenv("CKAIBOOK_HOME_ISO", "KOR")
    code_, out, err = _run(capsys, "variants", "--from-env")
    assert (
        code_ == 2
        and err
        == f"error: 1 of {len(seen[0][0])} chapter runs failed (listed above; partial runs in _build/failed/<pair>/)"
    )
    assert seen[0][0] == [("KOR", p) for p in variants.matrix_partners("KOR")] and seen[0][1] == {}
    assert "KOR-MMR 00-introduction cell [3] E: x" in out
    code_, out, err = _run(capsys, "variants", "--from-env", "--partner", "jpn", "--start-year", "2010")
    assert code_ == 0 and seen[1] == ([("KOR", "JPN")], {"start_year": 2010})


@pytest.mark.slow
def test_variant_runs_skip_unchanged_and_report_the_failing_cell(tmp_path, monkeypatch):
    src = tmp_path / "07-pair.ipynb"
    write(
        str(src),
        [
            code('home = "CAN"\npartner = "KOR"', tags=["parameters"]),
            code('if partner == "MMR":\n    raise KeyError("no value for MMR")\nprint(home, partner)'),
        ],
    )
    pairs = [("CAN", "USA"), ("CAN", "MMR")]
    out, failed = tmp_path / "runs", tmp_path / "failed"
    first = variants.run(pairs, out_root=out, failed_root=failed, chapters=[src], jobs=2)
    assert first.outcomes["CAN-USA", "07-pair"].status == "ok"
    bad = first.outcomes["CAN-MMR", "07-pair"]
    assert (bad.status, bad.cell, bad.error) == (
        "failed",
        3,
        "KeyError: 'no value for MMR'",
    )  # after Papermill's injected cell
    assert (out / "CAN-USA" / "07-pair.ipynb").is_file()
    assert not (out / "CAN-MMR").exists(), "a failed first run left an empty folder"
    assert (failed / "CAN-MMR" / "07-pair.ipynb").is_file()
    again = variants.run(pairs, out_root=out, failed_root=failed, chapters=[src], jobs=2)
    assert again.outcomes["CAN-USA", "07-pair"].status == "skip"
    assert again.outcomes["CAN-MMR", "07-pair"].status == "failed"


@pytest.mark.slow
def test_a_kernel_that_does_not_start_is_a_failed_run_in_the_table(tmp_path, monkeypatch):
    """Old code: a run that failed outside a cell (here nbclient's start-up timeout) was left out of the
    outcomes, and `make variants` ended in a KeyError traceback while printing its table."""
    from ckaibook.book import execution

    def no_kernel(*args, **kwargs):
        raise RuntimeError("Kernel didn't respond in 60 seconds")

    monkeypatch.setattr(execution, "run", no_kernel)  # the pool forks: its workers see the patch
    src = tmp_path / "07-pair.ipynb"
    write(str(src), [code('home = "CAN"\npartner = "KOR"', tags=["parameters"]), code("print(home)")])
    report = variants.run([("CAN", "USA")], out_root=tmp_path / "runs", failed_root=tmp_path / "f", chapters=[src])
    bad = report.outcomes["CAN-USA", "07-pair"]
    assert bad.status == "failed" and "Kernel didn't respond in 60 seconds" in bad.message
    assert "FAILED" in report.table() and "1 failed" in report.summary()
