"""Building the book: check data/, execute what changed (in parallel), update prose, then HTML.

Before anything else every table in ``data/`` is checked against ``datapackage.json`` (present,
same sha256): a corrupted, truncated or deleted table stops the build with one line naming it.

A chapter re-executes only when its input hash (``book/inputs.py``: its code cells, parameters,
the library modules and data tables its last run used, and the lock) differs from the one its
notebook stores. A Markdown-only edit therefore executes nothing: the committed notebook is both
source and executed output, so its prose is already in place, and a variant's executed copy gets
the new Markdown cells copied in (same cell ids and order, outputs untouched). Then the HTML is
rebuilt if a page source changed.

Chapters run in a process pool (``book/execution.py``); Ctrl-C or SIGTERM cancels queued
chapters, stops running kernels, removes temporary files and leaves every stored notebook as it
was. A lock file in the output folder keeps two builds from writing the same notebooks.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import nbformat

from ckaibook.book import execution, inputs, processes, sphinx_gate, sphinx_pages
from ckaibook.book.errors import BuildError
from ckaibook.book.execution import KERNEL, execute, normalise  # noqa: F401  (the build's API)
from ckaibook.book.inputs import input_hash, stored_hash  # noqa: F401  (the build's API)
from ckaibook.data import countries, paths, usage

DEFAULTS = {"home": countries.HOME, "partner": countries.PARTNER}
LOCK_NAME = ".ckaibook.lock"
STOP_SECONDS = 1.5
"""How long stopped workers get to kill their kernels before they are killed themselves."""


class Interrupted(Exception):
    """The build was stopped (Ctrl-C or SIGTERM); everything stored is as it was."""


def log(message: str) -> None:
    """One progress line on stderr (so stdout stays clean for data)."""
    print(message, file=sys.stderr, flush=True)


_shown = execution.shown


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
    raise BuildError(
        f"unknown chapter {ref!r}; allowed: {', '.join(chapters)} ({', '.join(p.stem for p in chapters.values())})"
    )


def declared_parameters(nb_path: Path) -> dict[str, dict]:
    """The parameters a chapter declares in its ``parameters`` cell (name → papermill's info)."""
    import papermill

    return papermill.inspect_notebook(str(nb_path))


def params_for(nb_path: Path, params: dict[str, Any]) -> dict[str, Any]:
    """The subset of ``params`` that the chapter declares, minus those equal to its defaults."""
    if not params:
        return {}
    declared = declared_parameters(nb_path)
    out = {}
    for name, value in params.items():
        if name not in declared:
            continue
        default = declared[name]["default"]
        if repr(value) != default and json.dumps(value) != default:
            out[name] = value
    return out


# ---------------------------------------------------------------- locking

_held: set[Path] = set()


@contextmanager
def exclusive(folder: Path) -> Iterator[None]:
    """Hold the build lock of ``folder`` (re-entrant in this process); fail at once, in one line,
    if another build holds it. Stale temporary files of a killed run are removed once it is held."""
    folder = folder.resolve()
    if folder in _held:
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / LOCK_NAME
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            holder = os.read(fd, 32).decode(errors="replace").strip() or "?"
            raise BuildError(
                f"another ckaibook build (pid {holder}) is writing {_shown(folder)}; "
                "nothing was done: wait for it to finish, then run the command again"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        _held.add(folder)
        for stale in execution.clean_stale(folder):
            log(f"  removed  {_shown(stale)} (left by a stopped run)")
        try:
            yield
        finally:
            _held.discard(folder)
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing releases the lock


# ---------------------------------------------------------------- prose


def refresh_prose(src: Path, dest: Path) -> bool:
    """Copy ``src``'s Markdown and raw cells into the executed ``dest`` (same code cells), keeping
    every code cell's outputs; return True if ``dest`` changed. Written atomically."""
    if src.resolve() == dest.resolve():
        return False
    source = execution.prepare(src, {})
    done = nbformat.read(dest, as_version=4)
    injected = [c for c in done.cells if "injected-parameters" in c.metadata.get("tags", [])]
    executed = iter(c for c in done.cells if c.cell_type == "code" and c not in injected)
    cells = []
    for cell in source.cells:
        if cell.cell_type == "code":
            ran = next(executed, None)
            if ran is None or ran.source != cell.source:
                raise BuildError(f"{_shown(dest)}: code cells differ from {_shown(src)}; run with --force")
            ran.metadata = cell.metadata
            cells.append(ran)
            if "parameters" in cell.metadata.get("tags", []):
                cells.extend(injected)
        else:
            cells.append(cell)
    done.cells = cells
    digest = done.metadata.get("ckaibook", {}).get("input_hash", "")
    used = inputs.recorded(dest)
    text = nbformat.writes(normalise(done, digest, used)) + "\n"
    if text == dest.read_text():
        return False
    tmp = dest.with_name(f".{dest.stem}.{os.getpid()}.running.ipynb")
    tmp.write_text(text)
    os.replace(tmp, dest)
    return True


# ---------------------------------------------------------------- executing chapters


def _order(todo: list[tuple], out: Path | None) -> list[tuple]:
    """Longest chapters first (by the size of the stored notebook, a fair proxy for its run time)."""

    def size(job: tuple) -> int:
        dest = Path(job[1])
        return dest.stat().st_size if dest.exists() else 1 << 40

    return sorted(todo, key=size, reverse=True)


def default_jobs(n: int) -> int:
    """Parallel kernels: a chapter spends much of its time waiting on its kernel, so twice the
    cores keeps them busy (measured: 7 kernels on 2 cores beat 2)."""
    return max(1, min(n, 2 * (os.cpu_count() or 1)))


def plan(
    chapters: list[Path],
    params: dict[str, Any],
    out_dir: Path | None = None,
    force: bool = False,
    data_dir: Path | None = None,
) -> list[tuple]:
    """The chapters to execute, longest first, as pool jobs; prints a line for each one skipped
    (and copies prose into a variant's executed copy when only Markdown changed)."""
    todo = []
    for src in chapters:
        dest = (out_dir or src.parent) / src.name
        chapter_params = params_for(src, params)
        if (
            not force
            and dest.exists()
            and stored_hash(dest) == input_hash(src, chapter_params, data_dir=data_dir, used=inputs.recorded(dest))
        ):
            if refresh_prose(src, dest):
                log(f"  prose    {src.stem} (Markdown updated, nothing executed)")
            else:
                log(f"  skip     {src.stem} (inputs unchanged)")
            continue
        todo.append((str(src), str(dest), chapter_params, str(data_dir) if data_dir else None))
    return _order(todo, out_dir)


def execute_chapters(
    chapters: list[Path],
    params: dict[str, Any],
    out_dir: Path | None = None,
    force: bool = False,
    jobs: int | None = None,
    data_dir: Path | None = None,
    check: bool = True,
) -> list[str]:
    """Execute the chapters whose inputs changed (all with ``force``), in parallel.

    Checks ``data/`` first (unless ``check`` is False because the caller just did). Returns the
    names of the chapters executed. Prints one line per chapter.
    """
    if check:
        inputs.check_data(data_dir)
    folders = sorted({(out_dir or src.parent).resolve() for src in chapters})
    with _locks(folders):
        todo = plan(chapters, params, out_dir, force, data_dir)
        return _run_pool(todo, jobs or default_jobs(len(todo))) if todo else []


@contextmanager
def _locks(folders: list[Path]) -> Iterator[None]:
    if not folders:
        yield
        return
    with exclusive(folders[0]), _locks(folders[1:]):
        yield


def _run_pool(todo: list[tuple], jobs: int, on_done: Any = None, on_fail: Any = None) -> list[str]:
    """Run the jobs in a process pool, calling ``on_done(dest, seconds)`` as each chapter is stored; on
    Ctrl-C/SIGTERM stop everything and raise ``Interrupted``."""
    import multiprocessing

    import nbclient  # noqa: F401  imported once here, so the forked workers need not each import it

    jobs = max(1, min(jobs, len(todo)))
    errors: list[str] = []
    done: list[str] = []
    previous = _on_sigterm_interrupt()
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=execution.worker_init,
        initargs=(os.getpid(),),
    )
    try:
        pending = {pool.submit(execution.job, job): job for job in todo}
        jobs_of = dict(pending)
        while pending:
            finished, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in finished:
                pending.pop(future)
                try:
                    dest, seconds, _used = future.result()
                    log(f"  execute  {Path(dest).stem} ({seconds:.1f}s)")
                    done.append(Path(dest).stem)
                    if on_done:
                        on_done(Path(dest), seconds)
                except BuildError as exc:
                    errors.append(str(exc))
                    if on_fail:
                        on_fail(Path(jobs_of[future][1]), str(exc))
                except Exception as exc:  # noqa: BLE001 — a broken worker or kernel start-up: name it, go on
                    job = jobs_of[future]
                    first_line = str(exc).splitlines()[0] if str(exc) else ""
                    message = f"{Path(job[1]).stem}: {type(exc).__name__}: {first_line}"
                    errors.append(message)
                    if on_fail:
                        on_fail(Path(job[1]), message)
        pool.shutdown(wait=True)
    except KeyboardInterrupt:
        running = _stop_pool(pool)
        for job in todo:
            execution.clean_stale(Path(job[1]).parent)
        raise Interrupted(
            f"stopped: {len(todo) - len(done)} chapter(s) not executed ({running} were running); "
            "every stored notebook is as it was"
        ) from None
    finally:
        _restore_sigterm(previous)
    if errors:
        raise BuildError("; ".join(errors) if len(errors) > 1 else errors[0])
    return sorted(done)


def _stop_pool(pool: ProcessPoolExecutor) -> int:
    """Cancel queued jobs, SIGTERM the workers (each kills its kernel), SIGKILL any that linger."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    alive = [p for p in processes if p.is_alive()]
    for p in alive:
        try:
            os.kill(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + STOP_SECONDS
    for p in alive:
        p.join(max(0.0, deadline - time.monotonic()))
        if p.is_alive():
            p.kill()
            p.join(0.5)
    return len(alive)


def _on_sigterm_interrupt() -> Any:
    """While chapters run, SIGTERM stops the build like Ctrl-C (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def handler(signum: int, frame: Any) -> None:  # noqa: ARG001
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, handler)


def _restore_sigterm(previous: Any) -> None:
    if previous is not None:
        signal.signal(signal.SIGTERM, previous)


# ---------------------------------------------------------------- HTML

STATIC = inputs.LIB / "book" / "static"
HTML_STAMP = ".html-inputs.json"


def _digest(files: list[Path], extra: bytes = b"") -> str:
    h = hashlib.sha256(extra)
    for path in files:
        h.update(path.name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"<missing>") + b"\0")
    return h.hexdigest()


def html_inputs(root: Path, modules: list[str] | None) -> dict[str, str]:
    """Two hashes: ``pages`` (notebooks and Markdown: Sphinx rebuilds just those that changed) and
    ``engine`` (config, TOC, lock, static assets and the library modules the HTML build imported:
    any change there rebuilds every page)."""
    pages = (
        sorted((root / "chapters").glob("*.ipynb"))
        + sorted((root / "chapters").glob("*.md"))
        + sorted(p for p in root.glob("*.md") if p.name != "README.md")
    )
    engine = [
        root / "_config.yml",
        root / "_toc.yml",
        paths.REPO / "requirements.lock",
        paths.REPO / "CITATION.cff",
        *sorted(STATIC.iterdir()),
    ]
    names = modules if modules is not None else inputs.all_modules()
    engine += [inputs.module_file(n) for n in sorted(names)]
    # Whether a PDF exists decides whether every page links it (sphinx_pages).
    has_pdf = b"pdf" if sphinx_pages.built_pdf(root) else b""
    return {"pages": _digest(pages), "engine": _digest(engine, "\0".join(sorted(names)).encode() + has_pdf)}


class HtmlBuild:
    """A ``jupyter-book build`` of ``root`` (warnings are errors) running in the background.

    With ``pending`` chapters (docnames still executing) it is a full build that starts at once
    and reads each pending chapter only once :meth:`release` says its notebook is final
    (``book/sphinx_gate.py``), so Sphinx's start-up and reading overlap the executions.
    """

    def __init__(self, root: Path, full: bool, pending: list[str] | None = None) -> None:
        self.root, self.full, self.start = root, full or bool(pending), time.perf_counter()
        build_dir = root / "_build"
        build_dir.mkdir(parents=True, exist_ok=True)
        token = f"{os.getpid()}-{secrets.token_hex(3)}"
        self.record = build_dir / f".html.{token}.running.usage"
        self.output = build_dir / f".html.{token}.running.log"
        self.gate = build_dir / f".html.{token}.running.gate" if pending is not None else None
        env = {**os.environ, usage.ENV: str(self.record)}
        if self.gate:
            self.pending = list(pending)
            self._write_gate(abort=False)
            env[sphinx_gate.ENV] = str(self.gate)
        (root / "_build" / HTML_STAMP).unlink(missing_ok=True)
        jb = Path(sys.executable).with_name("jupyter-book")
        cmd = [
            str(jb),
            "build",
            str(root),
            "--builder",
            "html",
            "-W",
            "-n",
            "--keep-going",
            *(["--all"] if self.full else []),
        ]
        with open(self.output, "wb") as out:
            # Its own session: a Ctrl-C in the terminal reaches only the build, which stops this.
            self.process = subprocess.Popen(
                cmd,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
                preexec_fn=processes.die_with_this_process(),
            )

    def _write_gate(self, abort: bool) -> None:
        tmp = self.gate.with_suffix(".tmp")
        tmp.write_text(json.dumps({"pending": self.pending, "abort": abort, "owner": os.getpid()}))
        os.replace(tmp, self.gate)

    def release(self, docname: str) -> None:
        """The chapter ``docname`` is final: Sphinx may read it."""
        if self.gate and docname in self.pending:
            self.pending.remove(docname)
            self._write_gate(abort=False)

    def stop(self) -> None:
        """Abandon the build: stop Sphinx and remove its temporary files (the stamp stays absent,
        so the next build rebuilds every page)."""
        if self.gate:
            self._write_gate(abort=True)
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._clean()

    def _clean(self) -> None:
        for path in (self.record, self.output, self.gate):
            if path:
                path.unlink(missing_ok=True)
        if self.gate:
            self.gate.with_suffix(".tmp").unlink(missing_ok=True)

    def finish(self) -> Path:
        """Wait for the build; raise with its last lines if it failed; record its inputs."""
        waited_from = time.perf_counter()
        try:
            if self.gate:
                self.pending = []
                self._write_gate(abort=False)
            code = self.process.wait()
            text = self.output.read_text(errors="replace")
            modules = usage.read(self.record)["modules"]
        except BaseException:
            self.stop()
            raise
        self._clean()
        if code != 0 or "build succeeded" not in text:
            tail = "\n".join(text.strip().splitlines()[-30:])
            raise BuildError(f"jupyter-book build failed (warnings are errors):\n{tail}")
        stamp = self.root / "_build" / HTML_STAMP
        stamp.write_text(json.dumps({**html_inputs(self.root, modules), "modules": modules}, indent=1) + "\n")
        out = self.root / "_build" / "html"
        now = time.perf_counter()
        overlap = f"; {now - waited_from:.1f}s after the last chapter" if self.gate else ""
        log(
            f"  html     {_shown(out)} ({'all pages' if self.full else 'changed pages'}, "
            f"{now - self.start:.1f}s{overlap})"
        )
        return out


def html_needed(root: Path, force: bool = False) -> bool | None:
    """None if the HTML is current; else True for a full rebuild, False for changed pages only."""
    try:
        previous = json.loads((root / "_build" / HTML_STAMP).read_text())
    except (OSError, ValueError):
        previous = {}
    now = html_inputs(root, previous.get("modules"))
    built = (root / "_build" / "html" / "index.html").exists()
    if not force and built and previous.get("pages") == now["pages"] and previous.get("engine") == now["engine"]:
        return None
    return force or not built or previous.get("engine") != now["engine"]


def build_html(root: Path, force: bool = False) -> Path:
    """Build the HTML book of ``root`` with warnings as errors; skip if its sources are unchanged,
    rebuild only changed pages when only notebooks or Markdown changed."""
    full = html_needed(root, force)
    if full is None:
        log("  skip     html (sources unchanged)")
        return root / "_build" / "html"
    return HtmlBuild(root, full).finish()


def variant_name(params: dict[str, Any]) -> str:
    """Folder name for a parameter set, e.g. ``CAN-JPN`` or ``CAN-KOR_2005-2020``."""
    name = f"{params.get('home', DEFAULTS['home'])}-{params.get('partner', DEFAULTS['partner'])}"
    years = [str(params[k]) for k in ("start_year", "end_year") if k in params]
    extra = [f"{k}{params[k]:g}" for k in sorted(params) if k not in ("home", "partner", "start_year", "end_year")]
    return "_".join([name, *(["-".join(years)] if years else []), *extra])


def prepare_variant(params: dict[str, Any]) -> Path:
    """Copy the book's sources into ``runs/<variant>/book`` with the title following the pair."""
    root = paths.runs_root() / variant_name(params) / "book"
    (root / "chapters").mkdir(parents=True, exist_ok=True)
    for name in ("_toc.yml", *[p.name for p in paths.REPO.glob("*.md") if p.name != "README.md"]):
        shutil.copy2(paths.REPO / name, root / name)
    for src in paths.CHAPTERS.glob("*.md"):
        shutil.copy2(src, root / "chapters" / src.name)
    home = countries.name(params.get("home", DEFAULTS["home"]))
    partner = countries.name(params.get("partner", DEFAULTS["partner"]))
    config = (paths.REPO / "_config.yml").read_text()
    config = re.sub(r"^title: .*$", f'title: "{home}–{partner} AI Co-operation, in data"', config, flags=re.M)
    (root / "_config.yml").write_text(config)
    return root


def book(params: dict[str, Any] | None = None, force: bool = False, jobs: int | None = None) -> Path:
    """Execute every chapter and build the HTML book (a variant book when ``params`` are given).

    When chapters execute, the HTML build starts with them and reads each chapter as it finishes.
    """
    params = dict(params or {})
    start = time.perf_counter()
    inputs.check_data()  # before anything is decided or printed: a damaged table stops here
    chapters = list(chapter_paths().values())
    variant = params and any(params.get(k, DEFAULTS.get(k)) != DEFAULTS.get(k) or k not in DEFAULTS for k in params)
    root = paths.runs_root() / variant_name(params) / "book" if variant else paths.REPO
    out_dir = root / "chapters" if variant else None
    with exclusive(out_dir or paths.CHAPTERS):
        for stale in execution.clean_stale(root / "_build"):  # an HTML build's, from a killed run
            log(f"  removed  {_shown(stale)} (left by a stopped run)")
        if variant:
            prepare_variant(params)
            log(f"==> variant book {root.parent.name}: executing {len(chapters)} chapters")
            # Executed from the book's own chapters, so a variant follows every edit of a chapter.
        else:
            log(f"==> executing {len(chapters)} chapters (only those whose inputs changed)")
        todo = plan(chapters, params if variant else {}, out_dir=out_dir, force=force)
        # Sphinx lists the documents when it starts: overlap only if every chapter file exists.
        if todo and all(Path(job[1]).exists() for job in todo):
            # Expected finishing order: every chapter starts at once, so the shortest ends first.
            pending = [_docname(root, Path(job[1])) for job in reversed(todo)]
            html = HtmlBuild(root, full=True, pending=pending)
            try:
                _run_pool(
                    todo,
                    jobs or default_jobs(len(todo)),
                    on_done=lambda dest, _seconds: html.release(_docname(root, dest)),
                )
                log("==> building HTML (started while the chapters ran)")
                out = html.finish()
            except BaseException:
                html.stop()
                raise
        else:
            _run_pool(todo, jobs or default_jobs(len(todo))) if todo else None
            log("==> building HTML")
            out = build_html(root, force=force)
    serve = "make serve" if root == paths.REPO else f".venv/bin/ckaibook serve --dir {_shown(out)}"
    log(
        f"==> done in {time.perf_counter() - start:.1f}s; open {_shown(out / 'index.html')} "
        f"(or `{serve}` and visit http://127.0.0.1:8000/)"
    )
    return out


def _docname(root: Path, notebook: Path) -> str:
    """Sphinx's name for a chapter: its path in the book, without suffix."""
    return notebook.resolve().relative_to(root.resolve()).with_suffix("").as_posix()


# --- Many pairs in one pool (make variants) -----------------------------------------------------------

_FAILED_CELL = re.compile(r"failed in cell \[(\d+|None)\] — (.*?)\. The stored notebook")


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


def plan_job(
    src: Path, dest: Path, params: dict[str, Any], force: bool = False, failed_dir: Path | None = None
) -> tuple[Job, bool]:
    """The job that brings ``dest`` up to date, and whether it must run (False: inputs unchanged)."""
    chapter_params = params_for(src, params)
    job = Job(src, dest, chapter_params, failed_dir)
    fresh = (
        not force and dest.exists() and stored_hash(dest) == input_hash(src, chapter_params, used=inputs.recorded(dest))
    )
    return job, not fresh


def run_jobs(
    jobs: list[Job], workers: int | None = None, on_done: Callable[[Outcome], None] | None = None
) -> list[Outcome]:
    """Run ``jobs`` in one pool (the build's own: interrupts, temp files and kernels handled alike);
    one outcome per job, in order. A failed chapter does not stop the others."""
    if not jobs:
        return []
    by_dest = {job.dest: job for job in jobs}
    outcomes: dict[Path, Outcome] = {}
    started = time.perf_counter()

    def done(dest: Path, seconds: float) -> None:
        outcomes[dest] = Outcome(by_dest[dest], "ok", seconds)
        if on_done:
            on_done(outcomes[dest])

    def failed(dest: Path, message: str) -> None:
        m = _FAILED_CELL.search(message)
        cell = int(m.group(1)) if m and m.group(1).isdigit() else None
        outcomes[dest] = Outcome(
            by_dest[dest], "failed", time.perf_counter() - started, cell, m.group(2) if m else message, message
        )
        if on_done:
            on_done(outcomes[dest])

    todo = [(str(j.src), str(j.dest), j.params, None, str(j.failed_dir) if j.failed_dir else None) for j in jobs]
    try:
        _run_pool(todo, workers or default_jobs(len(todo)), on_done=done, on_fail=failed)
    except BuildError:
        pass  # each failure is already an Outcome
    return [outcomes.get(j.dest, Outcome(j, "failed", 0.0, None, "not run", "not run")) for j in jobs]
