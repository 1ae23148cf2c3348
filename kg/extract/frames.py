"""Event frames (`data/rules/frames.toml`): a trigger family and the arguments it takes by type inside
the trigger's clause, in any word order. This module finds the frames of a coded sentence; turning
them into claims (modality, topic fallback) is done by `relations.py`."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from kg.errors import SpacekgError
from kg.extract.coded import Coded
from kg.model import DateMention, Mention
from kg.text import wordlists
from kg.text.normalize import normalize_str

_SLOT = re.compile(r"«([A-Za-z]+):(\d+)»")
_Placed = tuple[int, int, Mention | DateMention]
"""A slot of the coded sentence with where it stands there."""


@dataclass(frozen=True, slots=True)
class FrameEmit:
    s: str
    p: str
    o: str | None = None
    v: str | None = None
    exclude: frozenset[str] = frozenset()
    """Entities (local names) this claim never takes as its object."""
    already: bool = False
    """The claim holds already when the event is only planned ("من المقرر أن يدخل مدارا حول غانيميد": the
    craft is headed there now), unless the sentence plans the craft's launch."""


@dataclass(frozen=True, slots=True)
class Frame:
    id: str
    trigger: re.Pattern[str]
    theme: tuple[str, ...]
    avoid: tuple[str, ...]
    negators: frozenset[str]
    not_after: frozenset[str]
    not_in_clause: frozenset[str]
    undated_after: frozenset[str]
    """Words after which the trigger only anchors another event: it takes no date."""
    """Words that make the clause another matter ("أطلقت … على المسبار اسم …": a naming)."""
    body_after: tuple[str, ...]
    places: frozenset[str]
    """Nouns of places ("مركز", "قاعدة"): a purpose noun up to three words after one names the place."""
    exclude: frozenset[str]
    emits: tuple[FrameEmit, ...]
    conf: float
    topic: re.Pattern[str] | None
    """Triggers that may take the topic as theme when the clause names none (verbs, nouns with a pronoun)."""
    definite: re.Pattern[str] | None
    """Definite nouns ("الإطلاق") that name the topic's own event: only a slot of the theme's types in
    the clause gives them another theme (whoever cancels or watches it is no subject of theirs)."""
    companion: tuple[str, ...]
    companion_cue: re.Pattern[str]
    """A slot of the `companion` types right after this cue shares the theme's event."""
    noun: re.Pattern[str] | None
    """Triggers that are nouns: their date is one after them."""
    topic_reach: int
    """How many sentences back the topic may be named (an agreement stays the topic of a whole story)."""
    parties: tuple[str, ...]
    """Type groups of the clause's participants ("parties"): every such slot not after a preposition."""
    reach: int
    """How far (coded characters) from the trigger its theme may stand."""
    payload: tuple[str, ...] = ()
    payload_cue: re.Pattern[str] | None = None
    """A slot of the `payload` types right after this cue ("حاملا الوحدة الأمريكية X") is carried up
    with the theme: it shares the theme's date, not its crew or goal."""
    another: frozenset[str] = frozenset()
    """Adjectives after a definite trigger that make it another event than the topic's ("الإطلاق التالي")."""
    scheduled: tuple[str, ...] = ()
    """Words saying an event was scheduled ("كان الإطلاق مقررا", "الهبوط الذي كان مقررا"): told in the
    past, it did not take place then."""
    subject_before: frozenset[str] = frozenset()
    """Nouns right before the trigger that are its subject and of no theme type ("رابع دولة تهبط"): the
    theme is then a slot after the trigger only."""
    parts: re.Pattern[str] | None = None
    """Nouns of a craft's parts right after the trigger ("أقلعت وحدة الصعود"): the event is the part's,
    neither a slot's nor the topic's."""
    same_time: tuple[str, ...] = ()
    """Words that open a clause told at the date right before them ("عاد الرواد في 24 يوليو، حين هبطت
    الكبسولة"): a trigger with no date of its own in that clause takes that one."""
    body_types: tuple[str, ...] = ()
    """The classes the `body` role takes (celestial bodies when empty; a station for a crew's goal)."""
    parties_after: bool = False
    body_only: frozenset[str] = frozenset()
    """When set, the frame holds only with one of these bodies (local names) as its body ("إلى الأرض")."""
    """Parties only after the trigger: the objects of a verb ("نقلت المركبة الرائدين A وB")."""


@dataclass(frozen=True, slots=True)
class FrameMatch:
    """One trigger with its clause [clause_start, clause_end) and the arguments found in it."""

    frame: Frame
    start: int
    end: int
    clause_start: int
    clause_end: int
    theme: Mention | None
    date: DateMention | None
    body: Mention | None
    parties: tuple[Mention, ...]
    companions: tuple[Mention, ...]
    """Missions the theme flies as ("أقلع X صباح 17 يونيو، في مهمة تعرف باسم Y"): the event is theirs too."""
    lo: int
    hi: int
    """The stretch [lo, hi) from the trigger to the furthest argument found: the claim's evidence."""
    negated: bool
    """A negator word stands right before the trigger ("ألغت محاولة الإطلاق")."""
    purpose: bool
    """The trigger is a noun of purpose ("للهبوط على القمر", "لإطلاق"): the event is intended, not done."""
    bare: bool
    """The clause names no actor or vehicle: its theme may be the topic of the sentences before."""
    payloads: tuple[Mention, ...] = ()
    """Crafts the theme carries up ("ينطلق المكوك X في … حاملا الوحدة Y"): launched with it."""
    unrealized: bool = False
    """The event was scheduled and did not happen then ("وكان الإطلاق مقررا يوم السبت"): negated."""


def load_frames(path: Path, types: dict[str, tuple[str, ...]], expand: object) -> tuple[Frame, ...]:
    """Compile the frames of `path` (none when it is missing); `expand` is rules.expand."""
    if not path.exists():
        return ()
    try:
        raw = tomllib.loads(path.read_text("utf-8")).get("frame", [])
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SpacekgError(f"cannot load frames from {path}: {exc}") from None
    assert callable(expand)
    return tuple(_frame(f, types, expand) for f in raw)


def _frame(raw: dict[str, object], types: dict[str, tuple[str, ...]], expand: object) -> Frame:
    assert callable(expand)
    prefixes = "|".join(sorted((normalize_str(str(p)) for p in raw.get("prefixes", [])), key=len, reverse=True))  # type: ignore[attr-defined]
    head = rf"(?:^|(?<=[\s\"(،,]))(?:و|ف)?(?:{prefixes})?" if prefixes else r"(?:^|(?<=[\s\"(،,]))(?:و|ف)?"
    try:
        trigger = re.compile(head + "(?:" + expand(str(raw["trigger"]), types) + r")(?=[\s\"),،.:؛]|«|$)")
    except re.error as exc:
        raise SpacekgError(f"frame {raw.get('id')}: bad trigger: {exc}") from None

    def group(name: str) -> tuple[str, ...]:
        value = str(raw.get(name, "") or "")
        return tuple(t for g in value.split("|") if g for t in types[g])

    emits = tuple(
        FrameEmit(
            str(e["s"]),
            str(e["p"]),
            e.get("o"),
            e.get("v"),
            frozenset(e.get("exclude", ())),
            bool(e.get("already", False)),
        )
        for e in raw["emit"]  # type: ignore[attr-defined]
    )
    return Frame(
        id=str(raw["id"]),
        trigger=trigger,
        theme=group("theme"),
        avoid=group("avoid"),
        negators=frozenset(normalize_str(str(w)) for w in raw.get("negators", [])),  # type: ignore[attr-defined]
        not_after=frozenset(normalize_str(str(w)) for w in raw.get("not_after", [])),  # type: ignore[attr-defined]
        not_in_clause=frozenset(normalize_str(str(w)) for w in raw.get("not_in_clause", [])),  # type: ignore[attr-defined]
        undated_after=frozenset(normalize_str(str(w)) for w in raw.get("undated_after", [])),  # type: ignore[attr-defined]
        body_after=tuple(normalize_str(str(w)) for w in raw.get("body_after", [])),  # type: ignore[attr-defined]
        places=frozenset(normalize_str(str(w)) for w in raw.get("places", [])),  # type: ignore[attr-defined]
        exclude=frozenset(str(x) for x in raw.get("exclude", [])),  # type: ignore[attr-defined]
        emits=emits,
        conf=float(raw.get("conf", 0.6)),  # type: ignore[arg-type]
        topic=re.compile(expand(str(raw["topic"]), types)) if raw.get("topic") else None,
        definite=re.compile(expand(str(raw["definite"]), types)) if raw.get("definite") else None,
        reach=int(raw.get("reach", 10_000)),  # type: ignore[call-overload]
        topic_reach=int(raw.get("topic_reach", 2)),  # type: ignore[call-overload]
        noun=re.compile(expand(str(raw["noun"]), types)) if raw.get("noun") else None,
        companion=group("companion"),
        companion_cue=re.compile(expand(str(raw.get("companion_cue", "(?!)")), types) + r'\s*"?\s*$'),
        parties=group("parties"),
        same_time=tuple(normalize_str(str(w)) for w in raw.get("same_time", [])),  # type: ignore[attr-defined]
        payload=group("payload"),
        body_types=group("body_types"),
        parties_after=bool(raw.get("parties_after", False)),
        body_only=frozenset(str(x) for x in raw.get("body_only", [])),  # type: ignore[attr-defined]
        scheduled=tuple(normalize_str(str(w)) for w in raw.get("scheduled", [])),  # type: ignore[attr-defined]
        another=frozenset(normalize_str(str(w)) for w in raw.get("another", [])),  # type: ignore[attr-defined]
        subject_before=frozenset(normalize_str(str(w)) for w in raw.get("subject_before", [])),  # type: ignore[attr-defined]
        parts=_parts_regex(tuple(normalize_str(str(w)) for w in raw.get("parts", []))),  # type: ignore[attr-defined]
        payload_cue=(
            re.compile(expand(str(raw["payload_cue"]), types) + r'\s*"?\s*$') if raw.get("payload_cue") else None
        ),
    )


# "قبل أشهر من (موعد) …", "بعد أيام من …" right before a trigger (normalized spelling).
_COUNTED_FROM = re.compile(
    r"(?:(?<![^\s«»])[وف]?(?:قبل|بعد|عقب)\s+(?:[^\s«»]+\s+){1,2}?|«Date:\d+»\s+)(?:من|علي)\s+(?:موعد\s+)?[بلو]?$"
)


def _parts_regex(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\s+[وف]?(?:ال)?(?:{alts})(?=[\s،,.]|$)")


def clause_bounds(text: str, start: int, end: int, breaks: tuple[str, ...]) -> tuple[int, int]:
    """The clause around [start, end): from the last break before it to the first after it."""
    left = 0
    for m in _breaks(breaks).finditer(text):  # the whole text: a break's lookahead may reach the trigger
        if m.end() > start:
            break
        left = m.end()
    after = _breaks(breaks).search(text, end)
    return left, after.start() if after is not None else len(text)


_PURPOSE = re.compile(r"(?:و|ف)?(?:لل|ل)(?!ل)")


@functools.cache
def _w_nouns() -> tuple[str, ...]:
    """Words that begin with و of their own ("وكالة"): after a comma they open no coordinated clause."""
    return tuple(sorted(wordlists.normalized("waw-words.txt")))


_BREAKS: dict[tuple[str, ...], re.Pattern[str]] = {}


def _breaks(words: tuple[str, ...]) -> re.Pattern[str]:
    if words not in _BREAKS:
        alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        nouns = "|".join(re.escape(w) for w in sorted(_w_nouns(), key=len, reverse=True))
        _BREAKS[words] = re.compile(
            rf"[.؟!؛:](?!\d+»)|[،,]\s*(?=و(?!(?:{nouns})(?=[\s،,.]))[^\s«»])|(?<![^\s،,])(?:و|ف)?(?:{alts})(?=\s)"
        )
    return _BREAKS[words]


def find_frames(
    coded: Coded, frames: tuple[Frame, ...], cues: dict[str, tuple[str, ...]], actors: frozenset[str]
) -> list[FrameMatch]:
    """Every frame triggered in the sentence, with the arguments its clause gives; `actors` are the
    classes whose mention in the clause gives it a subject of its own (no topic fallback then)."""
    out: list[FrameMatch] = []
    breaks = cues.get("clause_breaks", ())
    for frame in frames:
        triggers = [m for m in frame.trigger.finditer(coded.text) if not _after_blocker(frame, coded.text, m.start())]
        for k, m in enumerate(triggers):
            a, b = clause_bounds(coded.text, m.start(), m.end(), breaks)
            unrealized = _unrealized(frame, coded.text, m.start(), m.end())
            if unrealized is not None and unrealized > b:  # "إلغاء الهبوط الذي كان مقررا يوم الأربعاء"
                b = clause_bounds(coded.text, unrealized, unrealized, breaks)[1]
            # two events of one kind in a clause ("الإطلاق بعد تسعة أشهر من إطلاق X"): each takes
            # its arguments between its neighbours
            a = max([a, *(t.end() for t in triggers[:k])])
            b = min([b, *(t.start() for t in triggers[k + 1 :])])
            if frame.not_in_clause and frame.not_in_clause & set(coded.text[a:b].split()):
                continue
            slots = [(s.start(), s.end(), coded.slot_at(int(s.group(2)))) for s in _SLOT.finditer(coded.text, a, b)]
            unnamed = bool(_UNNAMED_THEME.match(coded.text, m.end())) or bool(
                frame.parts is not None and frame.parts.match(coded.text, m.end())
            )
            # "إنزال مركبة على سطحه", "أقلعت وحدة الصعود": the event happens to a thing named by a common
            # noun only, neither a slot of the clause nor the topic
            before_trigger = coded.text[max(0, m.start() - 12) : m.start()].split()
            if before_trigger and before_trigger[-1] in frame.subject_before:
                unnamed = True  # "رابع دولة تهبط": a country lands; its craft, if named, comes after
                theme = _theme(frame, coded.text, [x for x in slots if x[0] >= m.end()], m.start(), m.end())
            else:
                theme = None if unnamed else _theme(frame, coded.text, slots, m.start(), m.end())
            body = _captured(coded, m, "body") or _body(frame, coded.text, slots, m.end(), frame.body_types or _BODIES)
            if frame.body_only and (body is None or body.entity.rsplit("/", 1)[-1] not in frame.body_only):
                continue  # "عادت إلى الأرض" is a landing; "العودة إلى القمر" is none
            if body is not None and body.entity.rsplit("/", 1)[-1] in frame.exclude:
                body = None
            # a noun's date follows it ("هبوط X على القمر في يوليو 1969"); a verb's may come first
            noun = frame.noun is not None and bool(frame.noun.search(m.group()))
            # "في فبراير 2022، أي قبل أشهر من موعد الإطلاق": a trigger told as a span away from another
            # event takes no date before it (that one is the other event's)
            after_only = noun or bool(_COUNTED_FROM.search(coded.text, max(0, m.start() - 40), m.start()))
            date = _date(coded, [x for x in slots if not after_only or x[0] >= m.end()], m.start(), m.end())
            if date is None and frame.same_time:
                date = _date_before_clause(frame, coded, a)
            previous = coded.text[max(0, m.start() - 12) : m.start()].split()
            if previous and previous[-1].lstrip("وف") in frame.undated_after:
                date = None
            glue = frozenset(cues.get("party_glue", ()))
            parties = _parties(frame, coded.text, slots, cues.get("prepositions", ()), m.start(), glue)
            if frame.parties_after and not _objects(coded.text, slots, theme, parties, a, m.start()):
                parties = ()
            found = [(a2, b2) for a2, b2, s in slots if s is theme or s is body or s is date or s in parties]
            lo = min([m.start(), *(x for x, _ in found)])
            hi = max([m.end(), *(y for _, y in found)])
            out.append(
                FrameMatch(
                    frame=frame,
                    start=m.start(),
                    end=m.end(),
                    clause_start=a,
                    clause_end=b,
                    theme=theme,
                    date=date,
                    body=body,
                    parties=parties,
                    companions=_companions(frame, coded.text, slots, theme),
                    lo=lo,
                    hi=hi,
                    negated=_negated(frame, coded.text, m.start(), m.end()) or unrealized is not None,
                    unrealized=unrealized is not None,
                    purpose=bool(_PURPOSE.match(coded.text, m.start())),
                    bare=not unnamed and _bare(frame, coded.text, m, slots, actors),
                    payloads=_payloads(frame, coded.text, slots, theme),
                )
            )
    return out


def _bare(frame: Frame, text: str, m: re.Match[str], slots: list[_Placed], actors: frozenset[str]) -> bool:
    """Whether the trigger's clause leaves its theme to the topic: a trigger of `topic` in a clause that
    names no actor or vehicle (a rocket that carries, "على متن صاروخ X", is neither), or a definite
    noun of `definite` in a clause that names nothing of the theme's types."""
    if _UNKNOWN_NAME.match(text, m.end()):
        return False
    if frame.parties_after and _QUOTED_BEFORE.search(text[max(0, m.start() - 60) : m.start()]):
        return False  # "وكانت "إم إس-22" قد نقلت": a carrier named, only unknown, not the topic
    if frame.definite is not None and frame.definite.fullmatch(m.group()):
        if text[m.end() :].split()[:1] and text[m.end() :].split()[0] in frame.another:
            return False  # "الإطلاق التالي": the next one, not the topic's
        blocking = frozenset(frame.theme) - frozenset(frame.avoid)
    elif frame.topic is not None and frame.topic.search(m.group()):
        blocking = actors
    else:
        return False
    return not any(
        isinstance(s, Mention)
        and s.method != "nisba"
        and s.etype in blocking
        and s.etype not in frame.parties
        and not _located(text, a)
        and not (s.etype in frame.avoid and _CARRIED.search(text[max(0, a - 40) : a]))
        for a, _, s in slots
    )


_LIST_OPENERS = frozenset({"كلا", "كل"})
_ADDING = "اضافه"  # "إضافة إلى X", "بالإضافة إلى X" (normalized): one more of a list, not a preposition


def _located(text: str, at: int) -> bool:
    """Whether the slot at `at` follows a preposition of place ("هبطت كبسولته في أستراليا"): where
    the event happens, not its subject (other prepositions may govern the subject's own agent)."""
    words = text[max(0, at - 12) : at].split()
    return bool(words) and words[-1] in ("في", "فوق", "قرب")


# An indefinite common noun of a craft right after the trigger, with no name after it ("إنزال مركبة على
# سطحه", "إطلاق قمر صناعي جديد"), or a definite one with an adjective of another ("ينطلق المستكشف الجديد"):
# the event is that unnamed one's. Not a noun in a construct ("مركبة الهبوط": the topic's lander).
# Normalized spelling.
_UNNAMED_THEME = re.compile(
    r"\s+(?:(?:مركبه|مسبار|مسبارا|كبسوله|صاروخ|صاروخا|قمر صناعي|قمرا صناعيا|سفينه)(?=[\s،,.]|$)(?!\s+ال)"
    # "ينطلق المستكشف الجديد": a definite noun with an adjective of another one, unnamed, not the topic
    r"|ال[^\s«»\"“]+\s+(?:الجديد|الجديده|الاخر|الاخري|الثاني|الثانيه|التالي|المقبل|القادم|البديل|البديله)(?=[\s،,.]|$))"
    r"(?!(?:\s+[^\s\"“]+){0,3}\s*(?:[\"“]|«(?:Spacecraft|Lander|Rover|Orbiter|Probe|Mission|Rocket|SpaceStation):))"
)

# A quoted name right after the trigger that no slot holds ("هبطت كبسولتهم "أوديسي""): the theme is
# named, only unknown, so it is not the topic.
_UNKNOWN_NAME = re.compile(r'\s+(?:[^\s«»"]+\s+){0,2}"[^"«»]{2,40}"')


def _companions(frame: Frame, text: str, slots: list[_Placed], theme: Mention | None) -> tuple[Mention, ...]:
    if theme is None or not frame.companion:
        return ()
    return tuple(
        s
        for a, _, s in slots
        if isinstance(s, Mention)
        and s.etype in frame.companion
        and s.entity != theme.entity
        and frame.companion_cue.search(text[max(0, a - 40) : a])
    )


def _payloads(frame: Frame, text: str, slots: list[_Placed], theme: Mention | None) -> tuple[Mention, ...]:
    if theme is None or frame.payload_cue is None:
        return ()
    cue = frame.payload_cue
    return tuple(
        s
        for a, _, s in slots
        if isinstance(s, Mention)
        and s.method != "nisba"
        and s.etype in frame.payload
        and s.entity != theme.entity
        and cue.search(text[max(0, a - 50) : a])
    )


_RELATIVE_BEFORE = re.compile(r"(?:^|\s)(?:الذي|التي|اللذين|اللتين|الذين)\s*$")


# A carrier named before its verb though unknown ("وكانت "إم إس-22" قد نقلت A"): the verb's subject.
_CARRIER_BEFORE = re.compile(r'(?:"[^"«»]{2,40}"|(?:ال)?(?:مركبه|كبسوله|رحله|مهمه|مكوك))(?:\s+(?:قد|وقد))?\s*$')


_QUOTED_BEFORE = re.compile(r'"[^"«»]{2,40}"(?:\s+(?:قد|وقد))?\s*$')


def _objects(
    text: str, slots: list[_Placed], theme: Mention | None, parties: tuple[Mention, ...], clause: int, start: int
) -> bool:
    """Whether the parties after the trigger are its objects: the carrier is named before them ("نقلت
    المركبة X الرائدين A وB", "وكانت "Y" قد نقلت A"), or a relative pronoun stands for it ("الرحلة
    التي حملت A وB"). A person right after a verb with no carrier before it is its subject ("ونقل A
    تحيات الوكالة")."""
    if not parties:
        return False
    if _RELATIVE_BEFORE.search(text[max(0, start - 12) : start]):
        return True
    if _CARRIER_BEFORE.search(text[max(clause, start - 60) : start]):
        return True
    at = {id(s): a for a, _, s in slots}
    first = min(at.get(id(p), start) for p in parties)
    return theme is not None and id(theme) in at and at[id(theme)] < first


def _glued(between: str, glue: frozenset[str]) -> bool:
    """Whether only names and the words of `glue` ("قد", "لم", "عن" …) stand between a name and the trigger."""
    words = [w.strip('"،,') for w in _SLOT.sub(" ", between).split()]
    return all(not w or w in glue for w in words)


def _parties(
    frame: Frame, text: str, slots: list[_Placed], prepositions: tuple[str, ...], start: int, glue: frozenset[str]
) -> tuple[Mention, ...]:
    """Every slot of the frame's party types in the clause, but those a preposition governs ("عبر
    وكالة الفضاء الأوروبية", "مع ناسا"): they take part some other way."""
    if not frame.parties:
        return ()
    out = []
    for a, b, s in slots:
        if not isinstance(s, Mention) or s.method == "nisba" or s.etype not in frame.parties:
            continue
        if b <= start and (frame.parties_after or not _glued(text[b:start], glue)):
            continue  # before the trigger only the subject right before it ("وكانت الهند قد وقعت")
        head = text[max(0, a - 16) : a]
        words = head.split()
        # "كلا من X وY", "إضافة إلى X": a list, not a preposition
        listed = len(words) >= 2 and (words[-2] in _LIST_OPENERS or words[-2].endswith(_ADDING))
        if (head and not head[-1].isspace() and head[-1] in "لب") or (
            words and words[-1] in prepositions and not listed
        ):
            continue
        out.append(s)
    return tuple(out)


_NAME_END = re.compile(r"«(?!Date:|Demonym:)[A-Za-z]+:\d+»$")


def _after_blocker(frame: Frame, text: str, start: int) -> bool:
    """Whether the word before the trigger makes it no event ("على الإطلاق": ever; "مسبار الهبوط")."""
    previous = text[max(0, start - 15) : start].split()
    if previous and _NAME_END.search(previous[-1]) and _PURPOSE.match(text, start):
        return True  # "مركز جيوتشيوان لإطلاق الأقمار": a name and a purpose noun name a place
    if _PURPOSE.match(text, start) and frame.places & set(text[max(0, start - 40) : start].split()[-3:]):
        return True  # the same when the place's name is no mention (launch sites are not annotated)
    return bool(previous) and previous[-1] in frame.not_after


def _distance(a: int, b: int, start: int, end: int) -> int:
    return start - b if b <= start else a - end if a >= end else 0


# "على متن صاروخ X": the rocket that carries the theme, never the theme itself.
_CARRIED = re.compile(r"متن(?:\s+\S+){0,2}\s*\"?\s*$")
# "التابعة لمهمة X", "كبسولة العودة للمسبار X": X owns the thing the event happens to.
_POSSESSOR = re.compile(r"(?:^|\s)(?:ل|لل)(?P<noun>[^\s«»]*)\s*\"?\s*$|(?<![^\s\"])ل\"?$")


def _possessed(window: str) -> bool:
    """Whether the slot after `window` owns the thing the event happens to ("التابعة لمهمة X", "كبسولة
    العودة للمسبار X"): after ل, a noun of the kinds names follow, not what a craft is for ("للاتصالات")."""
    m = _POSSESSOR.search(window)
    if m is None:
        return False
    noun = m.group("noun")
    return not noun or noun in _class_nouns() or ("ال" + noun) in _class_nouns()


@functools.cache
def _class_nouns() -> frozenset[str]:
    """The first words of the nouns names follow (`name-triggers.tsv`), normalized."""
    return frozenset(normalize_str(row[0]).split()[0] for row in wordlists.rows("name-triggers.tsv"))


# "إلى المحطة", "بصاروخ X", "مع المحطة": a slot a preposition governs is where or by what, not the theme
# (for the types a frame takes only when nothing else is there). Normalized spelling.
_GOVERNED = re.compile(
    r"(?:(?<![^\s\"])[وف]?(?:الي|نحو|باتجاه|صوب|مع|في|من|عن|حول|علي|لدي|عبر)\s+(?:[^\s«»]+\s+)?\"?"
    r"|(?<![^\s\"])[وف]?(?:ب|ل|لل|بال)(?:[^\s«»]+\s+)?\"?)$"
)


# A relative clause set off by commas ("X، الذي حمل Y طوال رحلته، في دخول مدار المريخ"): a name inside
# it is the object of its own verb, not the theme of a trigger outside it. Normalized spelling.
_RELATIVE = re.compile(r"[،,]\s*(?:الذي|التي|الذين)\s[^،,.]*[،,]")


def _in_relative(text: str, a: int, start: int) -> bool:
    """Whether the slot at `a` stands in a relative clause between commas that does not hold the trigger."""
    lo = max(0, min(a, start) - 200)
    return any(r.start() < a < r.end() and not r.start() <= start < r.end() for r in _RELATIVE.finditer(text, lo))


def _theme(frame: Frame, text: str, slots: list[_Placed], start: int, end: int) -> Mention | None:
    found = [
        (a, b, s)
        for a, b, s in slots
        if isinstance(s, Mention)
        and not _in_relative(text, a, start)
        and s.method != "nisba"
        and s.etype in frame.theme
        and not (s.etype in frame.avoid and _CARRIED.search(text[max(0, a - 40) : a]))
        and not (s.etype in frame.avoid and _GOVERNED.search(text[max(0, a - 20) : a]))
        and not (a > end and _possessed(text[max(end, a - 20) : a]))
        and _distance(a, b, start, end) <= frame.reach
    ]
    preferred = [x for x in found if isinstance(x[2], Mention) and x[2].etype not in frame.avoid] or found
    if not preferred:
        return None
    best = min(preferred, key=lambda x: _distance(x[0], x[1], start, end))
    assert isinstance(best[2], Mention)
    return best[2]


def _date(coded: Coded, slots: list[_Placed], start: int, end: int) -> DateMention | None:
    dates = [
        (a, b, s)
        for a, b, s in slots
        if isinstance(s, DateMention)
        and s.value is not None
        and (s.kind != "duration" or _ago(s))
        and not (_since(coded.text, a, s) and not _since_event(coded.text, a, s, start))
        and not _anchors(s)
        and not (a >= end and _OTHER_EVENT.search(coded.text, end, a))
        and not (b <= start and _REPORTED.search(coded.text, b, start))
    ]
    if not dates:
        return None
    best = min(dates, key=lambda x: _distance(x[0], x[1], start, end))
    assert isinstance(best[2], DateMention)
    return best[2]


# "أعلنت الوكالة في بيان صدر اليوم الاثنين أنه تم إطلاق …": a date before the complementizer dates the
# statement, not the event it reports (normalized spelling).
_REPORTED = re.compile(r"(?<![^\s«»،,])(?:ب)?(?:ان|انه|انها|انهم|انهما)(?=\s)")
_SINCE = normalize_str("منذ")
_AGO = normalize_str("قبل")


def _ago(slot: DateMention) -> bool:
    """ "قبل عام ونصف", "قبل خمسين عاما": a count back from the article's day is the point it reaches (the
    held-out convention), so a frame may take it; "منذ 13 عاما" (since) dates a state, not an event."""
    return normalize_str(slot.text).startswith(_AGO)
# "تنجح مركبتها في الهبوط على القمر، بعد فشل مركبة X العام الماضي": past a comma, "بعد/قبل/عقب/إثر" and a
# noun open a phrase about another event; a date in it is that event's (normalized; not "بعد أن").
_OTHER_EVENT = re.compile(r"[،,]\s*[وف]?(?:بعد|قبل|عقب|اثر)\s+(?!ان\s)")


_WAS = r"(?:كان|كانت)"


def _unrealized(frame: Frame, text: str, start: int, end: int) -> int | None:
    """Where the words that say the trigger's event was only scheduled end ("وكان الإطلاق مقررا",
    "الهبوط الذي كان مقررا", "كان من المقرر"), None when there are none."""
    if not frame.scheduled:
        return None
    words = "|".join(re.escape(w) for w in frame.scheduled)
    after = re.compile(rf"\s*[،,]?\s*(?:(?:الذي|التي)\s+)?{_WAS}\s+(?:من\s+)?(?:{words})(?=[\s،,.]|$)")
    m = after.match(text, end)
    if m is not None:
        return m.end()
    m = re.compile(rf"\s+(?:{words})(?=[\s،,.]|$)").match(text, end)
    before = text[max(0, start - 12) : start].split()
    if m is not None and before and re.fullmatch(rf"[وف]?{_WAS}", before[-1]):
        return m.end()
    return None


def _since_event(text: str, at: int, slot: DateMention, trigger: int) -> bool:
    """Whether the منذ before the date at `at` governs the trigger, which stands between them ("منذ أول
    انطلاقة لها عام 1983", "منذ إطلاقه في 2009"): the date is then that event's own."""
    if normalize_str(slot.text).startswith(_SINCE):
        return False
    since = text.rfind(_SINCE, max(0, at - 40), at)
    return since >= 0 and since < trigger < at


def _date_before_clause(frame: Frame, coded: Coded, start: int) -> DateMention | None:
    """The date that ends the clause before a clause opened by a word of `same_time` ("… في 24 يوليو،
    حين هبطت الكبسولة"): the time of the clause it opens."""
    words = "|".join(re.escape(w) for w in frame.same_time)
    m = re.search(rf"«Date:(\d+)»\s*[،,]?\s*(?:و|ف)?(?:{words})\s*$", coded.text[max(0, start - 60) : start])
    if m is None:
        return None
    slot = coded.slot_at(int(m.group(1)))
    if not isinstance(slot, DateMention) or slot.value is None or slot.kind == "duration" or _anchors(slot):
        return None
    return slot if not _since(coded.text, max(0, start - 60) + m.start(), slot) else None


def _since(text: str, at: int, slot: DateMention) -> bool:
    """A date told as "since" (منذ within the four words before it) dates an earlier state of things."""
    before = [w for w in text[max(0, at - 40) : at].split() if not w.startswith("«")][-4:]
    return normalize_str(slot.text).startswith(_SINCE) or any(w in (_SINCE, "و" + _SINCE) for w in before)


_ANCHORING = re.compile(r"(?:^|\s)(?:من|علي)(?:\s+\S+)?\s*$")


def _anchors(slot: DateMention) -> bool:
    """A date told from another event ("بعد تسعة أشهر من إطلاق X", "ستون عاما على إطلاق X"): which
    of the two events it dates, the clause does not say plainly, so a frame takes neither. A count
    from an event named by its word ("قبل ثلاثة أيام من الإقلاع") dates something else than that event."""
    rule = getattr(slot, "rule", None)
    if rule is not None and rule.anchor == "event" and rule.offset:
        return True
    return bool(_ANCHORING.search(normalize_str(slot.text)))


def _captured(coded: Coded, m: re.Match[str], group: str) -> Mention | None:
    if group not in m.re.groupindex or m.group(group) is None:
        return None
    slot = _SLOT.search(m.group(group))
    found = coded.slot_at(int(slot.group(2))) if slot else None
    return found if isinstance(found, Mention) else None


_BODIES = ("CelestialBody", "Planet")


def _body(frame: Frame, text: str, slots: list[_Placed], after: int, kinds: tuple[str, ...]) -> Mention | None:
    """The first celestial body (or slot of `kinds`) after the trigger that one of `body_after` introduces."""
    if not frame.body_after:
        return None
    for a, _, s in slots:
        if a < after or not isinstance(s, Mention) or s.etype not in kinds:
            continue
        head = text[max(after, a - 40) : a]
        if any(
            re.search(rf"(?:^|\s){re.escape(p)}\s+(?:[^\s«»]+\s+){{0,3}}(?:ل|لل|ب)?$", head) for p in frame.body_after
        ):
            return s
    return None


def _negated(frame: Frame, text: str, start: int, end: int) -> bool:
    """A negator as the trigger ("غابت روسيا عن التوقيع") or within three words before it, names not counted."""
    words = [w.strip('"،,') for w in text[max(0, start - 80) : start].split() if "«" not in w][-3:]
    words.append(text[start:end])
    return any(w in frame.negators or (w[:1] in "وف" and w[1:] in frame.negators) for w in words)
