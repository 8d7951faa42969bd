"""Chapter 03 rules: fractional shares, the DeepSeek compute test and its C49 verdict, GPU aggregation."""
from __future__ import annotations

import pandas as pd
import pytest

from ckaibook.chapters import indo_pacific as ip
from ckaibook.claims.checks import indo_pacific as ch03


def _models(rows):
    cols = ["model", "iso3", "weight", "organization", "publication_date", "training_compute_flop",
            "frontier", "large_scale", "year"]
    df = pd.DataFrame(rows, columns=cols[:-1])
    df["year"] = df["publication_date"].str[:4].astype(int)
    return df


def test_share_by_year_splits_joint_models():
    df = pd.DataFrame({"model": ["a", "b", "b", "c"], "iso3": ["USA", "USA", "CAN", "CHN"],
                       "weight": [1, 0.5, 0.5, 1], "year": [2024, 2024, 2024, 2024]})
    out = ip.share_by_year(df, ["USA", "CAN", "KOR"], 2024, 2024).set_index("iso3")
    assert out.loc["USA", "share"] == pytest.approx(50)
    assert out.loc["CAN", "share"] == pytest.approx(100 / 6)
    assert out.loc["KOR", "share"] == 0
    assert ip.pooled_share(df, ("USA", "CHN"), 2024, 2024) == pytest.approx(2.5 / 3)


def _case(deepseek_flop):
    return _models([
        ["DeepSeek-X", "CHN", 1, "DeepSeek", "2025-01-20", deepseek_flop, False, True],
        ["F1", "USA", 1, "Lab A", "2024-06-01", 2e25, True, True],
        ["F2", "USA", 1, "Lab B", "2024-09-01", 4e25, True, True],
        ["F3", "USA", 1, "Lab C", "2023-01-01", 1e20, True, True],  # outside the 12-month window
        ["L1", "KOR", 1, "Lab D", "2024-10-01", 2e23, False, True],
    ])


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


def test_gpu_by_country_counts_existing_standard_clusters_only():
    df = pd.DataFrame({"iso3": ["USA", "USA", "CAN", "KOR"], "status": ["Existing", "Planned", "Existing", "Existing"],
                       "standard_analysis": [True, True, True, False], "h100_equivalents": [90.0, 500.0, 10.0, 40.0]})
    out = ip.gpu_by_country(df).set_index("iso3")
    assert list(out.index) == ["USA", "CAN"]
    assert out.loc["USA", "share"] == pytest.approx(90)
    chart = ip.gpu_chart_data(ip.gpu_by_country(df), "CAN", "KOR")
    assert set(chart["iso3"]) == {"USA", "CAN", "KOR"}


def test_growth_compares_same_quarter():
    df = pd.DataFrame({"iso3": ["CAN"] * 3, "year": [2020, 2020, 2022], "quarter": [1, 3, 3], "value": [50.0, 100.0, 150.0]})
    out = ip.growth(df, ["CAN", "KOR"]).set_index("iso3")
    assert out.loc["CAN", "growth"] == pytest.approx(50)
    assert pd.isna(out.loc["KOR", "growth"])
