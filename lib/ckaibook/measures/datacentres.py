"""Data-centre electricity (IEA *Energy and AI* annex): world series by scenario, growth multiples, regions.

A country is not its region: where the annex reports a region that contains a country (North America
holds the United States), :func:`dc_regions` also gives the region without that country (the residual).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ckaibook.data.datapackage import load

SCENARIO_NAMES = {
    "estimate": "Estimate",
    "base": "Base Case",
    "lift_off": "Lift-Off",
    "high_efficiency": "High Efficiency",
    "headwinds": "Headwinds",
}


def dc_world() -> pd.DataFrame:
    """World data-centre electricity (all segments), TWh: estimates and 2030 by scenario, for the chart.

    Each scenario's line starts at the last estimate so the chart shows the fan from 2024 to 2030.
    """
    df = load("iea_energy_ai")
    df = df[
        (df["region"] == "World") & (df["measure"] == "electricity") & (df["segment"] == "total") & (df["year"] <= 2030)
    ]
    est = df[df["scenario"] == "estimate"]
    last = est.sort_values("year").iloc[-1]
    rows = [est.assign(series="Estimate")]
    for scen in ("base", "lift_off", "high_efficiency", "headwinds"):
        proj = df[df["scenario"] == scen]
        start = last.to_frame().T.assign(scenario=scen)
        rows.append(pd.concat([start, proj]).assign(series=SCENARIO_NAMES[scen]))
    out = pd.concat(rows, ignore_index=True)[["series", "year", "value"]]
    out["year"] = out["year"].astype(int)
    out["value"] = out["value"].astype(float)
    return out


def dc_multiples() -> pd.DataFrame:
    """Growth multiple of world data-centre electricity, last estimate → 2030, per scenario."""
    df = load("iea_energy_ai")
    df = df[(df["region"] == "World") & (df["measure"] == "electricity") & (df["segment"] == "total")]
    est = df[df["scenario"] == "estimate"].sort_values("year").iloc[-1]
    proj = df[(df["scenario"] != "estimate") & (df["year"] == 2030)]
    out = pd.DataFrame(
        {
            "scenario": proj["scenario"].map(SCENARIO_NAMES),
            "base_year": int(est["year"]),
            "base_twh": float(est["value"]),
            "year": 2030,
            "twh": proj["value"].astype(float),
        }
    )
    out["multiple"] = out["twh"] / out["base_twh"]
    return out.sort_values("multiple", ascending=False).reset_index(drop=True)


# Which IEA region holds a country (the annex has single-country rows only for the US and China).
IEA_REGION = {"USA": "United States", "CHN": "China", "CAN": "North America", "MEX": "North America"}


ASIA_PACIFIC = {
    "KOR",
    "JPN",
    "AUS",
    "NZL",
    "IND",
    "TWN",
    "BRN",
    "KHM",
    "IDN",
    "LAO",
    "MYS",
    "MMR",
    "PHL",
    "SGP",
    "THA",
    "VNM",
    "PAK",
    "BGD",
    "LKA",
    "MNG",
    "HKG",
}


EUROPE = {
    "DEU",
    "FRA",
    "GBR",
    "ITA",
    "ESP",
    "NLD",
    "SWE",
    "NOR",
    "POL",
    "CHE",
    "AUT",
    "BEL",
    "DNK",
    "FIN",
    "IRL",
    "PRT",
    "CZE",
    "GRC",
    "HUN",
    "ROU",
}


def iea_region(iso3: str) -> str | None:
    """The IEA annex region a country sits in (None if the book has no mapping for it)."""
    if iso3 in IEA_REGION:
        return IEA_REGION[iso3]
    if iso3 in ASIA_PACIFIC:
        return "Asia Pacific"
    if iso3 in EUROPE:
        return "Europe"
    return None


def dc_regions() -> pd.DataFrame:
    """Data-centre electricity by IEA region: last estimate, 2030 Base Case and the multiple."""
    df = load("iea_energy_ai")
    df = df[(df["measure"] == "electricity") & (df["segment"] == "total")]
    est = df[df["scenario"] == "estimate"]
    last_year = int(est["year"].max())
    a = est[est["year"] == last_year].set_index("region")["value"]
    b = df[(df["scenario"] == "base") & (df["year"] == 2030)].set_index("region")["value"]
    out = pd.DataFrame({f"{last_year} (TWh)": a, "2030 Base Case (TWh)": b}).dropna()
    out["multiple"] = out["2030 Base Case (TWh)"] / out[f"{last_year} (TWh)"]
    return out.sort_values(f"{last_year} (TWh)", ascending=False).reset_index(names="region")


@dataclass(frozen=True)
class Operating:
    """How a data centre runs, from the IEA annex: one parameter set for every chapter's scenario."""

    load_factor: float  # average draw ÷ IT capacity, 0–1
    pue: float  # power usage effectiveness (facility ÷ IT energy)
    year: int
    segment: str


def iea_operating(segment: str = "hyperscale", year: int = 2024) -> Operating:
    """The IEA annex's load factor and PUE for a segment in a year (the world estimate).

    The book's data-centre scenarios (chapters 02 and 04) use these, so one campus draws the same
    energy everywhere; 100% utilisation is only ever an upper bound.
    """
    df = load("iea_energy_ai")
    rows = df[(df["region"] == "World") & (df["segment"] == segment) & (df["scenario"] == "estimate")]
    values = {}
    for measure in ("load_factor", "pue"):
        m = rows[rows["measure"] == measure]
        if m.empty:
            m = df[
                (df["region"] == "World")
                & (df["segment"] == "total")
                & (df["scenario"] == "estimate")
                & (df["measure"] == measure)
            ]
        at = m[m["year"] <= year].sort_values("year")
        if at.empty:
            raise KeyError(f"no IEA {measure} estimate for {segment} up to {year}")
        values[measure] = (float(at["value"].iloc[-1]), int(at["year"].iloc[-1]))
    lf, lf_year = values["load_factor"]
    return Operating(load_factor=lf / 100, pue=values["pue"][0], year=lf_year, segment=segment)


def region_residual(region: str, without: str, scenario: str = "base", year: int = 2030) -> dict:
    """A region of the IEA annex without one of its countries: the residual, last estimate → ``year``.

    A country is not its region: North America is mostly the United States and Asia Pacific is mostly
    China, so the region's multiple is mostly theirs. Returns ``region, without, base_year, base_twh,
    year, twh, multiple`` for ``region`` minus ``without`` (both rows of the annex; electricity, all
    segments), with the projection in ``scenario``.
    """
    df = load("iea_energy_ai")
    df = df[(df["measure"] == "electricity") & (df["segment"] == "total")]
    est = df[df["scenario"] == "estimate"]
    base_year = int(est["year"].max())
    values = {}
    for name in (region, without):
        a = est[(est["region"] == name) & (est["year"] == base_year)]["value"]
        b = df[(df["region"] == name) & (df["scenario"] == scenario) & (df["year"] == year)]["value"]
        if a.empty or b.empty:
            raise KeyError(f"the IEA annex has no {scenario} {year} row for {name!r}")
        values[name] = (float(a.iloc[0]), float(b.iloc[0]))
    base = values[region][0] - values[without][0]
    proj = values[region][1] - values[without][1]
    if base <= 0:
        raise ValueError(f"{without!r} is not a part of {region!r} in the IEA annex (residual {base:g} TWh)")
    return {
        "region": region,
        "without": without,
        "base_year": base_year,
        "base_twh": base,
        "year": year,
        "twh": proj,
        "multiple": proj / base,
    }
