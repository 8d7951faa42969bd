"""Charts in the house style (CONTRIBUTING.md, "A chapter page"), emitted as a deterministic Vega-Lite mimebundle.

Every chart states its finding in the title, defines measure and unit in the subtitle, names
its source and licence, carries a description for screen readers and tooltips with units,
and holds only the rows it draws. ``show`` returns an object that Jupyter displays and that
myst-nb renders through :mod:`ckaibook.sphinx_vega` (no CDN, no random ids).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import altair as alt
import pandas as pd

from ckaibook.data import countries, datapackage

MIMETYPE = "application/vnd.vegalite.v6+json"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
HEIGHT = 280
# Vega titles do not wrap; these widths keep them inside a 390 px phone screen.
TITLE_CHARS, SUBTITLE_CHARS = 42, 62


def _theme() -> dict:
    return {
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": {
            "font": FONT,
            "view": {"stroke": None, "continuousHeight": HEIGHT},
            "title": {
                "anchor": "start",
                "fontSize": 15,
                "fontWeight": 600,
                "subtitleFontSize": 11,
                "subtitleColor": "#555",
                "offset": 12,
            },
            "axis": {
                "labelFontSize": 11,
                "titleFontSize": 11,
                "titleColor": "#444",
                "gridColor": "#e6e6e6",
                "domain": False,
                "tickColor": "#ccc",
            },
            "axisX": {"grid": False, "domain": True, "domainColor": "#999"},
            "legend": {"orient": "top", "title": None, "labelFontSize": 11},
            "line": {"strokeWidth": 2},
            "point": {"size": 40},
        },
    }


alt.theme.register("ckaibook", enable=True)(_theme)


def source_line(*tables: str) -> str:
    """'Source: publisher, dataset (licence)' for the tables a chart draws, from datapackage.json."""
    parts = []
    for name in tables:
        res = datapackage.resource(name)
        text = f"{res['sources'][0]['title']} ({res['licenses'][0]['name']})"
        if text not in parts:
            parts.append(text)
    return "Source: " + "; ".join(parts)


def sources(*tables: str) -> list[dict]:
    """Provenance of the tables a chart draws, one entry per distinct source: title, URL, licence
    (with its URL) and vintage, from datapackage.json — so the caption links to each in one click."""
    out: list[dict] = []
    for name in tables:
        res = datapackage.resource(name)
        entry = {
            "title": res["sources"][0]["title"],
            "url": res["sources"][0]["path"],
            "licence": res["licenses"][0]["name"],
            "licence_url": res["licenses"][0]["path"],
            "vintage": res["vintage"],
        }
        if entry["title"] not in [e["title"] for e in out]:
            out.append(entry)
    return out


def country_scale(codes: Iterable[str]) -> alt.Scale:
    """Colour scale on display names, each country in its book-wide colour."""
    codes = list(dict.fromkeys(codes))
    return alt.Scale(domain=countries.names(codes), range=[countries.colour(c) for c in codes])


def with_names(df: pd.DataFrame, code_col: str = "iso3", as_col: str = "country") -> pd.DataFrame:
    """Add a display-name column for an ISO3 column."""
    return df.assign(**{as_col: df[code_col].map(countries.name)})


def time_lines(
    df: pd.DataFrame,
    *,
    y: str,
    y_title: str,
    unit: str,
    emphasis: Sequence[str],
    x: str = "year",
    fmt: str = ",.1f",
    points: bool = False,
) -> alt.Chart:
    """One line per country over time; ``emphasis`` (home, partner) drawn bold, others muted.

    ``df`` needs ``iso3``, ``x`` and ``y`` columns and holds only the rows to draw.
    """
    data = with_names(df)
    data["emphasis"] = data["iso3"].isin(emphasis)
    order = list(emphasis) + sorted(set(data["iso3"]) - set(emphasis))
    base = alt.Chart(data).encode(
        x=alt.X(f"{x}:Q" if x == "year" else x, title=None, axis=alt.Axis(format="d") if x == "year" else alt.Axis()),
        y=alt.Y(f"{y}:Q", title=f"{y_title} ({unit})"),
        color=alt.Color("country:N", scale=country_scale(order), sort=countries.names(order)),
        opacity=alt.condition("datum.emphasis", alt.value(1.0), alt.value(0.55)),
        strokeWidth=alt.condition("datum.emphasis", alt.value(2.6), alt.value(1.4)),
        tooltip=[
            alt.Tooltip("country:N", title="Country"),
            alt.Tooltip(f"{x}:Q" if x == "year" else x, title="Year", format="d"),
            alt.Tooltip(f"{y}:Q", title=f"{y_title} ({unit})", format=fmt),
        ],
    )
    lines = base.mark_line(point=points)
    hover = base.mark_point(size=60, filled=True, opacity=0).encode(opacity=alt.value(0))
    return alt.layer(lines, hover)


def bars(
    df: pd.DataFrame,
    *,
    x: str,
    x_title: str,
    unit: str,
    category: str = "iso3",
    fmt: str = ",.1f",
    sort_desc: bool = True,
) -> alt.Chart:
    """Horizontal bars per country (or category), coloured with the book's country colours."""
    data = with_names(df, category) if category == "iso3" else df.assign(country=df[category])
    enc_colour = (
        alt.Color("country:N", scale=country_scale(data[category]), legend=None)
        if category == "iso3"
        else alt.value("#777")
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("country:N", title=None, sort="-x" if sort_desc else None),
            x=alt.X(f"{x}:Q", title=f"{x_title} ({unit})"),
            color=enc_colour,
            tooltip=[
                alt.Tooltip("country:N", title="Country"),
                alt.Tooltip(f"{x}:Q", title=f"{x_title} ({unit})", format=fmt),
            ],
        )
    )


def wrap(text: str, width: int) -> list[str]:
    """Split a title into lines of at most ``width`` characters (Vega titles do not wrap)."""
    import textwrap

    return textwrap.wrap(text, width) or [""]


@dataclass(frozen=True)
class ChartOutput:
    """A finished chart: displays as the Vega-Lite mimetype with a plain-text fallback."""

    spec: dict
    title: str

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {MIMETYPE: self.spec, "text/plain": f"<Chart: {self.title}>"}


def show(chart: alt.TopLevelMixin, **kwargs) -> None:
    """Finish a chart in the house style (:func:`finish`) and display it now.

    Displaying (rather than returning) means the chart shows wherever it is called, inside an ``if``
    or mid-cell, like every other display helper of the book.
    """
    from IPython.display import display

    display(finish(chart, **kwargs))


def finish(
    chart: alt.TopLevelMixin,
    *,
    name: str,
    title: str,
    subtitle: str,
    description: str,
    tables: Sequence[str],
    note: str = "",
    panel_width: int | None = None,
) -> ChartOutput:
    """Finish a chart in the house style and return it (for tests and exports; chapters call :func:`show`).

    Args:
        name: unique figure label (``fig-…``) used for numbering and cross-references.
        title: the finding, in words. subtitle: measure and unit.
        description: one or two sentences for screen readers.
        tables: the ``data/`` tables drawn, for the source and licence line.
        note: an optional caveat printed under the source line.
        panel_width: for faceted charts, the fixed width of each panel in pixels (Vega-Lite cannot
            fit panels to the container); single views fill the container width.
    """
    if not name.startswith("fig-"):
        raise ValueError(f"chart name must start with 'fig-': {name!r}")
    finished = chart.properties(
        title=alt.Title(wrap(title, TITLE_CHARS), subtitle=wrap(subtitle, SUBTITLE_CHARS)),
        width="container",
        description=description,
        usermeta={
            "ckaibook": {
                "name": name,
                "source": source_line(*tables),
                "sources": sources(*tables),
                "note": note,
                "tables": list(tables),
            }
        },
    )
    spec = prune_columns(finished.to_dict())
    if panel_width is not None:
        spec["width"] = panel_width
        spec["autosize"] = {"type": "pad"}
    return ChartOutput(spec=spec, title=title)


def prune_columns(spec: dict) -> dict:
    """Drop dataset columns that nothing in the spec refers to, so a chart carries only what it draws.

    A column is kept if its name appears quoted (a field, sort, groupby…) or after ``datum.`` in an
    expression anywhere outside the datasets; when in doubt it is kept.
    """
    import json

    datasets = spec.get("datasets")
    if not datasets:
        return spec
    text = json.dumps({k: v for k, v in spec.items() if k != "datasets"})
    pruned = {}
    for name, rows in datasets.items():
        columns = list(rows[0]) if rows else []
        keep = [
            c
            for c in columns
            if f'"{c}"' in text or f"datum.{c}" in text or f"datum['{c}']" in text or f'datum[\\"{c}\\"]' in text
        ]
        pruned[name] = [{c: row.get(c) for c in keep} for row in rows]
    return {**spec, "datasets": pruned}


def timeline(df: pd.DataFrame, *, colour_codes: Sequence[str]) -> alt.Chart:
    """Dated events as dots on a time axis, one row per event, coloured by country (or pair)."""
    data = df.assign(who=df["country"].map(lambda c: " & ".join(countries.names(c.split("-")))))
    domain = [" & ".join(countries.names(c.split("-"))) for c in colour_codes]
    palette = [countries.colour(c) if "-" not in c else "#6A3D9A" for c in colour_codes]
    return (
        alt.Chart(data)
        .mark_circle(size=110, opacity=1)
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
            y=alt.Y(
                "event:N",
                title=None,
                sort=alt.EncodingSortField("date"),
                axis=alt.Axis(labelLimit=300, labelFontSize=11),
            ),
            color=alt.Color("who:N", scale=alt.Scale(domain=domain, range=palette), title=None),
            tooltip=[
                alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
                alt.Tooltip("event:N", title="Event"),
                alt.Tooltip("who:N", title="Who"),
                alt.Tooltip("claim_id:N", title="Claims ledger"),
            ],
        )
        .properties(height=alt.Step(22))
    )


FUEL_COLOURS = {
    "coal": "#4D4D4D",
    "gas": "#B07AA1",
    "oil": "#9C755F",
    "nuclear": "#F28E2B",
    "hydro": "#4E79A7",
    "wind": "#59A14F",
    "solar": "#EDC948",
    "other low-carbon": "#8CD17D",
}


def fuel_scale(fuels: Iterable[str]) -> alt.Scale:
    """The book's one fuel palette as a colour scale over ``fuels`` (in the order given)."""
    fuels = list(fuels)
    return alt.Scale(domain=fuels, range=[FUEL_COLOURS[f] for f in fuels])


def country_rows(order: Sequence[str], field: str = "country:N") -> alt.Row:
    """One row of a faceted chart per country, in ``order`` (ISO3), labelled above each row."""
    return alt.Row(
        field,
        title=None,
        sort=countries.names(order),
        header=alt.Header(labelAngle=0, labelAlign="left", labelOrient="top", labelFontWeight=600),
    )
