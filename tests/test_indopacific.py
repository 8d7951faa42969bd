"""Chapter 03 rules: fractional shares, the DeepSeek compute test and its C49 verdict, GPU aggregation."""

from __future__ import annotations

import pandas as pd
import pytest

from ckaibook.chapters import indo_pacific as ip
from ckaibook.measures import models as epoch_models
from ckaibook.claims.checks import indo_pacific as ch03
from ckaibook.measures import series as measures


def _models(rows):
    cols = [
        "model",
        "iso3",
        "weight",
        "organization",
        "publication_date",
        "training_compute_flop",
        "frontier",
        "large_scale",
        "year",
    ]
    df = pd.DataFrame(rows, columns=cols[:-1])
    df["year"] = df["publication_date"].str[:4].astype(int)
    return df


def test_share_by_year_splits_joint_models():
    df = pd.DataFrame(
        {
            "model": ["a", "b", "b", "c"],
            "iso3": ["USA", "USA", "CAN", "CHN"],
            "weight": [1, 0.5, 0.5, 1],
            "year": [2024, 2024, 2024, 2024],
        }
    )
    out = ip.share_by_year(df, ["USA", "CAN", "KOR"], 2024, 2024).set_index("iso3")
    assert out.loc["USA", "share"] == pytest.approx(50)
    assert out.loc["CAN", "share"] == pytest.approx(100 / 6)
    assert out.loc["KOR", "share"] == 0
    assert ip.pooled_share(df, ("USA", "CHN"), 2024, 2024) == pytest.approx(2.5 / 3)


def _case(deepseek_flop):
    return _models(
        [
            ["DeepSeek-X", "CHN", 1, "DeepSeek", "2025-01-20", deepseek_flop, False, True],
            ["F1", "USA", 1, "Lab A", "2024-06-01", 2e25, True, True],
            ["F2", "USA", 1, "Lab B", "2024-09-01", 4e25, True, True],
            ["F3", "USA", 1, "Lab C", "2023-01-01", 1e20, True, True],  # outside the 12-month window
            ["L1", "KOR", 1, "Lab D", "2024-10-01", 2e23, False, True],
        ]
    )


def test_c49_premise_holds_when_deepseek_uses_less_compute():
    v = ch03.c49_from(_case(3e24))
    assert v.verdict == "partly-supported"
    assert v.value == pytest.approx(10.0)  # 3e24 / median(2e25, 4e25)


def test_c49_contradicted_when_deepseek_matches_the_frontier():
    assert ch03.c49_from(_case(5e25)).verdict == "contradicted"


def test_c49_not_testable_without_peers_or_deepseek():
    no_peers = _case(3e24)
    no_peers["frontier"] = False
    assert ch03.c49_from(no_peers).verdict == "not testable"
    assert ch03.c49_from(_case(3e24).query("model != 'DeepSeek-X'")).verdict == "not testable"


def test_c49_not_applicable_without_korea():
    assert ch03.c49(home="CAN", partner="JPN").verdict == "not applicable"


def test_gpu_chart_data_adds_the_pair_with_zeros():
    world = pd.DataFrame({"iso3": ["USA", "CAN"], "h100e": [90.0, 10.0], "clusters": [3, 1], "share": [90.0, 10.0]})
    chart = ip.gpu_chart_data(world, "CAN", "KOR").set_index("iso3")
    assert list(chart.index) == ["USA", "CAN", "KOR"]
    assert chart.loc["KOR", "h100e"] == 0


def test_gpu_section_reports_the_one_gpu_definition_with_facts():
    """The chapter's GPU figures are measures.compute.gpu_capacity's, each glued number with its Fact."""
    from ckaibook.measures import compute

    sec = ip.gpu_section("CAN", "KOR")
    g = compute.gpu_capacity(["CAN", "KOR", "USA"]).set_index("iso3")
    for key, iso in (("gpu_home", "CAN"), ("gpu_partner", "KOR"), ("gpu_usa", "USA")):
        fact = sec.facts[key]
        assert (fact.measure, fact.iso3) == ("gpu_capacity.h100e", iso)
        assert fact.value == pytest.approx(float(g.loc[iso, "h100e"]))


def test_growth_compares_same_quarter():
    df = pd.DataFrame(
        {"iso3": ["CAN"] * 3, "year": [2020, 2020, 2022], "quarter": [1, 3, 3], "value": [50.0, 100.0, 150.0]}
    )
    out = ip.growth(df, ["CAN", "KOR"]).set_index("iso3")
    assert out.loc["CAN", "growth"] == pytest.approx(50)
    assert pd.isna(out.loc["KOR", "growth"])


# ---------------------------------------------------------------- issue 14: every pair runs


def test_economies_lists_an_asean_partner_once_in_order():
    out = ip.economies("CAN", "SGP")
    assert len(out) == len(set(out))
    assert out[:5] == ["CAN", "SGP", "USA", "CHN", "JPN"] and out[5:] == [c for c in ip.asean() if c != "SGP"]


def test_growth_and_github_table_give_one_row_per_economy_even_when_listed_twice():
    """The old chapter crashed for SGP/VNM/MMR: ``focus + asean()`` listed the partner twice, so the
    per-economy lookup returned a Series ("truth value of a Series is ambiguous")."""
    df = pd.DataFrame({"iso3": ["SGP", "SGP"], "year": [2020, 2022], "quarter": [3, 3], "value": [100.0, 150.0]})
    out = ip.growth(df, ["CAN", "SGP", "SGP"])
    assert list(out["iso3"]) == ["CAN", "SGP"]
    table = ip.github_table(["CAN", "SGP", "VNM", "SGP"])
    assert list(table["economy"]) == ["Canada", "Singapore", "Vietnam"]


@pytest.mark.parametrize("partner", ["SGP", "VNM", "MMR"])
def test_sections_run_for_an_asean_partner(partner):
    sec = ip.github_section("CAN", partner)
    assert sec.texts["gh_partner_dev"] != "not available"
    assert ip.asean_exports_section("CAN", partner, 2010, 2025).notes  # says intra-ASEAN trade is included


def test_sections_name_the_pair_on_screen_not_the_default_pair():
    """Every glued text is computed for the pair passed in (issue 14.2)."""
    texts = {}
    for sec in (
        ip.models_section("CAN", "FRA", 2010, 2025),
        ip.gpu_section("CAN", "FRA"),
        ip.github_section("CAN", "FRA"),
        ip.collab_section("CAN", "FRA", ip.last_full_collab_year()),
        ip.codev_section("CAN", "FRA", 2010, 2025),
        ip.dependence_section("CAN", "FRA", 2010, 2025)[0],
        ip.asean_exports_section("CAN", "FRA", 2010, 2025),
    ):
        texts.update(sec.texts)
        texts[f"title:{len(texts)}"] = sec.title
    assert not [k for k, t in texts.items() if "Korea" in t]
    assert "France" in ip.gpu_section("CAN", "FRA").title


def test_a_partner_with_partial_data_gets_notes_not_errors():
    dep, v = ip.dependence_section("CAN", "TWN", 2010, 2025)
    assert v.verdict == "not testable" and any("Taiwan" in n for n in dep.notes)
    assert any("Taiwan" in n for n in ip.internet_section("CAN", "TWN").notes)
    assert "TWN" in measures.countries_with_data()


# ---------------------------------------------------------------- issue 13: export shares, co-developed models


def _shares(rows):
    return pd.DataFrame(rows, columns=["iso3", "destination", "year", "share"])


def test_dependence_premise_counts_countries_exposed_to_both():
    both = _shares(
        [["CAN", "USA", 2020, 40.0], ["CAN", "CHN", 2020, 12.0], ["KOR", "USA", 2020, 15.0], ["KOR", "CHN", 2020, 26.0]]
    )
    assert ch03.dependence_premise(both, "CAN", "KOR", 2020).verdict == "supported"
    one = both.assign(share=[74.0, 4.8, 15.0, 26.0])
    v = ch03.dependence_premise(one, "CAN", "KOR", 2020)
    assert (v.verdict, v.kind, v.claim_id) == ("partly-supported", "context", "")
    assert v.value == pytest.approx(4.8)
    none = both.assign(share=[74.0, 4.8, 60.0, 5.0])
    assert ch03.dependence_premise(none, "CAN", "KOR", 2020).verdict == "contradicted"
    assert ch03.dependence_premise(both, "CAN", "JPN", None).verdict == "not testable"
    assert ch03.dependence_premise(both, "USA", "CHN", 2020).verdict == "not applicable"


def test_export_shares_divide_by_the_same_years_world_exports():
    from ckaibook.measures import export_shares

    s = export_shares.export_shares(["CAN", "USA"], start=2019, end=2020)
    assert not ((s["iso3"] == "USA") & (s["destination"] == "USA")).any()
    row = s[(s["iso3"] == "CAN") & (s["destination"] == "USA") & (s["year"] == 2020)].iloc[0]
    assert row["share"] == pytest.approx(row["exports_usd_m"] / row["world_usd_m"] * 100)
    assert 60 < row["share"] < 90
    m = export_shares.mirror_shares(["CAN"], 2020).set_index("destination")
    assert m.loc["USA", "as_importer"] == m.loc["USA", "as_importer"]  # the US reports its imports from Canada


def test_codeveloped_needs_both_countries_on_one_model():
    df = pd.DataFrame(
        {
            "model": ["a", "a", "b", "c", "c"],
            "iso3": ["CAN", "KOR", "CAN", "KOR", "USA"],
            "organization": ["x"] * 5,
            "publication_date": ["2024-01-01"] * 5,
            "year": [2024] * 5,
        }
    )
    assert list(epoch_models.codeveloped(df, "CAN", "KOR", 2020, 2025)["model"]) == ["a"]
    assert epoch_models.codeveloped(df, "CAN", "USA", 2020, 2025).empty


def test_dependence_section_reads_both_reporters_and_attaches_facts():
    dep, v = ip.dependence_section("CAN", "KOR", 2010, 2025)
    assert v.kind == "context" and v.claim_id == ""  # evidence: no ledger row, no invented claim id
    assert "mirror" in dep.texts["dep_mirror"]
    fact = dep.facts["dep_home_usa"]
    assert (fact.measure, fact.iso3) == ("export_shares.share:USA", "CAN")
    assert dep.texts["dep_year"] == str(fact.year)
