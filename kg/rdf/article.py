"""One article's extraction as the triples of its named graph (see docs/rdf-model.md).

The graph is built as N-Triples lines (`kg.rdf.nt`), which the corpus writer sends to the store as
they are; `article_triples` turns them into rdflib terms for callers that want those.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from rdflib import RDF, RDFS
from rdflib.namespace import PROV

from kg import EXTRACTOR_VERSION, iris
from kg.model import Claim, DateValue, Extraction, NewEntity
from kg.rdf import nt
from kg.rdf.nt import boolean, integer, iri, lit
from kg.store.base import Triple
from kg.vocab import OA, SCHEMA, SK

# Every IRI this module writes more than once, rendered once.
_A = iri(RDF.type)
_LABEL = iri(RDFS.label)
_S = {
    name: iri(SK[name])
    for name in (
        "Article", "Sentence", "Claim", "Evidence", "fileName", "sha256", "extractorVersion", "source",
        "published", "publishedPrecision", "publishedDerivation", "publishedInferred", "inArticle",
        "sentenceIndex", "boilerplate", "unlinked", "subject", "predicate", "modality", "rule",
        "confidence", "inSentence", "inferred", "object", "objectValue", "pointInTime", "datePrecision",
        "dateDerivation", "isDeadline", "speechVerb", "reportedBy", "evidence",
        "Asserted", "Planned", "Negated", "Reported", "DayPrecision", "MonthPrecision", "YearPrecision",
    )
}  # fmt: skip
_SCHEMA = {
    name: iri(SCHEMA[name]) for name in ("identifier", "inLanguage", "url", "headline", "datePublished", "mentions")
}
_OA = {name: iri(OA[name]) for name in ("start", "end", "exact", "TextPositionSelector", "TextQuoteSelector")}
_DERIVED = iri(PROV.wasDerivedFrom)
_ATTRIBUTED = iri(PROV.wasAttributedTo)
_MODALITY = {m: _S[m.capitalize()] for m in ("asserted", "planned", "negated", "reported")}
_PRECISION = {p: _S[f"{p.capitalize()}Precision"] for p in ("day", "month", "year")}
_DATATYPE = {p: f"{nt.XSD}{t}" for p, t in (("day", "date"), ("month", "gYearMonth"), ("year", "gYear"))}
_PREDICATES: dict[str, str] = {}


def article_triples(ex: Extraction, *, mentions: bool = False) -> list[Triple]:
    """All triples of the article's named graph as rdflib terms, sorted so output is stable."""
    return sorted(nt.triple(t) for t in article_lines(ex, mentions=mentions))


def article_lines(ex: Extraction, *, mentions: bool = False) -> set[str]:
    """The graph as N-Triples lines without the final " ." (a set: a store needs no order).
    With `mentions`, also `schema:mentions` from the article to every entity found in it."""
    lines = set(_article(ex))
    lines.update(_sentences(ex))
    lines.update(_new_entities(ex.new_entities))
    article_id = ex.meta.id
    article = iri(iris.article(article_id))
    for claim in ex.claims:
        lines.update(claim_lines(article_id, article, claim))
    if mentions:
        has = f"{article} {_SCHEMA['mentions']} "
        lines.update(has + iri(m.entity) for m in ex.mentions if m.method != "article")
    return lines


def _article(ex: Extraction) -> Iterator[str]:
    a = iri(iris.article(ex.meta.id))
    meta = ex.meta
    yield f"{a} {_A} {_S['Article']}"
    yield f"{a} {_SCHEMA['identifier']} {lit(meta.id)}"
    yield f"{a} {_S['fileName']} {lit(meta.file_name)}"
    yield f"{a} {_S['sha256']} {lit(hashlib.sha256(ex.document.text.encode('utf-8')).hexdigest())}"
    yield f"{a} {_SCHEMA['inLanguage']} {lit(meta.language)}"
    yield f"{a} {_S['extractorVersion']} {lit(EXTRACTOR_VERSION)}"
    if meta.source:
        yield f"{a} {_S['source']} {lit(meta.source)}"
    if meta.url:
        yield f"{a} {_SCHEMA['url']} {lit(meta.url, datatype=nt.XSD + 'anyURI')}"
    if meta.title:
        yield f"{a} {_SCHEMA['headline']} {lit(meta.title)}"
    if ex.published is not None:
        date = ex.published
        yield f"{a} {_S['published']} {date_lit(date)}"
        yield f"{a} {_SCHEMA['datePublished']} {date_lit(date)}"
        yield f"{a} {_S['publishedPrecision']} {_PRECISION[date.precision]}"
        yield f"{a} {_S['publishedDerivation']} {lit(date.how)}"
        yield f"{a} {_S['publishedInferred']} {boolean(date.inferred)}"


def _sentences(ex: Extraction) -> Iterator[str]:
    a = iri(iris.article(ex.meta.id))
    for s in ex.document.sentences:
        node = f"<{a[1:-1]}/sentence/{s.index}>"
        yield f"{node} {_A} {_S['Sentence']}"
        yield f"{node} {_S['inArticle']} {a}"
        yield f"{node} {_S['sentenceIndex']} {integer(s.index)}"
        yield f"{node} {_OA['start']} {integer(s.start)}"
        yield f"{node} {_OA['end']} {integer(s.end)}"
        yield f"{node} {_OA['exact']} {lit(s.text)}"
        if s.boilerplate:
            yield f"{node} {_S['boilerplate']} {nt.TRUE}"


def _new_entities(entities: tuple[NewEntity, ...]) -> Iterator[str]:
    for e in entities:
        node = iri(e.iri)
        yield f"{node} {_A} {iri(SK[e.etype])}"
        yield f"{node} {_LABEL} {lit(e.label_ar, lang='ar')}"
        if e.label_en:
            yield f"{node} {_LABEL} {lit(e.label_en, lang='en')}"
        yield f"{node} {_S['unlinked']} {nt.TRUE}"


def claim_lines(article_id: str, article: str, claim: Claim) -> Iterator[str]:
    """The statement node, its evidence, and (for a positive asserted claim) the plain triple."""
    obj = claim.object or _value_key(claim.value)
    c_iri = iris.claim(
        article_id, claim.subject, claim.predicate, obj, str(claim.evidence.start), str(claim.evidence.end)
    )
    c = iri(c_iri)
    subject, predicate = iri(claim.subject), _predicate(claim.predicate)
    value = _object_term(claim)
    yield f"{c} {_A} {_S['Claim']}"
    yield f"{c} {_S['subject']} {subject}"
    yield f"{c} {_S['predicate']} {predicate}"
    yield f"{c} {_S['modality']} {_MODALITY[claim.modality]}"
    yield f"{c} {_S['rule']} {lit(claim.rule)}"
    yield f"{c} {_S['confidence']} {confidence(claim.confidence)}"
    yield f"{c} {_S['inArticle']} {article}"
    yield f"{c} {_DERIVED} {article}"
    yield f"{c} {_S['inSentence']} <{article[1:-1]}/sentence/{claim.sentence}>"
    if claim.inferred:
        yield f"{c} {_S['inferred']} {nt.TRUE}"
    yield f"{c} {_S['object'] if claim.object else _S['objectValue']} {value}"
    yield from _qualifiers(c, claim)
    yield from _evidence(c, article, claim)
    if claim.modality == "asserted":
        yield f"{subject} {predicate} {value}"


def date_lit(value: DateValue) -> str:
    """A date as a typed literal whose datatype states its precision."""
    return lit(value.value, datatype=_DATATYPE[value.precision])


def confidence(value: float) -> str:
    return f'"{value:.2f}"^^<{nt.XSD}decimal>'


def _predicate(name: str) -> str:
    term = _PREDICATES.get(name)
    if term is None:
        term = _PREDICATES[name] = iri(SK[name])
    return term


def _object_term(claim: Claim) -> str:
    if claim.object:
        return iri(claim.object)
    if isinstance(claim.value, DateValue):
        return date_lit(claim.value)
    return lit(claim.value or "", lang="ar")


def _qualifiers(c: str, claim: Claim) -> Iterator[str]:
    if claim.when is not None:
        yield f"{c} {_S['pointInTime']} {date_lit(claim.when)}"
    date = claim.value if isinstance(claim.value, DateValue) else claim.when
    if date is not None:
        yield f"{c} {_S['datePrecision']} {_PRECISION[date.precision]}"
        yield f"{c} {_S['dateDerivation']} {lit(date.how)}"
        if date.deadline:
            yield f"{c} {_S['isDeadline']} {nt.TRUE}"
        if date.inferred:
            yield f"{c} {_S['inferred']} {nt.TRUE}"
    if claim.speaker:
        yield f"{c} {_ATTRIBUTED} {iri(claim.speaker)}"
    if claim.speech_verb:
        yield f"{c} {_S['speechVerb']} {lit(claim.speech_verb)}"
    if claim.reported_by:
        yield f"{c} {_S['reportedBy']} {iri(claim.reported_by)}"
    for predicate, target in claim.qualifiers:
        yield f"{c} {_predicate(predicate)} {iri(target)}"


def _evidence(c: str, article: str, claim: Claim) -> Iterator[str]:
    e = f"{c[:-1]}-evidence>"
    yield f"{c} {_S['evidence']} {e}"
    yield f"{e} {_A} {_S['Evidence']}"
    yield f"{e} {_A} {_OA['TextPositionSelector']}"
    yield f"{e} {_A} {_OA['TextQuoteSelector']}"
    yield f"{e} {_OA['start']} {integer(claim.evidence.start)}"
    yield f"{e} {_OA['end']} {integer(claim.evidence.end)}"
    yield f"{e} {_OA['exact']} {lit(claim.quote)}"
    yield f"{e} {_S['inArticle']} {article}"


def _value_key(value: DateValue | str | None) -> str:
    if isinstance(value, DateValue):
        return f"{value.value}/{value.precision}"
    return value or ""
