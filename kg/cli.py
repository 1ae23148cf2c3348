"""The `spacekg` command line: parse, call the library, print. Errors become one line and an exit code."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from kg import __version__, paths
from kg.commands._common import one_line
from kg.errors import SpacekgError

# Each module registers its subcommands with `register(subparsers)`; handlers return an exit code.
COMMAND_MODULES = (
    "kg.commands.build",
    "kg.commands.query",
    "kg.commands.graph",
    "kg.commands.viz",
    "kg.commands.explain",
    "kg.commands.push",
)

EPILOG = """examples:
  spacekg build                          ingest data/articles, validate, write out/spacekg.ttl
  spacekg ingest article.txt corpus/     add or replace articles in the store
  spacekg query cq05 --format json       run a named query from queries/
  spacekg explain Roscosmos              every claim about an entity, with its evidence
  spacekg export --format trig -o out/spacekg.trig

The store is .spacekg/ unless --store DIR or SPACEKG_STORE says otherwise ('memory' for a scratch store).
"""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (naming the argument) and exit 2, like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {one_line(message)} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="spacekg",
        description="spacekg: a knowledge graph of space history from Arabic news, every fact traceable.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"spacekg {__version__}")
    parser.add_argument("--store", help="store directory, 'memory', or sparql:URL (default: .spacekg)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only results and errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    for command in sub.choices.values():
        # the global options work after the command too (`spacekg build -q`); SUPPRESS keeps a value
        # given before the command when it is not repeated after it
        command.add_argument("--store", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        command.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    problem = paths.home_problem()  # the commands read data/ and ontology/ as soon as they are imported
    if problem:
        print(f"spacekg: error: SPACEKG_HOME={paths.ROOT}: {one_line(problem)}", file=sys.stderr)
        return 2
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        code: int = args.func(args)
        return code
    except SpacekgError as exc:
        print(f"spacekg {args.command}: error: {one_line(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"spacekg {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # a path the user gave that cannot be read or written
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"spacekg {args.command}: error: {one_line(where + (exc.strerror or str(exc)))}", file=sys.stderr)
        return 2
    except MemoryError:
        print(f"spacekg {args.command}: error: out of memory", file=sys.stderr)
        return 1
