"""The book in a real browser: serve a folder on 127.0.0.1, open pages in headless Chromium.

Used by the browser test and by the benchmark (page weight). Chromium is Debian's package at
/usr/bin/chromium, driven by Playwright's Python client; nothing is downloaded.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import mimetypes
import os
import shutil
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlparse, urlsplit

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium calls home at start-up (refused here, and noisy).
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHARTS_DRAWN = (
    "Array.from(document.querySelectorAll('.ckb-chart')).every(d => d.querySelector('svg.marks, canvas.marks'))"
)


def available() -> bool:
    """True if headless Chromium is installed."""
    return Path(CHROMIUM).exists()


COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".csv", ".txt", ".map", ".inv")


class BookHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for clients that accept it, as any production static host does
    (so "transferred bytes" measured here are what a reader's browser would receive)."""

    quiet = True

    def log_message(self, *args) -> None:  # noqa: ANN002
        if not self.quiet:
            super().log_message(*args)

    def _bad_path(self) -> bool:
        """Answer 400 (and return True) for a path no file can have: a NUL or control character
        (``/%00`` made the standard handler raise mid-request and print a traceback)."""
        target = unquote(urlsplit(self.path).path)
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad request path")
            return True
        return False

    def send_head(self):  # noqa: ANN201 (the standard handler's protocol)
        try:
            return super().send_head()
        except ValueError:  # any other path the OS refuses outright: a bad request, not a crash
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad request path")
            return None

    def list_directory(self, path):  # noqa: ANN001, ANN201
        """No directory listings: a folder without ``index.html`` is simply not found."""
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")
        return None

    def do_HEAD(self) -> None:  # noqa: N802
        if not self._bad_path():
            super().do_HEAD()

    def do_GET(self) -> None:  # noqa: N802
        if self._bad_path():
            return
        path = Path(self.translate_path(self.path))
        # os.path.isfile, not Path.is_file: the latter raises on a name too long for the OS.
        if os.path.isfile(path) and path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


@contextlib.contextmanager
def serve(folder: Path, port: int = 0, quiet: bool = True) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port unless given); yields the base URL.

    Raises:
        ValueError: a port outside 0–65535.
        OSError: the port cannot be bound (busy, or not permitted).
    """
    if not 0 <= port <= 65535:
        raise ValueError(f"port {port} is outside 0–65535")
    handler = functools.partial(type("Handler", (BookHandler,), {"quiet": quiet}), directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextlib.contextmanager
def chromium():
    """A headless Chromium browser (Playwright)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Visit:
    """What happened when a page was opened."""

    page: object
    context: object
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)

    @property
    def bytes(self) -> int:
        """Decoded bytes of everything the page loaded (each URL once: the chart script counts once)."""
        return sum(self.sizes.values())

    def transferred(self) -> int:
        """Bytes transferred over the wire (Resource Timing ``transferSize``: compressed bodies plus
        headers) for the page and everything it loaded, each URL once."""
        return int(
            self.page.evaluate(
                "performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
                ".reduce((sum, e) => sum + e.transferSize, 0)"
            )
        )

    def charts_rendered(self) -> int:
        return self.page.locator(".ckb-chart svg.marks, .ckb-chart canvas.marks").count()

    def close(self) -> None:
        self.context.close()


def visit(
    browser,
    url: str,
    width: int = 1280,
    wait_charts: bool = True,  # noqa: ANN001
    cpu_slowdown: float = 1,
    height: int = 900,
) -> Visit:
    """Open ``url``; block requests to any other host (recording them); draw and wait for every chart.

    ``cpu_slowdown`` > 1 slows the page's CPU that many times (Chrome DevTools' CPU throttling)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    v = Visit(page, context)
    origin = urlparse(url).netloc

    def route(r):  # noqa: ANN001
        if urlparse(r.request.url).netloc != origin and not r.request.url.startswith("data:"):
            v.foreign.append(r.request.url)
            return r.abort()
        return r.continue_()

    def on_response(r):  # noqa: ANN001
        if r.ok:
            try:
                v.sizes[r.url] = len(r.body())
            except Exception:  # noqa: BLE001 — a page that redirects (index.html) drops its own body
                v.sizes[r.url] = 0
        else:
            v.errors.append(f"HTTP {r.status} {r.url}")

    page.route("**/*", route)
    page.on("console", lambda m: v.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: v.errors.append(str(e)))
    page.on("response", on_response)
    if cpu_slowdown > 1:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": cpu_slowdown})
    page.goto(url, wait_until="networkidle")
    if wait_charts:
        draw_all(page)
    return v


def draw_all(page, timeout_ms: int = 30_000) -> None:  # noqa: ANN001
    """Draw every chart of the page now (charts are otherwise drawn as they near the viewport)."""
    page.evaluate("window.ckbCharts ? window.ckbCharts.drawAll().then(() => true) : true")
    page.wait_for_function(CHARTS_DRAWN, timeout=timeout_ms)


# --- accessibility (axe-core, shipped inside the pinned axe-playwright-python: no download) ---------

# WCAG 2.0 and 2.1, levels A and AA; "experimental" adds rules axe-core still marks so, among them
# label-content-name-mismatch (WCAG 2.5.3), which readers of this book tripped over on every page.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "experimental"]
BLOCKING_IMPACTS = ("serious", "critical")


def axe_violations(page) -> list[dict]:  # noqa: ANN001
    """axe-core's violations of the WCAG 2.0/2.1 A and AA rules on the page as it is now: one dict per
    rule with ``id``, ``impact``, ``help`` and ``nodes`` (CSS targets of the offending elements)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [", ".join(map(str, n["target"])) for n in v["nodes"]],
        }
        for v in results.response["violations"]
    ]


def blocking(violations: list[dict]) -> list[dict]:
    """The violations that fail the book: serious or critical."""
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


# --- paint times -------------------------------------------------------------------------------------

_FIRST_SCREEN = """() => {
  const h = window.innerHeight;
  return Array.from(document.querySelectorAll('.ckb-chart'))
    .filter(b => { const r = b.getBoundingClientRect(); return r.top < h && r.bottom > 0; })
    .map(b => b.id);
}"""
_DRAWN_MS = "ids => ids.map(id => Number(document.getElementById(id).dataset.drawnMs || NaN))"
_ALL_IDS = "() => Array.from(document.querySelectorAll('.ckb-chart')).map(b => b.id)"


def paint_times(
    browser,
    url: str,
    cpu_slowdown: float = 1,
    width: int = 1280,  # noqa: ANN001
    timeout_ms: int = 30_000,
) -> dict:
    """When the charts of a page are drawn, as a reader meets them (milliseconds since navigation).

    Returns ``charts`` (how many), ``first_screen`` (ids of those in the first screen),
    ``first_screen_ms`` (the last of those drawn; None if the first screen has none),
    ``first_chart_ms`` (the first chart drawn, scrolling if it is below the first screen) and
    ``all_ms`` (every chart drawn, the page scrolled to its end one screen at a time).
    ``cpu_slowdown=4`` is the slow-phone case (Chrome's CPU throttling)."""
    v = visit(browser, url, width=width, wait_charts=False, cpu_slowdown=cpu_slowdown)
    page = v.page
    try:
        ids = page.evaluate(_ALL_IDS)
        first = page.evaluate(_FIRST_SCREEN)
        if first:
            page.wait_for_function(
                "ids => ids.every(id => document.getElementById(id).dataset.drawnMs)", arg=first, timeout=timeout_ms
            )
        first_screen_ms = max(page.evaluate(_DRAWN_MS, first)) if first else None
        # Scroll like a reader, a screen at a time, letting the charts that come near be drawn.
        height = page.evaluate("document.documentElement.scrollHeight")
        y = 0
        while y < height:
            y += page.viewport_size["height"]
            page.evaluate(f"window.scrollTo(0, {y})")
            page.wait_for_timeout(50)
            height = page.evaluate("document.documentElement.scrollHeight")
        if ids:
            page.wait_for_function(
                "ids => ids.every(id => document.getElementById(id).dataset.drawnMs)", arg=ids, timeout=timeout_ms
            )
        drawn = page.evaluate(_DRAWN_MS, ids) if ids else []
        return {
            "charts": len(ids),
            "first_screen": first,
            "first_screen_ms": first_screen_ms,
            "first_chart_ms": min(drawn) if drawn else None,
            "all_ms": max(drawn) if drawn else None,
            "errors": list(v.errors),
        }
    finally:
        v.close()


def chart_paint_times(site: Path, pages: list[str], cpu_slowdowns: tuple[float, ...] = (1, 4)) -> dict:
    """``paint_times`` for each page (paths relative to ``site``) at each CPU slowdown:
    ``{page: {"1x": {...}, "4x": {...}}}``. For ``make bench``; needs Chromium."""
    out: dict[str, dict] = {}
    with serve(site) as url, chromium() as b:
        for rel in pages:
            out[rel] = {f"{s:g}x": paint_times(b, f"{url}/{rel}", cpu_slowdown=s) for s in cpu_slowdowns}
    return out
