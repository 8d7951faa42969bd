"""What every page offers beyond its chapter (Sphinx extension).

* On each chapter page, under its title: download the chapter's notebook, the whole book as PDF,
  and the source repository (``repository.url`` in _config.yml). Relative links only, so the site
  works under any sub-path. The PDF is linked only once ``make pdf`` has made it (it then rebuilds
  the pages, and every HTML build copies it beside ``index.html``); before that the line says how
  to make it, so a page never carries a dead link.
* On the first page, a "How to cite" section: text and BibTeX generated from CITATION.cff at
  build time (never typed twice).
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import yaml
from docutils import nodes

from ckaibook.book import citation

PDF_NAME = "canada-korea-ai-in-data.pdf"
CITE_ID = "how-to-cite"


def built_pdf(root: str | Path) -> Path | None:
    """The PDF ``make pdf`` wrote for the book at ``root`` (``_build/pdf/``), or None if there is none."""
    path = Path(root) / "_build" / "pdf" / PDF_NAME
    return path if path.is_file() else None


def repository_url(srcdir: str | Path) -> str:
    """``repository.url`` from the book's _config.yml ("" if absent). Read here because Jupyter Book
    drops it from the theme options when _config.yml sets ``html_theme_options`` itself."""
    config = Path(srcdir) / "_config.yml"
    if not config.exists():
        return ""
    data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    return str((data.get("repository") or {}).get("url") or "")


def _up(docname: str) -> str:
    return "../" * docname.count("/")


def _links_node(app, docname: str) -> nodes.Node:  # noqa: ANN001
    """A line of links: this chapter's notebook (the copy Sphinx keeps in _sources), the PDF, the repo."""
    up = _up(docname)
    para = nodes.paragraph(classes=["ckb-page-links"])
    para += nodes.Text("This chapter: ")
    para += nodes.raw(
        "", f'<a href="{up}_sources/{docname}.ipynb" download>download the notebook (.ipynb)</a>', format="html"
    )
    para += nodes.Text(" · ")
    if built_pdf(app.srcdir):
        para += nodes.raw("", f'<a href="{up}{PDF_NAME}">the whole book as PDF</a>', format="html")
    else:
        para += nodes.Text("the whole book as PDF (not made for this build: ")
        para += nodes.literal("", "make pdf")
        para += nodes.Text(")")
    repo = repository_url(app.srcdir)
    if repo:
        para += nodes.Text(" · ")
        para += nodes.reference("", "source repository", refuri=repo)
    return para


def _cite_section(document: nodes.document) -> nodes.section:
    cff = citation.load()
    section = nodes.section(ids=[CITE_ID], names=["how to cite"])
    section += nodes.title("", "How to cite")
    section += nodes.paragraph("", "Please cite this book as:")
    quote = nodes.paragraph(classes=["ckb-citation"])
    quote += nodes.Text(citation.to_text(cff).rsplit(citation.url(cff), 1)[0])
    # Raw, so the theme does not shorten the URL to "owner/repo" in a reference meant to be copied.
    link = html.escape(citation.url(cff))
    quote += nodes.raw("", f'<a href="{link}">{link}</a>', format="html")
    section += quote
    section += nodes.paragraph("", "BibTeX:")
    section += nodes.literal_block(
        citation.to_bibtex(cff), citation.to_bibtex(cff), language="bibtex", classes=["ckb-bibtex"]
    )
    note = nodes.paragraph(classes=["ckb-licence-note"])
    note += nodes.Text(
        "Generated from the repository's CITATION.cff. Code: MIT licence. "
        "Each table keeps its source's licence (see the data appendix)."
    )
    section += note
    document.note_implicit_target(section, section)
    return section


def _add_blocks(app, doctree: nodes.document) -> None:  # noqa: ANN001
    docname = app.env.docname
    if not docname.startswith("chapters/"):
        return
    first = next(iter(doctree.findall(nodes.section)), None)
    if first is None:
        return
    title = next((i for i, n in enumerate(first.children) if isinstance(n, nodes.title)), None)
    first.insert(0 if title is None else title + 1, _links_node(app, docname))
    if docname == app.config.root_doc:
        first += _cite_section(doctree)


def _copy_pdf(app, exception: Exception | None) -> None:  # noqa: ANN001
    """Put the PDF beside ``index.html`` (a full rebuild may have emptied the output folder)."""
    pdf = built_pdf(app.srcdir)
    if exception is None and pdf and app.builder.format == "html":
        target = Path(app.outdir) / PDF_NAME
        if not target.is_file() or target.read_bytes() != pdf.read_bytes():
            tmp = target.with_name(f".{PDF_NAME}.copying")
            shutil.copyfile(pdf, tmp)
            tmp.replace(target)


def setup(app):  # noqa: ANN001
    """Sphinx entry point (listed in _config.yml's ``extra_extensions``)."""
    app.connect("doctree-read", _add_blocks)
    app.connect("build-finished", _copy_pdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
