"""Stores: the embedded Oxigraph default, pure-rdflib memory, and a SPARQL 1.1 server (`sparql:URL`)."""

from __future__ import annotations

from kg.paths import default_store
from kg.store.base import EXPORT_FORMATS, GraphStore, QueryResult
from kg.store.memory import MemoryStore
from kg.store.oxigraph import OxigraphStore

__all__ = ["EXPORT_FORMATS", "GraphStore", "MemoryStore", "OxigraphStore", "QueryResult", "open_store"]


def open_store(spec: str | None = None, *, writable: bool = False) -> GraphStore:
    """Open a store by spec: a directory (default `.spacekg/`), `memory`, or `sparql:URL`.

    >>> s = open_store("memory")
    >>> len(s)
    0
    """
    spec = spec or default_store()
    if spec == "memory":
        return MemoryStore()
    if spec.startswith("sparql:"):
        from kg.store.sparql import SparqlStore  # imported here: it pulls in the HTTP client

        return SparqlStore.from_spec(spec, writable=writable)
    return OxigraphStore(spec, writable=writable)
