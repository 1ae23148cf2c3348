"""Extraction time against article size: `python -m bench.extract_size [KB ...]`.

One article is built from the held-out dev texts repeated up to each size (default 100 KB, 1 MB, 4 MB)
and extracted in this process (no store). Prints a Markdown table of size, claims, CPU seconds and
KB per CPU second: roughly flat when extraction is linear in the article's length, which is what lets
the 20 MB input limit (SPACEKG_MAX_BYTES) be a size limit and not a hidden time limit.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.extract.pipeline import extract
from kg.extract.rules import load_rules
from kg.lexicon import Lexicon
from kg.model import ArticleMeta

DEV = Path(__file__).resolve().parent.parent / "tests" / "data" / "heldout" / "dev"


def article_of(kb: int) -> str:
    """About `kb` KB of UTF-8 Arabic: the dev articles one after another, cut at a space."""
    base = " ".join(p.read_text("utf-8") for p in sorted(DEV.glob("*.txt")))
    size = len(base.encode("utf-8"))
    text = " ".join([base] * (kb * 1024 // size + 1))
    cut = text[: int(len(text) * kb * 1024 / len(text.encode("utf-8")))]
    return cut[: cut.rfind(" ")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extract_size", description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1024, 4096], help="sizes in KB")
    args = parser.parse_args(argv)
    lexicon, rules = Lexicon.load(), load_rules()
    extract("تمهيد.", ArticleMeta("warm", "warm"), lexicon, rules)
    print("| article | claims | CPU s | KB per CPU s |")
    print("|---:|---:|---:|---:|")
    for kb in args.sizes:
        text = article_of(kb)
        began = time.process_time()
        claims = len(extract(text, ArticleMeta(f"size-{kb}", "size"), lexicon, rules).claims)
        spent = time.process_time() - began
        real = len(text.encode("utf-8")) / 1024
        print(f"| {real:,.0f} KB | {claims:,} | {spent:.1f} | {real / spent:,.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
