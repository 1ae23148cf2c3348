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


def _pieces(text: str, norm: Normalized, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [m.end() for m in _END.finditer(norm.text, start, end)]
    cuts += _cue_cuts(text, norm, start, end)
    bounds = sorted({start, end, *cuts})
    return list(itertools.pairwise(bounds))


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
