"""`spacekg push`: copy the store's named graphs to a SPARQL 1.1 server."""

from __future__ import annotations

import argparse

from rdflib import URIRef

from kg.commands._common import FORMATTER, open_from_args, say
from kg.store.sparql import DEFAULT_TIMEOUT, SparqlStore, push

EPILOG = """examples:
  spacekg push --endpoint http://127.0.0.1:7878/query          every graph, to an Oxigraph server
  spacekg push --endpoint http://127.0.0.1:8890/sparql         to Virtuoso (query and update at one URL)
  spacekg push --endpoint http://127.0.0.1:7878/query --graph https://w3id.org/spacekg/graph/article/1216413385492f13
  spacekg push --endpoint http://h/repo --update-url http://h/repo/statements

Each graph replaces the graph of the same name on the server (SPARQL Update: DROP SILENT GRAPH, then
INSERT DATA), so pushing twice leaves one copy. The update URL defaults to /update beside a /query URL
(Oxigraph), otherwise the endpoint URL itself (Virtuoso, Fuseki's dataset URL). Afterwards
`spacekg --store sparql:URL …` works against the server.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "push",
        help="copy the graph (or one named graph) to a SPARQL 1.1 server",
        description="Send the store's named graphs to a SPARQL 1.1 server through SPARQL Update.",
        epilog=EPILOG,
        formatter_class=FORMATTER,
    )
    p.add_argument("--endpoint", required=True, metavar="URL", help="the server's query URL")
    p.add_argument("--update-url", metavar="URL", help="the server's SPARQL Update URL, if not derived")
    p.add_argument("--graph", metavar="IRI", action="append", help="push only this named graph (repeatable)")
    p.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, help=f"seconds per request (default {DEFAULT_TIMEOUT:g})"
    )
    p.set_defaults(func=cmd_push)


def cmd_push(args: argparse.Namespace) -> int:
    target = SparqlStore(args.endpoint, args.update_url, timeout=args.timeout)
    source = open_from_args(args)
    try:
        sent = push(source, target, [URIRef(g) for g in args.graph] if args.graph else None)
    finally:
        source.close()
    for name, count in sent:
        print(f"{name}\t{count}")
    say(args, f"pushed {len(sent)} graph(s), {sum(n for _, n in sent):,} triples to {target.update_url}")
    return 0
