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


# (start, end, normalized word, proclitic prefix, stem) of each token of one Arabic run, relative to the
# run; keyed by the run as normalized and as written, per vocabulary. News repeats its words, so most
# runs are analysed once.
_Pieces = tuple[tuple[int, int, str, str, str], ...]
_ANALYSES: dict[frozenset[str], dict[tuple[str, str], _Pieces]] = {}
_MAX_CACHED = 200_000


def tokenize(
    text: str, norm: Normalized, start: int, end: int, sentence: int, first: int, vocab: frozenset[str]
) -> Iterator[Token]:
    """Tokens of the normalized span `[start, end)`, numbered from `first`, in sentence `sentence`.

    `vocab` (normalized words, see `clitics.vocabulary`) decides clitic and run-together splits.
    """
    cache = _ANALYSES.get(vocab)
    if cache is None or len(cache) > _MAX_CACHED:
        cache = _ANALYSES[vocab] = {}
    origin, ntext, identity = norm.origin, norm.text, norm.identity
    index = first
    for m in _TOKEN.finditer(ntext, start, end):
        script: Script = m.lastgroup  # type: ignore[assignment]
        ms, me = m.span()
        run = ntext[ms:me]
        if script == "arabic":
            key = (run, text[origin[ms] : origin[me]])
            pieces = cache.get(key)
            if pieces is None:
                pieces = cache[key] = _analyse(text, norm, ms, me, vocab)
        else:
            pieces = ((0, me - ms, run, "", run),)
        for a, b, word, prefix, stem in pieces:
            ns = ms + a
            o_start, o_end = (ns, ms + b) if identity else norm.to_original(ns, ms + b)
            stem_start = origin[ns + len(prefix)] if prefix else o_start
            yield Token(index, o_start, o_end, text[o_start:o_end], word, prefix, stem, stem_start, sentence, script)
            index += 1


def _analyse(text: str, norm: Normalized, ms: int, me: int, vocab: frozenset[str]) -> _Pieces:
    """Split one Arabic run into words (run-together repair), then each word into prefix and stem."""
    pieces = []
    for a, b in _parts(norm.text[ms:me], vocab):
        word = norm.text[ms + a : ms + b]
        hamza = _hamza_at(text, norm, ms + a, ms + b) if "ا" in word[:4] else frozenset()
        prefix, stem = split_clitics(word, vocab, hamza)
        pieces.append((a, b, word, prefix, stem))
    return tuple(pieces)


def word_tokens(text: str, known_words: frozenset[str] = frozenset()) -> list[Token]:
    """Tokens of a short text taken as one sentence (labels, queries)."""
    from kg.text.normalize import normalize

    norm = normalize(text)
    return list(tokenize(text, norm, 0, len(norm.text), 0, 0, vocabulary(known_words)))
