"""Turtle export of the million-triple graph: spacekg's export beside pyoxigraph's own serializer and rdflib.

spacekg's Turtle is the union of all graphs with each subject's triples together and a stable order
(`OxigraphStore.export`). The baseline is pyoxigraph serializing the same union triples as the store
yields them (no ordering), which is the least any Turtle export can cost; rdflib is its memory store's
`serialize`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from bench.sparql import Loaded
from bench.timing import median_time
from kg.vocab import PREFIXES


@dataclass(frozen=True, slots=True)
class ExportRun:
    triples: int
    spacekg_s: float
    pyoxigraph_s: float
    rdflib_s: float | None
    size: int
    runs: int

    @property
    def ratio(self) -> float:
        return self.spacekg_s / self.pyoxigraph_s


def _union(store: Any) -> Any:
    for quad in store.quads_for_pattern(None, None, None, None):
        yield quad.triple


def run(loaded: Loaded, runs: int = 3, with_rdflib: bool = True) -> ExportRun:
    raw = loaded.oxigraph.oxigraph
    ours = median_time(lambda: loaded.oxigraph.export("turtle"), runs)
    base = median_time(lambda: ox.serialize(_union(raw), format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES)), runs)
    rdflib_s = None
    if with_rdflib:
        start = time.perf_counter()
        loaded.memory.export("turtle")
        rdflib_s = time.perf_counter() - start
    return ExportRun(loaded.triples, ours.median_s, base.median_s, rdflib_s, len(ours.result), ours.runs)
