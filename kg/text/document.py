"""The text layer in one call: original text → `Document` (sentences and tokens)."""

from __future__ import annotations

from kg.model import Document, Sentence, Token
from kg.text.clitics import vocabulary
from kg.text.normalize import normalize
from kg.text.sentences import sentence_spans
from kg.text.tokens import tokenize


def make_document(text: str, doc_id: str, known_words: frozenset[str] = frozenset()) -> Document:
    """Normalize, split sentences and tokenize `text`; every offset points into `text`.

    `known_words` (normalized, e.g. `Lexicon.known_words`) lets clitics and words run together be
    split against names the lexicon knows.

    >>> doc = make_document("كشفت روسياوالصين عن خطط.", "x", frozenset({"روسيا", "صين"}))
    >>> [t.text for t in doc.tokens]
    ['كشفت', 'روسيا', 'والصين', 'عن', 'خطط', '.']
    """
    norm = normalize(text)
    vocab = vocabulary(known_words)
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    for a, b, teaser in sentence_spans(text, norm):
        o_start, o_end = norm.to_original(a, b)
        sentences.append(Sentence(len(sentences), o_start, o_end, text[o_start:o_end], teaser))
        tokens.extend(tokenize(text, norm, a, b, len(sentences) - 1, len(tokens), vocab))
    return Document(doc_id, text, tuple(sentences), tuple(tokens))
