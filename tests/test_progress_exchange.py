"""The exchange file: every field validated, hostile files refused without a crash."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from coursekit.errors import CourseError
from coursekit.events.exchange import (
    MAX_FILE_BYTES,
    derived_uid,
    dumps,
    export_document,
    parse_document,
    read_file,
)
from coursekit.events.store import Event

NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)
LESSONS = {"first-steps", "second-steps"}


def doc(*events: dict[str, Any], **top: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "coursekit-progress",
        "version": 1,
        "course": "mini",
        "learner": "ana",
        "events": list(events),
    }
    data.update(top)
    return data


def parse(data: Any) -> Any:
    return parse_document(data, "p.json", "mini", "ana", LESSONS, NOW)


def problems(data: Any) -> list[str]:
    with pytest.raises(CourseError) as info:
        parse(data)
    return [str(p) for p in info.value.problems]


def completed(at: str = "2025-01-07T10:00:00Z", **extra: Any) -> dict[str, Any]:
    return {"type": "lesson_completed", "at": at, "lesson": "first-steps", **extra}


def test_every_event_type_is_accepted() -> None:
    parsed = parse(
        doc(
            {
                "type": "enrolled",
                "at": "2025-01-06T09:00:00Z",
                "uid": "u1",
                "pace": "moderate",
                "start": "2025-01-06",
                "target": "2025-03-01",
            },
            completed(uid="u2", minutes=80),
            {
                "type": "study_session",
                "at": "2025-01-08T10:00:00.123Z",
                "lesson": "second-steps",
                "minutes": 45,
            },
            {"type": "undo", "at": "2025-01-08T11:00:00+00:00", "event": "u2"},
            {"type": "reset", "at": "2025-01-09T10:00:00Z"},
            {
                "type": "flashcard_review",
                "at": "2025-01-09T10:01:00Z",
                "card": "what-is-a-lesson",
                "rating": 4,
            },
            {
                "type": "flashcard_review",
                "at": "2025-01-09T10:02:00Z",
                "card": "what-is-a-lesson",
                "grade": "not_yet",
            },
        )
    )
    assert [e.type for e in parsed.events] == [
        "enrolled",
        "lesson_completed",
        "study_session",
        "undo",
        "reset",
        "flashcard_review",
        "flashcard_review",
    ]
    assert all(e.learner == "ana" and e.course == "mini" for e in parsed.events)
    assert parsed.events[2].at == datetime(2025, 1, 8, 10, 0, 0, 123000, tzinfo=UTC)
    assert parsed.events[1].data == {"lesson": "first-steps", "minutes": 80}
    assert parsed.not_in_course == {}


def test_events_without_uid_get_a_stable_one() -> None:
    first = parse(doc(completed())).events[0]
    again = parse(doc(completed())).events[0]
    assert first.uid == again.uid
    assert first.uid == derived_uid("lesson_completed", first.at, first.data, "mini", "ana")
    for_bo = parse_document(doc(completed()), "p.json", "mini", "bo", LESSONS, NOW).events[0]
    assert for_bo.uid != first.uid  # another learner importing the same file gets their own
    other = parse(doc(completed(at="2025-01-07T10:00:01Z"))).events[0]
    assert other.uid != first.uid


def test_unknown_lessons_are_accepted_and_counted() -> None:
    parsed = parse(
        doc(
            completed(lesson="retired-lesson"),
            completed(lesson="retired-lesson", at="2025-01-08T10:00:00Z"),
        )
    )
    assert parsed.not_in_course == {"retired-lesson": 2}


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (completed(at="2025-01-07T10:00:00+02:00"), "events[0].at: expected a UTC time"),
        (completed(at="2025-02-30T10:00:00Z"), "is not a real time"),
        (completed(at="1999-12-31T23:59:59Z"), "out of range"),
        (completed(at="2031-01-01T00:00:00Z"), "out of range"),
        (completed(at=1736244000), "events[0].at: expected a UTC time"),
        (completed(minutes=10**30), "events[0].minutes: expected whole minutes from 1 to 14400"),
        (completed(minutes=1e308), "expected whole minutes"),
        (completed(minutes=True), "expected whole minutes"),
        (completed(minutes=-5), "expected whole minutes"),
        (completed(lesson={"$gt": ""}), "events[0].lesson: expected a lesson id"),
        (completed(lesson="Not A Slug"), "expected a lesson id"),
        (completed(lesson="x" * 5000), "expected a lesson id"),
        (completed(uid=["a"]), "events[0].uid: expected an event id"),
        (completed(uid="has space"), "expected an event id"),
        (completed(note="hello"), "events[0].note: unknown field"),
        ({"type": "lesson_completed", "at": "2025-01-07T10:00:00Z"}, "missing"),
        (
            {
                "type": "study_session",
                "at": "2025-01-07T10:00:00Z",
                "lesson": "first-steps",
                "minutes": 2000,
            },
            "from 1 to 1440",
        ),
        (
            {"type": "flashcard_review", "at": "2025-01-07T10:00:00Z", "card": "c", "rating": 5},
            "rating 1-4",
        ),
        ({"type": "flashcard_review", "at": "2025-01-07T10:00:00Z", "card": "c"}, "needs 'rating'"),
        (
            {"type": "flashcard_review", "at": "2025-01-07T10:00:00Z", "card": "c", "grade": "meh"},
            "got_it",
        ),
        ({"type": "undo", "at": "2025-01-07T10:00:00Z", "event": None}, "events[0].event"),
        (
            {"type": "enrolled", "at": "2025-01-07T10:00:00Z", "start": "next week"},
            "events[0].start: expected a date",
        ),
        ({"type": "TELEPORT", "at": "2025-01-07T10:00:00Z"}, "events[0].type: expected one of"),
        ("just text", "events[0]: expected an event"),
        ([[[[[]]]]], "events[0]: expected an event"),
    ],
)
def test_bad_events_are_named_by_index_and_field(event: Any, message: str) -> None:
    found = problems(doc(completed(), event))
    assert len(found) == 1
    assert found[0].startswith("p.json: events[1]")
    assert message.replace("events[0]", "events[1]") in found[0]


def test_every_problem_is_listed_and_nothing_is_returned() -> None:
    found = problems(doc(completed(at="yesterday"), completed(minutes=0), completed()))
    assert [p.split(":")[1].strip() for p in found] == ["events[0].at", "events[1].minutes"]


def test_problems_stop_after_a_reasonable_number() -> None:
    found = problems(doc(*[completed(at="x")] * 1000))
    assert 20 < len(found) <= 31
    assert "stopped" in found[-1]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2, 3], "expected a progress file"),
        ({"format": "something-else"}, 'format: expected "coursekit-progress"'),
        (doc(version=2), "version: made by a newer coursekit"),
        (doc(version="1"), "version: expected 1"),
        (doc(course="other-course"), "for course 'other-course', not 'mini'"),
        (doc(learner={"name": "x"}), "learner: expected a name"),
        (doc(events={"0": {}}), "events: expected a list"),
        (doc(extra=1), "extra: unknown key"),
    ],
)
def test_bad_files_are_refused(data: Any, message: str) -> None:
    assert any(message in p for p in problems(data)), problems(data)


def test_a_reused_uid_must_mean_the_same_event() -> None:
    same = parse(doc(completed(uid="u1"), completed(uid="u1")))
    assert len(same.events) == 1
    found = problems(doc(completed(uid="u1"), completed(uid="u1", minutes=5)))
    assert found == ["p.json: events[1].uid: 'u1' is used by two different events"]


# --------------------------------------------------------------------------- files


def test_hostile_files_never_crash(tmp_path: Path) -> None:
    cases = {
        "deep.json": "[" * 100_000 + "]" * 100_000,
        "bigint.json": '{"format": "coursekit-progress", "version": ' + "9" * 5000 + "}",
        "binary.json": b"\xff\xfe\x00garbage",
        "truncated.json": '{"format": "coursekit-progress", "events": [',
        "nan.json": json.dumps(doc(completed(minutes=float("nan")))),
    }
    for name, content in cases.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        with pytest.raises(CourseError) as info:
            parse(read_file(path))
        assert str(path) in str(info.value) or "p.json" in str(info.value), name


def test_a_100_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:  # sparse: costs no disk and no time
        handle.truncate(100 * 1024 * 1024)
    with pytest.raises(CourseError, match="at most 20 MB"):
        read_file(path)
    assert path.stat().st_size > MAX_FILE_BYTES


def test_export_writes_recording_order_and_reads_back(tmp_path: Path) -> None:
    at = datetime(2025, 1, 7, 10, tzinfo=UTC)
    events = [
        Event("b", "reset", at, "mini", "ana", {}, seq=2),
        Event(
            "a",
            "lesson_completed",
            at.replace(hour=11),
            "mini",
            "ana",
            {"lesson": "first-steps"},
            seq=1,
        ),
    ]
    text = dumps(export_document("mini", "ana", events))
    data = json.loads(text)
    assert [e["uid"] for e in data["events"]] == ["a", "b"]
    assert data["events"][0] == {
        "type": "lesson_completed",
        "at": "2025-01-07T11:00:00Z",
        "uid": "a",
        "lesson": "first-steps",
    }
    path = tmp_path / "x.json"
    path.write_text(text)
    assert [e.uid for e in parse(read_file(path)).events] == ["a", "b"]
