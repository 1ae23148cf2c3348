"""Ingest articles into a store, load the ontology and lexicon beside them, validate, export."""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph

from kg import iris
from kg.articles import RawArticle, read_article
from kg.extract.pipeline import extract
from kg.extract.rules import RuleSet
from kg.lexicon import Lexicon
from kg.model import Extraction
from kg.output import write_output
from kg.paths import ARTICLES_DIR, LEXICON_DIR, ONTOLOGY_FILE
from kg.rdf.article import article_lines, article_triples
from kg.store.base import ExportFormat, GraphStore, Triple
from kg.vocab import SK


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What one article added to the store."""

    path: str
    article_id: str
    graph: str
    triples: int
    claims: int
    mentions: int
    new_entities: tuple[str, ...]
    warnings: tuple[str, ...] = ()


@dataclass(slots=True)
class IngestReport:
    """A batch of articles: what went in, what was refused (path, one-line reason), what was already there."""

    results: list[IngestResult] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped: int = 0
    """Articles already in the store unchanged (same text, metadata and extractor version)."""
    words: int = 0
    seconds: float = 0.0

    @property
    def claims(self) -> int:
        return sum(r.claims for r in self.results)

    def summary_line(self) -> str:
        """One line: articles, words, claims, seconds and words/s."""
        rate = self.words / self.seconds if self.seconds > 0 else 0.0
        line = (
            f"{len(self.results):,} article(s) ingested, {self.words:,} words, {self.claims:,} claims "
            f"in {self.seconds:.1f} s ({rate:,.0f} words/s)"
        )
        extra = [f"{self.skipped:,} already in the store, skipped"] if self.skipped else []
        extra += [f"{len(self.failures):,} refused"] if self.failures else []
        return line + ("; " + ", ".join(extra) if extra else "")


def load_static_graphs(store: GraphStore, lexicon: Lexicon | None = None) -> None:
    """Put the ontology and the lexicon in their named graphs, unless already there unchanged."""
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    _replace_if_changed(store, iris.ONTOLOGY_GRAPH, ontology)
    lexicon = lexicon or Lexicon.load(LEXICON_DIR)
    _replace_if_changed(store, iris.LEXICON_GRAPH, lexicon.graph())


def _replace_if_changed(store: GraphStore, name: URIRef, graph: Graph) -> None:
    canonical = sorted(to_canonical_graph(graph))
    digest = hashlib.sha256("\n".join(" ".join(t.n3() for t in tr) for tr in canonical).encode()).hexdigest()
    marker = (name, SK.sha256, Literal(digest))
    if store.query(f"ASK {{ GRAPH <{name}> {{ <{name}> sk:sha256 {marker[2].n3()} }} }}").boolean:
        return
    store.replace_graph(name, [*canonical, marker])


def extraction_of(raw: RawArticle, lexicon: Lexicon, rules: RuleSet) -> Extraction:
    return extract(raw.text, raw.meta, lexicon, rules)


def graph_triples(ex: Extraction) -> list[Triple]:
    """The article's named-graph triples, with the entities it mentions, sorted."""
    return article_triples(ex, mentions=True)


def graph_lines(ex: Extraction) -> set[str]:
    """The same graph as N-Triples lines, unsorted, for writers that need no order (corpus ingest)."""
    return article_lines(ex, mentions=True)


def ingest_file(store: GraphStore, path: Path, lexicon: Lexicon, rules: RuleSet) -> IngestResult:
    """Read, extract and store one article, replacing any earlier version of the same file."""
    raw = read_article(path)
    ex = extraction_of(raw, lexicon, rules)
    triples = graph_triples(ex)
    graph = iris.article_graph(ex.meta.id)
    stale = [g for g in _graphs_of_file(store, ex.meta.file_name) if g != graph]
    store.replace_graph(graph, triples, also_drop=stale)
    return IngestResult(
        path=str(path),
        article_id=ex.meta.id,
        graph=str(graph),
        triples=len(triples),
        claims=len(ex.claims),
        mentions=len(ex.mentions),
        new_entities=tuple(e.label_ar for e in ex.new_entities),
        warnings=raw.warnings,
    )


def _graphs_of_file(store: GraphStore, file_name: str) -> list[URIRef]:
    q = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?a a sk:Article ; sk:fileName {Literal(file_name).n3()} }} }}"
    return [URIRef(str(row[0])) for row in store.query(q).rows if row[0] is not None]


def ingest_paths(
    store: GraphStore,
    paths: Iterable[Path],
    *,
    progress: bool = True,
    on_warning: Callable[[str], None] | None = None,
    jobs: int | None = None,
    force: bool = False,
) -> IngestReport:
    """Ingest files, directories and `.jsonl` corpora; a bad article is reported and skipped, the rest go
    in, and articles the store already holds unchanged are skipped (see kg/corpus.py)."""
    from kg.corpus import ingest  # kg.corpus builds on this module

    return ingest(store, paths, jobs=jobs, progress=progress, force=force, on_warning=on_warning)


def _warn(message: str) -> None:
    print(f"spacekg: warning: {message}", file=sys.stderr)


def export(store: GraphStore, fmt: ExportFormat, out: Path) -> Path:
    """Write the store in `fmt` to `out` atomically (a temp file renamed into place; see kg.output)."""
    return write_output(out, store.export(fmt))


def union_graph(store: GraphStore) -> Graph:
    """The store's union as an rdflib Graph (for SHACL), read through a fast N-Triples dump."""
    return Graph().parse(data=store.export("nt"), format="nt")


@dataclass(frozen=True, slots=True)
class Summary:
    triples: int
    articles: int
    claims: int
    entities_by_type: dict[str, int]
    unlinked: tuple[str, ...]


def summarize(store: GraphStore) -> Summary:
    """Counts for the build summary: entities the articles mention, by class; unlinked names."""
    by_type = store.query(
        "SELECT ?t (COUNT(DISTINCT ?e) AS ?n) WHERE { ?a a sk:Article ; schema:mentions ?e . ?e a ?t . "
        "FILTER(STRSTARTS(STR(?t), STR(sk:))) } GROUP BY ?t ORDER BY DESC(?n) ?t"
    )
    counts = Counter({str(r[0]).rsplit("#", 1)[-1]: int(str(r[1])) for r in by_type.rows if r[0] and r[1]})
    unlinked = store.query(
        "SELECT DISTINCT ?l WHERE { ?e sk:unlinked true ; rdfs:label ?l . FILTER(LANG(?l) = 'ar') } ORDER BY ?l"
    )
    claims = store.query("SELECT (COUNT(?c) AS ?n) WHERE { ?c a sk:Claim }").rows[0][0]
    articles = store.query("SELECT (COUNT(?a) AS ?n) WHERE { ?a a sk:Article }").rows[0][0]
    return Summary(
        triples=len(store),
        articles=int(str(articles)),
        claims=int(str(claims)),
        entities_by_type=dict(counts),
        unlinked=tuple(str(r[0]) for r in unlinked.rows if r[0] is not None),
    )


def default_articles() -> Path:
    return ARTICLES_DIR
