"""A sentence as rules see it: normalized text with entity and date mentions as «Type:i» slots.

Offsets map every coded character back to the original text, so a rule's match becomes an exact
evidence span. An anniversary ("الذكرى الخمسين") is a date but stays words: the rules read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract.dates import is_anniversary
from kg.model import DateMention, Mention, Sentence, Span
from kg.text.normalize import normalize

Slot = Mention | DateMention
OPEN, CLOSE = "«", "»"


@dataclass(frozen=True, slots=True)
class Coded:
    """`text` with slots; `starts[i]`/`ends[i]` are the original offsets covered by coded char i."""

    sentence: Sentence
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    slots: tuple[Slot, ...]

    def span(self, a: int, b: int) -> Span:
        """The original span of coded chars [a, b), trimmed of spaces and punctuation."""
        start, end = self.starts[a], self.ends[b - 1]
        return Span(start, max(start, end))

    def slot_at(self, index: int) -> Slot:
        return self.slots[index]


def slot_tag(slot: Slot) -> str:
    if isinstance(slot, DateMention):
        return "Date"
    if slot.method == "nisba":
        return "Demonym"
    return slot.etype


def encode(text: str, sentence: Sentence, slots: Sequence[Slot]) -> Coded:
    """Build the coded sentence; `slots` must not overlap (nested ones are dropped).

    An anniversary is not made a slot: the `celebratesAnniversary` rules read its words ("بالذكرى
    الستين لأول رحلة") and date the claim from them (`@anniversary`), which a «Date» would hide.
    """
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Slot] = []
    pos = sentence.start
    for slot in sorted(slots, key=lambda m: (m.start, -m.end)):
        if slot.start < pos or slot.end > sentence.end or (isinstance(slot, DateMention) and is_anniversary(slot)):
            continue
        _append_text(text, pos, slot.start, chars, starts, ends)
        tag = f"{OPEN}{slot_tag(slot)}:{len(kept)}{CLOSE}"
        chars.append(tag)
        starts.extend([slot.start] * len(tag))
        ends.extend([slot.end] * len(tag))
        kept.append(slot)
        pos = slot.end
    _append_text(text, pos, sentence.end, chars, starts, ends)
    return Coded(sentence, "".join(chars), tuple(starts), tuple(ends), tuple(kept))


def _append_text(text: str, a: int, b: int, chars: list[str], starts: list[int], ends: list[int]) -> None:
    if a >= b:
        return
    norm = normalize(text[a:b])
    # guillemets in the article would read as slot brackets: quote marks mean the same to the rules
    chars.append(norm.text.replace(OPEN, '"').replace(CLOSE, '"'))
    n = len(norm.text)
    if norm.identity:  # coded char i is original char a + i
        starts.extend(range(a, a + n))
        ends.extend(range(a + 1, a + n + 1))
        return
    origin = norm.origin[:n]
    starts.extend([a + o for o in origin])
    ends.extend([a + o + 1 for o in origin])
