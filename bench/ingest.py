"""Ingest throughput, end to end: `spacekg ingest corpus.jsonl seed.txt` in a fresh store, as a user runs it.

Measures wall time, words/s and claims/s from the command's own summary line, the peak resident memory
of the command and its worker processes together, and a second run of the same command (everything
already there: the resume path).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.timing import PeakRss
from kg.paths import ARTICLES_DIR

_SUMMARY = re.compile(
    r"([\d,]+) article\(s\) ingested, ([\d,]+) words, ([\d,]+) claims in ([\d.]+) s"
    r"(?:.*?([\d,]+) already in the store)?"
)


@dataclass(frozen=True, slots=True)
class IngestRun:
    articles: int
    words: int
    claims: int
    wall_s: float
    peak_rss: int
    triples: int
    rerun_s: float
    rerun_skipped: int

    @property
    def words_per_s(self) -> float:
        return self.words / self.wall_s

    @property
    def claims_per_s(self) -> float:
        return self.claims / self.wall_s


def run(corpus: Path, store: Path) -> IngestRun:
    """Ingest `corpus` and the seed article into a fresh store at `store`, then run the same again."""
    shutil.rmtree(store, ignore_errors=True)
    seed = sorted(ARTICLES_DIR.glob("*.txt"))
    cmd = [sys.executable, "-m", "kg", "--store", str(store), "ingest", str(corpus), *map(str, seed)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    with PeakRss(proc.pid) as peak:
        _, err = proc.communicate()
    wall = time.perf_counter() - start
    articles, words, claims, _ = _summary(err, proc.returncode)
    start = time.perf_counter()
    again = subprocess.run(cmd, capture_output=True, text=True, check=False)
    rerun = time.perf_counter() - start
    skipped = _summary(again.stderr, again.returncode)[3]
    return IngestRun(articles, words, claims, wall, peak.peak, _triples(store), rerun, skipped)


def _summary(stderr: str, code: int) -> tuple[int, int, int, int]:
    match = _SUMMARY.search(stderr)
    if code != 0 or match is None:
        raise RuntimeError(f"spacekg ingest failed (exit {code}):\n{stderr[-2000:]}")
    articles, words, claims, _, skipped = match.groups()
    return tuple(int((v or "0").replace(",", "")) for v in (articles, words, claims, skipped))  # type: ignore[return-value]


def _triples(store: Path) -> int:
    import pyoxigraph as ox

    return len(ox.Store.read_only(str(store / "oxigraph")))
