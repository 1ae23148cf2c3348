"""The HTML page in a real browser (Debian chromium via Playwright); all requests but the file refused."""

from __future__ import annotations

import importlib.util
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from bench.bench_viz import CHROMIUM_ARGS, click_node, synthetic_graph
from kg.views.html import write_html
from tests.conftest import require, require_program
from tests.test_html_render import R, small_graph

READY = 'body[data-ready="1"]'


@dataclass
class Opened:
    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require("playwright", importlib.util.find_spec("playwright") is not None, "pip install playwright")
    chromium = require_program("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_offline(browser: Any, path: Path, timeout_ms: int = 120_000) -> Opened:
    """Open `path` with every request counted and all but the file itself refused; wait until ready."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    opened = Opened(page, path.as_uri())

    def route(r: Any) -> None:
        opened.requests.append(r.request.url)
        if r.request.url == opened.url:
            r.continue_()
        else:
            r.abort()

    def dialog(d: Any) -> None:
        opened.dialogs.append(d.message)
        d.dismiss()

    page.route("**/*", route)
    page.on("dialog", dialog)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.goto(opened.url)
    page.wait_for_selector(READY, state="attached", timeout=timeout_ms)
    return opened


def drawn_counts(page: Any) -> tuple[int, int]:
    nodes, edges = page.evaluate(
        "[spacekg.network.body.nodeIndices.length, spacekg.network.body.edgeIndices.length]"
    )
    assert page.get_attribute("body", "data-node-count") == str(nodes)
    assert page.get_attribute("body", "data-edge-count") == str(edges)
    return nodes, edges


def search_and_wait(page: Any, query: str, node: str) -> None:
    """Type `query` in the search box, press Enter; the node must be selected and the view centred on it."""
    page.fill("#search", query)
    page.press("#search", "Enter")
    assert page.evaluate("spacekg.network.getSelectedNodes()") == [node]
    page.wait_for_function(
        """id => { const n = spacekg.network, p = n.getPosition(id), v = n.getViewPosition();
                   return Math.hypot(p.x - v.x, p.y - v.y) < 2; }""",
        arg=node,
        timeout=10_000,
    )


@pytest.fixture(scope="module")
def small_page(
    browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Opened, nx.MultiDiGraph]]:
    graph = small_graph()
    path = write_html(tmp_path_factory.mktemp("page") / "graph.html", graph, lang="ar")
    opened = open_offline(browser, path)
    yield opened, graph
    opened.page.close()


def test_only_the_file_is_requested(small_page: tuple[Opened, nx.MultiDiGraph]) -> None:
    opened, _ = small_page
    assert opened.requests == [opened.url]
    assert opened.errors == []
    assert opened.dialogs == [], "a label or quote with <script> must not run"


def test_counts_equal_the_graph(small_page: tuple[Opened, nx.MultiDiGraph]) -> None:
    opened, graph = small_page
    assert drawn_counts(opened.page) == (graph.number_of_nodes(), graph.number_of_edges())


def test_search_focuses_by_arabic_and_english_name(small_page: tuple[Opened, nx.MultiDiGraph]) -> None:
    page = small_page[0].page
    search_and_wait(page, "روسكوزموس", R + "Roscosmos")
    search_and_wait(page, "NASA", R + "NASA")
    search_and_wait(page, "دميتري روغوزين", R + "Dmitry_Rogozin")
    search_and_wait(page, "روسكوسموس", R + "Roscosmos")  # a misspelling the lexicon knows
    page.fill("#search", "لا يوجد شيء بهذا الاسم")
    page.press("#search", "Enter")
    assert "لا يوجد اسم" in page.text_content("#status")


def test_language_toggle_relabels(small_page: tuple[Opened, nx.MultiDiGraph]) -> None:
    page = small_page[0].page
    label = "id => spacekg.nodes.get(id).label"
    assert page.evaluate(label, R + "Roscosmos") == "روسكوزموس"
    assert page.get_attribute("html", "dir") == "rtl"
    page.click("#lang-toggle")
    assert page.evaluate(label, R + "Roscosmos") == "Roscosmos"
    assert page.get_attribute("html", "dir") == "ltr" and page.get_attribute("html", "lang") == "en"
    assert "head of" in page.evaluate("spacekg.edges.get().map(e => e.label)")
    page.click("#lang-toggle")
    assert page.evaluate(label, R + "NASA") == "ناسا"


def test_class_filter_hides_and_search_reveals(small_page: tuple[Opened, nx.MultiDiGraph]) -> None:
    page = small_page[0].page
    hidden = "id => !!spacekg.nodes.get(id).hidden"
    page.uncheck('#legend input[data-cls="SpaceAgency"]')
    assert page.evaluate(hidden, R + "NASA") and not page.evaluate(hidden, R + "Russia")
    search_and_wait(page, "ناسا", R + "NASA")
    assert not page.evaluate(hidden, R + "NASA")
    assert page.is_checked('#legend input[data-cls="SpaceAgency"]')


def test_edge_tooltip_carries_the_evidence(small_page: tuple[Opened, nx.MultiDiGraph]) -> None:
    page = small_page[0].page
    titles = page.evaluate("spacekg.edges.get().map(e => e.title)")
    assert any("ديمتري روغوزين رئيس وكالة روسكوزموس" in t and "2021-03-09" in t for t in titles)
    assert page.evaluate("spacekg.edges.get().filter(e => e.dashes).length") == 3


def test_hovering_a_node_shows_both_names(small_page: tuple[Opened, nx.MultiDiGraph]) -> None:
    page = small_page[0].page
    xy = page.evaluate(
        """id => { const n = spacekg.network; n.fit({animation: false});
                   const r = n.body.container.getBoundingClientRect(), p = n.canvasToDOM(n.getPosition(id));
                   return [r.left + p.x, r.top + p.y]; }""",
        R + "Roscosmos",
    )
    page.mouse.move(xy[0] + 40, xy[1] + 40)
    page.mouse.move(xy[0], xy[1], steps=4)
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert "روسكوزموس" in tooltip.inner_text() and "Roscosmos" in tooltip.inner_text()
    page.mouse.move(5, 5)


def test_screenshot_is_not_blank(small_page: tuple[Opened, nx.MultiDiGraph]) -> None:
    page = small_page[0].page
    page.evaluate("spacekg.network.fit({animation: false})")
    page.wait_for_timeout(200)
    width, height, pixels = decode_png(page.locator("#graph").screenshot())
    inked = sum(1 for p in pixels if p[:3] != (255, 255, 255))
    assert inked > 0.005 * width * height, f"only {inked} non-white pixels of {width * height}"
    assert len(set(pixels)) > 20, "nodes and labels in several colours"


def test_big_graph_loads_and_is_interactive(browser: Any, tmp_path: Path) -> None:
    graph = synthetic_graph(5000)
    path = write_html(tmp_path / "big.html", graph, lang="ar", max_nodes=5000)
    opened = open_offline(browser, path, timeout_ms=300_000)
    try:
        assert opened.requests == [opened.url]
        assert drawn_counts(opened.page) == (graph.number_of_nodes(), graph.number_of_edges())
        click_node(opened.page, R + "Roscosmos")
        search_and_wait(opened.page, "NASA", R + "NASA")
    finally:
        opened.page.close()


def test_over_max_nodes_the_page_says_what_was_left_out(browser: Any, tmp_path: Path) -> None:
    path = write_html(tmp_path / "cut.html", synthetic_graph(400), lang="en", max_nodes=100)
    opened = open_offline(browser, path)
    try:
        assert drawn_counts(opened.page)[0] == 100
        banner = opened.page.locator("#banner")
        assert banner.is_visible()
        assert "showing 100 of 400 nodes; 300 left out" in banner.text_content()
        opened.page.click("#lang-toggle")
        assert "يُعرض 100 من 400 عقدة" in banner.text_content()
    finally:
        opened.page.close()


def decode_png(data: bytes) -> tuple[int, int, list[tuple[int, ...]]]:
    """Width, height and pixels of an 8-bit RGB or RGBA PNG (what Chromium writes), without Pillow."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, dict[bytes, bytes]()
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        chunks[kind] = chunks.get(kind, b"") + data[pos + 8 : pos + 8 + length]
        pos += 12 + length  # length, type, body, CRC
    header, idat = chunks[b"IHDR"], chunks[b"IDAT"]
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6), f"unexpected PNG format {depth=} {colour=}"
    bpp = 3 if colour == 2 else 4
    rows = _unfilter(zlib.decompress(idat), width * bpp, height, bpp)
    pixels = [tuple(row[i : i + bpp]) for row in rows for i in range(0, len(row), bpp)]
    return width, height, pixels


def _unfilter(raw: bytes, stride: int, height: int, bpp: int) -> list[bytearray]:
    rows: list[bytearray] = []
    prev = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + _predict(kind, a, b, c)) & 0xFF
        rows.append(line)
        prev = line
    return rows


def _predict(kind: int, a: int, b: int, c: int) -> int:
    if kind == 0:
        return 0
    if kind == 1:
        return a
    if kind == 2:
        return b
    if kind == 3:
        return (a + b) // 2
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)
