"""The ontology declares exactly the terms of `kg.vocab.SK`, labelled in both languages and aligned."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SH

from kg.paths import ONTOLOGY_FILE, SHAPES_FILE
from kg.vocab import DBO, ONTOLOGY, ORG, SCHEMA, SK, WD, WDT
from tests.conftest import require_program

PROV_ENTITY = URIRef("http://www.w3.org/ns/prov#Entity")
OA = "http://www.w3.org/ns/oa#"
TERMS = sorted(SK.__annotations__)
PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty}
DECLARATION_TYPES = {OWL.Class, *PROPERTY_TYPES, SK.Modality, SK.DatePrecision}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def _langs(g: Graph, term: URIRef, prop: URIRef) -> set[str | None]:
    return {o.language for o in g.objects(term, prop) if isinstance(o, Literal)}


def test_header(ontology: Graph) -> None:
    header = URIRef(ONTOLOGY.rstrip("#"))
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) is not None
    dcterms = "http://purl.org/dc/terms/"
    for prop in ("title", "description"):
        assert _langs(ontology, header, URIRef(dcterms + prop)) >= {"ar", "en"}
    assert ontology.value(header, URIRef(dcterms + "license")) is not None


@pytest.mark.parametrize("name", TERMS)
def test_every_vocab_term_is_declared_and_labelled(ontology: Graph, name: str) -> None:
    term = SK[name]
    types = set(ontology.objects(term, RDF.type))
    assert types & DECLARATION_TYPES, f"sk:{name} has no declaration (rdf:type) in {ONTOLOGY_FILE.name}"
    assert _langs(ontology, term, RDFS.label) >= {"ar", "en"}, f"sk:{name} needs rdfs:label @ar and @en"
    assert "en" in _langs(ontology, term, RDFS.comment), f"sk:{name} needs an English rdfs:comment"
    for lang in ("ar", "en"):
        labels = [
            o for o in ontology.objects(term, RDFS.label) if isinstance(o, Literal) and o.language == lang
        ]
        assert len(labels) == 1, f"sk:{name} has {len(labels)} @{lang} labels"


def test_no_term_beyond_the_vocabulary(ontology: Graph) -> None:
    declared = {
        str(s)[len(ONTOLOGY) :] for s in ontology.subjects(RDF.type, None) if str(s).startswith(ONTOLOGY)
    }
    assert declared - set(TERMS) == set()


def test_kinds_match_vocab_sections(ontology: Graph) -> None:
    classes = {SK.Organization, SK.Claim, SK.Evidence, SK.Modality, SK.DatePrecision, SK.Planet}
    assert all((c, RDF.type, OWL.Class) in ontology for c in classes)
    assert (SK.signatory, RDF.type, OWL.ObjectProperty) in ontology
    assert (SK.launchDate, RDF.type, OWL.DatatypeProperty) in ontology
    assert (SK.objectValue, RDF.type, OWL.DatatypeProperty) in ontology
    modalities = {SK.Asserted, SK.Planned, SK.Negated, SK.Reported}
    assert set(ontology.subjects(RDF.type, SK.Modality)) == modalities
    precisions = {SK.DayPrecision, SK.MonthPrecision, SK.YearPrecision}
    assert set(ontology.subjects(RDF.type, SK.DatePrecision)) == precisions
    no_double = [
        t for t in map(SK.__getitem__, TERMS) if len(set(ontology.objects(t, RDF.type)) & PROPERTY_TYPES) > 1
    ]
    assert no_double == []


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        (SK.SpaceAgency, SK.Organization),
        (SK.Company, SK.Organization),
        (SK.NewsOrganization, SK.Organization),
        (SK.Newspaper, SK.NewsOrganization),
        (SK.Astronaut, SK.Person),
        (SK.Lander, SK.Spacecraft),
        (SK.Rover, SK.Spacecraft),
        (SK.Orbiter, SK.Spacecraft),
        (SK.Probe, SK.Spacecraft),
        (SK.Planet, SK.CelestialBody),
        (SK.Launch, SK.Event),
        (SK.Landing, SK.Event),
        (SK.Spaceflight, SK.Event),
        (SK.SampleReturn, SK.Event),
        (SK.Anniversary, SK.Event),
        (SK.Announcement, SK.Event),
        (SK.SpaceAgency, DBO.GovernmentAgency),
        (SK.SpaceAgency, SCHEMA.GovernmentOrganization),
        (SK.Article, SCHEMA.NewsArticle),
        (SK.Article, PROV_ENTITY),
        (SK.Claim, PROV_ENTITY),
        (SK.Evidence, URIRef(OA + "TextPositionSelector")),
        (SK.Evidence, URIRef(OA + "TextQuoteSelector")),
    ],
)
def test_class_hierarchy(ontology: Graph, sub: URIRef, sup: URIRef) -> None:
    assert (sub, RDFS.subClassOf, sup) in ontology


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (SK.Organization, ORG.Organization),
        (SK.Organization, SCHEMA.Organization),
        (SK.Organization, DBO.Organisation),
        (SK.Person, SCHEMA.Person),
        (SK.Person, WD.Q5),
        (SK.Mission, DBO.SpaceMission),
        (SK.Spacecraft, DBO.Spacecraft),
        (SK.SpaceStation, DBO.SpaceStation),
        (SK.Astronaut, DBO.Astronaut),
        (SK.Country, WD.Q6256),
        (SK.Event, SCHEMA.Event),
    ],
)
def test_class_equivalences(ontology: Graph, ours: URIRef, theirs: URIRef) -> None:
    assert (ours, OWL.equivalentClass, theirs) in ontology


def test_property_alignments(ontology: Graph) -> None:
    def aligned(ours: URIRef, theirs: URIRef) -> bool:
        return any((ours, p, theirs) in ontology for p in (RDFS.subPropertyOf, OWL.equivalentProperty))

    assert aligned(SK.operator, WDT.P137)
    assert aligned(SK.country, WDT.P17)
    assert aligned(SK.nationality, WDT.P27)
    assert aligned(SK.signatory, WDT.P1891)
    assert aligned(SK.launchDate, WDT.P619)
    assert aligned(SK.founder, WDT.P112)
    assert aligned(SK.founder, SCHEMA.founder)
    assert aligned(SK.pointInTime, WDT.P585)
    assert aligned(SK.headOf, ORG.headOf)
    assert aligned(SK.published, SCHEMA.datePublished)
    assert (SK.headOf, OWL.inverseOf, WDT.P488) in ontology
    assert (SK.owns, OWL.inverseOf, WDT.P127) in ontology
    assert aligned(SK.crewMemberOf, WDT.P5096)
    assert (SK.crewMemberOf, OWL.inverseOf, WDT.P1029) in ontology


def test_operator_range_is_organization_or_country(ontology: Graph) -> None:
    rng = ontology.value(SK.operator, RDFS.range)
    assert rng is not None
    members = set(ontology.items(ontology.value(rng, OWL.unionOf)))
    assert members == {SK.Organization, SK.Country}


def test_wikidata_classes_come_from_the_verified_list(ontology: Graph) -> None:
    spec = Path(__file__).parent / "data" / "wikidata-qids.tsv"  # a copy of ../shared/spec/
    verified = {line.split("\t", 1)[0] for line in spec.read_text(encoding="utf-8").splitlines()[1:]}
    used = {str(o)[len(str(WD)) :] for o in ontology.objects() if str(o).startswith(str(WD))}
    assert used and used <= verified


def test_shapes_parse_and_carry_messages(shapes: Graph) -> None:
    targets = set(shapes.objects(None, SH.targetClass))
    assert {SK.Claim, SK.Evidence, SK.Article, SK.Sentence, SK.Organization, SK.Rocket} <= targets
    property_shapes = set(shapes.objects(None, SH.property))
    node_constraints = set(shapes.subjects(SH.xone, None)) | set(shapes.objects(None, SH.sparql))
    constrained = property_shapes | node_constraints
    assert len(constrained) > 40
    assert [s for s in constrained if shapes.value(s, SH.message) is None] == []


@pytest.mark.parametrize("path", [ONTOLOGY_FILE, SHAPES_FILE], ids=lambda p: p.name)
def test_rapper_parses(path: object) -> None:
    rapper = require_program("rapper")
    done = subprocess.run(
        [rapper, "--input", "turtle", "--count", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Parsing returned" in done.stderr
    assert "error" not in done.stderr.lower() and "warning" not in done.stderr.lower(), done.stderr
