"""N-Triples terms as plain strings, and their conversion to rdflib terms.

Building an article's graph as rdflib terms cost about a third of extraction time (term construction,
literal casting, hashing); the corpus writer only needs N-Quads text. So article graphs are built as
N-Triples lines (`"<s> <p> <o>"`, no final dot) and turned into rdflib terms only where a caller needs
them (`triple`).

>>> lit('قال "نعم"', lang="ar"), integer(3), iri("http://ex/a")
('"قال \\\\"نعم\\\\""@ar', '"3"^^<http://www.w3.org/2001/XMLSchema#integer>', '<http://ex/a>')
>>> triple(f'{iri("http://ex/a")} {iri("http://ex/p")} {lit("x y", lang="en")}')
(rdflib.term.URIRef('http://ex/a'), rdflib.term.URIRef('http://ex/p'), rdflib.term.Literal('x y', lang='en'))
"""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.store.base import Triple

XSD = "http://www.w3.org/2001/XMLSchema#"
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_UNESCAPES = {"\\\\": "\\", '\\"': '"', "\\n": "\n", "\\r": "\r", "\\t": "\t", "\\'": "'"}
_ESCAPED = re.compile(r"\\(?:[\\\"nrt']|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")
TRUE = f'"true"^^<{XSD}boolean>'
FALSE = f'"false"^^<{XSD}boolean>'


def iri(value: str) -> str:
    """An IRI (minted by kg.iris or read from the lexicon: never holds `<>"{}|^` or spaces)."""
    return f"<{value}>"


def lit(text: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal; a plain string when neither `lang` nor `datatype` is given (xsd:string)."""
    quoted = f'"{text.translate(_ESCAPES)}"'
    if lang:
        return f"{quoted}@{lang}"
    if datatype and datatype != XSD + "string":
        return f"{quoted}^^<{datatype}>"
    return quoted


def integer(value: int) -> str:
    return f'"{value}"^^<{XSD}integer>'


def boolean(value: bool) -> str:
    return TRUE if value else FALSE


def decimal(value: Decimal) -> str:
    return f'"{value}"^^<{XSD}decimal>'


def line(s: str, p: str, o: str) -> str:
    return f"{s} {p} {o}"


def term(text: str) -> Node:
    """One N-Triples term (as written by this module) as an rdflib term."""
    if text.startswith("<"):
        return URIRef(text[1:-1])
    close = text.rindex('"')
    value = _unescape(text[1:close])
    rest = text[close + 1 :]
    if rest.startswith("@"):
        return Literal(value, lang=rest[1:])
    if rest.startswith("^^<"):
        return Literal(value, datatype=URIRef(rest[3:-1]))
    return Literal(value)


def triple(nt_line: str) -> Triple:
    """An `"s p o"` line (subject and predicate are IRIs, so the first two spaces split it)."""
    s, p, o = nt_line.split(" ", 2)
    return URIRef(s[1:-1]), URIRef(p[1:-1]), term(o)


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPED.sub(_unescape_one, text)


def _unescape_one(m: re.Match[str]) -> str:
    s = m.group(0)
    if s[1] in "uU":
        return chr(int(s[2:], 16))
    return _UNESCAPES[s]
