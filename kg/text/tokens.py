"""Tokens with script, proclitics split off, and words run together repaired; offsets into the original."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Literal

from kg.model import Token
from kg.text.clitics import split_clitics, split_run_together, vocabulary
from kg.text.normalize import Normalized

Script = Literal["arabic", "latin", "digit", "punct", "other"]

_ARABIC = "\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff\u0750-\u077f"
_LATIN = "a-z\u00c0-\u024f"
_TOKEN = re.compile(
    rf"(?P<arabic>[{_ARABIC}]+)"
    rf"|(?P<latin>[{_LATIN}](?:[{_LATIN}0-9\u0300-\u036f]|['’\-](?=[{_LATIN}0-9]))*)"
    r"|(?P<digit>[0-9]+(?:[.,][0-9]+)*)"
    r"|(?P<other>[^\W\d_]+)"
    r"|(?P<punct>\S)"
)
_HAMZA_ALEFS = frozenset("أإآٲٳ")


def _hamza_at(text: str, norm: Normalized, start: int, end: int) -> frozenset[int]:
    """Indices (within the word) of alefs that carried a hamza in the original."""
    head = range(start, min(end, start + 5))
    return frozenset(i - start for i in head if norm.text[i] == "ا" and text[norm.origin[i]] in _HAMZA_ALEFS)


def _parts(word: str, vocab: frozenset[str]) -> list[tuple[int, int]]:
    bounds = [0, *split_run_together(word, vocab), len(word)]
    return list(itertools.pairwise(bounds))


def tokenize(
    text: str, norm: Normalized, start: int, end: int, sentence: int, first: int, vocab: frozenset[str]
) -> Iterator[Token]:
    """Tokens of the normalized span `[start, end)`, numbered from `first`, in sentence `sentence`.

    `vocab` (normalized words, see `clitics.vocabulary`) decides clitic and run-together splits.
    """
    index = first
    for m in _TOKEN.finditer(norm.text, start, end):
        script: Script = m.lastgroup  # type: ignore[assignment]
        pieces = _parts(m.group(), vocab) if script == "arabic" else [(0, len(m.group()))]
        for a, b in pieces:
            yield _token(text, norm, m.start() + a, m.start() + b, script, sentence, index, vocab)
            index += 1


def _token(
    text: str,
    norm: Normalized,
    ns: int,
    ne: int,
    script: Script,
    sentence: int,
    index: int,
    vocab: frozenset[str],
) -> Token:
    word = norm.text[ns:ne]
    prefix, stem = "", word
    if script == "arabic":
        hamza = _hamza_at(text, norm, ns, ne) if "ا" in word[:4] else frozenset()
        prefix, stem = split_clitics(word, vocab, hamza)
    o_start, o_end = norm.to_original(ns, ne)
    stem_start = norm.origin[ns + len(prefix)] if prefix else o_start
    return Token(index, o_start, o_end, text[o_start:o_end], word, prefix, stem, stem_start, sentence, script)


def word_tokens(text: str, known_words: frozenset[str] = frozenset()) -> list[Token]:
    """Tokens of a short text taken as one sentence (labels, queries)."""
    from kg.text.normalize import normalize

    norm = normalize(text)
    return list(tokenize(text, norm, 0, len(norm.text), 0, 0, vocabulary(known_words)))
