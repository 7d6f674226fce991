"""The learner's record as they read it: each lesson with its state and times, and the
history of their events in their words.

``coursekit progress --json`` (``lesson_progress``), ``coursekit lessons`` and
``coursekit progress history`` print these; every figure comes from the same
:class:`~coursekit.progress.state.Progress` the dashboard derives, and the history
applies the log's replay rules (:mod:`coursekit.events.replay`) to say which events
still count.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coursekit.dates import format_date
from coursekit.events.event import Event
from coursekit.model import Course, format_minutes
from coursekit.progress.state import PROGRESS_TYPES, Progress, counts_on, derive, local_day

DONE, STARTED, NOT_STARTED = "done", "started", "not started"


def lesson_rows(course: Course, progress: Progress) -> list[dict[str, Any]]:
    """Every lesson of the course, in order: its state (done, started: sessions logged,
    not started), the day it was done, and its times in minutes: ``reported`` (the
    total given with ``--time``), ``logged`` (study sessions) and ``spent`` (what
    calibration uses: the larger of the two)."""
    rows = []
    for lesson in course.lessons():
        logged = progress.logged_minutes.get(lesson.id, 0)
        done_on = progress.completed.get(lesson.id)
        state = DONE if done_on else (STARTED if logged else NOT_STARTED)
        rows.append(
            {
                "id": lesson.id,
                "title": lesson.title,
                "module": lesson.module,
                "status": state,
                "completed_on": done_on.isoformat() if done_on else None,
                "reported_minutes": progress.reported_minutes.get(lesson.id),
                "logged_minutes": logged,
                "spent_minutes": progress.spent_on(lesson.id) or 0,
                "estimate_minutes": lesson.study_time.as_list(),
                "estimate_text": str(lesson.study_time),
                "lesson_status": lesson.status,
            }
        )
    return rows


# --------------------------------------------------------------------------- history

COUNTS, UNDONE, CLEARED = "counts", "undone", "cleared by a reset"
#: in force, but counting for nothing, as the dashboard counts (see ``Replay``)
EARLY, NOT_AVAILABLE = "before your enrollment's start", "lesson not available yet"


def history(course: Course, events: Sequence[Event]) -> list[dict[str, Any]]:
    """The learner's progress events (reviews left out) in the order they count (time,
    then recording), each with its day, what it was in the learner's words, and
    whether it still counts: ``counts``, ``undone`` (by an undo still in force) or
    ``cleared by a reset``; or, in force but counting for nothing as on the dashboard,
    ``before your enrollment's start`` or ``lesson not available yet`` (planned).
    Undo and reset events are listed too."""
    mine = [e for e in events if e.type in PROGRESS_TYPES or e.type == "undo"]
    by_uid = {e.uid: e for e in events}
    status = _status(mine)
    learner = mine[0].learner if mine else ""
    enrollment = derive(course, learner, events).enrollment
    start = enrollment.start if enrollment is not None else None
    index = course.lesson_index
    for event in mine:
        if status[event.uid] != COUNTS or event.type in ("enrolled", "reset", "undo"):
            continue
        lesson = event.data.get("lesson")
        if lesson in index and not index[lesson].available:
            status[event.uid] = NOT_AVAILABLE
        elif not counts_on(local_day(event.at), start):
            status[event.uid] = EARLY
    rows = []
    for number, event in enumerate(sorted(mine, key=lambda e: (e.at, e.seq)), start=1):
        rows.append(
            {
                "number": number,
                "uid": event.uid,
                "type": event.type,
                "at": event.at.isoformat().replace("+00:00", "Z"),
                "on": local_day(event.at).isoformat(),
                "lesson": event.data.get("lesson"),
                "minutes": event.data.get("minutes"),
                "what": event_words(course, event, by_uid),
                "status": status[event.uid],
            }
        )
    return rows


def _status(events: Sequence[Event]) -> dict[str, str]:
    """Each event's standing by the replay rules: the log walked from the last recorded."""
    recorded = sorted(events, key=lambda e: e.seq)
    undone: set[str] = set()
    result: dict[str, str] = {}
    reset_seen = False
    for event in reversed(recorded):
        if event.uid in undone:
            result[event.uid] = UNDONE
            continue
        result[event.uid] = CLEARED if reset_seen else COUNTS
        if reset_seen:
            continue
        if event.type == "undo" and isinstance(event.data.get("event"), str):
            undone.add(event.data["event"])
        elif event.type == "reset":
            reset_seen = True
    return result


def _title(course: Course, lesson: Any) -> str:
    index = course.lesson_index
    return index[lesson].title if lesson in index else f"{lesson} (not in this course)"


def _module_title(course: Course, module: Any) -> str:
    index = course.module_index
    return index[module].title if module in index else f"{module} (not in this course)"


def event_words(course: Course, event: Event, by_uid: dict[str, Event] | None = None) -> str:
    """What an event records, in the learner's words, without its day: "Done: Intro (1 h)"."""
    data = event.data
    minutes = data.get("minutes")
    took = f" ({format_minutes(minutes)})" if isinstance(minutes, int) else ""
    if event.type == "enrolled":
        target = data.get("target")
        until = f", target {_day(target)}" if target else ", no target"
        return f"Enrolled: {data.get('pace')} pace from {_day(data.get('start'))}{until}"
    if event.type == "lesson_completed":
        return f"Done: {_title(course, data.get('lesson'))}{took}"
    if event.type == "lesson_time":
        time = format_minutes(minutes) if isinstance(minutes, int) else "?"
        return f"Time of {_title(course, data.get('lesson'))} corrected to {time} (its day kept)"
    if event.type == "study_session":
        return f"Studied {_title(course, data.get('lesson'))}{took}"
    if event.type == "exercises_completed":
        return f"Exercises done: {_module_title(course, data.get('module'))}"
    if event.type == "reset":
        return "Started the course over (reset)"
    if event.type == "undo":
        target = (by_uid or {}).get(str(data.get("event")))
        if target is None:
            return "Undid an event not in this log"
        when = format_date(local_day(target.at))
        return f"Undid: {event_words(course, target, by_uid)} on {when}"
    return event.type


def _day(iso: Any) -> str:
    from datetime import date

    try:
        return format_date(date.fromisoformat(str(iso)))
    except ValueError:
        return str(iso)


def describe_event(course: Course, event: Event) -> str:
    """An event in the learner's words, with its day: "'Intro' marked done on Mon 4 Jan 2027
    (1 h)" (what ``progress undo`` says it undid)."""
    day = format_date(local_day(event.at))
    data = event.data
    lesson = data.get("lesson")
    title = course.lesson_index[lesson].title if lesson in course.lesson_index else lesson
    minutes = data.get("minutes")
    took = f" ({format_minutes(minutes)})" if isinstance(minutes, int) else ""
    if event.type == "lesson_completed":
        return f"'{title}' marked done on {day}{took}"
    if event.type == "lesson_time":
        return f"the time of '{title}' recorded on {day}{took}"
    if event.type == "study_session":
        return f"study session on '{title}' on {day}{took}"
    if event.type == "enrolled":
        return f"enrollment ({data.get('pace')} pace from {data.get('start')}) of {day}"
    if event.type == "exercises_completed":
        return f"exercises of '{_module_title(course, data.get('module'))}' marked done on {day}"
    if event.type == "reset":
        return f"the reset of {day} (your earlier progress is back)"
    return f"{event.type} of {day}"
