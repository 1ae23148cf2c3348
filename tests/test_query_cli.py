"""`spacekg query` through kg.cli.main: sources, formats, parameters, and one-line errors with exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kg.cli import main
from kg.query import available


def cli(store: Path, *argv: str) -> int:
    return main(["--store", str(store), "-q", *argv])


def test_named_query_table(query_store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(query_store_dir, "query", "cq05") == 0
    out = capsys.readouterr().out
    assert "Luna 25" in out and "2021-10-01" in out and "Artemis program" in out and "(3 rows)" in out


def test_json_csv_tsv(query_store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(query_store_dir, "query", "cq03", "--format", "json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["head"]["vars"] == ["agency", "agencyLabel", "country", "countryLabel"]
    assert {b["countryLabel"]["value"] for b in doc["results"]["bindings"]} >= {"Russia", "China", "United States"}
    assert cli(query_store_dir, "query", "cq03", "-f", "csv") == 0
    assert capsys.readouterr().out.splitlines()[0] == "agency,agencyLabel,country,countryLabel"
    assert cli(query_store_dir, "query", "cq03", "-f", "tsv") == 0
    assert '"Russia"@en' in capsys.readouterr().out


def test_inline_stdin_and_file(
    query_store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli(query_store_dir, "query", "-e", "ASK { skr:Roscosmos sk:country skr:Russia }") == 0
    assert capsys.readouterr().out == "true\n"
    monkeypatch.setattr("sys.stdin", io.StringIO("SELECT ?l WHERE { skr:NASA rdfs:label ?l }"))
    assert cli(query_store_dir, "query", "-f", "csv") == 0
    assert "ناسا" in capsys.readouterr().out
    rq = tmp_path / "agencies.rq"
    rq.write_text("SELECT ?a WHERE { ?a a sk:SpaceAgency }", encoding="utf-8")
    assert cli(query_store_dir, "query", str(rq)) == 0
    assert "skr:Roscosmos" in capsys.readouterr().out


def test_param_takes_an_entity_name(query_store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(query_store_dir, "query", "entity-card", "--param", "entity=روسكوزموس", "-f", "csv") == 0
    assert "http://www.wikidata.org/entity/Q190795" in capsys.readouterr().out
    assert cli(query_store_dir, "query", "entity-card", "-p", "entity=Roscosmoss") == 0  # a near miss resolves
    assert cli(query_store_dir, "query", "entity-card", "-p", "entity=Nobody Atall") == 2
    assert "no entity named 'Nobody Atall'" in capsys.readouterr().err


def test_list_and_show(query_store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(query_store_dir, "query", "--list", "--max-width", "0") == 0
    out = capsys.readouterr().out
    assert all(name in out for name in available())
    assert "entity=skr:Roscosmos" in out
    assert cli(query_store_dir, "query", "cq11", "--show", "-p", "month=1961") == 0
    assert 'BIND( "1961" AS ?month)' in capsys.readouterr().out.replace('BIND("1961"', 'BIND( "1961"')


def test_malformed_sparql_is_one_line_exit_2(query_store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(query_store_dir, "query", "-e", "SELECT ?x WHERE {\n ?x ?p }") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "line 2, column" in err and "Traceback" not in err


def test_unknown_query_exit_2_with_suggestions(query_store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(query_store_dir, "query", "cq5") == 2
    err = capsys.readouterr().err
    assert "did you mean" in err and "cq05" in err


def test_update_refused(query_store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(query_store_dir, "query", "-e", "DELETE WHERE { ?s ?p ?o }") == 2
    assert "SPARQL Update" in capsys.readouterr().err


def test_missing_store_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(tmp_path / "none", "query", "cq01") == 3
    assert "spacekg build" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["query", "serve", "path", "neighbors", "timeline", "central"])
def test_help_has_examples(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and f"spacekg {command}" in out
