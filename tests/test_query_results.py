"""Result formats: aligned tables that survive Arabic, CSV and TSV per the W3C spec, SPARQL JSON both ways."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import StoreError
from kg.query.results import cell_width, from_json, nt, render, to_json, truncate
from kg.store.base import QueryResult

ROSCOSMOS = URIRef("https://w3id.org/spacekg/resource/Roscosmos")
RESULT = QueryResult(
    kind="select",
    variables=("agency", "labelAr", "date", "note"),
    rows=(
        (ROSCOSMOS, Literal("روسكوزموس", lang="ar"), Literal("1961-04", datatype=XSD.gYearMonth), None),
        (URIRef("http://example.org/x"), Literal("إدارة الفضاء الوطنية الصينية", lang="ar"), None,
         Literal('a "quoted",\ttabbed\nline')),
        (BNode("b0"), Literal("ناسا"), Literal(3), Literal("x" * 200)),
    ),
)


def test_table_columns_line_up_with_arabic() -> None:
    text = render(RESULT, "table", max_width=30)
    lines = text.splitlines()
    assert lines[-1] == "(3 rows)"
    header, body = lines[0], [lines[0], *lines[2:-1]]
    bars = [[cell_width(line[:i]) for i, ch in enumerate(line) if ch == "|"] for line in body]
    assert len(bars[0]) == 3 and all(b == bars[0] for b in bars), "column separators at the same columns"
    assert header.startswith("agency")
    assert "skr:Roscosmos" in text and "روسكوزموس" in text and "1961-04" in text
    assert "\u200e" in lines[2]  # a left-to-right mark keeps the columns in order after Arabic text
    assert "…" in text and "x" * 40 not in text


def test_truncate_counts_terminal_columns() -> None:
    assert truncate("abcdef", 4) == "abc…"
    assert cell_width("مُحَمَّد") == 4  # diacritics take no column
    assert cell_width("天宫") == 4
    assert truncate("short", 0) == "short"


def test_csv_is_plain_values() -> None:
    rows = list(csv.reader(io.StringIO(render(RESULT, "csv"))))
    assert rows[0] == ["agency", "labelAr", "date", "note"]
    assert rows[1] == [str(ROSCOSMOS), "روسكوزموس", "1961-04", ""]
    assert rows[2][3] == 'a "quoted",\ttabbed\nline'
    assert rows[3][0] == "_:b0"


def test_tsv_is_ntriples_terms() -> None:
    lines = render(RESULT, "tsv").splitlines()
    assert lines[0] == "?agency\t?labelAr\t?date\t?note"
    assert lines[1].split("\t") == [
        f"<{ROSCOSMOS}>", '"روسكوزموس"@ar', '"1961-04"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>', "",
    ]
    assert lines[2].split("\t")[3] == '"a \\"quoted\\",\\ttabbed\\nline"'
    assert len(lines) == 4


def test_json_round_trip() -> None:
    doc = json.loads(to_json(RESULT))
    assert doc["head"]["vars"] == list(RESULT.variables)
    first = doc["results"]["bindings"][0]
    assert first["labelAr"] == {"type": "literal", "value": "روسكوزموس", "xml:lang": "ar"}
    assert first["date"]["datatype"] == str(XSD.gYearMonth)
    assert "note" not in first  # unbound values are left out
    back = from_json(to_json(RESULT))
    assert [[nt(t) for t in row] for row in back.rows] == [[nt(t) for t in row] for row in RESULT.rows]


def test_ask_and_graph_results() -> None:
    yes = QueryResult(kind="ask", boolean=True)
    assert render(yes, "table") == "true\n"
    assert json.loads(render(yes, "json")) == {"head": {}, "boolean": True}
    assert from_json('{"head": {}, "boolean": false}').boolean is False
    graph = QueryResult(kind="graph", triples=((ROSCOSMOS, URIRef("http://p"), Literal("v")),))
    assert render(graph, "tsv").splitlines()[0] == "?subject\t?predicate\t?object"


@pytest.mark.parametrize("bad", ["<html>down</html>", '{"head": {"vars": ["x"]}}', "[1, 2]"])
def test_from_json_rejects_other_documents(bad: str) -> None:
    with pytest.raises(StoreError, match="not SPARQL results JSON"):
        from_json(bad, source="endpoint http://x")


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="table, csv, tsv, json"):
        render(RESULT, "xml")
