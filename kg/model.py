"""Frozen value objects that flow between the stages: text → mentions → claims → RDF.

Every offset (`start`, `end`) points into the *original* article text, so that
`text[start:end]` is always the exact surface the object came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Precision = Literal["day", "month", "year"]
ModalityName = Literal["asserted", "planned", "negated", "reported"]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range `[start, end)` into the original text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}:{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence; `boilerplate` marks read-also teasers and similar noise (never extracted from)."""

    index: int
    start: int
    end: int
    text: str
    boilerplate: bool = False


@dataclass(frozen=True, slots=True)
class Token:
    """A word with its clitics split off.

    `text` is the original surface; `norm` its normalized form; `prefix` the normalized proclitics
    (e.g. "وال", "ب", "لل"), `stem` the normalized remainder. `start`/`end` cover the whole token
    in the original text, `stem_start` is where the stem begins there.
    """

    index: int
    start: int
    end: int
    text: str
    norm: str
    prefix: str
    stem: str
    stem_start: int
    sentence: int
    script: Literal["arabic", "latin", "digit", "punct", "other"] = "arabic"


@dataclass(frozen=True, slots=True)
class Document:
    """An article after the text layer: original text, sentences and tokens."""

    id: str
    text: str
    sentences: tuple[Sentence, ...]
    tokens: tuple[Token, ...]

    def sentence_tokens(self, index: int) -> tuple[Token, ...]:
        return tuple(t for t in self.tokens if t.sentence == index)


@dataclass(frozen=True, slots=True)
class DateValue:
    """A resolved date: ISO `value` ("2021-10-01", "1961-04", "1961") at a `precision`."""

    value: str
    precision: Precision
    how: str = "explicit"
    inferred: bool = False
    deadline: bool = False

    @property
    def xsd(self) -> str:
        return {"day": "date", "month": "gYearMonth", "year": "gYear"}[self.precision]


@dataclass(frozen=True, slots=True)
class Mention:
    """A reference to an entity in the text.

    `entity` is the IRI (string) it links to; `etype` the local name of its sk: class; `method` how it
    was found ("lexicon", "fuzzy", "pattern", "coref", "metonymy", "nisba"). `inferred` marks links the
    text implies without naming (given lower confidence).
    """

    start: int
    end: int
    text: str
    entity: str
    etype: str
    sentence: int
    method: str = "lexicon"
    confidence: float = 1.0
    inferred: bool = False
    label: str = ""

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in the text and, when it could be resolved, its value."""

    start: int
    end: int
    text: str
    sentence: int
    value: DateValue | None
    kind: Literal["absolute", "relative", "deadline", "duration"] = "absolute"
    background: bool = False
    """Told in a pluperfect flashback ("وكان المسبار قد أقلع في …"), not at the story's own time."""

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement extracted from a sentence, in the Wikidata statement pattern.

    Exactly one of `object` (an entity IRI) or `value` (a date or a text) is set.
    """

    subject: str
    predicate: str
    object: str | None
    value: DateValue | str | None
    modality: ModalityName
    evidence: Span
    quote: str
    sentence: int
    rule: str
    confidence: float = 0.9
    speaker: str | None = None
    speech_verb: str | None = None
    reported_by: str | None = None
    when: DateValue | None = None
    inferred: bool = False
    qualifiers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class NewEntity:
    """An entity the text names but the lexicon lacks (or an unnamed one, like an agreement)."""

    iri: str
    etype: str
    label_ar: str
    label_en: str = ""


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """What is known of an article from its `.meta.json` sidecar (or a corpus line)."""

    id: str
    file_name: str
    language: str = "ar"
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: DateValue | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the extractor found in one article."""

    meta: ArticleMeta
    document: Document
    mentions: tuple[Mention, ...]
    dates: tuple[DateMention, ...]
    claims: tuple[Claim, ...]
    new_entities: tuple[NewEntity, ...] = ()
    published: DateValue | None = None
    notes: tuple[str, ...] = field(default=())
