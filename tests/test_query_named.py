"""Every query in queries/ runs on the test graph and answers what it promises; headers and parameters."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.errors import QueryError
from kg.paths import ARTICLES_DIR, QUERIES_DIR
from kg.query import NamedQuery, QueryResult, available, is_update, load, run, run_named
from kg.query.named import Param, parse_assignments, placeholder_default, sparql_term, substitute
from kg.store.base import GraphStore
from kg.vocab import RESOURCE

SEED_TEXT = (ARTICLES_DIR / "roscosmos-cnsa-lunar-station.ar.txt").read_text(encoding="utf-8").lstrip("\ufeff")


def col(result: QueryResult, name: str) -> list[str]:
    """A column as strings ('' for unbound)."""
    return ["" if t is None else str(t) for t in result.column(name)]


def locals_(result: QueryResult, name: str) -> set[str]:
    return {v[len(RESOURCE):] for v in col(result, name) if v.startswith(RESOURCE)}


def pairs(result: QueryResult, a: str, b: str) -> set[tuple[str, str]]:
    return set(zip(col(result, a), col(result, b), strict=True))


def by_label(result: QueryResult, key: str, value: str) -> dict[str, str]:
    return dict(zip(col(result, key), col(result, value), strict=True))


# --- what each query must answer on the seed slice


def _cq01(r: QueryResult) -> None:
    assert set(col(r, "orgLabel")) == {"Roscosmos", "China National Space Administration"}
    assert set(col(r, "stationLabel")) == {"International Lunar Research Station"}


def _cq02(r: QueryResult) -> None:
    assert {("Dmitry Rogozin", "Roscosmos"), ("Zhang Kejian", "China National Space Administration")} <= pairs(
        r, "personLabel", "agencyLabel"
    )


def _cq03(r: QueryResult) -> None:
    assert pairs(r, "agencyLabel", "countryLabel") >= {
        ("Roscosmos", "Russia"), ("China National Space Administration", "China"), ("NASA", "United States"),
    }


def _cq04(r: QueryResult) -> None:
    got = pairs(r, "thingLabel", "operatorLabel")
    assert {("Tianwen-1", "China"), ("Mercury-Redstone 3", "NASA"), ("Perseverance", "NASA"),
            ("Artemis program", "NASA")} <= got
    assert ("Luna 25", "Russia") in got or ("Luna 25", "Roscosmos") in got


def _cq05(r: QueryResult) -> None:
    dates = by_label(r, "subjectLabel", "date")
    assert dates["Luna 25"] == "2021-10-01"
    assert dates["Artemis program"] == "2024"
    assert dates["SpaceX"] == "2023"
    luna = r.column("date")[col(r, "subjectLabel").index("Luna 25")]
    assert isinstance(luna, Literal) and str(luna.datatype).endswith("#date")


def _cq06(r: QueryResult) -> None:
    assert {("Yuri Gagarin", "1961-04"), ("Valentina Tereshkova", "1963")} <= pairs(r, "personLabel", "date")
    assert all(d.startswith("196") for d in col(r, "date"))


def _cq06_shepard(r: QueryResult) -> None:
    _cq06(r)
    assert ("Alan Shepard", "1961-05") in pairs(r, "personLabel", "date")


def _cq07(r: QueryResult) -> None:
    assert col(r, "craftLabel") == ["Tianwen-1"]
    assert col(r, "operatorLabel")[0] in {"China", "China National Space Administration"}
    assert col(r, "date") == ["2020"]


def _cq08(r: QueryResult) -> None:
    assert pairs(r, "countryLabel", "agreementLabel") == {("Russia", "Artemis Accords")}
    assert "لم توقع" in col(r, "quote")[0]


def _cq09(r: QueryResult) -> None:
    speakers = set(col(r, "speakerLabel"))
    assert {"Dmitry Rogozin", "China National Space Administration"} <= speakers
    assert "Chen Lan" in speakers or "تشين لان" in speakers
    assert "The Guardian" in col(r, "outletLabel")
    assert "كتب" in col(r, "verb")


def _cq10(r: QueryResult) -> None:
    assert col(r, "date") == ["2021"]
    assert col(r, "inferred") == ["true"]


def _cq11(r: QueryResult) -> None:
    assert set(col(r, "subjectLabel")) == {"China"}
    assert "Moon" in col(r, "objectLabel")
    assert all(d.startswith("2020-12") for d in col(r, "date"))


def _cq12(r: QueryResult) -> None:
    assert col(r, "companyLabel") == ["SpaceX"]
    assert col(r, "date") == ["2020"]
    assert col(r, "ownerLabel") == ["Elon Musk"]
    assert col(r, "stationLabel") == ["International Space Station"]


def _cq13(r: QueryResult) -> None:
    assert len(r.rows) >= 1
    for row in r.dicts():
        start, end, quote = int(row["start"]), int(row["end"]), str(row["quote"])
        assert SEED_TEXT[start:end] == quote
        assert quote in str(row["sentenceText"])
        assert str(row["article"]).startswith("https://w3id.org/spacekg/article/")


def _cq14(r: QueryResult) -> None:
    assert pairs(r, "inviterLabel", "inviteeLabel") == {("Dmitry Rogozin", "Zhang Kejian")}
    assert col(r, "toLabel") == ["Luna 25"]


def _cq15(r: QueryResult) -> None:
    assert set(col(r, "programLabel")) == {"Artemis program"}
    assert set(col(r, "presidentLabel")) == {"Donald Trump"}
    assert "2024" in col(r, "goalDate")
    assert any("بحلول عام 2024" in q for q in col(r, "goalQuote"))


def _has(column: str, *values: str) -> Callable[[QueryResult], None]:
    def check(r: QueryResult) -> None:
        got = set(col(r, column)) | locals_(r, column)
        assert set(values) <= got, f"{column}: {sorted(got)}"

    return check


def _entity_card(r: QueryResult) -> None:
    fields = by_label(r, "field", "value")
    assert fields["sameAs"] == "http://www.wikidata.org/entity/Q190795"
    assert {"type", "label", "altLabel", "country", "^headOf"} <= set(fields)
    assert ("country", "Russia") in pairs(r, "field", "valueLabel")


def _claims_about(r: QueryResult) -> None:
    assert {"country", "headOf", "signatory"} <= {p.rsplit("#", 1)[1] for p in col(r, "predicate")}
    for row in r.dicts():
        assert SEED_TEXT[int(row["start"]):int(row["end"])] == str(row["quote"])


def _planned_vs_happened(r: QueryResult) -> None:
    assert ("Luna 25", "2021-10-01") in pairs(r, "subjectLabel", "plannedDate")
    assert set(col(r, "happened")) <= {"true", "false"}


def _unlinked(r: QueryResult) -> None:
    minted = [e for e, m in zip(col(r, "entity"), col(r, "minted"), strict=True) if m == "true"]
    assert len(minted) >= 1 and all("/new-" in e for e in minted)
    assert "Zhang_Kejian" in locals_(r, "entity")
    assert "Roscosmos" not in locals_(r, "entity")


def _agreements(r: QueryResult) -> None:
    rows = {(a, p, m.rsplit("#", 1)[1]) for a, p, m in zip(
        col(r, "agreementLabel"), col(r, "partyLabel"), col(r, "modality"), strict=True)}
    assert ("Artemis Accords", "Russia", "Negated") in rows
    assert {p for _, p, m in rows if m != "Negated"} >= {"Roscosmos", "China National Space Administration"}


def _firsts(r: QueryResult) -> None:
    assert r.rows and all("أول" in q for q in col(r, "quote"))
    assert "Artemis program" in col(r, "subjectLabel")


def _contributions(r: QueryResult) -> None:
    row = r.dicts()[0]
    total = int(row["claims"])
    parts = sum(int(row[k]) for k in ("asserted", "planned", "negated", "reported"))
    assert total >= 30 and parts == total and int(row["negated"]) >= 1 and int(row["sentences"]) >= 15


def _by_type(r: QueryResult) -> None:
    counts = {k.rsplit("#", 1)[1]: int(v) for k, v in pairs(r, "type", "entities")}
    assert counts["SpaceAgency"] >= 3 and counts["Country"] >= 3 and "Claim" not in counts


def _rules(r: QueryResult) -> None:
    assert r.rows and all(int(c) >= 1 for c in col(r, "claims"))
    assert all(0 < float(m) <= 1 for m in col(r, "meanConfidence"))


def _sentences(r: QueryResult) -> None:
    teaser = [t for t, b in zip(col(r, "text"), col(r, "boilerplate"), strict=True) if b == "true"]
    assert any(t.startswith("اقرأ ايضا") for t in teaser)


def _mentions(r: QueryResult) -> None:
    counts = by_label(r, "entityLabel", "claims")
    assert int(counts["Roscosmos"]) >= 3 and int(counts["NASA"]) >= 3


def _inferred(r: QueryResult) -> None:
    # The seed slice holds one inferred claim; a real build may hold none, but each must name its rule.
    assert all(col(r, "rule")) and all(0 < float(c) <= 1 for c in col(r, "confidence"))
    assert all(p.startswith("https://w3id.org/spacekg/ontology#") for p in col(r, "predicate"))


def _low_confidence(r: QueryResult) -> None:
    assert r.rows and all(float(c) < 0.7 for c in col(r, "confidence"))


def _evidence_check(r: QueryResult) -> None:
    assert r.rows == ()  # every claim has evidence whose offsets span its quote


def _provenance(r: QueryResult) -> None:
    row = r.dicts()[0]
    assert SEED_TEXT[int(row["start"]):int(row["end"])] == str(row["quote"])
    assert str(row["file"]) == "roscosmos-cnsa-lunar-station.ar.txt"


def _rows_empty(r: QueryResult) -> None:
    assert r.rows == ()


def _spacecraft_targets(r: QueryResult) -> None:
    got = {(c, rel, d) for c, rel, d in zip(
        col(r, "craftLabel"), col(r, "relation"), col(r, "destinationLabel"), strict=True)}
    assert {("Tianwen-1", "orbits", "Mars"), ("Luna 25", "target", "Moon")} <= got


def _claims_by_speaker(r: QueryResult) -> None:
    assert "Zhang_Kejian" in locals_(r, "object")
    assert set(col(r, "verb")) == {"كتب"}


def _claims_by_outlet(r: QueryResult) -> None:
    direct = [p for p, d in zip(col(r, "predicate"), col(r, "direct"), strict=True) if d == "true"]
    assert any(p.endswith("#said") for p in direct)


CLAIM_ABOUT_SIGNING = "claim"  # filled in from cq13 at run time

EXPECTED: dict[str, tuple[dict[str, str], Callable[[QueryResult], None]]] = {
    "cq01": ({}, _cq01),
    "cq02": ({}, _cq02),
    "cq03": ({}, _cq03),
    "cq04": ({}, _cq04),
    "cq05": ({}, _cq05),
    "cq06": ({}, _cq06_shepard),
    "cq07": ({}, _cq07),
    "cq08": ({}, _cq08),
    "cq09": ({}, _cq09),
    "cq10": ({}, _cq10),
    "cq11": ({}, _cq11),
    "cq12": ({}, _cq12),
    "cq13": ({}, _cq13),
    "cq14": ({}, _cq14),
    "cq15": ({}, _cq15),
    "entity-card": ({}, _entity_card),
    "claims-about": ({"entity": "skr:Roscosmos"}, _claims_about),
    "claims-by-speaker": ({}, _claims_by_speaker),
    "claims-by-outlet": ({}, _claims_by_outlet),
    "planned-vs-happened": ({}, _planned_vs_happened),
    "negated-claims": ({}, _has("objectLabel", "Russia")),
    "unlinked-entities": ({}, _unlinked),
    "agreements-parties": ({}, _agreements),
    "firsts": ({}, _firsts),
    "article-contributions": ({}, _contributions),
    "entities-by-type": ({}, _by_type),
    "wikidata-links": ({}, _has("qid", "http://www.wikidata.org/entity/Q190795", "http://www.wikidata.org/entity/Q111")),
    "dates-timeline": ({}, _has("date", "1961-04", "1963", "2020-12", "2021-10-01", "2024")),
    "missions-by-operator": ({}, _has("thingLabel", "Tianwen-1", "Perseverance", "Luna 25")),
    "heads-of-organizations": ({}, _has("countryLabel", "Russia", "China")),
    "orbiting-spacecraft": ({}, _has("craftLabel", "Tianwen-1", "Perseverance")),
    "inferred-claims": ({}, _inferred),
    "low-confidence-claims": ({}, _low_confidence),
    "rules-fired": ({}, _rules),
    "sentences-without-claims": ({}, _sentences),
    "entity-mentions-per-article": ({}, _mentions),
    "country-of-organizations": ({}, _has("orgLabel", "SpaceX", "The Guardian", "Roscosmos")),
    "spacecraft-targets": ({}, _spacecraft_targets),
    "reported-speech": ({}, _has("speakerLabel", "Dmitry Rogozin", "China National Space Administration")),
    "labels-missing-arabic": ({}, _rows_empty),
    "labels-missing-english": ({}, _has("labelAr", "تشين لان")),
    "same-as-conflicts": ({}, _rows_empty),
    "evidence-check": ({}, _evidence_check),
    "people": ({}, _has("role", "headOf", "spaceflightDate", "crewMemberOf")),
    "deadlines": ({}, _has("deadline", "2024")),
    "articles": ({}, _has("file", "roscosmos-cnsa-lunar-station.ar.txt")),
    "claim-provenance": ({"claim": "@cq13"}, _provenance),
}


def test_every_query_has_an_expectation() -> None:
    assert set(available()) == set(EXPECTED), "add an expectation for each new query in queries/"
    assert len([n for n in available() if not n.startswith("cq")]) >= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_answers(name: str, query_store: GraphStore) -> None:
    params, check = EXPECTED[name]
    if params.get("claim") == "@cq13":
        params = {"claim": f"<{run_named('cq13', store=query_store).column('claim')[0]}>"}
    result = run_named(name, params, store=query_store)
    assert result.kind == "select"
    check(result)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_header(name: str, query_store: GraphStore) -> None:
    query = load(name)
    assert query.title and query.question_en and query.question_ar, "title and questions in both languages"
    assert any("\u0600" <= ch <= "\u06ff" for ch in query.question_ar)
    result = run(query.text, store=query_store, name=name)
    assert [c for c, _ in query.columns] == list(result.variables), "# columns: lists the result columns in order"
    for param in query.params:
        assert placeholder_default(query.text, param.name) == param.default


def test_entity_card_takes_an_entity(query_store: GraphStore) -> None:
    nasa = run_named("entity-card", {"entity": "skr:NASA"}, store=query_store)
    assert ("country", "United States") in pairs(nasa, "field", "valueLabel")


def test_month_parameter(query_store: GraphStore) -> None:
    assert run_named("cq11", {"month": "2021-10"}, store=query_store).column("date") == [
        Literal("2021-10-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))
    ]


def test_no_plain_triple_says_russia_signed_the_artemis_accords(query_store: GraphStore) -> None:
    accords = run("SELECT ?a WHERE { ?a rdfs:label \"Artemis Accords\"@en }", store=query_store).column("a")
    assert accords
    for a in accords:
        ask = f"ASK {{ {{ <{a}> sk:signatory skr:Russia }} UNION {{ skr:Russia sk:signatory <{a}> }} }}"
        assert run(ask, store=query_store).boolean is False


# --- headers and parameters


def test_header_parsing() -> None:
    text = (QUERIES_DIR / "entity-card.rq").read_text(encoding="utf-8")
    q = NamedQuery.from_text("entity-card", text)
    assert q.title == "Entity card"
    assert q.params == (Param("entity", "skr:Roscosmos"),)
    assert q.columns[0][0] == "field"


def test_substitute_values_and_bind() -> None:
    text = 'SELECT * { VALUES ?e { skr:A } BIND("x" AS ?m) ?e ?p ?m }'
    assert "VALUES ?e { <http://b> }" in substitute(text, "e", "<http://b>")
    assert 'BIND("2020" AS ?m)' in substitute(text, "m", '"2020"')
    with pytest.raises(QueryError, match=r"no VALUES \?zz"):
        substitute(text, "zz", "1")


@pytest.mark.parametrize(
    ("value", "default", "expected"),
    [
        ("skr:NASA", "skr:Roscosmos", "<https://w3id.org/spacekg/resource/NASA>"),
        ("https://example.org/x", "skr:Roscosmos", "<https://example.org/x>"),
        ("2020-12", '"2020-12"', '"2020-12"'),
        ('he said "hi"', '"x"', '"he said \\"hi\\""'),
        ("0.5", "0.7", "0.5"),
        ('"قمر"@ar', '"x"', '"قمر"@ar'),
    ],
)
def test_sparql_term(value: str, default: str, expected: str) -> None:
    assert sparql_term(value, Param("p", default)) == expected


@pytest.mark.parametrize(("value", "default"), [("Roscosmos", "skr:Roscosmos"), ("lots", "0.7")])
def test_sparql_term_refuses(value: str, default: str) -> None:
    with pytest.raises(QueryError):
        sparql_term(value, Param("p", default))


def test_unknown_parameter_and_bad_assignment() -> None:
    with pytest.raises(QueryError, match=r"unknown parameter 'nope'.*entity"):
        load("entity-card").with_params({"nope": "1"})
    with pytest.raises(QueryError, match="name=value"):
        parse_assignments(["novalue"])


def test_unknown_query_suggests_names() -> None:
    with pytest.raises(QueryError, match="did you mean: cq05"):
        load("cq055")
    with pytest.raises(QueryError, match="entity-card"):
        load("entity-crad")


def test_query_from_a_file(tmp_path: Path, query_store: GraphStore) -> None:
    path = tmp_path / "mine.rq"
    path.write_text("# title: mine\nSELECT ?c WHERE { ?c a sk:Country }", encoding="utf-8")
    q = load(str(path))
    assert q.name == "mine" and q.title == "mine"
    assert len(run(q.text, store=query_store).rows) >= 4


def test_update_is_refused(query_store: GraphStore) -> None:
    assert is_update("PREFIX a: <x:>\n# c\nDELETE WHERE { ?s ?p ?o }")
    assert not is_update('SELECT * { ?s ?p "INSERT" }')
    with pytest.raises(QueryError, match="SPARQL Update"):
        run("INSERT DATA { <x:a> <x:b> <x:c> }", store=query_store)


def test_malformed_query_is_one_line_with_position(query_store: GraphStore) -> None:
    with pytest.raises(QueryError) as info:
        run("SELECT ?x WHERE {\n  ?x ?p }", store=query_store, name="adhoc")
    message = str(info.value)
    assert "\n" not in message and "line 2, column" in message and message.startswith("adhoc: ")


def test_cq15_sorts_programs_without_a_goal_or_an_english_label(tmp_path: Path) -> None:
    """rdflib's ORDER BY once failed (None < tuple) when some rows had no goal date: cq15 must answer on
    every store whether or not a program has a goal or an English label."""
    from rdflib import Graph

    from kg.store import MemoryStore, OxigraphStore

    data = """
    @prefix sk: <https://w3id.org/spacekg/ontology#> . @prefix skr: <https://w3id.org/spacekg/resource/> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    skr:c1 sk:predicate sk:announcementDate ; sk:subject skr:P1 ; sk:objectValue "2020"^^xsd:gYear ;
        sk:modality sk:Asserted .
    skr:c2 sk:predicate sk:announcedDuringTermOf ; sk:subject skr:P1 ; sk:object skr:T ; sk:modality sk:Asserted .
    skr:c3 sk:subject skr:P1 ; sk:modality sk:Planned ; sk:objectValue "2024"^^xsd:gYear .
    skr:c4 sk:predicate sk:announcementDate ; sk:subject skr:P2 ; sk:objectValue "2020"^^xsd:gYear ;
        sk:modality sk:Asserted .
    skr:c5 sk:predicate sk:announcedDuringTermOf ; sk:subject skr:P2 ; sk:object skr:T ; sk:modality sk:Asserted .
    skr:P1 rdfs:label "Program one"@en . skr:P2 rdfs:label "برنامج"@ar . skr:T rdfs:label "A president"@en .
    """
    triples = list(Graph().parse(data=data, format="turtle"))
    for store in (MemoryStore(), OxigraphStore(tmp_path / "store", writable=True)):
        store.replace_graph(URIRef("https://w3id.org/spacekg/graph/article/t"), triples)
        result = run_named("cq15", store=store)
        assert locals_(result, "program") == {"P1", "P2"}
        dates = {str(row[0]).rsplit("/", 1)[-1]: row for row in result.rows}
        assert str(dict(zip(result.variables, dates["P1"], strict=True))["goalDate"]) == "2024"
        assert dict(zip(result.variables, dates["P2"], strict=True))["goalDate"] is None
