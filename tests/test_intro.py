"""Chapter 00: like-with-like comparisons (same year, per person), trade as both sides report it,
nominal and real with a named base year, 2020 flagged, and texts true for any pair."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ckaibook.chapters import introduction as intro
from ckaibook.chapters import trade
from ckaibook.data import countries
from ckaibook.measures import prices
from ckaibook.measures import series as measures


def test_deflator_is_one_in_its_base_year_and_chains_nominal_over_real_growth():
    d = prices.us_gdp_deflator(2014)
    assert d[2014] == 1.0
    nominal = measures.wdi("ny.gdp.mktp.cd", ["USA"]).set_index("year")["value"]
    growth = measures.wdi("ny.gdp.mktp.kd.zg", ["USA"]).set_index("year")["value"]
    expected = (nominal[2020] / nominal[2014]) / math.prod(1 + growth[y] / 100 for y in range(2015, 2021))
    assert d[2020] == pytest.approx(expected, rel=1e-12)
    assert 1.05 < d[2020] < 1.15  # the BEA deflator rose about 9% over 2014–2020


def test_deflator_outside_wdi_years_is_a_named_error():
    with pytest.raises(KeyError, match="no US GDP deflator for 1900"):
        prices.us_gdp_deflator(1900)


def test_trade_shows_both_reporters_nominal_and_real_with_the_base_year_and_flags_2020():
    sec = trade.trade_section("CAN", "KOR")
    t = sec.texts
    assert t["trade_base_year"] == "2014" and t["trade_latest_year"] == "2020"
    # Both reporters, each with its own direction: Canada's reports rise, Korea's fall (issue 13, rule 2).
    assert "as Canada reports it" in t["trade_sentence"] and "as South Korea reports it" in t["trade_sentence"]
    assert "up 2% on 2014 in nominal US$" in t["trade_sentence"] and "down 5% on 2014" in t["trade_sentence"]
    assert "constant 2014 prices" in t["trade_real_sentence"] and "down 6% as Canada" in t["trade_real_sentence"]
    assert "COVID-19 pandemic" in t["trade_outlier_sentence"] and "2019" in t["trade_outlier_sentence"]
    assert "nominal" in t["trade_brief"] and "real" in t["trade_brief"] and "pandemic" in t["trade_brief"]
    assert any("2020" in n for n in sec.notes)
    # The chart draws what the text says: both reporters, nominal and real at the same base year.
    spec = sec.chart.to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert {r["reported_by"] for r in rows} == {"Canada", "South Korea"}
    assert {r["prices"] for r in rows} == {"nominal (current US$)", "real (constant 2014 US$)"}
    base = [r for r in rows if r["year"] == 2014]
    assert all(
        math.isclose(r["value_usd_m"], next(b["value_usd_m"] for b in base if b["reported_by"] == r["reported_by"]))
        for r in base
    )  # nominal = real in the base year
    labels = str(spec["datasets"])
    assert "CKFTA in force" in labels and "base 2014" in labels and "pandemic" in labels
    assert sec.title.startswith("Trade 2014–2020")


def test_mirror_table_has_all_four_flows_in_base_pre_pandemic_and_latest_years():
    table = trade.mirror_table("CAN", "KOR")
    assert len(table) == 4
    assert list(table.columns[1:4]) == ["2014 (US$ million)", "2019 (US$ million)", "2020 (US$ million)"]


def test_one_reporter_pair_says_so_and_no_mirror_comparison():
    sec = trade.trade_section("CAN", "FRA")
    assert "France" not in [r for r in sec.chart.to_dict()["datasets"].values()][0][0]["reported_by"]
    assert "no mirror comparison" in sec.texts["mirror_sentence"]
    assert any("France is not a reporting economy" in n for n in sec.notes)


def test_pair_without_trade_has_no_chart_and_a_reason():
    sec = trade.trade_section("FRA", "DEU")
    assert sec.chart is None and "neither France nor Germany" in sec.missing
    assert sec.texts["trade_method"] == ""


def test_side_by_side_uses_the_same_year_for_both(monkeypatch):
    frame = pd.DataFrame({"iso3": ["AAA", "AAA", "BBB"], "year": [2022, 2024, 2022], "value": [1.0, 2.0, 4.0]})
    monkeypatch.setattr(intro, "_series", lambda m, pair: frame.replace({"AAA": pair[0], "BBB": pair[1]}))
    for p in intro.pairings("CAN", "KOR"):
        assert (p.year, p.home, p.partner) == (2022, 1.0, 4.0)  # not CAN's 2024 against KOR's 2022


def test_side_by_side_table_and_texts_for_the_default_pair():
    table = intro.economies_table("CAN", "KOR")
    assert (table["year"] != "—").all()
    sec = intro.economies_section("CAN", "KOR")
    assert sec.facts["ny_gdp_mktp_cd_home"].measure == "wdi.ny.gdp.mktp.cd"
    year = sec.facts["gb_xpd_rsdv_gd_zs_home"].year
    assert sec.facts["gb_xpd_rsdv_gd_zs_partner"].year == year and str(year) in sec.title
    assert "per person" in sec.texts["elec_pp_sentence"] and "per person" in sec.texts["percap_sentence"]


def test_partner_with_partial_data_gets_notes_not_errors():
    sec = intro.economies_section("CAN", "TWN")
    assert sec.chart is None and "Taiwan" in sec.missing
    assert sec.notes and "GDP" in sec.notes[0]
    assert "Taiwan" in sec.texts["elec_sentence"]  # Ember has Taiwan
    assert "TWN" in measures.countries_with_data()


@pytest.mark.parametrize("partner", ["FRA", "USA", "MMR"])
def test_variant_texts_name_the_pair_on_screen_only(partner):
    texts = {**intro.economies_section("CAN", partner).texts, **trade.trade_section("CAN", partner).texts}
    stray = {k: v for k, v in texts.items() if "Korea" in v}
    assert not stray
    timeline = intro.timeline_section("CAN", partner)
    assert timeline.notes and "the note's" in timeline.notes[0]  # the milestones are the note's pair's


def test_possessive_of_a_name_ending_in_s():
    assert countries.possessive_of_name("United States") == "the United States'"
    assert countries.possessive_of_name("Canada") == "Canada's"


def test_a_window_ending_on_a_crisis_year_says_so_and_keeps_a_base_before_it():
    sec = trade.trade_section("CAN", "KOR", 1990, 2009)
    assert sec.texts["trade_latest_year"] == "2009" and sec.texts["trade_base_year"] == "2003"
    assert "global financial crisis and the last year shown" in sec.texts["trade_outlier_sentence"]
    assert "from 2003 to 2008" in sec.texts["trade_outlier_sentence"]


def test_milestone_summary_gives_the_verdicts_of_the_rows_the_milestones_cite():
    """The milestones cite ledger rows from several note sections (C14, C19, C33 …), so their summary is
    of those rows, not of the intro section's C01–C11 (which left out C33, a contradicted milestone)."""
    from ckaibook.data.datapackage import load

    cited = load("timeline")["claim_id"].unique()
    verdicts = load("claims").set_index("claim_id").loc[cited, "verdict"]
    text = intro.timeline_section("CAN", "KOR").texts["intro_ledger"]
    assert text.startswith(f"of the {len(cited)} rows they cite, {int((verdicts == 'supported').sum())} supported")
    for cid, verdict in verdicts[verdicts != "supported"].items():
        assert verdict in text and cid in text, (cid, verdict, text)
    assert "C33" in text  # LNG Canada's first cargo: contradicted, and on the timeline


def test_gdp_size_ratio_says_it_holds_at_market_exchange_rates():
    """South Korea's economy is 81% of Canada's in current US$ at market rates, yet larger than Canada's at
    purchasing-power parity (PPP GDP per person × population, 2024): the sentence must say which."""
    ppp = measures.wdi("ny.gdp.pcap.pp.cd", ["CAN", "KOR"]).set_index(["iso3", "year"])["value"]
    pop = measures.wdi("sp.pop.totl", ["CAN", "KOR"]).set_index(["iso3", "year"])["value"]
    assert ppp["KOR", 2024] * pop["KOR", 2024] > ppp["CAN", 2024] * pop["CAN", 2024]
    text = intro.economies_section("CAN", "KOR").texts["gdp_sentence"]
    assert "current US$, at market exchange rates" in text and "81% the size of Canada's" in text
    assert intro.economies_table("CAN", "KOR")["measure"].iloc[0] == "GDP (current US$)"


def test_trade_text_gives_the_united_states_its_article():
    """Old code: 'between Canada and United States', 'as United States reports it'."""
    sec = trade.trade_section("CAN", "USA")
    text = " ".join(sec.texts.values()) + " " + sec.title
    assert "between Canada and the United States" in text
    assert "as the United States reports it" in text
    assert "and United States" not in text and "as United States" not in text


def test_a_change_that_rounds_to_nothing_is_called_flat():
    """Old code: 'up 0%'."""
    assert trade._change(100.3, 100.0) == "flat (within 0.5%)"
    assert trade._change(99.8, 100.0) == "flat (within 0.5%)"
    assert trade._change(109.0, 100.0) == "up 9%"
    assert trade._change(95.0, 100.0) == "down 5%"


def test_electricity_per_person_says_whose_population_it_divides_by():
    """Ember publishes its own per-person demand (15.5 MWh for Canada in 2024, another population
    series); the book's 14.9 MWh divides by the World Bank's, and the sentence must say so."""
    text = intro.economies_section("CAN", "KOR").texts["elec_pp_sentence"]
    assert "Ember's demand divided by the World Bank's population" in text
