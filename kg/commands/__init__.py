"""Subcommands of the `spacekg` CLI, one module per group; each exposes `register(subparsers)`."""
