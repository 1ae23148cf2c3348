"""Relation rules kept as data (`data/rules/relations.toml`), compiled once into regexes over coded text.

A pattern is a regular expression over the normalized sentence, where `{ORG:o}` matches one entity
slot of a type group and captures it as `o`, `{ORGS:o}` a coordinated list ("X و Y"), `{DATE:d}` a
date slot and `{GAP}` any stretch of the sentence (lazy). Arabic words in patterns are normalized
when loaded, so rules are written in ordinary spelling.
"""

from __future__ import annotations

import functools
import re
import re._constants as sre_c
import re._parser as sre_p
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import SpacekgError
from kg.extract.frames import Frame, load_frames
from kg.paths import RULES_DIR
from kg.text import wordlists
from kg.text.normalize import normalize_str

_MACRO = re.compile(r"\{([A-Z_]+)(?::([a-z_0-9]+))?\}")
_ARABIC_RUN = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]+")
GAP = r"(?:[^«».؟!]|«[^»]*»)*?"
NEAR = r"(?:[^«».؟!،,]|«[^»]*»)*?"


def hard_break(words: tuple[str, ...]) -> str:
    """A regex matching where one of `words` (normalized) opens a new clause, as a whole word after an
    optional و/ف: "أما" in "أطلقت روسيا آخر مسبار عام 1976، أما لونا 25 فقد انطلق …"."""
    if not words:
        return "(?!)"
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return rf"(?<![^\s،,])(?:و|ف)?(?:{alts})(?=\s)"


def _clause_stretch(words: tuple[str, ...]) -> str:
    """{CLAUSE}: a lazy stretch like {GAP} that also stops before a comma and و opening a coordinated
    clause ("…، واستقبل في العام التالي …"), but not before a word that begins with و ("…، وكالة ناسا")."""
    stop = f"(?!{hard_break(words)})" if words else ""
    nouns = "|".join(re.escape(w) for w in sorted(wordlists.normalized("waw-words.txt"), key=len, reverse=True))
    coordinated = rf"(?![،,]\s*و(?!(?:{nouns})(?=[\s،,.]))[^\s«»])"
    return rf"(?:{stop}{coordinated}[^«».؟!]|«[^»]*»)*?"


def _stretches(words: tuple[str, ...]) -> tuple[str, str]:
    """{GAP} and {NEAR}: lazy stretches of the sentence that never run past a hard clause break."""
    if not words:
        return GAP, NEAR
    stop = f"(?!{hard_break(words)})"
    return rf"(?:{stop}[^«».؟!]|«[^»]*»)*?", rf"(?:{stop}[^«».؟!،,]|«[^»]*»)*?"
# An apposition between commas after a name ("جيف بيزوس، مؤسس شركة أمازون، إلى …"): optional, short.
APPOS = r"(?:\s*[،,]\s*(?:[^«».؟!،,]|«[^»]*»|(?<=\d)\.(?=\d)){1,90}?\s*[،,])?"  # "1.6 مليار": a decimal point


DESCRIBED = r"""(?:["”]?\s*«Demonym:\d+»)??"""
"""What may follow any entity slot of a pattern: one nationality adjective ("سبيس إكس الأمريكية")."""


@dataclass(frozen=True, slots=True)
class Emit:
    """One claim a rule produces: where its subject, object/value and time come from."""

    s: str
    p: str
    o: str | None = None
    v: str | None = None
    w: str | None = None
    modality: str | None = None
    conf: float | None = None
    qual: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    regex: re.Pattern[str]
    emits: tuple[Emit, ...]
    conf: float = 0.85
    mint: tuple[tuple[str, str], ...] = field(default=())
    descriptive: bool = False
    exclude: frozenset[str] = frozenset()
    """Local names of entities the rule never takes as a claim's object ("إلى الأرض" is a return)."""
    needles: tuple[tuple[str, ...], ...] = ()
    """Every match contains one string of each tuple (`required_literals`); empty: always try."""

    def may_match(self, text: str) -> bool:
        """False only when the rule cannot match `text` (a cheap test before the regex)."""
        for alternatives in self.needles:  # plain loops: this runs for every rule on every sentence
            for needle in alternatives:
                if needle in text:
                    break
            else:
                return False
        return True


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...]
    types: dict[str, tuple[str, ...]]
    cues: dict[str, tuple[str, ...]]
    frames: tuple[Frame, ...] = ()
    """Event frames (frames.toml): trigger families whose arguments are taken by type in the clause."""


def _slot_regex(types: tuple[str, ...]) -> str:
    return "«(?:" + "|".join(types) + r"):\d+»"


def expand(pattern: str, types: dict[str, tuple[str, ...]], breaks: tuple[str, ...] = ()) -> str:
    """Normalize the Arabic in `pattern` and expand its `{MACRO:group}` slots; `breaks` are the words
    (normalized) that {GAP} and {NEAR} do not run past (cues.toml hard_clause_breaks)."""
    gap, near = _stretches(breaks)

    def macro(m: re.Match[str]) -> str:
        name, group = m.group(1), m.group(2)
        if name == "GAP":
            return gap
        if name == "NEAR":
            return near
        if name == "CLAUSE":
            return _clause_stretch(breaks)
        if name == "APPOS":
            return APPOS
        if name == "PEOPLE":
            return _people(types, group)
        plural = name.endswith("S") and name[:-1] in types and name not in types
        key = name[:-1] if plural else name
        if key not in types:
            raise SpacekgError(f"rules: unknown type group {{{name}}} in {pattern!r}")
        one = _slot_regex(types[key])
        # "X وY", "X، وY", "X وزميلها Y": coordinated names
        body = rf"{one}(?:\s*[،,]?\s*و(?:زميله|زميلها|زميلته|زميلتها|رفيقه|رفيقها)?\s*{one})*" if plural else one
        # "شركة سبيس إكس الأمريكية، التي أسسها …": a nationality adjective after a name is read past, as
        # if it were not there (a rule that wants it names {DEMONYM} and still gets it)
        described = "" if "Demonym" in types[key] else DESCRIBED
        return f"(?P<{group}>{body}){described}" if group else f"(?:{body}){described}"

    normalized = _ARABIC_RUN.sub(lambda m: normalize_str(m.group()), pattern)
    spaced = re.sub(r" +", r"\\s+", normalized.replace(" ?", r"\s*"))
    return _MACRO.sub(macro, spaced)


# A list of people, each name after a role of data/arabic/crew-roles.txt (with what it commands: "قائد
# الرحلة X والطيار Y، إلى جانب المعلمة Z") and a nationality: the group holds those slots too, so an
# emit takes its people with "p/PERSON".
_PEOPLE_JOIN = r"\s*[،,]?\s*(?:و|إلى جانب\s+|الى جانب\s+|بالإضافة إلى\s+|فضلا عن\s+)"
# A relative clause between commas after a name in the list ("قائدة المهمة X، التي أمضت 665 يوما في
# الفضاء قبل هذه الرحلة، وY"): it describes X and the list goes on after it; no name of an actor or
# craft inside (a mission may be: "قبل هذه الرحلة").
_PEOPLE_APPOS = (
    r"(?:\s*[،,]\s*(?:التي|الذي)\s(?:[^«».،؛:]|«(?:Date|Demonym|Country|CelestialBody|Planet|Mission):\d+»){1,90}?"
    r"(?=\s*[،,]\s*و))?"
)
_COMMANDED = r"(?:\s+(?:المهمة|الرحلة|الطاقم|«(?:Mission|Spacecraft):\d+»))?"


def _people(types: dict[str, tuple[str, ...]], group: str | None) -> str:
    roles = sorted((re.escape(r) for r in wordlists.normalized("crew-roles.txt")), key=len, reverse=True)
    person = _slot_regex(types["PERSON"])
    nation = r"(?:" + _slot_regex(types["NATION"]) + r"\s*)?"
    item = f"(?:(?:{'|'.join(roles)}){_COMMANDED}\\s+)?{nation}{person}"
    body = f"{item}(?:{_PEOPLE_APPOS}{_PEOPLE_JOIN}{item})*"
    body = _ARABIC_RUN.sub(lambda m: normalize_str(m.group()), body)
    return f"(?P<{group}>{body})" if group else f"(?:{body})"


def required_literals(regex: re.Pattern[str]) -> tuple[tuple[str, ...], ...]:
    """Requirements read from the syntax tree of `regex`: each is a tuple of strings of which every
    match contains at least one. () when none are found (then every text must be tried).

    Rules run over every sentence, but most sentences lack the rule's trigger word or slot type;
    substring tests on these needles skip those sentences at a fraction of a regex search.

    >>> required_literals(re.compile(r"\\b(?:وقعت|وقع) (?:على )?«(?:Agency|Company):\\d+»"))
    (('وقع',), ('Agency', 'Company'))
    >>> required_literals(re.compile(r"(?:a|b)?c*"))
    ()
    """
    if regex.flags & re.IGNORECASE:
        return ()
    found = _required(sre_p.parse(regex.pattern, regex.flags).data)
    useful = {tuple(sorted(c)) for c in found if min(len(n) for n in c) >= 2}
    return tuple(sorted(useful, key=lambda c: (len(c), -min(len(n) for n in c), c)))


def _required(items: list[tuple[object, object]]) -> list[frozenset[str]]:
    """Requirements of a sequence of regex items: sets of strings, one of each set in every match."""
    found: list[frozenset[str]] = []
    run: list[str] = []

    def close() -> None:
        if run:
            found.append(frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        if op is sre_c.LITERAL:
            run.append(chr(av))  # type: ignore[arg-type]
            continue
        close()
        if op is sre_c.SUBPATTERN:
            found.extend(_required(av[-1].data))  # type: ignore[index]
        elif op is sre_c.BRANCH:
            branches = [_best(_required(b.data)) for b in av[1]]  # type: ignore[index]
            if all(b is not None for b in branches):
                found.append(frozenset().union(*(b for b in branches if b is not None)))
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) and av[0] >= 1:  # type: ignore[index]
            found.extend(_required(av[2].data))  # type: ignore[index]
    close()
    return found


def _best(found: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective requirement of a branch (its longest shortest needle)."""
    return max(found, key=lambda c: (min(len(n) for n in c), -len(c))) if found else None


def _emit(raw: dict[str, object]) -> Emit:
    qual = raw.get("qual") or {}
    assert isinstance(qual, dict)
    return Emit(
        s=str(raw["s"]),
        p=str(raw["p"]),
        o=_opt(raw.get("o")),
        v=_opt(raw.get("v")),
        w=_opt(raw.get("w")),
        modality=_opt(raw.get("modality")),
        conf=float(raw["conf"]) if "conf" in raw else None,  # type: ignore[arg-type]
        qual=tuple(sorted((str(k), str(v)) for k, v in qual.items())),
    )


def _checked(emit: Emit, types: dict[str, tuple[str, ...]], rule: str) -> Emit:
    """`emit`, once every type group its references name ("p/PERSON", "@topic:CRAFT") is known."""
    for ref in (emit.s, emit.o, emit.v, emit.w):
        for option in (ref or "").split("|"):
            grouped = option.startswith(("@topic:", "@story:"))
            kind = option.partition("/")[2] or (option.partition(":")[2] if grouped else "")
            kind = kind.partition("~")[0]  # "@topic:CRAFT~4": the topic looked for four sentences back
            if kind and kind not in types:
                raise SpacekgError(f"rule {rule}: unknown type group {kind!r} in {ref!r}")
    return emit


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def _types(raw: dict[str, object]) -> dict[str, tuple[str, ...]]:
    groups: dict[str, tuple[str, ...]] = {}
    for name, members in raw.items():
        assert isinstance(members, list)
        expanded: list[str] = []
        for m in members:
            expanded.extend(groups.get(m, (m,)))
        groups[name] = tuple(dict.fromkeys(expanded))
    return groups


@functools.lru_cache(maxsize=4)
def load_rules(directory: Path = RULES_DIR) -> RuleSet:
    """Load and compile `types.toml`, `cues.toml` and `relations.toml` from `directory`."""
    try:
        types = _types(tomllib.loads((directory / "types.toml").read_text("utf-8"))["types"])
        cues_raw = tomllib.loads((directory / "cues.toml").read_text("utf-8"))
        raw_rules = tomllib.loads((directory / "relations.toml").read_text("utf-8"))["rule"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise SpacekgError(f"cannot load rules from {directory}: {exc}") from None
    cues = {k: tuple(normalize_str(w) for w in v) for k, v in cues_raw.items()}
    hard = cues.get("hard_clause_breaks", ())
    # the frames' clauses end at the hard breaks too, so a rule and a frame read the same clause
    cues["clause_breaks"] = tuple(dict.fromkeys(cues.get("clause_breaks", ()) + hard))
    rules = []
    for raw in raw_rules:
        try:
            regex = re.compile(expand(raw["pattern"], types, hard))
        except re.error as exc:
            raise SpacekgError(f"rule {raw.get('id')}: bad pattern: {exc}") from None
        mint = raw.get("mint") or {}
        rules.append(
            Rule(
                id=raw["id"],
                regex=regex,
                emits=tuple(_checked(_emit(e), types, raw["id"]) for e in raw["emit"]),
                conf=float(raw.get("conf", 0.85)),
                mint=tuple(sorted((str(k), str(v)) for k, v in mint.items())),
                descriptive=bool(raw.get("descriptive", False)),
                exclude=frozenset(raw.get("exclude", ())),
                needles=required_literals(regex),
            )
        )
    frames = load_frames(directory / "frames.toml", types, functools.partial(expand, breaks=hard))
    return RuleSet(rules=tuple(rules), types=types, cues=cues, frames=frames)
