"""Lossless and deterministic: every export format loads back into an empty store as the same graphs;
the same input exports byte-identically; rapper parses what we write, even from a hostile article."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.build import ingest_paths
from kg.store import EXPORT_FORMATS, OxigraphStore
from kg.store.base import ExportFormat
from tests.conftest import require_program

# A name-like run after a trigger word, with everything that is illegal or dangerous in an IRI or a literal.
HOSTILE = (
    'قال رائد الفضاء John "Evil" O\'Brien <script>alert(1)</script> إن الرحلة نجحت.\n'
    "وقال رائد الفضاء Jack\nSparrow إن المحطة جاهزة.\n"
    "وأعلن رائد الفضاء \u202eEvil Name\u202c أن وكالة ناسا ستطلق المركبة في عام 2024.\n"
    "والتقى رائد الفضاء " + "Smith " * 850 + "مع رئيس وكالة الفضاء الروسية روسكوزموس.\n"
    'وقالت الصين إن "المهمة" ستنطلق <قريبا> في 2025 \\ مع شركة سبيس إكس.\n'
)
HOSTILE_META = {
    "title": 'عنوان "مقتبس" <b>\nسطر ثان \u202e',
    "source": "Source\t\\ with \"quotes\" and \u0007 bell",
    "url": "https://example.org/news?id=1&q=%22x%22#frag",
    "published": "2024-02-29",
}
QUAD_FORMATS = ("trig", "nquads", "json-ld")
OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS, "json-ld": ox.RdfFormat.JSON_LD,
}
RAPPER_SYNTAX = {"turtle": "turtle", "nt": "ntriples", "trig": "trig", "nquads": "nquads"}


def write_inputs(directory: Path, seed_path: Path) -> Path:
    directory.mkdir(parents=True)
    (directory / seed_path.name).write_bytes(seed_path.read_bytes())
    (directory / "hostile.ar.txt").write_text(HOSTILE, encoding="utf-8")
    (directory / "hostile.ar.meta.json").write_text(json.dumps(HOSTILE_META, ensure_ascii=False), encoding="utf-8")
    return directory


def build(store_dir: Path, inputs: Path) -> Path:
    store = OxigraphStore(store_dir, writable=True)
    try:
        report = ingest_paths(store, [inputs], progress=False)
    finally:
        store.close()
    assert not report.failures, report.failures
    assert len(report.results) == 2
    return store_dir


@pytest.fixture(scope="module")
def inputs(seed_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_inputs(tmp_path_factory.mktemp("roundtrip") / "in", seed_path)


@pytest.fixture(scope="module")
def store_dir(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("roundtrip-a") / "store", inputs)


@pytest.fixture()
def store(store_dir: Path) -> Iterator[OxigraphStore]:
    s = OxigraphStore(store_dir)
    try:
        yield s
    finally:
        s.close()


def as_graph(store: OxigraphStore, name: URIRef | None = None) -> Graph:
    """One named graph, or the union of all of them."""
    graph = Graph()
    triples = store.graph_triples(name) if name is not None else Graph().parse(data=store.export("nt"), format="nt")
    for t in triples:
        graph.add(t)
    return graph


def assert_isomorphic(a: Graph, b: Graph, what: str) -> None:
    if isomorphic(a, b):
        return
    _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
    sample = sorted(only_a)[:3] + sorted(only_b)[:3]
    pytest.fail(f"{what}: {len(only_a)} triples only before, {len(only_b)} only after, e.g. {sample}")


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_then_import_into_an_empty_store_is_lossless(store: OxigraphStore, fmt: str, tmp_path: Path) -> None:
    data = store.export(fmt)  # type: ignore[arg-type]
    copy = OxigraphStore(tmp_path / "copy", writable=True)
    try:
        copy.oxigraph.load(data, format=OX_FORMATS[fmt])
        assert_isomorphic(as_graph(store), as_graph(copy), f"{fmt}: the union")
        if fmt in QUAD_FORMATS:
            assert copy.graph_names() == store.graph_names()
            for name in store.graph_names():
                assert_isomorphic(as_graph(store, name), as_graph(copy, name), f"{fmt}: graph {name}")
    finally:
        copy.close()


def test_the_same_input_exports_byte_identically(
    store: OxigraphStore, inputs: Path, tmp_path: Path
) -> None:
    other = OxigraphStore(build(tmp_path / "store", inputs))
    try:
        for fmt in EXPORT_FORMATS:
            first = store.export(fmt)  # type: ignore[arg-type]
            assert first == store.export(fmt), f"{fmt}: two exports of one store differ"  # type: ignore[arg-type]
            assert first == other.export(fmt), f"{fmt}: two builds from the same input differ"  # type: ignore[arg-type]
    finally:
        other.close()


@pytest.mark.parametrize("fmt", RAPPER_SYNTAX)
def test_rapper_parses_every_export(store: OxigraphStore, fmt: ExportFormat, tmp_path: Path) -> None:
    rapper = require_program("rapper")
    path = tmp_path / f"kg.{fmt}"
    path.write_bytes(store.export(fmt))
    done = subprocess.run(
        [rapper, "-q", "-i", RAPPER_SYNTAX[fmt], "-c", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    count = re.search(r"returned (\d+) (?:triples|statements)", done.stderr)
    assert count is None or int(count.group(1)) > 0


# ---------------------------------------------------------------- the hostile article


def test_hostile_names_are_minted_into_safe_iris(store: OxigraphStore) -> None:
    unsafe = re.compile(r"[\s<>\"{}|^`\\\u200e\u200f\u202a-\u202e\u2066-\u2069]")
    for quad in store.oxigraph:
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode):
                assert not unsafe.search(term.value), term.value
    minted = [
        (str(r[0]), str(r[1]))
        for r in store.query("SELECT ?e ?l { ?e sk:unlinked true ; rdfs:label ?l }").rows
        if r[0] is not None
    ]
    assert minted, "the hostile article's names were not discovered"
    assert all(len(label) < 300 for _, label in minted)  # a 5,000-character run is not one name


def test_hostile_literals_survive_exactly(store: OxigraphStore) -> None:
    rows = store.query(
        "SELECT ?t ?s { ?a a sk:Article ; sk:fileName 'hostile.ar.txt' ; schema:headline ?t ; sk:source ?s }"
    ).rows
    assert [(str(t), str(s)) for t, s in rows] == [(HOSTILE_META["title"], HOSTILE_META["source"])]
    evidence = store.query(
        "SELECT ?s ?e ?x { ?a sk:fileName 'hostile.ar.txt' . ?ev sk:inArticle ?a ; oa:start ?s ; oa:end ?e ; "
        "oa:exact ?x }"
    ).rows
    assert evidence
    for s, e, x in evidence:
        assert HOSTILE[int(str(s)) : int(str(e))] == str(x)
