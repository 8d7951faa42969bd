"""The command line an analyst uses: clear one-line errors, nothing written on bad input, variant runs."""

from __future__ import annotations

import json

import pytest

from ckaibook.book import build, cli
from ckaibook.data import paths

RUNS = paths.runs_root()  # this test process's own (conftest)


def _run(capsys, *argv):
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.err.strip()


@pytest.mark.parametrize(
    "argv, message, variant",
    [
        (["chapter", "02", "--partner", "XYZ"], "partner='XYZ' is not an ISO 3166 alpha-3 country code", "CAN-XYZ"),
        (["chapter", "02", "--partner", "KO"], "partner='KO' is not an ISO3 code", "CAN-KO"),
        (["chapter", "02", "--partner", "BVT"], "partner='BVT' (Bouvet Island) has no data in this book", "CAN-BVT"),
        (["chapter", "02", "--partner", "can"], "partner='CAN' equals home='CAN'", "CAN-CAN"),
        (["chapter", "00", "--start-year", "2020", "--end-year", "2010"], "empty year window", "CAN-KOR_2020-2010"),
        (["chapter", "00", "--start-year", "twenty"], "start_year='twenty' is not a whole year", "CAN-KOR_twenty"),
        (["chapter", "02", "--param", "load_mw=lots"], "load_mw='lots' is not a number", "CAN-KOR_load_mwlots"),
        (["chapter", "02", "--param", "load_mw=-1"], "load_mw=-1.0 is outside the allowed range", "CAN-KOR_load_mw-1"),
        (["chapter", "42"], "unknown chapter '42'; allowed: 00", "CAN-KOR"),
        (["chapter", "00", "--param", "load_mw=5"], "has no parameter(s) ['load_mw']", "CAN-KOR_load_mw5"),
        (["book", "--partner", "XYZ"], "partner='XYZ' is not an ISO 3166", "CAN-XYZ"),
    ],
)
def test_bad_input_fails_early_with_one_line_and_writes_nothing(capsys, argv, message, variant):
    before = {p: p.stat().st_mtime_ns for p in paths.CHAPTERS.glob("[0-9]*.ipynb")}
    existed = (RUNS / variant).exists()
    code, err = _run(capsys, *argv)
    assert code == 2
    assert message in err
    assert err.startswith("error: ") and "\n" not in err, "the message must be one line"
    assert (RUNS / variant).exists() == existed, "an output folder was created"
    assert {p: p.stat().st_mtime_ns for p in paths.CHAPTERS.glob("[0-9]*.ipynb")} == before


def test_params_lists_each_parameter_with_its_meaning(capsys):
    assert cli.main(["params", "00"]) == 0
    out = capsys.readouterr().out
    assert "00-introduction:" in out
    assert "partner" in out and "ISO3 code of the partner country" in out


@pytest.mark.slow
def test_chapter_rerun_for_another_partner_leaves_committed_chapter_untouched(capsys):
    committed = build.resolve_chapter("00")
    before = committed.read_bytes()
    assert cli.main(["chapter", "00", "--partner", "JPN"]) == 0
    out = RUNS / "CAN-JPN" / committed.name
    assert out.is_file() and out.with_suffix(".html").is_file()
    assert committed.read_bytes() == before
    nb = json.loads(out.read_text())
    glued = {
        o["metadata"]["scrapbook"]["name"]: o["data"]
        for c in nb["cells"]
        for o in c.get("outputs", [])
        if o.get("metadata", {}).get("scrapbook")
    }
    assert "Japan" in json.dumps(glued["partner_name"])
    html = out.with_suffix(".html").read_text()
    assert "Japan" in html and "{glue}" not in html


@pytest.mark.slow
def test_variant_book_builds_into_its_own_folder_with_titles_following_the_pair():
    before = {p: p.read_bytes() for p in paths.CHAPTERS.glob("[0-9]*.ipynb")}
    assert cli.main(["book", "--partner", "JPN"]) == 0
    page = RUNS / "CAN-JPN" / "book" / "_build" / "html" / "chapters" / "00-introduction.html"
    html = page.read_text()
    assert "Canada–Japan AI Co-operation, in data" in html
    assert "Japan" in html
    assert {p: p.read_bytes() for p in paths.CHAPTERS.glob("[0-9]*.ipynb")} == before
