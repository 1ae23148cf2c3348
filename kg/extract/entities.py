"""Entity mentions: lexicon names (longest match), typos, nisba adjectives and names the lexicon lacks.

Spans: a mention covers the name part of a token. A conjunction or preposition written onto a name
stays outside (لناسا → "ناسا", والصين → "الصين"); where the article's alef is elided after ل
(للصين) the mention covers the whole token, since "الصين" is not in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from kg import iris
from kg.lexicon import LexEntry, Lexicon
from kg.model import Document, Mention, Token
from kg.text import wordlists
from kg.text.clitics import readings, strip_article
from kg.text.normalize import normalize, normalize_str, strip_marks
from kg.text.tokens import word_tokens

CONFIDENCE = {"label": 1.0, "variant": 0.95, "hidden": 0.85, "nisba": 0.9, "fuzzy": 0.7, "pattern": 0.6, "series": 0.8}
FUZZY_MIN_LATIN = 4
FUZZY_MIN_ARABIC = 7
FUZZY_MIN_MULTIWORD = 9
MAX_NAME_WORDS = 3
MEMO_LIMIT = 200_000
_COMMAS = frozenset("،,")
_QUOTES = frozenset("\"'«»“”")
_PERSONS = frozenset({"Person", "Astronaut"})


@dataclass(frozen=True, slots=True)
class _Key:
    """A lexicon name as a sequence of article-free normalized words."""

    words: tuple[str, ...]
    entry: LexEntry
    kind: str
    latin: bool


@dataclass(frozen=True, slots=True)
class _Index:
    first: Mapping[str, tuple[_Key, ...]]
    nisba: Mapping[str, LexEntry]
    fuzzy_single: Mapping[str, tuple[_Key, ...]]
    anchors: Mapping[str, tuple[tuple[_Key, int], ...]]
    typos: dict[tuple[str, str], tuple[_Key, int] | None]
    """Memo of single-word typo look-ups, by (normalized word, script)."""
    surnames: Mapping[str, tuple[tuple[str, LexEntry], ...]]
    """Persons of the lexicon by the skeleton of their Arabic names' last word, with the first
    letter of their first word's skeleton."""
    skeletons: Mapping[str, tuple[tuple[tuple[str, ...], _Key], ...]]
    """Arabic names by the skeleton of their first word (`_skeleton`), with all their words' skeletons."""
    heads: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]
    """Series heads by first word: the words before the number of a numbered lexicon name ("ابولو"
    of "أبولو 13") and the class most of its numbered members have."""
    leads: dict[tuple[str, str], _Leads]
    """Memo of what each token form's readings can begin (`_leads`), by (normalized word, script)."""


@dataclass(frozen=True, slots=True)
class _Leads:
    """The index entries one token form's readings begin, whatever the sentence around it, flattened in
    the order the passes try them: every token is tried by every pass, and news repeats its words."""

    names: tuple[tuple[_Key, int], ...]
    """Lexicon names whose first word a reading is, with the offset of that reading (`_match_at`)."""
    heads: tuple[tuple[tuple[str, ...], str, int], ...]
    """Series heads a reading begins, their class and the reading's offset (`_member_at`)."""
    anchors: tuple[tuple[_Key, int], ...]
    """Multiword names a reading is a distinctive word of, and that word's position (`_fuzzy_window`)."""
    skeletons: tuple[tuple[tuple[str, ...], _Key, int], ...]
    """Names whose first word has a reading's skeleton, with the reading's offset (`_by_skeleton`)."""


@dataclass(frozen=True, slots=True)
class _Reading:
    """One way to read a token: `word` is what is compared, `offset` where the name starts in it."""

    word: str
    offset: int = 0


# ---------------------------------------------------------------- index (built once per lexicon)


def _key_words(name: str) -> tuple[str, ...]:
    words = []
    for token in word_tokens(name):
        bare = not strip_marks(token.text).startswith(("أل", "إل", "آل"))
        bare = bare and token.norm not in wordlists.normalized("article-required.txt")
        words.append(strip_article(token.norm) if bare else token.norm)
    return tuple(words)


def _keys(lexicon: Lexicon) -> Iterable[_Key]:
    common = wordlists.normalized("common-words.txt")
    for entry in lexicon.entries:
        kinds = [("label", n) for n in (entry.label_en, entry.label_ar) if n]
        kinds += [("variant", n) for n in entry.variants] + [("hidden", n) for n in entry.hidden]
        for kind, name in kinds:
            words = _key_words(name)
            if not words or (len(words) == 1 and (len(words[0]) < 2 or _is_common(words[0], common))):
                continue  # a one-word name that is also a common word (الآن) never matches alone
            yield _Key(words, entry, kind, all(w.isascii() for w in words))


def _is_common(word: str, common: frozenset[str]) -> bool:
    return word in common or "ال" + word in common


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _collapse(word: str) -> str:
    """Doubled letters written once (mmoon → mon), so a doubled typo costs nothing."""
    return re.sub(r"(.)\1+", r"\1", word)


def _nisba_forms(demonym: str) -> set[str]:
    base = _key_words(demonym)
    if len(base) != 1:
        return set()
    word = base[0]
    if word.isascii():
        return {word}
    return {word + ending for ending in ("", "ه", "ون", "ين", "ات", "تان", "ان")}


@lru_cache(maxsize=8)
def _index(lexicon: Lexicon) -> _Index:
    first: dict[str, list[_Key]] = {}
    fuzzy: dict[str, list[_Key]] = {}
    anchors: dict[str, list[tuple[_Key, int]]] = {}
    common = wordlists.normalized("common-words.txt")
    for key in _keys(lexicon):
        first.setdefault(key.words[0], []).append(key)
        if len(key.words) == 1:
            word = _collapse(key.words[0]) if key.latin else key.words[0]
            if len(key.words[0]) >= (FUZZY_MIN_LATIN if key.latin else FUZZY_MIN_ARABIC):
                for variant in _deletions(word):
                    fuzzy.setdefault(variant, []).append(key)
        elif not key.latin and len(" ".join(key.words)) >= FUZZY_MIN_MULTIWORD:
            for position, word in enumerate(key.words):
                if len(word) >= 3 and not _is_common(word, common) and not word.isdigit():
                    anchors.setdefault(word, []).append((key, position))
    nisba = {form: entry for entry in lexicon.entries for demonym in entry.demonyms for form in _nisba_forms(demonym)}
    order = {"label": 0, "variant": 1, "hidden": 2}
    return _Index(
        {w: tuple(sorted(ks, key=lambda k: (-len(k.words), order[k.kind], k.entry.iri))) for w, ks in first.items()},
        nisba,
        {w: tuple(ks) for w, ks in fuzzy.items()},
        {w: tuple(a) for w, a in anchors.items()},
        {},
        _surname_index(lexicon),
        _skeleton_index(lexicon),
        _series_heads(lexicon),
        {},
    )


SKELETON_MIN = 5
"""Fewest letters the skeletons of a name's words need, together, for the name to be matched by them."""
_VOWELS = frozenset("اوي")


@lru_cache(maxsize=1)
def _folds() -> tuple[tuple[str, str], ...]:
    rows = ((normalize_str(a), "" if b == "-" else normalize_str(b)) for a, b in wordlists.rows("transliteration.tsv"))
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=65536)
def _skeleton(word: str) -> str:
    """The letters that spell a transliterated word the same however its sounds are written:
    `data/arabic/transliteration.tsv` folded, long vowels after the first letter dropped, doubled
    letters once (غاغارين, جاجارين → جرن)."""
    for source, target in _folds():
        word = word.replace(source, target)
    return _collapse(word[:1] + "".join(c for c in word[1:] if c not in _VOWELS))


def _surname_index(lexicon: Lexicon) -> dict[str, tuple[tuple[str, LexEntry], ...]]:
    out: dict[str, dict[tuple[str, str], LexEntry]] = {}
    for key in _keys(lexicon):
        if key.latin or len(key.words) < 2 or key.entry.etype not in _PERSONS or not key.words[-1].isalpha():
            continue
        last, first = _skeleton(key.words[-1]), _skeleton(key.words[0])[:1]
        if len(last) >= SKELETON_MIN - 1:
            out.setdefault(last, {})[(first, key.entry.iri)] = key.entry
    return {w: tuple((f, e) for (f, _), e in people.items()) for w, people in out.items()}


def _known_person(index: _Index, m: Mention) -> Mention:
    """A person found by pattern who is a person of the lexicon written another way: the same family
    name by its skeleton and a first name that starts alike ("كين ماتنجلي", "كينيث ماتينغلي" for كين
    ماتينغلي; "إد وايت" for إدوارد وايت), when only one person of the lexicon fits."""
    if m.method != "pattern" or m.etype not in _PERSONS:
        return m
    words = normalize_str(m.text).split()
    if len(words) < 2 or not words[-1].isalpha():
        return m
    first = _skeleton(strip_article(words[0]))[:1]
    fits = {e.iri: e for f, e in index.surnames.get(_skeleton(words[-1]), ()) if f == first}
    if len(fits) != 1:
        return m
    (entry,) = fits.values()
    return replace(
        m, entity=entry.iri, etype=entry.etype, method="fuzzy", confidence=CONFIDENCE["fuzzy"], label=entry.label
    )


def _skeleton_index(lexicon: Lexicon) -> dict[str, tuple[tuple[tuple[str, ...], _Key], ...]]:
    """Arabic names of two or more words whose skeletons are long enough to tell them apart, by their
    first word's skeleton."""
    common = wordlists.normalized("common-words.txt")
    out: dict[str, list[tuple[tuple[str, ...], _Key]]] = {}
    for key in _keys(lexicon):
        if key.latin or len(key.words) < 2 or any(not w.isalpha() or _is_common(w, common) for w in key.words):
            continue  # one word alone collides too often with Arabic words (مرتين, موريتانيا)
        skel = tuple(_skeleton(w) for w in key.words)
        if len("".join(skel)) >= SKELETON_MIN and all(skel):
            out.setdefault(skel[0], []).append((skel, key))
    return {w: tuple(sorted(ks, key=lambda k: -len(k[0]))) for w, ks in out.items()}


def _without_nouns(words: tuple[str, ...]) -> tuple[str, ...]:
    """A series' name without the craft or mission nouns before it ("مركبة شنتشو" → "شنتشو")."""
    nouns = {t.words[0] for ts in _triggers().values() for t in ts if len(t.words) == 1}
    while len(words) > 1 and (words[0] in nouns or "ال" + words[0] in nouns):
        words = words[1:]
    return words


def _series_heads(lexicon: Lexicon) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """Heads of numbered names: "أبولو 13", "أبولو-13" and "Tianwen-1" make أبولو and tianwen heads of
    their members' class, so "أبولو 14" and "Tianwen-3" are members too though the lexicon lacks them."""
    classes: dict[tuple[str, ...], list[str]] = {}
    for key in _keys(lexicon):
        words = key.words
        if len(words) == 1 and key.latin and re.fullmatch(r"[a-z][a-z-]*-\d{1,3}", words[0]):
            words = (words[0].rpartition("-")[0], "0")
        if len(words) < 2 or not words[-1].isdecimal() or key.entry.etype not in _SERIES:
            continue
        head = _without_nouns(words[:-2] if words[-2] == "-" else words[:-1])
        if head and not any(w.isdecimal() or w == "-" for w in head):
            classes.setdefault(head, []).append(key.entry.etype)
    heads: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for head, etypes in classes.items():
        etype = max(sorted(set(etypes)), key=etypes.count)
        heads.setdefault(head[0], []).append((head, etype))
    return {w: tuple(sorted(hs, key=lambda h: -len(h[0]))) for w, hs in heads.items()}


# ---------------------------------------------------------------- readings of a text token


@lru_cache(maxsize=65536)
def _plain(norm: str) -> frozenset[str]:
    """How a token reads with no clitics: as written and without the article."""
    return frozenset({norm, strip_article(norm)})


@lru_cache(maxsize=65536)
def _clitic(norm: str) -> tuple[_Reading, ...]:
    """How a token reads with proclitics taken off, with where the name then starts."""
    found: list[_Reading] = []
    for prefix, rest in readings(norm):
        if prefix in ("", "ال") or prefix.endswith("س"):
            continue  # the future's س goes on verbs, never on a name: "سكوبي" is no س + كوبي (Cuban)
        start = len(prefix) - 2 if prefix.endswith(("ال", "لل")) else len(prefix)
        forms = (rest, strip_article(rest), *(("ال" + rest,) if prefix.endswith(("ال", "لل")) else ()))
        found += [_Reading(word, start) for word in dict.fromkeys(forms)]
    return tuple(found)


def _tiers(token: Token) -> tuple[tuple[_Reading, ...], tuple[_Reading, ...]]:
    """Readings to try in order: a word read whole wins over the same word with clitics off (واشنطن)."""
    return _tiers_of(token.norm, token.script)


@lru_cache(maxsize=65536)
def _tiers_of(norm: str, script: str) -> tuple[tuple[_Reading, ...], tuple[_Reading, ...]]:
    if script not in ("arabic", "latin"):
        return (), ()
    whole = tuple(_Reading(w) for w in sorted(_plain(norm)))
    return whole, (_clitic(norm) if script == "arabic" else ())


def _start(token: Token, offset: int) -> int:
    """The original offset of normalized index `offset` inside `token`."""
    return token.start if offset == 0 else token.start + normalize(token.text).to_original(offset, offset + 1)[0]


def _leads(index: _Index, token: Token) -> _Leads:
    memo = (token.norm, token.script)
    found = index.leads.get(memo)
    if found is None:
        if len(index.leads) >= MEMO_LIMIT:
            index.leads.clear()
        found = index.leads[memo] = _find_leads(index, token)
    return found


def _find_leads(index: _Index, token: Token) -> _Leads:
    whole, clitic = _tiers(token)
    readings = (*whole, *clitic)
    return _Leads(
        tuple((key, r.offset) for r in readings for key in index.first.get(r.word, ())),
        tuple((head, etype, r.offset) for r in readings for head, etype in index.heads.get(r.word, ())),
        tuple(
            (key, position)
            for r in readings
            for key, position in index.anchors.get(r.word, ())
            if not (r.offset and position)  # a proclitic only on the name's first word
        ),
        _skeleton_leads(index, token, readings),
    )


def _skeleton_leads(
    index: _Index, token: Token, readings: tuple[_Reading, ...]
) -> tuple[tuple[tuple[str, ...], _Key, int], ...]:
    """Names the token's readings could start by skeleton (`_by_skeleton`)."""
    if token.script != "arabic" or _is_nisba(index, token):
        return ()
    return tuple(
        (skel, key, r.offset)
        for r in readings
        if not r.word.startswith("ال") and _transliterable(r.word)
        for skel, key in index.skeletons.get(_skeleton(r.word), ())
    )


# ---------------------------------------------------------------- passes


@dataclass(slots=True)
class _Sentence:
    """Mutable working state for one sentence: its tokens and which are already inside a mention."""

    tokens: Sequence[Token]
    covered: list[bool]

    def free(self, i: int, n: int) -> bool:
        return i >= 0 and i + n <= len(self.tokens) and not any(self.covered[i : i + n])

    def take(self, i: int, n: int) -> None:
        self.covered[i : i + n] = [True] * n


def _mention(doc: Document, tokens: Sequence[Token], offset: int, entry: LexEntry, method: str, conf: float) -> Mention:
    start, end = _start(tokens[0], offset), tokens[-1].end
    return Mention(
        start,
        end,
        doc.text[start:end],
        entry.iri,
        entry.etype,
        tokens[0].sentence,
        method,
        conf,
        label=entry.label,
    )


def _match_at(index: _Index, sent: _Sentence, i: int) -> tuple[_Key, int, int] | None:
    """The longest lexicon name starting at token i, the offset where it starts in that token and
    how many tokens it spans; a name of several words that the words after it make other words
    ("روسيا اليوم الثلاثاء") gives way to a shorter one."""
    for key, offset in _leads(index, sent.tokens[i]).names:
        n = _spans(sent, i, key.words)
        if n and not (n > 1 and _blocked(index, sent, i, n)):
            return key, offset, n
    return None


def _spans(sent: _Sentence, i: int, words: tuple[str, ...]) -> int:
    """How many tokens from token i (whose reading matched words[0]) spell `words`, 0 if they do not.
    A nickname in quotation marks inside a person's name is read through: فرانسيس "ديك" سكوبي. (A
    quoted name after its noun, المسبار "الأمل", is not: linked that way on unseen articles it cost
    more relations than it gained.)"""
    j, quotes = i + 1, 0
    for word in words[1:]:
        while quotes < 2 and j + 1 < len(sent.tokens) and sent.tokens[j].text in _QUOTES:
            j, quotes = j + 1, quotes + 1
        if j >= len(sent.tokens) or word not in _plain(sent.tokens[j].norm):
            return 0
        j += 1
    return j - i if quotes in (0, 2) and sent.free(i, j - i) else 0


def _whole_name(index: _Index, sent: _Sentence, i: int, width: int) -> _Key | None:
    """A lexicon name that begins inside tokens i … i+width and ends with them: "أديتيا إل 1" in "المسبار
    أديتيا إل 1", read first as "مسبار أديتيا" and a lettered number."""
    for j in range(i, i + width):
        for form in _plain(sent.tokens[j].norm):
            for key in index.first.get(form, ()):
                if len(key.words) > 1 and _spans(sent, j, key.words) == i + width - j:
                    return key
    return None


def _longer_quoted(sent: _Sentence, i: int, n: int, entry: LexEntry) -> bool:
    """Whether a craft's known name opens a quoted name that goes on with words of its own
    ("المسبار "دراغون فلاي"": Dragonfly, not Crew Dragon): another craft, named whole after its noun.
    (Numbers and letters after the name are a series member's: "سويوز تي-11".)"""
    if entry.etype not in _SERIES or i == 0 or sent.tokens[i - 1].text not in _QUOTES:
        return False
    rest = sent.tokens[i + n : i + n + 3]
    close = next((k for k, t in enumerate(rest) if t.text in _QUOTES), None)
    if not close:
        return False
    return all(t.script == "arabic" and len(t.norm) > 2 for t in rest[:close])


def _lexicon_pass(doc: Document, index: _Index, sent: _Sentence) -> list[Mention]:
    found: list[Mention] = []
    i = 0
    while i < len(sent.tokens):
        match = _match_at(index, sent, i)
        member = _member_at(index, sent, i)
        if member is not None and (match is None or match[2] < member.width):
            found.append(_member_mention(doc, sent, i, member))
            sent.take(i, member.width)
            i += member.width
            continue
        if match is None:
            i += 1
            continue
        key, offset, n = match
        if _blocked(index, sent, i, n) or _names_a_craft(sent, i, key.entry) or _longer_quoted(sent, i, n, key.entry):
            i += 1
            continue
        if _glossed(sent, i):  # "تيانغونغ-1، الذي يعني اسمه "القصر السماوي"": a name's meaning, no mention
            sent.take(i, n)
            i += n
            continue
        other = _another_kind(sent, i, key, found)
        if other is not None:  # a capsule named after a shuttle: not the shuttle
            if other:
                last = found[-1]
                end = sent.tokens[i + n - 1].end
                found[-1] = replace(last, end=end, text=doc.text[last.start : end])
            sent.take(i, n)
            i += n
            continue
        width = _numbered(sent, i + n, key)
        satellite = _numbered_satellite(sent, i, n, key)
        if satellite:  # "عربسات 1-ب": a satellite of the organization's series, not the organization
            etype = _trigger_class(sent, i) or "Spacecraft"
            found.append(_series_member(doc, sent.tokens[i : i + n + satellite], offset, etype))
            n += satellite
        elif width:
            tokens = sent.tokens[i : i + n + width]
            lettered = any(t.script != "digit" and t.text not in _DASHES for t in tokens[n:])  # "سويوز تي-11"
            known = _whole_name(index, sent, i, n + width) if lettered else None  # "مسبار أديتيا" + "إل 1"
            known = known or (None if lettered else _known_member(index, key, sent.tokens[i + n + width - 1].norm))
            if known is not None:  # "المركبة شنتشو-12": the lexicon knows شنتشو 12
                found.append(_mention(doc, tokens, offset, known.entry, "lexicon", CONFIDENCE[known.kind]))
            else:
                found.append(_series_member(doc, tokens, offset, key.entry.etype))
            n += width
        else:
            found.append(_mention(doc, sent.tokens[i : i + n], offset, key.entry, "lexicon", CONFIDENCE[key.kind]))
        sent.take(i, n)
        i += n
    return found


@lru_cache(maxsize=1)
def _blockers() -> Mapping[str, frozenset[str]]:
    """Name (normalized, article-free) → the following words that make it another word."""
    table: dict[str, frozenset[str]] = {}
    for name, words in wordlists.rows("name-blockers.tsv"):
        marks = {w for w in words.split() if w.startswith("<")}
        before = {"^" + normalize_str(w[1:]) for w in words.split() if w.startswith("^")}
        plain = {normalize_str(w) for w in words.split() if w not in marks and not w.startswith("^")}
        key = strip_article(normalize_str(name))
        table[key] = table.get(key, frozenset()) | plain | marks | before
    return table


def _blocked(index: _Index, sent: _Sentence, i: int, n: int) -> bool:
    """Whether the name at tokens i..i+n is another word here ("القمر الصناعي": a satellite)."""
    if i + n >= len(sent.tokens):
        return False
    if n == 1:
        token = sent.tokens[i]
        words = _blockers().get(strip_article(token.stem)) or _blockers().get(strip_article(token.norm))
    else:  # "روسيا اليوم الثلاثاء": Russia, today, Tuesday
        words = _blockers().get(strip_article(" ".join(t.norm for t in sent.tokens[i : i + n])))
    if not words:
        return False
    if i > 0 and sent.tokens[i - 1].stem in wordlists.normalized("body-context.txt"):
        return False  # "على سطح القمر روسية": after سطح, مدار, حول … it is the body itself
    prev = sent.tokens[i - 1] if i > 0 else None
    if prev is not None and ("^" + prev.norm in words or "^" + prev.stem in words):
        return True  # "صنع القمر", "إطلاق القمر": made or launched, a satellite
    nxt = sent.tokens[i + n]
    if nxt.norm in words or (nxt.prefix.endswith("ال") and "ال" + nxt.stem in words):
        return True
    after = sent.tokens[i + n + 1] if i + n + 1 < len(sent.tokens) else None
    opening = nxt.text in _QUOTES and after is not None and after.script in ("arabic", "latin")
    return ("<quote>" in words and opening) or ("<nisba>" in words and _is_nisba(index, nxt))


_PLACES = frozenset({"Country", "City"})


def _names_a_craft(sent: _Sentence, i: int, entry: LexEntry) -> bool:
    """A place's name quoted right after a craft noun is the craft's: وحدة القيادة "كولومبيا" is the
    Apollo 11 command module, not Colombia."""
    if entry.etype not in _PLACES or i < 2 or sent.tokens[i - 1].text not in _QUOTES:
        return False
    for k in range(max(0, i - 4), i - 1):
        trigger = _trigger_at(sent, k)
        if trigger is not None and k + len(trigger.words) == i - 1 and trigger.etype not in _PERSONS:
            return trigger.etype not in ("Organization", "Company", "Newspaper")
    return False


@lru_cache(maxsize=1)
def _craft_kinds() -> frozenset[str]:
    return wordlists.normalized("craft-kinds.txt")


@lru_cache(maxsize=4096)
def _kinds_of(entry: LexEntry) -> frozenset[str]:
    """The craft kinds (`data/arabic/craft-kinds.txt`) an entry's own Arabic names put on it
    ("المكوك إنديفور": a shuttle)."""
    firsts = (_key_words(name)[:1] for name in entry.names if not name.isascii())
    return frozenset(strip_article(w[0]) for w in firsts if w and strip_article(w[0]) in _craft_kinds())


_GLOSSES = tuple(
    tuple(normalize_str(w) for w in phrase.split())
    for phrase in ("يعني اسمه", "يعني اسمها", "تعني اسمه", "ومعنى اسمه", "ومعنى اسمها", "ومعناه", "ومعناها",
                   "معناه", "معناها", "بمعنى", "أي")
)


def _glossed(sent: _Sentence, i: int) -> bool:
    """Whether the name at token i, quoted, glosses a name before it ("الذي يعني اسمه "القصر السماوي"")."""
    if i == 0 or sent.tokens[i - 1].text not in _QUOTES:
        return False
    words = [t.norm for t in sent.tokens[max(0, i - 3) : i - 1]]
    return any(tuple(words[-len(g) :]) == g for g in _GLOSSES if len(g) <= len(words))


_NAMING_NOUNS = frozenset({"اسم", "باسم"})
_KIND_REACH = 10
"""How many words back from "اسم" a naming clause's noun is looked for ("الكبسولة، التي أطلق عليها
الرائدان اسم …")."""


def _another_kind(sent: _Sentence, i: int, key: _Key, found: list[Mention]) -> bool | None:
    """Whether the lexicon name at token i names another craft than the lexicon's, of a kind its own
    names do not give: True when it follows that craft's mention and names it ("كبسولة دراغون
    إنديفور", a Crew Dragon), False when it is the name a naming clause gives a noun of another kind
    ("الكبسولة التي أطلق عليها اسم "إنديفور""); None when it is the lexicon's."""
    kinds = _kinds_of(key.entry)
    if not kinds or key.words[0] in _craft_kinds():
        return None
    k = i - 1 if i > 0 and sent.tokens[i - 1].text in _QUOTES else i
    last = found[-1] if found else None
    if last is not None and k > 0 and last.end == sent.tokens[k - 1].end and last.etype == key.entry.etype:
        theirs = {strip_article(w) for w in normalize_str(last.text).split()} & _craft_kinds()
        if theirs and not theirs & kinds:
            return True
    if k > 0 and sent.tokens[k - 1].norm in _NAMING_NOUNS:
        for j in range(k - 2, max(-1, k - 2 - _KIND_REACH), -1):
            kind = strip_article(sent.tokens[j].stem)
            if kind in _craft_kinds():
                return False if kind not in kinds else None
    return None


def _known_member(index: _Index, key: _Key, number: str) -> _Key | None:
    """The lexicon name made of the key's name or its last word and `number` ("شنتشو 12",
    "الأرنب اليشم 2"), if there is one."""
    last = key.words[-1]
    whole = (*key.words, number)
    return next((k for k in index.first.get(key.words[0], ()) if _undashed(k.words) == whole), None) or next(
        (k for k in index.first.get(last, ()) if k.words == (last, number)), None
    )


# Classes whose names run in numbered series ("شنتشو 15", "سويوز 11", "راشد 2").
_SERIES = frozenset({"Spacecraft", "Lander", "Rover", "Orbiter", "Probe", "Mission", "Rocket", "SpaceStation"})


def _numbered(sent: _Sentence, j: int, key: _Key) -> int:
    """How many tokens after a lexicon name of a craft or mission are a number that makes it another
    member of its series ("شنتشو 15" when the lexicon knows only "شنتشو"), 0 if none. Not when the
    name ends in a number already, nor before a counted noun ("على متن سويوز 3 رواد")."""
    if j >= len(sent.tokens) or key.entry.etype not in _SERIES or key.words[-1].isdecimal():
        return 0
    width = _series_number(sent, j) or _designated(sent, j)  # "شنتشو 15", "تشانغ آه-٧"; "شنتشو، 15" is no name
    if not width:
        return 0
    after = sent.tokens[j + width] if j + width < len(sent.tokens) else None
    counted = wordlists.normalized("counted-nouns.txt")
    return width if after is None or (after.norm not in counted and after.stem not in counted) else 0


def _numbered_satellite(sent: _Sentence, i: int, n: int, key: _Key) -> int:
    """How many tokens after an organization's lexicon name are a series number that makes it a
    satellite of the organization's series ("القمر الصناعي عربسات 6", "عربسات 1-ب"), 0 if none: a number
    after a craft noun, or one with a letter ("1-ب", "5A"), which counts nothing."""
    if key.entry.etype not in _ORG_TYPES or key.words[-1].isdecimal():
        return 0
    width = _series_number(sent, i + n)
    if not width:
        return 0
    after = sent.tokens[i + n + width] if i + n + width < len(sent.tokens) else None
    if after is not None and _counted(after):
        return 0
    lettered = sent.tokens[i + n + width - 1].script != "digit"
    return width if lettered or _trigger_class(sent, i) in _SERIES else 0


@dataclass(frozen=True, slots=True)
class _Member:
    """A numbered member of a series found at a token: its width in tokens, its class by the other
    members, where it starts in its first token, and the lexicon's key for it when it has one."""

    width: int
    etype: str
    offset: int
    known: _Key | None


def _member_at(index: _Index, sent: _Sentence, i: int) -> _Member | None:
    """A numbered member of a series the lexicon knows other members of, at token i."""
    token = sent.tokens[i]
    if token.script == "latin" and "-" in token.norm:
        name, _, number = token.norm.rpartition("-")
        etype = next((e for h, e in index.heads.get(name, ()) if h == (name,)), None)
        if etype is None or not number.isdecimal() or len(number) > 3 or token.norm in index.first:
            return None
        return _Member(1, etype, 0, None)
    for head, etype, offset in _leads(index, token).heads:
        n = len(head)
        if not sent.free(i, n) or not all(head[k] in _plain(sent.tokens[i + k].norm) for k in range(1, n)):
            continue
        width = _series_number(sent, i + n) or _designated(sent, i + n)
        after = sent.tokens[i + n + width] if i + n + width < len(sent.tokens) else None
        if width and not (after is not None and _counted(after)):
            whole = (*head, *(t.norm for t in sent.tokens[i + n : i + n + width] if t.text not in _DASHES))
            known = next((k for k in index.first.get(head[0], ()) if _undashed(k.words) == whole), None)
            return _Member(n + width, etype, offset, known)
    return None


def _member_mention(doc: Document, sent: _Sentence, i: int, member: _Member) -> Mention:
    """The mention of a series member: the lexicon's entity when it names the member ("شنتشو-12"),
    else a new one of the class a craft noun before it gives ("المركبة شنتشو 20"), else of the class
    of the series' other members (سويوز 10 is a flight like سويوز 11, not the rocket سويوز)."""
    tokens = sent.tokens[i : i + member.width]
    if member.known is not None:
        entry = member.known.entry
        return _mention(doc, tokens, member.offset, entry, "lexicon", CONFIDENCE[member.known.kind])
    etype = _trigger_class(sent, i) or member.etype
    return _series_member(doc, tokens, member.offset, etype)


def _undashed(words: tuple[str, ...]) -> tuple[str, ...]:
    """A name's words without the hyphen before its number ("شنتشو-12" read as "شنتشو 12")."""
    return tuple(w for w in words if w != "-")


def _trigger_class(sent: _Sentence, i: int) -> str | None:
    """The class of a craft or mission noun right before token i, or before a quotation mark there
    ("المركبة شنتشو 15", "المسبار "لونا-26""), which says more than the series' other members."""
    end = i - 1 if i > 0 and sent.tokens[i - 1].text in _QUOTES else i
    for k in range(max(0, end - 3), end):
        trigger = _trigger_at(sent, k)
        if trigger is not None and k + len(trigger.words) == end and trigger.etype in _SERIES:
            return trigger.etype
    return None


def _counted(token: Token) -> bool:
    counted = wordlists.normalized("counted-nouns.txt")
    return token.norm in counted or token.stem in counted


def _series_member(doc: Document, tokens: Sequence[Token], offset: int, etype: str) -> Mention:
    """A new entity of the series' class, named by the lexicon name and the number as written."""
    start, end = _start(tokens[0], offset), tokens[-1].end
    first = 0  # the label leaves out a generic head the lexicon name may carry ("المركبة شنتشو 15")
    while first < len(tokens) - 2 and (tokens[first].norm,) in {t.words for ts in _triggers().values() for t in ts}:
        first += 1
    label = doc.text[max(start, tokens[first].start) : end]
    words = [t.norm[offset:] if k == 0 else t.norm for k, t in enumerate(tokens) if k >= first and t.norm != "-"]
    name = " ".join(words)  # "وشنتشو 9" and "شنتشو-9" name the same craft as "شنتشو 9"
    return Mention(
        start,
        end,
        doc.text[start:end],
        str(iris.minted_entity(name, etype)),
        etype,
        tokens[0].sentence,
        "series",
        CONFIDENCE["series"],
        label=label,
    )


def _distance(a: str, b: str, limit: int = 1) -> int:
    """Levenshtein distance, or `limit + 1` as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
        if min(row) > limit:
            return limit + 1
    return row[-1]


def _fuzzy_single(index: _Index, token: Token) -> tuple[_Key, int] | None:
    memo = (token.norm, token.script)
    if memo not in index.typos:
        if len(index.typos) >= MEMO_LIMIT:
            index.typos.clear()
        index.typos[memo] = _typo(index, token)
    return index.typos[memo]


def _typo(index: _Index, token: Token) -> tuple[_Key, int] | None:
    """A single-word name one edit away from the token (doubled Latin letters count as one).

    A word that is itself a nisba form (البريطانية, one edit from بريطانيا) is no typo.
    """
    common = wordlists.normalized("common-words.txt")
    whole, clitic = _tiers(token)
    if any(r.word in index.nisba for r in (*whole, *clitic)):
        return None
    for reading in (*whole, *clitic):
        latin = token.script == "latin"
        word = _collapse(reading.word) if latin else reading.word
        if len(reading.word) < (FUZZY_MIN_LATIN if latin else FUZZY_MIN_ARABIC) or _is_common(word, common):
            continue
        for variant in _deletions(word):
            for key in index.fuzzy_single.get(variant, ()):
                target = _collapse(key.words[0]) if latin else key.words[0]
                if key.latin == latin and _distance(word, target) <= 1:
                    return key, reading.offset
    return None


def _fuzzy_window(index: _Index, sent: _Sentence, i: int) -> tuple[_Key, int, int] | None:
    """A multiword Arabic name one edit away, anchored on a distinctive word at token i; the first
    word may carry a proclitic ("وبوب بنكن" for بوب بينكن). Returns the key, the first token and
    where the name starts inside it."""
    for key, position in _leads(index, sent.tokens[i]).anchors:
        start, n = i - position, len(key.words)
        if not sent.free(start, n):
            continue
        window = sent.tokens[start : start + n]
        if not all(t.script == "arabic" for t in window):
            continue
        offset = _one_edit(tuple(t.norm for t in window), key.words)
        if offset is not None:
            return key, start, offset
    return None


@lru_cache(maxsize=65536)
def _one_edit(norms: tuple[str, ...], words: tuple[str, ...]) -> int | None:
    """Where the name `words` starts in the first of the Arabic tokens `norms` when they spell it with
    exactly one edit (the first may carry a proclitic); None otherwise. Cached: the same anchored
    windows recur from article to article, and each costs several edit distances."""
    head = [(w, 0) for w in _plain(norms[0])] + [(r.word, r.offset) for r in _clitic(norms[0])]
    first, offset = min(((_distance(w, words[0], 2), o) for w, o in head), default=(3, 0))
    rest = sum(min(_distance(w, k, 2) for w in _plain(norm)) for norm, k in zip(norms[1:], words[1:], strict=True))
    return offset if first + rest == 1 else None


def _by_skeleton(index: _Index, sent: _Sentence, i: int) -> tuple[_Key, int, int] | None:
    """A name spelled another way, the same letter for letter by skeleton ("يوري جاجارين" for يوري
    غاغارين), starting at token i; the first word may carry a proclitic. Not a word with the article,
    a common word or a nationality adjective, which are Arabic words rather than transliterations."""
    for skel, key, offset in _leads(index, sent.tokens[i]).skeletons:
        n = len(skel)
        if sent.free(i, n) and all(_skeleton_match(sent.tokens[i + k], skel[k]) for k in range(1, n)):
            return key, i, offset
    return None


def _transliterable(word: str) -> bool:
    common = wordlists.normalized("common-words.txt")
    return word.isalpha() and not _is_common(word, common)


def _skeleton_match(token: Token, skel: str) -> bool:
    return token.script == "arabic" and _transliterable(token.norm) and _skeleton(token.norm) == skel


def _fuzzy_pass(doc: Document, index: _Index, sent: _Sentence) -> list[Mention]:
    found: list[Mention] = []
    for i, token in enumerate(sent.tokens):
        if sent.covered[i]:
            continue
        single = _fuzzy_single(index, token)
        if single is not None and _blocked(index, sent, i, 1):
            continue  # "منغوليا الداخلية": what the lexicon pass left as another word, a typo does not make a name
        if single is not None and not _names_a_craft(sent, i, single[0].entry):
            found.append(_mention(doc, [token], single[1], single[0].entry, "fuzzy", CONFIDENCE["fuzzy"]))
            sent.take(i, 1)
            continue
        window = _fuzzy_window(index, sent, i) or _by_skeleton(index, sent, i)
        if window is not None and not _names_a_craft(sent, window[1], window[0].entry):
            key, start, offset = window
            tokens = sent.tokens[start : start + len(key.words)]
            found.append(_mention(doc, tokens, offset, key.entry, "fuzzy", CONFIDENCE["fuzzy"]))
            sent.take(start, len(key.words))
    return found


def _merge(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """Join a descriptive name and the name right after it when both are the same entity."""
    merged: list[Mention] = []
    for m in sorted(mentions, key=lambda m: m.start):
        last = merged[-1] if merged else None
        if last and last.entity == m.entity and doc.text[last.end : m.start].isspace():
            start = last.start
            merged[-1] = replace(
                last, end=m.end, text=doc.text[start : m.end], confidence=min(last.confidence, m.confidence)
            )
        else:
            merged.append(m)
    return merged


# ---------------------------------------------------------------- names the lexicon lacks


@dataclass(frozen=True, slots=True)
class _Trigger:
    """A word before a name (`data/arabic/name-triggers.tsv`) and the class the name gets."""

    words: tuple[str, ...]
    etype: str
    least: int
    latin_only: bool


@lru_cache(maxsize=1)
def _triggers() -> Mapping[str, tuple[_Trigger, ...]]:
    """Triggers by their first normalized word, longest first."""
    by_first: dict[str, list[_Trigger]] = {}
    for phrase, etype, least, scripts in wordlists.rows("name-triggers.tsv"):
        words = tuple(w.norm for w in word_tokens(phrase))
        by_first.setdefault(words[0], []).append(_Trigger(words, etype, int(least), scripts == "latin"))
    return {w: tuple(sorted(ts, key=lambda t: -len(t.words))) for w, ts in by_first.items()}


def _name_like(token: Token, covered: bool) -> bool:
    if covered or token.script not in ("arabic", "latin"):
        return False
    if token.script == "latin":
        return True
    common = wordlists.light("common-words.txt")
    if strip_marks(token.text) in common or token.norm in _heads():
        return False
    if token.prefix in ("و", "ف") and strip_marks(token.text[token.stem_start - token.start :]) in common:
        return False  # "وهم", "وفي": a conjunction on a common word
    return strip_article(token.norm) == token.norm  # foreign names carry no article


@lru_cache(maxsize=1)
def _heads() -> frozenset[str]:
    heads = wordlists.normalized("complementizer-heads.txt") | wordlists.normalized("apposition-cues.txt")
    return heads | {c + h for h in heads for c in "وف"}


def _name_after(
    sent: _Sentence,
    i: int,
    latin_only: bool = False,
    index: _Index | None = None,
    person: bool = True,
    quoted: bool = False,
) -> int:
    """How many name-like tokens (at most three) start at token i; a nationality adjective ends the
    name ("مسبار صيني" is a Chinese probe, not a probe named صيني). Unless the name is a person's, an
    Arabic word ending in ta marbuta ends it too: after an indefinite noun that is an adjective or a
    verbal noun ("مهمة علمية", "مهمة لدراسة الشمس"), while transliterated names of craft, missions and
    companies hardly ever end so."""
    n = 0
    while n < MAX_NAME_WORDS and i + n < len(sent.tokens):
        token = sent.tokens[i + n]
        if not _name_like(token, sent.covered[i + n]) or (latin_only and token.script != "latin"):
            break
        if index is not None and _is_nisba(index, token):
            break
        if not (person or quoted) and token.script == "arabic" and strip_marks(token.text).endswith("ة"):
            break
        if person and n >= 2 and token.prefix == "و" and not quoted:
            break  # "جون هاريس وبيتر مالك": a second name, not a third word of the first
        n += 1
    if n:
        n += _series_number(sent, i + n)  # a series number ends the name: "طيبة 1", "تشانغ آه-٧"
    return n


def _series_number(sent: _Sentence, j: int) -> int:
    """How many tokens at j continue a name with its series number: " 15" (one token) or "-٧" / "-A"
    (two, written without spaces); 0 when none."""
    tokens = sent.tokens
    if j >= len(tokens) or not sent.free(j, 1):
        return 0
    first = tokens[j]
    if first.script == "digit" and len(first.norm) <= 3 and first.start == tokens[j - 1].end + 1:
        return 1 + _letter_suffix(sent, j + 1)
    if first.text in "-‐–" and first.start == tokens[j - 1].end and j + 1 < len(tokens) and sent.free(j + 1, 1):
        number = tokens[j + 1]
        letter = number.script == "latin" and len(number.text) == 1 and number.text.isupper()  # "إيجيبت سات-A"
        if number.script == "digit" and len(number.norm) <= 3 and number.start == first.end:
            return 2 + _letter_suffix(sent, j + 2)
        if letter and number.start == first.end:
            return 2
    return 0


def _letter_suffix(sent: _Sentence, j: int) -> int:
    """How many tokens at j end a series number with a letter: written on it ("5B", "2.1b"), after a
    hyphen ("1-ب", "1-A") or spelt out after a space ("3 بي", `data/arabic/letter-names.txt`); 0 if none."""
    tokens = sent.tokens
    if j >= len(tokens) or not sent.free(j, 1):
        return 0
    token, prev = tokens[j], tokens[j - 1]
    if token.start == prev.end and token.script == "latin" and len(token.text) <= 2:
        return 1
    if token.start == prev.end and token.text in _DASHES and j + 1 < len(tokens) and sent.free(j + 1, 1):
        letter = tokens[j + 1]
        single = letter.script in ("arabic", "latin") and len(letter.text) == 1
        return 2 if single and letter.start == token.end and _word_ends(sent, j + 2) else 0
    if token.start == prev.end + 1 and token.norm in wordlists.normalized("letter-names.txt"):
        return 1 if _word_ends(sent, j + 1) else 0
    return 0


def _word_ends(sent: _Sentence, j: int) -> bool:
    """Whether nothing is written onto the token before j (a letter "ب" is not the start of a word)."""
    return j >= len(sent.tokens) or sent.tokens[j].start > sent.tokens[j - 1].end or sent.tokens[j].script == "punct"


def _designated(sent: _Sentence, j: int) -> int:
    """How many tokens at j are a series designator of letters and its number ("تي إم إيه-21" after
    سويوز, "MS-20"): one to three spelt-out or Latin capital letters, then a series number; 0 if none."""
    k = 0
    letters = wordlists.normalized("letter-names.txt")
    while k < 3 and j + k < len(sent.tokens) and sent.free(j + k, 1):
        token = sent.tokens[j + k]
        if not (token.norm in letters or (token.script == "latin" and token.text.isupper() and len(token.text) <= 4)):
            break
        k += 1
    if not k:
        return 0
    width = _series_number(sent, j + k)
    return k + width if width else 0


def _is_nisba(index: _Index, token: Token) -> bool:
    return any(r.word in index.nisba for tier in _tiers(token) for r in tier)


def _trigger_at(sent: _Sentence, i: int) -> _Trigger | None:
    """The trigger phrase at token i (و/ف allowed on its first word), if any."""
    head = sent.tokens[i].norm
    candidates = _triggers().get(head) or (_triggers().get(head[1:]) if head[:1] in "وف" else None)
    for trigger in candidates or ():
        n = len(trigger.words)
        if sent.free(i, n) and all(sent.tokens[i + k].norm == trigger.words[k] for k in range(1, n)):
            return trigger
    return None


@lru_cache(maxsize=1)
def _naming_phrases() -> tuple[tuple[str, ...], ...]:
    """ "تعرف باسم" and the like, as normalized words, longest first."""
    phrases = (tuple(t.norm for t in word_tokens(line)) for line in wordlists.lines("naming-phrases.txt"))
    return tuple(sorted(phrases, key=len, reverse=True))


def _naming_phrase(sent: _Sentence, i: int) -> int:
    """How many tokens at i form a naming phrase ("تعرف باسم"), 0 if none."""
    for words in _naming_phrases():
        n = len(words)
        if i + n <= len(sent.tokens) and all(sent.tokens[i + k].norm == words[k] for k in range(n)):
            return n
    return 0


def _new_entity(doc: Document, tokens: Sequence[Token], etype: str) -> Mention:
    start, end = tokens[0].start, tokens[-1].end
    surface = doc.text[start:end]
    name = " ".join(t.norm for t in tokens)
    return Mention(
        start,
        end,
        surface,
        str(iris.minted_entity(name, etype)),
        etype,
        tokens[0].sentence,
        "pattern",
        CONFIDENCE["pattern"],
        label=surface,
    )


SHORT_WORD = 4
"""Longest Arabic word that, unquoted and alone after a craft noun, is read as a verb or an adjective
("مركبة تحط", "صاروخ عامل") rather than a name: transliterated names are mostly longer or quoted."""


_VERB_WITH_OBJECT = re.compile(
    r"(?:[يتن]\w{2,}(?:ها|هما|هم|هن)|\w{2,}(?:ته|تها|تهم|تهما|وه|وها|وهم|ناه|ناها|ناهم)|[يت]ست\w{2,})"
)
"""An imperfect verb with an object pronoun ("يقودها", "تديرهم"), a perfect one whose subject ending
comes before it ("نفذتها", "أطلقته", "أطلقوها") or an imperfect of the tenth form ("تستمر", "يستغرق"): how a
relative clause on an indefinite noun begins. Transliterated names hardly ever take this shape."""


def _verb_with_object(token: Token) -> bool:
    return token.script == "arabic" and _VERB_WITH_OBJECT.fullmatch(token.stem) is not None


def _short_arabic(token: Token) -> bool:
    return token.script == "arabic" and len(token.norm) <= SHORT_WORD


def _describes(index: _Index, sent: _Sentence, i: int, trigger: _Trigger) -> bool:
    """Whether token i is an adjective between a trigger noun and the name: a nationality, or for
    a craft a word such as القمرية or المدارية (`data/arabic/craft-adjectives.txt`), or any definite
    adjective of relation (ال…ي، ال…ية) or purpose (للاتصالات) in a run of them that a quoted name closes
    ("التلسكوب الأوروبي "إقليدس"", "القمر الصناعي الجزائري للاتصالات "ألكوم سات-1"")."""
    token = sent.tokens[i]
    if _is_nisba(index, token):
        return True
    if trigger.etype in _PERSONS:
        return False
    if token.norm in wordlists.normalized("craft-adjectives.txt"):
        return True
    j = i
    while j < len(sent.tokens) and j - i < _MAX_ADJECTIVES and _modifier(sent.tokens[j]):
        j += 1
    return j > i and j < len(sent.tokens) and sent.tokens[j].text in _QUOTES


def _modifier(token: Token) -> bool:
    return _nisba_shaped(token) or _purpose(token)


def _purpose(token: Token) -> bool:
    """ "للاتصالات", "للأرصاد": what a craft is for, between its noun and its quoted name."""
    return token.script == "arabic" and token.prefix.endswith("لل") and len(token.stem) >= 3


_MAX_ADJECTIVES = 3
"""Most adjectives of relation read between a craft noun and the quoted name after them."""


def _nisba_shaped(token: Token) -> bool:
    """A definite Arabic adjective of relation by its shape: "الأوروبي", "الفضائية", "القمري"."""
    stem = token.norm[2:] if token.norm.startswith("ال") else token.stem if token.prefix.endswith("ال") else ""
    return token.script == "arabic" and len(stem) >= 3 and stem.endswith(("ي", "يه"))


MAX_QUOTED = 5
"""Most words of a quoted name after a trigger noun that is read whole, common words included."""
_DASHES = frozenset("-‐–")


def _quoted_span(sent: _Sentence, i: int) -> int:
    """How many tokens from i run to a closing quotation mark, when they are at most MAX_QUOTED words
    and hyphens that no mention covers ("برنامج "معلم في الفضاء""); 0 otherwise."""
    for j in range(i, min(len(sent.tokens), i + MAX_QUOTED + 1)):
        token = sent.tokens[j]
        if token.text in _QUOTES:  # a quoted word of praise ("التاريخية") is no name: one must be name-like
            return j - i if any(_name_like(t, False) for t in sent.tokens[i:j]) else 0
        if not sent.free(j, 1) or not (token.script in ("arabic", "latin", "digit") or token.text in _DASHES):
            return 0
    return 0


def _after_triggers(doc: Document, index: _Index, sent: _Sentence) -> list[Mention]:
    found: list[Mention] = []
    for i in range(len(sent.tokens)):
        trigger = _trigger_at(sent, i)
        if trigger is None:
            continue
        start = i + len(trigger.words)
        described = start
        while start < len(sent.tokens) and sent.free(start, 1) and _describes(index, sent, start, trigger):
            start += 1  # "القمر الصناعي المصري "طيبة 1"", "مركبة الهبوط القمرية "أكواريوس"": past adjectives
        # "صاروخ أمريكي تجاري": an indefinite noun and an indefinite adjective describe some craft, unnamed;
        # what follows unquoted is one more adjective (a name comes after "الصاروخ الأمريكي", or quoted)
        indefinite = start > described and not any(_definite(sent.tokens[k]) for k in range(i, start))
        start += _naming_phrase(sent, start)  # "مهمة تعرف باسم "ديمو-2""
        if trigger.etype in _PERSONS and start < len(sent.tokens) and sent.free(start, 1):
            word = sent.tokens[start]  # "رائد الفضاء المخضرم ني هاي شنغ": a person's name has no article
            start += word.script == "arabic" and word.prefix == "ال" and len(word.stem) > 2
        quoted = start < len(sent.tokens) and sent.tokens[start].text in _QUOTES
        start += quoted
        latin_only = trigger.latin_only and not quoted  # a quoted name after a definite noun is a name
        n = _name_after(sent, start, latin_only, index, person=trigger.etype in _PERSONS, quoted=quoted)
        if n == 1 and trigger.etype in _PERSONS and _ends_clause(sent, start + 1):
            n = 2  # "رجل الأعمال موريس كان،": a family name that is also a common word, before a comma
        if quoted and trigger.etype not in _PERSONS:
            n = _quoted_span(sent, start) and max(n, _quoted_span(sent, start))  # unclosed: no name
        if n == 1 and not quoted and trigger.etype not in _PERSONS and _short_arabic(sent.tokens[start]):
            continue
        if n and not quoted and _verb_with_object(sent.tokens[start]):
            continue  # "في مهمة يقودها رائد …": a relative clause on the noun, not its name
        if indefinite and not quoted and trigger.etype not in _PERSONS:
            continue
        if not quoted and start < len(sent.tokens) and sent.tokens[start].prefix in ("ل", "لل", "ب", "بال"):
            continue  # "مهمة لاستكشاف حزام الكويكبات": a purpose or a preposition after the noun, not its name
        if n >= trigger.least:
            found.append(_new_entity(doc, sent.tokens[start : start + n], trigger.etype))
            sent.take(start, n)
    return found


def _definite(token: Token) -> bool:
    """Whether a word carries the article ("الصاروخ", "بالمسبار")."""
    return token.prefix.endswith(("ال", "لل")) or token.norm.startswith("ال")


@lru_cache(maxsize=1)
def _name_heads() -> Mapping[str, frozenset[str]]:
    """Head word (normalized) → the classes of names it may be written before (`name-heads.tsv`)."""
    table: dict[str, set[str]] = {}
    for word, group in wordlists.rows("name-heads.tsv"):
        table.setdefault(normalize_str(word), set()).update(_PERSONS if group == "Person" else {group})
    return {w: frozenset(c) for w, c in table.items()}


def _with_heads(doc: Document, sent: _Sentence, found: list[Mention]) -> list[Mention]:
    """Known names with the rank or class noun written right before them taken in ("الأمير سلمان بن
    عبد العزيز", "مدينة كوروليوف"), when no mention has it."""
    out = []
    for m in found:
        first = next((k for k in range(len(sent.tokens)) if sent.tokens[k].end > m.start), 0)
        head = sent.tokens[first - 1] if first else None
        clitic = next((p for p in ("", "و", "ف", "ب", "ل") if head and head.norm[len(p) :] in _name_heads()), None)
        if (
            head is not None
            and clitic is not None
            and m.method in ("lexicon", "fuzzy")
            and sent.tokens[first].start == m.start
            and m.etype in _name_heads()[head.norm[len(clitic) :]]
            and not (clitic and m.etype in _PERSONS)  # "بالأمير سلمان": coreference finds titles at a word's start
            and sent.free(first - 1, 1)
        ):
            sent.take(first - 1, 1)
            start = _start(head, len(clitic))  # "بمدينة كوروليوف": the name starts after ب
            m = replace(m, start=start, text=doc.text[start : m.end])
        out.append(m)
    return out


_MODEL_OF = re.compile(r"[\"”»]?\s*(?:من|وهي من|وهو من) (?:طراز|نوع|فئة)\s*[\"“«]?\s*$")


def _without_models(doc: Document, found: list[Mention]) -> list[Mention]:
    """Without the model a named craft is of ("الكبسولة "فريدم" من طراز "كرو دراغون""): the name
    before it is the craft the text speaks of, the model no participant."""
    ends = {m.end for m in found}
    out = []
    for m in found:
        head = doc.text[max(0, m.start - 30) : m.start]
        model = _MODEL_OF.search(head)
        if model is not None and m.etype in _SERIES:
            named_end = m.start - len(head) + len(head[: model.start()].rstrip(' "”»'))
            if named_end in ends:
                continue
        out.append(m)
    return out


def _in_apposition(doc: Document, sent: _Sentence) -> list[Mention]:
    """ "X Y، المحلل …": a name of 1-3 words before a comma and a describing noun is a Person."""
    cues = wordlists.normalized("apposition-cues.txt")
    heads = _heads()
    found: list[Mention] = []
    for c in range(1, len(sent.tokens) - 1):
        if sent.tokens[c].text not in _COMMAS or sent.tokens[c + 1].norm not in cues:
            continue
        s = c
        while s > 0 and c - s < MAX_NAME_WORDS and _name_like(sent.tokens[s - 1], sent.covered[s - 1]):
            s -= 1
        before = sent.tokens[s - 1] if s > 0 else None
        after_speech = before is not None and before.norm in heads
        at_boundary = before is None or before.script == "punct" or after_speech
        if s < c and at_boundary and (c - s >= 2 or after_speech):
            found.append(_new_entity(doc, sent.tokens[s:c], "Person"))
            sent.take(s, c - s)
    return found


@lru_cache(maxsize=1)
def _list_cues() -> Mapping[str, bool]:
    """List cue (normalized, also with و/ف) → whether it needs a plural of people before it."""
    cues: dict[str, bool] = {}
    for line in wordlists.lines("person-list-cues.txt"):
        word, _, mark = line.partition(" ")
        cues[normalize_str(word)] = mark.strip() == "<after-plural>"
    return {**{c + cue: plural for cue, plural in cues.items() for c in "وف"}, **cues}


def _opens_list(tokens: Sequence[Token], c: int) -> bool:
    """Whether token c opens a list of names: a list cue; هم/هما/هن only after a plural of people."""
    after_plural = _list_cues().get(tokens[c].norm)
    if after_plural is None:
        return False
    if not after_plural:
        return True
    if tokens[c].prefix:
        return False  # "وهم يطفون": "while they …", not "they are …"
    plurals = wordlists.normalized("person-plurals.txt")
    return any(strip_article(t.stem) in plurals or t.norm in plurals for t in tokens[max(0, c - 3) : c])


def _person_lists(doc: Document, index: _Index, sent: _Sentence, found: list[Mention]) -> list[Mention]:
    """Names in a list of people ("هم يريف باش وكفير داماري ويوناتان واينتروب"), after a list cue or
    coordinated with a person already found ("بيغي ويتسون وجون شوفنر"): each unknown item is a Person
    of two or three name-like words; a known person in the list is stepped over. A word with و after
    two name words opens the next item, so a name may itself start with و (يوناتان واينتروب, والي فانك)
    when it is the first item after a cue."""
    tokens = sent.tokens
    persons = [m for m in found if m.etype in _PERSONS]
    ends = {next((k for k in range(len(tokens)) if tokens[k].end >= m.end), len(tokens)) for m in persons}
    out: list[Mention] = []
    starts = [(c + 1, True) for c in range(len(tokens)) if _opens_list(tokens, c)]
    if any(t.stem in _crew_words() or t.norm in _crew_words() for t in tokens):
        for k in sorted(ends):  # "X وY", "X، وY": a name coordinated after a person found
            nxt = k + 2 if k + 2 < len(tokens) and tokens[k + 1].text in _COMMAS else k + 1
            if nxt < len(tokens) and tokens[nxt].prefix.startswith("و"):
                starts.append((nxt, False))
    for i, first in starts:
        while i < len(tokens):
            role = _role_at(tokens, i)  # "والطيار X"، "ومهندس الرحلة X": the role is not part of the name
            if role and i + role < len(tokens):
                i += role
                first = True  # the name after a role is whole, its first letter و included
            token = tokens[i]
            known = next((m for m in persons if m.start in (token.start, token.stem_start)), None)
            if known is not None:
                i = next((k for k in range(i, len(tokens)) if tokens[k].end >= known.end), len(tokens)) + 1
            else:
                # after a comma, "، وساندرا ماغنوس" is "and Sandra …", unless the whole word is a given name
                # ("، وانغ يابينغ")
                after_comma = tokens[i - 1].script == "punct"
                strip = not first and token.prefix == "و" and (not after_comma or token.norm not in _given_names())
                n = _list_item(sent, i, index, strip)
                if n < 2:
                    break
                offset = token.stem_start - token.start if strip else 0
                item = _new_item(doc, tokens[i : i + n], offset)
                out.append(item)
                persons.append(item)
                sent.take(i, n)
                i += n
            first = False
            if i < len(tokens) and tokens[i].text in _COMMAS:
                i += 1
            if i >= len(tokens) or not (tokens[i].prefix == "و" or tokens[i - 1].text in _COMMAS):
                break
    return out


_SON_OF = frozenset({"بن", "بنت", "ابن"})
_CLAUSE_END = frozenset("،,.:؛;")


def _given_named(doc: Document, index: _Index, sent: _Sentence) -> list[Mention]:
    """ "جاريد إيزاكمان", "وأليكسي أوفتشينين": a given name (`data/arabic/given-names.txt`, also after
    و/ف) and the name-like word after it are a Person the lexicon lacks. "بن" joins an Arabic name
    ("سلطان بن سلمان"); an Arabic family name may carry the article when it ends in ي and is not a
    nationality ("هزاع المنصوري", not "محمد المصري"), also after the father's name ("يوسف حمد الشيباني").
    Never a given name alone: "شقيقه مارك" stays
    unnamed, and a name already found is not split."""
    names = wordlists.normalized("given-names.txt")
    common = wordlists.light("common-words.txt")
    tokens = sent.tokens
    found: list[Mention] = []
    i = 0
    while i < len(tokens) - 1:
        tok = tokens[i]
        stripped = tok.norm not in names and tok.prefix in ("و", "ف") and tok.stem in names
        if tok.script != "arabic" or not sent.free(i, 1) or not (tok.norm in names or stripped):
            i += 1
            continue
        if strip_marks(tok.text) in common:  # "أنا قادمة": the pronoun, not آنا (normalized alike)
            i += 1
            continue
        j = i + 1
        if tokens[j].norm in _SON_OF and j + 1 < len(tokens) and sent.free(j, 1):
            j += 1
        last = tokens[j]

        def family_name(k: int) -> bool:
            word = tokens[k]
            return (
                word.script == "arabic"
                and word.prefix == "ال"
                and word.norm.endswith("ي")
                and strip_marks(word.text) not in common
                and not _is_nisba(index, word)
                and sent.free(k, 1)
            )

        family = family_name(j)
        # "ألكسندر ألكسندروف": a family name that opens with a hamza over "ال" has no article
        hamza = last.script == "arabic" and not last.prefix and last.text.startswith(("أل", "إل")) and sent.free(j, 1)
        name = (_name_like(last, sent.covered[j]) and not _is_nisba(index, last)) or family
        name = name or (hamza and strip_marks(last.text) not in common)
        if not name or (j > i + 1 and last.script != "arabic"):
            i += 1
            continue
        if not family and j + 1 < len(tokens) and family_name(j + 1):
            j += 1  # "يوسف حمد الشيباني": a given name, the father's, and the family name
        else:
            j += _third_word(index, sent, j + 1) and not family
        offset = tok.stem_start - tok.start if stripped else 0
        found.append(_new_item(doc, tokens[i : j + 1], offset))
        sent.take(i, j + 1 - i)
        i = j + 1
    return found


def _ends_clause(sent: _Sentence, k: int) -> bool:
    """Whether token k is a free Arabic word without the article, not a complementizer, right before
    a comma, a full stop or a colon."""
    tokens = sent.tokens
    if k + 1 >= len(tokens) or not sent.free(k, 1) or tokens[k].script != "arabic":
        return False
    if "ال" in tokens[k].prefix or tokens[k].norm in _heads():
        return False
    return tokens[k + 1].text in _CLAUSE_END


def _third_word(index: _Index, sent: _Sentence, k: int) -> bool:
    """Whether token k is a third word of a name whose first two were read ("سون تسه تشو،"): a
    name-like word that ends the clause, right before a comma, a full stop or a colon."""
    tokens = sent.tokens
    if k >= len(tokens) or not _name_like(tokens[k], sent.covered[k]) or _is_nisba(index, tokens[k]):
        return False
    if tokens[k].prefix in ("و", "ف"):
        return False  # "جون هاريس وبيتر": a second name
    return k + 1 == len(tokens) or tokens[k + 1].text in _CLAUSE_END


@lru_cache(maxsize=1)
def _crew_words() -> frozenset[str]:
    return wordlists.normalized("crew-context.txt")


_POSSESSIVE = re.compile(r"(?:ه|ها|هم|هما)$")


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    return wordlists.normalized("given-names.txt")


@lru_cache(maxsize=1)
def _crew_roles() -> tuple[tuple[str, ...], ...]:
    """The roles of data/arabic/crew-roles.txt as normalized words, longest first."""
    roles = {tuple(r.split()) for r in wordlists.normalized("crew-roles.txt")}
    return tuple(sorted(roles, key=len, reverse=True))


_COMMANDED = frozenset(normalize_str(w) for w in ("المهمة", "الرحلة", "الطاقم"))


def _role_at(tokens: Sequence[Token], i: int) -> int:
    """How many tokens at i are a crew role before a name ("والطيار", "ومهندس الرحلة"), with what it
    commands; 0 if none."""
    first = tokens[i]
    forms = {first.norm}
    if first.prefix[:1] in ("و", "ف"):
        forms.add(first.norm[1:])
    for role in _crew_roles():
        if i + len(role) > len(tokens) or role[0] not in forms:
            continue
        if all(tokens[i + k].norm == word for k, word in enumerate(role[1:], 1)):
            n = len(role)
            if i + n < len(tokens) and tokens[i + n].norm in _COMMANDED:
                n += 1
            return n
    return 0


def _list_item(sent: _Sentence, i: int, index: _Index, strip: bool) -> int:
    """How many tokens at i form one person's name in a list (0 if it is not one)."""
    n = 0
    while n < MAX_NAME_WORDS and i + n < len(sent.tokens):
        token = sent.tokens[i + n]
        if n == 0 and strip:
            bare = replace(token, text=token.text[token.stem_start - token.start :], norm=token.stem, prefix="")
            if not _name_like(bare, sent.covered[i]) or _is_nisba(index, token) or _POSSESSIVE.search(token.stem):
                return 0
        elif not _name_like(token, sent.covered[i + n]) or _is_nisba(index, token):
            break
        elif n == 0 and _POSSESSIVE.search(token.norm):
            return 0  # "شقيقه مارك": a relative, not a name
        if n >= 2 and token.prefix == "و":
            break
        n += 1
    return n


def _new_item(doc: Document, tokens: Sequence[Token], offset: int) -> Mention:
    mention = _new_entity(doc, tokens, "Person")
    if not offset:
        return mention
    start = tokens[0].start + offset
    surface = doc.text[start : mention.end]
    name = " ".join([tokens[0].norm[offset:], *(t.norm for t in tokens[1:])])
    return replace(mention, start=start, text=surface, label=surface, entity=str(iris.minted_entity(name, "Person")))


# ---------------------------------------------------------------- nisba adjectives


def _nisbas(doc: Document, index: _Index, sent: _Sentence, mentions: list[Mention]) -> list[Mention]:
    """الروسية, ياباني …: the country, even inside a larger mention of another entity."""
    found: list[Mention] = []
    for k, token in enumerate(sent.tokens):
        hit = next(
            ((index.nisba[r.word], r.offset) for tier in _tiers(token) for r in tier if r.word in index.nisba),
            None,
        )
        if hit is None or _ends_place_name(sent, k):
            continue
        entry, offset = hit
        m = _mention(doc, [token], offset, entry, "nisba", CONFIDENCE["nisba"])
        around = [o for o in mentions if o.span.overlaps(m.span)]
        if all(o.span.contains(m.span) and o.entity != m.entity and o.span != m.span for o in around):
            found.append(m)
    return found


_ORG_TYPES = frozenset({"SpaceAgency", "Organization", "NewsOrganization", "Company", "Newspaper"})


def _ends_place_name(sent: _Sentence, k: int) -> bool:
    """Whether the nationality adjective at token k ends a place's name ("غويانا الفرنسية", "بولينيزيا
    الفرنسية"): definite, right after a bare transliterated word no mention holds, with no
    clitic, at the start of the sentence or after a preposition of place or a bracket."""
    token = sent.tokens[k]
    if k == 0 or token.prefix != "ال" or sent.covered[k - 1]:
        return False
    name = sent.tokens[k - 1]
    if name.script != "arabic" or name.prefix or not _name_like(name, False) or not name.norm.endswith("ا"):
        return False
    before = sent.tokens[k - 2].norm if k >= 2 else ""
    return before in ("", "في", "من", "إلى", "الى", "(", "،", ",") or sent.tokens[k - 2].script == "punct"


def _nested_countries(doc: Document, index: _Index, sent: _Sentence, mentions: list[Mention]) -> list[Mention]:
    """ "وكالة الإمارات للفضاء", "وكالة أنباء الإمارات": a country's one-word name inside an
    organization's name, kept like a nationality adjective there (it gives the organization's country)."""
    found: list[Mention] = []
    orgs = [m for m in mentions if m.etype in _ORG_TYPES]
    if not orgs:
        return found
    for token in sent.tokens:
        outer = next((m for m in orgs if m.start <= token.start and token.end <= m.end), None)
        if outer is None:
            continue
        for tier in _tiers(token):
            hit = next(
                (
                    (key, r.offset)
                    for r in tier
                    for key in index.first.get(r.word, ())
                    if len(key.words) == 1 and key.entry.etype == "Country" and key.entry.iri != outer.entity
                ),
                None,
            )
            if hit is not None:
                found.append(_mention(doc, [token], hit[1], hit[0].entry, "nisba", CONFIDENCE["nisba"]))
                break
    return found


_BODY_TYPES = frozenset({"Planet", "CelestialBody"})


_BARE_BODIES: dict[int, tuple[_Index, Mapping[str, LexEntry]]] = {}


def _bare_body_names(index: _Index) -> Mapping[str, LexEntry]:
    """A body's name without the class noun the lexicon writes it with ("أوروبا" of "القمر أوروبا"):
    alone it may be another thing (Europe), in a list of bodies it is the body. Once per index."""
    cached = _BARE_BODIES.get(id(index))
    if cached is not None and cached[0] is index:
        return cached[1]
    out: dict[str, LexEntry] = {}
    for keys in index.first.values():
        for key in keys:
            if len(key.words) == 2 and key.entry.etype in _BODY_TYPES and key.words[0] in _BODY_NOUNS:
                out.setdefault(key.words[1], key.entry)
    if len(_BARE_BODIES) > 8:
        _BARE_BODIES.clear()
    _BARE_BODIES[id(index)] = (index, out)
    return out


_BODY_NOUNS = frozenset(normalize_str(w) for w in ("القمر", "قمر", "الكوكب", "كوكب", "الكويكب", "المذنب"))


def _listed_bodies(doc: Document, index: _Index, sent: _Sentence, found: list[Mention]) -> list[Mention]:
    """ "غانيميد وكاليستو وأوروبا": a body's bare name (`_bare_body_names`) joined by و or a comma to a
    list of bodies is that body."""
    out: list[Mention] = []
    starts = {m.end: m.start for m in found if m.etype in _BODY_TYPES}
    names = _bare_body_names(index)
    listed: dict[int, int] = {}  # token index → how many bodies a list has up to it
    for i, token in enumerate(sent.tokens):
        if token.end in starts:  # the last token of a body's mention: joined to the list at its first
            first = next(k for k in range(i + 1) if sent.tokens[k].end > starts[token.end])
            listed[i] = 1 + _listed_before(sent, first, listed)
            continue
        if not sent.free(i, 1) or _listed_before(sent, i, listed) < 2:
            continue
        word = token.norm if token.norm in names or not token.norm.startswith("و") else token.norm[1:]
        entry = names.get(word)
        if entry is not None:
            out.append(_mention(doc, [token], len(token.norm) - len(word), entry, "lexicon", CONFIDENCE["variant"]))
            listed[i] = 1 + _listed_before(sent, i, listed)
            sent.take(i, 1)
    return out


def _listed_before(sent: _Sentence, i: int, listed: Mapping[int, int]) -> int:
    """How many bodies a list has right before token i, joined to it by و on it or a comma."""
    if i > 0 and sent.tokens[i].norm.startswith("و"):
        return listed.get(i - 1, 0)
    if i > 1 and sent.tokens[i - 1].text in _COMMAS:
        return listed.get(i - 2, 0)
    return 0


_NAMED_FOR = frozenset(normalize_str(w) for w in ("استكشاف", "لاستكشاف", "دراسة", "لدراسة"))


def _nested_bodies(doc: Document, index: _Index, sent: _Sentence, mentions: list[Mention]) -> list[Mention]:
    """ "مشروع الإمارات لاستكشاف المريخ", "برنامج استكشاف القمر": a body's one-word name after استكشاف
    or دراسة inside the name of a mission, craft or program, kept like a nationality adjective there
    (the name says where it goes)."""
    found: list[Mention] = []
    named = [m for m in mentions if m.etype in _SERIES or m.etype == "Program"]
    for k in range(1, len(sent.tokens)) if named else ():
        token = sent.tokens[k]
        outer = next((m for m in named if m.start <= sent.tokens[k - 1].start and token.end <= m.end), None)
        if outer is None or sent.tokens[k - 1].norm not in _NAMED_FOR:
            continue
        for r in _tiers(token)[0]:
            key = next((key for key in index.first.get(r.word, ()) if len(key.words) == 1), None)
            if key is not None and key.entry.etype in _BODY_TYPES:
                found.append(_mention(doc, [token], r.offset, key.entry, "nisba", CONFIDENCE["nisba"]))
                break
    return found


# ---------------------------------------------------------------- entry point


def find_mentions(doc: Document, lexicon: Lexicon) -> list[Mention]:
    """Entity mentions of `doc`, sorted by start; none from boilerplate sentences.

    Mentions do not overlap, except nisba mentions nested in a larger mention of another entity.
    """
    index = _index(lexicon)
    by_sentence: dict[int, list[Token]] = {}
    for token in doc.tokens:
        by_sentence.setdefault(token.sentence, []).append(token)
    mentions: list[Mention] = []
    for sentence in doc.sentences:
        tokens = by_sentence.get(sentence.index, [])
        if sentence.boilerplate or not tokens:
            continue
        sent = _Sentence(tokens, [False] * len(tokens))
        found = _lexicon_pass(doc, index, sent) + _fuzzy_pass(doc, index, sent)
        found = _merge(doc, found)
        found = _with_heads(doc, sent, found)
        found += _listed_bodies(doc, index, sent, found)
        found += _in_apposition(doc, sent) + _after_triggers(doc, index, sent)
        found += _titled(doc, index, sent, found) + _designations(doc, sent)
        found += _person_lists(doc, index, sent, found)
        named = _given_named(doc, index, sent)
        found += named + (_person_lists(doc, index, sent, found + named) if named else [])
        found = [_known_person(index, m) for m in found]
        found = [_hyphenated(doc, sent, m) for m in found]
        found = _without_models(doc, found)
        mentions += found + _nisbas(doc, index, sent, found) + _nested_countries(doc, index, sent, found)
        mentions += _nested_bodies(doc, index, sent, found)
    unmentioned = _unmentioned(lexicon)
    kept = (
        m
        for m in mentions
        if m.entity not in unmentioned and not _dateline(doc.text, m) and not _time_zone(doc.text, m)
    )
    return sorted(kept, key=lambda m: (m.start, -m.end))


def _hyphenated(doc: Document, sent: _Sentence, m: Mention) -> Mention:
    """A new person's family name written with a hyphen ("مايكل لوبيز-أليغريا"): the word after the
    hyphen, when no mention has it and it is no common word, is part of the name."""
    if m.method == "lexicon" or m.etype not in _PERSONS or m.end >= len(doc.text) or doc.text[m.end] not in _DASHES:
        return m
    k = next((k for k, t in enumerate(sent.tokens) if t.start > m.end), None)
    if k is None or sent.tokens[k].start != m.end + 1 or not sent.free(k, 1):
        return m
    word = sent.tokens[k]
    # "أليغريا": a hamza on the alef is no article
    article = _definite(word) and not doc.text[word.start : word.end].startswith(("أل", "إل", "آل"))
    if word.script != "arabic" or article or len(word.norm) < 3:
        return m
    if word.norm in wordlists.normalized("common-words.txt"):
        return m
    sent.take(k, 1)
    name = doc.text[m.start : word.end]
    minted = iris.minted_entity(normalize_str(name).replace("-", " "), m.etype)
    return replace(m, end=word.end, text=name, label=name, entity=str(minted))


def _time_zone(text: str, m: Mention) -> bool:
    """Whether city `m` names a time zone ("بتوقيت بكين", "حسب توقيت موسكو"): a clock, not the place."""
    if m.etype != "City":
        return False
    before = text[max(0, m.start - 12) : m.start].split()
    return bool(before) and normalize_str(before[-1]).endswith(tuple(wordlists.normalized("time-zone-words.txt")))


@lru_cache(maxsize=8)
def _unmentioned(lexicon: Lexicon) -> frozenset[str]:
    """IRIs of the entries listed in `unmentioned.txt` beside the lexicon (launch sites): matched so
    that their words are taken, never mentioned."""
    path = Path(lexicon.directory) / "unmentioned.txt"
    if not path.is_file():
        return frozenset()
    names = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and ln[0] != "#"]
    by_local = {e.iri.rsplit("/", 1)[-1]: e.iri for e in lexicon.entries}
    return frozenset(by_local[n] for n in names if n in by_local)


_DATELINE = re.compile(r"\s*(?:\([^()]{1,30}\)\s*)?[–—-]\s")
_LEADING = " \t\u200f\u200e"


def _dateline(text: str, m: Mention) -> bool:
    """Whether `m` is the place a dateline opens the article with ("بكين –", "كورو (غويانا الفرنسية) –"):
    where the story was filed, not a part of it, so no entity (a country in its brackets still is)."""
    if m.etype != "City" or m.method == "nisba":
        return False
    before = text[: m.start]
    return (not before.strip(_LEADING) or before.endswith("\n")) and _DATELINE.match(text, m.end) is not None


# ---------------------------------------------------------------- minor bodies by designation

_DESIGNATION = re.compile(r"(?:1[89]|20)\d\d")
_DESIGNATION_CODE = re.compile(r"[A-Z]{2}\d{1,3}")


def _designations(doc: Document, sent: _Sentence) -> list[Mention]:
    """ "1998 KY26", "2024 YR4": an asteroid's or comet's provisional designation (a year, then two
    capitals and a number) is a CelestialBody the lexicon lacks."""
    tokens = sent.tokens
    out: list[Mention] = []
    for k in range(len(tokens) - 1):
        year, code = tokens[k], tokens[k + 1]
        if not (_DESIGNATION.fullmatch(year.text) and _DESIGNATION_CODE.fullmatch(code.text)):
            continue
        if code.start == year.end + 1 and sent.free(k, 2):
            out.append(_new_entity(doc, tokens[k : k + 2], "CelestialBody"))
            sent.take(k, 2)
    return out


# ---------------------------------------------------------------- a title before a name


@lru_cache(maxsize=1)
def _org_titles() -> tuple[tuple[str, ...], ...]:
    """Titles held in an organization (`data/arabic/org-titles.txt`), as normalized words, longest first."""
    titles = (tuple(t.norm for t in word_tokens(line)) for line in wordlists.lines("org-titles.txt"))
    return tuple(sorted(titles, key=len, reverse=True))


def _title_ends_at(tokens: Sequence[Token], k: int) -> bool:
    """Whether an organization title ends just before token k (و/ف allowed on its first word)."""
    for words in _org_titles():
        s = k - len(words)
        if s < 0:
            continue
        head = tokens[s].norm
        if head != words[0] and not (head[:1] in "وف" and head[1:] == words[0]):
            continue
        if all(tokens[s + j].norm == words[j] for j in range(1, len(words))):
            return True
    return False


def _token_span(tokens: Sequence[Token], m: Mention) -> tuple[int, int]:
    """The indexes of the first and last tokens of mention `m`."""
    first = next(k for k in range(len(tokens)) if tokens[k].end > m.start)
    last = next((k for k in range(first, len(tokens)) if tokens[k].end >= m.end), len(tokens) - 1)
    return first, last


def _person_at(doc: Document, index: _Index, sent: _Sentence, j: int) -> list[Mention]:
    """A Person of two or three name-like words at token j (a modifier such as السابق stepped over)."""
    if j < len(sent.tokens) and sent.free(j, 1) and sent.tokens[j].norm in wordlists.normalized("title-modifiers.txt"):
        j += 1
    n = _name_after(sent, j, index=index)
    if n < 2 or any(t.script == "digit" for t in sent.tokens[j : j + n]):
        return []
    sent.take(j, n)
    return [_new_entity(doc, sent.tokens[j : j + n], "Person")]


def _titled(doc: Document, index: _Index, sent: _Sentence, found: list[Mention]) -> list[Mention]:
    """Persons the lexicon lacks, named after a title held in a known organization ("مدير ناسا توماس
    بين", "المتحدث باسم روسكوزموس فلاديمير أوستيموف"). (A nationality standing for a person before a
    name, "إلى جانب الفرنسي باتريك بودري", was tried too: on unseen articles it found no one the other
    passes missed and made a wrong person and a wrong claim, so it is left out.)"""
    tokens = sent.tokens
    out: list[Mention] = []
    for m in found:
        if m.etype in _ORG_TYPES:
            first, last = _token_span(tokens, m)
            if _title_ends_at(tokens, first):
                out += _person_at(doc, index, sent, last + 1)
    return out
