"""The entity graph as networkx: projection, name lookup, paths, neighbourhoods, timeline, centrality.

The only module importing networkx (besides the HTML view, which consumes `project`'s output).

The projection contract (the HTML view relies on these exact names):

- node: the entity IRI (str), for every resource typed with an sk: entity class; attributes
  `label_en`, `label_ar` (str or None), `cls` (local name of its most specific sk: class), `qid`
  ("Q…" or None);
- edge: one claim whose object is an entity and whose modality is not negated, keyed by the claim
  IRI; attributes `predicate` (local name), `modality` ("asserted", "planned" or "reported"),
  `quote`, `article`, `date` (ISO string or None) and `claim`.

Oxigraph does the reading (two SELECTs, no triple-by-triple loop); traversals run on one undirected
simple graph built once per projection, because `ego_graph(..., undirected=True)` copies the whole
graph on every call.
"""

from __future__ import annotations

import difflib
import importlib
import itertools
import re
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.errors import EntityNotFound, InputError
from kg.store.base import GraphStore
from kg.vocab import ONTOLOGY, PREFIXES

_NOT_ENTITIES = ("Article", "Sentence", "Claim", "Evidence", "Modality", "DatePrecision")
_DATE_TYPES = {
    "http://www.w3.org/2001/XMLSchema#date": "day",
    "http://www.w3.org/2001/XMLSchema#gYearMonth": "month",
    "http://www.w3.org/2001/XMLSchema#gYear": "year",
}
_PRECISIONS = {
    f"{ONTOLOGY}DayPrecision": "day",
    f"{ONTOLOGY}MonthPrecision": "month",
    f"{ONTOLOGY}YearPrecision": "year",
}
_SEP = "\t"

NODES_QUERY = f"""
SELECT ?e (MIN(?c) AS ?cls) (MIN(?en) AS ?label_en) (MIN(?ar) AS ?label_ar) (MIN(?q) AS ?qid)
       (GROUP_CONCAT(DISTINCT COALESCE(?alt, ""); separator="\\t") AS ?alts) WHERE {{
  ?e rdf:type ?c .
  FILTER(isIRI(?e) && STRSTARTS(STR(?c), STR(sk:)))
  FILTER(?c NOT IN ({", ".join("sk:" + c for c in _NOT_ENTITIES)}))
  FILTER NOT EXISTS {{ ?e rdf:type ?sub . ?sub rdfs:subClassOf+ ?c . FILTER(?sub != ?c) }}
  OPTIONAL {{ ?e rdfs:label ?en FILTER(LANGMATCHES(LANG(?en), "en")) }}
  OPTIONAL {{ ?e rdfs:label ?ar FILTER(LANGMATCHES(LANG(?ar), "ar")) }}
  OPTIONAL {{ ?e owl:sameAs ?q FILTER(STRSTARTS(STR(?q), STR(wd:))) }}
  OPTIONAL {{ ?e skos:altLabel|skos:hiddenLabel|skos:prefLabel ?alt }}
}}
GROUP BY ?e
"""

EDGES_QUERY = """
SELECT ?claim ?s ?p ?o ?m ?quote ?article ?date WHERE {
  ?claim a sk:Claim ; sk:subject ?s ; sk:predicate ?p ; sk:object ?o ; sk:modality ?m .
  FILTER(?m != sk:Negated)
  OPTIONAL { ?claim sk:evidence/oa:exact ?quote }
  OPTIONAL { ?claim sk:inArticle ?article }
  OPTIONAL { ?claim sk:pointInTime ?date }
}
"""

TIMELINE_QUERY = """
SELECT ?claim ?s ?p ?o ?m ?date ?dt ?precision WHERE {
  ?claim a sk:Claim ; sk:subject ?s ; sk:predicate ?p ; sk:modality ?m .
  FILTER(?m != sk:Negated)
  {
    ?claim sk:objectValue ?date .
    FILTER(DATATYPE(?date) IN (xsd:date, xsd:gYearMonth, xsd:gYear))
  } UNION {
    ?claim sk:pointInTime ?date .
  }
  BIND(DATATYPE(?date) AS ?dt)
  OPTIONAL { ?claim sk:object ?o }
  OPTIONAL { ?claim sk:datePrecision ?precision }
}
"""


# --- value objects


@dataclass(frozen=True, slots=True)
class NodeRef:
    iri: str
    label: str


@dataclass(frozen=True, slots=True)
class EdgeRef:
    source: str
    target: str
    predicate: str
    modality: str = "asserted"


@dataclass(frozen=True, slots=True)
class Subgraph:
    """A path or a neighbourhood: nodes in reading order and the edges between them (claim direction)."""

    nodes: tuple[NodeRef, ...]
    edges: tuple[EdgeRef, ...]

    def to_json(self) -> dict[str, list[dict[str, str]]]:
        return {
            "nodes": [{"iri": n.iri, "label": n.label} for n in self.nodes],
            "edges": [{"source": e.source, "target": e.target, "predicate": e.predicate} for e in self.edges],
        }


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    date: str
    precision: str
    label: str
    modality: str
    claim: str
    subject: str
    predicate: str
    object: str | None = None

    def to_json(self) -> dict[str, str]:
        return {"date": self.date, "precision": self.precision, "label": self.label, "modality": self.modality}


@dataclass(frozen=True, slots=True)
class Centrality:
    iri: str
    label: str
    degree: int
    betweenness: float

    def to_json(self) -> dict[str, Any]:
        return {"iri": self.iri, "label": self.label, "degree": self.degree, "betweenness": self.betweenness}


# --- reading the store


def _rows(store: GraphStore, sparql: str) -> list[tuple[str | None, ...]]:
    """SELECT rows as plain strings (IRIs and lexical forms), reading pyoxigraph directly when it can."""
    raw = getattr(store, "oxigraph", None)
    if raw is not None:
        solutions: Any = raw.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
        width = len(solutions.variables)
        return [tuple(None if s[i] is None else s[i].value for i in range(width)) for s in solutions]
    result = store.query(sparql)
    return [tuple(None if t is None else str(t) for t in row) for row in result.rows]


def local_name(iri: str) -> str:
    """The part of an IRI after its last `#` or `/`.

    >>> local_name("https://w3id.org/spacekg/ontology#launchDate")
    'launchDate'
    """
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def _qid(iri: str | None) -> str | None:
    return local_name(iri) if iri else None


def _modality(iri: str) -> str:
    return local_name(iri).lower()


def project(store: GraphStore) -> nx.MultiDiGraph:
    """The entity graph of `store` (see the module docstring for the node and edge attributes).

    >>> from kg.store import MemoryStore
    >>> project(MemoryStore()).number_of_nodes()
    0
    """
    graph = nx.MultiDiGraph()
    names: dict[str, tuple[str, ...]] = {}
    for e, cls, en, ar, qid, alts in _rows(store, NODES_QUERY):
        if e is None:
            continue
        graph.add_node(e, label_en=en, label_ar=ar, cls=local_name(cls) if cls else None, qid=_qid(qid))
        names[e] = tuple(a for a in (alts or "").split(_SEP) if a)
    graph.graph["names"] = names
    for claim, s, p, o, m, quote, article, date in _rows(store, EDGES_QUERY):
        if s in graph and o in graph and claim and p and m:
            graph.add_edge(
                s, o, key=claim,
                predicate=local_name(p), modality=_modality(m), quote=quote, article=article, date=date, claim=claim,
            )
    return graph


def connected(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph without entities no claim touches (the lexicon's unmentioned names), for display.

    >>> g = nx.MultiDiGraph(); g.add_edge("a", "b"); g.add_node("c")
    0
    >>> sorted(connected(g).nodes)
    ['a', 'b']
    """
    keep = graph.copy()
    keep.remove_nodes_from([n for n, degree in graph.degree() if degree == 0])
    return keep


def label(graph: nx.MultiDiGraph, node: str) -> str:
    """A node's English label, else its Arabic label, else its IRI's local name."""
    attrs = graph.nodes[node] if node in graph else {}
    return str(attrs.get("label_en") or attrs.get("label_ar") or local_name(node))


# --- finding entities by name


def normalize_name(text: str) -> str:
    """A name folded for comparison: Arabic letter variants and marks, case, punctuation, spacing.

    >>> normalize_name("  Tianwen-1 ") == normalize_name("tianwen 1")
    True
    >>> normalize_name("إدارة الفضاء") == normalize_name("اداره الفضاء")
    True
    """
    text = unicodedata.normalize("NFC", text)
    text = _FOLD(text)
    text = re.sub(r"[_\-–—.,;:'\"()«»،؛]+", " ", text)
    return " ".join(text.split())


_FOLDS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه"})


def _fallback_fold(text: str) -> str:
    text = "".join(ch for ch in text if not unicodedata.combining(ch) and ch != "ـ")
    return text.translate(_FOLDS).casefold()


def _text_folder() -> Callable[[str], str]:
    """The text layer's normalizer when present, so names compare as the matcher compares them."""
    try:
        module = importlib.import_module("kg.text.normalize")
    except ImportError:
        return _fallback_fold
    folder: Callable[[str], str] = getattr(module, "normalize_str", _fallback_fold)
    return folder


_FOLD = _text_folder()


_INDEXES: weakref.WeakKeyDictionary[nx.MultiDiGraph, tuple[int, dict[str, list[tuple[int, str]]]]] = (
    weakref.WeakKeyDictionary()
)


def _name_index(graph: nx.MultiDiGraph) -> dict[str, list[tuple[int, str]]]:
    """normalized name → [(rank, iri)]; rank 0 = rdfs:label, 1 = alt/hidden label, 2 = IRI local name.

    Built once per projection (and again only if nodes were added)."""
    cached = _INDEXES.get(graph)
    if cached is not None and cached[0] == graph.number_of_nodes():
        return cached[1]
    index: dict[str, list[tuple[int, str]]] = {}
    extra: Mapping[str, tuple[str, ...]] = graph.graph.get("names", {})
    for node, attrs in graph.nodes(data=True):
        forms = [(0, attrs.get("label_en")), (0, attrs.get("label_ar")), (2, local_name(node)), (2, attrs.get("qid"))]
        forms += [(1, alt) for alt in extra.get(node, ())]
        for rank, form in forms:
            if form:
                index.setdefault(normalize_name(form), []).append((rank, node))
    _INDEXES[graph] = (graph.number_of_nodes(), index)
    return index


def find_entity(graph_or_store: nx.MultiDiGraph | GraphStore, name: str) -> str:
    """The IRI of the entity `name` denotes: an IRI, a prefixed name, or a label in either language.

    Exact matches on normalized labels win (rdfs:label over alt labels, then the best connected);
    then a unique entity whose label contains all the words of `name`; then a close fuzzy match.

    Raises:
        EntityNotFound: nothing matches well enough; carries the closest names as suggestions.
    """
    check_name(name)
    graph = graph_or_store if isinstance(graph_or_store, nx.Graph) else _names_only(graph_or_store)
    iri = _as_iri(name)
    if iri is not None:
        if iri in graph:
            return iri
        raise EntityNotFound(name, _suggest(graph, local_name(iri)))
    index = _name_index(graph)
    key = normalize_name(name)
    if key in index:
        return _best(graph, index[key])
    words = set(key.split())
    containing = {iri for form, hits in index.items() if words <= set(form.split()) for _, iri in hits}
    if len(containing) == 1:
        return containing.pop()
    close = difflib.get_close_matches(key, list(index), n=1, cutoff=0.85)
    if close and not containing:
        return _best(graph, index[close[0]])
    raise EntityNotFound(name, _suggest(graph, name, sorted(containing)))


def check_name(name: str) -> None:
    """An empty name would match nothing and suggest the first names in the alphabet: say so instead."""
    if not name.strip():
        raise InputError("empty entity name: give an English or Arabic name, or an IRI such as skr:CNSA")


def _names_only(store: GraphStore) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    names: dict[str, tuple[str, ...]] = {}
    for e, cls, en, ar, qid, alts in _rows(store, NODES_QUERY):
        if e is not None:
            graph.add_node(e, label_en=en, label_ar=ar, cls=local_name(cls) if cls else None, qid=_qid(qid))
            names[e] = tuple(a for a in (alts or "").split(_SEP) if a)
    graph.graph["names"] = names
    return graph


def _as_iri(name: str) -> str | None:
    text = name.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if re.match(r"^https?://\S+$", text):
        return text
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and " " not in local:
        return PREFIXES[prefix] + local
    return None


def _best(graph: nx.MultiDiGraph, hits: Iterable[tuple[int, str]]) -> str:
    return min(hits, key=lambda h: (h[0], -graph.degree(h[1]), h[1]))[1]


def _suggest(graph: nx.MultiDiGraph, name: str, first: Iterable[str] = ()) -> list[str]:
    labels: dict[str, str] = {}
    for node in graph:
        for form in (graph.nodes[node].get("label_en"), graph.nodes[node].get("label_ar")):
            if form:
                labels.setdefault(normalize_name(form), form)
    out = [label(graph, iri) for iri in first][:5]
    for key in difflib.get_close_matches(normalize_name(name), list(labels), n=5, cutoff=0.5):
        if labels[key] not in out:
            out.append(labels[key])
    return out[:5]


# --- traversal


_UNDIRECTED: weakref.WeakKeyDictionary[nx.MultiDiGraph, tuple[int, nx.Graph]] = weakref.WeakKeyDictionary()


def undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    """One undirected simple graph per projection, built once and reused by every traversal."""
    cached = _UNDIRECTED.get(graph)
    if cached is not None and cached[0] == graph.number_of_edges():
        return cached[1]
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    _UNDIRECTED[graph] = (graph.number_of_edges(), simple)
    return simple


_MODALITY_RANK = {"asserted": 0, "reported": 1, "planned": 2}


def _edges_between(graph: nx.MultiDiGraph, a: str, b: str) -> list[EdgeRef]:
    found = [
        EdgeRef(u, v, str(d.get("predicate")), str(d.get("modality") or "asserted"))
        for u, v in ((a, b), (b, a))
        for d in (graph.get_edge_data(u, v) or {}).values()
    ]
    return sorted(set(found), key=lambda e: (_MODALITY_RANK.get(e.modality, 3), e.predicate, e.source))


def shortest_path(graph: nx.MultiDiGraph, source: str, target: str) -> Subgraph:
    """The shortest chain of claims linking two entities, in either direction.

    Raises:
        EntityNotFound: there is no path (the suggestion says so).
    """
    try:
        path = nx.shortest_path(undirected(graph), source, target)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        raise EntityNotFound(
            f"a path from {label(graph, source)} to {label(graph, target)}", ["(they are not connected)"]
        ) from None
    nodes = tuple(NodeRef(n, label(graph, n)) for n in path)
    edges = tuple(_edges_between(graph, a, b)[0] for a, b in itertools.pairwise(path))
    return Subgraph(nodes, edges)


def neighbors(graph: nx.MultiDiGraph, entity: str, depth: int = 1) -> Subgraph:
    """Everything within `depth` claims of `entity` (either direction), with every edge among them."""
    distance = nx.single_source_shortest_path_length(undirected(graph), entity, cutoff=max(0, depth))
    order = sorted(distance, key=lambda n: (distance[n], label(graph, n).casefold(), n))
    kept = set(order)
    edges = {
        EdgeRef(u, v, str(d.get("predicate")), str(d.get("modality") or "asserted"))
        for u in order
        for v, keyed in graph.succ[u].items()
        if v in kept
        for d in keyed.values()
    }
    rank = {n: i for i, n in enumerate(order)}
    sorted_edges = sorted(edges, key=lambda e: (min(rank[e.source], rank[e.target]), e.predicate, e.source, e.target))
    return Subgraph(tuple(NodeRef(n, label(graph, n)) for n in order), tuple(sorted_edges))


def central(graph: nx.MultiDiGraph, top: int = 10, by: str = "degree") -> list[Centrality]:
    """The `top` entities by degree (distinct neighbours) or betweenness, the other measure alongside;
    computed over the entities at least one claim touches.

    Betweenness is exact up to 2,000 nodes and estimated from 500 sampled sources beyond.
    """
    # Entities no claim touches (most of the lexicon) would only dilute betweenness.
    full = undirected(graph)
    simple = full.subgraph([n for n in full if full.degree(n) > 0])
    if simple.number_of_nodes() == 0:
        return []
    sample = None if simple.number_of_nodes() <= 2000 else 500
    between = nx.betweenness_centrality(simple, k=sample, seed=0 if sample else None)
    rows = [Centrality(n, label(graph, n), simple.degree(n), round(between[n], 6)) for n in simple]
    primary: Callable[[Centrality], tuple[float, float]] = (
        (lambda c: (c.betweenness, c.degree)) if by == "betweenness" else (lambda c: (c.degree, c.betweenness))
    )
    return sorted(rows, key=lambda c: (-primary(c)[0], -primary(c)[1], c.label.casefold()))[: max(0, top)]


# --- timeline


def _humanize(predicate: str) -> str:
    """`launchDate` → "launch", `returnedSamplesFrom` → "returned samples from"."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", predicate).lower().split()
    if len(words) > 1 and words[-1] == "date":
        words = words[:-1]
    return " ".join(words)


def timeline(store: GraphStore, entity: str | None = None) -> list[TimelineEvent]:
    """Dated claims (a date value, or a claim's point in time) in date order; negated claims left out.

    Each event is labelled "subject predicate object", with a mission's crew named after it; `modality`
    tells plans ("planned") from facts. With `entity`, only claims it takes part in (as subject, object,
    or crew member of the subject).
    """
    names = _names_only(store)
    crews = _crews(store)
    events = []
    for claim, s, p, o, m, date, dt, precision in _rows(store, TIMELINE_QUERY):
        if not (claim and s and p and m and date):
            continue
        if entity is not None and entity not in {s, o} and entity not in crews.get(s, ()):
            continue
        parts = [label(names, s), _humanize(local_name(p))]
        if o:
            parts.append(label(names, o))
        text = " ".join(parts)
        if crews.get(s):
            text += " (crew: " + ", ".join(sorted(label(names, c) for c in crews[s])) + ")"
        level = _PRECISIONS.get(precision or "") or _DATE_TYPES.get(dt or "", "")
        events.append(TimelineEvent(date, level, text, _modality(m), claim, s, local_name(p), o))
    unique = {(e.claim, e.date): e for e in events}
    # A crew member's flight on the day their craft launched is already told by the launch (with its crew).
    carried = {(member, e.date) for e in unique.values() for member in crews.get(e.subject, ())}
    kept = [e for e in unique.values() if not (e.predicate == "spaceflightDate" and (e.subject, e.date) in carried)]
    return sorted(kept, key=lambda e: (e.date, e.label.casefold(), e.claim))


def _crews(store: GraphStore) -> dict[str, set[str]]:
    query = """SELECT ?mission ?member WHERE {
      ?c sk:predicate sk:crewMemberOf ; sk:subject ?member ; sk:object ?mission ; sk:modality ?m .
      FILTER(?m != sk:Negated) }"""
    crews: dict[str, set[str]] = {}
    for mission, member in _rows(store, query):
        if mission and member:
            crews.setdefault(mission, set()).add(member)
    return crews
