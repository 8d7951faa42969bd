"""Unit tests: raw-mirror location, countries, parameters, prose formatting, money."""

from __future__ import annotations

import pytest

from ckaibook.data import countries, paths
from ckaibook.claims import money
from ckaibook.chapters import params
from ckaibook.present import prose


def test_missing_mirror_names_the_folder(tmp_path, monkeypatch):
    missing = tmp_path / "nowhere"
    monkeypatch.setenv(paths.RAW_ENV, str(missing))
    with pytest.raises(paths.MissingRawMirror, match=str(missing)):
        paths.raw_root()


def test_env_var_overrides_mirror(tmp_path, monkeypatch):
    (tmp_path / "wdi").mkdir()
    monkeypatch.setenv(paths.RAW_ENV, str(tmp_path))
    assert paths.raw_source("wdi") == tmp_path / "wdi"
    with pytest.raises(paths.MissingRawMirror, match="ember"):
        paths.raw_source("ember")


def test_retrieved_date_read_from_the_snapshot_manifest(tmp_path, monkeypatch):
    # The manifest, not the mirror's SOURCE.md: a clone without the mirror builds the same descriptor.
    monkeypatch.setenv(paths.RAW_ENV, str(tmp_path))
    assert paths.retrieved_date("ember") == "2026-11-26"
    with pytest.raises(ValueError, match="no snapshot in snapshots/ describes raw folder 'x'"):
        paths.retrieved_date("x")


def test_country_names_and_unknown_code():
    assert countries.name("KOR") == "South Korea"
    assert countries.name("CAN") == "Canada"
    assert countries.name("VNM") == "Vietnam"
    with pytest.raises(countries.UnknownCountry, match="XYZ"):
        countries.name("XYZ")


def test_groups_are_iso3_and_sized():
    sizes = {"G7": 7, "G20": 19, "OECD": 38, "APEC": 21, "ASEAN": 10}
    for group, size in sizes.items():
        members = countries.members(group)
        assert len(set(members)) == size
        assert all(countries.is_known(c) for c in members), group
    with pytest.raises(KeyError, match="known groups"):
        countries.members("NATO")


def test_colours_fixed_and_distinct_for_focus_countries():
    focus = countries.focus()
    assert focus[:2] == ["CAN", "KOR"]
    colours = [countries.colour(c) for c in focus]
    assert len(set(colours)) == len(colours)
    assert countries.colour("DEU") == countries.OTHER_COLOUR


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"partner": "XYZ"}, "not an ISO 3166"),
        ({"partner": "kor1"}, "not an ISO3 code"),
        ({"partner": 7}, "not an ISO3 code"),
        ({"home": "KOR", "partner": "KOR"}, "equals home"),
        ({"start_year": 2020, "end_year": 2010}, "empty year window"),
        ({"start_year": 1800}, "outside"),
        ({"start_year": 2000.5}, "whole year"),
        ({"load_mw": "a lot"}, "not a number"),
        ({"load_mw": -5}, "outside the allowed range"),
        ({"colour": "red"}, "unknown parameter"),
    ],
)
def test_bad_parameters_raise_named_errors(kwargs, message):
    with pytest.raises(params.ParameterError, match=message):
        params.check(**kwargs)


def test_parameter_must_have_data_when_availability_given():
    with pytest.raises(params.ParameterError, match=r"\(Japan\) has no data in this book; allowed: CAN, KOR"):
        params.check(available=["CAN", "KOR"], partner="JPN")
    assert params.check(available=["CAN", "JPN"], home="CAN", partner="JPN") == {"home": "CAN", "partner": "JPN"}


def test_coerce_command_line_values():
    assert params.coerce("partner", "jpn") == "JPN"
    assert params.coerce("start_year", "2005") == 2005
    with pytest.raises(params.ParameterError, match="not a number"):
        params.coerce("load_mw", "ten")
    with pytest.raises(params.ParameterError, match="unknown parameter"):
        params.coerce("nope", "1")


def test_prose_formatting():
    assert prose.number(1234.56) == "1,235"
    assert prose.number(12.345, 1, "%") == "12.3%"
    assert prose.percent(0.562) == "56%"
    assert prose.money(2.4e9, "CAD") == "C$2.4 billion"
    assert prose.money(693e6, "USD", 0) == "US$693 million"
    assert prose.multiple(4.27) == "4.3×"
    assert repr(prose.Text("a b")) == "a b"
    with pytest.raises(ValueError, match="missing"):
        prose.number(float("nan"))


def test_money_conversion_uses_that_years_rate():
    cad, krw = money.rate("CAD", 2024), money.rate("KRW", 2024)
    assert money.convert(cad, "CAD", "USD", 2024) == pytest.approx(1.0)
    assert money.convert(1.0, "USD", "KRW", 2024) == pytest.approx(krw)
    assert money.convert(krw, "KRW", "CAD", 2024) == pytest.approx(cad)
    assert money.rate("CAD", 2024) != money.rate("CAD", 2015)
    with pytest.raises(money.FxError, match="no XXX rate"):
        money.rate("XXX", 2024)


def test_owid_codes_of_economies_without_an_iso_code_are_kept(raw_mirror):
    """OWID writes Kosovo as OWID_KOS; the AI tables dropped it while the energy tables kept it as XKX,
    so chapter 01 counted 115 economies with AI bills where the source has 116."""
    import pandas as pd

    from ckaibook.data.etl import owid_ai_country

    table = owid_ai_country.build()
    bills = table[table["measure"] == "ai_bills_passed"]
    file = next(f for f in owid_ai_country.FILES if owid_ai_country.FILES[f][0] == "ai_bills_passed")
    raw = pd.read_csv(paths.raw_file("owid_ai_country", file))
    raw = raw.dropna(subset=["Code", owid_ai_country.FILES[file][1]])
    economies = raw[~raw["Code"].isin(list(countries.AGGREGATES) + ["OWID_WRL"])]
    assert "XKX" in set(bills["iso3"])
    assert bills["iso3"].nunique() == economies["Code"].nunique()
