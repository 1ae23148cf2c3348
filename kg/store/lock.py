"""An advisory file lock so two processes never write one store at once."""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path
from types import TracebackType

from kg.errors import StoreError


class StoreLock:
    """Exclusive for writers, shared for readers; waits up to `timeout` seconds, then fails clearly."""

    def __init__(self, path: Path, *, exclusive: bool, timeout: float = 30.0) -> None:
        self.path = path
        self.exclusive = exclusive
        self.timeout = timeout
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"cannot open store {self.path.parent}: {exc.strerror}") from None
        mode = (fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(fd, mode)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise StoreError(
                        f"store {self.path.parent} is busy: another spacekg process holds its lock "
                        f"(waited {self.timeout:.0f} s)"
                    ) from None
                time.sleep(0.1)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> StoreLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
