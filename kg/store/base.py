"""The store interface every backend implements, and the query result value object."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

from rdflib import URIRef
from rdflib.term import Node

Triple = tuple[Node, Node, Node]
ExportFormat = Literal["turtle", "trig", "nt", "nquads", "json-ld"]
EXPORT_FORMATS: tuple[str, ...] = ("turtle", "trig", "nt", "nquads", "json-ld")


@dataclass(frozen=True, slots=True)
class QueryResult:
    """The answer to a SPARQL query, whatever the backend: rows for SELECT, a boolean for ASK,
    triples for CONSTRUCT/DESCRIBE. Terms are rdflib terms; an unbound value is None."""

    kind: Literal["select", "ask", "graph"]
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Node | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[Triple, ...] = ()

    def dicts(self) -> list[dict[str, Node]]:
        """Rows as dicts of the bound variables only."""
        return [
            {v: t for v, t in zip(self.variables, row, strict=True) if t is not None} for row in self.rows
        ]

    def column(self, name: str) -> list[Node | None]:
        i = self.variables.index(name)
        return [row[i] for row in self.rows]


class GraphStore(Protocol):
    """A quad store: named graphs, SPARQL over the union of them, atomic graph replacement."""

    location: str

    def query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None) -> QueryResult: ...

    def update(self, sparql: str) -> None: ...

    def replace_graph(
        self, name: URIRef, triples: Iterable[Triple], *, also_drop: Iterable[URIRef] = ()
    ) -> None:
        """Atomically replace the named graph `name` with `triples` (all or nothing)."""
        ...

    def graph_names(self) -> list[URIRef]: ...

    def graph_triples(self, name: URIRef) -> list[Triple]: ...

    def __len__(self) -> int: ...

    def export(self, fmt: ExportFormat) -> bytes: ...

    def close(self) -> None: ...
