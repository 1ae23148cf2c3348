"""Word lists of `data/arabic/` (one entry a line, `#` comments), loaded once and normalized."""

from __future__ import annotations

from functools import lru_cache

from kg.paths import ARABIC_DIR
from kg.text.normalize import normalize_str, strip_marks


@lru_cache(maxsize=64)
def lines(name: str) -> tuple[str, ...]:
    """The non-empty, non-comment lines of `data/arabic/{name}`, stripped, in file order."""
    text = (ARABIC_DIR / name).read_text(encoding="utf-8")
    return tuple(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


@lru_cache(maxsize=64)
def normalized(name: str) -> frozenset[str]:
    """The list's entries in normalized form (for comparison with `Token.norm`)."""
    return frozenset(normalize_str(entry) for entry in lines(name))


@lru_cache(maxsize=64)
def light(name: str) -> frozenset[str]:
    """The list's entries with only marks stripped (hamza kept: إنها ≠ أنها)."""
    return frozenset(strip_marks(entry) for entry in lines(name))


@lru_cache(maxsize=64)
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The tab-separated rows of a `.tsv` list."""
    return tuple(tuple(field.strip() for field in ln.split("\t")) for ln in lines(name))


@lru_cache(maxsize=1)
def proclitics() -> tuple[str, ...]:
    """Normalized proclitic sequences, longest first."""
    return tuple(sorted(lines("proclitics.txt"), key=len, reverse=True))
