"""`python -m bench` (`make bench`): every benchmark in one run, written as tables to bench/results.md.

    python -m bench            10,000 generated articles + the seed; a graph of at least 1M triples
    python -m bench --quick    500 articles, 100k triples: a smoke run of every part (under 2 minutes)

Generated data and stores go to bench/work/ (ignored by git). See bench/corpus.py for the corpus.
"""

from __future__ import annotations

import argparse
import datetime
import shutil
import sys
import time
from pathlib import Path

from bench import corpus, export, graph, ingest, sparql
from bench.timing import machine, mb

HERE = Path(__file__).parent
GOALS_WORDS_PER_S = 50_000
GOALS_MEMORY = 2e9
GOALS_RATIO = 10
GOALS_CQ_S = 0.050
GOALS_EXPORT_RATIO = 2


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small run of every part")
    parser.add_argument("--articles", type=int, help="generated articles (default 10,000; quick 500)")
    parser.add_argument("--triples", type=int, help="size of the query graph (default 1,000,000; quick 100,000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per query (the median is reported)")
    parser.add_argument("--work", type=Path, default=HERE / "work", help="where data and stores go")
    parser.add_argument("--out", type=Path, help="results file (default bench/results.md; quick: WORK/results.md)")
    parser.add_argument("--no-viz", action="store_true", help="do not run the graph-page benchmark")
    args = parser.parse_args(argv)
    n = args.articles or (500 if args.quick else 10_000)
    target = args.triples or (100_000 if args.quick else 1_000_000)
    out = args.out or (args.work / "results.md" if args.quick else HERE / "results.md")
    args.work.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    info = machine()
    today = datetime.date.today().isoformat()

    log(f"corpus: {n:,} generated articles")
    path = args.work / f"corpus-{n}.jsonl"
    corpus.write_jsonl(path, n)
    log("ingest (spacekg ingest, fresh store), then the same command again")
    ing = ingest.run(path, args.work / "store-ingest")
    log(f"  {ing.words_per_s:,.0f} words/s, {ing.claims_per_s:,.0f} claims/s, peak {mb(ing.peak_rss)}")

    log(f"query graph: {target:,}+ triples cut from the ingest store, loaded into Oxigraph and rdflib")
    nq = args.work / "graph.nq"
    sparql.cut_graph(args.work / "store-ingest", nq, target)
    loaded = sparql.load(nq, args.work)
    log(
        f"  {loaded.triples:,} triples; load {loaded.ox_load_s:.1f} s (Oxigraph), {loaded.rdflib_load_s:.1f} s (rdflib)"
    )
    log("SPARQL latency")
    latencies = sparql.measure(loaded, args.runs, timeout_s=4.0 if args.quick else sparql.RDFLIB_TIMEOUT_S)
    log("Turtle export")
    exp = export.run(loaded)
    log("networkx views")
    views = graph.run(loaded, args.runs)
    viz = _viz(args.quick or args.no_viz)
    loaded.oxigraph.close()
    shutil.rmtree(args.work / "store-1m", ignore_errors=True)

    report = render(today, info, n, ing, loaded, latencies, exp, views, viz, time.perf_counter() - began, args.quick)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print(report)
    log(f"wrote {out} in {time.perf_counter() - began:.0f} s")
    return 0


def _viz(skip: bool) -> str:
    """The graph-page benchmark's table: run now when Chromium is there, else the last results."""
    from bench import bench_viz

    if not skip and shutil.which(bench_viz.CHROMIUM):
        log("graph page in headless Chromium (bench_viz)")
        bench_viz.main([])
    results = bench_viz.RESULTS
    if not results.exists():
        return "not run (no Chromium)"
    lines = results.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines[1:] if line.strip() or line == "").strip()


def _ok(good: bool) -> str:
    return "met" if good else "**not met**"


def render(
    today: str,
    info: dict[str, str],
    n: int,
    ing: ingest.IngestRun,
    loaded: sparql.Loaded,
    latencies: list[sparql.Latency],
    exp: export.ExportRun,
    views: graph.GraphRun,
    viz: str,
    seconds: float,
    quick: bool,
) -> str:
    cq = [r for r in latencies if r.name.startswith("cq")]
    heavy = [r for r in latencies if not r.name.startswith("cq")]
    worst_cq = max(cq, key=lambda r: r.ox_s)
    measured = [r for r in latencies if r.rdflib_runs and not r.ox_timed_out]
    min_heavy_ratio = min((r.ratio for r in heavy if r in measured), default=0.0)
    geo = _geomean([r.ratio for r in measured])
    fast = sum(1 for r in measured if r.ratio >= GOALS_RATIO)
    lines = [
        "# spacekg benchmarks (`make bench`)" + (" — QUICK RUN (small sizes)" if quick else ""),
        "",
        f"Run {today} in {seconds / 60:.1f} min on {info['cpu']}, {info['cores']} cores, {info['ram']} RAM, "
        f"{info['os']}; Python {info['python']}, pyoxigraph {info['pyoxigraph']}, rdflib {info['rdflib']}, "
        f"networkx {info['networkx']}. Load average at the start: {info['load']} (other work on the machine "
        "slows every number here).",
        "",
        "## Goals",
        "",
        "| goal | measured | |",
        "|---|---|---|",
        f"| ingest ≥ {GOALS_WORDS_PER_S:,} words/s end to end | {ing.words_per_s:,.0f} words/s | "
        f"{_ok(ing.words_per_s >= GOALS_WORDS_PER_S)} |",
        f"| memory < 2 GB for {n:,} articles | {mb(ing.peak_rss)} peak | {_ok(ing.peak_rss < GOALS_MEMORY)} |",
        f"| default store ≥ {GOALS_RATIO}× faster than rdflib at {loaded.triples:,} triples | "
        f"{fast} of {len(measured)} queries ≥ {GOALS_RATIO}×; {geo:,.0f}× geometric mean (a stopped rdflib run "
        f"counts as the limit); {min_heavy_ratio:,.0f}× at least on the heavy queries | "
        f"{_ok(fast == len(measured)) if fast < len(measured) else _ok(True)}"
        f"{' on every query; met on the mean' if fast < len(measured) and geo >= GOALS_RATIO else ''} |",
        f"| every CQ query < 50 ms | {sum(1 for r in cq if r.ox_s < GOALS_CQ_S)} of {len(cq)} under; slowest "
        f"{worst_cq.name}: {'>' if worst_cq.ox_timed_out else ''}{_ms(worst_cq.ox_s)} | "
        f"{_ok(worst_cq.ox_s < GOALS_CQ_S)} |",
        f"| Turtle export ≤ {GOALS_EXPORT_RATIO}× pyoxigraph's serializer | {exp.ratio:.2f}× | "
        f"{_ok(exp.ratio <= GOALS_EXPORT_RATIO)} |",
        "",
        "## Ingest",
        "",
        f"`spacekg ingest corpus-{n}.jsonl <seed>` into a fresh store: {n:,} generated articles "
        "(bench/corpus.py, seeded) plus the seed article; extraction in one process per core, one writer.",
        "",
        "| articles | words | claims | triples | wall | words/s | claims/s | peak memory | re-run (all skipped) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {ing.articles:,} | {ing.words:,} | {ing.claims:,} | {ing.triples:,} | {ing.wall_s:.1f} s | "
        f"{ing.words_per_s:,.0f} | {ing.claims_per_s:,.0f} | {mb(ing.peak_rss)} | "
        f"{ing.rerun_s:.1f} s ({ing.rerun_skipped:,} skipped) |",
        "",
        f"## SPARQL at {loaded.triples:,} triples",
        "",
        f"{loaded.graphs:,} named graphs cut from the ingest store, the same N-Quads loaded into both stores: "
        f"Oxigraph (default) {loaded.ox_load_s:.1f} s and {mb(loaded.ox_rss)} of this process's memory; "
        f"rdflib memory {loaded.rdflib_load_s:.1f} s and {mb(loaded.rdflib_rss)}. "
        "Each query runs through `kg.query.run` (result rows converted to rdflib terms in both); the time is "
        "the median of the runs shown (Oxigraph: 5, fewer only past 60 s in all; rdflib: 5, fewer once its runs "
        f"add up past 30 s; a run past {sparql.RDFLIB_TIMEOUT_S:.0f} s is stopped, shown as >).",
        "",
        "| query | rows | Oxigraph | runs | rdflib memory | runs | rdflib / Oxigraph |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.name} | {r.rows:,} | {'>' if r.ox_timed_out else ''}{_ms(r.ox_s)} | {r.runs} | "
        f"{'>' if r.rdflib_timed_out else ''}{_ms(r.rdflib_s)} | {r.rdflib_runs} | {_ratio(r)} |"
        for r in latencies
    ]
    lines += [
        "",
        f"## Turtle export of {exp.triples:,} triples",
        "",
        "| spacekg (`OxigraphStore.export`, sorted union) | pyoxigraph `serialize` (unsorted union) | ratio | "
        "rdflib memory `serialize` | size |",
        "|---:|---:|---:|---:|---:|",
        f"| {exp.spacekg_s:.2f} s | {exp.pyoxigraph_s:.2f} s | {exp.ratio:.2f}× | "
        f"{'n/a' if exp.rdflib_s is None else f'{exp.rdflib_s:.1f} s'} | {mb(exp.size)} |",
        "",
        f"## networkx views at {loaded.triples:,} triples",
        "",
        "| entities | claim edges | projection | undirected view | shortest path | neighbours (depth 2) | "
        "central (degree + betweenness) | timeline |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {views.nodes:,} | {views.edges:,} | {views.project_s:.2f} s | {views.undirected_s:.2f} s | "
        f"{_ms(views.path_s)} | {_ms(views.neighbors_s)} | {views.central_s:.2f} s | {views.timeline_s:.2f} s |",
        "",
        "## Graph page (bench/bench_viz.py)",
        "",
        viz,
        "",
    ]
    return "\n".join(lines)


def _ratio(r: sparql.Latency) -> str:
    if r.rdflib_runs == 0 or r.ox_timed_out:
        return "n/a"
    return f"{'>' if r.rdflib_timed_out else ''}{r.ratio:,.0f}×"


def _ms(seconds: float) -> str:
    if seconds != seconds:
        return "failed"
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def _geomean(values: list[float]) -> float:
    import math

    positive = [v for v in values if v > 0]
    return math.exp(sum(math.log(v) for v in positive) / len(positive)) if positive else 0.0


if __name__ == "__main__":
    sys.exit(main())
