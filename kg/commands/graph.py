"""`spacekg path`, `neighbors`, `timeline` and `central`: traversals over the networkx entity graph."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

from rdflib import Literal

from kg.commands._common import FORMATTER, open_from_args
from kg.errors import InputError
from kg.query.results import render
from kg.store.base import QueryResult
from kg.views import graph as views

NAMES_NOTE = """Entities are named in English or Arabic (labels and alternative names, compared after folding
letter variants, diacritics and case), by IRI (skr:Roscosmos or the full IRI); a near miss suggests names.
"""

PATH_EPILOG = f"""examples:
  spacekg path "Zhang Kejian" "Dmitry Rogozin"
  spacekg path CNSA "وكالة الفضاء الروسية"
  spacekg path skr:Luna_25 skr:Moon --format json

Edges are claims (asserted, reported or planned; never negated), followed in either direction.
{NAMES_NOTE}"""

NEIGHBORS_EPILOG = f"""examples:
  spacekg neighbors CNSA                 everything one claim away from CNSA
  spacekg neighbors روسيا --depth 2
  spacekg neighbors "Elon Musk" --format json

{NAMES_NOTE}"""

TIMELINE_EPILOG = f"""examples:
  spacekg timeline                       every dated claim, oldest first; plans are marked "planned"
  spacekg timeline --entity "Alan Shepard"
  spacekg timeline --format json         [{{"date", "precision", "label", "modality"}}, …]

{NAMES_NOTE}"""

CENTRAL_EPILOG = """examples:
  spacekg central                        the 10 entities with the most distinct neighbours
  spacekg central --top 5 --by betweenness
  spacekg central --format json
"""

GRAPH_FORMATS = ("table", "json")


def register(subparsers: Any) -> None:
    p = _parser(subparsers, "path", "the shortest chain of claims between two entities", PATH_EPILOG)
    p.add_argument("source", help="an entity name or IRI")
    p.add_argument("target", help="an entity name or IRI")
    p.set_defaults(func=cmd_path)

    n = _parser(subparsers, "neighbors", "the entities and claims around an entity", NEIGHBORS_EPILOG)
    n.add_argument("entity", help="an entity name or IRI")
    n.add_argument("--depth", type=int, default=1, help="how many claims away (default 1)")
    n.set_defaults(func=cmd_neighbors)

    t = _parser(subparsers, "timeline", "dated events in order, planned ones marked", TIMELINE_EPILOG)
    t.add_argument("--entity", help="only events this entity takes part in")
    t.set_defaults(func=cmd_timeline)

    c = _parser(subparsers, "central", "the most central entities (degree and betweenness)", CENTRAL_EPILOG)
    c.add_argument("--top", type=int, default=10, help="how many (default 10)")
    c.add_argument("--by", choices=("degree", "betweenness"), default="degree", help="rank by (default degree)")
    c.set_defaults(func=cmd_central)


def _parser(subparsers: Any, name: str, summary: str, epilog: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, help=summary, description=summary[0].upper() + summary[1:] + ".", epilog=epilog,
        formatter_class=FORMATTER,
    )
    parser.add_argument("-f", "--format", choices=GRAPH_FORMATS, default="table", help="output (default: table)")
    return parser


def _at_least(value: int, least: int, option: str) -> int:
    if value < least:
        raise InputError(f"{option} must be at least {least}, not {value}")
    return value


def _projection(args: argparse.Namespace) -> Any:
    store = open_from_args(args)
    try:
        return views.project(store)
    finally:
        store.close()


def cmd_path(args: argparse.Namespace) -> int:
    graph = _projection(args)
    found = views.shortest_path(graph, views.find_entity(graph, args.source), views.find_entity(graph, args.target))
    if args.format == "json":
        _print_json(found.to_json())
    else:
        print(_chain(found))
        _print_edges(found)
    return 0


def cmd_neighbors(args: argparse.Namespace) -> int:
    graph = _projection(args)
    found = views.neighbors(graph, views.find_entity(graph, args.entity), _at_least(args.depth, 1, "--depth"))
    if args.format == "json":
        _print_json(found.to_json())
    else:
        _print_table(("entity", "iri"), [(n.label, n.iri) for n in found.nodes])
        _print_edges(found)
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    store = open_from_args(args)
    try:
        entity = views.find_entity(store, args.entity) if args.entity is not None else None
        events = views.timeline(store, entity)
    finally:
        store.close()
    if args.format == "json":
        _print_json([e.to_json() for e in events])
    else:
        rows = [(e.date, e.precision, e.label, "planned" if e.modality == "planned" else e.modality) for e in events]
        _print_table(("date", "precision", "event", "modality"), rows)
    return 0


def cmd_central(args: argparse.Namespace) -> int:
    ranked = views.central(_projection(args), _at_least(args.top, 1, "--top"), args.by)
    if args.format == "json":
        _print_json([c.to_json() for c in ranked])
    else:
        rows = [(str(i), c.label, str(c.degree), f"{c.betweenness:.4f}", c.iri) for i, c in enumerate(ranked, 1)]
        _print_table(("rank", "entity", "degree", "betweenness", "iri"), rows)
    return 0


# --- output


def _chain(found: views.Subgraph) -> str:
    """`A —invited→ B ←headOf— C`: the path as one line, arrows in the claims' direction."""
    parts = [found.nodes[0].label]
    for node, edge in zip(found.nodes[1:], found.edges, strict=True):
        mark = "" if edge.modality == "asserted" else f" [{edge.modality}]"
        forward = edge.target == node.iri
        parts.append(f"—{edge.predicate}{mark}→" if forward else f"←{edge.predicate}{mark}—")
        parts.append(node.label)
    return " ".join(parts)


def _print_edges(found: views.Subgraph) -> None:
    labels = {n.iri: n.label for n in found.nodes}
    rows = [(labels[e.source], e.predicate, labels[e.target], e.modality) for e in found.edges]
    _print_table(("source", "predicate", "target", "modality"), rows)


def _print_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    result = QueryResult(
        kind="select", variables=tuple(columns), rows=tuple(tuple(Literal(c) for c in row) for row in rows)
    )
    print(render(result, "table", max_width=80), end="")


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))
