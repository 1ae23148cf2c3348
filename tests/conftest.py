"""Shared fixtures; `require()` turns a missing component into a skip, or a failure under CI."""

from __future__ import annotations

import os
import shutil

import pytest


def require(component: str, available: bool, why: str = "") -> None:
    """Skip when `component` is missing; fail instead when SPACEKG_REQUIRE_ALL=1 (CI)."""
    if available:
        return
    message = f"{component} is missing{': ' + why if why else ''}"
    if os.environ.get("SPACEKG_REQUIRE_ALL") == "1":
        pytest.fail(f"SPACEKG_REQUIRE_ALL=1 but {message}")
    pytest.skip(message)


def require_program(name: str) -> str:
    """The path of an executable on PATH, or skip/fail with the reason."""
    path = shutil.which(name)
    require(name, path is not None, f"install the Debian package that provides `{name}`")
    assert path is not None
    return path
