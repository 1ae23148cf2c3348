"""Node positions computed up front in pure Python: a radial tree per component, components packed on shelves.

The page draws with physics off on big graphs, so the positions must already be readable. networkx's
layouts all need numpy, which spacekg does not depend on; this one is O(nodes + edges) and deterministic:
each component is laid out as rings around its best-connected node (breadth-first depth = ring), each
subtree getting an angle proportional to its number of leaves, and the rings widened until the nodes on
them have room.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

Point = tuple[float, float]


def radial_layout(
    order: Sequence[str], neighbours: Mapping[str, Sequence[str]], spacing: float = 90.0
) -> dict[str, Point]:
    """Positions (in page pixels) for every node of `order`.

    Args:
        order: the nodes, most important first; it breaks every tie, so equal input gives equal output.
        neighbours: undirected adjacency restricted to `order` (self-loops are ignored).
        spacing: the wanted distance between neighbouring nodes on a ring.

    Returns:
        node → (x, y), centred on the origin.

    >>> pos = radial_layout(["a", "b", "c"], {"a": ["b", "c"], "b": ["a"], "c": ["a"]})
    >>> pos["a"]
    (0.0, 0.0)
    >>> round(math.dist(pos["a"], pos["b"]))
    135
    """
    rank = {node: i for i, node in enumerate(order)}
    placed: set[str] = set()
    parts: list[tuple[float, dict[str, Point]]] = []
    for node in order:
        if node not in placed:
            members = _component(node, neighbours, placed)
            root = max(members, key=lambda n: (len(neighbours.get(n, ())), -rank[n]))
            parts.append(_radial_tree(root, neighbours, rank, spacing))
    return _pack(parts, spacing)


def _component(start: str, neighbours: Mapping[str, Sequence[str]], placed: set[str]) -> list[str]:
    placed.add(start)
    members, frontier = [start], [start]
    while frontier:
        nxt = []
        for node in frontier:
            for other in neighbours.get(node, ()):
                if other not in placed:
                    placed.add(other)
                    nxt.append(other)
        members.extend(nxt)
        frontier = nxt
    return members


def _bfs_tree(
    root: str, neighbours: Mapping[str, Sequence[str]], rank: Mapping[str, int]
) -> tuple[list[str], dict[str, list[str]], dict[str, int]]:
    """Breadth-first order, children lists and depths; neighbours visited in rank order."""
    depth = {root: 0}
    children: dict[str, list[str]] = {root: []}
    bfs = [root]
    for node in bfs:  # `bfs` grows while we walk it
        for other in sorted(neighbours.get(node, ()), key=rank.__getitem__):
            if other not in depth:
                depth[other] = depth[node] + 1
                children[node].append(other)
                children[other] = []
                bfs.append(other)
    return bfs, children, depth


def _radial_tree(
    root: str, neighbours: Mapping[str, Sequence[str]], rank: Mapping[str, int], spacing: float
) -> tuple[float, dict[str, Point]]:
    bfs, children, depth = _bfs_tree(root, neighbours, rank)
    leaves = {node: 1 for node in bfs}
    for node in reversed(bfs):
        if children[node]:
            leaves[node] = sum(leaves[child] for child in children[node])
    radii = _ring_radii(depth.values(), spacing)
    wedge = {root: (0.0, 2 * math.pi)}
    pos: dict[str, Point] = {}
    for node in bfs:
        start, width = wedge[node]
        angle, radius = start + width / 2, radii[depth[node]]
        pos[node] = (radius * math.cos(angle), radius * math.sin(angle))
        total = leaves[node]
        for child in children[node]:
            share = width * leaves[child] / total
            wedge[child] = (start, share)
            start += share
    return radii[-1] + spacing / 2, pos


def _ring_radii(depths: Iterable[int], spacing: float) -> list[float]:
    """Radius of each ring: at least 1.5 spacings further out, and long enough to seat its nodes."""
    counts: dict[int, int] = {}
    for d in depths:
        counts[d] = counts.get(d, 0) + 1
    radii = [0.0]
    for d in range(1, len(counts)):
        radii.append(max(radii[-1] + 1.5 * spacing, counts[d] * spacing / (2 * math.pi)))
    return radii


def _pack(parts: list[tuple[float, dict[str, Point]]], spacing: float) -> dict[str, Point]:
    """Shelf-pack the components (largest first) into a roughly square block centred on the origin."""
    parts = sorted(parts, key=lambda part: -part[0])  # stable: equal sizes keep their order
    row_width = max(2 * parts[0][0], math.sqrt(sum((2 * r) ** 2 for r, _ in parts)) * 1.15) if parts else 0
    out: dict[str, Point] = {}
    x = y = row_height = 0.0
    for radius, pos in parts:
        if x > 0 and x + 2 * radius > row_width:
            x, y, row_height = 0.0, y + row_height + spacing / 2, 0.0
        cx, cy = x + radius, y + radius
        for node, (px, py) in pos.items():
            out[node] = (cx + px, cy + py)
        x += 2 * radius + spacing / 2
        row_height = max(row_height, 2 * radius)
    return _centre(out)


def _centre(pos: dict[str, Point]) -> dict[str, Point]:
    if not pos:
        return pos
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    mx, my = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {node: (round(px - mx, 1), round(py - my, 1)) for node, (px, py) in pos.items()}
