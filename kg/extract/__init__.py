"""Extraction: mentions of entities (and, from other modules, dates and claims) in a `Document`."""

from __future__ import annotations

from kg.extract.entities import find_mentions

__all__ = ["find_mentions"]
