"""Small multiples (one panel per measure) in the house style, finished through ``charts.show``.

``charts.show`` sets ``width="container"``, which Vega-Lite cannot apply to faceted views, so the
panels get a fixed width here and the top-level autosize falls back to padding.
"""

from __future__ import annotations

from typing import Sequence

import altair as alt
import pandas as pd

from ckaibook.present import charts
from ckaibook.data import countries

PANEL_WIDTH = 125
PANEL_HEIGHT = 110


def time_panels(
    df: pd.DataFrame,
    *,
    emphasis: Sequence[str],
    panel: str = "panel",
    columns: int = 2,
    fmt: str = ",.1f",
    log: bool = False,
    independent_x: bool = False,
) -> alt.Chart:
    """One line per country in each panel (independent y), ``emphasis`` bold; ``df``: iso3, year, value, panel, unit.

    A panel label may hold ``|`` to break it over two lines (e.g. ``"Measure|unit"``). ``log`` draws
    every panel on a log scale (non-positive values are left out).
    """
    data = charts.with_names(df[df["value"] > 0] if log else df)
    data["emphasis"] = data["iso3"].isin(emphasis)
    data["measure"] = data[panel].str.split("|").str[0]
    order = list(emphasis) + sorted(set(data["iso3"]) - set(emphasis))
    order = [c for c in order if c in set(data["iso3"])]
    return (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=14))
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickCount=4)),
            y=alt.Y(
                "value:Q",
                title=None,
                scale=alt.Scale(type="log") if log else alt.Scale(zero=False),
                axis=alt.Axis(tickCount=4, format="~s"),
            ),
            color=alt.Color(
                "country:N",
                scale=charts.country_scale(order),
                sort=countries.names(order),
                legend=alt.Legend(columns=3),
            ),
            opacity=alt.condition("datum.emphasis", alt.value(1.0), alt.value(0.5)),
            strokeWidth=alt.condition("datum.emphasis", alt.value(2.4), alt.value(1.2)),
            facet=alt.Facet(
                f"{panel}:N",
                title=None,
                columns=columns,
                header=alt.Header(
                    labelFontSize=11,
                    labelFontWeight=600,
                    labelLimit=PANEL_WIDTH + 40,
                    labelExpr="split(datum.value, '|')",
                ),
            ),
            tooltip=[
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("country:N", title="Country"),
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("value:Q", title="Value", format=fmt),
                alt.Tooltip("unit:N", title="Unit"),
            ],
        )
        .properties(height=PANEL_HEIGHT)
        .resolve_scale(y="independent", x="independent" if independent_x else "shared")
    )


def show(chart: alt.Chart, **kwargs) -> None:
    """``charts.show`` for a faceted chart: fixed panel width instead of the container width."""
    charts.show(chart, panel_width=PANEL_WIDTH, **kwargs)
