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

import calendar
import datetime as dt
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal

from kg.model import DateMention, DateValue, Precision, Sentence
from kg.paths import ARABIC_DIR

Unit = Literal["year", "month", "week", "day"]
Anchor = Literal["article", "previous", "explicit", "near", "following"]
Bound = Literal["", "more", "less", "about"]
Kind = Literal["absolute", "relative", "deadline", "duration"]

__all__ = [
    "DateRule",
    "RuledDateMention",
    "anniversary_of",
    "anniversary_years",
    "extract_dates",
    "find_dates",
    "infer_article_date",
    "resolve_dates",
]


@dataclass(frozen=True, slots=True)
class DateRule:
    """How to compute a mention's date from an anchor, for what the text does not state outright.

    `anchor` is what the expression counts from: "article" (the article's date), "previous" (the
    last dated mention, for "بعد ذلك"), "explicit" (the last date stated outright, for "بعد شهر من
    روسيا"), "near" (the last dated mention in this or the previous sentence, else a date stated later
    in the sentence, else the article) or
    "following" (the next stated date, for "بعد شهر من أبريل 1961"). "منذ 40 عامًا" and "قبل 50
    عامًا" count back from the article. `offset` counts `unit`s forward (negative: back).
    `month` and `day` are parts the text fixes ("الأول من أكتوبر": 10 and 1, in the anchor's year).
    `bound` marks vague amounts: "more" (أكثر من), "less" (أقل من), "about" (نحو).
    """

    anchor: Anchor
    unit: Unit
    offset: int = 0
    month: int | None = None
    day: int | None = None
    bound: Bound = ""
    gloss: str = ""
    toward: Literal["", "next", "last"] = ""


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

    def unit_of(self, form: str) -> tuple[_UnitWords, int] | None:
        """The unit a matched form belongs to and the count the form itself implies (0: none)."""
        key = fold(form)
        for unit in self.units:
            for count, forms in ((1, unit.one), (2, unit.two), (0, unit.many)):
                if key in {fold(f) for f in forms}:
                    return unit, count
        return None

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
    ordinal: str
    quantity: str


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
        rf"|(?P<unit1>{_alt([f for u in lex.units for f in (*u.one, *u.two)])}))"
    )
    return _Parts(
        month=rf"(?P<month>{month_alt})(?:\s*[/(]\s*{month_alt}\s*\)?)?",
        month_alt=month_alt,
        day=rf"(?P<day>(?<!\d)\d{{1,2}}(?!\d)|{_ordinal_alt(lex, 31, days=True)})",
        year4=rf"(?P<year>(?<!\d)\d{{4}}(?!\d)){suffix}",
        year=rf"(?P<year>(?<!\d)\d{{3,4}}(?!\d)){suffix}",
        marker=_alt(words["year_marker"]),
        deadline=rf"(?:(?P<dl>{_alt(words['deadline'])})\s+)?",
        ordinal=rf"(?:{_ordinal_alt(lex, 100)}|ال{_M}\s?(?<!\d)\d{{1,3}}(?!\d))",
        quantity=quantity,
    )


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
    return (
        _Form(
            "day-month-year",
            _compile(rf"{p.deadline}{p.day}\s+{link}{p.month}(?:\s*[،,]?\s*(?:{of}\s+)?(?:{p.marker}\s+)?{p.year})?"),
            _day_month,
            months,
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
                rf"{p.deadline}(?:(?P<prep>{_alt([*w['year_prep'], *w['bare_year_prep']])})\s+)?{p.year4}"
                rf"(?!\s+{_alt(units)}{_R})"
            ),
            _bare_year,
            digit,
        ),
        _Form(
            "month",
            _compile(
                rf"{p.deadline}{p.month}(?!\s*\d)"
                rf"(?:\s+(?:(?P<next>{_alt(w['month_next'])})|(?P<last>{_alt(w['month_last'])}))(?![\w]))?",
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
    ref = (
        rf"(?:\s+{_alt(w['of'])}\s+(?:(?=(?:{p.month_alt}|{p.marker}\s+)?\d|{p.month_alt})"
        rf"|(?P<ref>[^\s\d،,.؛;:!?؟()\"«»]+)))?"
    )
    return rf"{direction}{that}\s+{bound}(?:ب{_M})?{p.quantity}{_R}(?!\s*\d){ref}"


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
    if day is None or month is None or not 1 <= day <= 31:
        return None
    if match.group("year") is None:
        gloss = "month and day stated; year from the article date"
        rule = DateRule("article", "year", 0, month, day, gloss=gloss)
        return _deadline(match, _Found("absolute", rule=rule))
    return _deadline(match, _Found("absolute", _ymd(int(match.group("year")), month, day)))


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
    if not 1800 <= year <= 2199 or not (context or closed):
        return None
    return _deadline(match, _Found("absolute", DateValue(f"{year:04d}", "year", "explicit year")))


def _month_alone(match: re.Match[str], lex: _Lexicon) -> _Found | None:
    month = lex.months.get(fold(match.group("month")))
    toward: Literal["", "next", "last"] = "next" if match.group("next") else "last" if match.group("last") else ""
    if month is None or not (match.group("ctx") or match.group("dl") or toward):
        return None
    if toward:
        gloss = f"the {toward} {calendar.month_name[month]} from the article date"
        rule = DateRule("article", "year", 0, month, gloss=gloss, toward=toward)
        return _deadline(match, _Found("relative", rule=rule))
    gloss = "month stated; year from the article date"
    return _deadline(match, _Found("absolute", rule=DateRule("article", "year", 0, month, gloss=gloss)))


def _relative_article(match: re.Match[str], lex: _Lexicon) -> _Found | None:
    key = fold(match.group("rel"))
    entry = next((r for r in lex.relatives if key in {fold(f) for f in r.forms}), None)
    if entry is None or _guarded(match, entry):
        return None
    rule = DateRule("article", entry.unit, entry.offset, gloss=entry.name)
    return _deadline(match, _Found("relative", rule=rule))


def _guarded(match: re.Match[str], entry: _Relative) -> bool:
    """True when the words around cancel the reading ("ذلك اليوم", "اليوم العالمي")."""
    start, end = match.span("core")
    before = fold(match.string[max(0, start - 12) : start]).split()
    after = fold(match.string[end : end + 12]).split()
    if before and before[-1] in {fold(f) for f in entry.not_after}:
        return True
    return bool(after) and any(after[0].startswith(fold(p)) for p in entry.not_before)


def _offset(match: re.Match[str], lex: _Lexicon) -> _Found | None:
    w = lex.words
    unit_text = match.group("unit") or match.group("unit1")
    found = lex.unit_of(unit_text)
    count = lex.number(match.group("num")) if match.group("num") else found[1] if found else 0
    if found is None or not count:
        return None
    unit, _ = found
    direction = fold(match.group("dir"))
    sign = 1 if direction in {fold(f) for f in w["after"]} else -1
    anchor, kind = _offset_anchor(match, lex, direction)
    bound = _bound(match.group("bound"), w)
    amount = count * unit.factor
    gloss = _gloss(amount, unit.base, sign, bound)
    return _Found(kind, rule=DateRule(anchor, unit.base, sign * amount, bound=bound, gloss=gloss))


def _offset_anchor(match: re.Match[str], lex: _Lexicon, direction: str) -> tuple[Anchor, Kind]:
    w = {k: {fold(f) for f in v} for k, v in lex.words.items()}
    ref = fold(match.group("ref") or "")
    if match.group("that") or match.group("suffix") or ref in w["of_that"]:
        return "previous", "relative"
    if ref in w["of_now"]:
        return "article", "relative"
    if ref and ref not in w["of_filler"]:
        return "explicit", "relative"
    if _of_date(match):
        return "following", "relative"
    if direction in w["since"] or direction in w["before"]:
        return "article", "duration"
    return "near", "relative"


def _of_date(match: re.Match[str]) -> bool:
    """True when "من" and a stated date follow the expression ("بعد شهر من أبريل 1961")."""
    return re.match(r"\s+من\s", match.string[match.end() : match.end() + 8]) is not None


_BOUNDS: dict[str, Bound] = {"more_than": "more", "less_than": "less", "about": "about"}


def _bound(text: str | None, words: dict[str, tuple[str, ...]]) -> Bound:
    key = fold(text or "")
    for name, bound in _BOUNDS.items():
        if key and key in {fold(f) for f in words[name]}:
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
    return _longest_first(found)


def _in_sentence(text: str, sentence: Sentence) -> list[DateMention]:
    start, end = max(0, sentence.start), min(len(text), sentence.end)
    lex = _lexicon()
    mentions: list[DateMention] = []
    span = text[start:end]
    folded = fold(span)
    digits = _HAS_DIGIT.search(span) is not None
    for form in _forms():
        if not _may_match(form, folded, digits):
            continue
        for match in form.regex.finditer(text, start, end):
            found = form.handle(match, lex)
            if found is not None:
                mentions.append(_mention(match, sentence.index, found))
    return mentions


def _mention(match: re.Match[str], sentence: int, found: _Found) -> DateMention:
    start, end = match.span("core")
    surface = match.string[start:end]
    if found.rule is None:
        return DateMention(start, end, surface, sentence, found.value, found.kind)
    return RuledDateMention(start, end, surface, sentence, found.value, found.kind, found.rule)


def _longest_first(mentions: list[DateMention]) -> list[DateMention]:
    kept: list[DateMention] = []
    for m in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        if all(m.end <= k.start or k.end <= m.start for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


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

    >>> from kg.model import Sentence
    >>> t = "هبطت المركبة الأسبوع الماضي."
    >>> [m.value.value for m in resolve_dates(find_dates(t, []), DateValue("2021-03-10", "day"))]
    ['2021-03']
    """
    done: list[DateMention] = []
    ordered = sorted(mentions, key=lambda m: m.start)
    for mention in ordered:
        rule = mention.rule if isinstance(mention, RuledDateMention) else None
        if mention.value is not None or rule is None:
            done.append(mention)
            continue
        anchor = _anchor(mention, rule, done, ordered, article_date)
        value = None if anchor is None else _apply(mention, rule, anchor, ordered)
        done.append(replace(mention, value=value))
    return done


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
    if rule.anchor == "previous":
        pick = next((m for m in reversed(before) if m.value), None)
    elif rule.anchor == "explicit":
        pick = next((m for m in reversed(before) if _stated(m)), None)
    elif rule.anchor == "following":
        pick = next((m for m in everything if m.start >= mention.end and _stated(m)), None)
    elif rule.anchor == "near":
        close = (m for m in reversed(before) if m.value and 0 <= mention.sentence - m.sentence <= 1)
        later = (m for m in everything if m.start >= mention.end and m.sentence == mention.sentence)
        pick = next(close, None) or next((m for m in later if _stated(m)), None)
    if pick is not None and pick.value is not None:
        return _AnchorValue(pick.value, f"{pick.value.value} (sentence {pick.sentence})")
    if rule.anchor in ("article", "near") and article is not None:
        return _AnchorValue(article, f"the article date ({article.value})")
    return None


def _stated(mention: DateMention) -> bool:
    """A date the text states outright (not computed from an anchor, not a deadline)."""
    ruled = isinstance(mention, RuledDateMention)
    return mention.value is not None and mention.kind == "absolute" and not ruled


def _apply(
    mention: DateMention, rule: DateRule, anchor: _AnchorValue, everything: list[DateMention]
) -> DateValue | None:
    inferred = anchor.value.inferred
    deadline = mention.kind == "deadline"
    if rule.month is not None:
        year, month, _ = _parse(anchor.value)
        gloss = f"{rule.gloss} ({year})"
        if rule.toward and _RANK[anchor.value.precision] >= _RANK["month"]:
            if rule.toward == "next" and rule.month <= month:
                year += 1
            elif rule.toward == "last" and rule.month >= month:
                year -= 1
            gloss = f"{rule.gloss} ({anchor.value.value})"
        elif rule.toward:  # a year alone cannot tell whether the month is still to come this year
            gloss = f"{rule.gloss} ({anchor.value.value}); the anchor has no month, so its year is assumed"
            inferred = True
        fixed = _ymd(year, rule.month, rule.day, gloss)
        return replace(fixed, inferred=inferred, deadline=deadline)
    if rule.bound in ("more", "less") and rule.unit == "year":
        bounded = _bounded(rule, anchor, everything)
        return None if bounded is None else replace(bounded, deadline=deadline)
    shifted = _shift(anchor.value, rule.unit, rule.offset)
    if shifted is None:
        return None
    value, precision = shifted
    joint = " " if rule.gloss.endswith(("after", "before")) else ", counted from "
    how = f"relative: {rule.gloss}{joint}{anchor.label}"
    if _RANK[precision] < _RANK[_CAP[rule.unit]]:
        how += f"; {precision} precision, as precise as the anchor"
    return DateValue(value, precision, how, inferred, deadline)


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


def _bounded(rule: DateRule, anchor: _AnchorValue, everything: list[DateMention]) -> DateValue | None:
    """ "منذ أكثر من 40 عامًا": the bound year, or a stated year that satisfies it (within 10 years)."""
    bound = _parse(anchor.value)[0] + rule.offset
    if not 1 <= bound <= 9999:
        return None
    earlier = (rule.offset < 0) == (rule.bound == "more")
    stated = f"{rule.gloss} {anchor.label} means {bound} {'or earlier' if earlier else 'or later'}"
    back = rule.offset < 0 and rule.bound == "more"
    candidates = [m for m in everything if back and _stated(m) and bound - 10 <= _year_of(m) <= bound]
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
    p = _parts(lex)
    w = lex.words
    filler = rf"(?:\s+{_alt(w['anniversary_filler'])})?"
    ordinal = _compile(rf"{_alt(w['anniversary'])}{filler}\s+(?P<n>{p.ordinal})")
    years = [f for u in lex.units if u.base == "year" and u.factor == 1 for f in (*u.one, *u.two, *u.many)]
    number = rf"(?:(?<!\d)\d{{1,3}}(?!\d)|{_alt(list(lex.cardinals))})"
    elapsed = _compile(
        rf"{_alt(w['elapsed'])}\s+(?:(?P<num>{number})\s+)?(?P<unit>{_alt(years)})\s+{_alt(w['elapsed_on'])}"
    )
    return ordinal, elapsed


def infer_article_date(text: str, sentences: Sequence[Sentence], mentions: Sequence[DateMention]) -> DateValue | None:
    """The article's date from its own words, for when no metadata gives it.

    First the anniversary rule: "this year / today / this week … the Nth anniversary of <date>"
    dates the article N years after <date>. Else the latest year the article states outside plans
    (sentences with future cues such as "المقرر" or "بحلول"), at year precision and a weaker `how`.

    >>> t = "تحتفل روسيا هذا العام بالذكرى الستين لرحلة جاجارين في أبريل 1961."
    >>> infer_article_date(t, [], find_dates(t, []))
    DateValue(value='2021', precision='year', how='inferred: this year is the 60th anniversary of 1961-04', \
inferred=True, deadline=False)
    """
    spans = [s for s in (sentences or [Sentence(0, 0, len(text), text)]) if not s.boilerplate]
    for sentence in spans:
        found = _anniversary(text, sentence, mentions)
        if found is not None:
            return found
    return _latest_year(text, spans, mentions)


def _anniversary(text: str, sentence: Sentence, mentions: Sequence[DateMention]) -> DateValue | None:
    present = [m for m in mentions if m.sentence == sentence.index and _is_present(m)]
    if not present:
        return None
    lex = _lexicon()
    for pattern in _anniversary_patterns():
        for match in pattern.finditer(text, max(0, sentence.start), min(len(text), sentence.end)):
            years = _anniversary_years(match, lex)
            base = _anniversary_base(match, sentence, mentions)
            if years and base is not None and base.value is not None:
                return _anniversary_date(years, base.value, present[0])
    return None


def _is_present(mention: DateMention) -> bool:
    rule = mention.rule if isinstance(mention, RuledDateMention) else None
    return rule is not None and rule.anchor == "article" and rule.offset == 0 and rule.month is None


def _anniversary_years(match: re.Match[str], lex: _Lexicon) -> int | None:
    groups = match.groupdict()
    if groups.get("n"):
        digits = "".join(ch for ch in groups["n"] if ch.isdecimal())
        return int(digits) if digits else lex.ordinal(groups["n"])
    if groups.get("num"):
        return lex.number(groups["num"])
    found = lex.unit_of(groups.get("unit") or "")
    return found[1] if found else None


def _anniversary_base(match: re.Match[str], sentence: Sentence, mentions: Sequence[DateMention]) -> DateMention | None:
    stated = [m for m in mentions if _stated(m)]
    after = [m for m in stated if m.sentence == sentence.index and m.start >= match.end()]
    before = [m for m in stated if m.sentence == sentence.index and m.end <= match.start()]
    following = [m for m in stated if m.sentence == sentence.index + 1]
    for group in (after, before[::-1], following):
        if group:
            return group[0]
    return None


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


def _latest_year(text: str, sentences: Sequence[Sentence], mentions: Sequence[DateMention]) -> DateValue | None:
    lex = _lexicon()
    future = re.compile(rf"{_L}(?:[وف]{_M})?{_alt(lex.words['future_cues'])}{_R}")
    planned = {s.index for s in sentences if future.search(text, max(0, s.start), min(len(text), s.end))}
    usable = [s.index for s in sentences]
    years = [m for m in mentions if _stated(m) and m.sentence in usable and m.sentence not in planned]
    if not years:
        return None
    m = max(years, key=lambda m: (_year_of(m), -m.start))
    year = _year_of(m)
    how = f"inferred: latest year mentioned ({year}, sentence {m.sentence}); no anniversary rule applied"
    return DateValue(f"{year:04d}", "year", how, inferred=True)


def extract_dates(
    text: str, sentences: Sequence[Sentence], published: DateValue | None = None
) -> tuple[list[DateMention], DateValue | None]:
    """Find, date and resolve: the article's date is `published` when given, else inferred.

    Returns:
        The resolved mentions and the article date used (None when nothing dates the article).
    """
    mentions = find_dates(text, sentences)
    article = published if published is not None else infer_article_date(text, sentences, mentions)
    return resolve_dates(mentions, article), article
