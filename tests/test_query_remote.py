"""The endpoint client's failure modes against a stand-in HTTP server: bad answers, errors, slowness, absence."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator

import pytest

from kg.errors import QueryError, StoreError
from kg.query import run
from kg.query.remote import remote_query, store_url, update_url
from kg.serve import free_port

ANSWERS: dict[str, tuple[int, str, bytes, float]] = {
    "/html": (200, "text/html", b"<html>maintenance</html>", 0),
    "/broken": (500, "text/plain", b"out of memory", 0),
    "/bad": (400, "text/plain", b"error at 2:5: expected one of LATERAL", 0),
    "/slow": (200, "application/sparql-results+json", b'{"head": {}, "boolean": true}', 3),
    "/ok": (200, "application/sparql-results+json", b'{"head": {"vars": ["x"]}, "results": {"bindings": '
            b'[{"x": {"type": "literal", "value": "\xd9\x82\xd9\x85\xd8\xb1", "xml:lang": "ar"}}]}}', 0),
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        code, kind, body, delay = ANSWERS[self.path.split("?")[0]]
        time.sleep(delay)
        try:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_good_answer(base: str) -> None:
    assert [str(t) for t in remote_query(base + "/ok", "SELECT ?x {}").column("x")] == ["قمر"]


def test_not_sparql_json(base: str) -> None:
    with pytest.raises(StoreError, match="not SPARQL results JSON"):
        remote_query(base + "/html", "SELECT * {}")


def test_server_error(base: str) -> None:
    with pytest.raises(StoreError, match="EndPointInternalError: out of memory"):
        remote_query(base + "/broken", "SELECT * {}")


def test_rejected_query_is_a_query_error_with_the_users_line(base: str) -> None:
    with pytest.raises(QueryError, match="rejected the query: line 1, column 5"):
        remote_query(base + "/bad", "SELECT * {}")


def test_timeout(base: str) -> None:
    started = time.monotonic()
    with pytest.raises(StoreError, match="did not answer within 1 s"):
        remote_query(base + "/slow", "ASK {}", timeout=1)
    assert time.monotonic() - started < 2.5


def test_down_and_not_http() -> None:
    with pytest.raises(StoreError, match="connection refused"):
        remote_query(f"http://127.0.0.1:{free_port()}/query", "ASK {}", timeout=2)
    with pytest.raises(StoreError, match="not an http"):
        remote_query("ftp://example.org/sparql", "ASK {}")


def test_malformed_query_is_caught_before_sending() -> None:
    with pytest.raises(QueryError, match="line 2, column"):
        run("SELECT * WHERE {\n ?s ?p }", endpoint=f"http://127.0.0.1:{free_port()}/query")


def test_neighbouring_endpoints() -> None:
    assert update_url("http://h:7878/query") == "http://h:7878/update"
    assert store_url("http://h:7878/query") == "http://h:7878/store"
    assert update_url("http://h/sparql") == "http://h/sparql"
