"""Shared fixtures: small real courses copied into a temporary folder."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
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


CARDS = """\
flashcards:
  - id: what-is-a-lesson
    q: What is a lesson?
    a: A unit of study with a time estimate.
    lesson: first-steps
  - id: what-is-a-note
    q: What is a note?
    a: Something you write down.
    lesson: second-steps
  - q: Why estimate study time as a range?
    a: Because people differ; a range is honest.
"""


@pytest.fixture
def mini_cards(mini_course: Path) -> Path:
    """The mini course with three basics flashcards: one per lesson, one unlinked."""
    (mini_course / "exercises" / "basics.yml").write_text(CARDS, encoding="utf-8")
    return mini_course


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's time zone is UTC, so 'today' is the UTC day the tests reason in."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def progress_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, utc: None) -> Path:
    """A fresh progress database and cache folder in tmp_path, the clock in UTC."""
    db = tmp_path / "progress.db"
    monkeypatch.setenv("COURSEKIT_DB", str(db))
    monkeypatch.setenv("COURSEKIT_CACHE_DIR", str(tmp_path / "cache"))
    return db


@pytest.fixture
def mini_here(mini_course: Path, monkeypatch: pytest.MonkeyPatch, progress_db: Path) -> Path:
    """The mini course as the current course, a fresh database, learner ana, 14 Jan 2025."""
    monkeypatch.setenv("COURSEKIT_LEARNER", "ana")
    monkeypatch.setenv("COURSEKIT_TODAY", "2025-01-14")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("COURSEKIT_COURSE", raising=False)
    monkeypatch.chdir(mini_course)
    return mini_course
