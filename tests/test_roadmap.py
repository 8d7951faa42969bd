"""Chapter 04: the curated agreements table, the live checks C59/C60 and the siting calculator."""
from __future__ import annotations

import pandas as pd
import pytest

from ckaibook.data import paths
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


@pytest.mark.parametrize("edit, message", [
    (lambda d: d.assign(source_url=d["source_url"].where(d.index != 0, "")), "source URL"),
    (lambda d: d.assign(status=d["status"].where(d.index != 0, "observer")), "status"),
    (lambda d: d[~((d["agreement"] == "APEC") & (d["iso3"] == "KOR"))], "APEC members differ"),
    (lambda d: d.assign(agreement=d["agreement"].where(d.index != 0, "NAFTA")), "unknown agreement"),
    (lambda d: d.assign(year=d["year"].where(d.index != 0, "20x5")), "years"),
])
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
    return pd.DataFrame({"claim_id": ["C01", "C07", "C60"], "source_url": ["https://ledger.example/"] * 3,
                         "notes": [notes, "", ""]})


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
    both = pd.DataFrame({"agreement": ["DEPA", "DEPA"], "iso3": ["CAN", "KOR"], "status": ["member", "signatory"],
                         "year": [2025, 2024]})
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
    out = roadmap.siting(100, 1.2, 0.8, 2024, ["CAN", "KOR", "BRN"], "CAN", "KOR")
    t = out.table.set_index("iso3")
    assert t.loc["KOR", "co2_kt"] > t.loc["CAN", "co2_kt"]
    assert t.loc["CAN", "electricity_gwh"] == pytest.approx(100 * 1.2 * 0.8 * 8.76)
    assert int(t.loc["BRN", "year"]) < 2024 and any("Brunei" in n for n in out.notices)
    assert "avoid" in out.texts["calc_diff"]


def test_siting_reports_missing_country():
    out = roadmap.siting(100, 1.0, 1.0, 2024, ["CAN", "VAT"], "CAN", "VAT")  # Ember has no Vatican City
    assert set(out.table["iso3"]) == {"CAN"}
    assert any("left out" in n for n in out.notices)
    assert "cannot be computed" in out.texts["calc_diff"]


def test_fossil_share_is_coal_gas_oil_over_total():
    fs = roadmap.fossil_share(["KOR"], 2020, 2020)
    mix = roadmap.power_mix("KOR", 2020, 2020).set_index("source")["share"]
    assert fs["value"].iloc[0] == pytest.approx(mix[["coal", "gas", "oil"]].sum(), abs=0.05)
