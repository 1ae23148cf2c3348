"""Check every held-out gold file against its article text, the gold predicates and the ontology classes.

Run from anywhere: ``python3 tests/data/heldout/check_gold.py``. Exit status 0 when every file passes,
1 when any problem is found (each printed as ``file: message``). Standard library only, so it runs
without the project installed.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
PREDICATES_TSV = REPO / "data" / "gold-predicates.tsv"
ONTOLOGY_TTL = REPO / "ontology" / "spacekg.ttl"

TOP_KEYS = ("article", "article_date", "entities", "dates", "relations", "noise", "hard_spots")
MODALITIES = frozenset({"asserted", "planned", "negated", "reported"})
PRECISION_BY_LENGTH = {4: "year", 7: "month", 10: "day"}
ISO_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
ARTICLE_SUBJECT = "article"


@dataclass(frozen=True, slots=True)
class Counts:
    """What one gold file holds."""

    entities: int
    dates: int
    relations: int


def load_predicates(path: Path = PREDICATES_TSV) -> dict[str, str]:
    """Map each allowed gold predicate to its object kind (entity, date or text)."""
    kinds: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        kinds[fields[0]] = fields[2]
    return kinds


def load_classes(path: Path = ONTOLOGY_TTL) -> frozenset[str]:
    """The local names of the ontology's OWL classes."""
    return frozenset(re.findall(r"^sk:(\w+)\s+a\s+owl:Class", path.read_text("utf-8"), flags=re.MULTILINE))


def is_iso(value: object) -> bool:
    """True for an ISO date value at year, month or day precision (YYYY, YYYY-MM, YYYY-MM-DD)."""
    return isinstance(value, str) and ISO_DATE.match(value) is not None


def check_date_value(where: str, item: dict[str, object]) -> list[str]:
    """A value that is ISO and agrees with its stated precision."""
    value = item.get("value")
    if not is_iso(value):
        return [f"{where}: value {value!r} is not ISO (YYYY, YYYY-MM or YYYY-MM-DD)"]
    expected = PRECISION_BY_LENGTH[len(str(value))]
    if item.get("precision") != expected:
        return [f"{where}: precision {item.get('precision')!r} does not match value {value!r} ({expected})"]
    return []


def check_entities(entities: list[dict[str, object]], text: str, classes: frozenset[str]) -> list[str]:
    """Keys are unique snake_case, types are ontology classes, surfaces occur in the text."""
    problems: list[str] = []
    for key, n in Counter(str(e.get("key")) for e in entities).items():
        if n > 1:
            problems.append(f"entity key {key!r} used {n} times")
    for entity in entities:
        key = str(entity.get("key"))
        if not KEY.match(key) or key == ARTICLE_SUBJECT:
            problems.append(f"entity key {key!r} is not snake_case or is reserved")
        if entity.get("type") not in classes:
            problems.append(f"entity {key}: type {entity.get('type')!r} is not a class of the ontology")
        if not entity.get("label_en"):
            problems.append(f"entity {key}: label_en missing")
        qid = entity.get("wikidata")
        if qid is not None and not re.match(r"^Q\d+$", str(qid)):
            problems.append(f"entity {key}: wikidata {qid!r} is not a QID")
        surfaces = entity.get("surfaces")
        if not isinstance(surfaces, list) or not surfaces:
            problems.append(f"entity {key}: no surfaces")
            continue
        problems += [f"entity {key}: surface {s!r} not in the text" for s in surfaces if str(s) not in text]
    return problems


def check_dates(dates: list[dict[str, object]], text: str) -> list[str]:
    """Every date surface occurs in the text and carries an ISO value with a matching precision."""
    problems: list[str] = []
    for item in dates:
        surface = str(item.get("surface"))
        if surface not in text:
            problems.append(f"date surface {surface!r} not in the text")
        problems += check_date_value(f"date {surface!r}", item)
        if not item.get("how"):
            problems.append(f"date {surface!r}: 'how' missing")
    return problems


def check_relation(rel: dict[str, object], text: str, keys: set[str], kinds: dict[str, str]) -> list[str]:
    """One relation: allowed predicate, known subject, object of the predicate's kind, modality, evidence."""
    predicate = str(rel.get("predicate"))
    subject, obj = rel.get("subject"), rel.get("object")
    where = f"relation {subject} {predicate} {obj}"
    problems: list[str] = []
    kind = kinds.get(predicate)
    if kind is None:
        problems.append(f"{where}: predicate not in data/gold-predicates.tsv")
    if subject not in keys and subject != ARTICLE_SUBJECT:
        problems.append(f"{where}: subject is not an entity key")
    if kind == "entity" and obj not in keys:
        problems.append(f"{where}: object is not an entity key")
    if kind == "date" and not is_iso(obj):
        problems.append(f"{where}: object is not an ISO date value")
    if kind == "text" and (not isinstance(obj, str) or not obj.strip()):
        problems.append(f"{where}: object is not a non-empty text")
    if rel.get("modality") not in MODALITIES:
        problems.append(f"{where}: modality {rel.get('modality')!r} not one of {sorted(MODALITIES)}")
    evidence = rel.get("evidence")
    if not isinstance(evidence, str) or not evidence or evidence not in text:
        problems.append(f"{where}: evidence {evidence!r} not in the text")
    return problems


def check_meta(gold_path: Path, gold: dict[str, object]) -> list[str]:
    """The meta file parses, is Arabic, and its published date (if any) is the gold article date."""
    meta_path = gold_path.with_name(gold_path.name.replace(".gold.json", ".meta.json"))
    if not meta_path.is_file():
        return [f"meta file {meta_path.name} missing"]
    meta = json.loads(meta_path.read_text("utf-8"))
    problems = [f"meta: {k} missing" for k in ("language", "title", "source", "published") if k not in meta]
    if meta.get("language") != "ar":
        problems.append("meta: language is not 'ar'")
    published = meta.get("published")
    article_date = gold.get("article_date")
    if published is not None:
        if not is_iso(published) or len(str(published)) != 10:
            problems.append(f"meta: published {published!r} is not YYYY-MM-DD")
        elif isinstance(article_date, dict) and article_date.get("value") != published:
            problems.append(f"article_date {article_date.get('value')!r} differs from published {published!r}")
    return problems


def check_file(gold_path: Path, kinds: dict[str, str], classes: frozenset[str]) -> tuple[list[str], Counts]:
    """All checks for one gold file; returns the problems and what the file holds."""
    try:
        gold = json.loads(gold_path.read_text("utf-8"))
    except json.JSONDecodeError as err:
        return [f"JSON does not parse: {err}"], Counts(0, 0, 0)
    problems = [f"top-level key {k!r} missing" for k in TOP_KEYS if k not in gold]
    if problems:
        return problems, Counts(0, 0, 0)
    article_path = gold_path.parent / str(gold["article"])
    if not article_path.is_file():
        return [f"article file {gold['article']} missing"], Counts(0, 0, 0)
    text = article_path.read_text("utf-8")
    entities, dates, relations = gold["entities"], gold["dates"], gold["relations"]
    keys = {str(e.get("key")) for e in entities}
    problems += check_date_value("article_date", gold["article_date"])
    problems += check_entities(entities, text, classes)
    problems += check_dates(dates, text)
    for rel in relations:
        problems += check_relation(rel, text, keys, kinds)
    problems += [f"noise {n!r} not in the text" for n in gold["noise"] if str(n) not in text]
    problems += check_meta(gold_path, gold)
    return problems, Counts(len(entities), len(dates), len(relations))


def main(argv: list[str]) -> int:
    """Check every *.gold.json under the given folder (default: this one); print problems and counts."""
    root = Path(argv[1]) if len(argv) > 1 else HERE
    kinds, classes = load_predicates(), load_classes()
    totals: dict[str, Counter[str]] = {}
    failed = 0
    gold_paths = sorted(root.rglob("*.gold.json"))
    for gold_path in gold_paths:
        problems, counts = check_file(gold_path, kinds, classes)
        for problem in problems:
            print(f"{gold_path.relative_to(root)}: {problem}")
        failed += bool(problems)
        tally = totals.setdefault(gold_path.parent.name, Counter())
        tally.update(articles=1, entities=counts.entities, dates=counts.dates, relations=counts.relations)
    for split, c in sorted(totals.items()):
        print(
            f"{split}: {c['articles']} articles, {c['entities']} entities, {c['dates']} dates, "
            f"{c['relations']} relations"
        )
    print(f"{len(gold_paths) - failed} of {len(gold_paths)} gold files pass")
    return 1 if failed or not gold_paths else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
