"""Only http(s) URLs become links anywhere in the book; downloadable chart CSVs carry no live formulas."""

from __future__ import annotations

import pandas as pd
import pytest

from ckaibook.present import boxes
from docutils import nodes

from ckaibook.book import sphinx_vega
from ckaibook.chapters import claims_ledger as ledger
from ckaibook.data.etl import claims as claims_etl
from ckaibook.data.etl._checks import RawDataError
from ckaibook.data.urls import web_url
from ckaibook.present import display

HOSTILE = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "http:/no-host",
    "file:///etc/passwd",
    "https://ok.example/a>b<script>",
]


@pytest.mark.parametrize("url", ["https://www.worldbank.org/x?a=1&b=2", "http://example.org", "HTTPS://EXAMPLE.ORG/"])
def test_web_urls_pass(url):
    assert web_url(url) == url


@pytest.mark.parametrize("url", HOSTILE + ["", None, 42])
def test_anything_else_is_not_a_link(url):
    assert web_url(url) is None


def _ledger_row(url: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "claim_id": "C01",
                "note_section": "intro",
                "claim": "a claim",
                "verdict": "supported",
                "live_verdict": None,
                "evidence": "e",
                "source_title": "Evil source",
                "source_url": url,
                "chapter": "00-introduction",
            }
        ]
    )


@pytest.mark.parametrize("url", HOSTILE)
def test_ledger_table_shows_a_non_web_source_as_plain_text(url):
    html = ledger.ledger_rows_html(_ledger_row(url))
    assert 'href="javascript:' not in html.lower() and 'href="data:' not in html
    assert "<td>Evil source</td>" in html


def test_ledger_table_links_a_web_source():
    html = ledger.ledger_rows_html(_ledger_row("https://example.org/a?x=1&y=2"))
    assert '<a href="https://example.org/a?x=1&amp;y=2">Evil source</a>' in html


def test_ledger_box_does_not_link_a_javascript_source(monkeypatch):
    shown = []
    monkeypatch.setattr(boxes, "_display", lambda obj: shown.append(obj.data))
    row = pd.Series(
        {
            "claim": "c",
            "verdict": "supported",
            "evidence": "e",
            "source_title": "Evil source",
            "source_url": "javascript:alert(1)",
        }
    )
    monkeypatch.setattr(boxes, "claim", lambda cid: row)
    boxes.ledger_box("C01")
    assert "javascript:" not in shown[0] and "Source: Evil source." in shown[0]
    row["source_url"] = "https://example.org/p_(x)"
    boxes.ledger_box("C01")
    assert "[Evil source](<https://example.org/p_(x)>)" in shown[1]


def test_ledger_etl_refuses_a_non_web_source_url():
    df = pd.DataFrame([{c: "" for c in claims_etl.LEDGER_COLUMNS}])
    df = df.assign(claim_id="C01", verdict="supported", data_testable="yes", source_url="javascript:alert(1)")
    with pytest.raises(RawDataError, match=r"source_url is not an http\(s\) address for \['C01'\]"):
        claims_etl.check_ledger(df)


@pytest.mark.parametrize("url", HOSTILE)
def test_display_table_shows_a_non_web_link_as_plain_text(url):
    df = pd.DataFrame({"what": ["Evil"], "source_url": [url]})
    html = display.table_html(df, links={"what": "source_url"})
    assert "<a " not in html and "<td>Evil</td>" in html


def test_display_table_links_a_web_url():
    df = pd.DataFrame({"what": ["Good"], "source_url": ["https://example.org/"]})
    assert '<td><a href="https://example.org/">Good</a></td>' in display.table_html(df, links={"what": "source_url"})


def test_chart_caption_links_only_web_urls():
    meta = {
        "sources": [
            {
                "title": "Evil",
                "url": "javascript:alert(1)",
                "licence": "CC",
                "licence_url": "data:text/html,x",
                "vintage": "v",
            },
            {
                "title": "Good",
                "url": "https://example.org/",
                "licence": "CC-BY",
                "licence_url": "https://cc.org/",
                "vintage": "v",
            },
        ]
    }
    out = sphinx_vega._source_nodes(meta)
    refs = {n.astext(): n["refuri"] for n in out if isinstance(n, nodes.reference)}
    assert refs == {"Good": "https://example.org/", "CC-BY": "https://cc.org/"}
    assert "Evil" in "".join(n.astext() for n in out)


@pytest.mark.parametrize(
    "value, written",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1,1)", "'@SUM(1,1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Korea", "Korea"),
        ("-3.5", "-3.5"),
        ("+4", "+4"),
        ("-1e-3", "-1e-3"),
        (-3.5, -3.5),
        (-7, -7),
    ],
)
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(value, written):
    assert sphinx_vega.csv_safe(value) == written


def test_chart_csv_file_has_no_live_formula_and_keeps_negative_numbers(tmp_path):
    spec = {
        "datasets": {
            "data-1": [
                {"country": "=1+1", "value": -12.5, "label": "-note"},
                {"country": "Korea", "value": 3.0, "label": "@x"},
            ]
        }
    }
    (filename,) = sphinx_vega._write_csvs(spec, "fig-test", tmp_path)
    text = (tmp_path / "_static" / filename).read_text()
    assert text == "country,value,label\n'=1+1,-12.5,'-note\nKorea,3.0,'@x\n"
