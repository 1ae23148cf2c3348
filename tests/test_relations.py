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
        if obj.startswith("@"):  # the claim's point in time
            return "@" + (c.when.value if c.when else "")
        return c.value.value if isinstance(c.value, DateValue) else _local(c.object)

    def minted(iri: str) -> bool:  # "*lander": an entity of class Lander a rule minted
        return subject.startswith("*") and f"/new-{subject[1:].capitalize()}-" in iri

    hits = [
        c
        for c in claims
        if (_local(c.subject) == subject or minted(c.subject))
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


def test_first_since_implies_an_earlier_unnamed_craft() -> None:
    ex = extract("وهي أول مركبة هبوط أمريكية على سطح القمر منذ ديسمبر 1972.", META, Lexicon.load())
    implied = [c for c in ex.claims if "/new-Lander-" in c.subject]
    assert {c.predicate for c in implied} == {"landingDate", "operator", "target"}
    assert all(c.inferred and c.confidence <= 0.6 and c.modality == "asserted" for c in implied)
    landing = next(c for c in implied if c.predicate == "landingDate")
    assert isinstance(landing.value, DateValue) and landing.value.precision == "month"
    assert landing.value.how.startswith("implied:") and landing.value.inferred
    lander = next(e for e in ex.new_entities if e.iri == landing.subject)
    assert lander.etype == "Lander" and "1972-12" in lander.label_ar and "United States" in lander.label_en
    # implied, never named: no mention points at it
    assert all(m.entity != lander.iri for m in ex.mentions)


@pytest.mark.parametrize(
    "sentence",
    [
        "إنها أول مركبة هبوط على سطح القمر في عام 2019.",  # a date, but not "since"
        "وهي أول مهمة من هذا النوع منذ أكثر من 40 عامًا.",  # a bound, not the year of one event
        "أول مركبة هبوط روسية تصل إلى القمر بحلول عام 2027.",  # a deadline
    ],
)
def test_no_earlier_craft_without_a_since_date(sentence: str) -> None:
    ex = extract(sentence, META, Lexicon.load())
    assert not [c for c in ex.claims if c.rule.startswith("implied.")]
    assert not [e for e in ex.new_entities if e.etype in {"Lander", "Mission", "Probe", "Spacecraft"}]


def test_since_date_is_not_the_landing_date_of_the_named_craft() -> None:
    claims = _claims("هبطت المركبة الصينية تشانغ آه 4 على الجانب البعيد من القمر لأول مرة منذ عام 2013.")
    assert not [c for c in claims if _local(c.subject) == "Chang_e_4" and c.predicate == "landingDate"]


def test_anniversary_dated_from_the_celebrated_event() -> None:
    claims = _claims("تحتفل الصين بالذكرى العاشرة لهبوط تشانغ آه 3 على القمر في ديسمبر 2013.")
    anniversary = next(c for c in claims if c.predicate == "celebratesAnniversary")
    assert anniversary.value == "الذكرى العاشرة لهبوط تشانغ آه 3 على القمر في ديسمبر 2013"
    assert anniversary.when is not None and anniversary.when.value == "2023-12"
    assert anniversary.when.how == "the 10th anniversary of 2013-12"


def test_a_return_to_earth_is_no_target() -> None:
    """`exclude` in a rule: "عادت مركبة أوريون إلى الأرض" is a return, while "… إلى القمر" is a target."""
    back = _claims("وعادت مركبة أوريون إلى الأرض في ديسمبر 2022.")
    assert not [c for c in back if c.predicate == "target"]
    out = _claims("وانطلقت مركبة أوريون إلى القمر في نوفمبر 2022.")
    assert [(_local(c.subject), _local(c.object)) for c in out if c.predicate == "target"] == [
        ("Orion_spacecraft", "Moon")
    ]


def test_crew_fly_when_their_craft_launches() -> None:
    """`inferred.crew_flight`: crew of a craft with one launch date get that date as their flight,
    marked inferred and less confident, with the crew claim's own evidence."""
    text = "انطلقت مهمة أبولو 11 في 16 يوليو 1969. وكان نيل آرمسترونغ وباز ألدرين على متن أبولو 11."
    claims = _claims(text)
    flights = {_local(c.subject): c for c in claims if c.predicate == "spaceflightDate"}
    assert set(flights) == {"Neil_Armstrong", "Buzz_Aldrin"}
    armstrong = flights["Neil_Armstrong"]
    assert isinstance(armstrong.value, DateValue) and armstrong.value.value == "1969-07-16"
    assert armstrong.inferred and armstrong.rule == "inferred.crew_flight" and armstrong.confidence < 0.85
    assert text[armstrong.evidence.start : armstrong.evidence.end] == armstrong.quote
    assert "على متن" in armstrong.quote
    # two launch dates for the craft: no guess
    twice = _claims(text + " وأطلقت ناسا أبولو 11 مرة أخرى في 20 يوليو 1969.")
    assert not [c for c in twice if c.predicate == "spaceflightDate"]


def test_a_since_date_never_dates_the_event() -> None:
    """ "منذ عام 1976" tells how long something has (not) happened; the landing itself is undated."""
    claims = _claims("وهبطت المركبة الروسية لونا 25 على سطح القمر منذ عام 1976.")
    assert [(c.predicate, _local(c.object)) for c in claims if c.predicate == "target"] == [("target", "Moon")]
    assert not [c for c in claims if c.predicate == "landingDate" and _local(c.subject) == "Luna_25"]


def test_a_surname_alone_refers_back_and_a_quoted_place_name_after_a_craft_noun_is_the_craft() -> None:
    text = (
        "انطلقت مهمة أبولو 11 وعلى متنها ثلاثة رواد هم نيل آرمسترونغ وباز ألدرين ومايكل كولينز. "
        'وبقي كولينز في المدار على متن وحدة القيادة "كولومبيا".'
    )
    ex = extract(text, META, Lexicon.load())
    (crew,) = [c for c in ex.claims if c.sentence == 1 and c.predicate == "crewMemberOf"]
    assert _local(crew.subject) == "Michael_Collins"
    assert "/new-Spacecraft-" in (crew.object or "")  # not Colombia
    assert [e.label_ar for e in ex.new_entities if e.iri == crew.object] == ["كولومبيا"]


def test_a_short_or_common_surname_alone_is_no_reference() -> None:
    text = "قال رجل الأعمال موريس كان إن الفريق حاول. وكان المسبار قد وصل إلى مدار القمر."
    ex = extract(text, META, Lexicon.load())
    assert not [m for m in ex.mentions if m.sentence == 1 and m.etype == "Person"]


def test_what_was_said_ends_at_the_closing_quotation_mark() -> None:
    text = 'وقال نيل آرمسترونغ عبارته الشهيرة: "هذه خطوة صغيرة لإنسان"، ثم لحق به باز ألدرين بعد عشرين دقيقة.'
    (said,) = [c for c in _claims(text) if c.predicate == "said"]
    assert said.value == "هذه خطوة صغيرة لإنسان"


def test_a_landing_places_the_craft_on_the_body_but_not_on_the_earth() -> None:
    landed = _claims("هبطت المركبة فيكرام على سطح القمر في 23 أغسطس 2023.")
    assert {(_local(c.object), c.modality) for c in landed if c.predicate == "locatedOn"} == {("Moon", "asserted")}
    back = _claims("هبطت المركبة سويوز على الأرض في 23 أغسطس 2023.")
    assert not [c for c in back if c.predicate in ("locatedOn", "target")]


def test_an_unknown_type_group_in_an_emit_is_refused_when_the_rules_load(tmp_path: Path) -> None:
    from kg.errors import SpacekgError
    from kg.extract.rules import load_rules
    from kg.paths import RULES_DIR

    for name in ("types.toml", "cues.toml", "relations.toml"):
        (tmp_path / name).write_text((RULES_DIR / name).read_text("utf-8"), "utf-8")
    rules = tmp_path / "relations.toml"
    rules.write_text(rules.read_text("utf-8").replace('s = "p/PERSON"', 's = "p/PERSONS_X"'), "utf-8")
    with pytest.raises(SpacekgError, match="unknown type group 'PERSONS_X'"):
        load_rules(tmp_path)


NEGATIVE = [
    line.split("\t")
    for line in (Path(__file__).parent / "data" / "relations-negative-cases.tsv").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


@pytest.mark.parametrize("sentence,subject,predicate,obj,modality", NEGATIVE)
def test_near_miss_does_not_fire(sentence: str, subject: str, predicate: str, obj: str, modality: str) -> None:
    def value(c: Claim) -> str:
        return c.value.value if isinstance(c.value, DateValue) else _local(c.object)

    wrong = [
        c
        for c in _claims(sentence)
        if _local(c.subject) == subject
        and c.predicate == predicate
        and obj in ("*", value(c))
        and modality in ("*", c.modality)
    ]
    assert not wrong, [(c.rule, value(c), c.modality) for c in wrong]


def test_a_minted_agreement_is_named_with_its_adjective() -> None:
    ex = extract("وانضمت كندا إلى محطة الفضاء الدولية بموجب اتفاقية منفصلة مع ناسا.", META, Lexicon.load())
    agreements = [e for e in ex.new_entities if e.etype == "Agreement"]
    assert [a.label_ar for a in agreements] == ["اتفاقية منفصلة"]


def test_a_nationality_adjective_in_a_list_of_partners_is_no_partner() -> None:
    claims = _claims("انطلق المسبار يوروبا كليبر. ويشارك في المشروع كل من وكالة ناسا الأمريكية ووكالة جاكسا.")
    partners = {_local(c.object) for c in claims if c.predicate == "partner"}
    assert partners == {"NASA", "JAXA"}


def test_the_story_topic_is_looked_for_further_back_when_a_rule_asks() -> None:
    text = (
        "انطلق المسبار يوروبا كليبر نحو المشتري. وسيصل في عام 2030. ويحمل عشرة أجهزة. "
        "ويشارك في المشروع كل من وكالة الفضاء الأوروبية ووكالة جاكسا."
    )
    claims = _claims(text)
    assert {(_local(c.subject), _local(c.object)) for c in claims if c.predicate == "partner"} >= {
        ("Europa_Clipper", "ESA"),
        ("Europa_Clipper", "JAXA"),
    }


def _crew_of(text: str, label: str) -> set[str]:
    """The people the extraction puts in the crew of the new craft named `label`."""
    ex = extract(text, META, Lexicon.load())
    crafts = {e.iri for e in ex.new_entities if e.label_ar == label}
    return {_local(c.subject) for c in ex.claims if c.predicate == "crewMemberOf" and c.object in crafts}


def test_their_capsule_is_the_craft_the_mission_flew_as() -> None:
    text = (
        "وضم طاقم أبولو 14 آلان شيبرد وإدغار ميتشل. "
        'وعاد رواد "أبولو 14" سالمين، إذ هبطت كبسولتهم "كيتي هوك" في المحيط الهادئ.'
    )
    assert _crew_of(text, "كيتي هوك") == {"Alan_Shepard", "Edgar_Mitchell"}


def test_crew_moving_into_a_craft_is_its_crew() -> None:
    text = (
        "انطلقت مهمة أبولو 14 في 31 يناير 1971 وعلى متنها آلان شيبرد وإدغار ميتشل. "
        'وانتقل الرائدان إلى مركبة الهبوط القمرية "فالكون الصغير".'
    )
    assert _crew_of(text, "فالكون الصغير") == {"Alan_Shepard", "Edgar_Mitchell"}


def test_people_who_move_are_no_crew_unless_they_are_the_crew() -> None:
    text = (
        "انطلقت مهمة أبولو 14 في 31 يناير 1971 وعلى متنها آلان شيبرد وإدغار ميتشل. "
        'وانتقل المهندسون إلى مركبة الهبوط القمرية "فالكون الصغير".'
    )
    assert _crew_of(text, "فالكون الصغير") == set()


def test_aboard_it_is_the_craft_named_in_the_sentence_before_an_earlier_mission() -> None:
    text = (
        "انطلقت مهمة فوستوك 1 في 12 أبريل 1961. "
        'وكان الاتحاد السوفيتي قد أطلق بعدها المركبة "بوريا" وعلى متنها فلاديمير كوماروف.'
    )
    assert _crew_of(text, "بوريا") == {"Vladimir_Komarov"}
    assert not [c for c in _claims(text) if c.predicate == "crewMemberOf" and _local(c.object) == "Vostok_1"]


def test_the_station_launched_is_not_skipped_for_a_craft_named_later() -> None:
    text = (
        'وكانت الصين قد أطلقت "تيانغونغ-2"، الذي يعني اسمه "القصر السماوي 2"، في 15 سبتمبر 2016، '
        'واستقبل لاحقا المركبة "شنتشو 11".'
    )
    launched = {_local(c.subject) for c in _claims(text) if c.predicate == "launchDate"}
    assert launched == {"Tiangong_2"}


def test_the_crew_last_named_returns_aboard_a_craft() -> None:
    text = (
        "انطلقت مهمة أبولو 14 في 31 يناير 1971 وعلى متنها آلان شيبرد وإدغار ميتشل. "
        'وعاد الرواد الثلاثة على متن الكبسولة "كيتي هوك".'
    )
    assert _crew_of(text, "كيتي هوك") == {"Alan_Shepard", "Edgar_Mitchell"}
