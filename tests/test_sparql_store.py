"""A SPARQL server as the store: the seed article ingested into the Oxigraph server and into Virtuoso
through `--store sparql:URL` answers every CQ as the default store does; push, export, path and viz too."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kg import serve
from kg.cli import main
from kg.errors import InputError, StoreError
from kg.paths import ROOT
from kg.query import available, remote, run_named
from kg.query.remote import remote_query, remote_update
from kg.query.results import nt
from kg.store import GraphStore, open_store
from kg.store import sparql as sparql_store
from kg.store.base import Triple
from kg.store.sparql import STAGING, SparqlStore, staging_graph
from kg.vocab import GRAPH
from tests import servers
from tests.conftest import require

CQS = [name for name in available() if name.startswith("cq")]
SERVERS = ["oxigraph", "virtuoso"]


# ---------------------------------------------------------------- the servers, each started once per session


def _oxigraph_binary() -> str:
    try:
        return serve.oxigraph_binary()
    except StoreError:
        require("the Oxigraph server", False, "pip install oxigraph")
        raise


@pytest.fixture(scope="session")
def oxigraph_server() -> Iterator[servers.Running]:
    running = servers.start_oxigraph(_oxigraph_binary())
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def virtuoso_server() -> Iterator[servers.Running]:
    for program in (servers.VIRTUOSO, servers.ISQL):
        require("Virtuoso", shutil.which(program) is not None, f"{program}: apt install virtuoso-opensource")
    running = servers.start_virtuoso()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def loaded() -> dict[str, str]:
    """Store specs by server name, filled on first use: the seed article ingested through the CLI."""
    return {}


@pytest.fixture(params=SERVERS)
def spec(request: pytest.FixtureRequest, loaded: dict[str, str], seed_path: Path) -> str:
    """`sparql:URL` of a server holding the ontology, the lexicon and the seed article."""
    name = request.param
    if name not in loaded:
        running: servers.Running = request.getfixturevalue(f"{name}_server")
        assert main(["--store", running.spec, "-q", "ingest", str(seed_path.parent)]) == 0
        loaded[name] = running.spec
    return loaded[name]


def _rows(store: GraphStore, name: str) -> set[tuple[str, ...]]:
    """A query's rows as a set of N-Triples terms (blank nodes all alike)."""
    result = run_named(name, store=store)
    return {tuple("_:b" if isinstance(t, BNode) else nt(t) for t in row) for row in result.rows}


# ---------------------------------------------------------------- the same answers everywhere


@pytest.mark.parametrize("name", CQS)
def test_same_cq_answers_as_the_default_store(name: str, spec: str, seed_store: GraphStore) -> None:
    remote = open_store(spec)
    expected = _rows(seed_store, name)
    assert expected, f"{name} answers something on the seed article"
    assert _rows(remote, name) == expected


def test_query_command_json(spec: str, seed_store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def bindings(store_spec: str) -> list[str]:
        assert main(["--store", store_spec, "-q", "query", "cq05", "--format", "json"]) == 0
        doc = json.loads(capsys.readouterr().out)
        return sorted(json.dumps(b, sort_keys=True, ensure_ascii=False) for b in doc["results"]["bindings"])

    assert bindings(spec) == bindings(str(seed_store_dir))


def test_same_graphs_and_counts(spec: str, seed_store: GraphStore) -> None:
    remote = open_store(spec)
    assert remote.graph_names() == seed_store.graph_names()
    assert len(remote) == len(seed_store)
    article = next(g for g in seed_store.graph_names() if "/article/" in g)
    assert set(remote.graph_triples(article)) == set(seed_store.graph_triples(article))


def test_query_bindings(spec: str, seed_store: GraphStore) -> None:
    query = "SELECT ?e ?l WHERE { ?e rdfs:label ?l FILTER(LANG(?l) = 'en') }"
    bindings = {"e": URIRef("https://w3id.org/spacekg/resource/Roscosmos")}
    assert open_store(spec).query(query, bindings=bindings).rows == seed_store.query(query, bindings=bindings).rows


def test_ingest_again_replaces(spec: str, seed_path: Path, seed_store: GraphStore) -> None:
    assert main(["--store", spec, "-q", "ingest", str(seed_path)]) == 0
    assert len(open_store(spec)) == len(seed_store)


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_export_command(spec: str, seed_store_dir: Path, fmt: str, tmp_path: Path) -> None:
    parse = "trig" if fmt == "trig" else "turtle"
    outputs = {}
    for label, store_spec in (("remote", spec), ("local", str(seed_store_dir))):
        out = tmp_path / f"{label}.{fmt}"
        assert main(["--store", store_spec, "-q", "export", "--format", fmt, "-o", str(out)]) == 0
        outputs[label] = out
    if fmt == "trig":
        remote, local = (Dataset().parse(outputs[k], format=parse) for k in ("remote", "local"))
        names = {g.identifier for g in remote.graphs() if len(g)}
        assert names == {g.identifier for g in local.graphs() if len(g)}
        for name in names:
            assert isomorphic(remote.graph(name), local.graph(name)), name
    else:
        assert isomorphic(Graph().parse(outputs["remote"], format=parse), Graph().parse(outputs["local"], format=parse))


def test_path_command(spec: str, seed_store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["path", "Zhang Kejian", "Dmitry Rogozin", "--format", "json"]
    assert main(["--store", spec, "-q", *argv]) == 0
    remote = json.loads(capsys.readouterr().out)
    assert main(["--store", str(seed_store_dir), "-q", *argv]) == 0
    assert remote == json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    "argv",
    [
        ["timeline", "--format", "json"],
        ["explain", "Roscosmos"],
        ["central", "--format", "json"],
        ["neighbors", "CNSA", "--format", "json"],
    ],
    ids=lambda argv: argv[0],
)
def test_other_commands(argv: list[str], spec: str, seed_store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", spec, "-q", *argv]) == 0
    remote = capsys.readouterr().out
    assert main(["--store", str(seed_store_dir), "-q", *argv]) == 0
    assert remote == capsys.readouterr().out


def test_viz_command(spec: str, seed_store: GraphStore, tmp_path: Path) -> None:
    from kg.views.graph import project

    out = tmp_path / "graph.html"
    assert main(["--store", spec, "-q", "viz", "-o", str(out)]) == 0
    assert out.stat().st_size > 0
    remote, local = project(open_store(spec)), project(seed_store)
    assert dict(remote.nodes(data=True)) == dict(local.nodes(data=True))
    assert sorted(remote.edges(keys=True, data=True)) == sorted(local.edges(keys=True, data=True))


# ---------------------------------------------------------------- push


def _drop_ours(store: SparqlStore) -> None:
    for name in store.graph_names():
        store.update(f"DROP SILENT GRAPH <{name}>")


@pytest.mark.parametrize("protocol", ["update", "gsp"])
def test_push_every_graph(
    spec: str, seed_store_dir: Path, seed_store: GraphStore, protocol: str, capsys: pytest.CaptureFixture[str]
) -> None:
    remote = SparqlStore.from_spec(spec)
    _drop_ours(remote)
    assert len(remote) == 0
    url = remote.query_url
    assert main(["--store", str(seed_store_dir), "-q", "push", "--endpoint", url, "--protocol", protocol]) == 0
    sent = dict(line.split("\t") for line in capsys.readouterr().out.splitlines())
    assert sent == {str(g): str(len(seed_store.graph_triples(g))) for g in seed_store.graph_names()}
    assert remote.graph_names() == seed_store.graph_names()
    assert len(remote) == len(seed_store)
    for graph in seed_store.graph_names():
        assert isomorphic(_graph(remote.graph_triples(graph)), _graph(seed_store.graph_triples(graph))), graph
    assert _staging_graphs(remote) == set()
    for name in ("cq01", "cq05", "cq09"):
        assert _rows(remote, name) == _rows(seed_store, name)


@pytest.mark.parametrize("protocol", ["update", "gsp"])
def test_push_one_graph(spec: str, seed_store_dir: Path, seed_store: GraphStore, protocol: str) -> None:
    remote = SparqlStore.from_spec(spec)
    article = next(g for g in seed_store.graph_names() if "/article/" in g)
    remote.replace_graph(article, seed_store.graph_triples(article)[:10])
    argv = ["--store", str(seed_store_dir), "-q", "push", "--endpoint", remote.query_url, "--graph", str(article)]
    assert main([*argv, "--protocol", protocol]) == 0
    assert set(remote.graph_triples(article)) == set(seed_store.graph_triples(article))
    assert len(remote) == len(seed_store)


def _graph(triples: list[Triple]) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def test_push_unknown_graph_exit_2(spec: str, seed_store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = SparqlStore.from_spec(spec).query_url
    argv = ["--store", str(seed_store_dir), "push", "--endpoint", url, "--graph", GRAPH + "nothing"]
    assert main(argv) == 2
    assert "no graph" in capsys.readouterr().err


# ---------------------------------------------------------------- push through the Graph Store Protocol


def test_gsp_url_derived_or_given() -> None:
    assert SparqlStore("http://h:1/query", protocol="gsp").gsp_url == "http://h:1/store"
    assert SparqlStore("http://h:1/sparql", protocol="gsp").gsp_url == "http://h:1/sparql-graph-crud"
    assert SparqlStore("http://h/ds/query", protocol="gsp", gsp_url="http://h/ds/data").gsp_url == "http://h/ds/data"
    with pytest.raises(InputError, match="--gsp-url"):
        SparqlStore("http://h/repositories/kg", protocol="gsp")


def test_gsp_one_put_for_a_large_graph(spec: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """12,000 triples (more than Virtuoso's SPARQL parser takes in one INSERT DATA) in one PUT, blank nodes too."""
    puts: list[str] = []
    real = remote.put_graph
    monkeypatch.setattr(
        remote, "put_graph", lambda url, graph, *a, **k: puts.append(graph) or real(url, graph, *a, **k)
    )
    store = SparqlStore(SparqlStore.from_spec(spec).query_url, protocol="gsp")
    name = URIRef(GRAPH + "test/gsp-large")
    plain = _triples("big", 12_000)
    blank = [(URIRef(f"{EX}s{i}"), URIRef(f"{EX}q"), BNode(f"b{i % 5}")) for i in range(50)]
    blank += [(BNode(f"b{i}"), URIRef(f"{EX}r"), URIRef(f"{EX}o{i}")) for i in range(5)]
    try:
        store.replace_graph(name, plain + blank)
        assert len(puts) == 1 and puts[0].startswith(STAGING)
        back = store.graph_triples(name)
        assert len(back) == len(plain) + len(blank)
        assert {t for t in back if not any(isinstance(x, BNode) for x in t)} == set(plain)
        objects = {o for _, p, o in back if p == URIRef(f"{EX}q")}
        assert len(objects) == 5 and objects == {s for s, p, _ in back if p == URIRef(f"{EX}r")}
        assert _staging_graphs(store) == set()
    finally:
        store.update(f"DROP SILENT GRAPH <{name}>")


def test_gsp_put_broken_midway_keeps_the_old_graph(spec: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PUT whose body turns to garbage after 300 triples: Virtuoso keeps those 300 in the graph it was
    PUT to (its PUT is not atomic), which is why spacekg PUTs into a staging graph; the old graph stays."""
    real = remote.put_graph

    def broken(url: str, graph: str, data: bytes, *args: object, **kwargs: object) -> None:
        head = b"".join(data.splitlines(keepends=True)[:300])
        real(url, graph, head + b"<http://example.org/a> <http://example.org/b> not RDF .\n", timeout=10)

    store = SparqlStore(SparqlStore.from_spec(spec).query_url, protocol="gsp")
    name = URIRef(GRAPH + "test/gsp-broken")
    old = _triples("old", 20)
    try:
        store.replace_graph(name, old)
        monkeypatch.setattr(remote, "put_graph", broken)
        with pytest.raises(StoreError, match=f"graph {name} not replaced .* refused the PUT \\(HTTP [45]\\d\\d"):
            store.replace_graph(name, _triples("new", 1000))
        assert sorted(store.graph_triples(name)) == sorted(old)
        assert _staging_graphs(store) == set()
    finally:
        store.update(f"DROP SILENT GRAPH <{name}>")


def test_gsp_push_to_a_wrong_url_exit_3(
    spec: str, seed_store_dir: Path, seed_store: GraphStore, capsys: pytest.CaptureFixture[str]
) -> None:
    remote_store = SparqlStore.from_spec(spec)
    article = next(g for g in seed_store.graph_names() if "/article/" in g)
    old = seed_store.graph_triples(article)[:10]
    remote_store.replace_graph(article, old)
    wrong = remote_store.query_url.rsplit("/", 1)[0] + "/no-such-store"
    argv = ["--store", str(seed_store_dir), "push", "--endpoint", remote_store.query_url, "--graph", str(article)]
    assert main([*argv, "--protocol", "gsp", "--gsp-url", wrong]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert re.search(rf"graph {article} not replaced .*graph store {wrong} refused the PUT \(HTTP [45]\d\d\)", err)
    assert sorted(remote_store.graph_triples(article)) == sorted(old)
    assert main([*argv, "-q", "--protocol", "gsp"]) == 0
    assert set(remote_store.graph_triples(article)) == set(seed_store.graph_triples(article))


@pytest.mark.parametrize(
    ("extra", "code", "message"),
    [
        pytest.param(["--endpoint", "{dead}"], 3, "connection refused", id="refused"),
        pytest.param(["--endpoint", "{dead}", "--protocol", "gsp"], 3, "connection refused", id="refused-gsp"),
        pytest.param(["--endpoint", "ftp://example.org/sparql"], 2, "sparql:http", id="not-http"),
        pytest.param(["--endpoint", "http://127.0.0.1:9/kg", "--protocol", "gsp"], 2, "--gsp-url", id="no-gsp-url"),
        pytest.param(
            ["--endpoint", "{dead}", "--protocol", "gsp", "--gsp-url", "ftp://h/x"], 2, "not an http", id="gsp-not-http"
        ),
        pytest.param(["--endpoint", "{dead}", "--protocol", "put"], 2, "invalid choice", id="bad-protocol"),
    ],
)
def test_push_errors_are_one_line(
    extra: list[str], code: int, message: str, seed_store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = f"http://127.0.0.1:{serve.free_port()}/query"
    argv = ["--store", str(seed_store_dir), "push", *(a.format(dead=dead) for a in extra), "--timeout", "5"]
    try:
        assert main(argv) == code
    except SystemExit as exc:  # argparse
        assert exc.code == code
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


# ---------------------------------------------------------------- large graphs: chunked writes, paged reads


def test_chunked_write_and_paged_read(spec: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sparql_store, "CHUNK_TRIPLES", 100)
    monkeypatch.setattr(sparql_store, "PAGE_ROWS", 250)
    store = SparqlStore.from_spec(spec)
    name = URIRef(GRAPH + "test/chunks")
    ex = "http://example.org/"
    plain = [(URIRef(f"{ex}s{i}"), URIRef(f"{ex}p"), URIRef(f"{ex}o{i}")) for i in range(950)]
    blank = [(URIRef(f"{ex}s{i}"), URIRef(f"{ex}q"), BNode(f"b{i % 5}")) for i in range(50)]
    blank += [(BNode(f"b{i}"), URIRef(f"{ex}r"), URIRef(f"{ex}o{i}")) for i in range(5)]
    try:
        store.replace_graph(name, plain + blank)
        back = store.graph_triples(name)
        assert len(back) == len(plain) + len(blank)
        assert {t for t in back if not any(isinstance(x, BNode) for x in t)} == set(plain)
        # one node per blank label: the 5 nodes are each both an object and a subject
        objects = {o for _, p, o in back if p == URIRef(f"{ex}q")}
        subjects = {s for s, p, _ in back if p == URIRef(f"{ex}r")}
        assert len(objects) == 5 and objects == subjects
        store.replace_graph(name, plain[:10])
        assert set(store.graph_triples(name)) == set(plain[:10])
    finally:
        store.update(f"DROP SILENT GRAPH <{name}>")
    assert name not in store.graph_names()


def test_virtuoso_result_limit(virtuoso_server: servers.Running) -> None:
    """Virtuoso answers at most ResultSetMaxRows (10,000) rows: graph reads page past it, a query is refused."""
    store = SparqlStore(virtuoso_server.query_url)
    name = URIRef(GRAPH + "test/big")
    ex = "http://example.org/"
    # also more than one INSERT DATA of Virtuoso's liking (its parser gives up at about 5,000 triples)
    triples = [(URIRef(f"{ex}s{i}"), URIRef(f"{ex}big"), URIRef(f"{ex}o{i}")) for i in range(10_500)]
    try:
        store.replace_graph(name, triples)
        assert set(store.graph_triples(name)) == set(triples)
        with pytest.raises(StoreError, match="cut the answer at 10000 rows"):
            store.query(f"SELECT ?s WHERE {{ ?s <{ex}big> ?o }}")
    finally:
        store.update(f"DROP SILENT GRAPH <{name}>")


# ---------------------------------------------------------------- all or nothing: a failed write keeps the old graph

EX = "http://example.org/"


def _triples(tag: str, n: int) -> list[Triple]:
    return [(URIRef(f"{EX}{tag}{i}"), URIRef(f"{EX}{tag}"), URIRef(f"{EX}o{i}")) for i in range(n)]


def _staging_graphs(store: SparqlStore) -> set[str]:
    """Every staging graph on the server, asked directly (the store itself hides them)."""
    query = f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{STAGING}")) }}'
    return {str(row[0]) for row in remote_query(store.query_url, query).rows}


def _inject(monkeypatch: pytest.MonkeyPatch, when: Callable[[str], bool], nth: int, *, lose: bool = False) -> None:
    """Every SparqlStore request goes through `_post`: the `nth` one matching `when` fails for real (it is
    sent to a closed port: connection refused), or with `lose` is silently not sent (a part the server lost)."""
    real = SparqlStore._post
    dead = f"http://127.0.0.1:{serve.free_port()}/update"
    seen = 0

    def post(self: SparqlStore, sparql: str) -> None:
        nonlocal seen
        if when(sparql):
            seen += 1
            if seen == nth:
                if lose:
                    return
                remote_update(dead, sparql, 5)
        real(self, sparql)

    monkeypatch.setattr(SparqlStore, "_post", post)


def _into_staging(sparql: str) -> bool:
    return sparql.startswith("INSERT") and STAGING in sparql


def _is_move(sparql: str) -> bool:
    return sparql.startswith("MOVE")


@pytest.mark.parametrize(
    ("when", "nth", "lose"),
    [
        pytest.param(_into_staging, 2, False, id="second part fails"),
        pytest.param(_into_staging, 5, False, id="last part fails"),
        pytest.param(_is_move, 1, False, id="move fails"),
        pytest.param(_into_staging, 3, True, id="a part is lost"),
    ],
)
def test_failed_replace_keeps_the_old_graph(
    spec: str, monkeypatch: pytest.MonkeyPatch, when: Callable[[str], bool], nth: int, lose: bool
) -> None:
    monkeypatch.setattr(sparql_store, "CHUNK_TRIPLES", 100)
    store = SparqlStore.from_spec(spec)
    name = URIRef(GRAPH + "test/atomic")
    old, new = _triples("old", 150), _triples("new", 450)
    before = len(store)
    try:
        store.replace_graph(name, old)
        _inject(monkeypatch, when, nth, lose=lose)
        with pytest.raises(StoreError, match=f"graph {name} not replaced") as failed:
            store.replace_graph(name, new)
        assert ("holds 350 of the 450" in str(failed.value)) if lose else ("connection refused" in str(failed.value))
        assert sorted(store.graph_triples(name)) == sorted(old)
        assert _staging_graphs(store) == set()
        assert len(store) == before + len(old)
        monkeypatch.undo()
        store.replace_graph(name, new)
        assert sorted(store.graph_triples(name)) == sorted(new)
    finally:
        store.update(f"DROP SILENT GRAPH <{name}>")


KILLED_PUSH = """
import os, signal, sys
from kg.cli import main
from kg.store import sparql

sparql.CHUNK_TRIPLES = 500
real, sent = sparql.SparqlStore._post, []

def post(self, query):
    if query.startswith("INSERT") and sparql.STAGING in query:
        sent.append(query)
        if len(sent) == 2:
            os.kill(os.getpid(), signal.SIGKILL)
    real(self, query)

sparql.SparqlStore._post = post
sys.exit(main(sys.argv[1:]))
"""


def test_killed_push_keeps_the_old_graph(spec: str, seed_store_dir: Path, seed_store: GraphStore) -> None:
    """`spacekg push` SIGKILLed after the first part of a graph: the server keeps the old graph; the staging
    graph it left is none of our graphs, and the next write of that graph drops it."""
    remote = SparqlStore.from_spec(spec)
    article = next(g for g in seed_store.graph_names() if "/article/" in g)
    full = seed_store.graph_triples(article)
    assert len(full) > 1000, "the article takes several parts"
    old = [t for t in full if not any(isinstance(x, BNode) for x in t)][:200]
    remote.replace_graph(article, old)
    argv = ["--store", str(seed_store_dir), "-q", "push", "--endpoint", remote.query_url, "--graph", str(article)]
    done = subprocess.run([sys.executable, "-c", KILLED_PUSH, *argv], cwd=ROOT, capture_output=True, check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()

    assert sorted(remote.graph_triples(article)) == sorted(old)
    (leftover,) = _staging_graphs(remote)
    assert leftover.startswith(STAGING)
    assert URIRef(leftover) not in remote.graph_names()
    assert len(remote) == len(seed_store) - len(full) + len(old)
    assert STAGING.encode() not in remote.export("nquads")

    assert main(argv) == 0
    assert _staging_graphs(remote) == set()
    assert set(remote.graph_triples(article)) == set(full)
    assert len(remote) == len(seed_store)


def test_stale_staging_graphs_are_dropped_on_the_first_write(spec: str) -> None:
    store = SparqlStore.from_spec(spec)
    elsewhere = URIRef(GRAPH + "test/elsewhere")
    stale = staging_graph(elsewhere, now=time.time() - 2 * sparql_store.STALE_AFTER)
    young = staging_graph(elsewhere)
    name = URIRef(GRAPH + "test/writer")
    try:
        for leftover in (stale, young):
            store.update(f"INSERT DATA {{ GRAPH <{leftover}> {{ <{EX}a> <{EX}b> <{EX}c> }} }}")
        assert {str(stale), str(young)} <= _staging_graphs(store)
        store.replace_graph(name, _triples("w", 3))
        # another graph's young staging graph may be a running writer's: left alone
        assert str(stale) not in _staging_graphs(store) and str(young) in _staging_graphs(store)
    finally:
        store.update(f"DROP SILENT GRAPH <{name}> ; DROP SILENT GRAPH <{stale}> ; DROP SILENT GRAPH <{young}>")


def test_replace_with_nothing_drops_the_graph(spec: str) -> None:
    store = SparqlStore.from_spec(spec)
    name, other = URIRef(GRAPH + "test/empty"), URIRef(GRAPH + "test/also")
    try:
        store.replace_graph(name, _triples("e", 5))
        store.replace_graph(other, _triples("f", 5))
        store.replace_graph(name, [], also_drop=[other])
        assert name not in store.graph_names() and other not in store.graph_names()
        store.replace_graph(name, _triples("e", 5), also_drop=[other])
        assert name in store.graph_names() and other not in store.graph_names()
    finally:
        store.update(f"DROP SILENT GRAPH <{name}> ; DROP SILENT GRAPH <{other}>")


# ---------------------------------------------------------------- failures say what is wrong


def test_default_graph_not_the_union_is_a_clear_error() -> None:
    running = servers.start_oxigraph(_oxigraph_binary(), union=False)
    try:
        store = SparqlStore(running.query_url)
        store.replace_graph(
            URIRef(GRAPH + "test/one"), [(URIRef("http://ex/a"), URIRef("http://ex/p"), URIRef("http://ex/b"))]
        )
        with pytest.raises(StoreError, match="union-default-graph"):
            store.query("ASK { ?s ?p ?o }")
    finally:
        running.stop()


def test_read_only_store_refuses_writes() -> None:
    store = open_store("sparql:http://127.0.0.1:9/query")
    with pytest.raises(StoreError, match="read-only"):
        store.update("CLEAR ALL")


def test_server_down_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{serve.free_port()}/query"
    assert main(["--store", f"sparql:{url}", "query", "cq01"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "connection refused" in err


def test_bad_spec_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", "sparql:ftp://example.org/q", "query", "cq01"]) == 2
    assert "sparql:http" in capsys.readouterr().err


def test_update_url_spec() -> None:
    assert SparqlStore.from_spec("sparql:http://h:1/query").update_url == "http://h:1/update"
    assert SparqlStore.from_spec("sparql:http://h:1/sparql").update_url == "http://h:1/sparql"
    assert SparqlStore.from_spec("sparql:http://h/r|http://h/r/statements").update_url == "http://h/r/statements"
