"""A real Oxigraph server: every query answers the same through --endpoint as locally; serve is read-only
unless --writable; the serve command stops cleanly on Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import serve
from kg.cli import main
from kg.errors import StoreError
from kg.paths import ROOT
from kg.query import available
from kg.query.remote import remote_query, remote_update, upload
from kg.store import OxigraphStore
from tests.conftest import require


def _binary() -> str:
    try:
        return serve.oxigraph_binary()
    except StoreError:
        require("the Oxigraph server", False, "pip install oxigraph")
        raise


@pytest.fixture(scope="module")
def nquads(query_store_dir: Path) -> bytes:
    store = OxigraphStore(query_store_dir)
    try:
        return store.export("nquads")
    finally:
        store.close()


@pytest.fixture(scope="module")
def endpoint(nquads: bytes) -> Iterator[str]:
    """`oxigraph serve` started by hand on a free port in a temp dir, the graph uploaded over HTTP."""
    binary = _binary()
    port = serve.free_port()
    with tempfile.TemporaryDirectory(prefix="spacekg-test-oxigraph-") as workdir:
        process = subprocess.Popen(
            [binary, "serve", "--location", workdir, "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            serve.wait_for_sparql(base + "/query", process, 20)
            upload(base + "/store", nquads, "application/n-quads")
            yield base + "/query"
        finally:
            process.kill()
            process.wait(10)


def _rows(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[str, set[str]]:
    assert main(argv) == 0
    header, *rows = capsys.readouterr().out.splitlines()
    return header, set(rows)


@pytest.mark.parametrize("name", available())
def test_same_rows_through_the_endpoint(
    name: str, endpoint: str, query_store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    local = _rows(capsys, ["--store", str(query_store_dir), "-q", "query", name, "-f", "tsv"])
    remote = _rows(capsys, ["-q", "query", name, "-f", "tsv", "--endpoint", endpoint])
    assert remote == local
    if name.startswith("cq"):
        assert local[1], f"{name} answers something"


def test_read_only_server_refuses_updates(nquads: bytes) -> None:
    _binary()
    with serve.start(nquads=nquads, port=0) as server:
        assert remote_query(server.query_url, "ASK { skr:Roscosmos sk:country skr:Russia }").boolean is True
        with pytest.raises(StoreError, match="HTTP 403"):
            remote_update(server.update_url, "INSERT DATA { skr:Russia sk:signatory skr:Artemis_Accords }")
        request = urllib.request.Request(
            server.update_url,
            data=b"update=CLEAR%20ALL",
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert 400 <= refused.value.code < 500
        assert remote_query(server.query_url, "ASK { skr:Roscosmos sk:country skr:Russia }").boolean is True
        workdir = server.workdir
    assert not workdir.exists(), "stopping removes the temporary copy"


def test_writable_server_accepts_updates(nquads: bytes) -> None:
    _binary()
    with serve.start(nquads=nquads, port=0, writable=True) as server:
        remote_update(server.update_url, "INSERT DATA { skr:Test_Probe a sk:Probe }")
        assert remote_query(server.query_url, "ASK { skr:Test_Probe a sk:Probe }").boolean is True


def test_serve_command_stops_cleanly_on_ctrl_c(query_store_dir: Path) -> None:
    _binary()
    command = [sys.executable, "-m", "kg", "--store", str(query_store_dir), "serve", "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, text=True)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert "read-only" in first
        url = next(word for word in first.split() if word.startswith("http://127.0.0.1:"))
        assert remote_query(url, "ASK { skr:CNSA sk:country skr:China }").boolean is True
        process.send_signal(signal.SIGINT)
        assert process.wait(15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
    with pytest.raises(StoreError, match="connection refused"):
        remote_query(url, "ASK {}", timeout=2)


def test_query_endpoint_down_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{serve.free_port()}/query"
    assert main(["query", "cq01", "--endpoint", url, "--timeout", "2"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "connection refused" in err


def test_port_in_use_is_a_clear_error(nquads: bytes) -> None:
    _binary()
    with serve.start(nquads=nquads, port=0) as first, pytest.raises(StoreError, match=f"port {first.port} .* in use"):
        serve.start(nquads=nquads, port=first.port)


def test_wait_for_sparql_ends_when_the_server_exits() -> None:
    url = f"http://127.0.0.1:{serve.free_port()}/query"
    process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(4)"])
    process.wait(30)
    with pytest.raises(StoreError, match=r"exited \(code 4\) before it answered"):
        serve.wait_for_sparql(url, process, timeout=60)


def test_wait_for_sparql_gives_up_when_nothing_answers() -> None:
    url = f"http://127.0.0.1:{serve.free_port()}/query"
    with pytest.raises(StoreError, match=r"did not answer within 0\.5 s"):
        serve.wait_for_sparql(url, timeout=0.5)
