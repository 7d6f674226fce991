"""`coursekit plan`: a dated, day-by-day study plan for a pace, in the terminal or a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from coursekit.cli.options import PathArg
from coursekit.cli.output import console, load, plain

if TYPE_CHECKING:
    from rich.console import Console

    from coursekit.plan.model import Plan

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
    help="First day of the plan, YYYY-MM-DD (default: start in course.yml, else today).",
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
    "or auto (your reviews due in the 14 days from the start × course.yml review: "
    "minutes_per_card; history from COURSEKIT_DB and COURSEKIT_LEARNER).",
    show_default=False,
)


def plan(
    path: Path | None = PathArg,
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
) -> None:
    """Plan the course day by day: what to study on which date, and when you will finish.

    Lessons follow course order (and their [bold]requires[/bold]); a lesson
    longer than what is left of a day continues on the next study day
    ("part 2 of 3"; parts of at least 15 min when that costs no extra day);
    no day goes over its budget; days off and --skip dates get nothing.
    Because study times are ranges, the plan states its completion window:
    the earliest finish (high daily hours, low lesson times) and the latest
    (low daily hours, high lesson times).

    Calendar files give one event per study day with UIDs made of the date,
    pace and course, so importing a newer plan updates the events instead of
    duplicating them. DTSTAMP is the export time, or SOURCE_DATE_EPOCH when
    set (reproducible files).

    Examples:

      coursekit plan --pace intensive --start monday

      coursekit plan --hours-per-day 1.5h --days mon,wed,sat --skip 2026-12-24..2027-01-01

      coursekit plan --pace relaxed --format ics --out relaxed.ics --at 19:00

      coursekit plan --format csv --out plan.csv

      coursekit plan --review auto           # make room for flashcard review first
    """
    from datetime import date

    from coursekit.cli.review import plan_review_minutes
    from coursekit.dates import format_date
    from coursekit.fileio import write_user_file
    from coursekit.inputs import parse_date, parse_date_range
    from coursekit.plan import scheduler as schedule
    from coursekit.plan.paces import choose_pace

    chosen = _choose_format("json" if json else fmt, out, at, tz)
    # A learner planning their weeks does not need the instructor's lint warnings.
    course = load(path, warnings=False).course
    today = date.today()
    when = parse_date(start, "--start", today) if start is not None else course.start or today
    made = schedule.plan(
        course,
        choose_pace(course, pace, hours_per_day, days),
        when,
        budget=budget,
        skip=[parse_date_range(text, "--skip", today) for text in skip],
        review_minutes=plan_review_minutes(review, course, when),
    )
    content = _render(made, chosen, at, tz)
    if out is None:
        _print(made, chosen, content)
        return
    write_user_file(out, content)
    finish = f", finishing {format_date(made.finish)}" if made.finish else ""
    console(stderr=True).print(
        f"[green]✓[/green] Wrote {plain(out)} ({chosen}): {len(made.days)} study days{finish}."
    )


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


def _render(made: Plan, fmt: str, at: str | None, tz: str | None) -> str | bytes:
    from coursekit.plan import text as plan_format

    if fmt == "md":
        return plan_format.plan_markdown(made)
    if fmt == "csv":
        return plan_format.plan_csv(made)
    if fmt == "json":
        import json

        return json.dumps(plan_format.plan_json(made), indent=2, ensure_ascii=False) + "\n"
    if fmt == "ics":
        import os
        from datetime import UTC, datetime

        from coursekit.inputs import parse_clock_time
        from coursekit.plan.ics import plan_ics

        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        stamp = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else None
        return plan_ics(made, at=parse_clock_time(at) if at else None, tz=tz, stamp=stamp)
    from io import StringIO

    from rich.console import Console

    buffer = StringIO()
    print_table(made, Console(file=buffer, width=110, no_color=True, highlight=False))
    return buffer.getvalue()


def _print(made: Plan, fmt: str, content: str | bytes) -> None:
    import sys

    from coursekit.cli.output import inert, inert_json

    if fmt == "table":
        print_table(made, console())
    elif isinstance(content, bytes):
        # bytes as they are: the CRLF line ends of .ics must not be translated
        text = inert(content.decode("utf-8"), line_ends=True)
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(inert_json(content) if fmt == "json" else inert(content, line_ends=True))


def print_table(made: Plan, out: Console) -> None:
    """The plan as rich tables, one per week, under a header with the window."""
    from rich.table import Table

    from coursekit.cli.output import plain
    from coursekit.plan.text import (
        count_range,
        format_date,
        format_span,
        pace_summary,
        weekly_rows,
        window_sentence,
    )

    out.print(f"[bold]Study plan · {plain(made.course_title)}[/bold]")
    out.print(f"Pace {plain(pace_summary(made))} · start {format_date(made.start)}")
    if made.finish:
        days = count_range(len(made.days), len(made.days), "study day")
        out.print(f"Finish {format_date(made.finish)} after {days}")
    out.print(f"Window: {window_sentence(made)}")
    if made.skip:
        out.print("No study on " + ", ".join(format_span(a, b) for a, b in made.skip))
    out.print(f"[dim]{plain(made.assumption)}[/dim]")
    for week, rows in weekly_rows(made):
        table = Table(
            title=f"Week {week.number} · {format_span(week.first, week.last)}  "
            f"Goal: {plain(week.goal)}",
            title_justify="left",
            title_style="bold",
            expand=False,
        )
        table.add_column("Day", no_wrap=True)
        table.add_column("Focus")
        table.add_column("Time", justify="right", no_wrap=True)
        table.add_column("Outcome")
        for row in rows:
            table.add_row(plain(row.day), plain(row.focus), row.time, plain(row.outcome))
        out.print()
        out.print(table)


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)
