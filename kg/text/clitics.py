"""Proclitics (و ف ب ل ك س ال and their combinations) and words written run together."""

from __future__ import annotations

from functools import lru_cache

from kg.text import wordlists

ARTICLE = "ال"
MIN_PART = 3
"""Shortest piece (clitics included) a run-together word is split into."""
MIN_RUN = 6
"""Shortest run-together word worth trying to split."""
MAX_PARTS = 4


@lru_cache(maxsize=16)
def vocabulary(known_words: frozenset[str]) -> frozenset[str]:
    """`known_words` (normalized) with the common words of `data/arabic/common-words.txt` added."""
    return known_words | wordlists.normalized("common-words.txt")


def strip_article(word: str) -> str:
    """`word` without a leading article ("الصين" → "صين"); الذي, الآن and short words stay whole."""
    if word.startswith(ARTICLE) and len(word) >= 4 and word not in wordlists.normalized("no-article.txt"):
        return word[2:]
    return word


@lru_cache(maxsize=65536)
def readings(word: str) -> tuple[tuple[str, str], ...]:
    """Every `(proclitics, rest)` reading of a normalized word, longest proclitics first, then none."""
    found = [(p, word[len(p) :]) for p in wordlists.proclitics() if word.startswith(p) and len(word) - len(p) >= 2]
    return (*found, ("", word))


def _has_article(prefix: str) -> bool:
    return prefix.endswith((ARTICLE, "لل"))


@lru_cache(maxsize=65536)
def split_clitics(
    word: str, vocab: frozenset[str] = frozenset(), hamza_at: frozenset[int] = frozenset()
) -> tuple[str, str]:
    """Split a normalized Arabic word into `(prefix, stem)`.

    The article is split unless the word is listed in `no-article.txt` (الذي). Other proclitics
    are split when the stem is a known word, and و also when the word is unknown; a known word
    (واشنطن, وكالة) is never split. `hamza_at` holds the indices whose alef had a hamza in the
    original (ألمانيا has no article).

    >>> split_clitics("وللصين"), split_clitics("واشنطن", frozenset({"واشنطن"}))
    (('ولل', 'صين'), ('', 'واشنطن'))
    """
    vocab = vocabulary(vocab)
    for prefix, rest in readings(word):
        if not prefix:
            break
        if ARTICLE in prefix and prefix.rindex("ا") in hamza_at:
            continue
        if _has_article(prefix):
            if ARTICLE + rest not in wordlists.normalized("no-article.txt"):
                return prefix, rest
        elif rest in vocab or (prefix == "و" and len(rest) >= 3 and word not in vocab):
            return prefix, rest
    return "", word


def is_known(word: str, vocab: frozenset[str]) -> bool:
    """Whether `word` is in `vocab` as it stands or once its proclitics are taken off."""
    return word in vocab or any(len(rest) >= MIN_PART and rest in vocab for prefix, rest in readings(word) if prefix)


@lru_cache(maxsize=65536)
def split_run_together(word: str, vocab: frozenset[str]) -> tuple[int, ...]:
    """Cut points splitting an unknown word into known words, fewest parts; `()` when none.

    >>> split_run_together("روسياوالصين", frozenset({"روسيا", "صين"}))
    (5,)
    """
    if len(word) < MIN_RUN or is_known(word, vocab):
        return ()
    cuts = _best_cuts(word, 0, vocab, MAX_PARTS)
    return cuts[:-1] if cuts and len(cuts) > 1 else ()


def _best_cuts(word: str, start: int, vocab: frozenset[str], budget: int) -> tuple[int, ...] | None:
    """The ends of the fewest known parts covering `word[start:]`, or None."""
    if budget == 0:
        return None
    if start > 0 and is_known(word[start:], vocab) and len(word) - start >= MIN_PART and not _cannot_end(word[start:]):
        return (len(word),)
    best: tuple[int, ...] | None = None
    for end in range(len(word) - MIN_PART, start + MIN_PART - 1, -1):
        if not is_known(word[start:end], vocab):
            continue
        rest = _best_cuts(word, end, vocab, budget - 1)
        if rest is not None and (best is None or len(rest) + 1 < len(best)):
            best = (end, *rest)
    return best


def _cannot_end(piece: str) -> bool:
    """A function word that needs a word after it ("سوف", "الذي") cannot be the last piece of a run."""
    return piece in wordlists.normalized("run-together-not-last.txt")
