"""Sentence splitting that copes with missing full stops and read-also teasers."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from kg.model import Sentence
from kg.text import wordlists
from kg.text.boilerplate import find_teasers
from kg.text.normalize import Normalized, normalize, strip_marks

_END = re.compile(r"[.!?؟۔]+[\"'»”’)\]]*(?=\s|$)|\n")
_WORD = re.compile(r"[^\W\d_]+")
MIN_WORDS_BEFORE_CUE = 3
"""A cue (إنها) starts a new sentence only after this many words of the current one."""
MAX_SENTENCE = 1500
"""Longest sentence, in characters, before it is cut at a clause boundary. News sentences run to about
330 (the held-out set's longest); text without full stops would otherwise make one sentence of a whole
article, and rules, frames and coreference compare what is inside a sentence pairwise (a 280 KB article
in one sentence took 98 s)."""
_CLAUSE_ENDS = (re.compile(r"[،,؛;:]\s+"), re.compile(r"\s+(?=و[^\W\d_]{2})"))
"""Where a long sentence is cut, best first: after a comma, then before a word that may open with و."""


@lru_cache(maxsize=1)
def _cues() -> tuple[frozenset[str], frozenset[str]]:
    return wordlists.normalized("sentence-openers.txt"), wordlists.light("sentence-openers.txt")


def _is_head(word: str, heads: frozenset[str]) -> bool:
    """A speech verb or noun that opens a complement (with و/ف on it too); `heads`: the word list."""
    return word in heads or (len(word) > 2 and word[0] in "وف" and word[1:] in heads)


def _cue_cuts(text: str, norm: Normalized, start: int, end: int) -> list[int]:
    """Positions before a sentence-opening cue not preceded by punctuation (see the data files).

    No cut while a speech verb waits for its complement ("قال المتحدث اليوم إنها …").
    """
    cues_norm, cues_light = _cues()
    complementizers = wordlists.normalized("complementizers.txt")
    heads = wordlists.normalized("complementizer-heads.txt")
    cuts: list[int] = []
    previous: re.Match[str] | None = None
    words = 0
    speech_open = False
    for m in _WORD.finditer(norm.text, start, end):
        word = m.group()
        # (most gaps are one space, which can hold no sentence end: skip the search there)
        if previous is not None and norm.text[previous.end() : m.start()] != " " and _END.search(
            norm.text, previous.end(), m.start()
        ):
            speech_open, words = False, 0
        if word in cues_norm and previous is not None and words >= MIN_WORDS_BEFORE_CUE and not speech_open:
            o_start, o_end = norm.to_original(m.start(), m.end())
            if norm.text[previous.end() : m.start()].isspace() and strip_marks(text[o_start:o_end]) in cues_light:
                cuts.append(m.start())
                words = 0
        if _is_head(word, heads):
            speech_open = True
        elif word in complementizers:
            speech_open = False
        previous = m
        words += 1
    return cuts


_INITIAL = re.compile(r"(?:^|(?<=\s))([^\W\d_]+)\s+([^\W\d_]{1,3})\.$")


def _initial(norm: str, stop: int) -> bool:
    """Whether the full stop at `stop` ends a person's initial, not a sentence ("رئيس إسرو إس.
    سومانات", "ك. سيفان"): one letter, or a Latin letter spelt out (data/arabic/letter-names.txt), after
    a word and before a word. After a number it is a series designator ending the sentence ("لونغ مارش 3
    بي.")."""
    if norm[stop : stop + 1] != "." or norm[stop + 1 : stop + 2] != " " or not norm[stop + 2 : stop + 3].isalpha():
        return False
    m = _INITIAL.search(norm, max(0, stop - 40), stop + 1)
    if m is None:
        return False
    letter = m.group(2)
    return len(letter) == 1 or letter in wordlists.normalized("letter-names.txt")


def _pieces(text: str, norm: Normalized, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [m.end() for m in _END.finditer(norm.text, start, end) if not _initial(norm.text, m.start())]
    cuts += _cue_cuts(text, norm, start, end)
    bounds = sorted({start, end, *cuts})
    return [piece for a, b in itertools.pairwise(bounds) for piece in _capped(norm.text, a, b)]


def _capped(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """`start:end` in pieces of at most MAX_SENTENCE characters, each cut after the last comma in the
    second half of the limit, else before the last word opening with و, else after the last space, else
    hard.

    >>> text = "أطلقت ناسا المسبار، " * 200
    >>> pieces = _capped(text, 0, len(text))
    >>> max(b - a for a, b in pieces) <= MAX_SENTENCE, pieces[0][1] == len(text) or text[pieces[0][1] - 2] == "،"
    (True, True)
    """
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = next(filter(None, (_last_end(p, norm, start + MAX_SENTENCE // 2, limit) for p in _CLAUSE_ENDS)), 0)
        if not cut:
            cut = norm.rfind(" ", start + 1, limit) + 1 or limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _last_end(pattern: re.Pattern[str], text: str, start: int, end: int) -> int:
    return max((m.end() for m in pattern.finditer(text, start, end)), default=0)


def _trim(norm: str, start: int, end: int) -> tuple[int, int]:
    while start < end and norm[start].isspace():
        start += 1
    while end > start and norm[end - 1].isspace():
        end -= 1
    return start, end


def sentence_spans(text: str, norm: Normalized) -> list[tuple[int, int, bool]]:
    """Sentence spans `(start, end, is_teaser)` in *normalized* coordinates, trimmed, in order."""
    raw: list[tuple[int, int, bool]] = []
    pos = 0
    for t_start, t_end in [*find_teasers(norm.text), (len(norm.text), len(norm.text))]:
        raw += [(a, b, False) for a, b in _pieces(text, norm, pos, t_start)]
        raw.append((t_start, t_end, True))
        pos = t_end
    trimmed = [(*_trim(norm.text, a, b), teaser) for a, b, teaser in raw]
    return [(a, b, teaser) for a, b, teaser in trimmed if a < b]


def split_sentences(text: str, norm: Normalized | None = None) -> tuple[Sentence, ...]:
    """Sentences of `text` in order; teasers come out whole, with `boilerplate=True`.

    >>> [s.text for s in split_sentences("وصلت المركبة في الأول من أكتوبر إنها أول مركبة. تمت")]
    ['وصلت المركبة في الأول من أكتوبر', 'إنها أول مركبة.', 'تمت']
    """
    norm = norm or normalize(text)
    sentences: list[Sentence] = []
    for a, b, teaser in sentence_spans(text, norm):
        o_start, o_end = norm.to_original(a, b)
        sentences.append(Sentence(len(sentences), o_start, o_end, text[o_start:o_end], teaser))
    return tuple(sentences)
