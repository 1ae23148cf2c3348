"""The spacekg vocabulary: strict namespaces, so a typo in a term fails at import or first use."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/spacekg/"
ONTOLOGY = BASE + "ontology#"
RESOURCE = BASE + "resource/"
ARTICLE = BASE + "article/"
CLAIM = BASE + "claim/"
GRAPH = BASE + "graph/"

SKR = Namespace(RESOURCE)
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
DBO = Namespace("http://dbpedia.org/ontology/")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
TIME = Namespace("http://www.w3.org/2006/time#")


class SK(DefinedNamespace):
    """Terms of `ontology/spacekg.ttl`; the test suite checks both lists agree."""

    _NS = Namespace(ONTOLOGY)
    _fail = True

    # --- classes: actors
    Organization: URIRef
    SpaceAgency: URIRef
    Company: URIRef
    NewsOrganization: URIRef
    Newspaper: URIRef
    Country: URIRef
    City: URIRef
    Person: URIRef
    Astronaut: URIRef
    # --- classes: space things
    Program: URIRef
    Mission: URIRef
    Spacecraft: URIRef
    Lander: URIRef
    Rover: URIRef
    Orbiter: URIRef
    Probe: URIRef
    Rocket: URIRef
    SpaceStation: URIRef
    CelestialBody: URIRef
    Planet: URIRef
    Agreement: URIRef
    # --- classes: events
    Event: URIRef
    Launch: URIRef
    Landing: URIRef
    Spaceflight: URIRef
    SampleReturn: URIRef
    Anniversary: URIRef
    Announcement: URIRef
    # --- classes: provenance
    Article: URIRef
    Sentence: URIRef
    Claim: URIRef
    Evidence: URIRef
    Modality: URIRef
    DatePrecision: URIRef

    # --- individuals
    Asserted: URIRef
    Planned: URIRef
    Negated: URIRef
    Reported: URIRef
    DayPrecision: URIRef
    MonthPrecision: URIRef
    YearPrecision: URIRef

    # --- relations between entities (object properties)
    country: URIRef
    nationality: URIRef
    operator: URIRef
    headOf: URIRef
    signatory: URIRef
    crewMemberOf: URIRef
    orbits: URIRef
    target: URIRef
    locatedOn: URIRef
    founder: URIRef
    owns: URIRef
    invited: URIRef
    invitedTo: URIRef
    reportedBy: URIRef
    fundedBy: URIRef
    partner: URIRef
    ledBy: URIRef
    about: URIRef
    announcedDuringTermOf: URIRef
    crewedFlightTo: URIRef
    lostMonopolyOnCrewedFlightsTo: URIRef
    returnedSamplesFrom: URIRef
    returnedSamplesTo: URIRef
    plannedTripTo: URIRef
    launched: URIRef
    sent: URIRef
    capitalOf: URIRef

    # --- relations to values (datatype properties)
    launchDate: URIRef
    landingDate: URIRef
    spaceflightDate: URIRef
    announcementDate: URIRef
    celebratesAnniversary: URIRef
    said: URIRef
    plans: URIRef
    occupation: URIRef
    demonym: URIRef
    unlinked: URIRef

    # --- claim (statement node) structure
    subject: URIRef
    predicate: URIRef
    object: URIRef
    objectValue: URIRef
    modality: URIRef
    pointInTime: URIRef
    datePrecision: URIRef
    dateDerivation: URIRef
    isDeadline: URIRef
    confidence: URIRef
    rule: URIRef
    inferred: URIRef
    evidence: URIRef
    inArticle: URIRef
    inSentence: URIRef
    speechVerb: URIRef

    # --- article and sentence metadata
    sentenceIndex: URIRef
    fileName: URIRef
    sha256: URIRef
    extractorVersion: URIRef
    source: URIRef
    published: URIRef
    publishedPrecision: URIRef
    publishedDerivation: URIRef
    publishedInferred: URIRef
    boilerplate: URIRef


PREFIXES: dict[str, str] = {
    "sk": ONTOLOGY,
    "skr": RESOURCE,
    "ska": ARTICLE,
    "skc": CLAIM,
    "wd": str(WD),
    "wdt": str(WDT),
    "dbo": str(DBO),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "oa": str(OA),
    "time": str(TIME),
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "sh": "http://www.w3.org/ns/shacl#",
}
"""Prefixes bound in every export and prepended to every query."""
