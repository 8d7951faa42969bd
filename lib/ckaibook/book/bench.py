"""Benchmark: clean build, no-op rebuild, one-chapter rerun, the nbval suite, the full test
suite and each page's weight, in one run, against the budgets in the README."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from ckaibook.book import browser, build
from ckaibook.data import paths

BUDGETS = {"clean build": 90.0, "no-op rebuild": 15.0, "full test suite": 300.0}
PAGE_BUDGET = 1_500_000


def _timed(label: str, fn) -> float:  # noqa: ANN001
    build.log(f"--> {label}")
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    build.log(f"<-- {label}: {seconds:.1f}s")
    return seconds


def _pytest(*args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
                            cwd=paths.REPO, capture_output=True, text=True)
    tail = result.stdout.strip().splitlines()[-1:] if result.stdout.strip() else []
    build.log("    " + " ".join(tail))
    if result.returncode != 0:
        raise build.BuildError(f"pytest {' '.join(args)} failed:\n{result.stdout[-3000:]}")


def page_weights(site: Path) -> dict[str, dict]:
    """Bytes transferred and charts rendered for each chapter page (needs Chromium)."""
    out = {}
    with browser.serve(site) as url, browser.chromium() as b:
        for nb in build.chapter_paths().values():
            v = browser.visit(b, f"{url}/chapters/{nb.stem}.html")
            out[nb.stem] = {"bytes": v.transferred(), "decoded": v.bytes, "charts": v.charts_rendered()}
            v.close()
    return out


def run() -> dict:
    """Run every measurement, print a table, write _build/bench.json; return the figures."""
    times = {}

    def clean() -> None:
        shutil.rmtree(paths.BUILD / "html", ignore_errors=True)
        shutil.rmtree(paths.BUILD / ".doctrees", ignore_errors=True)
        build.book(force=True)

    times["clean build"] = _timed("clean build (every chapter executed + HTML)", clean)
    times["no-op rebuild"] = _timed("no-op rebuild", build.book)
    times["one-chapter rerun"] = _timed(
        "one-chapter rerun (02, partner JPN)",
        lambda: subprocess.run([sys.executable, "-m", "ckaibook.book.cli", "chapter", "02", "--partner", "JPN"],
                               cwd=paths.REPO, check=True, capture_output=True))
    times["nbval suite"] = _timed("nbval suite", lambda: _pytest("--nbval", "--nbval-current-env", "chapters"))
    times["full test suite"] = _timed("full test suite (make test's pytest)", lambda: _pytest())
    weights = page_weights(paths.BUILD / "html") if browser.available() else {}
    size = sum(f.stat().st_size for f in (paths.BUILD / "html").rglob("*") if f.is_file())
    print("\nmeasure                     seconds   budget")
    for label, seconds in times.items():
        budget = BUDGETS.get(label)
        flag = "" if budget is None else (" ok" if seconds <= budget else " OVER")
        print(f"{label:<26} {seconds:8.1f} {budget if budget else '':>8}{flag}")
    print(f"\npage                         transferred    decoded  charts   (budget {PAGE_BUDGET:,} bytes transferred)")
    for page, w in weights.items():
        flag = "" if w["bytes"] <= PAGE_BUDGET else "  OVER"
        print(f"{page:<30} {w['bytes']:>10,} {w['decoded']:>10,} {w['charts']:>6}{flag}")
    print(f"\n_build/html: {size / 1e6:.1f} MB in {sum(1 for _ in (paths.BUILD / 'html').rglob('*'))} files")
    result = {"seconds": times, "pages": weights, "html_bytes": size}
    (paths.BUILD / "bench.json").write_text(json.dumps(result, indent=2) + "\n")
    return result
