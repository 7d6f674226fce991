"""Shared fixtures: small real courses copied into a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture
def mini_course(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/mini: two modules, four lessons, one exercises file."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return target


@pytest.fixture
def example_course() -> Path:
    """The repository's own example course (read only: never write into it)."""
    return REPO
