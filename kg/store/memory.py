"""A pure-rdflib in-memory store, for tests, tiny graphs and side-by-side benchmarks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node, Variable

from kg.errors import QueryError
from kg.store.base import ExportFormat, QueryResult, Triple
from kg.vocab import PREFIXES

_RDFLIB_FORMATS = {"turtle": "turtle", "trig": "trig", "nt": "nt", "nquads": "nquads", "json-ld": "json-ld"}


class MemoryStore:
    """rdflib's Dataset in memory; SPARQL sees the union of all named graphs."""

    def __init__(self) -> None:
        self.location = "memory"
        self._ds = Dataset(default_union=True)
        for prefix, ns in PREFIXES.items():
            self._ds.bind(prefix, ns)

    def query(
        self, sparql: str, *, bindings: Mapping[str, Node] | None = None, limit: int | None = None
    ) -> QueryResult:
        return self._query(sparql, bindings).capped(limit)

    def _query(self, sparql: str, bindings: Mapping[str, Node] | None) -> QueryResult:
        try:
            result = self._ds.query(
                sparql,
                initNs=PREFIXES,
                initBindings={Variable(k): v for k, v in (bindings or {}).items()},  # type: ignore[misc]
            )
        except Exception as exc:  # rdflib raises pyparsing and assorted errors for bad queries
            raise QueryError(f"malformed SPARQL: {exc}") from None
        if result.type == "ASK":
            return QueryResult(kind="ask", boolean=bool(result.askAnswer))
        if result.type == "SELECT":
            names = tuple(str(v) for v in result.vars or ())
            rows = tuple(tuple(row[i] for i in range(len(names))) for row in result)  # type: ignore[index]
            return QueryResult(kind="select", variables=names, rows=rows)
        return QueryResult(kind="graph", triples=tuple(result))  # type: ignore[arg-type]

    def update(self, sparql: str) -> None:
        try:
            self._ds.update(sparql, initNs=PREFIXES)
        except Exception as exc:
            raise QueryError(f"malformed SPARQL update: {exc}") from None

    def replace_graph(
        self, name: URIRef, triples: Iterable[Triple], *, also_drop: Iterable[URIRef] = ()
    ) -> None:
        staged = list(triples)
        for old in (*also_drop, name):
            self._ds.remove_graph(self._ds.graph(old))
        graph = self._ds.graph(name)
        for t in staged:
            graph.add(t)

    def graph_names(self) -> list[URIRef]:
        return sorted(g.identifier for g in self._ds.graphs() if isinstance(g.identifier, URIRef) and len(g))

    def graph_triples(self, name: URIRef) -> list[Triple]:
        return list(self._ds.graph(name))

    def __len__(self) -> int:
        return sum(len(g) for g in self._ds.graphs())

    def export(self, fmt: ExportFormat) -> bytes:
        if fmt in {"turtle", "nt"}:
            union = Graph()
            for prefix, ns in PREFIXES.items():
                union.bind(prefix, ns)
            for t in self._ds.triples((None, None, None)):
                union.add(t)
            return union.serialize(format=_RDFLIB_FORMATS[fmt], encoding="utf-8")
        return self._ds.serialize(format=_RDFLIB_FORMATS[fmt], encoding="utf-8")

    def dataset(self) -> Dataset:
        return self._ds

    def close(self) -> None:
        pass
