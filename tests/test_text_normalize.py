"""Arabic normalization: the folds, and the offset map back into the original text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.text.normalize import normalize, normalize_str, strip_marks

CASES = [
    ("أإآٱا", "ااااا"),
    ("مستشفى", "مستشفي"),
    ("محطة", "محطه"),
    ("مؤتمر", "موتمر"),
    ("رئيس", "رييس"),
    ("كـــتب", "كتب"),
    ("مُحَمَّدٌ", "محمد"),
    ("هٰذا", "هذا"),
    ("عامًا", "عاما"),
    ("٢٠٢١ ۱۹۶۱", "2021 1961"),
    ("ﻻ ﺍﻟﺼﻴﻦ", "لا الصين"),
    ("Tianwen-1 NASA", "tianwen-1 nasa"),
    ("ﬁrst", "first"),
    ("روسيا\u200cوالصين", "روسياوالصين"),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_folds(raw: str, expected: str) -> None:
    assert normalize_str(raw) == expected
    assert normalize(raw).text == expected


def test_offsets_point_into_the_original() -> None:
    text = "قالت وَالصِّينُ"
    n = normalize(text)
    start = n.text.index("الصين")
    a, b = n.to_original(start, start + len("الصين"))
    assert text[a:b] == "الصِّينُ"  # the last letter's marks belong to the span


def test_expansion_spans_are_never_empty() -> None:
    n = normalize("ﻻ")  # one ligature, two normalized letters
    assert n.text == "لا"
    assert n.to_original(0, 1) == (0, 1)
    assert n.to_original(1, 2) == (0, 1)


def test_strip_marks_keeps_hamza() -> None:
    assert strip_marks("إِنَّها") == "إنها"
    assert strip_marks("أنّها") != strip_marks("إنها")


_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
    st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF),
    st.characters(min_codepoint=0x20, max_codepoint=0x24F),
    st.sampled_from(["\u200c", "\u200f", "\ufeff", "\n", "\x00", "İ", "ß", "ﬃ", "…"]),
    st.characters(),
)


@given(st.text(alphabet=_ALPHABET, max_size=60), st.data())
def test_origin_map_property(text: str, data: st.DataObject) -> None:
    n = normalize(text)
    assert n.text == normalize_str(text)
    assert len(n.origin) == len(n.text) + 1 and n.origin[-1] == len(text)
    assert all(0 <= o < len(text) for o in n.origin[:-1])
    assert all(a <= b for a, b in zip(n.origin, n.origin[1:], strict=False))
    start = data.draw(st.integers(0, len(n.text)))
    end = data.draw(st.integers(start, len(n.text)))
    a, b = n.to_original(start, end)
    assert 0 <= a <= b <= len(text)
    assert (a < b) == (start < end)
    clean_start = start == 0 or n.origin[start - 1] != n.origin[start]
    clean_end = end == len(n.text) or n.origin[end] != n.origin[end - 1]
    if clean_start and clean_end:
        assert normalize_str(text[a:b]) == n.text[start:end]
