"""Option bundles and small helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Callable
from pathlib import Path

from kg.errors import InputError
from kg.paths import default_store
from kg.store import GraphStore, open_store

FORMATTER = argparse.RawDescriptionHelpFormatter

# Line breaks, other control characters and bidi overrides (a hostile file name) shown as escapes.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def one_line(message: str) -> str:
    """A message as one printable line, whatever file names or parser output it quotes.

    >>> one_line("new\\nline.txt: empty article\\n")
    'new\\\\nline.txt: empty article'
    """
    return _UNPRINTABLE.sub(_escape, message.strip())


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return repr(char)[1:-1] if char in "\n\r\t" else f"\\u{ord(char):04x}"


def seconds(value: str) -> float:
    """argparse type: a finite number of seconds above 0 (`nan` and `inf` crashed the HTTP client)."""
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and number > 0):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {value!r}")
    return number


def whole_number(least: int, most: int | None = None) -> Callable[[str], int]:
    """argparse type: a whole number from `least` (to `most`)."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = least - 1
        if number < least or (most is not None and number > most):
            span = f"from {least} to {most}" if most is not None else f"{least} or more"
            raise argparse.ArgumentTypeError(f"must be a whole number {span}, not {value!r}")
        return number

    return parse


def store_spec(args: argparse.Namespace) -> str:
    return str(getattr(args, "store", None) or default_store())


def open_from_args(args: argparse.Namespace, *, writable: bool = False) -> GraphStore:
    store = open_store(store_spec(args), writable=writable)
    if getattr(store, "from_snapshot", False):
        say(args, f"store {store.location} is being written by another spacekg process: reading it as it was "
                  "when that process began")
    return store


def say(args: argparse.Namespace, text: str) -> None:
    """Progress and summaries go to stderr so stdout stays clean for results."""
    if not getattr(args, "quiet", False):
        print(text, file=sys.stderr)


def safe_output_path(path: str, args: argparse.Namespace, inputs: tuple[Path, ...] = ()) -> Path:
    """Refuse output paths that would overwrite the store or an input file."""
    out = Path(path).resolve()
    spec = store_spec(args)
    if spec not in {"memory"} and not spec.startswith("sparql:"):
        store_dir = Path(spec).resolve()
        if out == store_dir or store_dir in out.parents:
            raise InputError(f"output {path}: refusing to write inside the store {spec}")
    for src in inputs:
        if out == src.resolve():
            raise InputError(f"output {path}: refusing to overwrite an input file")
    if out.is_dir():
        raise InputError(f"output {path}: is a directory")
    given = Path(path)
    if given.exists() and not given.is_file():
        return given  # a FIFO, a terminal, /dev/stdout: written as named (resolved, /dev/stdout is a pipe:[…])
    parent = next((p for p in out.parents if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise InputError(f"output {path}: {parent} is not a directory")
    return out
