"""Conversions from model values (dates, modalities, precisions) to RDF terms."""

from __future__ import annotations

from decimal import Decimal

from rdflib import XSD, Literal, URIRef

from kg.model import DateValue, ModalityName, Precision
from kg.vocab import SK

MODALITY: dict[ModalityName, URIRef] = {
    "asserted": SK.Asserted,
    "planned": SK.Planned,
    "negated": SK.Negated,
    "reported": SK.Reported,
}
PRECISION: dict[Precision, URIRef] = {
    "day": SK.DayPrecision,
    "month": SK.MonthPrecision,
    "year": SK.YearPrecision,
}
_DATATYPE = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


def date_literal(value: DateValue) -> Literal:
    """A date as a typed literal whose datatype states its precision.

    >>> date_literal(DateValue("1961-04", "month")).datatype
    rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYearMonth')
    """
    return Literal(value.value, datatype=_DATATYPE[value.precision])


def confidence_literal(value: float) -> Literal:
    return Literal(Decimal(f"{value:.2f}"), datatype=XSD.decimal)


def modality_name(term: URIRef) -> str:
    """The modality's short name ("planned") from its IRI."""
    return str(term).rsplit("#", 1)[-1].lower()
