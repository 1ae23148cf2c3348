"""Named queries in `queries/`: find and load them, read their comment header, fill in parameters.

Every `.rq` file opens with a comment block::

    # title: Entity card
    # question (en): What does the graph say about an entity?
    # question (ar): ماذا يقول الرسم البياني عن كيان ما؟
    # columns: ?p = the property, ?o = its value
    # param: entity = skr:Roscosmos

A parameter is filled in where the query names it in a `VALUES ?entity { … }` block or a
`BIND(… AS ?entity)`; the default in the header is the value written there. Values are SPARQL
terms (`skr:Roscosmos`, `<http://…>`, `"text"`, `2020`); a bare word becomes a string literal when the
default is a literal, and an error when the default is an IRI (the CLI first tries it as an entity name).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kg.errors import QueryError
from kg.paths import QUERIES_DIR
from kg.vocab import PREFIXES

_HEADER_LINE = re.compile(r"^#\s*([a-z]+(?: \([a-z]{2}\))?)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^([A-Za-z_]\w*)\s*=\s*(.+)$")
_PREFIXED = re.compile(r"^([A-Za-z][\w.-]*)?:([^\s<>\"{}|^`\\]*)$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# A literal with a language tag or a datatype: an IRI in <>, or a prefixed name (nothing that could end
# the VALUES or BIND slot it fills, such as `}`, `)` or `#`).
_QUOTED = re.compile(
    r'^"(?:[^"\\\n]|\\.)*"'
    r'(@[A-Za-z]+(-[A-Za-z0-9]+)*|\^\^(<[^\s<>"{}|^`\\]*>|[A-Za-z][\w.-]*:[\w-]+(?:\.+[\w-]+)*))?$'
)
_COMMENT = re.compile(r"#[^\n]*")
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


@dataclass(frozen=True, slots=True)
class Param:
    """A query parameter and its default, written as a SPARQL term."""

    name: str
    default: str

    @property
    def kind(self) -> str:
        """"iri", "number" or "literal": how a bare value given for this parameter is read."""
        return _kind(self.default)


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A query from `queries/` (or any `.rq` file, or ad-hoc text) with its header."""

    name: str
    text: str
    path: Path | None = None
    title: str = ""
    question_en: str = ""
    question_ar: str = ""
    columns: tuple[tuple[str, str], ...] = ()
    params: tuple[Param, ...] = ()

    @classmethod
    def from_text(cls, name: str, text: str, path: Path | None = None) -> NamedQuery:
        """Read the leading comment block of `text`.

        >>> text = "# title: T\\n# columns: ?a = one, ?b = two\\n# param: n = 3\\nSELECT ?a ?b {}"
        >>> q = NamedQuery.from_text("x", text)
        >>> q.title, q.columns, q.params[0].default
        ('T', (('a', 'one'), ('b', 'two')), '3')
        """
        fields: dict[str, str] = {}
        params: list[Param] = []
        for line in text.splitlines():
            stripped = line.strip()
            if not stripped:
                continue
            if not stripped.startswith("#"):
                break
            match = _HEADER_LINE.match(stripped)
            if not match:
                continue
            key, value = match.groups()
            if key == "param":
                params.append(_parse_param(name, value))
            else:
                fields[key] = value
        return cls(
            name=name,
            text=text,
            path=path,
            title=fields.get("title", ""),
            question_en=fields.get("question (en)", ""),
            question_ar=fields.get("question (ar)", ""),
            columns=_parse_columns(fields.get("columns", "")),
            params=tuple(params),
        )

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query {self.name}: unknown parameter {name!r} (parameters: {known})")

    def with_params(self, values: Mapping[str, str]) -> str:
        """The query text with the given parameters filled in (others keep their defaults)."""
        text = self.text
        for name, value in values.items():
            param = self.param(name) if self.params else Param(name, placeholder_default(text, name))
            text = substitute(text, name, sparql_term(value, param, query=self.name))
        return text


def _parse_param(query: str, spec: str) -> Param:
    match = _PARAM.match(spec)
    if not match:
        raise QueryError(f"query {query}: bad '# param:' line {spec!r} (expected 'name = default')")
    return Param(match.group(1), match.group(2))


def _parse_columns(spec: str) -> tuple[tuple[str, str], ...]:
    out = []
    for part in re.split(r",\s*(?=\?)", spec):
        name, _, meaning = part.partition("=")
        if name.strip().startswith("?"):
            out.append((name.strip()[1:], meaning.strip()))
    return tuple(out)


# --- finding queries


def query_dir() -> Path:
    return QUERIES_DIR


def available(directory: Path | None = None) -> list[str]:
    """Names of the queries in `queries/`, sorted.

    >>> "cq05" in available()
    True
    """
    directory = directory or query_dir()
    return sorted(p.stem for p in directory.glob("*.rq"))


def load(spec: str, directory: Path | None = None) -> NamedQuery:
    """A query by name (`cq05`, `entity-card`) or by path to a `.rq` file.

    Raises:
        QueryError: no such query; the message suggests close names.
    """
    directory = directory or query_dir()
    path = Path(spec)
    if spec.endswith(".rq") or path.parent != Path("."):
        if not path.is_file():
            raise QueryError(f"query file {spec} does not exist")
        return NamedQuery.from_text(path.stem, _read(path), path)
    named = directory / f"{spec}.rq"
    if named.is_file():
        return NamedQuery.from_text(spec, _read(named), named)
    names = available(directory)
    close = difflib.get_close_matches(spec, names, n=5, cutoff=0.5)
    close += [n for n in names if spec.lower() in n and n not in close][: 5 - len(close)]
    hint = f"; did you mean: {', '.join(close)}?" if close else "; `spacekg query --list` shows them all"
    raise QueryError(f"no query named {spec!r} in {directory}{hint}")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read query file {path}: {exc}") from None


# --- parameters


def _kind(term: str) -> str:
    if term.startswith("<") or (_PREFIXED.match(term) and not _NUMBER.match(term)):
        return "iri"
    if _NUMBER.match(term) or term in {"true", "false"}:
        return "number"
    return "literal"


def sparql_term(value: str, param: Param, *, query: str = "query") -> str:
    """A parameter value as SPARQL term text, read the way the parameter's default is written.

    >>> sparql_term("skr:NASA", Param("entity", "skr:Roscosmos"))
    '<https://w3id.org/spacekg/resource/NASA>'
    >>> sparql_term('2020-12', Param("month", '"2020-12"'))
    '"2020-12"'
    """
    value = value.strip()
    if value.startswith("<") and value.endswith(">") and not re.search(r"[\s<>\"{}|^`\\]", value[1:-1]):
        return value
    if re.match(r"^https?://\S+$", value):
        return f"<{value}>"
    prefixed = _PREFIXED.match(value)
    if prefixed and (prefixed.group(1) or "") in PREFIXES:
        return f"<{PREFIXES[prefixed.group(1) or '']}{prefixed.group(2)}>"
    if _QUOTED.match(value):
        return value
    if param.kind == "iri":
        raise QueryError(
            f"{query}: --param {param.name}={value!r} is not an IRI or a prefixed name such as {param.default}"
        )
    if param.kind == "number":
        if not (_NUMBER.match(value) or value in {"true", "false"}):
            raise QueryError(f"{query}: --param {param.name}={value!r} is not a number")
        return value
    lang = re.search(r"@[A-Za-z-]+$", param.default)
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"{lang.group(0) if lang else ""}'


def substitute(text: str, name: str, term: str) -> str:
    """Put `term` into the query's `VALUES ?name { … }` or `BIND(… AS ?name)` placeholder.

    >>> substitute("SELECT * { VALUES ?e { skr:NASA } ?e ?p ?o }", "e", "<x:y>")
    'SELECT * { VALUES ?e { <x:y> } ?e ?p ?o }'
    """
    var = re.escape(name)
    values = re.compile(r"(VALUES\s+[?$]" + var + r"\s*\{)[^{}]*(\})", re.IGNORECASE)
    bind = re.compile(r"(BIND\s*\()(?:[^()]|\([^()]*\))*?(\s+AS\s+[?$]" + var + r"\s*\))", re.IGNORECASE)
    replaced, n_values = values.subn(lambda m: f"{m.group(1)} {term} {m.group(2)}", text)
    replaced, n_bind = bind.subn(lambda m: f"{m.group(1)}{term}{m.group(2)}", replaced)
    if n_values + n_bind == 0:
        raise QueryError(f"the query has no VALUES ?{name} {{…}} or BIND(… AS ?{name}) to fill in")
    return replaced


def placeholder_default(text: str, name: str) -> str:
    """The term written in a query's `VALUES ?name { … }` or `BIND(… AS ?name)` ('""' when none).

    >>> placeholder_default("SELECT * { VALUES ?e { skr:NASA } }", "e")
    'skr:NASA'
    """
    var = re.escape(name)
    match = re.search(r"VALUES\s+[?$]" + var + r"\s*\{\s*([^{}]*?)\s*\}", text, re.IGNORECASE) or re.search(
        r"BIND\s*\(\s*((?:[^()]|\([^()]*\))*?)\s+AS\s+[?$]" + var + r"\s*\)", text, re.IGNORECASE
    )
    return match.group(1) if match else '""'


def parse_assignments(pairs: list[str] | None) -> dict[str, str]:
    """`["name=value", …]` from the command line as a dict.

    >>> parse_assignments(["entity=skr:NASA", "month=2020-12"])
    {'entity': 'skr:NASA', 'month': '2020-12'}
    """
    out: dict[str, str] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name.strip()):
            raise QueryError(f"--param {pair!r}: expected name=value")
        out[name.strip()] = value
    return out


def is_update(text: str) -> bool:
    """True when `text` is a SPARQL Update rather than a query.

    >>> is_update("PREFIX x: <y:> # comment\\nINSERT DATA { <a:a> <a:b> <a:c> }"), is_update("SELECT * {}")
    (True, False)
    """
    body = _COMMENT.sub(" ", re.sub(r'"(?:[^"\\]|\\.)*"', '""', text))
    body = re.sub(r"(?is)^\s*((PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*", "", body)
    first = body.lstrip().split(None, 1)
    return bool(first) and first[0].upper() in _UPDATE_WORDS


def one_line_error(message: str, *, limit: int = 240) -> str:
    """A parser message as one readable line: `error at 3:17: …` becomes `line 3, column 17: …`.

    >>> one_line_error("malformed SPARQL: error at 3:17: expected one of ABS,\\n AVG")
    'malformed SPARQL at line 3, column 17: expected one of ABS, AVG'
    """
    text = " ".join(message.split())
    text = re.sub(r"^(malformed SPARQL(?: update)?):\s*error at (\d+):(\d+):", r"\1 at line \2, column \3:", text)
    text = re.sub(r"^error at (\d+):(\d+):", r"line \1, column \2:", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
