"""`spacekg viz`: the interactive graph page, one self-contained HTML file that works offline."""

from __future__ import annotations

import argparse

from kg.commands._common import FORMATTER, open_from_args, safe_output_path, say
from kg.views.graph import connected, project
from kg.views.html import write_html


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "viz",
        help="write the interactive graph page (offline, Arabic or English)",
        formatter_class=FORMATTER,
        epilog="examples:\n  spacekg viz\n  spacekg viz --lang en -o out/graph-en.html\n"
        '  spacekg viz --focus "روسكوزموس" --depth 2\n  spacekg viz --max-nodes 500',
    )
    p.add_argument("-o", "--output", default="out/graph.html", help="output file (default: out/graph.html)")
    p.add_argument("--focus", help="show only the neighbourhood of this entity (name or IRI)")
    p.add_argument("--depth", type=int, default=2, help="hops around --focus (default: 2)")
    p.add_argument("--lang", choices=["ar", "en"], default="ar", help="label language (default: ar)")
    p.add_argument("--max-nodes", type=int, default=2000, help="keep at most this many nodes (default: 2000)")
    p.set_defaults(func=cmd_viz)


def cmd_viz(args: argparse.Namespace) -> int:
    out = safe_output_path(args.output, args)
    store = open_from_args(args)
    try:
        graph = connected(project(store))
    finally:
        store.close()
    path = write_html(out, graph, lang=args.lang, focus=args.focus, depth=args.depth, max_nodes=args.max_nodes)
    say(args, f"wrote {path} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges in the graph)")
    return 0
