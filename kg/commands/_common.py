"""Option bundles and small helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.errors import InputError
from kg.paths import default_store
from kg.store import GraphStore, open_store

FORMATTER = argparse.RawDescriptionHelpFormatter


def store_spec(args: argparse.Namespace) -> str:
    return str(getattr(args, "store", None) or default_store())


def open_from_args(args: argparse.Namespace, *, writable: bool = False) -> GraphStore:
    return open_store(store_spec(args), writable=writable)


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
    return out
