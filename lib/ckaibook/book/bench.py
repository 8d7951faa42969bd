"""Benchmark (``make bench``): our clean build beside Jupyter Book's own execution of the same
notebooks, then the author's loops, a one-chapter rerun, the test suite and page weights.

* **Clean build vs Jupyter Book.** ``ckaibook book --force`` (HTML output removed first) and
  ``jupyter-book build`` of a temporary copy of the book with ``execute_notebooks: force`` (its
  HTML output removed first too), alternating, several runs each: medians and their ratio. Both
  keep their caches outside the HTML output (e.g. the Vega bundle), so they are treated alike.
  Our build re-executes the committed chapters in place: when they are current, byte for byte
  what is stored.
* **Prose edit.** ``make book`` after one sentence of chapter 02 changed (restored afterwards).
* **Code edit.** A copy of chapter 02 with one code cell changed, executed by the build.
* **One-chapter rerun**, **no-op rebuild**, **make test**, and each page's weight.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import nbformat

from ckaibook.book import browser, build
from ckaibook.data import paths

BUDGETS = {"prose edit (make book)": 4.0, "no-op rebuild (make book)": 15.0, "make test": 180.0}
RATIO_BUDGET = 0.65
PAGE_BUDGET = 1_500_000
CKAIBOOK = str(Path(sys.executable).with_name("ckaibook"))
JUPYTER_BOOK = str(Path(sys.executable).with_name("jupyter-book"))


_CPU: list[float] = []
"""CPU seconds (user + system, all child processes) of each command :func:`_run` ran: unlike wall
time, hardly changed by other work on the machine."""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(cmd: list[str], cwd: Path = paths.REPO) -> tuple[float, str]:
    """Run a command; return (seconds, its stderr+stdout); raise naming it if it fails."""
    start, cpu = time.perf_counter(), _children_cpu()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    _CPU.append(_children_cpu() - cpu)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise build.BuildError(f"{' '.join(Path(c).name if i == 0 else c for i, c in enumerate(cmd))} failed:\n{tail}")
    return seconds, result.stderr + result.stdout


def _timed(label: str, fn: Callable[[], float | None]) -> float:
    build.log(f"--> {label}")
    start = time.perf_counter()
    measured = fn()
    seconds = measured if measured is not None else time.perf_counter() - start
    build.log(f"<-- {label}: {seconds:.1f}s")
    return seconds


def jupyter_book_copy(folder: Path) -> Path:
    """A copy of the book whose config asks Jupyter Book itself to execute every notebook."""
    root = folder / "book"
    (root / "chapters").mkdir(parents=True)
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(paths.REPO / name, root / name)
    for src in sorted(paths.CHAPTERS.glob("[0-9]*.ipynb")) + sorted(paths.CHAPTERS.glob("*.md")):
        shutil.copy2(src, root / "chapters" / src.name)
    config = (root / "_config.yml").read_text()
    config, n = re.subn(r'execute_notebooks: *"?off"?', 'execute_notebooks: "force"', config)
    if n != 1:
        raise build.BuildError('_config.yml: no `execute_notebooks: "off"` line to switch for the comparison')
    (root / "_config.yml").write_text(config)
    # The same caches as ours (the Vega bundle vl-convert takes ~1 s to produce), so neither pays it.
    if (paths.BUILD / "ckaibook_static").is_dir():
        shutil.copytree(paths.BUILD / "ckaibook_static", root / "_build" / "ckaibook_static")
        for key in paths.BUILD.glob(".*.key"):
            shutil.copy2(key, root / "_build" / key.name)
    return root


def _clean_html(root: Path) -> None:
    for name in ("html", ".doctrees", "jupyter_execute"):
        shutil.rmtree(root / "_build" / name, ignore_errors=True)


def _breakdown(log_text: str) -> dict[str, float]:
    """Per-step seconds from our build's progress lines."""
    steps = {m[0]: float(m[1]) for m in re.findall(r"execute  (\S+) \(([\d.]+)s\)", log_text)}
    html = re.search(r"html     .*?([\d.]+)s(?:; ([\d.]+)s after the last chapter)?\)", log_text)
    if html:
        steps["html (in all)"] = float(html.group(1))
        if html.group(2):
            steps["html (after the last chapter)"] = float(html.group(2))
    done = re.search(r"==> done in ([\d.]+)s", log_text)
    if done:
        steps["whole build"] = float(done.group(1))
    return steps


def compare_clean_builds(runs: int = 3) -> dict:
    """Ours and Jupyter Book's, alternating ``runs`` times each; medians and ratio."""
    ours: list[float] = []
    theirs: list[float] = []
    ours_cpu: list[float] = []
    theirs_cpu: list[float] = []
    breakdown: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="ckaibook-bench-") as tmp:
        jb_root = jupyter_book_copy(Path(tmp))
        for i in range(runs):
            _clean_html(paths.REPO)
            seconds, text = _run([CKAIBOOK, "book", "--force"])
            ours.append(seconds)
            ours_cpu.append(_CPU[-1])
            breakdown = _breakdown(text)
            build.log(f"    run {i + 1}: ours {seconds:.1f}s")
            _clean_html(jb_root)
            seconds, _ = _run(
                [JUPYTER_BOOK, "build", str(jb_root), "--builder", "html", "-W", "-n", "--keep-going", "--all"]
            )
            theirs.append(seconds)
            theirs_cpu.append(_CPU[-1])
            build.log(f"    run {i + 1}: Jupyter Book {seconds:.1f}s")
    result = {
        "ours": ours,
        "jupyter_book": theirs,
        "ours_median": statistics.median(ours),
        "jupyter_book_median": statistics.median(theirs),
        "last_breakdown": breakdown,
        "ours_cpu_median": statistics.median(ours_cpu),
        "jupyter_book_cpu_median": statistics.median(theirs_cpu),
        "load_average": os.getloadavg()[0],
    }
    result["ratio"] = result["ours_median"] / result["jupyter_book_median"]
    return result


def prose_edit_loop() -> float:
    """``make book`` after one sentence of chapter 02 changed; the chapter is restored after."""
    chapter = build.resolve_chapter("02")
    original = chapter.read_bytes()
    nb = nbformat.read(chapter, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown" and ". " in c.source)
    cell.source = cell.source.replace(". ", ". Edited for the benchmark. ", 1)
    try:
        chapter.write_text(nbformat.writes(nb) + "\n")
        seconds, text = _run(["make", "book"])
        if "execute  " in text:
            raise build.BuildError(f"a prose edit executed a chapter:\n{text}")
    finally:
        chapter.write_bytes(original)
        _run([CKAIBOOK, "book"])  # back to the committed pages
    return seconds


def code_edit_loop() -> float:
    """A copy of chapter 02 with one code cell changed, executed by the build (into the copy)."""
    with tempfile.TemporaryDirectory(prefix="ckaibook-bench-") as tmp:
        copy = Path(tmp) / build.resolve_chapter("02").name
        shutil.copy2(build.resolve_chapter("02"), copy)
        nb = nbformat.read(copy, as_version=4)
        cell = [c for c in nb.cells if c.cell_type == "code"][-1]
        cell.source += "\n# edited for the benchmark"
        nbformat.write(nb, copy)
        start = time.perf_counter()
        executed = build.execute_chapters([copy], {})
        seconds = time.perf_counter() - start
        if executed != [copy.stem]:
            raise build.BuildError(f"a code edit did not execute the chapter ({executed})")
    return seconds


def page_weights(site: Path) -> dict[str, dict]:
    """Bytes transferred and charts rendered for each chapter page (needs Chromium)."""
    out = {}
    with browser.serve(site) as url, browser.chromium() as b:
        for nb in build.chapter_paths().values():
            v = browser.visit(b, f"{url}/chapters/{nb.stem}.html")
            out[nb.stem] = {"bytes": v.transferred(), "decoded": v.bytes, "charts": v.charts_rendered()}
            v.close()
    return out


def run(runs: int = 3) -> dict:
    """Run every measurement, print a table, write _build/bench.json; return the figures."""
    times: dict[str, float] = {}
    build.log(f"--> clean build: ours vs Jupyter Book executing the same notebooks, {runs} runs each, alternating")
    clean = compare_clean_builds(runs)
    times["prose edit (make book)"] = _timed("prose edit of chapter 02, then make book", prose_edit_loop)
    times["code edit (one chapter executed)"] = _timed("code edit of a copy of chapter 02, executed", code_edit_loop)
    times["one-chapter rerun (02, JPN)"] = _timed(
        "one-chapter rerun (02, partner JPN)", lambda: _run([CKAIBOOK, "chapter", "02", "--partner", "JPN"])[0]
    )
    times["no-op rebuild (make book)"] = _timed("no-op rebuild", lambda: _run(["make", "book"])[0])
    times["make test"] = _timed("make test", lambda: _run(["make", "test"])[0])
    weights = page_weights(paths.BUILD / "html") if browser.available() else {}

    print("\nclean build               median   runs (s)")
    print(f"ckaibook book --force   {clean['ours_median']:8.1f}   {', '.join(f'{s:.1f}' for s in clean['ours'])}")
    print(
        f"Jupyter Book (execute)  {clean['jupyter_book_median']:8.1f}   "
        f"{', '.join(f'{s:.1f}' for s in clean['jupyter_book'])}"
    )
    flag = "ok" if clean["ratio"] <= RATIO_BUDGET else "OVER"
    print(f"ratio                   {clean['ratio']:8.2f}   (budget {RATIO_BUDGET}) {flag}")
    print(
        f"CPU seconds (median)    ours {clean['ours_cpu_median']:.1f}, "
        f"Jupyter Book {clean['jupyter_book_cpu_median']:.1f}"
        f"; {os.cpu_count()} cores; load average {clean['load_average']:.1f} at the end (other work slows both)"
    )
    print("\nour last clean build, per step (seconds; chapters run in parallel)")
    for step, seconds in clean["last_breakdown"].items():
        print(f"  {step:<36} {seconds:6.1f}")
    print("\nmeasure                               seconds   budget")
    for label, seconds in times.items():
        budget = BUDGETS.get(label)
        mark = "" if budget is None else (" ok" if seconds <= budget else " OVER")
        print(f"{label:<36} {seconds:8.1f} {budget if budget else '':>8}{mark}")
    if weights:
        print(
            f"\npage                         transferred    decoded  charts   "
            f"(budget {PAGE_BUDGET:,} bytes transferred)"
        )
        for page, w in weights.items():
            mark = "" if w["bytes"] <= PAGE_BUDGET else "  OVER"
            print(f"{page:<30} {w['bytes']:>10,} {w['decoded']:>10,} {w['charts']:>6}{mark}")
    result = {"clean_build": clean, "seconds": times, "pages": weights}
    (paths.BUILD / "bench.json").write_text(json.dumps(result, indent=2) + "\n")
    return result
