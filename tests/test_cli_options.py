"""Global options work before or after the command; an unwritable output is bad input (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main


def test_quiet_and_store_after_the_command(seed_store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "cq14", "--store", str(seed_store_dir), "-q", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert "Zhang_Kejian" in out and "Dmitry_Rogozin" in out
    assert err == ""  # -q silences the timing line


def test_store_before_the_command_is_kept(seed_store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", str(seed_store_dir), "-q", "query", "cq03", "--format", "csv"]) == 0
    assert "Roscosmos" in capsys.readouterr().out


def test_unwritable_output_is_exit_2(seed_store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", str(seed_store_dir), "export", "-o", "/proc/spacekg-test/kg.ttl"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "/proc/spacekg-test/kg.ttl" in err[0] and "Traceback" not in err[0]


@pytest.mark.parametrize(
    "argv,code",
    [
        (["viz", "-o", "/proc/spacekg-test/g.html"], 2),
        (["build", "--out", "/proc/spacekg-test"], 2),
    ],
)
def test_unwritable_paths_are_one_line(
    seed_store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: int
) -> None:
    store = seed_store_dir if argv[0] == "viz" else tmp_path / "store"
    assert main(["--store", str(store), *argv]) == code
    err = capsys.readouterr().err.strip().splitlines()
    assert err and "/proc/spacekg-test" in err[-1] and not any("Traceback" in line for line in err)


def test_store_that_cannot_be_created_is_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", "/proc/spacekg-test/store", "ingest", "data/articles"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot open store /proc/spacekg-test/store" in err[0]
