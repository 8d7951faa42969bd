"""Charts: house-style spec, deterministic output, and the book's offline renderer."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from docutils import nodes
from docutils.utils import new_document

from ckaibook.present import charts
from ckaibook.book import sphinx_vega


def _chart():
    df = pd.DataFrame(
        {"iso3": ["CAN", "KOR", "CAN", "KOR"], "year": [2020, 2020, 2021, 2021], "value": [1.5, 4.5, 1.7, 4.9]}
    )
    return charts.time_lines(df, y="value", y_title="R&D", unit="% of GDP", emphasis=["CAN", "KOR"])


def _show(**overrides):
    kwargs = dict(
        name="fig-test-rd",
        title="Korea spends more",
        subtitle="R&D, % of GDP",
        description="Two lines.",
        tables=["wdi"],
    )
    kwargs.update(overrides)
    return charts.finish(_chart(), **kwargs)


def test_spec_carries_house_style_metadata():
    out = _show()
    bundle = out._repr_mimebundle_()
    spec = bundle[charts.MIMETYPE]
    assert "application/vnd.vegalite.v6+json" in bundle  # the +json key nbformat accepts
    assert spec["description"] == "Two lines."
    assert spec["title"]["text"] == ["Korea spends more"]
    meta = spec["usermeta"]["ckaibook"]
    assert meta["name"] == "fig-test-rd"
    assert meta["source"].startswith("Source: The World Bank") and "CC-BY-4.0" in meta["source"]
    tooltips = [t["title"] for layer in spec["layer"] for t in layer["encoding"]["tooltip"]]
    assert "R&D (% of GDP)" in tooltips


def test_spec_is_deterministic_and_has_no_random_ids():
    a, b = _show().spec, _show().spec
    assert a == b
    assert "altair-viz" not in str(a)
    assert all(name.startswith("data-") for name in a["datasets"])


def test_chart_holds_only_the_rows_it_draws():
    spec = _show().spec
    rows = sum(len(v) for v in spec["datasets"].values())
    assert rows == 4


def test_country_colours_follow_the_book_palette():
    scale = _show().spec["layer"][0]["encoding"]["color"]["scale"]
    assert scale["domain"][:2] == ["Canada", "South Korea"]
    assert scale["range"][:2] == ["#D52B1E", "#0047A0"]


def test_figure_name_must_be_a_fig_label():
    with pytest.raises(ValueError, match="fig-"):
        _show(name="rd")


def test_long_titles_wrap():
    lines = charts.wrap("word " * 40, 50)
    assert len(lines) > 1 and all(len(line) <= 50 for line in lines)


def test_mime_renderer_builds_numbered_figure_with_csv(tmp_path):
    spec = _show().spec
    document = new_document("test")
    env = SimpleNamespace(app=SimpleNamespace(outdir=str(tmp_path / "html")), docname="chapters/00-introduction")
    renderer = SimpleNamespace(renderer=SimpleNamespace(sphinx_env=env, document=document))
    data = SimpleNamespace(mime_type=charts.MIMETYPE, content=spec, string="")
    out = sphinx_vega.VegaLiteMimeRenderer.handle_mime(renderer, data, False)
    figure = out[0]
    assert isinstance(figure, nodes.figure) and figure["names"] == ["fig-test-rd"]
    html = figure.children[0].astext()
    assert 'class="ckb-spec"' in html and "Two lines." in html and "cdn" not in html.lower()
    links = {n.astext(): n["refuri"] for n in figure.findall(nodes.reference)}
    assert links["Download the data (CSV)"] == "../_static/chart-data/fig-test-rd.csv"  # relative: any sub-path
    assert links["The World Bank: World Development Indicators"].startswith("https://")  # source, one click
    assert links["CC-BY-4.0"].startswith("https://creativecommons.org/")
    assert "Datahub WDI mirror" in figure.children[-1].astext()  # vintage next to the chart
    csv = Path(tmp_path / "html" / "_static" / "chart-data" / "fig-test-rd.csv").read_text()
    assert set(csv.splitlines()[0].split(",")) == {"year", "value", "country", "emphasis"}  # what it draws
    assert len(csv.splitlines()) == 5
    assert (
        sphinx_vega.VegaLiteMimeRenderer.handle_mime(renderer, SimpleNamespace(mime_type="text/plain"), False) is None
    )


def test_unused_columns_are_pruned_but_referenced_ones_kept():
    df = pd.DataFrame({"iso3": ["CAN", "KOR"], "year": [2020, 2020], "value": [1.0, 2.0], "unused_note": ["a", "b"]})
    chart = charts.time_lines(df, y="value", y_title="R&D", unit="% of GDP", emphasis=["CAN", "KOR"])
    spec = charts.finish(chart, name="fig-test-prune", title="t", subtitle="s", description="d", tables=["wdi"]).spec
    columns = set().union(*(row.keys() for rows in spec["datasets"].values() for row in rows))
    assert "unused_note" not in columns
    assert {"country", "year", "value", "emphasis"} <= columns  # emphasis is used in an expression
