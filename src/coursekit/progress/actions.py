"""What a learner does, as rules over their event log: enrol, complete a lesson, log a
session, undo, reset, import and export.

Each action checks everything first and then appends its events in one
transaction, so a refused action (a :class:`CourseError`) leaves the log as it was.
The CLI parses options, calls one of these and prints the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from coursekit.errors import CourseError, did_you_mean
from coursekit.events.event import Event
from coursekit.events.learner import Learner
from coursekit.model import Course, Lesson, Pace
from coursekit.progress.state import PROGRESS_TYPES, Enrollment, derive

#: The longest a lesson (``--time``) or one study session can have taken, in minutes.
MAX_LESSON_MINUTES = 14_400
MAX_SESSION_MINUTES = 1_440


def lesson_of(course: Course, lesson_id: str) -> Lesson:
    """The course's lesson ``lesson_id``; a did-you-mean error otherwise."""
    index = course.lesson_index
    if lesson_id in index:
        return index[lesson_id]
    import difflib

    hint = did_you_mean(lesson_id, index)
    if not hint:  # short ids are never "close" to difflib: name the nearest anyway
        near = difflib.get_close_matches(lesson_id, list(index), n=3, cutoff=0.3)
        hint = f" (the closest are {', '.join(near)})" if near else ""
    raise CourseError(
        f"no lesson '{lesson_id}' in {course.title}"
        + hint
        # `coursekit info` lists modules only, so name where the lesson ids are.
        + "; nothing was recorded (a lesson's id is its file name without .md or"
        + " .ipynb; Tab completes ids)",
        "LESSON",
    )


def check_not_future(day: date, today: date, option: str = "--on") -> None:
    """Refuse a day after ``today``: a learner records what they have done."""
    if day > today:
        raise CourseError(
            f"{day.isoformat()} is in the future (today is {today.isoformat()}); "
            "record what you have done",
            option,
        )


# --------------------------------------------------------------------------- enrolling


@dataclass(frozen=True)
class Enrolled:
    """The result of :func:`enrol`: the new enrollment and the one it replaces."""

    enrollment: Enrollment
    previous: Enrollment | None
    pace: Pace


def enrol(
    learner: Learner,
    *,
    pace: str | None,
    start: date | None,
    target: date | None | Literal["none"],
    today: date,
    at: datetime,
) -> Enrolled:
    """Enrol (or change the pace or dates of an enrollment), as a new ``enrolled`` event.

    ``pace``, ``start`` and ``target`` left ``None`` keep the previous enrollment's
    (or default to the course's default pace, today and no target); ``target="none"``
    drops the target.
    """
    from coursekit.plan.paces import default_pace_name, find_pace

    course = learner.course
    previous = derive(course, learner.name, learner.events()).enrollment
    pace_name = pace or (previous.pace if previous else default_pace_name(course))
    chosen = find_pace(course, pace_name)
    first = start or (previous.start if previous else today)
    goal = previous.target if previous else None
    if target == "none":
        goal = None
    elif target is not None:
        goal = target
    if goal is not None and goal <= first:
        raise CourseError(
            f"the target {goal.isoformat()} is not after the start {first.isoformat()}",
            "--target",
        )
    data: dict[str, Any] = {"pace": pace_name, "start": first.isoformat()}
    if goal is not None:
        data["target"] = goal.isoformat()
    learner.append(learner.event("enrolled", at, **data))
    return Enrolled(Enrollment(pace_name, first, goal, at), previous, chosen)


# --------------------------------------------------------------------------- lessons


@dataclass(frozen=True)
class Completed:
    lesson: Lesson
    minutes: int | None
    done: int  # lessons done now, this one included
    enrolled: bool


def complete(learner: Learner, lesson_id: str, minutes: int | None, at: datetime) -> Completed:
    """Mark ``lesson_id`` done at ``at``, with the total time it took when given.

    A lesson already done is refused unless ``minutes`` is given (recording how long
    it took, later).
    """
    lesson = lesson_of(learner.course, lesson_id)
    if minutes is not None and not 1 <= minutes <= MAX_LESSON_MINUTES:
        raise CourseError(f"{minutes} min is not a lesson time", "--time")
    progress = derive(learner.course, learner.name, learner.events())
    if lesson_id in progress.completed and minutes is None:
        raise CourseError(
            f"'{lesson_id}' is already done (on {progress.completed[lesson_id].isoformat()}); "
            "nothing was recorded. Add --time to record how long it took",
            "LESSON",
        )
    data: dict[str, Any] = {"lesson": lesson_id}
    if minutes is not None:
        data["minutes"] = minutes
    learner.append(learner.event("lesson_completed", at, **data))
    # Counted as the dashboard counts: the lessons a learner can study now.
    available = {x.id for x in learner.course.lessons() if x.available}
    done = len((set(progress.completed) | {lesson_id}) & available)
    return Completed(lesson, minutes, done, progress.enrollment is not None)


def log_session(learner: Learner, lesson_id: str, minutes: int, at: datetime) -> Lesson:
    """Record ``minutes`` of study on ``lesson_id`` (not completing it)."""
    lesson = lesson_of(learner.course, lesson_id)
    if not 1 <= minutes <= MAX_SESSION_MINUTES:
        raise CourseError(f"{minutes} min is not a study session's time", "TIME")
    learner.append(learner.event("study_session", at, lesson=lesson_id, minutes=minutes))
    return lesson


# --------------------------------------------------------------------------- undo and reset


def undo_last(learner: Learner, at: datetime) -> Event:
    """Reverse the learner's last progress event still in force; returns it."""
    return learner.undo_last(PROGRESS_TYPES, at)


def reset(learner: Learner, at: datetime) -> None:
    """Start the course over: every earlier event stops counting (``undo`` brings it back)."""
    learner.append(learner.event("reset", at))


# --------------------------------------------------------------------------- exchange files


@dataclass
class Imported:
    """What :func:`import_document` did."""

    added: int
    already_present: int
    learner_in_file: str
    not_in_course: dict[str, int] = field(default_factory=dict)
    #: (course, learner) pairs that already own some of the file's events
    stored_for_others: list[tuple[str, str]] = field(default_factory=list)


def import_document(learner: Learner, data: Any, source: str, now: datetime) -> Imported:
    """Validate an exchange document completely, then append its new events at once."""
    from coursekit.events.exchange import parse_document

    course = learner.course
    parsed = parse_document(data, source, course.id, learner.name, set(course.lesson_index), now)
    with learner.open() as store:
        owners = store.uid_owners([e.uid for e in parsed.events])
        added = store.append(parsed.events)
    mine = (course.id, learner.name)
    return Imported(
        added=added,
        already_present=len(parsed.events) - added,
        learner_in_file=parsed.learner_in_file,
        not_in_course=dict(sorted(parsed.not_in_course.items())),
        stored_for_others=sorted({o for o in owners.values() if o != mine}),
    )


def export_text(learner: Learner) -> tuple[str, int]:
    """The learner's exchange file, as text, and how many events it holds."""
    from coursekit.events.exchange import dumps, export_document

    events = learner.events()
    return dumps(export_document(learner.course.id, learner.name, events)), len(events)
