"""ETL for the GitHub Innovation Graph: economies as ISO3, EU aggregate dropped, Namibia kept."""

from __future__ import annotations

import pandas as pd
import pytest

from ckaibook.data.etl import innovationgraph as ig
from ckaibook.data.etl._checks import RawDataError


def test_codes():
    assert ig.iso2_to_iso3("KR") == "KOR"
    assert ig.iso2_to_iso3("NA") == "NAM"
    assert ig.iso2_to_iso3("EU") is None
    with pytest.raises(RawDataError):
        ig.iso2_to_iso3("QQ")


def test_innovationgraph_table(raw_mirror):
    df = ig.build_innovationgraph()
    assert list(df.columns) == ig.TABLES[0].columns
    assert set(df["measure"]) == set(ig.MEASURES)
    assert {
        "CAN",
        "KOR",
        "USA",
        "CHN",
        "JPN",
        *("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"),
    } <= set(df["iso3"])
    assert "NAM" in set(df["iso3"])
    # developer accounts are cumulative: Canada's count never falls by more than rounding
    can = df[(df["iso3"] == "CAN") & (df["measure"] == "developers")].sort_values(["year", "quarter"])
    assert can["value"].is_monotonic_increasing


def test_collaborators_table(raw_mirror):
    df = ig.build_collaborators()
    assert list(df.columns) == ig.TABLES[1].columns
    assert not (df["source_iso3"] == df["destination_iso3"]).any()
    assert df["quarters"].between(1, 4).all()
    can_kor = df[(df["source_iso3"] == "CAN") & (df["destination_iso3"] == "KOR")]
    assert len(can_kor) >= 5


def test_bad_raw_file_raises(scratch_raw):
    root = scratch_raw("innovationgraph")
    path = root / "innovationgraph" / "developers.csv"
    df = pd.read_csv(path, keep_default_na=False)
    df.loc[0, "quarter"] = 7
    df.to_csv(path, index=False)
    with pytest.raises(RawDataError, match="quarter"):
        ig.build_innovationgraph()


def test_missing_column_raises(scratch_raw):
    root = scratch_raw("innovationgraph")
    path = root / "innovationgraph" / "economy_collaborators.csv"
    df = pd.read_csv(path, keep_default_na=False).rename(columns={"destination": "dest"})
    df.to_csv(path, index=False)
    with pytest.raises(RawDataError):
        ig.build_collaborators()
