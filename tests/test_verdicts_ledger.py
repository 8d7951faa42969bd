"""Verdict boxes, the live-check registry, and chapter 05's ledger logic."""

from __future__ import annotations

import pandas as pd
import pytest

from ckaibook.chapters import claims_ledger as ledger
from ckaibook.claims import ledger as claims_ledger
from ckaibook.claims import verdicts
from ckaibook.present import boxes


@pytest.fixture
def shown(monkeypatch):
    """Capture what the boxes display (Markdown objects) instead of sending them to a notebook."""
    out = []
    monkeypatch.setattr(boxes, "_display", lambda obj: out.append(obj.data))
    return out


def test_verdict_rejects_unknown_verdict():
    with pytest.raises(ValueError, match="verdict 'maybe'"):
        verdicts.Verdict("C01", "verdict", "m", 1.0, "u", 2020, "t", "rule", "maybe")
    with pytest.raises(ValueError, match="kind 'proxy'"):
        verdicts.Verdict("C01", "proxy", "m", 1.0, "u", 2020, "t", "rule", "supported")


def test_box_shows_claim_rule_figure_and_ledger_link_with_dollars_escaped(shown):
    v = verdicts.Verdict(
        "C42",
        "verdict",
        "round size",
        693.0,
        "US$ million",
        2024,
        "claims",
        "rule with US$1 and US$2",
        "partly-supported",
        figure="US$693 million",
    )
    boxes.box(v, "why")
    text = shown[0]
    assert text.startswith(":::{admonition} Verdict: partly-supported (C42)")
    assert "Samsung" in text  # the ledger's wording of C42
    assert r"US\$693 million" in text and "US$693" not in text.replace(r"\$", "")
    assert 'href="05-claims-ledger.html#claim-C42"' in text


def test_ledger_box_handles_a_claim_without_source(shown):
    no_source = ledger.load("claims")
    cid = no_source.loc[no_source["source_title"].isna(), "claim_id"].iloc[0]
    boxes.ledger_box(cid, why="no data")
    assert "no source found" in shown[0] and f"({cid})" in shown[0]


def test_unknown_claim_and_unknown_check_are_named():
    with pytest.raises(KeyError, match="C99"):
        claims_ledger.claim("C99")
    with pytest.raises(KeyError, match="no live check for C01"):
        verdicts.run("C01")


def test_registry_covers_the_data_testable_claims_the_chapters_test():
    assert {"C22", "C23", "C26", "C48", "C49", "C59", "C60"} <= set(verdicts.registry())


def test_context_box_is_titled_as_context_not_as_a_verdict(shown):
    v = verdicts.Verdict("C26", "context", "m", 2.3, "×", 2030, "iea_energy_ai", "rule", "partly-supported")
    boxes.box(v)
    assert shown[0].startswith(":::{admonition} Context, not a verdict (C26)") and "ckb-context" in shown[0]


def test_live_table_in_the_data_package_equals_what_the_checks_compute_now():
    committed = ledger.load("live_checks")
    now = verdicts.run_all()
    assert committed["claim_id"].tolist() == now["claim_id"].tolist()
    assert committed["verdict"].tolist() == now["verdict"].tolist()
    pd.testing.assert_series_equal(committed["value"].astype(float), now["value"].astype(float), check_names=False)
    assert committed["figure"].fillna("").tolist() == now["figure"].tolist()


def test_other_pair_marks_pair_specific_claims_not_applicable():
    live = ledger.live_checks("CAN", "JPN")
    assert len(live) == len(verdicts.registry())  # nothing silently dropped
    assert live.set_index("claim_id").loc["C23", "verdict"] == "not applicable"


def _table(rows):
    return pd.DataFrame(
        rows, columns=["claim_id", "claim", "verdict", "live_kind", "live_verdict", "live_rule", "evidence"]
    )


def test_disagreements_lists_only_comparable_differences():
    t = _table(
        [
            ("C1", "a", "supported", "verdict", "supported", "r", "e"),
            ("C2", "b", "supported", "verdict", "contradicted", "r", "e"),
            ("C3", "c", "supported", "verdict", "not testable", "r", "e"),
            ("C4", "d", "partly-supported", None, None, None, "e"),
            ("C5", "e", "supported", "context", "contradicted", "r", "e"),  # context never counts
        ]
    )
    assert ledger.disagreements(t)["claim_id"].tolist() == ["C2"]


def test_verdict_counts_by_section():
    t = pd.DataFrame(
        {"note_section": ["intro", "intro", "asean"], "verdict": ["supported", "supported", "contradicted"]}
    )
    counts = ledger.verdict_counts(t)
    assert counts.set_index(["note_section", "verdict"])["claims"].to_dict() == {
        ("intro", "supported"): 2,
        ("asean", "contradicted"): 1,
    }


def test_every_section_has_a_chapter():
    table = ledger.combined(ledger.live_checks())
    assert table["chapter"].notna().all()
    html = ledger.ledger_rows_html(table)
    assert html.count('<tr id="claim-C') == len(table)


def test_every_data_testable_claim_has_a_live_check():
    claims = ledger.load("claims")
    testable = set(claims.loc[claims["data_testable"] == "yes", "claim_id"])
    assert testable <= set(verdicts.registry()), f"no live check for {sorted(testable - set(verdicts.registry()))}"


def test_lng_rule_and_measure():
    from ckaibook.claims.checks import challenges_and_opportunities as ch02

    trade = pd.DataFrame(
        {
            "mode": ["lng", "lng", "lng", "pipeline"],
            "year": [2025, 2025, 2024, 2025],
            "exporter_iso3": ["CAN", "USA", "CAN", "CAN"],
            "value": [1.5, 9.0, 7.0, 50.0],
        }
    )
    assert ch02.lng_exports_from(trade) == (1.5, 2025)  # LNG only, latest year only
    assert ch02.lng_exports_from(trade[trade["exporter_iso3"] != "CAN"])[0] == 0.0
    rules = {cid: ch02.LNG_RULES[cid] for cid in ("C32", "C33", "C34")}
    assert len(set(rules.values())) == 3  # one rule per claim: "first", a date, 14 Mt a year


def _ledger(**changes):
    from ckaibook.data.etl import claims

    df = pd.read_csv(claims.ledger_path(), dtype=str, keep_default_na=False)
    for column, (row, value) in changes.items():
        df.loc[row, column] = value
    return df


def test_ledger_schema_checks(raw_mirror):
    from ckaibook.data.etl import claims
    from ckaibook.data.etl._checks import RawDataError

    claims.check_ledger(_ledger())
    with pytest.raises(RawDataError, match="duplicate ids"):
        claims.check_ledger(_ledger(claim_id=(1, "C01")))
    with pytest.raises(RawDataError, match="verdicts"):
        claims.check_ledger(_ledger(verdict=(0, "probably")))
    supported = _ledger()
    row = supported.index[supported["verdict"] == "supported"][0]
    with pytest.raises(RawDataError, match="no source_url"):
        claims.check_ledger(_ledger(source_url=(row, "")))


# --- Chapter 05: counts true for any pair, readable tables, every table shown ------------------------


def _live(rows):
    return pd.DataFrame(
        rows, columns=["claim_id", "kind", "measure", "value", "unit", "year", "table", "verdict_rule", "verdict"]
    )


def test_live_table_values_are_readable_never_scientific():
    live = _live(
        [
            ("C22", "verdict", "m", 10949.5, "US$ million", 2013, "trade", "r", "not testable"),
            ("C23", "verdict", "m", 1.0, "of 2", 2024, "agreements", "r", "supported"),
            ("C26", "context", "m", 10.4, "%", 2025, "t", "r", "supported"),
            ("C32", "verdict", "m", float("nan"), None, None, "t", "r", "not testable"),
        ]
    )
    values = ledger.live_table(live)["data"].tolist()
    assert values == ["US$10,950 million (2013)", "1 of 2 (2024)", "10.4% (2025)", "—"]


def test_live_table_shows_each_checks_figure_as_its_box_does():
    """Chapter 05 words each value as the chapter's box does: a total over 2000–2008 is not shown as
    '14.4 bcm (2008)', and 2.27 is not '2.27×' in one chapter and '2.3×' in another."""
    live = ledger.live_checks()
    shown = ledger.live_table(live).set_index("claim")["data"]
    for v in live.itertuples():
        assert shown[v.claim_id] == verdicts.run(v.claim_id).figure, v.claim_id
    assert "2000–2008" in shown["C32"] and "(2008)" not in shown["C32"]


def test_summary_compares_with_the_research_only_for_the_notes_pair():
    default = ledger.live_checks()
    texts = ledger.summary_texts(ledger.combined(default), default, "CAN", "KOR")
    n_disagree = len(ledger.disagreements(ledger.combined(default)))
    assert "agree with the researched verdict" in texts["verdict_sentence"]
    assert f"{n_disagree} disagree" in texts["verdict_sentence"]
    other = ledger.live_checks("USA", "CHN")
    texts = ledger.summary_texts(ledger.combined(other), other, "USA", "CHN")
    assert "agree with the researched" not in texts["verdict_sentence"]
    assert "United States–China" in texts["verdict_sentence"] and "not counted" in texts["verdict_sentence"]
    assert texts["n_context"] == str(int((other["kind"] == "context").sum()))


def test_variant_shows_a_note_instead_of_comparing_with_the_research(monkeypatch):
    from ckaibook.present import display

    shown = []
    monkeypatch.setattr(display, "_display", lambda obj: shown.append(obj.data))
    monkeypatch.setattr(ledger, "_display", lambda obj: shown.append(obj.data))
    live = ledger.live_checks("CAN", "JPN")
    ledger.show_disagreements(ledger.combined(live), "CAN", "JPN")
    assert len(shown) == 1 and shown[0].startswith(":::{note}") and "Canada–Japan" in shown[0]
    shown.clear()
    ledger.show_live_checks(live, "CAN", "JPN")  # the table, then the rules under it
    assert len(shown) == 2 and "<table" in shown[0] and shown[1].startswith('<dl class="ckb-rules">')


def test_ledger_table_folds_evidence_and_names_sections_for_readers():
    table = ledger.combined(ledger.live_checks())
    html = ledger.ledger_rows_html(table)
    assert html.count("<details><summary>Evidence</summary>") == int((table["evidence"].fillna("") != "").sum())
    assert "<td>AI energy needs<br>" in html and "energy-needs<" not in html
    assert html.count('<th scope="col">') == len(ledger.LEDGER_COLUMNS)
