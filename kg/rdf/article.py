"""One article's extraction as the triples of its named graph (see docs/rdf-model.md)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import PROV

from kg import EXTRACTOR_VERSION, iris
from kg.model import Claim, DateValue, Extraction, NewEntity
from kg.rdf.terms import MODALITY, PRECISION, confidence_literal, date_literal
from kg.store.base import Triple
from kg.vocab import OA, SCHEMA, SK


def article_triples(ex: Extraction) -> list[Triple]:
    """All triples of the article's named graph, sorted so output is stable."""
    return sorted(article_triple_set(ex))


def article_triple_set(ex: Extraction) -> set[Triple]:
    """The same triples unsorted (sorting rdflib terms costs as much as making them; a store needs no order)."""
    triples = set(_article(ex))
    triples.update(_sentences(ex))
    triples.update(_new_entities(ex.new_entities))
    for claim in ex.claims:
        triples.update(claim_triples(ex.meta.id, claim))
    return triples


def _article(ex: Extraction) -> Iterator[Triple]:
    a = iris.article(ex.meta.id)
    meta = ex.meta
    yield a, RDF.type, SK.Article
    yield a, SCHEMA.identifier, Literal(meta.id)
    yield a, SK.fileName, Literal(meta.file_name)
    yield a, SK.sha256, Literal(hashlib.sha256(ex.document.text.encode("utf-8")).hexdigest())
    yield a, SCHEMA.inLanguage, Literal(meta.language)
    yield a, SK.extractorVersion, Literal(EXTRACTOR_VERSION)
    if meta.source:
        yield a, SK.source, Literal(meta.source)
    if meta.url:
        yield a, SCHEMA.url, Literal(meta.url, datatype=XSD.anyURI)
    if meta.title:
        yield a, SCHEMA.headline, Literal(meta.title)
    if ex.published is not None:
        yield from _published(a, ex.published)


def _published(a: URIRef, date: DateValue) -> Iterator[Triple]:
    yield a, SK.published, date_literal(date)
    yield a, SCHEMA.datePublished, date_literal(date)
    yield a, SK.publishedPrecision, PRECISION[date.precision]
    yield a, SK.publishedDerivation, Literal(date.how)
    yield a, SK.publishedInferred, Literal(date.inferred)


def _sentences(ex: Extraction) -> Iterator[Triple]:
    a = iris.article(ex.meta.id)
    for s in ex.document.sentences:
        node = iris.sentence(ex.meta.id, s.index)
        yield node, RDF.type, SK.Sentence
        yield node, SK.inArticle, a
        yield node, SK.sentenceIndex, Literal(s.index)
        yield node, OA.start, Literal(s.start)
        yield node, OA.end, Literal(s.end)
        yield node, OA.exact, Literal(s.text)
        if s.boilerplate:
            yield node, SK.boilerplate, Literal(True)


def _new_entities(entities: tuple[NewEntity, ...]) -> Iterator[Triple]:
    for e in entities:
        node = URIRef(e.iri)
        yield node, RDF.type, SK[e.etype]
        yield node, RDFS.label, Literal(e.label_ar, lang="ar")
        if e.label_en:
            yield node, RDFS.label, Literal(e.label_en, lang="en")
        yield node, SK.unlinked, Literal(True)


def claim_triples(article_id: str, claim: Claim) -> Iterator[Triple]:
    """The statement node, its evidence, and (for a positive asserted claim) the plain triple."""
    obj = claim.object or _value_key(claim.value)
    c = iris.claim(
        article_id, claim.subject, claim.predicate, obj, str(claim.evidence.start), str(claim.evidence.end)
    )
    subject, predicate = URIRef(claim.subject), SK[claim.predicate]
    yield c, RDF.type, SK.Claim
    yield c, SK.subject, subject
    yield c, SK.predicate, predicate
    yield c, SK.modality, MODALITY[claim.modality]
    yield c, SK.rule, Literal(claim.rule)
    yield c, SK.confidence, confidence_literal(claim.confidence)
    yield c, SK.inArticle, iris.article(article_id)
    yield c, PROV.wasDerivedFrom, iris.article(article_id)
    yield c, SK.inSentence, iris.sentence(article_id, claim.sentence)
    if claim.inferred:
        yield c, SK.inferred, Literal(True)
    value = _object_term(claim)
    yield c, (SK.object if claim.object else SK.objectValue), value
    yield from _qualifiers(c, claim)
    yield from _evidence(c, article_id, claim)
    if claim.modality == "asserted":
        yield subject, predicate, value


def _object_term(claim: Claim) -> URIRef | Literal:
    if claim.object:
        return URIRef(claim.object)
    if isinstance(claim.value, DateValue):
        return date_literal(claim.value)
    return Literal(claim.value or "", lang="ar")


def _qualifiers(c: URIRef, claim: Claim) -> Iterator[Triple]:
    if claim.when is not None:
        yield c, SK.pointInTime, date_literal(claim.when)
    date = claim.value if isinstance(claim.value, DateValue) else claim.when
    if date is not None:
        yield c, SK.datePrecision, PRECISION[date.precision]
        yield c, SK.dateDerivation, Literal(date.how)
        if date.deadline:
            yield c, SK.isDeadline, Literal(True)
        if date.inferred:
            yield c, SK.inferred, Literal(True)
    if claim.speaker:
        yield c, PROV.wasAttributedTo, URIRef(claim.speaker)
    if claim.speech_verb:
        yield c, SK.speechVerb, Literal(claim.speech_verb)
    if claim.reported_by:
        yield c, SK.reportedBy, URIRef(claim.reported_by)
    for predicate, target in claim.qualifiers:
        yield c, SK[predicate], URIRef(target)


def _evidence(c: URIRef, article_id: str, claim: Claim) -> Iterator[Triple]:
    e = iris.evidence(c)
    yield c, SK.evidence, e
    yield e, RDF.type, SK.Evidence
    yield e, RDF.type, OA.TextPositionSelector
    yield e, RDF.type, OA.TextQuoteSelector
    yield e, OA.start, Literal(claim.evidence.start)
    yield e, OA.end, Literal(claim.evidence.end)
    yield e, OA.exact, Literal(claim.quote)
    yield e, SK.inArticle, iris.article(article_id)


def _value_key(value: DateValue | str | None) -> str:
    if isinstance(value, DateValue):
        return f"{value.value}/{value.precision}"
    return value or ""
