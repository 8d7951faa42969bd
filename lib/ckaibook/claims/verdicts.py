"""Live checks of the note's claims: a registry of one function per claim, each with its rule.

A *live check* is a function registered with :func:`check` under a claim id (in
``claims/checks/<chapter>.py``). It computes one measure from the data package and applies a stated
rule, returning a :class:`Verdict` of one of two kinds, kept apart everywhere:

- ``verdict``: the data test the claim *as stated*; it may agree or disagree with the ledger;
- ``context``: the data bear on the claim only through a proxy (another scope or period, a premise, a
  necessary but not sufficient condition); shown, never counted as agreement or disagreement.

Chapters show results with :mod:`ckaibook.present.boxes`; chapter 05 lists them all.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import asdict, dataclass
from typing import Callable

import pandas as pd

from ckaibook.data import countries

LIVE_VERDICTS = ("supported", "partly-supported", "contradicted", "not testable", "not applicable")
KINDS = ("verdict", "context")
# ``figure`` is the value as the chapter's box words it: chapter 05 shows that text, so the two read alike.
COLUMNS = ["claim_id", "kind", "measure", "value", "unit", "year", "table", "verdict_rule", "verdict", "figure"]


@dataclass(frozen=True)
class Verdict:
    """The result of one live check (one row of the live-check CSV)."""

    claim_id: str
    kind: str  # "verdict" (tests the claim as stated) or "context" (a proxy); see the module docstring
    measure: str
    value: float | None
    unit: str
    year: int | None
    table: str
    verdict_rule: str
    verdict: str
    figure: str = ""  # the value as prose, e.g. "58% in 2024"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.claim_id}: kind {self.kind!r} not in {KINDS}")
        if self.verdict not in LIVE_VERDICTS:
            raise ValueError(f"{self.claim_id}: verdict {self.verdict!r} not in {LIVE_VERDICTS}")

    def row(self) -> dict:
        """The CSV row, with the prose figure the chapter's verdict box shows."""
        return asdict(self)


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
    """All live checks, by claim id (modules in ``ckaibook/claims/checks`` are imported on first use)."""
    return _discover()


def run(claim_id: str, home: str = "CAN", partner: str = "KOR") -> Verdict:
    """Run one live check for a country pair. A check reads home in Canada's role and partner in
    Korea's, so the note's own pair is checked in the note's order whichever is home on screen."""
    checks = registry()
    if claim_id not in checks:
        raise KeyError(f"no live check for {claim_id}; checks exist for {', '.join(checks)}")
    home, partner = countries.note_roles(home, partner)
    return checks[claim_id](home=home, partner=partner)


def run_all(home: str = "CAN", partner: str = "KOR") -> pd.DataFrame:
    """Every live check as a tidy table with :data:`COLUMNS`, sorted by claim id."""
    rows = [run(cid, home, partner).row() for cid in registry()]
    return pd.DataFrame(rows, columns=COLUMNS).sort_values("claim_id").reset_index(drop=True)


def not_applicable(claim_id: str, kind: str, measure: str, table: str, rule: str, home: str, partner: str) -> Verdict:
    """For a claim about Canada and Korea only, when the pair is another one."""
    return Verdict(
        claim_id,
        kind,
        measure,
        None,
        "",
        None,
        table,
        rule,
        "not applicable",
        f"the claim is about Canada and Korea, not {countries.name(home)}–{countries.name(partner)}",
    )
