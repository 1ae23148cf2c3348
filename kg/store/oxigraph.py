"""The default store: an on-disk Oxigraph database, with an rdflib view through oxrdflib."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Iterator, Mapping
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


def _lock_timeout() -> float:
    value = os.environ.get("SPACEKG_LOCK_TIMEOUT", "30")
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if math.isnan(seconds) or seconds < 0:  # a NaN deadline is never reached: a locked store, waited for forever
        raise InputError(f"SPACEKG_LOCK_TIMEOUT must be a number of seconds, 0 or more, not {value!r}")
    return seconds


class OxigraphStore:
    """A store directory holding `oxigraph/` (the database) and `lock`.

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
        self._lock = StoreLock(root / "lock", exclusive=writable, timeout=_lock_timeout())
        self._lock.acquire()
        try:
            db.parent.mkdir(parents=True, exist_ok=True)
            self._ox = ox.Store(str(db)) if writable else ox.Store.read_only(str(db))
        except OSError as exc:
            self._lock.release()
            raise StoreError(f"cannot open store {root}: {exc}") from None
        except RuntimeError as exc:  # RocksDB's "Corruption: …": a damaged database, opened for nothing
            self._lock.release()
            detail = " ".join(str(exc).split())[:300]
            raise StoreError(f"store {root} is damaged and cannot be opened: {detail}") from None
        self.writable = writable

    # --- reading
    def query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        subs = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()}
        try:
            result = self._ox.query(
                sparql, use_default_graph_as_union=True, prefixes=PREFIXES, substitutions=subs or None
            )
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL: {exc}") from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from None
        return _to_result(result)

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
        if getattr(self, "_ox", None) is not None:
            if self.writable:
                self._ox.flush()
            del self._ox
        self._lock.release()


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


def _to_result(result: Any) -> QueryResult:
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
        rows = tuple(tuple(convert(sol[i]) for i in columns) for sol in result)
        return QueryResult(kind="select", variables=names, rows=rows)
    return QueryResult(kind="graph", triples=tuple(_triple(t) for t in result))
