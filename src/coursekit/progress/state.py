"""A learner's state, derived from their events: nothing here is stored.

Replay rules (the same for the CLI, the dashboard and the forecast):

- ``undo`` (``data.event`` = a uid) cancels that event; an undone ``undo`` cancels
  nothing, so undoing twice in a row walks further back, never in circles.
- ``reset`` cancels every event recorded before it (recording order, so a lesson
  marked done after a reset with ``--on`` a date before it still counts).
- Everything else is replayed in time order. The calendar day of an event is its
  time in the machine's local time zone (``--on DATE`` records local noon).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from operator import attrgetter
from typing import Any

from coursekit.model import Course
from coursekit.progress.store import Event

#: Event types shown and undone by ``coursekit progress`` (reviews belong to ``review``).
PROGRESS_TYPES = ("enrolled", "lesson_completed", "study_session", "reset")


def effective_events(events: Iterable[Event]) -> list[Event]:
    """The events still in force (undo and reset applied), in time order.

    ``undo`` and ``reset`` events themselves are not returned.
    """
    events = list(events)
    if not any(e.type == "undo" or e.type == "reset" for e in events):
        return sorted(events, key=_time_order)  # nothing cancelled (the common case)
    recorded = sorted(enumerate(events), key=lambda pair: (pair[1].seq, pair[0]))
    undone: set[str] = set()
    kept: list[Event] = []
    for _, event in reversed(recorded):
        if event.uid in undone:
            continue
        if event.type == "undo":
            target = event.data.get("event")
            if isinstance(target, str):
                undone.add(target)
            continue
        if event.type == "reset":
            break
        kept.append(event)
    kept.sort(key=_time_order)
    return kept


_time_order = attrgetter("at", "seq")


def last_undoable(events: Sequence[Event], types: Sequence[str] = PROGRESS_TYPES) -> Event | None:
    """The most recently recorded event of ``types`` still in force (``undo``'s target).

    A reset that is still in force can itself be undone, bringing back what it hid.
    """
    recorded = sorted(enumerate(events), key=lambda pair: (pair[1].seq, pair[0]))
    undone: set[str] = set()
    for _, event in reversed(recorded):
        if event.uid in undone:
            continue
        if event.type == "undo":
            target = event.data.get("event")
            if isinstance(target, str):
                undone.add(target)
            continue
        if event.type in types:
            return event
    return None


def local_day(at: datetime) -> date:
    """The learner's calendar day of an event (local time zone)."""
    return at.astimezone().date()


class _LocalDays:
    """:func:`local_day` for many events, with one time-zone lookup per UTC day.

    When the local offset is the same at the start and the end of a UTC day (no
    clock change that day), every time in it maps through that one offset.
    """

    def __init__(self) -> None:
        self.offsets: dict[date, timedelta | None] = {}

    def __call__(self, at: datetime) -> date:
        utc_day = at.date()
        offset = self.offsets.get(utc_day, _UNSET)
        if offset is _UNSET:
            first = datetime(utc_day.year, utc_day.month, utc_day.day, tzinfo=UTC)
            before = first.astimezone().utcoffset()
            after = (first + timedelta(hours=23, minutes=59)).astimezone().utcoffset()
            offset = self.offsets[utc_day] = before if before == after else None
        if offset is None:
            return at.astimezone().date()
        return (at + offset).date()  # type: ignore[operator]


_UNSET: Any = object()


@dataclass(frozen=True)
class Enrollment:
    pace: str
    start: date
    target: date | None
    at: datetime


@dataclass
class Progress:
    """What a learner has done in one course, derived by :func:`derive`."""

    course: str
    learner: str
    enrollment: Enrollment | None = None
    #: lesson id -> day of (first) completion
    completed: dict[str, date] = field(default_factory=dict)
    #: lesson id -> total time the learner reported when completing it (``--time``)
    reported_minutes: dict[str, int] = field(default_factory=dict)
    #: lesson id -> minutes of study sessions logged for it
    logged_minutes: dict[str, int] = field(default_factory=dict)
    #: day -> minutes studied that day (sessions, plus reported time not already logged)
    minutes_by_day: dict[date, int] = field(default_factory=dict)
    #: lesson ids the course does not have -> how many events mention them
    not_in_course: dict[str, int] = field(default_factory=dict)
    events: int = 0
    first_activity: date | None = None
    last_activity: date | None = None

    @property
    def studied_minutes(self) -> int:
        return sum(self.minutes_by_day.values())

    def spent_on(self, lesson_id: str) -> int | None:
        """Time the lesson took: the reported total, else the sessions logged, else ``None``."""
        if lesson_id in self.reported_minutes:
            return self.reported_minutes[lesson_id]
        return self.logged_minutes.get(lesson_id) or None

    @property
    def study_days(self) -> int:
        return sum(1 for minutes in self.minutes_by_day.values() if minutes > 0)


def derive(course: Course, learner: str, events: Iterable[Event]) -> Progress:
    """Replay a learner's events (any order; see the module docstring) into :class:`Progress`."""
    known = course.lesson_index
    progress = Progress(course=course.id, learner=learner)
    # Logged minutes per lesson before each completion, to count reported time once.
    logged_so_far: dict[str, int] = {}
    reported_on: dict[str, tuple[date, int]] = {}  # lesson -> (day, extra minutes)
    days = progress.minutes_by_day
    day_of = _LocalDays()
    for event in effective_events(events):
        if event.course != course.id or event.learner != learner:
            continue
        progress.events += 1
        data = event.data
        day = day_of(event.at)
        if event.type == "enrolled":
            progress.enrollment = _enrollment(event, day)
            continue
        lesson = data.get("lesson")
        if event.type not in ("lesson_completed", "study_session") or not isinstance(lesson, str):
            continue
        if lesson not in known:
            progress.not_in_course[lesson] = progress.not_in_course.get(lesson, 0) + 1
            continue
        minutes = data.get("minutes")
        minutes = minutes if type(minutes) is int and minutes > 0 else None
        if event.type == "study_session":
            if minutes is None:
                continue
            logged_so_far[lesson] = logged_so_far.get(lesson, 0) + minutes
            progress.logged_minutes[lesson] = logged_so_far[lesson]
            days[day] = days.get(day, 0) + minutes
        else:
            progress.completed.setdefault(lesson, day)
            if minutes is not None:
                # --time is the lesson's total: only what was not logged yet is new study.
                progress.reported_minutes[lesson] = minutes
                reported_on[lesson] = (day, max(0, minutes - logged_so_far.get(lesson, 0)))
        _seen(progress, day)
    for day, extra in reported_on.values():
        if extra:
            days[day] = days.get(day, 0) + extra
            _seen(progress, day)
    return progress


def _seen(progress: Progress, day: date) -> None:
    if progress.first_activity is None or day < progress.first_activity:
        progress.first_activity = day
    if progress.last_activity is None or day > progress.last_activity:
        progress.last_activity = day


def _enrollment(event: Event, day: date) -> Enrollment:
    data = event.data
    start = _date(data.get("start")) or day
    return Enrollment(
        pace=str(data.get("pace") or "moderate"),
        start=start,
        target=_date(data.get("target")),
        at=event.at,
    )


def _date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
