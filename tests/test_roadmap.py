"""Chapter 04: the curated agreements table, the live checks C59/C60 and the siting calculator."""

from __future__ import annotations

import pandas as pd
import pytest

from ckaibook.data import countries, paths
from ckaibook.chapters import roadmap
from ckaibook.claims.checks import roadmap as ch04
from ckaibook.data.etl import agreements as etl_agreements
from ckaibook.data.etl._checks import RawDataError


def _curated() -> pd.DataFrame:
    return pd.read_csv(paths.CURATED / "agreements.csv", dtype=str, keep_default_na=False)


# --- ETL: curated agreements ------------------------------------------------------------------


def test_agreements_build_has_focus_economies_and_sources():
    df = etl_agreements.build_agreements()
    assert set(df["agreement"]) == set(etl_agreements.AGREEMENTS)
    for iso in ("CAN", "KOR", "USA", "CHN", "JPN"):
        assert iso in set(df["iso3"])
    assert df["source_url"].str.startswith("http").all()
    depa = df[df["agreement"] == "DEPA"].set_index("iso3")["status"]
    assert depa["KOR"] == "member" and depa["CAN"] == "negotiating"


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda d: d.assign(source_url=d["source_url"].where(d.index != 0, "")), "source URL"),
        (lambda d: d.assign(status=d["status"].where(d.index != 0, "observer")), "status"),
        (lambda d: d[~((d["agreement"] == "APEC") & (d["iso3"] == "KOR"))], "APEC members differ"),
        (lambda d: d.assign(agreement=d["agreement"].where(d.index != 0, "NAFTA")), "unknown agreement"),
        (lambda d: d.assign(year=d["year"].where(d.index != 0, "20x5")), "years"),
    ],
)
def test_bad_curated_rows_raise(edit, message):
    with pytest.raises(RawDataError, match=message):
        etl_agreements.check_agreements(edit(_curated()).reset_index(drop=True))


def test_bad_curated_file_raises_on_build(tmp_path, monkeypatch):
    bad = _curated().drop(columns=["source_url"])
    bad.to_csv(tmp_path / "agreements.csv", index=False)
    monkeypatch.setattr(paths, "CURATED", tmp_path)
    with pytest.raises(RawDataError, match="missing column"):
        etl_agreements.build_agreements()


def test_unknown_ledger_claim_raises():
    df = _curated()
    df.loc[0, "claim_id"] = "C99"
    with pytest.raises(RawDataError, match="C99"):
        etl_agreements.check_agreements(df, _ledger())


def _ledger(notes: str = "") -> pd.DataFrame:
    return pd.DataFrame(
        {"claim_id": ["C01", "C07", "C60"], "source_url": ["https://ledger.example/"] * 3, "notes": [notes, "", ""]}
    )


def test_agreement_citing_a_retired_ledger_source_raises():
    df = _curated()
    retired = df.loc[df["claim_id"] == "C01", "source_url"].iloc[0]
    etl_agreements.check_agreements(df, _ledger())  # its own official page is fine
    with pytest.raises(RawDataError, match="replaced.*C01"):
        etl_agreements.check_agreements(df, _ledger(f"Earlier secondary source: {retired} Also: x"))


# --- Live checks --------------------------------------------------------------------------------


def test_c59_rule_supported_and_not():
    high = pd.DataFrame({"iso3": ["KOR", "KOR", "KOR"], "year": [2023, 2024, 2025], "value": [62.0, 58.0, 20.0]})
    v = ch04.c59_from(high)
    assert (v.verdict, v.year, v.value) == ("supported", 2024, 58.0)  # 2025 (preliminary) ignored
    low = high.assign(value=[40.0, 25.0, 20.0])
    assert ch04.c59_from(low).verdict == "contradicted"
    mid = high.assign(value=[40.0, 35.0, 20.0])
    assert ch04.c59_from(mid).verdict == "partly-supported"
    assert ch04.c59_from(high[high["iso3"] == "JPN"]).verdict == "not testable"


def test_c60_rule_supported_and_not():
    both = pd.DataFrame(
        {"agreement": ["DEPA", "DEPA"], "iso3": ["CAN", "KOR"], "status": ["member", "signatory"], "year": [2025, 2024]}
    )
    assert ch04.c60_from(both).verdict == "supported"
    one = both.assign(status=["negotiating", "member"])
    assert ch04.c60_from(one).verdict == "contradicted"
    assert ch04.c60_from(both[both["iso3"] == "KOR"]).verdict == "contradicted"


def test_checks_not_applicable_for_other_pairs():
    assert ch04.c59(home="CAN", partner="JPN").verdict == "not applicable"
    assert ch04.c60(home="CAN", partner="JPN").verdict == "not applicable"


# --- Siting calculator --------------------------------------------------------------------------


def test_energy_and_co2_arithmetic():
    assert roadmap.annual_mwh(10, 1.5, 0.5) == pytest.approx(10 * 1.5 * 0.5 * 8760)
    assert roadmap.annual_tco2(1000, 400) == pytest.approx(400)  # 1 GWh at 400 g/kWh = 400 t


def test_siting_uses_grid_year_or_says_which_year():
    site = roadmap.siting(100, 1.2, 0.8, 2024, ["CAN", "KOR", "BRN"])
    t = site.table.set_index("iso3")
    assert t.loc["KOR", "co2_kt"] > t.loc["CAN", "co2_kt"]
    assert t.loc["CAN", "electricity_twh"] == pytest.approx(100 * 1.2 * 0.8 * 8.76 / 1000)
    assert int(t.loc["BRN", "year"]) < 2024 and any("Brunei" in n for n in site.notices)
    sec = roadmap.siting_section(site, "CAN", "KOR")
    assert "avoid" in sec.texts["calc_diff"] and any("Brunei" in n for n in sec.notes)


def test_siting_reports_missing_country():
    site = roadmap.siting(100, 1.0, 1.0, 2024, ["CAN", "VAT"])  # Ember has no Vatican City
    assert set(site.table["iso3"]) == {"CAN"}
    assert any("left out" in n for n in site.notices)
    assert "cannot be computed" in roadmap.siting_section(site, "CAN", "VAT").texts["calc_diff"]


def test_siting_defaults_are_the_iea_operating_parameters():
    """One parameter set for data-centre scenarios: the chapter's defaults are the IEA hyperscale values."""
    from ckaibook.book import build
    from ckaibook.measures import datacentres

    iea = datacentres.iea_operating()
    declared = build.declared_parameters(paths.CHAPTERS / "04-roadmap.ipynb")
    assert float(declared["pue"]["default"]) == pytest.approx(iea.pue)
    assert float(declared["utilisation"]["default"]) == pytest.approx(iea.load_factor)
    assert (iea.pue, iea.load_factor, iea.year) == (1.14, 0.53, 2024)


def test_siting_says_where_its_parameters_come_from_and_the_upper_bound():
    iea = roadmap.datacentres.iea_operating()
    texts = roadmap.siting_section(
        roadmap.siting(103, iea.pue, iea.load_factor, 2024, ["CAN", "KOR"]), "CAN", "KOR"
    ).texts
    assert texts["calc_operating_source"].startswith("the IEA's 2024")
    assert "upper bound" in texts["calc_upper"] and "1.03 TWh" in texts["calc_upper"]
    other = roadmap.siting_section(roadmap.siting(103, 1.0, 1.0, 2024, ["CAN", "KOR"]), "CAN", "KOR").texts
    assert other["calc_operating_source"].startswith("values set by the reader")
    assert "upper bound" in other["calc_upper"]


def test_host_grid_names_the_largest_planned_site_and_its_province():
    text = roadmap.largest_planned_site("CAN")
    assert "Wonder Valley" in text and "Alberta" in text and "unlikely" in text
    assert "no planned cluster" in roadmap.largest_planned_site("MMR")


def test_host_grid_site_is_chapter_02s_and_its_megawatts_are_a_capacity():
    """One home: the site is measures.cluster_sites' largest planned cluster, named by the same place, and
    its MW are labelled as power capacity (Epoch's power_mw), as chapter 02 labels them."""
    from ckaibook.measures import cluster_sites

    for iso in ("CAN", "KOR", "USA"):
        site = cluster_sites.largest_planned(iso)
        text = roadmap.largest_planned_site(iso)
        assert site["name"] in text and f"{site['power_mw']:,.0f} MW of power capacity" in text, text
    assert "(south-west Korea, 3,000 MW of power capacity;" in roadmap.largest_planned_site("KOR")


# --- Turning points, same years, capacities, trade ---------------------------------------------


def test_path_says_an_interior_peak_or_low():
    kor = pd.DataFrame({"year": [2000, 2009, 2018, 2024], "value": [61.1, 66.0, 72.8, 60.1]})
    assert roadmap.path(kor, roadmap._pct) == "60% in 2024, against a peak of 73% in 2018 and 61% in 2000"
    can = pd.DataFrame({"year": [2000, 2020, 2024], "value": [27.4, 18.6, 22.3]})
    assert "low of 19% in 2020" in roadmap.path(can, roadmap._pct)
    flat = pd.DataFrame({"year": [2000, 2010, 2024], "value": [82.0, 80.0, 62.0]})
    assert roadmap.path(flat, roadmap._pct) == "62% in 2024, against 82% in 2000"


def test_mix_and_fossil_sections_say_the_2018_peak():
    mix = roadmap.mix_section("KOR", 2000, 2024)
    assert "peak of 73% in 2018" in mix.title and "61% in 2000" in mix.title
    fossil = roadmap.fossil_section("CAN", "KOR", ["CAN", "KOR"], 2000, 2024)
    assert "peak of 73% in 2018" in fossil.texts["fossil_path_partner"]
    fact = fossil.facts["fossil_same_year"]
    assert (fact.measure, fact.iso3, fact.year) == ("generation_mix.share:fossil", "KOR", 2024)
    assert 0 < fact.value < 1  # the unrounded share of the derived table, 0–1


def test_mix_chart_uses_the_one_fuel_palette():
    from ckaibook.present import charts

    spec = roadmap.mix_section("KOR", 2000, 2024).chart.to_dict()
    scale = spec["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"], strict=False)) == {
        k: charts.FUEL_COLOURS[k] for k in scale["domain"]
    }


def test_comparisons_use_the_latest_year_both_have():
    df = pd.DataFrame(
        {
            "iso3": ["CAN", "CAN", "KOR", "KOR", "KOR"],
            "year": [2021, 2022, 2021, 2022, 2023],
            "value": [100.0, 110.0, 200.0, 210.0, 400.0],
        }
    )
    text = roadmap.lead_sentence(df, "KOR", "CAN", "researchers per million people")
    assert "in 2022" in text and "1.9×" in text and "2023" not in text
    assert roadmap.lead_sentence(df[df["iso3"] == "KOR"], "KOR", "CAN", "x") is None


def test_degrees_table_is_one_year_for_the_pair():
    table, caption = roadmap.degrees_display("CAN", "KOR", ["CAN", "KOR", "USA", "CHN", "JPN"])
    assert set(table["year"]) == {2018} and "2018" in caption
    assert {"Canada", "South Korea"} <= set(table["economy"])


def test_ccus_is_labelled_as_capture_capacity():
    sec = roadmap.ccus_section("CAN", "KOR", ["CAN", "KOR", "USA"], 2000, 2024)
    assert "capture capacity" in sec.texts["ccus_sentence"] and "captured" not in sec.texts["ccus_sentence"]
    table = roadmap.partnership_table(["CAN", "KOR"])
    assert any("CCUS capture capacity" in c and "capacity)" in c for c in table.columns)


def test_trade_gives_both_reporters_nominal_and_real_and_flags_2020():
    text = roadmap.trade_section("CAN", "KOR").texts["trade_sentence"]
    assert "as Canada reports it" in text and "as South Korea reports it" in text
    assert "nominal" in text and "constant 2014 prices" in text
    assert "2020 is the first year of the COVID-19 pandemic" in text and "2014 to 2019" in text


def test_trade_reads_the_introductions_numbers_and_base_year():
    """One number, one home: the chapter's trade text points at the introduction's chart, so it gives the
    same base year and the same changes (it measured from 2010 while the chart measures from 2014)."""
    from ckaibook.chapters import trade

    for home, partner in (("CAN", "KOR"), ("KOR", "JPN"), ("CAN", "FRA")):
        mine = roadmap.trade_section(home, partner)
        intro = trade.trade_section(home, partner)
        for key in ("trade_sentence", "trade_real_sentence", "trade_outlier_sentence"):
            assert intro.texts[key] in mine.texts["trade_sentence"], (home, partner, key)
        base = intro.texts["trade_base_year"]
        assert f"on {base}" in mine.texts["trade_sentence"] and "2010" not in mine.texts["trade_sentence"]
    fact = roadmap.trade_section("CAN", "KOR").facts["trade_sentence"]
    assert (fact.measure, fact.iso3, fact.year) == ("trade.value_usd_m:total:KOR", "CAN", 2020)
    assert roadmap.trade_section("CAN", "FRA").notes == [
        "France is not a reporter in the trade mirror; only Canada's reports are used."
    ]


def test_trade_changes_recomputed_from_the_raw_imf_workbooks(raw_mirror):
    """Canada's and Korea's own reports (DOTS workbooks 36 and 106), 2014 to 2020, nominal: the glued changes."""
    text = roadmap.trade_section("CAN", "KOR").texts["trade_sentence"]

    def total(book: str, partner: str, year: int) -> float:
        out = 0.0
        for sheet in ("Exports, FOB", "Imports, CIF"):
            x = pd.read_excel(raw_mirror / "trade" / book, sheet_name=sheet, header=None)
            col = [int(y) if pd.notna(y) else None for y in x.iloc[6]].index(year)
            out += float(x.loc[x[1] == partner, col].iloc[0])
        return out

    can = total("DOTS_36.xlsx", "Korea, Rep. of", 2020) / total("DOTS_36.xlsx", "Korea, Rep. of", 2014) - 1
    kor = total("DOTS_106.xlsx", "Canada", 2020) / total("DOTS_106.xlsx", "Canada", 2014) - 1
    assert f"as Canada reports it, US$11.0 billion in 2020, up {abs(can):.0%} on 2014" in text
    assert f"as South Korea reports it, US$9.8 billion in 2020, down {abs(kor):.0%} on 2014" in text


def test_usd_deflator_gives_the_reviewed_real_change():
    """Issue 13: CAN-reported trade 2014-2020 grew 2% nominal and fell about 6% in real terms."""
    from ckaibook.measures import prices, series

    pair = series.bilateral_trade("CAN", "KOR")
    then, now = series.trade_total(pair, "CAN", 2014), series.trade_total(pair, "CAN", 2020)
    assert now / then - 1 == pytest.approx(0.023, abs=0.005)
    assert prices.real_change(then, 2014, now, 2020) == pytest.approx(-0.064, abs=0.005)
    assert prices.us_gdp_deflator(2020)[2020] == 1.0


def test_possessive_keeps_names_right():
    assert countries.possessive("CAN") == "Canada's" and countries.possessive("USA") == "the United States'"
    assert countries.in_sentence("USA", start=True) == "The United States"


def test_c60_is_context():
    both = pd.DataFrame(
        {"agreement": ["DEPA", "DEPA"], "iso3": ["CAN", "KOR"], "status": ["member", "member"], "year": [2025, 2024]}
    )
    assert ch04.c60_from(both).kind == "context"


def test_notebook_defines_no_functions_and_names_no_country_in_free_prose():
    import re

    import nbformat

    nb = nbformat.read(paths.CHAPTERS / "04-roadmap.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not re.search(r"^\s*def |lambda", cell.source, re.M), cell.id
        else:
            text = re.sub(r":::\{admonition\} The note says.*?\n:::", "", cell.source, flags=re.S)
            text = re.sub(r"\{glue\}`[^`]*`", "", text)
            assert not re.search(r"Canad|Korea|Seoul|Ottawa", text), (cell.id, text[:200])


def test_fossil_share_is_coal_gas_oil_over_total():
    fs = roadmap.fossil_share(["KOR"], 2020, 2020)
    mix = roadmap.power_mix("KOR", 2020, 2020).set_index("source")["share"]
    assert fs["value"].iloc[0] == pytest.approx(mix[["coal", "gas", "oil"]].sum(), abs=0.05)


def test_agreements_sentence_reads_for_any_pair():
    assert (
        roadmap.agreements_section("CAN", "KOR").texts["shared_sentence"]
        == "The pair are both members of CKFTA, APEC, OECD"
    )
    assert "not both members of any" in roadmap.agreements_section("CAN", "IND").texts["shared_sentence"]
    depa = roadmap.agreements_section("CAN", "FRA").texts["depa_sentence"]
    assert depa == "Canada: negotiating, applied 2022; France: not a party"
    # glued after "the curated table gives": every economy reads "X: status", also when it is not a party
    assert roadmap.agreements_section("USA", "CHN").texts["depa_sentence"] == (
        "United States: not a party; China: negotiating, applied 2021"
    )


def test_running_text_names_economies_as_english_reads_them():
    """'the United States' inside a sentence, 'The United States' at its start (never 'in United States')."""
    focus = countries.focus("USA", "CHN")
    site = roadmap.siting(103, 1.14, 0.53, 2024, focus)
    calc = roadmap.siting_section(site, "USA", "CHN").texts
    assert calc["calc_diff"].startswith("hosting it in the United States instead of China")
    assert "planned cluster in the United States is" in calc["calc_host_grid"]
    researchers = roadmap.researchers_section("USA", "CHN", focus).texts["researchers_sentence"]
    assert researchers.startswith("The United States had ") and "United States had" not in researchers[:4]
    assert roadmap.ccus_section("USA", "CHN", focus).texts["ccus_sentence"].startswith("the United States had ")
    assert roadmap.lead_sentence(
        pd.DataFrame({"iso3": ["USA", "GBR"], "year": [2020, 2020], "value": [100.0, 101.0]}), "USA", "GBR", "x"
    ).startswith("The United Kingdom and the United States had about the same x")


def test_degree_series_breaks_are_said_for_every_economy_on_the_chart():
    """France's S&E first degrees swing by more than half from one year to the next (80,885 in 2014, 127,138 in
    2015, 81,736 in 2017, 128,197 in 2018); a Canada–France comparison in 2018 must say so. Japan's fall of
    2014 was a typed note; it is now computed, so it appears only when Japan is on the chart."""
    fra = " ".join(roadmap.degrees_section("CAN", "FRA", countries.focus("CAN", "FRA")).notes)
    assert "France's count of S&E first degrees" in fra and "up 57% from 2017 to 2018" in fra
    assert "down 37% from 2016 to 2017" in fra and "Japan's count of S&E first degrees" in fra
    assert roadmap.SERIES_BREAK == 0.30


def test_default_pairs_computer_science_multiple_says_koreas_break():
    """Korea's computer-science first degrees swing between about 7,400 and 17,200 (2012 7,397; 2013 15,818;
    2015 7,450; 2017 17,172) while engineering moves the other way: a reclassification. The glued 2.8x of
    2018 would be about 1.5x in 2016, so the sentence and a note must say the series breaks."""
    sec = roadmap.degrees_section("CAN", "KOR", ["CAN", "KOR"])
    notes = " ".join(sec.notes)
    assert "South Korea's count of computer-science first degrees" in notes
    assert "up 114% from 2012 to 2013" in notes and "up 119% from 2016 to 2017" in notes
    assert "break in the source" in sec.texts["cs_degrees_sentence"]
    assert "break" not in sec.texts["degrees_sentence"]  # the S&E totals of the pair have none


def test_degree_break_recomputed_from_the_raw_ncses_table(raw_mirror):
    """Japan's S&E first degrees 2013 → 2014 in NCSES table SHED-11, read straight from the raw file."""
    raw = pd.read_csv(raw_mirror / "ncses" / "table_5785_data.csv")
    se = raw[
        raw["region_country_or_economy_and_field_level_1"].str.startswith("Japan")
        & (raw["region_country_or_economy_and_field_level_3"] == "S&E fields")
        & raw["region_country_or_economy_and_field_level_4"].isna()
    ].iloc[0]
    change = se["field_2014"] / se["field_2013"] - 1
    notes = " ".join(roadmap.degrees_section("CAN", "KOR", countries.focus("CAN", "KOR")).notes)
    assert f"down {abs(change):.0%} from 2013 to 2014" in notes


def test_grid_intensity_is_life_cycle_co2e_and_recomputes_from_ember(raw_mirror):
    """Ember's intensity is life-cycle CO₂-equivalent (its methodology; raw SOURCE.md: 'CO₂(e)'), so the
    chapter labels it CO₂e, not stack CO₂; the glued values recompute from the raw Ember file."""
    raw = pd.read_csv(raw_mirror / "ember" / "api_country_overview_yearly.csv")
    g = raw[raw["year"] == 2024].dropna(subset=["country_code"]).set_index("country_code")
    g = g["emissions_intensity_gco2_per_kwh"]
    text = roadmap.intensity_section("CAN", "KOR", ["CAN", "KOR"]).texts["intensity_sentence"]
    assert f"{g['KOR'] / g['CAN']:.1f}× the life-cycle emissions" in text
    assert f"({g['KOR']:,.0f} g against {g['CAN']:,.0f} g CO₂e)" in text
    site = roadmap.siting(103, 1.14, 0.53, 2024, ["CAN", "KOR"])
    mwh = 103 * 1.14 * 0.53 * 8760
    calc = roadmap.siting_section(site, "CAN", "KOR").texts
    assert calc["calc_partner_kt"] == f"{mwh * g['KOR'] / 1e6:,.0f} kt CO₂e"
    assert calc["calc_home_kt"] == f"{mwh * g['CAN'] / 1e6:,.0f} kt CO₂e"
    assert f"avoid {mwh * (g['KOR'] - g['CAN']) / 1e6:,.0f} kt CO₂e a year" in calc["calc_diff"]
    assert {"gCO₂e per kWh", "CO₂e (kt/yr)"} <= set(roadmap.siting_display(site).columns)
    assert "CO₂e" in roadmap.INTENSITY_UNIT


def test_free_prose_attributes_the_notes_pair_to_the_note():
    """Issue 14.2: in a variant (Canada–France, South Korea–Japan) 'the partner's power mix' and 'data centres
    in the home country' are not what the note argued from; the prose attributes those to the note's pair."""
    import nbformat

    nb = nbformat.read(paths.CHAPTERS / "04-roadmap.ipynb", as_version=4)
    prose_cells = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for wrong in ("starts from the partner's power mix", "data centres in the home country", "calls the two countries"):
        assert wrong not in prose_cells, wrong
    assert "the power mix of its own partner country" in prose_cells and "in one of its two countries" in prose_cells


def test_c59_names_one_measure_and_table_in_every_branch():
    """The box for another pair said 'table owid_energy' while the verdict reads generation_mix."""
    other = ch04.c59(home="CAN", partner="FRA")
    none = ch04.c59_from(pd.DataFrame({"iso3": [], "year": [], "value": []}))
    done = ch04.c59()
    assert other.table == none.table == done.table == "generation_mix"
    assert other.measure == none.measure == done.measure
