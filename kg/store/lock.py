"""Advisory file locks so two processes never write one store at once, and readers never read a store mid-write."""

from __future__ import annotations

import errno
import fcntl
import os
import time
from pathlib import Path

from kg.errors import StoreError

# Why a lock file could not be opened that means "nobody can write here": a read-only directory or mount.
_READ_ONLY_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS}


class StoreLock:
    """An `flock` on `path`: exclusive for a writer, shared for readers.

    A reader opens the lock file read-only (`flock` needs no write permission), so a user who may only
    read the store, or a store on a read-only mount, can still lock it. Where the lock file is missing
    and cannot be created, no spacekg process can write the store either, and the reader goes without.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "lock"
    >>> writer, reader = StoreLock(path, exclusive=True), StoreLock(path, exclusive=False)
    >>> writer.try_acquire(), reader.try_acquire()
    (True, False)
    >>> writer.release(); reader.try_acquire()
    True
    >>> reader.release()
    """

    def __init__(self, path: Path, *, exclusive: bool) -> None:
        self.path = path
        self.exclusive = exclusive
        self._fd: int | None = None

    def acquire(self, timeout: float) -> None:
        """Wait up to `timeout` seconds for the lock.

        Raises:
            StoreError: the lock is still held elsewhere ("busy"), or its file cannot be opened.
        """
        deadline = time.monotonic() + timeout
        while not self.try_acquire():
            if time.monotonic() >= deadline:
                raise StoreError(
                    f"store {self.path.parent} is busy: another spacekg process holds its lock "
                    f"(waited {timeout:.0f} s)"
                )
            time.sleep(0.1)

    def try_acquire(self) -> bool:
        """Take the lock if no other process holds it in a conflicting mode; never waits.

        True for a reader that cannot open the lock file of a read-only store (there is nothing to hold).
        """
        fd = self._open()
        if fd is None:
            return True
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def _open(self) -> int | None:
        if not self.exclusive:
            try:
                return os.open(self.path, os.O_RDONLY)
            except FileNotFoundError:
                pass  # created below, where the directory lets us
            except OSError as exc:
                if exc.errno in _READ_ONLY_ERRNOS:
                    return None
                raise StoreError(f"cannot open store {self.path.parent}: {exc.strerror}") from None
        try:
            if self.exclusive:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            if not self.exclusive and exc.errno in _READ_ONLY_ERRNOS:
                return None
            raise StoreError(f"cannot open store {self.path.parent}: {exc.strerror}") from None
