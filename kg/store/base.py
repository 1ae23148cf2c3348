"""The store interface every backend implements, and the query result value object."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
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
    truncated: bool = False  # rows or triples were left out by a row limit

    def capped(self, limit: int | None) -> QueryResult:
        """The first `limit` rows (or triples), marked `truncated` when there were more.

        >>> r = QueryResult(kind="select", variables=("x",), rows=((None,), (None,), (None,)))
        >>> r.capped(2).rows, r.capped(2).truncated, r.capped(3).truncated
        (((None,), (None,)), True, False)
        """
        if limit is None or len(self.rows) + len(self.triples) <= limit:
            return self
        return replace(self, rows=self.rows[:limit], triples=self.triples[:limit], truncated=True)

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

    def query(
        self, sparql: str, *, bindings: Mapping[str, Node] | None = None, limit: int | None = None
    ) -> QueryResult:
        """SPARQL over the union of the graphs; `limit` keeps the first rows (or triples) only."""
        ...

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
