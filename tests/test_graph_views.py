"""The networkx views: projection contract, name lookup, path, neighbours, timeline, centrality, and their CLI."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib.term import Node

from kg.cli import main
from kg.errors import EntityNotFound
from kg.store import MemoryStore
from kg.store.base import GraphStore, QueryResult
from kg.views import graph as views
from kg.vocab import RESOURCE, SK

NODE_ATTRS = {"label_en", "label_ar", "cls", "qid"}
EDGE_ATTRS = {"predicate", "modality", "quote", "article", "date", "claim"}


def r(local: str) -> str:
    return RESOURCE + local


@pytest.fixture()
def graph(query_store: GraphStore) -> nx.MultiDiGraph:
    return views.project(query_store)


def test_projection_contract(graph: nx.MultiDiGraph) -> None:
    assert graph.number_of_nodes() >= 25 and graph.number_of_edges() >= 25
    for _, attrs in graph.nodes(data=True):
        assert set(attrs) == NODE_ATTRS
    for _, _, key, attrs in graph.edges(keys=True, data=True):
        assert set(attrs) == EDGE_ATTRS and attrs["claim"] == key
        assert attrs["modality"] in {"asserted", "planned", "reported"}
    gagarin = graph.nodes[views.find_entity(graph, "Yuri Gagarin")]
    assert gagarin["cls"] == "Astronaut" and gagarin["qid"] == "Q7327" and gagarin["label_ar"]
    cnsa = views.find_entity(graph, "CNSA")
    assert graph.nodes[cnsa]["cls"] == "SpaceAgency"
    assert not any(str(n).startswith("https://w3id.org/spacekg/claim/") for n in graph)


def test_negated_claims_make_no_edge(graph: nx.MultiDiGraph) -> None:
    accords, russia = views.find_entity(graph, "Artemis Accords"), views.find_entity(graph, "Russia")
    forward = (graph.get_edge_data(accords, russia) or {}).values()
    between = [*forward, *(graph.get_edge_data(russia, accords) or {}).values()]
    assert all(e["predicate"] != "signatory" for e in between)


def test_edges_carry_evidence_and_planned_modality(graph: nx.MultiDiGraph) -> None:
    spacex, moon = views.find_entity(graph, "SpaceX"), views.find_entity(graph, "Moon")
    trip = next(e for e in graph.get_edge_data(spacex, moon).values() if e["predicate"] == "plannedTripTo")
    assert trip["modality"] == "planned" and trip["date"] == "2023" and "القمر" in trip["quote"]
    assert trip["article"].startswith("https://w3id.org/spacekg/article/")


class CountingStore:
    """A store without the pyoxigraph fast path that counts the queries it runs."""

    def __init__(self, inner: MemoryStore) -> None:
        self.inner, self.calls = inner, 0

    def query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        self.calls += 1
        return self.inner.query(sparql, bindings=bindings)


def test_projection_reads_with_two_selects_and_matches_rdflib(graph: nx.MultiDiGraph, query_store: GraphStore) -> None:
    memory = MemoryStore()
    memory.dataset().parse(data=query_store.export("nquads"), format="nquads")
    counting: Any = CountingStore(memory)
    other = views.project(counting)
    assert counting.calls == 2
    assert dict(other.nodes(data=True)) == dict(graph.nodes(data=True))
    assert sorted(other.edges(keys=True)) == sorted(graph.edges(keys=True))


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Roscosmos", "Roscosmos"),
        ("roscosmos", "Roscosmos"),
        ("روسكوزموس", "Roscosmos"),
        ("وكالة الفضاء الروسية", "Roscosmos"),  # skos:altLabel
        ("روسكوسموس", "Roscosmos"),  # skos:hiddenLabel, a misspelling seen in news
        ("ادارة الفضاء الوطنية الصينيه", "China National Space Administration"),  # hamza, taa marbuta folded
        ("CNSA", "China National Space Administration"),
        ("skr:NASA", "NASA"),
        (RESOURCE + "Mars", "Mars"),
        ("Tianwen 1", "Tianwen-1"),
        ("Rogozin", "Dmitry Rogozin"),
        ("Dmitri Rogozin", "Dmitry Rogozin"),  # fuzzy
    ],
)
def test_find_entity(graph: nx.MultiDiGraph, name: str, label: str) -> None:
    assert graph.nodes[views.find_entity(graph, name)]["label_en"] == label


def test_find_entity_in_a_store(query_store: GraphStore) -> None:
    assert views.find_entity(query_store, "إيلون ماسك") == r("Elon_Musk")


def test_unknown_entity_suggests(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(EntityNotFound) as info:
        views.find_entity(graph, "Zhang Kejan Jr")
    assert "Zhang Kejian" in info.value.suggestions
    with pytest.raises(EntityNotFound):
        views.find_entity(graph, "skr:Nowhere")


def test_path_zhang_to_rogozin(graph: nx.MultiDiGraph) -> None:
    zhang, rogozin = views.find_entity(graph, "Zhang Kejian"), views.find_entity(graph, "Dmitry Rogozin")
    path = views.shortest_path(graph, zhang, rogozin)
    assert 1 <= len(path.edges) <= 3
    assert path.nodes[0].label == "Zhang Kejian" and path.nodes[-1].label == "Dmitry Rogozin"
    for a, b, edge in zip(path.nodes, path.nodes[1:], path.edges, strict=False):
        assert {edge.source, edge.target} == {a.iri, b.iri}


def test_neighbors_of_cnsa(graph: nx.MultiDiGraph) -> None:
    around = views.neighbors(graph, views.find_entity(graph, "CNSA"))
    labels = {n.label for n in around.nodes}
    assert {"China", "Zhang Kejian"} <= labels
    assert around.nodes[0].iri == r("CNSA")
    two = views.neighbors(graph, r("CNSA"), depth=2)
    assert "Roscosmos" in {n.label for n in two.nodes} and len(two.nodes) > len(around.nodes)


def test_timeline(query_store: GraphStore) -> None:
    events = views.timeline(query_store)
    dates = [e.date for e in events]
    assert dates == sorted(dates)
    keys = ("Gagarin", "Shepard", "Tereshkova")
    first = {key: next(i for i, e in enumerate(events) if key in e.label) for key in keys}
    assert first["Gagarin"] < first["Shepard"] < first["Tereshkova"]
    assert events[first["Gagarin"]].date == "1961-04" and events[first["Shepard"]].date == "1961-05"
    luna = [e for e in events if e.label.startswith("Luna 25") and e.date == "2021-10-01"]
    assert luna and luna[0].modality == "planned" and luna[0].precision == "day"
    assert all(e.modality != "negated" for e in events)


def test_timeline_has_the_implied_1976_lander_and_the_2021_anniversary(query_store: GraphStore) -> None:
    """TQ3's two items no sentence states outright: "the first Russian lunar lander since 1976" implies
    an earlier one (unnamed: minted, inferred), and "Russia celebrates this year the 60th anniversary"
    dates the anniversary by the article's inferred year."""
    events = views.timeline(query_store)
    at = {key: next(i for i, e in enumerate(events) if key in e.label) for key in ("Tereshkova", "Luna 25")}
    lander = [i for i, e in enumerate(events) if e.date == "1976" and e.predicate == "landingDate"]
    anniversary = [i for i, e in enumerate(events) if e.predicate == "celebratesAnniversary"]
    assert len(lander) == 1 and len(anniversary) == 1
    assert at["Tereshkova"] < lander[0] < anniversary[0] < at["Luna 25"]
    landed, party = events[lander[0]], events[anniversary[0]]
    assert landed.precision == "year" and landed.modality == "asserted" and "Russia" in landed.label
    assert party.date == "2021" and party.precision == "year" and party.modality == "asserted"
    assert party.subject == r("Russia") and "anniversary" in party.label
    for event in (landed, party):
        ask = f"ASK {{ <{event.claim}> sk:inferred true ; sk:evidence/oa:exact ?quote ; sk:dateDerivation ?how }}"
        assert query_store.query(ask).boolean, event
    rows = query_store.query(
        f"SELECT ?cls ?p ?o ?conf WHERE {{ <{landed.subject}> a ?cls . "
        f"?c sk:subject <{landed.subject}> ; sk:predicate ?p ; sk:object ?o ; sk:confidence ?conf }}"
    ).rows
    assert {(str(c), str(p), str(o)) for c, p, o, _ in rows} == {
        (str(SK.Lander), str(SK.operator), r("Russia")),
        (str(SK.Lander), str(SK.target), r("Moon")),
    }
    assert all(float(str(conf)) <= 0.6 for *_, conf in rows)
    # implied, not named: the previous lander is no Luna of the lexicon, and the article does not mention it
    assert not landed.subject.startswith(r("Luna"))
    assert not query_store.query(f"ASK {{ ?a schema:mentions <{landed.subject}> }}").boolean


def test_timeline_of_one_entity(query_store: GraphStore) -> None:
    shepard = views.timeline(query_store, r("Alan_Shepard"))
    assert [e.date for e in shepard] == ["1961-05"]


def test_central(graph: nx.MultiDiGraph) -> None:
    top = views.central(graph, 8)
    assert len(top) == 8
    expected = {"Russia", "NASA", "China National Space Administration", "Roscosmos", "Moon", "China"}
    assert expected & {c.label for c in top}
    assert [c.degree for c in top] == sorted((c.degree for c in top), reverse=True)
    by_between = views.central(graph, 3, by="betweenness")
    assert by_between[0].betweenness >= by_between[-1].betweenness > 0


# --- the commands


def cli(store: Path, *argv: str) -> int:
    return main(["--store", str(store), "-q", *argv])


def test_cli_path(query_store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(query_store_dir, "path", "Zhang Kejian", "Dmitry Rogozin") == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("Zhang Kejian") and "Dmitry Rogozin" in out.splitlines()[0]
    assert cli(query_store_dir, "path", "Zhang Kejian", "Dmitry Rogozin", "--format", "json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"nodes", "edges"} and len(doc["edges"]) <= 3
    assert set(doc["nodes"][0]) == {"iri", "label"} and set(doc["edges"][0]) == {"source", "target", "predicate"}


def test_cli_neighbors(query_store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(query_store_dir, "neighbors", "CNSA", "-f", "json") == 0
    labels = {n["label"] for n in json.loads(capsys.readouterr().out)["nodes"]}
    assert {"China", "Zhang Kejian"} <= labels
    assert cli(query_store_dir, "neighbors", "الصين", "--depth", "2") == 0
    assert "Tianwen-1" in capsys.readouterr().out


def test_cli_timeline(query_store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(query_store_dir, "timeline") == 0
    lines = capsys.readouterr().out.splitlines()
    at = {key: next(i for i, line in enumerate(lines) if key in line) for key in ("Gagarin", "Shepard", "Tereshkova")}
    assert at["Gagarin"] < at["Shepard"] < at["Tereshkova"]
    luna = next(line for line in lines if "Luna 25" in line)
    assert luna.startswith("2021-10-01") and luna.rstrip().endswith("planned")
    assert cli(query_store_dir, "timeline", "--entity", "Yuri Gagarin", "-f", "json") == 0
    assert json.loads(capsys.readouterr().out) == [
        {"date": "1961-04", "precision": "month", "label": "Yuri Gagarin spaceflight", "modality": "asserted"}
    ]


def test_cli_central(query_store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(query_store_dir, "central", "--top", "3", "-f", "json") == 0
    ranked = json.loads(capsys.readouterr().out)
    assert len(ranked) == 3 and set(ranked[0]) == {"iri", "label", "degree", "betweenness"}


def test_cli_unknown_entity(query_store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(query_store_dir, "neighbors", "Zhang Kejan Jr") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did you mean" in err and "Zhang Kejian" in err
