"""SHACL validation: a small graph written per docs/rdf-model.md conforms; each broken variant fails."""

from __future__ import annotations

import doctest

import pytest
from rdflib import RDFS, Dataset, Graph, Literal, URIRef

import kg.validate
from kg.errors import ValidationFailed
from kg.iris import LEXICON_GRAPH, article_graph
from kg.validate import ValidationReport, validate
from kg.vocab import PREFIXES, RESOURCE, SK

_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

# A claim, its evidence, its sentence, its article, and the entities it names (docs/rdf-model.md).
CONFORMING = """
skr:Roscosmos a sk:SpaceAgency ;
    rdfs:label "Roscosmos"@en , "روسكوزموس"@ar ;
    skos:altLabel "وكالة الفضاء الروسية"@ar , "روس كوزموس"@ar ;
    owl:sameAs wd:Q190795 .
skr:Russia a sk:Country ; rdfs:label "Russia"@en , "روسيا"@ar ; sk:demonym "روسي"@ar ; owl:sameAs wd:Q159 .
skr:new-Person-ab12 a sk:Person ; rdfs:label "تشين لان"@ar ; sk:unlinked true .

ska:a1 a sk:Article ; schema:identifier "a1" ; sk:fileName "x.ar.txt" ;
    sk:sha256 "0000000000000000000000000000000000000000000000000000000000000000" ;
    schema:inLanguage "ar" ; sk:extractorVersion "0.1.0" ;
    sk:published "2021"^^xsd:gYear ; sk:publishedPrecision sk:YearPrecision ;
    sk:publishedDerivation "inferred: 60th anniversary" ; sk:publishedInferred true .
<https://w3id.org/spacekg/article/a1/sentence/0> a sk:Sentence ; sk:inArticle ska:a1 ;
    sk:sentenceIndex 0 ; oa:start 0 ; oa:end 30 ; oa:exact "وكالة الفضاء الروسية Roscosmos" .

skc:a1-c1 a sk:Claim ;
    sk:subject skr:Roscosmos ; sk:predicate sk:country ; sk:object skr:Russia ;
    sk:modality sk:Asserted ; sk:pointInTime "2020"^^xsd:gYear ; sk:datePrecision sk:YearPrecision ;
    sk:dateDerivation "explicit year" ;
    prov:wasAttributedTo skr:new-Person-ab12 ; sk:speechVerb "قال" ;
    sk:rule "country.nisba" ; sk:confidence 0.9 ;
    sk:inArticle ska:a1 ; sk:inSentence <https://w3id.org/spacekg/article/a1/sentence/0> ;
    prov:wasDerivedFrom ska:a1 ; sk:evidence skc:a1-c1-evidence .
skc:a1-c1-evidence a sk:Evidence , oa:TextPositionSelector , oa:TextQuoteSelector ;
    oa:start 0 ; oa:end 30 ; oa:exact "وكالة الفضاء الروسية Roscosmos" ; sk:inArticle ska:a1 .
skr:Roscosmos sk:country skr:Russia .
"""


def _graph(update: str = "") -> Graph:
    g = Graph()
    g.update(f"{_PREFIXES}INSERT DATA {{ {CONFORMING} }}")
    if update:
        g.update(_PREFIXES + update)
    return g


def test_conforming_graph_conforms() -> None:
    report = validate(_graph())
    assert report.conforms, report.text
    assert report.results == ()
    assert report.text == "the graph conforms to the shapes"
    report.raise_for_failure()


CLAIM = "skc:a1-c1"
BROKEN = [
    pytest.param(
        f'INSERT DATA {{ {CLAIM} sk:objectValue "2020"^^xsd:gYear }}',
        CLAIM,
        "a claim has exactly one of sk:object (an entity) or sk:objectValue (a value)",
        id="object-and-objectValue",
    ),
    pytest.param(
        f"DELETE WHERE {{ {CLAIM} sk:object ?o }}",
        CLAIM,
        "a claim has exactly one of sk:object (an entity) or sk:objectValue (a value)",
        id="neither-object-nor-value",
    ),
    pytest.param(
        f"DELETE {{ {CLAIM} sk:modality ?m }} INSERT {{ {CLAIM} sk:modality sk:Rumoured }} "
        f"WHERE {{ {CLAIM} sk:modality ?m }}",
        CLAIM,
        "a claim has exactly one sk:modality, one of sk:Asserted, sk:Planned, sk:Negated, sk:Reported",
        id="modality-not-in-list",
    ),
    pytest.param(
        f"DELETE WHERE {{ {CLAIM} sk:modality ?m }}",
        CLAIM,
        "a claim has exactly one sk:modality, one of sk:Asserted, sk:Planned, sk:Negated, sk:Reported",
        id="modality-missing",
    ),
    pytest.param(
        "DELETE { ?e oa:start ?s } INSERT { ?e oa:start -3 } WHERE { ?e a sk:Evidence ; oa:start ?s }",
        f"{CLAIM}-evidence",
        "exactly one oa:start, a non-negative integer not greater than oa:end",
        id="negative-offset",
    ),
    pytest.param(
        "DELETE { ?e oa:start ?x } INSERT { ?e oa:start 31 } WHERE { ?e a sk:Evidence ; oa:start ?x }",
        f"{CLAIM}-evidence",
        "exactly one oa:start, a non-negative integer not greater than oa:end",
        id="end-before-start",
    ),
    pytest.param(
        f"DELETE {{ {CLAIM} sk:confidence ?c }} INSERT {{ {CLAIM} sk:confidence 1.5 }} "
        f"WHERE {{ {CLAIM} sk:confidence ?c }}",
        CLAIM,
        "a claim has exactly one sk:confidence, an xsd:decimal or xsd:double between 0 and 1",
        id="confidence-above-one",
    ),
    pytest.param(
        f"DELETE WHERE {{ {CLAIM} sk:evidence ?e }}",
        CLAIM,
        "a claim has exactly one sk:evidence, a sk:Evidence node",
        id="no-evidence",
    ),
    pytest.param(
        f'DELETE {{ {CLAIM} sk:pointInTime ?t }} INSERT {{ {CLAIM} sk:pointInTime "2020" }} '
        f"WHERE {{ {CLAIM} sk:pointInTime ?t }}",
        CLAIM,
        "a claim has at most one sk:pointInTime, an xsd:date, xsd:gYearMonth or xsd:gYear",
        id="untyped-point-in-time",
    ),
    pytest.param(
        f"INSERT DATA {{ {CLAIM} sk:predicate sk:Country }}",
        CLAIM,
        "a claim has exactly one sk:predicate, an IRI",
        id="two-predicates",
    ),
    pytest.param(
        f"DELETE {{ {CLAIM} sk:predicate ?p }} INSERT {{ {CLAIM} sk:predicate sk:Country }} "
        f"WHERE {{ {CLAIM} sk:predicate ?p }}",
        CLAIM,
        "a claim's sk:predicate is a property declared in ontology/spacekg.ttl",
        id="predicate-not-a-property",
    ),
    pytest.param(
        f"DELETE {{ {CLAIM} sk:modality ?m }} INSERT {{ {CLAIM} sk:modality sk:Negated }} "
        f"WHERE {{ {CLAIM} sk:modality ?m }}",
        "sk:Negated",
        "a claim that is not asserted has a plain triple that no asserted claim backs",
        id="negated-claim-with-plain-triple",
    ),
    pytest.param(
        'INSERT DATA { skr:Roscosmos rdfs:label "Russian space agency"@en }',
        "skr:Roscosmos",
        "an entity has at most one rdfs:label per language",
        id="two-english-labels",
    ),
    pytest.param(
        "DELETE WHERE { skr:new-Person-ab12 rdfs:label ?l }",
        "skr:new-Person-ab12",
        "an entity has at least one rdfs:label",
        id="no-label",
    ),
    pytest.param(
        'INSERT DATA { skr:Russia rdfs:label "Rossiya" }',
        "skr:Russia",
        "an entity's rdfs:label carries a language tag (@ar, @en)",
        id="label-without-language",
    ),
    pytest.param(
        "INSERT DATA { skr:Russia owl:sameAs <http://dbpedia.org/resource/Russia> }",
        "skr:Russia",
        "an entity's owl:sameAs is a Wikidata entity IRI (http://www.wikidata.org/entity/Q…)",
        id="sameAs-not-wikidata",
    ),
    pytest.param(
        'DELETE { ska:a1 sk:sha256 ?h } INSERT { ska:a1 sk:sha256 "abc" } WHERE { ska:a1 sk:sha256 ?h }',
        "ska:a1",
        "an article has exactly one sk:sha256, 64 lower-case hex digits",
        id="bad-sha256",
    ),
    pytest.param(
        'DELETE { ska:a1 sk:published ?d } INSERT { ska:a1 sk:published "2021-04-12T10:00:00"^^xsd:dateTime }'
        " WHERE { ska:a1 sk:published ?d }",
        "ska:a1",
        "an article has at most one sk:published, an xsd:date, xsd:gYearMonth or xsd:gYear",
        id="published-as-datetime",
    ),
    pytest.param(
        "DELETE WHERE { ska:a1 schema:inLanguage ?l }",
        "ska:a1",
        'an article has exactly one schema:inLanguage, a language code such as "ar"',
        id="no-language",
    ),
    pytest.param(
        "INSERT DATA { <https://w3id.org/spacekg/article/a1/sentence/0> sk:boilerplate false }",
        "<https://w3id.org/spacekg/article/a1/sentence/0>",
        "sk:boilerplate is written only when true",
        id="boilerplate-false",
    ),
]


def _expand(curie: str) -> URIRef:
    if curie.startswith("<"):
        return URIRef(curie[1:-1])
    prefix, local = curie.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


@pytest.mark.parametrize(("update", "focus", "message"), BROKEN)
def test_broken_variant_fails_with_message(update: str, focus: str, message: str) -> None:
    report = validate(_graph(update))
    assert not report.conforms
    found = [(issue.focus, issue.message) for issue in report.results]
    assert any(f == _expand(focus) and m.startswith(message) for f, m in found), report.text
    assert all(issue.severity == "Violation" for issue in report.results)
    assert message in report.text


def test_subclass_targets_reach_subclass_instances() -> None:
    """A sk:Planet is a sk:CelestialBody through the ontology, so the entity shape applies to it."""
    report = validate(_graph("INSERT DATA { skr:Mars a sk:Planet }"))
    assert [(i.focus, i.message) for i in report.results] == [
        (_expand("skr:Mars"), "an entity has at least one rdfs:label")
    ]


NEGATE = (
    "DELETE { skc:a1-c1 sk:modality ?m } INSERT { skc:a1-c1 sk:modality sk:Negated } "
    "WHERE { skc:a1-c1 sk:modality ?m }"
)


def test_negated_claim_with_plain_triple_names_the_claim() -> None:
    report = validate(_graph(NEGATE))
    assert [(i.focus, i.value) for i in report.results] == [(_expand("sk:Negated"), _expand(CLAIM))]
    assert report.results[0].message.endswith(
        "resource/Roscosmos https://w3id.org/spacekg/ontology#country "
        "https://w3id.org/spacekg/resource/Russia"
    )


def test_plain_triple_backed_by_another_asserted_claim_conforms() -> None:
    """Another article may assert what this one negates; the plain triple then stands."""
    other = CONFORMING.split("skc:a1-c1 a sk:Claim", 1)[1].replace("skc:a1-c1", "skc:a1-c2")
    report = validate(_graph(f"{NEGATE} ; INSERT DATA {{ skc:a1-c2 a sk:Claim {other} }}"))
    assert report.conforms, report.text


def test_raise_for_failure_carries_the_text() -> None:
    report = validate(_graph("DELETE WHERE { skc:a1-c1 sk:rule ?r }"))
    with pytest.raises(ValidationFailed, match="exactly one sk:rule"):
        report.raise_for_failure()


def test_data_graph_is_not_modified() -> None:
    g = _graph()
    before = len(g)
    validate(g)
    assert len(g) == before


def test_report_is_frozen() -> None:
    report = validate(_graph())
    assert isinstance(report, ValidationReport)
    with pytest.raises(AttributeError):
        report.conforms = False  # type: ignore[misc]


def test_docstring_examples() -> None:
    failures, tried = doctest.testmod(kg.validate, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0


def _big_graph(articles: int) -> Graph:
    """`articles` copies of the conforming article with its own IRIs (about 40 triples each)."""
    g = Graph()
    for n in range(articles):
        body = CONFORMING.replace("ska:a1", f"ska:a{n}").replace("skc:a1-c1", f"skc:a{n}-c1")
        body = body.replace("article/a1/", f"article/a{n}/").replace('"a1"', f'"a{n}"')
        g.update(f"{_PREFIXES}INSERT DATA {{ {body} }}")
    return g


def test_many_articles_conform_together() -> None:
    # Speed is measured in bench/, not asserted here; this checks that many articles validate together.
    g = _big_graph(130)
    assert len(g) >= 5000
    report = validate(g)
    assert report.conforms, report.text


def test_dataset_is_validated_as_the_union_of_its_graphs() -> None:
    """Entities in the lexicon graph, claims in the article graph: targets and sh:class see both."""
    ds = Dataset()
    lexicon = ds.graph(LEXICON_GRAPH)
    article = ds.graph(article_graph("a1"))
    for triple in _graph():
        in_lexicon = str(triple[0]).startswith(RESOURCE) and triple[1] != SK.country
        (lexicon if in_lexicon else article).add(triple)
    assert len(lexicon) and len(article)
    assert validate(ds).conforms
    lexicon.add((_expand("skr:Russia"), RDFS.label, Literal("Rossiya", lang="en")))
    assert [i.message for i in validate(ds).results] == ["an entity has at most one rdfs:label per language"]
