"""The query layer: named queries from `queries/`, running SPARQL locally or at an endpoint, result formats.

>>> from kg.store import MemoryStore
>>> r = run("SELECT ?x WHERE { VALUES ?x { skr:NASA } }", store=MemoryStore())
>>> r.column("x")
[rdflib.term.URIRef('https://w3id.org/spacekg/resource/NASA')]
"""

from __future__ import annotations

from kg.errors import QueryError
from kg.query.deadline import QueryTimeout, within
from kg.query.named import NamedQuery, Param, available, is_update, load, one_line_error, parse_assignments
from kg.query.results import FORMATS, from_json, nt, render
from kg.store.base import GraphStore, QueryResult

__all__ = [
    "FORMATS",
    "NamedQuery",
    "Param",
    "QueryResult",
    "QueryTimeout",
    "available",
    "from_json",
    "is_update",
    "load",
    "nt",
    "parse_assignments",
    "render",
    "run",
    "run_named",
]


def run(
    sparql: str,
    *,
    store: GraphStore | None = None,
    endpoint: str | None = None,
    timeout: float | None = 30.0,
    limit: int | None = None,
    name: str = "query",
) -> QueryResult:
    """Run a read-only query on a store or, when `endpoint` is given, over HTTP.

    Args:
        timeout: seconds the query may take, on the store as at the endpoint; None: no limit on the
            store (an endpoint gets 30 s).
        limit: keep the first `limit` rows (or triples), marked `truncated` when there were more.
            On the Oxigraph store the evaluation stops there; an endpoint still sends the whole answer.

    Raises:
        QueryError: an update, or malformed SPARQL (one line, with line and column).
        QueryTimeout: the query ran past `timeout` on the store (it is abandoned; see kg.query.deadline).
        StoreError: the endpoint is down, answers badly or not within `timeout`.
    """
    if is_update(sparql):
        raise QueryError(
            f"{name}: this is a SPARQL Update; queries here only read the graph (add --writable to change the store)"
        )
    if endpoint is not None:
        from kg.query.remote import DEFAULT_TIMEOUT, remote_query

        _check_syntax(sparql, name)
        return remote_query(endpoint, sparql, DEFAULT_TIMEOUT if timeout is None else timeout).capped(limit)
    if store is None:
        raise ValueError("run() needs a store or an endpoint")
    local = store
    try:
        return within(timeout, lambda: local.query(sparql, limit=limit), name=name)
    except QueryTimeout:
        raise
    except QueryError as exc:
        raise QueryError(f"{name}: {one_line_error(str(exc))}") from None


def run_named(
    spec: str,
    params: dict[str, str] | None = None,
    *,
    store: GraphStore | None = None,
    endpoint: str | None = None,
    timeout: float | None = 30.0,
    limit: int | None = None,
) -> QueryResult:
    """Run a query from `queries/` by name (or a `.rq` path), with parameters filled in."""
    query = load(spec)
    text = query.with_params(params or {})
    return run(text, store=store, endpoint=endpoint, timeout=timeout, limit=limit, name=query.name)


def _check_syntax(sparql: str, name: str) -> None:
    """Parse locally before sending, so errors give line and column of the user's own text."""
    import pyoxigraph

    from kg.vocab import PREFIXES

    if "SERVICE" in sparql.upper():
        return
    try:
        pyoxigraph.Store().query(sparql, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"{name}: malformed SPARQL at {one_line_error(str(exc))}") from None
    except (OSError, ValueError, RuntimeError):
        pass
