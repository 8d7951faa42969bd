"""``make fetch`` and the raw-snapshot manifest, against a local HTTP server on 127.0.0.1.

The server serves copies of the mirror's files: as they are, with other bytes (wrong hash), cut
short (Content-Length promises more than is sent), shortened (a smaller file), missing (404), or
too slowly (timeout). Nothing leaves the machine.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ckaibook.book import datafiles
import yaml

from ckaibook.book import cli
from ckaibook.data import datapackage, fetch, paths, snapshot
from ckaibook.data.etl import all_tables


class RawServer:
    """Serves ``/<mode>/<source>/<file>`` from a raw mirror; ``overrides`` replaces a file's bytes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.overrides: dict[str, bytes] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep pytest output clean
                pass

            def do_GET(self) -> None:  # noqa: N802
                server.requests.append(self.path)
                mode, _, rel = self.path.lstrip("/").partition("/")
                body = server.body(rel)
                if mode == "missing" or body is None:
                    self.send_error(404)
                    return
                if mode == "slow":
                    time.sleep(1.5)
                if mode == "wrong":
                    body = body[:-2] + (b"XX" if body[-2:] != b"XX" else b"YY")
                if mode == "short":
                    body = body[: len(body) // 2]
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if mode == "cut":
                    self.wfile.write(body[: len(body) // 3])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def body(self, rel: str) -> bytes | None:
        if rel in self.overrides:
            return self.overrides[rel]
        if rel.endswith(".zip"):
            # ai_models.zip stand-in: the member the manifest names, inside a folder as in Epoch's package.
            source, _, name = rel.removesuffix(".zip").partition("/")
            path = self.root / source / name
            if not path.is_file():
                return None
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
                zf.write(path, f"ai_models/{name}")
            return buf.getvalue()
        path = (self.root / rel) if not rel.startswith("claims/") else self.root.parent / rel
        return path.read_bytes() if path.is_file() else None


@pytest.fixture
def server(raw_mirror):
    srv = RawServer(raw_mirror)
    srv.thread.start()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


@pytest.fixture
def manifest(tmp_path, monkeypatch, server):
    """A copy of snapshots/ whose addresses point at the local server (mode ``good``); returns a setter."""
    folder = tmp_path / "snapshots"
    shutil.copytree(paths.SNAPSHOTS, folder)
    monkeypatch.setattr(paths, "SNAPSHOTS", folder)

    def point(mode: str = "good", only: dict[str, str] | None = None) -> Path:
        """Rewrite every url (or, with ``only``, the named ``source/file`` → mode) to the server."""
        for yml in folder.glob("*.yml"):
            doc = yaml.safe_load(yml.read_text())
            for f in doc["files"]:
                rel = f"{doc['source']}/{f['path']}"
                m = (only or {}).get(rel, mode if only is None else "good")
                if f.get("url"):
                    f["url"] = f"{server.url}/{m}/{rel}" + (".zip" if f.get("member") else "")
                if f.get("update_url"):
                    f["update_url"] = f"{server.url}/{m}/{rel}"
            yml.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
        return folder

    point()
    return point


@pytest.fixture
def no_mirror(tmp_path, monkeypatch):
    """A fresh clone elsewhere: no mirror beside it, CKAIBOOK_RAW unset, an empty cache in tmp."""
    monkeypatch.delenv(paths.RAW_ENV, raising=False)
    monkeypatch.setattr(paths, "SHARED_RAW", tmp_path / "nowhere" / "raw")
    cache = tmp_path / "cache"
    monkeypatch.setenv(paths.CACHE_ENV, str(cache))
    return cache


# ---------------------------------------------------------------- the manifest itself


def test_manifest_covers_every_raw_file_and_matches_the_mirror(raw_mirror):
    manifest = snapshot.load_manifest()
    for snap in manifest.values():
        folder = snapshot.RawFile(snap.source, snap.folder, "x", "0" * 64, 0, "2000-01-01").under(raw_mirror).parent
        on_disk = sorted(p.name for p in folder.iterdir() if p.name not in ("SOURCE.md", "README.md"))
        assert on_disk == sorted(f.path for f in snap.files), f"snapshots/{snap.source}.yml does not list {folder}"
        for f in snap.files:
            assert snapshot.mismatch(f, f.under(raw_mirror)) is None, f.rel
            # A URL is either pinned to a commit or a publisher's own address; never guessed.
            assert f.url or f.repo_copy, f"{f.rel}: neither a download address nor a copy in the repository"
    used = {t.source.folder for t in all_tables().values() if t.source.folder}
    assert used <= {s.folder for s in manifest.values()}


def test_manifest_round_trips_through_write_snapshot(tmp_path):
    for snap in snapshot.load_manifest().values():
        out = snapshot.write_snapshot(snap, tmp_path)
        assert out.read_text() == (paths.SNAPSHOTS / out.name).read_text(), out.name


def test_malformed_manifest_is_one_line_naming_the_file(tmp_path, monkeypatch):
    shutil.copytree(paths.SNAPSHOTS, tmp_path / "s")
    monkeypatch.setattr(paths, "SNAPSHOTS", tmp_path / "s")
    path = tmp_path / "s" / "ember.yml"
    path.write_text(path.read_text().replace("sha256: bd70", "sha256: zz70", 1))
    with pytest.raises(snapshot.SnapshotError, match=r"^snapshots/ember.yml: api_country_overview_yearly.csv: sha256"):
        snapshot.load_manifest()


def test_retrieved_date_comes_from_the_manifest(tmp_path, monkeypatch):
    shutil.copytree(paths.SNAPSHOTS, tmp_path / "s")
    monkeypatch.setattr(paths, "SNAPSHOTS", tmp_path / "s")
    assert paths.retrieved_date("ember") == "2026-11-26"
    snap = snapshot.load_manifest()["ember"]
    snapshot.write_snapshot(snapshot.with_files(snap, [dataclasses.replace(snap.files[0], retrieved="2027-01-05")]))
    assert paths.retrieved_date("ember") == "2027-01-05"
    assert paths.retrieved_date("../claims") == "2026-11-26"


# ---------------------------------------------------------------- make fetch


def test_fetch_downloads_verifies_and_resumes(manifest, no_mirror, server):
    lines: list[str] = []
    out = fetch.fetch(["ember", "epoch_models", "claims"], progress=False, log=lines.append)
    assert {o.status for o in out} == {"downloaded", "copied"}  # the ledger is copied from data/claims.csv
    for o in out:
        assert snapshot.mismatch(o.file, o.file.under(no_mirror / "raw")) is None
    assert "/good/epoch_models/all_ai_models.csv.zip" in server.requests  # the zip, then its member
    n = len(server.requests)
    again = fetch.fetch(["ember", "epoch_models", "claims"], progress=False, log=lines.append)
    assert {o.status for o in again} == {"cached"} and len(server.requests) == n
    # Resume: a file lost from the cache is the only one fetched again.
    (no_mirror / "raw" / "ember" / "api_country_overview_yearly.csv").unlink()
    third = fetch.fetch(["ember"], progress=False, log=lines.append)
    assert [o.status for o in third] == ["cached", "downloaded"]
    assert not (no_mirror / ".partial").exists()


@pytest.mark.parametrize(
    "mode, expect",
    [
        ("wrong", r"altered: sha256 .* run `ckaibook fetch --update ember`"),
        ("short", r"truncated: 263,670 bytes, snapshots/ember.yml records 527,341; rerun `make fetch`"),
        ("cut", r"download cut short .*; rerun `make fetch`"),
        ("missing", r"HTTP 404 from .*; the copy was moved or deleted: download it from https://ember-energy.org"),
        ("slow", r"timed out after 0.5s at .*; check the connection and rerun `make fetch`"),
    ],
)
def test_each_failure_is_one_line_and_never_replaces_a_good_file(manifest, no_mirror, mode, expect):
    rel = "ember/api_country_overview_yearly.csv"
    fetch.fetch(["ember"], progress=False, log=lambda s: None)
    good = no_mirror / "raw" / rel
    before = good.read_bytes()
    good.write_bytes(before + b"junk")  # an altered cached file: fetch must try to restore it
    manifest(only={rel: mode})
    lines: list[str] = []
    with pytest.raises(fetch.FetchError, match="1 of 2 raw files could not be fetched"):
        fetch.fetch(["ember"], progress=False, timeout=0.5, log=lines.append)
    failures = [s for s in lines if s.startswith("fetch: ")]
    assert len(failures) == 1 and "\n" not in failures[0]
    assert failures[0].startswith(f"fetch: {rel}: ")
    assert re.search(expect, failures[0]), failures[0]
    assert good.read_bytes() == before + b"junk"  # the bad download did not replace it…
    good.write_bytes(before)
    fetch.fetch(["ember"], progress=False, timeout=0.5, log=lines.append)  # …and a good file stays good
    assert good.read_bytes() == before


def test_fetch_copies_good_files_from_a_mirror_instead_of_downloading(
    manifest, tmp_path, monkeypatch, server, raw_mirror
):
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(paths.RAW_ENV, str(raw_mirror))
    out = fetch.fetch(["wdi"], progress=False, log=lambda s: None)
    assert {o.status for o in out} == {"copied"} and server.requests == []


def test_make_data_without_mirror_or_cache_says_run_make_fetch(no_mirror, capsys):
    assert cli.main(["data", "ember"]) == 2
    errors = [s for s in capsys.readouterr().err.splitlines() if s.startswith("error:")]
    assert len(errors) == 1 and "run `make fetch`" in errors[0]


@pytest.mark.slow
def test_fresh_clone_fetch_then_data_reproduces_data_byte_for_byte(manifest, no_mirror, server, tmp_path):
    fetch.fetch(progress=False, log=lambda s: None)
    assert paths.raw_root() == no_mirror / "raw"
    out = tmp_path / "data"
    shutil.copytree(paths.DATA / "curated", out / "curated")
    datafiles.build(data_dir=out)
    listed = [r["path"] for r in datapackage.descriptor()["resources"]] + ["datapackage.json"]
    for rel in listed:
        assert (out / rel).read_bytes() == (paths.DATA / rel).read_bytes(), f"data/{rel} differs when rebuilt"
    assert not any(r.startswith("/good/claims") for r in server.requests)


# ---------------------------------------------------------------- make data checks its raw inputs


@pytest.mark.parametrize("damage, word", [("truncate", "truncated"), ("alter", "altered")])
def test_make_data_refuses_a_damaged_raw_file_in_one_line(scratch_raw, damage, word, capsys):
    root = scratch_raw("ember")
    path = root / "ember" / "api_country_overview_yearly.csv"
    data = path.read_bytes()
    # Both keep the CSV readable, so the ETL alone would build a wrong table without complaint.
    path.write_bytes(
        data[: data.rindex(b"\n", 0, len(data) - 1) + 1]
        if damage == "truncate"
        else data.replace(b"614.69", b"714.69", 1)
    )
    with pytest.raises(
        snapshot.SnapshotError,
        match=rf"raw file .*ember/api_country_overview_yearly.csv does not " rf"match its snapshot \({word}",
    ):
        datafiles.build(["ember"], data_dir=root.parent / "data")
    assert cli.main(["data", "ember"]) == 2
    errors = [s for s in capsys.readouterr().err.splitlines() if s.startswith("error:")]
    assert len(errors) == 1 and "`ckaibook fetch --update ember`" in errors[0]


# ---------------------------------------------------------------- refresh a source, then make diff


def _edited_coal(raw_mirror: Path) -> bytes:
    """OWID's coal file as a new edition might bring it: Korea's 2024 coal cut to 1 TWh, and a 2026 row."""
    text = (raw_mirror / "owid_energy" / "electricity-coal.csv").read_text(encoding="utf-8")
    assert "South Korea,KOR,2024,190.78\n" in text
    text = text.replace("South Korea,KOR,2024,190.78\n", "South Korea,KOR,2024,1.0\n")
    last_kor = [line for line in text.splitlines() if line.startswith("South Korea,KOR,")][-1]
    return text.replace(last_kor + "\n", last_kor + "\nSouth Korea,KOR,2026,150.0\n").encode("utf-8")


@pytest.mark.slow
def test_update_then_diff_reports_changed_values_new_year_and_flipped_verdict(
    manifest, server, tmp_path, monkeypatch, raw_mirror
):
    from ckaibook.book import diff

    cache = tmp_path / "cache"
    monkeypatch.setenv(paths.CACHE_ENV, str(cache))
    server.overrides["owid_energy/electricity-coal.csv"] = _edited_coal(raw_mirror)
    lines: list[str] = []
    fetch.update("owid_energy", today="2027-01-05", progress=False, log=lines.append)
    snap = snapshot.load_manifest()["owid_energy"]
    coal = next(f for f in snap.files if f.path == "electricity-coal.csv")
    assert coal.retrieved == "2027-01-05" and coal.url == coal.update_url
    assert coal.sha256 == snapshot.sha256_file(cache / "raw" / "owid_energy" / "electricity-coal.csv")
    assert all(f.retrieved == "2026-11-26" for f in snap.files if f.path != "electricity-coal.csv")
    assert sum("new edition" in s for s in lines) == 1

    new = tmp_path / "data"
    shutil.copytree(paths.DATA, new)
    datafiles.build(["owid_energy"], data_dir=new)
    res = datapackage.resource("owid_energy", new)
    assert res["retrieved"] == "2027-01-05"

    text = diff.report(new_dir=new)
    assert "**3 table(s) changed**" in text and "| owid_energy | " in text
    section = text.split("## `owid_energy`")[1].split("## ")[0]
    assert "| generation | coal | KOR | 2024 | value | 190.78 | 1 | -99.5% |" in section, section
    assert "**Rows added** (1)" in section and "2026" in section
    assert re.search(r"\| owid_energy \| [\d,]+ \| [\d,]+ \| 1 \| 0 \| \d+ \| 2025 → \*\*2026\*\* \|", text), text
    assert "**1 verdict(s) flip**" in text
    assert re.search(r"\| C59 \| .* \| supported \| contradicted \| \*\*yes\*\* \|", text), text
    assert "- `04-roadmap` reads `generation_mix`" in text  # the mix is derived from owid_energy
    # Nothing else moved: the unchanged tables are only counted.
    assert "## `wdi`" not in text


def test_diff_of_unchanged_data_says_so():
    from ckaibook.book import diff

    text = diff.report()
    if "No table changed" not in text:
        pytest.skip("data/ differs from HEAD in this working tree")
    assert "Not recomputed" in text and "No chapter reads a changed table." in text


def test_glue_comparison_lists_each_changed_value():
    from ckaibook.book import diff

    assert diff.compare_glue({"a": "1", "b": "2", "c": "3"}, {"a": "1", "b": "2.5", "d": "4"}) == [
        ("b", "2", "2.5"),
        ("c", "3", None),
        ("d", None, "4"),
    ]
    nb = nbformat_notebook({"kor_share": "60.1%"})
    assert diff.glued_values(nb) == {"kor_share": "60.1%"}


def nbformat_notebook(glued: dict[str, str]):
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("glue(...)")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={f"{diff_mime()}text/plain": v},
            metadata={"scrapbook": {"name": k, "mime_prefix": diff_mime()}},
        )
        for k, v in glued.items()
    ]
    nb.cells.append(cell)
    return nb


def diff_mime() -> str:
    return "application/papermill.record/"


def test_diff_rejects_a_revision_that_could_be_an_option():
    from ckaibook.book import diff

    with pytest.raises(diff.DiffError, match="not a git revision"):
        diff.report(ref="--output=/tmp/x")


def test_update_adopts_a_file_placed_by_hand_for_a_source_behind_a_web_page(manifest, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv(paths.CACHE_ENV, str(cache))
    lines: list[str] = []
    before = (paths.SNAPSHOTS / "indices.yml").read_text()
    fetch.update("indices", today="2027-01-05", progress=False, log=lines.append)
    assert (paths.SNAPSHOTS / "indices.yml").read_text() == before
    hint = [s for s in lines if s.startswith("fetch: indices/AI_index_db.csv")]
    assert len(hint) == 1 and "https://www.tortoisemedia.com/intelligence/global-ai/" in hint[0]
    assert str(cache / "raw" / "indices" / "AI_index_db.csv") in hint[0]
    placed = cache / "raw" / "indices" / "AI_index_db.csv"
    placed.write_bytes(placed.read_bytes() + b"New Country,1,1,1,1,1,1,1,1,Asia-Pacific,Nascent,High,x\n")
    fetch.update("indices", today="2027-01-05", progress=False, log=lines.append)
    f = snapshot.load_manifest()["indices"].files[0]
    assert (f.sha256, f.bytes, f.retrieved, f.url) == (
        snapshot.sha256_file(placed),
        placed.stat().st_size,
        "2027-01-05",
        None,
    )


def test_update_records_nothing_when_one_download_fails(manifest, tmp_path, monkeypatch):
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path / "cache"))
    manifest(only={"ember/api_country_overview_monthly.csv": "missing"})
    before = (paths.SNAPSHOTS / "ember.yml").read_text()
    lines: list[str] = []
    with pytest.raises(fetch.FetchError, match="snapshots/ember.yml and the cache are unchanged"):
        fetch.update("ember", today="2027-01-05", progress=False, log=lines.append)
    assert (paths.SNAPSHOTS / "ember.yml").read_text() == before
    assert [s for s in lines if s.startswith("fetch: ")] == [
        s for s in lines if "api_country_overview_monthly.csv: HTTP 404" in s
    ]
