"""The HTML page as text (no browser): self-contained, counts, escaping, the left-out banner, --focus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import EntityNotFound, InputError
from kg.views.html import render_html, write_html

R = "https://w3id.org/spacekg/resource/"
ARTICLE = "https://w3id.org/spacekg/article/0f3a9c"
EVIL = "<script>alert(1)</script>\"'"
RLO = "\u202e"
ROGOZIN_QUOTE = "ديمتري روغوزين رئيس وكالة روسكوزموس"


def small_graph() -> nx.MultiDiGraph:
    """Twelve entities, twelve claims: a planned and a reported one, hostile labels and quotes.

    Shaped like `kg.views.graph.project`'s output: missing labels, QIDs and dates are None, and the
    alternative names sit in `graph.graph["names"]`.
    """
    g = nx.MultiDiGraph()
    for key, en, ar, cls, qid in [
        ("Roscosmos", "Roscosmos", "روسكوزموس", "SpaceAgency", "Q190795"),
        ("NASA", "NASA", "ناسا", "SpaceAgency", "Q23548"),
        ("CNSA", "CNSA", "إدارة الفضاء الوطنية الصينية", "SpaceAgency", ""),
        ("Russia", "Russia", "روسيا", "Country", "Q159"),
        ("China", "China", "الصين", "Country", "Q148"),
        ("Dmitry_Rogozin", "Dmitry Rogozin", "دميتري روغوزين", "Person", ""),
        ("ILRS", "International Lunar Research Station", "محطة البحث العلمي القمرية الدولية",
         "SpaceStation", ""),
        ("Moon", "Moon", "القمر", "CelestialBody", "Q405"),
        ("The_Guardian", "The Guardian", "الغارديان", "Newspaper", ""),
        ("Mars", "Mars", None, "Planet", "Q111"),
        ("Evil", EVIL, EVIL, "Person", ""),
        ("Flipped", "abc" + RLO + "def", "نص" + RLO + "معكوس", "Mission", ""),
    ]:
        g.add_node(R + key, label_en=en, label_ar=ar, cls=cls, qid=qid or None)
    g.graph["names"] = {R + "Roscosmos": ("Russian Federal Space Agency", "وكالة الفضاء الروسية", "روسكوسموس")}
    for u, v, pred, modality, quote, date in [
        ("Roscosmos", "Russia", "country", "asserted", "وكالة الفضاء الروسية روسكوزموس", ""),
        ("CNSA", "China", "country", "asserted", "إدارة الفضاء الوطنية الصينية", ""),
        ("Dmitry_Rogozin", "Roscosmos", "headOf", "asserted", ROGOZIN_QUOTE, "2021-03-09"),
        ("Roscosmos", "ILRS", "signatory", "planned", "ستوقع روسكوزموس اتفاقية", "2021"),
        ("CNSA", "ILRS", "signatory", "planned", "ستوقع الصين", "2021"),
        ("ILRS", "Moon", "locatedOn", "planned", "على سطح القمر", ""),
        ("Roscosmos", "NASA", "partner", "reported", "</script><script>alert(2)</script>", "2020-06"),
        ("Roscosmos", "NASA", "partner", "asserted", "تعاون", ""),
        ("NASA", "Roscosmos", "partner", "asserted", "تعاون", ""),
        ("Evil", "Flipped", "about", "asserted", "quote with " + RLO + " inside", ""),
        ("The_Guardian", "Dmitry_Rogozin", "about", "asserted", "نقلت صحيفة الغارديان", ""),
        ("NASA", "Mars", "target", "asserted", "ناسا إلى المريخ", ""),
    ]:
        g.add_edge(R + u, R + v, predicate=pred, modality=modality, quote=quote, article=ARTICLE,
                   date=date or None, claim=f"https://w3id.org/spacekg/claim/0f3a9c-{u}-{pred}-{v}-{modality}")
    return g


def page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="spacekg-data">(.*?)</script>', page, re.S)
    assert match, "the page embeds its data as one JSON script"
    data: dict = json.loads(match.group(1))
    return data


def outside_data(page: str) -> str:
    """The page without its JSON data block, where IRIs legitimately appear as values."""
    return re.sub(r'(<script type="application/json" id="spacekg-data">).*?(</script>)', r"\1\2", page,
                  flags=re.S)


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return small_graph()


@pytest.fixture(scope="module")
def page_ar(graph: nx.MultiDiGraph) -> str:
    return render_html(graph, lang="ar")


def test_nothing_is_fetched_from_outside_the_file(page_ar: str) -> None:
    rest = outside_data(page_ar)
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", rest, re.I)
    css = "".join(re.findall(r"<style>(.*?)</style>", page_ar, re.S))
    assert "url(" in css and not re.search(r"""url\(\s*(?!["']?data:)""", css), "CSS: only data: URLs"
    assert "node_modules" not in page_ar
    assert "sourceMappingURL" not in page_ar
    assert not re.search(r"<link\b|@import|<iframe\b|\bintegrity=", rest, re.I)
    assert not re.search(r"<script[^>]*\bsrc=", page_ar, re.I), "every script is inline"
    assert "bootstrap" not in page_ar.lower()


def test_html_root_carries_language_and_direction(graph: nx.MultiDiGraph, page_ar: str) -> None:
    assert '<html lang="ar" dir="rtl">' in page_ar
    assert '<html lang="en" dir="ltr">' in render_html(graph, lang="en")


def test_counts_are_embedded(graph: nx.MultiDiGraph, page_ar: str) -> None:
    data = page_data(page_ar)
    assert len(data["nodes"]) == graph.number_of_nodes() == 12
    assert len(data["edges"]) == graph.number_of_edges() == 12
    assert 'data-node-count="12"' in page_ar and 'data-edge-count="12"' in page_ar
    assert 'id="banner" role="alert" hidden' in page_ar, "nothing left out, so no banner"


def test_labels_in_both_languages(page_ar: str) -> None:
    nodes = {n["id"]: n for n in page_data(page_ar)["nodes"]}
    roscosmos = nodes[R + "Roscosmos"]
    assert (roscosmos["label"], roscosmos["lbl_ar"], roscosmos["lbl_en"]) == ("روسكوزموس", "روسكوزموس",
                                                                               "Roscosmos")
    assert "Roscosmos" in roscosmos["title"] and "Q190795" in roscosmos["title"]
    assert nodes[R + "Mars"]["label"] == "Mars", "no Arabic label: fall back to the English one"
    shapes = {nodes[R + k]["shape"] for k in ("Roscosmos", "Russia", "Dmitry_Rogozin")}
    assert len(shapes) == 3, "classes differ in shape"


def test_edges_show_predicate_modality_and_evidence(page_ar: str) -> None:
    edges = page_data(page_ar)["edges"]
    head = next(e for e in edges if e["pred"] == "headOf")
    assert head["lbl_en"] == "head of" and head["lbl_ar"] == "يرأس" and head["label"] == "يرأس"
    assert ROGOZIN_QUOTE in head["title"] and ARTICLE in head["title"] and "2021-03-09" in head["title"]
    planned = [e for e in edges if e["mod"] == "planned"]
    assert planned and all(e["dashes"] for e in planned)
    assert all(not e["dashes"] for e in edges if e["mod"] != "planned")
    reported = next(e for e in edges if e["mod"] == "reported")
    assert "⟨reported⟩" in reported["lbl_en"] and reported["color"]["color"] != head["color"]["color"]
    bent = [e for e in edges if e["pred"] == "partner"]
    assert sum("smooth" in e for e in bent) == 2, "parallel edges between one pair are drawn apart"


def test_hostile_text_is_escaped(page_ar: str) -> None:
    assert "<script>alert(" not in page_ar
    assert "</script><script>" not in page_ar
    assert RLO not in page_ar, "bidi override controls are dropped"
    nodes = {n["id"]: n for n in page_data(page_ar)["nodes"]}
    assert nodes[R + "Evil"]["label"] == EVIL, "escaped in the page, intact once parsed"
    assert nodes[R + "Flipped"]["lbl_en"] == "abcdef"


def test_title_is_escaped(graph: nx.MultiDiGraph) -> None:
    page = render_html(graph, title="<b>spacekg</b> & co")
    assert "<title>&lt;b&gt;spacekg&lt;/b&gt; &amp; co</title>" in page


def test_max_nodes_keeps_the_best_connected_and_says_so(graph: nx.MultiDiGraph) -> None:
    page = render_html(graph, lang="en", max_nodes=5)
    data = page_data(page)
    kept = {n["id"] for n in data["nodes"]}
    assert len(kept) == 5 and R + "Roscosmos" in kept and R + "NASA" in kept
    assert all(e["from"] in kept and e["to"] in kept for e in data["edges"])
    assert 'data-node-count="5"' in page and 'data-total-nodes="12"' in page
    assert "showing 5 of 12 nodes; 7 left out (use --focus" in page
    assert "يُعرض 5 من 12 عقدة" in render_html(graph, lang="ar", max_nodes=5)


def test_focus_keeps_the_neighbourhood(graph: nx.MultiDiGraph) -> None:
    page = render_html(graph, lang="en", focus="روسكوزموس", depth=1)
    data = page_data(page)
    assert {n["id"] for n in data["nodes"]} == {R + k for k in ("Roscosmos", "Russia", "Dmitry_Rogozin",
                                                                 "ILRS", "NASA")}
    assert data["focus"] == R + "Roscosmos"
    assert "showing 5 of 12 nodes: the neighbourhood of “Roscosmos” within 1 steps" in page
    wider = page_data(render_html(graph, focus="roscosmos", depth=2))
    assert {R + "Moon", R + "Mars", R + "CNSA", R + "The_Guardian"} <= {n["id"] for n in wider["nodes"]}


def test_focus_accepts_iri_and_qid_and_respects_max_nodes(graph: nx.MultiDiGraph) -> None:
    assert page_data(render_html(graph, focus=R + "NASA", depth=0))["focus"] == R + "NASA"
    page = render_html(graph, lang="en", focus="Q190795", depth=3, max_nodes=3)
    data = page_data(page)
    assert len(data["nodes"]) == 3 and data["nodes"][0]["id"] == R + "Roscosmos"
    assert "more left out by --max-nodes 3" in page


def test_focus_by_alternative_name(graph: nx.MultiDiGraph) -> None:
    data = page_data(render_html(graph, focus="وكالة الفضاء الروسية", depth=0))
    assert data["focus"] == R + "Roscosmos" and len(data["nodes"]) == 1
    assert "Russian Federal Space Agency" in data["nodes"][0]["alts"], "the page searches them too"


def test_unknown_focus_suggests_names(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(EntityNotFound) as err:
        render_html(graph, focus="Roscosmoss")
    assert "Roscosmos" in err.value.suggestions


@pytest.mark.parametrize("kw", [{"lang": "fr"}, {"max_nodes": 0}, {"depth": -1}])
def test_bad_arguments_are_input_errors(graph: nx.MultiDiGraph, kw: dict) -> None:
    with pytest.raises(InputError):
        render_html(graph, **kw)


def test_empty_graph_renders() -> None:
    page = render_html(nx.MultiDiGraph())
    assert 'data-node-count="0"' in page and page_data(page)["nodes"] == []


def test_output_is_deterministic_and_written(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    out = write_html(tmp_path / "out" / "graph.html", graph, lang="en")
    assert out.read_text(encoding="utf-8") == render_html(graph, lang="en")
