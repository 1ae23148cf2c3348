"""Reading a store that cannot be written: read permission only, a read-only mount, or a writer at work.

Regression: reading commands opened the lock file for writing (a read-only store could not be queried
at all) and waited for a writer's lock (a query during an ingest failed as "busy" after 30 s).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kg.store import OxigraphStore
from kg.store.oxigraph import SNAPSHOT

SPACEKG = Path(sys.executable).parent / "spacekg"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# A reading command of each kind, and what its output must hold.
READERS = (
    (("query", "-f", "csv", "-e", "ASK { skr:Roscosmos sk:country skr:Russia }"), "true"),
    (("query", "cq05"), "Luna 25"),
    (("explain", "Roscosmos"), "claim(s)"),
    (("timeline",), "Luna 25"),
    (("neighbors", "CNSA"), "Roscosmos"),
    (("export", "--format", "nt"), "<https://w3id.org/spacekg/resource/Roscosmos>"),
)


def spacekg(store: Path, *argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SPACEKG), "--store", str(store), "-q", *argv],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False, timeout=120,
        env={**os.environ, **(env or {})},
    )


def count(store_dir: Path) -> int:
    store = OxigraphStore(store_dir)
    try:
        return int(str(store.query(COUNT).rows[0][0]))
    finally:
        store.close()


@pytest.fixture()
def store(seed_store_dir: Path, tmp_path: Path) -> Path:
    """A copy of the seed store, for this test alone."""
    copy = tmp_path / "store"
    shutil.copytree(seed_store_dir, copy)
    return copy


# ---------------------------------------------------------------- a store the user cannot write


def _can_unshare() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False).returncode == 0


def _read_only_mount(store: Path, tmp_path: Path, argv: list[str]) -> subprocess.CompletedProcess[str]:
    """Run spacekg on `store` bind-mounted read-only, in a mount namespace of its own (root only)."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    script = 'mount --bind "$1" "$2" && mount -o remount,ro,bind "$2" && shift 2 && exec "$@"'
    command = [str(SPACEKG), "--store", str(mount), "-q", *argv]
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script, "sh", str(store), str(mount), *command],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False, timeout=120,
    )


# Root honours file permissions only without these capabilities; `setpriv` starts spacekg without them.
NO_OVERRIDE = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner"]


def _can_drop_overrides() -> bool:
    if shutil.which("setpriv") is None:
        return False
    return subprocess.run([*NO_OVERRIDE, "true"], capture_output=True, check=False).returncode == 0


@pytest.fixture(params=["permissions", "read-only mount"])
def cannot_write(request: pytest.FixtureRequest) -> str:
    """How the store is made unwritable: read-only file modes, or a read-only mount (root only)."""
    if request.param == "permissions" and os.geteuid() == 0 and not _can_drop_overrides():
        pytest.skip("running as root without `setpriv`: file modes do not keep root from writing")
    if request.param == "read-only mount" and (os.geteuid() != 0 or not _can_unshare()):
        pytest.skip("needs root and `unshare -m` (the permissions case tests a user who may only read)")
    return str(request.param)


def _run_unwritable(how: str, store: Path, tmp_path: Path, argv: list[str]) -> subprocess.CompletedProcess[str]:
    if how == "read-only mount":
        return _read_only_mount(store, tmp_path, argv)
    modes = {p: p.stat().st_mode for p in [store, *store.rglob("*")]}
    for path in modes:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        return subprocess.run(
            [*(NO_OVERRIDE if os.geteuid() == 0 else []), str(SPACEKG), "--store", str(store), "-q", *argv],
            capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False, timeout=120,
        )
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


@pytest.mark.parametrize(("argv", "expected"), READERS, ids=[" ".join(a[:2]) for a, _ in READERS])
def test_reading_commands_work_on_a_store_that_cannot_be_written(
    argv: tuple[str, ...], expected: str, cannot_write: str, store: Path, tmp_path: Path
) -> None:
    before = sorted(p.name for p in store.rglob("*"))
    done = _run_unwritable(cannot_write, store, tmp_path, list(argv))
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout
    assert done.stderr == ""
    assert sorted(p.name for p in store.rglob("*")) == before  # nothing created (no lock, no snapshot)


def test_a_read_only_store_without_a_lock_file_is_read(
    cannot_write: str, store: Path, tmp_path: Path, seed_triples: int
) -> None:
    """A store copied without its lock file, somewhere the reader cannot create one."""
    (store / "lock").unlink()
    done = _run_unwritable(cannot_write, store, tmp_path, ["query", "-f", "csv", "-e", COUNT])
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["n", str(seed_triples)]
    assert not (store / "lock").exists()


def test_writing_a_store_that_cannot_be_written_fails_in_one_line(
    cannot_write: str, store: Path, tmp_path: Path, seed_path: Path
) -> None:
    done = _run_unwritable(cannot_write, store, tmp_path, ["ingest", "--force", str(seed_path)])
    assert done.returncode == 3
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "cannot open store" in lines[0], done.stderr
    assert "Traceback" not in done.stderr


# ---------------------------------------------------------------- reading while another process writes


# Open the store for writing, say so, then write (replace a graph, bulk-load another, compact) until
# stdin closes. Readers reading the live database meanwhile crashed (RocksDB read-only mode is
# undefined while another process writes).
WRITER = """
import sys
from rdflib import Literal, URIRef
from kg.store import OxigraphStore
store = OxigraphStore(sys.argv[1], writable=True)
print("holding", flush=True)
if sys.argv[2] == "write":
    import os, select
    i = 0
    while not select.select([sys.stdin], [], [], 0)[0]:
        p = URIRef("http://example.org/p")
        store.replace_graph(URIRef(f"http://example.org/g{i % 3}"),
                            [(URIRef(f"http://example.org/s{j}"), p, Literal(i)) for j in range(2000)])
        bulk = URIRef(f"http://example.org/bulk{i % 2}")
        store.bulk_add((URIRef(f"http://example.org/b{i}-{j}"), p, Literal(j), bulk) for j in range(2000))
        if i % 3 == 0:
            store.oxigraph.optimize()
        i += 1
        if i == 1:
            print("written", flush=True)
sys.stdin.read()
store.close()
"""


class Writer:
    """A process holding the store for writing (and writing, with `write=True`) until `stop()`."""

    def __init__(self, store: Path, *, write: bool) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(store), "write" if write else "hold"],
            stdout=subprocess.PIPE, stdin=subprocess.PIPE,
        )
        self.write = write

    def wait_until_holding(self) -> None:
        assert self.process.stdout is not None
        assert self.process.stdout.readline() == b"holding\n"
        if self.write:
            assert self.process.stdout.readline() == b"written\n"

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        assert self.process.wait(timeout=60) == 0

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=60)


@pytest.fixture()
def writer_at(store: Path) -> Iterator[Callable[..., Writer]]:
    """Start a Writer on the test's store; any still running when the test ends is killed."""
    started: list[Writer] = []

    def start(*, write: bool) -> Writer:
        writer = Writer(store, write=write)
        started.append(writer)
        writer.wait_until_holding()
        return writer

    yield start
    for writer in started:
        if writer.process.poll() is None:
            writer.kill()


@pytest.mark.parametrize(("argv", "expected"), READERS, ids=[" ".join(a[:2]) for a, _ in READERS])
def test_reading_commands_answer_while_a_writer_holds_the_store(
    argv: tuple[str, ...], expected: str, store: Path, writer_at: Callable[..., Writer]
) -> None:
    writer = writer_at(write=False)
    # A reader that waited for the writer's lock would fail as "busy" after 2 s: the writer holds it
    # until stopped.
    done = spacekg(store, *argv, env={"SPACEKG_LOCK_TIMEOUT": "2"})
    writer.stop()
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout


def test_a_query_during_writes_sees_the_store_as_it_was(store: Path, writer_at: Callable[..., Writer]) -> None:
    """Many reads while another process writes and compacts: each opens, and each sees the store as it was
    before the writer began, never a half-written state."""
    before = count(store)
    writer = writer_at(write=True)
    done = spacekg(store, "query", "-f", "csv", "-e", COUNT, env={"SPACEKG_LOCK_TIMEOUT": "20"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["n", str(before)]
    reads, deadline = 0, time.monotonic() + 3
    while time.monotonic() < deadline:
        reader = OxigraphStore(store)
        try:
            assert reader.from_snapshot
            assert int(str(reader.query(COUNT).rows[0][0])) == before
        finally:
            reader.close()
        reads += 1
    writer.stop()
    print(f"{reads} reads during the writes")
    assert reads >= 1
    assert count(store) > before  # the writes are there once the writer is done
    assert not (store / SNAPSHOT).exists()  # and its snapshot is gone


def test_the_cli_says_it_reads_the_store_as_it_was(
    store: Path, writer_at: Callable[..., Writer], seed_triples: int
) -> None:
    writer = writer_at(write=False)
    done = subprocess.run(
        [str(SPACEKG), "--store", str(store), "query", "-f", "csv", "-e", COUNT],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False, timeout=120,
    )
    writer.stop()
    assert done.returncode == 0, done.stderr
    assert "being written by another spacekg process" in done.stderr
    assert done.stdout.splitlines() == ["n", str(seed_triples)]


def test_a_killed_writer_leaves_no_stale_view(store: Path, writer_at: Callable[..., Writer]) -> None:
    """The snapshot a killed writer leaves behind is never read: the store's own state is."""
    writer_at(write=True).kill()
    assert (store / SNAPSHOT).exists()
    reader = OxigraphStore(store)
    try:
        assert not reader.from_snapshot
        assert reader.query("ASK { GRAPH <http://example.org/g0> { ?s ?p ?o } }").boolean
    finally:
        reader.close()
    OxigraphStore(store, writable=True).close()  # the next writer makes its own and removes it
    assert not (store / SNAPSHOT).exists()


def test_a_second_writer_still_waits_and_fails_clearly(
    store: Path, seed_path: Path, writer_at: Callable[..., Writer]
) -> None:
    writer = writer_at(write=False)
    done = spacekg(store, "ingest", "--force", str(seed_path), env={"SPACEKG_LOCK_TIMEOUT": "1"})
    writer.stop()
    assert done.returncode == 3
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "busy" in lines[0] and str(store) in lines[0], done.stderr


def test_a_waiting_writer_does_not_hold_up_readers(
    store: Path, seed_path: Path, writer_at: Callable[..., Writer], monkeypatch: pytest.MonkeyPatch,
    seed_triples: int,
) -> None:
    """Regression: a second writer, waiting for the first, kept `snapshot.lock` while it waited, and
    readers waited for it (until it gave up) instead of reading the first writer's snapshot."""
    writer = writer_at(write=False)
    waiting = subprocess.Popen(
        [str(SPACEKG), "--store", str(store), "-q", "ingest", "--force", str(seed_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
        env={**os.environ, "SPACEKG_LOCK_TIMEOUT": "120"},
    )
    # Readers that waited for the second writer would fail as "busy" after 2 s; it waits up to 120 s.
    monkeypatch.setenv("SPACEKG_LOCK_TIMEOUT", "2")
    try:
        reads, until = 0, time.monotonic() + 10  # the second writer starts, and waits, meanwhile
        while time.monotonic() < until:
            reader = OxigraphStore(store)
            try:
                assert reader.from_snapshot
                assert int(str(reader.query(COUNT).rows[0][0])) == seed_triples
            finally:
                reader.close()
            reads += 1
            time.sleep(0.1)
        assert waiting.poll() is None  # still waiting for the first writer
    finally:
        writer.stop()
        _, err = waiting.communicate(timeout=120)
    print(f"{reads} reads while a writer waited")
    assert waiting.returncode == 0, err  # and the second writer wrote once the first was done
    assert not (store / SNAPSHOT).exists()


def test_the_last_reader_of_a_snapshot_removes_it(store: Path, writer_at: Callable[..., Writer]) -> None:
    """The writer does not remove the snapshot from under a reader; the last reader does, once the writer
    is gone."""
    writer = writer_at(write=True)
    first, second = OxigraphStore(store), OxigraphStore(store)
    writer.stop()
    try:
        assert first.from_snapshot and second.from_snapshot and (store / SNAPSHOT).exists()
        assert int(str(first.query(COUNT).rows[0][0])) < count(store)
        first.close()
        assert (store / SNAPSHOT).exists()  # the second still reads it
        assert int(str(second.query(COUNT).rows[0][0])) < count(store)
    finally:
        first.close()
        second.close()
    assert not (store / SNAPSHOT).exists()


def test_a_reader_of_a_snapshot_keeps_it_while_the_writer_is_there(
    store: Path, writer_at: Callable[..., Writer], seed_triples: int
) -> None:
    writer = writer_at(write=False)
    reader = OxigraphStore(store)
    assert reader.from_snapshot
    reader.close()
    assert (store / SNAPSHOT).exists()  # the writer's copy, for the next reader
    again = OxigraphStore(store)
    try:
        assert again.from_snapshot
        assert int(str(again.query(COUNT).rows[0][0])) == seed_triples
    finally:
        again.close()
    writer.stop()
    assert not (store / SNAPSHOT).exists()
