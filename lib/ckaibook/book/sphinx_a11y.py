"""Accessible names for the theme's and myst-nb's controls (Sphinx extension).

axe-core flagged, on every page, controls whose accessible name does not contain their visible text
(WCAG 2.5.3, ``label-content-name-mismatch``): the theme's search button ("Search" for a button that
reads "Search Ctrl+K") and myst-nb's "Show code cell source" toggles ("Toggle hidden content").
The markup is fixed at its source, so the rule stays on.
"""

from __future__ import annotations

import re
from pathlib import Path
from html import escape

TEMPLATES = "ckaibook_templates"
SEARCH_BUTTON = "components/search-button-field.html"


def search_button_template(original: str) -> str:
    """The theme's search button without its ``aria-label``: its visible text ("Search Ctrl+K")
    becomes its name, as WCAG 2.5.3 asks; the tooltip (``title``) stays."""
    fixed = re.sub(r'\saria-label="[^"]*"', "", original, count=1)
    if fixed == original:
        raise RuntimeError(f"the theme's {SEARCH_BUTTON} changed: no aria-label to remove")
    return fixed


def shadow_template(app, relative: str, text: str) -> None:  # noqa: ANN001
    """Serve ``text`` in place of the theme template ``relative``, from a folder beside the output that
    is searched before the theme's (written only when it changed, so rebuilds stay no-ops)."""
    folder = Path(app.outdir).parent / TEMPLATES
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text() != text:
        target.write_text(text)
    loaders = app.builder.templates.loaders
    if not any(str(folder) in getattr(loader, "searchpath", []) for loader in loaders):
        from sphinx.jinja2glue import SphinxFileSystemLoader

        loaders.insert(0, SphinxFileSystemLoader(str(folder)))


def _fix_search_button(app) -> None:  # noqa: ANN001
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    fixed = search_button_template((theme / SEARCH_BUTTON).read_text())
    # The theme includes it both as a component and, in sphinx-book-theme's sidebar, by its bare name.
    for name in (SEARCH_BUTTON, Path(SEARCH_BUTTON).name):
        shadow_template(app, name, fixed)


def visit_hidden_cell(self, node) -> None:  # noqa: ANN001
    """myst-nb's hidden-input toggle, named by what it shows ("Show code cell source") rather than an
    ``aria-label`` that hides that text from speech-input users."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def depart_hidden_cell(self, node) -> None:  # noqa: ANN001
    self.body.append("</details>\n")


def setup(app):  # noqa: ANN001
    """Sphinx entry point (listed in _config.yml's ``extra_extensions``)."""
    from myst_nb.sphinx_ import HideCodeCellNode

    app.setup_extension("myst_nb")
    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_hidden_cell))
    app.connect("builder-inited", _fix_search_button)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
