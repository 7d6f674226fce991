"""`coursekit progress`: record lessons and study time, and see when you will finish.

Every command takes ``--course`` (folder, course.json or site URL), ``--db`` and
``--learner``. The clock can be fixed for scripts and tests with the environment
variable ``COURSEKIT_TODAY=YYYY-MM-DD`` (or the hidden ``--today`` option): "today"
is then that date and new events are recorded at local noon of it.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand, TyperGroup

from coursekit.cli.common import JsonOpt, console, print_json, print_problems
from coursekit.cli.fastparams import plain_values

if TYPE_CHECKING:
    from coursekit.model import Course, Pace
    from coursekit.progress.store import Event, Store

REF_HELP = (
    "The course: its folder, a saved course.json, or its published site's URL "
    "(default: the course folder here or above, or $COURSEKIT_COURSE)."
)
CourseOpt = typer.Option(None, "--course", "-c", help=REF_HELP, show_default=False)
DbOpt = typer.Option(
    None,
    "--db",
    help="The progress database (default: $COURSEKIT_DB, else progress.db in your data folder).",
    show_default=False,
)
LearnerOpt = typer.Option(
    None,
    "--learner",
    "-l",
    help="Whose progress (default: $COURSEKIT_LEARNER, else your user name).",
    show_default=False,
)
TodayOpt = typer.Option(None, "--today", hidden=True, help="Pretend today is this date.")
OnOpt = typer.Option(
    None,
    "--on",
    help="The day it happened: YYYY-MM-DD, 'today' or 'yesterday'.",
    show_default=False,
)


def _complete_lesson(ctx: typer.Context, incomplete: str) -> list[str]:
    from coursekit.courseref import lesson_ids_for_completion

    ids = lesson_ids_for_completion(ctx.params.get("course"))
    return [i for i in ids if i.startswith(incomplete)]


LessonArg = typer.Argument(
    ...,
    help="The lesson's id (press Tab to complete).",
    autocompletion=_complete_lesson,
    show_default=False,
)


class _FastGroup(TyperGroup):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        plain_values(self, ctx)  # text and flags only: no pydantic import on the fast path
        return super().parse_args(ctx, args)


class _FastCommand(TyperCommand):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        plain_values(self, ctx)
        return super().parse_args(ctx, args)


progress_app = typer.Typer(
    cls=_FastGroup,
    name="progress",
    help="Track the lessons you finish and the time you study; see when you will finish.\n\n"
    "Without a command, shows your dashboard.\n\n"
    "Examples:\n\n"
    "  coursekit progress start --pace relaxed --target 2025-06-30\n\n"
    "  coursekit progress done intro-to-mlops --time 1h20m\n\n"
    "  coursekit progress log mlops-vs-devops 45m --on yesterday\n\n"
    "  coursekit progress                      # the dashboard\n\n"
    "  coursekit progress --json | jq .forecast\n\n"
    "Set COURSEKIT_TODAY=YYYY-MM-DD to fix the clock (scripts, tests).",
    invoke_without_command=True,
    no_args_is_help=False,
    rich_markup_mode="rich",
)


# --------------------------------------------------------------------------- helpers


class Context:
    """What every progress command resolves first: the clock, the course, the learner."""

    def __init__(
        self, course: str | None, db: str | None, learner: str | None, today: str | None
    ) -> None:
        from coursekit.progress.store import default_db_path, default_learner

        self.today = _today(today)
        self.fixed_clock = bool(today or os.environ.get("COURSEKIT_TODAY"))
        self.db_path = default_db_path(Path(db) if db else None)
        self.learner = default_learner(learner)
        self._course_ref = course
        self._course: Course | None = None

    @property
    def course(self) -> Course:
        if self._course is None:
            from coursekit.courseref import load_course_for_learner

            self._course = load_course_for_learner(self._course_ref)
        return self._course

    def now(self) -> datetime:
        """Now, or local noon of the fixed day when the clock is fixed."""
        from datetime import UTC

        if self.fixed_clock:
            return _noon(self.today)
        return datetime.now(UTC)

    def open(self, create: bool = True) -> Store:
        from coursekit.progress.store import Store

        return Store.open(self.db_path, create=create)

    def events(self, store: Store) -> list[Event]:
        return store.events(self.course.id, self.learner)

    def event(self, kind: str, at: datetime, **data: Any) -> Event:
        import uuid

        from coursekit.progress.store import Event

        return Event(uuid.uuid4().hex, kind, at, self.course.id, self.learner, data)


def _context(course: str | None, db: str | None, learner: str | None, today: str | None) -> Context:
    return Context(course, db, learner, today)


def _parse_day(text: str, option: str) -> date:
    from coursekit.errors import CourseError

    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise CourseError(f"'{text}' is not a date; write it like 2025-01-31", option) from None
    if not 2000 <= day.year <= 2200:
        raise CourseError(f"{day.isoformat()} is out of range (years 2000 to 2200)", option)
    return day


def _today(option: str | None) -> date:
    text = option or os.environ.get("COURSEKIT_TODAY")
    if not text:
        return date.today()
    return _parse_day(text, "--today" if option else "COURSEKIT_TODAY")


def _noon(day: date) -> datetime:
    from datetime import UTC

    return datetime(day.year, day.month, day.day, 12).astimezone().astimezone(UTC)


def _on(ctx: Context, on: str | None) -> datetime:
    """The time to record: now, or local noon of ``--on`` (never in the future)."""
    from datetime import timedelta

    from coursekit.errors import CourseError

    if on is None:
        return ctx.now()
    words = {"today": ctx.today, "yesterday": ctx.today - timedelta(days=1)}
    day = words.get(on.strip().lower()) or _parse_day(on, "--on")
    if day > ctx.today:
        raise CourseError(
            f"{day.isoformat()} is in the future (today is {ctx.today.isoformat()}); "
            "record what you have done",
            "--on",
        )
    return ctx.now() if day == ctx.today else _noon(day)


def _lesson(course: Course, lesson_id: str) -> Any:
    from coursekit.errors import CourseError, did_you_mean

    index = course.lesson_index
    if lesson_id not in index:
        raise CourseError(
            f"no lesson '{lesson_id}' in {course.title}"
            + did_you_mean(lesson_id, index)
            + "; nothing was recorded (list the ids with `coursekit info` or press Tab)",
            "LESSON",
        )
    return index[lesson_id]


def _minutes(text: str, option: str, limit: int) -> int:
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


def _pace(course: Course, name: str) -> Pace:
    from coursekit.errors import CourseError, did_you_mean

    if name not in course.paces:
        raise CourseError(
            f"no pace '{name}' in this course; choose {', '.join(course.paces)}"
            + did_you_mean(name, course.paces),
            "--pace",
        )
    return course.paces[name]


def _say(message: str) -> None:
    console().print(message)


# --------------------------------------------------------------------------- dashboard


@progress_app.callback()
def dashboard(
    ctx: typer.Context,
    course: str | None = CourseOpt,
    db: str | None = DbOpt,
    learner: str | None = LearnerOpt,
    json: bool = JsonOpt,
    today: str | None = TodayOpt,
) -> None:
    """Without a command: your dashboard (progress, pace, projected finish)."""
    if ctx.invoked_subcommand is not None:
        return
    c = _context(course, db, learner, today)
    data = _dashboard_facts(c)
    if json:
        print_json(data)
        return
    from coursekit.cli.progress_view import render_dashboard

    render_dashboard(console(), data)


def _dashboard_facts(c: Context) -> dict[str, Any]:
    from coursekit.progress.forecast import forecast
    from coursekit.progress.report import facts
    from coursekit.progress.state import derive

    course = c.course
    if c.db_path.exists():
        with c.open(create=False) as store:
            events = c.events(store)
    else:
        events = []
    progress = derive(course, c.learner, events)
    pace = None
    if progress.enrollment is not None:
        pace = course.paces.get(progress.enrollment.pace)
    result = forecast(course, progress, c.today, pace)
    data = facts(course, progress, result, pace)
    if progress.enrollment is not None and pace is None:
        data["warning"] = (
            f"the course has no pace '{progress.enrollment.pace}' any more; "
            "run `coursekit progress start --pace NAME`"
        )
    return data


# --------------------------------------------------------------------------- commands


@progress_app.command(cls=_FastCommand)
def start(
    pace: str | None = typer.Option(
        None, "--pace", "-p", help="The course pace to follow (default: moderate, or as before)."
    ),
    start_on: str | None = typer.Option(
        None, "--start", help="The day you start: YYYY-MM-DD (default: today, or as before)."
    ),
    target: str | None = typer.Option(
        None, "--target", help="The day you want to finish, YYYY-MM-DD ('none' clears it)."
    ),
    course: str | None = CourseOpt,
    db: str | None = DbOpt,
    learner: str | None = LearnerOpt,
    today: str | None = TodayOpt,
) -> None:
    """Enroll in the course, or change your pace or dates (kept as a new event).

    Examples:

      coursekit progress start                         # moderate pace from today

      coursekit progress start --pace intensive --start 2025-02-03 --target 2025-03-28

      coursekit progress start --target none           # drop the target date
    """
    from coursekit import schedule
    from coursekit.errors import CourseError
    from coursekit.progress.state import derive

    c = _context(course, db, learner, today)
    crs = c.course
    with c.open() as store:
        previous = derive(crs, c.learner, c.events(store)).enrollment
        default_pace = "moderate" if "moderate" in crs.paces else next(iter(crs.paces))
        name = pace or (previous.pace if previous else default_pace)
        chosen = _pace(crs, name)
        first = _parse_day(start_on, "--start") if start_on else None
        first = first or (previous.start if previous else c.today)
        goal = previous.target if previous else None
        if target is not None:
            goal = None if target.strip().lower() == "none" else _parse_day(target, "--target")
        if goal is not None and goal <= first:
            raise CourseError(
                f"the target {goal.isoformat()} is not after the start {first.isoformat()}",
                "--target",
            )
        data: dict[str, Any] = {"pace": name, "start": first.isoformat()}
        if goal is not None:
            data["target"] = goal.isoformat()
        store.append([c.event("enrolled", c.now(), **data)])
    earliest, latest = schedule.window(crs, chosen, first)
    verb = "Changed your plan for" if previous else "Enrolled in"
    from coursekit.progress.report import pace_text

    _say(
        f"[green]✓[/green] {verb} {crs.title} as [bold]{c.learner}[/bold]: {name} pace "
        f"({pace_text(chosen)}) from {first.isoformat()}."
    )
    _say(f"  At this pace you finish between {earliest.isoformat()} and {latest.isoformat()}.")
    if goal is not None:
        _say(f"  Target: {goal.isoformat()}. See where you stand with `coursekit progress`.")


@progress_app.command(cls=_FastCommand)
def done(
    lesson: str = LessonArg,
    time: str | None = typer.Option(
        None, "--time", "-t", help="How long the lesson took in total, e.g. 1h20m or 45m."
    ),
    on: str | None = OnOpt,
    course: str | None = CourseOpt,
    db: str | None = DbOpt,
    learner: str | None = LearnerOpt,
    today: str | None = TodayOpt,
) -> None:
    """Mark a lesson complete, with the total time it took when you give it.

    The time feeds your calibration (how your times compare with the estimates).

    Examples:

      coursekit progress done intro-to-mlops

      coursekit progress done intro-to-mlops --time 1h20m --on 2025-02-03
    """
    from coursekit.errors import CourseError
    from coursekit.progress.state import derive

    c = _context(course, db, learner, today)
    item = _lesson(c.course, lesson)
    minutes = _minutes(time, "--time", 14_400) if time is not None else None
    at = _on(c, on)
    with c.open() as store:
        progress = derive(c.course, c.learner, c.events(store))
        if lesson in progress.completed and minutes is None:
            raise CourseError(
                f"'{lesson}' is already done (on {progress.completed[lesson].isoformat()}); "
                "nothing was recorded. Add --time to record how long it took",
                "LESSON",
            )
        data: dict[str, Any] = {"lesson": lesson}
        if minutes is not None:
            data["minutes"] = minutes
        store.append([c.event("lesson_completed", at, **data)])
        enrolled = progress.enrollment is not None
    from coursekit.model import format_minutes

    took = f" in {format_minutes(minutes)}" if minutes is not None else ""
    count = len(progress.completed | {lesson: at.date()})
    total = sum(1 for _ in c.course.lessons())
    _say(
        f"[green]✓[/green] Done: {item.title}{took} ({count} of {total} lessons). "
        "Run `coursekit progress` for your dashboard."
    )
    if not enrolled:
        _say("  Tip: `coursekit progress start` sets your pace, for a finish date.")


@progress_app.command(cls=_FastCommand)
def log(
    lesson: str = LessonArg,
    time: str = typer.Argument(..., help="How long you studied, e.g. 45m or 1h30m."),
    on: str | None = OnOpt,
    course: str | None = CourseOpt,
    db: str | None = DbOpt,
    learner: str | None = LearnerOpt,
    today: str | None = TodayOpt,
) -> None:
    """Record a study session on a lesson without completing it.

    Examples:

      coursekit progress log data-contracts 45m

      coursekit progress log data-contracts 1h30m --on yesterday
    """
    from coursekit.model import format_minutes

    c = _context(course, db, learner, today)
    item = _lesson(c.course, lesson)
    minutes = _minutes(time, "TIME", 1_440)
    at = _on(c, on)
    with c.open() as store:
        store.append([c.event("study_session", at, lesson=lesson, minutes=minutes)])
    _say(f"[green]✓[/green] Logged {format_minutes(minutes)} on {item.title}.")


@progress_app.command(cls=_FastCommand)
def undo(
    course: str | None = CourseOpt,
    db: str | None = DbOpt,
    learner: str | None = LearnerOpt,
    today: str | None = TodayOpt,
) -> None:
    """Reverse your last progress event (a reversal is recorded; nothing is deleted).

    Run it again to go further back. Flashcard reviews are undone by `coursekit review`.

    Example:

      coursekit progress undo
    """
    from coursekit.errors import CourseError
    from coursekit.progress.state import last_undoable

    c = _context(course, db, learner, today)
    with c.open() as store:
        target = last_undoable(c.events(store))
        if target is None:
            raise CourseError(
                f"nothing to undo for {c.learner} in {c.course.title}", str(c.db_path)
            )
        store.append([c.event("undo", c.now(), event=target.uid)])
    _say(f"[green]✓[/green] Undid: {_describe(c.course, target)}.")


def _describe(course: Course, event: Event) -> str:
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


OutOpt = typer.Option(
    None, "--out", "-o", help="Write to this file (default: print it).", show_default=False
)
FileArg = typer.Argument(..., help="An exchange file from `export` or the course site.")


@progress_app.command("export", cls=_FastCommand)
def export_(
    out: str | None = OutOpt,
    course: str | None = CourseOpt,
    db: str | None = DbOpt,
    learner: str | None = LearnerOpt,
) -> None:
    """Write your progress as an exchange file (the format the course site also reads).

    Examples:

      coursekit progress export --out my-progress.json

      coursekit progress export > backup.json
    """
    import sys

    from coursekit.errors import CourseError
    from coursekit.progress.exchange import dumps, export_document

    c = _context(course, db, learner, None)
    if c.db_path.exists():
        with c.open(create=False) as store:
            events = c.events(store)
    else:
        events = []
    text = dumps(export_document(c.course.id, c.learner, events))
    if out is None:
        sys.stdout.write(text)
        return
    target = Path(out)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise CourseError(f"cannot write the file: {exc.strerror or exc}", str(out)) from None
    _say(f"[green]✓[/green] Exported {len(events)} events for {c.learner} to {out}.")


@progress_app.command("import", cls=_FastCommand)
def import_(
    file: str = FileArg,
    course: str | None = CourseOpt,
    db: str | None = DbOpt,
    learner: str | None = LearnerOpt,
    json: bool = JsonOpt,
    today: str | None = TodayOpt,
) -> None:
    """Add the events of an exchange file to your progress (checked first; twice adds nothing).

    The whole file is checked before anything is written; a file with any problem
    is refused with one line per problem. Lessons the course no longer has are kept
    and listed as not in this course.

    Examples:

      coursekit progress import my-progress.json

      coursekit progress import coursekit-progress-mlops-2025-02-03.json --learner ana
    """
    from coursekit.errors import Problem
    from coursekit.progress.exchange import parse_document, read_file

    c = _context(course, db, learner, today)
    data = read_file(Path(file))
    crs = c.course
    from datetime import UTC

    now = max(datetime.now(UTC), c.now())
    parsed = parse_document(data, str(file), crs.id, c.learner, set(crs.lesson_index), now)
    with c.open() as store:
        added = store.append(parsed.events)
    skipped = len(parsed.events) - added
    if json:
        print_json(
            {
                "added": added,
                "already_present": skipped,
                "learner": c.learner,
                "learner_in_file": parsed.learner_in_file,
                "not_in_course": [
                    {"lesson": k, "events": v} for k, v in sorted(parsed.not_in_course.items())
                ],
            }
        )
        return
    if parsed.not_in_course:
        listed = ", ".join(f"{k} ({v})" for k, v in sorted(parsed.not_in_course.items()))
        print_problems(
            [Problem(str(file), f"kept, but not in this course: {listed}", severity="warning")]
        )
    _say(
        f"[green]✓[/green] Imported {added} new event{'s' if added != 1 else ''} for "
        f"{c.learner} ({skipped} already present)."
    )


@progress_app.command(cls=_FastCommand)
def reset(
    yes: bool = typer.Option(False, "--yes", help="Confirm: start this course over."),
    course: str | None = CourseOpt,
    db: str | None = DbOpt,
    learner: str | None = LearnerOpt,
    today: str | None = TodayOpt,
) -> None:
    """Start the course over: your earlier progress stops counting.

    Nothing is deleted: the reset is an event, `coursekit progress undo` right after
    brings everything back, and `export` still contains the history.

    Example:

      coursekit progress reset --yes
    """
    from coursekit.errors import CourseError

    c = _context(course, db, learner, today)
    if not yes:
        raise CourseError(
            f"this starts {c.course.title} over for {c.learner}; run again with --yes to confirm",
            "reset",
        )
    with c.open() as store:
        store.append([c.event("reset", c.now())])
    _say(f"[green]✓[/green] Reset {c.course.title} for {c.learner}. `progress undo` reverses it.")


def register(app: typer.Typer) -> None:
    app.add_typer(progress_app, cls=_FastGroup)
