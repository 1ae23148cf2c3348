"""Extraction speed in one process, no store: `python -m bench.extract_speed [--articles N] [--runs R]`.

Two inputs: every held-out article (`tests/data/heldout/*/`, real news prose, 40+ texts) and N articles
of the generated corpus (`bench/corpus.py`, dense with claims). Each is extracted R times; the table gives
the words, the claims found and words per CPU second (best and median of the runs). CPU time, not wall
time, so a busy machine disturbs it less; compare two commits by running this script on each, back to back.
Three held-out articles are extracted first, so that patterns compiled on first use are not counted.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bench import corpus
from kg.extract.pipeline import extract
from kg.extract.rules import RuleSet, load_rules
from kg.lexicon import Lexicon
from kg.model import ArticleMeta

HELDOUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "heldout"


def heldout_texts() -> list[str]:
    """The held-out articles' texts, in a fixed order."""
    return [p.read_text("utf-8") for p in sorted(HELDOUT.glob("*/*.ar.txt"))]


def measure(texts: list[str], lexicon: Lexicon, rules: RuleSet, runs: int) -> tuple[int, int, list[float]]:
    """Words, claims and the CPU seconds of each run over all of `texts`."""
    words = sum(len(t.split()) for t in texts)
    claims = 0
    spent: list[float] = []
    for _ in range(runs):
        began = time.process_time()
        claims = sum(len(extract(t, ArticleMeta(f"a{i}", "speed"), lexicon, rules).claims) for i, t in enumerate(texts))
        spent.append(time.process_time() - began)
    return words, claims, spent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extract_speed", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="generated articles (default 1,000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each input (default 3)")
    args = parser.parse_args(argv)
    lexicon, rules = Lexicon.load(), load_rules()
    for text in heldout_texts()[:3]:  # lazily compiled patterns (0.2-0.3 s once a process) are not throughput
        extract(text, ArticleMeta("warm", "warm"), lexicon, rules)
    inputs = {
        "held-out articles": heldout_texts(),
        f"generated corpus ({args.articles:,})": [a["text"] for a in corpus.generate(args.articles, lexicon=lexicon)],
    }
    print("| input | texts | words | claims | words per CPU s (best) | (median) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, texts in inputs.items():
        words, claims, spent = measure(texts, lexicon, rules, args.runs)
        best, median = words / min(spent), words / statistics.median(spent)
        print(f"| {name} | {len(texts):,} | {words:,} | {claims:,} | {best:,.0f} | {median:,.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
