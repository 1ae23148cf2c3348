"""spacekg: an open knowledge graph of space history built from Arabic news articles.

The Python API the CLI wraps (imported lazily, so `import kg` stays cheap):

>>> import kg
>>> store = kg.open_store("memory")
>>> ex = kg.extract("وقعت الإمارات على اتفاقيات أرتميس.", kg.ArticleMeta("a", "a.txt"), kg.Lexicon.load())
>>> [(c.predicate, c.object.rsplit("/", 1)[-1]) for c in ex.claims]
[('signatory', 'United_Arab_Emirates')]
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"
EXTRACTOR_VERSION = __version__

_LAZY = {
    "ArticleMeta": "kg.model",
    "Claim": "kg.model",
    "Extraction": "kg.model",
    "Lexicon": "kg.lexicon",
    "extract": "kg.extract.pipeline",
    "open_store": "kg.store",
    "ingest_paths": "kg.build",
    "export": "kg.build",
    "validate": "kg.validate",
    "run_query": "kg.query",
    "SpacekgError": "kg.errors",
}

__all__ = ["EXTRACTOR_VERSION", "__version__", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(_LAZY[name])
        return getattr(module, "run" if name == "run_query" else name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
