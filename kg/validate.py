"""SHACL validation against `ontology/shapes.ttl`; the only module that imports pyshacl."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyshacl
from rdflib import RDF, Graph
from rdflib.namespace import SH
from rdflib.term import Node

from kg.errors import ValidationFailed
from kg.paths import ONTOLOGY_FILE, SHAPES_FILE

__all__ = ["ValidationIssue", "ValidationReport", "validate"]


@dataclass(frozen=True, slots=True)
class ValidationIssue:
    """One SHACL result: which node broke which rule, and how badly."""

    focus: Node
    path: Node | None
    message: str
    severity: str
    """The local name of the SHACL severity: "Violation", "Warning" or "Info"."""
    value: Node | None = None

    def __str__(self) -> str:
        where = f" {self.path.n3()}" if self.path is not None else ""
        value = f" (value {self.value.n3()})" if self.value is not None else ""
        return f"{self.severity}: {self.focus.n3()}{where}: {self.message}{value}"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The outcome of `validate`: whether the graph conforms, each result, and a text for humans."""

    conforms: bool
    results: tuple[ValidationIssue, ...]
    text: str

    def raise_for_failure(self) -> None:
        """Raise `ValidationFailed` carrying the report text when the graph does not conform."""
        if not self.conforms:
            raise ValidationFailed(self.text)


def validate(
    data: Graph,
    shapes_path: Path = SHAPES_FILE,
    ontology_path: Path = ONTOLOGY_FILE,
) -> ValidationReport:
    """Check `data` against the SHACL shapes, with the ontology mixed in for subclass targets.

    A `Dataset` is validated as the union of its graphs. The data graph is not modified.

    Args:
        data: the graph to check (e.g. the lexicon plus the article graphs).
        shapes_path: the SHACL shapes file.
        ontology_path: the OWL ontology whose class hierarchy the shapes' targets follow.

    Returns:
        A `ValidationReport`; `results` are sorted by focus node, path and message.

    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ... @prefix sk: <https://w3id.org/spacekg/ontology#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... <https://w3id.org/spacekg/resource/Roscosmos> a sk:SpaceAgency ;
    ...     rdfs:label "Roscosmos"@en , "روسكوزموس"@ar .
    ... ''')
    >>> validate(g).conforms
    True
    >>> g.parse(format="turtle", data='''
    ... <https://w3id.org/spacekg/resource/Roscosmos>
    ...     <http://www.w3.org/2000/01/rdf-schema#label> "Russian space agency"@en .
    ... ''')  # doctest: +ELLIPSIS
    <Graph ...>
    >>> report = validate(g)
    >>> report.conforms, [issue.message for issue in report.results]
    (False, ['an entity has at most one rdfs:label per language'])
    """
    with warnings.catch_warnings():
        # pyshacl calls rdflib APIs that rdflib 7 deprecates; that is not the caller's concern.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib\.")
        conforms, report_graph, _ = pyshacl.validate(
            data,
            shacl_graph=_load(shapes_path, _mtime(shapes_path)),
            ont_graph=_load(ontology_path, _mtime(ontology_path)),
            inference="none",
            advanced=False,
            meta_shacl=False,
            allow_warnings=True,
        )
    assert isinstance(report_graph, Graph)
    results = _issues(report_graph)
    return ValidationReport(bool(conforms), results, _text(bool(conforms), results))


def _mtime(path: Path) -> int:
    return path.stat().st_mtime_ns


@lru_cache(maxsize=8)
def _load(path: Path, mtime: int) -> Graph:
    """Parse a Turtle file once per modification time (`mtime` is only the cache key)."""
    return Graph().parse(path, format="turtle")


def _issues(report: Graph) -> tuple[ValidationIssue, ...]:
    issues = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        severity = report.value(result, SH.resultSeverity)
        focus = report.value(result, SH.focusNode)
        assert focus is not None
        issues.append(
            ValidationIssue(
                focus=focus,
                path=report.value(result, SH.resultPath),
                message="; ".join(messages) or "constraint violated",
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
                value=report.value(result, SH.value),
            )
        )
    return tuple(sorted(issues, key=lambda i: (str(i.focus), str(i.path), i.message, str(i.value))))


def _text(conforms: bool, results: tuple[ValidationIssue, ...]) -> str:
    if conforms and not results:
        return "the graph conforms to the shapes"
    head = "the graph conforms" if conforms else f"the graph does not conform: {len(results)} result(s)"
    return "\n".join([head, *(f"  {issue}" for issue in results)])
