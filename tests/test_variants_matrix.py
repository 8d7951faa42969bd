"""The partner matrix: every chapter, for a sample of pairs that covers the edge cases, reads right.

Pairs: an ASEAN member (SGP), the United States, China, a small economy with gaps (MMR), a partner
with partial data (TWN: no World Bank rows), a home other than Canada (KOR-JPN) and the note's own
pair the other way round (KOR-CAN). Each chapter is executed for each pair into a temporary folder
(in parallel, as ``make variants`` does), then:

- it ran without an error;
- no chart is empty: every Vega-Lite output has at least one data row;
- no stray sentence: no sentence of the page (Markdown with its glued values filled in) names a
  country of the book's own pair (Canada, Korea; adjectives too) when that country is not in the
  pair shown, unless the sentence attributes it to the note or its claims ledger ("the note",
  "the claim", "claims ledger"). Quotations of the note (blocks with class ``ckb-note-says``) are
  exempt; "LNG Canada" is the plant's name, not the country. Glued values that no sentence uses are
  checked on their own, by the same rule;
- for the note's own pair in either order, no claim is called "not applicable" to it and no text
  says the checks are "specific to the note's pair": the note's claims about Canada and Korea hold
  their roles whichever country is home on screen.

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

SAMPLE = [
    ("CAN", "SGP"),
    ("CAN", "USA"),
    ("CAN", "CHN"),
    ("CAN", "MMR"),
    ("CAN", "TWN"),
    ("KOR", "JPN"),
    ("KOR", "CAN"),
]
# What a page says when it treats the pair on screen as another than the note's (see problems()).
# ("… → not applicable" in a check's rule names an outcome for other pairs: not a result.)
NOT_THE_NOTES_PAIR = re.compile(
    r"(?<!→ )not applicable|specific to the note's pair|is about Canada and Korea, not", re.I
)
VEGALITE = "application/vnd.vegalite.v6+json"
NOTE_CLASS = "ckb-note-says"
# Names of the book's own pair in running text: the country and its adjective, singular or plural.
DEFAULT_NAMES = {
    "CAN": re.compile(r"\bCanad(?:a|ian|ians)\b"),
    "KOR": re.compile(r"(?<!North )\b(?:South )?Korea(?:n|ns)?\b"),
}

# The chapters' own fixes (notes for missing data, prose that follows the pair) land on other
# branches; until they are merged this matrix fails, and says exactly where. Set to False then.
PENDING_CHAPTER_FIXES = False
PENDING = (
    pytest.mark.xfail(reason="chapter fixes pending merge; run with --runxfail to see every failure", strict=False)
    if PENDING_CHAPTER_FIXES
    else pytest.mark.slow
)

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
            options = "\n".join(x for x in lines[i + 1 : j] if x.strip().startswith(":"))
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
                text = text[: m.start()] + text[pos + tag.end() :]
                break
        else:
            return text[: m.start()]


ATTRIBUTED = re.compile(r"\bthe note\b|\bnote's\b|\bthe claims?\b|\bclaims ledger\b", re.I)
PROPER = re.compile(r"\bLNG Canada\b")  # the plant, a proper name


def _strays(text: str, forbidden: list[str]) -> list[str]:
    """Sentences of ``text`` that name one of the ``forbidden`` default countries (unattributed)."""
    found = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n{2,}", text):
        plain = PROPER.sub("", sentence)
        if any(DEFAULT_NAMES[c].search(plain) for c in forbidden):
            if ATTRIBUTED.search(plain):
                continue
            found.append(" ".join(sentence.split())[:240])
    return found


def _not_the_notes_pair(text: str) -> list[str]:
    """Sentences of ``text`` that treat the note's own pair as another one."""
    plain = re.sub(r"<[^>]+>", " ", text)
    return [" ".join(x.split())[:240] for x in re.split(r"(?<=[.!?])\s+", plain) if NOT_THE_NOTES_PAIR.search(x)]


def problems(nb_path: Path, pair: tuple[str, str]) -> list[str]:
    """Every problem in one executed chapter (see the module docstring)."""
    nb = json.loads(nb_path.read_text())
    forbidden = [c for c in DEFAULT_NAMES if c not in pair]
    note_pair = countries.is_note_pair(*pair)
    glued = {}
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                data = output.get("data", {})
                glued[name] = next((_text(v) for k, v in data.items() if k.startswith(GLUE) and "text" in k), "")
    used = set()
    out = []
    for i, cell in enumerate(nb["cells"]):
        where = f"cell {i}"
        if cell["cell_type"] == "markdown":
            md = _without_note_blocks(_text(cell["source"]))

            def fill(m: re.Match) -> str:
                used.add(m.group(1))
                return glued.get(m.group(1), "…").strip("'\"")

            md = re.sub(r"\{glue(?::\w+)?\}`([^`]*)`", fill, md)
            out += [f"{where} (markdown): {s}" for s in _strays(md, forbidden)]
            if note_pair:
                out += [f"{where} (markdown): {s}" for s in _not_the_notes_pair(md)]
            continue
        if cell["cell_type"] != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                out.append(f"{where}: error output {output.get('ename')}: {output.get('evalue')}")
            data = output.get("data", {})
            if note_pair and "text/html" in data:  # verdict boxes and tables
                out += [f"{where} (html): {s}" for s in _not_the_notes_pair(_text(data["text/html"]))]
            if VEGALITE in data:
                spec = data[VEGALITE]
                rows = sum(len(v) for v in spec.get("datasets", {}).values())
                rows += len(spec.get("data", {}).get("values", []) or []) if isinstance(spec.get("data"), dict) else 0
                if rows == 0:
                    title = spec.get("title", "")
                    title = title.get("text", "") if isinstance(title, dict) else title
                    out.append(f"{where}: empty chart (no data rows): {_text(title)[:120]!r}")
    for i, cell in enumerate(nb["cells"]):
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name and name not in used:  # shown elsewhere (e.g. a chart title): checked on its own
                out += [f"cell {i} (glue {name!r}): {s}" for s in _strays(glued.get(name, "").strip("'\""), forbidden)]
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
    nb = {
        "cells": [
            {
                "cell_type": "markdown",
                "metadata": {},
                "source": [
                    "Trade with {glue}`partner_name` grew. Canada leads.\n\n",
                    "The note's programmes are funded from {glue}`funder`. Its exports went to {glue}`funder`. "
                    "LNG Canada ships LNG.\n\n",
                    ":::{div} ckb-note-says\nThe note says Korea is a natural partner.\n:::\n\n",
                    '<div class="admonition ckb-note-says"><p>Korean firms <div>nested</div> too.</p></div>\n',
                    "North Korea is not the partner.",
                ],
            },
            {
                "cell_type": "code",
                "metadata": {},
                "source": "",
                "execution_count": 1,
                "outputs": [
                    {
                        "output_type": "display_data",
                        "metadata": {"scrapbook": {"name": "x"}},
                        "data": {GLUE + "text/plain": "'Korean exports fell.'"},
                    },
                    {
                        "output_type": "display_data",
                        "metadata": {"scrapbook": {"name": "funder"}},
                        "data": {GLUE + "text/plain": "'South Korea'"},
                    },
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        "data": {VEGALITE: {"title": "Nothing here", "datasets": {"d1": []}}},
                    },
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        "data": {VEGALITE: {"title": "Fine", "datasets": {"d1": [{"a": 1}]}}},
                    },
                ],
            },
        ]
    }
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps(nb))
    found = problems(path, ("JPN", "USA"))
    assert found == [
        "cell 0 (markdown): Canada leads.",
        "cell 0 (markdown): Its exports went to South Korea.",  # a glued name in an unattributed sentence
        "cell 1: empty chart (no data rows): 'Nothing here'",
        "cell 1 (glue 'x'): Korean exports fell.",  # glued, shown outside the prose: checked on its own
    ]
    assert problems(path, ("CAN", "KOR"))[-1] == "cell 1: empty chart (no data rows): 'Nothing here'"
    assert len(problems(path, ("CAN", "KOR"))) == 1


def test_the_notes_pair_check_catches_a_claim_called_not_applicable():
    assert _not_the_notes_pair("<p>On patents (<b>C23</b>: not applicable): the claim is about Canada and Korea.</p>")
    assert _not_the_notes_pair("1 can be run; the rest are specific to the note's pair (Canada–South Korea).")
    assert not _not_the_notes_pair("US or China → not applicable (the premise is about middle powers).")
