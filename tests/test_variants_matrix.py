"""The partner matrix: every chapter, for a sample of pairs that covers the edge cases, reads right.

Pairs: an ASEAN member (SGP), the United States, China, a small economy with gaps (MMR), a partner
with partial data (TWN: no World Bank rows), and a home other than Canada (KOR-JPN). Each chapter is
executed for each pair into a temporary folder (in parallel, as ``make variants`` does), then:

- it ran without an error;
- no chart is empty: every Vega-Lite output has at least one data row;
- no stray sentence: no glued text and no Markdown cell names a country of the book's own pair
  (Canada, Korea; adjectives too) when that country is not in the pair shown. Quotations of the
  note (blocks with class ``ckb-note-says``) and ``{glue}`` roles (checked as glued text) are exempt.

One test per pair × chapter, each listing every problem it found (cell, sentence).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ckaibook.book import variants
from ckaibook.data import countries
from myst_nb.ext.glue import GLUE_PREFIX as GLUE

SAMPLE = [("CAN", "SGP"), ("CAN", "USA"), ("CAN", "CHN"), ("CAN", "MMR"), ("CAN", "TWN"), ("KOR", "JPN")]
VEGALITE = "application/vnd.vegalite.v6+json"
NOTE_CLASS = "ckb-note-says"
# Names of the book's own pair in running text: the country and its adjective, singular or plural.
DEFAULT_NAMES = {
    "CAN": re.compile(r"\bCanad(?:a|ian|ians)\b"),
    "KOR": re.compile(r"(?<!North )\b(?:South )?Korea(?:n|ns)?\b"),
}

# The chapters' own fixes (notes for missing data, prose that follows the pair) land on other
# branches; until they are merged this matrix fails, and says exactly where. Set to False then.
PENDING_CHAPTER_FIXES = True
PENDING = pytest.mark.xfail(reason="chapter fixes pending merge; run with --runxfail to see every failure",
                            strict=False) if PENDING_CHAPTER_FIXES else pytest.mark.slow

CHAPTERS = [src.stem for src in variants.pair_chapters()]


@pytest.fixture(scope="module")
def matrix(tmp_path_factory) -> tuple[Path, variants.Report]:
    root = tmp_path_factory.mktemp("variants")
    report = variants.run(SAMPLE, out_root=root / "runs", failed_root=root / "failed", force=True)
    return root, report


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _without_note_blocks(md: str) -> str:
    """Markdown with ``ckb-note-says`` blocks removed (MyST fences ``` / ::: and HTML divs)."""
    out, lines, i = [], md.splitlines(), 0
    while i < len(lines):
        line = lines[i]
        fence = re.match(r"^\s*(`{3,}|:{3,})", line)
        if fence:
            mark = fence.group(1)
            j = i + 1
            while j < len(lines) and not re.match(rf"^\s*{re.escape(mark[0])}{{{len(mark)},}}\s*$", lines[j]):
                j += 1
            options = "\n".join(x for x in lines[i + 1:j] if x.strip().startswith(":"))
            if NOTE_CLASS in line or NOTE_CLASS in options:
                i = j + 1
                continue
        out.append(line)
        i += 1
    text = "\n".join(out)
    # HTML: <div class="… ckb-note-says …"> … </div>, nested divs counted.
    while True:
        m = re.search(rf"<div[^>]*class=\"[^\"]*\b{NOTE_CLASS}\b[^\"]*\"[^>]*>", text)
        if not m:
            return text
        depth, pos = 1, m.end()
        for tag in re.finditer(r"<(/?)div\b[^>]*>", text[pos:]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                text = text[:m.start()] + text[pos + tag.end():]
                break
        else:
            return text[:m.start()]


def _strays(text: str, forbidden: list[str]) -> list[str]:
    """Sentences of ``text`` that name one of the ``forbidden`` default countries."""
    found = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n{2,}", text):
        if any(DEFAULT_NAMES[c].search(sentence) for c in forbidden):
            found.append(" ".join(sentence.split())[:240])
    return found


def problems(nb_path: Path, pair: tuple[str, str]) -> list[str]:
    """Every problem in one executed chapter (see the module docstring)."""
    nb = json.loads(nb_path.read_text())
    forbidden = [c for c in DEFAULT_NAMES if c not in pair]
    out = []
    for i, cell in enumerate(nb["cells"]):
        where = f"cell {i}"
        if cell["cell_type"] == "markdown":
            md = _without_note_blocks(_text(cell["source"]))
            md = re.sub(r"\{glue(?::\w+)?\}`[^`]*`", "…", md)
            out += [f"{where} (markdown): {s}" for s in _strays(md, forbidden)]
            continue
        if cell["cell_type"] != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                out.append(f"{where}: error output {output.get('ename')}: {output.get('evalue')}")
            data = output.get("data", {})
            if VEGALITE in data:
                spec = data[VEGALITE]
                rows = sum(len(v) for v in spec.get("datasets", {}).values())
                rows += len(spec.get("data", {}).get("values", []) or []) if isinstance(spec.get("data"), dict) else 0
                if rows == 0:
                    title = spec.get("title", "")
                    title = title.get("text", "") if isinstance(title, dict) else title
                    out.append(f"{where}: empty chart (no data rows): {_text(title)[:120]!r}")
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                texts = {_text(v) for k, v in data.items() if k.startswith(GLUE) and "text" in k}
                for text in texts:
                    out += [f"{where} (glue {name!r}): {s}" for s in _strays(text.strip("'\""), forbidden)]
    return out


@pytest.mark.slow
@PENDING
@pytest.mark.parametrize("chapter", CHAPTERS)
@pytest.mark.parametrize("pair", SAMPLE, ids=[f"{h}-{p}" for h, p in SAMPLE])
def test_chapter_reads_right_for_the_pair(matrix, pair, chapter):
    root, report = matrix
    variant = f"{pair[0]}-{pair[1]}"
    outcome = report.outcomes[variant, chapter]
    if outcome.status == "failed":
        pytest.fail(f"{variant} {chapter}: failed in cell [{outcome.cell}] {outcome.error}", pytrace=False)
    found = problems(root / "runs" / variant / f"{chapter}.ipynb", pair)
    assert not found, f"{variant} {chapter} ({countries.name(pair[1])}):\n  " + "\n  ".join(found)


def test_the_checks_catch_what_they_look_for(tmp_path):
    """The checker itself: a stray name, an empty chart and a note block, on a hand-made notebook."""
    nb = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": [
            "Trade with {glue}`partner_name` grew. Canada leads.\n\n",
            ":::{div} ckb-note-says\nThe note says Korea is a natural partner.\n:::\n\n",
            '<div class="admonition ckb-note-says"><p>Korean firms <div>nested</div> too.</p></div>\n',
            "North Korea is not the partner."]},
        {"cell_type": "code", "metadata": {}, "source": "", "execution_count": 1, "outputs": [
            {"output_type": "display_data", "metadata": {"scrapbook": {"name": "x"}},
             "data": {GLUE + "text/plain": "'Korean exports fell.'"}},
            {"output_type": "display_data", "metadata": {},
             "data": {VEGALITE: {"title": "Nothing here", "datasets": {"d1": []}}}},
            {"output_type": "display_data", "metadata": {},
             "data": {VEGALITE: {"title": "Fine", "datasets": {"d1": [{"a": 1}]}}}},
        ]}]}
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps(nb))
    found = problems(path, ("JPN", "USA"))
    assert found == [
        "cell 0 (markdown): Canada leads.",
        "cell 1 (glue 'x'): Korean exports fell.",
        "cell 1: empty chart (no data rows): 'Nothing here'",
    ]
    assert problems(path, ("CAN", "KOR"))[-1] == "cell 1: empty chart (no data rows): 'Nothing here'"
    assert len(problems(path, ("CAN", "KOR"))) == 1
