"""Command line: ``ckaibook data|book|chapter|params|serve|pdf|bench`` (the Makefile calls these)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ckaibook.book import build
from ckaibook.chapters import params

PARAM_FLAGS = {"home": "--home", "partner": "--partner", "start_year": "--start-year", "end_year": "--end-year"}


def _add_param_flags(p: argparse.ArgumentParser) -> None:
    for name, flag in PARAM_FLAGS.items():
        p.add_argument(flag, dest=name, metavar=name.upper(), help=params.SPECS[name].help)
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="any other chapter parameter, e.g. --param load_mw=100 (see `ckaibook params CH`)")


def _collect(ns: argparse.Namespace) -> dict[str, Any]:
    """Parameters from the flags, converted and validated; raises ParameterError."""
    raw = {name: getattr(ns, name) for name in PARAM_FLAGS if getattr(ns, name) is not None}
    for item in ns.param:
        if "=" not in item:
            raise params.ParameterError(f"--param {item!r} is not NAME=VALUE")
        key, value = item.split("=", 1)
        raw[key.strip()] = value
    values = {k: params.coerce(k, str(v)) for k, v in raw.items()}
    available = _countries_with_data() if {"home", "partner"} & set(values) else None
    checked = params.check(available=available, **values)
    home = checked.get("home", build.DEFAULTS["home"])
    partner = checked.get("partner", build.DEFAULTS["partner"])
    if home == partner:
        raise params.ParameterError(f"partner={partner!r} equals home={home!r}; choose two different countries")
    return checked


def _countries_with_data() -> list[str]:
    from ckaibook.data import datapackage

    return sorted(set(datapackage.load("wdi")["iso3"]))


def cmd_data(ns: argparse.Namespace) -> None:
    from ckaibook.data import datapackage

    build.log("==> rebuilding data/ from the raw mirror")
    path = datapackage.build(ns.table or None)
    build.log(f"==> wrote {build._shown(path)}")


def cmd_book(ns: argparse.Namespace) -> None:
    build.book(_collect(ns), force=ns.force, jobs=ns.jobs)


def cmd_chapter(ns: argparse.Namespace) -> None:
    from ckaibook.book import export

    src = build.resolve_chapter(ns.chapter)
    values = _collect(ns)
    declared = build.declared_parameters(src)
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise params.ParameterError(f"chapter {src.stem} has no parameter(s) {unknown}; it takes: {', '.join(declared)}")
    variant = build.variant_name(values)
    out_dir = build.paths.REPO / "runs" / variant
    build.log(f"==> executing {src.stem} with {values or 'default parameters'} into {build._shown(out_dir)}")
    build.execute_chapters([src], values, out_dir=out_dir, force=True)
    html = export.to_html(out_dir / src.name)
    build.log(f"==> notebook {build._shown(out_dir / src.name)}\n==> page     {build._shown(html)}")


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

    root = Path(ns.dir) if ns.dir else build.paths.BUILD / "html"
    if not (root / "index.html").exists():
        raise build.BuildError(f"{root} has no index.html: run `make book` first")
    with browser.serve(root, port=ns.port, quiet=False) as url:
        build.log(f"==> serving {root} at {url}/ (Ctrl-C to stop)")
        while True:
            time.sleep(3600)


def cmd_pdf(ns: argparse.Namespace) -> None:
    from ckaibook.book import pdf

    build.book()  # a fresh clone has no HTML yet; an up-to-date book costs nothing here
    build.log("==> printing the book to PDF (headless Chromium)")
    pdf.build_pdf()


def cmd_bench(ns: argparse.Namespace) -> None:
    from ckaibook.book import bench

    bench.run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ckaibook", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("data", help="rebuild data/ from the raw mirror")
    p.add_argument("table", nargs="*", help="only these tables (default: all)")
    p.set_defaults(func=cmd_data)
    p = sub.add_parser("book", help="execute chapters whose inputs changed, then build the HTML book")
    _add_param_flags(p)
    p.add_argument("--force", action="store_true", help="re-execute every chapter and rebuild all HTML")
    p.add_argument("--jobs", type=int, default=None, help="parallel chapter executions (default: cores)")
    p.set_defaults(func=cmd_book)
    p = sub.add_parser("chapter", help="rerun one chapter with other parameters into runs/<variant>/")
    p.add_argument("chapter", help="chapter number, e.g. 02")
    _add_param_flags(p)
    p.set_defaults(func=cmd_chapter)
    p = sub.add_parser("params", help="list each chapter's parameters, defaults and meaning")
    p.add_argument("chapter", nargs="?", help="one chapter (default: all)")
    p.set_defaults(func=cmd_params)
    p = sub.add_parser("serve", help="serve the built book on 127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--dir", help="folder to serve (default _build/html)")
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("pdf", help="build the book if needed, then print it as one PDF into _build/pdf/")
    p.set_defaults(func=cmd_pdf)
    p = sub.add_parser("bench", help="time a clean build, a no-op rebuild, a chapter rerun and the tests")
    p.set_defaults(func=cmd_bench)
    ns = parser.parse_args(argv)
    from ckaibook.book.citation import CitationError
    from ckaibook.book.pdf import PdfError
    from ckaibook.data.datapackage import DataError
    from ckaibook.data.paths import MissingRawMirror

    try:
        ns.func(ns)
    except (params.ParameterError, build.BuildError, DataError, MissingRawMirror, PdfError, CitationError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
