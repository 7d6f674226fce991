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

from coursekit.dates import format_date
from coursekit.errors import CourseError, did_you_mean
from coursekit.events.event import Event
from coursekit.events.learner import Learner
from coursekit.model import Course, Lesson, Pace, format_minutes
from coursekit.progress.state import PROGRESS_TYPES, Enrollment, Progress, derive, local_day

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


def studied_lesson(course: Course, lesson_id: str) -> Lesson:
    """The course's lesson ``lesson_id`` when a learner can study it: a planned ("coming
    soon") lesson is not written yet, so nothing can be done or logged on it."""
    lesson = lesson_of(course, lesson_id)
    if not lesson.available:
        raise CourseError(
            f"'{lesson_id}' ({lesson.title}) is not available yet: it is planned (coming "
            "soon), so it cannot be studied; nothing was recorded",
            "LESSON",
        )
    return lesson


def check_day_total(progress: Progress, day: date, minutes: int, option: str = "TIME") -> None:
    """Refuse study that would make ``day``'s sessions add up to more than a day has."""
    total = progress.session_minutes_by_day.get(day, 0) + minutes
    if total > MAX_SESSION_MINUTES:
        already = progress.session_minutes_by_day.get(day, 0)
        raise CourseError(
            f"{format_minutes(total)} on {format_date(day)} is more than a day has "
            f"({format_minutes(already)} already logged that day); nothing was recorded. "
            "Log each session on the day it happened (--on DATE)",
            option,
        )


def check_not_future(day: date, today: date, option: str = "--on") -> None:
    """Refuse a day after ``today``: a learner records what they have done."""
    if day > today:
        raise CourseError(
            f"{day.isoformat()} is in the future (today is {today.isoformat()}); "
            "record what you have done: give today, yesterday or an earlier date",
            option,
        )


def check_after_start(
    progress: Progress, at: datetime, option: str = "--on", dated: bool = True
) -> None:
    """Refuse study dated before the enrollment's start: the pace counts from the start,
    so "Studied", the pace and the history would disagree about it. ``dated``: the
    learner gave the day (``option``); else it is today, and the message says so."""
    enrollment = progress.enrollment
    day = local_day(at)
    if enrollment is not None and day < enrollment.start:
        when = format_date(day) if dated else f"today ({format_date(day)})"
        raise CourseError(
            f"{when} is before your enrollment's start, "
            f"{format_date(enrollment.start)}; nothing was recorded. To record it, move "
            f"your start first: `coursekit progress start --start {day.isoformat()}`",
            option if dated else "",
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
    progress = derive(course, learner.name, learner.events())
    previous = progress.enrollment
    pace_name = pace or (previous.pace if previous else default_pace_name(course))
    chosen = find_pace(course, pace_name)
    # A first enrollment starts today, or on the first day already recorded.
    earliest = progress.first_activity
    default = min(today, earliest) if earliest else today
    first = start or (previous.start if previous else default)
    if earliest is not None and first > earliest:
        raise CourseError(
            f"you have progress recorded on {format_date(earliest)}, before "
            f"{format_date(first)}; start on {earliest.isoformat()} or earlier, so that "
            "everything you recorded counts in your pace",
            "--start",
        )
    if isinstance(target, date) and target < today:
        raise CourseError(
            f"the target {target.isoformat()} has passed (today is {today.isoformat()}); "
            "give a later date, e.g. --target +8w",
            "--target",
        )
    goal = previous.target if previous else None
    if target == "none":
        goal = None
    elif target is not None:
        goal = target
    if goal is not None and goal <= first:
        raise CourseError(
            f"the target {goal.isoformat()} is not after the start {first.isoformat()}; "
            "give a later date, like +12w",
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
    corrected: date | None = None  # the day it was done, when this corrected its time


def complete(
    learner: Learner, lesson_id: str, minutes: int | None, at: datetime, dated: bool = False
) -> Completed:
    """Mark ``lesson_id`` done at ``at``, with the total time it took when given.

    For a lesson already done, ``minutes`` is a correction of its time: a
    ``lesson_time`` event that keeps the day it was done (``corrected`` is then its
    day). Without ``minutes``, or with a date of the learner's (``dated``), a lesson
    already done is refused. A total below the sessions already logged on the lesson
    is refused, since they are part of it.
    """
    lesson = studied_lesson(learner.course, lesson_id)
    if minutes is not None and not 1 <= minutes <= MAX_LESSON_MINUTES:
        raise CourseError(f"{minutes} min is not a lesson time", "--time")
    progress = derive(learner.course, learner.name, learner.events())
    done_on = progress.completed.get(lesson_id)
    if done_on is not None and (minutes is None or dated):
        again = (
            "Add --time to record how long it took"
            if minutes is None
            else "--time alone records how long it took, keeping that day"
        )
        raise CourseError(
            f"'{lesson_id}' is already done (on {format_date(done_on)}); nothing was "
            f"recorded. {again}; to change its day, `coursekit progress undo {lesson_id}` "
            f"and mark it done again with --on",
            "LESSON",
        )
    logged = progress.logged_minutes.get(lesson_id, 0)
    if minutes is not None and minutes < logged:
        raise CourseError(
            f"{format_minutes(minutes)} is less than the {format_minutes(logged)} of study "
            f"sessions already logged on '{lesson_id}'; --time is the lesson's whole time, "
            f"sessions included: give {format_minutes(logged)} or more (nothing was recorded)",
            "--time",
        )
    if done_on is None:
        check_after_start(progress, at, dated=dated)
    data: dict[str, Any] = {"lesson": lesson_id}
    if minutes is not None:
        data["minutes"] = minutes
    kind = "lesson_time" if done_on is not None else "lesson_completed"
    learner.append(learner.event(kind, at, **data))
    # Counted as the dashboard counts: the lessons a learner can study now.
    available = {x.id for x in learner.course.lessons() if x.available}
    done = len((set(progress.completed) | {lesson_id}) & available)
    return Completed(lesson, minutes, done, progress.enrollment is not None, done_on)


def log_session(
    learner: Learner, lesson_id: str, minutes: int, at: datetime, dated: bool = True
) -> Lesson:
    """Record ``minutes`` of study on ``lesson_id`` (not completing it). The day's
    sessions, this one included, may not add up to more than 24 h. ``dated``: the
    learner gave the day (``--on``)."""
    lesson = studied_lesson(learner.course, lesson_id)
    if not 1 <= minutes <= MAX_SESSION_MINUTES:
        raise CourseError(f"{minutes} min is not a study session's time", "TIME")
    progress = derive(learner.course, learner.name, learner.events())
    check_after_start(progress, at, dated=dated)
    check_day_total(progress, local_day(at), minutes)
    learner.append(learner.event("study_session", at, lesson=lesson_id, minutes=minutes))
    return lesson


# --------------------------------------------------------------------------- undo and reset


def undo_last(learner: Learner, at: datetime) -> Event:
    """Reverse the learner's last progress event still in force; returns it."""
    return learner.undo_last(PROGRESS_TYPES, at)


def undo_lesson(learner: Learner, lesson_id: str, at: datetime) -> date:
    """Reverse ``lesson_id``'s completion: an ``undo`` of each of its completions in force,
    and of the corrections of its time (they belong to that completion). Returns the
    day it had been done."""
    from coursekit.events.replay import effective_events

    lesson_of(learner.course, lesson_id)
    events = learner.events()
    progress = derive(learner.course, learner.name, events)
    if lesson_id not in progress.completed:
        raise CourseError(
            f"'{lesson_id}' is not done, so there is no completion to undo; nothing was "
            "recorded (`coursekit progress history` lists what you recorded)",
            "LESSON",
        )
    targets = [
        e
        for e in effective_events(events)
        if e.type in ("lesson_completed", "lesson_time") and e.data.get("lesson") == lesson_id
    ]
    learner.append(*(learner.event("undo", at, event=t.uid) for t in targets))
    return progress.completed[lesson_id]


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
    #: the learner's stored events whose uid the file uses for different content (the
    #: stored one is kept; counted apart from ``already_present``)
    differs: list[Event] = field(default_factory=list)


def import_document(learner: Learner, data: Any, source: str, now: datetime) -> Imported:
    """Validate an exchange document completely, then append its new events at once."""
    from coursekit.events.exchange import parse_document

    course = learner.course
    parsed = parse_document(data, source, course.id, learner.name, set(course.lesson_index), now)
    mine = (course.id, learner.name)
    with learner.open() as store:
        owners = store.uid_owners([e.uid for e in parsed.events])
        ours = {u for u, owner in owners.items() if owner == mine}
        stored = {e.uid: e for e in store.events(*mine)} if ours else {}
        added = store.append(parsed.events)
    # One uid never names two different events: a file that disagrees with the store
    # (a hand edit) is said so; the store is never rewritten by an import.
    differs = [stored[e.uid] for e in parsed.events if e.uid in stored and stored[e.uid] != e]
    return Imported(
        added=added,
        already_present=len(parsed.events) - added - len(differs),
        learner_in_file=parsed.learner_in_file,
        not_in_course=dict(sorted(parsed.not_in_course.items())),
        stored_for_others=sorted({o for o in owners.values() if o != mine}),
        differs=differs,
    )


def export_text(learner: Learner, anonymous: bool = False) -> tuple[str, int]:
    """The learner's exchange file, as text, and how many events it holds.

    ``anonymous`` replaces the name with a stable pseudonym and drops anything
    free-form (see :func:`coursekit.events.exchange.anonymous_document`).
    """
    from coursekit.events.exchange import anonymous_document, dumps, export_document

    events = learner.events()
    document = export_document(learner.course.id, learner.name, events)
    if anonymous:
        document = anonymous_document(document, list(learner.course.paces))
    return dumps(document), len(events)
