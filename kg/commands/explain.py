"""`spacekg explain NAME` (every claim about an entity, with evidence) and `spacekg eval GOLD.json`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kg.commands._common import FORMATTER, open_from_args
from kg.errors import InputError
from kg.evaluate import Evaluation, combine, evaluate, gold_files
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
        help="precision, recall and F1 of the extractor against gold files (seed-gold.json format)",
        formatter_class=FORMATTER,
        description="Score the extractor against gold annotations. With several gold files (or a directory, "
        "searched for *.gold.json), each article gets a line and the totals are micro-averaged: counts "
        "summed over the articles, then precision and recall taken.",
        epilog="examples:\n  spacekg eval ../shared/spec/seed-gold.json\n"
        "  spacekg eval gold.json --article a.txt --json\n"
        "  spacekg eval tests/data/heldout/dev          every article of a held-out set, and the totals\n"
        "  spacekg eval tests/data/heldout -v           ... listing what was missed and what is extra\n"
        "  spacekg eval tests/data/heldout/dev --by-predicate   relation scores per predicate, most annotated first",
    )
    p.add_argument("gold", type=Path, nargs="+", help="gold annotations (JSON files or directories)")
    p.add_argument("--article", type=Path, help="the article file (one gold only; default: the gold's 'article')")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("-v", "--verbose", action="store_true", help="list missed and spurious relations")
    p.add_argument(
        "--by-predicate", action="store_true", help="also print relation precision and recall for each predicate"
    )
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
    golds = gold_files(args.gold)
    if args.article is not None and len(golds) != 1:
        raise InputError("--article goes with exactly one gold file")
    per_article = [(g, evaluate(g, args.article)) for g in golds]
    if len(per_article) == 1:
        total = per_article[0][1]
    else:
        total = combine([ev for _, ev in per_article], [_label(g) for g, _ in per_article])
    if args.json:
        out = total.as_dict()
        if len(per_article) > 1:
            out["articles"] = {str(g): ev.as_dict()["scores"] for g, ev in per_article}
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    if len(per_article) > 1:
        _print_articles(per_article)
        print(f"\ntotals over {len(per_article)} articles (micro-averaged)")
    print(f"{'':<10} {'precision':>9} {'recall':>7} {'F1':>6}   counts")
    for s in total.scores:
        print(
            f"{s.name:<10} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f}   "
            f"{s.true_positives} correct of {s.predicted} predicted; {s.gold_found} of {s.gold} gold found"
        )
    agree, count = total.modality_agreement
    print(f"modality agrees with gold on {agree} of {count} matched relations")
    for note in total.date_notes:
        print(f"date: {note}")
    if total.unscored:
        print(f"relations not scored (outside the gold's scope): {len(total.unscored)}")
    if args.by_predicate:
        _print_predicates(total)
    if args.verbose:
        for m in total.missed:
            print(f"missed: {m}")
        for extra in total.spurious:
            print(f"not in gold: {extra}")
        for extra in total.unscored:
            print(f"not scored: {extra}")
    return 0


def _print_predicates(total: Evaluation) -> None:
    """Relation scores per predicate, the most annotated first (then the most predicted): where recall
    is lost and where extra claims come from."""
    rows = sorted(total.by_predicate.values(), key=lambda s: (-s.gold, -s.predicted, s.name))
    if not rows:
        return
    width = max(len("predicate"), *(len(s.name) for s in rows))
    head = f"{'gold':>5} {'found':>5} {'recall':>7} {'predicted':>9} {'correct':>7} {'precision':>9}"
    print(f"\n{'predicate':<{width}} {head}")
    for s in rows:
        recall = f"{s.recall:.3f}" if s.gold else "-"
        precision = f"{s.precision:.3f}" if s.predicted else "-"
        print(
            f"{s.name:<{width}} {s.gold:>5} {s.gold_found:>5} {recall:>7} {s.predicted:>9} "
            f"{s.true_positives:>7} {precision:>9}"
        )


def _print_articles(per_article: list[tuple[Path, Evaluation]]) -> None:
    """One line per article: F1 of entities and dates, relation precision, recall and F1."""
    width = max(len(_label(g)) for g, _ in per_article)
    print(f"{'article':<{width}}  {'ent F1':>6} {'date F1':>7}  {'rel P':>5} {'rel R':>5} {'rel F1':>6}  modality")
    for g, ev in per_article:
        by = {s.name: s for s in ev.scores}
        rel = by["relations"]
        agree, count = ev.modality_agreement
        print(
            f"{_label(g):<{width}}  {by['entities'].f1:>6.3f} {by['dates'].f1:>7.3f}  "
            f"{rel.precision:>5.2f} {rel.recall:>5.2f} {rel.f1:>6.3f}  {agree}/{count}"
        )


def _label(gold: Path) -> str:
    return gold.name.removesuffix(".json").removesuffix(".gold").removesuffix("-gold")
