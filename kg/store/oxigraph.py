"""The default store: an on-disk Oxigraph database, with an rdflib view through oxrdflib."""

from __future__ import annotations

import math
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, URIRef
from rdflib.term import Node

from kg.errors import InputError, QueryError, StoreError
from kg.store._terms import from_ox, to_ox
from kg.store.base import ExportFormat, QueryResult, Triple
from kg.store.lock import StoreLock
from kg.vocab import PREFIXES

_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "json-ld": ox.RdfFormat.JSON_LD,
}
_QUAD_FORMATS = {"trig", "nquads", "json-ld"}
SNAPSHOT = "snapshot"  # the committed store as it was when the current writer began, for readers meanwhile
_SNAPSHOT_LOCK = "snapshot.lock"


def _lock_timeout() -> float:
    value = os.environ.get("SPACEKG_LOCK_TIMEOUT", "30")
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if math.isnan(seconds) or seconds < 0:  # a NaN deadline is never reached: a locked store, waited for forever
        raise InputError(f"SPACEKG_LOCK_TIMEOUT must be a number of seconds, 0 or more, not {value!r}")
    return seconds


def _open_writer(root: Path, timeout: float) -> tuple[ox.Store, StoreLock]:
    """Lock the store for writing, open it, and copy it to `snapshot/` for the readers that come meanwhile.

    `lock` is only taken while `snapshot.lock` is held, which is kept until the copy is made, so a reader
    that finds `lock` held and then gets `snapshot.lock` always finds this writer's copy, never a stale
    one. A writer that has to wait for another does not keep `snapshot.lock` meanwhile: readers go on
    reading the other writer's copy.
    """
    deadline = time.monotonic() + timeout
    guard = StoreLock(root / _SNAPSHOT_LOCK, exclusive=True)
    lock = StoreLock(root / "lock", exclusive=True)
    while True:
        guard.acquire(max(0.0, deadline - time.monotonic()))
        if lock.try_acquire():
            break
        guard.release()
        if time.monotonic() >= deadline:
            raise StoreError(
                f"store {root} is busy: another spacekg process holds its lock (waited {timeout:.0f} s)"
            )
        time.sleep(0.1)
    try:
        store = _open_database(root, lambda: ox.Store(str(root / "oxigraph")))
        _make_snapshot(store, root)
    except BaseException:
        lock.release()
        raise
    finally:
        guard.release()
    return store, lock


def _open_reader(root: Path, timeout: float) -> tuple[ox.Store, StoreLock, bool]:
    """Open the store read-only: itself when no writer holds it, else the writer's `snapshot/`.

    Returns the store, the lock held while reading, and whether it is the snapshot. Waits (up to
    `timeout`) only for a writer that made no snapshot (one that failed to, or an older spacekg).
    """
    deadline = time.monotonic() + timeout
    while True:
        lock = StoreLock(root / "lock", exclusive=False)
        if lock.try_acquire():
            return _read_only(root, root / "oxigraph", lock), lock, False
        guard = StoreLock(root / _SNAPSHOT_LOCK, exclusive=False)
        guard.acquire(max(0.0, deadline - time.monotonic()))
        if (root / SNAPSHOT / "CURRENT").is_file():
            return _read_only(root, root / SNAPSHOT, guard), guard, True
        guard.release()
        if time.monotonic() >= deadline:
            raise StoreError(
                f"store {root} is busy: another spacekg process holds its lock (waited {timeout:.0f} s)"
            )
        time.sleep(0.1)


def _read_only(root: Path, db: Path, lock: StoreLock) -> ox.Store:
    try:
        return _open_database(root, lambda: ox.Store.read_only(str(db)))
    except BaseException:
        lock.release()
        raise


def _open_database(root: Path, opener: Callable[[], ox.Store]) -> ox.Store:
    try:
        return opener()
    except OSError as exc:
        raise StoreError(f"cannot open store {root}: {exc}") from None
    except RuntimeError as exc:  # RocksDB's "Corruption: …": a damaged database, opened for nothing
        detail = " ".join(str(exc).split())[:300]
        raise StoreError(f"store {root} is damaged and cannot be opened: {detail}") from None


def _make_snapshot(store: ox.Store, root: Path) -> None:
    """Checkpoint the store into `snapshot/` (made aside, then renamed, so it is whole or absent)."""
    _remove_snapshot(root)
    partial = root / (SNAPSHOT + ".tmp")
    try:
        store.backup(str(partial))
        partial.rename(root / SNAPSHOT)
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)  # readers wait for the lock instead, as without snapshots


def _drop_snapshot(root: Path) -> None:
    """Remove `snapshot/` unless a reader is reading it (the last such reader, or the next writer, does then)."""
    guard = StoreLock(root / _SNAPSHOT_LOCK, exclusive=True)
    if guard.try_acquire():
        try:
            _remove_snapshot(root)
        finally:
            guard.release()


def _drop_stale_snapshot(root: Path) -> None:
    """After reading `snapshot/`: remove it if no one else reads it and its writer is gone.

    Whoever holds `snapshot.lock` exclusively while no writer holds `lock` may remove it: a writer makes a
    new copy only while holding both. Where the reader cannot write (a read-only store), nothing is done.
    """
    guard = StoreLock(root / _SNAPSHOT_LOCK, exclusive=True)
    try:
        if not guard.try_acquire():
            return  # another reader reads it still
    except StoreError:
        return  # cannot open the lock for writing: nor could the snapshot be removed
    try:
        writer_gone = StoreLock(root / "lock", exclusive=False)
        if writer_gone.try_acquire():
            writer_gone.release()
            _remove_snapshot(root)
    finally:
        guard.release()


def _remove_snapshot(root: Path) -> None:
    for leftover in (root / SNAPSHOT, root / (SNAPSHOT + ".tmp")):
        shutil.rmtree(leftover, ignore_errors=True)


class OxigraphStore:
    """A store directory holding `oxigraph/` (the database) and `lock`.

    A writer holds `lock` exclusively. Readers share it, and open the database read-only, which is
    undefined behaviour in RocksDB while another process writes it (measured: a reader racing an
    ingest crashed on a 24 GB allocation). So a writer, once it has the lock, first copies the
    committed store into `snapshot/` (a RocksDB checkpoint: hard links, 2-12 ms at 1M triples), and a
    reader that finds the store locked for writing reads that copy: the store as it was when the
    writer began. `snapshot.lock` orders the two (a writer takes `lock` only while holding it, and keeps
    it until the copy is made; readers of the copy share it) and the writer removes the copy when it
    closes, or, if a reader still reads it then, the last such reader does. The copy keeps the files
    the writer compacts away alive until then, so the store may take up to twice its space meanwhile.

    >>> import tempfile
    >>> s = OxigraphStore(tempfile.mkdtemp(), writable=True)
    >>> s.replace_graph(URIRef("http://ex/g"), [(URIRef("http://ex/a"), URIRef("http://ex/p"), URIRef("http://ex/b"))])
    >>> len(s), s.query("ASK { <http://ex/a> ?p ?o }").boolean
    (1, True)
    >>> s.close()
    """

    def __init__(self, location: str | Path, *, writable: bool = False) -> None:
        self.location = str(location)
        root = Path(location)
        db = root / "oxigraph"
        if not writable and not db.exists():
            raise StoreError(f"no store at {root}: run `spacekg build` or `spacekg ingest` first")
        if root.exists() and not root.is_dir():
            raise StoreError(f"store path {root} is not a directory")
        self.writable = writable
        self._root = root
        self._guard = threading.Lock()
        self._running = 0  # queries still running, maybe abandoned by a caller's timeout
        self._closing = False
        if writable:
            self._ox, self._lock = _open_writer(root, _lock_timeout())
            self.from_snapshot = False
        else:
            self._ox, self._lock, self.from_snapshot = _open_reader(root, _lock_timeout())

    # --- reading
    def query(
        self, sparql: str, *, bindings: Mapping[str, Node] | None = None, limit: int | None = None
    ) -> QueryResult:
        """Run SPARQL over the union of the graphs; `limit` stops after that many rows (or triples)."""
        subs = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()}
        with self._running_query():
            try:
                result = self._ox.query(
                    sparql, use_default_graph_as_union=True, prefixes=PREFIXES, substitutions=subs or None
                )
                return _to_result(result, limit)
            except SyntaxError as exc:
                raise QueryError(f"malformed SPARQL: {exc}") from None
            except (OSError, ValueError, RuntimeError) as exc:
                raise QueryError(f"query failed: {exc}") from None

    @contextmanager
    def _running_query(self) -> Iterator[None]:
        """Count the query, so that `close` keeps the lock until a query a caller gave up on has ended."""
        with self._guard:
            self._running += 1
        try:
            yield
        finally:
            with self._guard:
                self._running -= 1
                last = self._closing and self._running == 0
            if last:
                self._release()

    def graph_names(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_triples(self, name: URIRef) -> list[Triple]:
        quads = self._ox.quads_for_pattern(None, None, None, ox.NamedNode(str(name)))
        return [_triple(q) for q in quads]

    def __len__(self) -> int:
        return len(self._ox)

    # --- writing
    def _require_writable(self) -> None:
        if not self.writable:
            raise StoreError(f"store {self.location} is open read-only")

    def update(self, sparql: str) -> None:
        self._require_writable()
        try:
            self._ox.update(sparql, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL update: {exc}") from None

    def replace_graph(
        self, name: URIRef, triples: Iterable[Triple], *, also_drop: Iterable[URIRef] = ()
    ) -> None:
        """Drop and refill one named graph in a single transaction (all or nothing)."""
        self._require_writable()
        g = ox.NamedNode(str(name))
        drops = "".join(f"DROP SILENT GRAPH {ox.NamedNode(str(d))} ;\n" for d in also_drop)
        staged = list(triples)
        if any(isinstance(t, BNode) for triple in staged for t in triple):
            # SPARQL and the parsers relabel blank nodes at random; `extend` keeps their labels, so the same
            # input exports the same bytes. Two steps, each atomic: the graph is old, absent, or whole.
            self._ox.update(f"{drops}DROP SILENT GRAPH {g}")
            self._ox.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in staged)
            return
        body = "\n".join(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ." for s, p, o in staged)
        self._ox.update(f"{drops}DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}")

    def bulk_add(self, quads: Iterable[tuple[Node, Node, Node, URIRef]]) -> None:
        """Fast, non-transactional load of many quads (corpus ingest)."""
        self._require_writable()
        self._ox.bulk_extend(
            ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(g))) for s, p, o, g in quads
        )

    def flush(self) -> None:
        if self.writable:
            self._ox.flush()

    # --- export
    def export(self, fmt: ExportFormat) -> bytes:
        """Serialize: Turtle and N-Triples hold the union of all graphs, the others keep named graphs."""
        return dump(self._ox, fmt)

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for bulk and speed-critical work."""
        return self._ox

    def dataset(self) -> Dataset:
        """An rdflib Dataset over this store (oxrdflib), for rdflib's toolbox."""
        from oxrdflib import OxigraphStore as RdflibOxStore

        return Dataset(store=RdflibOxStore(store=self._ox), default_union=True)

    def close(self) -> None:
        """Flush and unlock; a query still running (abandoned by a timeout) unlocks when it ends."""
        with self._guard:
            if self._closing:
                return
            self._closing = True
            if self._running:
                return
        self._release()

    def _release(self) -> None:
        if getattr(self, "_ox", None) is not None:
            if self.writable:
                self._ox.flush()
            del self._ox
        if self.writable:
            _drop_snapshot(self._root)
        self._lock.release()
        if self.from_snapshot:
            _drop_stale_snapshot(self._root)


def dump(store: ox.Store, fmt: ExportFormat) -> bytes:
    """Serialize a pyoxigraph store: Turtle and N-Triples hold the union, the others keep named graphs."""
    rdf_format = _RDF_FORMATS[fmt]
    if fmt in _QUAD_FORMATS:
        data = store.dump(format=rdf_format, prefixes=_prefixes(fmt))
    else:
        data = ox.serialize(_union_triples(store), format=rdf_format, prefixes=_prefixes(fmt))
    assert data is not None
    return bytes(data)


def _union_triples(store: ox.Store) -> Iterator[Any]:
    """The union of all graphs, each triple once, sorted by subject, predicate and object (as N-Triples
    text) so that each subject's triples stay together (readable Turtle) and output is stable.

    Grouped here rather than with `ORDER BY ?s ?p ?o`: Oxigraph's ORDER BY took 6 to 10 times as long
    as serializing at 200k triples (bench/export.py); this stays within 2 times.
    """
    by_subject: dict[Any, dict[Any, None]] = {}
    for quad in store.quads_for_pattern(None, None, None, None):
        triple = quad.triple
        by_subject.setdefault(triple.subject, {})[triple] = None
    for subject in sorted(by_subject, key=str):
        yield from sorted(by_subject[subject], key=lambda t: (t.predicate.value, str(t.object)))


def _prefixes(fmt: str) -> dict[str, str] | None:
    return None if fmt in {"nt", "nquads"} else dict(PREFIXES)


def _triple(q: Any) -> Triple:
    s, p, o = from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)
    assert s is not None and p is not None and o is not None
    return (s, p, o)


_MISSING = object()


def _to_result(result: Any, limit: int | None = None) -> QueryResult:
    """Convert a pyoxigraph answer; Oxigraph yields rows lazily, so a `limit` also stops the evaluation."""
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = tuple(v.value for v in result.variables)
        # Result rows repeat their terms (predicates, modalities, entities): convert each term once.
        memo: dict[Any, Node | None] = {None: None}

        def convert(term: Any) -> Node | None:
            node = memo.get(term, _MISSING)
            if node is _MISSING:
                node = memo[term] = from_ox(term)
            return node  # type: ignore[return-value]

        columns = range(len(names))
        rows = tuple(tuple(convert(sol[i]) for i in columns) for sol in _upto(result, limit))
        return QueryResult(kind="select", variables=names, rows=rows).capped(limit)
    triples = tuple(_triple(t) for t in _upto(result, limit))
    return QueryResult(kind="graph", triples=triples).capped(limit)


def _upto(items: Iterator[Any], limit: int | None) -> Iterator[Any]:
    """All of `items`, or one more than `limit` (so that `capped` can tell that there were more)."""
    return items if limit is None else islice(items, limit + 1)
