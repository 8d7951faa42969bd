"""Verdicts on the note's claims: live checks computed from ``data/``, and the boxes chapters show.

A *live check* is a function registered with :func:`check` under a claim id. It computes one
measure from the data package and applies a stated rule, returning a :class:`Verdict`. Chapters
call :func:`run` for their verdict boxes and chapter 05 calls :func:`run_all`, so each figure is
computed in one place. Claims no dataset can reach get :func:`ledger_box`, which cites the
researched verdict of the claims ledger instead.
"""
from __future__ import annotations

import html
import importlib
import pkgutil
from dataclasses import asdict, dataclass
from typing import Callable

import pandas as pd
from IPython.display import Markdown
from IPython.display import display as _display

from ckaibook.data.datapackage import load
from ckaibook.data.urls import web_url

LIVE_VERDICTS = ("supported", "partly-supported", "contradicted", "not testable", "not applicable")
LEDGER_PAGE = "05-claims-ledger.html"


@dataclass(frozen=True)
class Verdict:
    """The result of one live check (one row of the live-check CSV)."""

    claim_id: str
    measure: str
    value: float | None
    unit: str
    year: int | None
    table: str
    verdict_rule: str
    verdict: str
    figure: str = ""  # the value as prose, e.g. "58% in 2024"

    def __post_init__(self) -> None:
        if self.verdict not in LIVE_VERDICTS:
            raise ValueError(f"{self.claim_id}: verdict {self.verdict!r} not in {LIVE_VERDICTS}")

    def row(self) -> dict:
        """The CSV row (without the prose figure)."""
        out = asdict(self)
        out.pop("figure")
        return out


CheckFn = Callable[..., Verdict]
_REGISTRY: dict[str, CheckFn] = {}


def check(claim_id: str) -> Callable[[CheckFn], CheckFn]:
    """Register a live check for a claim id; the function takes ``home`` and ``partner``."""
    def decorate(fn: CheckFn) -> CheckFn:
        if claim_id in _REGISTRY and _REGISTRY[claim_id] is not fn:
            raise ValueError(f"two live checks registered for {claim_id}")
        _REGISTRY[claim_id] = fn
        return fn
    return decorate


def _discover() -> dict[str, CheckFn]:
    from ckaibook.claims import checks

    for info in sorted(pkgutil.iter_modules(checks.__path__), key=lambda m: m.name):
        importlib.import_module(f"{checks.__name__}.{info.name}")
    return dict(sorted(_REGISTRY.items()))


def registry() -> dict[str, CheckFn]:
    """All live checks, by claim id (modules in ``ckaibook/checks`` are imported on first use)."""
    return _discover()


def run(claim_id: str, home: str = "CAN", partner: str = "KOR") -> Verdict:
    """Run one live check for a country pair."""
    checks = registry()
    if claim_id not in checks:
        raise KeyError(f"no live check for {claim_id}; checks exist for {', '.join(checks)}")
    return checks[claim_id](home=home, partner=partner)


def run_all(home: str = "CAN", partner: str = "KOR") -> pd.DataFrame:
    """Every live check as a tidy table: claim_id, measure, value, unit, year, table, verdict_rule, verdict."""
    rows = [run(cid, home, partner).row() for cid in registry()]
    return pd.DataFrame(rows, columns=["claim_id", "measure", "value", "unit", "year", "table",
                                       "verdict_rule", "verdict"])


def not_applicable(claim_id: str, measure: str, table: str, rule: str, home: str, partner: str) -> Verdict:
    """For a claim about Canada and Korea only, when the pair is another one."""
    return Verdict(claim_id, measure, None, "", None, table, rule, "not applicable",
                   f"the claim is about Canada and Korea, not {home}–{partner}")


def _esc(text: object) -> str:
    """HTML-escape and escape ``$`` (CommonMark keeps ``\\$`` literal; with dollarmath on, a bare pair of
    dollars, as in "US$693M … US$5.52B", would otherwise be read as maths)."""
    return html.escape(str(text)).replace("$", r"\$")


def claim(claim_id: str) -> pd.Series:
    """One row of the claims ledger, by id (raises KeyError naming an unknown id)."""
    ledger = load("claims").set_index("claim_id")
    if claim_id not in ledger.index:
        raise KeyError(f"claim {claim_id} is not in the claims ledger")
    return ledger.loc[claim_id]


def _link(claim_id: str) -> str:
    return f'<a href="{LEDGER_PAGE}#claim-{claim_id}">{claim_id}</a>'


def box(v: Verdict, explanation: str = "") -> None:
    """Show the verdict box of a live check: the claim, the rule, the figure, and the ledger's view."""
    row = claim(v.claim_id).fillna("")
    css = v.verdict.replace(" ", "-")
    lines = [
        f":::{{admonition}} Verdict: {v.verdict} ({v.claim_id})",
        f":class: ckb-verdict ckb-verdict-{css}",
        f"**Claim.** {_esc(row['claim'])}  ",
        f"**Test.** {_esc(v.verdict_rule)}  ",
        f"**Data.** {_esc(v.figure or _fmt(v))} (table `{v.table}`).  ",
        f"**Researched verdict** in the claims ledger: {row['verdict']} — row {_link(v.claim_id)}.",
    ]
    if explanation:
        lines.append(f"\n{explanation}")
    lines.append(":::")
    _display(Markdown("\n".join(lines)))


def ledger_box(claim_id: str, why: str = "No dataset in the mirror measures this.") -> None:
    """Box for a claim the data cannot test: say so and cite the ledger's researched verdict."""
    row = claim(claim_id).fillna("")
    source = row["source_title"] or "no source found"
    # Only web URLs link, in <…> so no character of the URL can end the link early.
    link = f"[{_esc(source)}](<{row['source_url']}>)" if web_url(row["source_url"]) else _esc(source)
    _display(Markdown("\n".join([
        f":::{{admonition}} Not testable with this data ({claim_id}) — ledger: {row['verdict']}",
        ":class: ckb-verdict ckb-verdict-not-testable",
        f"**Claim.** {_esc(row['claim'])}  ",
        f"**Why not testable.** {_esc(why)}  ",
        f"**Researched verdict:** {row['verdict']}. {_esc(row['evidence'])} Source: {link}. "
        f"Row {_link(claim_id)}.",
        ":::",
    ])))


def _fmt(v: Verdict) -> str:
    if v.value is None:
        return "no value"
    return f"{v.value:,.4g} {v.unit}" + (f" in {v.year}" if v.year else "")
