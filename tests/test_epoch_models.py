"""ETL for Epoch AI's model data: one row per model × country, fractional weights, tier flags."""

from __future__ import annotations

import pandas as pd
import pytest

from ckaibook.data.etl import epoch_models
from ckaibook.data.etl._checks import RawDataError


def test_country_names_map_to_iso3():
    assert epoch_models.country_iso3("Korea (Republic of)") == "KOR"
    assert epoch_models.country_iso3(" Canada") == "CAN"
    assert epoch_models.country_iso3("Multinational") is None
    with pytest.raises(RawDataError):
        epoch_models.country_iso3("Atlantis")


@pytest.fixture(scope="module")
def table(raw_mirror):
    return epoch_models.build_epoch_models()


def test_table_has_columns_countries_and_unit_weights(table):
    spec = epoch_models.TABLES[0]
    assert list(table.columns) == spec.columns
    assert {"CAN", "KOR", "USA", "CHN", "JPN", "SGP"} <= set(table["iso3"])
    assert not table.duplicated(["model", "iso3"]).any()
    # each model's weights add up to one, so fractional counts sum to the number of models
    sums = table.groupby("model")["weight"].sum()
    assert sums.round(9).eq(1).all()
    assert table.groupby("model")["iso3"].size().eq(table.groupby("model")["n_countries"].first()).all()


def test_a_model_listed_twice_keeps_the_copy_with_every_developer_country(table):
    """Epoch's file has 'Zephyr 141B-A39B' twice: US only, and (name padded with tabs) US, Korea, Spain."""
    zephyr = table[table["model"] == "Zephyr 141B-A39B"]
    assert sorted(zephyr["iso3"]) == ["ESP", "KOR", "USA"]


def test_tier_flags_and_open_weights(table):
    models = table.drop_duplicates("model")
    assert models["large_scale"].sum() > models["frontier"].sum() > 0
    large = models[models["large_scale"]]
    assert (large["training_compute_flop"].dropna() >= 1e23 * 0.99).mean() > 0.95
    ds = models[models["model"] == "DeepSeek-V3"].iloc[0]
    assert ds["open_weights"] and ds["notable"] and ds.iso3 == "CHN"


def test_multi_country_model_split(table):
    multi = table[table["n_countries"] > 1]
    assert not multi.empty
    assert (multi["weight"] < 1).all()


def test_bad_raw_file_raises(scratch_raw):
    root = scratch_raw("epoch_models")
    path = root / "epoch_models" / "all_ai_models.csv"
    df = pd.read_csv(path, low_memory=False).drop(columns=["Country (of organization)"])
    df.to_csv(path, index=False)
    with pytest.raises(RawDataError):
        epoch_models.build_epoch_models()


def test_unknown_country_name_raises(scratch_raw):
    root = scratch_raw("epoch_models")
    path = root / "epoch_models" / "all_ai_models.csv"
    df = pd.read_csv(path, low_memory=False)
    df.loc[0, "Country (of organization)"] = "Ruritania"
    df.to_csv(path, index=False)
    with pytest.raises(RawDataError, match="Ruritania"):
        epoch_models.build_epoch_models()
