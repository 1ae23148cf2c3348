"""networkx on the million-triple graph: the projection (read through Oxigraph), paths, neighbourhoods,
centrality, timed as the CLI commands use them (kg/views/graph.py)."""

from __future__ import annotations

import contextlib
import random
import time
from dataclasses import dataclass

from bench.sparql import Loaded
from bench.timing import median_time
from kg.views import graph as views


@dataclass(frozen=True, slots=True)
class GraphRun:
    nodes: int
    edges: int
    project_s: float
    undirected_s: float
    path_s: float
    neighbors_s: float
    central_s: float
    timeline_s: float
    runs: int


def run(loaded: Loaded, runs: int = 5) -> GraphRun:
    start = time.perf_counter()
    g = views.project(loaded.oxigraph)
    project_s = time.perf_counter() - start
    start = time.perf_counter()
    simple = views.undirected(g)
    undirected_s = time.perf_counter() - start
    connected = sorted(n for n in simple if simple.degree(n) > 0)
    rnd = random.Random(0)
    pairs = [(rnd.choice(connected), rnd.choice(connected)) for _ in range(runs)]
    hubs = sorted(connected, key=lambda n: -simple.degree(n))[:runs]

    def path() -> None:
        a, b = pairs.pop()
        with contextlib.suppress(views.EntityNotFound):  # not connected: still a full search
            views.shortest_path(g, a, b)

    path_t = median_time(path, runs)
    neigh_t = median_time(lambda: views.neighbors(g, hubs.pop(), depth=2), runs)
    central_t = median_time(lambda: views.central(g, 10), min(runs, 3))  # degree and betweenness together
    timeline_t = median_time(lambda: views.timeline(loaded.oxigraph), min(runs, 3))
    return GraphRun(
        g.number_of_nodes(), g.number_of_edges(), project_s, undirected_s, path_t.median_s, neigh_t.median_s,
        central_t.median_s, timeline_t.median_s, path_t.runs,
    )
