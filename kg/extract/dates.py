"""Date expressions in Arabic news: find them, resolve relative ones, infer the article's date.

Works on the original text with regular expressions that tolerate hamza/alef forms, ى/ي, ة/ه,
tatweel, diacritics and Arabic-Indic digits, so every offset points into the original text.
The words come from `data/arabic/months.tsv`, `ordinals.tsv` and `date-expressions.toml`.

>>> from kg.model import Sentence
>>> text = "أرسلت يوري جاجارين إلى الفضاء في أبريل 1961، ثم تيريشكوفا بعد ذلك بعامين."
>>> dates, _ = extract_dates(text, [Sentence(0, 0, len(text), text)], None)
>>> [(d.text, d.value.value, d.value.precision) for d in dates if d.value]
[('أبريل 1961', '1961-04', 'month'), ('بعد ذلك بعامين', '1963', 'year')]
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import itertools
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal

from kg.model import DateMention, DateValue, Precision, Sentence
from kg.paths import ARABIC_DIR
from kg.text import wordlists

Unit = Literal["year", "month", "week", "day"]
Anchor = Literal[
    "article",
    "previous",
    "explicit",
    "near",
    "following",
    "narrative",
    "anniversary",
    "referred",
    "lead",
    "event",
    "later",
]
Toward = Literal["", "next", "last", "current", "this", "coming"]
Restate = Literal["", "exact", "link", "event", "back", "when"]
Bound = Literal["", "more", "less", "about"]
Kind = Literal["absolute", "relative", "deadline", "duration"]

__all__ = [
    "DateRule",
    "RuledDateMention",
    "anniversary_of",
    "anniversary_years",
    "counted_from",
    "extract_dates",
    "find_dates",
    "infer_article_date",
    "is_anniversary",
    "resolve_dates",
]


@dataclass(frozen=True, slots=True)
class DateRule:
    """How to compute a mention's date from an anchor, for what the text does not state outright.

    `anchor` is what the expression counts from: "article" (the article's date), "previous" (the
    last dated mention, for "بعد ذلك"), "explicit" (the last date stated outright, for "بعد شهر من
    روسيا"), "near" (the last dated mention in this or the previous sentence, else a date stated later
    in the sentence, else the article),
    "following" (the next stated date, for "بعد شهر من أبريل 1961"), "narrative" (the last full date
    stated in this or the three previous sentences, else the article: "وعاد الرواد في 24 يوليو" after
    "في 20 يوليو 1969"), "anniversary" (the event dated after it in the sentence, `offset` years on:
    "الذكرى التاسعة عشرة للحريق … في 27 يناير 1967") or "referred" (an event told before: "الذكرى
    الخمسين لهذا الحدث"); an anniversary with no dated event is the day the sentence calls today.
    "lead" is the story's own event, the first date of its first two sentences, else the article
    ("وتأتي الرحلة بعد 38 عاما من صعود …": the count only says how long after something else it comes).
    "later" is the date told after it in its sentence, else "lead" ("وبعد أيام من الإخفاق الروسي، هبطت
    المركبة أمس الأربعاء": a count with no number dates the later event, as the text dates it).
    "event" is the date told beside the word at `event_at` (sentence `event_sentence`) that names the
    `event` the expression counts from ("قبل ثلاثة أيام من الإقلاع" after "انطلقت في 11 أبريل").
    "منذ 40 عامًا" and "قبل 50
    عامًا" count back from the article. `offset` counts `unit`s forward (negative: back).
    `month` and `day` are parts the text fixes ("الأول من أكتوبر": 10 and 1, in the anchor's year).
    `bound` marks vague amounts: "more" (أكثر من), "less" (أقل من), "about" (نحو).
    `toward` picks the occurrence of a month or weekday: "next"/"last" (strictly after/before the
    anchor), "current" (the anchor's month: "الجاري"), "this"/"coming" (a bare "يوم الأربعاء": the
    latest such day up to the anchor, or in a planned sentence the first from it). `weekday` is the
    weekday the text names (Monday 0). `restate`: the count is restated by the date that follows
    ("قبل خمسين عاما بالتمام، وتحديدا في …", "تمر اليوم ستون عاما على إطلاق … في …"): the mention
    takes that date ("exact": an exact count, so the article date is that date moved, at its precision).
    "back": the date just before restates it ("عام 1976، أي قبل 21 عاما"); "when": the year of the
    clause after it does ("منذ 13 عاما، حين هبط المسبار … عام 2003").
    """

    anchor: Anchor
    unit: Unit
    offset: int = 0
    month: int | None = None
    day: int | None = None
    bound: Bound = ""
    gloss: str = ""
    toward: Toward = ""
    weekday: int | None = None
    restate: Restate = ""
    event: str = ""
    event_at: int = -1
    event_sentence: int = -1
    event_date: int = -1
    """For an "event" anchor, the start of the date told with the event's word (-1: none chosen)."""
    told: int = 0
    """For a "lead" count ("وتأتي الرحلة بعد 38 عاما من صعود …"), the exact count in `unit`s the other
    event lies before the story's own (0 when vague: "بعد أكثر من 42 عاما")."""


@dataclass(frozen=True, slots=True)
class RuledDateMention(DateMention):
    """A date mention whose value depends on an anchor; `rule` says how (kept after resolution)."""

    rule: DateRule | None = None


# --- language data -----------------------------------------------------------------------------

_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_M = f"[{_MARKS}]*"
_ALEFS = "اأإآٱ"
_CLASSES = {
    **dict.fromkeys(_ALEFS, _ALEFS),
    **dict.fromkeys("ىيی", "ىيی"),
    **dict.fromkeys("ةه", "ةه"),
    **dict.fromkeys("كک", "كک"),
}
_FOLD = str.maketrans({**dict.fromkeys(_ALEFS, "ا"), "ى": "ي", "ی": "ي", "ة": "ه", "ک": "ك"})
_MARKS_RE = re.compile(f"[{_MARKS}]")
_L = rf"(?<![\w{_MARKS}])"
_CL = rf"(?P<cl>(?:[وف]{_M})?(?:[بلك]{_M})?)"
_R = rf"(?![\w{_MARKS}])"
_HAS_DIGIT = re.compile(r"\d")


def fold(text: str) -> str:
    """The key a form is looked up by: no diacritics or tatweel, one alef, ي for ى, ه for ة, one space.

    >>> fold("إِبريـل") == fold("ابريل")
    True
    """
    return " ".join(_MARKS_RE.sub("", text).translate(_FOLD).split())


@cache
def _folded(forms: tuple[str, ...]) -> frozenset[str]:
    """`forms` as `fold` keys, folded once: handlers test matched words against the same word lists
    of `_lexicon()` for every date they read."""
    return frozenset(fold(f) for f in forms)


def _tolerant(form: str, strict: bool = False) -> str:
    """A regex for `form` that accepts the usual spelling variants, diacritics and tatweel."""
    words = []
    for word in _MARKS_RE.sub("", form).split():
        parts = []
        for ch in word:
            alts = ch if strict else _CLASSES.get(ch, ch)
            parts.append((f"[{alts}]" if len(alts) > 1 else re.escape(ch)) + _M)
        words.append("".join(parts))
    return r"\s+".join(words)


def _alt(forms: Sequence[str], strict: Sequence[str] = ()) -> str:
    """One non-capturing alternation of `forms`, longest first so that phrases beat their heads."""
    ordered = sorted(set(forms), key=lambda f: (-len(fold(f)), f))
    return "(?:" + "|".join(_tolerant(f, f in strict) for f in ordered) + ")" if ordered else "(?!)"


def _tsv(name: str) -> list[list[str]]:
    lines = (ARABIC_DIR / name).read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    return rows[1:]


@dataclass(frozen=True, slots=True)
class _UnitWords:
    name: str
    base: Unit
    factor: int
    one: tuple[str, ...]
    two: tuple[str, ...]
    many: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Relative:
    name: str
    unit: Unit
    offset: int
    forms: tuple[str, ...]
    not_after: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Event:
    name: str
    nouns: frozenset[str]
    verbs: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Lexicon:
    months: dict[str, int]
    month_forms: tuple[str, ...]
    strict_months: tuple[str, ...]
    ordinals: dict[str, int]
    day_ordinals: dict[str, int]
    heads: dict[str, int]
    tens: dict[str, int]
    cardinals: dict[str, int]
    units: tuple[_UnitWords, ...]
    relatives: tuple[_Relative, ...]
    words: dict[str, tuple[str, ...]]
    weekdays: dict[str, int]
    same_units: dict[str, Unit]
    events: tuple[_Event, ...]
    holidays: dict[str, tuple[str, int, int]]
    """Folded form → (name, month, day) of a fixed-date holiday."""
    hijri_months: dict[str, int]
    """Folded Hijri month name → its number (محرم 1 … ذو الحجة 12)."""

    def unit_of(self, form: str) -> tuple[_UnitWords, int] | None:
        """The unit a matched form belongs to and the count the form itself implies (0: none)."""
        key = fold(form)
        for unit in self.units:
            for count, forms in ((1, unit.one), (2, unit.two), (0, unit.many)):
                if key in _folded(forms):
                    return unit, count
        return None

    def event_noun(self, word: str) -> str | None:
        """The event a noun names, clitics and a pronoun aside: "للحادث", "إطلاقه" (None: not one)."""
        key = fold(word)
        key = key[1:] if key[:1] in "وف" and len(key) > 3 else key
        for article in ("لل", "بال", "كال", "ال"):
            if key.startswith(article):
                key = key[len(article) :]
                break
        stems = [key] + [key[: -len(p)] for p in wordlists.lines("pronoun-suffixes.txt") if key.endswith(p)]
        return next((e.name for e in self.events for stem in stems if stem in e.nouns), None)

    def event_word(self, word: str) -> str | None:
        """The event a word names, as a past-tense verb ("وانطلقت") or a noun."""
        key = fold(word)
        for verb in (key, key[1:] if key[:1] in "وف" else key):
            found = next((e.name for e in self.events if verb in e.verbs), None)
            if found:
                return found
        return self.event_noun(word)

    def number(self, text: str) -> int | None:
        key = fold(text)
        if key.isdecimal():
            return int(key)
        return self.cardinals.get(key)

    def ordinal(self, text: str) -> int | None:
        key = fold(text)
        if key in self.ordinals or key in self.day_ordinals:
            return self.ordinals.get(key) or self.day_ordinals[key]
        head, _, tail = key.partition(" و")
        if head in self.heads and tail.strip() in self.tens:
            return self.heads[head] + self.tens[tail.strip()]
        return None


@cache
def _lexicon() -> _Lexicon:
    rows = _tsv("months.tsv")
    strict = tuple(r[1] for r in rows if r[3].strip() == "1")
    ordinals: dict[str, int] = {}
    days: dict[str, int] = {}
    heads: dict[str, int] = {}
    tens: dict[str, int] = {}
    for value, form, use in _tsv("ordinals.tsv"):
        uses = set(use.strip().split("+"))
        pairs = ((ordinals, {"alone", "tens"}), (days, {"day"}), (heads, {"head"}), (tens, {"tens"}))
        for target, wanted in pairs:
            if uses & wanted:
                target[fold(form)] = int(value)
    with (ARABIC_DIR / "date-expressions.toml").open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)
    return _Lexicon(
        months={fold(r[1]): int(r[0]) for r in rows},
        month_forms=tuple(r[1] for r in rows),
        strict_months=strict,
        ordinals=ordinals,
        day_ordinals=days,
        heads=heads,
        tens=tens,
        cardinals={fold(k): int(v) for k, v in data["cardinals"].items()},
        units=tuple(_unit_words(u) for u in data["unit"]),
        relatives=tuple(_relative(r) for r in data["relative"]),
        words={k: tuple(v) for k, v in data["words"].items()},
        weekdays={fold(k): int(v) for k, v in data["weekdays"].items()},
        same_units={fold(k): v for k, v in data["same_unit"].items()},
        events=tuple(
            _Event(e["name"], frozenset(map(fold, e["nouns"])), frozenset(map(fold, e["verbs"]))) for e in data["event"]
        ),
        holidays={fold(f): (h["name"], int(h["month"]), int(h["day"])) for h in data["holiday"] for f in h["forms"]},
        hijri_months={fold(r[1]): int(r[0]) for r in _tsv("hijri-months.tsv")},
    )


def _unit_words(raw: dict[str, Any]) -> _UnitWords:
    return _UnitWords(
        raw["name"], raw["base"], int(raw["factor"]), tuple(raw["one"]), tuple(raw["two"]), tuple(raw["many"])
    )


def _relative(raw: dict[str, Any]) -> _Relative:
    return _Relative(
        raw["name"],
        raw["unit"],
        int(raw["offset"]),
        tuple(raw["forms"]),
        tuple(raw.get("not_after", ())),
        tuple(raw.get("not_before", ())),
    )


# --- patterns ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Found:
    kind: Kind
    value: DateValue | None = None
    rule: DateRule | None = None
    end: int | None = None
    """Where the mention ends when that is before the end of the match."""


_Handler = Callable[[re.Match[str], _Lexicon], _Found | None]


@dataclass(frozen=True, slots=True)
class _Form:
    name: str
    regex: re.Pattern[str]
    handle: _Handler
    needles: tuple[str, ...] = ()
    """Folded words of which a match must contain one (`_DIGIT`: a digit); empty: always try."""


@dataclass(frozen=True, slots=True)
class _Parts:
    """Regex fragments shared by the forms, built once from the lexicon."""

    month: str
    month_alt: str
    day: str
    year4: str
    year: str
    marker: str
    deadline: str
    quantity: str
    year_told: str


def _ordinal_alt(lex: _Lexicon, limit: int, days: bool = False) -> str:
    alone = [f for f, v in lex.ordinals.items() if v <= limit]
    alone += [f for f, v in lex.day_ordinals.items() if v <= limit and days]
    compounds = [f"{h} و{t}" for h, hv in lex.heads.items() for t, tv in lex.tens.items() if hv + tv <= limit]
    return _alt(alone + compounds)


def _parts(lex: _Lexicon) -> _Parts:
    words = lex.words
    month_alt = _alt(lex.month_forms, lex.strict_months)
    hijri = _alt(words["hijri_suffix"])
    suffix = rf"(?:\s?{_alt(words['ad_suffix'])}{_R})?(?!\s*{hijri}{_R})"
    units = [f for u in lex.units for f in (*u.one, *u.two, *u.many)]
    number = rf"(?:(?<!\d)\d{{1,4}}(?!\d)|{_alt(list(lex.cardinals))})"
    quantity = (
        rf"(?:(?P<num>{number})\s+(?P<unit>{_alt(units)})"
        rf"|(?P<unit1>{_alt([f for u in lex.units for f in (*u.one, *u.two)])})(?:\s+{_alt(words['unit_one'])}{_R})?)"
    )
    year_relatives = [f for r in lex.relatives if r.unit == "year" for f in r.forms]
    same_years = [u for u, unit in lex.same_units.items() if unit == "year"]
    same_year = [f"{u} {a}" for u in same_years for a in words["same_after"]]
    same_year += [f"{b} {u}" for b in words["same_before"] for u in same_years]
    return _Parts(
        month=rf"(?P<month>{month_alt})(?:\s*[/(]\s*{month_alt}\s*\)?)?",
        month_alt=month_alt,
        # Any definite word (or "X Y", "X وY") may stand for an ordinal day; the handlers keep only real
        # ordinals.
        # (An alternation of every day ordinal took most of a second to compile.)
        day=rf"(?P<day>(?<!\d)\d{{1,2}}(?!\d)|ال{_WORD}(?:\s+(?!(?:{_alt(words['day_month_link'])})\s)و?{_WORD})?)",
        year4=rf"(?P<year>(?<!\d)\d{{4}}(?!\d)){suffix}",
        year=rf"(?P<year>(?<!\d)\d{{3,4}}(?!\d)){suffix}",
        marker=_alt(words["year_marker"]),
        deadline=rf"(?:(?P<dl>{_alt(words['deadline'])})\s+)?",
        quantity=quantity,
        year_told=(
            rf"\s+(?:{_alt(words['year_told_link'])}\s+)?"
            rf"(?:(?P<yrel>{_alt(year_relatives)})|(?P<ysame>{_alt(same_year)})){_R}"
        ),
    )


_WORD = r"[^\s\d،,.؛:«»\"()/]+"


def _compile(body: str, before: str = "") -> re.Pattern[str]:
    return re.compile(rf"{_L}{_CL}{before}(?P<core>{body}){_R}")


@cache
def _forms() -> tuple[_Form, ...]:
    lex = _lexicon()
    p = _parts(lex)
    w = lex.words
    link = rf"(?:{_alt(w['day_month_link'])}\s+)?"
    of = _alt(w["of"])
    units = [f for u in lex.units for f in (*u.one, *u.two, *u.many)]
    months = _needles(lex.month_forms)
    digit = (_DIGIT,)
    weekday = rf"(?P<wd>{_alt(list(lex.weekdays))})"
    toward = (
        rf"(?:\s+(?:(?P<next>{_alt(w['month_next'])})|(?P<last>{_alt(w['month_last'])})"
        rf"|(?P<cur>{_alt(w['month_current'])}))(?![\w]))"
    )
    on_weekday = rf"(?:(?:{_alt(w['weekday_day'])}\s+)?{weekday}\s*[،,]?\s+)?"
    year_part = rf"\s*[،,]?\s*(?:{of}\s+)?(?:{p.marker}\s+)?{p.year}"
    relday = _day_words(lex)
    told = (  # "صباح اليوم الأربعاء 24 سبتمبر", "فجر أمس الأحد 6 ديسمبر": the article's day, told
        rf"(?:(?:(?P<part>{_alt(w['daypart'])})\s+)?(?:(?P<rel>{relday})\s+)?"
        rf"(?:{_alt(w['weekday_day'])}\s+)?{weekday}"
        rf"(?:\s+(?:(?P<wnext>{_alt(w['month_next'])})|(?P<wlast>{_alt(w['month_last'])})))?"
        rf"\s*[،,]?\s+(?:{_alt(w['date_agree'])}\s+)?)?"
    )
    same_unit = _alt(list(lex.same_units))
    return (
        _Form(
            "day-month-year",
            _compile(rf"{p.deadline}{told}{p.day}\s+{link}{p.month}(?:{year_part}|{p.year_told}|{toward})?"),
            _day_month,
            months,
        ),
        _Form(
            "hijri",
            _compile(
                rf"(?P<hday>\d{{1,2}})\s+(?:{_alt(w['day_month_link'])}\s+)?(?P<hmonth>{_alt(list(lex.hijri_months))})"
                rf"\s+(?P<hyear>\d{{3,4}})\s*{_alt(w['hijri_suffix'])}(?:{_R}|(?=[،,.\s]))"
                # the Gregorian day it falls on, a mention of its own: "…، الموافق 27 ديسمبر"
                rf"(?=\s*[،,]?\s*(?:{_alt(w['date_agree'])})\s+(?P<day>\d{{1,2}})\s+{link}{p.month}(?:\s+{p.year4})?)?"
            ),
            _hijri,
            _needles(list(lex.hijri_months)),
        ),
        _Form(
            "holiday",
            _compile(
                rf"(?:(?P<eve>{_alt(w['eve'])})\s+)?(?:(?:{_alt(w['weekday_day'])})\s+)?"
                rf"(?P<hol>{_alt(list(lex.holidays))})(?:\s+{p.year4})?"
            ),
            _holiday,
            _needles(list(lex.holidays)),
        ),
        _Form(
            "weekday",
            _compile(
                rf"(?:(?P<part>{_alt(w['daypart'])})\s+)?(?:(?P<rel>{relday})\s+)?"
                rf"(?:(?P<yawm>{_alt(w['weekday_day'])})\s+)?{weekday}"
                rf"(?:\s+(?:(?P<next>{_alt(w['month_next'])})|(?P<last>{_alt(w['month_last'])}))(?![\w]))?"
            ),
            _weekday,
            _needles(list(lex.weekdays)),
        ),
        _Form(
            "same",
            _compile(
                rf"(?:(?P<within>{_alt(w['same_within'])})\s+)?"
                rf"(?:(?P<su>{same_unit})\s+(?:{_alt(w['same_after'])}|(?P<nxt>{_alt(w['following'])}))"
                rf"|{_alt(w['same_before'])}\s+(?P<su2>{same_unit})"
                rf"|{_alt(w['that_in'])}\s+{_alt(w['that_before'])}\s+(?P<su3>{same_unit}))"
            ),
            _same,
            _needles([*w["same_after"], *w["same_before"], *w["following"], *w["that_before"]]),
        ),
        _Form(
            "day-of-month",
            _compile(
                rf"{p.deadline}{on_weekday}{p.day}\s+(?:{of}\s+)?(?:(?P<this>{_alt(w['this_month'])})"
                rf"|{_alt(w['month_word'])}(?:\s+(?:(?P<cur>{_alt(w['month_current'])})|(?P<last>{_alt(w['month_last'])})"
                rf"|(?P<next>{_alt(w['month_next'])})|(?P<same>{_alt(w['same_after'])}))|(?P<bare>(?!\w))))"
            ),
            _day_of_month,
            _needles(w["month_word"]),
        ),
        _Form(
            "numeric",
            _compile(
                rf"{p.deadline}"
                r"(?:(?P<day>(?<!\d)\d{1,2})\s?(?P<sep>[/.-])\s?(?P<mon>\d{1,2})\s?(?P=sep)\s?(?P<year>\d{4}(?!\d))"
                r"|(?P<iyear>(?<!\d)\d{4})(?P<isep>[/-])(?P<imon>\d{1,2})(?P=isep)(?P<iday>\d{1,2}(?!\d)))"
            ),
            _numeric,
            digit,
        ),
        _Form(
            "elapsed",
            _compile(
                rf"{p.quantity}(?=\s+{_alt(w['elapsed_on'])}{_R})",
                rf"{_alt(w['elapsed'])}\s+(?:[^\s\d،,.؛:]+\s+){{0,2}}?",
            ),
            _elapsed,
            _needles(w["elapsed"]),
        ),
        _Form(
            "month-year",
            _compile(rf"{p.deadline}{p.month}\s+(?:{of}\s+)?(?:{p.marker}\s+)?{p.year}"),
            _month_year,
            months,
        ),
        _Form(
            "marker-year",
            _compile(rf"{p.deadline}(?:(?P<prep>{_alt(w['year_prep'])})\s+)?{p.marker}\s+{p.year}"),
            _year,
            digit,
        ),
        _Form(
            "bare-year",
            _compile(
                rf"{p.deadline}(?:(?P<prep>{_alt([*w['year_prep'], *w['bare_year_prep']])})\s+)?(?<![/\d]){p.year4}"
                rf"(?!\s+{_alt(units)}{_R})"
            ),
            _bare_year,
            digit,
        ),
        _Form(
            "month",
            _compile(
                rf"{p.deadline}{p.month}(?!\s*\d)"
                rf"(?:{p.year_told}|{toward})?",
                rf"(?:(?P<ctx>{_alt(w['month_context'])})\s+)?",
            ),
            _month_alone,
            months,
        ),
        _Form(
            "relative",
            _compile(rf"{p.deadline}(?P<rel>{_alt([f for r in lex.relatives for f in r.forms])})(?!\s*\d)"),
            _relative_article,
            _needles([f for r in lex.relatives for f in r.forms]),
        ),
        _Form("offset", _compile(_offset_body(lex, p)), _offset, _needles([*w["after"], *w["before"], *w["since"]])),
        _Form("anniversary", _anniversary_patterns()[0], _anniversary_mention, _needles(w["anniversary"])),
        _Form(
            "vague",
            _compile(
                rf"(?P<dir>{_alt(w['after'])})\s+(?P<vu>{_alt(_vague_units(lex))})"
                rf"(?=\s+{_alt(w['of_event'])}\s+(?P<ref>[^\s\d،,.؛;:!?؟()\"«»]+))"
            ),
            _vague,
            _needles(w["after"]),
        ),
        _Form(
            "event-day",
            _compile(rf"(?:{_alt(w['daypart'])}\s+)?{_alt(w['event_day'])}\s+(?P<ev>{_WORD})"),
            _event_day,
            _needles([*w["daypart"], *w["event_day"]]),
        ),
    )


_DIGIT = "0"


def _needles(forms: Sequence[str]) -> tuple[str, ...]:
    """The folded first words of `forms`: a regex built by `_alt(forms)` can only match where one of
    them occurs in the folded text (`_tolerant` accepts exactly what `fold` maps together)."""
    return tuple(sorted({fold(f).split(" ")[0] for f in forms if fold(f)}))


def _may_match(form: _Form, folded: str, digits: bool) -> bool:
    if not form.needles:
        return True
    if form.needles == (_DIGIT,):
        return digits
    for needle in form.needles:  # noqa: SIM110 (a plain loop: faster than any() on this hot path)
        if needle in folded:
            return True
    return False


def _offset_body(lex: _Lexicon, p: _Parts) -> str:
    w = lex.words
    direction = rf"(?P<dir>{_alt([*w['after'], *w['before'], *w['since']])})"
    that = (
        rf"(?:(?P<suffix>{_alt(w['that_suffix'])})"
        rf"|\s+(?P<that>{_alt(w['that'])})|\s+{_alt(w['passage'])})?"
    )
    bound = rf"(?:(?P<bound>{_alt([*w['more_than'], *w['less_than'], *w['about']])})\s+)?"
    ref = (  # an anniversary after "من" is a date of its own ("بعد يوم واحد من الذكرى التاسعة عشرة")
        rf"(?:\s+{_alt(w['of_event'])}\s+(?:(?=(?:{p.month_alt}|{p.marker}\s+)?\d|{p.month_alt})"
        rf"|(?!{_alt(w['anniversary'])}{_R})(?P<ref>[^\s\d،,.؛;:!?؟()\"«»]+)))?"
    )
    exact = rf"(?:\s+(?P<exact>{_alt(w['exact'])}){_R})?"
    only = rf"(?:\s+(?P<only>{_alt(w['only'])}){_R})?"
    return rf"{direction}{that}\s+{bound}(?:ب{_M})?{p.quantity}{_R}(?!\s*\d){only}{exact}{ref}"


# --- handlers: one match to a value or a rule ---------------------------------------------------


def _deadline(match: re.Match[str], found: _Found | None) -> _Found | None:
    if found is None or not match.group("dl"):
        return found
    value = found.value
    if value is not None:
        value = replace(value, deadline=True, how=f"deadline: by {value.value} ({value.how})")
    return _Found("deadline", value, found.rule)


def _day_month(match: re.Match[str], lex: _Lexicon) -> _Found | None:
    raw = match.group("day")
    day = lex.number(raw) if raw[0].isdecimal() else lex.ordinal(raw)
    month = lex.months.get(fold(match.group("month")))
    if day is None or month is None or not 1 <= day <= 31 or _yearly(match):
        return None
    told_year = _year_told(match, lex, month, day)
    if told_year is not None:
        return _deadline(match, _Found("absolute", rule=told_year))
    if match.group("year") is None:
        toward = _toward(match)
        weekday = _named_weekday(match, lex)
        if toward in ("next", "last"):
            gloss = f"the {toward} {day} {calendar.month_name[month]} from the article date"
            rule = DateRule("article", "year", 0, month, day, gloss=gloss, toward=toward, weekday=weekday)
        elif toward == "current":
            gloss = f"month and day stated; '{match.group('cur')}': the month and year of the article date"
            rule = DateRule("article", "year", 0, month, day, gloss=gloss, toward=toward, weekday=weekday)
        elif _told_offset(match, lex) is not None:
            gloss = f"month and day stated as '{match.group('rel')}' ({match.group('wd')}); year from the article date"
            rule = DateRule("article", "year", 0, month, day, gloss=gloss, weekday=_named_weekday(match, lex))
        else:
            gloss = "month and day stated; year from the article date"
            rule = DateRule("narrative", "year", 0, month, day, gloss=gloss, weekday=_named_weekday(match, lex))
        return _deadline(match, _Found("absolute", rule=rule))
    return _deadline(match, _Found("absolute", _ymd(int(match.group("year")), month, day)))


def _yearly(match: re.Match[str]) -> bool:
    """True for a day and month declared a yearly day ("يوم 12 أبريل يوما دوليا")."""
    return match.group("year") is None and _yearly_re().match(match.string, match.end()) is not None


@cache
def _yearly_re() -> re.Pattern[str]:
    return re.compile(rf"\s+{_alt(_lexicon().words['yearly_day'])}{_R}")


def _year_told(match: re.Match[str], lex: _Lexicon, month: int, day: int | None) -> DateRule | None:
    """ "5 مايو من العام نفسه" (the year of the date before), "أغسطس من العام المقبل" (the article's
    next year): a month, or a day and month, whose year is told relative to another date."""
    groups = match.groupdict()
    stated = "month and day stated" if day is not None else "month stated"
    if groups.get("ysame"):
        gloss = f"{stated}; '{groups['ysame']}': the year of"
        return DateRule("previous", "year", 0, month, day, gloss=gloss)
    if not groups.get("yrel"):
        return None
    key = fold(groups["yrel"])
    entry = next((r for r in lex.relatives if r.unit == "year" and key in _folded(r.forms)), None)
    if entry is None:
        return None
    gloss = f"{stated}; '{groups['yrel']}' ({entry.name}) from the article date"
    return DateRule("article", "year", entry.offset, month, day, gloss=gloss)


_DAY_WORDS = (
    (0, "weekday_today"),
    (-1, "weekday_yesterday"),
    (1, "weekday_tomorrow"),
    (-2, "weekday_day_before"),
    (2, "weekday_day_after"),
)
"""Days from the article's day named by a word before a weekday ("أمس الأول الخميس": -2)."""
_DAY_GLOSS = {0: "today", -1: "yesterday", 1: "tomorrow", -2: "the day before yesterday", 2: "the day after tomorrow"}


def _day_word_offset(word: str, lex: _Lexicon) -> int | None:
    key = fold(word)
    return next((offset for offset, name in _DAY_WORDS if key in _folded(lex.words[name])), None)


def _day_words(lex: _Lexicon) -> str:
    return _alt([f for _, name in _DAY_WORDS for f in lex.words[name]])


def _told_offset(match: re.Match[str], lex: _Lexicon) -> int | None:
    """Days from the article's day to a day told as "اليوم" (0), "أمس" (-1) or "غدا" (1) with its
    weekday; None when the day is not told so."""
    rel = match.groupdict().get("rel")
    if not rel or not match.groupdict().get("wd"):
        return None
    return _day_word_offset(rel, lex)


def _named_weekday(match: re.Match[str], lex: _Lexicon) -> int | None:
    """The weekday written before a day and month ("يوم الثلاثاء 20 يوليو"), Monday 0."""
    named = match.groupdict().get("wd")
    return lex.weekdays.get(fold(named)) if named else None


def _toward(match: re.Match[str]) -> Toward:
    groups = match.groupdict()
    if groups.get("next") or groups.get("wnext"):  # "9 مايو المقبل", "الأحد المقبل الموافق 9 مايو"
        return "next"
    return "last" if groups.get("last") or groups.get("wlast") else "current" if groups.get("cur") else ""


def _ymd(year: int, month: int, day: int | None, how: str = "") -> DateValue:
    if day is not None and day <= calendar.monthrange(year, month)[1]:
        return DateValue(f"{year:04d}-{month:02d}-{day:02d}", "day", how or "explicit day, month and year")
    return DateValue(f"{year:04d}-{month:02d}", "month", how or "explicit month and year")


def _month_year(match: re.Match[str], lex: _Lexicon) -> _Found | None:
    month = lex.months.get(fold(match.group("month")))
    year = int(match.group("year"))
    if month is None or not 1 <= year <= 2999:
        return None
    return _deadline(match, _Found("absolute", _ymd(year, month, None)))


def _year(match: re.Match[str], lex: _Lexicon) -> _Found | None:
    year = int(match.group("year"))
    if not 100 <= year <= 2999:
        return None
    return _deadline(match, _Found("absolute", DateValue(f"{year:04d}", "year", "explicit year")))


def _bare_year(match: re.Match[str], lex: _Lexicon) -> _Found | None:
    year = int(match.group("year"))
    text = match.string
    after = text[match.end() : match.end() + 2].strip()
    start = match.start("core")
    framed = start > 0 and text[start - 1] in "([«\"'"
    context = match.group("prep") or match.group("dl") or "و" in match.group("cl") or framed
    closed = after == "" or after[0] in ')]»"،,.؛;:!?؟-–'
    if not 1800 <= year <= 2199 or not (context or closed) or _names_year(match, lex):
        return None
    return _deadline(match, _Found("absolute", DateValue(f"{year:04d}", "year", "explicit year")))


_DESIGNATION = re.compile(r"\s*[A-Z]{1,2}\d")


def _names_year(match: re.Match[str], lex: _Lexicon) -> bool:
    """True for a year that is part of a name: an asteroid's designation ("1998 KY26") or a plan's
    name ("رؤية السعودية 2030", "أجندة 2063": a name head one or two words before it)."""
    if _DESIGNATION.match(match.string, match.end()):
        return True
    if match.group("prep") or match.group("dl"):
        return False
    start = match.start("core")
    words = fold(match.string[max(0, start - 40) : start]).split()[-2:]
    heads = _folded(lex.words["year_name_heads"])
    return any(w in heads or (w[:1] in "وبلف" and w[1:] in heads) for w in words)


def _month_alone(match: re.Match[str], lex: _Lexicon) -> _Found | None:
    month = lex.months.get(fold(match.group("month")))
    toward = _toward(match)
    told_year = _year_told(match, lex, month, None) if month is not None else None
    if told_year is not None:
        return _deadline(match, _Found("absolute", rule=told_year))
    if month is None or not (match.group("ctx") or match.group("dl") or toward):
        return None
    if toward == "current":
        gloss = f"the current {calendar.month_name[month]} ('{match.group('cur')}'), the article's month"
        rule = DateRule("article", "year", 0, month, gloss=gloss, toward=toward)
        return _deadline(match, _Found("absolute", rule=rule))
    if toward:
        gloss = f"the {toward} {calendar.month_name[month]} from the article date"
        rule = DateRule("article", "year", 0, month, gloss=gloss, toward=toward)
        return _deadline(match, _Found("relative", rule=rule))
    gloss = "month stated; year from the article date"
    return _deadline(match, _Found("absolute", rule=DateRule("narrative", "year", 0, month, gloss=gloss)))


def _relative_article(match: re.Match[str], lex: _Lexicon) -> _Found | None:
    key = fold(match.group("rel"))
    entry = next((r for r in lex.relatives if key in _folded(r.forms)), None)
    if entry is None or _guarded(match, entry):
        return None
    rule = DateRule("article", entry.unit, entry.offset, gloss=entry.name)
    return _deadline(match, _Found("relative", rule=rule))


def _hijri(match: re.Match[str], lex: _Lexicon) -> _Found | None:
    """ "14 جمادى الآخرة 1445هـ" by the arithmetical Islamic calendar, which the calendar in official use
    may differ from by a day; with the Gregorian day and month it falls on ("… الموافق 27 ديسمبر"), that
    day, in the year nearest the conversion."""
    hday, hyear = int(match.group("hday")), int(match.group("hyear"))
    hmonth = lex.hijri_months[fold(match.group("hmonth"))]
    if not (1 <= hday <= 30 and 1 <= hyear <= 9000):
        return None
    converted = hijri_to_gregorian(hyear, hmonth, hday)
    written = f"{hday} {match.group('hmonth')} {hyear} AH"
    if match.group("day") is None:
        how = f"Hijri date {written}, by the arithmetical Islamic calendar (the official one may differ by a day)"
        return _Found("absolute", DateValue(converted.isoformat(), "day", how, inferred=True))
    month, day = lex.months.get(fold(match.group("month"))), int(match.group("day"))
    if month is None:
        return None
    if match.group("year"):
        years = [int(match.group("year"))]
    else:
        years = [converted.year - 1, converted.year, converted.year + 1]
    fits = [dt.date(y, month, day) for y in years if 1 <= y <= 9999 and day <= calendar.monthrange(y, month)[1]]
    if not fits:
        return None
    best = min(fits, key=lambda d: abs((d - converted).days))
    how = f"Hijri date {written} given as {day} {calendar.month_name[month]}: the year from the Hijri date"
    return _Found("absolute", DateValue(best.isoformat(), "day", how))


def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """A Hijri date by the arithmetical (tabular) Islamic calendar.

    >>> hijri_to_gregorian(1445, 1, 1), hijri_to_gregorian(1445, 6, 14)
    (datetime.date(2023, 7, 19), datetime.date(2023, 12, 27))
    """
    jdn = (11 * year + 3) // 30 + 354 * year + 30 * month - (month - 1) // 2 + day + 1948440 - 385
    return dt.date.fromordinal(jdn - 1721425)


def _holiday(match: re.Match[str], lex: _Lexicon) -> _Found | None:
    """ "يوم عيد الميلاد", "عيد الاستقلال الأمريكي": a day and month named by a fixed-date holiday."""
    name, month, day = lex.holidays[fold(match.group("hol"))]
    if match.group("eve"):  # "عشية عيد الميلاد": the day before
        if day == 1:
            return None  # the eve of New Year's Day is in the year before: left alone
        name, day = f"the eve of {name}", day - 1
    if match.group("year"):
        return _Found("absolute", _ymd(int(match.group("year")), month, day, f"{name}, with its year"))
    gloss = f"{name} ({day} {calendar.month_name[month]}); year from the article date"
    return _Found("absolute", rule=DateRule("narrative", "year", 0, month, day, gloss=gloss))


def _weekday(match: re.Match[str], lex: _Lexicon) -> _Found | None:
    """ "اليوم السبت" (today), "أمس الخميس" (yesterday), "(يوم) الأربعاء الماضي" (the last Wednesday),
    "يوم الأربعاء" (the latest Wednesday up to the article's day; the first from it in plans)."""
    weekday = lex.weekdays.get(fold(match.group("wd")))
    if weekday is None:
        return None
    name = calendar.day_name[weekday]
    rel = fold(match.group("rel") or "")
    if rel:
        offset = _day_word_offset(rel, lex) or 0
        gloss = _DAY_GLOSS[offset]
        return _Found("relative", rule=DateRule("article", "day", offset, gloss=f"{gloss} ({name})", weekday=weekday))
    toward = _toward(match)
    if not toward and not (match.group("yawm") or match.group("part")):
        return None
    side = {"next": f"the next {name} after", "last": f"the last {name} before"}
    gloss = side.get(toward, f"the latest {name} up to")
    return _Found("relative", rule=DateRule("article", "day", 0, gloss=gloss, toward=toward or "this", weekday=weekday))


def _same(match: re.Match[str], lex: _Lexicon) -> _Found | None:
    """ "في العام نفسه", "في نفس الشهر", "في وقت سابق من الشهر ذاته", "ففي ذلك اليوم": the unit of the last
    dated mention."""
    unit = lex.same_units.get(fold(match.group("su") or match.group("su2") or match.group("su3") or ""))
    if unit is None:
        return None
    within = match.group("within")
    if match.group("nxt"):  # "في العام التالي": the one after the last dated mention
        after = re.match(rf"\s+(?P<ev>{_WORD})", match.string[match.end() : match.end() + 40])
        event = lex.event_noun(after.group("ev")) if after and after.group("ev").startswith("ل") else None
        rule = DateRule("previous", unit, 1, gloss=f"the {unit} following", event=event or "")
        return _Found("relative", rule=rule)
    gloss = f"the same {unit} as" if not within else f"'{within}' the same {unit} as"
    if match.group("su3"):  # "ففي ذلك اليوم": "that" day is one the text states, not one counted from today
        return _Found("relative", rule=DateRule("explicit", unit, 0, gloss=f"that {unit}: the last date stated, as"))
    return _Found("relative", rule=DateRule("previous", unit, 0, gloss=gloss))


def _day_of_month(match: re.Match[str], lex: _Lexicon) -> _Found | None:
    """ "في الخامس من الشهر الجاري" (this month), "… الشهر الماضي/المقبل", "في 20 من الشهر نفسه"."""
    raw = match.group("day")
    day = lex.number(raw) if raw[0].isdecimal() else lex.ordinal(raw)
    if day is None or not 1 <= day <= 31:
        return None
    if match.group("same") or match.group("bare") is not None:
        # "في السادس من الشهر", bare: the month the story is told in, as "من الشهر نفسه"
        rule = DateRule("previous", "month", 0, day=day, gloss=f"day {day} of the same month as")
        return _deadline(match, _Found("relative", rule=rule))
    offset = -1 if match.group("last") else 1 if match.group("next") else 0
    name = {-1: "last month", 0: "this month", 1: "next month"}[offset]
    rule = DateRule("article", "month", offset, day=day, gloss=f"day {day} of {name}")
    return _deadline(match, _Found("relative", rule=rule))


def _numeric(match: re.Match[str], lex: _Lexicon) -> _Found | None:
    """ "12/3/2021" (day, month, year as Arabic news writes them), "2021-03-12" and "2021/3/12"."""
    day, month, year = (int(match.group(g) or match.group("i" + g)) for g in ("day", "mon", "year"))
    if not (1 <= month <= 12 and 1800 <= year <= 2199 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return _deadline(match, _Found("absolute", _ymd(year, month, day, "explicit day, month and year in digits")))


def _elapsed(match: re.Match[str], lex: _Lexicon) -> _Found | None:
    """ "تمر اليوم ستون عاما على إطلاق … في 4 أكتوبر 1957": the event, N units before the article date;
    the date the sentence gives the event restates it."""
    unit_text = match.group("unit") or match.group("unit1")
    found = lex.unit_of(unit_text)
    count = lex.number(match.group("num")) if match.group("num") else found[1] if found else 0
    if found is None or not count:
        return None
    amount = count * found[0].factor
    gloss = f"elapsed: the event {_gloss(amount, found[0].base, -1, '')}"
    return _Found("duration", rule=DateRule("article", found[0].base, -amount, gloss=gloss, restate="event"))


def _anniversary_mention(match: re.Match[str], lex: _Lexicon) -> _Found | None:
    """ "الذكرى التاسعة عشرة للحريق … في 27 يناير 1967" (19 years after that date), "الذكرى الخمسين
    لهذا الحدث" (of an event told before): the anniversary day, resolved by `_anniversary_value`."""
    years = _anniversary_years(match, lex)
    if not years:
        return None
    ordinal = match.group("n")
    end = match.end("core")
    if not any(ch.isdecimal() for ch in ordinal) and lex.ordinal(ordinal) is None:
        end = match.start("n") + len(ordinal.split()[0])  # "الخمسين لأول": the ordinal alone
    anchor: Anchor = "referred" if _back_reference().match(match.string, end) else "anniversary"
    rule = DateRule(anchor, "year", years, gloss=f"the {_ordinal_en(years)} anniversary of")
    return _Found("absolute", rule=rule, end=end)


def _vague_units(lex: _Lexicon) -> list[str]:
    """Plurals that count with no number ("أيام", "أشهر", "سنوات")."""
    return sorted({f for u in lex.units for f in u.many if f not in (*u.one, *u.two)})


def _vague(match: re.Match[str], lex: _Lexicon) -> _Found | None:
    """ "بعد أيام من الإخفاق الروسي، هبطت … أمس الأربعاء", "بعد أشهر من إطلاق … في فبراير الماضي": the
    later event, dated after it in the sentence (unless that date is the earlier event's own), else
    the story's event; as precise as the unit."""
    found = lex.unit_of(match.group("vu"))
    if found is None:
        return None
    unit = found[0].base
    gloss = f"the later event ('{match.group('dir')} {match.group('vu')}'), as"
    anchor: Anchor = "lead" if _attached_date(match) else "later"
    return _Found("relative", rule=DateRule(anchor, unit, 0, gloss=gloss))


def _event_day(match: re.Match[str], lex: _Lexicon) -> _Found | None:
    """ "صباح يوم الإطلاق": the day of the launch told before (`_events` finds where)."""
    event = lex.event_noun(match.group("ev"))
    if event is None:
        return None
    rule = DateRule("event", "day", 0, gloss=f"the day of the {event}, as", event=event)
    return _Found("relative", rule=rule)


def _guarded(match: re.Match[str], entry: _Relative) -> bool:
    """True when the words around cancel the reading ("ذلك اليوم", "اليوم العالمي")."""
    start, end = match.span("core")
    before = fold(match.string[max(0, start - 12) : start]).split()
    after = fold(match.string[end : end + 12]).split()
    if before and before[-1] in _folded(entry.not_after):
        return True
    if after and after[0] in _folded(_lexicon().words["anniversary"]):
        return False  # "تحل اليوم الذكرى الستون": today, however the next word begins
    return bool(after) and any(after[0].startswith(fold(p)) for p in entry.not_before)


def _offset(match: re.Match[str], lex: _Lexicon) -> _Found | None:
    w = lex.words
    unit_text = match.group("unit") or match.group("unit1")
    found = lex.unit_of(unit_text)
    count = lex.number(match.group("num")) if match.group("num") else found[1] if found else 0
    if found is None or not count:
        return None
    unit, _ = found
    if fold(match.group("ref") or "") in _folded(w["of_activity"]):
        return None  # "بعد ثلاثين عاما من الخدمة": after thirty years of service, a span of time, no date
    direction = fold(match.group("dir"))
    sign = 1 if direction in _folded(w["after"]) else -1
    anchor, kind = _offset_anchor(match, lex, direction)
    event = lex.event_noun(match.group("ref")) if anchor == "explicit" and match.group("ref") else None
    bound = _bound(match.group("bound"), w)
    amount = count * unit.factor
    gloss = _gloss(amount, unit.base, sign, bound)
    if sign > 0 and _comes_after(match):
        gloss = f"the story's own event (it comes {gloss} another), as"
        rule = DateRule("lead", unit.base, 0, gloss=gloss, told=0 if bound else amount)
        return _Found("relative", rule=rule, end=match.end("only") if match.group("only") else None)
    restate: Restate = ""
    if anchor == "article" and sign < 0 and not bound:
        linked = _restate_link().match(match.string, match.end())
        restate = "exact" if match.group("exact") else "link" if linked else ""
    back = _restate_back().search(match.string, max(0, match.start() - 20), match.start())
    if not restate and anchor in ("article", "near") and back:
        # "عام 1976، أي قبل 21 عاما", "أواخر عام 2028، أي بعد أكثر من أربعة أعوام": counted from the present
        anchor, kind, restate = "article", "relative", "back"
    if not restate and event and "و" not in match.group("cl") and _after_date_comma().search(
        match.string, max(0, match.start() - 3), match.start()
    ):
        # "انطلق في الثاني من سبتمبر، بعد عشرة أيام فقط من هبوط المسبار": the count dates the clause's own
        # event, which the date just before it states (whether or not the other event's date is told)
        restate = "back"
    if not restate and _restate_when().match(match.string, match.end()):
        restate = "when"  # "بعد 19 عاما، حين صعدت … عام 1982": the clause's year, whatever the anchor
    rule = DateRule(anchor, unit.base, sign * amount, bound=bound, gloss=gloss, restate=restate, event=event or "")
    # "بعد أربعة أيام فقط من تحطم …": the span ends at "فقط"; the event still picks the anchor
    return _Found(kind, rule=rule, end=match.end("only") if match.group("only") else None)


def _comes_after(match: re.Match[str]) -> bool:
    """ "وتأتي الرحلة بعد …", and a "وبعد …" joined to it later in the sentence."""
    text = match.string
    start = match.start()
    stop = max(text.rfind(ch, 0, start) for ch in ".!?؟\n")
    window = text[max(stop + 1, start - 300) : start]
    pattern = _comes_after_re()
    if re.search(rf"{pattern.pattern}\s+$", window):
        return True
    joined = "و" in match.group("cl")
    return joined and re.search(rf"{pattern.pattern}\s+{_alt(_lexicon().words['after'])}{_R}", window) is not None


@cache
def _comes_after_re() -> re.Pattern[str]:
    w = _lexicon().words
    subject = rf"(?:{_alt(w['comes_after_subject'])}\s+)?ال{_WORD}(?:\s+ال{_WORD})?"
    return re.compile(rf"{_L}(?:[وف]{_M})?{_alt(w['comes_after'])}\s+{subject}")


@cache
def _restate_link() -> re.Pattern[str]:
    """What joins "قبل خمسين عاما" to the date that restates it: "، وتحديدا في", "، أي في"."""
    w = _lexicon().words
    return re.compile(rf"\s*[،,]?\s*{_alt(w['restate_link'])}{_R}")


@cache
def _restate_back() -> re.Pattern[str]:
    """What joins a count to the date before it that it restates: "عام 1976، أي قبل 21 عاما"."""
    w = _lexicon().words
    return re.compile(rf"{_DIGIT_END}\s*[،,]\s*{_alt(w['restate_back'])}\s+$")


@cache
def _after_date_comma() -> re.Pattern[str]:
    """A comma right before a count: "في 2 سبتمبر، بعد عشرة أيام من …" (the date itself is checked later)."""
    return re.compile(r"[،,]\s*$")


@cache
def _restate_when() -> re.Pattern[str]:
    """What joins a count to the clause that dates it: "منذ 13 عاما، حين هبط …"."""
    w = _lexicon().words
    return re.compile(rf"\s*[،,]\s*{_alt(w['restate_when'])}{_R}")


_DIGIT_END = r"[0-9\u0660-\u0669](?:\s*(?:م|ميلادي|ميلادية))?"
"""The end of a stated date: its year's last digit."""


def _offset_anchor(match: re.Match[str], lex: _Lexicon, direction: str) -> tuple[Anchor, Kind]:
    w = lex.words
    ref = fold(match.group("ref") or "")
    if match.group("that") or match.group("suffix") or ref in _folded(w["of_that"]):
        return "previous", "relative"
    if ref in _folded(w["of_now"]):
        return "article", "relative"
    if ref and ref not in _folded(w["of_filler"]):
        return ("following" if _attached_date(match) else "explicit"), "relative"
    if _of_date(match):
        return "following", "relative"
    if direction in _folded(w["since"]) or direction in _folded(w["before"]):
        return "article", "duration"
    return "near", "relative"


def _attached_date(match: re.Match[str]) -> bool:
    """True when the event the expression counts from is dated right after it, in the same clause
    ("بعد تسعة أشهر من إطلاق القمر "إيجيبت سات" في 21 فبراير"): that date is the anchor."""
    return _attached_re().match(match.string, match.end()) is not None


@cache
def _attached_re() -> re.Pattern[str]:
    lex = _lexicon()
    p = _parts(lex)
    days = _ordinal_alt(lex, 31, days=True)
    w = lex.words
    # "… يوم الجمعة الماضي الموافق الرابع من يوليو": a weekday may come before the date
    weekday = (
        rf"(?:{_alt(list(lex.weekdays))}(?:\s+{_alt([*w['month_last'], *w['month_next']])})?"
        rf"\s*[،,]?\s+(?:{_alt(w['date_agree'])}\s+)?)?"
    )
    return re.compile(rf"[^،,.؛;:!?؟\n]{{0,80}}?\s(?:في|يوم){_M}\s+{weekday}(?:\d|{p.month_alt}|{days})")


def _of_date(match: re.Match[str]) -> bool:
    """True when "من" and a stated date follow the expression ("بعد شهر من أبريل 1961")."""
    return re.match(r"\s+من\s", match.string[match.end() : match.end() + 8]) is not None


_BOUNDS: dict[str, Bound] = {"more_than": "more", "less_than": "less", "about": "about"}


def _bound(text: str | None, words: dict[str, tuple[str, ...]]) -> Bound:
    key = fold(text or "")
    for name, bound in _BOUNDS.items():
        if key and key in _folded(words[name]):
            return bound
    return ""


_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _gloss(amount: int, unit: Unit, sign: int, bound: Bound) -> str:
    number = _NUMBER_WORDS[amount] if amount < len(_NUMBER_WORDS) else str(amount)
    qualifier = {"more": "more than ", "less": "less than ", "about": "about ", "": ""}[bound]
    plural = "" if amount == 1 else "s"
    return f"{qualifier}{number} {unit}{plural} {'after' if sign > 0 else 'before'}"


# --- finding -----------------------------------------------------------------------------------


def find_dates(text: str, sentences: Sequence[Sentence]) -> list[DateMention]:
    """Find the date expressions of `text`, outside boilerplate sentences, in text order.

    Stated dates come back with a value; the others (relative, or a day and month without a year)
    as `RuledDateMention`s with `value=None` and a `DateRule` for `resolve_dates`.

    Args:
        text: the original article text.
        sentences: its sentences (offsets into `text`); an empty sequence means one sentence.

    Returns:
        Non-overlapping mentions (the longest wins), sorted by start.

    >>> t = "أطلقت ناسا المسبار في 12 أبريل 1961."
    >>> [(m.text, m.value.value) for m in find_dates(t, [])]
    [('12 أبريل 1961', '1961-04-12')]
    """
    spans = sentences or [Sentence(0, 0, len(text), text)]
    found: list[DateMention] = []
    for sentence in spans:
        if not sentence.boilerplate:
            found.extend(_in_sentence(text, sentence))
    kept = [m for m in _longest_first(found) if not _quoted_whole(text, m)]
    flashbacks = {s.index for s in spans if _flashback(s.text)}
    return [replace(_event_site(text, spans, kept, m), background=m.sentence in flashbacks) for m in kept]


_QUOTES = "\"«»“”„'"


def _quoted_whole(text: str, mention: DateMention) -> bool:
    """A date that is the whole of a quotation is a name: مهمة "مارس 2020" (Mars 2020), not March.

    >>> t = 'بدأت مهمة "مارس 2020" بحثها.'
    >>> [m.text for m in find_dates(t, [])]
    []
    """
    before = text[mention.start - 1] if mention.start > 0 else ""
    after = text[mention.end] if mention.end < len(text) else ""
    return bool(before) and bool(after) and before in _QUOTES and after in _QUOTES


_FLASHBACK_REACH = 4
"""How many words after the opening "وكان" its "قد" may come ("وكان المسبار الصيني قد أقلع")."""


def _flashback(sentence: str) -> bool:
    """True for a sentence opened by a pluperfect, "وكان … قد" + verb: background, not the story's time.

    >>> _flashback("وكان تشانغ آه-4 قد أقلع في الثامن من ديسمبر.")
    True
    >>> _flashback("وكان الإطلاق ناجحا قبل أن يقرر الفريق")
    False
    """
    w = _lexicon().words
    words = fold(sentence).split()
    if not words or words[0] not in {fold(a) for a in w["pluperfect_aux"]}:
        return False
    return any(x in {fold(p) for p in w["pluperfect_particle"]} for x in words[1 : 2 + _FLASHBACK_REACH])


_EVENT_REACH = 8
"""How many sentences back the event a date counts from may be told."""
_EVENT_AHEAD = 2
"""How many sentences after an article's opening count the event it counts from may be told."""


def _event_site(
    text: str, sentences: Sequence[Sentence], mentions: list[DateMention], mention: DateMention
) -> DateMention:
    """A mention counted from a named event ("من الإقلاع", "يوم الإطلاق", "التالي للحادث") is anchored
    on the nearest earlier word of that event in a sentence that tells a date (up to eight sentences
    back); when there is none, on what it was anchored on before."""
    if not isinstance(mention, RuledDateMention) or mention.rule is None or not mention.rule.event:
        return mention
    rule = mention.rule
    lex = _lexicon()
    dated = {m.sentence for m in mentions if m is not mention and m.kind not in ("deadline", "duration")}
    by_index = {s.index: s for s in sentences}
    # back up to eight sentences; then, for a count that opens the article ("بعد ثلاثة أيام من انطلاق X،
    # التقينا …"), the event told just after it ("… الذي أقلع صباح الاثنين الماضي")
    back = [(i, False) for i in range(mention.sentence, max(-1, mention.sentence - _EVENT_REACH - 1), -1)]
    opening = mention.sentence == 0
    ahead = [(i, True) for i in range(mention.sentence, mention.sentence + 1 + _EVENT_AHEAD)] if opening else []
    for index, forward in back + ahead:
        sentence = by_index.get(index)
        if sentence is None or index not in dated or sentence.boilerplate:
            continue
        lo = mention.end if forward and index == mention.sentence else max(0, sentence.start)
        hi = mention.start if not forward and index == mention.sentence else sentence.end
        words = list(re.finditer(r"[^\s\d،,.؛:!?؟«»\"()]+", text[lo : min(hi, len(text))]))
        order = words if forward else reversed(words)
        site = next((w for w in order if lex.event_word(w.group()) == rule.event), None)
        if site is None:
            continue
        at = lo + site.start()
        told = [
            m for m in mentions if m.sentence == index and m is not mention and m.kind not in ("deadline", "duration")
        ]
        # verb first: the date after the word ("تحطم المسبار … يوم السبت 19 أغسطس") in the word's own
        # clause, not one after "إذ ألغت ناسا محاولة أولى في 29 أغسطس"; else the last date before the word
        after = [m for m in told if m.start >= at and not _clause_break(text[at : m.start])]
        before = [m for m in told if m.start < at]
        pick = after[0] if after else before[-1] if before and not forward else None
        if pick is None:
            continue  # the word's sentence dates something else: the event was told earlier
        anchored = replace(rule, anchor="event", event_at=at, event_sentence=index, event_date=pick.start)
        return replace(mention, rule=anchored)
    return mention


def _clause_break(between: str) -> bool:
    """True when a new clause opens in `between` ("، إذ ألغت", "ثم", "قبل أن"): its dates are not the
    event's."""
    return _clause_break_re().search(between) is not None


@cache
def _clause_break_re() -> re.Pattern[str]:
    return re.compile(rf"{_L}(?:[وف]{_M})?{_alt(_lexicon().words['event_clause_breaks'])}{_R}")


def _in_sentence(text: str, sentence: Sentence) -> list[DateMention]:
    start, end = max(0, sentence.start), min(len(text), sentence.end)
    lex = _lexicon()
    mentions: list[DateMention] = []
    span = text[start:end]
    folded = fold(span)
    digits = _HAS_DIGIT.search(span) is not None
    planned: dict[tuple[int, int], bool] = {}
    for form in _forms():
        if not _may_match(form, folded, digits):
            continue
        pos = start
        while (match := form.regex.search(text, pos, end)) is not None:
            found = form.handle(match, lex)
            if found is None:  # "المسبار الرابع من يوليو" is no day; "الرابع من يوليو" inside it may be
                pos = match.start() + 1
                continue
            pos = max(match.end(), match.start() + 1)
            if found.rule is not None and (found.rule.anchor == "narrative" or found.rule.toward == "this"):
                clause = _plan_clause(text, start, end, match.start())
                if clause not in planned:
                    planned[clause] = _has_future(text, *clause)
                if planned[clause]:  # a plan's day and month are the article's year; its weekday is to come
                    anchor: Anchor = "article" if found.rule.anchor == "narrative" else found.rule.anchor
                    toward: Toward = "coming" if found.rule.toward == "this" else found.rule.toward
                    found = replace(found, rule=replace(found.rule, anchor=anchor, toward=toward))
            mentions.append(_mention(match, sentence.index, found))
    return mentions


@cache
def _future_re() -> re.Pattern[str]:
    return re.compile(rf"{_L}(?:[وف]{_M})?{_alt(_lexicon().words['future_cues'])}{_R}")


def _mention(match: re.Match[str], sentence: int, found: _Found) -> DateMention:
    start, end = match.start("core"), found.end or match.end("core")
    surface = match.string[start:end]
    if found.rule is None:
        return DateMention(start, end, surface, sentence, found.value, found.kind)
    return RuledDateMention(start, end, surface, sentence, found.value, found.kind, rule=found.rule)


def _longest_first(mentions: list[DateMention]) -> list[DateMention]:
    """The longest mentions that overlap no longer one (on a tie the earlier), in text order. The
    kept spans never overlap, so one look at each neighbour of the new span's place decides."""
    kept: list[DateMention] = []
    starts: list[int] = []
    for m in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        at = bisect.bisect_right(starts, m.start)
        if (at > 0 and kept[at - 1].end > m.start) or (at < len(kept) and kept[at].start < m.end):
            continue
        kept.insert(at, m)
        starts.insert(at, m.start)
    return kept


# --- resolving ---------------------------------------------------------------------------------

_RANK: dict[Precision, int] = {"year": 0, "month": 1, "day": 2}
_BY_RANK: tuple[Precision, ...] = ("year", "month", "day")
_CAP: dict[Unit, Precision] = {"year": "year", "month": "month", "week": "month", "day": "day"}
_NEEDS: dict[Unit, Precision] = {"year": "year", "month": "month", "week": "day", "day": "day"}


def resolve_dates(mentions: Sequence[DateMention], article_date: DateValue | None) -> list[DateMention]:
    """Give each ruled mention a value from its anchor; mentions without an anchor stay unresolved.

    Precision follows the text: the result is never finer than the anchor, nor than the expression's
    unit (a week counts as a month). A vague "more than N years ago" resolves to a year the article
    states when one lies at most 10 years before the bound (temporal coreference), else to the bound.
    Two passes: a mention whose anchor comes later in the text and needs resolving itself ("بعد تسعة
    أشهر من إطلاق … في 21 فبراير الماضي") is resolved once the others are.

    >>> from kg.model import Sentence
    >>> t = "هبطت المركبة الأسبوع الماضي."
    >>> [m.value.value for m in resolve_dates(find_dates(t, []), DateValue("2021-03-10", "day"))]
    ['2021-03']
    """
    ordered = sorted(mentions, key=lambda m: m.start)
    done = _resolve_pass(ordered, ordered, article_date)
    if any(m.value is None and isinstance(m, RuledDateMention) and m.rule is not None for m in done):
        done = _resolve_pass(ordered, done, article_date)
    return done


def _resolve_pass(
    ordered: list[DateMention], known: list[DateMention], article_date: DateValue | None
) -> list[DateMention]:
    done: list[DateMention] = []
    for mention, seen in zip(ordered, known, strict=True):
        rule = mention.rule if isinstance(mention, RuledDateMention) else None
        if seen.value is not None or rule is None:
            done.append(seen)
            continue
        everything = [*done, *known[len(done) :]]
        restated = (
            _restated(mention, rule, everything, article_date)
            or _apposed_weekday(mention, rule, done)
            or _anniversary_value(mention, rule, everything)
        )
        if restated is not None:
            done.append(replace(mention, value=restated))
            continue
        if _weekday_elsewhen(mention, rule, done, article_date):
            done.append(seen)
            continue
        anchor = _anchor(mention, rule, done, everything, article_date)
        value = None if anchor is None else _apply(mention, rule, anchor, everything)
        if value is not None and rule.anchor == "following" and rule.offset > 0 and _later(value, article_date):
            # "دخل المدار بعد سبعة أشهر من إطلاقه في 9 فبراير 2021": a past event cannot follow the
            # article, so the date told after the count is the event's own; count from the one before
            earlier = _anchor(mention, replace(rule, anchor="explicit"), done, everything, article_date)
            value = _apply(mention, rule, earlier, everything) if earlier is not None else None
        done.append(replace(mention, value=value))
    return done


def _later(value: DateValue, article: DateValue | None) -> bool:
    """True when `value` is surely after the article date (a given one, not inferred; compared at the
    coarser precision)."""
    if article is None or article.inferred or value.deadline:
        return False
    size = min(len(value.value), len(article.value))
    return value.value[:size] > article.value[:size]


def _weekday_elsewhen(
    mention: DateMention, rule: DateRule, done: list[DateMention], article: DateValue | None
) -> bool:
    """True for a bare weekday told after a date of another year in its sentence ("في عام 1969، وفي يوم
    الأحد، هبطت …"): it is a day of that time, which the text does not give, not of the article's week."""
    if rule.weekday is None or rule.toward not in ("this", "coming") or article is None:
        return False
    year = _parse(article)[0]
    for m in reversed(done):  # in text order: this sentence's dates are the last ones done
        if m.sentence < mention.sentence:
            return False
        if m.sentence == mention.sentence and _stated(m) and _year_of(m) != year:
            return True
    return False


def _apposed_weekday(mention: DateMention, rule: DateRule, done: list[DateMention]) -> DateValue | None:
    """ "في 4 أكتوبر 1957، يوم الجمعة": a bare weekday right after a day is that day's."""
    if rule.weekday is None or rule.toward not in ("this", "coming") or not done:
        return None
    last = done[-1]
    value = last.value
    if value is None or value.precision != "day" or not 0 <= mention.start - last.end <= 3:
        return None
    name = calendar.day_name[rule.weekday]
    note = "" if _weekday_number(value.value) == rule.weekday else f"; note: {value.value} is not a {name}"
    return replace(value, how=f"apposition: the weekday of {value.value} (sentence {last.sentence}){note}")


def _anniversary_value(mention: DateMention, rule: DateRule, everything: list[DateMention]) -> DateValue | None:
    """The day an anniversary falls on: its event's date `offset` years on, as precise as that date;
    with no dated event, the day the sentence calls today ("تحيي روسيا اليوم الذكرى الخمسين …")."""
    if rule.anchor not in ("anniversary", "referred"):
        return None
    present = next((m for m in everything if m.sentence == mention.sentence and _is_present(m)), None)
    base = _anniversary_base(rule.anchor == "referred", mention, everything, rule.offset, present, after_only=True)
    if base is not None and base.value is not None:
        moved = _years_later(base.value, rule.offset, base.value.precision)
        if moved is not None:
            how = f"{rule.gloss} {base.value.value} (sentence {base.sentence})"
            return DateValue(moved, base.value.precision, how, base.value.inferred)
    if present is None or present.value is None:
        return None
    how = f"{rule.gloss} an event the text does not date, told as '{present.text}' ({present.value.value})"
    return DateValue(present.value.value, present.value.precision, how, present.value.inferred)


_LEAD_SENTENCES = 1
"""The story's own event is dated in its first two sentences (0 and 1), or not at all."""


@dataclass(frozen=True, slots=True)
class _AnchorValue:
    value: DateValue
    label: str


def _anchor(
    mention: DateMention,
    rule: DateRule,
    before: list[DateMention],
    everything: list[DateMention],
    article: DateValue | None,
) -> _AnchorValue | None:
    pick: DateMention | None = None
    if rule.anchor == "previous" and rule.offset == 0:  # "في الشهر نفسه": the last date that has a month
        fine = [m for m in reversed(before) if m.value and _RANK[m.value.precision] >= _RANK[_CAP[rule.unit]]]
        told = [m for m in fine if not m.background or m.sentence == mention.sentence]
        fine = told or fine  # the story's own time before a flashback's
        # else the last date if it is known: one the text gives without a year ("20 يوليو") is the
        # month meant, and an older, coarser date ("عام 2000") is not
        last = next((m for m in reversed(before) if m.kind not in ("deadline", "duration")), None)
        pick = next(iter(fine), None) or (last if last is not None and last.value else None)
    elif rule.anchor == "previous":
        pick = next((m for m in reversed(before) if m.value), None)
    elif rule.anchor == "explicit":
        pick = next((m for m in reversed(before) if _stated(m)), None)
    elif rule.anchor == "following":
        pick = next((m for m in everything if m.start >= mention.end and m.kind == "absolute"), None)
        if pick is not None and pick.value is None:
            return None  # not resolved yet: the second pass
    elif rule.anchor == "near":
        close = (m for m in reversed(before) if m.value and 0 <= mention.sentence - m.sentence <= 1)
        later = (m for m in everything if m.start >= mention.end and m.sentence == mention.sentence)
        pick = next(close, None) or next((m for m in later if _stated(m)), None)
    elif rule.anchor == "narrative":
        # "… هذا الشهر، إذ دخل المسبار مداره في التاسع من فبراير": a month or day resolved earlier in
        # the sentence is nearer than any date stated in the sentences before
        near = (
            m
            for m in reversed(before)
            if m.sentence == mention.sentence and m.value and m.value.precision != "year" and m.kind != "deadline"
        )
        stated = (m for m in reversed(before) if _narrative(m) and 0 <= mention.sentence - m.sentence <= 3)
        pick = next(near, None) or next(stated, None)
    elif rule.anchor == "event":  # the date told nearest the word of the event
        pick = next((m for m in everything if m.start == rule.event_date and m is not mention), None)
        if pick is None or pick.value is None:
            return None
        return _AnchorValue(pick.value, f"{pick.value.value} (sentence {pick.sentence}, the {rule.event})")
    elif rule.anchor == "later":
        later = (m for m in everything if m.start >= mention.end and m.sentence == mention.sentence)
        pick = next((m for m in later if m.kind not in ("deadline", "duration")), None)
        if pick is not None and pick.value is None:
            return None  # not resolved yet: the second pass
        if pick is None:
            return _anchor(mention, replace(rule, anchor="lead"), before, everything, article)
    elif rule.anchor == "lead":  # the article's first date; when it is unknown, so is this one
        pick = next((m for m in before if m.kind not in ("deadline", "duration")), None)
        if pick is not None and pick.sentence <= _LEAD_SENTENCES and pick.value is None:
            return None
        pick = pick if pick is not None and pick.sentence <= _LEAD_SENTENCES else None
    if pick is not None and pick.value is not None:
        return _AnchorValue(pick.value, f"{pick.value.value} (sentence {pick.sentence})")
    if rule.anchor in ("article", "near", "narrative", "lead") and article is not None:
        return _AnchorValue(article, f"the article date ({article.value})")
    return None


def _stated(mention: DateMention) -> bool:
    """A date the text states outright (not computed from an anchor, not a deadline)."""
    ruled = isinstance(mention, RuledDateMention)
    return mention.value is not None and mention.kind == "absolute" and not ruled


def _narrative(mention: DateMention) -> bool:
    """A full date the story is told at: stated with its year, to the month or the day."""
    return _stated(mention) and mention.value is not None and mention.value.precision != "year"


def _restated(
    mention: DateMention, rule: DateRule, everything: list[DateMention], article: DateValue | None
) -> DateValue | None:
    """ "قبل خمسين عاما بالتمام، وتحديدا في 20 تموز/يوليو 1969", "تمر ستون عاما على إطلاق … في 4 أكتوبر
    1957": the count names the date that follows it, when that date agrees with the article date."""
    target = _restating(mention, rule, everything)
    if target is None or target.value is None:
        return None
    years = -rule.offset if rule.unit == "year" else 0
    counted = rule.anchor == "article"
    if counted and article is not None and years and abs(_parse(article)[0] - _parse(target.value)[0] - years) > 1:
        return None
    base = "the article date" if counted else "the date before"
    how = f"coreference: {rule.gloss} {base}, restated as {target.value.value} (sentence {target.sentence})"
    return DateValue(target.value.value, target.value.precision, how, target.value.inferred)


def _restating(mention: DateMention, rule: DateRule, everything: Sequence[DateMention]) -> DateMention | None:
    if not rule.restate:
        return None
    # `everything` is in text order: look only near the mention (a scan of all of it per mention made a
    # text of thousands of dates quadratic)
    if rule.restate == "back":
        first = bisect.bisect_left(everything, mention.start - _LONGEST_DATE, key=lambda m: m.start)
        for m in itertools.islice(everything, first, None):
            if m.start >= mention.start:
                break
            # a count from an event ("، بعد عشرة أيام من هبوط …") also takes a date resolved by a rule
            told = _stated(m) or (rule.anchor in ("explicit", "event") and m.kind == "absolute" and m.value is not None)
            if told and m.sentence == mention.sentence and 0 <= mention.start - m.end < 9:
                return m
        return None
    reach = 60 if rule.restate in ("exact", "link") else 90 if rule.restate == "when" else 10_000
    first = bisect.bisect_left(everything, mention.end, key=lambda m: m.start)
    for m in itertools.islice(everything, first, None):
        if m.start - mention.end > reach or m.sentence > mention.sentence:
            break
        if _stated(m) and m.sentence == mention.sentence:
            return m
    return None


_LONGEST_DATE = 200
"""More characters than any date mention has, for looking back from a mention."""


def _apply(
    mention: DateMention, rule: DateRule, anchor: _AnchorValue, everything: list[DateMention]
) -> DateValue | None:
    inferred = anchor.value.inferred
    deadline = mention.kind == "deadline"
    if rule.month is not None:
        return _month_of(rule, anchor, inferred, deadline)
    if rule.weekday is not None and rule.toward:
        return _weekday_of(rule, anchor, inferred, deadline)
    if rule.bound in ("more", "less") and rule.unit == "year":
        bounded = _bounded(mention, rule, anchor, everything)
        return None if bounded is None else replace(bounded, deadline=deadline)
    shifted = _shift(anchor.value, rule.unit, rule.offset)
    if shifted is None:
        return None
    value, precision = shifted
    if rule.day is not None and precision == "month":
        year, month, _ = _parse(DateValue(value, "month"))
        if rule.day <= calendar.monthrange(year, month)[1]:
            value, precision = f"{value}-{rule.day:02d}", "day"
    joint = " " if rule.gloss.endswith(("after", "before", " as", "following")) else ", counted from "
    how = f"relative: {rule.gloss}{joint}{anchor.label}"
    if _RANK[precision] < _RANK["day" if rule.day is not None else _CAP[rule.unit]]:
        how += f"; {precision} precision, as precise as the anchor"
    if rule.weekday is not None and precision == "day" and _weekday_number(value) != rule.weekday:
        how += f"; note: {value} is a {calendar.day_name[_weekday_number(value)]}"
    return DateValue(value, precision, how, inferred, deadline)


def _weekday_number(value: str) -> int:
    """The weekday (Monday 0) of a day-precision ISO value."""
    year, month, day = (int(p) for p in value.split("-"))
    return dt.date(year, month, day).weekday()


def _years_later(value: DateValue, years: int, precision: Precision) -> str | None:
    """`value` moved by whole years, its month and day kept (29 February becomes the 28th)."""
    year, month, day = _parse(value)
    if not 1 <= year + years <= 9999:
        return None
    return _format(year + years, month, min(day, 28) if month == 2 else day, precision)


def _month_of(rule: DateRule, anchor: _AnchorValue, inferred: bool, deadline: bool) -> DateValue | None:
    """A month (and day) the text fixes, in the anchor's year, or the next or last one from it."""
    assert rule.month is not None
    year, month, day = _parse(anchor.value)
    year += rule.offset if rule.unit == "year" else 0
    gloss = f"{rule.gloss} ({year})"
    if rule.anchor == "narrative" and not anchor.label.startswith("the article date"):
        stated = rule.gloss.split(";")[0]
        gloss = f"{stated}; year from the last full date stated before it, {anchor.label}"
    elif rule.anchor == "previous":
        gloss = f"{rule.gloss} {anchor.label}"
    elif rule.anchor == "narrative" and _RANK[anchor.value.precision] >= _RANK["month"]:
        # told in the past tense (a plan's dates are counted from the article, not narrated): the
        # occurrence nearest the article date, so "أقلع في 8 ديسمبر" in a January article is last year's
        if rule.month - month > _HALF_YEAR:
            year -= 1
            gloss = f"{rule.gloss.split(';')[0]}; the last one before the article date ({anchor.value.value})"
    elif rule.toward in ("next", "last") and _RANK[anchor.value.precision] >= _RANK["month"]:
        here = (month, day if anchor.value.precision == "day" else 0)
        there = (rule.month, rule.day if rule.day is not None and here[1] else 0)
        if rule.toward == "next" and there <= here:
            year += 1
        elif rule.toward == "last" and there >= here:
            year -= 1
        gloss = f"{rule.gloss} ({anchor.value.value})"
    elif rule.toward == "current":
        gloss = f"{rule.gloss} ({anchor.value.value})"
    elif rule.toward:  # a year alone cannot tell whether the month is still to come this year
        gloss = f"{rule.gloss} ({anchor.value.value}); the anchor has no month, so its year is assumed"
        inferred = True
    if not 1 <= year <= 9999:
        return None
    fixed = _ymd(year, rule.month, rule.day, gloss)
    return replace(fixed, inferred=inferred, deadline=deadline)


_HALF_YEAR = 6


def _weekday_of(rule: DateRule, anchor: _AnchorValue, inferred: bool, deadline: bool) -> DateValue | None:
    """ "يوم الأربعاء الماضي": the last Wednesday before the anchor (its day needed; else as precise as it)."""
    assert rule.weekday is not None
    how = f"relative: {rule.gloss} {anchor.label}"
    if anchor.value.precision != "day":
        how += f"; the anchor has no day, so {anchor.value.precision} precision, as precise as the anchor"
        return DateValue(anchor.value.value, anchor.value.precision, how, inferred, deadline)
    year, month, day = _parse(anchor.value)
    today = dt.date(year, month, day)
    back = (today.weekday() - rule.weekday) % 7
    ahead = (rule.weekday - today.weekday()) % 7
    delta = {"last": -(back or 7), "next": ahead or 7, "this": -back, "coming": ahead}.get(rule.toward, 0)
    try:
        moved = today + dt.timedelta(days=delta)
    except OverflowError:
        return None
    return DateValue(moved.isoformat(), "day", how, inferred, deadline)


def _parse(value: DateValue) -> tuple[int, int, int]:
    """Year, month and day of an ISO value (missing parts are 1); clamped into the calendar."""
    digits = [int(p) if p.isdecimal() else 1 for p in value.value.split("-")[:3]] + [1, 1]
    year = min(max(digits[0], 1), 9999)
    month = min(max(digits[1], 1), 12)
    return year, month, min(max(digits[2], 1), calendar.monthrange(year, month)[1])


def _shift(anchor: DateValue, unit: Unit, offset: int) -> tuple[str, Precision] | None:
    """Move `anchor` by `offset` units; the result is as precise as both the anchor and the unit allow."""
    precision = _BY_RANK[min(_RANK[anchor.precision], _RANK[_CAP[unit]])]
    year, month, day = _parse(anchor)
    if _RANK[anchor.precision] < _RANK[_NEEDS[unit]]:
        return _format(year, month, day, anchor.precision), anchor.precision
    if unit == "year":
        year += offset
    elif unit == "month":
        year, month = year + (month - 1 + offset) // 12, (month - 1 + offset) % 12 + 1
    else:
        days = offset * (7 if unit == "week" else 1)
        try:
            moved = dt.date(year, month, day) + dt.timedelta(days=days)
        except OverflowError:
            return None
        year, month, day = moved.year, moved.month, moved.day
    if not 1 <= year <= 9999:
        return None
    return _format(year, month, day, precision), precision


def _format(year: int, month: int, day: int, precision: Precision) -> str:
    full = f"{year:04d}-{month:02d}-{day:02d}"
    return full[: {"year": 4, "month": 7, "day": 10}[precision]]


def _bounded(
    mention: DateMention, rule: DateRule, anchor: _AnchorValue, everything: list[DateMention]
) -> DateValue | None:
    """ "منذ أكثر من 40 عامًا": the bound year, or a stated year that satisfies it (within 10 years).
    "بعد أقل من أربع سنوات على …": a year stated later in the sentence between the anchor and the bound."""
    bound = _parse(anchor.value)[0] + rule.offset
    if not 1 <= bound <= 9999:
        return None
    earlier = (rule.offset < 0) == (rule.bound == "more")
    stated = f"{rule.gloss} {anchor.label} means {bound} {'or earlier' if earlier else 'or later'}"
    back = rule.offset < 0 and rule.bound == "more"
    candidates = [m for m in everything if back and _stated(m) and bound - 10 <= _year_of(m) <= bound]
    if rule.offset > 0 and rule.bound == "less":
        low = _parse(anchor.value)[0]
        later = (m for m in everything if m.sentence == mention.sentence and m.start >= mention.end and _stated(m))
        first = next((m for m in later if low <= _year_of(m) <= bound), None)
        candidates = [first] if first is not None else []
    if candidates:
        best = max(candidates, key=lambda m: (_year_of(m), -m.start))
        how = f"coreference: {stated}; the article states {_year_of(best)} (sentence {best.sentence})"
        return DateValue(f"{_year_of(best):04d}", "year", how, inferred=True)
    side = "upper" if earlier else "lower"
    return DateValue(f"{bound:04d}", "year", f"{side} bound: {stated}", anchor.value.inferred)


def _year_of(mention: DateMention) -> int:
    return _parse(mention.value)[0] if mention.value is not None else 0


# --- the article's date ------------------------------------------------------------------------


@cache
def _anniversary_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = _lexicon()
    w = lex.words
    filler = rf"(?:\s+{_alt(w['anniversary_filler'])})?"
    # Any word (or "X وY") stands where the ordinal goes; `_anniversary_years` keeps only real ordinals.
    # (An alternation of every ordinal form took half a second to compile.)
    word = r"[^\s\d،,.؛:«»\"()]+"
    teens = {form.split()[1] for form in lex.ordinals if len(form.split()) == 2}  # "التاسعة عشرة"
    ordinal = _compile(
        rf"{_alt(w['anniversary'])}{filler}\s+"
        rf"(?P<n>ال{_M}\s?(?<!\d)\d{{1,3}}(?!\d)|ال{word}(?:\s+(?:و{word}|{_alt(sorted(teens))}{_R}))?)"
    )
    years = [f for u in lex.units if u.base == "year" and u.factor == 1 for f in (*u.one, *u.two, *u.many)]
    number = rf"(?:(?<!\d)\d{{1,3}}(?!\d)|{_alt(list(lex.cardinals))})"
    elapsed = _compile(
        rf"{_alt(w['elapsed'])}\s+(?:[^\s\d،,.؛:]+\s+){{0,2}}(?:(?P<num>{number})\s+)?(?P<unit>{_alt(years)})"
        rf"\s+{_alt(w['elapsed_on'])}"
    )
    return ordinal, elapsed


def infer_article_date(text: str, sentences: Sequence[Sentence], mentions: Sequence[DateMention]) -> DateValue | None:
    """The article's date from its own words, for when no metadata gives it.

    First the anniversary rule: "this year / today / this week … the Nth anniversary of <date>"
    dates the article N years after <date> ("تمر اليوم ستون عاما على …" too; "الذكرى الخمسين لهذا
    الحدث" goes back to an event dated before, the one whose anniversary falls on the weekday the
    sentence names, if it names one). Or an exact count restated by a date: "قبل خمسين عاما بالتمام،
    وتحديدا في 20 تموز/يوليو 1969" is 2019-07-20. Else a month called current ("٢ يونيو الجاري") in
    the year of the date stated before it. Else the latest year the article states outside plans
    (sentences with future cues such as "المقرر" or "بحلول"), at year precision and a weaker `how`.

    >>> t = "تحتفل روسيا هذا العام بالذكرى الستين لرحلة جاجارين في أبريل 1961."
    >>> infer_article_date(t, [], find_dates(t, []))
    DateValue(value='2021', precision='year', how='inferred: this year is the 60th anniversary of 1961-04', \
inferred=True, deadline=False)
    """
    spans = [s for s in (sentences or [Sentence(0, 0, len(text), text)]) if not s.boilerplate]
    apposed = _apposed_today(mentions)
    if apposed is not None:
        return apposed
    dated: DateValue | None = None
    for sentence in spans:
        dated = _anniversary(text, sentence, mentions) or _restated_count(sentence, mentions)
        if dated is not None:
            break
    told = _told_day(text, spans, mentions, dated)
    if told is not None:
        return told
    counted = dated is not None  # the present year from an anniversary or a restated count
    dated = (
        dated
        or _current_month(text, spans, mentions)
        or _year_end(text, spans, mentions)
        or _latest_year(text, spans, mentions)
    )
    return _news_day(text, spans, mentions, dated, counted) if dated is not None else None


@cache
def _told_re() -> re.Pattern[str]:
    w = _lexicon().words
    return re.compile(rf"^(?:{_alt(w['daypart'])}\s+)?(?P<rel>{_day_words(_lexicon())})\s")


def _told(mention: DateMention) -> int | None:
    """The day offset of a day and month told as today, yesterday or tomorrow ("أمس الأحد 6 ديسمبر": -1)."""
    found = _told_re().match(mention.text)
    if found is None or mention.kind != "absolute":
        return None
    return _day_word_offset(found.group("rel"), _lexicon())


def _told_day(
    text: str, sentences: Sequence[Sentence], mentions: Sequence[DateMention], dated: DateValue | None
) -> DateValue | None:
    """ "صباح اليوم الأربعاء 24 سبتمبر", "فجر أمس الأحد 6 ديسمبر": the article's day is that day (the
    day after, for "أمس"). Its year is the one stated with it, else the year the article is dated to
    otherwise, else the first year from the latest one the article states (outside plans) in which
    that day is the weekday named: news tells the present, so the present is not before the latest
    year it mentions, and a day and month fall on one weekday at most every five to eleven years."""
    for mention in mentions:
        offset = _told(mention)
        if offset is None:
            continue
        rule = mention.rule if isinstance(mention, RuledDateMention) else None
        if rule is None and mention.value is not None and mention.value.precision == "day":
            day = dt.date(*_parse(mention.value))
            source = "the year stated with it"
        elif rule is not None and rule.month is not None and rule.day is not None:
            year, source = _told_year(text, sentences, mentions, rule, dated)
            if year is None or rule.day > calendar.monthrange(year, rule.month)[1]:
                continue
            day = dt.date(year, rule.month, rule.day)
        else:
            continue
        try:
            today = day - dt.timedelta(days=offset)
        except OverflowError:
            continue
        how = f"inferred: '{mention.text}' (sentence {mention.sentence}) is the article's day"
        how += f"{' less one' if offset > 0 else ' plus one' if offset < 0 else ''}; year from {source}"
        return DateValue(today.isoformat(), "day", how, inferred=True)
    return None


def _told_year(
    text: str, sentences: Sequence[Sentence], mentions: Sequence[DateMention], rule: DateRule, dated: DateValue | None
) -> tuple[int | None, str]:
    assert rule.month is not None and rule.day is not None
    if dated is not None:
        return _parse(dated)[0], f"the article date ({dated.value})"
    latest = _latest_year(text, sentences, mentions, check_weekdays=False)
    if latest is None:
        return _before_plans(text, sentences, mentions, rule)
    first = _parse(latest)[0]
    if rule.weekday is None:
        return first, f"the latest year the article states ({first})"
    name = calendar.day_name[rule.weekday]
    for year in range(first, min(first + 12, 10000)):
        fits = rule.day <= calendar.monthrange(year, rule.month)[1]
        if fits and calendar.weekday(year, rule.month, rule.day) == rule.weekday:
            return year, f"the first year from {first} (the latest the article states) in which it is a {name}"
    return None, ""


def _before_plans(
    text: str, sentences: Sequence[Sentence], mentions: Sequence[DateMention], rule: DateRule
) -> tuple[int | None, str]:
    """With no past year stated, the present is not after the earliest year the article plans for:
    the last year up to it in which the day told with its weekday is that weekday ("أمس الجمعة 14
    أبريل" before plans for 2024 … 2034: 2023)."""
    assert rule.month is not None and rule.day is not None
    planned = _planned(text, sentences)
    plans = [_year_of(m) for m in mentions if _stated(m) and m.sentence in planned]
    if rule.weekday is None or not plans:
        return None, ""
    last = min(plans)
    name = calendar.day_name[rule.weekday]
    for year in range(last, max(last - 12, 0), -1):
        fits = rule.day <= calendar.monthrange(year, rule.month)[1]
        if fits and calendar.weekday(year, rule.month, rule.day) == rule.weekday:
            return year, f"the last year up to {last} (the earliest the article plans for) in which it is a {name}"
    return None, ""


def _news_day(
    text: str, sentences: Sequence[Sentence], mentions: Sequence[DateMention], dated: DateValue, counted: bool = False
) -> DateValue:
    """An article dated to a year only, that tells a weekday as today or yesterday ("أمس الأربعاء"),
    is dated to the first day with that weekday on or after the latest day it states in that year
    outside plans (news tells the present after the events it dates). Only when a month or day is
    stated with that year, or the year was `counted` from the present ("منذ 13 عاما، حين … عام
    2003"): a year named alone ("تأسست عام 2011") may be long past. Else `dated`."""
    if dated.precision != "year":
        return dated
    wanted: set[int] = set()
    for mention in mentions:
        rule = mention.rule if isinstance(mention, RuledDateMention) else None
        told = rule is not None and rule.anchor == "article" and rule.unit == "day" and not rule.toward
        if told and rule is not None and rule.weekday is not None and rule.month is None:
            wanted.add((rule.weekday - rule.offset) % 7)
    year = _parse(dated)[0]
    known = [*(m for m in mentions if _stated(m)), *_derived(mentions)]
    stated = counted or any(m.value and m.value.precision != "year" for m in known if _year_of(m) == year)
    if len(wanted) != 1 or not stated:
        return dated  # the year must be one a full date is stated (or derived) in, not only a year (a founding)
    planned = _planned(text, sentences)
    days = [
        m
        for m in resolve_dates(mentions, dated)
        if m.value is not None
        and m.value.precision == "day"
        and not m.value.deadline
        and m.sentence not in planned
        and _parse(m.value)[0] == year
        and (not isinstance(m, RuledDateMention) or m.rule is None or m.rule.anchor != "article" or _weekday_agrees(m))
    ]
    if not days:
        return dated
    last = max(days, key=lambda m: (m.value.value if m.value else "", -m.start))
    assert last.value is not None
    start = dt.date(*_parse(last.value))
    weekday = next(iter(wanted))
    today = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
    name = calendar.day_name[weekday]
    how = (
        f"{dated.how}; the day: the first {name} from {start.isoformat()}, the latest day stated "
        f"(sentence {last.sentence}), as the text calls a weekday today or yesterday"
    )
    return DateValue(today.isoformat(), "day", how, inferred=True)


def _weekday_agrees(mention: DateMention) -> bool:
    """A day and month told with their weekday ("يوم الجمعة الماضي الموافق الرابع من يوليو") whose value
    falls on that weekday: the year it took from the article date is confirmed."""
    rule = mention.rule if isinstance(mention, RuledDateMention) else None
    if rule is None or rule.weekday is None or rule.day is None or mention.value is None:
        return False
    return mention.value.precision == "day" and dt.date(*_parse(mention.value)).weekday() == rule.weekday


def _anniversary(text: str, sentence: Sentence, mentions: Sequence[DateMention]) -> DateValue | None:
    present = [m for m in mentions if m.sentence == sentence.index and _is_present(m)]
    if not present:
        return None
    lex = _lexicon()
    for pattern in _anniversary_patterns():
        for match in pattern.finditer(text, max(0, sentence.start), min(len(text), sentence.end)):
            years = _anniversary_years(match, lex)
            back = _back_reference().match(text, match.end()) is not None
            span = DateMention(match.start("core"), match.end("core"), match.group("core"), sentence.index, None)
            base = _anniversary_base(back, span, mentions, years or 0, present[0])
            if years and base is not None and base.value is not None:
                return _anniversary_date(years, base.value, present[0])
    return None


def _is_present(mention: DateMention) -> bool:
    rule = mention.rule if isinstance(mention, RuledDateMention) else None
    return (
        rule is not None
        and rule.anchor == "article"
        and rule.offset == 0
        and rule.month is None
        and not rule.toward
        and not rule.restate
    )


def _restated_count(sentence: Sentence, mentions: Sequence[DateMention]) -> DateValue | None:
    """ "قبل خمسين عاما بالتمام، وتحديدا في 20 تموز/يوليو 1969": the article date is the date moved by
    the count, as precise as the date when the count is exact ("بالتمام"), else to the year."""
    for mention in mentions:
        rule = mention.rule if isinstance(mention, RuledDateMention) else None
        if mention.sentence != sentence.index or rule is None or rule.restate not in ("exact", "link", "back", "when"):
            continue
        if rule.anchor != "article":  # "بعد 19 عاما، حين …" counts from another date, not the present
            continue
        target = _restating(mention, rule, mentions)
        if target is None or target.value is None:
            continue
        precision: Precision = target.value.precision if rule.restate == "exact" else "year"
        if rule.unit == "year":  # a count of years keeps the date's month and day
            value = _years_later(target.value, -rule.offset, precision)
        else:
            shifted = _shift(replace(target.value, precision=precision), rule.unit, -rule.offset)
            value = shifted[0] if shifted is not None else None
        if value is None:
            continue
        exact = "an exact count" if rule.restate == "exact" else "the count to the year"
        how = f"inferred: '{mention.text}' restated as {target.value.value} ({exact}): {rule.gloss} the article date"
        return DateValue(value, precision, how, inferred=True)
    return None


def _current_month(text: str, sentences: Sequence[Sentence], mentions: Sequence[DateMention]) -> DateValue | None:
    """ "هبطت المركبة يوم ٢ يونيو الجاري": June is the article's month; the year is that of the date
    stated before it (the story's), else the latest year the article states."""
    ordered = sorted(mentions, key=lambda m: m.start)
    for i, mention in enumerate(ordered):
        rule = mention.rule if isinstance(mention, RuledDateMention) else None
        if rule is None or rule.toward != "current" or rule.month is None:
            continue
        before = next((m for m in reversed(ordered[:i]) if _stated(m)), None)
        if before is not None:
            year, source = _year_of(before), f"the date stated before it ({before.value.value if before.value else ''})"
        else:
            latest = _latest_year(text, sentences, mentions)
            if latest is None:
                return None
            year, source = _parse(latest)[0], "the latest year the article states"
        how = (
            f"inferred: '{mention.text}' makes {calendar.month_name[rule.month]} the article's month; "
            f"year {year} from {source}"
        )
        return DateValue(f"{year:04d}-{rule.month:02d}", "month", how, inferred=True)
    return None


def _year_end(text: str, sentences: Sequence[Sentence], mentions: Sequence[DateMention]) -> DateValue | None:
    """ "مع اقتراب عام 2011 من نهايته", "ونحن نودع عام 2019", "حصاد عام 2008": a year told as ending, in a
    sentence that is no plan, is the article's, and its last month: December of that year (inferred, to the
    month). Not when the article states a later year outside plans: then the story is told after it."""
    planned = _planned(text, sentences)
    pattern = _year_end_re()
    for sentence in sentences:
        if sentence.index in planned:
            continue
        found = pattern.search(text, max(0, sentence.start), min(sentence.end, len(text)))
        if found is None:
            continue
        year = int(found.group("year"))  # int() reads Arabic-Indic digits too
        latest = _latest_year(text, sentences, mentions, check_weekdays=False)
        if not 1000 <= year <= 9999 or (latest is not None and _parse(latest)[0] > year):
            return None
        how = f"inferred: '{found.group().strip()}' (sentence {sentence.index}) tells the year as ending: its December"
        return DateValue(f"{year:04d}-12", "month", how, inferred=True)
    return None


@cache
def _year_end_re() -> re.Pattern[str]:
    w = _lexicon().words
    return re.compile(
        rf"{_L}(?:[وف]{_M})?{_alt(w['year_end'])}\s+(?:{_alt(w['year_end_noun'])}\s+)?"
        rf"(?:{_alt(w['year_marker'])}\s+)?(?P<year>[0-9\u0660-\u0669]{{4}}){_R}"
    )


def _anniversary_years(match: re.Match[str], lex: _Lexicon) -> int | None:
    groups = match.groupdict()
    if groups.get("n"):
        digits = "".join(ch for ch in groups["n"] if ch.isdecimal())
        if digits:
            return int(digits)
        head = groups["n"].split()[0]  # "الستين وأرسلت": the ordinal alone
        return lex.ordinal(groups["n"]) or lex.ordinal(head)
    if groups.get("num"):
        return lex.number(groups["num"])
    found = lex.unit_of(groups.get("unit") or "")
    return found[1] if found else None


def _apposed_today(mentions: Sequence[DateMention]) -> DateValue | None:
    """ "اليوم الأربعاء 14 جمادى الآخرة 1445هـ": a day told as today or yesterday, its date stated right
    after it as a mention of its own (a Hijri date, or a date and its Gregorian equivalent), on the
    weekday named when one is."""
    ordered = sorted(mentions, key=lambda m: m.start)
    for mention, after in itertools.pairwise(ordered):
        rule = mention.rule if isinstance(mention, RuledDateMention) else None
        told = rule is not None and rule.anchor == "article" and rule.unit == "day" and not rule.toward
        if not told or rule is None or rule.month is not None or not 0 <= after.start - mention.end <= 3:
            continue
        if not _stated(after) or after.value is None or after.value.precision != "day":
            continue
        day = dt.date(*_parse(after.value))
        if rule.weekday is not None and day.weekday() != rule.weekday:
            continue
        today = day - dt.timedelta(days=rule.offset)
        how = f"inferred: '{mention.text}' (sentence {mention.sentence}) is {after.value.value}, stated after it"
        return DateValue(today.isoformat(), "day", how, inferred=True)
    return None


_APPOSED = 12
"""Characters that may part a date from the day it restates ("اليوم الأربعاء 14 …، الموافق 27 ديسمبر")."""


def _anniversary_base(
    back: bool,
    at: DateMention,
    mentions: Sequence[DateMention],
    years: int,
    present: DateMention | None,
    after_only: bool = False,
) -> DateMention | None:
    """The dated event of an anniversary written at `at`: for "لهذا الحدث" (`back`) one told before;
    else the date stated after it in its sentence, else (unless `after_only`) the one before it there,
    else the first in the next sentence."""
    stated = [m for m in mentions if _stated(m)]
    if present is not None:  # "تحل اليوم الأربعاء 14 جمادى الآخرة 1445هـ، الموافق 27 ديسمبر، الذكرى …": today's date
        today, end = set(), present.end
        for m in sorted(stated, key=lambda m: m.start):
            if 0 <= m.start - end <= _APPOSED:
                today.add(id(m))
                end = m.end
        stated = [m for m in stated if id(m) not in today]
    if back:
        return _referred_event(at, stated, years, present)
    after = [m for m in stated if m.sentence == at.sentence and m.start >= at.end]
    before = [m for m in stated if m.sentence == at.sentence and m.end <= at.start]
    following = [m for m in stated if m.sentence == at.sentence + 1]
    for group in (after,) if after_only else (after, before[::-1], following):
        if group:
            return group[0]
    return None


@cache
def _back_reference() -> re.Pattern[str]:
    """ "الذكرى الخمسين لهذا الحدث", "… لتلك المناسبة": the event is one told before."""
    return re.compile(rf"\s+(?:ل{_M})?{_alt(_lexicon().words['back_reference'])}\s")


def _referred_event(
    at: DateMention, stated: list[DateMention], years: int, present: DateMention | None
) -> DateMention | None:
    """The event "this event" refers to: the one dated before whose anniversary falls on the weekday the
    sentence names ("اليوم السبت"), else the date stated last before (this or the previous sentence),
    else the article's first date."""
    before = [m for m in stated if m.end <= at.start]
    rule = present.rule if isinstance(present, RuledDateMention) else None
    if rule is not None and rule.weekday is not None:
        for m in reversed(before):
            value = m.value
            if value is None or value.precision != "day":
                continue
            moved = _years_later(value, years, "day")
            if moved is not None and _weekday_number(moved) == rule.weekday:
                return m
    close = [m for m in before if at.sentence - m.sentence <= 1]
    if close:
        return close[-1]
    return before[0] if before else None


def _anniversary_date(years: int, base: DateValue, present: DateMention) -> DateValue:
    rule = present.rule if isinstance(present, RuledDateMention) else None
    unit: Unit = rule.unit if rule else "year"
    precision = _BY_RANK[min(_RANK[base.precision], _RANK[_CAP[unit]])]
    year, month, day = _parse(base)
    day = min(day, 28) if month == 2 else day
    value = _format(year + years, month, day, precision)
    name = rule.gloss if rule else "this year"
    how = f"inferred: {name} is the {_ordinal_en(years)} anniversary of {base.value}"
    return DateValue(value, precision, how, inferred=True)


def _ordinal_en(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def anniversary_years(ordinal: str) -> int | None:
    """The number an anniversary ordinal names: "الستين" 60, "الخامسة والعشرين" 25, "الـ50" 50.

    >>> anniversary_years("الستين"), anniversary_years("الخامسة والعشرين"), anniversary_years("الـ٥٠")
    (60, 25, 50)
    """
    digits = "".join(ch for ch in ordinal if ch.isdecimal())
    return int(digits) if digits else _lexicon().ordinal(ordinal)


def anniversary_of(ordinal: str, base: DateValue) -> DateValue | None:
    """When the `ordinal` anniversary of an event dated `base` falls, as precise as `base` (the same
    arithmetic as the article-date rule, `infer_article_date`).

    >>> anniversary_of("الخمسين", DateValue("1969-07-20", "day", "explicit day, month and year"))
    DateValue(value='2019-07-20', precision='day', how='the 50th anniversary of 1969-07-20', inferred=False, \
deadline=False)
    """
    years = anniversary_years(ordinal)
    year, month, day = _parse(base)
    if not years or not 1 <= year + years <= 9999:
        return None
    day = min(day, 28) if month == 2 else day
    value = _format(year + years, month, day, base.precision)
    how = f"the {_ordinal_en(years)} anniversary of {base.value}"
    return DateValue(value, base.precision, how, base.inferred)


def _planned(text: str, sentences: Sequence[Sentence]) -> set[int]:
    """The sentences with a future cue ("المقرر", "بحلول")."""
    return {s.index for s in sentences if _has_future(text, max(0, s.start), min(len(text), s.end))}


def _plan_clause(text: str, start: int, end: int, at: int) -> tuple[int, int]:
    """The part of text[start:end] around `at` between contrast words ("وكان الإطلاق مقررا يوم السبت،
    غير أن ناسا أرجأته … رحلة كرو-2 المقبلة": the plan after "غير أن" is not the Saturday's)."""
    for found in _plan_break_re().finditer(text, start, end):
        if found.start() <= at:
            start = found.end()
        else:
            return start, found.start()
    return start, end


@cache
def _plan_break_re() -> re.Pattern[str]:
    return re.compile(rf"{_L}(?:[وف]{_M})?{_alt(_lexicon().words['plan_breaks'])}{_R}")


def _has_future(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] has a future cue not put in the past by "كان" before it ("وكان الإطلاق
    مقررا يوم السبت", "كان من المقرر": a plan told as past, so its weekday is behind the article's day).

    >>> _has_future("ومن المقرر أن ينطلق يوم السبت", 0, 30), _has_future("وكان الإطلاق مقررا يوم السبت", 0, 29)
    (True, False)
    """
    past = _folded(_lexicon().words["pluperfect_aux"])
    for cue in _future_re().finditer(text, start, end):
        before = fold(text[max(start, cue.start() - 30) : cue.start()]).split()[-3:]
        if not any(word in past for word in before):
            return True
    return False


def _latest_year(
    text: str, sentences: Sequence[Sentence], mentions: Sequence[DateMention], check_weekdays: bool = True
) -> DateValue | None:
    planned = _planned(text, sentences)
    usable = {s.index for s in sentences}
    told = [*(m for m in mentions if _stated(m)), *_derived(mentions)]
    years = [m for m in told if m.sentence in usable and m.sentence not in planned]
    if not years:
        return None
    m = max(years, key=lambda m: (_year_of(m), -m.start))
    year = _year_of(m)
    if check_weekdays and _weekday_disagrees(year, mentions):
        return None
    source = f"'{m.text}', {m.value.how}" if isinstance(m, RuledDateMention) and m.value else f"sentence {m.sentence}"
    how = f"inferred: latest year mentioned ({year}, {source}); no anniversary rule applied"
    return DateValue(f"{year:04d}", "year", how, inferred=True)


def _derived(mentions: Sequence[DateMention]) -> list[DateMention]:
    """Dates the text gives by counting from a date it states ("بعد يوم واحد من الذكرى التاسعة عشرة
    للحريق … في 27 يناير 1967"): resolved with no article date, so from the text alone."""
    return [
        m
        for m in resolve_dates(mentions, None)
        if isinstance(m, RuledDateMention) and m.value is not None and not m.value.deadline and m.kind != "duration"
    ]


def _weekday_disagrees(year: int, mentions: Sequence[DateMention]) -> bool:
    """Whether a day and month told with its weekday and no year ("يوم الثلاثاء 20 يوليو"), with no
    dated story before it to take its year from, falls on another weekday in `year`: then the latest
    year mentioned is not the article's, and the article's date is left unknown rather than guessed.

    >>> t = "انطلق بيزوس يوم الثلاثاء 20 يوليو على متن مركبة شركته التي أسسها عام 2000."
    >>> _weekday_disagrees(2000, find_dates(t, [])), _weekday_disagrees(2021, find_dates(t, []))
    (True, False)
    """
    for mention in mentions:
        rule = mention.rule if isinstance(mention, RuledDateMention) else None
        if rule is None or rule.weekday is None or rule.month is None or rule.day is None:
            continue
        told_before = any(
            _stated(o) and o.start < mention.start and mention.sentence - 3 <= o.sentence for o in mentions
        )
        if told_before or rule.day > calendar.monthrange(year, rule.month)[1]:
            continue
        if calendar.weekday(year, rule.month, rule.day) != rule.weekday:
            return True
    return False


def extract_dates(
    text: str, sentences: Sequence[Sentence], published: DateValue | None = None
) -> tuple[list[DateMention], DateValue | None]:
    """Find, date and resolve: the article's date is `published` when given, else inferred.

    An anniversary ("الذكرى التاسعة عشرة للحريق … في 27 يناير 1967") is returned dated (the held-out
    gold annotates it as the anniversary day), and a count can start from it ("بعد يوم واحد من الذكرى …").
    The coded sentence keeps its words, not a date slot (`is_anniversary`, `kg.extract.coded.encode`).

    Returns:
        The resolved mentions and the article date used (None when nothing dates the article).
    """
    mentions = find_dates(text, sentences)
    article = published if published is not None else infer_article_date(text, sentences, mentions)
    return resolve_dates(mentions, article), article


def counted_from(mention: DateMention) -> DateValue | None:
    """The date of the event an exact count is told from: "بعد 38 عاما من صعود …" in a story of 2023
    dates that ascent 1985; None for a vague count ("بعد أكثر من 42 عاما") or any other date.

    >>> t = "وتأتي الرحلة بعد 38 عاما من صعود الأمير."
    >>> [m := resolve_dates(find_dates(t, []), DateValue("2023-05-22", "day"))[0]][0].value.value
    '2023'
    >>> counted_from(m).value
    '1985'
    """
    rule = getattr(mention, "rule", None)
    if not isinstance(rule, DateRule) or mention.value is None or rule.bound or rule.restate:
        return None
    if rule.month is not None or rule.weekday is not None:
        return None
    back = rule.told if rule.anchor == "lead" else rule.offset
    if not back:
        return None
    shifted = _shift(mention.value, rule.unit, -back)
    if shifted is None:
        return None
    value, precision = shifted
    how = f"the event '{mention.text}' counts from, counted back from {mention.value.value}"
    return DateValue(value, precision, how, mention.value.inferred, False)


def is_anniversary(mention: DateMention) -> bool:
    """Whether `mention` is an anniversary ("الذكرى الخمسين"), dated from the event it celebrates.

    >>> text = "تحيي الوكالة الذكرى الخامسة عشرة لهبوط المسبار على تيتان في 14 يناير 2005."
    >>> found, _ = extract_dates(text, [Sentence(0, 0, len(text), text)])
    >>> [(m.text, m.value.value if m.value else None, is_anniversary(m)) for m in found]
    [('الذكرى الخامسة عشرة', '2020-01-14', True), ('14 يناير 2005', '2005-01-14', False)]
    """
    rule = mention.rule if isinstance(mention, RuledDateMention) else None
    return rule is not None and rule.anchor in ("anniversary", "referred")
