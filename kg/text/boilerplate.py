"""Read-also teasers ("اقرأ أيضا …"): site boilerplate that runs into the article text."""

from __future__ import annotations

import re
from functools import lru_cache

from kg.text import wordlists

_STEP = re.compile(r"\n|[.!?؟۔]+|[^\s.!?؟۔]+")
_EDGE_PUNCT = "،,;؛:\"'«»“”()[]"
MAX_WORDS = 40
"""A teaser with no boundary in sight ends after this many words."""
MIN_WORDS = 2
"""Words of headline a teaser keeps before a clause opener may end it."""


@lru_cache(maxsize=1)
def _cue_pattern() -> re.Pattern[str]:
    cues = sorted(wordlists.normalized("teaser-cues.txt"), key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, cue.split())) for cue in cues)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)\s*[:：\-–]?")


@lru_cache(maxsize=1)
def _openers() -> frozenset[str]:
    return wordlists.normalized("clause-openers.txt") | wordlists.normalized("complementizer-heads.txt")


def opens_clause(word: str) -> bool:
    """Whether a normalized word is و/ف + a clause-opening verb (ويقول, فقالت)."""
    word = word.strip(_EDGE_PUNCT)
    return len(word) > 2 and word[0] in "وف" and word[1:] in _openers()


def _teaser_end(norm: str, pos: int) -> int:
    words = 0
    for m in _STEP.finditer(norm, pos):
        piece = m.group()
        if piece == "\n":
            return m.start()
        if piece[0] in ".!?؟۔":
            if set(piece) == {"."} and len(piece) >= 2:
                continue  # "العالم.. أبرزها": a headline separator, not the teaser's end
            return m.end()
        if words >= MIN_WORDS and opens_clause(piece):
            return m.start()
        words += 1
        if words >= MAX_WORDS:
            return m.end()
    return len(norm)


def find_teasers(norm: str) -> list[tuple[int, int]]:
    """Teaser spans `[start, end)` in normalized text `norm`, trailing spaces excluded.

    >>> text = "خبر. اقرا ايضا قوانين غريبة.. ابرزها ضرب العريس ويقول الخبراء انه"
    >>> [text[s:e] for s, e in find_teasers(text)]
    ['اقرا ايضا قوانين غريبة.. ابرزها ضرب العريس']
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    while (m := _cue_pattern().search(norm, pos)) is not None:
        end = _teaser_end(norm, m.end())
        while end > m.start() and norm[end - 1].isspace():
            end -= 1
        spans.append((m.start(), end))
        pos = max(end, m.end())
    return spans
