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
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CHARTS_DRAWN = "Array.from(document.querySelectorAll('.ckb-chart')).every(d => d.querySelector('svg.marks, canvas.marks'))"


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
        if (os.path.isfile(path) and path.suffix in COMPRESSIBLE
                and "gzip" in self.headers.get("Accept-Encoding", "")):
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
        return int(self.page.evaluate(
            "performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
            ".reduce((sum, e) => sum + e.transferSize, 0)"))

    def charts_rendered(self) -> int:
        return self.page.locator(".ckb-chart svg.marks, .ckb-chart canvas.marks").count()

    def close(self) -> None:
        self.context.close()


def visit(browser, url: str, width: int = 1280, wait_charts: bool = True) -> Visit:  # noqa: ANN001
    """Open ``url``; block requests to any other host (recording them); wait for every chart."""
    context = browser.new_context(viewport={"width": width, "height": 900})
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
            v.sizes[r.url] = len(r.body())
        else:
            v.errors.append(f"HTTP {r.status} {r.url}")

    page.route("**/*", route)
    page.on("console", lambda m: v.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: v.errors.append(str(e)))
    page.on("response", on_response)
    page.goto(url, wait_until="networkidle")
    if wait_charts:
        page.wait_for_function(CHARTS_DRAWN, timeout=20_000)
    return v
