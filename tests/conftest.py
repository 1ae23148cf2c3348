"""Shared fixtures; `require()` turns a missing component into a skip, or a failure under CI."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from kg.model import Extraction
    from kg.store import GraphStore


def require(component: str, available: bool, why: str = "") -> None:
    """Skip when `component` is missing; fail instead when SPACEKG_REQUIRE_ALL=1 (CI)."""
    if available:
        return
    message = f"{component} is missing{': ' + why if why else ''}"
    if os.environ.get("SPACEKG_REQUIRE_ALL") == "1":
        pytest.fail(f"SPACEKG_REQUIRE_ALL=1 but {message}")
    pytest.skip(message)


def require_program(name: str) -> str:
    """The path of an executable on PATH, or skip/fail with the reason."""
    path = shutil.which(name)
    require(name, path is not None, f"install the Debian package that provides `{name}`")
    assert path is not None
    return path


# ---------------------------------------------------------------- the seed article, built once
SEED_FILE = "roscosmos-cnsa-lunar-station.ar.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    from kg.paths import ARTICLES_DIR

    return ARTICLES_DIR / SEED_FILE


@pytest.fixture(scope="session")
def seed_extraction(seed_path: Path) -> Extraction:
    """The extractor's output on the seed article (no store involved)."""
    from kg.articles import read_article
    from kg.extract.pipeline import extract
    from kg.lexicon import Lexicon

    raw = read_article(seed_path)
    return extract(raw.text, raw.meta, Lexicon.load())


@pytest.fixture(scope="session")
def seed_store_dir(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    """A default (Oxigraph) store holding the seed article, ontology and lexicon; closed after building.

    Open it with `OxigraphStore(seed_store_dir)` (read-only) and close it when done.
    """
    from kg.build import ingest_paths
    from kg.store import OxigraphStore

    location = tmp_path_factory.mktemp("seed-store")
    store = OxigraphStore(location, writable=True)
    try:
        report = ingest_paths(store, [seed_path], progress=False)
        assert not report.failures, report.failures
    finally:
        store.close()
    return location


@pytest.fixture(scope="session")
def seed_triples(seed_store_dir: Path) -> int:
    """How many triples the seed store holds (the lexicon's size moves it, so tests do not hard-code it)."""
    from kg.store import OxigraphStore

    store = OxigraphStore(seed_store_dir)
    try:
        return int(str(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]))
    finally:
        store.close()


@pytest.fixture()
def seed_store(seed_store_dir: Path) -> Iterator[GraphStore]:
    """The seed store, open read-only for one test."""
    from kg.store import OxigraphStore

    store = OxigraphStore(seed_store_dir)
    try:
        yield store
    finally:
        store.close()


# ---------------------------------------------------------------- the query layer's test graph
QUERY_FIXTURE = Path(__file__).parent / "data" / "seed-fixture.trig"


@pytest.fixture(scope="session")
def fixture_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An Oxigraph store loaded from tests/data/seed-fixture.trig, a hand-written slice of the seed graph."""
    import pyoxigraph as ox

    from kg.store import OxigraphStore

    location = tmp_path_factory.mktemp("fixture-store")
    store = OxigraphStore(location, writable=True)
    try:
        store.oxigraph.load(path=str(QUERY_FIXTURE), format=ox.RdfFormat.TRIG)
    finally:
        store.close()
    return location


@pytest.fixture(scope="session")
def query_store_dir(seed_store_dir: Path) -> Path:
    """The store the query, serve and graph-view tests read: the real build of the seed article.
    (`fixture_store_dir`, a hand-written slice of it, stays available for unit tests.)"""
    return seed_store_dir


@pytest.fixture()
def query_store(query_store_dir: Path) -> Iterator[GraphStore]:
    """`query_store_dir`, open read-only for one test."""
    from kg.store import OxigraphStore

    store = OxigraphStore(query_store_dir)
    try:
        yield store
    finally:
        store.close()
