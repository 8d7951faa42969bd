"""A standalone HTML page for one executed notebook (for chapter reruns outside the book).

Markdown is rendered with markdown-it, glue references are filled from the notebook's own glued
outputs, charts are drawn by the same page script and a local copy of the Vega bundle.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import nbformat
from markdown_it import MarkdownIt

from ckaibook.present.charts import MIMETYPE
from ckaibook.book.sphinx_vega import BUNDLE, STATIC, bundle_js

_GLUE = re.compile(r"\{glue(?::text|:md)?\}`([^`]+)`")
_ROLE = re.compile(r"\{(?:numref|ref|doc)\}`([^`<]*?)(?:<[^>]+>)?`")


def _glued(nb: nbformat.NotebookNode) -> dict[str, str]:
    values = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            meta = out.get("metadata", {}).get("scrapbook", {})
            if meta.get("name"):
                data = out.get("data", {})
                # myst-nb's glue stores the value under its record prefix, not as plain text/plain.
                prefix = meta.get("mime_prefix", "application/papermill.record/")
                values[meta["name"]] = data.get(prefix + "text/plain", data.get("text/plain", ""))
    return values


def _myst_blocks(text: str) -> str:
    """MyST directive fences (```{note}, :::{admonition} Title) as bold lead-ins CommonMark can show;
    directive options and ``(label)=`` targets dropped."""
    text = re.sub(r"^(?:```|:::)\{(\w+)\}[ \t]*(.*)$", lambda m: f"**{m.group(2) or m.group(1).title()}.**",
                  text, flags=re.M)
    text = re.sub(r"^(?::class:.*|\([\w-]+\)=[ \t]*)\n?", "", text, flags=re.M)  # options, MyST targets
    return re.sub(r"^(?:```|:::)[ \t]*$", "", text, flags=re.M)


def to_html(nb_path: Path) -> Path:
    """Write ``<notebook>.html`` beside the notebook (and the Vega bundle once per folder)."""
    nb = nbformat.read(nb_path, as_version=4)
    glued = _glued(nb)
    md = MarkdownIt("commonmark").enable("table")
    parts = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            text = _GLUE.sub(lambda m: glued.get(m.group(1), m.group(0)), cell.source)
            text = _ROLE.sub(lambda m: m.group(1) or "", text)
            parts.append(md.render(_myst_blocks(text)))
            continue
        if {"remove-cell", "remove-output"} & set(cell.metadata.get("tags", [])):
            continue
        for j, out in enumerate(cell.get("outputs", [])):
            data = out.get("data", {})
            if MIMETYPE in data:
                cid = f"chart-{i}-{j}"
                payload = json.dumps(data[MIMETYPE]).replace("</", "<\\/")
                parts.append(f'<div class="ckb-chart" id="{cid}"></div><script type="application/json" '
                             f'class="ckb-spec" data-for="{cid}">{payload}</script>')
            elif "text/html" in data:
                parts.append(data["text/html"])
            elif "text/markdown" in data:
                parts.append(md.render(_myst_blocks(_GLUE.sub(lambda m: glued.get(m.group(1), m.group(0)),
                                                              "".join(data["text/markdown"])))))
            elif "text/plain" in data and not out.get("metadata", {}).get("scrapbook"):
                parts.append(f"<pre>{html.escape(data['text/plain'])}</pre>")
    folder = nb_path.parent
    bundle = folder / BUNDLE
    if not bundle.exists():
        bundle.write_text(bundle_js())
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(nb_path.stem)}</title><style>{(STATIC / 'ckaibook.css').read_text()}"
        "body{max-width:760px;margin:2rem auto;padding:0 1rem;font-family:system-ui,sans-serif;line-height:1.5}"
        "table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 6px}</style></head><body>"
        + "\n".join(parts)
        + f"<script src='{BUNDLE}'></script><script>{(STATIC / 'ckaibook-charts.js').read_text()}</script>"
        "</body></html>\n"
    )
    target = nb_path.with_suffix(".html")
    target.write_text(page)
    return target
