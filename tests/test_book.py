"""The HTML book: builds with warnings as errors, is relative-linked, offline and free of volatile content."""

from __future__ import annotations

import re

import pytest
import yaml

from ckaibook.book import build
from ckaibook.data import paths

pytestmark = pytest.mark.slow


def _pages(site):
    toc = yaml.safe_load((paths.REPO / "_toc.yml").read_text())
    files = [toc["root"]] + [c["file"] for c in toc["chapters"]]
    return [site / f"{f}.html" for f in files]


def test_every_chapter_is_in_the_toc_and_built(site):
    toc_text = (paths.REPO / "_toc.yml").read_text()
    for stem in build.chapter_paths():
        assert f"chapters/{build.chapter_paths()[stem].stem}" in toc_text
    for page in _pages(site):
        assert page.is_file(), page


def test_pages_use_relative_links_and_no_external_assets(site):
    for page in _pages(site):
        html = page.read_text()
        assert not re.search(r'(?:src|href)="/(?!/)', html), f"{page.name}: root-absolute link"
        for tag in re.findall(r"<(?:script|link)[^>]+>", html):
            assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), f"{page.name}: external asset {tag[:120]}"


def test_pages_hold_no_machine_paths_or_build_dates(site):
    for page in _pages(site):
        html = page.read_text()
        assert "/work/" not in html and "/tmp/" not in html and "/root/" not in html, page.name
        assert "Last updated" not in html, f"{page.name}: build timestamp"


def test_every_chart_has_a_csv_download(site):
    for page in _pages(site):
        html = page.read_text()
        n_charts = html.count('class="ckb-spec"')
        links = re.findall(r'href="((?:\.\./)*_static/chart-data/[^"]+\.csv)"', html)
        assert len(links) >= n_charts, page.name
        for link in links:
            assert (page.parent / link).resolve().is_file(), link


def test_search_index_is_local(site):
    assert (site / "searchindex.js").is_file()
    assert (site / "search.html").is_file()
