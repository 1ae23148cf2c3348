"""Query results in and out: table, CSV, TSV and SPARQL 1.1 results JSON, and JSON back into a QueryResult.

Formats follow the W3C specs: CSV and TSV per "SPARQL 1.1 Query Results CSV and TSV Formats"
(CSV plain values, TSV terms in N-Triples syntax), JSON per "SPARQL 1.1 Query Results JSON Format".
A CONSTRUCT/DESCRIBE result is rendered as rows of `subject predicate object`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import StoreError
from kg.store.base import QueryResult
from kg.vocab import PREFIXES

FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json")
DEFAULT_MAX_WIDTH = 60
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LRM = "\u200e"
_GRAPH_VARS = ("subject", "predicate", "object")
# Longest namespace first, so `skr:` wins over a shorter namespace that prefixes it.
_NAMESPACES = sorted(((ns, p) for p, ns in PREFIXES.items()), key=lambda pair: -len(pair[0]))


def render(result: QueryResult, fmt: str, *, max_width: int = DEFAULT_MAX_WIDTH) -> str:
    """The result as text in one of `FORMATS`.

    >>> r = QueryResult(kind="select", variables=("x",), rows=((URIRef("https://w3id.org/spacekg/resource/NASA"),),))
    >>> print(render(r, "tsv"), end="")
    ?x
    <https://w3id.org/spacekg/resource/NASA>
    """
    if fmt == "table":
        return to_table(result, max_width=max_width)
    if fmt == "csv":
        return to_csv(result)
    if fmt == "tsv":
        return to_tsv(result)
    if fmt == "json":
        return to_json(result)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def _tabular(result: QueryResult) -> tuple[tuple[str, ...], Sequence[Sequence[Node | None]]]:
    if result.kind == "graph":
        return _GRAPH_VARS, result.triples
    return result.variables, result.rows


# --- terms as text


def nt(term: Node | None) -> str:
    """A term in N-Triples syntax ("" for unbound): the canonical form for TSV and for comparing rows.

    >>> nt(Literal("1961-04", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")))
    '"1961-04"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        body = '"' + _escape(str(term)) + '"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{body}^^<{term.datatype}>"
        return body
    return str(term)


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        .replace("\t", "\\t")
    )


def compact(iri: str) -> str:
    """An IRI shortened with the ontology's prefixes when one applies.

    >>> compact("https://w3id.org/spacekg/resource/Roscosmos")
    'skr:Roscosmos'
    """
    for ns, prefix in _NAMESPACES:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def display(term: Node | None) -> str:
    """A term as a person reads it in a table: prefixed IRIs, bare literal values (control characters
    shown as escapes, see `printable`)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return printable(compact(str(term)))
    if isinstance(term, BNode):
        return f"_:{term}"
    return printable(" ".join(str(term).split()))


# C0 and C1 controls and DEL (terminal escape sequences start with ESC or CSI), and the bidi
# embedding/override/isolate controls, which reorder the text printed after them.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text for a terminal: what an article may smuggle in (ESC sequences that clear the screen or set the
    window title, bidi overrides) is shown as `\\u001b`, not obeyed.

    >>> printable("ناسا\\x1b[2J")
    'ناسا\\\\u001b[2J'
    """
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# --- table


def cell_width(text: str) -> int:
    """Columns a string takes in a terminal: wide East Asian characters count 2, marks count 0."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in {"Mn", "Me", "Cf"}:
            continue
        width += 2 if unicodedata.east_asian_width(ch) in {"W", "F"} else 1
    return width


def truncate(text: str, limit: int) -> str:
    """Cut `text` to at most `limit` terminal columns, marking the cut with an ellipsis."""
    if limit <= 0 or cell_width(text) <= limit:
        return text
    out, width = [], 0
    for ch in text:
        w = cell_width(ch)
        if width + w > limit - 1:
            break
        out.append(ch)
        width += w
    return "".join(out) + "…"


def _has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in {"R", "AL"} for ch in text)


def _pad(text: str, width: int) -> str:
    # A left-to-right mark after right-to-left text keeps the padding and the next column in
    # left-to-right order, so bidi-aware terminals do not swap adjacent Arabic columns.
    mark = _LRM if _has_rtl(text) else ""
    return text + mark + " " * (width - cell_width(text))


def to_table(result: QueryResult, *, max_width: int = DEFAULT_MAX_WIDTH) -> str:
    """An aligned plain-text table with a row count; long cells are truncated to `max_width`."""
    if result.kind == "ask":
        return f"{'true' if result.boolean else 'false'}\n"
    names, rows = _tabular(result)
    cells = [[truncate(display(t), max_width) for t in row] for row in rows]
    widths = [cell_width(n) for n in names]
    for row in cells:
        widths = [max(w, cell_width(c)) for w, c in zip(widths, row, strict=True)]
    lines = [" | ".join(_pad(n, w) for n, w in zip(names, widths, strict=True)).rstrip()]
    lines.append("-+-".join("-" * w for w in widths))
    lines.extend(" | ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells)
    count = len(cells)
    more = "; more not shown" if result.truncated else ""
    lines.append(f"({count} row{'s' if count != 1 else ''}{more})")
    return "\n".join(lines) + "\n"


# --- CSV and TSV


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV: a header of variable names, then plain values (IRIs, lexical forms)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return buf.getvalue()
    names, rows = _tabular(result)
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row])
    return buf.getvalue()


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV: a header of `?var` names, then terms in N-Triples syntax."""
    if result.kind == "ask":
        return f"?boolean\n{'true' if result.boolean else 'false'}\n"
    names, rows = _tabular(result)
    lines = ["\t".join(f"?{n}" for n in names)]
    lines.extend("\t".join(nt(t) for t in row) for row in rows)
    return "\n".join(lines) + "\n"


# --- SPARQL 1.1 results JSON


def term_json(term: Node) -> dict[str, str]:
    """One RDF term in SPARQL 1.1 results JSON."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and str(term.datatype) != _XSD_STRING:
            out["datatype"] = str(term.datatype)
        return out
    raise TypeError(f"not an RDF term: {term!r}")


def to_json_obj(result: QueryResult) -> dict[str, Any]:
    if result.kind == "ask":
        return {"head": {}, "boolean": bool(result.boolean)}
    names, rows = _tabular(result)
    bindings = [
        {n: term_json(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows
    ]
    return {"head": {"vars": list(names)}, "results": {"bindings": bindings}}


def to_json(result: QueryResult) -> str:
    return json.dumps(to_json_obj(result), ensure_ascii=False, indent=2) + "\n"


def from_json(data: str | bytes | Mapping[str, Any], *, source: str = "endpoint") -> QueryResult:
    """Parse SPARQL 1.1 results JSON (SELECT or ASK) into a QueryResult.

    Raises:
        StoreError: the document is not SPARQL results JSON (`source` names where it came from).

    >>> from_json('{"head": {}, "boolean": true}').boolean
    True
    """
    try:
        doc = json.loads(data) if isinstance(data, str | bytes) else data
        if "boolean" in doc:
            return QueryResult(kind="ask", boolean=bool(doc["boolean"]))
        names = tuple(doc["head"]["vars"])
        rows = tuple(
            tuple(_json_term(b[n]) if n in b else None for n in names) for b in doc["results"]["bindings"]
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StoreError(f"{source} answered with something that is not SPARQL results JSON ({exc})") from None
    return QueryResult(kind="select", variables=names, rows=rows)


def _json_term(obj: Mapping[str, str]) -> Node:
    kind, value = obj["type"], obj["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in {"literal", "typed-literal"}:
        lang = obj.get("xml:lang")
        if lang:
            return Literal(value, lang=lang)
        datatype = obj.get("datatype")
        if datatype and datatype != _XSD_STRING:
            return Literal(value, datatype=URIRef(datatype))
        return Literal(value)
    raise ValueError(f"unknown term type {kind!r}")
