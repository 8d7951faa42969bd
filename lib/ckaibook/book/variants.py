"""The variant matrix: every chapter for many pairs at once, with a table of what ran.

``ckaibook variants`` (``make variants``) runs each chapter that takes a pair for home × every G20
and ASEAN economy with data, into ``runs/<variant>/`` as ``ckaibook chapter`` does, in parallel
across all pairs, skipping a chapter whose inputs are unchanged since its last run there. It prints
pair × chapter → ok / failed (cell) / seconds, each failure's message, and a one-line summary.
"""

from __future__ import annotations

import ast
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from ckaibook.book import build
from ckaibook.chapters import coverage, params
from ckaibook.data import countries, coverage as data_coverage, paths

MATRIX_GROUPS = ("G20", "ASEAN")


def matrix_partners(home: str) -> list[str]:
    """Every G20 and ASEAN economy with data in the book, other than ``home``, sorted."""
    members: set[str] = set()
    for group in MATRIX_GROUPS:
        members |= set(countries.members(group))
    return sorted((members - {home}) & set(data_coverage.countries_with_data()))


def pair_chapters() -> list[Path]:
    """The chapters that take a pair (``home`` and ``partner`` parameters)."""
    return [src for src in build.chapter_paths().values() if {"home", "partner"} <= set(build.declared_parameters(src))]


def chapter_defaults(src: Path) -> dict[str, Any]:
    """A chapter's parameter defaults as Python values (Papermill reports them as source text)."""
    out = {}
    for name, info in build.declared_parameters(src).items():
        try:
            out[name] = ast.literal_eval(info["default"])
        except (ValueError, SyntaxError):
            continue
    return out


def precheck(chapters: Sequence[Path], values: dict[str, Any]) -> list[str]:
    """Check one parameter set against every chapter's data; return the notes (raises ParameterError)."""
    notes: list[str] = []
    for src in chapters:
        defaults = chapter_defaults(src)
        given = {k: v for k, v in values.items() if k in defaults}
        notes += coverage.precheck(src.name[:2], given, defaults, label=src.stem)
    return notes


@dataclass(frozen=True)
class Report:
    """Outcomes of a matrix run, by pair and chapter, and its wall time."""

    pairs: list[str]
    chapters: list[str]
    outcomes: dict[tuple[str, str], build.Outcome]
    seconds: float

    @property
    def failures(self) -> list[tuple[str, str, build.Outcome]]:
        """(pair, chapter, outcome) of every failed run, in table order."""
        return [
            (p, c, self.outcomes[p, c])
            for p in self.pairs
            for c in self.chapters
            if self.outcomes[p, c].status == "failed"
        ]

    def table(self) -> str:
        """The pair × chapter table, the failures' messages and the summary line, as text."""
        width = max(12, *(len(p) for p in self.pairs))
        heads = [c[:2] for c in self.chapters]
        lines = [(f"{'pair':<{width}}  " + "  ".join(f"{h:<14}" for h in heads)).rstrip()]
        for p in self.pairs:
            cells = []
            for c in self.chapters:
                o = self.outcomes[p, c]
                cell = {
                    "ok": f"ok {o.seconds:.1f}s",
                    "skip": "ok (unchanged)",
                    "failed": f"FAILED [{o.cell if o.cell is not None else '?'}]",
                }[o.status]
                cells.append(f"{cell:<14}")
            lines.append(f"{p:<{width}}  " + "  ".join(cells).rstrip())
        if self.failures:
            lines.append("")
            lines.append("failures:")
            for p, c, o in self.failures:
                lines.append(f"  {p} {c} cell [{o.cell if o.cell is not None else '?'}] {o.error}")
        lines.append("")
        lines.append(self.summary())
        return "\n".join(lines)

    def summary(self) -> str:
        """One line: pairs, chapters, runs executed / unchanged / failed, execution and wall time."""
        runs = list(self.outcomes.values())
        executed = sum(o.status == "ok" for o in runs)
        unchanged = sum(o.status == "skip" for o in runs)
        busy = sum(o.seconds for o in runs)
        return (
            f"{len(self.pairs)} pairs × {len(self.chapters)} chapters = {len(runs)} runs: "
            f"{executed} executed, {unchanged} unchanged, {len(self.failures)} failed; "
            f"{busy:.0f}s of execution in {self.seconds:.0f}s wall time"
        )


def run(
    pairs: Iterable[tuple[str, str]],
    out_root: Path | None = None,
    failed_root: Path | None = None,
    extra: dict[str, Any] | None = None,
    force: bool = False,
    jobs: int | None = None,
    chapters: Sequence[Path] | None = None,
) -> Report:
    """Execute every pair chapter for each (home, partner) into ``out_root/<variant>/``.

    Every parameter set is checked against every chapter's data first (a ParameterError stops the
    run before anything is written). A chapter whose stored inputs hash matches is not re-executed.
    Failed runs are kept under ``failed_root/<variant>/``.
    """
    start = time.perf_counter()
    out_root = out_root or paths.runs_root()
    failed_root = failed_root or paths.BUILD / "failed"
    chapters = list(chapters or pair_chapters())
    pairs = list(pairs)
    sets = []
    for home, partner in pairs:
        values = params.check(home=home, partner=partner, **(extra or {}))
        precheck(chapters, values)
        sets.append(values)
    jobs_todo: list[build.Job] = []
    outcomes: dict[tuple[str, str], build.Outcome] = {}
    where: dict[Path, tuple[str, str]] = {}
    for values in sets:
        variant = build.variant_name(values)
        for src in chapters:
            job, needed = build.plan_job(
                src, out_root / variant / src.name, values, force=force, failed_dir=failed_root / variant
            )
            where[job.dest] = (variant, src.stem)
            if needed:
                jobs_todo.append(job)
            else:
                outcomes[variant, src.stem] = build.Outcome(job, "skip")
    total = len(jobs_todo)
    build.log(f"==> {len(sets)} pairs × {len(chapters)} chapters: {total} to execute, " f"{len(outcomes)} unchanged")

    def progress(o: build.Outcome) -> None:
        outcomes[where[o.job.dest]] = o
        state = f"ok ({o.seconds:.1f}s)" if o.status == "ok" else f"FAILED in cell [{o.cell}]"
        build.log(f"  {where[o.job.dest][0]:<12} {o.job.src.stem:<34} {state}")

    for o in build.run_jobs(jobs_todo, jobs, on_done=progress):
        outcomes[where[o.job.dest]] = o  # the returned list is complete: a run that never reported is "not run"
    names = [build.variant_name(v) for v in sets]
    return Report(names, [src.stem for src in chapters], outcomes, time.perf_counter() - start)
