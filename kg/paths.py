"""Where the project's data, ontology, queries and default store live."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("SPACEKG_HOME") or Path(__file__).resolve().parent.parent)  # empty = unset
DATA = ROOT / "data"
LEXICON_DIR = DATA / "lexicon"
ARABIC_DIR = DATA / "arabic"
RULES_DIR = DATA / "rules"
ARTICLES_DIR = DATA / "articles"
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "spacekg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = ROOT / "queries"
OUT_DIR = Path("out")


def default_store() -> str:
    """The store location: `SPACEKG_STORE` if set (and not empty), else `.spacekg/` in the working directory."""
    return os.environ.get("SPACEKG_STORE") or ".spacekg"


def home_problem() -> str | None:
    """What is wrong with the checkout the data is read from (`SPACEKG_HOME`), or None."""
    if not ROOT.is_dir():
        return "no such directory (a spacekg checkout, with data/, ontology/ and queries/)"
    missing = [p.relative_to(ROOT) for p in (DATA, ONTOLOGY_FILE, QUERIES_DIR) if not p.exists()]
    if missing:
        return f"not a spacekg checkout (no {', '.join(map(str, missing))})"
    return None
