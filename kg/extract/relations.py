"""Claims from sentences: apply the relation rules, resolve their arguments, decide modality."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache

from kg import iris
from kg.extract import coref
from kg.extract.coded import Coded, encode
from kg.extract.dates import anniversary_of, counted_from
from kg.extract.frames import FrameEmit, FrameMatch, find_frames
from kg.extract.rules import Emit, Rule, RuleSet
from kg.extract.speech import Speech, find_speech
from kg.model import Claim, DateMention, DateValue, Document, Mention, ModalityName, NewEntity, Span
from kg.text import wordlists
from kg.text.normalize import normalize_str
from kg.vocab import RESOURCE

_SLOT = re.compile(r"«([A-Za-z]+):(\d+)»")
_WORD = re.compile(r"«[^»]*»|[^\s«»،,.:؛\"()\-]+")
_TRIM = " \t\n\r،,.:؛\"'-«»"

LabelOf = Callable[[str], str]


@dataclass(slots=True)
class _Sentence:
    coded: Coded
    speeches: list[Speech]


@dataclass(slots=True)
class Context:
    """What the rules can see: every sentence coded, and what has been minted so far."""

    doc: Document
    rules: RuleSet
    article: str
    label_of: LabelOf
    sentences: dict[int, _Sentence] = field(default_factory=dict)
    order: list[int] = field(default_factory=list)
    minted: dict[str, NewEntity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    """Claims so far, the current sentence's included as its rules fire (for @crew and @crew_of)."""
    first_mention: dict[str, Mention] = field(default_factory=dict)
    flown_as: dict[tuple[str, str], int] = field(default_factory=dict)
    """(craft, mission) pairs the text says are one flight ("أقلع X …، في مهمة تعرف باسم Y"), with the
    sentence that first says so."""
    docked: dict[tuple[str, str], Claim] = field(default_factory=dict)
    """(craft, station) pairs the text says docked, each with a record of where (a claim the crew's are made from)."""
    titled: dict[int, list[Claim]] = field(default_factory=dict)
    """Occupations of the unnamed speakers of each sentence ("مسؤول في وكالة X": official at X)."""


Target = Mention | DateValue | str


def extract_claims(
    doc: Document,
    mentions: list[Mention],
    dates: list[DateMention],
    rules: RuleSet,
    label_of: LabelOf,
) -> tuple[list[Claim], list[NewEntity], list[Mention]]:
    """Claims of every non-boilerplate sentence, plus entities the rules minted and their mentions."""
    ctx = Context(doc, rules, str(iris.article(doc.id)), label_of)
    for m in mentions:
        ctx.first_mention.setdefault(m.entity, m)
    actors = rules.types["ACTOR"]
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    dates_by_sentence: dict[int, list[DateMention]] = {}
    for d in dates:
        dates_by_sentence.setdefault(d.sentence, []).append(d)
    for s in doc.sentences:
        if s.boilerplate:
            continue
        here = by_sentence.get(s.index, [])
        in_dates = [_trimmed(d, here) for d in dates_by_sentence.get(s.index, [])]
        slots: list[Mention | DateMention] = [m for m in here if not _nested(m, here) and not _inside(m, in_dates)]
        slots += [d for d in in_dates if not _covered(d, slots)]
        coded = encode(doc.text, s, slots)
        ctx.sentences[s.index] = _Sentence(coded, find_speech(coded, rules, actors))
        ctx.order.append(s.index)
        _unnamed_speakers(ctx, s.index)
    claims: list[Claim] = []
    for index in ctx.order:
        _flights_named(ctx, index)
        _docked(ctx, index)
        sentence_claims = list(_apply_rules(ctx, index))
        sentence_claims = _negations_win(sentence_claims + _frame_claims(ctx, index))
        here = by_sentence.get(index, [])
        sentence_claims += _nested_demonyms(ctx, index, here)
        sentence_claims += _dual_demonyms(ctx, index)
        sentence_claims += _titled_persons(ctx, index, here)
        sentence_claims += ctx.titled.pop(index, [])
        sentence_claims += _said(ctx, index, sentence_claims)
        claims += _attribute_outlet(sentence_claims)
        ctx.claims = list(claims)
    claims = _dedupe(claims)
    _crew_named_after(claims, ctx)
    claims = claims + _crews_of_one_flight(claims, ctx) + _launches_of_one_flight(claims, ctx)
    claims = claims + _crews_of_docked(claims, ctx)
    stations = {e for e, m in ctx.first_mention.items() if m.etype in ctx.rules.types["STATION"]}
    return claims + _crew_flights(claims, stations), list(ctx.minted.values()), ctx.mentions


_CREWED = ("asserted", "reported", "planned")
# A craft's name given after "اسم" ("أطلق عليها الرائدان اسم "إنديفور"") is a naming, not the craft
# that flies the mission named next.
_NAMING = re.compile(r"(?:اسم|باسم|اسمه|اسمها)\s*\"?\s*$")


def _flights_named(ctx: Context, index: int) -> None:
    """ "وحمل صاروخ فالكون 9 الكبسولة …، في مهمة تعرف باسم "ديمو-2"": a mission named after the
    launch frame's companion cue flies as the craft named last before it in the sentence (rockets and
    names given by "اسم" aside), whatever the verb."""
    coded = ctx.sentences[index].coded
    crafts = ctx.rules.types["CRAFT"]
    for frame in ctx.rules.frames:
        if not frame.companion:
            continue
        before: list[Mention] = []
        for mt in _SLOT.finditer(coded.text):
            slot = coded.slot_at(int(mt.group(2)))
            if not isinstance(slot, Mention) or slot.method == "nisba":
                continue
            head = coded.text[max(0, mt.start() - 40) : mt.start()]
            if slot.etype in frame.companion and frame.companion_cue.search(head):
                craft = before[-1] if before else _crewed_craft(ctx, index)
                if craft is not None:
                    ctx.flown_as.setdefault((craft.entity, slot.entity), index)
            elif slot.etype in crafts and not _NAMING.search(head):
                before.append(slot)


# up to four words or dates between ("والتحمت المركبة بعد يومين بمحطة "مير""), and "محطة" before the name
_DOCKED_AT = re.compile(
    r"\s*\"?\s*(?:(?:[^\s«»،,.]+|«Date:\d+»)\s+){0,4}?ب(?:ـ)?(?:محط[ةه]\s+)?\"?«SpaceStation:(\d+)»"
)


def _docked(ctx: Context, index: int) -> None:
    """ "انطلقت مهمة X …، قبل أن تلتحم الكبسولة Y بالمحطة Z": the craft named right after a docking verb
    flies as the mission named last before it in the sentence (no other craft between), and, when the
    docking is told as done, it docked with the station named after "ب"."""
    sent = ctx.sentences[index]
    coded = sent.coded
    verbs = ctx.rules.cues.get("docking", ())
    if not verbs or not any(v in coded.text for v in verbs):
        return
    crafts, missions = ctx.rules.types["CRAFT"], ctx.rules.types["MISSION"]
    alts = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))
    nouns = "|".join(re.escape(n) for n in sorted(ctx.rules.cues.get("docking_nouns", ()), key=len, reverse=True))
    noun = rf"(?:{nouns})\s+\"?" if nouns else "(?!)"
    # the craft named after the verb, or a craft noun alone (or no subject: "والتحمت بالمحطة") that points
    # back to the topic's
    named = rf"(?:{noun})?«(?!Date:)([A-Za-z]+):(\d+)»"
    alone = r"(?=ب(?:محط[ةه]\s+)?\"?«SpaceStation:)"
    pattern = rf"(?<![^\s،,])[وف]?(?:{alts})\s+(?:{named}|{noun}(?={_DOCKED_AT.pattern})|{alone})"
    for verb in re.finditer(pattern, coded.text):
        if verb.group(2) is not None:
            craft: Mention | DateMention | None = coded.slot_at(int(verb.group(2)))
        else:
            craft = _topic(ctx, index, verb.start(), crafts + missions)
        if not isinstance(craft, Mention) or craft.etype not in crafts + missions or craft.method == "nisba":
            continue  # a mission docks as its craft ("والتحمت المركبة بالمحطة" of a flight named as one)
        before = [coded.slot_at(int(i)) for t, i in _SLOT.findall(coded.text[: verb.start()]) if t in crafts + missions]
        if before and isinstance(before[-1], Mention) and before[-1].etype in missions and craft.etype in crafts:
            ctx.flown_as.setdefault((craft.entity, before[-1].entity), index)
        at = _DOCKED_AT.match(coded.text, verb.end())
        station = coded.slot_at(int(at.group(1))) if at else None
        if not isinstance(station, Mention):
            continue
        assert at is not None
        modality, speech = _modality(ctx, sent, verb.start(), at.end(), Emit(s="s", p="p"))
        if modality in ("asserted", "reported"):
            span = (verb.start(), at.end())
            record = _new_claim(ctx, sent, span, craft, "crewMemberOf", station, modality, speech, "docked", 0.6)
            ctx.docked.setdefault((craft.entity, station.entity), record)


def _crews_of_docked(claims: list[Claim], ctx: Context) -> list[Claim]:
    """The crew of a craft that docked with a station ("قبل أن تلتحم الكبسولة بالمحطة") are the
    station's crew too, and, when the sentence of the docking names its crew, the craft made a crewed
    flight to it. Inferred, less confident, with the evidence of the docking."""
    have = {(c.subject, c.object) for c in claims if c.predicate == "crewMemberOf"}
    flights = {(c.subject, c.object) for c in claims if c.predicate == "crewedFlightTo" and c.modality != "negated"}
    out: list[Claim] = []
    for (craft, station), record in sorted(ctx.docked.items()):
        crew = dict.fromkeys(
            c.subject
            for c in claims
            if c.predicate == "crewMemberOf" and c.object == craft and c.modality in ("asserted", "reported")
        )
        told_with = any(
            c.predicate == "crewMemberOf" and c.object == craft and c.sentence == record.sentence for c in claims
        )  # the crew told with the docking ("انطلق X على متن Y برفقة …، والتحمت المركبة بالمحطة Z")
        if told_with and (craft, station) not in flights:  # a crewed craft that docked flew its crew there
            flights.add((craft, station))
            out.append(
                replace(record, predicate="crewedFlightTo", rule="inferred.crewed_docked", confidence=0.45,
                        inferred=True)
            )
        for person in crew:
            if (person, station) in have:
                continue
            have.add((person, station))
            out.append(
                replace(
                    record, subject=person, rule="inferred.crew_of_docked", confidence=0.45, inferred=True
                )
            )
    return out


def _crew_named_after(claims: list[Claim], ctx: Context) -> None:
    """ "انطلقت الكبسولة X …، حاملة أربعة رواد إلى المحطة" then "ويضم طاقم مهمة Y قائدها A والطيار B":
    a crewed flight whose crew the text does not name, and right after (same or next sentence) the
    named crew of one mission that has no craft of its own: the mission is that craft's flight
    (`flown_as`), so the two share crews and launch dates."""
    crafts, missions = ctx.rules.types["CRAFT"], ctx.rules.types["MISSION"]
    paired = {e for pair in ctx.flown_as for e in pair}
    position = {index: i for i, index in enumerate(ctx.order)}
    crew = [c for c in claims if c.predicate == "crewMemberOf" and c.modality != "negated" and c.object is not None]
    crewed = {c.object for c in crew}
    crew_at: dict[int, list[Claim]] = {}  # by the position of their sentence: each flight looks at three
    people_of: dict[str, set[str]] = {}
    for c in crew:
        crew_at.setdefault(position.get(c.sentence, -9), []).append(c)
        people_of.setdefault(c.object or "", set()).add(c.subject)

    def kind(entity: str) -> str | None:
        m = ctx.first_mention.get(entity)
        return m.etype if m is not None else None

    for flight in claims:
        if flight.predicate != "crewedFlightTo" or flight.modality == "negated" or kind(flight.subject) not in crafts:
            continue
        craft = flight.subject
        if craft in paired or craft in crewed:
            continue
        at = position.get(flight.sentence, -1)
        named: dict[str, int] = {}
        for c in crew_at.get(at, []) + crew_at.get(at + 1, []):
            if kind(c.object or "") in missions and c.object not in paired:
                named.setdefault(c.object or "", c.sentence)
        if len(named) != 1:
            continue
        mission, sentence = next(iter(named.items()))
        people = people_of.get(mission, set())
        here = position.get(sentence, -9)
        if any(
            c.subject in people and kind(c.object or "") in crafts
            for d in (-1, 0, 1)
            for c in crew_at.get(here + d, [])
        ):
            continue  # the mission's crew flies a craft the text names there (an earlier flight is another)
        ctx.flown_as.setdefault((craft, mission), sentence)
        paired |= {craft, mission}


def _crewed_craft(ctx: Context, index: int) -> Mention | None:
    """The craft the latest crew claims of this sentence or the two before are on ("وضم الطاقم …"
    then "ولم تنطلق المهمة، التي تحمل الاسم الرمزي X": the mission is that craft's flight)."""
    position = ctx.order.index(index)
    recent = set(ctx.order[max(0, position - 2) : position + 1])
    crafts = ctx.rules.types["CRAFT"]
    for c in reversed(ctx.claims):
        if c.predicate == "crewMemberOf" and c.sentence in recent and c.object and c.modality != "negated":
            target = ctx.first_mention.get(c.object)
            return target if target is not None and target.etype in crafts else None
    return None


def _launches_of_one_flight(claims: list[Claim], ctx: Context) -> list[Claim]:
    """A mission flown as a craft was launched when the craft was, when the text dates only the craft
    ("انطلق رائدا الفضاء … مساء أمس السبت على متن كبسولة X" … "في مهمة تعرف باسم Y")."""
    # a scrubbed attempt ("ألغيت محاولة الإطلاق الأولى") is no launch: the flight still has its own date
    dated = {c.subject for c in claims if c.predicate == "launchDate" and c.modality != "negated"}
    out: list[Claim] = []
    for craft, mission in sorted(ctx.flown_as):
        if mission in dated:
            continue
        launches = [
            c for c in claims if c.subject == craft and c.predicate == "launchDate" and c.modality != "negated"
        ]  # a scrubbed attempt ("ألغيت محاولة الإطلاق الأولى") is no launch of the flight
        c = _nearest_launch(launches, ctx.flown_as[(craft, mission)])
        if c is None:
            continue  # none, or several as near: which one the mission's is, the text does not say here
        out.append(
            replace(c, subject=mission, rule="inferred.launch_of_flight", confidence=round(c.confidence * 0.8, 3),
                    inferred=True)
        )
    return out


def _nearest_launch(launches: list[Claim], sentence: int | None) -> Claim | None:
    """The one launch a flight's claim means: the only one, else (a craft flown again: "منذ أول
    انطلاقة لها عام 1983") the one told nearest the sentence that names the flight, when that one is
    nearer than every other."""
    values = {(c.value.value if isinstance(c.value, DateValue) else c.value, c.modality): c for c in launches}
    if len(values) == 1:
        return next(iter(values.values()))
    if not values or sentence is None:
        return None
    ranked = sorted(values.values(), key=lambda c: abs(c.sentence - sentence))
    return ranked[0] if abs(ranked[0].sentence - sentence) < abs(ranked[1].sentence - sentence) else None


def _crews_of_one_flight(claims: list[Claim], ctx: Context) -> list[Claim]:
    """Crews the text gives by another name of their flight: who flies a mission flies the craft it
    flies as, and the other way round ("أقلع ديسكفري …، في مهمة تعرف باسم STS-51-G … ويضم طاقمها
    X"); an astronaut who leads a mission or craft ("في مهمة … يقودها رائد الفضاء X") is of its
    crew. Inferred, less confident, with the evidence of the claim they come from."""
    astronauts = {e for e, m in ctx.first_mention.items() if m.etype == "Astronaut"}
    crafts = {e for e, m in ctx.first_mention.items() if m.etype in ctx.rules.types["VEHICLE"]}
    partner: dict[str, set[str]] = {}
    for craft, mission in ctx.flown_as:
        partner.setdefault(craft, set()).add(mission)
        partner.setdefault(mission, set()).add(craft)
    have = {(c.subject, c.object) for c in claims if c.predicate == "crewMemberOf"}
    out: list[Claim] = []
    for c in itertools.chain(claims, out):  # out grows: a leader's crew claim has a flight partner too
        if c.modality not in _CREWED or c.object is None:
            continue
        if c.predicate == "ledBy" and c.object in astronauts and c.subject in crafts:
            found = [(c.object, c.subject)]
        elif c.predicate == "crewMemberOf":
            found = [(c.subject, other) for other in sorted(partner.get(c.object, ()))]
        else:
            continue
        for person, flight in found:
            if (person, flight) in have:
                continue
            have.add((person, flight))
            out.append(
                replace(
                    c,
                    subject=person,
                    predicate="crewMemberOf",
                    object=flight,
                    rule="inferred.crew_of_flight",
                    confidence=round(c.confidence * 0.8, 3),
                    inferred=True,
                    qualifiers=(),
                )
            )
    return out


def _crew_flights(claims: list[Claim], stations: frozenset[str] | set[str] = frozenset()) -> list[Claim]:
    """A crew member flew when the craft or mission carrying them launched: "X on board Y" and "Y
    launched on D" give X's spaceflight date D. Inferred (`sk:inferred`), less confident, with the
    crew claim's evidence; only when Y has one launch date and X no flight date of their own in its year."""
    launches: dict[str, list[Claim]] = {}
    for c in claims:
        if c.predicate == "launchDate" and isinstance(c.value, DateValue) and c.modality != "negated":
            launches.setdefault(c.subject, []).append(c)
    # the years each person's own flight dates fall in: a launch in another year is another flight
    flown: dict[str, set[str]] = {}
    for c in claims:
        if c.predicate == "spaceflightDate":
            flown.setdefault(c.subject, set()).add(c.value.value[:4] if isinstance(c.value, DateValue) else "")
    out: list[Claim] = []
    seen: set[tuple[str, str]] = set()  # (person, craft) and (person, date)
    for c in claims:
        if c.predicate != "crewMemberOf" or c.object is None or c.modality not in ("asserted", "reported"):
            continue
        if c.object in stations:
            continue  # a station's crew came later, on a craft of their own: its launch is not their flight
        if (c.subject, c.object) in seen:
            continue
        launch = _nearest_launch(launches.get(c.object, []), c.sentence)
        if launch is None:
            continue
        assert isinstance(launch.value, DateValue)
        own = flown.get(c.subject)
        if own is not None and ("" in own or launch.value.value[:4] in own):
            continue  # the person's own date of that flight stands
        value, modality = launch.value.value, launch.modality
        if (c.subject, value) in seen:
            continue  # the craft and the mission it flew as: one flight
        seen.add((c.subject, value))
        seen.add((c.subject, c.object))
        out.append(
            replace(
                c,
                predicate="spaceflightDate",
                object=None,
                value=replace(launch.value, how=f"the launch of the craft carrying them ({launch.value.how})"),
                modality=modality,
                rule="inferred.crew_flight",
                confidence=round(min(c.confidence, launch.confidence) * 0.8, 3),
                inferred=True,
                when=None,
                qualifiers=(),
            )
        )
    return out


def _nested(m: Mention, mentions: list[Mention]) -> bool:
    return any(o is not m and o.start <= m.start and m.end <= o.end and len(o.span) > len(m.span) for o in mentions)


def _inside(m: Mention, dates: list[DateMention]) -> bool:
    """A name inside a date expression ("بعد شهر من روسيا") is part of the date."""
    return any(d.start <= m.start and m.end <= d.end and len(d.span) > len(m.span) for d in dates)


_TRAILING_OF = re.compile(r"\s+(?:من|عن|على)?\s*$")


def _trimmed(d: DateMention, mentions: list[Mention]) -> DateMention:
    """A date whose last words run into a name ("قبل ذلك بأربعة أيام من مركز كينيدي"): the name is a
    place, not the event the date counts from, so the date ends before it (and its "من")."""
    for m in mentions:
        if m.method != "nisba" and d.start < m.start < d.end < m.end:
            head = d.text[: m.start - d.start]
            cut = _TRAILING_OF.search(head)
            end = d.start + (cut.start() if cut else len(head))
            return replace(d, end=end, text=d.text[: end - d.start]) if end > d.start else d
    return d


def _covered(d: DateMention, slots: list[Mention | DateMention]) -> bool:
    return any(s.start < d.end and d.start < s.end for s in slots)


# ---------------------------------------------------------------- applying rules
def _apply_rules(ctx: Context, index: int) -> Iterator[Claim]:
    sent = ctx.sentences[index]
    text = sent.coded.text
    for rule in ctx.rules.rules:
        if not rule.may_match(text):
            continue
        for m in rule.regex.finditer(text):
            for claim in _emit_rule(ctx, index, rule, m):
                ctx.claims.append(claim)
                yield claim


_FLOWN_AS = "flownAs"
"""The emit predicate of rules that say a craft and a mission are one flight ("رواد X …، إذ هبطت
كبسولتهم Y"): no claim of its own, but the crews and launch dates of the two are shared."""


def _emit_rule(ctx: Context, index: int, rule: Rule, m: re.Match[str]) -> Iterator[Claim]:
    sent = ctx.sentences[index]
    minted = _mint(ctx, index, rule, m) if rule.mint else None
    for emit in rule.emits:
        subjects = _resolve(ctx, index, emit.s, m, minted)
        objects = _resolve(ctx, index, emit.o or emit.v or "", m, minted)
        when = _resolve(ctx, index, emit.w, m, minted) if emit.w else []
        quals = [(name, _resolve(ctx, index, ref, m, minted)) for name, ref in emit.qual]
        for s in subjects:
            for o in objects:
                if emit.p == _FLOWN_AS:  # no claim: the craft s flies as the mission o (`flown_as`)
                    if isinstance(s, Mention) and isinstance(o, Mention) and s.entity != o.entity:
                        ctx.flown_as.setdefault((s.entity, o.entity), index)
                    continue
                claim = _claim(ctx, sent, rule, emit, m, s, o, when, quals)
                if claim is not None:
                    yield claim


def _claim(
    ctx: Context,
    sent: _Sentence,
    rule: Rule,
    emit: Emit,
    m: re.Match[str],
    s: Target,
    o: Target,
    when: list[Target],
    quals: list[tuple[str, list[Target]]],
) -> Claim | None:
    if not isinstance(s, Mention) or (emit.o and not isinstance(o, Mention)):
        return None
    if emit.v and isinstance(o, Mention):
        return None
    if isinstance(o, Mention) and (o.entity == s.entity or o.entity.rsplit("/", 1)[-1] in rule.exclude):
        return None
    modality, speech = _modality(ctx, sent, m.start(), m.end(), emit)
    if rule.descriptive and (modality == "reported" or (modality == "planned" and emit.p in _STANDING)):
        modality, speech = "asserted", None
    if isinstance(o, DateValue) and o.deadline and modality in ("asserted", "reported"):
        modality = "planned"  # "بحلول عام 2028": a deadline is a plan (its cue word is inside the date slot)
    if isinstance(o, DateValue) and modality != "negated" and _ONCE_SCHEDULED.search(m.group()):
        modality = "negated"  # "إطلاقها الذي كان مقررا في 20 فبراير": a plan told in the past, not what happened
    return _new_claim(
        ctx,
        sent,
        (m.start(), m.end()),
        s,
        emit.p,
        o,
        modality,
        speech,
        rule.id,
        emit.conf if emit.conf is not None else rule.conf,
        when=next((w for w in when if isinstance(w, DateValue)), None),
        qualifiers=tuple((name, t.entity) for name, targets in quals for t in targets if isinstance(t, Mention)),
    )


def _new_claim(
    ctx: Context,
    sent: _Sentence,
    coded: tuple[int, int],
    s: Mention,
    predicate: str,
    o: Target,
    modality: ModalityName,
    speech: Speech | None,
    rule_id: str,
    conf: float,
    *,
    when: DateValue | None = None,
    qualifiers: tuple[tuple[str, str], ...] = (),
) -> Claim:
    """The claim `s predicate o` read from `coded` (a stretch of the coded sentence), by a rule or a frame."""
    span = _trim(ctx.doc.text, sent.coded.span(*coded))
    speaker = speech.speaker if speech is not None else None
    return Claim(
        subject=s.entity,
        predicate=predicate,
        object=o.entity if isinstance(o, Mention) else None,
        value=None if isinstance(o, Mention) else o,
        modality=modality,
        evidence=span,
        quote=ctx.doc.text[span.start : span.end],
        sentence=sent.coded.sentence.index,
        rule=rule_id,
        confidence=min(conf, s.confidence, o.confidence if isinstance(o, Mention) else 1.0),
        speaker=speaker.entity if speaker is not None else None,
        speech_verb=speech.verb if speech is not None and speaker is not None else None,
        when=when,
        inferred=s.inferred or (isinstance(o, Mention) and o.inferred),
        qualifiers=qualifiers,
    )


def _trim(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return Span(start, end)


# ---------------------------------------------------------------- event frames
def _frame_claims(ctx: Context, index: int) -> list[Claim]:
    """Claims of the event frames triggered in the sentence (frames.toml): the theme found in the
    clause, else (in a clause naming no actor or vehicle) the topic of the sentences before."""
    sent = ctx.sentences[index]
    actors = frozenset(ctx.rules.types["ACTOR"] + ctx.rules.types["VEHICLE"] + ctx.rules.types["STATION"])
    out: list[Claim] = []
    for fm in find_frames(sent.coded, ctx.rules.frames, ctx.rules.cues, actors):
        theme, conf = fm.theme, fm.frame.conf
        if theme is None and fm.bare:
            theme = _relative_antecedent(sent.coded, fm)
        if theme is None and fm.bare:
            kinds = tuple(t for t in fm.frame.theme if t not in fm.frame.avoid)
            trigger = sent.coded.span(fm.start, fm.end)  # "ثم دخلت المدار": a feminine subject
            gender = coref.agreement(next(iter(ctx.doc.text[trigger.start : trigger.end].split()), ""))
            theme, conf = _topic(ctx, index, fm.start, kinds, fm.frame.topic_reach, gender), conf - 0.1
        if fm.frame.parties_after and not fm.parties:
            continue  # a frame of a verb's objects ("نقلت المركبة A وB") says nothing without them
        if theme is None and fm.parties:  # a carrier not known: the people still reached the station
            for emit in fm.frame.emits:
                if emit.s == "parties" and emit.o == "body":
                    out.extend(_party_claims(ctx, sent, fm, emit, None, conf))
        if theme is None:
            continue
        for c in fm.companions:
            ctx.flown_as.setdefault((theme.entity, c.entity), index)
        for emit in fm.frame.emits:
            if emit.s == "parties":
                out.extend(_party_claims(ctx, sent, fm, emit, theme, conf))
        for subject in (theme, *fm.companions, *fm.payloads):
            carried = subject in fm.payloads
            for emit in fm.frame.emits:
                if emit.s == "parties":
                    continue
                if carried and emit.v != "date":
                    continue  # a payload shares the launch's date only
                for party in fm.parties if emit.o == "parties" else (None,):
                    claim = _frame_claim(ctx, sent, fm, emit, subject, conf, party)
                    if claim is not None:
                        out.append(claim)
                        ctx.claims.append(claim)
    return out


def _party_claims(
    ctx: Context, index_sent: _Sentence, fm: FrameMatch, emit: FrameEmit, theme: Mention | None, conf: float
) -> list[Claim]:
    """Claims whose subjects are the frame's parties ("نقلت المركبة X الرائدين A وB وC إلى المحطة":
    every one of the listed people is the craft's crew, and the station's): the object is the theme
    (and the missions it flies as) or the body."""
    objects: tuple[Mention, ...] = ()
    if emit.o == "theme" and theme is not None:
        objects = (theme, *fm.companions)
    elif emit.o == "body" and fm.body is not None and fm.body.entity.rsplit("/", 1)[-1] not in emit.exclude:
        objects = (fm.body,)
    out: list[Claim] = []
    as_party = replace(emit, o="parties")
    for party in fm.parties:
        for obj in objects:
            claim = _frame_claim(ctx, index_sent, fm, as_party, party, conf, obj)
            if claim is not None:
                out.append(claim)
                ctx.claims.append(claim)
    return out


_RELATIVE = re.compile(r"(?:^|\s)(?:الذي|التي|الذين)$")
_ANTECEDENT = re.compile(r"«([A-Za-z]+):(\d+)»[\"”]?(?:\s+[^\s«»،,]+)?\s*[،,]?\s*$")


def _relative_antecedent(coded: Coded, fm: FrameMatch) -> Mention | None:
    """A trigger's pronoun in a relative clause ('صاروخ "نيو غلين" الثقيل، الذي تعتزم إطلاقه'):
    the name the relative pronoun follows, of the frame's theme types (a rocket too), is the theme."""
    head = coded.text[max(0, fm.clause_start - 80) : fm.clause_start]
    rel = _RELATIVE.search(head)
    if rel is None:
        return None
    before = _ANTECEDENT.search(head[: rel.start()])
    if before is None:
        return None
    slot = coded.slot_at(int(before.group(2)))
    return slot if isinstance(slot, Mention) and slot.etype in fm.frame.theme else None


def _negations_win(claims: list[Claim]) -> list[Claim]:
    """A frame that read a negator ("ألغت ناسا محاولة إطلاق X في …") overrules a rule that read the
    same words as a plain event: the asserted claim of the same subject, predicate and value whose
    evidence overlaps the negated one is dropped."""
    negated = [c for c in claims if c.modality == "negated" and c.rule.startswith("frame.")]
    if not negated:
        return claims

    def overruled(c: Claim) -> bool:
        return c.modality in ("asserted", "reported") and any(
            n.subject == c.subject
            and n.predicate == c.predicate
            and n.value == c.value
            and n.object == c.object
            and n.evidence.overlaps(c.evidence)
            for n in negated
        )

    return [c for c in claims if not overruled(c)]


def _frame_claim(
    ctx: Context, sent: _Sentence, fm: FrameMatch, emit: FrameEmit, theme: Mention, conf: float, party: Mention | None
) -> Claim | None:
    target: Mention | DateValue | None = None
    if emit.v == "date" and fm.date is not None:
        target = fm.date.value
    elif emit.o == "body" and fm.body is not None and fm.body.entity != theme.entity:
        target = fm.body if fm.body.entity.rsplit("/", 1)[-1] not in emit.exclude else None
    elif emit.o == "parties" and party is not None and party.entity != theme.entity:
        target = party
    if target is None:
        return None
    modality, speech = _modality(ctx, sent, fm.lo, fm.hi, Emit(s=emit.s, p=emit.p))
    if fm.negated and (modality != "planned" or fm.unrealized):
        modality = "negated"
    elif fm.purpose and modality in ("asserted", "reported") and isinstance(target, DateValue):
        modality = "planned"  # "للهبوط في 18 فبراير": the date is the one intended; the body is its goal still
    if emit.o == "body" and modality == "negated":
        modality = "asserted"  # a failed landing still went for the body it failed on
    if isinstance(target, DateValue) and target.deadline and modality in ("asserted", "reported"):
        modality = "planned"
    if emit.already and modality == "planned" and not _LAUNCH_WORD.search(sent.coded.text, 0, fm.start):
        modality = "asserted"  # "ومن المقرر أن يدخل مدارا حول غانيميد": headed there now
    return _new_claim(ctx, sent, (fm.lo, fm.hi), theme, emit.p, target, modality, speech, fm.frame.id, round(conf, 3))


# A launch told before a frame's trigger ("وتخطط موسكو لإطلاق المسبار X إلى مدار القمر"): the craft is not
# flying yet (normalized spelling).
_LAUNCH_WORD = re.compile(
    r"(?<![^\s«»])[وفبل]?(?:ل|ال)?(?:اطلاق|ستطلق|سيطلق|تطلق|يطلق|ستنطلق|سينطلق|تنطلق|ينطلق)(?=[\s،,]|ه|ها)"
)


# ---------------------------------------------------------------- modality
# What a description says of a person or an organization stands whatever the clause plans ("ويعتزم
# الرائد الإماراتي X المشاركة في مهمة": his nationality is no plan).
_STANDING = frozenset({"nationality", "country", "occupation"})

# "الذي كان مقررا", "كان من المقرر أن", "كانت مقررة": an event scheduled, told in the past; the frames
# read it so too (frames.toml `scheduled`). Normalized spelling (ta marbuta as ه).
_ONCE_SCHEDULED = re.compile(r"(?<![^\s«»،,])[وف]?(?:كان|كانت) (?:من )?(?:ال)?مقرر(?:ا|ه)?(?=[\s،,.]|$)")

def _modality(ctx: Context, sent: _Sentence, a: int, b: int, emit: Emit) -> tuple[ModalityName, Speech | None]:
    speech = next((sp for sp in sent.speeches if sp.start <= a and b <= sp.end + 1), None)
    if emit.modality and emit.modality != "asserted":
        return emit.modality, speech  # type: ignore[return-value]
    if emit.modality == "asserted":  # a fact whatever the cue words; still someone's words if quoted
        return ("reported" if speech is not None and speech.speaker is not None else "asserted"), speech
    text = sent.coded.text
    cues = ctx.rules.cues
    inside = _WORD.findall(text[a:b])
    before = _WORD.findall(_own_clause(text[max(0, a - 45) : a]))[-4:]
    if _negated(text[max(0, a - 12) : b], inside + before[-1:], cues) or (
        len(before) >= 2 and before[-1] in _COPULAS and _negated(" ".join(before[-2:]), before[-2:-1], cues)
    ):
        return "negated", speech  # "ولم تكن الصين شريكا في …": the negation stands before the copula
    if any(_bare(w) in cues["planned"] for w in before + inside) or any(
        _bare(w) in cues.get("purpose", ()) for w in before
    ):
        return "planned", speech
    if speech is not None and speech.speaker is not None:
        return "reported", speech
    return "asserted", speech


# Forms of "to be" after which a negation still governs the claim ("لم تكن", "لن يكون"); normalized.
_COPULAS = frozenset({"يكن", "تكن", "يكونوا", "تكونا", "يكون", "تكون"})

_CLAUSE_OPENING = re.compile(r"[،,؛]|(?<![^\s«»])[وف]?(?:الذي|التي|الذين|اللذين|اللتين)(?=\s)")


def _own_clause(window: str) -> str:
    """The part of `window` (the words before a claim) in the claim's own clause: after the last comma or
    relative pronoun ("وتسعى كوريا، التي أرسلت مسبارها X إلى مدار القمر": that was no plan)."""
    cuts = [m.start() for m in _CLAUSE_OPENING.finditer(window)]
    return window[cuts[-1] :] if cuts else window


def _negated(window: str, words: list[str], cues: dict[str, tuple[str, ...]]) -> bool:
    if any(exc in window for exc in cues["negation_exceptions"]):
        return False
    negation = cues["negation"]
    return any(w in negation or (w[:1] in "وف" and w[1:] in negation) for w in words)  # لن, ولن


def _bare(word: str) -> str:
    """A cue word without a leading conjunction (و/ف)."""
    return word[1:] if len(word) > 3 and word[0] in "وف" else word


# ---------------------------------------------------------------- resolving arguments
def _resolve(ctx: Context, index: int, ref: str | None, m: re.Match[str], minted: Mention | None) -> list[Target]:
    if not ref:
        return []
    if "|" in ref:  # fallbacks: the first reference that resolves
        for option in ref.split("|"):
            options = _resolve(ctx, index, option, m, minted)
            if options:
                return options
            group, bang, _ = option.partition("!?")
            if bang and m.group(group) is not None:
                return []  # "prog!?@topic:PROGRAM": the text said which kind; no other kind will do
        return []
    if "!?" in ref:  # "g!?ref": as "g?ref", and in a list of fallbacks the last one tried when g matched
        ref = ref.replace("!?", "?", 1)
    if "?" in ref:  # "g?ref": ref only when group g took part in the match
        group, _, ref = ref.partition("?")
        return _resolve(ctx, index, ref, m, minted) if m.group(group) is not None else []
    if ref.startswith("text:"):
        return _text_of(ctx, index, m, ref[5:])
    if ref.startswith("since:"):
        return _since(ctx, index, m, ref[6:])
    if ref.startswith("counted:"):
        return _counted(ctx, index, m, ref[8:])
    if ref == "@crew":
        return list(_crew(ctx, index, ctx.sentences[index].coded.span(m.start(), m.end()).end))
    if ref.startswith("@crew_of:"):
        return list(_crew_of(ctx, index, ref[9:], m, minted))
    if ref.startswith("@"):
        found = _special(ctx, index, ref, m, minted)
        return [found] if found is not None else []
    if "/" in ref:  # "p/PERSON": the slots of group p of that type group only (a nationality adjective
        group, _, kind = ref.partition("/")  # only when the group is one: "ناسا الأمريكية" names one party)
        types = ctx.rules.types[kind]
        demonyms = "Demonym" in types
        return [
            t
            for t in _resolve(ctx, index, group, m, minted)
            if isinstance(t, Mention) and t.etype in types and (demonyms or t.method != "nisba")
        ]
    if m.group(ref) is None:
        return []
    return _slots_in(ctx.sentences[index].coded, m.group(ref))


def _text_of(ctx: Context, index: int, m: re.Match[str], group: str) -> list[Target]:
    if m.group(group) is None:
        return []
    coded = ctx.sentences[index].coded
    span = _trim(ctx.doc.text, coded.span(m.start(group), m.end(group)))
    return [ctx.doc.text[span.start : span.end]] if len(span) else []


def _since(ctx: Context, index: int, m: re.Match[str], group: str) -> list[Target]:
    """Dates of group `group` that follow منذ ("since"): in "the first X since 1976" the year of the
    previous X. A stated date, or a count back ("منذ 47 عامًا"); never a bound ("منذ أكثر من 40
    عامًا"), which does not date one event."""
    if m.group(group) is None:
        return []
    coded = ctx.sentences[index].coded
    out: list[Target] = []
    for mt in _SLOT.finditer(m.group(group)):
        slot = coded.slot_at(int(mt.group(2)))
        if not isinstance(slot, DateMention) or slot.value is None or slot.kind == "deadline":
            continue
        rule = getattr(slot, "rule", None)
        if rule is not None and (rule.anchor != "article" or rule.bound in ("more", "less")):
            continue
        at = m.start(group) + mt.start()
        if not (normalize_str(slot.text).startswith("منذ") or coded.text[max(0, at - 8) : at].rstrip().endswith("منذ")):
            continue
        how = f"implied: the previous one, by 'first … since' ({slot.value.how})"
        out.append(replace(slot.value, how=how, inferred=True))
    return out


def _counted(ctx: Context, index: int, m: re.Match[str], ref: str) -> list[Target]:
    """Dates of the journeys that the counts of group `group` ("counted:group") are told from, when the
    count ends by naming one ("بعد 38 عاما من صعود" the prince: his ascent, 38 years before). With
    "counted:group:stated", a vague count ("بعد أكثر من 42 عاما على رحلة" Gagarin "في أبريل 1961")
    takes the date of group `stated`, the journey's own."""
    group, _, stated = ref.partition(":")
    if m.group(group) is None:
        return []
    coded = ctx.sentences[index].coded
    journeys = wordlists.normalized("journey-nouns.txt")
    out: list[Target] = []
    for mt in _SLOT.finditer(m.group(group)):
        slot = coded.slot_at(int(mt.group(2)))
        if not isinstance(slot, DateMention):
            continue
        # the journey ends the count, or follows it ("بعد تسعة أيام فقط" + "من تحليق")
        after = coded.text[m.start(group) + mt.end() :].split()[:2]
        words = normalize_str(slot.text).split()[-2:]
        if not (len(words) == 2 and words[0] in ("من", "علي")):
            words = after
        if len(words) == 2 and words[0] in ("من", "علي") and words[1].removeprefix("ال") in journeys:
            value = counted_from(slot)
            if value is not None:
                out.append(value)
            elif stated and m.group(stated) is not None:
                out += [t for t in _slots_in(coded, m.group(stated)) if isinstance(t, DateValue)]
    return out


def _anniversary(ctx: Context, index: int, m: re.Match[str]) -> DateValue | None:
    """When the anniversary in group `v` falls: a date told from the article's own time inside it
    ("… هذا العام"), else its first stated date (the celebrated event's) moved by the ordinal in group
    `n`: the 50th anniversary of July 1969 is July 2019."""
    if m.group("v") is None:
        return None
    coded = ctx.sentences[index].coded
    dates = [
        s
        for s in (coded.slot_at(int(i)) for _, i in _SLOT.findall(m.group("v")))
        if isinstance(s, DateMention) and s.value is not None and s.kind != "deadline"
    ]
    for d in dates:
        rule = getattr(d, "rule", None)
        if rule is not None and rule.anchor == "article" and d.value is not None:
            return d.value
    stated = next((d.value for d in dates if getattr(d, "rule", None) is None), None)
    ordinal = m.groupdict().get("n")
    return anniversary_of(ordinal, stated) if stated is not None and ordinal else None


def _slots_in(coded: Coded, text: str) -> list[Target]:
    """The entities and date values in a matched group. A date told as "since" ("منذ عام 1976") is
    left out: it dates an earlier state of things, never the event the rule reads (the `since:` group
    reference is the way to use it)."""
    out: list[Target] = []
    for _, i in _SLOT.findall(text):
        slot = coded.slot_at(int(i))
        if isinstance(slot, DateMention):
            if slot.value is not None and not _is_since(coded, int(i)):
                out.append(slot.value)
        else:
            out.append(slot)
    return out


_SINCE = normalize_str("منذ")


def _is_since(coded: Coded, index: int) -> bool:
    """Whether date slot `index` opens with منذ or comes right after it."""
    slot = coded.slot_at(index)
    if normalize_str(slot.text).startswith(_SINCE):
        return True
    at = coded.text.find(f"«Date:{index}»")
    before = coded.text[max(0, at - 12) : at].split() if at > 0 else []
    return bool(before) and before[-1] in (_SINCE, "و" + _SINCE)


STORY_REACH = 40
"""How many sentences back @story looks (as the signing frame's topic_reach: an agreement stays the
topic of a whole story)."""


def _special(ctx: Context, index: int, ref: str, m: re.Match[str], minted: Mention | None) -> Target | None:
    name, _, arg = ref[1:].partition(":")
    if name == "minted":
        return minted
    if name == "article":
        return Mention(m.start(), m.start(), "", ctx.article, "Article", index, method="article")
    if name == "agent":
        return _agent(ctx, index, m.start(), ctx.rules.types["ACTOR"], None)
    if name == "agent_like":
        like = _slots_in(ctx.sentences[index].coded, m.group(arg) or "")
        prefer = like[0].etype if like and isinstance(like[0], Mention) else None
        return _agent(ctx, index, m.start(), ctx.rules.types["ACTOR"], prefer)
    if name == "speaker":
        speech = next((sp for sp in ctx.sentences[index].speeches if sp.start <= m.start() <= sp.end), None)
        return speech.speaker if speech else None
    if name == "agent_of":  # "تعتزم ناسا إطلاق مسبارها": the subject of that kind the pronoun points to
        return _agent(ctx, index, m.start(), ctx.rules.types[arg], None)
    if name == "agent_country":
        return _agent(ctx, index, m.start(), ctx.rules.types["COUNTRY"], None)
    if name == "topic":  # "@topic:CRAFT~4": looked for up to four sentences back (two by default)
        kind, _, reach = arg.partition("~")  # "~5!": only when one entity of the kind is in that reach
        unique = reach.endswith("!")
        reach = reach.rstrip("!")
        types = ctx.rules.types[kind or "PROJECT"]
        found = _topic(ctx, index, m.start(), types, int(reach) if reach.isdigit() else 2)
        if unique and found is not None and _rivals(ctx, index, types, int(reach) if reach.isdigit() else 2, found):
            return None
        return found
    if name == "story":  # "وتأتي الخطوة في إطار …": what the whole story is about, named far back
        return _topic(ctx, index, m.start(), ctx.rules.types[arg or "PROJECT"], STORY_REACH)
    if name == "anniversary":
        return _anniversary(ctx, index, m)
    if name == "body_of":  # "مركبة الهبوط القمرية": the body an adjective names
        return _body_of(ctx, index, m, arg)
    raise ValueError(f"unknown resolver {ref}")


@cache
def _body_adjectives() -> dict[str, str]:
    """Adjective (normalized) → the body it names (`data/arabic/body-adjectives.tsv`), as an IRI."""
    return {normalize_str(adj): RESOURCE + body for adj, body in wordlists.rows("body-adjectives.tsv")}


def _body_of(ctx: Context, index: int, m: re.Match[str], group: str) -> Target | None:
    """The body the adjective of group `group` names, as a mention of no text at the adjective."""
    if m.group(group) is None:
        return None
    iri = _body_adjectives().get(m.group(group).strip())
    if iri is None:
        return None
    span = ctx.sentences[index].coded.span(m.start(group), m.end(group))
    return Mention(span.start, span.end, "", iri, "CelestialBody", index, method="article")


def _crew(ctx: Context, index: int, before: int) -> list[Mention]:
    """The crew last named ("الثلاثة", "الرائدان", "الطاقم"): the people of the latest crew claims in
    this sentence or the two before it, all on the same craft, mission or station; in this sentence only
    a crew named before `before` (a crew named after the words that point back is another)."""
    position = ctx.order.index(index)
    recent = set(ctx.order[max(0, position - 2) : position + 1])
    crew = [
        c
        for c in ctx.claims
        if c.predicate == "crewMemberOf"
        and c.sentence in recent
        and c.modality != "negated"
        and (c.sentence != index or c.evidence.start < before)
    ]
    if not crew:
        return []
    last = crew[-1].object
    people = dict.fromkeys(c.subject for c in crew if c.object == last)
    return [ctx.first_mention[p] for p in people if p in ctx.first_mention]


def _crew_of(ctx: Context, index: int, group: str, m: re.Match[str], minted: Mention | None) -> list[Mention]:
    """The craft or mission that the people of `group` are crew of, by earlier claims (latest first)."""
    people = {t.entity for t in _resolve(ctx, index, group, m, minted) if isinstance(t, Mention)}
    vehicles = ctx.rules.types["VEHICLE"]
    for c in reversed(ctx.claims):
        if c.predicate == "crewMemberOf" and c.subject in people and c.object and c.modality != "negated":
            target = ctx.first_mention.get(c.object)
            if target is not None and target.etype in vehicles:
                return [target]
    return []


def _agent(ctx: Context, index: int, before: int, types: tuple[str, ...], prefer: str | None) -> Mention | None:
    """The clause subject: nearest actor before `before` not governed by a preposition; else the
    previous sentences' last actor (preferring the type `prefer`)."""
    coded = ctx.sentences[index].coded
    candidates = [
        (mt.start(), s)
        for mt, s in _actor_slots(coded, types)
        if mt.start() < before and not _after_preposition(coded.text, mt.start(), ctx.rules.cues["prepositions"])
    ]
    pick = _prefer([s for _, s in reversed(candidates)], prefer)
    if pick is not None:
        return pick
    position = ctx.order.index(index)
    for prev in reversed(ctx.order[max(0, position - 2) : position]):
        earlier = [s for _, s in reversed(_actor_slots(ctx.sentences[prev].coded, types))]
        pick = _prefer(earlier, prefer)
        if pick is not None:
            return pick
    return None


def _prefer(candidates: list[Mention], prefer: str | None) -> Mention | None:
    if prefer is not None:
        for c in candidates:
            if c.etype == prefer:
                return c
    return candidates[0] if candidates else None


def _actor_slots(coded: Coded, types: tuple[str, ...]) -> list[tuple[re.Match[str], Mention]]:
    out = []
    for mt in _SLOT.finditer(coded.text):
        slot = coded.slot_at(int(mt.group(2)))
        if mt.group(1) in types and isinstance(slot, Mention):
            out.append((mt, slot))
    return out


def _after_preposition(text: str, pos: int, prepositions: tuple[str, ...]) -> bool:
    head = text[max(0, pos - 12) : pos]
    if head and not head[-1].isspace() and head[-1] in "لب":
        return True
    words = head.split()
    return bool(words) and words[-1] in prepositions


def _topic(
    ctx: Context, index: int, at: int, types: tuple[str, ...], reach: int = 2, gender: str | None = None
) -> Mention | None:
    """The last entity of `types` before `at` in this sentence, else in the `reach` sentences before,
    else the first after `at` in this sentence; with a `gender` (of the verb whose subject is dropped),
    one whose known gender differs is passed over."""

    def agrees(m: Mention) -> bool:
        found = coref.gender_of(ctx.doc, m) if gender is not None else None
        return found is None or found == gender

    coded = ctx.sentences[index].coded
    here = [(mt, s) for mt, s in _actor_slots(coded, types) if agrees(s)]
    before = [s for mt, s in here if mt.start() < at]
    if before:
        return before[-1]
    position = ctx.order.index(index)
    for prev in reversed(ctx.order[max(0, position - reach) : position]):
        earlier = [s for _, s in _actor_slots(ctx.sentences[prev].coded, types) if agrees(s)]
        if earlier:
            return earlier[-1]
    after = [s for mt, s in here if mt.start() >= at]
    return after[0] if after else None


def _rivals(ctx: Context, index: int, types: tuple[str, ...], reach: int, found: Mention) -> bool:
    """Whether another entity of `types` than `found` is named in this sentence or the `reach` before
    it ("أطلقت وكالة الفضاء الأوروبية … وتشارك ناسا … المدير العام للوكالة": which agency is unsaid)."""
    position = ctx.order.index(index)
    for sentence in ctx.order[max(0, position - reach) : position + 1]:
        if any(s.entity != found.entity for _, s in _actor_slots(ctx.sentences[sentence].coded, types)):
            return True
    return False


# ---------------------------------------------------------------- minting (unnamed agreements)
def _mint(ctx: Context, index: int, rule: Rule, m: re.Match[str]) -> Mention | None:
    spec = dict(rule.mint)
    parties = [t for ref in spec.get("parties", "").split() for t in _resolve(ctx, index, ref, m, None)]
    names = sorted({p.entity for p in parties if isinstance(p, Mention)})
    if spec.get("implied", "").lower() == "true":
        return _mint_implied(ctx, index, rule, m, spec, parties)
    if len(names) < 2:
        return None
    etype = spec.get("type", "Agreement")
    iri = str(iris.minted_entity("|".join([*names, ctx.doc.id]), etype))
    en = " – ".join(ctx.label_of(n) for n in names) + " " + spec.get("label_en", etype.lower())
    span = _word_span(ctx, index, m, spec.get("nouns", spec.get("label_ar", "")), spec.get("adjectives", ""))
    ar = ctx.doc.text[span.start : span.end] if len(span) > 1 else spec.get("label_ar", "")
    mention = Mention(span.start, span.end, ar, iri, etype, index, method="rule", confidence=0.8)
    if iri not in ctx.minted:
        ctx.minted[iri] = NewEntity(iri, etype, label_ar=ar, label_en=en)
        ctx.mentions.append(mention)
    return mention


def _mint_implied(
    ctx: Context, index: int, rule: Rule, m: re.Match[str], spec: dict[str, str], parties: list[Target]
) -> Mention | None:
    """An entity the text implies but never names ("the first Russian lander since 1976": the one
    before it). Minted only when its `key` (a date) resolves; its type is the first of `type`'s
    options that names a matched slot (its type) or a class. No mention is recorded: nothing in the
    text refers to it. Its claims are inferred and no more confident than `conf`."""
    keys = [
        k.value if isinstance(k, DateValue) else str(getattr(k, "entity", k))
        for ref in spec.get("key", "").split()
        for k in _resolve(ctx, index, ref, m, None)
    ]
    if not keys:
        return None
    etype = ""
    for option in spec.get("type", "Spacecraft").split("|"):
        if option in m.re.groupindex:
            found = [s for s in _resolve(ctx, index, option, m, None) if isinstance(s, Mention)]
            etype = found[0].etype if found else ""
        else:
            etype = option
        if etype:
            break
    named = [p for p in parties if isinstance(p, Mention)]
    names = sorted({p.entity for p in named})
    iri = str(iris.minted_entity("|".join([*names, *keys, ctx.doc.id]), etype))
    shown = [*dict.fromkeys(ctx.label_of(p.entity) for p in named), *keys]
    en = spec.get("label_en", etype.lower()) + f" ({', '.join(shown)})"
    ar = spec.get("label_ar", "") + f" ({'، '.join(keys)})"
    span = _trim(ctx.doc.text, ctx.sentences[index].coded.span(m.start(), m.end()))
    confidence = float(spec.get("conf", "0.6"))
    mention = Mention(span.start, span.end, ar, iri, etype, index, method="rule", confidence=confidence, inferred=True)
    if iri not in ctx.minted:
        ctx.minted[iri] = NewEntity(iri, etype, label_ar=ar, label_en=en)
    return mention


def _word_span(ctx: Context, index: int, m: re.Match[str], words: str, adjectives: str = "") -> Span:
    """Where the first of `words` ("اتفاقية|عقودا": alternatives) stands in the match, with the one of
    `adjectives` right after it ("اتفاقية حكومية", "اتفاق منفصل": the name the text gives it); else the
    match's first letter."""
    coded = ctx.sentences[index].coded
    for word in (w for w in words.split("|") if w):
        i = coded.text.find(normalize_str(word), m.start(), m.end())
        if i < 0:
            continue
        end = i + len(normalize_str(word))
        after = re.match(r"\s+(\S+)", coded.text[end:])
        if after and after.group(1) in {normalize_str(a) for a in adjectives.split("|") if a}:
            end += after.end(1)
        return coded.span(i, end)
    return coded.span(m.start(), m.start() + 1)


# ---------------------------------------------------------------- claims outside the rule table
def _nested_demonyms(ctx: Context, index: int, mentions: list[Mention]) -> list[Claim]:
    """ "وكالة الفضاء الروسية Roscosmos": a nationality adjective inside an organization's name gives
    its country; inside a person's ("الرئيس الصيني شي جين بينغ"), the person's nationality; inside a
    craft's or a station's ("مسبار الأمل الإماراتي"), its operator."""
    orgs = ctx.rules.types["ORG"]
    persons = ctx.rules.types["PERSON"]
    crafts = ctx.rules.types["VEHICLE"] + ctx.rules.types["STATION"]
    predicate = {t: "operator" for t in crafts}
    predicate |= {t: "nationality" for t in persons} | {t: "country" for t in orgs}
    out = []
    bodies = ctx.rules.types["BODY"]
    targets = ctx.rules.types["VEHICLE"] + ctx.rules.types["PROGRAM"]
    for outer in (m for m in mentions if m.sentence == index and m.method != "nisba"):
        for inner in mentions:
            if inner.method == "nisba" and outer.start <= inner.start and inner.end <= outer.end:
                if inner.etype in bodies:  # "مشروع الإمارات لاستكشاف المريخ": where it goes
                    if outer.etype in targets:
                        out.append(_nested_claim(index, outer, "target", inner, "target.nested_body"))
                    continue
                if outer.etype not in predicate:
                    continue
                name = predicate[outer.etype]
                out.append(_nested_claim(index, outer, name, inner, f"{name}.nested_demonym", 0.85))
    return out


def _nested_claim(index: int, outer: Mention, predicate: str, inner: Mention, rule: str, cap: float = 0.8) -> Claim:
    """A claim a name makes of a name inside it ("وكالة الفضاء الروسية": Russia), no surer than `cap`."""
    return Claim(
        subject=outer.entity,
        predicate=predicate,
        object=inner.entity,
        value=None,
        modality="asserted",
        evidence=outer.span,
        quote=outer.text,
        sentence=index,
        rule=rule,
        confidence=min(cap, outer.confidence),
    )


# A nationality adjective in the dual ("الروسيان", "الأمريكيين") before two coordinated names.
_DUAL_PAIR = re.compile(r"«Demonym:(\d+)»\s+«(?:Person|Astronaut):(\d+)»\s*[،,]?\s*و\s*«(?:Person|Astronaut):(\d+)»")
_DUAL_ENDINGS = ("يان", "يين")


def _dual_demonyms(ctx: Context, index: int) -> list[Claim]:
    """ "وهم الروسيان ألكسندر سامكوتيايف وأندريه بوريسينكو": a nationality in the dual describes both
    names after it (the rules read it for the first only)."""
    coded = ctx.sentences[index].coded
    out = []
    for m in _DUAL_PAIR.finditer(coded.text):
        demonym = coded.slot_at(int(m.group(1)))
        if not isinstance(demonym, Mention) or not normalize_str(demonym.text).endswith(_DUAL_ENDINGS):
            continue
        for k in (2, 3):
            person = coded.slot_at(int(m.group(k)))
            if not isinstance(person, Mention):
                continue
            span = _trim(ctx.doc.text, coded.span(m.start(), m.end()))
            out.append(
                Claim(
                    subject=person.entity,
                    predicate="nationality",
                    object=demonym.entity,
                    value=None,
                    modality="asserted",
                    evidence=span,
                    quote=ctx.doc.text[span.start : span.end],
                    sentence=index,
                    rule="nationality.dual_demonym",
                    confidence=min(0.75, person.confidence),
                )
            )
    return out


def _titled_persons(ctx: Context, index: int, mentions: list[Mention]) -> list[Claim]:
    """ "الرئيس دونالد ترامب" as one lexicon name: the title it opens with is the person's occupation
    (data/arabic/person-titles.txt); titles standing apart are read by the occupation rules."""
    titles = _person_titles()
    out = []
    for m in mentions:
        if m.sentence != index or m.etype not in {"Person", "Astronaut"} or m.method == "coref":
            continue  # a back-reference ("الأمير سلطان") repeats a title the name was given before
        text = normalize_str(m.text)
        title = next((t for t in titles if text.startswith(t + " ") and len(text) > len(t) + 2), None)
        if title is None:
            continue
        out.append(
            Claim(
                subject=m.entity,
                predicate="occupation",
                value=" ".join(m.text.split()[: len(title.split())]),
                object=None,
                modality="asserted",
                evidence=m.span,
                quote=m.text,
                sentence=index,
                rule="occupation.title_in_name",
                confidence=min(0.75, m.confidence),
            )
        )
    return out


@cache
def _person_titles() -> tuple[str, ...]:
    """Titles before a person's name, longest first, normalized."""
    return tuple(sorted((normalize_str(t) for t in wordlists.lines("person-titles.txt")), key=len, reverse=True))


def _said(ctx: Context, index: int, claims: list[Claim]) -> list[Claim]:
    """What a named speaker said, when the rules found no structured claim in it."""
    sent = ctx.sentences[index]
    out = []
    outlets = ctx.rules.types["NEWS"]
    for sp in sent.speeches:
        if sp.speaker is None or sp.speaker.etype in outlets:
            continue  # an outlet reports what others said (reportedBy): the annotation gives it no `said`
        content = _trim(ctx.doc.text, sent.coded.span(sp.start, sp.end))
        if not len(content) or _told_by_claims(content, [c for c in claims if c.speaker]):
            continue
        verb = sent.coded.span(sp.verb_start, sp.verb_start + len(sp.verb))
        # the verb opens what was said, or closes it ("…، بحسب ما أعلنته الوكالة")
        evidence = _trim(ctx.doc.text, Span(min(verb.start, content.start), max(verb.end, content.end)))
        out += _said_claims(ctx, index, sp.speaker, content, evidence, "speech.said", 0.8, sp.verb)
    out += _said_after(ctx, index, out)
    out += _said_before(ctx, index, out)
    return out + _announced(ctx, index, out)


def _arabic_normalized(pattern: str) -> str:
    """`pattern` with its Arabic words normalized as the coded text is (its Latin left as it is)."""
    return re.sub(r"[\u0600-\u06FF]+", lambda w: normalize_str(w.group()), pattern)


# "وبحسب بيان لوكالة الفضاء الأوروبية، فإن …", "ووفقا لناسا، فإن …": an attribution that opens the sentence.
_SAID_BEFORE = re.compile(
    _arabic_normalized(
        r"^\s*(?:و|ف)?(?:بحسب|حسب|وفقا ل|وفق|طبقا ل)(?: (?:بيان|تصريحات|تصريح|مؤتمر صحفي|تقرير|أرقام|بيانات)"
        r"(?: (?:ل|صادر عن |صادرة عن |عن ))?| ما (?:أعلنت|أعلنته|ذكرت|ذكرته|قالت|قالته|أفادت|أكدت|أوضحت)"
        r"(?:ه)? ?)?\s*«(?P<type>[A-Za-z]+):(?P<slot>\d+)»\s*[،,]\s*(?:فإن |فان )?(?P<content>[^.]{12,})"
    )
)


def _said_before(ctx: Context, index: int, said: list[Claim]) -> list[Claim]:
    """What an organization, a country or a person said, from an attribution that opens the sentence
    ("وبحسب بيان لوكالة الفضاء الأوروبية، فإن المسبار …"): the rest of it. An outlet there is the
    article's source (reportedBy)."""
    sent = ctx.sentences[index]
    m = _SAID_BEFORE.search(sent.coded.text)
    speaker = _attributed(ctx, sent.coded, m, said)
    if m is None or speaker is None:
        return []
    content = _trim(ctx.doc.text, sent.coded.span(m.start("content"), m.end("content")))
    evidence = _trim(ctx.doc.text, sent.coded.span(m.start(), m.end()))
    return _said_claims(ctx, index, speaker, content, evidence, "speech.said_before", 0.75, None)


def _attributed(ctx: Context, coded: Coded, m: re.Match[str] | None, said: list[Claim]) -> Mention | None:
    """The speaker an attribution (`m`, its slot in groups `type` and `slot`) names: an actor that is no
    news outlet and has no `said` claim in the sentence yet."""
    if m is None or m.group("type") not in ctx.rules.types["ACTOR"] or m.group("type") in ctx.rules.types["NEWS"]:
        return None
    speaker = coded.slot_at(int(m.group("slot")))
    if not isinstance(speaker, Mention) or any(c.subject == speaker.entity for c in said):
        return None
    return speaker


def _said_claims(
    ctx: Context,
    index: int,
    speaker: Mention,
    content: Span,
    evidence: Span,
    rule: str,
    confidence: float,
    verb: str | None,
) -> list[Claim]:
    """The `said` claim of what `speaker` said (`content`), told in `evidence`; none when nothing was."""
    if not len(content):
        return []
    return [
        Claim(
            subject=speaker.entity,
            predicate="said",
            object=None,
            value=ctx.doc.text[content.start : content.end],
            modality="reported",
            evidence=evidence,
            quote=ctx.doc.text[evidence.start : evidence.end],
            sentence=index,
            rule=rule,
            confidence=confidence,
            speaker=speaker.entity,
            speech_verb=verb,
        )
    ]


# "…، بحسب ما أعلنته الوكالة.": an attribution that closes the sentence, after what was said.
_SAID_AFTER = re.compile(
    _arabic_normalized(
        r"[،,]\s*(?:و(?:ذلك )?)?(?:بحسب ما|حسب ما|حسبما|وفقا لما|وفق ما|طبقا لما|كما) (?P<verb>(?:أعلن|ذكر|أفاد|أوضح"
        r"|أكد|قال|صرح|بين)(?:ته|ت|ه)?) «(?P<type>[A-Za-z]+):(?P<slot>\d+)»[\s.]*$"
    )
)


# "أعلنت مصر نجاح إطلاق …", "وكانت X قد أعلنت الأسبوع الماضي يوم 12 أبريل يوما دوليا", "أعرب X عن
# سعادته بـ…", "كشفت X عن …": an announcement whose object is a noun phrase, not a clause after أن.
_ANNOUNCED = re.compile(
    _arabic_normalized(
        r"(?:^|(?<=[\s،,]))(?:و|ف)?(?:(?:(?P<verb>أعلنت|أعلن|كشفت|كشف|أعربت|أعرب) «(?P<t1>[A-Za-z]+):(?P<s1>\d+)»)|"
        r"(?:(?:كانت|كان) )?«(?P<t2>[A-Za-z]+):(?P<s2>\d+)» (?:قد )?(?P<verb2>أعلنت|أعلن|كشفت|كشف|أعربت|أعرب))"
        r"(?: «Date:\d+»)?"
        r" (?!(?:عن )?(?:إن|أن|إنه|أنه|إنها|أنها|بأن|بأنه|بأنها|أمس|اليوم|مساء|صباح)[\s،,.])"
        r"(?:عن )?(?P<content>(?:[^«».؟!،,]|«[^»]*»){8,}?)(?=[،,.]|$)"
    )
)


def _announced(ctx: Context, index: int, said: list[Claim]) -> list[Claim]:
    """What an organization, a country or a person announced, when the object of أعلن is a noun
    phrase ("أعلنت مصر نجاح إطلاق القمر الصناعي …"): that phrase."""
    sent = ctx.sentences[index]
    out: list[Claim] = []
    for m in _ANNOUNCED.finditer(sent.coded.text):
        kind, slot = (m.group("t1"), m.group("s1")) if m.group("t1") else (m.group("t2"), m.group("s2"))
        if kind not in ctx.rules.types["ACTOR"] or kind in ctx.rules.types["NEWS"]:
            continue
        speaker = sent.coded.slot_at(int(slot))
        if not isinstance(speaker, Mention) or any(c.subject == speaker.entity for c in said + out):
            continue
        content = _trim(ctx.doc.text, sent.coded.span(m.start("content"), m.end("content")))
        evidence = _trim(ctx.doc.text, sent.coded.span(m.start(), m.end()))
        verb = m.group("verb") or m.group("verb2")
        out += _said_claims(ctx, index, speaker, content, evidence, "speech.announced", 0.7, verb)
    return out


def _said_after(ctx: Context, index: int, said: list[Claim]) -> list[Claim]:
    """What an organization or a person said, from an attribution that closes the sentence ("…، بحسب
    ما أعلنته إدارة الفضاء الوطنية الصينية"): the sentence before it. Its claims stay the writer's (the
    annotation asserts them); an outlet there is the article's source (reportedBy), not a speaker."""
    sent = ctx.sentences[index]
    m = _SAID_AFTER.search(sent.coded.text)
    speaker = _attributed(ctx, sent.coded, m, said)
    if m is None or speaker is None:
        return []
    content = _trim(ctx.doc.text, sent.coded.span(0, m.start()))
    evidence = _trim(ctx.doc.text, sent.coded.span(0, m.end()))
    return _said_claims(ctx, index, speaker, content, evidence, "speech.said_after", 0.75, m.group("verb"))


def _told_by_claims(content: Span, claims: list[Claim]) -> bool:
    """Whether the structured claims read in what was said cover at least half of it: then they are
    what was said. A long statement that holds one claim in a clause ("أوضحت الإدارة أن المسبار استقر
    …، عبر القمر الصناعي X الذي أطلقته الصين في مايو") is said as a whole too."""
    covered: set[int] = set()
    for c in claims:
        covered.update(range(max(c.evidence.start, content.start), min(c.evidence.end, content.end)))
    return 2 * len(covered) >= len(content)


def _unnamed_speakers(ctx: Context, index: int) -> None:
    """A speaker named only by a title ("قال مسؤول في وكالة الفضاء المصرية إن …") is an unnamed person
    of their own (minted, keyed by the title's words in this article): the speaker of what they say,
    with the title as their occupation."""
    sent = ctx.sentences[index]
    for k, sp in enumerate(sent.speeches):
        if sp.unnamed is None:
            continue
        span = _trim(ctx.doc.text, sent.coded.span(*sp.unnamed))
        text = ctx.doc.text[span.start : span.end]
        iri = str(iris.minted_entity(normalize_str(text) + "|" + ctx.doc.id, "Person"))
        person = Mention(span.start, span.end, text, iri, "Person", index, method="rule", confidence=0.7)
        if iri not in ctx.minted:
            ctx.minted[iri] = NewEntity(iri, "Person", label_ar=text, label_en=f"unnamed ({text})")
        ctx.mentions.append(person)
        ctx.first_mention.setdefault(iri, person)
        sent.speeches[k] = replace(sp, speaker=person)
        ctx.titled.setdefault(index, []).append(
            Claim(
                subject=iri,
                predicate="occupation",
                object=None,
                value=text,
                modality="asserted",
                evidence=span,
                quote=text,
                sentence=index,
                rule="occupation.unnamed_speaker",
                confidence=0.7,
            )
        )


def _attribute_outlet(claims: list[Claim]) -> list[Claim]:
    """Claims in a sentence that cites an outlet ("حسب ما ذكرت صحيفة …") carry that outlet."""
    outlets = [c.object for c in claims if c.predicate == "reportedBy" and c.object]
    if not outlets:
        return claims
    return [c if c.predicate == "reportedBy" else replace(c, reported_by=outlets[0]) for c in claims]


def _dedupe(claims: list[Claim]) -> list[Claim]:
    """One claim per (subject, predicate, object/value, modality, sentence): the most confident."""
    best: dict[tuple[object, ...], Claim] = {}
    for c in claims:
        value = c.value.value if isinstance(c.value, DateValue) else c.value
        key = (c.subject, c.predicate, c.object, value, c.modality, c.sentence)
        if key not in best or c.confidence > best[key].confidence:
            best[key] = c
    return sorted(best.values(), key=lambda c: (c.evidence.start, c.evidence.end, c.predicate, c.subject))
