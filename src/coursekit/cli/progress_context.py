"""What the `coursekit progress` commands share: options, the clock, the course, checks.

The clock can be fixed with ``COURSEKIT_TODAY=YYYY-MM-DD`` (or the hidden ``--today``
option): "today" is then that date, and new events are recorded at local noon of it.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand, TyperGroup

from coursekit.cli.fastparams import plain_values

if TYPE_CHECKING:
    from coursekit.model import Course, Lesson, Pace
    from coursekit.events.store import Event, Store

REF_HELP = (
    "The course: its folder, a saved course.json, or its published site's URL "
    "(default: the course folder here or above, or $COURSEKIT_COURSE)."
)
CourseOpt = typer.Option(
    None, "--course", "-c", help=REF_HELP, show_default=False, metavar="PATH|FILE|URL"
)
DbOpt = typer.Option(
    None,
    "--db",
    metavar="FILE",
    help="The progress database (default: $COURSEKIT_DB, else progress.db in your data folder).",
    show_default=False,
)
LearnerOpt = typer.Option(
    None,
    "--learner",
    "-l",
    metavar="NAME",
    help="Whose progress (default: $COURSEKIT_LEARNER, else your user name).",
    show_default=False,
)
TodayOpt = typer.Option(None, "--today", hidden=True, help="Pretend today is this date.")
OnOpt = typer.Option(
    None,
    "--on",
    metavar="DATE",
    help="The day it happened: YYYY-MM-DD, 'today' or 'yesterday'.",
    show_default=False,
)


def _complete_lesson(ctx: typer.Context, incomplete: str) -> list[str]:
    from coursekit.course.locate import lesson_ids_for_completion

    ids = lesson_ids_for_completion(ctx.params.get("course"))
    return [i for i in ids if i.startswith(incomplete)]


LessonArg = typer.Argument(
    ...,
    help="The lesson's id (press Tab to complete).",
    autocompletion=_complete_lesson,
    show_default=False,
)


OutOpt = typer.Option(
    None,
    "--out",
    "-o",
    metavar="FILE",
    help="Write to this file (default: print it).",
    show_default=False,
)
FileArg = typer.Argument(..., help="An exchange file from `export` or the course site.")


class FastGroup(TyperGroup):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        plain_values(self, ctx)  # text and flags only: no pydantic import on the fast path
        return super().parse_args(ctx, args)


SHARED = ("course", "db", "learner", "today")
"""Options of the group (for the dashboard) that its commands take too."""


class FastCommand(TyperCommand):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        plain_values(self, ctx)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        # `coursekit progress --db other.db import FILE` must use other.db: options
        # given before the command count, and the command's own value wins.
        group = ctx.parent
        if group is not None and isinstance(group.command, FastGroup):
            for name in SHARED:
                if name in ctx.params and ctx.params[name] is None:
                    ctx.params[name] = group.params.get(name)
        return super().invoke(ctx)


class Context:
    """What every progress command resolves first: the clock, the course, the learner."""

    def __init__(
        self, course: str | None, db: str | None, learner: str | None, today: str | None
    ) -> None:
        from coursekit.events.store import default_db_path, default_learner

        self.today = today_from(today)
        self.fixed_clock = bool(today or os.environ.get("COURSEKIT_TODAY"))
        self.db_path = default_db_path(Path(db) if db else None)
        self.learner = default_learner(learner)
        self._course_ref = course
        self._course: Course | None = None

    @property
    def course(self) -> Course:
        if self._course is None:
            from coursekit.course.locate import load_course_for_learner

            self._course = load_course_for_learner(self._course_ref)
        return self._course

    def now(self) -> datetime:
        """Now, or local noon of the fixed day when the clock is fixed."""
        from datetime import UTC

        if self.fixed_clock:
            return noon(self.today)
        return datetime.now(UTC)

    def open(self, create: bool = True) -> Store:
        from coursekit.events.store import Store

        return Store.open(self.db_path, create=create)

    def events(self, store: Store) -> list[Event]:
        return store.events(self.course.id, self.learner)

    def event(self, kind: str, at: datetime, **data: Any) -> Event:
        import uuid

        from coursekit.events.store import Event

        return Event(uuid.uuid4().hex, kind, at, self.course.id, self.learner, data)


def context(course: str | None, db: str | None, learner: str | None, today: str | None) -> Context:
    return Context(course, db, learner, today)


def parse_day(text: str, option: str) -> date:
    from coursekit.errors import CourseError

    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise CourseError(f"'{text}' is not a date; write it like 2025-01-31", option) from None
    if not 2000 <= day.year <= 2200:
        raise CourseError(f"{day.isoformat()} is out of range (years 2000 to 2200)", option)
    return day


def today_from(option: str | None) -> date:
    text = option or os.environ.get("COURSEKIT_TODAY")
    if not text:
        return date.today()
    return parse_day(text, "--today" if option else "COURSEKIT_TODAY")


def noon(day: date) -> datetime:
    from datetime import UTC

    return datetime(day.year, day.month, day.day, 12).astimezone().astimezone(UTC)


def recorded_at(ctx: Context, on: str | None) -> datetime:
    """The time to record: now, or local noon of ``--on`` (never in the future)."""
    from datetime import timedelta

    from coursekit.errors import CourseError

    if on is None:
        return ctx.now()
    words = {"today": ctx.today, "yesterday": ctx.today - timedelta(days=1)}
    day = words.get(on.strip().lower()) or parse_day(on, "--on")
    if day > ctx.today:
        raise CourseError(
            f"{day.isoformat()} is in the future (today is {ctx.today.isoformat()}); "
            "record what you have done",
            "--on",
        )
    return ctx.now() if day == ctx.today else noon(day)


def lesson_of(course: Course, lesson_id: str) -> Lesson:
    from coursekit.errors import CourseError, did_you_mean

    index = course.lesson_index
    if lesson_id not in index:
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
    return index[lesson_id]


def minutes_of(text: str, option: str, limit: int) -> int:
    from coursekit.errors import CourseError
    from coursekit.model import Duration, format_minutes

    try:
        duration = Duration.parse(text)
    except ValueError as exc:
        raise CourseError(str(exc), option) from None
    if duration.is_range:
        raise CourseError(
            f"'{text}' is a range; record the time it took as one value, like 1h20m", option
        )
    if duration.low > limit:
        raise CourseError(f"'{text}' is more than {format_minutes(limit)}", option)
    return duration.low


def pace_of(course: Course, name: str) -> Pace:
    from coursekit.errors import CourseError, did_you_mean

    if name not in course.paces:
        raise CourseError(
            f"no pace '{name}' in this course; choose {', '.join(course.paces)}"
            + did_you_mean(name, course.paces),
            "--pace",
        )
    return course.paces[name]


def describe(course: Course, event: Event) -> str:
    from coursekit.model import format_minutes
    from coursekit.progress.state import local_day

    day = local_day(event.at).isoformat()
    data = event.data
    lesson = data.get("lesson")
    title = course.lesson_index[lesson].title if lesson in course.lesson_index else lesson
    minutes = data.get("minutes")
    took = f" ({format_minutes(minutes)})" if isinstance(minutes, int) else ""
    if event.type == "lesson_completed":
        return f"'{title}' marked done on {day}{took}"
    if event.type == "study_session":
        return f"study session on '{title}' on {day}{took}"
    if event.type == "enrolled":
        return f"enrollment ({data.get('pace')} pace from {data.get('start')}) of {day}"
    if event.type == "reset":
        return f"the reset of {day} (your earlier progress is back)"
    return f"{event.type} of {day}"
