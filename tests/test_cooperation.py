"""Chapter 01: its ETL modules (owid_ai_country, ncses, csrankings, indices, strategies), the
library helpers with rules, its section texts for several pairs, and the live checks C20/C22/C23."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from ckaibook.chapters import state_of_cooperation as co
from ckaibook.data import countries, paths
from ckaibook.claims.checks import state_of_cooperation as ch01
from ckaibook.data.etl import csrankings, indices, ncses, owid_ai_country, strategies
from ckaibook.data.etl._checks import RawDataError
from ckaibook.data.etl._names import country_code as to_iso3

FOCUS = {"CAN", "KOR", "USA", "CHN", "JPN"}


# ---------------------------------------------------------------- ETL on the real mirror


def test_owid_ai_country_builds(raw_mirror):
    df = owid_ai_country.build()
    assert set(df["measure"]) == {
        "ai_publications",
        "ai_patent_applications",
        "ai_private_investment",
        "ai_bills_passed",
    }
    bills = df[df["measure"] == "ai_bills_passed"].set_index("iso3")["value"]
    assert bills["KOR"] == 13 and bills["USA"] == 27  # the AI Index cross-section, as published
    assert FOCUS <= set(df["iso3"])
    assert not df["iso3"].str.startswith("OWID").any()
    can22 = df[(df["iso3"] == "CAN") & (df["measure"] == "ai_private_investment") & (df["year"] == 2022)]
    assert can22["value"].iloc[0] > 1e10  # the documented outlier is carried, not silently dropped


def test_ncses_builds(raw_mirror):
    arts = ncses.build_articles()
    assert {"total", "international_institutions"} <= set(arts["measure"])
    can = arts[(arts["iso3"] == "CAN") & (arts["year"] == 2022)].set_index("measure")["value"]
    assert can["international_institutions"] < can["total"]
    assert {"MMR", "BRN", "LAO"} <= set(arts["iso3"])  # ASEAN names ('Burma', 'Brunei', 'Laos') resolved
    deg = ncses.build_degrees()
    assert {"CHN", "JPN", "KOR", "CAN"} <= set(deg["iso3"])  # footnoted names ('China<sup>a</sup>') resolved


def test_csrankings_counts(raw_mirror):
    df = csrankings.build()
    assert set(df["dataset"]) == {"cs_faculty_roster_2024", "ai_area_faculty_2000_2022"}
    assert FOCUS <= set(df["iso3"])
    assert "GBR" in set(df["iso3"])  # CSRankings' 'uk' mapped
    assert list(df.columns) == ["dataset", "measure", "iso3", "value"]  # counts only, no names


def test_indices_builds(raw_mirror):
    df = indices.build()
    assert len(df) == 62 * 8
    assert df.loc[(df["iso3"] == "USA") & (df["pillar"] == "Total score"), "score"].iloc[0] == 100


def test_strategy_pillars_cite_ledger(raw_mirror):
    df = strategies.build_pillars()
    assert set(df["claim_id"]) <= {"C12", "C18"}
    assert set(df.loc[df["version"] == "official", "country"]) == {"KOR"}


# ---------------------------------------------------------------- ETL on bad input


def test_owid_bad_layout_raises(scratch_raw):
    root = scratch_raw("owid_ai_country")
    f = root / "owid_ai_country" / "artificial-intelligence-patents-submitted.csv"
    f.write_text(f.read_text().replace("Entity,Code,Year,All", "Entity,Code,Year,Total", 1))
    with pytest.raises(RawDataError):
        owid_ai_country.build()


def test_ncses_unknown_attribute_raises(scratch_raw):
    root = scratch_raw("ncses")
    f = root / "ncses" / "table_10067_data.csv"
    f.write_text(f.read_text().replace("With international institutions", "With foreign institutions"))
    with pytest.raises(RawDataError):
        ncses.build_articles()


def test_csrankings_unknown_institution_raises(scratch_raw):
    root = scratch_raw("csrankings", "csrankings_ai_scrape")
    f = root / "csrankings_ai_scrape" / "university_ranks.csv"
    f.write_text(f.read_text() + "999,Nowhere Institute of Nothing ,1.0,3\n")
    with pytest.raises(RawDataError):
        csrankings.build()


def test_indices_score_out_of_range_raises(scratch_raw):
    root = scratch_raw("indices")
    f = root / "indices" / "AI_index_db.csv"
    f.write_text(f.read_text().replace("Canada,", "Canada,-5", 1))
    with pytest.raises((RawDataError, ValueError)):
        indices.build()


def test_pillars_wrong_url_raises():
    ledger = pd.DataFrame({"claim_id": ["C12"], "source_url": ["https://a.example"], "notes": [""]})
    df = pd.DataFrame(
        {
            "country": ["CAN"],
            "version": ["note"],
            "pillar": ["1"],
            "text": ["x"],
            "claim_id": ["C12"],
            "source_url": ["https://b.example"],
        }
    )
    with pytest.raises(RawDataError, match="differs from the ledger's for \\['C12'\\]"):
        strategies.check_pillars(df, ledger)
    strategies.check_pillars(df.assign(source_url="https://a.example"), ledger)


def test_every_curated_table_citing_the_ledger_is_checked_against_its_revision(raw_mirror):
    """The committed curated tables agree with the ledger beside the clone (fails on a stale URL)."""
    from ckaibook.data.etl import agreements, claims

    ledger = claims.read_ledger()
    for name, url_is_ledgers in (("strategy_pillars", True), ("timeline", True), ("agreements", False)):
        df = pd.read_csv(paths.CURATED / f"{name}.csv", dtype=str, keep_default_na=False)
        claims.check_cites(df, ledger, f"curated/{name}.csv", url_is_ledgers=url_is_ledgers)
    agreements.check_agreements(pd.read_csv(paths.CURATED / "agreements.csv", dtype=str, keep_default_na=False), ledger)


def test_names():
    assert to_iso3("United Kingdom<sup>a</sup>") == "GBR"
    assert to_iso3("C&#244;te d&#8217;Ivoire") == "CIV"
    assert to_iso3("Unassigned") is None
    with pytest.raises(RawDataError, match="Atlantis"):
        to_iso3("Atlantis")


# ---------------------------------------------------------------- rules


def test_flag_outliers():
    df = pd.DataFrame(
        {
            "iso3": ["CAN"] * 5 + ["KOR"] * 5,
            "year": list(range(2018, 2023)) * 2,
            "value": [2, 2, 3, 20, 2, 1, 2, 3, 4, 5],
        }
    )
    flagged = co.flag_outliers(df)
    assert flagged[["iso3", "year"]].values.tolist() == [["CAN", 2021]]


def test_money_at_announcement_year_and_that_years_gdp():
    """C40 targets 2027 but was announced in 2024: rates and GDP are 2024's (claims.ledger.amount)."""
    c40 = {c.claim_id: c for c in co.commitments()}["C40"]
    assert (c40.year, c40.gdp_year) == (2024, 2024)
    texts = co.money_section(co.commitments()).texts
    assert texts["c40_describe"].endswith("at 2024 rates), nominal")
    assert texts["c40_gdp"].endswith("of 2024 GDP")


def _board(ratios: dict[str, float]) -> pd.DataFrame:
    rows = [
        {
            "key": k,
            "measure": f"Measure {k}",
            "side": "research",
            "unit": "per person",
            "year": 2022,
            "decimals": 1,
            "CAN": r,
            "KOR": 1.0,
            "ratio": r,
        }
        for k, r in ratios.items()
    ]
    return pd.DataFrame(rows)


def test_side_finding_leads_with_sizes_not_wins():
    """Three narrow wins and one loss by 10×: the home country is behind in size (old code: 'leads on 3 of 4')."""
    board = _board({"a": 1.05, "b": 1.1, "c": 1.02, "d": 0.1})
    text = co.side_finding(board, "research", "CAN", "KOR")
    assert "3 of 4" not in text
    assert "from 0.10× South Korea's (measure d, 2022) to 1.1× (measure b, 2022)" in text
    assert text.endswith("0.59× in geometric mean")
    assert co.side_gap(board, "research") < 1


def test_complementarity_by_size():
    board = pd.concat([_board({"a": 2.0}), _board({"b": 0.5}).assign(side="commercialisation")])
    assert "holds for Canada–South Korea" in co.complementarity_finding(board, "CAN", "KOR")
    board = pd.concat([_board({"a": 0.9}), _board({"b": 1.5}).assign(side="commercialisation")])
    assert "does not hold for Canada–South Korea on either side" in co.complementarity_finding(board, "CAN", "KOR")


def test_complementarity_says_which_half_holds_with_its_size():
    """Research at 0.9× and commercialisation at 0.2×: the commercialisation half holds by a factor of five,
    so 'the pattern does not hold' alone misreports the size (old code said exactly that)."""
    board = pd.concat([_board({"a": 0.9}), _board({"b": 0.2}).assign(side="commercialisation")])
    text = co.complementarity_finding(board, "CAN", "KOR")
    assert "holds for Canada–South Korea only on commercialisation, where Canada has 0.20× South Korea's level" in text
    assert "not on research, where Canada has 0.90×" in text
    board = pd.concat([_board({"a": 1.5}), _board({"b": 1.2}).assign(side="commercialisation")])
    assert "only on research, where Canada has 1.5×" in co.complementarity_finding(board, "CAN", "KOR")


def test_names_and_units_keep_their_case():
    """'r&D spending' and 'United States's' were bugs; 'the United States' reads as English."""
    assert co._label("R&D spending") == "R&D spending"
    assert co._label("TOP500 performance") == "TOP500 performance"
    assert co._label("Resident patent applications") == "resident patent applications"
    assert countries.possessive("USA") == "the United States'"
    assert countries.possessive("CAN") == "Canada's"
    v = verdicts_run("C22", "CAN", "USA")
    assert "United States's" not in v.figure


def verdicts_run(cid: str, home: str, partner: str):
    from ckaibook.claims import verdicts

    return verdicts.run(cid, home, partner)


def test_infrastructure_finding_gives_every_gap_size():
    items, why = co.comparisons("CAN", "KOR")
    assert not why and len(items) == 4
    text = co.infra_finding(items, "CAN", "KOR")
    for c in items:
        assert co._ratio_text(c.ratio) in text
    assert "of 4" not in text and "in geometric mean" in text
    table = co.comparisons_table(items, "CAN", "KOR")
    assert "Canada ÷ South Korea" in table.columns


def test_gpu_figure_is_the_one_definition_with_a_fact():
    from ckaibook.measures import compute

    sec = co.gpu_section(["CAN", "KOR", "USA"], "CAN", "KOR")
    expected = compute.gpu_capacity(["KOR"]).set_index("iso3").loc["KOR", "h100e"]
    fact = sec.facts["gpu_partner"]
    assert (fact.measure, fact.iso3, fact.value) == ("gpu_capacity.h100e", "KOR", expected)
    assert sec.texts["gpu_partner"] == f"{expected:,.0f} H100-equivalents"


@pytest.mark.parametrize("home,partner", [("CAN", "TWN"), ("CAN", "XKX"), ("CAN", "MMR"), ("KOR", "JPN")])
def test_sections_run_for_partial_data_pairs(home, partner):
    """A partner missing from some tables gets a note or a 'why no chart', never a KeyError."""
    from ckaibook.data import countries

    focus = countries.focus(home, partner)
    others = [c for c in focus if c not in (home, partner)]
    board = co.scoreboard(home, partner, focus)
    items, why = co.comparisons(home, partner)
    secs = [
        co.scoreboard_section(board, home, partner),
        co.legislation_section(home, partner, others),
        co.models_section(focus, home, partner),
        co.codevelopment_section(home, partner, others),
        co.talent_section(focus, home, partner),
        co.index_section(focus, home, partner),
        co.infrastructure_section(items, why, home, partner),
        co.gpu_section(focus, home, partner),
        co.summary_section(board, items, home, partner),
    ]
    for sec in secs:
        assert sec.chart is not None or sec.missing or not sec.title
        for text in sec.texts.values():
            assert "Korea" not in text or "KOR" in (home, partner)


def test_codevelopment_counts_models_with_both_countries():
    t = co.codevelopment("CAN", ["KOR", "USA"]).set_index("iso3")
    assert t.loc["KOR", "models"] == 0 and t.loc["USA", "models"] > 0
    text = co.codevelopment_section("CAN", "USA", ["CHN"]).texts["codev_finding"]
    assert f"records {t.loc['USA', 'models']} AI models" in text


def test_codeveloped_models_have_one_definition_in_chapters_01_and_03():
    """Old code: chapter 01 counted every year (Canada with the United States 55), chapter 03 its window
    (54), in two functions; now one function, and chapter 01 says which years it counts."""
    from ckaibook.chapters import indo_pacific as ip

    t = co.codevelopment("CAN", ["USA"], 2010, 2025).set_index("iso3")
    assert ip.codev_section("CAN", "USA", 2010, 2025).texts["cd_pair"] == str(t.loc["USA", "models"])
    text = co.codevelopment_section("CAN", "KOR", ["USA"], 2010, 2025).texts["codev_finding"]
    assert "published in 2010–2025" in text and f"the United States {t.loc['USA', 'models']}" in text


def test_notebook_markdown_names_no_country_of_the_default_pair():
    """Issue 14.2: free prose names no country; only 'The note says' blocks and glue may."""
    nb = nbformat.read(paths.CHAPTERS / "01-state-of-cooperation.ipynb", 4)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        text = re.sub(r":::\{admonition\} The note says\n:class: ckb-note-says\n.*?\n:::", "", cell.source, flags=re.S)
        text = re.sub(r"\{glue\}`[^`]*`", "", text)
        assert not re.search(r"Canad|Korea|Seoul|Ottawa", text), (cell.id, text)


def test_rule_changes_picture():
    bp = pd.DataFrame(
        {
            "iso3": ["CAN", "KOR", "CAN", "KOR"],
            "period": ["a", "a", "b", "b"],
            "whole": [8, 5, 3, 1],
            "fractional": [4.3, 4.5, 3.0, 1.0],
        }
    )
    assert co.rule_changes_picture(bp, "CAN", "KOR") == ["a"]


def test_lag_verdict():
    assert ch01.lag_verdict(0.5) == "supported"
    assert ch01.lag_verdict(0.9) == "partly-supported"
    assert ch01.lag_verdict(1.2) == "contradicted"
    assert ch01.lag_verdict(float("nan")) == "not testable"


def test_patent_verdict():
    s = pd.Series({"KOR": 160.0, "JPN": 30.0, "CAN": 20.0, "USA": 40.0, "CHN": 50.0})
    assert ch01.patent_verdict(s, "CAN", "KOR") == ("supported", 1)
    assert ch01.patent_verdict(s.replace({160.0: 25.0}), "CAN", "KOR") == ("partly-supported", 4)
    assert ch01.patent_verdict(s.replace({160.0: 10.0}), "CAN", "KOR")[0] == "contradicted"


# ---------------------------------------------------------------- live checks on data/


def test_live_checks_run():
    from ckaibook.claims import verdicts

    for cid in ("C20", "C22", "C23"):
        v = verdicts.run(cid, "CAN", "KOR")
        assert v.verdict in ("supported", "partly-supported", "contradicted")
        assert verdicts.run(cid, "USA", "JPN").verdict == "not applicable"


def test_c20_is_context_from_the_bill_counts():
    from ckaibook.claims import verdicts

    v = verdicts.run("C20", "CAN", "KOR")
    assert v.kind == "context" and v.value == 13 and v.table == "owid_ai_country"
    assert "rank 5 of 116" in v.figure


def test_frontrunner_verdict():
    counts = pd.Series(
        {
            "USA": 27.0,
            "RUS": 20.0,
            "PRT": 20.0,
            "BEL": 18.0,
            "KOR": 13.0,
            "ESP": 11.0,
            "GBR": 10.0,
            "ITA": 10.0,
            "FRA": 9.0,
            "CAN": 1.0,
            "IND": 1.0,
            "DZA": 0.0,
        }
    )
    assert ch01.bills_rank(counts, "PRT") == 2  # ties share the better rank
    assert ch01.frontrunner_verdict(counts, "KOR") == "supported"
    assert ch01.frontrunner_verdict(counts, "ESP") == "contradicted"  # rank 6 of 12: outside the top quarter (3)
    many = pd.Series({f"X{i:02d}": float(40 - i) for i in range(40)})
    assert ch01.frontrunner_verdict(many, "X06") == "partly-supported"  # rank 7, top quarter is 10
    assert ch01.frontrunner_verdict(many, "X10") == "contradicted"  # rank 11
    assert ch01.frontrunner_verdict(counts, "CAN") == "contradicted"
    assert ch01.frontrunner_verdict(counts, "TWN") == "not testable"


def test_c22_without_a_comparable_measure_is_not_testable():
    """Kosovo has no TOP500 system, no GPU cluster and no WDI value both years share: no size, no crash."""
    v = verdicts_run("C22", "CAN", "XKX")
    assert v.verdict == "not testable" and "Kosovo" in v.figure


def test_a_measure_where_one_country_has_none_is_said_so_not_infinite():
    items, _ = co.comparisons("CAN", "MMR")
    text = co.infra_finding(items, "CAN", "MMR")
    assert "inf" not in text and "Myanmar has none of TOP500 performance" in text
    assert "inf×" not in verdicts_run("C22", "CAN", "MMR").figure


# ---------------------------------------------------------------- audit: like for like, recomputed from the raw mirror


def _raw_notable(raw: "paths.Path") -> pd.DataFrame:
    """Epoch's notable models straight from the raw file: one row per model and developer country."""
    names = {"Canada": "CAN", "Korea (Republic of)": "KOR", "Japan": "JPN"}
    df = pd.read_csv(raw / "epoch_models" / "notable_ai_models.csv")
    df["year"] = pd.to_datetime(df["Publication date"], errors="coerce").dt.year
    df["country"] = df["Country (of organization)"].fillna("").str.split(",")
    df = df.explode("country")
    df["iso3"] = df["country"].str.strip().map(names)
    return df.dropna(subset=["iso3"]).drop_duplicates(["Model", "iso3"])


@pytest.mark.parametrize("home,partner", [("CAN", "KOR"), ("KOR", "JPN")])
def test_citations_compare_models_of_the_same_years(raw_mirror, home, partner):
    """Canada's notable models date from 1988 and South Korea's from 2017, so all-years medians (7,637
    against 101, 76×) mostly measure age. The finding leads with the medians of models published from the
    later first year (recomputed here from the raw file); the old code gave only the all-years figure."""
    df = _raw_notable(raw_mirror)
    start = int(max(df.loc[df["iso3"] == c, "year"].min() for c in (home, partner)))
    recent = df[df["year"] >= start]
    med = {c: recent.loc[recent["iso3"] == c, "Citations"].dropna().median() for c in (home, partner)}
    hi, lo = sorted((home, partner), key=lambda c: -med[c])
    focus = countries.focus(home, partner)
    text = co.citations_section(co.model_summary(focus), home, partner).texts["citations_finding"]
    assert text.startswith(f"for notable models published from {start}, the first year both countries have one")
    assert f"median of {med[hi]:,.0f} citations, against {med[lo]:,.0f} for {countries.possessive(lo)}" in text
    assert f"({co._ratio_text(med[hi] / med[lo])};" in text
    assert "over all years" in text


def test_money_finding_names_figures_that_round_alike_together(raw_mirror):
    """C17 and C21 are 0.0772% and 0.0782% of 2024 GDP (Fed annual rates, WDI GDP, recomputed from the raw
    files): both read 0.08%, so naming C17 alone 'the smallest' claims a difference the text does not show."""
    fx = pd.read_csv(raw_mirror / "fx" / "annual.csv")
    fx = fx[fx["Date"].str.startswith("2024")].set_index("Country")["Exchange rate"]
    gdp = pd.read_csv(raw_mirror / "wdi" / "ny.gdp.mktp.cd.csv")
    gdp = gdp[gdp["Year"] == 2024].set_index("Country Code")["Value"]
    c17 = 2.4e9 / fx["Canada"] / gdp["CAN"] * 100
    c21 = 2.0e12 / fx["South Korea"] / gdp["KOR"] * 100
    assert f"{c17:.2f}" == f"{c21:.2f}" and c17 < c21
    text = co.money_section(co.commitments()).texts["money_finding"]
    assert text.endswith(f"the smallest C17 and C21 (Canada and South Korea, each {c17:.2f}% of 2024 GDP)")


def test_c22_gap_sizes_read_the_same_in_the_verdict_and_the_text():
    """The box showed 'Secure internet servers 3.34×' above 'to 3.3× (secure internet servers)'."""
    from ckaibook.claims import verdicts

    items, _ = co.comparisons("CAN", "KOR")
    figure = verdicts.run("C22", "CAN", "KOR").figure
    for c in items:
        assert f"{c.measure} {co._ratio_text(c.ratio)}" in figure
        assert co._ratio_text(c.ratio) in co.infra_finding(items, "CAN", "KOR")
    assert "3.34×" not in figure
    assert "has 0.14× the United States' level" in verdicts.run("C22", "CAN", "USA").figure


def test_c22_explanation_says_direction_only_when_gaps_point_both_ways():
    """Canada–France: every gap is below 1, so 'differ in size and direction' was false for that pair."""
    items, _ = co.comparisons("CAN", "FRA")
    assert all(c.ratio < 1 for c in items)
    text = co.c22_explanation(items, "CAN", "FRA")
    assert "differ in size, from" in text and "direction" not in text
    items, _ = co.comparisons("CAN", "KOR")
    assert "differ in size and direction" in co.c22_explanation(items, "CAN", "KOR")


def test_c23_figure_rounds_as_the_scoreboard_does():
    """The brief read 'South Korea 160 per million people … Canada 23' above a table showing 159.6 and 23.2."""
    from ckaibook.claims import verdicts

    focus = countries.focus("CAN", "KOR")
    board = co.scoreboard("CAN", "KOR", focus)
    shown = co.scoreboard_display(board, focus, "CAN", "KOR").set_index(board["key"]).loc["ai_patents"]
    figure = verdicts.run("C23", "CAN", "KOR").figure
    assert figure.startswith(f"South Korea {shown['South Korea']} per million people in 2020")
    assert figure.endswith(f"Canada {shown['Canada']}")


def test_faculty_per_person_divides_each_snapshot_by_its_own_years_population(raw_mirror):
    """The October 2024 roster was divided by 2023 population (Canada grew 3% in that year): 3.8× instead of
    the 3.7× recomputed here from the raw roster and WDI's 2024 population."""
    region = pd.read_csv(raw_mirror / "csrankings" / "country-info.csv")
    country = dict(zip(region["institution"].str.strip(), region["countryabbrv"], strict=True))
    roster = pd.read_csv(raw_mirror / "csrankings" / "csrankings.csv")
    counts = roster["affiliation"].str.strip().map(country).value_counts()
    pop = pd.read_csv(raw_mirror / "wdi" / "sp.pop.totl.csv")
    pop = pop[pop["Year"] == 2024].set_index("Country Code")["Value"]
    ratio = (counts["ca"] / pop["CAN"]) / (counts["kr"] / pop["KOR"])
    text = co.faculty_pp_finding(co.faculty(["CAN", "KOR"]), "CAN", "KOR")
    assert f"Canada lists {co._ratio_text(ratio)} as many all CS faculty per million people" in text
    assert co._ratio_text(ratio) == "3.7×"


def test_faculty_gaps_use_the_books_gap_rounding():
    """'337.7×' and '12.0×' (Canada–Vietnam, Canada–China) where every other gap in the chapter reads '338×', '12×'."""
    for partner in ("VNM", "CHN"):
        f = co.faculty(["CAN", partner])
        v = f[f["dataset"] == "cs_faculty_roster_2024"].set_index("iso3")["per_million"]
        text = co.faculty_pp_finding(f, "CAN", partner)
        assert f"Canada lists {co._ratio_text(v['CAN'] / v[partner])} as many all CS faculty" in text
    assert "337.7×" not in co.faculty_pp_finding(co.faculty(["CAN", "VNM"]), "CAN", "VNM")


def test_c22_explanation_names_a_verdict_only_where_there_is_one():
    """South Korea–Japan: C22 is not applicable, yet the box said 'the verdict follows the geometric mean'."""
    items, _ = co.comparisons("KOR", "JPN")
    assert "verdict" not in co.c22_explanation(items, "KOR", "JPN")
    items, _ = co.comparisons("CAN", "KOR")
    assert co.c22_explanation(items, "CAN", "KOR").endswith("; the verdict follows the geometric mean.")
