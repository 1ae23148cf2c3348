"""Every kind of bad input through the CLI: exit code, one line naming the file or argument, no traceback,
and the store unchanged (the checksum of its N-Quads export before and after)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg.cli import main
from kg.store import OxigraphStore

SPACEKG = Path(sys.executable).parent / "spacekg"
ARABIC = "أطلقت الصين في عام 2020 مسبارها Tianwen-1 إلى المريخ، وقالت وكالة ناسا إنها ترحب بذلك.\n"


def checksum(store_dir: Path) -> str:
    store = OxigraphStore(store_dir)
    try:
        lines = sorted(store.export("nquads").splitlines())
    finally:
        store.close()
    return hashlib.sha256(b"\n".join(lines)).hexdigest()


@pytest.fixture(scope="module")
def store_dir(seed_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the seed store: commands below may try (and must fail) to write it."""
    copy = tmp_path_factory.mktemp("bad-input") / "store"
    shutil.copytree(seed_store_dir, copy)
    return copy


@pytest.fixture(scope="module")
def before(store_dir: Path) -> str:
    return checksum(store_dir)


# ---------------------------------------------------------------- the cases

Files = dict[str, bytes | str | int | None]  # name → content (int: a sparse file of that size; None: a dir)


@dataclass(frozen=True)
class Case:
    """Files to create in a fresh directory, the command (`{dir}` and `{store}` filled in), what must happen."""

    id: str
    argv: tuple[str, ...]
    code: int
    says: tuple[str, ...]  # every one of these must be in the one-line message
    files: Files = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)


def _meta(name: str, meta: bytes | str) -> Files:
    return {f"{name}.ar.txt": ARABIC, f"{name}.ar.meta.json": meta}


CASES = [
    # --- ingest: the article file
    Case("empty file", ("ingest", "{dir}/empty.txt"), 2, ("empty.txt", "empty article"), {"empty.txt": b""}),
    Case("whitespace only", ("ingest", "{dir}/ws.txt"), 2, ("ws.txt", "empty article"),
         {"ws.txt": " \n\t\r\n\u00a0\u3000\n"}),
    Case("PDF", ("ingest", "{dir}/paper.txt"), 2, ("paper.txt", "binary"),
         {"paper.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"}),
    Case("PNG", ("ingest", "{dir}/image.txt"), 2, ("image.txt", "binary"),
         {"image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))}),
    Case("NUL bytes in Arabic text", ("ingest", "{dir}/nul.txt"), 2, ("nul.txt", "binary"),
         {"nul.txt": ARABIC.encode() + b"\x00\x00" + ARABIC.encode()}),
    Case("invalid UTF-8", ("ingest", "{dir}/latin1.txt"), 2, ("latin1.txt", "not valid UTF-8"),
         {"latin1.txt": "Café crème, naïve façade: déjà vu à l'hôtel.".encode("latin-1")}),
    Case("random high bytes", ("ingest", "{dir}/noise.txt"), 2, ("noise.txt", "not valid UTF-8"),
         {"noise.txt": b"\xff\xfe\xfa abc \xc3\x28 \xe9\xe8"}),
    Case("100 MB file (sparse)", ("ingest", "{dir}/huge.txt"), 2, ("huge.txt", "over the limit of 20,971,520"),
         {"huge.txt": 100 * 1024 * 1024}),
    Case("limit is configurable", ("ingest", "{dir}/small.txt"), 2, ("small.txt", "over the limit of 50 "),
         {"small.txt": ARABIC}, {"SPACEKG_MAX_BYTES": "50"}),
    Case("bad SPACEKG_MAX_BYTES", ("ingest", "{dir}/a.txt"), 2, ("SPACEKG_MAX_BYTES",),
         {"a.txt": ARABIC}, {"SPACEKG_MAX_BYTES": "lots"}),
    Case("no Arabic", ("ingest", "{dir}/english.txt"), 2, ("english.txt", "no Arabic"),
         {"english.txt": "NASA launched Perseverance to Mars in 2020. ١٢٣ ، ؟\n"}),
    Case("HTML", ("ingest", "{dir}/page.txt"), 2, ("page.txt", "HTML"),
         {"page.txt": f"<!DOCTYPE html><html><head><title>x</title></head><body><p>{ARABIC}</p></body></html>"}),
    Case("nonexistent path", ("ingest", "{dir}/nowhere.txt"), 2, ("nowhere.txt", "no such file")),
    Case("a FIFO is not a file", ("ingest", "{dir}/fifo.txt"), 2, ("fifo.txt", "not a regular file"),
         {"fifo.txt": -1}),
    Case("empty directory", ("ingest", "{dir}/empty-dir"), 2, ("empty-dir", "no article files"), {"empty-dir": None}),
    Case("hostile file name", ("ingest", "{dir}/a\nb\u202ec.txt"), 2, ("a\\nb\\u202ec.txt", "empty article"),
         {"a\nb\u202ec.txt": b""}),
    # --- ingest: the .meta.json sidecar
    Case("malformed .meta.json", ("ingest", "{dir}/m.ar.txt"), 2, ("m.ar.meta.json", "malformed JSON", "line 1"),
         _meta("m", '{"title": "x",, }')),
    Case(".meta.json not an object", ("ingest", "{dir}/m.ar.txt"), 2, ("m.ar.meta.json", "JSON object"),
         _meta("m", "[1, 2]")),
    Case(".meta.json not UTF-8", ("ingest", "{dir}/m.ar.txt"), 2, ("m.ar.meta.json", "UTF-8"),
         _meta("m", b'{"title": "\xff\xfe"}')),
    Case(".meta.json field not a string", ("ingest", "{dir}/m.ar.txt"), 2, ("m.ar.meta.json", "'title'"),
         _meta("m", '{"title": 5}')),
    Case(".meta.json impossible date", ("ingest", "{dir}/m.ar.txt"), 2, ("m.ar.meta.json", "'published'"),
         _meta("m", '{"published": "2021-02-30"}')),
    Case(".meta.json hostile url", ("ingest", "{dir}/m.ar.txt"), 2, ("m.ar.meta.json", "'url'"),
         _meta("m", json.dumps({"url": 'http://x/ "> <script>'}))),
    Case(".meta.json is a directory", ("ingest", "{dir}/m.ar.txt"), 2, ("m.ar.meta.json", "not a regular file"),
         {"m.ar.txt": ARABIC, "m.ar.meta.json": None}),
    # --- the store
    Case("store is a file", ("--store", "{dir}/f", "ingest", "{dir}/a.txt"), 3, ("f", "not a directory"),
         {"f": "x", "a.txt": ARABIC}),
    Case("no store to read", ("--store", "{dir}/none", "query", "cq01"), 3, ("none", "no store")),
    Case("bad SPACEKG_LOCK_TIMEOUT", ("ingest", "{dir}/a.txt"), 2, ("SPACEKG_LOCK_TIMEOUT",),
         {"a.txt": ARABIC}, {"SPACEKG_LOCK_TIMEOUT": "soon"}),
    # --- export and other output paths
    Case("unknown export format", ("export", "--format", "xml"), 2, ("--format", "invalid choice: 'xml'")),
    Case("export into the store", ("export", "-o", "{store}/oxigraph/x.ttl"), 2, ("refusing to write inside",)),
    Case("export over the store", ("export", "-o", "{store}"), 2, ("refusing to write inside",)),
    Case("export under a file", ("export", "-o", "{dir}/f/x.ttl"), 2, ("f/x.ttl", "not a directory"), {"f": "x"}),
    Case("viz into the store", ("viz", "-o", "{store}/g.html"), 2, ("refusing to write inside",)),
    Case("validate a missing file", ("validate", "--file", "{dir}/no.ttl"), 2, ("no.ttl", "no such file")),
    Case("validate a non-RDF file", ("validate", "--file", "{dir}/x.ttl"), 2, ("x.ttl", "cannot parse as turtle"),
         {"x.ttl": "<html><body>not RDF</body></html>"}),
    # --- queries
    Case("malformed SPARQL", ("query", "-e", "SELECT ?x WHERE {\n  ?x ?y ?z .\n  FILTER( }"), 2,
         ("-e", "malformed SPARQL", "line 3, column")),
    Case("unknown query name", ("query", "cq99"), 2, ("'cq99'", "did you mean", "cq09")),
    Case("missing .rq file", ("query", "{dir}/mine.rq"), 2, ("mine.rq", "does not exist")),
    Case("update refused", ("query", "-e", "DELETE WHERE { ?s ?p ?o }"), 2, ("-e", "SPARQL Update")),
    Case("update with a prefix refused", ("query", "-e", "PREFIX x: <http://x/>\nINSERT DATA { x:a x:b x:c }"), 2,
         ("SPARQL Update",)),
    Case("DROP ALL refused", ("query", "-e", "DROP ALL"), 2, ("SPARQL Update",)),
    Case("unknown parameter", ("query", "entity-card", "--param", "nobody=1"), 2, ("nobody",)),
    Case("parameter without =", ("query", "entity-card", "--param", "entity"), 2, ("--param", "name=value")),
    Case("unknown result format", ("query", "cq01", "--format", "xlsx"), 2, ("--format", "xlsx")),
    # --- entity names
    Case("unknown entity, with suggestions", ("explain", "روسكوزموزز"), 2,
         ("no entity named 'روسكوزموزز'", "did you mean", "روسكوزموس")),
    Case("unknown entity in path", ("path", "CNSA", "Nobody Atall"), 2, ("no entity named 'Nobody Atall'",)),
    Case("unknown entity in neighbors", ("neighbors", "Rozcosmoss"), 2, ("Rozcosmoss", "did you mean", "Roscosmos")),
    Case("unknown entity in timeline", ("timeline", "--entity", "xyzzy"), 2, ("'xyzzy'",)),
    Case("unknown IRI", ("explain", "skr:No_Such_Thing"), 2, ("skr:No_Such_Thing",)),
    Case("unknown focus", ("viz", "--focus", "xyzzy", "-o", "{dir}/g.html"), 2, ("'xyzzy'",)),
    # --- numeric arguments
    Case("depth 0", ("neighbors", "CNSA", "--depth", "0"), 2, ("--depth",)),
    Case("negative top", ("central", "--top", "-3"), 2, ("--top",)),
    Case("non-numeric depth", ("neighbors", "CNSA", "--depth", "two"), 2, ("--depth", "'two'")),
    Case("max-nodes 0", ("viz", "--max-nodes", "0", "-o", "{dir}/g.html"), 2, ("--max-nodes",)),
    Case("non-numeric port", ("serve", "--port", "http"), 2, ("--port",)),
    # --- eval and the command line itself
    Case("missing gold file", ("eval", "{dir}/gold.json"), 2, ("gold.json",)),
    Case("gold file not JSON", ("eval", "{dir}/gold.json"), 2, ("gold.json",), {"gold.json": b"%PDF-1.4"}),
    Case("unknown command", ("frobnicate",), 2, ("frobnicate",)),
]


def make_files(root: Path, files: Files) -> None:
    for name, content in files.items():
        path = root / name
        if content is None:
            path.mkdir()
        elif isinstance(content, int) and content < 0:
            os.mkfifo(path)
        elif isinstance(content, int):
            with path.open("wb") as f:
                f.truncate(content)  # sparse: the test never writes 100 MB
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)


def fill(argv: tuple[str, ...], root: Path, store: Path, *, quiet: bool = True) -> list[str]:
    """The command line: `-q` (only results and errors) unless told otherwise, and the store."""
    argv = tuple(a.replace("{dir}", str(root)).replace("{store}", str(store)) for a in argv)
    flags = ["-q"] if quiet else []
    return [*flags, *argv] if argv[0] == "--store" else [*flags, "--store", str(store), *argv]


def run_main(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:  # argparse
        return int(exc.code or 0)


@pytest.fixture()
def case_dir(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "in"
    root.mkdir()
    yield root


def assert_one_line_error(err: str, case: Case, *, quiet: bool = True) -> None:
    """With -q the error is all there is on stderr; without, it is still the one error line."""
    lines = [line for line in err.splitlines() if line.strip() and (quiet or "error" in line)]
    assert len(lines) == 1, f"{case.id}: expected one line, got:\n{err}"
    line = lines[0]
    assert "Traceback" not in err and "error" in line, line
    for needle in case.says:
        assert needle in line, f"{case.id}: {needle!r} not in {line!r}"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(
    case: Case,
    case_dir: Path,
    store_dir: Path,
    before: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_files(case_dir, case.files)
    for key, value in case.env.items():
        monkeypatch.setenv(key, value)
    code = run_main(fill(case.argv, case_dir, store_dir))
    err = capsys.readouterr().err
    assert code == case.code, f"{case.id}: exit {code}, stderr: {err}"
    assert_one_line_error(err, case)
    monkeypatch.delenv("SPACEKG_LOCK_TIMEOUT", raising=False)
    assert checksum(store_dir) == before, f"{case.id} changed the store"


# Through the installed entry point: the real exit status, and nothing but the one line on stderr.
SUBPROCESS_CASES = [c for c in CASES if c.id in {
    "empty file", "PDF", "invalid UTF-8", "100 MB file (sparse)", "HTML", "malformed .meta.json",
    "nonexistent path", "malformed SPARQL", "unknown query name", "update refused", "unknown entity, with suggestions",
    "unknown export format", "store is a file", "hostile file name",
}]


@pytest.mark.parametrize("case", SUBPROCESS_CASES, ids=[c.id for c in SUBPROCESS_CASES])
def test_bad_input_through_the_entry_point(case: Case, case_dir: Path, store_dir: Path, before: str) -> None:
    make_files(case_dir, case.files)
    env = {**os.environ, **case.env, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(
        [str(SPACEKG), *fill(case.argv, case_dir, store_dir, quiet=False)],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, check=False, timeout=120,
    )
    assert done.returncode == case.code, done.stderr
    assert_one_line_error(done.stderr, case, quiet=False)
    assert done.stdout == ""
    assert checksum(store_dir) == before


# ---------------------------------------------------------------- inputs that are accepted, with care


def test_a_directory_of_mixed_files(
    store_dir: Path, case_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The good article goes in; each bad one gets its own line; other files are left alone; exit 2."""
    store = tmp_path / "store"
    shutil.copytree(store_dir, store)
    make_files(case_dir, {
        "good.ar.txt": ARABIC, "good.ar.meta.json": '{"published": "2020-07-23"}',
        "empty.txt": b"", "page.txt": "<html><body><p>نص</p><div>x</div></body></html>",
        "paper.pdf": b"%PDF-1.4", "notes.md": "# notes", "sub": None,
    })
    assert run_main(["--store", str(store), "-q", "ingest", str(case_dir)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and "Traceback" not in "\n".join(lines)
    assert "empty.txt: empty article" in lines[0] and "page.txt: looks like HTML" in lines[1]
    reader = OxigraphStore(store)
    try:
        files = {str(r[0]) for r in reader.query("SELECT ?f { ?a a sk:Article ; sk:fileName ?f }").rows}
    finally:
        reader.close()
    assert files == {"roscosmos-cnsa-lunar-station.ar.txt", "good.ar.txt"}


def test_windows_1256_is_converted_with_a_warning(
    case_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = case_dir / "legacy.ar.txt"
    article.write_bytes(ARABIC.encode("cp1256"))
    store = tmp_path / "store"
    assert run_main(["--store", str(store), "-q", "ingest", str(article)]) == 0
    err = capsys.readouterr().err.splitlines()
    warning = "decoded as Windows-1256 (not UTF-8); offsets refer to the decoded text"
    assert err == [f"spacekg: warning: {article}: {warning}"]
    reader = OxigraphStore(store)
    try:
        rows = reader.query("SELECT ?s ?e ?x { ?ev a sk:Evidence ; oa:start ?s ; oa:end ?e ; oa:exact ?x }").rows
    finally:
        reader.close()
    assert rows
    for s, e, x in rows:
        assert ARABIC[int(str(s)) : int(str(e))] == str(x)


def test_an_article_id_that_is_not_ascii_gets_its_own_graph(case_dir: Path, tmp_path: Path) -> None:
    """Two sidecar ids that slug to the same text must not share (and so replace) one named graph."""
    for i, body in enumerate((ARABIC, ARABIC.replace("2020", "2021"))):
        (case_dir / f"a{i}.ar.txt").write_text(body, encoding="utf-8")
        (case_dir / f"a{i}.ar.meta.json").write_text(json.dumps({"id": f"مقال {i}"}), encoding="utf-8")
    store = tmp_path / "store"
    assert run_main(["--store", str(store), "-q", "ingest", str(case_dir)]) == 0
    reader = OxigraphStore(store)
    try:
        graphs = [g for g in reader.graph_names() if "/graph/article/" in g]
    finally:
        reader.close()
    assert len(graphs) == 2


def test_messages_are_one_line_whatever_they_quote() -> None:
    from kg.commands._common import one_line

    assert one_line("a\nb\r\tc\u202ed\x00") == "a\\nb\\r\\tc\\u202ed\\u0000"


