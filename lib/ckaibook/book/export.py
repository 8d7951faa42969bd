"""A standalone HTML page for one executed notebook (for chapter reruns outside the book).

Markdown is rendered with markdown-it, glue references are filled from the notebook's own glued
outputs, charts are drawn by the same page script and a local copy of the Vega bundle.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

import nbformat
from markdown_it import MarkdownIt

from ckaibook.present.charts import MIMETYPE
from ckaibook.book import chart_compile
from ckaibook.book.sphinx_vega import BUNDLE, STATIC, bundle_js, chart_html

_GLUE = re.compile(r"\{glue(?::text|:md)?\}`([^`]+)`")
_ROLE = re.compile(r"\{(?:numref|ref|doc)\}`([^`<]*?)(?:<[^>]+>)?`")


_ADMONITION = re.compile(r"^:::\{(\w+)\}[ \t]*([^\n]*)\n((?::[\w-]+:[^\n]*\n)*)(.*?)^:::[ \t]*$", re.M | re.S)


def _glued(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Glued texts by name (stored as ``application/papermill.record/text/plain`` when not displayed)."""
    values = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            meta = out.get("metadata", {}).get("scrapbook", {})
            if meta.get("name"):
                data = out.get("data", {})
                plain = next((v for k, v in data.items() if k.endswith("text/plain")), "")
                values[meta["name"]] = plain
    return values


def _admonitions(text: str) -> str:
    """MyST colon-fence admonitions (verdict boxes, notes, "The note says") as HTML boxes."""

    def box(m: re.Match) -> str:
        kind, title, options, body = m.groups()
        classes = " ".join(re.findall(r"^:class:[ \t]*([^\n]*)$", options, flags=re.M))
        heading = title or kind.capitalize()
        return (
            f'<div class="admonition {html.escape(kind)} {html.escape(classes)}">'
            f'<p class="admonition-title">{html.escape(heading)}</p>\n\n{body}\n</div>'
        )

    return _ADMONITION.sub(box, text)


def to_html(nb_path: Path) -> Path:
    """Write ``<notebook>.html`` beside the notebook (and the Vega bundle once per folder)."""
    nb = nbformat.read(nb_path, as_version=4)
    glued = _glued(nb)
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    parts = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            text = _GLUE.sub(lambda m: glued.get(m.group(1), m.group(0)), cell.source)
            # A figure reference has no number on a standalone page: name it in words.
            text = _ROLE.sub(
                lambda m: "the figure" if (m.group(1) or "").startswith("fig-") else (m.group(1) or ""), text
            )
            text = re.sub(r"^\([\w-]+\)=[ \t]*$", "", text, flags=re.M)  # MyST targets
            text = re.sub(r"^```\{(\w+)\}\s*(.*)$", r"**\2**", text, flags=re.M).replace("```", "")
            parts.append(md.render(_admonitions(text)))
            continue
        if {"remove-cell", "remove-output"} & set(cell.metadata.get("tags", [])):
            continue
        for j, out in enumerate(cell.get("outputs", [])):
            data = out.get("data", {})
            if MIMETYPE in data:
                # The page script draws compiled Vega (as in the book), so compile here too.
                spec = data[MIMETYPE]
                digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:12]
                ready = chart_compile.compiled(spec, digest)
                payload = json.dumps(ready.vega, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
                parts.append(chart_html(spec, f"chart-{i}-{j}", payload, ready.height))
            elif "text/html" in data:
                parts.append(data["text/html"])
            elif "text/markdown" in data:
                parts.append(
                    md.render(
                        _admonitions(
                            _GLUE.sub(lambda m: glued.get(m.group(1), m.group(0)), "".join(data["text/markdown"]))
                        )
                    )
                )
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
        "table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 6px}"
        ".admonition{border-left:4px solid #888;background:#f6f6f6;padding:.2rem 1rem;margin:1rem 0}"
        ".admonition-title{font-weight:600}</style></head><body>"
        + "\n".join(parts)
        + f"<script src='{BUNDLE}'></script><script>{(STATIC / 'ckaibook-charts.js').read_text()}</script>"
        "</body></html>\n"
    )
    target = nb_path.with_suffix(".html")
    target.write_text(page)
    return target
