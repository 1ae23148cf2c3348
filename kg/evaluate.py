"""Scoring the extractor against a gold annotation in the format of `seed-gold.json`.

A gold entity is found at a whole-word occurrence of one of its surfaces (proclitics and attached
pronouns aside: "لناسا" is ناسا, "كانافيرال" is not كان), by a mention of its lexicon entity (found
by Wikidata QID, else English label) or, when the lexicon lacks it, by a mention covering the
occurrence (not one of something nested in it: the agency in "مسؤول في وكالة الفضاء"); see
`_match_entities`. Dates are matched by overlapping span and ISO value; relations by subject, mapped
predicate and object (dates by value; free-text objects such as what someone said by subject and
predicate only).

Two kinds of claims are set aside (listed in `unscored`, counted neither right nor wrong), because the
gold cannot judge them: claims about an entity the article implies but never names (the gold lists
those under `hard_spots.implied_entities`, not among its entities or relations; spacekg mints them
without a mention, e.g. the previous lander of "the first Russian lander since 1976"), and claims
whose predicate no gold predicate maps to (`data/gold-predicates.tsv`), such as `celebratesAnniversary`.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg import iris
from kg.articles import read_article
from kg.errors import InputError
from kg.extract.pipeline import extract
from kg.lexicon import Lexicon
from kg.model import Claim, DateValue, Extraction, Mention
from kg.paths import ARTICLES_DIR, DATA
from kg.text import wordlists

PREDICATES_FILE = DATA / "gold-predicates.tsv"


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1 with the counts behind them."""

    name: str
    true_positives: int
    predicted: int
    gold: int
    gold_found: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Evaluation:
    scores: list[Score] = field(default_factory=list)
    modality_agreement: tuple[int, int] = (0, 0)
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    date_notes: list[str] = field(default_factory=list)
    unscored: list[str] = field(default_factory=list)
    by_predicate: dict[str, Score] = field(default_factory=dict)
    """Relation scores per predicate (the ontology's local name), for `spacekg eval --by-predicate`."""

    def as_dict(self) -> dict[str, object]:
        return {
            "scores": {
                s.name: {
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                    "tp": s.true_positives,
                    "predicted": s.predicted,
                    "gold": s.gold,
                }
                for s in self.scores
            },
            "by_predicate": {
                name: {
                    "precision": round(p.precision, 4),
                    "recall": round(p.recall, 4),
                    "f1": round(p.f1, 4),
                    "tp": p.true_positives,
                    "predicted": p.predicted,
                    "gold": p.gold,
                }
                for name, p in sorted(self.by_predicate.items())
            },
            "modality_agreement": list(self.modality_agreement),
            "missed": self.missed,
            "spurious": self.spurious,
            "date_notes": self.date_notes,
            "unscored": self.unscored,
        }


def _predicate_map() -> dict[str, tuple[str, str, str]]:
    table: dict[str, tuple[str, str, str]] = {}
    for line in PREDICATES_FILE.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            gold, ours, kind, direction = line.split("\t")[:4]
            table[gold] = (ours, kind, direction)
    return table


def load_gold(path: Path) -> dict[str, object]:
    try:
        gold = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: cannot read gold file: {exc}") from None
    except RecursionError:
        raise InputError(f"{path}: cannot read gold file: JSON nested too deeply") from None
    if not isinstance(gold, dict) or not {"entities", "relations"} <= set(gold):
        raise InputError(f"{path}: not a gold file (needs 'entities' and 'relations')")
    problem = _shape_problem(gold)
    if problem:
        raise InputError(f"{path}: not a gold file: {problem}")
    return gold


# The fields each item of a gold file's lists must carry, as strings (surfaces: a list of strings).
_NEEDS = {
    "entities": ("key", "label_en"),
    "dates": ("surface", "value"),
    "relations": ("subject", "predicate", "object"),
}


def _shape_problem(gold: dict[str, object]) -> str | None:
    """What is wrong with the shape of a gold file's lists, or None."""
    if not isinstance(gold.get("article", ""), str):
        return "'article' is not a text"
    for name, fields in _NEEDS.items():
        items = gold.get(name, [])
        if not isinstance(items, list):
            return f"'{name}' is not a list"
        for n, item in enumerate(items):
            if not isinstance(item, dict):
                return f"{name}[{n}] is not an object"
            missing = [f for f in fields if not isinstance(item.get(f), str)]
            if missing:
                return f"{name}[{n}] lacks a text '{missing[0]}'"
            surfaces = item.get("surfaces", [])
            if name == "entities" and not (isinstance(surfaces, list) and all(isinstance(x, str) for x in surfaces)):
                return f"{name}[{n}] has 'surfaces' that is not a list of texts"
            if name == "entities" and not isinstance(item.get("wikidata") or "", str):
                return f"{name}[{n}] has a 'wikidata' that is not a text"
    return None


def evaluate(gold_path: Path, article: Path | None = None) -> Evaluation:
    gold = load_gold(gold_path)
    path = article or _article_for(gold, gold_path)
    raw = read_article(path)
    lexicon = Lexicon.load()
    ex = extract(raw.text, raw.meta, lexicon)
    matched = _match_entities(gold, ex, lexicon)
    resolved = _resolve_entities(gold, ex, lexicon, matched)
    ev = Evaluation()
    ev.scores.append(_entity_score(gold, ex, matched))
    ev.scores.append(_date_score(gold, ex, ev))
    ev.scores.append(_relation_score(gold, ex, resolved, ev))
    return ev


def gold_files(paths: list[Path]) -> list[Path]:
    """The gold files named: files as given, directories searched for `*.gold.json` (sorted)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.rglob("*.gold.json"))
            if not found:
                raise InputError(f"{path}: no *.gold.json files in this directory")
            out.extend(found)
        else:
            out.append(path)
    return out


def combine(evaluations: list[Evaluation], labels: list[str] | None = None) -> Evaluation:
    """Micro-averaged totals over several articles: counts are summed, then the ratios taken. The
    lists of missed, extra and unscored items are joined, each item prefixed with its article's label."""
    total = Evaluation()
    names = [s.name for s in evaluations[0].scores] if evaluations else []
    for i, name in enumerate(names):
        parts = [ev.scores[i] for ev in evaluations]
        total.scores.append(
            Score(
                name,
                sum(p.true_positives for p in parts),
                sum(p.predicted for p in parts),
                sum(p.gold for p in parts),
                sum(p.gold_found for p in parts),
            )
        )
    total.modality_agreement = (
        sum(ev.modality_agreement[0] for ev in evaluations),
        sum(ev.modality_agreement[1] for ev in evaluations),
    )
    for name in sorted({p for ev in evaluations for p in ev.by_predicate}):
        parts = [ev.by_predicate[name] for ev in evaluations if name in ev.by_predicate]
        total.by_predicate[name] = Score(
            name,
            sum(p.true_positives for p in parts),
            sum(p.predicted for p in parts),
            sum(p.gold for p in parts),
            sum(p.gold_found for p in parts),
        )
    for i, ev in enumerate(evaluations):
        tag = f"[{labels[i]}] " if labels else ""
        total.missed += [tag + x for x in ev.missed]
        total.spurious += [tag + x for x in ev.spurious]
        total.date_notes += [tag + x for x in ev.date_notes]
        total.unscored += [tag + x for x in ev.unscored]
    return total


def _article_for(gold: dict[str, object], gold_path: Path) -> Path:
    name = str(gold.get("article", ""))
    for candidate in (gold_path.parent / name, gold_path.parent.parent / "seed" / name, ARTICLES_DIR / name):
        if name and candidate.is_file():
            return candidate
    raise InputError(f"{gold_path}: cannot find the article {name!r}; pass --article")


def _resolve_entities(
    gold: dict[str, object], ex: Extraction, lexicon: Lexicon, matched: dict[str, str]
) -> dict[str, str]:
    """Each gold entity's IRI: its lexicon identity (by QID, else English label), else the extracted
    entity it was `matched` to at one of its surfaces, else ""."""
    out = {key: identity or matched[key] for key, identity in _identities(gold, lexicon).items()}
    out["article"] = str(iris.article(ex.meta.id))
    return out


def _identities(gold: dict[str, object], lexicon: Lexicon) -> dict[str, str]:
    """Each gold entity's lexicon IRI, found by its QID, else its English label ("" when neither)."""
    by_qid = {e.qid: e.iri for e in lexicon.entries if e.qid}
    return {
        ent["key"]: by_qid.get(ent.get("wikidata") or "") or _by_label(lexicon, ent["label_en"]) or ""
        for ent in gold["entities"]  # type: ignore[attr-defined]
    }


def _by_label(lexicon: Lexicon, label: str) -> str | None:
    entry = lexicon.by_name(label)
    return entry.iri if entry else None


def _match_entities(gold: dict[str, object], ex: Extraction, lexicon: Lexicon) -> dict[str, str]:
    """The extracted entity each gold entity was found as ("" when it was not found).

    A gold entity is found at a whole-word occurrence of one of its surfaces (`_occurrences_of`):
    with a lexicon identity (`_identities`), by a mention of that entity overlapping it; without one,
    by a mention covering its core. A mention nested in a longer surface names something else
    ("وكالة الفضاء المصرية" in "مسؤول في وكالة الفضاء المصرية", "عربسات" in "عربسات 1-أ"). The price:
    a gold entity the lexicon knows under another label, whose only surface puts a title before the
    name ("الأمير سلمان بن عبد العزيز", "مدينة كوروليوف"), is found only by a mention that takes the
    title in (two such on dev2).
    """
    mentions = [m for m in ex.mentions if m.method != "article"]
    identities = _identities(gold, lexicon)
    return {
        ent["key"]: _found_as(ex.document.text, ent["surfaces"], mentions, identities[ent["key"]])
        for ent in gold["entities"]  # type: ignore[attr-defined]
    }


def _found_as(text: str, surfaces: list[str], mentions: list[Mention], identity: str) -> str:
    """The entity of the first mention that finds an occurrence of `surfaces` (`_match_entities`)."""
    for surface in surfaces:
        for start, end, core_start, core_end in _occurrences_of(text, surface):
            for m in mentions:
                if identity and m.entity == identity and m.start < end and start < m.end:
                    return m.entity
                if not identity and m.start <= core_start and core_end <= m.end:
                    return m.entity
    return ""


# What may be written onto a gold surface in the text with the occurrence still the same word: the
# proclitic sequences of data/arabic/proclitics.txt (و ف, ب ل ك, the article; "للصين") but those of the
# future particle س (it goes on verbs), and the attached pronouns of data/arabic/pronoun-suffixes.txt.
_PROCLITICS = frozenset({"", *(p for p in wordlists.proclitics() if not p.endswith("س"))})
_PRONOUNS = frozenset({"", *wordlists.lines("pronoun-suffixes.txt")})
# Two words may be written run together through و (a typo the text layer repairs); three letters on
# the far side keep a verb's ending out ("كانوا" is not "كان").
_RUN_TOGETHER = 3


def _occurrences_of(text: str, surface: str) -> list[tuple[int, int, int, int]]:
    """Each occurrence of `surface` in `text` that is whole words, clitics aside, with its core.

    The core is the occurrence without the clitics it may begin or end with (a mention of "لناسا" may
    start at ناسا) and without punctuation at its ends (quotes, brackets).

    >>> _occurrences_of("أطلقت ناسا ولناسا شريك في كانافيرال.", "ناسا")
    [(6, 10, 6, 10), (13, 17, 13, 17)]
    >>> [o[:2] for o in _occurrences_of("موريس كان في كانافيرال.", "كان")]
    [(6, 9)]
    >>> _occurrences_of('أعلن «للمؤسسة»', "«للمؤسسة»")
    [(5, 14, 8, 13)]
    """
    out = []
    for i in _occurrences(text, surface) if any(map(_is_letter, surface)) else []:  # "" or "…" names nothing
        end = i + len(surface)
        before, after = text[_word_start(text, i) : i], text[end : _word_end(text, end)]
        if _starts_word(_bare(before)) and _ends_word(_bare(after)):
            out.append((i, end, *_core(text, i, end)))
    return out


def _starts_word(before: str) -> bool:
    """Whether a surface after `before` (the letters of its word that precede it) starts a word: the
    letters are proclitics, or a word of three letters or more joined to it by و ("الصينوالهند")."""
    return before in _PROCLITICS or any(
        before.endswith(p) and len(before) - len(p) >= _RUN_TOGETHER for p in _PROCLITICS if p.startswith("و")
    )


def _ends_word(after: str) -> bool:
    """Whether a surface before `after` (the letters of its word that follow it) ends a word: the
    letters are an attached pronoun, or و and a word of three letters or more ("روسياوالصين")."""
    return after in _PRONOUNS or (after.startswith("و") and len(after) > _RUN_TOGETHER)


def _core(text: str, start: int, end: int) -> tuple[int, int]:
    """`[start, end)` less punctuation at either end, leading proclitics and a trailing pronoun."""
    while start < end and not _is_letter(text[start]):
        start += 1
    while end > start and not _is_letter(text[end - 1]):
        end -= 1
    first, last = text[start : _word_end(text, start, end)], text[_word_start(text, end, start) : end]
    clitic = max((len(p) for p in _PROCLITICS if first.startswith(p) and len(first) - len(p) >= 2), default=0)
    pronoun = max((len(p) for p in _PRONOUNS if last.endswith(p) and len(last) - len(p) >= 2), default=0)
    return start + clitic, max(start + clitic, end - pronoun)


def _is_letter(ch: str) -> bool:
    """Whether `ch` is part of a word: a letter or digit, a tatweel or a diacritic."""
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def _word_start(text: str, i: int, limit: int = 0) -> int:
    while i > limit and _is_letter(text[i - 1]):
        i -= 1
    return i


def _word_end(text: str, i: int, limit: int | None = None) -> int:
    stop = len(text) if limit is None else limit
    while i < stop and _is_letter(text[i]):
        i += 1
    return i


def _bare(piece: str) -> str:
    """`piece` without diacritics and tatweel (a clitic may carry a vowel mark: "وَ")."""
    return "".join(ch for ch in piece if not unicodedata.category(ch).startswith("M") and ch != "\u0640")


def _entity_score(gold: dict[str, object], ex: Extraction, matched: dict[str, str]) -> Score:
    """Extracted entities that some gold entity was `matched` to (`_match_entities`); two gold entities
    found as one extracted entity count once."""
    predicted = {m.entity for m in ex.mentions if m.method != "article"}
    found = {iri for iri in matched.values() if iri}
    return Score("entities", len(found), len(predicted), len(gold["entities"]), len(found))  # type: ignore[arg-type]


def _date_score(gold: dict[str, object], ex: Extraction, ev: Evaluation) -> Score:
    text = ex.document.text
    predicted = [d for d in ex.dates if d.value is not None]
    used: set[int] = set()
    found = 0
    cursor: dict[str, int] = {}
    for g in gold.get("dates", []):  # type: ignore[attr-defined]
        surface = g["surface"]
        i = text.find(surface, cursor.get(surface, 0))
        if i == -1:
            i = text.find(surface)
        cursor[surface] = i + 1
        match = next(
            (k for k, d in enumerate(predicted) if k not in used and d.start < i + len(surface) and i < d.end), None
        )
        if match is None:
            ev.date_notes.append(f"not found: {surface} = {g['value']}")
            continue
        used.add(match)
        value = predicted[match].value
        assert value is not None
        if value.value == g["value"]:
            found += 1
        else:
            consistent = g["value"].startswith(value.value)
            note = "coarser but consistent" if consistent else "wrong"
            ev.date_notes.append(f"{surface}: gold {g['value']}, got {value.value} ({note}: {value.how})")
    n_gold = len(gold.get("dates", []))  # type: ignore[arg-type]
    # A gold surface that occurs several times ("في عام 2020") is gold at every occurrence.
    gold_at = [
        (i, i + len(g["surface"]), g["value"])
        for g in gold.get("dates", [])  # type: ignore[attr-defined]
        for i in _occurrences(text, g["surface"])
    ]
    correct = sum(
        any(d.start < b and a < d.end and d.value is not None and d.value.value == v for a, b, v in gold_at)
        for d in predicted
    )
    return Score("dates", correct, len(predicted), n_gold, found)


def _occurrences(text: str, surface: str) -> list[int]:
    out, i = [], text.find(surface)
    while i != -1:
        out.append(i)
        i = text.find(surface, i + 1)
    return out


def _claim_key(c: Claim, kind: str) -> tuple[str, ...]:
    if kind == "entity":
        return (c.subject, c.predicate, c.object or "")
    if kind == "date":
        return (c.subject, c.predicate, c.value.value if isinstance(c.value, DateValue) else "")
    return (c.subject, c.predicate)


def _relation_score(gold: dict[str, object], ex: Extraction, resolved: dict[str, str], ev: Evaluation) -> Score:
    table = _predicate_map()
    kinds = {ours: kind for ours, kind, _ in table.values()}
    implied = {e.iri for e in ex.new_entities} - {m.entity for m in ex.mentions}
    scored = []
    for c in ex.claims:
        why = _outside_gold(c, implied, kinds)
        if why:
            ev.unscored.append(f"{_short(c.subject)} {c.predicate} {_short(c.object or _value(c))} ({why})")
        else:
            scored.append(c)
    predicted = {_claim_key(c, kinds.get(c.predicate, "entity")): c for c in scored}
    matched: set[tuple[str, ...]] = set()
    found, agree = 0, 0
    gold_by: Counter[str] = Counter()
    found_by: Counter[str] = Counter()
    for rel in gold["relations"]:  # type: ignore[attr-defined]
        ours, kind, direction = table.get(rel["predicate"], (rel["predicate"], "entity", "same"))
        gold_by[ours] += 1
        keys = _gold_keys(rel, ours, kind, direction, resolved)
        hit = next((k for k in keys if k in predicted), None)
        if hit is None:
            ev.missed.append(f"{rel['subject']} {rel['predicate']} {rel['object']}")
            continue
        found += 1
        found_by[ours] += 1
        matched.add(hit)
        agree += predicted[hit].modality == rel.get("modality")
    ev.modality_agreement = (agree, found)
    ev.spurious = sorted(" ".join(_short(x) for x in k) for k in predicted if k not in matched)
    predicted_by = Counter(k[1] for k in predicted)
    right_by = Counter(k[1] for k in matched)
    ev.by_predicate = {
        name: Score(name, right_by[name], predicted_by[name], gold_by[name], found_by[name])
        for name in sorted(set(gold_by) | set(predicted_by))
    }
    return Score("relations", len(matched), len(predicted), len(gold["relations"]), found)  # type: ignore[arg-type]


def _gold_keys(
    rel: dict[str, str], ours: str, kind: str, direction: str, resolved: dict[str, str]
) -> list[tuple[str, ...]]:
    s = resolved.get(rel["subject"], "")
    if not s:
        return []
    if kind == "date":
        return [(s, ours, rel["object"])]
    if kind == "text":
        return [(s, ours)]
    o = resolved.get(rel["object"], "")
    if not o:
        return []
    return [(s, ours, o), (o, ours, s)] if direction == "either" else [(s, ours, o)]


def _outside_gold(c: Claim, implied: set[str], kinds: dict[str, str]) -> str:
    """Why the gold cannot judge claim `c` ("" when it can)."""
    if c.subject in implied or c.object in implied:
        return "about an implied entity"
    if c.predicate not in kinds:
        return "predicate not in the gold's scheme"
    return ""


def _value(c: Claim) -> str:
    return c.value.value if isinstance(c.value, DateValue) else str(c.value or "")


def _short(x: str) -> str:
    return x.rsplit("/", 1)[-1]
