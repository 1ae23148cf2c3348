"""Relation rules on sentences that are not in the seed article (tests/data/relations-cases.tsv)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.pipeline import extract
from kg.lexicon import Lexicon
from kg.model import ArticleMeta, Claim, DateValue

CASES = [
    line.split("\t")
    for line in (Path(__file__).parent / "data" / "relations-cases.tsv").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
META = ArticleMeta("case", "case.txt", published=DateValue("2023-09-01", "day"))


def _local(iri: str | None) -> str:
    return (iri or "").rsplit("/", 1)[-1]


def _claims(sentence: str) -> tuple[Claim, ...]:
    return extract(sentence, META, Lexicon.load()).claims


@pytest.mark.parametrize("sentence,subject,predicate,obj,modality", CASES)
def test_rule_fires_on_unseen_sentence(sentence: str, subject: str, predicate: str, obj: str, modality: str) -> None:
    claims = _claims(sentence)

    def value(c: Claim) -> str:
        return c.value.value if isinstance(c.value, DateValue) else _local(c.object)

    hits = [
        c
        for c in claims
        if (_local(c.subject) == subject or (subject == "*agreement" and "new-Agreement" in c.subject))
        and c.predicate == predicate
        and (obj == "*" or value(c) == obj)
    ]
    got = [(_local(c.subject), c.predicate, value(c) or str(c.value), c.modality) for c in claims]
    assert hits, f"no {subject} {predicate} {obj}; got {got}"
    assert hits[0].modality == modality, got
    assert sentence[hits[0].evidence.start : hits[0].evidence.end] == hits[0].quote


def test_negation_never_yields_a_positive_claim() -> None:
    claims = _claims("لم توقع الصين على اتفاقية أرتميس حتى الآن.")
    assert all(c.modality == "negated" for c in claims if c.predicate == "signatory")


def test_speaker_is_the_person_not_the_organization_in_apposition() -> None:
    said = [c for c in _claims("قال بيل نيلسون، رئيس ناسا، إن الوكالة ستعود إلى القمر.") if c.predicate == "said"]
    assert [_local(c.speaker) for c in said] == ["Bill_Nelson"]


def test_still_is_not_a_negation() -> None:
    claims = _claims("لا تزال عربة المثابرة التابعة لناسا تعمل على سطح المريخ.")
    located = [c for c in claims if c.predicate == "locatedOn"]
    assert located and located[0].modality == "asserted"


def test_rule_needles_never_skip_a_match(seed_path: Path) -> None:
    """The substring prefilter (`Rule.needles`) only skips sentences a rule cannot match: every claim
    of the seed and of the unseen sentences is the same with the prefilter off."""
    from dataclasses import replace

    from kg.extract.rules import load_rules

    rules = load_rules()
    assert sum(1 for r in rules.rules if r.needles) >= len(rules.rules) - 2, "most rules have needles"
    unfiltered = replace(rules, rules=tuple(replace(r, needles=()) for r in rules.rules))
    lexicon = Lexicon.load()
    texts = [seed_path.read_text("utf-8"), *(case[0] for case in CASES)]
    for text in texts:
        assert extract(text, META, lexicon, rules).claims == extract(text, META, lexicon, unfiltered).claims


def test_required_literals_are_found_in_every_match() -> None:
    import re

    from kg.extract.rules import required_literals

    regex = re.compile(r"(?:أطلقت|أرسلت) «(?:Agency|Country):\d+»(?: إلى)? (?:الفضاء|المدار)")
    needles = required_literals(regex)
    assert ("Agency", "Country") in needles
    for text in ("أرسلت «Country:1» المدار", "أطلقت «Agency:2» إلى الفضاء"):
        assert regex.search(text) and all(any(n in text for n in group) for group in needles)
    # a sentence without the trigger verb, or without a slot of the type, is skipped
    for text in ("وصلت «Country:1» المدار", "أرسلت «Person:1» المدار"):
        assert not all(any(n in text for n in group) for group in needles)
    assert required_literals(re.compile(r"(?:x|y)?z*")) == ()
