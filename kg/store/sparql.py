"""A SPARQL 1.1 server as the store: queries and updates over HTTP (SPARQL 1.1 Protocol), via kg/query/remote.py.

Choices, so that every command behaves as on the local stores:

- Queries see the union of all named graphs, which is the *server's* job: Virtuoso does it by default
  (a query without FROM reads every graph), the Oxigraph server with `serve --union-default-graph`.
  The first query checks it (a triple of one of our graphs must be visible without GRAPH) and fails
  clearly otherwise, rather than answering every question with nothing.
- `graph_names`, `len` and `export` cover spacekg's own graphs only (IRIs under
  `https://w3id.org/spacekg/graph/`), so that a server's system graphs (Virtuoso keeps about 2,500
  triples of its own) or other data sets on a shared server stay out of exports and counts.
- `replace_graph` is all or nothing, whatever the size of the graph: the triples go into a fresh
  staging graph (`STAGING` + the target's digest + a time and a random token), whose triple count is
  checked, and then one `MOVE <staging> TO <graph>` puts it in place (MOVE replaces the target).
  The staging graph is filled by INSERT DATA in parts of `CHUNK_TRIPLES` triples, because Virtuoso's
  SPARQL parser gives up ("memory exhausted") on an INSERT DATA of about 5,000 triples, or by one
  Graph Store Protocol PUT (`protocol="gsp"`). Triples with blank nodes all travel in the first
  request, since a blank node label means one node within one request only, and as INSERT … WHERE {}
  (Virtuoso refuses blank nodes in INSERT DATA). A failure before the MOVE leaves the old graph as
  it was, and the staging graph is dropped.
- Why not simpler: Virtuoso 7.2 does not run the operations of one update request as a transaction
  (an INSERT before a failing operation stays), its GSP PUT is not atomic either (a body that fails
  to parse half-way leaves the part before the error in place of the old graph), and its MOVE from a
  graph that does not exist empties the target without an error (Oxigraph refuses it). So the MOVE
  is only sent once the staging graph has been counted, and the target is counted afterwards.
- A staging graph left by a killed process is never one of our graphs (`graph_names`, `len`,
  `export` skip `STAGING`), but queries over the union see its triples until the next write: the
  first write of a `SparqlStore` drops leftovers older than `STALE_AFTER`, and each write drops the
  leftovers of its own graph. A younger staging graph of another graph may be another writer's work.
- Graph reads are paged (`PAGE_ROWS` rows per request, ordered), because Virtuoso answers at most
  ResultSetMaxRows rows (10,000 by default; kg/query/remote.py turns its X-SPARQL-MaxRows header
  into an error), and each is checked against a COUNT.
- Terms come back through `normalize`: Virtuoso names blank nodes `nodeID://b10000` (not a valid
  blank node label), may answer `"1"^^xsd:boolean` for true, widen integers to xsd:int/long/short,
  or write language tags in another case; these are mapped to the forms the local stores give, so
  the same query gives the same rows everywhere.
- Queries go through `portable`, which spells `?x rdf:type/rdfs:subClassOf* C` as a UNION that means
  the same: Virtuoso 7.2 drops rows (or fails to compile) when such a path is joined with other patterns.

>>> s = SparqlStore("http://127.0.0.1:7878/query")
>>> s.location, s.update_url
('sparql:http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update')
>>> SparqlStore.from_spec("sparql:http://h/sparql").update_url
'http://h/sparql'
>>> SparqlStore.from_spec("sparql:http://h/repo|http://h/repo/statements").update_url
'http://h/repo/statements'
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
import time
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError, SpacekgError, StoreError
from kg.query import remote
from kg.store._terms import to_ox
from kg.store.base import ExportFormat, GraphStore, QueryResult, Triple
from kg.store.oxigraph import dump
from kg.vocab import GRAPH

PREFIX = "sparql:"
CHUNK_TRIPLES = 2000
PAGE_ROWS = 5000
DEFAULT_TIMEOUT = 60.0

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {f"{_XSD}{t}" for t in ("int", "long", "short", "byte")}
_BNODE_ID = re.compile(r"[A-Za-z0-9_]+")
PROTOCOLS: tuple[str, ...] = ("update", "gsp")
WriteProtocol = typing.Literal["update", "gsp"]
STAGING = GRAPH + "_staging/"
STALE_AFTER = 3600.0
_OURS = f'FILTER(STRSTARTS(STR(?g), "{GRAPH}") && !STRSTARTS(STR(?g), "{STAGING}"))'
_STAGING_NAME = re.compile(re.escape(STAGING) + r"(?P<target>[0-9a-f]{16})/(?P<time>[0-9]+)-[0-9a-f]+")


class SparqlStore:
    """A store on a SPARQL 1.1 server: `query_url` answers queries, `update_url` takes SPARQL Update.

    Args:
        query_url: the query endpoint, e.g. `http://127.0.0.1:7878/query` (Oxigraph) or
            `http://127.0.0.1:8890/sparql` (Virtuoso).
        update_url: the update endpoint; by default Oxigraph's `/update` beside a `/query` URL,
            otherwise the query URL itself (Virtuoso, Fuseki's dataset URL).
        timeout: seconds to wait for each request.
        writable: False refuses updates here, before anything is sent.
        protocol: how `replace_graph` sends a graph's triples into its staging graph: `update` (INSERT
            DATA in parts) or `gsp` (one Graph Store Protocol PUT of N-Triples). The move into place
            is SPARQL Update either way.
        gsp_url: the Graph Store endpoint for `gsp`; by default derived from the query URL (Oxigraph
            `/query` → `/store`, Virtuoso `/sparql` → `/sparql-graph-crud`).
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        writable: bool = True,
        protocol: WriteProtocol = "update",
        gsp_url: str | None = None,
    ) -> None:
        if not query_url.startswith(("http://", "https://")):
            raise InputError(f"store {PREFIX}{query_url}: expected sparql:http://HOST:PORT/PATH")
        remote.check_url(query_url, "endpoint")
        self.query_url = query_url
        self.update_url = update_url or remote.update_url(query_url)
        remote.check_url(self.update_url, "update URL")
        self.protocol = protocol
        self.gsp_url = gsp_url or remote.store_url(query_url)
        if protocol == "gsp" and self.gsp_url is None:
            raise InputError(f"cannot tell the Graph Store Protocol URL of {query_url}; give it (--gsp-url URL)")
        if protocol == "gsp" and not str(self.gsp_url).startswith(("http://", "https://")):
            raise InputError(f"Graph Store URL {self.gsp_url!r} is not an http(s) URL")
        if protocol == "gsp":
            remote.check_url(str(self.gsp_url), "Graph Store URL")
        self.location = PREFIX + query_url
        self.timeout = timeout
        self.writable = writable
        self._union_checked = False
        self._leftovers: set[URIRef] | None = None

    @classmethod
    def from_spec(cls, spec: str, *, writable: bool = True, timeout: float = DEFAULT_TIMEOUT) -> SparqlStore:
        """`sparql:QUERY_URL`, or `sparql:QUERY_URL|UPDATE_URL` when the update endpoint is elsewhere."""
        query_url, _, update_url = spec.removeprefix(PREFIX).partition("|")
        return cls(query_url.strip(), update_url.strip() or None, timeout=timeout, writable=writable)

    # --- reading
    def query(
        self, sparql: str, *, bindings: Mapping[str, Node] | None = None, limit: int | None = None
    ) -> QueryResult:
        """Run a query on the union of the graphs; `bindings` become a trailing VALUES clause (project them).
        `limit` cuts the answer here: the server still sends all of it."""
        self._check_union()
        return self._query(sparql + _values(bindings) if bindings else sparql).capped(limit)

    def graph_names(self) -> list[URIRef]:
        rows = self._select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OURS} }}")
        return sorted(URIRef(str(row[0])) for row in rows if isinstance(row[0], URIRef))

    def graph_triples(self, name: URIRef) -> list[Triple]:
        """Every triple of one named graph, read in pages and checked against the server's count."""
        g = URIRef(name).n3()
        expected = self._count(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}")
        rows = self._paged(f"SELECT ?s ?p ?o WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}", "?s ?p ?o", expected)
        triples = [(s, p, o) for s, p, o in rows if s is not None and p is not None and o is not None]
        if len(set(triples)) != expected:
            raise StoreError(
                f"endpoint {self.query_url} returned {len(set(triples))} of the {expected} triples of {name} "
                "(does it cap result sizes?)"
            )
        return triples

    def __len__(self) -> int:
        return self._count(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OURS} }}")

    def export(self, fmt: ExportFormat) -> bytes:
        """Our graphs, read one by one into a scratch Oxigraph store and serialized as the default store does."""
        scratch = ox.Store()
        for name in self.graph_names():
            g = ox.NamedNode(str(name))
            scratch.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in self.graph_triples(name))
        return dump(scratch, fmt)

    # --- writing
    def update(self, sparql: str) -> None:
        self._require_writable()
        remote.remote_update(self.update_url, sparql, self.timeout)

    def replace_graph(self, name: URIRef, triples: Iterable[Triple], *, also_drop: Iterable[URIRef] = ()) -> None:
        """Replace one named graph all or nothing: fill a fresh staging graph, count it, MOVE it into place.

        Raises:
            StoreError: the server failed or is unreachable; unless the error says otherwise (the final
                count is off), the graph on the server is as it was.
        """
        self._require_writable()
        staged = list(dict.fromkeys(triples))
        g = URIRef(name).n3()
        drops = "".join(f" ;\nDROP SILENT GRAPH {URIRef(d).n3()}" for d in also_drop)
        self._drop_leftovers(name)
        if not staged:
            self._post(f"DROP SILENT GRAPH {g}{drops}")
            return
        staging = staging_graph(name)
        try:
            self._fill(staging, staged)
            found = self._graph_count(staging)
            if found != len(staged):
                raise StoreError(f"the server holds {found} of the {len(staged)} triples sent")
            # MOVE first: Virtuoso stops at a failing operation but keeps the ones before it.
            self._post(f"MOVE {staging.n3()} TO {g}{drops}")
        except BaseException as exc:
            self._discard(staging)
            if isinstance(exc, StoreError):
                raise StoreError(f"graph {name} not replaced (the server keeps the old one): {exc}") from None
            raise
        found = self._graph_count(URIRef(name))
        if found != len(staged):
            raise StoreError(
                f"graph {name} holds {found} triples after the move, not {len(staged)} "
                "(written by another process at the same time?); write it again"
            )

    def close(self) -> None:
        pass

    # --- internals
    def _require_writable(self) -> None:
        if not self.writable:
            raise StoreError(f"store {self.location} is open read-only")

    def _post(self, sparql: str) -> None:
        remote.remote_update(self.update_url, sparql, self.timeout)

    def _fill(self, staging: URIRef, triples: list[Triple]) -> None:
        """Write `triples` into the (new, empty) graph `staging`."""
        if self.protocol == "gsp":
            assert self.gsp_url is not None
            body = "".join(f"{_term(s)} {_term(p)} {_term(o)} .\n" for s, p, o in triples)
            remote.put_graph(self.gsp_url, str(staging), body.encode("utf-8"), timeout=self.timeout)
            return
        for chunk in _chunks(triples, CHUNK_TRIPLES):
            self._post(_insert(staging.n3(), chunk))

    def _graph_count(self, name: URIRef) -> int:
        return self._count(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {name.n3()} {{ ?s ?p ?o }} }}")

    def _discard(self, staging: URIRef) -> None:
        """Drop a staging graph after a failure, if the server lets us; else the next write of its graph does."""
        with contextlib.suppress(SpacekgError):
            self._post(f"DROP SILENT GRAPH {staging.n3()}")

    def _drop_leftovers(self, name: URIRef) -> None:
        """Drop staging graphs left by killed writers: of `name`, and (on the first write) stale ones of any graph."""
        drop: set[URIRef] = set()
        if self._leftovers is None:
            rows = self._select(
                f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{STAGING}")) }}'
            )
            self._leftovers = {URIRef(str(row[0])) for row in rows if isinstance(row[0], URIRef)}
            now = time.time()
            drop = {
                g
                for g in self._leftovers
                if (match := _STAGING_NAME.fullmatch(g)) is None or now - int(match["time"]) > STALE_AFTER
            }
        mine = STAGING + _digest(name) + "/"
        drop |= {g for g in self._leftovers if g.startswith(mine)}
        if drop:
            self._post(" ;\n".join(f"DROP SILENT GRAPH {g.n3()}" for g in sorted(drop)))
            self._leftovers -= drop

    def _query(self, sparql: str) -> QueryResult:
        result = remote.remote_query(self.query_url, portable(sparql), self.timeout)
        if result.kind == "select":
            rows = tuple(tuple(normalize(t) for t in row) for row in result.rows)
            return QueryResult(kind="select", variables=result.variables, rows=rows)
        if result.kind == "graph":
            triples = tuple((normalize(s), normalize(p), normalize(o)) for s, p, o in result.triples)
            return QueryResult(kind="graph", triples=triples)  # type: ignore[arg-type]
        return result

    def _select(self, sparql: str) -> tuple[tuple[Node | None, ...], ...]:
        return self._query(sparql).rows

    def _count(self, sparql: str) -> int:
        rows = self._select(sparql)
        return int(str(rows[0][0])) if rows and rows[0][0] is not None else 0

    def _paged(self, sparql: str, order: str, expected: int) -> Iterator[tuple[Node | None, ...]]:
        """Rows of `SELECT <order> …` in pages of PAGE_ROWS, ordered so that pages neither overlap nor skip."""
        if expected <= PAGE_ROWS:
            yield from self._select(sparql)
            return
        for offset in range(0, expected, PAGE_ROWS):
            # A sub-select, as Virtuoso refuses ORDER BY with OFFSET + LIMIT beyond its sort limit otherwise.
            page = f"SELECT {order} WHERE {{ {{ {sparql} ORDER BY {order} }} }} LIMIT {PAGE_ROWS} OFFSET {offset}"
            yield from self._select(page)

    def _check_union(self) -> None:
        """Fail clearly when the server's default graph is not the union of the named graphs."""
        if self._union_checked:
            return
        rows = self._select(f"SELECT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OURS} FILTER(!ISBLANK(?s)) }} LIMIT 1")
        if rows:
            s, p, o = rows[0]
            assert s is not None and p is not None and o is not None
            if not self._query(f"ASK {{ {_term(s)} {_term(p)} {_term(o)} }}").boolean:
                raise StoreError(
                    f"endpoint {self.query_url} does not show its named graphs as the default graph; "
                    "spacekg queries the union (Oxigraph: `oxigraph serve --union-default-graph`)"
                )
        self._union_checked = True


def push(source: GraphStore, target: GraphStore, graphs: Sequence[URIRef] | None = None) -> list[tuple[URIRef, int]]:
    """Copy named graphs (all of the source's, or `graphs`) into `target`, each replacing its namesake.

    Returns:
        (graph, triples sent) for each graph, in order.

    Raises:
        InputError: a graph in `graphs` is not in the source.
    """
    names = source.graph_names()
    missing = [str(g) for g in graphs or () if g not in names]
    if missing:
        raise InputError(f"no graph {missing[0]} in {source.location} (it has {len(names)} graphs)")
    sent = []
    for name in graphs or names:
        triples = source.graph_triples(name)
        target.replace_graph(name, triples)
        sent.append((name, len(triples)))
    return sent


def staging_graph(name: URIRef, now: float | None = None) -> URIRef:
    """A fresh staging graph for `name`: `STAGING`, the name's digest, the time and a random token.

    >>> g = staging_graph(URIRef("https://w3id.org/spacekg/graph/article/1"), now=1700000000)
    >>> g.startswith(STAGING), g.removeprefix(STAGING)[:28]
    (True, '0727aa4e723d5f64/1700000000-')
    """
    stamp = int(time.time() if now is None else now)
    return URIRef(f"{STAGING}{_digest(name)}/{stamp}-{secrets.token_hex(8)}")


def _digest(name: URIRef) -> str:
    return hashlib.sha256(str(name).encode()).hexdigest()[:16]


def normalize(term: Node | None) -> Node | None:
    """One term from a server, in the form the local stores give (see the module docstring).

    >>> XSD = "http://www.w3.org/2001/XMLSchema#"
    >>> normalize(Literal("1", datatype=URIRef(XSD + "boolean"))).n3()
    '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'
    >>> normalize(Literal("44", datatype=URIRef(XSD + "int"))).n3()
    '"44"^^<http://www.w3.org/2001/XMLSchema#integer>'
    >>> normalize(Literal("Moon", lang="EN")).n3()
    '"Moon"@en'
    >>> normalize(BNode("nodeID://b10000"))
    rdflib.term.BNode('nodeID___b10000')
    """
    if isinstance(term, BNode) and not _BNODE_ID.fullmatch(term):
        return BNode(re.sub(r"\W", "_", term))
    if not isinstance(term, Literal):
        return term
    if term.language:
        return Literal(str(term), lang=term.language.lower())
    datatype = str(term.datatype) if term.datatype is not None else None
    if datatype == f"{_XSD}boolean" and str(term) in {"1", "0"}:
        return Literal("true" if str(term) == "1" else "false", datatype=term.datatype)
    if datatype in _INTEGER_TYPES:
        return Literal(str(term), datatype=URIRef(f"{_XSD}integer"))
    return term


_NODE = r"(?:\?\w+|<[^<>\s]*>|[A-Za-z][\w-]*:[\w.-]*\w|[A-Za-z][\w-]*:)"
_TYPE_CLOSURE = re.compile(
    rf"(?P<s>{_NODE})\s+(?:rdf:type|a|<{RDF}type>)\s*/\s*(?:rdfs:subClassOf|<{RDFS}subClassOf>)\*"
    rf"\s+(?P<o>{_NODE})\s*(?P<end>\.|(?=\}}))"
)


def portable(sparql: str) -> str:
    """Rewrite `S rdf:type/rdfs:subClassOf* C .` as `{ S rdf:type C } UNION { S rdf:type/rdfs:subClassOf+ C }`.

    The same answers, but Virtuoso 7.2 loses rows when a zero-or-more path is joined with other
    patterns (openlink/virtuoso-opensource#704, #929); only whole triples are rewritten.

    >>> portable("SELECT ?x WHERE { ?x rdf:type/rdfs:subClassOf* sk:Agreement . ?x ?p ?o }")
    'SELECT ?x WHERE { { ?x rdf:type sk:Agreement } UNION { ?x rdf:type/rdfs:subClassOf+ sk:Agreement } . ?x ?p ?o }'
    """
    return _TYPE_CLOSURE.sub(
        lambda m: (
            f"{{ {m['s']} rdf:type {m['o']} }} UNION {{ {m['s']} rdf:type/rdfs:subClassOf+ {m['o']} }}"
            + (" ." if m["end"] else " ")
        ),
        sparql,
    )


def _term(term: Node) -> str:
    return str(to_ox(term))


def _values(bindings: Mapping[str, Node]) -> str:
    names = " ".join(f"?{k}" for k in bindings)
    return f"\nVALUES ({names}) {{ ({' '.join(_term(v) for v in bindings.values())}) }}"


def _insert(graph: str, triples: Sequence[Triple]) -> str:
    """INSERT DATA; or INSERT … WHERE {} when there are blank nodes (Virtuoso refuses them in DATA)."""
    body = "\n".join(f"{_term(s)} {_term(p)} {_term(o)} ." for s, p, o in triples)
    if any(isinstance(x, BNode) for t in triples for x in t):
        return f"INSERT {{ GRAPH {graph} {{\n{body}\n}} }} WHERE {{}}"
    return f"INSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}"


def _chunks(triples: list[Triple], size: int) -> Iterator[list[Triple]]:
    """Pieces of at most `size` triples, except that every triple with a blank node is in the first."""
    blank = [t for t in triples if any(isinstance(x, BNode) for x in t)]
    rest = [t for t in triples if not any(isinstance(x, BNode) for x in t)]
    first, rest = blank + rest[: max(0, size - len(blank))], rest[max(0, size - len(blank)) :]
    if first:
        yield first
    for i in range(0, len(rest), size):
        yield rest[i : i + size]
