"""Bad input found by an audit of every subcommand, each case failing before its fix: exit code, one line on
stderr (no traceback), and the store unchanged (the checksum of its N-Quads export before and after)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.cli import main
from kg.store import OxigraphStore
from tests.test_bad_input import checksum

SPACEKG = Path(sys.executable).parent / "spacekg"
ARABIC = "أطلقت الصين في عام 2020 مسبارها Tianwen-1 إلى المريخ، وقالت وكالة ناسا إنها ترحب بذلك.\n"
OTHER = "أعلنت وكالة الفضاء الروسية روسكوزموس أنها ستطلق المسبار لونا 25 إلى القمر في عام 2021.\n"


def file_names(store_dir: Path) -> set[str]:
    store = OxigraphStore(store_dir)
    try:
        rows = store.query("SELECT ?f WHERE { ?a a sk:Article ; sk:fileName ?f }").rows
    finally:
        store.close()
    return {str(r[0]) for r in rows}


@pytest.fixture()
def store_dir(seed_store_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the seed store for one test."""
    copy = tmp_path / "store"
    shutil.copytree(seed_store_dir, copy)
    return copy


def run(argv: list[str], store: Path | str) -> int:
    try:
        return main(["-q", "--store", str(store), *argv])
    except SystemExit as exc:  # argparse
        return int(exc.code or 0)


def one_error_line(err: str) -> str:
    """The one line stderr holds (with -q nothing else is printed); no traceback."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err, err
    assert len(lines) == 1, f"expected one line, got:\n{err}"
    assert "error" in lines[0], lines[0]
    return lines[0]


def jsonl(path: Path, *records: dict[str, object] | str) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------- ingest: .jsonl corpora


def test_an_unpaired_surrogate_in_a_corpus_line_is_refused_and_the_rest_go_in(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`"\\ud800"` is valid JSON but not Unicode: it crashed the ingest (UnicodeEncodeError) half-way."""
    corpus = tmp_path / "news.jsonl"
    lone = '{"id": "lone", "text": "' + ARABIC.strip() + '\\ud800"}'
    title = json.dumps({"id": "t", "text": OTHER, "title": "x"}).replace('"x"', '"\\udfff"')
    jsonl(corpus, {"id": "good", "text": ARABIC}, lone, title)
    assert run(["ingest", "--jobs", "1", str(corpus)], store_dir) == 2
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert "Traceback" not in err and len(lines) == 2, err
    assert f"{corpus}:2: field 'text'" in lines[0] and "surrogate" in lines[0]
    assert f"{corpus}:3: field 'title'" in lines[1] and "surrogate" in lines[1]
    assert "news.jsonl#good" in file_names(store_dir)


def test_two_articles_with_one_id_in_one_ingest_the_second_is_refused(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The second line used to replace the first silently: one article lost, exit 0."""
    corpus = jsonl(tmp_path / "news.jsonl", {"id": "a1", "text": ARABIC}, {"id": "a1", "text": OTHER})
    assert run(["ingest", "--jobs", "1", str(corpus)], store_dir) == 2
    line = one_error_line(capsys.readouterr().err)
    assert f"{corpus}:2:" in line and "'a1'" in line and f"{corpus}:1" in line
    store = OxigraphStore(store_dir)
    try:
        text = store.query(
            'SELECT ?t WHERE { ?a sk:fileName "news.jsonl#a1" . ?s sk:inArticle ?a ; oa:exact ?t }'
        ).rows
    finally:
        store.close()
    kept = " ".join(str(r[0]) for r in text)
    assert "Tianwen-1" in kept and "لونا 25" not in kept


def test_the_same_article_given_twice_is_ingested_once(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.ar.txt"
    article.write_text(ARABIC, encoding="utf-8")
    assert run(["ingest", "--jobs", "1", str(article), str(article), str(tmp_path)], store_dir) == 0
    assert capsys.readouterr().err == ""
    assert file_names(store_dir) == {"roscosmos-cnsa-lunar-station.ar.txt", "a.ar.txt"}


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "empty corpus"),
        (b"\n  \n\r\n", "empty corpus"),
        (Path("/bin/ls"), "binary file"),
        ('{"id": "u", "text": "نص عربي"}\n'.encode("utf-16"), "UTF-16"),
        (b'{"id": "n", "text": "\xd9\x86\xd8\xb5"}\x00\n', "binary file"),
    ],
    ids=["empty", "blank lines", "executable", "UTF-16", "NUL byte"],
)
def test_a_corpus_that_is_empty_or_not_text_gets_one_line(
    content: bytes | Path, says: str, store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty corpus went in silently (exit 0); a binary one got an error line per 'line' (494 for ls)."""
    _refused_in_one_line(tmp_path / "news.jsonl", content, says, store_dir, capsys)


def _refused_in_one_line(
    path: Path, content: bytes | Path, says: str, store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ingesting `content` written to `path` exits 2 with one line naming the file, and stores nothing."""
    path.write_bytes(content.read_bytes() if isinstance(content, Path) else content)
    before = checksum(store_dir)
    assert run(["ingest", "--jobs", "1", str(path)], store_dir) == 2
    line = one_error_line(capsys.readouterr().err)
    assert f"{path}: " in line and says in line, line
    assert checksum(store_dir) == before


def test_a_byte_order_mark_before_the_first_corpus_line_is_ignored(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Line 1 was refused ('Unexpected UTF-8 BOM') while a .txt article with a BOM is read."""
    corpus = tmp_path / "news.jsonl"
    corpus.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "bom", "text": ARABIC}).encode() + b"\n")
    assert run(["ingest", "--jobs", "1", str(corpus)], store_dir) == 0
    assert capsys.readouterr().err == ""
    assert "news.jsonl#bom" in file_names(store_dir)


class _Recording:
    """A binary file that records the size of every piece handed out (by read, readline or iteration)."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.sizes: list[int] = []

    def _seen(self, data: bytes) -> bytes:
        self.sizes.append(len(data))
        return data

    def read(self, size: int = -1) -> bytes:
        return self._seen(self.raw.read(size))

    def readline(self, size: int = -1) -> bytes:
        return self._seen(self.raw.readline(size))

    def __iter__(self) -> Iterator[bytes]:
        return (self._seen(line) for line in self.raw)

    def seek(self, offset: int, whence: int = 0) -> int:
        return int(self.raw.seek(offset, whence))

    def __enter__(self) -> _Recording:
        return self

    def __exit__(self, *exc: object) -> None:
        self.raw.close()


def test_an_overlong_corpus_line_is_never_read_whole(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A line over SPACEKG_MAX_BYTES is refused by its size without holding it in memory (the limit used to
    be checked after reading the whole line: a 2 GB line took 2 GB); the next line still goes in."""
    monkeypatch.setenv("SPACEKG_MAX_BYTES", "1000")
    corpus = tmp_path / "news.jsonl"
    big = json.dumps({"id": "big", "text": ARABIC * 2500}, ensure_ascii=False)
    jsonl(corpus, big, {"id": "small", "text": ARABIC})
    size = len(big.encode()) + 1
    assert size > 4 * 65536
    handles: list[_Recording] = []
    real_open = Path.open

    def recording_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        handle = real_open(self, *args, **kwargs)
        if self != corpus:
            return handle
        handles.append(_Recording(handle))
        return handles[-1]

    monkeypatch.setattr(Path, "open", recording_open)
    assert run(["ingest", "--jobs", "1", str(corpus)], store_dir) == 2
    line = one_error_line(capsys.readouterr().err)
    assert f"{corpus}:1: {size:,} bytes is over the limit of 1,000" in line
    assert handles and max(n for h in handles for n in h.sizes) <= 65536
    monkeypatch.undo()
    assert "news.jsonl#small" in file_names(store_dir)


def test_spacekg_jobs_below_one_is_refused_like_jobs(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--jobs 0` is refused; SPACEKG_JOBS=0 was silently taken as 1."""
    article = tmp_path / "a.ar.txt"
    article.write_text(ARABIC, encoding="utf-8")
    before = checksum(store_dir)
    for value in ("0", "-2"):
        monkeypatch.setenv("SPACEKG_JOBS", value)
        assert run(["ingest", str(article)], store_dir) == 2
        line = one_error_line(capsys.readouterr().err)
        assert "SPACEKG_JOBS" in line and repr(value) in line
    assert checksum(store_dir) == before


def test_ctrl_c_during_a_parallel_ingest_prints_one_line(store_dir: Path, tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group: each extractor process printed its own KeyboardInterrupt
    traceback ('Process ForkPoolWorker-1: Traceback …') around the 'interrupted' line."""
    corpus = tmp_path / "long.jsonl"
    seed = (Path(__file__).parent.parent / "data" / "articles" / "roscosmos-cnsa-lunar-station.ar.txt").read_text(
        encoding="utf-8"
    )
    jsonl(corpus, *({"id": f"long{i}", "text": (seed + "\n") * 25} for i in range(12)))
    before = checksum(store_dir)
    child = subprocess.Popen(
        [str(SPACEKG), "-q", "--store", str(store_dir), "ingest", "--jobs", "2", str(corpus)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    deadline = time.monotonic() + 90  # wait for the worker processes, however slow the machine
    while time.monotonic() < deadline and len(_children(child.pid)) < 2 and child.poll() is None:
        time.sleep(0.2)
    time.sleep(1)  # the workers are extracting: each article takes several seconds
    os.killpg(child.pid, signal.SIGINT)
    _, err = child.communicate(timeout=120)
    assert child.returncode == 130, err
    assert err.splitlines() == ["spacekg ingest: interrupted"], err
    if checksum(store_dir) != before:  # a fast machine may have written a first batch: it must be whole
        store = OxigraphStore(store_dir)
        try:
            rows = store.query("SELECT (COUNT(?a) AS ?n) { ?a a sk:Article }").rows
        finally:
            store.close()
        assert int(rows[0][0]) <= 12


def _children(pid: int) -> list[str]:
    """The ids of a process's child processes (Linux /proc)."""
    found: list[str] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += (task / "children").read_text().split()
    return found


# ---------------------------------------------------------------- ingest: .txt articles


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_arabic_is_converted_with_a_warning(
    encoding: str, store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """UTF-16 Arabic (what Windows Notepad saves as 'Unicode') was refused as 'binary file (not text)'.
    Like Windows-1256 it is converted, with a warning, and the evidence offsets index the decoded text."""
    article = tmp_path / "notepad.ar.txt"
    article.write_bytes(ARABIC.encode(encoding))
    assert run(["ingest", "--jobs", "1", str(article)], store_dir) == 0
    warning = "decoded as UTF-16 (not UTF-8); offsets refer to the decoded text"
    assert capsys.readouterr().err.splitlines() == [f"spacekg: warning: {article}: {warning}"]
    store = OxigraphStore(store_dir)
    try:
        rows = store.query(
            'SELECT ?s ?e ?x { ?a sk:fileName "notepad.ar.txt" . ?ev sk:inArticle ?a ; a sk:Evidence ; '
            "oa:start ?s ; oa:end ?e ; oa:exact ?x }"
        ).rows
    finally:
        store.close()
    assert rows
    for s, e, x in rows:
        assert ARABIC[int(str(s)) : int(str(e))] == str(x)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("Hello, world: no Arabic at all in this text.\n".encode("utf-16"), "no Arabic text"),
        (Path("/bin/ls"), "binary file"),
        (b"\xff\xfe" + b"\x00\xd8" * 40, "binary file"),
    ],
    ids=["UTF-16 English", "executable", "broken UTF-16"],
)
def test_what_is_not_utf16_arabic_is_still_refused(
    content: bytes | Path, says: str, store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _refused_in_one_line(tmp_path / "a.txt", content, says, store_dir, capsys)


@pytest.mark.parametrize("value", ["0", "-1"])
def test_a_size_limit_below_one_byte_is_refused(
    value: str, store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SPACEKG_MAX_BYTES=-1 refused every article as '4,170 bytes is over the limit of -1'."""
    article = tmp_path / "a.ar.txt"
    article.write_text(ARABIC, encoding="utf-8")
    monkeypatch.setenv("SPACEKG_MAX_BYTES", value)
    assert run(["ingest", "--jobs", "1", str(article)], store_dir) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "SPACEKG_MAX_BYTES" in line and "1 or more" in line and "over the limit" not in line


# ---------------------------------------------------------------- eval: gold files


def _gold(tmp_path: Path, **changes: object) -> Path:
    """A small, valid gold file for the seed article, with `changes` applied to it (or to its first entity)."""
    gold: dict[str, object] = {
        "article": "roscosmos-cnsa-lunar-station.ar.txt",
        "entities": [{"key": "russia", "label_en": "Russia", "wikidata": "Q159", "surfaces": ["روسيا"]}],
        "dates": [],
        "relations": [],
    }
    entity = gold["entities"][0]  # type: ignore[index]
    for key, value in changes.items():
        if key.startswith("entity_"):
            entity[key.removeprefix("entity_")] = value
        else:
            gold[key] = value
    path = tmp_path / "x.gold.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"entity_wikidata": ["Q159"]}, "entities[0] has a 'wikidata' that is not a text"),
        ({"entity_wikidata": {"id": "Q159"}}, "entities[0] has a 'wikidata' that is not a text"),
        ({"article": ["a.txt"]}, "'article' is not a text"),
    ],
    ids=["wikidata list", "wikidata object", "article list"],
)
def test_a_gold_file_of_the_wrong_shape_gets_one_line(
    changes: dict[str, object], says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A list or object as an entity's 'wikidata' crashed eval (TypeError: unhashable type)."""
    gold = _gold(tmp_path, **changes)
    assert run(["eval", str(gold)], tmp_path / "unused") == 2
    line = one_error_line(capsys.readouterr().err)
    assert f"{gold}: not a gold file: {says}" in line, line


def test_a_deeply_nested_gold_file_gets_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """100,000 nested brackets: json raised RecursionError, which eval did not catch."""
    gold = tmp_path / "deep.gold.json"
    gold.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert run(["eval", str(gold)], tmp_path / "unused") == 2
    line = one_error_line(capsys.readouterr().err)
    assert f"{gold}: cannot read gold file" in line and "nested too deeply" in line, line


def test_a_null_wikidata_is_allowed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = _gold(tmp_path, entity_wikidata=None)
    assert run(["eval", "--json", str(gold)], tmp_path / "unused") == 0
    assert json.loads(capsys.readouterr().out)["scores"]["entities"]["gold"] == 1


# ---------------------------------------------------------------- query, push and serve options

DEAD = "http://127.0.0.1:9/query"  # the discard port: nothing answers there


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["query", "cq01", "--endpoint", DEAD, "--timeout", "nan"], ("--timeout", "'nan'")),
        (["query", "cq01", "--endpoint", DEAD, "--timeout", "inf"], ("--timeout", "'inf'")),
        (["query", "cq01", "--endpoint", DEAD, "--timeout", "-1"], ("--timeout", "'-1'")),
        (["query", "cq01", "--endpoint", DEAD, "--timeout", "0"], ("--timeout", "'0'")),
        (["push", "--endpoint", DEAD, "--timeout", "nan"], ("--timeout", "'nan'")),
        (["query", "cq01", "--max-width", "-5"], ("--max-width", "'-5'")),
        (["serve", "--port", "99999"], ("--port", "65535")),
        (["serve", "--port", "-1"], ("--port", "65535")),
        (["query", "cq01", "--endpoint", "http://[::1"], ("http://[::1", "not a valid URL")),
        (["query", "cq01", "--endpoint", "http://127.0.0.1:99999/query"], ("99999", "not a valid URL")),
        (["push", "--endpoint", "http://[::1"], ("http://[::1", "not a valid URL")),
        (["push", "--endpoint", DEAD, "--protocol", "gsp", "--gsp-url", "http://[::1"], ("not a valid URL",)),
        (["push", "--endpoint", DEAD, "--update-url", "http://[::1/update"], ("not a valid URL",)),
        (["push", "--endpoint", DEAD, "--graph", "not an iri"], ("--graph", "'not an iri'", "not an IRI")),
    ],
    ids=[
        "query timeout nan", "query timeout inf", "query timeout negative", "query timeout 0", "push timeout nan",
        "negative max-width", "port too big", "negative port", "query endpoint bad IPv6",
        "query endpoint bad port", "push endpoint bad IPv6", "gsp url bad", "update url bad", "push graph not IRI",
    ],
)
def test_bad_option_values_get_one_line(
    argv: list[str], says: tuple[str, ...], store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each of these was a traceback (ValueError, OverflowError), a second line (rdflib's warning about
    a bad IRI) or exit 0 (a negative --max-width silently meant 0, keep cells whole)."""
    before = checksum(store_dir)
    assert run(argv, store_dir) == 2
    line = one_error_line(capsys.readouterr().err)
    for needle in says:
        assert needle in line, line
    assert checksum(store_dir) == before


def test_a_bad_url_in_a_sparql_store_spec_gets_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["query", "cq01"], "sparql:http://[::1") == 2
    line = one_error_line(capsys.readouterr().err)
    assert "http://[::1" in line and "not a valid URL" in line


@pytest.mark.parametrize(
    "value",
    [
        '"x"^^xsd:string}?claim?field?value.#',
        '"x"^^xsd:string)}}}}#',
        '"x"^^<http://a/b>}#',
    ],
)
def test_a_typed_literal_parameter_cannot_leave_its_slot(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`--param entity='"x"^^xsd:string}…#'` was pasted into the query as it came (the datatype was any
    run of non-spaces), closing the VALUES block and commenting out the rest of the line."""
    assert run(["query", "entity-card", "--show", "--param", f"entity={value}"], "memory") == 2
    line = one_error_line(capsys.readouterr().err)
    assert "--param entity=" in line


def test_a_typed_literal_parameter_still_works(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["query", "cq11", "--show", "--param", 'month="2020-12"^^xsd:string'], "memory") == 0
    assert 'BIND("2020-12"^^xsd:string AS ?month)' in capsys.readouterr().out


def test_a_query_on_stdin_that_is_not_utf8_gets_one_line(store_dir: Path) -> None:
    """The message was "query failed: 'utf-8' codec can't encode character '\\udcd0' … surrogates not allowed"."""
    done = subprocess.run(
        [str(SPACEKG), "-q", "--store", str(store_dir), "query", "-"],
        input=b"SELECT * WHERE { ?s ?p \"\xff\xfe\" }", capture_output=True, check=False, timeout=60,
    )
    assert done.returncode == 2
    line = one_error_line(done.stderr.decode())
    assert "stdin: not valid UTF-8 (byte 24)" in line, line


# ---------------------------------------------------------------- entity names and graph views


def test_viz_with_a_huge_depth_does_not_hang(store_dir: Path, tmp_path: Path) -> None:
    """`--depth 99999999999999999999` looped once per step of depth long after the last new node (hours)."""
    out = tmp_path / "g.html"
    done = subprocess.run(
        [str(SPACEKG), "-q", "--store", str(store_dir), "viz", "--focus", "CNSA", "--depth", "9" * 20, "-o", str(out)],
        capture_output=True, text=True, check=False, timeout=60,
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert 'data-node-count="' in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "argv",
    [["timeline", "--entity", ""], ["timeline", "--entity", "  "], ["explain", ""], ["path", "", "CNSA"],
     ["neighbors", " \t"], ["viz", "--focus", "", "-o", "{tmp}/g.html"], ["query", "entity-card", "-p", "entity="]],
    ids=["timeline", "timeline blank", "explain", "path", "neighbors", "viz", "query param"],
)
def test_an_empty_entity_name_is_refused(
    argv: list[str], store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`timeline --entity ''` printed the whole timeline (exit 0); elsewhere an empty name was 'no entity
    named ''; did you mean: Abdul Ahad Mohmand, Abu Dhabi, …' (the first names in the alphabet)."""
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert run(argv, store_dir) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "empty entity name" in line and "did you mean" not in line, line
    assert not (tmp_path / "g.html").exists()


def test_a_long_unknown_name_is_shortened_in_the_message(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The message quoted the whole name: a 100,000-character line."""
    name = "x" * 100_000
    assert run(["explain", name], store_dir) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "no entity named 'xxxx" in line and "…" in line and len(line) < 300, len(line)


# ---------------------------------------------------------------- output files: build, export, viz, validate


def test_export_into_a_fifo_writes_into_it(store_dir: Path, tmp_path: Path) -> None:
    """`export -o FIFO` renamed a temporary file over the FIFO: the reader got nothing and the FIFO was
    gone (as root, `-o /dev/null` would have replaced the device the same way)."""
    fifo = tmp_path / "pipe.nt"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code = run(["export", "--format", "nt", "-o", str(fifo)], store_dir)
    if code != 0 or not fifo.is_fifo():  # nobody wrote into the FIFO: let the reader go
        with fifo.open("wb") if fifo.is_fifo() else open(os.devnull, "wb"):
            pass
    reader.join(timeout=20)
    out = got[0] if got else b""
    assert code == 0
    assert fifo.is_fifo()
    assert out.count(b"\n") > 1000 and b"<https://w3id.org/spacekg/resource/Roscosmos>" in out


def test_export_to_dev_stdout_writes_to_the_pipe(store_dir: Path) -> None:
    """`-o /dev/stdout` resolved to /proc/PID/fd/pipe:[…], where no temporary file can be made: exit 2."""
    done = subprocess.run(
        [str(SPACEKG), "-q", "--store", str(store_dir), "export", "--format", "nt", "-o", "/dev/stdout"],
        capture_output=True, check=False, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b"" and done.stdout.count(b"\n") > 1000


def test_viz_that_fails_while_writing_leaves_the_old_page(store_dir: Path, tmp_path: Path) -> None:
    """The page was written in place: a viz that failed part-way (a full disk; here a file size limit)
    or was killed left half a page. (`build` writes its page the same way.)"""
    import resource

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    (tmp_path / "out").mkdir()
    page = tmp_path / "out" / "graph.html"
    page.write_text("<html>the old page</html>", encoding="utf-8")
    done = subprocess.run(
        [str(SPACEKG), "-q", "--store", str(store_dir), "viz", "-o", str(page)],
        capture_output=True, text=True, check=False, timeout=120, preexec_fn=cap,
    )
    assert done.returncode == 2
    assert one_error_line(done.stderr) == f"spacekg viz: error: cannot write {page}: File too large"
    assert page.read_text(encoding="utf-8") == "<html>the old page</html>"
    assert [p.name for p in page.parent.iterdir()] == ["graph.html"], "no temporary file left behind"


def test_build_with_a_mistyped_articles_directory_writes_nothing(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped --articles was reported, and then out/spacekg.ttl and out/graph.html were overwritten
    anyway (with whatever the store held; with a fresh store, nothing but the ontology)."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "spacekg.ttl").write_text("# the old export\n", encoding="utf-8")
    (out / "graph.html").write_text("<html>the old page</html>", encoding="utf-8")
    before = checksum(store_dir)
    assert run(["build", "--articles", str(tmp_path / "nowhere"), "--out", str(out)], store_dir) == 2
    line = one_error_line(capsys.readouterr().err)
    assert f"--articles {tmp_path / 'nowhere'}: no such directory" in line, line
    assert (out / "spacekg.ttl").read_text(encoding="utf-8") == "# the old export\n"
    assert (out / "graph.html").read_text(encoding="utf-8") == "<html>the old page</html>"
    assert checksum(store_dir) == before


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("dir.ttl", None, "not a regular file"),
        ("empty.ttl", "", "no triples"),
        ("prefixes.ttl", "@prefix sk: <https://w3id.org/spacekg/ontology#> .\n# nothing else\n", "no triples"),
    ],
    ids=["a directory", "empty", "only prefixes"],
)
def test_validate_a_file_that_is_no_graph(
    name: str, content: str | None, says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A directory was 'no such file'; an empty file 'conformed' (exit 0), so a failed export passed."""
    path = tmp_path / name
    if content is None:
        path.mkdir()
    else:
        path.write_text(content, encoding="utf-8")
    assert run(["validate", "--file", str(path)], tmp_path / "unused") == 2
    line = one_error_line(capsys.readouterr().err)
    assert f"{path}: {says}" in line, line


# ---------------------------------------------------------------- environment variables


def _spacekg(argv: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SPACEKG), "-q", *argv], cwd=cwd, capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "ignore", **env},
    )


def test_an_empty_spacekg_store_means_the_default_store(tmp_path: Path) -> None:
    """SPACEKG_STORE= (set, but empty) made the working directory itself the store: `oxigraph/` and
    `lock` were created in it (in a checkout, among the sources)."""
    article = tmp_path / "a.ar.txt"
    article.write_text(ARABIC, encoding="utf-8")
    done = _spacekg(["ingest", "--jobs", "1", str(article)], tmp_path, SPACEKG_STORE="")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / ".spacekg" / "oxigraph").is_dir()
    assert not (tmp_path / "oxigraph").exists() and not (tmp_path / "lock").exists()


@pytest.mark.parametrize("home", ["{tmp}/nowhere", "{tmp}"], ids=["missing", "not a checkout"])
def test_a_wrong_spacekg_home_gets_one_line(home: str, tmp_path: Path) -> None:
    """A SPACEKG_HOME without data/ and ontology/ was a 50-line traceback (FileNotFoundError on
    data/arabic/charmap.tsv) from every command, --help included."""
    home = home.replace("{tmp}", str(tmp_path))
    done = _spacekg(["query", "cq01"], tmp_path, SPACEKG_HOME=home)
    assert done.returncode == 2
    line = one_error_line(done.stderr)
    assert line.startswith(f"spacekg: error: SPACEKG_HOME={home}: ") and "ontology" in line, line


def test_an_empty_spacekg_home_means_this_checkout(tmp_path: Path) -> None:
    done = _spacekg(["query", "--list", "--format", "csv"], tmp_path, SPACEKG_HOME="")
    assert done.returncode == 0, done.stderr
    assert "cq01" in done.stdout


@pytest.mark.parametrize("value", ["nan", "-5"])
def test_a_lock_timeout_that_is_not_a_duration_is_refused(
    value: str, store_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SPACEKG_LOCK_TIMEOUT=nan made the deadline NaN: a locked store was waited for forever."""
    monkeypatch.setenv("SPACEKG_LOCK_TIMEOUT", value)
    assert run(["query", "cq01"], store_dir) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "SPACEKG_LOCK_TIMEOUT" in line and repr(value) in line, line


# ---------------------------------------------------------------- a damaged store


def _tree(root: Path) -> dict[str, bytes]:
    """The store's files and their bytes, but RocksDB's own LOG files (an open attempt writes those)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith("LOG")
    }


@pytest.mark.parametrize("damage", ["CURRENT", "sst"])
@pytest.mark.parametrize("argv", [["query", "cq01"], ["ingest", "{tmp}/a.ar.txt"]], ids=["query", "ingest"])
def test_a_damaged_store_gets_one_line_and_is_left_alone(
    damage: str, argv: list[str], store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Oxigraph's RuntimeError ('Corruption: CURRENT file corrupted', 'Sst file size mismatch') was a
    traceback from every command."""
    (tmp_path / "a.ar.txt").write_text(ARABIC, encoding="utf-8")
    db = store_dir / "oxigraph"
    if damage == "CURRENT":
        (db / "CURRENT").write_bytes(b"garbage\n")
    else:
        for sst in db.glob("*.sst"):
            sst.write_bytes(sst.read_bytes()[:100])
    before = _tree(store_dir)
    assert run([a.replace("{tmp}", str(tmp_path)) for a in argv], store_dir) == 3
    line = one_error_line(capsys.readouterr().err)
    assert f"store {store_dir} is damaged" in line and "Corruption" in line, line
    assert _tree(store_dir) == before


# ---------------------------------------------------------------- terminal escapes in article text


ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x9b31m"  # clear screen, set the window title, bell, a C1 CSI


def test_terminal_escapes_in_an_article_are_shown_not_obeyed_by_tables(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An article's text went to the terminal raw: ESC sequences in it cleared the screen or retitled
    the window of whoever ran `spacekg query` or `timeline`. Tables (for people) show them escaped;
    CSV, TSV and JSON (for programs) keep the data as stored."""
    article = tmp_path / "esc.ar.txt"
    article.write_text(ARABIC.replace("مسبارها", "مسبارها" + ESCAPES), encoding="utf-8")
    assert run(["ingest", "--jobs", "1", str(article)], store_dir) == 0
    capsys.readouterr()
    sparql = 'SELECT ?x WHERE { ?a sk:fileName "esc.ar.txt" . ?s sk:inArticle ?a ; a sk:Sentence ; oa:exact ?x }'
    assert run(["query", "--max-width", "0", "-e", sparql], store_dir) == 0
    table = capsys.readouterr().out
    assert not any(c in table for c in "\x1b\x07\x9b"), table
    assert "\\u001b[2J\\u001b]0;pwned\\u0007\\u009b31m" in table
    assert run(["query", "--format", "json", "-e", sparql], store_dir) == 0
    assert ESCAPES in json.loads(capsys.readouterr().out)["results"]["bindings"][0]["x"]["value"]


def test_explain_shows_escapes_in_a_quote(capsys: pytest.CaptureFixture[str]) -> None:
    from kg.explain import ExplainedClaim, ExplainReport

    claim = ExplainedClaim("Roscosmos", "country", "Russia", "asserted", "", "", "روسكوزموس" + ESCAPES,
                           0, 20, "a.txt" + ESCAPES, "country.x", 0.9)
    text = ExplainReport("https://w3id.org/spacekg/resource/Roscosmos", (claim,)).text()
    assert not any(c in text for c in "\x1b\x07\x9b"), text
    assert "«روسكوزموس\\u001b[2J\\u001b]0;pwned\\u0007\\u009b31m»  a.txt\\u001b[2J" in text


def test_a_file_that_is_not_json_lines_gets_a_few_lines_not_one_per_line(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pretty-printed JSON-LD export named .jsonl printed an error for each of its lines (thousands)."""
    corpus = tmp_path / "export.jsonl"
    corpus.write_text(json.dumps([{"@id": f"x{i}", "text": ARABIC} for i in range(500)], indent=2), encoding="utf-8")
    before = checksum(store_dir)
    assert run(["ingest", "--jobs", "1", str(corpus)], store_dir) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 21, lines
    assert all(line.startswith(f"spacekg ingest: error: {corpus}:") for line in lines)
    more = len(corpus.read_text(encoding="utf-8").splitlines()) - 20
    assert lines[-1] == f"spacekg ingest: error: {corpus}: {more:,} more bad lines, not listed (the first 20 are above)"
    assert checksum(store_dir) == before
