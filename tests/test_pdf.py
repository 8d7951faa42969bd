"""`make pdf`: the whole book as one PDF, opened and checked with pypdf."""

from __future__ import annotations

import json
import os
import re
import unicodedata

import pytest
from pypdf import PdfReader

from ckaibook.book import browser as web
from ckaibook.book import build, citation, pdf
from ckaibook.data import paths
from ckaibook.present import charts


def _chart_outputs() -> int:
    total = 0
    for nb in build.chapter_paths().values():
        cells = json.loads(nb.read_text())["cells"]
        total += sum(charts.MIMETYPE in o.get("data", {}) for c in cells for o in c.get("outputs", []))
    return total


def test_chapters_follow_the_toc():
    pages = [c.page for c in pdf.chapters_in_order(paths.REPO)]
    assert pages[0] == "chapters/00-introduction.html"
    assert pages == [f"chapters/{p.stem}.html" for p in build.chapter_paths().values()]


def test_cover_escapes_and_names_version_and_data_date():
    cff = {
        "title": "A <b> & C",
        "version": "1.2",
        "date-released": "2026-01-01",
        "authors": [{"name": "X"}],
        "repository-code": "https://example.org",
        "license": "MIT",
    }
    cover = pdf.cover_html(cff, "2025-12-31")
    assert "A &lt;b&gt; &amp; C" in cover and "Version 1.2" in cover and "2025-12-31" in cover


def test_missing_book_is_a_one_line_error(tmp_path):
    with pytest.raises(pdf.PdfError, match=r"lacks chapters/00-introduction.html.*run `make book` first"):
        pdf.build_pdf(site=tmp_path, out_dir=tmp_path / "pdf")
    assert not (tmp_path / "pdf").exists(), "nothing written when the book is missing"


@pytest.fixture(scope="module")
def book_pdf(site, tmp_path_factory):
    if not web.available():
        reason = f"headless Chromium not found at {web.CHROMIUM}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    out = pdf.build_pdf(site=site, out_dir=tmp_path_factory.mktemp("pdf"))
    return out


@pytest.mark.slow
@pytest.mark.browser
def test_pdf_holds_the_whole_book(book_pdf, site):
    reader = PdfReader(str(book_pdf))
    # NFKC: the PDF's fonts set ligatures ("ﬁ"), which text extraction returns as such.
    pages = [unicodedata.normalize("NFKC", p.extract_text()) for p in reader.pages]
    text = "\n".join(pages)
    size = book_pdf.stat().st_size
    print(f"PDF {book_pdf.name}: {len(pages)} pages, {size:,} bytes")
    chapters = pdf.chapters_in_order(paths.REPO)
    assert len(pages) >= 2 + 2 * len(chapters)
    # Title page: title, version, date of the data.
    cff = citation.load()
    cover = " ".join(pages[0].split())
    assert cff["title"] in cover and f"Version {cff['version']}" in cover
    assert citation.data_date() in cover
    # Chapters in order, each title present, and the contents page giving the pages they start on.
    titles = []
    for c in chapters:
        h1 = re.search(r"<h1>((?:(?!</h1>).)*?)<a class=\"headerlink\"", (site / c.page).read_text(), re.S)
        titles.append(" ".join(re.sub(r"<[^>]+>", "", h1.group(1)).split()))
    body = " ".join("\n".join(pages[pdf.FRONT_PAGES :]).split())
    positions = [body.find(t) for t in titles]
    assert all(
        p >= 0 for p in positions
    ), f"chapter titles missing: {[t for t, p in zip(titles, positions, strict=False) if p < 0]}"
    assert positions == sorted(positions), "chapters out of order"
    starts = pdf.chapter_start_pages(book_pdf.read_bytes(), titles)
    contents = " ".join(pages[1].split())
    for title, start in zip(titles, starts, strict=False):
        assert re.search(
            re.escape(title) + r"\s*" + str(start) + r"\b", contents
        ), f"contents lacks '{title} … {start}'"
        assert re.search(rf"\b{start} / {len(pages)}\b", pages[start - 1]), f"page {start} has no page number"
    # One figure per chart, every one drawn (numbered captions "Figure N" followed by the source).
    figures = re.findall(r"Figure\s+\d+(?:\.\d+)*\s+Source", text)
    assert len(figures) == _chart_outputs()
    # Links work inside the PDF; none points at the local server that printed it.
    internal, local = 0, []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            action = a.get("/A")
            uri = action.get_object().get("/URI") if action else None
            if a.get("/Dest") is not None or (action and action.get_object().get("/S") == "/GoTo"):
                internal += 1
            if uri and str(uri).startswith("http://127.0.0.1"):
                local.append(str(uri))
    assert internal >= len(chapters), "the contents page does not link to the chapters"
    assert not local, local[:3]


@pytest.mark.slow
@pytest.mark.browser
def test_pdf_is_copied_beside_the_site_for_the_books_link(book_pdf, site):
    assert (site / pdf.PDF_NAME).read_bytes() == book_pdf.read_bytes()
