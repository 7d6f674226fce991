"""`coursekit progress`: record lessons and study time, and see when you will finish.

Every command takes ``--course`` (folder, course.json or site URL), ``--db`` and
``--learner`` (see ``learner_context``), calls one function of
:mod:`coursekit.progress.actions` and prints what it did.
"""

from __future__ import annotations

from datetime import date
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
    OptionalLessonArg,
    OutOpt,
    TodayOpt,
    json_option,
    module_option,
)
from coursekit.cli.output import plain, print_json, print_problems, say
from coursekit.dates import format_date
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
    "How the finish window is worked out: the lessons left (their estimates, scaled by "
    "how long your finished lessons took against theirs) and the flashcard reviews FSRS "
    "will ask for (once you review), divided by your pace (minutes a day since you "
    "started, recent days counting most, your plan's pace counting as 3 more days), give "
    "the time the rest takes at today's pace. The likely, earliest and latest dates are "
    "that time multiplied by factors that depend on the share of lessons done, chosen so "
    "that 8 in 10 simulated learners of every kind (steady, fading, pausing for weeks, "
    "studying at weekends, sprinting late, erratic) finish inside the window and half of "
    "them by the likely date. After more than two weeks without study, the forecast "
    "assumes you resume now and leaves room for a break as long again. Until you have "
    "studied, the window is your pace plan's.\n\n"
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
    from coursekit.inputs import parse_date
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
    verb = "Changed your plan for" if done.previous else "Enrolled in"
    say(
        f"[green]✓[/green] {verb} {plain(c.course.title)} as [bold]{plain(c.name)}[/bold]: "
        f"{plain(new.pace)} pace ({pace_text(done.pace)}) from {format_date(new.start)}."
    )
    _say_projection(c)


def _say_projection(c: LearnerContext) -> None:
    """The dashboard's window for the lessons left, and whether the target can be met
    (with the dashboard's review workload, so the dates are the dashboard's)."""
    from coursekit.progress.state import derive

    with c.learner.open(create=False) as store:
        progress = derive(c.course, c.name, store.events(c.course.id, c.name))
        _say_window(c, progress, store)


def _say_window(c: LearnerContext, progress: Any, store: Any) -> None:
    from coursekit.progress.dashboard import pace_text
    from coursekit.progress.projection import (
        check_target,
        enrolled_pace,
        needed_text,
        projected_window,
        review_load,
    )

    pace = enrolled_pace(c.course, progress)
    review = review_load(c.course, c.name, store, c.today) if pace is not None else None
    result = projected_window(c.course, progress, c.today, pace, review=review)
    if result.basis == "finished":
        say("  Every lesson is done.")
        return
    if result.earliest is None or result.latest is None:
        return
    left = len(progress.completed)
    done = f" ({left} lesson{'s' * (left != 1)} done)" if left else ""
    if result.earliest == result.latest:
        when = f"on {format_date(result.earliest)}"
    else:
        when = f"between {format_date(result.earliest)} and {format_date(result.latest)}"
    likely = f" (likely {format_date(result.likely)})" if result.likely else ""
    source = "your own pace so far" if result.basis == "observed" else "this pace"
    say(f"  At {source} you finish {when}{likely}{done}.")
    enrollment = progress.enrollment
    if enrollment is None or enrollment.target is None:
        return
    check = check_target(c.course, progress, c.today, review=review)
    if check is None or check.met:
        say(
            f"  Target: {format_date(enrollment.target)}, within reach. "
            "See where you stand with `coursekit progress`."
        )
        return
    say(
        f"  [yellow]Your target {format_date(enrollment.target)} is not met at {source}"
        f"[/yellow] (likely finish {format_date(result.likely) if result.likely else '?'})."
    )
    later = "set a later target with `coursekit progress start --target DATE`"
    if check.suggestion is not None:
        other, trial = check.suggestion
        say(
            f"  The {plain(other.name)} pace ({pace_text(other)}) would meet it (likely "
            f"{format_date(trial.likely) if trial.likely else '?'}): "
            f"`coursekit progress start --pace {other.name}`."
        )
    elif result.needed_per_study_day is not None and result.needed_per_study_day.low > 1440:
        say(
            f"  It cannot be met: it would take {needed_text(result)} a study day, more "
            f"than a day has; {later}."
        )
    elif result.needed_per_study_day is not None:
        say(
            f"  To meet it, study {needed_text(result)} a study day from now on, or {later}."
        )
    else:
        say(f"  No study day of your pace is left before it: {later}.")


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

    The time feeds your calibration (how your times compare with the estimates). It
    is the lesson's whole time, study sessions logged on it included. For a lesson
    already done, --time corrects its time and keeps the day it was done.

    Examples:

      coursekit progress done intro-to-mlops

      coursekit progress done intro-to-mlops --time 1h20m --on yesterday
    """
    from coursekit.inputs import parse_minutes
    from coursekit.model import format_minutes
    from coursekit.progress.actions import MAX_LESSON_MINUTES, complete

    c = LearnerContext(course, db, learner, today)
    minutes = parse_minutes(time, "--time", MAX_LESSON_MINUTES) if time is not None else None
    result = complete(c.learner, lesson, minutes, c.at(on), dated=on is not None)
    if result.corrected is not None and minutes is not None:
        say(
            f"[green]✓[/green] Recorded {format_minutes(minutes)} for "
            f"{plain(result.lesson.title)}, still done on {format_date(result.corrected)}."
        )
        return
    took = f" in {format_minutes(minutes)}" if minutes is not None else ""
    total = sum(1 for x in c.course.lessons() if x.available)
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

      coursekit progress log ml-system-lifecycle 45m

      coursekit progress log ml-system-lifecycle 1h30m --on yesterday
    """
    from coursekit.inputs import parse_minutes
    from coursekit.model import format_minutes
    from coursekit.progress.actions import MAX_SESSION_MINUTES, log_session

    c = LearnerContext(course, db, learner, today)
    minutes = parse_minutes(time, "TIME", MAX_SESSION_MINUTES)
    item = log_session(c.learner, lesson, minutes, c.at(on), dated=on is not None)
    say(f"[green]✓[/green] Logged {format_minutes(minutes)} on {plain(item.title)}.")


@progress_app.command(cls=FastCommand)
def undo(
    lesson: str | None = OptionalLessonArg,
    course: str | None = CourseOpt,
    db: str | None = DbOpt,
    learner: str | None = LearnerOpt,
    today: str | None = TodayOpt,
) -> None:
    """Reverse your last progress event, or a lesson's completion (a reversal is
    recorded; nothing is deleted).

    Without LESSON: the last event that still counts; run it again to go further back.
    With LESSON: that lesson is not done any more, whenever it was marked done (its
    time corrections go with it). Flashcard reviews are undone by `coursekit review`.

    Examples:

      coursekit progress undo

      coursekit progress undo intro-to-mlops
    """
    from coursekit.progress.actions import undo_last, undo_lesson
    from coursekit.progress.records import describe_event

    c = LearnerContext(course, db, learner, today)
    if lesson is not None:
        day = undo_lesson(c.learner, lesson, c.now())
        title = c.course.lesson_index[lesson].title
        say(
            f"[green]✓[/green] Undid: '{plain(title)}' marked done on {format_date(day)}; "
            "it is not done any more."
        )
        return
    target = undo_last(c.learner, c.now())
    say(f"[green]✓[/green] Undid: {plain(describe_event(c.course, target))}.")


@progress_app.command(cls=FastCommand)
def history(
    course: str | None = CourseOpt,
    db: str | None = DbOpt,
    learner: str | None = LearnerOpt,
    json: bool = json_option("the table"),
    today: str | None = TodayOpt,
) -> None:
    """List what you recorded, in the order it counts, and whether each still counts.

    Every enrollment, lesson done, time correction, study session, undo and reset,
    with its day. Undone events and those before a reset stay listed (nothing is
    ever deleted), marked as such.

    Examples:

      coursekit progress history

      coursekit progress history --json | jq '.events[] | select(.status == "counts")'
    """
    from coursekit.progress.records import history as history_rows

    c = LearnerContext(course, db, learner, today)
    rows = history_rows(c.course, c.learner.events())
    if json:
        print_json({"course": c.course.id, "learner": c.name, "events": rows})
        return
    if not rows:
        say(f"Nothing recorded yet for {plain(c.name)} in {plain(c.course.title)}.")
        return
    from rich.table import Table

    from coursekit.cli.output import console

    title = f"History · {plain(c.course.title)} · {plain(c.name)}"
    table = Table(title=title, title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("Day", no_wrap=True)
    table.add_column("What", ratio=1)
    table.add_column("Counts")
    for row in rows:
        day = format_date(date.fromisoformat(row["on"]))
        mark = "yes" if row["status"] == "counts" else f"[dim]no: {row['status']}[/dim]"
        table.add_row(str(row["number"]), day, plain(row["what"]), mark)
    console().print(table)


@progress_app.command("export", cls=FastCommand)
def export_(
    out: str | None = OutOpt,
    anonymous: bool = typer.Option(
        False,
        "--anonymous",
        help="Replace your name with a stable pseudonym and leave out anything free-form "
        "(for sending to an instructor).",
    ),
    course: str | None = CourseOpt,
    db: str | None = DbOpt,
    learner: str | None = LearnerOpt,
) -> None:
    """Write your progress as an exchange file (the format the course site also reads).

    With --anonymous the file carries a pseudonym (the same each time you export)
    instead of your name: what an instructor's `coursekit cohort report` needs, and
    nothing that says who you are.

    Examples:

      coursekit progress export --out my-progress.json

      coursekit progress export --anonymous --out for-the-instructor.json

      coursekit progress export > backup.json
    """
    import sys

    from coursekit.fileio import write_user_file
    from coursekit.progress.actions import export_text

    c = LearnerContext(course, db, learner, None)
    text, count = export_text(c.learner, anonymous=anonymous)
    if out is None:
        from coursekit.cli.output import inert_json

        sys.stdout.write(inert_json(text))
        return
    write_user_file(Path(out), text)
    who = "anonymously" if anonymous else f"for {plain(c.name)}"
    say(f"[green]✓[/green] Exported {count} events {who} to {plain(out)}.")


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
                "differs_from_stored": [e.uid for e in result.differs],
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
    differs = len(result.differs)
    if differs:
        from coursekit.progress.records import describe_event

        listed = [f"{e.uid} ({describe_event(c.course, e)})" for e in result.differs[:3]]
        more = f" and {differs - 3} more" if differs > 3 else ""
        warnings.append(
            Problem(
                str(file),
                "not imported, the file's content differs from the stored event with the "
                f"same uid: {'; '.join(listed)}{more}",
                severity="warning",
            )
        )
    print_problems(warnings)
    added = result.added
    also = ""
    if differs == 1:
        also = ", 1 differs from the one stored under the same uid; the stored one is kept"
    elif differs:
        also = (
            f", {differs} differ from the ones stored under the same uids; the stored ones are kept"
        )
    say(
        f"[green]✓[/green] Imported {added} new event{'s' if added != 1 else ''} for "
        f"{plain(c.name)} ({result.already_present} already present{also})."
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


def lessons(
    module: str | None = module_option("Only this module's lessons (its id; Tab completes it)."),
    course: str | None = CourseOpt,
    db: str | None = DbOpt,
    learner: str | None = LearnerOpt,
    json: bool = json_option("the table"),
    today: str | None = TodayOpt,
) -> None:
    """List the course's lessons: ids, titles, estimates, and what you have done of each.

    The ids are what `coursekit progress done`, `log` and `undo` take. Times are
    yours: the total you gave with --time, the study sessions you logged.

    Examples:

      coursekit lessons

      coursekit lessons --module foundations

      coursekit lessons --json | jq -r '.lessons[] | select(.status != "done") | .id'
    """
    from coursekit.progress.records import lesson_rows
    from coursekit.progress.state import derive
    from coursekit.review.cards import check_module

    c = LearnerContext(course, db, learner, today)
    check_module(c.course, module)
    progress = derive(c.course, c.name, c.learner.events())
    rows = [r for r in lesson_rows(c.course, progress) if module is None or r["module"] == module]
    if json:
        print_json({"course": c.course.id, "learner": c.name, "lessons": rows})
        return
    from coursekit.cli.output import console

    out = console()
    titles = {m.id: m.title for m in c.course.modules}
    out.print(lessons_table(c.course.title, titles, rows, out.width))


TITLE_MIN_WIDTH = 30
"""The narrowest Title column of the side-by-side layout; narrower terminals stack."""


def lessons_table(course_title: str, modules: dict[str, str], rows: list[Any], width: int) -> Any:
    """The lesson list as a rich table that fits ``width`` columns.

    Side by side (id, title, estimate, status, your time) when the titles keep at
    least :data:`TITLE_MIN_WIDTH` columns; else each lesson's title is stacked over
    its id, and the estimate and status wrap by words. "Your time" is left out while
    no lesson has any."""
    from rich.cells import cell_len
    from rich.table import Table

    from coursekit.dates import format_day
    from coursekit.model import format_minutes

    cells = []
    for row in rows:
        if row["status"] == "done":
            status = f"[green]done[/green] {format_day(date.fromisoformat(row['completed_on']))}"
        else:
            status = row["status"] if row["status"] == "started" else "[dim]not started[/dim]"
        if row["lesson_status"] != "ready":
            status += f" [dim]({row['lesson_status']})[/dim]"
        spent = format_minutes(row["spent_minutes"]) if row["spent_minutes"] else ""
        cells.append((row, status, spent))
    with_time = any(spent for _, _, spent in cells)

    def widest(texts: Any, at_least: int) -> int:
        from rich.text import Text

        return max([at_least, *(cell_len(Text.from_markup(t).plain) for t in texts)])

    fixed = [
        widest((plain(r["id"]) for r in rows), len("Lesson")),
        widest((r["estimate_text"] for r in rows), len("Estimate")),
        widest((s for _, s, _ in cells), len("Status")),
    ]
    if with_time:
        fixed.append(widest((t for _, _, t in cells), len("Your time")))
    columns = len(fixed) + 1
    side_by_side = width >= sum(fixed) + TITLE_MIN_WIDTH + 3 * columns + 1

    table = Table(title=plain(course_title), title_justify="left")
    if side_by_side:
        table.add_column("Lesson", no_wrap=True)
        table.add_column("Title", ratio=1, min_width=TITLE_MIN_WIDTH)
        table.add_column("Estimate", justify="right", no_wrap=True)
        table.add_column("Status", no_wrap=True)
    else:
        # The ids keep their width while they can (they are what commands take); the
        # estimate ("1 h 30 min –" over "2 h") and the status wrap by words.
        others = 12 + 14 + (fixed[3] if with_time else 0) + 3 * (columns - 1) + 1
        lesson_width = min(fixed[0], max(10, width - others - 3))
        table.add_column("Lesson", min_width=lesson_width, overflow="fold")
        table.add_column("Estimate", justify="right", max_width=12)
        table.add_column("Status", max_width=14)
    if with_time:
        table.add_column("Your time", justify="right", no_wrap=True)
    current = None
    for row, status, spent in cells:
        if row["module"] != current:
            current = row["module"]
            table.add_section()
            heading = f"[bold]{plain(modules[current])}[/bold]"
            table.add_row(*(["", heading] if side_by_side else [heading]))
        if side_by_side:
            lesson = [plain(row["id"]), plain(row["title"])]
        else:
            lesson = [f"{plain(row['title'])}\n[dim]{plain(row['id'])}[/dim]"]
        table.add_row(*lesson, row["estimate_text"], status, *([spent] if with_time else []))
    return table


def register(app: typer.Typer) -> None:
    app.add_typer(progress_app, cls=FastGroup)
    app.command("lessons", cls=FastCommand)(lessons)
