"""`coursekit plan`: a dated, day-by-day study plan for a pace, in the terminal or a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from coursekit.cli.options import CourseOpt, DbOpt, LearnerOpt, PathArg
from coursekit.cli.output import console, load, plain
from coursekit.i18n import supported_languages  # the list the --language error gives too

if TYPE_CHECKING:
    from rich.console import Console

    from coursekit.i18n import Messages
    from coursekit.plan.model import Plan
    from coursekit.progress.projection import Remaining

FORMATS = ("table", "md", "csv", "json", "ics")
_SUFFIXES = {".md": "md", ".markdown": "md", ".csv": "csv", ".json": "json", ".ics": "ics"}
_SUFFIXES |= {".txt": "table"}


PaceOpt = typer.Option(
    None,
    "--pace",
    "-p",
    metavar="NAME",
    help="A pace from course.yml (default: moderate, else the course's first pace).",
    show_default=False,
)

StartOpt = typer.Option(
    None,
    "--start",
    "-s",
    metavar="DATE",
    help="First day of the plan: YYYY-MM-DD, today, tomorrow, +10d, +8w, in 3 weeks, or a "
    "weekday (monday: the next) (default: start in course.yml, else today).",
    show_default=False,
)

HoursPerDayOpt = typer.Option(
    None,
    "--hours-per-day",
    metavar="HOURS",
    help="Study time per study day, a value or a range: 1.5h, 1-2h, 45m.",
    show_default=False,
)

DaysOpt = typer.Option(
    None,
    "--days",
    metavar="DAYS",
    help="Study days: mon,wed,sat or mon-fri, weekdays, weekends or 'every day'.",
    show_default=False,
)

SkipOpt = typer.Option(
    [],
    "--skip",
    metavar="DATE[..DATE]",
    help="No study on a date or an inclusive range, e.g. 2026-12-24..2027-01-01 (repeatable).",
    show_default=False,
)

BudgetOpt = typer.Option(
    "mid",
    "--budget",
    "-b",
    metavar="LEVEL",
    help="Which end of the daily hours and of the lesson times the day-by-day plan "
    "assumes: low, mid or high (or earliest / latest, the two ends of the window).",
)

FmtOpt = typer.Option(
    None,
    "--format",
    "-f",
    metavar="FORMAT",
    help="table, md, csv, json or ics (default: table, or guessed from --out's suffix).",
    show_default=False,
)

JsonOpt = typer.Option(False, "--json", help="Same as --format json.")

OutOpt = typer.Option(
    None,
    "--out",
    "-o",
    metavar="FILE",
    help="Write to this file (its folder must exist) instead of printing.",
    show_default=False,
)

AtOpt = typer.Option(
    None,
    "--at",
    metavar="HH:MM",
    help="ics only: timed events at HH:MM lasting the day's study time (default: all-day events).",
    show_default=False,
)

TzOpt = typer.Option(
    None,
    "--tz",
    metavar="ZONE",
    help="ics with --at: an IANA time zone such as Europe/Berlin (default: floating "
    "local time, the same clock time wherever you are).",
    show_default=False,
)

ReviewOpt = typer.Option(
    None,
    "--review",
    help="Minutes a day reserved for flashcard review before lessons: minutes (15, 20m) "
    "or auto (the reviews FSRS will ask for over the plan, for the cards you have started "
    "and those its lessons unlock, × course.yml review: minutes_per_card; history from "
    "COURSEKIT_DB and COURSEKIT_LEARNER).",
    show_default=False,
)


RemainingOpt = typer.Option(
    False,
    "--remaining",
    "-r",
    help="Only the lessons you have not done, from today, at your enrolled pace (your "
    "progress from --db/--learner), with the completion window your dashboard shows.",
)

LanguageOpt = typer.Option(
    None,
    "--language",
    "-L",
    metavar="CODE",
    help="The language of the plan and calendar's words, dates and numbers: "
    f"{', '.join(supported_languages())} (default: the course's language, from course.yml "
    "or mkdocs.yml).",
    show_default=False,
)


def plan(
    path: Path | None = PathArg,
    remaining: bool = RemainingOpt,
    pace: str | None = PaceOpt,
    start: str | None = StartOpt,
    hours_per_day: str | None = HoursPerDayOpt,
    days: str | None = DaysOpt,
    skip: list[str] = SkipOpt,
    budget: str = BudgetOpt,
    fmt: str | None = FmtOpt,
    json: bool = JsonOpt,
    out: Path | None = OutOpt,
    at: str | None = AtOpt,
    tz: str | None = TzOpt,
    review: str | None = ReviewOpt,
    course_ref: str | None = CourseOpt,
    db: str | None = DbOpt,
    learner: str | None = LearnerOpt,
    language: str | None = LanguageOpt,
) -> None:
    """Plan the course day by day: what to study on which date, and when you will finish.

    Lessons follow course order (and their [bold]requires[/bold]); a lesson
    longer than what is left of a day continues on the next study day
    ("part 2 of 3"; parts of at least 15 min when that costs no extra day);
    no day goes over its budget; days off and --skip dates get nothing.
    Because study times are ranges, the plan states its completion window:
    the earliest finish (high daily hours, low lesson times) and the latest
    (low daily hours, high lesson times).

    Calendar files give one event per lesson part (and one per day's review),
    with UIDs that name the course, the lesson and the part, never the date or
    pace, and a SEQUENCE that grows with each export: importing a newer plan
    (another pace, other dates) moves the events instead of duplicating them.
    Events the newer plan no longer has stay in a calendar the file was
    imported into; a calendar subscribed to a published file drops them.
    DTSTAMP is the export time, or SOURCE_DATE_EPOCH when set (reproducible files).

    Examples:

      coursekit plan --pace intensive --start monday

      coursekit plan --hours-per-day 1.5h --days mon,wed,sat --skip 2026-12-24..2027-01-01

      coursekit plan --pace relaxed --format ics --out relaxed.ics --at 19:00

      coursekit plan --format csv --out plan.csv

      coursekit plan --review auto           # make room for flashcard review first

      coursekit plan --remaining             # what is left, from today, at your pace

      coursekit plan --remaining --format ics --out rest.ics

      coursekit plan --remaining --course https://example.org/course/   # a published course

      coursekit plan --language fr --format ics --out plan-fr.ics   # words and dates in French
    """
    from coursekit.cli.learner_context import clock_from
    from coursekit.cli.review import plan_review_minutes
    from coursekit.dates import format_date
    from coursekit.fileio import write_user_file
    from coursekit.inputs import parse_date, parse_date_range
    from coursekit.plan import scheduler as schedule
    from coursekit.plan.paces import choose_pace

    chosen = _choose_format("json" if json else fmt, out, at, tz)
    course = _course(path, course_ref)
    today = clock_from().today  # COURSEKIT_TODAY fixes it, as for the learner commands
    skipped = [parse_date_range(text, "--skip", today) for text in skip]
    left = None
    if remaining:
        learner_left = _remaining(course, today, pace, hours_per_day, days, start, db, learner)

        def left_finishes(review_minutes: int) -> tuple[dict[str, date], list[date]]:
            return _finishes(learner_left.plan_for(budget, skipped, review_minutes).plan)

        first = learner_left.first_day()
        reserved = plan_review_minutes(review, course, first, left_finishes, db, learner)
        left = learner_left.plan_for(budget, skipped, reserved)
        made = left.plan
    else:
        when = parse_date(start, "--start", today) if start is not None else course.start or today
        chosen_pace = choose_pace(course, pace, hours_per_day, days)

        def make(review_minutes: int) -> Plan:
            return schedule.plan(
                course,
                chosen_pace,
                when,
                budget=budget,
                skip=skipped,
                review_minutes=review_minutes,
            )

        def finishes(review_minutes: int) -> tuple[dict[str, date], list[date]]:
            return _finishes(make(review_minutes))

        made = make(plan_review_minutes(review, course, when, finishes, db, learner))
    t = _messages(language, course.language)
    content = _render(made, chosen, at, tz, left, t)
    if out is None:
        _print(made, chosen, content, left, t)
        return
    write_user_file(out, content)
    finish = f", finishing {format_date(made.finish)}" if made.finish else ""
    console(stderr=True).print(
        f"[green]✓[/green] Wrote {plain(out)} ({chosen}): {len(made.days)} study days{finish}."
    )


def _course(path: Path | None, ref: str | None) -> Any:
    """The course to plan: the folder PATH, else what the learner commands use (--course,
    $COURSEKIT_COURSE, the course folder here or above)."""
    from coursekit.course.locate import load_course_for_learner
    from coursekit.errors import CourseError

    if path is not None:
        if ref is not None:
            raise CourseError(
                f"PATH ({path}) and --course both name a course; give one", "--course"
            )
        # A learner planning their weeks does not need the instructor's lint warnings.
        return load(path, warnings=False).course
    return load_course_for_learner(ref)


def _finishes(made: Plan) -> tuple[dict[str, date], list[date]]:
    """The day each lesson of a plan is finished (its last part), and its study days."""
    ends = {i.lesson_id: d.date for d in made.days for i in d.items if i.is_last_part}
    return ends, [d.date for d in made.days]


class _Left:
    """The learner's progress and pace on a day, for a plan of what is left."""

    def __init__(self, course: Any, progress: Any, pace: Any, today: Any, learner: Any) -> None:
        self.course, self.progress, self.pace, self.today = course, progress, pace, today
        self.learner = learner

    def first_day(self) -> Any:
        from coursekit.progress.projection import first_work_day

        return first_work_day(self.course, self.progress, self.today)

    def plan_for(self, budget: str, skip: Any, review_minutes: int) -> Remaining:
        from coursekit.progress.projection import remaining_plan, review_load

        def plan(store: Any) -> Remaining:
            return remaining_plan(
                self.course,
                self.progress,
                self.today,
                self.pace,
                budget=budget,
                skip=skip,
                review_minutes=review_minutes,
                # the dashboard's review workload, so the window is the dashboard's
                review=review_load(self.course, self.learner.name, store, self.today),
            )

        if not self.learner.db.exists():
            return plan(None)
        with self.learner.open(create=False) as store:
            return plan(store)


def _remaining(
    course: Any,
    today: Any,
    pace: str | None,
    hours_per_day: str | None,
    days: str | None,
    start: str | None,
    db: str | None,
    learner: str | None,
) -> _Left:
    from coursekit.errors import CourseError
    from coursekit.events.learner import Learner
    from coursekit.events.store import default_learner
    from coursekit.paths import default_db_path
    from coursekit.plan.paces import choose_pace
    from coursekit.progress.state import derive

    if start is not None:
        raise CourseError(
            "--remaining plans from today, where you are; drop --start (or --remaining)",
            "--start",
        )
    who = Learner(course, default_learner(learner), default_db_path(db))
    progress = derive(course, who.name, who.events())
    enrollment = progress.enrollment
    name = pace or (enrollment.pace if enrollment else None)
    if name is None and hours_per_day is None and days is None:
        raise CourseError(
            f"{who.name} is not enrolled in {course.title}, so there is no pace to plan "
            "with: run `coursekit progress start --pace NAME`, or give --pace",
            "--remaining",
        )
    return _Left(course, progress, choose_pace(course, name, hours_per_day, days), today, who)


def _messages(option: str | None, configured: str) -> Messages:
    """The plan's language: ``--language``, else the course's (English when it has no
    catalog: ``coursekit check`` warns about that)."""
    from coursekit.errors import CourseError, did_you_mean
    from coursekit.i18n import language, messages, supported_languages, unsupported_message

    if option is not None:
        if not language(option).supported:
            raise CourseError(
                unsupported_message(option) + did_you_mean(option, supported_languages()),
                "--language",
            )
        return messages(option)
    return messages(configured)


def _choose_format(fmt: str | None, out: Path | None, at: str | None, tz: str | None) -> str:
    from coursekit.errors import CourseError, Problem, did_you_mean

    if fmt is None:
        fmt = _SUFFIXES.get(out.suffix.lower(), "table") if out is not None else "table"
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise CourseError(
            f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}" + did_you_mean(fmt, FORMATS),
            "--format",
        )
    if at is not None and fmt != "ics":
        raise CourseError("--at only applies to calendar files; add --format ics", "--at")
    if tz is not None and at is None:
        raise CourseError("a time zone only applies to timed events; add --at HH:MM", "--tz")
    if out is not None:
        if out.is_dir():
            raise CourseError(Problem(str(out), "is a folder; give a file name"))
        if not out.parent.is_dir():
            raise CourseError(
                Problem(str(out), f"folder '{out.parent}' does not exist; create it first")
            )
    return fmt


def _render(
    made: Plan,
    fmt: str,
    at: str | None,
    tz: str | None,
    left: Remaining | None = None,
    t: Messages | None = None,
) -> str | bytes:
    from coursekit.i18n import messages
    from coursekit.plan import text as plan_format

    t = t or messages()
    if fmt == "md":
        text = plan_format.plan_markdown(made, t)
        if left is not None:
            heading, _, rest = text.partition("\n")
            text = f"{heading}\n\n*{remaining_sentence(left, t)}*\n{rest}"
        return text
    if fmt == "csv":
        return plan_format.plan_csv(made)
    if fmt == "json":
        import json

        data = plan_format.plan_json(made)
        if left is not None:
            data["remaining"] = remaining_json(left)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "ics":
        import os
        from datetime import UTC, datetime

        from coursekit.inputs import parse_clock_time
        from coursekit.plan.ics import plan_ics

        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        stamp = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else None
        when = parse_clock_time(at) if at else None
        return plan_ics(made, at=when, tz=tz, stamp=stamp, t=t)
    from io import StringIO

    from rich.console import Console

    buffer = StringIO()
    console = Console(file=buffer, width=110, no_color=True, highlight=False)
    print_table(made, console, left, t)
    return buffer.getvalue()


def remaining_sentence(left: Remaining, t: Messages | None = None) -> str:
    """``Remaining: 57 of 63 lessons (6 done), from Tue 12 Jan 2027; the window is your
    dashboard's, projected from your own pace.``"""
    from coursekit.i18n import messages
    from coursekit.plan.model import pace_name

    t = t or messages()
    if left.projection.basis == "observed":
        basis = t._("projected from your own pace")
    else:
        basis = t._("from your %(pace)s pace's plan", pace=pace_name(left.plan.pace.name, t))
    return t.ngettext(
        "Remaining: %(left)s of %(n)s lesson (%(done)s done), from %(date)s; "
        "the window is your dashboard's, %(basis)s.",
        "Remaining: %(left)s of %(n)s lessons (%(done)s done), from %(date)s; "
        "the window is your dashboard's, %(basis)s.",
        left.total,
        left=t.number(left.total - left.done),
        done=t.number(left.done),
        date=t.date(left.plan.start),
        basis=basis,
    )


def remaining_json(left: Remaining) -> dict[str, object]:
    fc = left.projection
    return {
        "lessons_done": left.done,
        "lessons_left": left.total - left.done,
        "basis": fc.basis,
        "earliest": fc.earliest.isoformat() if fc.earliest else None,
        "latest": fc.latest.isoformat() if fc.latest else None,
        "likely": fc.likely.isoformat() if fc.likely else None,
        "remaining_minutes": fc.remaining.as_list(),
    }


def _print(
    made: Plan,
    fmt: str,
    content: str | bytes,
    left: Remaining | None = None,
    t: Messages | None = None,
) -> None:
    import sys

    from coursekit.cli.output import inert, inert_json

    if fmt == "table":
        print_table(made, console(), left, t)
    elif isinstance(content, bytes):
        # bytes as they are: the CRLF line ends of .ics must not be translated
        text = inert(content.decode("utf-8"), line_ends=True)
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(inert_json(content) if fmt == "json" else inert(content, line_ends=True))


def print_table(
    made: Plan, out: Console, left: Remaining | None = None, t: Messages | None = None
) -> None:
    """The plan as rich tables, one per week, under a header with the window."""
    from rich.table import Table

    from coursekit.cli.output import plain
    from coursekit.i18n import messages
    from coursekit.plan.model import study_days_text
    from coursekit.plan.text import pace_summary, table_headers, week_title, weekly_rows
    from coursekit.plan.text import window_sentence as window

    t = t or messages()
    title = t._("Study plan · %(course)s", course=made.course_title)
    out.print(f"[bold]{plain(title)}[/bold]")
    if left is not None:
        out.print(plain(remaining_sentence(left, t)))
    pace = t._(
        "Pace %(pace)s · start %(date)s", pace=pace_summary(made, t), date=t.date(made.start)
    )
    out.print(plain(pace))
    if made.finish:
        days = study_days_text(len(made.days), len(made.days), t)
        out.print(plain(t._("Finish %(date)s after %(days)s", date=t.date(made.finish), days=days)))
    out.print(plain(t._("Window: %(window)s", window=window(made, True, t))))
    if made.skip:
        spans = ", ".join(t.span(a, b) for a, b in made.skip)
        out.print(plain(t._("No study on %(days)s", days=spans)))
    out.print(f"[dim]{plain(made.assumption_in(t))}[/dim]")
    day, focus, time, outcome = table_headers(t)
    for week, rows in weekly_rows(made, True, t):
        goal = t._("Goal: %(goal)s", goal=week.goal_in(t))
        table = Table(
            title=f"{plain(week_title(week, True, t))}  {plain(goal)}",
            title_justify="left",
            title_style="bold",
            expand=False,
        )
        table.add_column(day, no_wrap=True)
        table.add_column(focus)
        table.add_column(time, justify="right", no_wrap=True)
        table.add_column(outcome)
        for row in rows:
            table.add_row(plain(row.day), plain(row.focus), row.time, plain(row.outcome))
        out.print()
        out.print(table)


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)
