"""The extractor: text → document → mentions → coreference → dates → claims, for one article."""

from __future__ import annotations

import re

from kg.extract import coref
from kg.extract.dates import extract_dates
from kg.extract.entities import find_mentions
from kg.extract.relations import extract_claims
from kg.extract.rules import RuleSet, load_rules
from kg.lexicon import Lexicon
from kg.model import ArticleMeta, Extraction, Mention, NewEntity
from kg.text.document import make_document


def extract(text: str, meta: ArticleMeta, lexicon: Lexicon, rules: RuleSet | None = None) -> Extraction:
    """Everything spacekg reads in one article.

    >>> from kg.model import ArticleMeta
    >>> ex = extract("أطلقت الصين في عام 2020 مسبارها Tianwen-1.", ArticleMeta("t", "t.txt"), Lexicon.load())
    >>> [(c.predicate, c.value.value if c.value else c.object.rsplit("/", 1)[-1]) for c in ex.claims]
    [('launchDate', '2020'), ('operator', 'China')]
    """
    rules = rules or load_rules()
    doc = make_document(text, meta.id, lexicon.known_words)
    found = find_mentions(doc, lexicon)
    dates, published = extract_dates(text, doc.sentences, meta.published)
    mentions = coref.resolve(doc, found, lexicon, rules.cues["speech_verbs"], dates)

    def label_of(iri: str) -> str:
        entry = lexicon.get(iri)
        return entry.label if entry else iri.rsplit("/", 1)[-1]

    claims, minted, minted_mentions = extract_claims(doc, mentions, dates, rules, label_of)
    return Extraction(
        meta=meta,
        document=doc,
        mentions=tuple(sorted(mentions + minted_mentions, key=lambda m: (m.start, -m.end))),
        dates=tuple(dates),
        claims=tuple(claims),
        new_entities=tuple(_discovered(mentions, lexicon)) + tuple(minted),
        published=published,
    )


_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_label(text: str) -> str:
    r"""A label as shown: direction-control marks removed, whitespace collapsed.

    >>> clean_label("Evil\u202e Name\u202c\n")
    'Evil Name'
    """
    return " ".join(_BIDI.sub("", text).split())


def _discovered(mentions: list[Mention], lexicon: Lexicon) -> list[NewEntity]:
    """Entities minted from names the lexicon lacks (found by trigger patterns)."""
    seen: dict[str, NewEntity] = {}
    for m in mentions:
        if lexicon.get(m.entity) is None and m.entity not in seen and m.method not in {"rule", "article"}:
            seen[m.entity] = NewEntity(m.entity, m.etype, label_ar=clean_label(m.label or m.text))
    return list(seen.values())
