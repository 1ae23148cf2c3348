"""`spacekg build`, `ingest`, `export` and `validate`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import Dataset, Graph

from kg import build as lib
from kg.commands._common import FORMATTER, one_line, open_from_args, safe_output_path, say
from kg.errors import InputError
from kg.paths import ARTICLES_DIR, OUT_DIR
from kg.store import EXPORT_FORMATS
from kg.validate import validate

EXTENSIONS = {"turtle": "ttl", "trig": "trig", "nt": "nt", "nquads": "nq", "json-ld": "jsonld"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "build",
        help="ingest data/articles, validate, write out/spacekg.ttl and out/graph.html",
        formatter_class=FORMATTER,
        epilog="examples:\n  spacekg build\n  spacekg --store /tmp/kg build --articles my-articles/ --out /tmp/out",
    )
    p.add_argument(
        "--articles", default=str(ARTICLES_DIR), help="directory of articles (default: data/articles)"
    )
    p.add_argument("--out", default=str(OUT_DIR), help="output directory (default: out)")
    p.add_argument("--no-html", action="store_true", help="do not write out/graph.html")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "ingest",
        help="add or replace articles (.txt files, .jsonl corpora or directories) in the store",
        formatter_class=FORMATTER,
        epilog="examples:\n  spacekg ingest article.ar.txt\n  spacekg ingest corpus/ other.txt\n"
        "  spacekg ingest news.jsonl            one article a line: id, text, published, source, url, title\n"
        "  spacekg ingest --jobs 1 corpus/      extract in this process only\n\n"
        "Articles the store already holds unchanged are skipped, so an interrupted ingest resumes\n"
        "where it stopped when run again. Extraction runs in one process per core (SPACEKG_JOBS).",
    )
    p.add_argument("paths", nargs="+", type=Path, help="article .txt files, .jsonl corpora or directories")
    p.add_argument("--jobs", type=_jobs, help="extractor processes (default: one per core)")
    p.add_argument("--force", action="store_true", help="re-extract articles the store already holds unchanged")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser(
        "export",
        help="serialize the store: turtle, trig, nt, nquads or json-ld",
        formatter_class=FORMATTER,
        epilog="examples:\n  spacekg export -o out/spacekg.ttl\n  spacekg export --format trig -o out/kg.trig",
    )
    p.add_argument("--format", choices=EXPORT_FORMATS, default="turtle")
    p.add_argument("-o", "--output", help="output file (default: stdout)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "validate",
        help="check the store against the SHACL shapes (exit 0 conforms, 1 not)",
        formatter_class=FORMATTER,
        epilog="examples:\n  spacekg validate\n  spacekg validate --file out/spacekg.ttl",
    )
    p.add_argument("--file", type=Path, help="validate an RDF file instead of the store")
    p.set_defaults(func=cmd_validate)


def _summary(args: argparse.Namespace, store: lib.GraphStore) -> None:
    s = lib.summarize(store)
    say(args, f"{s.articles} article(s), {s.claims} claims, {s.triples:,} triples in {store.location}")
    if s.entities_by_type:
        width = max(len(k) for k in s.entities_by_type)
        say(args, "entities mentioned, by class:")
        for cls, n in s.entities_by_type.items():
            say(args, f"  {cls:<{width}}  {n:>4}")
    if s.unlinked:
        say(args, f"unlinked names ({len(s.unlinked)}): " + "، ".join(s.unlinked))


def _report_failures(args: argparse.Namespace, report: lib.IngestReport) -> int:
    for _path, message in report.failures:
        print(f"spacekg {args.command}: error: {one_line(message)}", file=sys.stderr)
    return 2 if report.failures else 0


def _warn(message: str) -> None:
    print(f"spacekg: warning: {one_line(message)}", file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    if not Path(args.articles).exists():  # before anything is written: the outputs would lose the articles
        raise InputError(f"--articles {args.articles}: no such directory")
    out_dir = Path(args.out)
    ttl = safe_output_path(str(out_dir / "spacekg.ttl"), args)
    store = open_from_args(args, writable=True)
    try:
        report = lib.ingest_paths(store, [Path(args.articles)], on_warning=_warn)
        code = _report_failures(args, report)
        for r in report.results:
            say(args, f"ingested {r.path}: {r.claims} claims, {r.triples} triples")
        verdict = validate(lib.union_graph(store))
        lib.export(store, "turtle", ttl)
        say(args, f"wrote {ttl}")
        if not args.no_html:
            html = _write_html(store, out_dir / "graph.html")
            if html:
                say(args, f"wrote {html}")
        _summary(args, store)
    finally:
        store.close()
    if not verdict.conforms:
        print(verdict.text, file=sys.stderr)
        return 1
    say(args, "SHACL: conforms")
    return code


def _write_html(store: lib.GraphStore, path: Path) -> Path:
    from kg.views.graph import connected, project
    from kg.views.html import write_html

    return write_html(path, connected(project(store)))


LIST_AT_MOST = 20
"""Up to this many articles, each is listed; beyond, only the summary."""


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {jobs}")
    return jobs


def cmd_ingest(args: argparse.Namespace) -> int:
    store = open_from_args(args, writable=True)
    try:
        report = lib.ingest_paths(
            store, args.paths, on_warning=_warn, jobs=getattr(args, "jobs", None), force=getattr(args, "force", False)
        )
        if len(report.results) <= LIST_AT_MOST:
            for r in report.results:
                say(args, f"ingested {r.path}: {r.claims} claims, {r.triples} triples → {r.graph}")
        if report.results and len(report.results) <= LIST_AT_MOST:
            _summary(args, store)
        code = _report_failures(args, report)
        say(args, report.summary_line())
    finally:
        store.close()
    return code


def cmd_export(args: argparse.Namespace) -> int:
    store = open_from_args(args)
    try:
        if args.output:
            out = safe_output_path(args.output, args)
            lib.export(store, args.format, out)
            say(args, f"wrote {out} ({args.format})")
        else:
            sys.stdout.buffer.write(store.export(args.format))
            sys.stdout.flush()
    finally:
        store.close()
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    if args.file:
        graph = _parse_file(args.file)
    else:
        store = open_from_args(args)
        try:
            graph = lib.union_graph(store)
        finally:
            store.close()
    report = validate(graph)
    print(report.text)
    return 0 if report.conforms else 1


RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld", ".rdf": "xml"}


def _parse_file(path: Path) -> Graph:
    """The union of the file's graphs; the format from the suffix (Turtle when unknown)."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    fmt = RDF_SUFFIXES.get(path.suffix.lower(), "turtle")
    dataset = Dataset(default_union=True)
    try:
        dataset.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific errors
        detail = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise InputError(f"{path}: cannot parse as {fmt}: {detail}") from None
    graph = Graph()
    for triple in dataset.triples((None, None, None)):
        graph.add(triple)
    if len(graph) == 0:  # an empty graph conforms to any shapes: a failed export would pass
        raise InputError(f"{path}: no triples to validate (an empty graph)")
    return graph
