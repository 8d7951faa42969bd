"""Chapter 03 audit: numbers the chapter glues, recomputed independently from the raw mirror (plain pandas on
the raw files, not the library's ETL or measures), and sentences that must stay true for every pair."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from ckaibook.chapters import indo_pacific as ip
from ckaibook.claims.checks import indo_pacific as ch03
from ckaibook.data import paths

ASEAN_ISO2 = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]
ASEAN_ISO3 = ["BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"]
NOTEBOOK = paths.CHAPTERS / "03-indo-pacific.ipynb"


def _raw(source: str, name: str) -> Path:
    return paths.raw_file(source, name)


def _pct(x: float, decimals: int = 0) -> str:
    return f"{x:,.{decimals}f}%"


def _ordinal(n: int) -> str:
    if n <= 3:
        return {1: "first", 2: "second", 3: "third"}[n]
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


# ---------------------------------------------------------------- recomputed from the raw mirror


def _notable_by_country() -> pd.DataFrame:
    n = pd.read_csv(_raw("epoch_models", "notable_ai_models.csv"), low_memory=False)
    names = n["Country (of organization)"].fillna("").str.split(",")
    n["c"] = names.map(lambda ns: sorted({x.strip() for x in ns if x.strip() and x.strip() != "Multinational"}))
    n = n[n["c"].map(len) > 0]
    n["w"] = 1 / n["c"].map(len)
    n["year"] = pd.to_datetime(n["Publication date"], errors="coerce").dt.year
    return n.explode("c")


def test_model_concentration_and_ranks_match_the_raw_file(raw_mirror):
    n = _notable_by_country()
    sec = ip.models_section("CAN", "KOR", 2010, 2025)
    us_cn = ["United States of America", "China"]
    for key, (a, b) in (("mod_share_early", (2010, 2014)), ("mod_share_late", (2021, 2025))):
        w = n[n["year"].between(a, b)]
        assert sec.texts[key] == _pct(w.loc[w["c"].isin(us_cn), "w"].sum() / w["w"].sum() * 100)
    late = n[n["year"].between(2021, 2025)].groupby("c")["w"].sum()
    for role, name, shown in (("home", "Canada", "Canada"), ("partner", "Korea (Republic of)", "South Korea")):
        rank = int((late > late[name]).sum()) + 1
        assert f"{shown} ranks {_ordinal(rank)} of {len(late)}" in sec.texts["mod_ranks_brief"]
        assert sec.facts[f"mod_{role}_n"].value == pytest.approx(late[name])


def test_gpu_capacity_matches_the_raw_file(raw_mirror):
    d = pd.read_csv(_raw("epoch_gpu_clusters", "gpu_clusters.csv"), low_memory=False)
    d = d[(d["Status"] == "Existing") & (d["Include in Standard Analysis"].astype(str) == "True")]
    h = pd.to_numeric(d["H100 equivalents"], errors="coerce").groupby(d["Country"]).sum()
    sec = ip.gpu_section("CAN", "KOR")
    assert sec.facts["gpu_home"].value == pytest.approx(h["Canada"])
    assert sec.facts["gpu_partner"].value == pytest.approx(h["Korea (Republic of)"])
    assert sec.texts["gpu_usa_share"] == _pct(h["United States of America"] / h.sum() * 100)
    assert sec.texts["gpu_pair_share"] == _pct((h["Canada"] + h["Korea (Republic of)"]) / h.sum() * 100, 1)


def test_deepseek_ratio_matches_the_raw_files(raw_mirror):
    files = {k: pd.read_csv(_raw("epoch_models", f"{k}_ai_models.csv"), low_memory=False) for k in ("all", "frontier")}
    m = files["all"].assign(c=lambda d: pd.to_numeric(d["Training compute (FLOP)"], errors="coerce"))
    ds = m[m["Organization"].fillna("").str.contains("DeepSeek") & m["c"].notna()]
    flag = ds[ds["Publication date"] <= "2025-07-09"].sort_values(["c", "Publication date"]).iloc[-1]
    lo = (pd.Timestamp(flag["Publication date"]) - pd.DateOffset(months=12)).strftime("%Y-%m-%d")
    win = m[m["Publication date"].between(lo, flag["Publication date"]) & m["c"].notna()]
    peers = win[win["Model"].str.strip().isin(files["frontier"]["Model"].str.strip())]
    sec = ip.deepseek_section(ip.epoch.models())
    assert sec.texts["ds_model"] == flag["Model"].strip()
    assert sec.texts["ds_peers"] == str(len(peers))
    assert sec.texts["ds_ratio"] == _pct(flag["c"] / peers["c"].median() * 100)


def _dots(filename: str, sheet: str = "Exports, FOB") -> pd.DataFrame:
    d = pd.read_excel(_raw("trade", filename), sheet_name=sheet, header=None)
    body = d.iloc[7:, 1:]
    body.columns = ["partner"] + [int(y) for y in d.iloc[6, 2:]]
    return body.dropna(subset=["partner"]).set_index("partner").apply(pd.to_numeric, errors="coerce")


def test_export_shares_to_the_superpowers_and_asean_match_the_dots_workbooks(raw_mirror):
    can, kor = _dots("DOTS_36.xlsx"), _dots("DOTS_106.xlsx")
    dep, _ = ip.dependence_section("CAN", "KOR", 2010, 2025)
    assert dep.texts["dep_year"] == "2020"
    for role, ex in (("home", can), ("partner", kor)):
        world = ex.loc["World", 2020]
        assert dep.facts[f"dep_{role}_usa"].value == pytest.approx(ex.loc["United States", 2020] / world * 100)
        assert dep.facts[f"dep_{role}_chn"].value == pytest.approx(ex.loc["China, P.R.: Mainland", 2020] / world * 100)
    asean = ["Brunei Darussalam", "Cambodia", "Indonesia", "Lao People's Dem. Rep.", "Malaysia", "Myanmar",
             "Philippines", "Singapore", "Thailand", "Vietnam"]  # fmt: skip
    ex = ip.asean_exports_section("CAN", "KOR", 2010, 2025)
    for role, d in (("home", can), ("partner", kor)):
        assert ex.texts[f"ex_{role}_share"] == _pct(d.loc[asean, 2020].sum() / d.loc["World", 2020] * 100, 1)


def test_github_collaboration_matches_the_raw_file_without_the_eu_aggregate(raw_mirror):
    co = pd.read_csv(_raw("innovationgraph", "economy_collaborators.csv"), keep_default_na=False, na_values=[""])
    y = co[co["year"] == 2024]
    eu_members = "AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE HU".split()
    ca = y[y["source"] == "CA"].groupby("destination")["weight"].sum()
    assert ca["EU"] == ca[ca.index.isin(eu_members)].sum()  # why the EU row is dropped: it double-counts
    ca = ca.drop("EU").sort_values(ascending=False)
    sec = ip.collab_section("CAN", "KOR", 2024)
    assert sec.texts["co_home_share"] == _pct(ca["KR"] / ca.sum() * 100, 1)
    assert sec.texts["co_home_rank"] == _ordinal(list(ca.index).index("KR") + 1)


# ---------------------------------------------------------------- sentences true for every pair


def test_the_internet_range_is_asean_members_own_not_the_pairs(raw_mirror):
    """The sentence says "ASEAN's members … run from … to …": India (below Myanmar) must not be the low end."""
    sec = ip.internet_section("CAN", "IND")
    wdi = pd.read_csv(_raw("wdi", "API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"), encoding="utf-8-sig")
    wdi = wdi[wdi["Country Code"].isin(ASEAN_ISO3)].set_index("Country Code")
    latest = wdi[[c for c in wdi.columns if c.isdigit()]].apply(lambda r: r.dropna().iloc[-1], axis=1)
    assert sec.facts["net_min"].iso3 == latest.idxmin() and sec.facts["net_max"].iso3 == latest.idxmax()
    assert "India" not in sec.texts["net_min"] + sec.title


def test_peak_sentence_keeps_the_article_lower_case_mid_sentence():
    dep, _ = ip.dependence_section("CAN", "USA", 2010, 2025)
    assert "; the United States' share" in dep.texts["dep_peaks"]
    assert not re.search(r"[;,] The ", dep.texts["dep_peaks"])


def test_mirror_sentence_does_not_call_an_untestable_pair_out_of_scope():
    dep, v = ip.dependence_section("CAN", "FRA", 2010, 2025)
    assert v.verdict == "not testable" and "does not apply" not in dep.texts["dep_mirror"]
    dep, v = ip.dependence_section("USA", "CHN", 2010, 2025)
    assert v.verdict == "not applicable" and "does not apply" in dep.texts["dep_mirror"]


def test_premise_figure_names_countries_as_they_read_mid_sentence():
    shares = pd.DataFrame(
        [["CAN", "USA", 2020, 73.6], ["CAN", "CHN", 2020, 4.8], ["PHL", "USA", 2020, 15.4], ["PHL", "CHN", 2020, 14.8]],
        columns=["iso3", "destination", "year", "share"],
    )
    assert "; the Philippines sent" in ch03.dependence_premise(shares, "CAN", "PHL", 2020).figure


def test_github_comparison_does_not_set_a_superpower_pair_against_itself():
    usa_chn = ip.github_section("USA", "CHN").texts["gh_against"]
    assert "against" not in usa_chn and "VPN" in usa_chn
    can_kor = ip.github_section("CAN", "KOR").texts["gh_against"]
    assert "in China" in can_kor and "in the United States" in can_kor
    assert "in China" not in ip.github_section("CAN", "CHN").texts["gh_against"]


def test_developer_levels_come_with_a_per_person_figure(raw_mirror):
    """Populations differ (India ~35× Canada): the levels sentence carries accounts per 1,000 people."""
    dev = pd.read_csv(_raw("innovationgraph", "developers.csv"), keep_default_na=False, na_values=[""])
    last = dev.sort_values(["year", "quarter"]).iloc[-1][["year", "quarter"]]
    at = dev[(dev["year"] == last["year"]) & (dev["quarter"] == last["quarter"])].set_index("iso2_code")["developers"]
    pop = pd.read_csv(_raw("wdi", "sp.pop.totl.csv"))
    pop = pop[pop["Country Code"].isin(["CAN", "IND"])].dropna(subset=["Value"])
    year = int(pop.groupby("Country Code")["Year"].max().min())
    p = pop[pop["Year"] == year].set_index("Country Code")["Value"]
    text = ip.github_section("CAN", "IND").texts["gh_per_person"]
    want = f"{at['CA'] / p['CAN'] * 1000:,.0f} and {at['IN'] / p['IND'] * 1000:,.0f} per 1,000 people, on {year}"
    assert want in text
    assert "no per-person" in ip.github_section("CAN", "TWN").texts["gh_per_person"]  # Taiwan: no WDI population


def _markdown() -> str:
    return "\n".join(c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "markdown")


def test_asean_developer_sentence_claims_only_what_the_data_show(raw_mirror):
    """Indonesia has more developer accounts than Canada: "growing from small bases" was not true of ASEAN."""
    dev = pd.read_csv(_raw("innovationgraph", "developers.csv"), keep_default_na=False, na_values=[""])
    last = dev[(dev["year"] == dev["year"].max())]
    last = last[last["quarter"] == last["quarter"].max()].set_index("iso2_code")["developers"]
    assert last[ASEAN_ISO2].max() > last["CA"]
    assert "small bases" not in _markdown()
    texts = ip.asean_devs_section("CAN", "KOR").texts
    assert texts["asean_slow"].startswith("Myanmar") and "{glue}`asean_slow`" in _markdown()


def _string_literals(source: str) -> list[str]:
    return [n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_no_year_or_threshold_is_typed_in_the_chapters_code_cells():
    """Principle 5: every number a reader sees is computed (the trade mirror's last year, the index base
    quarter and the chart threshold come from the data or the module, not from typed literals)."""
    typed = [
        (c.id, s)
        for c in nbformat.read(NOTEBOOK, as_version=4).cells
        if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])
        for s in _string_literals(c.source)
        if re.search(r"\b(19|20)\d\d\b|at least \d+", s)
    ]
    assert typed == []


def test_the_trade_series_end_is_said_for_the_years_shown():
    """With --end-year 2018 the page said "The mirror ends in 2018, a pandemic year"; both halves were false."""
    short = ip.dependence_section("CAN", "KOR", 2010, 2018)[0].texts["dep_end"]
    assert "2018" in short and "pandemic" not in short and "runs to 2020" in short
    full = ip.dependence_section("CAN", "KOR", 2010, 2025)[0].texts["dep_end"]
    assert full.startswith("The mirror ends in 2020, a pandemic year")
    assert "pandemic" not in _markdown()  # said only by the glued text, for the year it is true of


def test_programme_shares_match_the_raw_files_and_say_why_the_years_differ(raw_mirror):
    fx = pd.read_csv(_raw("fx", "annual.csv"))
    cad_2024 = fx[(fx["Country"] == "Canada") & (fx["Date"] == "2024-01-01")]["Exchange rate"].iloc[0]
    asean = ["Brunei Darussalam", "Cambodia", "Indonesia", "Lao People's Dem. Rep.", "Malaysia", "Myanmar",
             "Philippines", "Singapore", "Thailand", "Vietnam"]  # fmt: skip
    can_to_asean = _dots("DOTS_36.xlsx").loc[asean, 2020].sum() * 1e6
    texts = ip.programme_section(ip.programme_table(["C56", "C57", "C51"]), 2010, 2025).texts
    assert texts["pg_c56_vs"].startswith(_pct(3.9e6 / cad_2024 / can_to_asean * 100, 3))
    # a 2024 amount set against 2020 trade: the sentence says the years differ and why
    assert "not the announcement year" in texts["pg_c56_vs"] and "not the announcement year" in texts["pg_c57_vs"]


def test_asean_export_shares_of_the_pair_are_read_in_one_year(monkeypatch):
    """When one reporter's series ends earlier, both shares come from the latest year both report, and the
    sentence's single year is true of both (it used the partner's year for the home's later value)."""
    e = pd.DataFrame(
        [["CAN", 2019, 4000.0, 400000.0], ["CAN", 2020, 4700.0, 390000.0], ["KOR", 2019, 90000.0, 540000.0]],
        columns=["iso3", "year", "asean_usd_m", "world_usd_m"],
    ).assign(share=lambda d: d["asean_usd_m"] / d["world_usd_m"] * 100)
    monkeypatch.setattr(ip, "exports_to_asean", lambda reporters, start, end: e)
    sec = ip.asean_exports_section("CAN", "KOR", 2010, 2025)
    assert sec.texts["ex_home_year"] == sec.texts["ex_partner_year"] == "2019"
    assert sec.texts["ex_home_share"] == "1.0%" and sec.title.startswith("In 2019, ")


def test_a_partner_without_notable_models_is_said_to_be_outside_the_ranking():
    """Old code: 'Canada ranks 7th of 21 and Vietnam absent from the 21 countries listed' (no verb)."""
    texts = ip.models_section("CAN", "VNM", 2010, 2025).texts
    assert texts["mod_ranks_brief"].startswith("Canada ranks 7th of ")
    assert "Vietnam is not among the " in texts["mod_ranks_brief"]
    assert "Vietnam has none and is not among the " in texts["mod_ranks"]
    assert "absent" not in texts["mod_ranks_brief"] + texts["mod_ranks"]
    both = ip.models_section("CAN", "KOR", 2010, 2025).texts["mod_ranks"]
    assert "South Korea ranks fourth of " in both or "South Korea ranks 4th of " in both
