"""Coreference news needs: merged name+acronym spans, capitals standing for their country,
demonstrative noun phrases ("هذا الكوكب"), bare definite nouns ("وكانت الرحلة قد انطلقت"), titles and
surnames after speech verbs ("وأضاف لان"), and pronouns attached to event nouns ("متوقعا إطلاقها"),
each resolved by class, recency and, for pronouns, grammatical gender (`agreement`, `gender_of`, which
the frames also use for a subject the verb leaves out)."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cache

from kg import iris
from kg.lexicon import Lexicon, broader
from kg.model import DateMention, Document, Mention, Token
from kg.text import wordlists
from kg.text.normalize import normalize_str, strip_marks

_DATELINE = re.compile(r"\s*(?:\([^()]{1,30}\)\s*)?[–—-]\s")
_QUOTES = frozenset("\"'«»“”")
_BETWEEN_SAME = re.compile(r"^[\s(\[]*$|^\s*[(\[]\s*$")
_CLOSE = re.compile(r"^\s*[)\]]")
_PAREN_ALIAS = re.compile(r"^[\s\"”“']*[(\[][\s\"“']*$")


def resolve(
    doc: Document,
    mentions: list[Mention],
    lexicon: Lexicon,
    speech_verbs: Iterable[str],
    dates: Sequence[DateMention] = (),
) -> list[Mention]:
    """All the steps, in order; returns the mentions sorted by position. `dates` (resolved) let a
    capital stand for the state of its time."""
    merged = merge_adjacent(doc.text, mentions)
    latest = _latest_by_sentence(dates)
    metonyms = [_metonymy(doc, m, lexicon, latest.get(m.sentence)) for m in merged]
    demonstrated = demonstratives(doc, metonyms, lexicon)
    found = metonyms + demonstrated + surnames(doc, metonyms, speech_verbs)
    found += titled_references(doc, found)
    found += definites(doc, metonyms, demonstrated, lexicon)
    found += possessed_surfaces(doc, metonyms, lexicon)
    found += attached_pronouns(doc, found, lexicon)
    return sorted(found, key=lambda m: (m.start, -m.end))


def merge_adjacent(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "وكالة الفضاء الأمريكية ناسا", "محطة الفضاء الدولية (ISS)": one entity named twice in a row."""
    top = sorted((m for m in mentions if m.method != "nisba"), key=lambda m: m.start)
    out: list[Mention] = []
    alias: dict[str, str] = {}
    for m in top:
        prev = out[-1] if out else None
        if prev is not None and prev.entity == m.entity and prev.sentence == m.sentence:
            gap = text[prev.end : m.start]
            if _BETWEEN_SAME.match(gap):
                end = m.end
                close = _CLOSE.match(text[end:])
                if "(" in gap or "[" in gap:
                    end = end + close.end() if close else end
                out[-1] = replace(
                    prev, end=end, text=text[prev.start : end], confidence=max(prev.confidence, m.confidence)
                )
                continue
        if (
            prev is not None
            and m.entity.startswith(iris.RESOURCE_NEW)
            and prev.etype == m.etype
            and prev.entity != m.entity
            and prev.sentence == m.sentence
            and _PAREN_ALIAS.match(text[prev.end : m.start])
            and _CLOSE.match(text[m.end :])
        ):  # 'مهمة "إس تي إس-31" (STS-31)': a name the lexicon lacks, given again in brackets
            alias.setdefault(m.entity, prev.entity)
            m = replace(m, entity=alias[m.entity])
        out.append(m)
    if alias:  # the bracketed name elsewhere is the same entity
        out = [replace(m, entity=alias[m.entity]) if m.entity in alias else m for m in out]
    return out + [m for m in mentions if m.method == "nisba"]


def _metonymy(doc: Document, m: Mention, lexicon: Lexicon, latest: str | None = None) -> Mention:
    """A capital acting in the sentence stands for its country's government; for the state of its
    time when every date the sentence states is older (data/arabic/historical-capitals.tsv)."""
    entry = lexicon.get(m.entity)
    if entry is None or not entry.capital_of or m.etype != "City":
        return m
    before = doc.text[max(0, m.start - 12) : m.start].split()
    head = normalize_str(before[-1]) if before else ""
    locatives = wordlists.normalized("locative-prepositions.txt")
    dateline = not doc.text[: m.start].strip(" \t\u200f\u200e") or doc.text[: m.start].endswith("\n")
    if head in locatives or (dateline and _DATELINE.match(doc.text, m.end)):
        return m  # "في موسكو", or a dateline opening the text ("بكين – أطلقت الصين …"): the city itself
    state = entry.capital_of
    for until, former in _historical().get(m.entity.rsplit("/", 1)[-1], ()):
        if latest is not None and latest < until and lexicon.get(_sibling(entry.capital_of, former)):
            state = _sibling(entry.capital_of, former)
            break
    country = lexicon.get(state)
    etype = country.etype if country else "Country"
    return replace(m, entity=state, etype=etype, method="metonymy", confidence=min(m.confidence, 0.8))


def _sibling(iri: str, local: str) -> str:
    """The IRI with the same namespace as `iri` and local name `local`."""
    return iri.rsplit("/", 1)[0] + "/" + local


@cache
def _historical() -> dict[str, tuple[tuple[str, str], ...]]:
    """Capital (local name) → (until, state it stood for) pairs."""
    table: dict[str, list[tuple[str, str]]] = {}
    for capital, state, until in wordlists.rows("historical-capitals.tsv"):
        table.setdefault(capital, []).append((until, state))
    return {k: tuple(sorted(v)) for k, v in table.items()}


def _latest_by_sentence(dates: Sequence[DateMention]) -> dict[int, str]:
    """The latest date each sentence states or resolves (ISO text, so comparable as strings)."""
    latest: dict[int, str] = {}
    for d in dates:
        if d.value is not None and d.kind != "duration":
            latest[d.sentence] = max(latest.get(d.sentence, ""), d.value.value)
    return latest


@cache
def _anaphora(bare_only: bool = False) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Back-referring nouns: noun → (classes it may name, entities it never names); with `bare_only`,
    only the nouns that refer back on their own, without a demonstrative."""
    table: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    for row in wordlists.rows("anaphora.tsv"):
        noun, classes = row[0], row[1]
        excluded = row[2] if len(row) > 2 else "-"
        if bare_only and (len(row) < 4 or row[3] not in ("yes", "subject")):
            continue
        table[normalize_str(noun)] = (
            frozenset(classes.split()),
            frozenset() if excluded == "-" else frozenset(excluded.split()),
        )
    return table


@cache
def _adjunct_only() -> frozenset[str]:
    """Nouns that refer back only where no preposition governs them (anaphora.tsv, "subject")."""
    rows = wordlists.rows("anaphora.tsv")
    return frozenset(normalize_str(row[0]) for row in rows if len(row) > 3 and row[3] == "subject")


def _in_adjunct(tokens: tuple[Token, ...], i: int) -> bool:
    """Whether the word at token i (a noun, or the demonstrative before one) stands in a phrase of time or
    circumstance: joined to ب/ل, or right after a word of data/arabic/adjunct-heads.txt ("في الرحلة")."""
    tok = tokens[i]
    if tok.prefix.lstrip("وف")[:1] in ("ب", "ل"):
        return True
    if i == 0 or tokens[i - 1].sentence != tok.sentence:
        return False
    before = tokens[i - 1]
    if before.norm in wordlists.normalized("demonstratives.txt"):  # "قبل هذه الرحلة"
        return _in_adjunct(tokens, i - 1)
    heads = wordlists.normalized("adjunct-heads.txt")
    return before.norm in heads or (before.norm[:1] in "وف" and before.norm[1:] in heads)


@cache
def _class_order() -> dict[str, tuple[str, ...]]:
    """Noun → the classes it names, in the order listed ("المهمة" a Mission, before a probe or lander)."""
    return {normalize_str(row[0]): tuple(row[1].split()) for row in wordlists.rows("anaphora.tsv")}


def demonstratives(doc: Document, mentions: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """ "هذا الكوكب" → the last mentioned entity of a class the noun can name."""
    table = _anaphora()
    demos = wordlists.normalized("demonstratives.txt")
    tokens = doc.tokens
    recent = _Recent(mentions)
    found: list[Mention] = []
    for i, tok in enumerate(tokens[:-1]):
        if tok.stem not in demos and tok.norm not in demos:
            continue
        noun = tokens[i + 1]
        spec = table.get(noun.norm) or table.get(noun.stem)
        if spec is None or noun.sentence != tok.sentence:
            continue
        if (noun.norm in _adjunct_only() or "ال" + noun.stem in _adjunct_only()) and _in_adjunct(tokens, i):
            continue
        ante = recent.last(tok.start, spec, lexicon)
        if ante is not None:
            text = doc.text[tok.start : noun.end]
            found.append(_pointing(tok.start, noun.end, text, tok.sentence, ante, 0.7))
    return found


# How far back (in sentences) a bare definite noun looks for what it refers to.
BARE_REACH = 2


def definites(doc: Document, mentions: list[Mention], taken: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """ "وكان المسبار قد انطلق": a definite noun alone → the last entity of its class named (or referred
    to this way) in this or the previous two sentences.

    Not when the noun heads a name or a description of its own ("المسبار الأمل", "المركبة الهندية
    شاندرايان 3"), when a word such as "الجديدة" says it is another one, or when it lies inside a
    mention or a demonstrative phrase already found.
    """
    table = _anaphora(bare_only=True)
    if not table:
        return []
    modifiers = wordlists.normalized("non-anaphoric-modifiers.txt")
    named = {m.start: m for m in mentions if m.method != "nisba"}
    nisba_starts = {m.start for m in mentions if m.method == "nisba"}
    spans = sorted([(m.start, m.end) for m in mentions if m.method != "nisba"] + [(m.start, m.end) for m in taken])
    starts = [a for a, _ in spans]
    reach = list(itertools.accumulate((b for _, b in spans), max))
    recent, chained = _Recent(mentions), _Recent()  # a chain: "المهمة" again refers to what "المهمة" did before
    tokens = doc.tokens
    headed = _by_head(tokens, mentions)
    found: list[Mention] = []
    for i, tok in enumerate(tokens):
        if tok.script != "arabic" or not tok.prefix.endswith(("ال", "لل")):
            continue
        spec = table.get("ال" + tok.stem)
        if spec is None:
            continue
        start = tok.stem_start - (2 if tok.prefix.endswith("ال") else 1)
        if _overlaps(starts, reach, start, tok.end):
            continue
        if _heads_a_name(tokens, i, named, nisba_starts, modifiers, spec[0], lexicon):
            continue
        if "ال" + tok.stem in _adjunct_only() and _in_adjunct(tokens, i):
            continue
        since = tok.sentence - BARE_REACH
        ante = None
        # the classes in the order listed ("المهمة": a mission, else a probe, … a rover last): a noun
        # names the main craft in reach before a part of it ("العربة الجوالة يوتو-2")
        for cls in _class_order().get("ال" + tok.stem, ()):
            one = (frozenset({cls}), spec[1])
            ante = _latest(recent.last(start, one, lexicon, since), chained.last(start, one, lexicon, since))
            if ante is not None:
                break
        if ante is None:  # nothing of its class in reach: no antecedent, even if the article named only one
            continue
        same_noun = headed[tok.stem].last(start, spec, lexicon, since) if tok.stem in headed else None
        if same_noun is not None:  # "منظمة سبيس آي إل … رئيس المنظمة": the one named with the same noun first
            ante = same_noun
        elif _rival(recent, ante, spec[1], lexicon, cls_of=_class_order().get("ال" + tok.stem, ())):
            continue  # "وقعت وكالة الفضاء السعودية مذكرة مع وكالة الفضاء الفرنسية … للوكالة": which one?
        found.append(_pointing(start, tok.end, doc.text[start : tok.end], tok.sentence, ante, 0.6))
        chained.add(found[-1])
    return found


def _rival(
    recent: _Recent, ante: Mention, excluded: frozenset[str], lexicon: Lexicon, cls_of: tuple[str, ...]
) -> bool:
    """Whether another entity of the antecedent's class is named in the antecedent's sentence before it:
    a definite noun then names either, and the last one is only a guess."""
    classes = frozenset(cls_of) & _kinds(ante, lexicon)
    if not classes:
        return False
    other = recent.last(ante.start, (classes, excluded | {ante.entity.rsplit("/", 1)[-1]}), lexicon, ante.sentence)
    return other is not None and other.entity != ante.entity


def _by_head(tokens: tuple[Token, ...], mentions: list[Mention]) -> dict[str, _Recent]:
    """Mentions by the noun that stands right before them ("منظمة" in 'منظمة "سبيس آي إل"'), keyed
    by that noun's stem, a quotation mark between allowed."""
    ends = [t.end for t in tokens]
    out: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.method == "nisba":
            continue
        k = bisect.bisect_right(ends, m.start) - 1
        while k >= 0 and tokens[k].text in _QUOTES:
            k -= 1
        if k >= 0 and tokens[k].sentence == m.sentence and tokens[k].script == "arabic":
            out.setdefault(tokens[k].stem, []).append(m)
    return {stem: _Recent(ms) for stem, ms in out.items()}


_BODIES = (frozenset({"CelestialBody", "Planet"}), frozenset({"Earth"}))


def possessed_surfaces(doc: Document, mentions: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """ "تستعد المركبة للهبوط على سطحه": سطحه → the last celestial body (not the Earth) named in this or
    the previous two sentences; the whole word is the mention, so "على سطحه" reads "على سطح X"."""
    surfaces = wordlists.normalized("possessed-surfaces.txt")
    recent = _Recent(mentions)
    found: list[Mention] = []
    for tok in doc.tokens:
        if tok.norm not in surfaces and (tok.norm[1:] not in surfaces or tok.norm[:1] not in "وف"):
            continue
        ante = recent.last(tok.start, _BODIES, lexicon, since=tok.sentence - BARE_REACH)
        if ante is not None:
            found.append(_pointing(tok.start, tok.end, tok.text, tok.sentence, ante, 0.6))
    return found


def _heads_a_name(
    tokens: tuple[Token, ...],
    i: int,
    named: dict[int, Mention],
    nisba_starts: set[int],
    modifiers: frozenset[str],
    kinds: frozenset[str],
    lexicon: Lexicon,
) -> bool:
    """Whether the noun at token i is followed (past nationality adjectives) by a name of its own
    kind ("المسبار الأمل"), by a Latin name, or by a word that makes it another one of its kind.
    A name of another kind is not its own: in "وأطلقت الشركة مركبة نيو شيبرد" the craft is the
    object."""
    j = i + 1
    quoted = False
    adjectives = wordlists.normalized("craft-adjectives.txt")
    while (
        j < len(tokens)
        and tokens[j].sentence == tokens[i].sentence
        and (tokens[j].start in nisba_starts or tokens[j].text in _QUOTES or tokens[j].norm in adjectives)
    ):
        quoted = quoted or tokens[j].text in _QUOTES
        j += 1
    if j >= len(tokens) or tokens[j].sentence != tokens[i].sentence:
        return False
    nxt = tokens[j]
    m = named.get(nxt.start) or named.get(nxt.stem_start)
    if m is not None:  # a quoted name names the noun whatever its class: المركبة "فوستوك 1"
        return quoted or bool(_kinds(m, lexicon) & kinds)
    if nxt.script == "latin":
        return True
    definite = nxt.prefix.endswith(("ال", "لل"))
    return nxt.norm in modifiers or (definite and "ال" + nxt.stem in modifiers)


def _kinds(m: Mention, lexicon: Lexicon) -> set[str]:
    """The classes of a mention's entity, with their superclasses."""
    entry = lexicon.get(m.entity)
    kinds = set(entry.types) | {m.etype} if entry else {m.etype}
    return kinds | {s for k in tuple(kinds) for s in broader(k)}


class _Recent:
    """Mentions ordered by where they start, to find the last one before a point without a scan of
    all of them (an article of 2 MB has some 50,000). Among mentions starting at one offset, the one
    listed first comes first, as in a stable sort."""

    def __init__(self, mentions: Iterable[Mention] = ()) -> None:
        ordered = sorted(enumerate(mentions), key=lambda im: (im[1].start, -im[0]))
        self.items: list[Mention] = [m for _, m in ordered]
        self.starts: list[int] = [m.start for m in self.items]

    def add(self, m: Mention) -> None:
        """Append a mention that starts at or after every one held."""
        self.items.append(m)
        self.starts.append(m.start)

    def last(
        self,
        before: int,
        spec: tuple[frozenset[str], frozenset[str]],
        lexicon: Lexicon,
        since: int = -1,
    ) -> Mention | None:
        """The last non-nisba mention ending by `before` whose entity has one of the spec's classes
        and is not excluded; None when one from a sentence before `since` would come first."""
        classes, excluded = spec
        for k in range(bisect.bisect_left(self.starts, before) - 1, -1, -1):
            m = self.items[k]
            if m.end > before or m.method == "nisba":
                continue
            if m.sentence < since:
                return None
            local = m.entity.rsplit("/", 1)[-1]
            if local not in excluded and _kinds(m, lexicon) & classes:
                return m
        return None


def _latest(*found: Mention | None) -> Mention | None:
    """The one starting last; on a tie the one listed first."""
    best: Mention | None = None
    for m in found:
        if m is not None and (best is None or m.start > best.start):
            best = m
    return best


# Proclitics a surname alone may carry: a conjunction and the prepositions ل and ب (no article).
_SURNAME_CLITICS = frozenset({"و", "ف", "ل", "ب", "ول", "وب", "فل", "فب"})


def surnames(doc: Document, mentions: list[Mention], speech_verbs: Iterable[str]) -> list[Mention]:
    """ "وأضاف لان", "بقي كولينز في المدار": the last word of a person named earlier, alone. After a
    speech verb any such word; elsewhere only one of at least four letters that is not a common word
    ("كان" is "was" far more often than Maurice Kahn)."""
    verbs = {normalize_str(v) for v in speech_verbs}
    common = wordlists.normalized("common-words.txt")
    known: dict[str, Mention] = {}
    first_names: dict[str, Mention] = {}
    found: list[Mention] = []
    spans = sorted((m.start, m.end) for m in mentions)
    starts = [a for a, _ in spans]
    reach = list(itertools.accumulate((b for _, b in spans), max))  # the furthest end of spans[:k + 1]
    tokens: tuple[Token, ...] = doc.tokens
    persons = sorted((m for m in mentions if m.etype in {"Person", "Astronaut"}), key=lambda m: (m.end, m.start))
    next_person = 0  # persons ending before the current token are known (one pass: both are sorted)
    for i, tok in enumerate(tokens):
        while next_person < len(persons) and persons[next_person].end <= tok.start:
            p = persons[next_person]
            next_person += 1
            words = normalize_str(p.text).split()
            if len(words) > 1:
                known[words[-1]] = known.get(words[-1], p)
            if len(words) == 3 and not words[0].startswith("ال") and "بن" not in words:
                first_names.setdefault(words[0], p)  # "يانغ لي وي": the family name may come first
        if not known or tok.script != "arabic" or _overlaps(starts, reach, tok.start, tok.end):
            continue
        after_verb = i > 0 and (tokens[i - 1].stem in verbs or tokens[i - 1].norm in verbs)
        word, start = tok.norm, tok.start
        person = known.get(word) or first_names.get(word)
        if person is None and tok.prefix in _SURNAME_CLITICS:  # "وكولينز", "سبق لنوغوتشي أن طار"
            word, start = tok.stem, tok.stem_start
            person = known.get(word) or first_names.get(word)
        if person is None or not (after_verb or (len(word) >= 4 and word not in common)):
            continue
        cap = 0.75 if after_verb else 0.6
        found.append(_pointing(start, tok.end, doc.text[start : tok.end], tok.sentence, person, cap))
    return found


@cache
def _hosts() -> dict[str, tuple[frozenset[str], str, frozenset[str]]]:
    """Noun (normalized) → (classes its attached pronoun may name, the word that must follow or "",
    the words one of which must come before, or none)."""
    out: dict[str, tuple[frozenset[str], str, frozenset[str]]] = {}
    for row in wordlists.rows("pronoun-hosts.tsv"):
        follow = row[2] if len(row) > 2 and row[2] != "-" else ""
        precede = row[3].split() if len(row) > 3 and row[3] != "-" else []
        out[normalize_str(row[0])] = (
            frozenset(row[1].split()),
            normalize_str(follow),
            frozenset(normalize_str(w) for w in precede),
        )
    return out


@cache
def _genders() -> dict[str, str]:
    """Noun (normalized) or class → "m" or "f" (data/arabic/noun-gender.tsv)."""
    return {normalize_str(row[0]): row[1] for row in wordlists.rows("noun-gender.tsv")}


# The attached pronouns of the third person singular, longest first, with their gender.
_SUFFIXES = (("ها", "f"), ("ه", "m"))
# How many words before a name may hold the noun that introduced it ('وحدة الخدمة "زفيزدا"').
GENDER_REACH = 3


def attached_pronouns(doc: Document, mentions: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """ "متوقعا إطلاقها العام المقبل", "بعد 73 ثانية من إقلاعه": the pronoun attached to a noun of
    data/arabic/pronoun-hosts.tsv → the nearest entity before it, in its sentence or the one before, of
    the noun's classes and of the pronoun's gender (ها feminine, ه masculine: noun-gender.tsv). The
    pronoun alone is the mention, so that "إطلاقها" reads "إطلاق X". Not a feminine noun's ة ("انطلاقة")."""
    hosts = _hosts()
    tokens = doc.tokens
    starts = [t.start for t in tokens]
    spans = sorted((m.start, m.end) for m in mentions)
    span_starts = [a for a, _ in spans]
    reach = list(itertools.accumulate((b for _, b in spans), max))
    recent = _Recent([m for m in mentions if m.method != "nisba"])
    found: list[Mention] = []
    for i, tok in enumerate(tokens):
        if tok.script != "arabic":
            continue
        suffix, gender = next(((x, g) for x, g in _SUFFIXES if tok.text.endswith(x)), ("", ""))
        if not suffix:
            continue
        host = hosts.get(tok.stem[: -len(suffix)]) or hosts.get(tok.norm[: -len(suffix)])
        if host is None:
            continue
        classes, follow, precede = host
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if follow and (nxt is None or nxt.sentence != tok.sentence or nxt.norm != follow):
            continue
        if precede and (i == 0 or tokens[i - 1].sentence != tok.sentence or tokens[i - 1].norm not in precede):
            continue
        start = tok.end - len(suffix)
        if _overlaps(span_starts, reach, tok.start, tok.end) or _resumptive(tokens, i):
            continue
        ante = _agreeing(recent, start, tok.sentence - 1, classes, gender, tokens, starts, lexicon)
        if ante is not None:
            found.append(_pointing(start, tok.end, doc.text[start : tok.end], tok.sentence, ante, 0.6))
    return found


_RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذان", "اللتان"})


def _resumptive(tokens: tuple[Token, ...], i: int) -> bool:
    """Whether the word at token i stands in a relative clause, up to two words after its pronoun
    ('"نيو غلين" الثقيل، الذي تعتزم إطلاقه'): its pronoun names the relative's head, which the frames
    take themselves (relations._relative_antecedent)."""
    return any(t.norm in _RELATIVES and t.sentence == tokens[i].sentence for t in tokens[max(0, i - 3) : i])


def _governed(tokens: tuple[Token, ...], starts: list[int], m: Mention) -> bool:
    """Whether a preposition governs the mention ("في المحطة", "بالمحطة"): a pronoun after it names a
    subject or object of the clauses before, not a place or a circumstance."""
    k = bisect.bisect_left(starts, m.start)
    if k < len(tokens) and tokens[k].start == m.start and tokens[k].prefix.lstrip("وف")[:1] in ("ب", "ل"):
        return True
    if k < len(tokens) and tokens[k].start < m.start:  # the mention starts after a clitic of its word
        return tokens[k].prefix.lstrip("وف")[:1] in ("ب", "ل")
    return k > 0 and tokens[k - 1].norm in wordlists.normalized("adjunct-heads.txt")


def _agreeing(
    recent: _Recent,
    before: int,
    since: int,
    classes: frozenset[str],
    gender: str,
    tokens: tuple[Token, ...],
    starts: list[int],
    lexicon: Lexicon,
) -> Mention | None:
    """The last mention ending by `before`, from sentence `since` on, of one of `classes` and of
    grammatical gender `gender`; None when the nearest of those classes does not agree (a pronoun
    skips no nearer candidate of its kind whose gender is unknown)."""
    for k in range(bisect.bisect_left(recent.starts, before) - 1, -1, -1):
        m = recent.items[k]
        if m.end > before:
            continue
        if m.sentence < since:
            return None
        if not (_kinds(m, lexicon) & classes) or _governed(tokens, starts, m):
            continue
        found = _gender_of(m, tokens)
        if found == gender:
            return m
        if found is None:
            return None
    return None


def gender_of(doc: Document, m: Mention) -> str | None:
    """The grammatical gender ("m" or "f") of what a mention names, as a pronoun or verb agrees with it."""
    return _gender_of(m, doc.tokens)


def agreement(word: str) -> str | None:
    """The gender a verb or a noun with an attached pronoun shows of its subject or owner, read from its
    original spelling: "انطلقت", "تدخل", "إقلاعها" feminine; "يدخل", "إقلاعه" masculine. None when the
    word does not show it: a bare perfect ("انطلق" may be a noun's spelling too), a dual or plural
    ("انطلقتا", "يدوران"), a noun ("دورة", "المدار")."""
    w = strip_marks(word.strip())
    w = w[1:] if w[:1] in ("و", "ف") and len(w) > 3 else w
    w = w[1:] if w[:1] == "س" and w[1:2] in ("ت", "ي") else w
    if len(w) < 3 or w.startswith("ال"):
        return None
    if w.endswith("ها"):
        return "f"
    if w.endswith(("ا", "ان", "ون", "ة")):
        return None
    if (w.startswith("ت") and len(w) >= 4) or w.endswith("ت"):
        return "f"
    if w.endswith("ه") or w.startswith("ي"):
        return "m"
    return None


def _gender_of(m: Mention, tokens: tuple[Token, ...]) -> str | None:
    """The gender of a mention: of the noun it is ("المسبار"), opens with ("مسبار الأمل") or follows
    within GENDER_REACH words ('المركبة الروسية "سويوز"'), else of its class."""
    genders = _genders()
    words = normalize_str(m.text).split()
    if words:
        first = words[0]
        for head in (first, first[2:] if first.startswith("ال") else first, first[1:] if first[:1] in "لب" else first):
            if head in genders:
                return genders[head]
    k = bisect.bisect_left(tokens, m.start, key=lambda t: t.start) - 1
    for tok in tokens[max(0, k - GENDER_REACH + 1) : k + 1][::-1]:
        if tok.sentence != m.sentence:
            break
        if tok.stem in genders:
            return genders[tok.stem]
    return genders.get(m.etype)


_PERSONS = frozenset({"Person", "Astronaut"})
# How many words may stand between a phrase that introduces a person and their name ("ويقود المهمة
# رائد الفضاء المخضرم ني هاي شنغ").
TITLE_GAP = 3


@cache
def _titles() -> tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], ...]:
    """(title words, the phrases that introduce a person with it), longest title first, normalized."""
    table = [
        (tuple(normalize_str(row[0]).split()), tuple(tuple(normalize_str(p).split()) for p in row[1].split("|")))
        for row in wordlists.rows("title-anaphora.tsv")
    ]
    return tuple(sorted(table, key=lambda t: -len(t[0])))


def _word(tok: Token, first: bool) -> str:
    """A token's normalized form, without a و/ف before the first word of a phrase."""
    if first and tok.prefix[:1] in ("و", "ف") and tok.norm[:1] in ("و", "ف"):
        return tok.norm[1:]
    return tok.norm


def _matches(tokens: tuple[Token, ...], at: int, words: tuple[str, ...]) -> bool:
    if at < 0 or at + len(words) > len(tokens):
        return False
    run = tokens[at : at + len(words)]
    return all(t.sentence == run[0].sentence for t in run) and all(
        w in (_word(t, k == 0), _definite(t)) for k, (t, w) in enumerate(zip(run, words, strict=True))
    )


def _definite(tok: Token) -> str:
    """ "بالأمير" as "الأمير": a definite word with a preposition before it."""
    return "ال" + tok.stem if tok.prefix.endswith(("ال", "لل")) else tok.norm


def titled_references(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """ "وقال الأمير إن …", "قال قائد المهمة إن …", "الأمير سلطان": a title alone (data/arabic/
    title-anaphora.tsv), or with the first word of the name, refers to the person the article
    introduced with it, while that person is the only one so introduced."""
    introduced = _introductions(doc.tokens, mentions)
    if not introduced:
        return []
    tokens = doc.tokens
    spans = sorted((m.start, m.end) for m in mentions)
    starts = [a for a, _ in spans]
    reach = list(itertools.accumulate((b for _, b in spans), max))
    mention_starts = {m.start for m in mentions}
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for title in introduced:
        by_first.setdefault(title[0], []).append(title)
    found: list[Mention] = []
    for i, tok in enumerate(tokens):
        if tok.script != "arabic":
            continue
        candidates = by_first.get(_word(tok, True), []) + by_first.get(_definite(tok), [])
        matching = [t for t in sorted(candidates, key=len, reverse=True) if _matches(tokens, i, t)]
        if not matching:
            continue
        title = matching[0]
        end_tok = tokens[i + len(title) - 1]
        start = tok.start if _word(tok, True) == tok.norm else tok.stem_start
        if _overlaps(starts, reach, start, end_tok.end):
            continue
        person, first = introduced[title].only_before(tok.start)
        if person is None:
            continue
        end = end_tok.end
        nxt = tokens[i + len(title)] if i + len(title) < len(tokens) else None
        if nxt is not None and nxt.sentence == tok.sentence and first and nxt.norm == first:
            end = nxt.end  # "الأمير سلطان"
        elif nxt is not None and nxt.start in mention_starts:
            continue  # a title before a name of its own introduces someone
        found.append(_pointing(start, end, doc.text[start:end], tok.sentence, person, 0.6))
    return found


class _Introduced:
    """The people introduced with one title, in text order: who it names at a point (only while one
    person has been introduced with it), found by bisection."""

    def __init__(self) -> None:
        self.at: list[int] = []
        self.people: list[tuple[Mention, str]] = []
        self.second: int | None = None
        """Where someone other than the first person is introduced (from there the title is unclear)."""

    def add(self, at: int, person: Mention, first: str) -> None:
        if self.second is None and self.people and self.people[0][0].entity != person.entity:
            self.second = at
        self.at.append(at)
        self.people.append((person, first))

    def only_before(self, pos: int) -> tuple[Mention | None, str]:
        if not self.at or self.at[0] >= pos or (self.second is not None and self.second < pos):
            return None, ""
        return self.people[0]


def _introductions(tokens: tuple[Token, ...], mentions: list[Mention]) -> dict[tuple[str, ...], _Introduced]:
    """Title → the people introduced with one of its phrases right before their name (up to
    TITLE_GAP words between) or opening it."""
    first_token = {t.start: t.index for t in tokens} | {t.stem_start: t.index for t in tokens}
    lasts = {phrase[-1] for _, phrases in _titles() for phrase in phrases}
    firsts = {phrase[0] for _, phrases in _titles() for phrase in phrases}
    out: dict[tuple[str, ...], _Introduced] = {}
    named = (m for m in mentions if m.etype in _PERSONS and m.method not in ("nisba", "coref"))
    for m in sorted(named, key=lambda m: m.start):
        j = first_token.get(m.start)
        if j is None:
            continue
        near = {w for t in tokens[max(0, j - TITLE_GAP - 1) : j] for w in (t.norm, _definite(t))}
        opening = {_word(tokens[j], True), _definite(tokens[j])}
        if not (near & lasts or opening & firsts):
            continue  # no title's phrase ends near before the name or opens it
        for title, phrases in _titles():
            phrase = next((ph for ph in phrases if _introduces(tokens, j, m, ph)), None)
            if phrase is not None:
                own = _matches(tokens, j, phrase) and tokens[j + len(phrase) - 1].end < m.end
                name = normalize_str(m.text).split()[len(phrase) if own else 0 :]
                out.setdefault(title, _Introduced()).add(m.start, m, name[0] if name else "")
                break
    return out


def _introduces(tokens: tuple[Token, ...], j: int, m: Mention, phrase: tuple[str, ...]) -> bool:
    """Whether `phrase` opens the name at token j, or ends at most TITLE_GAP words before it."""
    if _matches(tokens, j, phrase) and tokens[j + len(phrase) - 1].end < m.end:
        return True
    return any(
        _matches(tokens, j - g - len(phrase), phrase)
        and all(t.script == "arabic" and t.sentence == tokens[j].sentence for t in tokens[j - g : j])
        for g in range(TITLE_GAP + 1)
    )


def _overlaps(starts: list[int], reach: list[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps a span, given the spans' sorted starts and running furthest ends."""
    at = bisect.bisect_left(starts, end)  # spans[:at] start before `end`
    return at > 0 and reach[at - 1] > start


def _pointing(start: int, end: int, text: str, sentence: int, ante: Mention, cap: float) -> Mention:
    """A mention at [start, end) that refers to `ante`'s entity, at most `cap` confident."""
    return Mention(
        start,
        end,
        text,
        ante.entity,
        ante.etype,
        sentence,
        method="coref",
        confidence=min(cap, ante.confidence),
        label=ante.label,
    )
