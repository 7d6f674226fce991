"""Shared fixtures: small real courses copied into a temporary folder, and ``golden``.

Golden files live in tests/golden/ (site/, plans/, authoring/, progress/). After an
intended change of output, rewrite them with

    python3 dev.py test --update-golden [TESTS]

(or COURSEKIT_UPDATE_GOLDEN=1, which means the same) and review ``git diff tests/golden``
before committing it.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
REPO = Path(__file__).parent.parent
UPDATE_ENV = "COURSEKIT_UPDATE_GOLDEN"


# --------------------------------------------------------------------------- golden files


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/golden/ with the output of the code as it "
        f"is now, instead of comparing (the same as {UPDATE_ENV}=1); review the diff after",
    )


def updating_golden(config: pytest.Config) -> bool:
    """The one switch: ``--update-golden``, or COURSEKIT_UPDATE_GOLDEN=1 (or true, yes)."""
    env = os.environ.get(UPDATE_ENV, "").strip().lower()
    return bool(config.getoption("--update-golden")) or env in {"1", "true", "yes"}


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if updating_golden(config):
        terminalreporter.write_line(
            "golden files were rewritten where they differed: review `git diff tests/golden` "
            "before committing it"
        )


class Golden:
    """Compare output with the files under tests/golden/; rewrite them when updating.

    ``name`` is a path relative to tests/golden/. Text is compared exactly (UTF-8, line
    endings included), bytes byte for byte, JSON as the value it parses to.
    """

    def __init__(self, root: Path, update: bool, nodeid: str = "") -> None:
        self.root = root
        self.update = update
        self.nodeid = nodeid

    def path(self, name: str) -> Path:
        return self.root / name

    def _how(self) -> str:
        target = f" {shlex.quote(self.nodeid)}" if self.nodeid else ""
        return (
            f"`python3 dev.py test --update-golden{target}` (or {UPDATE_ENV}=1) writes what "
            "the code produces now; review it before committing it"
        )

    def _show(self, name: str) -> str:
        return f"tests/golden/{name}"

    def _missing(self, name: str) -> None:
        pytest.fail(
            f"{self._show(name)} does not exist; to create it: {self._how()}", pytrace=False
        )

    @staticmethod
    def _encode(actual: str | bytes) -> bytes:
        return actual.encode("utf-8") if isinstance(actual, str) else actual

    def _compare(self, name: str, actual: str | bytes, stored: bytes) -> None:
        message = f"{self._show(name)} differs; if the new output is right: {self._how()}"
        if isinstance(actual, bytes):
            try:  # text in bytes: show a readable diff
                actual, expected = actual.decode("utf-8"), stored.decode("utf-8")
            except UnicodeDecodeError:
                assert actual == stored, message
                return
        else:
            expected = stored.decode("utf-8")
        assert actual == expected, message

    def check(self, name: str, actual: str | bytes) -> None:
        """``actual`` (text or bytes) is the content of tests/golden/``name``."""
        path = self.path(name)
        if self.update and (not path.is_file() or path.read_bytes() != self._encode(actual)):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(self._encode(actual))
        if not path.is_file():
            self._missing(name)
        self._compare(name, actual, path.read_bytes())

    def check_json(self, name: str, actual: Any) -> None:
        """``actual`` equals the JSON value stored in tests/golden/``name``."""
        path = self.path(name)
        if self.update and self._json(path) != (actual,):
            path.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps(actual, indent=2, ensure_ascii=False) + "\n"
            path.write_bytes(text.encode("utf-8"))
        if not path.is_file():
            self._missing(name)
        expected = json.loads(path.read_bytes())
        message = f"{self._show(name)} differs; if the new output is right: {self._how()}"
        assert actual == expected, message

    def check_tree(self, name: str, files: Mapping[str, str | bytes]) -> None:
        """The folder tests/golden/``name`` holds exactly ``files`` (relative path: content)."""
        folder = self.path(name)
        if self.update and self._tree(folder) != {p: self._encode(c) for p, c in files.items()}:
            shutil.rmtree(folder, ignore_errors=True)
            for rel, content in files.items():
                (folder / rel).parent.mkdir(parents=True, exist_ok=True)
                (folder / rel).write_bytes(self._encode(content))
        if not folder.is_dir():
            self._missing(name)
        stored = self._tree(folder)
        unstored = sorted(set(files) - set(stored))
        unproduced = sorted(set(stored) - set(files))
        assert not unstored and not unproduced, (
            f"{self._show(name)}/ holds other files than the code produces (produced but not "
            f"stored: {unstored}; stored but not produced: {unproduced}); if the new output "
            f"is right: {self._how()}"
        )
        for rel, content in files.items():
            self._compare(f"{name}/{rel}", content, stored[rel])

    @staticmethod
    def _json(path: Path) -> tuple[Any, ...]:
        """``(value,)`` stored in ``path``; ``()`` when there is none or it is not JSON."""
        try:
            return (json.loads(path.read_bytes()),)
        except (OSError, ValueError):
            return ()

    @staticmethod
    def _tree(folder: Path) -> dict[str, bytes]:
        if not folder.is_dir():
            return {}
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """Compare output with tests/golden/; see :class:`Golden` and ``--update-golden``."""
    return Golden(GOLDEN, updating_golden(request.config), request.node.nodeid)


# --------------------------------------------------------------------------- courses


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


@pytest.fixture(scope="session")
def built_cohort(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The synthetic cohort of tests/cohort_cases.py on the mini course with CARDS,
    made once (some 60 CLI commands): (course, folder of the learners' files)."""
    from cohort_cases import built_cohort as build

    return build(tmp_path_factory.mktemp("cohort"), CARDS)


@pytest.fixture
def cohort(
    built_cohort: tuple[Path, Path],
    tmp_path: Path,
    progress_db: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[Path, Path]:
    """A test's own copy of the cohort (course, files), the clock at the cohort's today."""
    from cohort_cases import TODAY, copy_of

    monkeypatch.setenv("COURSEKIT_TODAY", TODAY)
    return copy_of(built_cohort, tmp_path)


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
