"""Timing helpers for the benchmarks: medians of repeated runs, peak memory of a process tree, the machine."""

from __future__ import annotations

import gc
import os
import platform
import signal
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import TracebackType
from typing import Any


@dataclass(frozen=True, slots=True)
class Timed:
    median_s: float
    runs: int
    result: Any = None
    timed_out: bool = False


class RunTimeout(BaseException):
    """A run took longer than its limit (raised inside pure-Python code by a timer signal). Not an
    Exception, so that code catching every Exception (rdflib's callers do) lets it through."""


def median_time(
    fn: Callable[[], Any], runs: int = 5, budget_s: float = 120.0, *, min_runs: int = 3, timeout_s: float | None = None
) -> Timed:
    """Median wall time of `runs` calls; fewer (but at least `min_runs`) when they would overrun `budget_s`.
    With `timeout_s`, a run that takes longer is abandoned and the result says so (main thread only).

    As `timeit` does, each run starts after a full garbage collection and runs with the cyclic
    collector off: otherwise a run pays for collecting what earlier runs (or a store loaded beside it,
    such as rdflib's 1.5 GB graph) left behind, and the numbers depend on the order of the runs.

    >>> median_time(lambda: 1, runs=5).runs
    5
    """
    times: list[float] = []
    result = None
    for i in range(runs):
        gc.collect()
        was_enabled = gc.isenabled()
        gc.disable()
        start = time.perf_counter()
        try:
            result = _with_timeout(fn, timeout_s)
        except RunTimeout:
            return Timed(float(timeout_s or 0), i + 1, None, timed_out=True)
        finally:
            elapsed = time.perf_counter() - start
            if was_enabled:
                gc.enable()
        times.append(elapsed)
        if i + 1 >= min_runs and sum(times) > budget_s:
            break
    return Timed(statistics.median(times), len(times), result)


def _with_timeout(fn: Callable[[], Any], timeout_s: float | None) -> Any:
    if timeout_s is None:
        return fn()

    def expire(signum: int, frame: Any) -> None:
        raise RunTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, timeout_s)
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def rss_bytes(pid: int | None = None, *, children: bool = False) -> int:
    """Resident memory of a process (and, with `children`, all its descendants), read from /proc."""
    pid = pid or os.getpid()
    pids = [pid, *_descendants(pid)] if children else [pid]
    return sum(_rss(p) for p in pids)


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _descendants(pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class PeakRss:
    """Samples the resident memory of a process tree every 0.1 s; `peak` is the largest sum seen."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_bytes(self.pid, children=True))
            self._stop.wait(0.1)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()


def machine() -> dict[str, str]:
    """CPU model, cores, RAM, OS, Python and the RDF libraries' versions."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split()[1])
        ram = f"{kb / 1024 / 1024:.0f} GB"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "pyoxigraph": _version("pyoxigraph"),
        "rdflib": _version("rdflib"),
        "networkx": _version("networkx"),
        "load": f"{load:.1f}",
    }


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"


def mb(n: int) -> str:
    return f"{n / 1e6:,.0f} MB"
