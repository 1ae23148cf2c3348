"""One exception root; the CLI maps each class to an exit code and a one-line message.

    SpacekgError                    exit 1
    ├── InputError                  exit 2  (bad file, argument, encoding, metadata)
    │   ├── QueryError              exit 2  (malformed SPARQL, unknown query name, bad parameter)
    │   └── EntityNotFound          exit 2  (a name that resolves to nothing; carries suggestions)
    ├── StoreError                  exit 3  (store locked, unreadable, or an endpoint that is down)
    └── ValidationFailed            exit 1  (SHACL report says the graph does not conform)
"""

from __future__ import annotations


class SpacekgError(Exception):
    """Root of every error spacekg raises on purpose."""

    exit_code = 1


class InputError(SpacekgError):
    """Bad input: names the file or argument and the problem."""

    exit_code = 2


class QueryError(InputError):
    """A query that cannot run: malformed, unknown name, bad parameter, or an update when read-only."""


class EntityNotFound(InputError):
    """A name that matches no entity; `suggestions` holds close names."""

    def __init__(self, name: str, suggestions: list[str] | None = None) -> None:
        self.name = name
        self.suggestions = suggestions or []
        hint = f"; did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        shown = name if len(name) <= 80 else name[:79] + "…"  # the message stays one readable line
        super().__init__(f"no entity named {shown!r}{hint}")


class StoreError(SpacekgError):
    """The store cannot be opened or written (locked, corrupt, unreachable)."""

    exit_code = 3


class ValidationFailed(SpacekgError):
    """The graph does not conform to the SHACL shapes."""

    exit_code = 1
