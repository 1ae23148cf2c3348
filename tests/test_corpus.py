"""Corpus ingest (kg/corpus.py): .jsonl corpora, resume, parallel = serial, and the bench corpus generator."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.corpus import TEMPLATES, generate
from kg import iris
from kg.build import ingest_paths
from kg.cli import main as run_main
from kg.store import OxigraphStore


def write_jsonl(path: Path, records: list[dict[str, str]], *, bad_line: str | None = None) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    if bad_line is not None:
        lines.insert(1, bad_line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[OxigraphStore]:
    s = OxigraphStore(tmp_path / "store", writable=True)
    yield s
    s.close()


def article_graphs(store: OxigraphStore) -> list[str]:
    return [str(g) for g in store.graph_names() if "/graph/article/" in str(g)]


def quads(store: OxigraphStore) -> set[str]:
    return set(store.export("nquads").decode("utf-8").splitlines())


def test_jsonl_malformed_line_is_reported_and_the_rest_go_in(tmp_path: Path, store: OxigraphStore) -> None:
    records = list(generate(3, seed=11))
    corpus = write_jsonl(tmp_path / "news.jsonl", records, bad_line='{"id": "broken", "text": ')
    report = ingest_paths(store, [corpus], progress=False, jobs=1)
    assert [r.article_id for r in report.results] == [r["id"] for r in records]
    assert len(report.failures) == 1
    where, message = report.failures[0]
    assert where == f"{corpus}:2" and "malformed JSON" in message and "\n" not in message
    names = store.query("SELECT ?f WHERE { ?a a sk:Article ; sk:fileName ?f } ORDER BY ?f").column("f")
    assert [str(n) for n in names] == [f"news.jsonl#{r['id']}" for r in records]
    first = iris.article(records[0]["id"])
    head = store.query(f"SELECT ?t ?u WHERE {{ <{first}> schema:headline ?t ; schema:url ?u }}")
    assert [str(t) for t in head.rows[0]] == [records[0]["title"], records[0]["url"]]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('["a list"]', "JSON object"),
        ('{"id": "x"}', "'text'"),
        ('{"id": "x", "text": "no Arabic here"}', "no Arabic"),
        ('{"id": "x", "text": "نص عربي", "published": "2021-13"}', "'published'"),
    ],
)
def test_jsonl_bad_records_name_their_line(tmp_path: Path, store: OxigraphStore, line: str, reason: str) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", list(generate(2, seed=5)), bad_line=line)
    report = ingest_paths(store, [corpus], progress=False, jobs=1)
    assert len(report.results) == 2 and len(article_graphs(store)) == 2
    assert [(where, reason in message) for where, message in report.failures] == [(f"{corpus}:2", True)]


def test_the_cli_prints_one_error_line_per_bad_record_and_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", list(generate(2, seed=5)), bad_line="not json")
    assert run_main(["--store", str(tmp_path / "s"), "ingest", "--jobs", "1", str(corpus)]) == 2
    err = capsys.readouterr().err.splitlines()
    errors = [line for line in err if line.startswith("spacekg ingest: error:")]
    assert len(errors) == 1 and f"{corpus}:2: malformed JSON" in errors[0]
    assert any(line.startswith("2 article(s) ingested,") and "words/s" in line for line in err)


def test_resume_skips_finished_articles_and_redoes_a_partial_one(tmp_path: Path, store: OxigraphStore) -> None:
    records = list(generate(4, seed=21))
    corpus = write_jsonl(tmp_path / "c.jsonl", records)
    first = ingest_paths(store, [corpus], progress=False, jobs=1)
    assert len(first.results) == 4 and first.skipped == 0
    before = quads(store)
    # What a killed bulk load could leave: one article's graph without its sk:sha256 and some claims.
    graph = iris.article_graph(records[2]["id"])
    store.update(
        f"DELETE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o "
        f"FILTER(?p = sk:sha256 || STRSTARTS(STR(?s), STR(skc:))) }} }}"
    )
    assert quads(store) < before

    again = ingest_paths(store, [corpus], progress=False, jobs=1)
    assert again.skipped == 3
    assert [r.article_id for r in again.results] == [records[2]["id"]]
    assert quads(store) == before


def test_changed_metadata_is_not_skipped(tmp_path: Path, store: OxigraphStore) -> None:
    records = list(generate(2, seed=8))
    corpus = write_jsonl(tmp_path / "c.jsonl", records)
    ingest_paths(store, [corpus], progress=False, jobs=1)
    records[1]["title"] = "عنوان جديد"
    write_jsonl(corpus, records)
    again = ingest_paths(store, [corpus], progress=False, jobs=1)
    assert again.skipped == 1 and [r.article_id for r in again.results] == [records[1]["id"]]
    titles = store.query("SELECT ?t WHERE { ?a schema:headline ?t }").column("t")
    assert "عنوان جديد" in [str(t) for t in titles] and len(titles) == 2


def test_an_edited_file_replaces_its_old_graph(tmp_path: Path, store: OxigraphStore) -> None:
    article = tmp_path / "a.ar.txt"
    article.write_text(next(iter(generate(1, seed=2)))["text"], encoding="utf-8")
    ingest_paths(store, [article], progress=False, jobs=1)
    old = article_graphs(store)
    article.write_text(article.read_text(encoding="utf-8") + " وقعت الإمارات على اتفاقيات أرتميس.", encoding="utf-8")
    report = ingest_paths(store, [article], progress=False, jobs=1)
    assert len(report.results) == 1
    new = article_graphs(store)
    assert len(old) == len(new) == 1 and old != new


def test_parallel_and_serial_ingest_give_the_same_store(tmp_path: Path, seed_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", list(generate(12, seed=4)))
    dumps = []
    for jobs in (1, 2):
        s = OxigraphStore(tmp_path / f"store-{jobs}", writable=True)
        try:
            report = ingest_paths(s, [corpus, seed_path], progress=False, jobs=jobs)
            assert len(report.results) == 13 and not report.failures
            dumps.append(quads(s))
        finally:
            s.close()
    assert dumps[0] == dumps[1]  # no blank nodes in article graphs: equal lines = isomorphic


def test_the_bench_corpus_is_reproducible() -> None:
    a, b, c = list(generate(5, seed=3)), list(generate(5, seed=3)), list(generate(5, seed=4))
    assert a == b and a != c
    assert len(TEMPLATES) >= 15
    assert len({r["id"] for r in a}) == 5 and all(len(r["text"].split()) > 60 for r in a)
