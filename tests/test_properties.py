"""Property tests of the whole pipeline: any text, Arabic, mixed-script or full of control characters,
is either refused with an InputError or extracted and stored, with every offset pointing at its words.

(The normalizer's offset map has its own property test in tests/test_text_normalize.py.)
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.articles import RawArticle, decode
from kg.build import ingest_paths, load_static_graphs
from kg.errors import InputError
from kg.extract.pipeline import extract
from kg.extract.rules import RuleSet, load_rules
from kg.lexicon import Lexicon
from kg.model import ArticleMeta
from kg.store import OxigraphStore

# Words the extractor reacts to, so random text often reaches its rules, not only its tokenizer.
WORDS = [
    "وكالة", "الفضاء", "الروسية", "روسكوزموس", "ناسا", "الصين", "روسيا", "رائد", "قال", "إن", "أن", "لم",
    "توقع", "وقعت", "اتفاقية", "أطلقت", "مسبار", "القمر", "المريخ", "عام", "2020", "1961", "في", "من",
    "رئيس", "CNSA", "NASA", "Roscosmos", "الأسبوع", "الماضي", "المقبل", "أكتوبر", "غاغارين", "سبيس", "إكس",
    "يوري", "دميتري", "روجوزين", "الولايات", "المتحدة", "محطة", "الدولية", "بحلول", "لونا", "25", "اقرأ", "أيضا",
]
CHARS = st.one_of(
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),  # Arabic, with marks, digits, punctuation
    st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF),  # presentation forms
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.sampled_from(list("\n\r\t\x00\x01\x1b\x7f\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069\ufeff\u0640،؛؟.«»\"'<>")),
    st.characters(codec="utf-8"),
)
TEXT = st.lists(st.one_of(st.sampled_from(WORDS), st.text(CHARS, max_size=8)), max_size=60).map(" ".join)


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load()


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_rules()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_the_extractor_never_raises_and_offsets_hold(text: str, lexicon: Lexicon, rules: RuleSet) -> None:
    ex = extract(text, ArticleMeta("prop", "prop.txt"), lexicon, rules)
    for m in ex.mentions:
        if m.method != "article":
            assert 0 <= m.start <= m.end <= len(text) and text[m.start : m.end] == m.text
    for c in ex.claims:
        assert text[c.evidence.start : c.evidence.end] == c.quote


@st.composite
def article_bytes(draw: st.DrawFn) -> bytes:
    """Text as UTF-8, Windows-1256 where it fits, or the raw bytes of anything."""
    text = draw(TEXT)
    how = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1256", "bytes"]))
    if how == "bytes":
        return draw(st.binary(max_size=200))
    return text.encode(how, errors="ignore" if how == "cp1256" else "surrogatepass")


@settings(max_examples=300, deadline=None)
@given(data=article_bytes())
def test_decoding_either_refuses_or_gives_text(data: bytes) -> None:
    try:
        text, warnings = decode(data, "x.txt")
    except InputError as exc:
        assert str(exc).startswith("x.txt: ") and "\n" not in str(exc)
        return
    assert isinstance(text, str) and all(w.startswith("x.txt: ") for w in warnings)
    RawArticle(text=text, meta=ArticleMeta("x", "x.txt"))


@pytest.fixture(scope="module")
def scratch() -> Iterator[tuple[Path, OxigraphStore]]:
    """One store and one input directory for every example (hypothesis reruns the test body many times)."""
    with tempfile.TemporaryDirectory() as root:
        store = OxigraphStore(Path(root) / "store", writable=True)
        load_static_graphs(store)  # so that only the article can change the store
        try:
            yield Path(root), store
        finally:
            store.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=article_bytes())
def test_ingest_never_raises_but_refuses_with_one_line(
    data: bytes, scratch: tuple[Path, OxigraphStore]
) -> None:
    root, store = scratch
    path = root / "random.ar.txt"
    path.write_bytes(data)
    before = len(store)
    report = ingest_paths(store, [path], progress=False, on_warning=lambda _: None)
    if report.failures:
        assert len(store) == before  # a refused article writes nothing
        [(where, message)] = report.failures
        assert "random.ar.txt" in where and "\n" not in message
    elif report.results:
        [result] = report.results
        graph = Graph().parse(data=store.export("nt"), format="nt")
        assert len(graph) == len(store) >= result.triples
    else:  # the same article again (say, with a BOM this time): already in the store
        assert getattr(report, "skipped", 0) == 1
