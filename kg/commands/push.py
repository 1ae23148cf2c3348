"""`spacekg push`: copy the store's named graphs to a SPARQL 1.1 server."""

from __future__ import annotations

import argparse
import re

from rdflib import URIRef

from kg.commands._common import FORMATTER, open_from_args, say, seconds
from kg.errors import InputError
from kg.store.sparql import DEFAULT_TIMEOUT, PROTOCOLS, SparqlStore, push

EPILOG = """examples:
  spacekg push --endpoint http://127.0.0.1:7878/query          every graph, to an Oxigraph server
  spacekg push --endpoint http://127.0.0.1:8890/sparql         to Virtuoso (query and update at one URL)
  spacekg push --endpoint http://127.0.0.1:7878/query --graph https://w3id.org/spacekg/graph/article/1216413385492f13
  spacekg push --endpoint http://127.0.0.1:7878/query --protocol gsp      one HTTP PUT per graph
  spacekg push --endpoint http://h/repo --update-url http://h/repo/statements
  spacekg push --endpoint http://h/ds/query --protocol gsp --gsp-url http://h/ds/data

Each graph replaces the graph of the same name on the server, all or nothing: its triples go into a
fresh staging graph, are counted there, and one SPARQL Update `MOVE` puts them in place; a push that
fails or is killed part-way leaves the server's old graph. Pushing twice leaves one copy.

--protocol says how the triples travel to the staging graph:
  update (default)  SPARQL Update INSERT DATA, in parts of 2,000 triples; needs only the endpoint
  gsp               one SPARQL 1.1 Graph Store Protocol PUT of N-Triples per graph (fewer, larger
                    requests); its URL is derived for Oxigraph (/query -> /store) and Virtuoso
                    (/sparql -> /sparql-graph-crud), else give --gsp-url
Both need SPARQL Update for the final MOVE. The update URL defaults to /update beside a /query URL
(Oxigraph), otherwise the endpoint URL itself (Virtuoso, Fuseki's dataset URL). Virtuoso accepts
writes from anonymous clients only once allowed (GRANT SPARQL_UPDATE TO "SPARQL"); otherwise it
answers HTTP 403. Afterwards `spacekg --store sparql:URL …` works against the server.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "push",
        help="copy the graph (or one named graph) to a SPARQL 1.1 server",
        description="Send the store's named graphs to a SPARQL 1.1 server (SPARQL Update or Graph Store Protocol).",
        epilog=EPILOG,
        formatter_class=FORMATTER,
    )
    p.add_argument("--endpoint", required=True, metavar="URL", help="the server's query URL")
    p.add_argument("--update-url", metavar="URL", help="the server's SPARQL Update URL, if not derived")
    p.add_argument(
        "--protocol", choices=PROTOCOLS, default="update", help="how the triples travel (default: update; see below)"
    )
    p.add_argument("--gsp-url", metavar="URL", help="the server's Graph Store Protocol URL, if not derived (gsp)")
    p.add_argument("--graph", metavar="IRI", action="append", help="push only this named graph (repeatable)")
    p.add_argument(
        "--timeout", type=seconds, default=DEFAULT_TIMEOUT, help=f"seconds per request (default {DEFAULT_TIMEOUT:g})"
    )
    p.set_defaults(func=cmd_push)


_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+")


def cmd_push(args: argparse.Namespace) -> int:
    for graph in args.graph or ():
        if not _IRI.fullmatch(graph):
            raise InputError(f"--graph {graph!r} is not an IRI (e.g. https://w3id.org/spacekg/graph/lexicon)")
    target = SparqlStore(
        args.endpoint, args.update_url, timeout=args.timeout, protocol=args.protocol, gsp_url=args.gsp_url
    )
    source = open_from_args(args)
    try:
        sent = push(source, target, [URIRef(g) for g in args.graph] if args.graph else None)
    finally:
        source.close()
    for name, count in sent:
        print(f"{name}\t{count}")
    via = f"{target.gsp_url} (Graph Store Protocol)" if args.protocol == "gsp" else target.update_url
    say(args, f"pushed {len(sent)} graph(s), {sum(n for _, n in sent):,} triples to {via}")
    return 0
