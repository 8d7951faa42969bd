"""Command line: ``ckaibook data|fetch|diff|book|chapter|variants|params|serve|pdf|bench``
(the Makefile calls these)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from ckaibook.book import build
from ckaibook.chapters import params

PARAM_FLAGS = {"home": "--home", "partner": "--partner", "start_year": "--start-year", "end_year": "--end-year"}
# Environment variables the Makefile sets from CH, HOME_ISO, PARTNER, START and END (``--from-env``):
# values travel as data, never through a shell command line.
ENV_FLAGS = {
    "chapter": "CKAIBOOK_CH",
    "home": "CKAIBOOK_HOME_ISO",
    "partner": "CKAIBOOK_PARTNER",
    "start_year": "CKAIBOOK_START",
    "end_year": "CKAIBOOK_END",
}


def _from_env(ns: argparse.Namespace) -> None:
    """Fill unset options from the ``CKAIBOOK_*`` variables the Makefile exports (empty = unset)."""
    for dest, var in ENV_FLAGS.items():
        value = os.environ.get(var, "")
        if hasattr(ns, dest) and getattr(ns, dest) is None and value != "":
            setattr(ns, dest, value)


class _StoreOnce(argparse.Action):
    """Store an option's value; remember (for a one-line error) when it is given twice."""

    def __call__(self, parser, namespace, values, option_string=None):  # noqa: ANN001
        previous = getattr(namespace, self.dest, None)
        if previous is not None and getattr(namespace, "twice", None) is None:
            namespace.twice = (self.dest, previous, values)
        setattr(namespace, self.dest, values)


def _add_env_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--from-env",
        action="store_true",
        help="take unset chapter/parameters from CKAIBOOK_CH, CKAIBOOK_HOME_ISO, CKAIBOOK_PARTNER, "
        "CKAIBOOK_START, CKAIBOOK_END (how the Makefile passes CH, HOME_ISO, PARTNER, START, END)",
    )


def _add_param_flags(p: argparse.ArgumentParser) -> None:
    _add_env_flag(p)
    for name, flag in PARAM_FLAGS.items():
        p.add_argument(flag, dest=name, metavar=name.upper(), action=_StoreOnce, help=params.SPECS[name].help)
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="any other chapter parameter, e.g. --param load_mw=100 (see `ckaibook params CH`)",
    )


def _collect(ns: argparse.Namespace, pair_defaults: bool = True) -> dict[str, Any]:
    """Parameters from the flags, converted and validated; raises ParameterError.

    With ``pair_defaults`` a home or partner not given is the book's own (CAN, KOR) and the two must differ.
    """
    twice = getattr(ns, "twice", None)
    if twice:
        name, first, second = twice
        raise params.ParameterError(f"{PARAM_FLAGS[name]} given twice ({first!r} and {second!r}); give it once")
    raw = {name: getattr(ns, name) for name in PARAM_FLAGS if getattr(ns, name) is not None}
    for item in ns.param:
        if "=" not in item:
            raise params.ParameterError(f"--param {item!r} is not NAME=VALUE")
        key, value = item.split("=", 1)
        key = key.strip()
        if key in raw:
            # Last-one-wins would silently drop a value the user typed: make them choose.
            raise params.ParameterError(f"parameter {key!r} given twice ({raw[key]!r} and {value!r}); give it once")
        raw[key] = value
    values = {k: params.coerce(k, str(v)) for k, v in raw.items()}
    available = _countries_with_data() if {"home", "partner"} & set(values) else None
    checked = params.check(available=available, **values)
    home = checked.get("home", build.DEFAULTS["home"])
    partner = checked.get("partner", build.DEFAULTS["partner"])
    if pair_defaults and home == partner:
        raise params.ParameterError(f"partner={partner!r} equals home={home!r}; choose two different countries")
    return checked


def _countries_with_data() -> list[str]:
    from ckaibook.data import coverage

    return coverage.countries_with_data()


def _precheck(chapters: list[Path], values: dict[str, Any]) -> None:
    """Check the parameters against every chapter's data before anything runs or is written."""
    from ckaibook.book import variants

    for note in variants.precheck(chapters, values):
        build.log(f"  note     {note}")


def cmd_data(ns: argparse.Namespace) -> None:
    from ckaibook.book import datafiles

    build.log("==> rebuilding data/ from the raw mirror")
    path = datafiles.build(ns.table or None)
    build.log(f"==> wrote {build._shown(path)}")


def cmd_fetch(ns: argparse.Namespace) -> None:
    """Download missing raw files into the cache, or refresh one source with ``--update``."""
    from ckaibook.data import fetch

    if ns.update:
        fetch.update(ns.update)
    else:
        fetch.fetch(ns.source or None)


def cmd_diff(ns: argparse.Namespace) -> None:
    """Report, in Markdown, how data/ differs from git's committed version."""
    from ckaibook.book import diff

    report = diff.report(ref=ns.ref, tolerance=ns.tolerance, execute=ns.execute)
    if ns.output:
        Path(ns.output).write_text(report, encoding="utf-8")
        build.log(f"==> wrote {ns.output}")
    else:
        sys.stdout.write(report)


def cmd_book(ns: argparse.Namespace) -> None:
    values = _collect(ns)
    _precheck(list(build.chapter_paths().values()), values)
    build.book(values, force=ns.force, jobs=ns.jobs)


def cmd_chapter(ns: argparse.Namespace) -> None:
    from ckaibook.book import export

    if not ns.chapter:
        raise build.BuildError("which chapter? give its number, e.g. `make chapter CH=02` or `ckaibook chapter 02`")
    src = build.resolve_chapter(ns.chapter)
    values = _collect(ns)
    declared = build.declared_parameters(src)
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise params.ParameterError(
            f"chapter {src.stem} has no parameter(s) {unknown}; it takes: {', '.join(declared)}"
        )
    _precheck([src], values)
    variant = build.variant_name(values)
    out_dir = build.paths.runs_root() / variant
    build.log(f"==> executing {src.stem} with {values or 'default parameters'} into {build._shown(out_dir)}")
    build.execute_chapters([src], values, out_dir=out_dir, force=True)
    html = export.to_html(out_dir / src.name)
    build.log(f"==> notebook {build._shown(out_dir / src.name)}\n==> page     {build._shown(html)}")


def cmd_variants(ns: argparse.Namespace) -> None:
    """Every pair chapter for home × each partner (default: every G20 and ASEAN economy with data)."""
    from ckaibook.book import variants

    values = _collect(ns, pair_defaults=False)
    home = values.pop("home", build.DEFAULTS["home"])
    if ns.partner is not None:
        partners = [values.pop("partner")]
    else:
        values.pop("partner", None)
        partners = variants.matrix_partners(home)
    report = variants.run([(home, p) for p in partners], extra=values, force=ns.force, jobs=ns.jobs)
    print(report.table())
    if report.failures:
        raise build.BuildError(
            f"{len(report.failures)} of {len(report.outcomes)} chapter runs failed "
            "(listed above; partial runs in _build/failed/<pair>/)"
        )


def cmd_params(ns: argparse.Namespace) -> None:
    chapters = [build.resolve_chapter(ns.chapter)] if ns.chapter else list(build.chapter_paths().values())
    for src in chapters:
        print(f"{src.stem}:")
        for name, info in build.declared_parameters(src).items():
            spec = params.SPECS.get(name)
            meaning = spec.help if spec else (info.get("help") or "")
            rng = f" [{spec.lo:g}–{spec.hi:g}]" if spec and spec.lo is not None else ""
            print(f"  {name:<12} default {info['default']:<8} {meaning}{rng}")


def cmd_serve(ns: argparse.Namespace) -> None:
    import time

    from ckaibook.book import browser

    if not ns.port.isdigit() or not 1 <= int(ns.port) <= 65535:
        raise build.BuildError(f"--port {ns.port!r} is not a port number (1–65535)")
    root = Path(ns.dir) if ns.dir else build.paths.BUILD / "html"
    if not (root / "index.html").exists():
        raise build.BuildError(f"{root} has no index.html: run `make book` first")
    try:
        with browser.serve(root, port=int(ns.port), quiet=False) as url:
            build.log(f"==> serving {root} at {url}/ (Ctrl-C to stop)")
            while True:
                time.sleep(3600)
    except OSError as exc:  # only binding can raise it here: a busy or forbidden port
        raise build.BuildError(
            f"cannot serve on 127.0.0.1:{ns.port}: {exc.strerror or exc} "
            "(is another server running? try --port 8001)"
        ) from None


def cmd_pdf(ns: argparse.Namespace) -> None:
    from ckaibook.book import pdf

    build.book()  # a fresh clone has no HTML yet; an up-to-date book costs nothing here
    build.log("==> printing the book to PDF (headless Chromium)")
    pdf.build_pdf()
    build.log("==> linking the PDF from every chapter page")
    build.build_html(build.paths.REPO)  # the pages link a PDF only once one exists (sphinx_pages)


def cmd_bench(ns: argparse.Namespace) -> None:
    from ckaibook.book import bench

    bench.run(runs=ns.runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ckaibook", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("data", help="rebuild data/ from the raw mirror")
    p.add_argument("table", nargs="*", help="only these tables (default: all)")
    p.set_defaults(func=cmd_data)
    p = sub.add_parser("fetch", help="download missing raw files into the cache (verified), or refresh a source")
    p.add_argument("source", nargs="*", help="only these sources (default: all in snapshots/)")
    p.add_argument("--update", metavar="SOURCE", help="download SOURCE's current edition and record it in snapshots/")
    p.set_defaults(func=cmd_fetch)
    p = sub.add_parser("diff", help="Markdown report of how data/ differs from the committed data/")
    p.add_argument("--ref", default="HEAD", help="git revision to compare with (default HEAD)")
    p.add_argument(
        "--tolerance",
        type=float,
        default=1e-9,
        help="relative change below which a value counts as unchanged (default 1e-9)",
    )
    p.add_argument("--output", "-o", help="write the report to this file instead of standard output")
    p.add_argument(
        "--execute",
        action="store_true",
        help="re-execute the chapters that read a changed table and list their glued values that change",
    )
    p.set_defaults(func=cmd_diff)
    p = sub.add_parser("book", help="execute chapters whose inputs changed, then build the HTML book")
    _add_param_flags(p)
    p.add_argument("--force", action="store_true", help="re-execute every chapter and rebuild all HTML")
    p.add_argument("--jobs", type=int, default=None, help="parallel chapter executions (default: cores)")
    p.set_defaults(func=cmd_book)
    p = sub.add_parser("chapter", help="rerun one chapter with other parameters into runs/<variant>/")
    p.add_argument("chapter", nargs="?", help="chapter number, e.g. 02")
    _add_param_flags(p)
    p.set_defaults(func=cmd_chapter)
    p = sub.add_parser("variants", help="run every chapter for home × each G20 and ASEAN economy; table of results")
    _add_env_flag(p)
    for name in ("home", "partner", "start_year", "end_year"):
        p.add_argument(
            PARAM_FLAGS[name],
            dest=name,
            metavar=name.upper(),
            action=_StoreOnce,
            help=params.SPECS[name].help + (" (default: the whole matrix)" if name == "partner" else ""),
        )
    p.set_defaults(param=[])
    p.add_argument("--force", action="store_true", help="re-execute even chapters whose inputs are unchanged")
    p.add_argument("--jobs", type=int, default=None, help="parallel chapter executions (default: cores)")
    p.set_defaults(func=cmd_variants)
    p = sub.add_parser("params", help="list each chapter's parameters, defaults and meaning")
    p.add_argument("chapter", nargs="?", help="one chapter (default: all)")
    _add_env_flag(p)
    p.set_defaults(func=cmd_params)
    p = sub.add_parser("serve", help="serve the built book on 127.0.0.1")
    p.add_argument("--port", default="8000", help="port on 127.0.0.1 (default 8000)")
    p.add_argument("--dir", help="folder to serve (default _build/html)")
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("pdf", help="build the book if needed, then print it as one PDF into _build/pdf/")
    p.set_defaults(func=cmd_pdf)
    p = sub.add_parser(
        "bench", help="time a clean build beside Jupyter Book's, the author's loops, a chapter " "rerun and the tests"
    )
    p.add_argument("--runs", type=int, default=3, help="clean builds of each kind, alternating (default 3)")
    p.set_defaults(func=cmd_bench)
    ns = parser.parse_args(argv)
    if getattr(ns, "from_env", False):
        _from_env(ns)
    from ckaibook.book.citation import CitationError
    from ckaibook.book.pdf import PdfError
    from ckaibook.data.datapackage import DataError
    from ckaibook.data.etl._checks import RawDataError
    from ckaibook.data.paths import MissingRawMirror
    from ckaibook.data.snapshot import SnapshotError
    from ckaibook.data.fetch import FetchError
    from ckaibook.book.diff import DiffError

    try:
        ns.func(ns)
    except (
        params.ParameterError,
        build.BuildError,
        DataError,
        RawDataError,
        MissingRawMirror,
        SnapshotError,
        FetchError,
        DiffError,
        PdfError,
        CitationError,
    ) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except build.Interrupted as exc:
        print(f"interrupted: {exc}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print(
            "interrupted: stopped; no notebook was left half-written (each is replaced only when its run ends)",
            file=sys.stderr,
        )
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
