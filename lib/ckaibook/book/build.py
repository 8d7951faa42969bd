"""Building the book: execute chapters with Papermill (only what changed, in parallel), then HTML.

A chapter re-executes only when the hash of its inputs — its cells' source, the parameters,
``data/datapackage.json`` (which holds every table's sha256), the library and the lock — differs
from the hash stored in the notebook's metadata by its last execution. Execution writes to a
temporary file and moves it into place only on success, so a failed run never replaces a good
notebook; the partial notebook is kept under ``_build/failed/`` for inspection.
"""
from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import nbformat

from ckaibook.data import countries, paths

KERNEL = "python3"
HIDDEN_TAGS = {"parameters", "injected-parameters"}
DEFAULTS = {"home": countries.HOME, "partner": countries.PARTNER}


class BuildError(RuntimeError):
    """A step of the build failed; the message says which and where to look."""


def log(message: str) -> None:
    """One progress line on stderr (so stdout stays clean for data)."""
    print(message, file=sys.stderr, flush=True)


def chapter_paths(folder: Path | None = None) -> dict[str, Path]:
    """Chapter notebooks by two-digit number, e.g. ``{"00": chapters/00-introduction.ipynb}``."""
    folder = folder or paths.CHAPTERS
    found = {p.name[:2]: p for p in sorted(folder.glob("[0-9][0-9]-*.ipynb"))}
    return found


def resolve_chapter(ref: str, folder: Path | None = None) -> Path:
    """A chapter by number ("2", "02") or file stem ("02-challenges…"); raises naming the allowed ones."""
    chapters = chapter_paths(folder)
    key = ref.zfill(2) if ref.isdigit() else ref[:2]
    if key in chapters and (ref.isdigit() or chapters[key].stem == ref or chapters[key].name == ref):
        return chapters[key]
    raise BuildError(f"unknown chapter {ref!r}; allowed: {', '.join(chapters)} ({', '.join(p.stem for p in chapters.values())})")


def declared_parameters(nb_path: Path) -> dict[str, dict]:
    """The parameters a chapter declares in its ``parameters`` cell (name → papermill's info)."""
    stat = Path(nb_path).stat()
    # A matrix run asks once per pair and chapter; Papermill's inspection starts a parser each time.
    return copy.deepcopy(_declared(str(nb_path), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=64)
def _declared(path: str, mtime_ns: int, size: int) -> dict[str, dict]:
    import papermill

    return papermill.inspect_notebook(path)


def _library_files() -> list[Path]:
    lib = paths.REPO / "lib" / "ckaibook"
    return sorted(p for p in lib.rglob("*") if p.is_file() and p.suffix in (".py", ".js", ".css"))


def input_hash(nb_path: Path, params: dict[str, Any], data_dir: Path | None = None) -> str:
    """Hash of everything a chapter's outputs depend on (see module docstring)."""
    h = hashlib.sha256()
    nb = nbformat.read(nb_path, as_version=4)
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            continue
        h.update(f"{cell.cell_type}\0{cell.source}\0".encode())
    h.update(json.dumps(params, sort_keys=True).encode())
    data_dir = data_dir or paths.DATA
    extra = [data_dir / "datapackage.json", paths.REPO / "requirements.lock", *_library_files()]
    for path in extra:
        stat = path.stat()
        h.update(_label(path).encode() + b"\0" + _bytes(str(path), stat.st_mtime_ns, stat.st_size))
    return h.hexdigest()


@lru_cache(maxsize=1024)
def _bytes(path: str, mtime_ns: int, size: int) -> bytes:
    """A file's bytes, read once per version (the library is hashed for every chapter of every pair)."""
    return Path(path).read_bytes()


def _label(path: Path) -> str:
    """A machine-independent name for a file in the hash (its path inside the repo, else its name)."""
    try:
        return path.relative_to(paths.REPO).as_posix()
    except ValueError:
        return path.name


def stored_hash(nb_path: Path) -> str | None:
    """The input hash recorded by the notebook's last successful execution."""
    nb = json.loads(nb_path.read_text())
    return nb.get("metadata", {}).get("ckaibook", {}).get("input_hash")


def normalise(nb: nbformat.NotebookNode, digest: str) -> nbformat.NotebookNode:
    """Strip what Papermill adds that varies between runs (times, paths), hide parameter cells."""
    nb.metadata = nbformat.from_dict({
        "kernelspec": nb.metadata.get("kernelspec", {}),
        "language_info": {k: v for k, v in nb.metadata.get("language_info", {}).items() if k != "version"},
        "ckaibook": {"input_hash": digest},
    })
    for cell in nb.cells:
        for key in ("papermill", "execution", "ExecuteTime", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
        tags = cell.metadata.get("tags", [])
        if HIDDEN_TAGS & set(tags) and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
        if cell.cell_type == "code":
            for output in cell.outputs:
                if output.get("output_type") == "error":
                    raise BuildError("an error output is stored in the executed notebook")
    return nb


class ChapterFailed(BuildError):
    """A chapter raised while executing; ``cell`` and ``error`` say where and what."""

    def __init__(self, message: str, cell: int | None = None, error: str = "") -> None:
        super().__init__(message)
        self.cell, self.error = cell, error

    def __reduce__(self):  # so the exception crosses a process pool intact
        return (ChapterFailed, (str(self), self.cell, self.error))


def execute(src: Path, dest: Path, params: dict[str, Any], failed_dir: Path | None = None) -> float:
    """Execute ``src`` with ``params`` into ``dest`` atomically; return seconds taken.

    On failure the destination is untouched and the partial notebook is saved in ``failed_dir``.
    Raises:
        ChapterFailed: naming the failing cell and the error.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    created = [p for p in (dest.parent, *dest.parent.parents) if not p.exists()]
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.stem}.running.ipynb")
    digest = input_hash(src, params)
    try:
        papermill.execute_notebook(
            str(src), str(tmp), parameters=params, kernel_name=KERNEL, cwd=str(src.parent),
            progress_bar=False, log_output=False,
        )
        nb = normalise(nbformat.read(tmp, as_version=4), digest)
        text = nbformat.writes(nb) + "\n"
        tmp.write_text(text)
        os.replace(tmp, dest)
    except PapermillExecutionError as exc:
        failed = (failed_dir or paths.BUILD / "failed") / dest.name
        failed.parent.mkdir(parents=True, exist_ok=True)
        if tmp.exists():
            shutil.move(str(tmp), failed)
        error = f"{exc.ename}: {exc.evalue}"
        raise ChapterFailed(
            f"{src.stem}: failed in cell [{exc.exec_count}] — {error}. "
            f"The stored notebook is unchanged; the partial run is in {_shown(failed)}",
            cell=exc.exec_count, error=error,
        ) from None
    finally:
        if tmp.exists():
            tmp.unlink()
        # A failed first run leaves no empty runs/<variant>/ behind (a parallel run may have filled it).
        for folder in created:
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    return time.perf_counter() - start


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(paths.REPO))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Job:
    """One chapter execution: notebook, destination, parameters, where a failed run is kept."""

    src: Path
    dest: Path
    params: dict[str, Any]
    failed_dir: Path | None = None


@dataclass(frozen=True)
class Outcome:
    """What became of a :class:`Job`: executed, skipped (inputs unchanged) or failed (cell, error)."""

    job: Job
    status: str  # "ok", "skip" or "failed"
    seconds: float = 0.0
    cell: int | None = None
    error: str = ""
    message: str = ""


def _run_job(job: Job) -> Outcome:
    start = time.perf_counter()
    try:
        return Outcome(job, "ok", execute(job.src, job.dest, job.params, job.failed_dir))
    except ChapterFailed as exc:
        return Outcome(job, "failed", time.perf_counter() - start, exc.cell, exc.error, str(exc))
    except BuildError as exc:
        return Outcome(job, "failed", time.perf_counter() - start, None, str(exc), str(exc))


def plan(src: Path, dest: Path, params: dict[str, Any], force: bool = False,
         failed_dir: Path | None = None) -> tuple[Job, bool]:
    """The job that brings ``dest`` up to date, and whether it must run (False: inputs unchanged)."""
    chapter_params = params_for(src, params)
    job = Job(src, dest, chapter_params, failed_dir)
    fresh = not force and dest.exists() and stored_hash(dest) == input_hash(src, chapter_params)
    return job, not fresh


def run_jobs(jobs: list[Job], workers: int | None = None,
             on_done: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Run ``jobs`` in parallel (``workers`` processes, default the cores); one outcome per job, in order.

    A failed chapter does not stop the others. Ctrl-C cancels the queued jobs and returns at once.
    """
    if not jobs:
        return []
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    pool = ProcessPoolExecutor(max_workers=workers)
    outcomes: dict[int, Outcome] = {}
    try:
        futures = {pool.submit(_run_job, job): i for i, job in enumerate(jobs)}
        for future in as_completed(futures):
            outcome = future.result()
            outcomes[futures[future]] = outcome
            if on_done:
                on_done(outcome)
    except BaseException:
        # Queued work would otherwise keep running after Ctrl-C (DESIGN.md, section 7).
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return [outcomes[i] for i in range(len(jobs))]


def params_for(nb_path: Path, params: dict[str, Any]) -> dict[str, Any]:
    """The subset of ``params`` that the chapter declares, minus those equal to its defaults."""
    declared = declared_parameters(nb_path)
    out = {}
    for name, value in params.items():
        if name not in declared:
            continue
        default = declared[name]["default"]
        if repr(value) != default and json.dumps(value) != default:
            out[name] = value
    return out


def execute_chapters(chapters: list[Path], params: dict[str, Any], out_dir: Path | None = None,
                     force: bool = False, jobs: int | None = None) -> list[str]:
    """Execute the chapters whose inputs changed (all with ``force``), in parallel.

    Returns the names of the chapters executed. Prints one line per chapter.
    """
    todo = []
    for src in chapters:
        job, needed = plan(src, (out_dir or src.parent) / src.name, params, force=force)
        if needed:
            todo.append(job)
        else:
            log(f"  skip     {src.stem} (inputs unchanged)")
    errors = []

    def report(outcome: Outcome) -> None:
        if outcome.status == "ok":
            log(f"  execute  {outcome.job.dest.stem} ({outcome.seconds:.1f}s)")
        else:
            errors.append(outcome.message)

    done = [o.job.dest.stem for o in run_jobs(todo, jobs, on_done=report) if o.status == "ok"]
    if errors:
        raise BuildError("\n".join(errors))
    return done


def _book_sources(root: Path) -> list[Path]:
    names = ["_config.yml", "_toc.yml"]
    files = [root / n for n in names] + sorted((root / "chapters").glob("*.ipynb")) + \
        sorted((root / "chapters").glob("*.md")) + sorted(root.glob("*.md"))
    return [p for p in files if p.is_file()] + _library_files() + [paths.REPO / "requirements.lock"]


def build_html(root: Path, force: bool = False) -> Path:
    """Build the HTML book of ``root`` with warnings as errors; skip if its sources are unchanged."""
    out = root / "_build" / "html"
    h = hashlib.sha256()
    for path in _book_sources(root):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    stamp = root / "_build" / ".html-input-hash"
    if not force and out.joinpath("index.html").exists() and stamp.exists() and stamp.read_text() == h.hexdigest():
        log("  skip     html (sources unchanged)")
        return out
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(root), "--builder", "html", "-W", "-n", "--keep-going"]
    if force:
        cmd.append("--all")
    start = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0 or "build succeeded" not in result.stdout + result.stderr:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-30:])
        raise BuildError(f"jupyter-book build failed (warnings are errors):\n{tail}")
    stamp.write_text(h.hexdigest())
    log(f"  html     {_shown(out)} ({time.perf_counter() - start:.1f}s)")
    return out


def variant_name(params: dict[str, Any]) -> str:
    """Folder name for a parameter set, e.g. ``CAN-JPN`` or ``CAN-KOR_2005-2020``."""
    name = f"{params.get('home', DEFAULTS['home'])}-{params.get('partner', DEFAULTS['partner'])}"
    years = [str(params[k]) for k in ("start_year", "end_year") if k in params]
    extra = [f"{k}{params[k]:g}" for k in sorted(params) if k not in ("home", "partner", "start_year", "end_year")]
    return "_".join([name, *(["-".join(years)] if years else []), *extra])


def prepare_variant(params: dict[str, Any]) -> Path:
    """Copy the book's sources into ``runs/<variant>/book`` with the title following the pair."""
    root = paths.REPO / "runs" / variant_name(params) / "book"
    (root / "chapters").mkdir(parents=True, exist_ok=True)
    for name in ("_toc.yml", *[p.name for p in paths.REPO.glob("*.md") if p.name != "README.md"]):
        shutil.copy2(paths.REPO / name, root / name)
    for src in paths.CHAPTERS.glob("*.md"):
        shutil.copy2(src, root / "chapters" / src.name)
    home = countries.name(params.get("home", DEFAULTS["home"]))
    partner = countries.name(params.get("partner", DEFAULTS["partner"]))
    config = (paths.REPO / "_config.yml").read_text()
    config = re.sub(r'^title: .*$', f'title: "{home}–{partner} AI Co-operation, in data"', config, flags=re.M)
    (root / "_config.yml").write_text(config)
    return root


def book(params: dict[str, Any] | None = None, force: bool = False, jobs: int | None = None) -> Path:
    """Execute every chapter and build the HTML book (a variant book when ``params`` are given)."""
    params = dict(params or {})
    start = time.perf_counter()
    chapters = list(chapter_paths().values())
    if params and any(params.get(k, DEFAULTS.get(k)) != DEFAULTS.get(k) or k not in DEFAULTS for k in params):
        root = prepare_variant(params)
        log(f"==> variant book {root.parent.name}: executing {len(chapters)} chapters")
        # Executed from the book's own chapters, so a variant follows every edit of a chapter.
        execute_chapters(chapters, params, out_dir=root / "chapters", force=force, jobs=jobs)
    else:
        root = paths.REPO
        log(f"==> executing {len(chapters)} chapters (only those whose inputs changed)")
        execute_chapters(chapters, {}, force=force, jobs=jobs)
    log("==> building HTML")
    out = build_html(root, force=force)
    serve = "make serve" if root == paths.REPO else f".venv/bin/ckaibook serve --dir {_shown(out)}"
    log(f"==> done in {time.perf_counter() - start:.1f}s; open {_shown(out / 'index.html')} "
        f"(or `{serve}` and visit http://127.0.0.1:8000/)")
    return out
