"""The seed article against its gold annotation: entities, surfaces, noise, provenance, idempotence."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from kg import iris
from kg.build import export, ingest_paths, union_graph
from kg.model import Extraction
from kg.store import GraphStore, OxigraphStore
from kg.text.normalize import normalize_str
from kg.validate import validate
from kg.vocab import SK, WD
from tests.conftest import require_program

GOLD = json.loads((Path(__file__).parent / "data" / "seed-gold.json").read_text("utf-8"))


def _gold_entity_iri(store: GraphStore, entity: dict[str, object]) -> str | None:
    """Find the gold entity: by Wikidata link, else English label, else Arabic label, else (the unnamed
    agreement) by its parties."""
    if entity["wikidata"]:
        rows = store.query(f"SELECT ?e WHERE {{ ?e owl:sameAs <{WD[str(entity['wikidata'])]}> }}").rows
    elif entity["key"] == "ilrs_agreement":
        rows = store.query(
            "SELECT ?e WHERE { ?c1 sk:subject ?e ; sk:predicate sk:signatory ; sk:object skr:Roscosmos . "
            "?c2 sk:subject ?e ; sk:predicate sk:signatory ; sk:object skr:CNSA . }"
        ).rows
    else:
        label = str(entity["label_en"]).lower()
        rows = store.query(
            f"SELECT ?e WHERE {{ ?e rdfs:label ?l . FILTER(LCASE(STR(?l)) = {Literal(label).n3()}) }}"
        ).rows
        if not rows:
            surfaces = [Literal(s, lang="ar").n3() for s in entity["surfaces"]]  # type: ignore[attr-defined]
            rows = store.query(f"SELECT ?e WHERE {{ VALUES ?l {{ {' '.join(surfaces)} }} ?e rdfs:label ?l }}").rows
    return str(rows[0][0]) if rows else None


def test_gold_entities_are_mentioned_with_their_type(seed_store: GraphStore) -> None:
    found, misses = 0, []
    for entity in GOLD["entities"]:
        iri = _gold_entity_iri(seed_store, entity)
        ok = iri is not None and bool(
            seed_store.query(
                f"ASK {{ ?a a sk:Article ; schema:mentions <{iri}> . "
                f"<{iri}> a/rdfs:subClassOf* sk:{entity['type']} }}"
            ).boolean
        )
        if ok:
            found += 1
        else:
            misses.append(f"{entity['key']} ({iri})")
    assert found >= 31, f"only {found} of {len(GOLD['entities'])} gold entities; missing {misses}"


def test_every_gold_surface_resolves_to_its_entity(seed_store: GraphStore, seed_extraction: Extraction) -> None:
    text = seed_extraction.document.text
    wrong = []
    for entity in GOLD["entities"]:
        iri = _gold_entity_iri(seed_store, entity)
        for surface in entity["surfaces"]:
            hits = [i for i in range(len(text)) if text.startswith(surface, i)]
            resolved = any(
                m.entity == iri and m.start < i + len(surface) and i < m.end
                for i in hits
                for m in seed_extraction.mentions
            )
            if not resolved:
                wrong.append(f"{surface} → {entity['key']}")
    assert not wrong, f"surfaces not resolved: {wrong}"


def test_now_is_not_alan_shepard(seed_extraction: Extraction) -> None:
    text = seed_extraction.document.text
    now = text.index("يدور الآن") + len("يدور ")
    assert not [m for m in seed_extraction.mentions if m.start <= now < m.end]


def test_nothing_is_taken_from_the_read_also_teaser(seed_extraction: Extraction) -> None:
    noise = GOLD["noise"][0]
    start = seed_extraction.document.text.index(noise)
    end = start + len(noise)
    teaser = [s for s in seed_extraction.document.sentences if s.boilerplate]
    assert teaser and teaser[0].start <= start and end <= teaser[0].end + 1
    assert not [m for m in seed_extraction.mentions if start <= m.start < end]
    assert not [c for c in seed_extraction.claims if c.evidence.start < end and start < c.evidence.end]


def test_every_claim_offset_reproduces_its_quote(seed_store: GraphStore, seed_path: Path) -> None:
    text = seed_path.read_text("utf-8")
    rows = seed_store.query(
        "SELECT ?c ?s ?e ?q WHERE { ?c a sk:Claim ; sk:evidence ?ev . ?ev oa:start ?s ; oa:end ?e ; oa:exact ?q }"
    ).rows
    assert len(rows) >= 40
    for claim, start, end, quote in rows:
        assert text[int(str(start)) : int(str(end))] == str(quote), claim


def test_russia_did_not_sign_the_artemis_accords(seed_store: GraphStore) -> None:
    assert not seed_store.query("ASK { skr:Artemis_Accords sk:signatory skr:Russia }").boolean
    assert not seed_store.query("ASK { skr:Russia sk:signatory ?x }").boolean
    negated = seed_store.query(
        "ASK { ?c sk:subject skr:Artemis_Accords ; sk:predicate sk:signatory ; sk:object skr:Russia ; "
        "sk:modality sk:Negated ; sk:evidence/oa:exact ?q . FILTER(CONTAINS(?q, 'لم توقع')) }"
    )
    assert negated.boolean


def test_positive_asserted_claims_yield_plain_triples(seed_store: GraphStore) -> None:
    assert seed_store.query("ASK { skr:Dmitry_Rogozin sk:headOf skr:Roscosmos }").boolean
    assert seed_store.query("ASK { skr:Tianwen_1 sk:orbits skr:Mars }").boolean
    orphan = seed_store.query(
        "SELECT ?c WHERE { ?c sk:modality sk:Asserted ; sk:subject ?s ; sk:predicate ?p ; sk:object ?o . "
        "FILTER NOT EXISTS { ?s ?p ?o } }"
    )
    assert not orphan.rows


def test_the_article_date_is_inferred_as_2021(seed_store: GraphStore) -> None:
    rows = seed_store.query("SELECT ?d ?inf WHERE { ?a a sk:Article ; sk:published ?d ; sk:publishedInferred ?inf }")
    assert [(str(d), d.datatype, bool(i.toPython())) for d, i in rows.rows] == [  # type: ignore[union-attr]
        ("2021", URIRef("http://www.w3.org/2001/XMLSchema#gYear"), True)
    ]


def test_seed_graph_conforms_to_the_shapes(seed_store: GraphStore) -> None:
    report = validate(union_graph(seed_store))
    assert report.conforms, report.text


def test_ingesting_twice_changes_nothing_and_exports_are_byte_identical(
    seed_store_dir: Path, seed_path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "store"
    shutil.copytree(seed_store_dir, copy)
    store = OxigraphStore(copy, writable=True)
    try:
        before = union_graph(store)
        first = export(store, "turtle", tmp_path / "a.ttl").read_bytes()
        ingest_paths(store, [seed_path], progress=False)
        after = union_graph(store)
        second = export(store, "turtle", tmp_path / "b.ttl").read_bytes()
        graphs = store.graph_names()
    finally:
        store.close()
    assert len(before) == len(after) and isomorphic(before, after)
    assert first == second
    assert iris.LEXICON_GRAPH in graphs and iris.ONTOLOGY_GRAPH in graphs
    assert len([g for g in graphs if "/graph/article/" in g]) == 1


@pytest.mark.parametrize("fmt,syntax", [("turtle", "turtle"), ("nt", "ntriples")])
def test_rapper_parses_the_export(seed_store: GraphStore, tmp_path: Path, fmt: str, syntax: str) -> None:
    rapper = require_program("rapper")
    out = export(seed_store, fmt, tmp_path / f"kg.{fmt}")  # type: ignore[arg-type]
    done = subprocess.run([rapper, "-i", syntax, "-c", str(out)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert f"returned {len(seed_store)} triples" in done.stderr or "returned" in done.stderr


def test_claims_carry_sentence_and_rule(seed_extraction: Extraction) -> None:
    for c in seed_extraction.claims:
        sentence = seed_extraction.document.sentences[c.sentence]
        assert sentence.start <= c.evidence.start and c.evidence.end <= sentence.end + 1, c
        assert c.rule and 0 < c.confidence <= 1
    assert {normalize_str(c.quote) for c in seed_extraction.claims if c.predicate == "headOf"}
    assert SK.headOf
