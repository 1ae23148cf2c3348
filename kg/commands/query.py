"""`spacekg query` (named, file, inline or stdin SPARQL; locally or at an endpoint) and `spacekg serve`."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from typing import Any

from rdflib import Literal

from kg.commands._common import FORMATTER, open_from_args, say, seconds, whole_number
from kg.errors import EntityNotFound, QueryError, SpacekgError
from kg.query import (
    FORMATS,
    NamedQuery,
    QueryResult,
    QueryTimeout,
    available,
    load,
    parse_assignments,
    render,
    run,
)
from kg.query.named import Param, is_update
from kg.query.results import DEFAULT_MAX_WIDTH
from kg.store.base import GraphStore

QUERY_EPILOG = """examples:
  spacekg query --list                          the named queries in queries/, with their questions
  spacekg query cq05                            planned events and their dates, as a table
  spacekg query cq05 --format json              SPARQL 1.1 results JSON (also csv, tsv)
  spacekg query entity-card --param entity=skr:CNSA
  spacekg query claims-about --param entity="روسكوزموس"     an entity name works for IRI parameters
  spacekg query cq11 --param month=2020-12
  spacekg query my-question.rq
  spacekg query -e 'SELECT ?a ?l WHERE { ?a a sk:SpaceAgency ; rdfs:label ?l }'
  echo 'ASK { skr:Roscosmos sk:country skr:Russia }' | spacekg query
  spacekg query cq01 --endpoint http://127.0.0.1:7878/query
  spacekg query cq12 --limit 20 --timeout 5    the first 20 rows, or an error after 5 s

The ontology's prefixes (sk:, skr:, ska:, skc:, wd:, rdfs:, owl:, skos:, oa:, prov:, xsd:, …) are bound,
so queries need no PREFIX lines. Queries only read; SPARQL Update is refused. A query on the store
that runs past --timeout is given up (exit 2); the store is only read, and is left as it was.
"""

SERVE_EPILOG = """examples:
  spacekg serve                          read-only SPARQL endpoint on http://127.0.0.1:7878/query
  spacekg serve --port 0                 on a free port (printed)
  spacekg serve --writable               also accept SPARQL Update at /update and writes at /store

The server is Oxigraph's (pip install oxigraph). It serves a copy of the store loaded at start, with
all named graphs visible as the default graph; the store itself stays free for other spacekg
commands, and changes made through --writable are not written back. Ctrl-C stops it.
Query it with `spacekg query --endpoint URL`, curl, or any SPARQL client.
"""


def register(subparsers: Any) -> None:
    q = subparsers.add_parser(
        "query",
        help="run SPARQL: a named query, a .rq file, -e TEXT or stdin",
        description="Run a read-only SPARQL query on the store or on a SPARQL 1.1 endpoint.",
        epilog=QUERY_EPILOG,
        formatter_class=FORMATTER,
    )
    q.add_argument("query", nargs="?", help="a name from queries/ (cq05), a .rq file, or - for stdin")
    q.add_argument("-e", "--expr", metavar="SPARQL", help="the query text itself")
    q.add_argument("-f", "--format", choices=FORMATS, default="table", help="output format (default: table)")
    q.add_argument(
        "-p", "--param", action="append", metavar="NAME=VALUE",
        help="fill a query parameter (repeatable); see a query's '# param:' lines",
    )
    q.add_argument("--endpoint", metavar="URL", help="run at this SPARQL endpoint instead of the store")
    q.add_argument(
        "--timeout", type=seconds, default=30.0, metavar="SECONDS",
        help="give up on a query that runs longer, on the store or at an endpoint (default 30)",
    )
    q.add_argument(
        "--limit", type=whole_number(1), metavar="N",
        help="print only the first N rows (triples for CONSTRUCT); on the store the query stops there",
    )
    q.add_argument(
        "--max-width", type=whole_number(0), default=DEFAULT_MAX_WIDTH, metavar="N",
        help=f"truncate table cells to N columns; 0 keeps them whole (default {DEFAULT_MAX_WIDTH})",
    )
    q.add_argument(
        "--writable", action="store_true",
        help="allow a SPARQL Update (INSERT/DELETE/DROP …) to change the store; refused otherwise",
    )
    q.add_argument("--list", action="store_true", help="list the named queries and exit")
    q.add_argument("--show", action="store_true", help="print the query (parameters filled in), do not run it")
    q.set_defaults(func=cmd_query)

    s = subparsers.add_parser(
        "serve",
        help="serve the graph as a SPARQL endpoint on 127.0.0.1",
        description="Start a local SPARQL 1.1 endpoint (the Oxigraph server) over a copy of the store.",
        epilog=SERVE_EPILOG,
        formatter_class=FORMATTER,
    )
    s.add_argument(
        "--port", type=whole_number(0, 65535), default=7878,
        help="TCP port on 127.0.0.1; 0 picks a free one (default 7878)",
    )
    s.add_argument("--writable", action="store_true", help="accept SPARQL Update (read-only by default)")
    s.set_defaults(func=cmd_serve)


# --- query


def cmd_query(args: argparse.Namespace) -> int:
    if args.list:
        print(render(_listing(), args.format, max_width=args.max_width), end="")
        return 0
    if args.endpoint is not None:
        from kg.query.remote import check_url  # imported here: it pulls in the HTTP client

        check_url(args.endpoint, "--endpoint")
    query = _source(args)
    params = parse_assignments(args.param)
    if args.writable and is_update(query.with_params(params)):
        return _update(args, query.with_params(params), query.name)
    store: GraphStore | None = None
    try:
        if args.endpoint is None and not args.show:
            store = open_from_args(args)
        params = _resolve_entities(query, params, store, args)
        text = query.with_params(params)
        if args.show:
            print(text, end="" if text.endswith("\n") else "\n")
            return 0
        started = time.perf_counter()
        result = run(
            text, store=store, endpoint=args.endpoint, timeout=args.timeout, limit=args.limit, name=query.name
        )
        elapsed = (time.perf_counter() - started) * 1000
    except QueryTimeout as exc:
        raise QueryTimeout(exc.name, exc.seconds, hint="--timeout SECONDS allows longer") from None
    finally:
        if store is not None:
            store.close()
    print(render(result, args.format, max_width=args.max_width), end="")
    cut = f", cut at --limit {args.limit}" if result.truncated else ""
    say(args, f"{query.name}: {_size(result)}{cut} in {elapsed:.1f} ms")
    return 0


def _update(args: argparse.Namespace, text: str, name: str) -> int:
    """A SPARQL Update, only with --writable: on the store (locked for writing) or at an endpoint."""
    if args.endpoint is not None:
        from kg.query.remote import remote_update, update_url

        remote_update(update_url(args.endpoint), text, args.timeout)
    else:
        store = open_from_args(args, writable=True)
        try:
            store.update(text)
        finally:
            store.close()
    say(args, f"{name}: update applied")
    return 0


def _source(args: argparse.Namespace) -> NamedQuery:
    if args.expr is not None:
        if args.query is not None:
            raise QueryError("give either a query name/file or -e TEXT, not both")
        return NamedQuery.from_text("-e", args.expr)
    if args.query == "-" or (args.query is None and not sys.stdin.isatty()):
        return NamedQuery.from_text("stdin", _read_stdin())
    if args.query is None:
        raise QueryError("give a query name (spacekg query --list), a .rq file, -e TEXT, or SPARQL on stdin")
    return load(args.query)


def _read_stdin() -> str:
    """Standard input as UTF-8 text (Python would let undecodable bytes through as lone surrogates)."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # replaced by a text stream (tests, embedding)
        return sys.stdin.read()
    try:
        return str(buffer.read().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise QueryError(f"stdin: not valid UTF-8 (byte {exc.start})") from None


def _resolve_entities(
    query: NamedQuery, params: dict[str, str], store: GraphStore | None, args: argparse.Namespace
) -> dict[str, str]:
    """Let IRI parameters take entity names: `--param entity=روسكوزموس` means skr:Roscosmos."""
    out = dict(params)
    for name, value in params.items():
        param = query.param(name) if query.params else None
        if param is None or param.kind != "iri" or _looks_like_term(value, param):
            continue
        if store is None and args.endpoint is None:
            continue  # --show without a store: the value is reported as not an IRI
        from kg.views.graph import find_entity

        source: Any = store if store is not None else _EndpointStore(args.endpoint, args.timeout)
        try:
            out[name] = f"<{find_entity(source, value)}>"
        except EntityNotFound as exc:
            raise EntityNotFound(value, exc.suggestions) from None
    return out


def _looks_like_term(value: str, param: Param) -> bool:
    from kg.query.named import sparql_term

    try:
        sparql_term(value, param)
    except QueryError:
        return False
    return True


class _EndpointStore:
    """Just enough of a store for name lookups at an endpoint."""

    def __init__(self, url: str | None, timeout: float) -> None:
        self.url, self.timeout = url, timeout

    def query(self, sparql: str, **_: Any) -> QueryResult:
        from kg.query.remote import remote_query

        assert self.url is not None
        return remote_query(self.url, sparql, self.timeout)


def _listing() -> QueryResult:
    rows = []
    for name in available():
        q = load(name)
        params = ", ".join(f"{p.name}={p.default}" for p in q.params)
        rows.append((Literal(name), Literal(q.title), Literal(q.question_en), Literal(params)))
    return QueryResult(kind="select", variables=("name", "title", "question", "params"), rows=tuple(rows))


def _size(result: QueryResult) -> str:
    if result.kind == "ask":
        return f"answer {'true' if result.boolean else 'false'}"
    count = len(result.rows) if result.kind == "select" else len(result.triples)
    noun = "row" if result.kind == "select" else "triple"
    return f"{count} {noun}{'s' if count != 1 else ''}"


# --- serve


class _Stop(Exception):
    """SIGTERM or SIGHUP while serving: stop the server like Ctrl-C does."""


def _raise_stop(signum: int, frame: object) -> None:
    raise _Stop(signum)


def _stop_on_signals() -> dict[int, Any]:
    """Ctrl-C, SIGTERM and SIGHUP all stop the server cleanly (the server runs in its own session, so
    nothing else would); SIGINT is re-enabled even when a shell started us in the background."""
    previous: dict[int, Any] = {}
    for signum, handler in (
        (signal.SIGINT, signal.default_int_handler),
        (signal.SIGTERM, _raise_stop),
        (signal.SIGHUP, _raise_stop),
    ):
        previous[signum] = signal.signal(signum, handler)
    return previous


def cmd_serve(args: argparse.Namespace) -> int:
    from kg import serve

    store = open_from_args(args)
    try:
        data = store.export("nquads")
        size = len(store)
    finally:
        store.close()
    # Handlers first: a Ctrl-C at any moment after the server exists must still stop it.
    previous = _stop_on_signals()
    server: serve.Server | None = None
    try:
        server = serve.start(nquads=data, port=args.port, writable=args.writable)
        mode = "read-write" if args.writable else "read-only"
        print(f"SPARQL endpoint: {server.query_url}  ({mode}, {size} quads; Ctrl-C stops it)", flush=True)
        if args.writable:
            print(f"SPARQL Update:   {server.update_url}", flush=True)
        print(f"Graph Store:     {server.store_url}", flush=True)
        code = server.wait()
    except (KeyboardInterrupt, _Stop):
        say(args, "stopping the server")
        return 0
    finally:
        if server is not None:
            server.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if code != 0:
        raise SpacekgError(f"the Oxigraph server exited with code {code}; see its messages above")
    return 0
