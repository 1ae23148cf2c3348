"""Date expressions: table-driven cases, the seed article, and robustness on arbitrary text."""

from __future__ import annotations

import csv
import doctest
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kg.extract.dates as dates_module
from kg.extract.coded import encode
from kg.extract.dates import RuledDateMention, extract_dates, find_dates, infer_article_date
from kg.model import DateMention, DateValue, Precision, Sentence
from kg.paths import ARTICLES_DIR
from kg.text.normalize import normalize_str

DATA = Path(__file__).parent / "data"
SEED = ARTICLES_DIR / "roscosmos-cnsa-lunar-station.ar.txt"


def _rows(name: str) -> list[dict[str, str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _article(raw: str) -> DateValue | None:
    if raw == "-":
        return None
    precision: Precision = {4: "year", 7: "month", 10: "day"}[len(raw)]  # type: ignore[assignment]
    return DateValue(raw, precision)


def _one_sentence(text: str) -> list[Sentence]:
    return [Sentence(0, 0, len(text), text)]


def _split(text: str) -> list[Sentence]:
    """A naive splitter for the seed (the text layer is not a dependency of the date extractor)."""
    sentences: list[Sentence] = []
    start = 0
    for end in [m.end() for m in re.finditer(r"[.!?؟](?=\s|$)", text)] + [len(text)]:
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            chunk = text[start:end]
            sentences.append(Sentence(len(sentences), start, end, chunk, "اقرأ ايضا" in chunk))
        start = end
    return sentences


CASES = _rows("dates-cases.tsv")


@pytest.mark.parametrize("case", CASES, ids=[f"{i}:{c['surface']}" for i, c in enumerate(CASES)])
def test_case(case: dict[str, str]) -> None:
    text = case["sentence"]
    found, _ = extract_dates(text, _one_sentence(text), _article(case["article"]))
    if case["surface"] == "-":
        assert found == [], [m.text for m in found]
        return
    matching = [m for m in found if m.text == case["surface"]]
    assert matching, f"no mention {case['surface']!r} in {[m.text for m in found]}"
    mention = matching[0]
    assert mention.kind == case["kind"]
    if case["value"] == "-":
        assert mention.value is None
        return
    assert mention.value is not None
    assert (mention.value.value, mention.value.precision) == (case["value"], case["precision"])
    assert mention.value.deadline == (case["kind"] == "deadline")
    assert case["how"] in mention.value.how


def test_cases_are_many_and_varied() -> None:
    assert len(CASES) >= 40
    assert {c["kind"] for c in CASES} >= {"absolute", "relative", "deadline", "duration"}
    assert {c["precision"] for c in CASES} >= {"day", "month", "year"}


def test_seed_article() -> None:
    text = SEED.read_text(encoding="utf-8")
    found, article = extract_dates(text, _split(text), None)
    assert article == DateValue(
        "2021", "year", "inferred: this year is the 60th anniversary of 1961-04", inferred=True
    )
    got = [(m.text, m.value and m.value.value, m.value and m.value.precision, m.kind) for m in found]
    expected = [(r["surface"], r["value"], r["precision"], r["kind"]) for r in _rows("dates-seed.tsv")]
    assert got == expected
    for mention, row in zip(found, _rows("dates-seed.tsv"), strict=True):
        assert mention.value is not None and row["how"] in mention.value.how
        assert text[mention.start : mention.end] == mention.text


def test_seed_metadata_wins() -> None:
    text = SEED.read_text(encoding="utf-8")
    published = DateValue("2021-03-10", "day", "metadata")
    found, article = extract_dates(text, _split(text), published)
    assert article is published
    last_week = next(m for m in found if m.text == "الأسبوع الماضي")
    assert last_week.value is not None and last_week.value.value == "2021-03"


def test_boilerplate_is_ignored() -> None:
    text = "اقرأ أيضا: ناسا تطلق مسبارا في 12 أبريل 2021. وأطلقت الصين مسبارها في عام 2020."
    cut = text.index("وأطلقت")
    sentences = [Sentence(0, 0, cut - 1, text[: cut - 1], True), Sentence(1, cut, len(text), text[cut:])]
    assert [m.text for m in find_dates(text, sentences)] == ["في عام 2020"]


def test_unresolved_relative_carries_its_rule() -> None:
    text = "أطلقت الوكالة المسبار العام الماضي."
    (mention,) = find_dates(text, _one_sentence(text))
    assert isinstance(mention, RuledDateMention) and mention.value is None
    assert mention.rule is not None and (mention.rule.unit, mention.rule.offset) == ("year", -1)
    found, article = extract_dates(text, _one_sentence(text), None)
    assert article is None and found[0].value is None


def test_fallback_article_date_is_the_latest_past_year() -> None:
    text = "أطلقت الصين مسبارها في عام 2020. وتخطط لمحطة قمرية بحلول عام 2035."
    sentences = _split(text)
    inferred = infer_article_date(text, sentences, find_dates(text, sentences))
    assert inferred is not None
    assert (inferred.value, inferred.precision, inferred.inferred) == ("2020", "year", True)
    assert inferred.how.startswith("inferred: latest year mentioned")


def _article_date(text: str) -> DateValue | None:
    sentences = _split(text)
    return infer_article_date(text, sentences, find_dates(text, sentences))


@pytest.mark.parametrize(
    "text,value,how",
    [
        # a day told as today: that day, in the first year from the latest stated where it is that weekday
        ("وصل المسبار إلى المدار صباح اليوم الأربعاء 24 سبتمبر/أيلول، بعد رحلة بدأت في نوفمبر 2013.",
         "2014-09-24", "first year from 2013"),
        # yesterday: the article is the day after; a plan's year (على أن … عام 2031) is not the present
        ("هبطت الكبسولة فجر أمس الأحد 6 ديسمبر في أستراليا بعد إطلاقها عام 2019. وجمع مسبار آخر عينات،"
         " على أن يعيدها عام 2023.",
         "2020-12-07", "plus one"),
        # the year stated with the day wins
        ("أعلنت الوكالة اليوم الخميس 3 مارس 2022 عن مهمة جديدة.", "2022-03-03", "year stated with it"),
        # "أمس الأربعاء" with a dated story: the first Thursday on or after the latest day stated
        ("تحطم المسبار يوم السبت 19 أغسطس/آب 2023. وهبطت مركبة هندية بنجاح أمس الأربعاء.",
         "2023-08-24", "the first Thursday from 2023-08-19"),
        # a year derived from a stated date (an anniversary, a day after it) dates the article
        ("انفجر المكوك صباح أمس الثلاثاء. وقد وقع الحادث بعد يوم واحد من الذكرى التاسعة عشرة للحريق الذي"
         " وقع في 27 يناير 1967. وكان المكوك قد أنجز أول رحلة له عام 1983.",
         "1986-01-29", "the first Wednesday from 1986-01-28"),
        # no past year stated: the present is not after the earliest plan ("لن" marks one too)
        ("انطلق المسبار أمس الجمعة 14 أبريل في رحلة طويلة. ولن يصل إلى المشتري قبل يوليو 2031، بل سيمر"
         " بالأرض في أغسطس 2024.",
         "2023-04-15", "the last year up to 2024"),
        # a count restated by the year before it gives the year; the weekday told with its date, the day
        ("حطت المركبة على الكوكب صباح اليوم الأحد، بعد يومين من وصول المسبار يوم الجمعة الماضي الموافق"
         " الرابع من يوليو/تموز. وهي أول مركبة تهبط هناك منذ عام 1976، أي قبل 21 عاما.",
         "1997-07-06", "the first Sunday from 1997-07-0"),
        # a count restated by the clause after it ("منذ 13 عاما، حين … عام 2003")
        ("أكدت الوكالة أمس الجمعة أن المركبة تحطمت يوم الأربعاء الماضي، 19 أكتوبر/تشرين الأول. وهي أول"
         " محاولة أوروبية منذ 13 عاما، حين هبط المسبار بيغل 2 عام 2003.",
         "2016-10-22", "the first Saturday from 2016-10-19"),
    ],
)
def test_the_article_day_from_a_day_told_as_today_or_yesterday(text: str, value: str, how: str) -> None:
    found = _article_date(text)
    assert found is not None and found.inferred
    assert (found.value, found.precision) == (value, "day")
    assert how in found.how


def test_a_day_told_as_today_is_dated_from_the_article_not_the_story() -> None:
    text = "انطلق المسبار في 5 نوفمبر 2013. ودخل مدار المريخ صباح اليوم الأربعاء 24 سبتمبر."
    found, article = extract_dates(text, _split(text), None)
    told = next(m for m in found if m.text.startswith("صباح اليوم"))
    assert article is not None and article.value == "2014-09-24"
    assert told.value is not None and told.value.value == "2014-09-24"  # not 2013, the story's year


def test_no_article_day_from_a_year_named_alone() -> None:
    text = "تحطم المسبار مساء أمس الخميس، بعد إطلاقه في 22 فبراير الماضي. وتأسست الشركة عام 2011."
    found = _article_date(text)
    assert found is not None and (found.value, found.precision) == ("2011", "year")


def test_no_article_day_when_weekdays_told_as_today_disagree() -> None:
    text = "تحطم المسبار يوم السبت 19 أغسطس 2023. وهبطت مركبة أمس الأربعاء، وتعلن الوكالة اليوم الاثنين."
    found = _article_date(text)
    assert found is not None and (found.value, found.precision) == ("2023", "year")


def test_an_anniversary_is_a_date_but_its_words_stay_in_the_coded_sentence() -> None:
    """The anniversary is returned dated (scored against the gold), but the coded sentence the relation
    rules read keeps "الذكرى الخامسة عشرة" as words; the date it celebrates stays a slot."""
    text = "تحيي الوكالة الذكرى الخامسة عشرة لهبوط المسبار على تيتان في 14 يناير 2005."
    sentences = _one_sentence(text)
    found, _ = extract_dates(text, sentences, None)
    assert [(m.text, m.value.value if m.value else None) for m in found] == [
        ("الذكرى الخامسة عشرة", "2020-01-14"),
        ("14 يناير 2005", "2005-01-14"),
    ]
    coded = encode(text, sentences[0], found)
    assert normalize_str("الذكرى الخامسة عشرة") in coded.text and coded.text.count("«Date:") == 1
    assert [s.text for s in coded.slots] == ["14 يناير 2005"]


def test_anniversary_with_digits_and_today() -> None:
    text = "تحتفل ناسا اليوم بالذكرى الـ50 لهبوط أبولو 11 في 20 يوليو 1969."
    value = infer_article_date(text, _one_sentence(text), find_dates(text, _one_sentence(text)))
    assert value is not None and (value.value, value.precision) == ("2019-07-20", "day")


def test_docstrings() -> None:
    assert doctest.testmod(dates_module).failed == 0


ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
# Words of the case sentences, plus separators and marks that sit between them in real text.
WORDS = sorted({word for case in CASES for word in case["sentence"].split()})
PIECES = st.sampled_from([*WORDS, " ", " ", "،", ".", "(", "ـ", "ً", "99999", "الـ60", "و"])
TEXT = st.lists(st.one_of(PIECES, st.text(ARABIC, max_size=6), st.text(max_size=4)), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=TEXT, published=st.sampled_from([None, "2021", "2021-03", "2021-03-10", "0001", "9999-12-31"]))
def test_never_raises_and_spans_are_exact(text: str, published: str | None) -> None:
    cut = len(text) // 2
    sentences = [Sentence(0, 0, cut, text[:cut]), Sentence(1, cut, len(text), text[cut:])]
    for sents in (sentences, []):
        found, _ = extract_dates(text, sents, _article(published) if published else None)
        for mention in found:
            assert isinstance(mention, DateMention)
            assert text[mention.start : mention.end] == mention.text
            assert mention.start < mention.end


def test_same_day_skips_a_pluperfect_flashback() -> None:
    """ "الليلة ذاتها" after a "وكان … قد" flashback is the story's day, not the flashback's."""
    text = (
        "هبط المسبار على القمر صباح 3 يناير 2019. وكان المسبار قد أقلع في 8 ديسمبر 2018 ودخل المدار بعد أربعة "
        "أيام. وفي وقت متأخر من الليلة ذاتها نزلت العربة من على ظهره."
    )
    found, _ = extract_dates(text, _split(text), None)
    same = next(m for m in found if "الليلة ذاتها" in m.text)
    assert same.value is not None and same.value.value == "2019-01-03"
    assert [m.background for m in found if m.sentence == 1] == [True, True]


def test_same_day_in_the_flashback_sentence_keeps_its_date() -> None:
    text = "وكان المسبار قد أقلع في 8 ديسمبر 2018، وفي اليوم نفسه أرسل أول إشارة."
    found, _ = extract_dates(text, _split(text), None)
    same = next(m for m in found if m.text.endswith("اليوم نفسه"))
    assert same.value is not None and same.value.value == "2018-12-08"


@pytest.mark.parametrize(
    "text,surface,value",
    [
        ("هبطت المركبة عام 1976، أي قبل 21 عاما.", "قبل 21 عاما", "1976"),
        ("لم تهبط مركبة أوروبية منذ 13 عاما، حين هبط المسبار بيغل 2 عام 2003.", "منذ 13 عاما", "2003"),
        # counted from another date, the clause still dates it
        ("طارت في يونيو 1963، ولم تلحق بها امرأة إلا بعد 19 عاما، حين صعدت زميلتها عام 1982.", "بعد 19 عاما", "1982"),
    ],
)
def test_a_count_takes_the_year_that_restates_it(text: str, surface: str, value: str) -> None:
    found, _ = extract_dates(text, _one_sentence(text), None)
    mention = next(m for m in found if m.text == surface)
    assert mention.value is not None and mention.value.value == value
    assert "restated as" in mention.value.how


def test_a_weekday_and_its_date_are_one_mention() -> None:
    text = "هبط المسبار يوم الجمعة الماضي الموافق الرابع من يوليو/تموز، وأرسل صوره."
    found, _ = extract_dates(text, _one_sentence(text), DateValue("1997-07-06", "day"))
    assert [(m.text, m.value.value if m.value else None) for m in found] == [
        ("يوم الجمعة الماضي الموافق الرابع من يوليو/تموز", "1997-07-04")
    ]


def test_a_date_inside_a_word_pair_that_is_no_date_is_still_found() -> None:
    """ "المسبار الرابع" is no ordinal day; the match starting there must not hide "الرابع من يوليو"."""
    text = "هبط المسبار الرابع من يوليو/تموز 1997 في وادي آريس."
    found, _ = extract_dates(text, _one_sentence(text), None)
    got = [(m.text, m.value.value if m.value else None) for m in found]
    assert got == [("الرابع من يوليو/تموز 1997", "1997-07-04")]


def test_today_before_an_anniversary_dates_the_article() -> None:
    text = "تحل اليوم الذكرى الستون لرحلة الرائدة الأولى. ففي 16 يونيو/حزيران 1963 انطلقت إلى الفضاء."
    found, article = extract_dates(text, _split(text), None)
    assert article is not None and article.value == "2023-06-16"
    today = next(m for m in found if m.text == "اليوم")
    assert today.value is not None and today.value.value == "2023-06-16"


@pytest.mark.parametrize(
    "text,surface,value",
    [
        ("انطلق التلسكوب صباح يوم عيد الميلاد 2021 من غويانا.", "يوم عيد الميلاد 2021", "2021-12-25"),
        ("هبط المسبار في الرابع من يوليو/تموز، عيد الاستقلال الأمريكي.", "عيد الاستقلال الأمريكي", "1997-07-04"),
        ("احتفلت الدولة باليوم الوطني الإماراتي بإطلاق قمر صناعي.", "اليوم الوطني الإماراتي", "1997-12-02"),
    ],
)
def test_a_fixed_holiday_is_a_day_and_month(text: str, surface: str, value: str) -> None:
    found, _ = extract_dates(text, _one_sentence(text), DateValue("1997-07-06", "day"))
    mention = next(m for m in found if m.text == surface)
    assert mention.value is not None and mention.value.value == value


def test_a_birthday_is_no_holiday() -> None:
    text = "احتفل الرائد بعيد ميلاده على متن المحطة."
    assert extract_dates(text, _one_sentence(text), DateValue("2020-01-01", "day"))[0] == []


def test_a_count_from_an_event_dated_later_in_its_clause_by_weekday_and_date() -> None:
    text = "نزلت العربة بعد يومين من هبوط المسبار الذي يحملها يوم الجمعة الماضي الموافق الرابع من يوليو/تموز 1997."
    found, _ = extract_dates(text, _one_sentence(text), None)
    count = next(m for m in found if m.text.startswith("بعد يومين"))
    assert count.value is not None and count.value.value == "1997-07-06"


def test_a_day_and_month_take_the_year_of_a_month_resolved_earlier_in_the_sentence() -> None:
    text = (
        "أطلقت الوكالة مسبارها في أغسطس 2012. ولم تكن ناسا وحدها على موعد مع المريخ هذا الشهر، إذ دخل مسبار"
        " آخر مداره في التاسع من فبراير/شباط."
    )
    found, _ = extract_dates(text, _split(text), DateValue("2021-02-19", "day"))
    ninth = next(m for m in found if m.text == "التاسع من فبراير/شباط")
    assert ninth.value is not None and ninth.value.value == "2021-02-09"


def test_a_quoted_date_is_a_name() -> None:
    text = 'بدأت مهمة "مارس 2020" بحثها عن آثار الحياة في مارس 2021.'
    found, _ = extract_dates(text, _one_sentence(text), None)
    assert [m.text for m in found] == ["مارس 2021"]


def test_a_hijri_date_with_its_gregorian_day_dates_the_article() -> None:
    text = (
        "الرياض – تحل اليوم الأربعاء 14 جمادى الآخرة 1445هـ، الموافق 27 ديسمبر/كانون الأول، الذكرى الخامسة"
        " لتأسيس الهيئة."
    )
    found, article = extract_dates(text, _one_sentence(text), None)
    got = {m.text: m.value.value if m.value else None for m in found}
    assert got["14 جمادى الآخرة 1445هـ"] == "2023-12-27"
    assert got["27 ديسمبر/كانون الأول"] == "2023-12-27"
    assert article is not None and article.value == "2023-12-27"


def test_a_hijri_date_alone_is_converted_arithmetically() -> None:
    text = "صدر القرار في 3 رمضان 1442 هـ بعد مشاورات طويلة."
    found, _ = extract_dates(text, _one_sentence(text), None)
    assert [(m.text, m.value.value if m.value else None) for m in found] == [("3 رمضان 1442 هـ", "2021-04-15")]
    assert found[0].value is not None and "arithmetical" in found[0].value.how


@pytest.mark.parametrize(
    "text,surface,value",
    [
        (
            "وقعت الوكالتان أمس الأول الخميس 16 مايو/أيار 2024 مذكرة تفاهم.",
            "أمس الأول الخميس 16 مايو/أيار 2024",
            "2024-05-16",
        ),
        ("ومن المقرر أن تنطلق المركبة بعد غد الأحد من قاعدة بايكونور.", "بعد غد الأحد", "2023-02-26"),
    ],
)
def test_the_day_before_yesterday_and_after_tomorrow(text: str, surface: str, value: str) -> None:
    found, _ = extract_dates(text, _one_sentence(text), DateValue("2023-02-24", "day"))
    mention = next(m for m in found if m.text == surface)
    assert mention.value is not None and mention.value.value == value


def test_a_count_after_a_year_restates_it_and_dates_the_article() -> None:
    text = (
        "وقعت الوكالتان أمس الأول الخميس 16 مايو/أيار مذكرة تفاهم لعربة تنطلق أواخر عام 2028، أي بعد أكثر من"
        " أربعة أعوام. وقال المدير إن العربة ستهبط عام 2030."
    )
    found, article = extract_dates(text, _split(text), None)
    count = next(m for m in found if m.text == "بعد أكثر من أربعة أعوام")
    assert count.value is not None and count.value.value == "2028"
    assert article is not None and article.value == "2024-05-18"


def test_half_a_day_is_no_date() -> None:
    text = "وتستغرق الرحلة 25 يوما ونصف اليوم."
    assert extract_dates(text, _one_sentence(text), DateValue("2022-11-17", "day"))[0] == []


def test_a_scheduled_year_is_a_plan_and_does_not_date_the_article() -> None:
    text = (
        "انطلق الصاروخ فجر أمس الأربعاء 16 نوفمبر. وقد ألغيت محاولة في 29 أغسطس 2022."
        " وتمهد المهمة لرحلة أرتميس 2 المقررة عام 2024."
    )
    _, article = extract_dates(text, _split(text), None)
    assert article is not None and article.value == "2022-11-17"
