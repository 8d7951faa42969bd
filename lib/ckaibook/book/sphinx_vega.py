"""Offline, deterministic chart rendering in the book.

Two parts, both registered by the package:

* ``VegaLiteMimeRenderer`` — a myst-nb mime-renderer plugin (entry point
  ``myst_nb.mime_renderers``) that turns a stored ``application/vnd.vegalite.v6+json`` output into
  a numbered figure: a box of the chart's drawn height named by its title, the spec compiled to
  Vega inline, a description for screen readers, the source line, a link to the CSV of the rows the
  chart draws (written at build time) and buttons that save the chart.
* ``setup`` — a Sphinx extension that writes the Vega bundle shipped by ``vl-convert-python``
  into ``_static`` (wrapped in an IIFE so its top-level names cannot clash
  with the theme's), adds it and the page script to the pages that have charts, and trims assets
  that no page of this book uses.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

import pandas as pd
from docutils import nodes

from ckaibook.book import chart_compile
from ckaibook.data.urls import web_url
from ckaibook.present.charts import MIMETYPE

STATIC = Path(__file__).with_name("static")
BUNDLE = "vega-bundle.js"
CSV_DIR = "chart-data"
CHART_SCRIPTS = (BUNDLE, "ckaibook-charts.js")
# A downloaded CSV cell starting with one of these is run as a formula by spreadsheet programs
# (CSV injection); OWASP's advice is to prefix such text with a single quote.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
# Assets Jupyter Book loads on every page that no page of this book uses.
UNUSED_ASSETS = ("sphinx-design.min.css", "design-tabs.js", "sphinx-thebe.css")


def bundle_js() -> str:
    """Vega, Vega-Lite and vega-embed as one classic script (it sets ``window.vegaEmbed``); the IIFE
    keeps the bundle's top-level names private ("Identifier '_' has already been declared").
    (Specs reach the page compiled to Vega, so the Vega-Lite compiler in it never runs.)"""
    import vl_convert

    return "(function(){\n" + vl_convert.javascript_bundle() + "\n})();\n"


def _rel_static(docname: str, filename: str) -> str:
    """Link from a page to a file in _static, relative so the site works from any sub-path."""
    return "../" * docname.count("/") + f"_static/{filename}"


def csv_safe(value: object) -> object:
    """A cell as it may go into a downloadable CSV: text that a spreadsheet would run as a formula
    gets a leading ``'``; numbers, and text that is just a number (``-3.5``), are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def _write_csvs(spec: dict, name: str, outdir: Path) -> list[str]:
    """Write each dataset of the spec as CSV, formula-like text neutralised (:func:`csv_safe`);
    return the file names (stable: from the figure name)."""
    datasets = spec.get("datasets", {})
    files = []
    for i, key in enumerate(sorted(datasets)):
        rows = datasets[key]
        filename = f"{CSV_DIR}/{name}{'' if i == 0 else f'-{i + 1}'}.csv"
        path = outdir / "_static" / filename
        path.parent.mkdir(parents=True, exist_ok=True)
        frame = pd.DataFrame.from_records(rows)
        frame = frame.rename(columns=csv_safe).map(csv_safe)
        text = frame.to_csv(index=False, lineterminator="\n")
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
        files.append(filename)
    return files


def _link(text: str, url: object) -> nodes.Node:
    """A link if ``url`` is an http(s) address, else the text alone (never a ``javascript:`` href)."""
    safe = web_url(url)
    return nodes.reference("", text, refuri=safe) if safe else nodes.Text(text)


def _source_nodes(meta: dict) -> list[nodes.Node]:
    """'Source: <publisher: dataset> (<licence>; <vintage>)', each linked, for every source drawn."""
    entries = meta.get("sources")
    if not entries:
        return [nodes.Text(meta.get("source", ""))]
    out: list[nodes.Node] = [nodes.Text("Source: ")]
    for i, e in enumerate(entries):
        if i:
            out.append(nodes.Text("; "))
        out.append(_link(e["title"], e["url"]))
        out.append(nodes.Text(" ("))
        out.append(_link(e["licence"], e["licence_url"]))
        out.append(nodes.Text(f"; {e['vintage']})"))
    return out


def chart_title(spec: dict) -> str:
    """The chart's title as one line of text (Vega-Lite titles may be a string, lines, or an object)."""
    title = spec.get("title", "")
    text = title.get("text", "") if isinstance(title, dict) else title
    return " ".join(text) if isinstance(text, list) else str(text)


def chart_html(spec: dict, chart_id: str, payload: str, height: int | None) -> str:
    """The chart's markup before it is drawn: a box of the chart's own height (nothing jumps when it is
    drawn), named by the chart's title and described by its description (role="img" on the drawing only,
    so no interactive element sits inside it), and the spec inline."""
    title = html.escape(chart_title(spec))
    description = html.escape(spec.get("description", ""))
    style = f' style="min-height:{height}px"' if height else ""
    return (
        f'<div class="ckb-chart" id="{chart_id}"{style}>'
        f'<div class="ckb-plot" role="img" aria-label="{title}" aria-describedby="{chart_id}-desc">'
        # Vega writes its own ARIA roles onto the element it draws in: keep that inside the image.
        f'<div class="ckb-vega"></div></div></div>\n'
        f'<script type="application/json" class="ckb-spec" data-for="{chart_id}">{payload}</script>\n'
        f'<p class="ckb-sr-only" id="{chart_id}-desc">{description}</p>'
    )


def save_buttons_html(chart_id: str) -> str:
    """Keyboard-reachable, named buttons that save the drawn chart (they replace vega-embed's icon-only
    action menu, whose unnamed ``<summary>`` sat inside the chart's image role)."""
    return "".join(
        f' · <button type="button" class="ckb-save" data-chart="{chart_id}" data-format="{fmt}">'
        f"Save as {fmt.upper()}</button>"
        for fmt in ("svg", "png")
    )


class VegaLiteMimeRenderer:
    """myst-nb plugin: render the Vega-Lite mimetype as a numbered, captioned figure."""

    mime_priority_overrides = [(b, MIMETYPE, 1) for b in ("html", "dirhtml", "singlehtml", "readthedocs")]

    @staticmethod
    def handle_mime(renderer, data, inline: bool):  # noqa: ANN001 (myst-nb's protocol)
        if data.mime_type != MIMETYPE or inline:
            return None
        spec = data.content if isinstance(data.content, dict) else json.loads(data.string)
        meta = spec.get("usermeta", {}).get("ckaibook", {})
        env = renderer.renderer.sphinx_env
        digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:12]
        name = meta.get("name") or f"fig-{digest}"
        chart_id = f"chart-{digest}"
        ready = chart_compile.compiled(spec, digest)
        payload = json.dumps(ready.vega, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
        body = chart_html(spec, chart_id, payload, ready.height)
        figure = nodes.figure(classes=["ckb-figure"])
        figure += nodes.raw("", body, format="html")
        caption = nodes.caption()
        for node in _source_nodes(meta):
            caption += node
        if env is not None:
            outdir = Path(env.app.outdir)
            for i, filename in enumerate(_write_csvs(spec, name, outdir)):
                caption += nodes.Text(" · ")
                label = "Download the data (CSV)" if i == 0 else f"Data, part {i + 1} (CSV)"
                caption += nodes.reference("", label, refuri=_rel_static(env.docname, filename), classes=["ckb-csv"])
        caption += nodes.raw("", save_buttons_html(chart_id), format="html")
        if meta.get("note"):
            caption += nodes.inline("", " " + meta["note"], classes=["ckb-note"])
        figure += caption
        figure["names"].append(name)
        renderer.renderer.document.note_explicit_target(figure, figure)
        return [figure]


def _bundle_key(target: Path) -> str:
    """What the written bundle was made from: the vl-convert version, this module's code (the
    wrapper) and the file's own bytes, so a stale or damaged copy is rewritten."""
    from importlib.metadata import version

    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(target.read_bytes() if target.is_file() else b"")
    return f"vl-convert-python {version('vl-convert-python')} {h.hexdigest()}"


def _write_bundle(app) -> None:  # noqa: ANN001
    static = Path(app.outdir).parent / "ckaibook_static"
    static.mkdir(parents=True, exist_ok=True)
    target = static / BUNDLE
    stamp = Path(app.outdir).parent / f".{BUNDLE}.key"  # outside the static folder: not published
    # vl-convert takes ~1 s to produce the bundle: only when the stamp says the copy is not current.
    if not stamp.is_file() or stamp.read_text() != _bundle_key(target):
        bundle = bundle_js()
        if not target.exists() or target.read_text() != bundle:
            target.write_text(bundle)
        stamp.write_text(_bundle_key(target))
    app.config.html_static_path.extend([str(static), str(STATIC)])


def _drop_thebe(app) -> None:  # noqa: ANN001
    """Live code (Thebe) is off in this book, yet sphinx-thebe registers its config script on every
    read pass, so pages carried it twice and browsers logged "Identifier 'THEBE_JS_URL' has already
    been declared". Disconnect the listener that adds it rather than ignore the console error."""
    for listener in list(app.events.listeners.get("env-before-read-docs", [])):
        handler = listener.handler
        if getattr(handler, "__module__", "") == "sphinx_thebe" and handler.__name__ == "init_thebe_core":
            app.disconnect(listener.id)


def _without_fontawesome_js(app) -> None:  # noqa: ANN001
    """The theme loads a 1.5 MB Font Awesome script on every page "so that users can add custom
    icons"; this book adds none, and the theme's own icons come from its stylesheet's web font.
    Shadow the theme's asset macros with a copy that leaves that one script out."""
    import pydata_sphinx_theme

    source = (
        Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "webpack-macros.html"
    )
    text = source.read_text()
    trimmed = "\n".join(line for line in text.splitlines() if "scripts/fontawesome.js" not in line) + "\n"
    if trimmed == text:
        return
    folder = Path(app.outdir).parent / "ckaibook_templates"
    (folder / "static").mkdir(parents=True, exist_ok=True)
    target = folder / "static" / "webpack-macros.html"  # the theme imports "static/webpack-macros.html"
    if not target.exists() or target.read_text() != trimmed:
        target.write_text(trimmed)
    app.builder.templates.loaders.insert(0, _loader(folder))


def _loader(folder: Path):
    from sphinx.jinja2glue import SphinxFileSystemLoader

    return SphinxFileSystemLoader(str(folder))


def _page_assets(app, pagename, templatename, context, doctree) -> None:  # noqa: ANN001
    """Per page: chart scripts only where there are charts; no assets that no page uses."""
    has_charts = doctree is not None and any(
        "ckb-figure" in n.get("classes", []) for n in doctree.findall(nodes.figure)
    )
    drop = set(UNUSED_ASSETS)
    if not has_charts:
        drop |= set(CHART_SCRIPTS)
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [
                a for a in context[key] if str(getattr(a, "filename", a)).split("?")[0].rsplit("/", 1)[-1] not in drop
            ]


def _favicon(app, config) -> None:  # noqa: ANN001
    """The book's icon (without one, every page view asks the server for /favicon.ico and gets a 404)."""
    if not config.html_favicon:
        config.html_favicon = str(STATIC / "favicon.svg")


def setup(app):  # noqa: ANN001
    """Sphinx entry point (``extra_extensions: [ckaibook.sphinx_vega]`` in _config.yml)."""
    app.connect("config-inited", _favicon)
    app.connect("builder-inited", _write_bundle)
    app.connect("builder-inited", _drop_thebe)
    app.connect("builder-inited", _without_fontawesome_js)
    app.connect("html-page-context", _page_assets)
    # Deferred: the browser compiles the 0.9 MB bundle off the main thread while it parses the page,
    # and the first screen is laid out before any chart is drawn.
    app.add_js_file(BUNDLE, loading_method="defer")
    app.add_js_file("ckaibook-charts.js", loading_method="defer")
    app.add_js_file("ckaibook-tables.js", loading_method="defer")
    app.add_css_file("ckaibook.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
