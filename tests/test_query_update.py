"""`spacekg query` refuses SPARQL Update unless --writable, and applies it with --writable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.cli import main
from kg.store import OxigraphStore

UPDATE = 'INSERT DATA { GRAPH <urn:x:g> { skr:Test rdfs:label "test"@en } }'


def test_update_refused_without_writable(
    seed_store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "s"
    shutil.copytree(seed_store_dir, store)
    assert main(["--store", str(store), "query", "-e", UPDATE]) == 2
    err = capsys.readouterr().err
    assert "SPARQL Update" in err and "--writable" in err and len(err.strip().splitlines()) == 1
    s = OxigraphStore(store)
    try:
        assert not s.query("ASK { skr:Test ?p ?o }").boolean
    finally:
        s.close()


def test_update_applied_with_writable(seed_store_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "s"
    shutil.copytree(seed_store_dir, store)
    assert main(["-q", "--store", str(store), "query", "--writable", "-e", UPDATE]) == 0
    s = OxigraphStore(store)
    try:
        assert s.query('ASK { skr:Test rdfs:label "test"@en }').boolean
    finally:
        s.close()
