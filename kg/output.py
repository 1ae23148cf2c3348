"""Writing output files all or nothing: a write that fails or is killed part-way leaves the old file."""

from __future__ import annotations

import os
from pathlib import Path

from kg.errors import InputError


def write_output(path: Path, data: bytes) -> Path:
    """Write `data` to `path`, creating folders.

    A regular file (or a new one) is written to a temporary file beside it, renamed into place; a FIFO,
    a terminal or `/dev/stdout` is written directly (a rename would replace it, not write to it).

    Raises:
        InputError: the file cannot be written (no space, no permission, …); the old file is intact.
    """
    try:
        if path.exists() and not path.is_file() and not path.is_dir():
            with path.open("wb") as special:
                special.write(data)
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
