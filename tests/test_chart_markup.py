"""Chart markup and build-time chart preparation (no browser): accessible names, placeholder height,
the Vega compilation cache, and the theme fixes for accessible names."""

from __future__ import annotations

import pytest

from ckaibook.book import chart_compile, sphinx_a11y, sphinx_vega

SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
    "title": {"text": ["Korea leads", "on R&D <b>"], "subtitle": "share of GDP"},
    "description": 'Two bars: "Canada" and Korea.',
    "data": {"values": [{"c": "CAN", "v": 1.7}, {"c": "KOR", "v": 4.9}]},
    "mark": "bar",
    "height": 120,
    "width": 200,
    "encoding": {"x": {"field": "c", "type": "nominal"}, "y": {"field": "v", "type": "quantitative"}},
}


def test_chart_title_joins_lines():
    assert sphinx_vega.chart_title(SPEC) == "Korea leads on R&D <b>"
    assert sphinx_vega.chart_title({"title": "One line"}) == "One line"
    assert sphinx_vega.chart_title({}) == ""


def test_chart_html_names_the_image_by_title_and_describes_it():
    markup = sphinx_vega.chart_html(SPEC, "chart-x", "{}", 321)
    assert 'role="img" aria-label="Korea leads on R&amp;D &lt;b&gt;" aria-describedby="chart-x-desc"' in markup
    assert '<p class="ckb-sr-only" id="chart-x-desc">Two bars: &quot;Canada&quot; and Korea.</p>' in markup
    assert 'style="min-height:321px"' in markup
    # Vega writes its own roles on the element it draws in: that element sits inside the image.
    assert markup.index('role="img"') < markup.index('class="ckb-vega"')


def test_save_buttons_are_named_buttons():
    markup = sphinx_vega.save_buttons_html("chart-x")
    assert markup.count('<button type="button"') == 2
    assert ">Save as SVG</button>" in markup and ">Save as PNG</button>" in markup


def test_compiled_chart_has_vega_spec_and_height(tmp_path):
    ready = chart_compile.compiled(SPEC, "abc", cache=tmp_path)
    assert ready.vega["$schema"].startswith("https://vega.github.io/schema/vega/")
    assert ready.height and 120 < ready.height < 400  # plot height plus title, axis and padding
    assert (tmp_path / "abc.json").exists()
    # A second call reads the cache (a sentinel written there is what comes back).
    (tmp_path / "abc.json").write_text('{"vega": {"x": 1}, "height": 7}')
    assert chart_compile.compiled(SPEC, "abc", cache=tmp_path) == chart_compile.Compiled({"x": 1}, 7)


def test_search_button_loses_its_mismatched_label():
    original = (
        '<button class="btn search-button-field" title="{{ _(\'Search\') }}" '
        'aria-label="{{ _(\'Search\') }}" data-bs-toggle="tooltip">'
    )
    fixed = sphinx_a11y.search_button_template(original)
    assert "aria-label" not in fixed and "title=" in fixed
    with pytest.raises(RuntimeError, match="changed"):
        sphinx_a11y.search_button_template("<button>Search</button>")
