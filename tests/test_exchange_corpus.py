"""The exchange file's conformance corpus, read the CLI's way.

Every file of ``tests/exchange_corpus/cases`` holds a progress file (``document``, or
its ``text``, or its bytes as ``base64``) and what reading it must come to: refused,
with the places of its problems, or accepted, with what it means once replayed (the
lessons done, the reviews in force with their ratings, the modules whose exercises are
done (none unless the case says), the learner's name). The
site's reader is held to the same files by ``tests/js/exchange-corpus.test.mjs``.
"""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from coursekit.course.locate import parse_json
from coursekit.errors import CourseError
from coursekit.events.exchange import FIELDS, parse_document
from coursekit.events.store import EVENT_TYPES
from coursekit.model import Course, Duration, Lesson, Module
from coursekit.progress.state import derive
from coursekit.review.cards import reviews_in_force

CORPUS = Path(__file__).parent / "exchange_corpus"
SETTINGS = json.loads((CORPUS / "settings.json").read_text(encoding="utf-8"))
CASES = sorted((CORPUS / "cases").glob("*.json"))
NOW = datetime.fromisoformat(SETTINGS["now"])
LEARNER = "learner"  # who the events are imported for
COURSE = Course(
    id=SETTINGS["course"],
    title="The corpus course",
    # Every lesson in the first module; the others are there for their exercises.
    modules=tuple(
        Module(
            module,
            module,
            tuple(Lesson(id, module, id, Duration(30, 30)) for id in SETTINGS["lessons"])
            if n == 0
            else (),
        )
        for n, module in enumerate(SETTINGS["modules"])
    ),
)


def read(case: dict[str, Any]) -> Any:
    """The case's file as the CLI's import reads it: JSON text from bytes."""
    if "document" in case:
        return case["document"]
    raw = base64.b64decode(case["base64"]) if "base64" in case else case["text"].encode()
    return parse_json(raw, "corpus.json", "a progress file")


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_the_cli_reads_the_case_as_expected(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    lessons = set(SETTINGS["lessons"])
    try:
        parsed = parse_document(read(case), "corpus.json", COURSE.id, LEARNER, lessons, NOW)
    except CourseError as error:
        assert "refused" in case, f"refused, but the corpus accepts it: {error}"
        assert sorted(p.key for p in error.problems) == sorted(case["refused"]), str(error)
        return
    assert "accepted" in case, f"accepted, but the corpus expects {case['refused']}"
    # Numbered as an import records them, so ties in time keep the file's order.
    events = [replace(event, seq=n) for n, event in enumerate(parsed.events, 1)]
    progress = derive(COURSE, LEARNER, events)
    assert {
        "learner": parsed.learner_in_file,
        "done": sorted(progress.completed),
        "reviews": [{"card": r.card, "rating": r.rating} for r in reviews_in_force(events)],
        "exercises": sorted(progress.exercises_done),
    } == {"exercises": [], **case["accepted"]}


def test_the_corpus_has_the_cli_event_vocabulary() -> None:
    # The site's reader is checked against the same lists, so the two cannot drift.
    assert tuple(SETTINGS["event_types"]) == EVENT_TYPES
    assert {kind: list(FIELDS[kind]) for kind in EVENT_TYPES} == SETTINGS["event_fields"]


def test_the_corpus_covers_both_outcomes() -> None:
    cases = [json.loads(path.read_text(encoding="utf-8")) for path in CASES]
    assert sum("accepted" in case for case in cases) >= 20
    assert sum("refused" in case for case in cases) >= 20
