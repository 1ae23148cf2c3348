"""Every claim about one entity, with its modality, date, speaker and the quoted evidence."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from kg.query.results import printable
from kg.store.base import GraphStore
from kg.views.graph import find_entity

CLAIMS_ABOUT = """
SELECT ?claim ?role ?s ?sLabel ?p ?o ?oLabel ?value ?modality ?when ?speaker ?speakerLabel ?verb
       ?quote ?start ?end ?article ?file ?rule ?conf
WHERE {
  VALUES ?entity { <ENTITY> }
  { ?claim sk:subject ?entity . BIND("subject" AS ?role) } UNION { ?claim sk:object ?entity . BIND("object" AS ?role) }
  ?claim a sk:Claim ; sk:subject ?s ; sk:predicate ?p ; sk:modality ?modality ; sk:rule ?rule ;
         sk:confidence ?conf ; sk:inArticle ?article ; sk:evidence ?ev .
  ?ev oa:exact ?quote ; oa:start ?start ; oa:end ?end .
  OPTIONAL { ?claim sk:object ?o . OPTIONAL { ?o rdfs:label ?oLabel . FILTER(LANG(?oLabel) = "en") } }
  OPTIONAL { ?claim sk:objectValue ?value }
  OPTIONAL { ?claim sk:pointInTime ?when }
  OPTIONAL { ?claim prov:wasAttributedTo ?speaker .
             OPTIONAL { ?speaker rdfs:label ?speakerLabel . FILTER(LANG(?speakerLabel) = "en") } }
  OPTIONAL { ?claim sk:speechVerb ?verb }
  OPTIONAL { ?article sk:fileName ?file }
  OPTIONAL { ?s rdfs:label ?sLabel . FILTER(LANG(?sLabel) = "en") }
}
ORDER BY ?file ?start ?p
"""


@dataclass(frozen=True, slots=True)
class ExplainedClaim:
    subject: str
    predicate: str
    object: str
    modality: str
    when: str
    speaker: str
    quote: str
    start: int
    end: int
    article: str
    rule: str
    confidence: float


@dataclass(frozen=True, slots=True)
class ExplainReport:
    entity: str
    claims: tuple[ExplainedClaim, ...]

    def as_dict(self) -> dict[str, object]:
        return {"entity": self.entity, "claims": [_asdict(c) for c in self.claims]}

    def text(self) -> str:
        """For a terminal: the article's words are quoted with their control characters escaped."""
        lines = [f"{self.entity}: {len(self.claims)} claim(s)"]
        for c in self.claims:
            when = f" [{c.when}]" if c.when else ""
            who = f" — {c.speaker} said" if c.speaker else ""
            lines.append(f"• {c.subject} {c.predicate} {c.object}{when}  ({c.modality}{who})")
            lines.append(f"    «{c.quote}»  {c.article} [{c.start}:{c.end}]  rule {c.rule}, confidence {c.confidence}")
        return "\n".join(printable(line) for line in lines)


def _asdict(c: ExplainedClaim) -> dict[str, object]:
    return {name: getattr(c, name) for name in c.__slots__}


def _short(term: object) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if text.startswith("http") else text


def explain_entity(store: GraphStore, name: str) -> ExplainReport:
    """Claims where the entity named `name` is subject or object, ordered by article and position."""
    iri = find_entity(store, name)
    result = store.query(CLAIMS_ABOUT.replace("<ENTITY>", URIRef(iri).n3()))
    seen: set[str] = set()
    claims = []
    for row in result.dicts():
        if str(row["claim"]) in seen:
            continue
        seen.add(str(row["claim"]))
        obj = row.get("oLabel") or row.get("o") or row.get("value") or ""
        claims.append(
            ExplainedClaim(
                subject=str(row.get("sLabel") or _short(row["s"])),
                predicate=_short(row["p"]),
                object=str(obj) if not str(obj).startswith("http") else _short(obj),
                modality=_short(row["modality"]).lower(),
                when=str(row.get("when", "")),
                speaker=str(row.get("speakerLabel") or _short(row.get("speaker", ""))) if row.get("speaker") else "",
                quote=str(row["quote"]),
                start=int(str(row["start"])),
                end=int(str(row["end"])),
                article=str(row.get("file") or row["article"]),
                rule=str(row["rule"]),
                confidence=float(str(row["conf"])),
            )
        )
    return ExplainReport(iri, tuple(claims))
