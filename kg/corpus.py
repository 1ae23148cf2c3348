"""Corpus ingest: files, directories and `.jsonl` corpora, extracted in parallel, written by one writer.

The parent process reads and checks each article, skips the ones the store already holds unchanged,
and hands the rest to worker processes (one per core by default; forked, so they share the loaded
lexicon). A worker runs the extractor and returns the article's named graph as N-Quads text; the
parent is the only writer.

New article graphs are gathered into batches of about `batch_quads` quads and written with
pyoxigraph's `bulk_load`, which is 2 to 3 times faster here than a transactional `load` (measured in
bench/), by a background thread while the extractors go on; batches of 200,000 quads load about a
quarter faster than batches of 20,000 into a growing store. A bulk load is not a transaction (a
concurrent reader could see it half done; the store lock keeps readers out while we write), but
Oxigraph ingests one batch's sorted files in a single RocksDB step: in kill trials (SIGKILL at
random points of repeated bulk loads) the store always held whole batches. Resume does not rely on
that: an article graph that lacks its `sk:sha256` is incomplete, and the next run drops and refills
it. An article whose graph is already there (changed text, metadata or extractor version, or an
incomplete graph) is replaced on its own, by one SPARQL update that drops and refills it in a single
transaction. Other stores (memory, SPARQL endpoint) get `replace_graph` per article.

Resume is the same mechanism: run the same command again and the finished articles are skipped.
An article is finished when its graph holds its `sk:sha256`, extractor version and metadata as they
would be written now.

A `.jsonl` corpus holds one article per line: `{"id", "text", "published", "source", "url",
"title"?}`. A malformed line is reported with its line number and skipped; the others go in. Its
articles are named `corpus.jsonl#id` (`sk:fileName`). A corpus that is empty, binary or UTF-16 is
refused whole, with one message.

One ingest never lets two different articles share an id (and so a graph): the second is refused
with the place of the first. The same article given twice (a file named, and its directory) goes in once.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from rdflib import Graph, URIRef
from tqdm import tqdm

from kg import EXTRACTOR_VERSION, iris
from kg.articles import check_text, max_bytes, meta_from_dict, read_article, strip_html
from kg.build import IngestReport, IngestResult, graph_lines, load_static_graphs
from kg.errors import InputError
from kg.extract.pipeline import extract
from kg.extract.rules import RuleSet, load_rules
from kg.lexicon import Lexicon
from kg.model import ArticleMeta
from kg.paths import LEXICON_DIR
from kg.store.base import GraphStore

CORPUS_SUFFIXES = (".txt", ".jsonl")
BATCH_QUADS = 200_000
MIN_PARALLEL = 8
"""Fewer articles than this are extracted in-process: starting workers costs more than it saves."""


@dataclass(frozen=True, slots=True)
class Item:
    """One article read and checked, ready for the extractor."""

    origin: str
    text: str
    meta: ArticleMeta
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Extracted:
    """A worker's answer: the article's graph as N-Quads lines, and counts for the report."""

    origin: str
    article_id: str
    graph: str
    file_name: str
    nquads: str
    triples: int
    claims: int
    mentions: int
    words: int
    new_entities: tuple[str, ...]
    warnings: tuple[str, ...]


# ---------------------------------------------------------------- reading


def expand(paths: Iterable[Path]) -> list[Path]:
    """Directories become their `.txt` and `.jsonl` files (sorted); files are taken as given."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(sorted(q for q in p.iterdir() if q.is_file() and q.suffix in CORPUS_SUFFIXES))
        else:
            found.append(p)
    return found


def read_items(files: Iterable[Path]) -> Iterator[Item | tuple[str, str]]:
    """Articles in order; a bad file or corpus line comes as (where, one-line reason) instead."""
    for path in files:
        if path.suffix == ".jsonl" and path.is_file():
            yield from read_jsonl(path)
            continue
        try:
            raw = read_article(path)
        except InputError as exc:
            yield (str(path), str(exc))
            continue
        yield Item(str(path), raw.text, raw.meta, raw.warnings)


def read_jsonl(path: Path) -> Iterator[Item | tuple[str, str]]:
    """The articles of a `.jsonl` corpus, one a line; blank lines are ignored.

    A corpus that is empty, binary or UTF-16 is refused as a whole (one reason, not one per line); a line
    over the size limit is refused by its size, and never read into memory whole."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield (str(path), f"{path}: cannot read: {exc.strerror}")
        return
    limit = max_bytes()
    with handle:
        problem = _not_a_corpus(handle.read(_CHUNK))
        if problem:
            yield (str(path), f"{path}: {problem}")
            return
        handle.seek(0)
        found, bad = False, 0
        for number, line, size in _lines(handle, limit):
            if size <= limit and not line.strip():
                continue
            found = True
            where = f"{path}:{number}"
            try:
                if size > limit:
                    raise InputError(f"{where}: {size:,} bytes is over the limit of {limit:,} (set SPACEKG_MAX_BYTES)")
                yield _jsonl_item(line.removeprefix(_BOM) if number == 1 else line, where, path.name)
            except InputError as exc:
                bad += 1
                if bad <= LIST_BAD_LINES:
                    yield (where, str(exc))
        if not found:
            yield (str(path), f"{path}: empty corpus (no articles, one JSON object a line expected)")
        if bad > LIST_BAD_LINES:  # a file that is not JSON lines at all (a pretty-printed export) has thousands
            more = bad - LIST_BAD_LINES
            yield (str(path), f"{path}: {more:,} more bad lines, not listed (the first {LIST_BAD_LINES} are above)")


_CHUNK = 1 << 16
LIST_BAD_LINES = 20
"""Bad lines of one corpus reported one by one; the rest are counted in one more line."""
_BOM = b"\xef\xbb\xbf"


def _not_a_corpus(head: bytes) -> str | None:
    """Why a corpus that starts with `head` cannot be JSON lines (UTF-8 text without NUL bytes), or None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text; a .jsonl corpus must be UTF-8"
    if b"\x00" in head:
        return "binary file (NUL bytes), not a UTF-8 .jsonl corpus"
    return None


def _lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes, int]]:
    """(line number, line, size in bytes); a line over `limit` bytes comes as (number, b"", size) and is
    skipped in pieces, so a corpus without line breaks never sits in memory whole."""
    number = 0
    while line := handle.readline(limit + 1):
        number += 1
        size = len(line)
        if size > limit:
            while not line.endswith(b"\n") and (line := handle.readline(_CHUNK)):
                size += len(line)
            line = b""
        yield number, line, size


def _jsonl_item(line: bytes, where: str, corpus: str) -> Item:
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: not valid UTF-8 (byte {exc.start})") from None
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InputError(f"{where}: malformed JSON: {str(exc)[:200]}") from None
    if not isinstance(record, dict):
        raise InputError(f"{where}: must hold a JSON object")
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}: field 'text' is missing or not a string")
    _check_unicode(record, where)
    text = text.removeprefix("\ufeff")
    warnings: list[str] = []
    text = strip_html(text, warnings, where)
    check_text(text, where)
    provisional = meta_from_dict(record, text, corpus, where)
    meta = meta_from_dict(record, text, f"{corpus}#{provisional.id}", where)
    return Item(where, text, meta, tuple(warnings))


def _check_unicode(record: dict[str, Any], where: str) -> None:
    """JSON may escape half of a UTF-16 pair (`"\\ud800"`): valid JSON, but no text can hold it."""
    for key, value in record.items():
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                char = f"\\u{ord(value[exc.start]):04x}"
                raise InputError(f"{where}: field {key!r} holds an unpaired surrogate ({char}), not text") from None


def count_articles(files: Iterable[Path]) -> int:
    """How many articles the files hold (non-blank corpus lines), for the progress bar."""
    total = 0
    for path in files:
        if path.suffix == ".jsonl" and path.is_file():
            try:
                total += max(1, _count_lines(path))
            except OSError:
                total += 1
        else:
            total += 1
    return total


def _count_lines(path: Path) -> int:
    """Non-blank lines, read in pieces (one line may be larger than memory)."""
    count, blank = 0, True
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            *ended, last = chunk.split(b"\n")
            for part in ended:
                count += not (blank and not part.strip())
                blank = True
            blank = blank and not last.strip()
    return count + (not blank)


# ---------------------------------------------------------------- what the store already holds


@dataclass(frozen=True, slots=True)
class Stored:
    """What an article graph in the store says about its source."""

    key: tuple[str | None, ...] | None
    """`ingest_key` of the stored article; None when the graph is incomplete (no sk:sha256)."""
    file_name: str | None


STORED_QUERY = """
SELECT ?g ?hash ?version ?file ?title ?source ?url ?lang ?published ?how WHERE {
  GRAPH ?g {
    ?a a sk:Article .
    OPTIONAL { ?a sk:sha256 ?hash }
    OPTIONAL { ?a sk:extractorVersion ?version }
    OPTIONAL { ?a sk:fileName ?file }
    OPTIONAL { ?a schema:headline ?title }
    OPTIONAL { ?a sk:source ?source }
    OPTIONAL { ?a schema:url ?url }
    OPTIONAL { ?a schema:inLanguage ?lang }
    OPTIONAL { ?a sk:published ?published ; sk:publishedDerivation ?how }
  }
}
"""
_FROM_METADATA = "from metadata"


def ingest_key(text_sha256: str, meta: ArticleMeta) -> tuple[str | None, ...]:
    """Everything that decides an article's graph besides the extractor's code."""
    published = meta.published.value if meta.published is not None else None
    return (text_sha256, EXTRACTOR_VERSION, meta.file_name, meta.title, meta.source, meta.url, meta.language, published)


class StoreIndex:
    """The article graphs in the store and their keys, read once; kept current as the writer writes."""

    def __init__(self, store: GraphStore) -> None:
        self._lock = threading.Lock()  # the pool's feeder thread reads while the writer writes
        self.graphs: set[str] = {str(g) for g in store.graph_names()}
        self.articles: dict[str, Stored] = {}
        self.by_file: dict[str, set[str]] = {}
        for row in store.query(STORED_QUERY).rows:
            g, h, version, file_name, title, source, url, lang, published, how = (
                None if t is None else str(t) for t in row
            )
            if g is None:
                continue
            key = (
                None
                if h is None
                else (h, version, file_name, title, source, url, lang, published if how == _FROM_METADATA else None)
            )
            self.articles[g] = Stored(key, file_name)
            if file_name is not None:
                self.by_file.setdefault(file_name, set()).add(g)

    def unchanged(self, graph: str, key: tuple[str | None, ...]) -> bool:
        with self._lock:
            stored = self.articles.get(graph)
        return stored is not None and stored.key == key

    def stale(self, graph: str, file_name: str) -> list[str]:
        """Other graphs of the same file: an edited file gets a new id, and its old graph goes."""
        with self._lock:
            return sorted(g for g in self.by_file.get(file_name, ()) if g != graph)

    def written(self, graph: str, key: tuple[str | None, ...], file_name: str, dropped: Iterable[str]) -> None:
        with self._lock:
            self._written(graph, key, file_name, dropped)

    def _written(self, graph: str, key: tuple[str | None, ...], file_name: str, dropped: Iterable[str]) -> None:
        for g in dropped:
            self.graphs.discard(g)
            self.articles.pop(g, None)
            self.by_file.get(file_name, set()).discard(g)
        self.graphs.add(graph)
        self.articles[graph] = Stored(key, file_name)
        self.by_file.setdefault(file_name, set()).add(graph)


# ---------------------------------------------------------------- extraction (in workers)

_STATE: tuple[Lexicon, RuleSet] | None = None


def _init_worker() -> None:
    global _STATE
    _STATE = (Lexicon.load(LEXICON_DIR), load_rules())


def extract_item(item: Item) -> Extracted:
    """Run the extractor on one article and serialize its graph (what a worker does)."""
    if _STATE is None:
        _init_worker()
    assert _STATE is not None
    lexicon, rules = _STATE
    ex = extract(item.text, item.meta, lexicon, rules)
    lines = graph_lines(ex)
    graph = str(iris.article_graph(ex.meta.id))
    tail = f" <{graph}> .\n"
    return Extracted(
        origin=item.origin,
        article_id=ex.meta.id,
        graph=graph,
        file_name=ex.meta.file_name,
        nquads=tail.join(lines) + tail if lines else "",
        triples=len(lines),
        claims=len(ex.claims),
        mentions=len(ex.mentions),
        words=len(item.text.split()),
        new_entities=tuple(e.label_ar for e in ex.new_entities),
        warnings=item.warnings,
    )


# ---------------------------------------------------------------- writing (in the parent)


class Writer:
    """The one writer: new article graphs in batched bulk loads, replacements one by one.

    On Oxigraph a full batch is loaded by a background thread (`bulk_load` releases the GIL) while
    this thread keeps taking results from the extractors; at most one batch loads at a time, and the
    next flush waits for it, so a slow store holds the extractors back instead of filling memory.
    """

    def __init__(self, store: GraphStore, index: StoreIndex, batch_quads: int) -> None:
        self.store = store
        self.index = index
        self.batch_quads = batch_quads
        self.ox: Any = getattr(store, "oxigraph", None)
        self._pending: list[tuple[Extracted, tuple[str | None, ...]]] = []
        self._pending_quads = 0
        self._loading: tuple[Future[None], list[tuple[Extracted, tuple[str | None, ...]]]] | None = None
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="spacekg-writer") if self.ox is not None else None

    def write(self, result: Extracted, key: tuple[str | None, ...]) -> None:
        stale = self.index.stale(result.graph, result.file_name)
        in_flight = [*self._pending, *(self._loading[1] if self._loading else ())]
        if result.graph in self.index.graphs or stale or any(p.graph == result.graph for p, _ in in_flight):
            self.flush()
            self.wait()
            self._replace(result, stale)
            self.index.written(result.graph, key, result.file_name, stale)
            return
        self._pending.append((result, key))
        self._pending_quads += result.triples
        if self._pending_quads >= self.batch_quads:
            self.flush()

    def flush(self) -> None:
        """Start writing the pending new articles (on Oxigraph, one bulk load in the background)."""
        if not self._pending:
            return
        batch, self._pending, self._pending_quads = self._pending, [], 0
        if self._thread is None:
            for r, key in batch:
                self._replace(r, [])
                self.index.written(r.graph, key, r.file_name, ())
            return
        self.wait()
        data = "".join(r.nquads for r, _ in batch)
        self._loading = (self._thread.submit(self._bulk_load, data), batch)

    def wait(self) -> None:
        """Block until the batch being loaded is in the store (re-raising its error, if any)."""
        if self._loading is None:
            return
        future, batch = self._loading
        self._loading = None
        future.result()
        for r, key in batch:
            self.index.written(r.graph, key, r.file_name, ())

    def close(self) -> None:
        """Write everything pending and wait for it."""
        self.flush()
        self.wait()

    def shutdown(self) -> None:
        """Let a batch that is loading finish (never leave the store mid-load), then stop the thread."""
        if self._thread is not None:
            self._thread.shutdown(wait=True)

    def _bulk_load(self, data: str) -> None:
        import pyoxigraph as ox

        self.ox.bulk_load(data, format=ox.RdfFormat.N_QUADS)

    def _replace(self, result: Extracted, stale: list[str]) -> None:
        """Drop and refill one graph (and drop the file's stale graphs) in a single transaction."""
        if self.ox is not None:
            drops = "".join(f"DROP SILENT GRAPH <{g}> ;\n" for g in stale)
            self.store.update(
                f"{drops}DROP SILENT GRAPH <{result.graph}> ;\n"
                f"INSERT DATA {{ GRAPH <{result.graph}> {{\n{_triples(result)}}} }}"
            )
            return
        triples = list(Graph().parse(data=_triples(result), format="nt"))
        self.store.replace_graph(URIRef(result.graph), triples, also_drop=[URIRef(g) for g in stale])


def _triples(result: Extracted) -> str:
    """The N-Quads lines as N-Triples (the graph name taken off)."""
    return result.nquads.replace(f" <{result.graph}> .\n", " .\n")


# ---------------------------------------------------------------- the ingest loop


def default_jobs() -> int:
    """Worker processes: SPACEKG_JOBS, else one per core."""
    value = os.environ.get("SPACEKG_JOBS")
    if value:
        try:
            jobs = int(value)
        except ValueError:
            jobs = 0
        if jobs < 1:
            raise InputError(f"SPACEKG_JOBS must be a whole number of processes (1 or more), not {value!r}")
        return jobs
    return os.cpu_count() or 1


def ingest(
    store: GraphStore,
    paths: Iterable[Path],
    *,
    jobs: int | None = None,
    progress: bool = True,
    force: bool = False,
    on_warning: Callable[[str], None] | None = None,
    batch_quads: int = BATCH_QUADS,
) -> IngestReport:
    """Ingest files, directories and `.jsonl` corpora; bad articles are reported and skipped.

    Args:
        jobs: extractor processes (default: `default_jobs()`); 1 extracts in this process.
        progress: a progress bar on stderr when it is a terminal.
        force: re-extract articles even when the store holds them unchanged.
        batch_quads: about how many quads each write transaction holds.

    Raises:
        InputError: no article files at all among `paths`.
    """
    start = time.perf_counter()
    paths = list(paths)
    files = expand(paths)
    if not files:
        named = ", ".join(str(p) for p in paths[:3]) + (" …" if len(paths) > 3 else "")
        raise InputError(f"no article files found in {named} (expected .txt files or .jsonl corpora)")
    lexicon = Lexicon.load(LEXICON_DIR)
    load_static_graphs(store, lexicon)
    index = StoreIndex(store)
    report = IngestReport()
    total = count_articles(files)
    jobs = default_jobs() if jobs is None else max(1, jobs)
    show = progress and total > 1 and sys.stderr.isatty()
    bar = tqdm(total=total, desc="ingest", unit="article", disable=not show, smoothing=0.1)
    writer = Writer(store, index, batch_quads)
    todo = _Todo(read_items(files), index, report, bar, force, window=64 * jobs)
    warn = on_warning or _warn
    try:
        for result in _extracted(todo, jobs, parallel=total >= MIN_PARALLEL):
            writer.write(result, todo.keys.popleft())
            todo.done()
            for w in result.warnings:
                warn(w)
            report.words += result.words
            report.results.append(_result(result))
            bar.update(1)
            if show and len(report.results) % 50 == 0:
                bar.set_postfix_str(f"{report.words / (time.perf_counter() - start):,.0f} words/s")
        writer.close()
    finally:
        writer.shutdown()
        bar.close()
    report.seconds = time.perf_counter() - start
    return report


class _Todo:
    """The articles to extract, in order: failures and unchanged articles are taken out on the way.

    Iterated by the pool's feeder thread; `window` bounds how many articles are in flight, so a slow
    writer never lets extracted graphs pile up in memory.
    """

    def __init__(
        self,
        items: Iterator[Item | tuple[str, str]],
        index: StoreIndex,
        report: IngestReport,
        bar: Any,
        force: bool,
        window: int,
    ) -> None:
        self.items = items
        self.index = index
        self.report = report
        self.bar = bar
        self.force = force
        self.keys: deque[tuple[str | None, ...]] = deque()
        """Ingest keys of the articles in flight, in order (results come back in order)."""
        self._slots = threading.BoundedSemaphore(window)
        self._taken: dict[str, tuple[str, tuple[str | None, ...]]] = {}
        """graph → (where, ingest key) of the article this run gave it to."""

    def __iter__(self) -> Iterator[Item]:
        for item in self.items:
            if isinstance(item, tuple):
                self.report.failures.append(item)
                self.bar.update(1)
                continue
            key = ingest_key(hashlib.sha256(item.text.encode("utf-8")).hexdigest(), item.meta)
            graph = str(iris.article_graph(item.meta.id))
            taken = self._taken.get(graph)
            if taken is not None and taken[1] != key:  # one id, two articles: the later would replace the earlier
                self.report.failures.append((item.origin, _duplicate(item, taken[0], taken[1][0] == key[0])))
                self.bar.update(1)
                continue
            self._taken[graph] = (item.origin, key)
            if taken is not None or (  # the same article twice (a file named again, or in a directory named)
                not self.force and self.index.unchanged(graph, key) and not self.index.stale(graph, item.meta.file_name)
            ):
                self.report.skipped += 1
                self.bar.update(1)
                continue
            self._slots.acquire()
            self.keys.append(key)
            yield item

    def done(self) -> None:
        self._slots.release()


def _duplicate(item: Item, first: str, same_text: bool) -> str:
    if same_text:
        return f"{item.origin}: the same text as {first} (id {item.meta.id!r}) with other metadata; skipped"
    return (
        f"{item.origin}: id {item.meta.id!r} is already taken by {first} in this ingest; skipped "
        "(each article needs its own id)"
    )


def _ignore_interrupts() -> None:
    """In each extractor: Ctrl-C reaches the whole process group, and the parent alone handles it (it
    stops the pool); a worker would print a KeyboardInterrupt traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _extracted(todo: _Todo, jobs: int, *, parallel: bool) -> Iterator[Extracted]:
    if jobs == 1 or not parallel:
        yield from map(extract_item, todo)
        return
    # fork: workers inherit the loaded lexicon and rules, and no `__main__` is re-imported (a caller's
    # script needs no `if __name__ == "__main__"` guard). The children never touch the open store.
    _init_worker()
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_ignore_interrupts) as pool:
        yield from pool.imap(extract_item, todo, chunksize=4)


def _result(r: Extracted) -> IngestResult:
    return IngestResult(
        path=r.origin,
        article_id=r.article_id,
        graph=r.graph,
        triples=r.triples,
        claims=r.claims,
        mentions=r.mentions,
        new_entities=r.new_entities,
        warnings=r.warnings,
    )


def _warn(message: str) -> None:
    print(f"spacekg: warning: {message}", file=sys.stderr)
