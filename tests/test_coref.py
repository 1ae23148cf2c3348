"""Coreference (kg/extract/coref.py) on invented sentences: what refers back, and what must not."""

from __future__ import annotations

from kg.extract.pipeline import extract
from kg.lexicon import Lexicon
from kg.model import ArticleMeta, DateValue, Mention

META = ArticleMeta("case", "case.txt", published=DateValue("2023-09-01", "day"))


def _refs(text: str) -> list[tuple[str, str]]:
    """(surface, entity local name) of every back-reference found."""
    mentions: tuple[Mention, ...] = extract(text, META, Lexicon.load()).mentions
    return [(m.text, m.entity.rsplit("/", 1)[-1]) for m in mentions if m.method == "coref"]


def test_a_flight_as_subject_is_the_mission_named_last() -> None:
    text = "عاد رواد أبولو 13 إلى الأرض بسلام. وكانت الرحلة قد انطلقت في 11 أبريل 1970."
    assert ("الرحلة", "Apollo_13") in _refs(text)


def test_a_flight_after_a_preposition_is_a_time_not_a_thing() -> None:
    text = "انطلقت مهمة أبولو 13 نحو القمر. وعمل القائد في الرحلة التي استغرقت ستة أيام، وقبل هذه الرحلة تدرب طويلا."
    assert not [r for r in _refs(text) if "الرحلة" in r[0]]


def test_an_agency_out_of_reach_is_no_antecedent() -> None:
    """Kept out on purpose: "the only agency the article has named so far" as a fallback gained nothing on
    the tuning splits that the rules did not already find, and cost 0.023 relation precision on the four
    validation splits (2026-12-07)."""
    text = (
        "أطلقت وكالة الفضاء الأوروبية المسبار جوس نحو المشتري. وسيصل المسبار إلى هدفه بعد ثماني سنوات. "
        "ويحمل عشرة أجهزة علمية. وتبلغ كلفته نحو مليار يورو. وقال متحدث باسم الوكالة إن الرحلة طويلة."
    )
    assert not [r for r in _refs(text) if r[0] == "الوكالة"]


def test_a_news_agency_named_since_takes_the_agency_noun_away() -> None:
    text = (
        "أطلقت وكالة الفضاء الأوروبية المسبار جوس نحو المشتري. وسيصل المسبار إلى هدفه بعد ثماني سنوات. "
        "ويحمل عشرة أجهزة علمية. ونقلت وكالة رويترز الخبر. وتبلغ كلفته نحو مليار يورو. "
        "وقال متحدث باسم الوكالة إن الرحلة طويلة."
    )
    assert not [r for r in _refs(text) if r[0] == "الوكالة"]


def test_two_agencies_named_far_back_leave_the_agency_noun_unresolved() -> None:
    text = (
        "أطلقت وكالة الفضاء الأوروبية المسبار جوس نحو المشتري. وتشارك ناسا بجهاز واحد. ويحمل عشرة أجهزة علمية. "
        "وتبلغ كلفته نحو مليار يورو. وقال متحدث باسم الوكالة إن الرحلة طويلة."
    )
    assert not [r for r in _refs(text) if r[0] == "الوكالة"]


def test_an_attached_pronoun_names_the_nearest_craft_of_its_gender() -> None:
    text = 'وصل المسبار "هايابوسا 2" إلى الكويكب. وتعتزم جاكسا إطلاقه مجددا في عام 2031.'
    assert ("ه", "Hayabusa2") in _refs(text)
    feminine = 'أطلقت الهند المركبة "شاندرايان 3" في يوليو 2023. وتعتزم روسيا إطلاقه في عام 2027.'
    assert not [r for r in _refs(feminine) if r[0] == "ه"]


def test_a_feminine_ending_is_no_pronoun_and_a_place_is_no_antecedent() -> None:
    assert not _refs('وأطلقت الصين في 2021 وحدة "تيانخه". وتعمل الشركة على انطلاقة جديدة في 2022.')
    text = 'أقر المسؤول بأن وحدة الخدمة "زفيزدا"، وهي أهم إسهامات روسيا في المحطة، تأخرت، متوقعا إطلاقها في عام 2000.'
    assert ("ها", "Zvezda_module") in _refs(text)


def test_a_pronoun_after_belonging_to_names_the_owner_of_its_gender() -> None:
    text = 'أكدت وكالة ناسا أمس أن المسبار "مارس باثفايندر" التابع لها يعمل بصورة جيدة.'
    assert ("ها", "NASA") in _refs(text)
    assert not [r for r in _refs("وقالت ناسا إن المركبة ستصل لها.") if r[0] == "ها"]


def test_the_gender_a_verb_or_a_pronoun_shows() -> None:
    from kg.extract.coref import agreement

    assert [agreement(w) for w in ("انطلقت", "تدخل", "إقلاعها", "يدخل", "وسيدخل", "إقلاعه")] == ["f"] * 3 + ["m"] * 3
    # a bare perfect, a dual, a plural, a noun and a definite noun show none
    assert {agreement(w) for w in ("انطلق", "انطلقتا", "يدوران", "دورة", "الإطلاق", "")} == {None}


def test_a_surname_after_a_preposition_is_the_person() -> None:
    """ "سبق لهادفيلد أن طار": the surname alone after ل (or ب) is the person named earlier, without the clitic."""
    text = "وصل الكندي كريس هادفيلد إلى المحطة. وسبق لهادفيلد أن طار مرتين."
    assert ("هادفيلد", "Chris_Hadfield") in _refs(text)


def test_a_new_name_again_in_brackets_is_one_entity() -> None:
    """'في مهمة تحمل اسم "إس تي إس-31" (STS-31)': a name the lexicon lacks, repeated in Latin letters in
    brackets, is one entity, and so is that name later on."""
    text = 'انطلق المكوك في مهمة تحمل اسم "إس تي إس-31" (STS-31). وانتهت STS-31 بعد خمسة أيام.'
    mentions = extract(text, META, Lexicon.load()).mentions
    assert len({m.entity for m in mentions if m.etype == "Mission"}) == 1
