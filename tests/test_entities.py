"""Entity mentions: lexicon names with clitics, typos, nisbas, discovered names, and the seed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.entities import find_mentions
from kg.lexicon import Lexicon
from kg.model import Mention
from kg.paths import ARTICLES_DIR, LEXICON_DIR
from kg.text.document import make_document
from kg.vocab import RESOURCE

MINI = Path(__file__).parent / "data"
SEED = (ARTICLES_DIR / "roscosmos-cnsa-lunar-station.ar.txt").read_text(encoding="utf-8")
GOLD = Path(__file__).parent / "data" / "seed-gold.json"
NOT_NAMES = {"هذا الكوكب", "لان", "موسكو", "واشنطن", "اتفاقية"}  # coreference and metonymy: not ours


@pytest.fixture(scope="module")
def mini() -> Lexicon:
    return Lexicon.load(MINI)


def mentions(text: str, lex: Lexicon) -> list[Mention]:
    found = find_mentions(make_document(text, "t", lex.known_words), lex)
    assert all(text[m.start : m.end] == m.text for m in found)
    return found


def spans(text: str, lex: Lexicon) -> list[tuple[str, str, str]]:
    return [(m.text, m.entity.removeprefix(RESOURCE), m.method) for m in mentions(text, lex)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("التابعة لناسا", [("ناسا", "NASA", "lexicon")]),
        ("مشروع للصين", [("للصين", "China", "lexicon")]),
        ("روسيا والصين", [("روسيا", "Russia", "lexicon"), ("الصين", "China", "lexicon")]),
        ("موسكو وواشنطن", [("موسكو", "Moscow", "lexicon"), ("واشنطن", "Washington_DC", "lexicon")]),
        ("تقودها الولايات المتحدة", [("الولايات المتحدة", "United_States", "lexicon")]),
        ("تقودها ولايات متحدة", [("ولايات متحدة", "United_States", "lexicon")]),
        ("وبالولايات المتحدة الأمريكية", [("الولايات المتحدة الأمريكية", "United_States", "lexicon")]),
        ("مسبارها Tianwen-1 الذي", [("Tianwen-1", "Tianwen-1", "lexicon")]),
        ("على متن ميركوري ريدستون 3.", [("ميركوري ريدستون 3", "Mercury-Redstone_3", "lexicon")]),
        ("قالت nasa إن", [("nasa", "NASA", "lexicon")]),
    ],
)
def test_lexicon_names(text: str, expected: list[tuple[str, str, str]], mini: Lexicon) -> None:
    assert spans(text, mini) == expected


def test_washington_is_not_w_plus_ashington(mini: Lexicon) -> None:
    (m,) = mentions("واشنطن", mini)
    assert (m.start, m.etype) == (0, "City")


def test_typos(mini: Lexicon) -> None:
    assert spans("من Mmoon إلى", mini) == [("Mmoon", "Moon", "fuzzy")]
    assert spans('صحيفة " لجارديان" البريطانية', mini) == [("جارديان", "The_Guardian", "fuzzy")]
    assert spans("أرسلت روسكوزموز", mini) == [("روسكوزموز", "Roscosmos", "fuzzy")]
    assert spans("وصل Mars و Maps", mini)[0][:2] == ("Mars", "Mars")
    assert all(m.confidence < 1 for m in mentions("من Mmoon إلى", mini))


def test_alan_shepard_but_not_now(mini: Lexicon) -> None:
    assert spans("حيث أرسلت الآن شيبرد على متن", mini) == [("الآن شيبرد", "Alan_Shepard", "lexicon")]
    assert spans("الذي يدور الآن حول المريخ", mini) == [("المريخ", "Mars", "lexicon")]
    assert spans("ألان شيبرد", mini) == [("ألان شيبرد", "Alan_Shepard", "lexicon")]


def test_descriptive_name_merges_with_the_latin_name(mini: Lexicon) -> None:
    found = spans("مع وكالة الفضاء الروسية Roscosmos.", mini)
    assert found == [
        ("وكالة الفضاء الروسية Roscosmos", "Roscosmos", "lexicon"),
        ("الروسية", "Russia", "nisba"),
    ]


def test_nisbas(mini: Lexicon) -> None:
    assert spans("ملياردير روسي ومهندسة صينية والأمريكيون", mini) == [
        ("روسي", "Russia", "nisba"),
        ("صينية", "China", "nisba"),
        ("الأمريكيون", "United_States", "nisba"),
    ]
    assert spans("Russian engineers", mini) == [("Russian", "Russia", "nisba")]


def test_no_name_discovered_from_a_nationality_or_a_pronoun(mini: Lexicon) -> None:
    """After a trigger noun, a nationality adjective or لها/له is not the name of a new craft."""
    assert spans("أطلقت الصين مسبار صيني جديد", mini) == [
        ("الصين", "China", "lexicon"),
        ("صيني", "China", "nisba"),
    ]
    assert spans("وهو أول مسبار لها منذ عام 2019", mini) == []
    found = spans("أطلقت الصين مسبار Chang-Xu الجديد", mini)
    assert [(t, m) for t, _, m in found] == [("الصين", "lexicon"), ("Chang-Xu", "pattern")]
    assert found[1][1].startswith("new-Probe-")


def test_nothing_from_teasers(mini: Lexicon) -> None:
    text = "أعلنت ناسا. اقرأ أيضا روسيا والصين في القمر ويقول الخبراء إن المريخ"
    assert [m.text for m in mentions(text, mini)] == ["ناسا", "المريخ"]


def test_person_in_apposition_is_discovered(mini: Lexicon) -> None:
    (m,) = [m for m in mentions("يقول تشين لان، المحلل المستقل، إن المحطة مهمة", mini) if m.method == "pattern"]
    assert (m.text, m.etype, m.label) == ("تشين لان", "Person", "تشين لان")
    assert m.entity.startswith(RESOURCE + "new-Person-") and m.confidence < 1


def test_names_after_triggers(mini: Lexicon) -> None:
    found = mentions("وقال رائد الفضاء جون هاريس إن المسبار Hope وصل", mini)
    assert [(m.text, m.etype) for m in found if m.method == "pattern"] == [("جون هاريس", "Person"), ("Hope", "Probe")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('انطلق التلسكوب الأوروبي "سيرينا" أمس من غويانا.', "سيرينا"),
        ('أطلقت الوكالة المرصد الشمسي الهندي "أديتيا" أمس.', "أديتيا"),
        ('وصل المسبار الكوري الجنوبي "دانوري" إلى مدار القمر.', "دانوري"),
    ],
)
def test_a_quoted_name_after_adjectives_of_relation(text: str, name: str, mini: Lexicon) -> None:
    """Adjectives of relation the lexicon does not know (الأوروبي، الشمسي، الجنوبي) between a craft noun and
    a quoted name do not hide the name."""
    assert [m.text for m in mentions(text, mini) if m.method == "pattern"] == [name]


def test_a_hyphenated_family_name_is_whole(mini: Lexicon) -> None:
    """"لوبيز-أليغريا": the word after the hyphen (its alef with a hamza, no article) is the name's."""
    found = [m.text for m in mentions("برفقة قائد المهمة مايكل لوبيز-أليغريا، رائد ناسا السابق.", mini)]
    assert "مايكل لوبيز-أليغريا" in found


def test_adjectives_of_relation_need_a_quoted_name(mini: Lexicon) -> None:
    """Without the closing quoted name, the words after the adjectives are no name."""
    found = [m.text for m in mentions("انطلق التلسكوب الأوروبي الجديد أمس من غويانا.", mini) if m.method == "pattern"]
    assert found == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "تأسست الشركة على يد ثلاثة مهندسين شبان هم يريف باش وكفير داماري ويوناتان واينتروب، عام 2011",
            ["يريف باش", "كفير داماري", "يوناتان واينتروب"],
        ),
        (
            "ويقود المهمة رائد الفضاء ني هاي شنغ، ويرافقه ليو بومينغ وتانغ هونغ بو، على متن المركبة",
            ["ني هاي شنغ", "ليو بومينغ", "تانغ هونغ بو"],
        ),
        ("ويضم الطاقم رائد الفضاء جون هاريس وبيتر مالك", ["جون هاريس", "بيتر مالك"]),
        # a role before each name is not part of it; "، و" after a name is "and" (a given name aside)
        (
            "وعلى متنه ثلاثة رواد: رائد الفضاء جون هاريس، والطيار بيتر مالك، وساندرا كولفين",
            ["جون هاريس", "بيتر مالك", "ساندرا كولفين"],
        ),
        ("على متن المركبة، برفقة رائد الفضاء جون هاريس ومهندس الرحلة بيتر مالك", ["جون هاريس", "بيتر مالك"]),
        ("ويرافقه ليو بومينغ، وانغ يابو، على متن المركبة", ["ليو بومينغ", "وانغ يابو"]),
        # not lists of names: a relative, a plural noun, "while they …", no crew in the sentence
        ("وأكد رائد الفضاء جون هاريس وشقيقه مارك أن الرحلة آمنة", ["جون هاريس"]),
        ("وصل رواد الفضاء وهم يطفون داخل الوحدة", []),
        ("قال الدكتور جون هاريس ومسؤولون آخرون إن المهمة نجحت", ["جون هاريس"]),
    ],
)
def test_names_in_lists_of_people(text: str, names: list[str], mini: Lexicon) -> None:
    found = [m for m in mentions(text, mini) if m.method == "pattern"]
    assert [m.text for m in found] == names
    assert all(m.etype == "Person" for m in found)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("وقالت هايلي أرسينو إن الرحلة آمنة", ["هايلي أرسينو"]),
        ("أكد أليكسي أوفتشينين وزميله أن الطاقم بخير", ["أليكسي أوفتشينين"]),
        ("وانضم وكريس سيمبروسكي إلى الطاقم", ["كريس سيمبروسكي"]),  # the name starts after و
        ("وصرح هزاع المنصوري بأن التجربة فريدة", ["هزاع المنصوري"]),  # an Arabic family name with ال
        ("وأكد ألكسندر ألكسندروف أن الرحلة آمنة", ["ألكسندر ألكسندروف"]),  # أل with a hamza: no article
        ("وقال أليكسي إلى جانب زملائه إن الرحلة آمنة", []),  # "إلى" is a common word, not a family name
        ("التقى الوفد بسلطان بن سلمان في الرياض", []),  # a preposition on the given name: not read
        ("ورافقه سلطان بن سلمان في الرحلة", ["سلطان بن سلمان"]),
        # a given name alone, before a common word, before a nationality, or before a definite noun
        ("وقال شقيقه مارك، إن الرحلة ناجحة", []),
        ("وقال جون إن الرحلة ناجحة", []),
        ("أكد محمد الصيني أن المشروع جاهز", []),
        ("وكان نيل الجائزة هدفا للفريق", []),
    ],
)
def test_a_given_name_opens_a_persons_name(text: str, names: list[str], mini: Lexicon) -> None:
    found = [m for m in mentions(text, mini) if m.method == "pattern"]
    assert [m.text for m in found] == names
    assert all(m.etype == "Person" for m in found)


@pytest.mark.parametrize(
    "text",
    [
        "قال المسؤول، المحلل في الوكالة",
        "وأضاف لان: سيكون هذا مهما",
        "المحلل المستقل المتخصص في برنامج الفضاء",
        "وصلت مركبة هبوط إلى السطح",
        "كشفت عن خطط لإنشاء محطة فضاء قمري مشتركة",
        "هو مسبار أطلقته وكالة الفضاء الأمريكية عام 2018",
    ],
)
def test_no_junk_names(text: str, mini: Lexicon) -> None:
    assert [m.text for m in mentions(text, mini) if m.method == "pattern"] == []


def _check_overlaps(found: list[Mention]) -> None:
    for a in found:
        for b in found:
            if a is not b and a.span.overlaps(b.span):
                inner = a if b.span.contains(a.span) and a.span != b.span else b
                outer = b if inner is a else a
                assert inner.method == "nisba" and outer.span.contains(inner.span), (a, b)


_PIECES = ["روسيا", "والصين", "لناسا", "الولاياتالمتحدة", "Mmoon", "الآن", "شيبرد", "اقرأ أيضا", "، المحلل"]
_MIXED = st.lists(
    st.one_of(
        st.sampled_from([*_PIECES, " ", "،", ".", "؟", '"', "(", ")", "-", "\n", "\x00", "ـ", "َ"]),
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_MIXED)
def test_find_mentions_never_raises(text: str) -> None:
    lex = Lexicon.load(MINI)
    found = mentions(text, lex)
    assert found == sorted(found, key=lambda m: (m.start, -m.end))
    _check_overlaps(found)


# ---------------------------------------------------------------- the seed, with the real lexicon


@pytest.fixture(scope="module")
def real() -> Lexicon:
    assert list(LEXICON_DIR.glob("*.ttl")), "data/lexicon has no Turtle files"
    return Lexicon.load()


@pytest.fixture(scope="module")
def seed_mentions(real: Lexicon) -> list[Mention]:
    return find_mentions(make_document(SEED, "seed", real.known_words), real)


def _word_occurrences(surface: str) -> list[tuple[int, int]]:
    pattern = rf"(?<![\w\u064b-\u0652]){re.escape(surface)}(?![\w\u064b-\u0652])"
    return [(m.start(), m.end()) for m in re.finditer(pattern, SEED)]


def _gold_names() -> list[tuple[str, str, str]]:
    if not GOLD.exists():
        return []
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    return [
        (e["label_en"], e["wikidata"] or "", s)
        for e in gold["entities"]
        for s in e["surfaces"]
        if s not in NOT_NAMES and e["key"] != "chen_lan"
    ]


@pytest.mark.parametrize(("label", "qid", "surface"), _gold_names())
def test_seed_gold_surfaces(label: str, qid: str, surface: str, real: Lexicon, seed_mentions: list[Mention]) -> None:
    doc = make_document(SEED, "seed", real.known_words)
    teaser = [s for s in doc.sentences if s.boilerplate]
    occurrences = [o for o in _word_occurrences(surface) if not any(s.start <= o[0] < s.end for s in teaser)]
    assert occurrences, surface
    for start, end in occurrences:
        linked = {m.entity for m in seed_mentions if m.start < end and start < m.end}
        entries = [real.get(iri) for iri in linked]
        assert any(e and (e.label_en.lower() == label.lower() or (qid and e.qid == qid)) for e in entries), (
            surface,
            start,
            [(m.text, m.entity) for m in seed_mentions if m.start < end and start < m.end],
        )


def test_seed_chen_lan_is_discovered(seed_mentions: list[Mention]) -> None:
    (m,) = [m for m in seed_mentions if m.text == "تشين لان"]
    assert (m.etype, m.method, m.label) == ("Person", "pattern", "تشين لان")


def test_seed_nothing_from_the_teaser(real: Lexicon, seed_mentions: list[Mention]) -> None:
    start = SEED.index("اقرأ ايضا")
    end = SEED.index("ويقول الخبراء")
    assert [m.text for m in seed_mentions if start <= m.start < end] == []


def test_seed_now_is_not_a_mention(seed_mentions: list[Mention]) -> None:
    now = SEED.index("يدور الآن حول") + len("يدور ")
    assert [m.text for m in seed_mentions if m.start <= now < m.end] == []


def test_seed_mentions_are_well_formed(seed_mentions: list[Mention]) -> None:
    assert all(SEED[m.start : m.end] == m.text for m in seed_mentions)
    _check_overlaps(seed_mentions)
    assert [m.text for m in seed_mentions if m.method == "pattern"] == ["تشين لان"]


def test_definite_triggers_take_only_latin_names(mini: Lexicon) -> None:
    assert [m.text for m in mentions("وأكد أن المهمة ستنجح", mini) if m.method == "pattern"] == []
    found = [(m.text, m.etype) for m in mentions("وصل المسبار Juno أمس", mini) if m.method == "pattern"]
    assert found == [("Juno", "Probe")]


def test_a_dateline_is_no_mention() -> None:
    """ "بكين – …" opening an article is where it was filed, not a part of the story: neither the city
    nor the government; later in a sentence "مع موسكو-" still stands for Russia, and a country in the
    dateline's brackets is still a mention."""
    from kg.extract.pipeline import extract
    from kg.lexicon import Lexicon
    from kg.model import ArticleMeta

    text = "بكين – أطلقت الصين مركبة. وسعت الصين إلى شراكة مع موسكو- في عام 2020."
    ex = extract(text, ArticleMeta("d", "d.txt"), Lexicon.load())
    kinds = [(m.text, m.entity.rsplit("/", 1)[-1]) for m in ex.mentions if m.text in ("بكين", "موسكو")]
    assert kinds == [("موسكو", "Russia")]
    ex = extract("بايكونور (كازاخستان) – انطلقت المركبة.", ArticleMeta("d", "d.txt"), Lexicon.load())
    assert [(m.text, m.etype) for m in ex.mentions] == [("كازاخستان", "Country")]
    ex = extract("وصل الوفد إلى بكين – كما قيل.", ArticleMeta("d", "d.txt"), Lexicon.load())
    assert [m.text for m in ex.mentions] == ["بكين"]  # not at the start: no dateline


def test_a_series_letter_after_a_hyphen_belongs_to_the_name(mini: Lexicon) -> None:
    found = [m for m in mentions('أطلقت مصر القمر الصناعي "إيجيبت سات-A" عام 2019', mini) if m.method == "pattern"]
    assert [(m.text, m.etype) for m in found] == [("إيجيبت سات-A", "Spacecraft")]


# ---------------------------------------------------------------- series, titles, nationalities, craft names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the lexicon knows ميركوري ريدستون 3 and Tianwen-1: other numbers are members of the series
        ("أطلقت ميركوري ريدستون 4 أمس", [("ميركوري ريدستون 4", "Mission")]),
        ("ووصلت Tianwen-7 إلى المريخ", [("Tianwen-7", "Probe"), ("المريخ", "Planet")]),
        # not a member: a count of people after the number, or only part of the series' name
        ("على متن ميركوري ريدستون 4 رواد", []),
        ("أطلقت ميركوري 4 أمس", []),
    ],
)
def test_members_of_a_series_the_lexicon_knows(text: str, expected: list[tuple[str, str]], mini: Lexicon) -> None:
    assert [(m.text, m.etype) for m in mentions(text, mini)] == expected


def test_a_series_member_is_one_entity_however_written(mini: Lexicon) -> None:
    a = [m for m in mentions("أطلقت ميركوري ريدستون 4 أمس", mini) if m.method == "series"]
    b = [m for m in mentions("ثم وميركوري ريدستون-4 أيضا", mini) if m.method == "series"]
    assert len(a) == len(b) == 1 and a[0].entity == b[0].entity
    assert b[0].text == "ميركوري ريدستون-4"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("وقال مدير ناسا كوفي دارمونت إن المهمة نجحت", ["كوفي دارمونت"]),
        ("وأكد رئيس روسكوزموس السابق ماركو تيلوني أن الموعد ثابت", ["ماركو تيلوني"]),
        ("وقال المتحدث باسم ناسا سيلفان أوربيكو إن الطاقم بخير", ["سيلفان أوربيكو"]),
        # a title and an organization with no name after them
        ("وقال مدير ناسا إن المهمة نجحت", []),
        ("وقال مدير ناسا الجديد إن المهمة نجحت", []),
    ],
)
def test_a_title_in_an_organization_opens_a_persons_name(text: str, names: list[str], mini: Lexicon) -> None:
    found = [m for m in mentions(text, mini) if m.method == "pattern"]
    assert [m.text for m in found] == names
    assert all(m.etype == "Person" for m in found)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a nationality before a name is left to the other passes: no name from it alone
        ("وضم الطاقم إلى جانب الروسي ماركيل دوبوفا", []),
        ("أطلق المسبار الصيني دونغلو فانغ إلى القمر", []),
        ('هبطت مركبة "تيانلو-3" الصينية بنجاح قرب القطب', ["تيانلو-3"]),
    ],
)
def test_a_nationality_alone_opens_no_name(text: str, names: list[str], mini: Lexicon) -> None:
    assert [m.text for m in mentions(text, mini) if m.method == "pattern"] == names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('ولجأ الرواد إلى مركبة الهبوط القمرية "ستارلو" بعد الانفجار', [("ستارلو", "Lander")]),
        ('وهبطت كبسولتهم "نوفارا" في المحيط', [("نوفارا", "Spacecraft")]),
        ("وأوضح مدير المشروع كينجي تاكادا أن العينات سليمة", [("كينجي تاكادا", "Person")]),
        # a possessed craft noun takes only a quoted name
        ("وهبطت كبسولتهم الجديدة في المحيط", []),
        ("وقالت الوكالة إن مسبارها يعمل", []),
    ],
)
def test_craft_nouns_and_roles_before_a_name(text: str, expected: list[tuple[str, str]], mini: Lexicon) -> None:
    assert [(m.text, m.etype) for m in mentions(text, mini) if m.method == "pattern"] == expected


def test_transliteration_skeletons_fold_spelling_variants() -> None:
    from kg.extract.entities import _skeleton

    # invented names: g written غ/ج/ق, ch written تش/ش, long vowels written or left out
    assert _skeleton("غاروفسكي") == _skeleton("جاروفسكي") == _skeleton("قاروفسكي") == _skeleton("جروفسكي")
    assert _skeleton("تشيرنوفا") == _skeleton("شيرنوفا")
    assert _skeleton("ماتينغلي") == _skeleton("ماتنجلي")
    assert _skeleton("غاروفسكي") != _skeleton("كاروفسكي")  # k is not g
    assert _skeleton("ماريك") != _skeleton("ماريش")  # nor is sh k


INVENTED = """@prefix sk: <https://w3id.org/spacekg/ontology#> .
@prefix skr: <https://w3id.org/spacekg/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
skr:Marek_Garovsky a sk:Astronaut ; rdfs:label "Marek Garovsky"@en , "ماريك غاروفسكي"@ar ;
    skos:altLabel "ماريك ماكس غاروفسكي"@ar .
skr:Tessa_Chirnova a sk:Astronaut ; rdfs:label "Tessa Chirnova"@en , "تيسا تشيرنوفا"@ar .
"""


@pytest.fixture(scope="module")
def invented(tmp_path_factory: pytest.TempPathFactory) -> Lexicon:
    folder = tmp_path_factory.mktemp("lexicon")
    (folder / "people.ttl").write_text(INVENTED, encoding="utf-8")
    return Lexicon.load(folder)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وصل ماريك جاروفسكي إلى المدار", [("ماريك جاروفسكي", "Marek_Garovsky")]),
        ("وقال وماريك قاروفسكي أيضا", [("ماريك قاروفسكي", "Marek_Garovsky")]),
        ("وقالت تيسا شيرنوفا إن", [("تيسا شيرنوفا", "Tessa_Chirnova")]),
        ("وقالت تسا تشرنوفا إن", [("تسا تشرنوفا", "Tessa_Chirnova")]),
        # another consonant, or one word alone, is not the name
        ("وصل ماريك كاروفتسكي إلى المدار", []),
        ("وصل جاروفسكي إلى المدار", []),
    ],
)
def test_a_name_spelled_another_way_by_its_skeleton(
    text: str, expected: list[tuple[str, str]], invented: Lexicon
) -> None:
    found = [(m.text, m.entity.removeprefix(RESOURCE)) for m in mentions(text, invented) if m.method == "fuzzy"]
    assert found == expected


def test_a_nickname_in_quotation_marks_inside_a_known_name(invented: Lexicon, mini: Lexicon) -> None:
    found = [(m.text, m.entity.removeprefix(RESOURCE)) for m in mentions('قاد المهمة ماريك "ماكس" غاروفسكي', invented)]
    assert found == [('ماريك "ماكس" غاروفسكي', "Marek_Garovsky")]
    # one quotation mark only is no nickname: the name is not read across it
    assert [m.text for m in mentions('قال ماريك" غاروفسكي', invented) if m.method == "lexicon"] == []


def test_the_future_prefix_is_never_read_on_a_name(mini: Lexicon) -> None:
    """س goes on verbs: "سروسي" is no س + روسي (Russian), while "وروسي" is و + روسي."""
    assert spans("قال الطيار سروسي إن", mini) == []
    assert spans("مهندس وروسي", mini) == [("روسي", "Russia", "nisba")]


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("وقال رائد الفضاء ماريو غاروفسكي إن", "Marek_Garovsky"),  # same family name, first names alike
        ("وقال رائد الفضاء بيتر غاروفسكي إن", None),  # another first name: another person
    ],
)
def test_a_found_person_written_another_way_is_the_known_one(text: str, entity: str | None, invented: Lexicon) -> None:
    (m,) = [m for m in mentions(text, invented) if m.etype in ("Person", "Astronaut")]
    assert m.entity.removeprefix(RESOURCE) == entity if entity else m.entity.startswith(RESOURCE + "new-Person-")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وهي أول مركبة تجول هناك", []),  # a short unquoted Arabic word: a verb
        ("أطلقوا صاروخ سابق للشركة", []),
        ("وخرج يانغ مبتسما من الكبسولة", []),  # a participle of manner is no family name
        ("أطلقت الشركة مركبة كايروسا أمس", [("كايروسا", "Spacecraft")]),
        ('أطلقت الشركة مركبة "ليرا" أمس', [("ليرا", "Spacecraft")]),
    ],
)
def test_short_words_after_a_craft_noun_are_not_names(
    text: str, expected: list[tuple[str, str]], mini: Lexicon
) -> None:
    assert [(m.text, m.etype) for m in mentions(text, mini) if m.method == "pattern"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('وتتجه المركبة نحو الكويكب "2031 QX17" بعد ذلك', ["2031 QX17"]),
        ("ورصد العلماء 2019 AB4 قرب الأرض", ["2019 AB4"]),
        # a year and an abbreviation, or a year and a lower-case word, are no designation
        ("في عام 2019 UK أيضا", []),
        ("في عام 2019 NASA", []),
    ],
)
def test_provisional_designations_are_bodies(text: str, expected: list[str], mini: Lexicon) -> None:
    found = [m for m in mentions(text, mini) if m.etype == "CelestialBody" and m.method == "pattern"]
    assert [m.text for m in found] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quoted name after its noun is read whole, common words included
        ('ضمن برنامج "رواد في المدار" الذي أطلقته الوكالة', [("رواد في المدار", "Program")]),
        ('وانطلقت الرحلة "سكاي لاين-4" فجرا', [("سكاي لاين-4", "Mission")]),
        ("وقالت مجلة أسترونوميكا إن", [("أسترونوميكا", "Newspaper")]),
        ("وقال وزير العلوم كيران دوفال إن", [("كيران دوفال", "Person")]),
        # quoted praise, an unclosed quote, or a quote too long are not names
        ('ووصفت الرحلة "التاريخية" بأنها ناجحة', []),
        ('ضمن برنامج "رواد في المدار الأرضي المنخفض حول الكوكب" الذي', []),
    ],
)
def test_quoted_names_and_more_trigger_nouns(text: str, expected: list[tuple[str, str]], mini: Lexicon) -> None:
    assert [(m.text, m.etype) for m in mentions(text, mini) if m.method == "pattern"] == expected


def test_launch_sites_are_read_but_not_mentioned(real: Lexicon) -> None:
    """Launch sites (data/lexicon/unmentioned.txt) have no class or predicate: their words are taken
    (مركز كينيدي is no John F. Kennedy) but they are not mentions."""
    from kg.extract.entities import _unmentioned

    listed = _unmentioned(real)
    names = (LEXICON_DIR / "unmentioned.txt").read_text(encoding="utf-8").split("\n")
    assert len(listed) == len([n for n in names if n.strip() and not n.startswith("#")])  # each is an entry
    found = mentions("انطلق الصاروخ من مركز كينيدي للفضاء ومن بايكونور نحو القمر", real)
    assert [m.entity.removeprefix(RESOURCE) for m in found] == ["Moon"]


def test_a_city_naming_a_time_zone_is_no_mention(real: Lexicon) -> None:
    found = [m.text for m in mentions("انطلقت عند السادسة بتوقيت بكين، ثم عادت إلى بكين", real)]
    assert found == ["بكين"] and mentions("انطلقت عند السادسة بتوقيت بكين", real) == []


def test_a_series_member_takes_its_peers_class_over_the_bare_name(real: Lexicon) -> None:
    """The lexicon's سويوز alone is the rocket, but its numbered members are flights: a number it does
    not list is a flight too; a craft noun before it says more than either."""
    found = {m.text: m.etype for m in mentions("وانطلقت سويوز 10 أمس، ثم المركبة سويوز 12", real)}
    assert found == {"سويوز 10": "Mission", "المركبة سويوز 12": "Spacecraft"}


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("ونقلت الوكالة عن سون لي تشاو، كبير المصممين، أن", ["سون لي تشاو"]),  # a third syllable before a comma
        ("وقال جون هاريس كوبرن.", ["جون هاريس كوبرن"]),
        # no third word: another name after و, a word that goes on, an accusative noun
        ("وضم الطاقم جون هاريس وبيتر مالك.", ["جون هاريس", "بيتر مالك"]),
        ("وقاد جون هاريس مركبته إلى المحطة", ["جون هاريس"]),
        ("أجرى جون هاريس اتصالا بالطاقم", ["جون هاريس"]),
    ],
)
def test_a_third_word_of_a_name_before_a_comma(text: str, names: list[str], mini: Lexicon) -> None:
    assert [m.text for m in mentions(text, mini) if m.method == "pattern"] == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("وساهم رجل الأعمال فيليكس كان، رئيس الجمعية، في التمويل", ["فيليكس كان"]),
        # a common word that goes on, or a title with no name, is no family name
        ("وقال رجل الأعمال فيليكس كان يعمل في المشروع", []),
        ("وقال رائد الفضاء إنه كان، كما قيل، سعيدا", []),
    ],
)
def test_a_family_name_that_is_a_common_word_before_a_comma(text: str, names: list[str], mini: Lexicon) -> None:
    assert [m.text for m in mentions(text, mini) if m.method == "pattern"] == names


@pytest.mark.parametrize(
    "text",
    [
        "وانطلق الصاروخ في مهمة يقودها رائد الفضاء جون هاريس.",
        "وشاركت الوكالة في مهمة تنفذها شركة خاصة.",
        "وتعطل المسبار في مهمة أطلقوها قبل عامين.",
    ],
)
def test_a_verb_with_an_object_pronoun_after_a_noun_is_no_name(text: str, real: Lexicon) -> None:
    assert [m.text for m in mentions(text, real) if m.etype == "Mission"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وحلق رواد المهمة على متن المركبة سويوز تي إم إيه-13 إلى المحطة.", ("سويوز تي إم إيه-13", "series")),
        ("وأطلقت الصين الصاروخ لونغ مارش 2 سي من القاعدة.", ("لونغ مارش 2 سي", "series")),
        ("وحمل الصاروخ لونغ مارش-7A القمر إلى مداره.", ("لونغ مارش-7A", "series")),
        ("وانطلق القمر الصناعي عربسات 2-ج من غويانا.", ("عربسات 2-ج", "series")),
        ("وتدير المؤسسة القمر الصناعي عربسات 7 منذ سنوات.", ("عربسات 7", "series")),
    ],
)
def test_a_series_designator_makes_another_member(text: str, expected: tuple[str, str], real: Lexicon) -> None:
    found = [(m.text.removeprefix("المركبة ").removeprefix("القمر الصناعي "), m.method) for m in mentions(text, real)]
    assert expected in found
    assert all(m.etype not in ("Organization",) for m in mentions(text, real) if "عربسات" in m.text)


def test_an_organization_counting_is_no_satellite(real: Lexicon) -> None:
    found = {m.text: m.entity.removeprefix(RESOURCE) for m in mentions("ووقعت عربسات 3 عقود مع ناسا.", real)}
    assert found.get("عربسات") == "Arabsat"


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("وصل الرائدان على متن كبسولة دراغون إنديفور إلى المحطة.", "Space_Shuttle_Endeavour"),
        ('وركب الطاقم الكبسولة، التي أطلقوا عليها اسم "كولومبيا"، قبل الإطلاق.', "Space_Shuttle_Columbia"),
    ],
)
def test_a_capsule_named_after_a_shuttle_is_not_the_shuttle(text: str, absent: str, real: Lexicon) -> None:
    assert absent not in {m.entity.removeprefix(RESOURCE) for m in mentions(text, real)}


def test_a_shuttle_named_as_a_shuttle_is_the_shuttle(real: Lexicon) -> None:
    found = {m.entity.removeprefix(RESOURCE) for m in mentions('وانطلق المكوك "إنديفور" إلى المحطة.', real)}
    assert "Space_Shuttle_Endeavour" in found


@pytest.mark.parametrize(
    ("text", "europa"),
    [
        ("ويرصد المسبار تيتان وإنسيلادوس وأوروبا خلال رحلته.", True),
        ("ويرصد المسبار الزهرة، عطارد، أوروبا.", True),
        ("وسافر الوفد من المريخ وأوروبا إلى آسيا.", False),  # one body before: Europe
        ("ووصل الوفد إلى أوروبا أمس.", False),
    ],
)
def test_a_bodys_bare_name_in_a_list_of_bodies(text: str, europa: bool, real: Lexicon) -> None:
    assert ("Europa" in {m.entity.removeprefix(RESOURCE) for m in mentions(text, real)}) is europa


@pytest.mark.parametrize(
    ("text", "surface", "entity"),
    [
        ("واستقبله الأمير سلمان بن عبد العزيز في القصر.", "الأمير سلمان بن عبد العزيز", "King_Salman"),
        ("وتحدث الرواد من مركز التحكم بمدينة كوروليوف أمس.", "مدينة كوروليوف", "Korolyov"),
        ("ووصل الوفد إلى مدينة هيوستن مساء.", "مدينة هيوستن", "Houston"),
    ],
)
def test_a_rank_or_a_city_noun_before_a_known_name_is_taken_in(
    text: str, surface: str, entity: str, real: Lexicon
) -> None:
    assert (surface, entity) in {(m.text, m.entity.removeprefix(RESOURCE)) for m in mentions(text, real)}


def test_a_name_ending_in_today_before_a_weekday_is_no_name(real: Lexicon) -> None:
    found = {m.text: m.entity.removeprefix(RESOURCE) for m in mentions("وتستضيف روسيا اليوم الخميس مؤتمرا.", real)}
    assert found == {"روسيا": "Russia"}
    found = {m.text: m.entity.removeprefix(RESOURCE) for m in mentions("وذكرت قناة روسيا اليوم أن المركبة وصلت.", real)}
    assert "RT" in found.values()


def test_a_region_named_after_a_country_is_not_the_country(real: Lexicon) -> None:
    found = {m.entity.removeprefix(RESOURCE) for m in mentions("وهبطت الكبسولة في منغوليا الداخلية شمال البلاد.", real)}
    assert "Mongolia" not in found
    assert "Mongolia" in {m.entity.removeprefix(RESOURCE) for m in mentions("ووقعت منغوليا الاتفاق.", real)}


def test_his_saying_ends_a_name(real: Lexicon) -> None:
    text = 'ونقلت وكالة شينخوا عن لي مينغ قوله: "الرحلة رائعة".'
    found = [m.text for m in mentions(text, real) if m.method == "pattern"]
    assert all("قوله" not in name for name in found)


def test_a_lettered_designator_is_not_the_plain_numbered_member(real: Lexicon) -> None:
    text = "وانطلقت سويوز تي-11 بعد سويوز 11 بسنوات."
    found = {m.text: m.entity.removeprefix(RESOURCE) for m in mentions(text, real)}
    assert found.get("سويوز 11") == "Soyuz_11"
    assert found.get("سويوز تي-11", "Soyuz_11") != "Soyuz_11"


def test_a_names_meaning_is_no_mention(real: Lexicon) -> None:
    found = mentions('وأطلقت الصين "تيانغونغ-1"، الذي يعني اسمه "القصر السماوي"، عام 2011.', real)
    assert [m.entity.removeprefix(RESOURCE) for m in found if m.etype == "SpaceStation"] == ["Tiangong_1"]


def test_a_tenth_form_verb_after_a_noun_is_no_name(real: Lexicon) -> None:
    assert [m.text for m in mentions("وعاد الطاقم بعد مهمة تستغرق أسبوعا.", real) if m.etype == "Mission"] == []


def test_an_arabic_name_with_the_fathers_name_and_a_family_name(real: Lexicon) -> None:
    text = "وأوضح سالم علي الشامسي، مدير المركز، أن الرائد بخير."
    found = [m.text for m in mentions(text, real) if m.etype == "Person"]
    assert found == ["سالم علي الشامسي"]
    found = [m.text for m in mentions("والتقى محمد أحمد المصري بالوفد.", real) if m.etype == "Person"]
    assert found == ["محمد أحمد"]


def test_the_pronoun_ana_is_no_given_name(real: Lexicon) -> None:
    assert [m for m in mentions('وهتفت لحظة الإقلاع: "أيتها السماء، أنا قادمة".', real) if m.etype == "Person"] == []


@pytest.mark.parametrize(
    ("text", "france"),
    [
        ("وانطلق الصاروخ من قاعدة كورو في غويانا الفرنسية أمس.", False),
        ("وتقع الجزيرة في بولينيزيا الفرنسية جنوب المحيط.", False),
        ("وقال رائد الفضاء توماس بيسكيه الفرنسي إن الرحلة ناجحة.", True),
        ("وحمل الصاروخ المسبار الفرنسي إلى المدار.", True),
    ],
)
def test_a_nationality_ending_a_place_name_is_no_country(text: str, france: bool, real: Lexicon) -> None:
    assert ("France" in {m.entity.removeprefix(RESOURCE) for m in mentions(text, real)}) is france


@pytest.mark.parametrize(
    ("text", "moon"),
    [
        ("وقد صنع القمر تحالف يضم شركتين أوروبيتين.", False),
        ("وبعد إطلاق القمر بأيام بدأ البث التجريبي.", False),
        ("ووصل الرواد إلى القمر بعد أربعة أيام.", True),
    ],
)
def test_a_moon_that_is_made_or_launched_is_a_satellite(text: str, moon: bool, real: Lexicon) -> None:
    assert ("Moon" in {m.entity.removeprefix(RESOURCE) for m in mentions(text, real)}) is moon


def test_the_model_of_a_named_craft_is_no_mention(real: Lexicon) -> None:
    text = 'ووصل الرواد على الكبسولة "فريدم" من طراز "كرو دراغون".'
    found = {m.entity.removeprefix(RESOURCE) for m in mentions(text, real)}
    assert "Crew_Dragon" not in found
    found = {m.entity.removeprefix(RESOURCE) for m in mentions("وانطلق الرواد على متن صاروخ من طراز فالكون 9.", real)}
    assert "Falcon_9" in found
