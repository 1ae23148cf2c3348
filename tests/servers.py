"""Real SPARQL servers for the tests, on free 127.0.0.1 ports in temporary folders: Oxigraph and Virtuoso.

Each `start_*` returns a `Running` whose `stop()` ends the process and removes its folder.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kg.errors import StoreError
from kg.serve import free_port, wait_for_sparql

HOST = "127.0.0.1"
VIRTUOSO = "/usr/bin/virtuoso-t"
ISQL = "/usr/bin/isql-vt"

# Virtuoso's own defaults where they matter (ResultSetMaxRows 10,000), so that paging is exercised.
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = {host}:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
CheckpointInterval = 0
CaseMode = 2
DirsAllowed = ., {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = {host}:{http_port}
ServerRoot = {dir}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""

# The anonymous SPARQL user may update (a test server on 127.0.0.1 only).
VIRTUOSO_GRANTS = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"


@dataclass
class Running:
    """A server process, its query and update URLs, and the folder it lives in."""

    process: subprocess.Popen[bytes]
    query_url: str
    update_url: str
    workdir: Path
    log: Path

    @property
    def spec(self) -> str:
        return f"sparql:{self.query_url}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        shutil.rmtree(self.workdir, ignore_errors=True)


def start_oxigraph(binary: str, *, union: bool = True) -> Running:
    """`oxigraph serve`, by default with the union of the named graphs as its default graph."""
    workdir = Path(tempfile.mkdtemp(prefix="spacekg-test-oxigraph-"))
    port = free_port()
    log = workdir / "server.log"
    command = [binary, "serve", "--location", str(workdir / "db"), "--bind", f"{HOST}:{port}"]
    command += ["--union-default-graph"] if union else []
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    base = f"http://{HOST}:{port}"
    return _ready(Running(process, f"{base}/query", f"{base}/update", workdir, log), 30)


def start_virtuoso() -> Running:
    """`virtuoso-t` in the foreground with its own ini and database in a temporary folder."""
    workdir = Path(tempfile.mkdtemp(prefix="spacekg-test-virtuoso-"))
    sql_port, http_port = free_port(), free_port()
    ini = workdir / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=workdir, host=HOST, sql_port=sql_port, http_port=http_port))
    log = workdir / "stdout.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [VIRTUOSO, "+foreground", "+configfile", str(ini)], cwd=workdir, stdout=sink, stderr=subprocess.STDOUT
        )
    url = f"http://{HOST}:{http_port}/sparql"
    server = _ready(Running(process, url, url, workdir, log), 120)
    try:
        done = subprocess.run(
            [ISQL, f"{HOST}:{sql_port}", "dba", "dba", f"exec={VIRTUOSO_GRANTS}"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0 or b"Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt failed: {(done.stdout + done.stderr).decode('utf-8', 'replace')}")
    except BaseException:
        server.stop()
        raise
    return server


def _ready(server: Running, seconds: float) -> Running:
    """Wait until the query URL answers ASK {}; stop the server and fail with its log otherwise."""
    try:
        wait_for_sparql(server.query_url, server.process, seconds)
    except StoreError as exc:
        tail = server.log.read_text("utf-8", "replace")[-2000:] if server.log.exists() else ""
        server.stop()
        raise RuntimeError(f"the server at {server.query_url} did not come up ({exc}):\n{tail}") from None
    return server
