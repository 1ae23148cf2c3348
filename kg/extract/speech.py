"""Reported speech: who says what. A speech verb, its speaker, and the complement it governs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.coded import Coded
from kg.extract.rules import RuleSet
from kg.model import DateMention, Mention
from kg.text.normalize import normalize_str

_SLOT = re.compile(r"«([A-Za-z]+):(\d+)»")


@dataclass(frozen=True, slots=True)
class Speech:
    """`verb` as written; `speaker` may be None (unnamed "experts"); complement = coded [start, end)."""

    verb: str
    verb_start: int
    speaker: Mention | None
    start: int
    end: int
    unnamed: tuple[int, int] | None = None
    """Coded [start, end) of a speaker named only by a title ("مسؤول في وكالة الفضاء المصرية",
    "متحدث باسم مؤسسة روسكوزموس"): someone the annotation counts as an unnamed person."""


def _speech_regex(rules: RuleSet) -> re.Pattern[str]:
    words = rules.cues["speech_verbs"] + rules.cues.get("speech_participles", ())
    verbs = "|".join(sorted(words, key=len, reverse=True))
    comps = "|".join(sorted(rules.cues["complementizers"], key=len, reverse=True))
    return re.compile(
        rf"(?:^|(?<=[\s،,]))(?:و|ف)?(?P<verb>{verbs})(?=[\s،,:])"
        rf"(?P<mid>(?:[^«».؟!:]|«[^»]*»|{_INITIAL_STOP}){{0,160}}?)"
        rf"(?P<comp>{_NOT_SPEECH}[\s،,](?:{comps})(?=[\s،,])|\s*:)"
    )


# The full stop of a person's initial between the verb and the complementizer ("وقال رئيس إسرو إس.
# سومانات إن"): a letter or two after a space, a space after.
_INITIAL_STOP = r"(?<=\s[^\W\d_])\.(?=\s)|(?<=\s[^\W\d_]{2})\.(?=\s)"


# A complementizer that belongs to a conjunction ("قبل أن", "بعد أن", "رغم أن", "إلا أن") opens a clause of
# time or contrast, not what a speech verb says ("نقلت الرواد إلى المحطة، قبل أن يكشف التسرب …": نقلت
# carried them): such an أن is passed over, and the complement, if any, is a later one.
_NOT_SPEECH = "".join(
    rf"(?<![\s،,]{c}{w})"
    for w in (normalize_str(x) for x in ("قبل", "بعد", "منذ", "رغم", "برغم", "إلا", "غير", "بما", "حتى", "لولا"))
    for c in ("", "و", "ف")
)


_CACHE: dict[int, re.Pattern[str]] = {}
_PERSON_TYPES = frozenset({"Person", "Astronaut"})
# نقل/نقلت report words when "عن" names the source; with "إلى" and no "عن" they move something somewhere.
_CARRYING = re.compile(r"نقل|نقلت")
_TO_PLACE = re.compile(r"(?<![^\s«»])(?:الي|الى)(?=\s)")
_FROM = re.compile(r"(?<![^\s«»])عن(?=\s)")


def _carried(mid: str) -> bool:
    """Whether "إلى" follows the verb before any "عن" (the source of a report)."""
    to, source = _TO_PLACE.search(mid), _FROM.search(mid)
    return to is not None and (source is None or to.start() < source.start())


def find_speech(coded: Coded, rules: RuleSet, actor_types: tuple[str, ...]) -> list[Speech]:
    """Every speech act in the sentence; the speaker is the last actor between verb and complementizer."""
    regex = _CACHE.setdefault(id(rules), _speech_regex(rules))
    found: list[Speech] = []
    participles = rules.cues.get("speech_participles", ())
    unnamed = rules.cues.get("speaker_for", ())
    titles = _unnamed_regex(rules)
    for m in regex.finditer(coded.text):
        if _CARRYING.fullmatch(m.group("verb")) and _carried(m.group("mid")):
            continue  # "نقلت المركبة الرواد إلى المحطة": carried, not reported (that is "نقلت وكالة X عن Y")
        titled = titles.search(m.group("mid")) if titles is not None else None
        if titled is not None:
            span = (m.start("mid") + titled.start("t"), m.start("mid") + titled.end("t"))
            end = _complement_end(coded, m.end("comp"), rules)
            found.append(Speech(m.group("verb"), m.start("verb"), None, m.end("comp"), end, span))
            continue
        speaker = _mid_speaker(coded, m.group("mid"), actor_types, unnamed, rules.cues.get("prepositions", ()))
        if speaker is not None and speaker.etype not in _PERSON_TYPES and _TITLED.search(m.group("mid")):
            # "قال رئيس مجلس إدارة الوكالة عبد الله السواحة إن": the titled one spoke (a person whose name
            # is not known), not the organization the title is of
            end = _complement_end(coded, m.end("comp"), rules)
            found.append(Speech(m.group("verb"), m.start("verb"), None, m.end("comp"), end))
            continue
        if speaker is None and m.group("verb") in participles and found and found[-1].speaker is not None:
            speaker = found[-1].speaker  # "…، معتبرا أن": the speaker goes on
        before = _before(coded.text, m.start("verb"))
        speaker = speaker or _last_actor(coded, before, actor_types, unnamed, rules.cues.get("prepositions", ()))
        if speaker is None and (m.group("verb") in participles or _IN_IT.fullmatch(m.group("mid"))):
            # "ألقى الرئيس X كلمة قال فيها إن": the speech he gave, his words
            speaker = _subject_person(coded, m.start("verb"), rules.cues.get("prepositions", ()))
        end = _complement_end(coded, m.end("comp"), rules)
        found.append(Speech(m.group("verb"), m.start("verb"), speaker, m.end("comp"), end))
    return found


def _unnamed_regex(rules: RuleSet) -> re.Pattern[str] | None:
    """A title and what the titled one speaks for, ending the stretch before the complementizer: a
    few words or one name after في/باسم/ب/لدى/من, no person's name among them."""
    titles = rules.cues.get("unnamed_speakers", ())
    if not titles:
        return None
    key = id(titles)
    if key not in _UNNAMED:
        alts = "|".join(sorted((re.escape(t) for t in titles), key=len, reverse=True))
        word = r"(?:[^\s«»،,]+|«(?!Person:|Astronaut:)[A-Za-z]+:\d+»)"
        pattern = _arabic_normalized(
            rf"(?:^|(?<=[\s،,]))(?:و)?(?P<t>(?:{alts})(?:\s+(?:رفيع|رفيعة|كبير|كبيرة|بارز|بارزة)(?:\s+المستوى)?)?"
            rf"\s+(?:في|باسم|ب|لدى|من)\s*{word}(?:\s+{word}){{0,4}}?)\s*(?:[،,][^«»]*)?$"
        )
        _UNNAMED[key] = re.compile(pattern)
    return _UNNAMED[key]


_UNNAMED: dict[int, re.Pattern[str]] = {}
_ARABIC_RUN = re.compile(r"[\u0600-\u06FF]+")


def _arabic_normalized(pattern: str) -> str:
    """`pattern` with its Arabic words normalized as the coded text is (its Latin left as it is)."""
    return _ARABIC_RUN.sub(lambda m: normalize_str(m.group()), pattern)


# Between the verb and the complementizer, a title right before an organization or country and no
# person named ("قال رئيس الوكالة إن", "أكد مدير وكالة الفضاء الأوروبية أن"): a person speaks for it.
_TITLED = re.compile(
    _arabic_normalized(
        r"^\s*(?:[^\s«»،,]+\s+){0,1}(?:رئيس|رئيسة|مدير|مديرة|المدير|المديرة|نائب|وزير|وزيرة|أمين|قائد|كبير|كبيرة|"
        r"خبير|خبيرة|خبراء|عالم|علماء|مهندس|مهندسة|باحث|باحثة|رائد|رائدة|مستشار|مستشارة)"
        r"(?:\s+[^\s«»،,]+){0,3}\s+«(?!Person:|Astronaut:)[A-Za-z]+:\d+»[^«»]*$"
    )
)

_IN_IT = re.compile(r"\s*(?:فيها|فيه)\s*")
"""What stands between the verb and the complementizer in "كلمة قال فيها إن", "بيان أكد فيه أن"."""

# How far before a speech verb its subject may stand ("وكان بيل نيلسون، مدير ناسا، قد صرح بأن").
SUBJECT_REACH = 60


def _before(text: str, verb_start: int) -> str:
    """The stretch before a speech verb where a fronted speaker stands: at most SUBJECT_REACH
    characters, not past the previous speech's complementizer or a colon."""
    window = text[max(0, verb_start - SUBJECT_REACH) : verb_start]
    cuts = [m.end() for m in _BARRIER.finditer(window)]
    return window[cuts[-1] :] if cuts else window


def _governed(text: str, at: int, prepositions: tuple[str, ...]) -> bool:
    """Whether a preposition governs the slot at `at` ("مع X", "لناسا"): then it is not a subject."""
    if not prepositions:
        return False
    head = text[max(0, at - 12) : at]
    words = head.split()
    return bool(head and not head[-1].isspace() and head[-1] in "لب") or bool(words and words[-1] in prepositions)


def _subject_person(coded: Coded, verb_start: int, prepositions: tuple[str, ...]) -> Mention | None:
    """A participle's speaker far after its clause's subject ("أجرى الرئيس X اتصالا … مع طاقم …،
    معربا عن فخره بأن"): the first person of the sentence before it that no preposition governs."""
    for m in _SLOT.finditer(coded.text, 0, verb_start):
        slot = coded.slot_at(int(m.group(2)))
        if not isinstance(slot, Mention) or slot.etype not in ("Person", "Astronaut"):
            continue
        if not _governed(coded.text, m.start(), prepositions):
            return slot
    return None


_BARRIER = re.compile(r":(?!\d+»)|«Date:\d+»")


def _last_actor(
    coded: Coded,
    mid: str,
    actor_types: tuple[str, ...],
    unnamed: tuple[str, ...] = (),
    prepositions: tuple[str, ...] = (),
) -> Mention | None:
    """The speaker: the last person named before the complementizer ("قال بيل نيلسون، رئيس ناسا، إن"),
    else the last organization or country; not a name after a word of `unnamed` ("متحدث باسم روسكوزموس":
    someone unnamed speaks for it)."""
    actors = [
        slot
        for m in _SLOT.finditer(mid)
        if m.group(1) in actor_types
        and not isinstance(slot := coded.slot_at(int(m.group(2))), DateMention)
        and not (mid[: m.start()].split()[-1:] and mid[: m.start()].split()[-1] in unnamed)
        and not _governed(mid, m.start(), prepositions)
    ]
    persons = [a for a in actors if a.etype in {"Person", "Astronaut"}]
    pool = persons or actors
    return pool[-1] if pool else None


def _mid_speaker(
    coded: Coded, mid: str, actor_types: tuple[str, ...], unnamed: tuple[str, ...], prepositions: tuple[str, ...]
) -> Mention | None:
    """The speaker between verb and complementizer: a person named there, else an organization or a
    country no preposition governs ("قال X، كبير العلماء في معهد Y، إن": with X unknown, Y did not speak)."""
    speaker = _last_actor(coded, mid, actor_types, unnamed)
    if speaker is None or speaker.etype in {"Person", "Astronaut"}:
        return speaker
    speaker = _last_actor(coded, mid, actor_types, unnamed, prepositions)
    if speaker is not None and speaker.etype in _OUTLETS:
        return _source(coded, mid, actor_types) or speaker
    return speaker


_OUTLETS = frozenset({"NewsOrganization", "Newspaper"})
# "نقلت وكالة تاس عن روسكوزموس أن …": the one an outlet quotes (after عن) is who spoke.
_FROM = re.compile(r"(?:^|\s)عن\s+«([A-Za-z]+):(\d+)»")


def _source(coded: Coded, mid: str, actor_types: tuple[str, ...]) -> Mention | None:
    """The organization or country an outlet quotes ("عن «X»"), None when it quotes no one named."""
    m = _FROM.search(mid)
    if m is None or m.group(1) not in actor_types:
        return None
    slot = coded.slot_at(int(m.group(2)))
    return slot if isinstance(slot, Mention) and slot.etype not in _OUTLETS else None


_CLOSING = {'"': '"', "“": "”"}  # not «»: the coded text writes its slots so


def _complement_end(coded: Coded, start: int, rules: RuleSet) -> int:
    """Where what was said ends: at a stop word, or at the closing mark of a quotation that opens it
    when punctuation follows ("قال عبارته الشهيرة: "…"، ثم لحق به ألدرين" ends at the second
    quotation mark; "صرح بأن "عصرا جديدا" قد بدأ" goes on)."""
    end = len(coded.text)
    head = len(coded.text[start:]) - len(coded.text[start:].lstrip(" :،,"))
    opening = coded.text[start + head : start + head + 1]
    if opening in _CLOSING:
        close = coded.text.find(_CLOSING[opening], start + head + 1)
        after = coded.text[close + 1 :].lstrip() if close != -1 else ""
        if close != -1 and (not after or after[0] in "،,.؛;:!؟"):  # not "بأن "عصرا جديدا" قد بدأ"
            end = close + 1
    for stop in rules.cues["complement_stops"]:
        i = coded.text.find(stop, start)
        if i != -1:
            end = min(end, i)
    return end
