"""The offline HTML graph page: pyvis's vis-network inlined, bilingual, searchable; nothing is fetched.

The only module that imports pyvis. Input is the graph projection (a `networkx.MultiDiGraph`: node = entity
IRI with `label_en`, `label_ar`, `cls`, optional `qid`; edge = one claim with `predicate`, `modality`,
`quote`, `article`, `date`, `claim`). pyvis's own page cannot be used offline (`"remote"` is blank without
network, `"in_line"` still links Bootstrap on a CDN), so pyvis builds the network data and we write the
page from `page_template.html` with pyvis's bundled vis-network JS and CSS inlined.
"""

from __future__ import annotations

import difflib
import html
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kg.errors import EntityNotFound, InputError
from kg.output import write_output
from kg.views._layout import radial_layout

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["render_html", "write_html"]

Lang = Literal["ar", "en"]

PHYSICS_MAX_NODES = 300
"""Up to this many nodes the browser relaxes the precomputed layout with physics, then stops it."""
BIG_EDGES = 1500
"""From this many edges, edges hide while dragging or zooming, so the page stays responsive."""

_VIS_DIR = ("templates", "lib", "vis-9.1.2")
_SOURCE_MAP = re.compile(r"/[/*]# sourceMappingURL=[^\n*]*(\*/)?")
_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")
# Embedding and override controls (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): a label carrying one would
# reorder the text drawn after it. Joiners and LRM/RLM marks are kept: Arabic spelling needs them.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_OTHER_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")
_ALEFS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


@dataclass(frozen=True, slots=True)
class _Selection:
    """Which nodes the page shows, and what the banner says about the rest."""

    nodes: list[str]
    total_nodes: int
    total_edges: int
    focus: str | None
    left_by_max: int


def render_html(
    graph: nx.MultiDiGraph,
    *,
    lang: Lang = "ar",
    title: str = "spacekg",
    max_nodes: int = 2000,
    focus: str | None = None,
    depth: int = 2,
) -> str:
    """One self-contained HTML page showing `graph`; it opens from a file with no network.

    Args:
        graph: the projection: node = entity IRI, edge = claim (see the module docstring).
        lang: the language of the labels when the page opens; the page has a toggle for the other.
        title: the page title.
        max_nodes: above this, keep the best-connected nodes (or those nearest `focus`) and say so.
        focus: an IRI, English or Arabic label, local name or QID; keep its neighbourhood only.
        depth: how many steps (either direction) from `focus` to keep.

    Returns:
        The page, as text.

    Raises:
        InputError: an unknown `lang`, or `max_nodes`/`depth` out of range.
        EntityNotFound: `focus` names no node (carries close names as suggestions).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("https://w3id.org/spacekg/resource/NASA", label_en="NASA", cls="SpaceAgency")
    >>> page = render_html(g, lang="en")
    >>> '<html lang="en" dir="ltr">' in page and 'data-node-count="1"' in page
    True
    """
    _check_args(lang, max_nodes, depth)
    neighbours = _undirected(graph)
    selection = _select(graph, neighbours, focus, depth, max_nodes)
    kept = set(selection.nodes)
    sub_neighbours = {n: [m for m in neighbours[n] if m in kept and m != n] for n in selection.nodes}
    positions = radial_layout(selection.nodes, sub_neighbours)
    alts: Mapping[str, Iterable[str]] = graph.graph.get("names", {})
    nodes = [_vis_node(n, graph.nodes[n], alts.get(n, ()), positions[n], len(neighbours[n]), lang)
             for n in selection.nodes]
    edges = _vis_edges(graph, kept, lang)
    nodes, edges, options = _through_pyvis(nodes, edges, _options(len(nodes), len(edges)))
    return _page(title, lang, nodes, edges, options, selection, depth, max_nodes)


def write_html(path: str | Path, graph: nx.MultiDiGraph, **kw: Any) -> Path:
    """Render `graph` with `render_html(**kw)` and write it (UTF-8) to `path`, creating folders; all or
    nothing (`kg.output.write_output`), so a failed or killed write leaves the old page.

    Returns:
        The path written.
    """
    return write_output(Path(path), render_html(graph, **kw).encode("utf-8"))


# --- choosing what to show ---------------------------------------------------------------------------


def _check_args(lang: str, max_nodes: int, depth: int) -> None:
    if lang not in ("ar", "en"):
        raise InputError(f"--lang must be ar or en, not {lang!r}")
    if max_nodes < 1:
        raise InputError(f"--max-nodes must be at least 1, not {max_nodes}")
    if depth < 0:
        raise InputError(f"--depth must be 0 or more, not {depth}")


def _undirected(graph: nx.MultiDiGraph) -> dict[str, set[str]]:
    """One undirected adjacency for the whole call (networkx's ego_graph would copy the graph)."""
    return {n: set(graph.succ[n]) | set(graph.pred[n]) for n in graph}


def _select(
    graph: nx.MultiDiGraph, neighbours: Mapping[str, set[str]], focus: str | None, depth: int, max_nodes: int
) -> _Selection:
    if focus is None:
        centre = None
        candidates = sorted(graph, key=lambda n: (-len(neighbours[n]), n))
    else:
        centre = _resolve(graph, neighbours, focus)
        dist = _distances(neighbours, centre, depth)
        candidates = sorted(dist, key=lambda n: (dist[n], -len(neighbours[n]), n))
    return _Selection(
        nodes=candidates[:max_nodes],
        total_nodes=graph.number_of_nodes(),
        total_edges=graph.number_of_edges(),
        focus=centre,
        left_by_max=max(0, len(candidates) - max_nodes),
    )


def _distances(neighbours: Mapping[str, set[str]], start: str, depth: int) -> dict[str, int]:
    dist = {start: 0}
    frontier = [start]
    step = 0
    while frontier and step < depth:  # not `range(depth)`: --depth may be huge, the graph runs out first
        step += 1
        frontier = [m for n in frontier for m in sorted(neighbours[n]) if m not in dist]
        for m in frontier:
            dist.setdefault(m, step)
        frontier = list(dict.fromkeys(frontier))
    return dist


def _resolve(graph: nx.MultiDiGraph, neighbours: Mapping[str, set[str]], name: str) -> str:
    """The node `name` denotes: an IRI, or a label / local name / QID matched after light normalization."""
    if not name.strip():
        raise InputError("empty entity name: give an English or Arabic name, or an IRI such as skr:CNSA")
    if name in graph:
        return name
    key = _norm(name)
    alts: Mapping[str, Iterable[str]] = graph.graph.get("names", {})
    hits = [n for n in graph if key in {_norm(x) for x in (*_labels(n, graph.nodes[n]), *alts.get(n, ())) if x}]
    if hits:
        return max(hits, key=lambda n: (len(neighbours[n]), n))
    every = {label for n in graph for label in _labels(n, graph.nodes[n]) if label}
    raise EntityNotFound(name, difflib.get_close_matches(name, sorted(every), n=5, cutoff=0.6))


def _labels(node: str, attrs: Mapping[str, Any]) -> tuple[str, str, str, str]:
    return (attrs.get("label_ar") or "", attrs.get("label_en") or "", _local(node), attrs.get("qid") or "")


def _norm(text: str) -> str:
    """Casefold, drop Arabic diacritics and tatweel, unify alef/yaa/taa marbuta (the page does the same)."""
    text = _ARABIC_MARKS.sub("", unicodedata.normalize("NFC", text).casefold())
    return " ".join(text.translate(_ALEFS).replace("_", " ").split())


def _local(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


# --- vis-network data -----------------------------------------------------------------------------------


def _clean(text: object) -> str:
    """Text safe to show: no bidi embedding/override controls, no control characters but tab and newline."""
    return _OTHER_CONTROLS.sub("", _BIDI_CONTROLS.sub("", str(text or "")))


def _vis_node(
    node: str, attrs: Mapping[str, Any], alts: Iterable[str], xy: tuple[float, float], degree: int, lang: Lang
) -> dict:
    style = _class_style(attrs.get("cls") or "")
    ar, en = _clean(attrs.get("label_ar")), _clean(attrs.get("label_en"))
    local = _clean(_local(node))
    lbl = {"ar": ar or en or local, "en": en or ar or local}
    qid = _clean(attrs.get("qid"))
    tip = [ar, en, f"{style['ar']} · {style['en']}", f"Wikidata: {qid}" if qid else "", node]
    return {
        "id": node,
        "label": lbl[lang],
        "lbl_ar": lbl["ar"],
        "lbl_en": lbl["en"],
        "local": local,
        "alts": sorted({_clean(alt) for alt in alts} - {ar, en, ""}),
        "cls": style["name"],
        "shape": style["shape"],
        "color": style["color"],
        "size": round(min(40.0, 10 + 4 * math.log2(1 + degree)), 1),
        "x": xy[0],
        "y": xy[1],
        "title": "\n".join(line for line in tip if line),
    }


def _vis_edges(graph: nx.MultiDiGraph, kept: set[str], lang: Lang) -> list[dict]:
    labels = _labels_data()
    seen_pairs: dict[tuple[str, str], int] = {}
    edges = []
    for i, (u, v, attrs) in enumerate(graph.edges(data=True)):
        if u not in kept or v not in kept:
            continue
        pair = (u, v) if u <= v else (v, u)
        parallel = seen_pairs[pair] = seen_pairs.get(pair, -1) + 1
        edges.append(_vis_edge(i, u, v, attrs, parallel, labels, lang))
    return edges


def _vis_edge(
    i: int, u: str, v: str, attrs: Mapping[str, Any], parallel: int, labels: Mapping[str, Any], lang: Lang
) -> dict:
    pred = _clean(attrs.get("predicate")) or "related"
    mod_name = attrs.get("modality") if attrs.get("modality") in labels["modalities"] else "asserted"
    mod = labels["modalities"][mod_name]
    names = labels["predicates"].get(pred) or {"ar": pred, "en": _humanize(pred)}
    lbl = {code: names[code] + mod[f"marker_{code}"] for code in ("ar", "en")}
    edge = {
        "id": f"e{i}",
        "from": u,
        "to": v,
        "label": lbl[lang],
        "lbl_ar": lbl["ar"],
        "lbl_en": lbl["en"],
        "pred": pred,
        "mod": mod_name,
        "dashes": [8, 5] if mod_name == "planned" else False,
        "color": {"color": mod["color"], "highlight": mod["color"], "hover": mod["color"]},
        "width": 2 if mod_name == "reported" else 1,
        "title": _edge_tip(pred, names, mod, attrs, labels["ui"]),
    }
    if parallel:  # bend the 2nd, 3rd … edge between the same two nodes, alternately to either side
        clockwise = (parallel % 2 == 1) == (u <= v)
        edge["smooth"] = {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW",
                          "roundness": 0.2 * ((parallel + 1) // 2)}
    return edge


def _edge_tip(
    pred: str,
    names: Mapping[str, str],
    mod: Mapping[str, str],
    attrs: Mapping[str, Any],
    ui: Mapping[str, Any],
) -> str:
    lines = [f"{names['en']} · {names['ar']} ({pred})", f"{mod['en']} · {mod['ar']}"]
    if attrs.get("quote"):
        lines.append(f"«{_clean(attrs['quote'])}»")
    for key, field in (("tip_article", "article"), ("tip_date", "date"), ("tip_claim", "claim")):
        if attrs.get(field):
            lines.append(f"{ui['en'][key]} · {ui['ar'][key]}: {_clean(attrs[field])}")
    return "\n".join(lines)


def _humanize(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower()


def _class_style(cls: str) -> dict[str, str]:
    labels = _labels_data()
    style = labels["classes"].get(cls)
    if style is None:
        style = dict(labels["unknown_class"], en=cls or labels["unknown_class"]["en"])
    return {"name": cls or "Unclassified", **style}


def _options(n_nodes: int, n_edges: int) -> dict[str, Any]:
    big = n_edges >= BIG_EDGES
    physics: dict[str, Any] = {"enabled": False}
    if n_nodes <= PHYSICS_MAX_NODES:
        physics = {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -4000, "centralGravity": 0.15, "springLength": 130,
                          "springConstant": 0.03, "damping": 0.5, "avoidOverlap": 0.2},
            "stabilization": {"enabled": True, "iterations": 250, "fit": True},
        }
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False},
        "physics": physics,
        "nodes": {"borderWidth": 1, "font": {"size": 14, "face": "DejaVu Sans, Noto Sans Arabic, sans-serif",
                                             "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "smooth": False,
                  "font": {"size": 10, "align": "horizontal", "color": "#444444", "strokeWidth": 3,
                           "face": "DejaVu Sans, Noto Sans Arabic, sans-serif"},
                  "selectionWidth": 2, "hoverWidth": 1},
        "interaction": {"hover": not big, "tooltipDelay": 150, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "multiselect": False},
    }


def _through_pyvis(
    nodes: list[dict], edges: list[dict], options: dict[str, Any]
) -> tuple[list[dict], list[dict], dict[str, Any]]:
    """Hand the lists to a pyvis Network in bulk (its add_node/add_edge are quadratic) and read them back."""
    from pyvis.network import Network  # imported here: pyvis pulls in IPython, slow for every CLI start

    net = Network(directed=True, cdn_resources="in_line")
    net.nodes, net.edges = nodes, edges
    net.node_ids = [node["id"] for node in nodes]
    net.node_map = {node["id"]: node for node in nodes}
    net.options = options
    vis_nodes, vis_edges, _heading, _height, _width, vis_options = net.get_network_data()
    return vis_nodes, vis_edges, json.loads(vis_options)


# --- the page -------------------------------------------------------------------------------------------


def _page(
    title: str,
    lang: Lang,
    nodes: list[dict],
    edges: list[dict],
    options: dict[str, Any],
    selection: _Selection,
    depth: int,
    max_nodes: int,
) -> str:
    labels = _labels_data()
    banner = _banner(selection, len(nodes), depth, max_nodes, {n["id"]: n for n in nodes})
    data = {
        "lang": lang,
        "ui": labels["ui"],
        "classes": _legend(nodes),
        "modalities": {k: {f: v[f] for f in ("ar", "en", "color")} for k, v in labels["modalities"].items()},
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "banner": banner,
        "focus": selection.focus,
    }
    css, js = _vis_assets()
    ui = labels["ui"][lang]
    parts = {
        "LANG": lang,
        "DIR": "rtl" if lang == "ar" else "ltr",
        "TITLE": html.escape(_clean(title)),
        "VIS_CSS": css,
        "VIS_JS": js,
        "DATA": _script_json(data),
        "BANNER": html.escape(_banner_text(banner, lang)) if banner else "",
        "BANNER_HIDDEN": "" if banner else " hidden",
        "NODE_COUNT": str(len(nodes)),
        "EDGE_COUNT": str(len(edges)),
        "TOTAL_NODES": str(selection.total_nodes),
        "TOTAL_EDGES": str(selection.total_edges),
        "SEARCH": html.escape(ui["search"]),
        "GO": html.escape(ui["go"]),
        "TOGGLE": html.escape(ui["toggle"]),
        "LEGEND": html.escape(ui["legend"]),
        "EDGES": html.escape(ui["edges"]),
    }
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], _template())


def _banner(
    selection: _Selection, shown: int, depth: int, max_nodes: int, nodes: Mapping[str, dict]
) -> dict[str, Any] | None:
    """What the page says about the nodes it left out (None when it shows them all)."""
    total = selection.total_nodes
    fields: dict[str, Any] = {"shown": shown, "total": total, "left": total - shown, "depth": depth,
                              "max": max_nodes}
    if selection.focus is not None:
        focus = nodes[selection.focus]
        fields.update(name_ar=focus["lbl_ar"], name_en=focus["lbl_en"], left=selection.left_by_max)
        if shown == selection.total_nodes:
            return None
        return {"kind": "focused_truncated" if selection.left_by_max else "focused", **fields}
    return {"kind": "truncated", **fields} if selection.left_by_max else None


def _banner_text(banner: Mapping[str, Any], lang: Lang) -> str:
    """The banner in `lang` (the page's script fills the same templates when the language changes)."""
    template: str = _labels_data()["ui"][lang][banner["kind"]]
    return template.format(name=banner.get(f"name_{lang}", ""), **banner)


def _legend(nodes: Iterable[dict]) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for node in nodes:
        counts[node["cls"]] = counts.get(node["cls"], 0) + 1
    return [{"cls": cls, "count": count, **{k: v for k, v in _class_style(cls).items() if k != "name"}}
            for cls, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def _script_json(data: object) -> str:
    """JSON that can sit inside <script>: no `<`, `>` or `&` (so no `</script>`), no JS line separators."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


@cache
def _vis_assets() -> tuple[str, str]:
    """pyvis's bundled vis-network CSS and JS, without the source-map comment (a file that is not there)."""
    lib = resources.files("pyvis").joinpath(*_VIS_DIR)
    css = lib.joinpath("vis-network.css").read_text(encoding="utf-8")
    js = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    return _SOURCE_MAP.sub("", css), _SOURCE_MAP.sub("", js)


@cache
def _template() -> str:
    return resources.files("kg.views").joinpath("page_template.html").read_text(encoding="utf-8")


@cache
def _labels_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("kg.views").joinpath("page_labels.json").read_text(encoding="utf-8")
    )
    return data
