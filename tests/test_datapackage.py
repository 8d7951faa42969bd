"""The data package: descriptor, checksums, schema checks, and byte-for-byte regeneration."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import frictionless
import pandas as pd
import pytest

from ckaibook.book import datafiles
from ckaibook.data import datapackage, paths
from ckaibook.data.etl import all_tables


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A copy of data/ that tests may damage; load() is pointed at it."""
    target = tmp_path / "data"
    shutil.copytree(paths.DATA, target)
    monkeypatch.setattr(paths, "DATA", target)
    datapackage.load.cache_clear()
    yield target
    datapackage.load.cache_clear()


def test_descriptor_lists_every_declared_table_with_provenance():
    desc = datapackage.descriptor()
    names = {r["name"] for r in desc["resources"]}
    staged = {t.name for stage in datafiles.STAGES for t in stage}
    assert names == set(all_tables()) | staged
    for res in desc["resources"]:
        if res["name"] in staged:
            assert res["derived_from"] and set(res["derived_from"]) <= names, res["name"]
    for res in desc["resources"]:
        assert (paths.DATA / res["path"]).is_file(), res["path"]
        assert res["hash"].startswith("sha256:") and len(res["hash"]) == 7 + 64
        assert res["sources"][0]["path"].startswith("http")
        assert res["licenses"][0]["name"]
        assert res["retrieved"] and res["vintage"]


def test_descriptor_is_valid_frictionless_metadata():
    descriptor = json.loads((paths.DATA / "datapackage.json").read_text())
    report = frictionless.Package.validate_descriptor(descriptor)
    assert report.valid, report.flatten(["type", "note"])[:5]


def test_frictionless_validates_a_table_against_its_schema_and_hash():
    package = frictionless.Package(str(paths.DATA / "datapackage.json"))
    report = frictionless.validate(package.get_resource("fx"))
    assert report.valid, report.flatten(["type", "note"])[:5]


def test_load_returns_typed_frame():
    df = datapackage.load("ember")
    assert str(df["year"].dtype) == "Int64"
    assert df["value"].dtype == "float64"
    assert str(df["iso3"].dtype) == "string"


def test_unknown_table_lists_known_ones():
    with pytest.raises(datapackage.DataError, match="known tables: .*wdi"):
        datapackage.load("no_such_table")


def test_corrupted_file_fails_checksum_naming_the_file(data_copy):
    path = data_copy / "ember.csv"
    path.write_bytes(path.read_bytes().replace(b"CAN,2024", b"CAN,2025", 1))
    with pytest.raises(datapackage.DataError, match=r"ember\.csv: checksum mismatch"):
        datapackage.load("ember")


def test_missing_file_is_named(data_copy):
    (data_copy / "fx.csv").unlink()
    with pytest.raises(datapackage.DataError, match=r"fx\.csv: file missing"):
        datapackage.load("fx")


def test_missing_column_is_caught_even_with_matching_hash(data_copy):
    # Rewrite the file without a column and update its hash: the schema check must still fail.
    path = data_copy / "fx.csv"
    pd.read_csv(path).drop(columns=["per_usd"]).to_csv(path, index=False, lineterminator="\n")
    desc = json.loads((data_copy / "datapackage.json").read_text())
    for res in desc["resources"]:
        if res["name"] == "fx":
            res["hash"] = "sha256:" + datapackage.sha256(path)
    (data_copy / "datapackage.json").write_text(json.dumps(desc))
    with pytest.raises(datapackage.DataError, match="do not match the schema"):
        datapackage.load("fx")


def test_wrong_type_is_caught(data_copy):
    path = data_copy / "fx.csv"
    text = path.read_text().splitlines()
    text[1] = text[1].split(",")[0] + ",not-a-year," + text[1].split(",")[2]
    path.write_text("\n".join(text) + "\n")
    desc = json.loads((data_copy / "datapackage.json").read_text())
    for res in desc["resources"]:
        if res["name"] == "fx":
            res["hash"] = "sha256:" + datapackage.sha256(path)
    (data_copy / "datapackage.json").write_text(json.dumps(desc))
    with pytest.raises(datapackage.DataError, match="schema types"):
        datapackage.load("fx")


def test_regenerating_data_reproduces_it_byte_for_byte(raw_mirror, tmp_path):
    out = tmp_path / "data"
    shutil.copytree(paths.DATA / "curated", out / "curated")
    datafiles.build(data_dir=out)
    listed = [r["path"] for r in datapackage.descriptor()["resources"]] + ["datapackage.json"]
    assert sorted(r["path"] for r in datapackage.descriptor(out)["resources"]) == sorted(listed[:-1])
    for rel in listed:
        assert (out / rel).read_bytes() == (paths.DATA / rel).read_bytes(), f"data/{rel} differs when rebuilt"
