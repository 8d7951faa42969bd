"""Chapter 01: its ETL modules (owid_ai_country, ncses, csrankings, indices, strategies), the
library helpers with rules, and the live checks C22/C23."""
from __future__ import annotations

import pandas as pd
import pytest

from ckaibook.chapters import state_of_cooperation as co
from ckaibook.data import paths
from ckaibook.claims.checks import state_of_cooperation as ch01
from ckaibook.data.etl import csrankings, indices, ncses, owid_ai_country, strategies
from ckaibook.data.etl._checks import RawDataError
from ckaibook.data.etl._names import country_code as to_iso3

FOCUS = {"CAN", "KOR", "USA", "CHN", "JPN"}


# ---------------------------------------------------------------- ETL on the real mirror

def test_owid_ai_country_builds(raw_mirror):
    df = owid_ai_country.build()
    assert set(df["measure"]) == {"ai_publications", "ai_patent_applications", "ai_private_investment"}
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
    df = pd.DataFrame({"country": ["CAN"], "version": ["note"], "pillar": ["1"], "text": ["x"],
                       "claim_id": ["C12"], "source_url": ["https://b.example"]})
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
    agreements.check_agreements(pd.read_csv(paths.CURATED / "agreements.csv", dtype=str, keep_default_na=False),
                                ledger)


def test_names():
    assert to_iso3("United Kingdom<sup>a</sup>") == "GBR"
    assert to_iso3("C&#244;te d&#8217;Ivoire") == "CIV"
    assert to_iso3("Unassigned") is None
    with pytest.raises(RawDataError, match="Atlantis"):
        to_iso3("Atlantis")


# ---------------------------------------------------------------- rules

def test_flag_outliers():
    df = pd.DataFrame({"iso3": ["CAN"] * 5 + ["KOR"] * 5, "year": list(range(2018, 2023)) * 2,
                       "value": [2, 2, 3, 20, 2, 1, 2, 3, 4, 5]})
    flagged = co.flag_outliers(df)
    assert flagged[["iso3", "year"]].values.tolist() == [["CAN", 2021]]


def test_rate_year_prefers_announcement():
    assert co.rate_year(pd.Series({"source_date": "2024-04-09", "year": "2027"})) == 2024
    assert co.rate_year(pd.Series({"source_date": "", "year": "2022"})) == 2022


def test_complementarity_counts():
    board = pd.DataFrame({"side": ["research", "research", "commercialisation"], "leader": ["CAN", "KOR", "KOR"]})
    assert co.complementarity(board, "CAN", "KOR") == {"research_n": 2, "research_home": 1,
                                                       "commercial_n": 1, "commercial_partner": 1}


def test_rule_changes_picture():
    bp = pd.DataFrame({"iso3": ["CAN", "KOR", "CAN", "KOR"], "period": ["a", "a", "b", "b"],
                       "whole": [8, 5, 3, 1], "fractional": [4.3, 4.5, 3.0, 1.0]})
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

    for cid in ("C22", "C23"):
        v = verdicts.run(cid, "CAN", "KOR")
        assert v.verdict in ("supported", "partly-supported", "contradicted")
        assert verdicts.run(cid, "USA", "JPN").verdict == "not applicable"
