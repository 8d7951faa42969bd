"""Chapter 02: ETL modules (IEA annex, OWID energy, Energy Institute, TOP500, Epoch GPU clusters),
the energy library and the live checks C26 and C48."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from ckaibook.chapters import challenges_and_opportunities as energy
from ckaibook.claims import ledger
from ckaibook.claims.checks import challenges_and_opportunities as ch02
from ckaibook.data import paths
from ckaibook.data.datapackage import load
from ckaibook.data.etl import _names, energy_institute, epoch_gpu_clusters, iea_energy_ai, owid_energy, top500
from ckaibook.data.etl._checks import RawDataError
from ckaibook.measures import cluster_sites, datacentres, power

# --- ETL on the real mirror -----------------------------------------------------------------


def test_iea_table(raw_mirror):
    df = iea_energy_ai.build_iea()
    world = df[(df["region"] == "World") & (df["measure"] == "electricity") & (df["segment"] == "total")]
    assert set(world["scenario"]) == {"estimate", "base", "lift_off", "high_efficiency", "headwinds"}
    assert world[(world["scenario"] == "base") & (world["year"] == 2035)]["exploratory"].all()
    regions = df[(df["measure"] == "electricity") & (df["scenario"] == "base")]["region"]
    assert {"Asia Pacific", "North America", "United States", "China"} <= set(regions)
    assert not ((df["scenario"] == "estimate") & (df["year"] > 2024)).any()


def test_owid_table(raw_mirror):
    df = owid_energy.build_owid_energy()
    gen = df[df["variable"] == "generation"]
    assert {"CAN", "KOR", "JPN", "DEU", "WLD", "ASEAN"} <= set(gen["iso3"])
    assert {"total", "coal", "gas", "oil", "nuclear", "hydro", "solar", "wind"} == set(gen["fuel"])
    assert df["iso3"].str.fullmatch(r"[A-Z]{3}|ASEAN").all()


def test_ei_tables(raw_mirror):
    s = energy_institute.build_series()
    for measure in ("ccus_capacity", "bess_capacity", "nuclear_generation", "wind_capacity", "lng_imports"):
        assert measure in set(s["measure"])
    assert not s[(s["measure"] == "lng_exports") & (s["iso3"] == "CAN")].shape[0]  # no Canadian LNG to 2023
    t = energy_institute.build_trade()
    kor = t[(t["mode"] == "lng") & (t["importer_iso3"] == "KOR")]
    total = s[(s["measure"] == "lng_imports") & (s["iso3"] == "KOR") & (s["year"] == 2023)]["value"].iloc[0]
    assert kor["value"].sum() == pytest.approx(total, rel=1e-3)  # origins add up to the import series
    c = energy_institute.build_conversions()
    f = c.set_index(["from_unit", "to_unit"])["factor"]
    assert f[("million tonnes LNG", "billion cubic metres NG")] == pytest.approx(1.36)


def test_top500_and_gpu(raw_mirror):
    t = top500.build_top500()
    assert t.groupby("list_date").size().eq(500).all() and t["list_date"].nunique() == 6
    g = epoch_gpu_clusters.build_gpu_clusters()
    assert {"CAN", "KOR", "USA"} <= set(g["iso3"]) and g["row"].is_unique


# --- bad raw files raise ------------------------------------------------------------------------


def _copy(raw_mirror: Path, tmp_path: Path, monkeypatch, source: str) -> Path:
    root = tmp_path / "raw"
    shutil.copytree(raw_mirror / source, root / source)
    for f in (root / source).iterdir():
        f.chmod(0o644)
    monkeypatch.setenv(paths.RAW_ENV, str(root))
    return root / source


def test_iea_bad_layout_raises(raw_mirror, tmp_path, monkeypatch):
    folder = _copy(raw_mirror, tmp_path, monkeypatch, "iea_energy_ai")
    wb = openpyxl.load_workbook(folder / iea_energy_ai.FILE)
    wb["World Data"]["C5"] = "Everything"
    wb.save(folder / iea_energy_ai.FILE)
    with pytest.raises(RawDataError):
        iea_energy_ai.build_iea()


def test_owid_bad_column_raises(raw_mirror, tmp_path, monkeypatch):
    folder = _copy(raw_mirror, tmp_path, monkeypatch, "owid_energy")
    path = folder / "electricity-coal.csv"
    path.write_text(path.read_text().replace("Entity,Code,Year,Coal", "Entity,Code,Year,Lignite", 1))
    with pytest.raises(RawDataError):
        owid_energy.build_owid_energy()


def test_ei_unknown_country_raises(raw_mirror, tmp_path):
    # The one sheet, copied into a workbook of its own: loading and saving the whole 2 MB workbook took 9 s.
    sheet = "Wind Installed Capacity"
    source = openpyxl.load_workbook(raw_mirror / "energy_institute" / energy_institute.FILE, read_only=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in source[sheet].iter_rows(values_only=True):
        ws.append(row)
    source.close()
    assert ws["A6"].value and ws["A6"].value != "Atlantis"  # a country row the reader would map
    ws["A6"] = "Atlantis"
    wb.save(tmp_path / "ei.xlsx")
    with pytest.raises(RawDataError, match="Atlantis"):
        energy_institute.read_series(pd.ExcelFile(tmp_path / "ei.xlsx"), sheet)


def test_top500_and_epoch_bad_files_raise(raw_mirror, tmp_path, monkeypatch):
    folder = _copy(raw_mirror, tmp_path, monkeypatch, "epoch_gpu_clusters")
    path = folder / "gpu_clusters.csv"
    df = pd.read_csv(path)
    df.loc[0, "Status"] = "Imagined"
    df.to_csv(path, index=False)
    with pytest.raises(RawDataError):
        epoch_gpu_clusters.build_gpu_clusters()
    folder = _copy(raw_mirror, tmp_path, monkeypatch, "top500")
    t = pd.read_excel(folder / "june2025.xlsx")
    t.iloc[:10].to_excel(folder / "june2025.xlsx", index=False)
    with pytest.raises(RawDataError):
        top500.read_list("june2025.xlsx")


def test_names():
    assert _names.to_iso3("South Korea") == "KOR" and _names.to_iso3("Korea (Republic of)") == "KOR"
    assert _names.is_group_label("Total Asia Pacific") and _names.is_group_label("Other Europe*")
    assert not _names.is_group_label("Canada")
    with pytest.raises(RawDataError):
        _names.require_iso3_name("Narnia", "test")


# --- library and live-check rules ----------------------------------------------------------------


def _multiples(base: float, top: float) -> pd.DataFrame:
    return pd.DataFrame({"scenario": ["Base Case", "Lift-Off"], "base_year": 2024, "multiple": [base, top]})


def test_c26_rule():
    assert ch02.c26_from(_multiples(4.2, 5.0)).verdict == "supported"
    assert ch02.c26_from(_multiples(2.3, 3.0)).verdict == "partly-supported"
    assert ch02.c26_from(_multiples(1.5, 1.9)).verdict == "contradicted"
    assert ch02.c26_from(pd.DataFrame(columns=["scenario", "base_year", "multiple"])).verdict == "not testable"


def _adds(gw: float) -> pd.DataFrame:
    rows = [("CAN", y, tech, gw / 2) for tech in ("wind", "solar") for y in range(2019, 2024)]
    return pd.DataFrame(rows, columns=["iso3", "year", "tech", "gw"])


def test_c48_rule():
    assert ch02.c48_from(_adds(6.0), 5).verdict == "supported"
    assert ch02.c48_from(_adds(3.0), 5).verdict == "partly-supported"
    v = ch02.c48_from(_adds(1.0), 5)
    assert v.verdict == "contradicted" and v.value == pytest.approx(1.0) and v.year == 2023
    assert ch02.c48_from(_adds(1.0).assign(iso3="KOR"), 5).verdict == "not testable"


def test_calculator_arithmetic():
    assert power.annual_energy_twh(100, 1.0) == pytest.approx(0.876)
    s = pd.DataFrame({"year": range(2010, 2021), "value": [100.0 + 2 * i for i in range(11)]})
    rate, first, last = energy.avg_growth(s, 10)
    assert (rate, first, last) == (pytest.approx(2.0), 2010, 2020)


def test_additions_are_year_on_year_changes():
    adds = power.additions(["CAN"])
    cap = power.ei("wind_capacity", ["CAN"]).set_index("year")["value"]
    row = adds[(adds["tech"] == "wind") & (adds["year"] == 2023)]["gw"].iloc[0]
    assert row == pytest.approx((cap[2023] - cap[2022]) / 1000)


def test_lng_scale_uses_ledger_and_workbook():
    lng = energy.lng_scale("KOR")
    assert lng["mt"] == ledger.number("C34")
    assert lng["bcm"] == pytest.approx(lng["mt"] * energy.conversion(energy.MT_LNG, energy.BCM))
    assert 0 < lng["share"] < 1


def test_parameter_defaults_are_cited():
    """The chapter's parameters cell: calculator defaults equal the figures its comments cite."""
    nb = json.loads((paths.CHAPTERS / "02-challenges-and-opportunities.ipynb").read_text())
    cell = next(c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    ns: dict = {}
    exec("".join(cell["source"]), ns)
    iea = load("iea_energy_ai")
    lf = (
        iea[
            (iea["region"] == "World")
            & (iea["measure"] == "load_factor")
            & (iea["segment"] == "hyperscale")
            & (iea["year"] == 2024)
        ]["value"].iloc[0]
        / 100
    )
    pue = iea[
        (iea["region"] == "World")
        & (iea["measure"] == "pue")
        & (iea["segment"] == "hyperscale")
        & (iea["year"] == 2024)
    ]["value"].iloc[0]
    assert ns["load_mw"] == ledger.number("C30")
    assert ns["utilisation"] == pytest.approx(lf) == pytest.approx(datacentres.iea_operating().load_factor)
    assert ns["pue"] == pytest.approx(pue) == pytest.approx(datacentres.iea_operating().pue)
    assert ns["years"] == int(ledger.claim("C26")["year"]) - 2024


# --- issue 13 cases in this chapter ---------------------------------------------------------------


def test_region_residuals():
    """A country is not its region: North America without the US, Asia Pacific without China."""
    na = datacentres.region_residual("North America", "United States")
    assert (na["base_twh"], na["twh"], round(na["multiple"], 1)) == (pytest.approx(4), pytest.approx(8), 2.0)
    ap = datacentres.region_residual("Asia Pacific", "China")
    assert (ap["base_twh"], ap["twh"], round(ap["multiple"], 1)) == (pytest.approx(48), pytest.approx(101), 2.1)
    with pytest.raises(ValueError, match="not a part"):
        datacentres.region_residual("Europe", "China")
    text = energy.region_text("CAN")
    # 4 and 8 TWh are differences of whole-TWh figures: 1.4× to 3.0× fit, which holds the region's 2.3×
    assert "from 4 to 8 TWh (2.0×)" in text and "anything from 1.4× to 3.0× fits" in text
    assert "not the region's" not in text and "cannot tell it from the region's 2.3×" in text
    assert "from 48 to 101 TWh (2.1×)" in energy.region_text("KOR")
    assert "row of its own" in energy.region_text("USA")


def test_sentences_keep_proper_nouns_and_units():
    """ "In canada … (45 twh)" was str.capitalize() on a sentence: only the first letter may change."""
    before = "in Canada (2014–2024) gas grew most (45 TWh)"
    assert energy.sentence(before) == "In Canada (2014–2024) gas grew most (45 TWh)"
    text = energy.growth_section("CAN", "KOR", 2000, 2024).texts["growth_sentence"]
    assert text.startswith("In Canada (") and "TWh" in text and "twh" not in text and "canada" not in text


def test_calculator_uses_iea_operating_parameters():
    op = datacentres.iea_operating()
    sec = energy.calculator_section("CAN", "KOR", 103, op.load_factor, op.pue, 6, [])
    assert sec.texts["calc_twh"] == energy.prose.number(power.annual_energy_twh(103, 0.53, 1.14), 2, "TWh")
    assert sec.texts["calc_upper"] == energy.prose.number(power.annual_energy_twh(103, 1.0, 1.14), 2, "TWh")
    assert "Alberta" in sec.texts["calc_province"]  # Epoch's largest planned Canadian site
    calc = energy.calculator(["CAN"], 103, 0.53, 6, 1.14)
    assert calc["ai_twh_per_year"].iloc[0] == pytest.approx(103 * 0.53 * 1.14 * 8760 / 1e6)


def test_lng_leads_with_kogas_stake_in_mt():
    lng = energy.lng_scale("KOR")
    imports_bcm = power.ei("lng_imports", ["KOR"]).sort_values("year").iloc[-1]["value"]
    assert lng["imports_mt"] == pytest.approx(imports_bcm * energy.conversion(energy.BCM, energy.MT_LNG))
    assert lng["stake_share"] == pytest.approx(0.7 / lng["imports_mt"])
    assert lng["share"] == pytest.approx(14 / lng["imports_mt"])
    sec = energy.lng_section("CAN", "KOR", 2000, 2024)
    lead = sec.texts["lng_lead"]
    assert lead.startswith("KOGAS's 5%") and lead.index("0.7 Mt") < lead.index("whole plant")
    assert "upper bound" in lead
    # the coal/gas sentence reports the change power.mix gives, with its direction
    cg = energy.coal_gas_change("KOR", 2000, 2024)
    assert cg["coal"] < 0 < cg["gas"]
    assert f"fell by {energy.prose.number(abs(cg['coal']), 0, 'TWh')}" in sec.texts["lng_coal"]


def test_fossil_peak_is_said():
    text = energy.mix_section("CAN", "KOR", 2000, 2024).texts["mix_sentence"]
    assert "peaked at 73% in 2018" in text


def test_cluster_places():
    assert cluster_sites.place("Buk-gu Ulsan South Korea", "KOR") == "Ulsan"
    assert cluster_sites.place("Korea (Republic of)", "KOR") == cluster_sites.NOT_LOCATED
    assert cluster_sites.place(None, "KOR") == cluster_sites.NOT_LOCATED
    assert cluster_sites.place("1100 Notre-Dame St W, Montreal, Quebec H3C 1K3, Canada", "CAN") == "Quebec"
    assert "location" in load("epoch_gpu_clusters").columns
    site = cluster_sites.largest_planned("CAN")
    assert site["place"] == "Alberta" and site["power_mw"] == pytest.approx(1400)


def _sites(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["name", "owner", "status", "certainty", "power_mw", "location", "place"])


def test_c28_c30_c31_rules():
    planned = [
        ("A", "SK Telecom,Amazon", "Planned", "Likely", 103.0, "Ulsan", "Ulsan"),
        ("B", None, "Planned", "Likely", 3000.0, "southwest", "south-west Korea"),
    ]
    assert ch02.c28_from(_sites(planned)).verdict == "partly-supported"
    assert ch02.c28_from(_sites(planned[:1])).verdict == "supported"
    assert ch02.c28_from(_sites([("C", None, "Planned", "Likely", 50.0, "Seoul", "Seoul")])).verdict == "contradicted"
    assert ch02.c28_from(_sites([])).verdict == "not testable"
    assert ch02.c30_from(_sites(planned)).verdict == "partly-supported"
    built = [("A", "SK Telecom,Amazon", "Existing", "Confirmed", 103.0, "Ulsan", "Ulsan")]
    assert ch02.c30_from(_sites(built)).verdict == "supported"
    assert ch02.c30_from(_sites(planned[1:])).verdict == "not testable"
    assert ch02.c31_from(_sites(planned)).verdict == "supported"
    assert ch02.c31_from(_sites(planned[:1])).verdict == "partly-supported"
    assert ch02.c31_from(_sites([])).verdict == "contradicted"
    from ckaibook.claims import verdicts

    assert verdicts.run("C30").value == pytest.approx(103)
    assert verdicts.run("C28", "USA", "CHN").verdict == "not applicable"


def test_c32_uses_the_lng_export_history():
    early = pd.DataFrame({"year": [2000, 2001, 2009, 2016], "value": [1.7, 1.75, 0.8, 4.0]})
    v = ch02.c32_from(early)
    assert v.kind == "context" and v.verdict == "contradicted" and v.value == pytest.approx(3.45) and v.year == 2001
    assert ch02.c32_from(early.assign(value=0.0)).verdict == "not testable"
    assert ch02.c32_from(early[early["year"] > 2010]).verdict == "not testable"
    from ckaibook.claims import verdicts

    live = verdicts.run("C32", "USA", "CHN")  # a North American history: any pair
    assert live.verdict == "contradicted" and live.year == ch02.ALASKA_ONLY_UNTIL


def test_notebook_markdown_names_no_default_country():
    """Free prose names no country of the default pair: glued values or 'The note says' blocks only."""
    import re

    nb = json.loads((paths.CHAPTERS / "02-challenges-and-opportunities.ipynb").read_text())
    for cell in nb["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "code":
            assert not re.search(r"\bdef |lambda", text), cell["id"]
            continue
        text = re.sub(r":::\{admonition\} The note says\n:class: ckb-note-says\n.*?\n:::", "", text, flags=re.S)
        text = re.sub(r"\{glue\}`[^`]*`", "", text)
        assert not re.search(r"Canad|Korea|Seoul|Ottawa", text), cell["id"]


def test_box_explanations_only_where_the_claim_applies():
    from ckaibook.claims import verdicts

    assert energy.explain(verdicts.run("C28", "USA", "CHN")) == ""
    assert "south-west" in energy.explain(verdicts.run("C28", "CAN", "KOR"))
    assert energy.explain(verdicts.run("C26", "USA", "CHN"))  # a world figure: any pair


def test_gpu_per_person_on_a_common_year():
    text = energy.gpu_section("CAN", "KOR").texts["gpu_sentence"]
    assert "Per million people, South Korea" in text and "(population 20" in text
    assert "no per-person figure" in energy.gpu_section("CAN", "TWN").texts["gpu_sentence"]


def test_mix_compares_the_latest_year_both_have(monkeypatch):
    rows = []
    for iso3, last in (("CAN", 2024), ("KOR", 2023)):
        for year in range(2020, last + 1):
            rows += [(iso3, year, "coal", 30.0, 0.3), (iso3, year, "hydro", 70.0, 0.7)]
    fake = pd.DataFrame(rows, columns=["iso3", "year", "fuel", "twh", "share"])
    # 2024 is Canada's alone (10% fossil): the comparison must use 2023 (30%) for both
    fake.loc[(fake["iso3"] == "CAN") & (fake["year"] == 2024) & (fake["fuel"] == "coal"), "share"] = 0.1
    fake.loc[(fake["iso3"] == "CAN") & (fake["year"] == 2024) & (fake["fuel"] == "hydro"), "share"] = 0.9
    monkeypatch.setattr(power, "mix", lambda iso3s, start=None, end=None: fake[fake["iso3"].isin(list(iso3s))])
    sec = energy.mix_section("CAN", "KOR", 2000, 2024)
    assert "(2023)" in sec.texts["brief_mix"] and "(2024)" not in sec.texts["brief_mix"]
    assert "Canada's power is 30% fossil" in sec.texts["brief_mix"]
    assert "in 2023, the latest year both have" in sec.texts["mix_sentence"]


# --- audit: recomputed from the raw mirror, against what the chapter glues --------------------------


def _note_sections(note: Path) -> dict[int, str]:
    """The note's text by section number: a section starts at a line holding its number alone ("2") or
    its number and title ("3 Expanding Partnerships …")."""
    import re

    sections: dict[int, list[str]] = {0: []}
    current = 0
    for line in note.read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"([1-9])(?: [A-Z].*)?", line.strip())
        if m and int(m.group(1)) == current + 1:
            current = int(m.group(1))
            sections[current] = []
        sections[current].append(line)
    return {k: " ".join(v) for k, v in sections.items()}


def _plain(text: str) -> str:
    """Quotes, escapes and spacing normalised, so a quotation can be found in the note's text."""
    import re

    text = text.replace("\\$", "$").replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip()


def test_note_quotes_cite_the_section_they_come_from(raw_mirror):
    """Every quotation in a 'The note says' block is in the note's section it names ("reduce its coal use"
    is in section 4, not 3)."""
    import re

    note = raw_mirror.parent.parent / "note" / "canada-korea-ai-cooperation-2025.md"
    if not note.is_file():
        pytest.skip(f"the note is not beside the raw mirror: {note}")
    sections = {k: _plain(v) for k, v in _note_sections(note).items()}
    assert {2, 3, 4} <= set(sections), "the note's section headings were not found"
    nb = json.loads((paths.CHAPTERS / "02-challenges-and-opportunities.ipynb").read_text())
    checked = 0
    for cell in nb["cells"]:
        for block in re.findall(r":class: ckb-note-says\n(.*?)\n:::", "".join(cell["source"]), flags=re.S):
            for quoted, number in re.findall(r"((?:\"[^\"]+\"[^\"(]*)+)\(section (\d)\)", block):
                for quote in re.findall(r"\"([^\"]+)\"", quoted):
                    for fragment in re.split(r"\s*(?:…|\[…\])\s*", quote):
                        fragment = _plain(fragment).strip(" .,;")
                        if len(fragment) < 12:
                            continue
                        assert fragment in sections[int(number)], f"{cell['id']}: {fragment!r} not in section {number}"
                        checked += 1
    assert checked >= 10


def _iea_regional(raw_mirror: Path) -> dict[str, tuple[float, float]]:
    """Total data-centre electricity, 2024 and 2030 Base Case, by region, read straight from the annex."""
    df = pd.read_excel(raw_mirror / "iea_energy_ai" / "Data_annex_Energy_and_AI.xlsx", "Regional Data", header=None)
    start = df.index[df[1].astype(str).str.startswith("Total electricity consumption")][0]
    block = df.loc[start + 1 : start + 9]
    return {str(r[1]).strip(): (float(r[4]), float(r[6])) for _, r in block.iterrows()}


def test_region_residual_says_what_the_rounding_allows(raw_mirror):
    """The annex prints whole TWh, so North America less the United States (4 → 8 TWh) lies anywhere from
    (8-1)/(4+1) to (8+1)/(4-1): the text may not call it different from the region's own multiple."""
    rows = _iea_regional(raw_mirror)
    for region, big, iso3 in (("North America", "United States", "CAN"), ("Asia Pacific", "China", "KOR")):
        (ra, rb), (ba, bb) = rows[region], rows[big]
        lo, hi = (rb - bb - 1) / (ra - ba + 1), (rb - bb + 1) / (ra - ba - 1)  # each row ±0.5 TWh
        assert energy.residual_bounds(region, big) == (pytest.approx(lo), pytest.approx(hi))
        text = energy.region_text(iso3)
        whole = energy.prose.multiple(rb / ra)
        if lo <= rb / ra <= hi:
            assert f"cannot tell it from the region's {whole}" in text and "not the region's" not in text
        else:
            assert f"not the region's {whole}" in text
    assert energy.half_unit(187.0) == 0.5 and energy.half_unit(1.7) == pytest.approx(0.05)


def test_lng_coal_sentence_says_the_coal_peak(raw_mirror):
    """Korea's coal-fired generation rose to a peak in 2017 before falling: 'fell by 35 TWh' alone hides it."""
    coal = pd.read_csv(raw_mirror / "owid_energy" / "electricity-coal.csv")
    kor = coal[(coal["Code"] == "KOR") & coal["Year"].between(2014, 2024)].set_index("Year")["Coal"]
    peak_year = int(kor.idxmax())
    assert 2014 < peak_year < 2024 and kor.max() >= 1.05 * max(kor[2014], kor[2024])
    text = energy.lng_section("CAN", "KOR", 2000, 2024).texts["lng_coal"]
    assert f"fell by {energy.prose.number(kor[2014] - kor[2024], 0, 'TWh')}" in text
    assert f"coal-fired generation peaked at {energy.prose.number(kor.max(), 0, 'TWh')} in {peak_year}" in text
    # no peak is invented where the end points are the extremes
    s = pd.DataFrame({"year": [2014, 2015, 2016], "value": [10.0, 9.0, 8.0]})
    assert energy.hidden_peak(s) is None
    assert energy.hidden_peak(s.assign(value=[10.0, 12.0, 8.0])) == (12.0, 2015)
    # a peak the sentence's whole-TWh rounding would not show is not said ("peaked at 1 TWh … rose by 0 TWh")
    assert energy.hidden_peak(s.assign(value=[0.5, 0.9, 0.6]), floor=1.0) is None
    sgp = energy.lng_section("CAN", "SGP", 2000, 2024).texts["lng_coal"]
    assert "coal-fired generation peaked" not in sgp


def test_brief_labels_the_c48_proxy_as_context():
    """C48 tests additions, not an auction pipeline: the brief says it is context, as its box does."""
    assert energy.brief_section("CAN", "KOR").texts["c48_verdict"] == "context only, the data point to contradicted"
    assert energy.brief_section("USA", "CHN").texts["c48_verdict"] == "not applicable"


def test_hardware_money_is_the_ledgers_amount_in_nominal_terms(raw_mirror):
    """C40's US$6.94 billion is the ledger's figure, not the note's US$7 billion: not labelled 'as claimed'."""
    hw = energy.hardware_money()
    assert "as claimed" not in hw.columns and "amount (ledger)" in hw.columns
    fx = pd.read_csv(raw_mirror / "fx" / "annual.csv")
    cad = fx[(fx["Country"] == "Canada")].assign(year=lambda d: d["Date"].str[:4].astype(int)).set_index("year")
    row = hw.set_index("claim").loc["C40"]
    assert row["cad"] == pytest.approx(ledger.number("C40") * 1e9 * cad.loc[2024, "Exchange rate"], rel=1e-6)
    nb = json.loads((paths.CHAPTERS / "02-challenges-and-opportunities.ipynb").read_text())
    cells = {c["id"]: "".join(c["source"]) for c in nb["cells"]}
    assert "nominal" in cells["c027"] and '"amount (ledger)"' in cells["c028"]


def test_names_read_as_running_text():
    """'In United States, …' / 'United States alone holds': names that take 'the' keep it in sentences."""
    texts = {}
    for sec in (
        energy.lng_section("CAN", "USA", 2000, 2024),
        energy.lng_trend_section("USA", "CHN", 2000, 2024),
        energy.growth_section("USA", "CHN", 2000, 2024),
        energy.mix_section("USA", "CHN", 2000, 2024),
        energy.renewables_section("USA", "CHN", 2000, 2024),
        energy.sites_section("USA", "CHN"),
        energy.gpu_section("CAN", "KOR"),
        energy.regions_section("USA", "CHN"),
    ):
        texts.update(sec.texts)
    joined = " | ".join(texts.values())
    import re

    assert not re.search(r"(?<!the )(?<!The )United States (has|added|alone|\()|(In|in|For) United States", joined)
    assert "the United States alone holds" in texts["gpu_sentence"]
    assert texts["adds_sentence"].startswith("The United States added")


def test_series_facts_in_prose_are_glued(raw_mirror):
    """'starts in 2000' and 'six lists' were typed: they are glued from the data, recomputed here from the raw files."""
    header = pd.read_excel(
        raw_mirror / "energy_institute" / "EI-Stats-Review-All-Data.xlsx", "Gas - LNG exports bcm", header=None
    ).iloc[2]
    first = min(int(v) for v in header.iloc[1:] if isinstance(v, float) and v == v)
    assert energy.dates_section().texts["lng_series_start"] == str(first)
    lists = len(list((raw_mirror / "top500").glob("*.xlsx")))
    assert energy.top500_section("CAN", "KOR").texts["top500_lists"] == str(lists)
    nb = json.loads((paths.CHAPTERS / "02-challenges-and-opportunities.ipynb").read_text())
    cells = {c["id"]: "".join(c["source"]) for c in nb["cells"]}
    assert "{glue}`lng_series_start`" in cells["c022"] and "starts in 2000" not in cells["c022"]
    assert "{glue}`top500_lists` lists" in cells["c024"] and "six lists" not in cells["c024"]


def test_kogas_stake_is_korea_s_and_only_a_yardstick_for_another_importer():
    """Old code: 'KOGAS's 5% … is 1.1% of Japan's LNG imports' (KOGAS buys for Korea, not Japan)."""
    from ckaibook.chapters import challenges_and_opportunities as co

    assert co.lng_section("CAN", "KOR").texts["lng_lead"].startswith("KOGAS's 5% of LNG Canada's")
    assert co.lng_section("KOR", "CAN").texts["lng_lead"].startswith("KOGAS's 5% of LNG Canada's")
    japan = co.lng_section("CAN", "JPN")
    assert japan.texts["lng_lead"].startswith("A 5% share (the size of KOGAS's stake) of LNG Canada's")
    assert japan.title.startswith("A 5% share (the size of KOGAS's stake)")
