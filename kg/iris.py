"""The one place that mints IRIs."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from kg.vocab import ARTICLE, CLAIM, GRAPH, RESOURCE

_UNSAFE = re.compile(r"[^A-Za-z0-9_\-.]")


def _digest(*parts: str, size: int = 16) -> str:
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8"))
    return h.hexdigest()[:size]


def slug(text: str, limit: int = 60) -> str:
    """An ASCII-safe local name: letters, digits, `_ - .`; never empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = _UNSAFE.sub("_", ascii_text.strip().replace(" ", "_")).strip("_.-")
    return cleaned[:limit] or "x"


def entity(local: str) -> URIRef:
    """The IRI of a lexicon entity from its local name (e.g. "Roscosmos")."""
    return URIRef(RESOURCE + slug(local, 120))


RESOURCE_NEW = RESOURCE + "new-"


def minted_entity(name_norm: str, etype: str) -> URIRef:
    """A stable IRI for an entity discovered in text (not in the lexicon)."""
    return URIRef(f"{RESOURCE_NEW}{slug(etype)}-{_digest(etype, name_norm, size=12)}")


_SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\-.]{0,79}")


def article_local(article_id: str) -> str:
    """An article id as a local name: kept when already safe, else its slug plus a hash of the whole id,
    so that two ids never share an IRI (a `.meta.json` id may be any string).

    >>> article_local("1216413385492f13"), article_local("مقال ١") != article_local("مقال ٢")
    ('1216413385492f13', True)
    """
    if _SAFE_ID.fullmatch(article_id) and not article_id.endswith((".", "-")):
        return article_id
    return f"{slug(article_id, 40)}-{_digest(article_id)}"


def article(article_id: str) -> URIRef:
    return URIRef(ARTICLE + article_local(article_id))


def article_graph(article_id: str) -> URIRef:
    """The named graph holding one article's triples."""
    return URIRef(f"{GRAPH}article/{article_local(article_id)}")


def sentence(article_id: str, index: int) -> URIRef:
    return URIRef(f"{article(article_id)}/sentence/{index}")


def claim(article_id: str, *key: str) -> URIRef:
    return URIRef(f"{CLAIM}{slug(article_id, 40)}-{_digest(article_id, *key)}")


def evidence(claim_iri: URIRef) -> URIRef:
    return URIRef(f"{claim_iri}-evidence")


LEXICON_GRAPH = URIRef(GRAPH + "lexicon")
ONTOLOGY_GRAPH = URIRef(GRAPH + "ontology")
