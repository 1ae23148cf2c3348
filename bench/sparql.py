"""SPARQL latency on a graph of at least a million triples: the default store beside pure rdflib, same data.

The graph is cut from the ingest benchmark's store: the ontology and lexicon graphs plus whole article
graphs, in name order, until the target is reached. The same N-Quads file is loaded into a fresh
Oxigraph store (the default) and into rdflib's memory Dataset, and every query runs through
`kg.query.run` on each, so both pay the same result conversion.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from bench.timing import Timed, median_time, rss_bytes
from kg import query
from kg.store import MemoryStore, OxigraphStore

# Heavier than the competency questions: whole-graph aggregates and joins.
HEAVY = {
    "count by type": "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n)",
    "claims by speaker": """SELECT ?speaker (COUNT(?c) AS ?n) WHERE {
        ?c a sk:Claim ; prov:wasAttributedTo ?speaker } GROUP BY ?speaker ORDER BY DESC(?n) LIMIT 50""",
    "planned claims with dates": """SELECT ?c ?s ?p ?date WHERE {
        ?c sk:modality sk:Planned ; sk:subject ?s ; sk:predicate ?p .
        { ?c sk:objectValue ?date } UNION { ?c sk:pointInTime ?date } }""",
    "2-hop join": """SELECT ?b (COUNT(*) AS ?n) WHERE {
        ?c1 sk:subject skr:NASA ; sk:object ?x ; sk:modality sk:Asserted .
        ?c2 sk:subject ?x ; sk:object ?b ; sk:modality sk:Asserted .
        FILTER(?b != skr:NASA) } GROUP BY ?b ORDER BY DESC(?n) LIMIT 20""",
}


@dataclass(frozen=True, slots=True)
class Loaded:
    oxigraph: OxigraphStore
    memory: MemoryStore
    triples: int
    graphs: int
    ox_load_s: float
    rdflib_load_s: float
    ox_rss: int
    rdflib_rss: int


@dataclass(frozen=True, slots=True)
class Latency:
    name: str
    rows: int
    ox_s: float
    rdflib_s: float
    runs: int
    rdflib_runs: int
    rdflib_timed_out: bool = False
    ox_timed_out: bool = False

    @property
    def ratio(self) -> float:
        return self.rdflib_s / self.ox_s if self.ox_s > 0 else float("inf")


def cut_graph(source: Path, out: Path, target: int) -> tuple[int, int]:
    """Write the static graphs and whole article graphs of the store at `source` to `out` (N-Quads)
    until at least `target` quads. Returns (quads, graphs)."""
    store = ox.Store.read_only(str(source / "oxigraph"))
    names = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    static = [g for g in names if "/graph/article/" not in g.value]
    articles = [g for g in names if "/graph/article/" in g.value]
    total = 0
    taken = 0
    with out.open("wb") as f:
        for g in static + articles:
            quads = list(store.quads_for_pattern(None, None, None, g))
            f.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
            total += len(quads)
            taken += 1
            if total >= target and g in articles:
                break
    if total < target:
        raise RuntimeError(f"the ingest store holds only {total:,} quads; need {target:,} (ingest more articles)")
    return total, taken


def load(nquads: Path, work: Path) -> Loaded:
    """The same N-Quads in a fresh Oxigraph store and in rdflib's memory Dataset."""
    import shutil

    location = work / "store-1m"
    shutil.rmtree(location, ignore_errors=True)
    ox_store = OxigraphStore(location, writable=True)
    before = rss_bytes()
    start = time.perf_counter()
    ox_store.oxigraph.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    ox_store.flush()
    ox_load = time.perf_counter() - start
    ox_rss = rss_bytes() - before
    memory = MemoryStore()
    before = rss_bytes()
    start = time.perf_counter()
    memory.dataset().parse(str(nquads), format="nquads")
    rdflib_load = time.perf_counter() - start
    rdflib_rss = rss_bytes() - before
    return Loaded(
        ox_store, memory, len(ox_store), len(ox_store.graph_names()), ox_load, rdflib_load, ox_rss, rdflib_rss
    )


def queries() -> dict[str, str]:
    """The competency questions (queries/cq*.rq) and the heavier queries, by name."""
    named = {name: query.load(name).with_params({}) for name in query.available() if name.startswith("cq")}
    return named | HEAVY


RDFLIB_TIMEOUT_S = 30.0
"""rdflib takes minutes on some queries at this size; a run past this (on either store) is stopped."""


def measure(loaded: Loaded, runs: int = 5, timeout_s: float = RDFLIB_TIMEOUT_S) -> list[Latency]:
    """Each query on both stores: median of `runs` (rdflib: fewer when its runs add up past 30 s)."""
    rows = []
    for name, sparql in queries().items():
        ox_t = median_time(
            lambda s=sparql: query.run(s, store=loaded.oxigraph), runs, budget_s=60.0, timeout_s=timeout_s
        )
        try:
            rd_t = median_time(
                lambda s=sparql: query.run(s, store=loaded.memory), runs, budget_s=30.0, min_runs=1,
                timeout_s=timeout_s,
            )
        except Exception as exc:  # rdflib fails on some valid queries (e.g. ORDER BY over unbound values)
            print(f"bench:   {name}: rdflib failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            rd_t = Timed(float("nan"), 0)
        if ox_t.result is None:
            rows.append(Latency(name, 0, ox_t.median_s, rd_t.median_s, ox_t.runs, rd_t.runs, rd_t.timed_out, True))
            continue
        n = len(ox_t.result.rows) if ox_t.result.kind == "select" else len(ox_t.result.triples)
        print(f"bench:   {name}: {ox_t.median_s * 1000:,.1f} ms / {rd_t.median_s * 1000:,.1f} ms", file=sys.stderr)
        rows.append(Latency(name, n, ox_t.median_s, rd_t.median_s, ox_t.runs, rd_t.runs, rd_t.timed_out))
    return rows
