"""The lexicon: known entities, their names in Arabic and English, read from `data/lexicon/*.ttl`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS

from kg.errors import InputError
from kg.paths import LEXICON_DIR, ONTOLOGY_FILE
from kg.text.clitics import strip_article
from kg.text.normalize import normalize_str
from kg.text.tokens import word_tokens
from kg.vocab import ONTOLOGY, SK, WD


@dataclass(frozen=True, slots=True)
class LexEntry:
    """One known entity: `etype` is the local name of its most specific sk: class."""

    iri: str
    etype: str
    label_en: str
    label_ar: str
    variants: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    qid: str | None = None
    demonyms: tuple[str, ...] = ()
    capital_of: str | None = None
    types: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The English label, else the Arabic one."""
        return self.label_en or self.label_ar

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the entity goes by: labels, variants, then hidden (misspelt) labels."""
        return tuple(n for n in (self.label_en, self.label_ar, *self.variants, *self.hidden) if n)


@dataclass(frozen=True, slots=True, eq=False)
class Lexicon:
    """The loaded lexicon; build with `Lexicon.load()` (cached per directory).

    >>> lex = Lexicon.load()
    >>> lex.by_name("الولايات المتحدة").label_en
    'United States'
    """

    directory: Path
    entries: tuple[LexEntry, ...]
    rdf: Graph
    by_iri: Mapping[str, LexEntry]
    names: Mapping[str, tuple[str, ...]]
    known_words: frozenset[str]

    @staticmethod
    def load(directory: Path | str = LEXICON_DIR) -> Lexicon:
        """The lexicon of every `*.ttl` in `directory`, loaded once per directory."""
        return _load(str(Path(directory).resolve()))

    @staticmethod
    def from_graph(graph: Graph, directory: Path | str = "") -> Lexicon:
        """A lexicon from an rdflib graph already holding the entities."""
        entries = tuple(sorted(_entries(graph), key=lambda e: e.iri))
        names: dict[str, list[str]] = {}
        for key_of in (name_key, _article_free):  # exact forms first, so they win
            for entry in entries:
                for name in entry.names:
                    iris = names.setdefault(key_of(name), [])
                    if entry.iri not in iris:
                        iris.append(entry.iri)
        return Lexicon(
            Path(directory),
            entries,
            graph,
            {e.iri: e for e in entries},
            {k: tuple(v) for k, v in names.items()},
            _known_words(entries),
        )

    def graph(self) -> Graph:
        """The RDF as loaded (for the store's lexicon graph)."""
        return self.rdf

    def get(self, iri: str) -> LexEntry | None:
        return self.by_iri.get(str(iri))

    def by_name(self, name: str) -> LexEntry | None:
        """The entity named exactly `name` (Arabic or English, after normalization), or None."""
        iris = self.names.get(name_key(name)) or self.names.get(_article_free(name))
        return self.by_iri[iris[0]] if iris else None

    def suggest(self, name: str, n: int = 5) -> list[str]:
        """Labels of the entities with names closest to `name` (for "did you mean")."""
        keys = difflib.get_close_matches(name_key(name), list(self.names), n=n * 2, cutoff=0.6)
        labels: list[str] = []
        for key in keys:
            for iri in self.names[key]:
                label = self.by_iri[iri].label
                if label not in labels:
                    labels.append(label)
        return labels[:n]

    def __len__(self) -> int:
        return len(self.entries)


def name_key(name: str) -> str:
    """The form names are compared in: normalized, words separated by one space."""
    return " ".join(normalize_str(name).split())


def _article_free(name: str) -> str:
    return " ".join(strip_article(w) for w in name_key(name).split())


@lru_cache(maxsize=8)
def _load(directory: str) -> Lexicon:
    files = sorted(Path(directory).glob("*.ttl"))
    graph = Graph()
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many parser exception types
            raise InputError(f"{path}: not valid Turtle: {exc}") from exc
    return Lexicon.from_graph(graph, directory)


def _texts(graph: Graph, subject: URIRef, predicate: URIRef, lang: str | None = None) -> list[str]:
    values = [o for o in graph.objects(subject, predicate) if isinstance(o, Literal)]
    return sorted(str(v) for v in values if lang is None or v.language == lang)


def _suffixes(graph: Graph, subject: URIRef, predicate: URIRef, base: str) -> list[str]:
    """Local names (after `base`) of the IRIs `subject predicate ?o`, sorted."""
    return sorted(str(o)[len(base) :] for o in graph.objects(subject, predicate) if str(o).startswith(base))


def _entries(graph: Graph) -> Iterable[LexEntry]:
    for subject in set(graph.subjects(RDFS.label, None)):
        if not isinstance(subject, URIRef):
            continue
        types = _suffixes(graph, subject, RDF.type, ONTOLOGY)
        if not types:
            continue
        label_en = next(iter(_texts(graph, subject, RDFS.label, "en")), "")
        label_ar = next(iter(_texts(graph, subject, RDFS.label, "ar")), "")
        variants = [v for p in (SKOS.prefLabel, SKOS.altLabel) for v in _texts(graph, subject, p)]
        qids = _suffixes(graph, subject, OWL.sameAs, str(WD))
        capital = next(iter(graph.objects(subject, SK.capitalOf)), None)
        yield LexEntry(
            iri=str(subject),
            etype=_most_specific(types),
            label_en=label_en,
            label_ar=label_ar,
            variants=tuple(dict.fromkeys(v for v in variants if v not in (label_en, label_ar))),
            hidden=tuple(_texts(graph, subject, SKOS.hiddenLabel)),
            qid=qids[0] if qids else None,
            demonyms=tuple(_texts(graph, subject, SK.demonym)),
            capital_of=str(capital) if capital is not None else None,
            types=tuple(types),
        )


@lru_cache(maxsize=1)
def _superclasses() -> Mapping[str, frozenset[str]]:
    """Local name → local names of its sk: superclasses, from the ontology when it is there."""
    if not ONTOLOGY_FILE.exists():
        return {}
    onto = Graph().parse(ONTOLOGY_FILE, format="turtle")
    result: dict[str, frozenset[str]] = {}
    for cls in set(onto.subjects(RDFS.subClassOf, None)):
        supers = onto.transitive_objects(cls, RDFS.subClassOf)
        local = {str(s)[len(ONTOLOGY) :] for s in supers if str(s).startswith(ONTOLOGY) and s != cls}
        result[str(cls)[len(ONTOLOGY) :]] = frozenset(local)
    return result


def broader(cls: str) -> frozenset[str]:
    """The sk: superclasses of a class (local names): broader("Lander") holds "Spacecraft"."""
    return _superclasses().get(cls, frozenset())


def _most_specific(types: list[str]) -> str:
    """The first type that is no other type's superclass (Astronaut over Person)."""
    supers = _superclasses()
    broader = {s for t in types for s in supers.get(t, ())}
    return next((t for t in types if t not in broader), types[0])


PERSON_WORD_MIN = 6
"""Shortest word of a person's name that is known: shorter ones (جاك, كين, غوي, جيانغ) are given names or
syllables that would split real words read as run together (الأقوى as الأ + قوي, لونغجيانغ as لونغ +
جيانغ)."""
# Endings of a nationality adjective (روسي → روسية, روسيون, روسيين, روسيات, روسيتان, روسيان).
_NISBA_ENDINGS = ("", "ه", "ون", "ين", "ات", "تان", "ان")


def _known_words(entries: tuple[LexEntry, ...]) -> frozenset[str]:
    """Words of the lexicon's names (of a person's, those of PERSON_WORD_MIN letters or more) and every form of
    its nationality adjectives, so that a word like الأمريكيان is known and never split as if run
    together (الا + مري + كيان)."""
    words: set[str] = set()
    for entry in entries:
        shortest = PERSON_WORD_MIN if entry.etype in ("Person", "Astronaut") else 2
        for name in (*entry.names, *entry.demonyms):
            for token in word_tokens(name):
                if token.script in ("arabic", "latin") and len(token.norm) >= shortest:
                    words.update((token.norm, strip_article(token.norm)))
        for demonym in entry.demonyms:
            tokens = word_tokens(demonym)
            if len(tokens) == 1 and tokens[0].script == "arabic":
                words.update(tokens[0].norm + ending for ending in _NISBA_ENDINGS)
    return frozenset(words)
