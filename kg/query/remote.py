"""SPARQL over HTTP: the one module that talks to remote endpoints (and the only one importing SPARQLWrapper).

Errors come back as spacekg errors: an endpoint that is down, slow or not found is a `StoreError`
(exit 3); a query the endpoint rejects as malformed is a `QueryError` (exit 2).
"""

from __future__ import annotations

import ast
import html
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from rdflib import Graph
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from kg import __version__
from kg.errors import InputError, QueryError, StoreError
from kg.query.named import is_update, one_line_error
from kg.query.results import from_json
from kg.store.base import QueryResult
from kg.vocab import PREFIXES

DEFAULT_TIMEOUT = 30.0
_AGENT = f"spacekg/{__version__}"


def prologue() -> str:
    """PREFIX declarations for the ontology's prefixes (endpoints do not know them)."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def remote_query(url: str, sparql: str, timeout: float = DEFAULT_TIMEOUT) -> QueryResult:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query against a SPARQL 1.1 endpoint.

    Args:
        url: the query endpoint, e.g. `http://127.0.0.1:7878/query`.
        sparql: the query; the ontology's prefixes are declared for it.
        timeout: seconds to wait for the answer.

    Raises:
        QueryError: the query is an update, or the endpoint says it is malformed.
        StoreError: the endpoint is unreachable, too slow, missing, or answers with something else.
    """
    if is_update(sparql):
        raise QueryError("this is a SPARQL Update; `spacekg query` only reads (use remote_update)")
    wrapper = _wrapper(url, timeout)
    wrapper.setQuery(prologue() + sparql)
    kind = wrapper.queryType
    wrapper.setReturnFormat(TURTLE if kind in {"CONSTRUCT", "DESCRIBE"} else JSON)
    try:
        body, content_type = _send(wrapper, url, timeout)
    except QueryError as exc:
        raise QueryError(_shift_lines(str(exc), -len(PREFIXES))) from None
    if kind in {"CONSTRUCT", "DESCRIBE"}:
        return _graph_result(body, content_type, url)
    return from_json(body, source=f"endpoint {url}")


def remote_update(url: str, sparql: str, timeout: float = DEFAULT_TIMEOUT) -> None:
    """Run a SPARQL Update against an update endpoint (e.g. Oxigraph's `/update`).

    Raises:
        QueryError: the endpoint says the update is malformed.
        StoreError: the endpoint is unreachable, read-only, or fails.
    """
    wrapper = _wrapper(url, timeout, update=True)
    wrapper.setQuery(prologue() + sparql)
    _send(wrapper, url, timeout)


def upload(
    store_url: str,
    data: bytes,
    content_type: str = "application/n-quads",
    graph: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> None:
    """Add RDF to an endpoint through the SPARQL 1.1 Graph Store Protocol (HTTP POST).

    Args:
        store_url: the graph store endpoint, e.g. `http://127.0.0.1:7878/store`.
        data: the serialized RDF.
        content_type: its media type (`application/n-quads`, `application/trig`, `text/turtle`, …).
        graph: the target graph IRI for triple formats; None means the default graph.
    """
    target = store_url
    if graph is not None:
        target += ("&" if "?" in store_url else "?") + urllib.parse.urlencode({"graph": graph})
    elif content_type in {"text/turtle", "application/n-triples"}:
        target += ("&" if "?" in store_url else "?") + "default"
    _send_rdf("POST", store_url, target, data, content_type, timeout)


def put_graph(
    store_url: str,
    graph: str,
    data: bytes,
    content_type: str = "application/n-triples",
    timeout: float = DEFAULT_TIMEOUT,
) -> None:
    """Replace one named graph through the Graph Store Protocol (HTTP PUT `store_url?graph=IRI`).

    Whether a PUT that fails part-way leaves the old graph is the server's business: Oxigraph's does,
    Virtuoso 7.2's does not (kg/store/sparql.py therefore PUTs into a staging graph).

    Raises:
        StoreError: the endpoint is unreachable or refuses (HTTP 4xx/5xx, with the server's message).
    """
    target = store_url + ("&" if "?" in store_url else "?") + urllib.parse.urlencode({"graph": graph})
    _send_rdf("PUT", store_url, target, data, content_type, timeout)


def url_problem(url: str) -> str | None:
    """Why `url` cannot be an endpoint's URL, or None.

    >>> url_problem("http://127.0.0.1:7878/query") is None, url_problem("ftp://h/x"), url_problem("http://[::1")
    (True, 'is not an http(s) URL', 'is not a valid URL (Invalid IPv6 URL)')
    """
    if not url.startswith(("http://", "https://")):
        return "is not an http(s) URL"
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 (a port that is not a number, or out of range, raises here)
    except ValueError as exc:
        return f"is not a valid URL ({exc})"
    if not parts.hostname:
        return "is not a valid URL (no host)"
    return None


def check_url(url: str, what: str) -> None:
    """Raise InputError when `url`, given as `what` (an option), cannot be an endpoint's URL."""
    problem = url_problem(url)
    if problem:
        raise InputError(f"{what} {url!r} {problem}")


def update_url(query_url: str) -> str:
    """The update endpoint next to a query endpoint (Oxigraph: `/query` → `/update`; else the same URL)."""
    return query_url[: -len("/query")] + "/update" if query_url.endswith("/query") else query_url


def store_url(query_url: str) -> str | None:
    """The Graph Store Protocol endpoint next to a query endpoint, where the server is known by its URL.

    >>> store_url("http://127.0.0.1:7878/query"), store_url("http://127.0.0.1:8890/sparql")
    ('http://127.0.0.1:7878/store', 'http://127.0.0.1:8890/sparql-graph-crud')
    >>> store_url("http://h/repositories/kg") is None
    True
    """
    for ending, store in (("/query", "/store"), ("/sparql", "/sparql-graph-crud")):  # Oxigraph, Virtuoso
        if query_url.endswith(ending):
            return query_url[: -len(ending)] + store
    return None


# --- internals


def _send_rdf(method: str, store_url: str, target: str, data: bytes, content_type: str, timeout: float) -> None:
    problem = url_problem(store_url)
    if problem:
        raise StoreError(f"graph store {store_url!r} {problem}")
    request = urllib.request.Request(
        target, data=data, method=method, headers={"Content-Type": content_type, "User-Agent": _AGENT}
    )
    what = "the upload" if method == "POST" else f"the {method}"
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = _page_text(exc.read().decode("utf-8", "replace")) or str(exc.reason)
        hint = " (no write permission for this client?)" if exc.code in {401, 403} else ""
        raise StoreError(f"graph store {store_url} refused {what} (HTTP {exc.code}{hint}): {detail}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise _unreachable(store_url, exc, timeout) from None


def _page_text(body: str) -> str:
    """A server's error message from a plain or HTML body (Virtuoso puts its message in <xmp>).

    >>> _page_text("<html><title>failed</title><body><h3>Error 37000</h3><xmp>SP029: syntax error</xmp></body>")
    'SP029: syntax error'
    """
    found = re.search(r"<xmp>(.*?)</xmp>", body, re.S | re.I)
    text = found.group(1) if found else body
    if not found and re.search(r"<(html|body)\b", text, re.I):
        text = re.sub(r"<(title|head|style|script)\b.*?</\1>|<[^>]+>", " ", text, flags=re.S | re.I)
    return one_line_error(html.unescape(text))


def _wrapper(url: str, timeout: float, *, update: bool = False) -> SPARQLWrapper:
    problem = url_problem(url)
    if problem:
        raise StoreError(f"endpoint {url!r} {problem}")
    wrapper = SPARQLWrapper(url, updateEndpoint=url if update else None, agent=_AGENT)
    wrapper.setMethod(POST)
    wrapper.setTimeout(max(1, round(timeout)))
    wrapper.setOnlyConneg(True)
    return wrapper


def _send(wrapper: SPARQLWrapper, url: str, timeout: float) -> tuple[bytes, str]:
    try:
        result = wrapper.query()
        response: Any = result.response
        cap = response.headers.get("X-SPARQL-MaxRows")
        if cap:  # Virtuoso's sign that it cut the answer at ResultSetMaxRows
            raise StoreError(
                f"endpoint {url} cut the answer at {cap} rows (its result limit); ask for fewer with LIMIT/OFFSET"
            )
        return response.read(), str(response.headers.get("Content-Type", ""))
    except QueryBadFormed as exc:
        raise QueryError(f"endpoint {url} rejected the query: {_response_text(exc)}") from None
    except SPARQLWrapperException as exc:
        detail = _response_text(exc)
        raise StoreError(f"endpoint {url} failed: {type(exc).__name__}: {detail}") from None
    except urllib.error.HTTPError as exc:
        detail = one_line_error(exc.read().decode("utf-8", "replace"))
        raise StoreError(f"endpoint {url} answered HTTP {exc.code}: {detail}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise _unreachable(url, exc, timeout) from None


def _shift_lines(message: str, by: int) -> str:
    """Report line numbers of the user's text, not of the text with our PREFIX lines in front."""
    return re.sub(r"line (\d+)", lambda m: f"line {max(1, int(m.group(1)) + by)}", message, count=1)


def _unreachable(url: str, exc: BaseException, timeout: float) -> StoreError:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, socket.timeout | TimeoutError):
        return StoreError(f"endpoint {url} did not answer within {timeout:g} s")
    if isinstance(reason, ConnectionRefusedError):
        return StoreError(f"cannot reach endpoint {url}: connection refused (is the server running?)")
    return StoreError(f"cannot reach endpoint {url}: {reason}")


def _response_text(exc: SPARQLWrapperException) -> str:
    """The server's own message, which SPARQLWrapper keeps only inside its formatted text."""
    text = str(exc)
    _, sep, raw = text.partition("Response:\n")
    if not sep:
        return one_line_error(text)
    try:
        body = ast.literal_eval(raw)
        decoded = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    except (ValueError, SyntaxError):
        decoded = raw
    return one_line_error(decoded)


def _graph_result(body: bytes, content_type: str, url: str) -> QueryResult:
    mime = content_type.split(";")[0].strip().lower()
    rdf_format = {
        "application/n-triples": "nt",
        "application/rdf+xml": "xml",
        "application/ld+json": "json-ld",
        "text/n3": "n3",
    }.get(mime, "turtle")
    graph = Graph()
    try:
        graph.parse(data=body, format=rdf_format)
    except Exception as exc:  # rdflib's parsers raise many unrelated types
        raise StoreError(f"endpoint {url} answered with unreadable RDF ({mime or 'no type'}): {exc}") from None
    triples = tuple(sorted(graph, key=lambda t: tuple(str(x) for x in t)))
    return QueryResult(kind="graph", triples=triples)
