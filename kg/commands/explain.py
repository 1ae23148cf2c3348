"""`spacekg explain NAME` (every claim about an entity, with evidence) and `spacekg eval GOLD.json`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kg.commands._common import FORMATTER, open_from_args
from kg.evaluate import evaluate
from kg.explain import explain_entity


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "explain",
        help="every claim about an entity: modality, date, speaker and quoted evidence",
        formatter_class=FORMATTER,
        epilog='examples:\n  spacekg explain Roscosmos\n  spacekg explain "روسكوزموس"\n  spacekg explain skr:Luna_25',
    )
    p.add_argument("name", help="English or Arabic name, or an IRI")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser(
        "eval",
        help="precision, recall and F1 of the extractor against a gold file (seed-gold.json format)",
        formatter_class=FORMATTER,
        epilog="examples:\n  spacekg eval ../shared/spec/seed-gold.json\n"
        "  spacekg eval gold.json --article a.txt --json",
    )
    p.add_argument("gold", type=Path, help="gold annotation (JSON)")
    p.add_argument("--article", type=Path, help="the article file (default: found from the gold's 'article')")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("-v", "--verbose", action="store_true", help="list missed and spurious relations")
    p.set_defaults(func=cmd_eval)


def cmd_explain(args: argparse.Namespace) -> int:
    store = open_from_args(args)
    try:
        report = explain_entity(store, args.name)
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.text())
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    ev = evaluate(args.gold, args.article)
    if args.json:
        print(json.dumps(ev.as_dict(), ensure_ascii=False, indent=2))
        return 0
    print(f"{'':<10} {'precision':>9} {'recall':>7} {'F1':>6}   counts")
    for s in ev.scores:
        print(
            f"{s.name:<10} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f}   "
            f"{s.true_positives} correct of {s.predicted} predicted; {s.gold_found} of {s.gold} gold found"
        )
    agree, total = ev.modality_agreement
    print(f"modality agrees with gold on {agree} of {total} matched relations")
    for note in ev.date_notes:
        print(f"date: {note}")
    if ev.unscored:
        print(f"relations not scored (outside the gold's scope): {len(ev.unscored)}")
    if args.verbose:
        for m in ev.missed:
            print(f"missed: {m}")
        for extra in ev.spurious:
            print(f"not in gold: {extra}")
        for extra in ev.unscored:
            print(f"not scored: {extra}")
    return 0
