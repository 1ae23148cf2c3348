"""Crash safety: a SIGKILL in the middle of an ingest leaves only whole articles; two writers never collide."""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.store import OxigraphStore
from kg.store.base import Triple
from tests.conftest import require

SPACEKG = Path(sys.executable).parent / "spacekg"
ARTICLES = 40
FRESH_SEEDS = (1, 2)  # kills while ingesting into an empty store
REINGEST_SEEDS = (3, 4, 5)  # kills while every article is being replaced by a new version

Graphs = dict[str, frozenset[Triple]]


def make_corpus(seed_path: Path, directory: Path, version: int) -> Path:
    """40 varied articles made of the seed article's sentences (shuffled subsets, each with its own lead);
    each version has the same file names and different texts."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!؟])\s+", seed_path.read_text(encoding="utf-8")) if s.strip()]
    rng = random.Random(2026)
    directory.mkdir(parents=True)
    for i in range(ARTICLES):
        picked = rng.sample(sentences, rng.randint(3, min(9, len(sentences))))
        lead = f"خبر رقم {i + 1}، النسخة {version}: أعلنت وكالة ناسا في عام {1960 + i} عن مهمة جديدة."
        (directory / f"article-{i:02d}.ar.txt").write_text(" ".join([lead, *picked]) + "\n", encoding="utf-8")
    return directory


def ingest(store: Path, corpus: Path) -> subprocess.Popen[bytes]:
    """`spacekg ingest` in its own session, so that it and any workers it starts can be killed together."""
    return subprocess.Popen(
        [str(SPACEKG), "--store", str(store), "-q", "ingest", str(corpus)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, start_new_session=True,
    )


def written(pid: int) -> int:
    """Bytes the process has written so far (Linux /proc/PID/io): how far its ingest has got."""
    try:
        io = Path(f"/proc/{pid}/io").read_text()
    except OSError:
        return -1
    return int(re.search(r"^wchar: (\d+)$", io, re.M).group(1))  # type: ignore[union-attr]


def finish(proc: subprocess.Popen[bytes]) -> int:
    """Wait for a clean ingest to end; return how many bytes it wrote (the last reading before it exited)."""
    most = 0
    while proc.poll() is None:
        most = max(most, written(proc.pid))
        time.sleep(0.005)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()
    return most


def kill_at(proc: subprocess.Popen[bytes], threshold: int) -> None:
    """SIGKILL the ingest once it has written `threshold` bytes (a point in its progress, not a time);
    then its orphaned workers, if any."""
    while proc.poll() is None and written(proc.pid) < threshold:
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    assert proc.stderr is not None
    proc.stderr.close()


def graphs_of(store_dir: Path) -> Graphs:
    """Every named graph's triples; the store must open, and hold nothing outside named graphs."""
    store = OxigraphStore(store_dir)
    try:
        assert not list(store.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        return {str(g): frozenset(store.graph_triples(g)) for g in store.graph_names()}
    finally:
        store.close()


def articles(graphs: Graphs) -> dict[str, str]:
    """file name → the graph holding that file's article; fails if a file has two."""
    out: dict[str, str] = {}
    for name, triples in graphs.items():
        for _, p, o in triples:
            if str(p).endswith("#fileName"):
                assert str(o) not in out, f"{o} is in two graphs: {out[str(o)]} and {name}"
                out[str(o)] = name
    return out


def same(a: frozenset[Triple], b: frozenset[Triple]) -> bool:
    """Equal graphs; isomorphic when blank nodes are involved (the ontology's OWL lists)."""
    if a == b:
        return True
    return len(a) == len(b) and isomorphic(_graph(a), _graph(b))


def _graph(triples: frozenset[Triple]) -> Graph:
    graph = Graph()
    for t in triples:
        graph.add(t)
    return graph


def assert_whole(found: Graphs, *clean: Graphs) -> None:
    """Every graph in `found` is exactly a graph of one of the clean ingests: no half-written graph."""
    for name, triples in found.items():
        matches = [c[name] for c in clean if name in c]
        assert matches, f"a graph no clean ingest makes: {name}"
        assert any(same(triples, m) for m in matches), f"{name}: {len(triples)} triples, not a clean graph"


@dataclass(frozen=True)
class Reference:
    corpus: Path
    store: Path
    graphs: Graphs
    written: int  # bytes the clean ingest wrote: kill points are fractions of this


def clean_ingest(corpus: Path, store: Path) -> Reference:
    require("/proc/PID/io", Path("/proc/self/io").exists(), "the kill points follow a process's written bytes")
    total = finish(ingest(store, corpus))
    graphs = graphs_of(store)
    assert len(articles(graphs)) == ARTICLES
    return Reference(corpus, store, graphs, total)


@pytest.fixture(scope="module")
def v1(seed_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Reference:
    root = tmp_path_factory.mktemp("crash-v1")
    return clean_ingest(make_corpus(seed_path, root / "corpus", 1), root / "store")


@pytest.fixture(scope="module")
def v2(v1: Reference, seed_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Reference:
    """Version 2 ingested over version 1: every article replaced (one transaction each)."""
    root = tmp_path_factory.mktemp("crash-v2")
    shutil.copytree(v1.store, root / "store")
    ref = clean_ingest(make_corpus(seed_path, root / "corpus", 2), root / "store")
    assert not set(articles(ref.graphs).values()) & set(articles(v1.graphs).values())
    return ref


@pytest.mark.parametrize("seed", FRESH_SEEDS)
def test_sigkill_while_ingesting_into_an_empty_store(seed: int, v1: Reference, tmp_path: Path) -> None:
    store = tmp_path / "store"
    kill_at(ingest(store, v1.corpus), int(random.Random(seed).uniform(0.2, 0.95) * v1.written))
    assert_whole(graphs_of(store), v1.graphs)  # the store reopens; only whole graphs
    finish(ingest(store, v1.corpus))  # and a re-run completes the corpus
    after = graphs_of(store)
    assert after.keys() == v1.graphs.keys() and all(same(after[g], v1.graphs[g]) for g in after)


@pytest.mark.parametrize("seed", REINGEST_SEEDS)
def test_sigkill_while_replacing_articles(seed: int, v1: Reference, v2: Reference, tmp_path: Path) -> None:
    """Each file is in the store exactly once, as its old or its new version, never half of either."""
    store = tmp_path / "store"
    shutil.copytree(v1.store, store)
    kill_at(ingest(store, v2.corpus), int(random.Random(seed).uniform(0.2, 0.95) * v2.written))
    found = graphs_of(store)
    print("new versions at the kill:", len(set(articles(found).values()) & set(v2.graphs)))
    assert_whole(found, v1.graphs, v2.graphs)
    assert len(articles(found)) == ARTICLES
    finish(ingest(store, v2.corpus))
    after = graphs_of(store)
    assert after.keys() == v2.graphs.keys() and all(same(after[g], v2.graphs[g]) for g in after)


def test_a_second_writer_fails_clearly_and_the_store_is_intact(
    seed_store_dir: Path, seed_path: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    shutil.copytree(seed_store_dir, store)
    before = graphs_of(store)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(store)], stdout=subprocess.PIPE, stdin=subprocess.PIPE
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"holding\n"
        done = subprocess.run(
            [str(SPACEKG), "--store", str(store), "ingest", str(seed_path)],
            capture_output=True, text=True, env={**os.environ, "SPACEKG_LOCK_TIMEOUT": "1"},
            stdin=subprocess.DEVNULL, check=False, timeout=120,
        )
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 3
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "busy" in lines[0] and str(store) in lines[0], done.stderr
    assert "Traceback" not in done.stderr
    after = graphs_of(store)
    assert after.keys() == before.keys() and all(same(after[g], before[g]) for g in before)


def test_a_second_writer_waits_for_the_first(seed_store_dir: Path, seed_path: Path, tmp_path: Path) -> None:
    """With the default timeout the second writer waits for the lock, then does its work."""
    store = tmp_path / "store"
    shutil.copytree(seed_store_dir, store)
    extra = tmp_path / "extra.ar.txt"
    extra.write_text("خبر قصير: أطلقت الصين في عام 2020 مسبارها Tianwen-1 إلى المريخ.\n", encoding="utf-8")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(store)], stdout=subprocess.PIPE, stdin=subprocess.PIPE
    )
    assert holder.stdout is not None and holder.stdout.readline() == b"holding\n"
    second = subprocess.Popen(
        [str(SPACEKG), "--store", str(store), "-q", "ingest", str(extra)],
        stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env={**os.environ, "SPACEKG_LOCK_TIMEOUT": "300"},
    )
    time.sleep(1)  # give the second writer time to find the lock taken (it must wait, not fail)
    assert holder.stdin is not None
    holder.stdin.close()  # the holder releases the lock and exits
    holder.wait(timeout=60)
    _, err = second.communicate(timeout=300)
    assert second.returncode == 0, err.decode()
    after = graphs_of(store)
    assert len([g for g in after if "/graph/article/" in g]) == 2


# Open the store for writing, say so, and hold it until stdin closes.
HOLD_THE_LOCK = """
import sys
from kg.store import OxigraphStore
store = OxigraphStore(sys.argv[1], writable=True)
print("holding", flush=True)
sys.stdin.read()
store.close()
"""
