"""`coursekit progress`: record lessons and study time, and see when you will finish.

Every command takes ``--course`` (folder, course.json or site URL), ``--db`` and
``--learner`` (see ``learner_context``), calls one function of
:mod:`coursekit.progress.actions` and prints what it did.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from coursekit.cli.learner_context import FastCommand, FastGroup, LearnerContext
from coursekit.cli.options import (
    CourseOpt,
    DbOpt,
    LearnerOpt,
    LessonArg,
    OnOpt,
    OutOpt,
    TodayOpt,
    json_option,
)
from coursekit.cli.output import plain, print_json, print_problems, say
from coursekit.inputs import date_words

progress_app = typer.Typer(
    cls=FastGroup,
    name="progress",
    help="Track the lessons you finish and the time you study; see when you will finish.\n\n"
    "Without a command, shows your dashboard.\n\n"
    "Examples:\n\n"
    "  coursekit progress start --pace relaxed --target +12w\n\n"
    "  coursekit progress done intro-to-mlops --time 1h20m\n\n"
    "  coursekit progress log mlops-vs-devops 45m --on yesterday\n\n"
    "  coursekit progress                      # the dashboard\n\n"
    "  coursekit progress --json | jq .forecast\n\n"
    "Set COURSEKIT_TODAY=YYYY-MM-DD to fix the clock (scripts, tests).",
    invoke_without_command=True,
    no_args_is_help=False,
    rich_markup_mode="rich",
)


# --------------------------------------------------------------------------- dashboard


@progress_app.callback()
def dashboard(
    ctx: typer.Context,
    course: str | None = CourseOpt,
    db: str | None = DbOpt,
    learner: str | None = LearnerOpt,
    json: bool = json_option("the dashboard"),
    today: str | None = TodayOpt,
) -> None:
    """Without a command: your dashboard (progress, pace, projected finish)."""
    if ctx.invoked_subcommand is not None:
        return
    c = LearnerContext(course, db, learner, today)
    data = _dashboard_facts(c)
    if json:
        print_json(data)
        return
    from rich.console import Console

    from coursekit.cli.dashboard_view import render_dashboard

    # emoji=False: no :codes: in the dashboard, and the emoji table is not loaded.
    render_dashboard(Console(highlight=False, soft_wrap=True, emoji=False), data)


def _dashboard_facts(c: LearnerContext) -> dict[str, Any]:
    from coursekit.progress.dashboard import learner_dashboard

    return learner_dashboard(c.course, c.name, c.db_path, c.today)


# --------------------------------------------------------------------------- commands


@progress_app.command(cls=FastCommand)
def start(
    pace: str | None = typer.Option(
        None,
        "--pace",
        "-p",
        metavar="PACE",
        help="The course pace to follow (default: moderate, or as before).",
        show_default=False,
    ),
    start_on: str | None = typer.Option(
        None,
        "--start",
        metavar="DATE",
        help=f"The day you start (default: today, or as before): {date_words('any')}.",
        show_default=False,
    ),
    target: str | None = typer.Option(
        None,
        "--target",
        metavar="DATE",
        help="The day you want to finish, like --start ('none' clears it).",
        show_default=False,
    ),
    course: str | None = CourseOpt,
    db: str | None = DbOpt,
    learner: str | None = LearnerOpt,
    today: str | None = TodayOpt,
) -> None:
    """Enroll in the course, or change your pace or dates (kept as a new event).

    Examples:

      coursekit progress start                         # moderate pace from today

      coursekit progress start --pace intensive --start monday --target +8w

      coursekit progress start --target none           # drop the target date
    """
    from coursekit.dates import format_date
    from coursekit.inputs import parse_date
    from coursekit.plan import scheduler
    from coursekit.progress.actions import enrol
    from coursekit.progress.dashboard import pace_text

    c = LearnerContext(course, db, learner, today)
    first = parse_date(start_on, "--start", c.today) if start_on else None
    goal: Any = target
    if target is not None and target.strip().lower() == "none":
        goal = "none"
    elif target is not None:
        goal = parse_date(target, "--target", c.today)
    done = enrol(c.learner, pace=pace, start=first, target=goal, today=c.today, at=c.now())
    new = done.enrollment
    earliest, latest = scheduler.window(c.course, done.pace, new.start)
    verb = "Changed your plan for" if done.previous else "Enrolled in"
    say(
        f"[green]✓[/green] {verb} {plain(c.course.title)} as [bold]{plain(c.name)}[/bold]: "
        f"{plain(new.pace)} pace ({pace_text(done.pace)}) from {format_date(new.start)}."
    )
    say(f"  At this pace you finish between {format_date(earliest)} and {format_date(latest)}.")
    if new.target is not None:
        say(f"  Target: {format_date(new.target)}. See where you stand with `coursekit progress`.")


@progress_app.command(cls=FastCommand)
def done(
    lesson: str = LessonArg,
    time: str | None = typer.Option(
        None,
        "--time",
        metavar="TIME",
        help="How long the lesson took in total, e.g. 1h20m or 45m.",
        show_default=False,
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

      coursekit progress done intro-to-mlops --time 1h20m --on yesterday
    """
    from coursekit.inputs import parse_minutes
    from coursekit.model import format_minutes
    from coursekit.progress.actions import MAX_LESSON_MINUTES, complete

    c = LearnerContext(course, db, learner, today)
    minutes = parse_minutes(time, "--time", MAX_LESSON_MINUTES) if time is not None else None
    result = complete(c.learner, lesson, minutes, c.at(on))
    took = f" in {format_minutes(minutes)}" if minutes is not None else ""
    total = sum(1 for _ in c.course.lessons())
    say(
        f"[green]✓[/green] Done: {plain(result.lesson.title)}{took} ({result.done} of {total} "
        "lessons). Run `coursekit progress` for your dashboard."
    )
    if not result.enrolled:
        say("  Tip: `coursekit progress start` sets your pace, for a finish date.")


@progress_app.command(cls=FastCommand)
def log(
    lesson: str = LessonArg,
    time: str = typer.Argument(
        ..., metavar="TIME", help="How long you studied, e.g. 45m or 1h30m.", show_default=False
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
    from coursekit.inputs import parse_minutes
    from coursekit.model import format_minutes
    from coursekit.progress.actions import MAX_SESSION_MINUTES, log_session

    c = LearnerContext(course, db, learner, today)
    minutes = parse_minutes(time, "TIME", MAX_SESSION_MINUTES)
    item = log_session(c.learner, lesson, minutes, c.at(on))
    say(f"[green]✓[/green] Logged {format_minutes(minutes)} on {plain(item.title)}.")


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
    from coursekit.cli.dashboard_view import describe_event
    from coursekit.progress.actions import undo_last

    c = LearnerContext(course, db, learner, today)
    target = undo_last(c.learner, c.now())
    say(f"[green]✓[/green] Undid: {plain(describe_event(c.course, target))}.")


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

    from coursekit.fileio import write_user_file
    from coursekit.progress.actions import export_text

    c = LearnerContext(course, db, learner, None)
    text, count = export_text(c.learner)
    if out is None:
        from coursekit.cli.output import inert_json

        sys.stdout.write(inert_json(text))
        return
    write_user_file(Path(out), text)
    say(f"[green]✓[/green] Exported {count} events for {plain(c.name)} to {plain(out)}.")


@progress_app.command("import", cls=FastCommand)
def import_(
    file: str = typer.Argument(
        ...,
        metavar="FILE",
        help="An exchange file from `coursekit progress export` or the course site.",
        show_default=False,
    ),
    course: str | None = CourseOpt,
    db: str | None = DbOpt,
    learner: str | None = LearnerOpt,
    json: bool = json_option("the summary"),
    today: str | None = TodayOpt,
) -> None:
    """Add the events of an exchange file to your progress (checked first; twice adds nothing).

    The whole file is checked before anything is written; a file with any problem
    is refused with one line per problem. Lessons the course no longer has are kept
    and listed as not in this course.

    Examples:

      coursekit progress import my-progress.json

      coursekit progress import coursekit-progress-mlops-2027-02-03.json --learner ana
    """
    from datetime import UTC, datetime

    from coursekit.errors import Problem
    from coursekit.events.exchange import read_file
    from coursekit.progress.actions import import_document

    c = LearnerContext(course, db, learner, today)
    data = read_file(Path(file))
    now = max(datetime.now(UTC), c.now())
    result = import_document(c.learner, data, str(file), now)
    if json:
        print_json(
            {
                "added": result.added,
                "already_present": result.already_present,
                "learner": c.name,
                "learner_in_file": result.learner_in_file,
                "stored_for_others": [
                    {"course": o[0], "learner": o[1]} for o in result.stored_for_others
                ],
                "not_in_course": [
                    {"lesson": k, "events": v} for k, v in result.not_in_course.items()
                ],
            }
        )
        return
    warnings = []
    if result.not_in_course:
        listed = ", ".join(f"{k} ({v})" for k, v in result.not_in_course.items())
        warnings.append(
            Problem(str(file), f"kept, but not in this course: {listed}", severity="warning")
        )
    if result.stored_for_others:
        whose = ", ".join(f"learner '{ln}' in '{cr}'" for cr, ln in result.stored_for_others)
        warnings.append(
            Problem(
                str(file),
                f"some events are already stored for {whose} and were skipped "
                "(an export is imported for the learner who made it)",
                severity="warning",
            )
        )
    print_problems(warnings)
    added = result.added
    say(
        f"[green]✓[/green] Imported {added} new event{'s' if added != 1 else ''} for "
        f"{plain(c.name)} ({result.already_present} already present)."
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
    from coursekit.progress.actions import reset as reset_progress

    c = LearnerContext(course, db, learner, today)
    if not yes:
        raise CourseError(
            f"this starts {c.course.title} over for {c.name}; run again with --yes to confirm",
            "reset",
        )
    reset_progress(c.learner, c.now())
    say(
        f"[green]✓[/green] Reset {plain(c.course.title)} for {plain(c.name)}. "
        "`progress undo` reverses it."
    )


def register(app: typer.Typer) -> None:
    app.add_typer(progress_app, cls=FastGroup)
