"""A time limit for a query on a local store, whose evaluation (Rust in Oxigraph) cannot be interrupted.

The query runs in a daemon thread while the caller waits for it. pyoxigraph releases the GIL while it
evaluates, so the wait ends on time (and Ctrl-C works, which it did not while the query ran in the
main thread). A query past its time is abandoned, not stopped: it runs on until it ends or the process
exits, which for `spacekg query` is at once. A store keeps its lock until such a query has ended
(`OxigraphStore.close`), so no writer changes the files under it.

Measured on the seed store (5,481 triples, 2 cores): `spacekg query --timeout 1` on a three-way
cartesian product exits after 1.0 s of query time (1.7–2.1 s in all, with start-up), where the
query alone would run for hours.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from kg.errors import QueryError

T = TypeVar("T")


class QueryTimeout(QueryError):
    """A query that did not finish within its time limit; `seconds` is the limit."""

    def __init__(self, name: str, seconds: float, *, hint: str = "") -> None:
        self.name = name
        self.seconds = seconds
        super().__init__(f"{name}: query timed out after {seconds:g} s" + (f"; {hint}" if hint else ""))


def within(seconds: float | None, call: Callable[[], T], *, name: str = "query") -> T:
    """`call()`'s result, or QueryTimeout when it takes longer than `seconds` (None: no limit).

    >>> within(5, lambda: 42)
    42
    >>> import time
    >>> within(0.05, lambda: time.sleep(1), name="cq01")
    Traceback (most recent call last):
    kg.query.deadline.QueryTimeout: cq01: query timed out after 0.05 s
    """
    if seconds is None:
        return call()
    outcome: list[T] = []
    failure: list[BaseException] = []
    done = threading.Event()

    def work() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:  # handed to the waiting thread, which raises it
            failure.append(exc)
        finally:
            done.set()

    # A daemon thread, not concurrent.futures: its workers are joined at exit, which would wait for
    # the abandoned query after all.
    threading.Thread(target=work, name=f"spacekg {name}", daemon=True).start()
    if not done.wait(seconds):
        raise QueryTimeout(name, seconds)
    if failure:
        raise failure[0]
    return outcome[0]
