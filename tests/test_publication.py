"""Citable, reusable, deployable: CITATION.cff, LICENSE, the publishing workflow, the "How to cite"
block and the links every chapter page carries (notebook, PDF, repository), relative links only."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from ckaibook.book import build, citation, sphinx_pages
from ckaibook.data import paths

CHECK_JSONSCHEMA = str(Path(sys.executable).with_name("check-jsonschema"))
WORKFLOW = paths.REPO / ".github" / "workflows" / "publish.yml"


def _check(schema: str, path: Path) -> subprocess.CompletedProcess:
    """Validate offline against a schema bundled in the pinned check-jsonschema."""
    return subprocess.run([CHECK_JSONSCHEMA, "--builtin-schema", schema, str(path)], capture_output=True, text=True)


def test_citation_cff_is_valid_cff():
    result = _check("vendor.citation-file-format", paths.REPO / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_invalid_citation_cff_is_caught(tmp_path):
    bad = tmp_path / "CITATION.cff"
    bad.write_text((paths.REPO / "CITATION.cff").read_text().replace("cff-version: 1.2.0", "cff-version: 9"))
    assert _check("vendor.citation-file-format", bad).returncode != 0


def test_citation_agrees_with_the_package_and_the_book_config():
    cff = citation.load()
    version = tomllib.loads((paths.REPO / "pyproject.toml").read_text())["project"]["version"]
    assert str(cff["version"]) == version, "CITATION.cff's version differs from pyproject.toml's"
    config = yaml.safe_load((paths.REPO / "_config.yml").read_text())
    assert (
        cff["repository-code"] == config["repository"]["url"]
    ), "CITATION.cff's repository-code differs from _config.yml's repository.url"
    assert cff["title"] == config["title"]


def test_citation_formats_follow_the_file(tmp_path):
    cff_file = tmp_path / "CITATION.cff"
    cff_file.write_text(
        "cff-version: 1.2.0\nmessage: m\ntitle: 'Data & tests, in data'\nversion: 2.0.1\n"
        "date-released: '2027-01-02'\nlicense: MIT\nrepository-code: https://example.org/r\n"
        "authors:\n  - family-names: Kim\n    given-names: Ji-woo\n  - name: Lab One\n"
    )
    cff = citation.load(cff_file)
    assert (
        citation.to_text(cff)
        == "Kim, Ji-woo and Lab One (2027). Data & tests, in data (version 2.0.1). https://example.org/r"
    )
    bib = citation.to_bibtex(cff)
    assert bib.startswith("@software{datatestsin2027,")
    assert "author = {Kim, Ji-woo and {Lab One}}" in bib and r"title = {{Data \& tests, in data}}" in bib
    assert "version = {2.0.1}" in bib and "url = {https://example.org/r}" in bib


def test_citation_errors_are_one_line_and_name_the_file(tmp_path):
    missing = tmp_path / "CITATION.cff"
    with pytest.raises(citation.CitationError, match=re.escape(str(missing))):
        citation.load(missing)
    missing.write_text("cff-version: 1.2.0\ntitle: x\n")
    with pytest.raises(citation.CitationError) as err:
        citation.load(missing)
    assert "missing version, date-released, authors, repository-code" in str(err.value)
    assert "\n" not in str(err.value)


def test_data_date_is_the_latest_retrieval(tmp_path):
    package = tmp_path / "datapackage.json"
    package.write_text(
        '{"resources": [{"retrieved": "2026-01-05"}, {"retrieved": "hand-curated"},' ' {"retrieved": "2026-03-01"}]}'
    )
    assert citation.data_date(package) == "2026-03-01"


def test_licence_is_mit():
    text = (paths.REPO / "LICENSE").read_text()
    assert text.startswith("MIT License") and "Permission is hereby granted, free of charge" in text


def test_workflow_is_a_valid_github_workflow():
    result = _check("vendor.github-workflows", WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_invalid_workflow_is_caught(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(WORKFLOW.read_text().replace("runs-on: ubuntu-24.04", "runs_on: ubuntu-24.04", 1))
    assert _check("vendor.github-workflows", bad).returncode != 0


def test_workflow_tests_builds_prints_and_publishes():
    flow = yaml.safe_load(WORKFLOW.read_text())
    build_job = flow["jobs"]["build"]
    runs = "\n".join(s.get("run", "") for s in build_job["steps"])
    uses = [s.get("uses", "") for s in build_job["steps"]]
    assert "3.11" in build_job["container"] and "chromium" in runs
    order = [runs.index(c) for c in ("make test", "make book", "make pdf")]
    assert order == sorted(order), "the workflow must test, then build, then print"
    upload = next(s for s in build_job["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html"
    assert any(u.startswith("actions/checkout") for u in uses)
    deploy = flow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in deploy["steps"])


def test_readme_says_how_to_publish():
    readme = (paths.REPO / "README.md").read_text()
    assert "make pdf" in readme and ".github/workflows/publish.yml" in readme and "GitHub Pages" in readme


# --- the built book ---------------------------------------------------------------------------------


def _text(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


@pytest.mark.slow
def test_how_to_cite_is_generated_from_citation_cff(site):
    page = (site / "chapters" / "00-introduction.html").read_text()
    cff = citation.load()
    section = page.split('<section id="how-to-cite">', 1)[1].split("</section>", 1)[0]
    assert citation.to_text(cff) in _text(section)
    bibtex = section.split('class="ckb-bibtex', 1)[1].split("</pre>", 1)[0].split("<pre>", 1)[1]
    assert _text(bibtex) == " ".join(citation.to_bibtex(cff).split())


@pytest.mark.slow
@pytest.mark.parametrize("stem", [p.stem for p in build.chapter_paths().values()])
def test_each_chapter_links_its_notebook_the_pdf_and_the_repository(site, stem):
    page = (site / "chapters" / f"{stem}.html").read_text()
    links = re.search(r'<p class="ckb-page-links">(.*?)</p>', page, re.S)
    assert links, f"{stem}: no links block"
    hrefs = re.findall(r'href="([^"]+)"', links.group(1))
    notebook = next(h for h in hrefs if h.endswith(".ipynb"))
    assert (site / "chapters" / notebook).resolve().is_file(), f"{stem}: {notebook} is not in the site"
    assert sphinx_pages.repository_url(paths.REPO) in hrefs
    pdf_links = [h for h in hrefs if h.endswith(".pdf")]
    if sphinx_pages.built_pdf(paths.REPO):  # after `make pdf`: a link that resolves
        assert pdf_links == [f"../{sphinx_pages.PDF_NAME}"]
        assert (site / sphinx_pages.PDF_NAME).is_file(), f"{stem}: the PDF it links is not beside index.html"
    else:  # never a dead link: the line says how to make the PDF
        assert not pdf_links, f"{stem}: links a PDF that was not made"
        assert "make pdf" in _text(links.group(1))


def _links_text(root: Path) -> tuple[str, list[str]]:
    from types import SimpleNamespace

    para = sphinx_pages._links_node(SimpleNamespace(srcdir=str(root)), "chapters/01-x")
    return para.astext(), [n.astext() for n in para.findall(lambda n: n.tagname == "raw")]


def test_the_pdf_is_linked_only_once_it_exists(tmp_path):
    text, raw = _links_text(tmp_path)
    assert "make pdf" in text and not any(".pdf" in r for r in raw)
    pdf = tmp_path / "_build" / "pdf" / sphinx_pages.PDF_NAME
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.7")
    text, raw = _links_text(tmp_path)
    assert "make pdf" not in text and any(f'href="../{sphinx_pages.PDF_NAME}"' in r for r in raw)


def test_making_the_pdf_rebuilds_every_page(tmp_path):
    """The pages change when a PDF appears, so the HTML build must not be skipped."""
    shutil.copytree(paths.REPO / "chapters", tmp_path / "chapters", ignore=shutil.ignore_patterns("_build"))
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(paths.REPO / name, tmp_path / name)
    before = build.html_inputs(tmp_path, [])
    pdf = tmp_path / "_build" / "pdf" / sphinx_pages.PDF_NAME
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.7")
    after = build.html_inputs(tmp_path, [])
    assert before["pages"] == after["pages"] and before["engine"] != after["engine"]


@pytest.mark.slow
def test_site_links_are_relative(site):
    """No root-absolute link or asset: the site works under any sub-path (GitHub Pages serves a
    project site under /<repository>/)."""
    offenders = []
    for page in site.rglob("*.html"):
        for attr, url in re.findall(r'\b(href|src)="(/[^/"][^"]*)"', page.read_text()):
            offenders.append(f"{page.relative_to(site)}: {attr}={url}")
    assert not offenders, offenders[:5]


@pytest.mark.slow
def test_data_appendix_keeps_each_tables_licence(site):
    import json

    page = (site / "chapters" / "90-data-appendix.html").read_text()
    package = json.loads((paths.DATA / "datapackage.json").read_text())
    for res in package["resources"]:
        licence = res["licenses"][0]["name"]
        assert licence.split(" ")[0] in page, f"{res['name']}: licence {licence!r} not in the data appendix"
