"""spacekg: an open knowledge graph of space history built from Arabic news articles."""

from __future__ import annotations

__version__ = "0.1.0"
EXTRACTOR_VERSION = __version__

__all__ = ["EXTRACTOR_VERSION", "__version__"]
