"""The derived tables of the data package: computed once by ``make data`` from other tables.

Each declares what it is derived from; chapters and claim checks read them with ``load`` like any table.
"""

from __future__ import annotations

from ckaibook.data.schema import Field, Source, Table
from ckaibook.measures import compute, power


def _derived(title: str, publisher: str, url: str, licence: str, licence_url: str) -> Source:
    return Source(
        folder="",
        title=f"{title} (derived by this book)",
        publisher=publisher,
        url=url,
        licence=licence,
        licence_url=licence_url,
    )


TABLES = [
    Table(
        name="generation_mix",
        title="Electricity generation by source, every economy and year (derived from owid_energy)",
        fields=(
            Field("iso3", "string", "ISO3 code (or WLD / ASEAN aggregates as in owid_energy)"),
            Field("year", "integer", "calendar year"),
            Field(
                "fuel",
                "string",
                "coal, gas, oil, nuclear, hydro, wind, solar, or other low-carbon "
                "(total minus the seven: bioenergy, geothermal, other renewables, other)",
            ),
            Field("twh", "number", "generation from the source", "TWh"),
            Field("total_twh", "number", "total generation that year", "TWh"),
            Field("share", "number", "twh ÷ total_twh", "fraction 0–1"),
            Field("fossil", "boolean", "coal, gas or oil"),
        ),
        primary_key=("iso3", "year", "fuel"),
        source=_derived(
            "Electricity generation by source",
            "Our World in Data (Ember; Energy Institute)",
            "https://ourworldindata.org/electricity-mix",
            "CC-BY-4.0",
            "https://creativecommons.org/licenses/by/4.0/",
        ),
        build=power.build_generation_mix,
        vintage="as owid_energy",
        caveat="'other low-carbon' is a residual; years without a total generation figure are dropped.",
        derived_from=("owid_energy",),
    ),
    Table(
        name="top500_country",
        title="TOP500 systems and Rmax by country and list (derived from top500)",
        fields=(
            Field("list_date", "string", "TOP500 list, YYYY-MM"),
            Field("iso3", "string", "ISO3 code of the system's country"),
            Field("systems", "integer", "systems on the list"),
            Field("rmax_share", "number", "share of the list's summed Rmax", "fraction 0–1"),
            Field("rmax_pflops", "number", "summed Rmax of the country's systems", "PFlop/s"),
        ),
        primary_key=("list_date", "iso3"),
        source=_derived(
            "TOP500 lists",
            "TOP500.org",
            "https://top500.org/lists/top500/",
            "No licence stated (free publication; attribute TOP500.org)",
            "https://top500.org/",
        ),
        build=compute.build_top500_country,
        vintage="as top500",
        caveat="Countries with no system on a list have no row.",
        derived_from=("top500",),
    ),
    Table(
        name="gpu_capacity",
        title="GPU-cluster capacity by country (derived from epoch_gpu_clusters)",
        fields=(
            Field("iso3", "string", "ISO3 code of the cluster's country"),
            Field("clusters", "integer", "clusters counted"),
            Field("h100e", "number", "summed H100-equivalents", "H100-equivalents"),
            Field("power_mw", "number", "summed power where Epoch gives it", "MW"),
            Field("share", "number", "share of the world's summed H100-equivalents", "%"),
        ),
        primary_key=("iso3",),
        source=_derived(
            "GPU clusters",
            "Epoch AI",
            "https://epoch.ai/data/gpu-clusters",
            "CC-BY-4.0",
            "https://creativecommons.org/licenses/by/4.0/",
        ),
        build=compute.build_gpu_capacity,
        vintage="as epoch_gpu_clusters",
        caveat=f"Definition: {compute.GPU_DEFINITION}. Epoch's coverage of private clusters is partial.",
        derived_from=("epoch_gpu_clusters",),
    ),
]
