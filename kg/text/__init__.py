"""The text layer: normalization with offsets, sentences, boilerplate, tokens and clitics."""

from __future__ import annotations

from kg.text.document import make_document
from kg.text.normalize import Normalized, normalize, normalize_str, strip_marks
from kg.text.sentences import split_sentences

__all__ = ["Normalized", "make_document", "normalize", "normalize_str", "split_sentences", "strip_marks"]
