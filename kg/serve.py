"""A local SPARQL endpoint: the Oxigraph server (PyPI `oxigraph`) over a fresh copy of the store.

The store directory may be held by a running spacekg process, so the server never opens it: the
graph is dumped to N-Quads, loaded with `oxigraph load` into a temporary database, and served from
there on 127.0.0.1 with the union of all graphs as the default graph (as local queries see it).
Read-only by default (`oxigraph serve-read-only`, which refuses SPARQL Update); `writable=True` runs
`oxigraph serve` instead. Stopping the server removes the temporary copy.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from kg.errors import StoreError
from kg.store.base import GraphStore

DEFAULT_PORT = 7878
HOST = "127.0.0.1"


def oxigraph_binary() -> str:
    """The `oxigraph` server executable: beside this Python (a venv's bin/), else on PATH.

    Raises:
        StoreError: it is not installed (`pip install oxigraph`, or `pip install spacekg[server]`).
    """
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise StoreError("the Oxigraph server is not installed: pip install oxigraph (or spacekg[server])")
    return found


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running Oxigraph server; use as a context manager, or call `stop()`."""

    process: subprocess.Popen[bytes]
    port: int
    workdir: Path
    writable: bool
    log: Path
    _stopped: bool = field(default=False, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.base_url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base_url}/update"

    @property
    def store_url(self) -> str:
        return f"{self.base_url}/store"

    def wait(self) -> int:
        """Block until the server exits (Ctrl-C raises KeyboardInterrupt here); its exit code."""
        return self.process.wait()

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the server and remove its temporary database. Safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Server:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def start(
    store: GraphStore | None = None,
    *,
    nquads: bytes | None = None,
    port: int = DEFAULT_PORT,
    writable: bool = False,
    timeout: float = 30.0,
) -> Server:
    """Load the graph into a temporary database and start the Oxigraph server on 127.0.0.1.

    Args:
        store: the store to serve (dumped to N-Quads now; it can be closed afterwards).
        nquads: or the N-Quads to serve directly.
        port: the TCP port; 0 picks a free one.
        writable: accept SPARQL Update and Graph Store writes (`oxigraph serve`).
        timeout: seconds to wait for the server to answer.

    Raises:
        StoreError: the binary is missing, loading fails, or the server does not come up.
    """
    binary = oxigraph_binary()
    port = port or free_port()
    _require_free(port)
    data = nquads if nquads is not None else (store.export("nquads") if store is not None else b"")
    workdir = Path(tempfile.mkdtemp(prefix="spacekg-serve-"))
    try:
        database = _load(binary, workdir, data)
        return _launch(binary, workdir, database, port, writable, timeout)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise


def _require_free(port: int) -> None:
    """Fail early and clearly: the probe for readiness would otherwise reach whatever holds the port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((HOST, port))
        except OSError:
            raise StoreError(
                f"port {port} on {HOST} is in use; choose another with --port, or --port 0 for a free one"
            ) from None


def _load(binary: str, workdir: Path, data: bytes) -> Path:
    database = workdir / "db"
    dump = workdir / "graph.nq"
    dump.write_bytes(data)
    command = [binary, "load", "--location", str(database), "--file", str(dump)]
    done = subprocess.run(command, capture_output=True, check=False)
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise StoreError(f"oxigraph load failed: {detail[-1] if detail else f'exit {done.returncode}'}")
    dump.unlink()
    return database


def _launch(binary: str, workdir: Path, database: Path, port: int, writable: bool, timeout: float) -> Server:
    mode = "serve" if writable else "serve-read-only"
    command = [binary, mode, "--location", str(database), "--bind", f"{HOST}:{port}", "--union-default-graph"]
    log = workdir / "server.log"
    with log.open("wb") as sink:
        # A session of its own: Ctrl-C in the terminal reaches spacekg, which then stops the server cleanly.
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(process, port, workdir, writable, log)
    try:
        _wait_ready(server, timeout)
    except BaseException:
        server.stop()
        raise
    return server


def wait_for_sparql(url: str, process: subprocess.Popen[bytes] | None = None, timeout: float = 30.0) -> None:
    """Block until the SPARQL endpoint `url` answers `ASK {}` with HTTP 200 (a server just started).

    Args:
        url: the query endpoint, e.g. `http://127.0.0.1:7878/query` or Virtuoso's `…/sparql`.
        process: the server's process, if we started it: its exit ends the wait at once.
        timeout: seconds to wait in all.

    Raises:
        StoreError: the process exited first, or no answer came within `timeout` seconds.
    """
    deadline = time.monotonic() + timeout
    probe = url + ("&" if "?" in url else "?") + "query=ASK%7B%7D"
    while True:
        if process is not None and process.poll() is not None:
            raise StoreError(f"the server for {url} exited (code {process.returncode}) before it answered")
        left = deadline - time.monotonic()
        try:
            with urllib.request.urlopen(probe, timeout=max(0.1, min(2.0, left))) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() >= deadline:
            raise StoreError(f"{url} did not answer within {timeout:g} s")
        time.sleep(0.05)


def _wait_ready(server: Server, timeout: float) -> None:
    try:
        wait_for_sparql(server.query_url, server.process, timeout)
    except StoreError:
        if server.process.poll() is None:
            raise StoreError(f"the Oxigraph server on port {server.port} did not answer within {timeout:g} s") from None
        lines = server.log.read_text("utf-8", "replace").strip().splitlines()
        errors = [line for line in lines if line.startswith("Error")]
        reason = (errors or lines or [f"exit code {server.process.returncode}"])[0]
        raise StoreError(f"the Oxigraph server on port {server.port} stopped at start: {reason}") from None
