"""Benchmark of the HTML graph page: render time, size, and load-to-interactive time in headless Chromium.

Run: `.venv/bin/python -m bench.bench_viz` (writes bench/results-viz.md). The graphs are synthetic and
seeded (`synthetic_graph`), shaped like the projection: preferential attachment, so a few hubs hold many
claims, as agencies and countries do in the news.
"""

from __future__ import annotations

import argparse
import platform
import random
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.views.html import render_html

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
RESULTS = Path(__file__).with_name("results-viz.md")
RESOURCE = "https://w3id.org/spacekg/resource/"
_CLASSES = ["SpaceAgency", "Country", "Person", "Spacecraft", "Mission", "Program", "SpaceStation",
            "CelestialBody", "Agreement", "Company", "Newspaper", "City", "Rocket", "Astronaut"]
_PREDICATES = ["country", "operator", "headOf", "signatory", "crewMemberOf", "target", "partner",
               "launched", "fundedBy", "about", "founder", "sent"]
_MODALITIES = ["asserted"] * 7 + ["planned"] * 2 + ["reported"]


def synthetic_graph(n_nodes: int, seed: int = 7) -> nx.MultiDiGraph:
    """A seeded projection-shaped graph: ≈1.8 claims per node, Roscosmos and NASA among the hubs.

    >>> g = synthetic_graph(100)
    >>> g.number_of_nodes(), 150 < g.number_of_edges() < 210
    (100, True)
    """
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    g.add_node(RESOURCE + "Roscosmos", label_en="Roscosmos", label_ar="روسكوزموس", cls="SpaceAgency",
               qid="Q190795")
    g.add_node(RESOURCE + "NASA", label_en="NASA", label_ar="ناسا", cls="SpaceAgency", qid="Q23548")
    ends = list(g.nodes)  # one entry per edge end: sampling from it prefers well-connected nodes
    for i in range(2, n_nodes):
        node = f"{RESOURCE}entity-{i}"
        g.add_node(node, label_en=f"Entity {i}", label_ar=f"كيان {i}", cls=rnd.choice(_CLASSES))
        for target in dict.fromkeys(rnd.choice(ends) for _ in range(rnd.choice([1, 1, 2, 2, 3]))):
            u, v = (node, target) if rnd.random() < 0.5 else (target, node)
            _add_claim(g, rnd, u, v, i)
            ends += [u, v]
    return g


def _add_claim(g: nx.MultiDiGraph, rnd: random.Random, u: str, v: str, i: int) -> None:
    article = f"https://w3id.org/spacekg/article/{i % 400:04x}"
    g.add_edge(u, v, predicate=rnd.choice(_PREDICATES), modality=rnd.choice(_MODALITIES),
               quote=f"قالت الوكالة إن المشروع رقم {i} سيبدأ قريبا", article=article,
               date=f"{rnd.randint(1957, 2024)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
               claim=f"https://w3id.org/spacekg/claim/{i:06d}-{rnd.getrandbits(32):08x}")


@dataclass(frozen=True, slots=True)
class Row:
    nodes: int
    edges: int
    render_s: float
    size_mb: float
    ready_s: float | None
    click_s: float | None


def measure(n_nodes: int, workdir: Path, browser: bool) -> Row:
    """Render a synthetic graph, then (with `browser`) open it offline and click a node."""
    g = synthetic_graph(n_nodes)
    start = time.perf_counter()
    page = render_html(g, lang="ar", max_nodes=n_nodes)
    render_s = time.perf_counter() - start
    path = workdir / f"graph-{n_nodes}.html"
    path.write_text(page, encoding="utf-8")
    ready_s = click_s = None
    if browser:
        ready_s, click_s = open_in_chromium(path)
    return Row(n_nodes, g.number_of_edges(), render_s, path.stat().st_size / 1e6, ready_s, click_s)


def open_in_chromium(path: Path) -> tuple[float, float]:
    """Seconds from navigation to the page drawn and ready, and to a click selecting the top node."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        start = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector('body[data-ready="1"]', timeout=600_000)
        ready_s = time.perf_counter() - start
        click_node(page, RESOURCE + "Roscosmos")
        click_s = time.perf_counter() - start
        browser.close()
    return ready_s, click_s


def click_node(page: object, node: str) -> None:
    """Click where `node` is drawn and wait until the network reports it selected."""
    xy = page.evaluate(  # type: ignore[attr-defined]
        """id => { const n = spacekg.network;
                   n.moveTo({position: n.getPosition(id), scale: 1.0});
                   const r = n.body.container.getBoundingClientRect();
                   const p = n.canvasToDOM(n.getPosition(id));
                   return [r.left + p.x, r.top + p.y]; }""",
        node,
    )
    page.mouse.click(xy[0], xy[1])  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "id => spacekg.network.getSelectedNodes().includes(id)", arg=node, timeout=120_000
    )


def table(rows: list[Row]) -> str:
    def s(x: float | None) -> str:
        return "n/a" if x is None else f"{x:.2f}"

    lines = [
        "| nodes | edges | render_html (s) | page size (MB) | load → drawn (s) | load → click selects (s) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [f"| {r.nodes:,} | {r.edges:,} | {r.render_s:.2f} | {r.size_mb:.2f} | {s(r.ready_s)} | "
              f"{s(r.click_s)} |" for r in rows]
    return "\n".join(lines)


def chromium_version() -> str:
    if not shutil.which(CHROMIUM):
        return "chromium missing"
    out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False)
    return out.stdout.strip() or "chromium (version unknown)"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--no-browser", action="store_true", help="only time render_html")
    args = parser.parse_args(argv)
    browser = not args.no_browser and shutil.which(CHROMIUM) is not None
    with tempfile.TemporaryDirectory() as tmp:
        rows = [measure(n, Path(tmp), browser) for n in args.sizes]
    report = (
        "# HTML graph page benchmark (`python -m bench.bench_viz`)\n\n"
        f"{table(rows)}\n\n"
        f"Synthetic seeded graphs (`bench.bench_viz.synthetic_graph`); Python {platform.python_version()}, "
        f"{chromium_version()} headless, no GPU, network blocked. Times are wall-clock, one run each.\n"
        "`load → drawn`: navigation until the page has drawn and marked itself ready (layout is "
        "precomputed, physics off above 300 nodes); `load → click selects`: until a mouse click on a node "
        "has selected it.\n"
    )
    RESULTS.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
