"""A learner's progress, derived from their events: nothing here is stored.

The events in force come from the log's replay rules (:mod:`coursekit.events.replay`:
undo and reset), replayed in time order. The calendar day of an event is its time
in the machine's local time zone (``--on DATE`` records local noon).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from coursekit.events.event import Event
from coursekit.events.replay import effective_events
from coursekit.model import Course

#: Event types shown and undone by ``coursekit progress`` (reviews belong to ``review``).
PROGRESS_TYPES = (
    "enrolled",
    "lesson_completed",
    "lesson_time",
    "study_session",
    "reset",
    "exercises_completed",
)


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
    #: lesson id -> total time the learner reported for it (``--time``, the latest given),
    #: for lessons done
    reported_minutes: dict[str, int] = field(default_factory=dict)
    #: lesson id -> minutes of study sessions logged for it
    logged_minutes: dict[str, int] = field(default_factory=dict)
    #: day -> minutes studied that day: sessions on their days, plus the part of a done
    #: lesson's reported total that its sessions do not cover, on the day it was done
    minutes_by_day: dict[date, int] = field(default_factory=dict)
    #: day -> minutes of study sessions logged that day (``minutes_by_day`` without the
    #: reported totals)
    session_minutes_by_day: dict[date, int] = field(default_factory=dict)
    #: lesson ids the course does not have -> how many events mention them
    not_in_course: dict[str, int] = field(default_factory=dict)
    #: module id -> day its exercises were (first) marked done (on the site)
    exercises_done: dict[str, date] = field(default_factory=dict)
    events: int = 0
    first_activity: date | None = None
    last_activity: date | None = None

    @property
    def studied_minutes(self) -> int:
        return sum(self.minutes_by_day.values())

    def spent_on(self, lesson_id: str) -> int | None:
        """Time the lesson took: the reported total, or the sessions logged when they add up
        to more; ``None`` when nothing was recorded."""
        spent = max(self.reported_minutes.get(lesson_id, 0), self.logged_minutes.get(lesson_id, 0))
        return spent or None

    @property
    def study_days(self) -> int:
        return sum(1 for minutes in self.minutes_by_day.values() if minutes > 0)

    @property
    def session_minutes(self) -> int:
        return sum(self.session_minutes_by_day.values())

    @property
    def session_days(self) -> int:
        """Days with a study session logged: the days "Studied" says the time was spent
        on (a lesson's reported total may span many days)."""
        return sum(1 for minutes in self.session_minutes_by_day.values() if minutes > 0)


def derive(course: Course, learner: str, events: Iterable[Event]) -> Progress:
    """Replay a learner's events (any order; see the module docstring) into :class:`Progress`."""
    replay = Replay(course, learner)
    for event in effective_events(events):
        replay.apply(event)
    return replay.progress()


class Replay:
    """The state of a replay, one event at a time (in time order, undo and reset applied).

    Kept between runs by ``dashboard_cache``: events recorded later than everything replayed
    so far (the usual case: "done" now) extend it without replaying the whole log.
    """

    def __init__(self, course: Course, learner: str) -> None:
        self.course = course.id
        self.learner = learner
        self.known = {lesson.id for lesson in course.lessons()}
        # Planned ("coming soon") lessons cannot be studied: events about them count for
        # nothing (the CLI refuses them; an imported file may still carry some).
        self.planned = {lesson.id for lesson in course.lessons() if not lesson.available}
        self.modules = {module.id for module in course.modules}
        self.enrollment: Enrollment | None = None
        self.completed: dict[str, date] = {}
        self.reported: dict[str, int] = {}
        #: lesson id -> day -> minutes of study sessions
        self.sessions: dict[str, dict[date, int]] = {}
        self.not_in_course: dict[str, int] = {}
        self.exercises_done: dict[str, date] = {}
        self.events = 0
        self.last_at: datetime | None = None
        self._day_of = _LocalDays()

    def apply(self, event: Event) -> None:
        """Replay one event still in force (see :func:`effective_events`)."""
        if event.course != self.course or event.learner != self.learner:
            return
        if event.type not in PROGRESS_TYPES:
            return
        if self.last_at is None or event.at > self.last_at:
            self.last_at = event.at
        self.events += 1
        data = event.data
        day = self._day_of(event.at)
        if event.type == "enrolled":
            self.enrollment = _enrollment(event, day)
            return
        if event.type == "exercises_completed":
            module = data.get("module")
            if isinstance(module, str) and module in self.modules:
                self.exercises_done.setdefault(module, day)
            return
        lesson = data.get("lesson")
        if not isinstance(lesson, str):
            return
        if lesson not in self.known:
            self.not_in_course[lesson] = self.not_in_course.get(lesson, 0) + 1
            return
        if lesson in self.planned:
            return
        minutes = data.get("minutes")
        minutes = minutes if type(minutes) is int and minutes > 0 else None
        if event.type == "study_session":
            if minutes is not None:
                days = self.sessions.setdefault(lesson, {})
                days[day] = days.get(day, 0) + minutes
        elif event.type == "lesson_completed":
            # The first completion in force dates the lesson; a later one with a time
            # (as older versions recorded corrections) only gives its time.
            self.completed.setdefault(lesson, day)
            if minutes is not None:
                self.reported[lesson] = minutes
        elif event.type == "lesson_time" and minutes is not None and lesson in self.completed:
            # A correction of a lesson done: its time, never a new date. One for a
            # lesson not done at that moment (its completion undone) counts for nothing.
            self.reported[lesson] = minutes

    def progress(self) -> Progress:
        """The state so far, as a fresh :class:`Progress`.

        Nothing dated before the enrollment's start counts (see :func:`counts_on`): the
        pace counts from the start, so "Studied" and the history leave it out too.
        """
        start = self.enrollment.start if self.enrollment is not None else None
        completed = {k: d for k, d in self.completed.items() if counts_on(d, start)}
        logged: dict[str, int] = {}
        days: dict[date, int] = {}
        for lesson, by_day in self.sessions.items():
            for day, minutes in by_day.items():
                if counts_on(day, start):
                    logged[lesson] = logged.get(lesson, 0) + minutes
                    days[day] = days.get(day, 0) + minutes
        sessions = dict(days)
        reported = {k: v for k, v in self.reported.items() if k in completed}
        for lesson, minutes in reported.items():
            # --time is the lesson's total: what its sessions do not cover is study on
            # the day the lesson was done.
            extra = minutes - logged.get(lesson, 0)
            if extra > 0:
                day = completed[lesson]
                days[day] = days.get(day, 0) + extra
        exercises = {k: d for k, d in self.exercises_done.items() if counts_on(d, start)}
        active = [d for d, m in days.items() if m > 0] + list(completed.values())
        active += exercises.values()
        return Progress(
            course=self.course,
            learner=self.learner,
            enrollment=self.enrollment,
            completed=completed,
            reported_minutes=reported,
            logged_minutes=logged,
            minutes_by_day=days,
            session_minutes_by_day=sessions,
            not_in_course=dict(self.not_in_course),
            exercises_done=exercises,
            events=self.events,
            first_activity=min(active, default=None),
            last_activity=max(active, default=None),
        )


def counts_on(day: date, start: date | None) -> bool:
    """Whether progress dated ``day`` counts: nothing before the enrollment's ``start``
    does (no enrollment: everything counts)."""
    return start is None or day >= start


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
