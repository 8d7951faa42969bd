"""``make diff``: what a data refresh changed, as Markdown for a pull request (after OWID's ETL diff).

Compares the tables in ``data/`` (or any data folder) with the committed ones (``git show REF:data/...``):
tables changed, added or dropped; columns; rows added and removed (by primary key); values that
moved beyond a relative tolerance, largest first; new latest years; then the consequences for the
book: live-check verdicts (``claims.verdicts.run_all``) recomputed on both versions, and the chapters
that read a changed table, with the glued numbers each holds. ``--execute`` re-executes those chapters
on the new data and lists every glued value that changed against the committed notebook.
"""

from __future__ import annotations

import ast
import contextlib
import json
import math
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import nbformat
import pandas as pd

from ckaibook.data import datapackage, paths
from ckaibook.data.schema import FIELD_DTYPES

MAX_ROWS = 15
"""Rows shown per list in the report (the counts are always complete)."""
GLUE_MIME = "application/papermill.record/"


class DiffError(RuntimeError):
    """The comparison could not be made (no git, unknown revision, missing descriptor)."""


# ---------------------------------------------------------------- committed data


def _git(*args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=paths.REPO, capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise DiffError("git is not installed: `make diff` compares with the committed data/") from exc
    if done.returncode:
        raise DiffError(f"git {' '.join(args[:2])}: {done.stderr.decode(errors='replace').strip().splitlines()[-1]}")
    return done.stdout


def committed_data(ref: str, into: Path) -> Path:
    """Write ``data/`` as committed at ``ref`` into ``into`` (descriptor and every listed table)."""
    if not re.fullmatch(r"[\w./~^@{}-]+", ref) or ref.startswith("-"):
        raise DiffError(f"not a git revision: {ref!r}")
    descriptor = _git("show", f"{ref}:data/{datapackage.DESCRIPTOR}")
    into.mkdir(parents=True, exist_ok=True)
    (into / datapackage.DESCRIPTOR).write_bytes(descriptor)
    for res in json.loads(descriptor)["resources"]:
        target = into / res["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_git("show", f"{ref}:data/{res['path']}"))
    return into


def _read(data_dir: Path, res: dict) -> pd.DataFrame:
    dtypes = {f["name"]: FIELD_DTYPES[f["type"]] for f in res["schema"]["fields"]}
    return pd.read_csv(data_dir / res["path"], dtype=dtypes, keep_default_na=False, na_values=[""])


# ---------------------------------------------------------------- table differences


@dataclass
class TableDiff:
    """How one table differs between the old and the new data folder."""

    name: str
    status: str  # changed | added | removed
    rows_old: int = 0
    rows_new: int = 0
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    added: pd.DataFrame | None = None  # keys of rows only in the new table
    removed: pd.DataFrame | None = None
    moved: pd.DataFrame | None = None  # key…, column, old, new, change (relative), sorted largest first
    latest_old: int | None = None
    latest_new: int | None = None
    new_latest: pd.DataFrame | None = None  # per entity whose latest year advanced: entity, old, new


def _relative(old: pd.Series, new: pd.Series) -> pd.Series:
    """(new − old) / |old|, and the absolute change where old is 0 (so a move from 0 still ranks)."""
    base = old.abs().where(old.abs() > 0, 1.0)
    return (new - old) / base


def compare_table(name: str, old_res: dict, old_dir: Path, new_res: dict, new_dir: Path, tolerance: float) -> TableDiff:
    """Rows added/removed by primary key and values that moved beyond ``tolerance`` (relative)."""
    old, new = _read(old_dir, old_res), _read(new_dir, new_res)
    key = list(new_res["schema"]["primaryKey"])
    diff = TableDiff(
        name,
        "changed",
        len(old),
        len(new),
        columns_added=[c for c in new.columns if c not in old.columns],
        columns_removed=[c for c in old.columns if c not in new.columns],
    )
    if not set(key) <= set(old.columns):
        return diff
    merged = old.merge(new, on=key, how="outer", suffixes=("_old", "_new"), indicator=True)
    diff.added = merged.loc[merged["_merge"] == "right_only", key].reset_index(drop=True)
    diff.removed = merged.loc[merged["_merge"] == "left_only", key].reset_index(drop=True)
    both = merged[merged["_merge"] == "both"]
    moved = []
    for col in [c for c in new.columns if c in old.columns and c not in key]:
        a, b = both[f"{col}_old"], both[f"{col}_new"]
        if pd.api.types.is_numeric_dtype(a) and pd.api.types.is_numeric_dtype(b):
            a, b = a.astype("float64"), b.astype("float64")
            change = _relative(a, b)
            hit = (change.abs() > tolerance) | (a.isna() != b.isna())
            change = change.fillna(math.inf)
        else:
            a, b = a.astype("string").fillna("∅"), b.astype("string").fillna("∅")
            hit = a != b
            change = pd.Series(math.inf, index=a.index)
        if hit.any():
            part = both.loc[hit, key].copy()
            part["column"], part["old"], part["new"], part["change"] = col, a[hit], b[hit], change[hit]
            moved.append(part)
    if moved:
        moved = pd.concat(moved, ignore_index=True)
        order = moved["change"].abs().rename("size")
        diff.moved = (
            moved.join(order)
            .sort_values(["size", "column"], ascending=[False, True], kind="stable")
            .drop(columns="size")
            .reset_index(drop=True)
        )
    if "year" in new.columns and "year" in old.columns:
        diff.latest_old = int(old["year"].max()) if old["year"].notna().any() else None
        diff.latest_new = int(new["year"].max()) if new["year"].notna().any() else None
        entity = [c for c in key if c not in ("year",)]
        if entity:
            lo = old.dropna(subset=["year"]).groupby(entity)["year"].max()
            ln = new.dropna(subset=["year"]).groupby(entity)["year"].max()
            both_idx = lo.index.intersection(ln.index)
            advanced = ln.loc[both_idx] > lo.loc[both_idx]
            if advanced.any():
                idx = both_idx[advanced.to_numpy()]
                diff.new_latest = pd.DataFrame(
                    {"old": lo.loc[idx].astype(int), "new": ln.loc[idx].astype(int)}
                ).reset_index()
    return diff


def compare_data(old_dir: Path, new_dir: Path, tolerance: float) -> tuple[list[TableDiff], list[str]]:
    """Table diffs (changed, added, removed) and the names of unchanged tables."""
    old = {r["name"]: r for r in datapackage.descriptor(old_dir)["resources"]}
    new = {r["name"]: r for r in datapackage.descriptor(new_dir)["resources"]}
    diffs, same = [], []
    for name in sorted(set(old) | set(new)):
        if name not in old:
            diffs.append(TableDiff(name, "added", rows_new=len(_read(new_dir, new[name]))))
        elif name not in new:
            diffs.append(TableDiff(name, "removed", rows_old=len(_read(old_dir, old[name]))))
        elif old[name]["hash"] == new[name]["hash"] and old[name]["schema"] == new[name]["schema"]:
            same.append(name)
        else:
            diffs.append(compare_table(name, old[name], old_dir, new[name], new_dir, tolerance))
    return diffs, same


# ---------------------------------------------------------------- consequences: verdicts and chapters


@contextlib.contextmanager
def _data_at(data_dir: Path) -> Iterator[None]:
    """Point ``datapackage.load`` at another data folder for the duration."""
    saved = paths.DATA
    paths.DATA = data_dir
    datapackage.load.cache_clear()
    try:
        yield
    finally:
        paths.DATA = saved
        datapackage.load.cache_clear()


def verdicts(data_dir: Path) -> pd.DataFrame:
    """The live checks computed on one data folder (claim_id, measure, value, year, verdict)."""
    from ckaibook.claims import verdicts as v

    with _data_at(data_dir):
        return v.run_all()


def compare_verdicts(old_dir: Path, new_dir: Path) -> pd.DataFrame:
    """Live checks whose verdict, value or year differ: claim_id, measure, old/new value, year, verdict."""
    a = verdicts(old_dir).set_index("claim_id")
    b = verdicts(new_dir).set_index("claim_id")
    rows = []
    for cid in sorted(set(a.index) | set(b.index)):
        ra = a.loc[cid] if cid in a.index else None
        rb = b.loc[cid] if cid in b.index else None
        get = lambda r, k: None if r is None or pd.isna(r[k]) else r[k]  # noqa: E731
        if all(get(ra, k) == get(rb, k) for k in ("value", "year", "verdict")):
            continue
        rows.append(
            {
                "claim_id": cid,
                "measure": get(rb if rb is not None else ra, "measure"),
                "value_old": get(ra, "value"),
                "value_new": get(rb, "value"),
                "year_old": get(ra, "year"),
                "year_new": get(rb, "year"),
                "verdict_old": get(ra, "verdict"),
                "verdict_new": get(rb, "verdict"),
                "flipped": get(ra, "verdict") != get(rb, "verdict"),
            }
        )
    out = pd.DataFrame(
        rows,
        columns=[
            "claim_id",
            "measure",
            "value_old",
            "value_new",
            "year_old",
            "year_new",
            "verdict_old",
            "verdict_new",
            "flipped",
        ],
    )
    for col in ("year_old", "year_new"):
        out[col] = pd.to_numeric(out[col]).astype("Int64")
    return out


def _module_file(module: str) -> Path | None:
    parts = module.split(".")
    base = paths.REPO / "lib" / Path(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(code: str, package: str = "") -> set[str]:
    """``ckaibook`` modules a piece of code imports (``from ckaibook.x import y`` counts y if it is a module)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("ckaibook")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ckaibook"):
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names if _module_file(f"{node.module}.{a.name}")}
    return {m for m in found if _module_file(m)}


_LOAD = re.compile(r"""\bload\(\s*["']([a-z0-9_]+)["']""")


_RUN_ONE = re.compile(r"""verdicts\.run\(\s*["'](C\d+)["']""")
_RUN_ALL = re.compile(r"(?<!def )\brun_all\(")


def _check_modules(claim_ids: set[str] | None) -> set[str]:
    """Modules of ``claims.checks`` defining the live checks for ``claim_ids`` (None: all of them)."""
    folder = paths.REPO / "lib" / "ckaibook" / "claims" / "checks"
    out = set()
    for p in folder.glob("*.py"):
        if p.stem == "__init__":
            continue
        text = p.read_text(encoding="utf-8")
        if claim_ids is None or any(f'@check("{cid}")' in text for cid in claim_ids):
            out.add(f"ckaibook.claims.checks.{p.stem}")
    return out


def tables_read(code: str) -> set[str]:
    """Tables a chapter's code may read: ``load("name")`` in it and in every ckaibook module it imports.

    An over-approximation (a module counts whole). Live checks are found by discovery, not import:
    ``verdicts.run("C59")`` counts the module that defines C59, ``run_all()`` every check module.
    The data catalogue (``catalogue()`` in the chapter) reads every table: ``{"*"}``.
    """
    seen: set[str] = set()
    todo = _imports(code) | _check_modules(set(_RUN_ONE.findall(code)))
    texts = [code]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        text = _module_file(module).read_text(encoding="utf-8")
        texts.append(text)
        todo |= _imports(text) | _check_modules(set(_RUN_ONE.findall(text)))
        if _RUN_ALL.search(text):
            todo |= _check_modules(None)
        todo -= seen
    if _RUN_ALL.search(code):
        for module in _check_modules(None) - seen:
            texts.append(_module_file(module).read_text(encoding="utf-8"))
    names = set().union(*(_LOAD.findall(t) for t in texts))
    if "catalogue(" in code:
        names.add("*")
    return names


def glued_values(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Every value a notebook glues (``glue(name, value)``), as the text the book shows."""
    out = {}
    for cell in nb.cells:
        for o in cell.get("outputs", []) if cell.cell_type == "code" else []:
            name = o.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                data = o.get("data", {})
                out[name] = data.get(
                    f"{GLUE_MIME}text/plain", next((str(v) for k, v in data.items() if k.startswith(GLUE_MIME)), "")
                )
    return out


def compare_glue(old: dict[str, str], new: dict[str, str]) -> list[tuple[str, str | None, str | None]]:
    """Glued values that differ between two runs: (name, old, new), by name."""
    return [(k, old.get(k), new.get(k)) for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]


def chapters_reading(tables: set[str]) -> dict[str, list[str]]:
    """Chapters whose code may read one of ``tables``: chapter stem → the changed tables it reads."""
    out = {}
    for nb_path in sorted(paths.CHAPTERS.glob("[0-9]*.ipynb")):
        nb = nbformat.read(nb_path, as_version=4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code" and not c.source.startswith("%"))
        read = tables_read(code)
        hit = sorted(tables) if "*" in read else sorted(read & tables)
        if hit:
            out[nb_path.stem] = hit
    return out


def execute_and_compare(chapters: list[str], ref: str) -> dict[str, list[tuple[str, str | None, str | None]]]:
    """Re-execute chapters on the current data/ into a scratch folder; glued values changed vs ``ref``'s notebook."""
    from ckaibook.book import build

    out = {}
    with tempfile.TemporaryDirectory(prefix="ckaibook-diff-") as tmp:
        for stem in chapters:
            src = paths.CHAPTERS / f"{stem}.ipynb"
            committed = nbformat.reads(_git("show", f"{ref}:chapters/{src.name}").decode("utf-8"), as_version=4)
            dest = Path(tmp) / src.name
            build.execute(src, dest, {}, failed_dir=Path(tmp) / "failed")
            out[stem] = compare_glue(glued_values(committed), glued_values(nbformat.read(dest, as_version=4)))
    return out


# ---------------------------------------------------------------- Markdown


def _fmt(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "∅"
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e15 else f"{value:.6g}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(df: pd.DataFrame, limit: int = MAX_ROWS) -> list[str]:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in df.head(limit).itertuples(index=False):
        lines.append("| " + " | ".join(_fmt(v) for v in row) + " |")
    if len(df) > limit:
        lines.append(f"\n…and {len(df) - limit:,} more.")
    return lines


def _change(x: float) -> str:
    return "changed" if math.isinf(x) else f"{100 * x:+.3g}%"


def render(
    diffs: list[TableDiff],
    same: list[str],
    verdict_diff: pd.DataFrame | None,
    chapters: dict[str, list[str]],
    glue: dict[str, list] | None,
    ref: str,
    tolerance: float,
    glued_now: dict[str, dict[str, str]] | None = None,
) -> str:
    """The Markdown report."""
    lines = [f"# Data diff: `data/` against `{ref}`", ""]
    if not diffs:
        lines += [f"No table changed ({len(same)} compared byte for byte through their sha256).", ""]
    else:
        lines += [
            f"**{len(diffs)} table(s) changed**, {len(same)} unchanged. Values count as moved when the "
            f"relative change exceeds {tolerance:g}.",
            "",
            "| table | rows before | rows after | rows added | rows removed | values moved | latest year |",
            "|---|---|---|---|---|---|---|",
        ]
        for d in diffs:
            n = lambda x: 0 if x is None else len(x)  # noqa: E731
            latest = (
                ""
                if d.latest_old is None
                else f"{d.latest_old} → **{d.latest_new}**"
                if d.latest_new != d.latest_old
                else str(d.latest_new)
            )
            if d.status != "changed":
                lines.append(f"| {d.name} ({d.status}) | {d.rows_old:,} | {d.rows_new:,} | | | | |")
            else:
                lines.append(
                    f"| {d.name} | {d.rows_old:,} | {d.rows_new:,} | {n(d.added):,} | {n(d.removed):,} "
                    f"| {n(d.moved):,} | {latest} |"
                )
        lines.append("")
        for d in diffs:
            if d.status != "changed":
                continue
            lines += [f"## `{d.name}`", ""]
            if d.columns_added or d.columns_removed:
                lines += [f"Columns added: {d.columns_added or 'none'}; removed: {d.columns_removed or 'none'}.", ""]
            if d.moved is not None and len(d.moved):
                shown = d.moved.copy()
                shown["change"] = shown["change"].map(_change)
                lines += [
                    f"**Values moved** ({len(d.moved):,}, largest relative change first):",
                    "",
                    *_table(shown),
                    "",
                ]
            if d.added is not None and len(d.added):
                lines += [f"**Rows added** ({len(d.added):,}):", "", *_table(d.added), ""]
            if d.removed is not None and len(d.removed):
                lines += [f"**Rows removed** ({len(d.removed):,}):", "", *_table(d.removed), ""]
            if d.new_latest is not None and len(d.new_latest):
                lines += [f"**New latest year** for {len(d.new_latest):,} series:", "", *_table(d.new_latest), ""]
    lines += ["## Live-check verdicts", ""]
    if verdict_diff is None:
        lines += ["Not recomputed (no table changed).", ""]
    elif verdict_diff.empty:
        lines += ["Every live check (`claims.verdicts.run_all`) gives the same value and verdict on both versions.", ""]
    else:
        flips = int(verdict_diff["flipped"].sum())
        lines += [
            f"{len(verdict_diff)} live check(s) change; **{flips} verdict(s) flip**:",
            "",
            *_table(
                verdict_diff.assign(flipped=verdict_diff["flipped"].map({True: "**yes**", False: "no"})), limit=100
            ),
            "",
        ]
    lines += ["## Chapters", ""]
    if not chapters:
        lines += ["No chapter reads a changed table.", ""]
    else:
        lines += [
            "Chapters whose code reads a changed table (found from their `load(...)` calls and those of the "
            "library modules they import):",
            "",
        ]
        for stem, tables in chapters.items():
            count = len((glued_now or {}).get(stem, {}))
            lines.append(f"- `{stem}` reads {', '.join(f'`{t}`' for t in tables)} ({count} glued values)")
        lines.append("")
        if glue is None:
            lines += [
                "Glued numbers were not recomputed: run `ckaibook diff --execute` to re-execute these chapters "
                "on the new data and list each glued value that changes, or `make book` to update them.",
                "",
            ]
        else:
            for stem, changes in glue.items():
                if not changes:
                    lines += [f"`{stem}`: every glued value is unchanged after re-execution.", ""]
                    continue
                lines += [
                    f"`{stem}`: {len(changes)} glued value(s) change after re-execution:",
                    "",
                    *_table(pd.DataFrame(changes, columns=["glue name", "committed", "re-executed"]), limit=100),
                    "",
                ]
    return "\n".join(lines).rstrip() + "\n"


def report(new_dir: Path | None = None, ref: str = "HEAD", tolerance: float = 1e-9, execute: bool = False) -> str:
    """Compare ``new_dir`` (default ``data/``) with ``data/`` at ``ref``; return the Markdown report."""
    if tolerance < 0:
        raise DiffError(f"tolerance must be ≥ 0, got {tolerance}")
    new_dir = new_dir or paths.DATA
    with tempfile.TemporaryDirectory(prefix="ckaibook-diff-") as tmp:
        old_dir = committed_data(ref, Path(tmp) / "data")
        diffs, same = compare_data(old_dir, new_dir, tolerance)
        changed = {d.name for d in diffs}
        verdict_diff = compare_verdicts(old_dir, new_dir) if changed else None
    chapters = chapters_reading(changed) if changed else {}
    glued_now = {stem: glued_values(nbformat.read(paths.CHAPTERS / f"{stem}.ipynb", as_version=4)) for stem in chapters}
    glue = execute_and_compare(list(chapters), ref) if execute and chapters else None
    return render(diffs, same, verdict_diff, chapters, glue, ref, tolerance, glued_now)
