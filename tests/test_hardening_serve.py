"""`make serve`: bad requests get 400/404 and no traceback, no directory listings, one-line port errors."""

from __future__ import annotations

import http.client
import socket
import time

import pytest

from ckaibook.book import browser, cli


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("serve")
    root = tmp_path / "html"
    (root / "chapters").mkdir(parents=True)
    (root / "index.html").write_text("<p>book</p>")
    (root / "chapters" / "00.html").write_text("<p>chapter</p>")
    (tmp_path / "secret.txt").write_text("outside the site")
    return root


@pytest.fixture(scope="module")
def base(site):
    """One server for the module (each shutdown waits for the serving loop's half-second poll)."""
    with browser.serve(site) as url:
        yield url


def _get(base: str, raw_path: str, method: str = "GET") -> int:
    """Status of a request sent with the path exactly as given (no client-side normalisation)."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.putrequest(method, raw_path, skip_accept_encoding=True)
        conn.putheader("Accept-Encoding", "gzip")
        conn.endheaders()
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


@pytest.mark.parametrize(
    "raw_path, allowed",
    [
        ("/%00", {400}),
        ("/index.html%00.txt", {400}),
        ("/%01", {400}),
        ("/" + "a" * 300, {400, 404}),
        ("/" + "a" * 300 + ".html", {400, 404}),
        ("/../secret.txt", {400, 404}),
        ("/%2e%2e/secret.txt", {400, 404}),
        ("/chapters/..%2f..%2fsecret.txt", {400, 404}),
        ("/chapters/", {403, 404}),
        ("/missing.html", {404}),
    ],
)
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_bad_requests_are_answered_without_a_traceback(base, capfd, raw_path, allowed, method):
    assert _get(base, raw_path, method) in allowed
    assert _get(base, "/index.html", method) == 200  # the server is still up
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Exception occurred" not in err, err


def test_no_directory_is_listed(base):
    assert _get(base, "/chapters/") in {403, 404}
    assert _get(base, "/chapters/00.html") == 200


def _cli_error(capsys, monkeypatch, *argv: str) -> str:
    # Should the server start after all, stop it at once (as Ctrl-C would) instead of hanging the test.
    monkeypatch.setattr(time, "sleep", lambda _: (_ for _ in ()).throw(KeyboardInterrupt))
    assert cli.main(list(argv)) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "\n" not in err and "Traceback" not in err
    return err


@pytest.mark.parametrize("port", ["99999", "0", "-1", "eighty", "80.5"])
def test_impossible_port_is_one_line(site, capsys, monkeypatch, port):
    err = _cli_error(capsys, monkeypatch, "serve", "--dir", str(site), "--port", port)
    assert f"--port {port!r} is not a port number (1–65535)" in err


def test_busy_port_is_one_line(site, capsys, monkeypatch):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        err = _cli_error(capsys, monkeypatch, "serve", "--dir", str(site), "--port", str(port))
    assert f"cannot serve on 127.0.0.1:{port}: Address already in use" in err
