"""Where the project's data, ontology, queries and default store live."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("SPACEKG_HOME", Path(__file__).resolve().parent.parent))
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
    """The store location: `SPACEKG_STORE` if set, else `.spacekg/` in the working directory."""
    return os.environ.get("SPACEKG_STORE", ".spacekg")
