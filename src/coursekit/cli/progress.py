"""`coursekit progress`: record lessons and study time, and see when you will finish.

Every command takes ``--course`` (folder, course.json or site URL), ``--db`` and
``--learner``; shared options and checks live in ``progress_context``. Each command
parses, calls the core (``coursekit.progress``) and prints.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from coursekit.cli.common import JsonOpt, console, print_json, print_problems
from coursekit.cli.progress_context import (
    CourseOpt,
    DbOpt,
    FastCommand,
    FastGroup,
    FileArg,
    LearnerOpt,
    LessonArg,
    OnOpt,
    OutOpt,
    TodayOpt,
    context,
    describe,
    lesson_of,
    minutes_of,
    pace_of,
    parse_day,
    recorded_at,
)

if TYPE_CHECKING:
    from coursekit.cli.progress_context import Context

progress_app = typer.Typer(
    cls=FastGroup,
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


def _say(message: str) -> None:
    console().print(message)


def _plain(text: object) -> str:
    """Course text and names inside a message: shown as written, never read as markup."""
    from rich.markup import escape

    return escape(str(text))


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
    c = context(course, db, learner, today)
    data = _dashboard_facts(c)
    if json:
        print_json(data)
        return
    from rich.console import Console

    from coursekit.cli.dashboard_view import render_dashboard

    # emoji=False: no :codes: in the dashboard, and the emoji table is not loaded.
    render_dashboard(Console(highlight=False, soft_wrap=True, emoji=False), data)


def _dashboard_facts(c: Context) -> dict[str, Any]:
    from coursekit.course.locate import cache_dir
    from coursekit.progress.dashboard import dashboard
    from coursekit.progress.dashboard_cache import Snapshot, cache_file

    course = c.course
    if not c.db_path.exists():  # nothing recorded yet: show the course, create nothing
        return dashboard(course, c.learner, c.today, None)
    snapshot = Snapshot(cache_file(cache_dir(), c.db_path, course.id, c.learner))
    with c.open(create=False) as store:
        data = dashboard(course, c.learner, c.today, store, snapshot)
    snapshot.save()
    return data


# --------------------------------------------------------------------------- commands


@progress_app.command(cls=FastCommand)
def start(
    pace: str | None = typer.Option(
        None,
        "--pace",
        "-p",
        metavar="PACE",
        help="The course pace to follow (default: moderate, or as before).",
    ),
    start_on: str | None = typer.Option(
        None,
        "--start",
        metavar="DATE",
        help="The day you start: YYYY-MM-DD (default: today, or as before).",
    ),
    target: str | None = typer.Option(
        None,
        "--target",
        metavar="DATE",
        help="The day you want to finish, YYYY-MM-DD ('none' clears it).",
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
    from coursekit.plan import scheduler as schedule
    from coursekit.errors import CourseError
    from coursekit.progress.state import derive

    c = context(course, db, learner, today)
    crs = c.course
    previous = None
    if c.db_path.exists():  # a mistake below must not leave a new, empty database behind
        with c.open(create=False) as store:
            previous = derive(crs, c.learner, c.events(store)).enrollment
    default_pace = "moderate" if "moderate" in crs.paces else next(iter(crs.paces))
    name = pace or (previous.pace if previous else default_pace)
    chosen = pace_of(crs, name)
    first = parse_day(start_on, "--start") if start_on else None
    first = first or (previous.start if previous else c.today)
    goal = previous.target if previous else None
    if target is not None:
        goal = None if target.strip().lower() == "none" else parse_day(target, "--target")
    if goal is not None and goal <= first:
        raise CourseError(
            f"the target {goal.isoformat()} is not after the start {first.isoformat()}",
            "--target",
        )
    data: dict[str, Any] = {"pace": name, "start": first.isoformat()}
    if goal is not None:
        data["target"] = goal.isoformat()
    with c.open() as store:
        store.append([c.event("enrolled", c.now(), **data)])
    earliest, latest = schedule.window(crs, chosen, first)
    verb = "Changed your plan for" if previous else "Enrolled in"
    from coursekit.progress.dashboard import pace_text

    _say(
        f"[green]✓[/green] {verb} {_plain(crs.title)} as [bold]{_plain(c.learner)}[/bold]: "
        f"{_plain(name)} pace "
        f"({pace_text(chosen)}) from {first.isoformat()}."
    )
    _say(f"  At this pace you finish between {earliest.isoformat()} and {latest.isoformat()}.")
    if goal is not None:
        _say(f"  Target: {goal.isoformat()}. See where you stand with `coursekit progress`.")


@progress_app.command(cls=FastCommand)
def done(
    lesson: str = LessonArg,
    time: str | None = typer.Option(
        None,
        "--time",
        "-t",
        metavar="TIME",
        help="How long the lesson took in total, e.g. 1h20m or 45m.",
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

    c = context(course, db, learner, today)
    item = lesson_of(c.course, lesson)
    minutes = minutes_of(time, "--time", 14_400) if time is not None else None
    at = recorded_at(c, on)
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
        f"[green]✓[/green] Done: {_plain(item.title)}{took} ({count} of {total} lessons). "
        "Run `coursekit progress` for your dashboard."
    )
    if not enrolled:
        _say("  Tip: `coursekit progress start` sets your pace, for a finish date.")


@progress_app.command(cls=FastCommand)
def log(
    lesson: str = LessonArg,
    time: str = typer.Argument(
        ..., metavar="TIME", help="How long you studied, e.g. 45m or 1h30m."
    ),
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

    c = context(course, db, learner, today)
    item = lesson_of(c.course, lesson)
    minutes = minutes_of(time, "TIME", 1_440)
    at = recorded_at(c, on)
    with c.open() as store:
        store.append([c.event("study_session", at, lesson=lesson, minutes=minutes)])
    from coursekit.model import format_minutes

    _say(f"[green]✓[/green] Logged {format_minutes(minutes)} on {_plain(item.title)}.")


@progress_app.command(cls=FastCommand)
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

    c = context(course, db, learner, today)
    nothing = CourseError(f"nothing to undo for {c.learner} in {c.course.title}", str(c.db_path))
    if not c.db_path.exists():  # nothing recorded: create no database to say so
        raise nothing
    with c.open() as store:
        target = last_undoable(c.events(store))
        if target is None:
            raise nothing
        store.append([c.event("undo", c.now(), event=target.uid)])
    _say(f"[green]✓[/green] Undid: {_plain(describe(c.course, target))}.")


@progress_app.command("export", cls=FastCommand)
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
    from coursekit.events.exchange import dumps, export_document

    c = context(course, db, learner, None)
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
    _say(
        f"[green]✓[/green] Exported {len(events)} events for {_plain(c.learner)} to {_plain(out)}."
    )


@progress_app.command("import", cls=FastCommand)
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
    from coursekit.events.exchange import parse_document, read_file

    c = context(course, db, learner, today)
    data = read_file(Path(file))
    crs = c.course
    from datetime import UTC

    now = max(datetime.now(UTC), c.now())
    parsed = parse_document(data, str(file), crs.id, c.learner, set(crs.lesson_index), now)
    with c.open() as store:
        owners = store.uid_owners([e.uid for e in parsed.events])
        added = store.append(parsed.events)
    skipped = len(parsed.events) - added
    elsewhere = sorted({o for o in owners.values() if o != (crs.id, c.learner)})
    if json:
        print_json(
            {
                "added": added,
                "already_present": skipped,
                "learner": c.learner,
                "learner_in_file": parsed.learner_in_file,
                "stored_for_others": [{"course": o[0], "learner": o[1]} for o in elsewhere],
                "not_in_course": [
                    {"lesson": k, "events": v} for k, v in sorted(parsed.not_in_course.items())
                ],
            }
        )
        return
    warnings = []
    if parsed.not_in_course:
        listed = ", ".join(f"{k} ({v})" for k, v in sorted(parsed.not_in_course.items()))
        warnings.append(
            Problem(str(file), f"kept, but not in this course: {listed}", severity="warning")
        )
    if elsewhere:
        whose = ", ".join(f"learner '{ln}' in '{cr}'" for cr, ln in elsewhere)
        warnings.append(
            Problem(
                str(file),
                f"some events are already stored for {whose} and were skipped "
                "(an export is imported for the learner who made it)",
                severity="warning",
            )
        )
    print_problems(warnings)
    _say(
        f"[green]✓[/green] Imported {added} new event{'s' if added != 1 else ''} for "
        f"{_plain(c.learner)} ({skipped} already present)."
    )


@progress_app.command(cls=FastCommand)
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

    c = context(course, db, learner, today)
    if not yes:
        raise CourseError(
            f"this starts {c.course.title} over for {c.learner}; run again with --yes to confirm",
            "reset",
        )
    with c.open() as store:
        store.append([c.event("reset", c.now())])
    _say(
        f"[green]✓[/green] Reset {_plain(c.course.title)} for {_plain(c.learner)}. "
        "`progress undo` reverses it."
    )


def register(app: typer.Typer) -> None:
    app.add_typer(progress_app, cls=FastGroup)
