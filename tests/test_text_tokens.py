"""Tokens: scripts, proclitics, words run together, offsets into the original."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.lexicon import Lexicon
from kg.text.clitics import split_clitics
from kg.text.document import make_document
from kg.text.normalize import normalize_str

MINI = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def known() -> frozenset[str]:
    return Lexicon.load(MINI).known_words


def _texts(text: str, known: frozenset[str]) -> list[str]:
    doc = make_document(text, "t", known)
    assert all(text[t.start : t.end] == t.text for t in doc.tokens)
    return [t.text for t in doc.tokens]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("كشفت روسياوالصين، عن", ["كشفت", "روسيا", "والصين", "،", "عن"]),
        ("طغت عليها الصينوالولاياتالمتحدة، اللتين", ["طغت", "عليها", "الصين", "والولايات", "المتحدة", "،", "اللتين"]),
        ("تعتزم الولاياتالمتحدة في", ["تعتزم", "الولايات", "المتحدة", "في"]),
        ("روسيـاوالصِّين", ["روسيـا", "والصِّين"]),
    ],
)
def test_run_together_words_are_repaired(text: str, tokens: list[str], known: frozenset[str]) -> None:
    assert _texts(text, known) == tokens


@pytest.mark.parametrize("word", ["استكشاف", "الإطلاق", "بالعصا", "واشنطن", "المتحدة", "والولايات"])
def test_words_that_are_not_run_together_stay_whole(word: str, known: frozenset[str]) -> None:
    assert _texts(word, known) == [word]


def test_run_together_needs_known_words() -> None:
    assert _texts("روسياوالصين", frozenset()) == ["روسياوالصين"]


def test_a_word_that_needs_a_word_after_it_does_not_end_a_run() -> None:
    """"كوباسوف" (Kubasov) is no "كوبا سوف": "سوف" needs a verb after it; "روسياوالصين" still splits."""
    known = frozenset({normalize_str("كوبا"), normalize_str("سوف"), normalize_str("روسيا"), normalize_str("صين")})
    assert _texts("كوباسوف", known) == ["كوباسوف"]
    assert _texts("روسياوالصين", known) == ["روسيا", "والصين"]


@pytest.mark.parametrize(
    ("word", "prefix", "stem"),
    [
        ("للصين", "لل", "صين"),
        ("وللصين", "ولل", "صين"),
        ("والصين", "وال", "صين"),
        ("الصين", "ال", "صين"),
        ("بالعصا", "بال", "عصا"),
        ("لناسا", "ل", "ناسا"),
        ("وأرسلت", "و", "ارسلت"),
        ("واشنطن", "", "واشنطن"),
        ("وكالة", "", "وكاله"),
        ("الذي", "", "الذي"),
        ("والذي", "و", "الذي"),
        ("ألمانيا", "", "المانيا"),
    ],
)
def test_clitics(word: str, prefix: str, stem: str, known: frozenset[str]) -> None:
    token = make_document(word, "t", known).tokens[0]
    assert (token.prefix, token.stem) == (prefix, stem)
    assert token.norm.endswith(token.stem)


def test_stem_start_skips_marks_on_the_clitics() -> None:
    text = "وَلِلصِّين"
    token = make_document(text, "t").tokens[0]
    assert token.prefix == "ولل" and text[token.stem_start : token.end] == "صِّين"


def test_split_clitics_respects_hamza_on_the_alef() -> None:
    assert split_clitics("المانيا", frozenset(), frozenset({0})) == ("", "المانيا")
    assert split_clitics("المانيا", frozenset()) == ("ال", "مانيا")


def test_scripts_latin_names_numbers_punctuation() -> None:
    text = 'أطلقت الصين مسبارها Tianwen-1 في عام 2020، و"Mercury-Redstone 3" (ISS) ٢٠٢١.'
    doc = make_document(text, "t")
    got = [(t.text, t.script) for t in doc.tokens]
    assert ("Tianwen-1", "latin") in got and ("Mercury-Redstone", "latin") in got
    assert ("2020", "digit") in got and ("٢٠٢١", "digit") in got
    assert [t for t, s in got if s == "punct"] == ["،", '"', '"', "(", ")", "."]
    assert next(t for t in doc.tokens if t.text == "Tianwen-1").norm == "tianwen-1"


def test_tokens_carry_their_sentence() -> None:
    doc = make_document("وصلت المركبة. ثم عادت", "t")
    assert [(t.text, t.sentence) for t in doc.tokens] == [
        ("وصلت", 0),
        ("المركبة", 0),
        (".", 0),
        ("ثم", 1),
        ("عادت", 1),
    ]
