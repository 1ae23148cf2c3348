"""`spacekg query --timeout` and `--limit` on the local store: an explosive query ends on time, in one line.

Regression: a query on the store had no time limit and no row limit; a cartesian product ran for hours
(and Ctrl-C could not stop it, the evaluation holding the main thread in Rust).
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.query import QueryTimeout, run
from kg.store import MemoryStore, OxigraphStore
from kg.store.lock import StoreLock

SPACEKG = Path(sys.executable).parent / "spacekg"
# About 6,700 triples on the seed store: three-way about 1.6e11 combinations (hours), two-way 3.0e7 rows.
EXPLOSIVE_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
EXPLOSIVE_ROWS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
SECONDS_OF_WORK = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"  # about 3.5 s on 2 cores
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def spacekg(store: Path, *argv: str) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    done = subprocess.run(
        [str(SPACEKG), "--store", str(store), "-q", *argv],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False, timeout=60,
    )
    return done, time.monotonic() - started


@pytest.fixture()
def store(seed_store_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(seed_store_dir, copy)
    return copy


@pytest.mark.parametrize("query", [EXPLOSIVE_COUNT, EXPLOSIVE_ROWS], ids=["aggregate", "rows"])
def test_a_query_past_its_timeout_ends_in_one_line(query: str, store: Path) -> None:
    done, elapsed = spacekg(store, "query", "--timeout", "1", "-e", query)
    print(f"spacekg query --timeout 1: exit {done.returncode} after {elapsed:.2f} s")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "error: -e: query timed out after 1 s" in lines[0], done.stderr
    assert elapsed < 30  # about 1.7 s (start-up, then 1 s of query); unlimited, it runs for hours


def test_the_store_is_unaffected_by_a_timeout(store: Path, seed_triples: int) -> None:
    before = sorted((p.name, p.stat().st_size) for p in (store / "oxigraph").iterdir() if p.name != "LOG")
    done, _ = spacekg(store, "query", "--timeout", "1", "-e", EXPLOSIVE_COUNT)
    assert done.returncode == 2
    after = sorted((p.name, p.stat().st_size) for p in (store / "oxigraph").iterdir() if p.name != "LOG")
    assert after == before
    writer = StoreLock(store / "lock", exclusive=True)
    assert writer.try_acquire()  # the query's process is gone, and its lock with it
    writer.release()
    again, _ = spacekg(store, "query", "-f", "csv", "-e", COUNT)
    assert again.returncode == 0 and again.stdout.splitlines() == ["n", str(seed_triples)], again.stderr


def test_a_fast_query_is_not_cut(store: Path) -> None:
    done, _ = spacekg(store, "query", "--timeout", "1", "cq05")
    assert done.returncode == 0, done.stderr
    assert "Luna 25" in done.stdout and "(3 rows)" in done.stdout


def test_limit_keeps_the_first_rows_and_stops_the_query(store: Path) -> None:
    done, elapsed = spacekg(store, "query", "--limit", "5", "--timeout", "20", "-f", "json", "-e", EXPLOSIVE_ROWS)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["results"]["bindings"]) == 5
    assert elapsed < 30  # 30 million rows unlimited (past --timeout 20); the limit stops the evaluation


def test_limit_says_when_rows_were_cut(store: Path) -> None:
    agencies = "SELECT ?a WHERE { ?a a sk:SpaceAgency }"
    done, _ = spacekg(store, "query", "--limit", "2", "-e", agencies)
    assert done.returncode == 0, done.stderr
    assert "(2 rows; more not shown)" in done.stdout
    loud = subprocess.run(
        [str(SPACEKG), "--store", str(store), "query", "--limit", "2", "-f", "csv", "-e", agencies],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False, timeout=60,
    )
    assert loud.stdout.count("\n") == 3  # header and two rows
    assert "2 rows, cut at --limit 2" in loud.stderr
    whole, _ = spacekg(store, "query", "--limit", "3", "cq05")
    assert "(3 rows)" in whole.stdout  # exactly as many as the limit: nothing was cut


def test_limit_applies_to_construct(store: Path) -> None:
    done, _ = spacekg(store, "query", "--limit", "4", "-f", "tsv", "-e", "CONSTRUCT WHERE { ?s ?p ?o }")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 1 + 4


@pytest.mark.parametrize(
    ("option", "value"),
    [("--limit", "0"), ("--limit", "-3"), ("--limit", "many"), ("--timeout", "0"), ("--timeout", "nan")],
)
def test_bad_limits_are_refused_in_one_line(option: str, value: str, store: Path) -> None:
    done, _ = spacekg(store, "query", option, value, "cq05")
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and option in lines[0] and repr(value) in lines[0], done.stderr


# ---------------------------------------------------------------- the library


def test_run_times_out_and_the_store_keeps_its_lock_until_the_query_ends(store: Path) -> None:
    reader = OxigraphStore(store)
    started = time.monotonic()
    with pytest.raises(QueryTimeout) as caught:
        run(SECONDS_OF_WORK, store=reader, timeout=0.3, name="explosive")
    assert time.monotonic() - started < 30  # the query alone takes seconds: the wait ended first
    assert str(caught.value) == "explosive: query timed out after 0.3 s"
    reader.close()
    writer = StoreLock(store / "lock", exclusive=True)
    assert not writer.try_acquire()  # the abandoned query still reads the store: no writer may change it
    writer.acquire(timeout=120)  # and the lock is freed when it ends
    writer.release()


def test_run_limit_on_every_store(seed_store: OxigraphStore) -> None:
    memory = MemoryStore()
    memory.update("INSERT DATA { GRAPH <http://ex/g> { <http://ex/a> <http://ex/p> 1, 2, 3 } }")
    for source in (seed_store, memory):
        result = run("SELECT ?o WHERE { ?s ?p ?o }", store=source, limit=2)
        assert len(result.rows) == 2 and result.truncated
    assert not run("SELECT ?o WHERE { <http://ex/a> ?p ?o }", store=memory, limit=3).truncated


def test_ctrl_c_stops_a_long_query(store: Path) -> None:
    """The query runs beside the main thread now, so SIGINT is handled at once (exit 130)."""
    process = subprocess.Popen(
        [str(SPACEKG), "--store", str(store), "query", "--timeout", "120", "-e", EXPLOSIVE_COUNT],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
    )
    _wait_until_reading(store, process)
    time.sleep(0.5)
    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    try:
        _, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, err
    assert err.strip().splitlines() == ["spacekg query: interrupted"]
    assert time.monotonic() - started < 20  # the query alone runs for hours


def _wait_until_reading(store: Path, process: subprocess.Popen[str]) -> None:
    """Until `process` holds the store's lock (it is in the query command, past start-up)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        writer = StoreLock(store / "lock", exclusive=True)
        if not writer.try_acquire():
            return
        writer.release()
        time.sleep(0.1)
    raise AssertionError("spacekg query did not open the store")
