"""The whole book as one PDF (``make pdf``), printed by the Chromium the browser test uses.

Jupyter Book's ``pdfhtml`` builder downloads a Chromium of its own and fails offline; this prints the
built HTML book with Debian's Chromium through Playwright instead:

1. Serve ``_build/html``, open the first page, and gather every chapter's article into it, in the
   order of ``_toc.yml``, behind a title page (title, version, date of the data) and a contents page.
   Ids are prefixed per chapter, and links between chapters become links inside the PDF.
2. Draw every chart (vector SVG) at the printed width; print with the book's print styles (no
   sidebars, no buttons, tables laid out to the page) and page numbers in the footer.
3. Read where each chapter starts from the PDF's outline (pypdf), write those page numbers into the
   contents page, print again, and stamp the document's metadata.

The PDF is written atomically to ``_build/pdf/`` and copied beside ``index.html``, where each chapter
page's "the whole book as PDF" link points.
"""

from __future__ import annotations

import html
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from ckaibook.book import browser, citation
from ckaibook.book.sphinx_pages import PDF_NAME
from ckaibook.data import paths

FRONT_PAGES = 2  # the title page and the contents page
A4_WIDTH_PX = 794  # 210 mm at 96 px per inch: charts are laid out at the width they are printed
MARGIN = {"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"}
FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#555">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


class PdfError(RuntimeError):
    """The PDF could not be made (no built book, no Chromium, a chart that did not draw)."""


@dataclass(frozen=True)
class Chapter:
    """One chapter of the PDF: its page (relative to the site) and the prefix given to its ids."""

    page: str
    prefix: str


def chapters_in_order(root: Path) -> list[Chapter]:
    """The book's pages in the order of ``_toc.yml`` (root first), as HTML paths relative to the site."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for entry in toc.get("chapters", []) + [e for p in toc.get("parts", []) for e in p.get("chapters", [])]:
        files.append(entry["file"])
    return [Chapter(f"{f}.html", f"c{i}") for i, f in enumerate(files)]


# Runs in the first page of the served book: replace its article with the whole book.
_GATHER = r"""
async ({chapters, cover}) => {
  const article = document.querySelector('article.bd-article');
  const base = new URL(location.href);
  const byPath = {};
  chapters.forEach(c => { byPath[new URL(c.page, new URL('/', base)).pathname] = c.prefix; });
  const parts = [];
  for (const c of chapters) {
    const url = new URL(c.page, new URL('/', base));
    const text = await (await fetch(url)).text();
    const doc = new DOMParser().parseFromString(text, 'text/html');
    const body = doc.querySelector('article.bd-article');
    if (!body) throw new Error('no article in ' + c.page);
    const rename = id => c.prefix + '--' + id;
    body.querySelectorAll('[id]').forEach(e => { e.id = rename(e.id); });
    body.querySelectorAll('[data-for]').forEach(e => { e.dataset.for = rename(e.dataset.for); });
    body.querySelectorAll('[aria-describedby]').forEach(e => {
      e.setAttribute('aria-describedby', rename(e.getAttribute('aria-describedby'))); });
    body.querySelectorAll('a[href]').forEach(a => {
      const target = new URL(a.getAttribute('href'), url);
      if (target.origin !== base.origin) return;                     // the web: keep
      const prefix = byPath[target.pathname];
      if (prefix) {                                                  // another chapter: inside the PDF
        a.setAttribute('href', '#' + prefix + '--' + (target.hash ? target.hash.slice(1) : 'top'));
      } else {                                                       // a file of the site: text only
        a.removeAttribute('href');
      }
    });
    const h1 = body.querySelector('h1');
    const section = document.createElement('section');
    section.className = 'ckb-pdf-chapter';
    section.id = c.prefix + '--top';
    section.append(...body.childNodes);
    parts.push({section, title: h1 ? h1.textContent.replace(/#$/, '').trim() : c.page});
  }
  article.innerHTML = cover;
  const list = article.querySelector('#ckb-pdf-toc-list');
  parts.forEach((p, i) => {
    const li = document.createElement('li');
    li.innerHTML = '<a href="#' + p.section.id + '"></a><span class="ckb-pdf-page"></span>';
    li.firstChild.textContent = p.title;
    list.appendChild(li);
    article.appendChild(p.section);
  });
  document.title = document.querySelector('.ckb-pdf-title').textContent;
  return parts.map(p => p.title);
}
"""

_STYLE = """
@page { size: A4; }
.ckb-pdf-cover { height: 240mm; display: flex; flex-direction: column; justify-content: center; text-align: center; }
.ckb-pdf-title { font-size: 26pt; font-weight: 700; margin-bottom: 1rem; }
.ckb-pdf-meta { font-size: 11pt; line-height: 1.7; }
.ckb-pdf-toc { break-before: page; break-after: page; }
.ckb-pdf-toc-heading { font-size: 18pt; font-weight: 700; margin: 1rem 0; }
#ckb-pdf-toc-list { list-style: none; padding: 0; font-size: 11pt; }
#ckb-pdf-toc-list li { display: flex; gap: .5rem; margin: .4rem 0; }
#ckb-pdf-toc-list li a { flex: 1; color: inherit; text-decoration: none; border-bottom: 1px dotted #999; }
.ckb-pdf-chapter { break-before: page; }
/* The theme's print header (page title and contents) repeats the first chapter's; the PDF has its own. */
.onlyprint { display: none !important; }
/* The theme hides each page's first h1 in print (it prints its own header); here it is the chapter title. */
.bd-article .ckb-pdf-chapter h1:first-of-type { display: block !important; }
"""


def cover_html(cff: dict, data_date: str) -> str:
    """Title page and an empty contents page (filled with page numbers once the PDF is laid out).
    Not headings, so the PDF's outline holds the chapters only."""
    e = html.escape
    when = f"Data retrieved up to {e(data_date)}" if data_date else "Data: see the appendix"
    return (
        f'<style>{_STYLE}</style>'
        f'<div class="ckb-pdf-cover"><div class="ckb-pdf-title">{e(cff["title"])}</div>'
        f'<div class="ckb-pdf-meta">{e(citation.authors(cff))}<br>Version {e(str(cff["version"]))}'
        f' · {e(str(cff["date-released"]))}<br>{when}<br>{e(citation.url(cff))}<br>'
        f'Code: {e(str(cff.get("license", "")))} · each table keeps its source\'s licence (data appendix)</div></div>'
        '<div class="ckb-pdf-toc"><div class="ckb-pdf-toc-heading">Contents</div><ol id="ckb-pdf-toc-list"></ol></div>'
    )


def _print(page) -> bytes:  # noqa: ANN001
    return page.pdf(
        format="A4",
        margin=MARGIN,
        print_background=True,
        outline=True,
        tagged=True,
        display_header_footer=True,
        header_template="<div></div>",
        footer_template=FOOTER,
    )


def chapter_start_pages(pdf: bytes, titles: list[str], first_page: int = FRONT_PAGES + 1) -> list[int]:
    """1-based page where each chapter starts: the first top-level outline entry (Chromium makes one
    per ``h1``) from ``first_page`` on bearing the chapter's title, in order; 0 where not found.
    (Chromium drops the spaces at line breaks in outline titles, so titles compare without spaces.)"""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    entries = [
        ("".join(item.title.replace("#", "").split()), reader.get_destination_page_number(item) + 1)
        for item in reader.outline
        if not isinstance(item, list)
    ]
    entries = [e for e in entries if e[1] >= first_page]
    starts, i = [], 0
    for title in titles:
        want = "".join(title.split())
        while i < len(entries) and not entries[i][0].startswith(want):
            i += 1
        starts.append(entries[i][1] if i < len(entries) else 0)
    return starts


def _stamp(pdf: bytes, cff: dict) -> bytes:
    """Set the document's title, author and subject; drop the creation dates (a reproducible file)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.metadata = None
    writer.add_metadata(
        {
            "/Title": str(cff["title"]),
            "/Author": citation.authors(cff),
            "/Subject": f"Version {cff['version']}",
            "/Creator": "ckaibook pdf (Chromium)",
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(paths.REPO))
    except ValueError:
        return str(path)


def _write_atomically(data: bytes, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build_pdf(site: Path | None = None, out_dir: Path | None = None, root: Path | None = None) -> Path:
    """Print the built book in ``site`` (default ``_build/html``) to ``out_dir/<name>.pdf`` (default
    ``_build/pdf``) and copy it beside ``index.html``; returns the PDF's path. Raises PdfError."""
    root = root or paths.REPO
    site = site or root / "_build" / "html"
    out_dir = out_dir or root / "_build" / "pdf"
    chapters = chapters_in_order(root)
    missing = [c.page for c in chapters if not (site / c.page).is_file()]
    if missing:
        raise PdfError(f"{site} lacks {', '.join(missing)}: run `make book` first")
    if not browser.available():
        raise PdfError(f"headless Chromium not found at {browser.CHROMIUM} (install Debian's chromium package)")
    cff = citation.load()
    cover = cover_html(cff, citation.data_date(root / "data" / "datapackage.json"))
    with browser.serve(site) as url, browser.chromium() as b:
        v = browser.visit(b, f"{url}/{chapters[0].page}", width=A4_WIDTH_PX, wait_charts=False)
        try:
            page = v.page
            page.emulate_media(media="print")
            args = {"chapters": [{"page": c.page, "prefix": c.prefix} for c in chapters], "cover": cover}
            titles = page.evaluate(_GATHER, args)
            browser.draw_all(page, timeout_ms=120_000)
            page.evaluate("document.fonts.ready.then(() => true)")
            first = _print(page)
            starts = chapter_start_pages(first, titles)
            lost = [t for t, n in zip(titles, starts, strict=False) if not n]
            if lost:
                raise PdfError(f"chapters missing from the PDF's outline: {lost}")
            page.evaluate(
                "starts => document.querySelectorAll('#ckb-pdf-toc-list .ckb-pdf-page')"
                ".forEach((s, i) => { s.textContent = String(starts[i]); })",
                starts,
            )
            final = _print(page)
            if chapter_start_pages(final, titles) != starts:
                raise PdfError("page numbers moved when the contents page was filled in")
            errors = [e for e in v.errors if "favicon" not in e]
        finally:
            v.close()
    if errors:
        raise PdfError(f"the page logged errors while printing: {errors[:3]}")
    from pypdf import PdfReader

    data = _stamp(final, cff)
    target = out_dir / PDF_NAME
    _write_atomically(data, target)
    _write_atomically(data, site / PDF_NAME)
    from ckaibook.book.build import log

    log(
        f"==> {_shown(target)}: {len(PdfReader(io.BytesIO(data)).pages)} pages, {len(data) / 1e6:.1f} MB, "
        f"{len(titles)} chapters (also {_shown(site / PDF_NAME)})"
    )
    return target
