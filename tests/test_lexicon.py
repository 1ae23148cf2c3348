"""The lexicon loader: entries, name look-up (Arabic, English, ال optional), suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.lexicon import Lexicon
from kg.paths import LEXICON_DIR
from kg.vocab import RESOURCE

MINI = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon.load(MINI)


def test_entries(lex: Lexicon) -> None:
    russia = lex.get(RESOURCE + "Russia")
    assert russia is not None
    assert (russia.etype, russia.label_en, russia.label_ar, russia.qid) == ("Country", "Russia", "روسيا", "Q159")
    assert russia.variants == ("روسيا الاتحادية",)
    assert set(russia.demonyms) == {"روسي", "Russian"}
    moscow = lex.get(RESOURCE + "Moscow")
    assert moscow is not None and moscow.capital_of == RESOURCE + "Russia"
    roscosmos = lex.get(RESOURCE + "Roscosmos")
    assert roscosmos is not None and roscosmos.hidden == ("روسكوسموس",)


def test_most_specific_type(lex: Lexicon) -> None:
    shepard = lex.get(RESOURCE + "Alan_Shepard")
    assert shepard is not None and set(shepard.types) == {"Person", "Astronaut"}
    assert shepard.etype == "Astronaut"


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("الولايات المتحدة", "United States"),
        ("ولايات متحدة", "United States"),
        ("الولايات المتحدة الأمريكية", "United States"),
        ("united states", "United States"),
        ("روسكوسموس", "Roscosmos"),
        ("وكالة الفضاء الروسية", "Roscosmos"),
        ("ألان شيبرد", "Alan Shepard"),
        ("  NASA ", "NASA"),
    ],
)
def test_by_name(lex: Lexicon, name: str, label: str) -> None:
    entry = lex.by_name(name)
    assert entry is not None and entry.label_en == label


def test_by_name_unknown(lex: Lexicon) -> None:
    assert lex.by_name("Atlantis") is None


def test_suggest(lex: Lexicon) -> None:
    assert lex.suggest("Roscosmoss")[0] == "Roscosmos"
    assert "Moon" in lex.suggest("Mooon")
    assert lex.suggest("zzzzzzzz") == []


def test_known_words(lex: Lexicon) -> None:
    assert {"الصين", "صين", "ولايات", "المتحده", "roscosmos", "روسي"} <= lex.known_words


def test_known_words_hold_every_form_of_a_nationality_adjective(lex: Lexicon) -> None:
    """Forms of روسي are known, so الروسيتان is never split as if two words ran together."""
    assert {"روسيه", "روسيون", "روسيين", "روسيات", "روسيتان", "روسيان"} <= lex.known_words


def test_short_words_of_a_persons_name_are_not_known(tmp_path: Path) -> None:
    """An invented person's short given name (كيم) would split real words read as run together."""
    (tmp_path / "people.ttl").write_text(
        "@prefix sk: <https://w3id.org/spacekg/ontology#> .\n"
        "@prefix skr: <https://w3id.org/spacekg/resource/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'skr:Kim_Tarvolo a sk:Astronaut ; rdfs:label "Kim Tarvolo"@en , "كيم تارفولو"@ar .\n',
        encoding="utf-8",
    )
    words = Lexicon.load(tmp_path).known_words
    assert "تارفولو" in words and "كيم" not in words


def test_cached_per_directory(lex: Lexicon) -> None:
    assert Lexicon.load(MINI) is lex
    assert len(lex.graph()) > 50


def test_bad_turtle_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "bad.ttl").write_text("@prefix : <x> . :a :b ", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl"):
        Lexicon.load(tmp_path)


def test_real_lexicon_loads() -> None:
    assert list(LEXICON_DIR.glob("*.ttl")), "data/lexicon has no Turtle files"
    lex = Lexicon.load()
    assert len(lex) >= 300
    assert all(e.label_en or e.label_ar for e in lex.entries)
