"""Arabic normalization with a map from every normalized character back to the original text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kg.paths import ARABIC_DIR

CHARMAP_FILE = ARABIC_DIR / "charmap.tsv"


def _codepoints(field: str) -> list[int]:
    if ".." in field:
        lo, hi = (int(part.removeprefix("U+"), 16) for part in field.split(".."))
        return list(range(lo, hi + 1))
    return [int(field.removeprefix("U+"), 16)]


@lru_cache(maxsize=1)
def _charmap() -> dict[int, str]:
    """The explicit folds of `data/arabic/charmap.tsv` (code point → replacement, "" deletes)."""
    table: dict[int, str] = {}
    for line in CHARMAP_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, target = line.split("\t")[:2]
        repl = "" if target == "-" else "".join(chr(cp) for f in target.split() for cp in _codepoints(f))
        for cp in _codepoints(source):
            table[cp] = repl
    return table


def _fold_char(ch: str) -> str:
    explicit = _charmap()
    if ord(ch) in explicit:
        return explicit[ord(ch)]
    nfkc = unicodedata.normalize("NFKC", ch)
    if nfkc != ch:
        nfkc = "".join(explicit.get(ord(c), c) for c in nfkc)
    return nfkc.lower()


class _FoldTable(dict[int, str]):
    """A `str.translate` table that computes (and keeps) each character's fold on first sight."""

    def __missing__(self, cp: int) -> str:
        folded = _fold_char(chr(cp))
        self[cp] = folded
        return folded


_TABLE = _FoldTable()


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalized text; `origin[i]` is the original index of normalized char i (+ a final len entry).

    >>> n = normalize("إِنَّها")
    >>> n.text, n.to_original(0, 4)
    ('انها', (0, 7))
    """

    text: str
    origin: tuple[int, ...]
    identity: bool = False
    """True when `origin[i] == i` throughout (no character was dropped or expanded)."""

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the normalized span `[start, end)`.

        Marks removed after the span's last character (its diacritics) belong to the span.
        """
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], max(self.origin[end], self.origin[end - 1] + 1)


def normalize_str(text: str) -> str:
    """Fold hamza forms, ى, ة, digits, marks and case: the form names are compared in.

    >>> normalize_str("الأُولى ٢٠٢١ Tianwen")
    'الاولي 2021 tianwen'
    """
    return text.translate(_TABLE)


def normalize(text: str) -> Normalized:
    """Normalize `text` and keep the map back to it (see `Normalized`)."""
    folded = text.translate(_TABLE)
    changing = [ch for ch in set(text) if len(_TABLE[ord(ch)]) != 1]
    if not changing:
        return Normalized(folded, tuple(range(len(text) + 1)), identity=True)
    origin: list[int] = []
    pos = 0
    for m in re.finditer("[" + "".join(re.escape(ch) for ch in changing) + "]", text):
        origin.extend(range(pos, m.start()))
        origin.extend([m.start()] * len(_TABLE[ord(m.group())]))
        pos = m.end()
    origin.extend(range(pos, len(text)))
    origin.append(len(text))
    return Normalized(folded, tuple(origin))


@lru_cache(maxsize=1)
def _marks() -> dict[int, str]:
    return {cp: "" for cp, repl in _charmap().items() if repl == ""}


def strip_marks(text: str) -> str:
    """Remove only diacritics, tatweel and invisible controls; hamza, ة and ى stay.

    >>> strip_marks("إِنَّها")
    'إنها'
    """
    return text.translate(_marks())
