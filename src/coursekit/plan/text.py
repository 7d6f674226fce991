"""Plans as words: weeks with goals, table rows, Markdown, CSV, JSON, the site's page.

Pure functions over :class:`~coursekit.plan.model.Plan`; the terminal table (rich)
lives in the CLI, the calendar file in :mod:`coursekit.plan.ics`, and dates are
written as everywhere else (:mod:`coursekit.dates`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from coursekit.dates import format_date, format_day, format_span, weekday_name
from coursekit.model import format_minutes
from coursekit.plan.model import Plan, PlanDay, PlanWeek, count_range

REVIEW_TITLE = "Flashcard review"


# --------------------------------------------------------------------------- words


def relative_day(day: PlanDay, week: PlanWeek) -> str:
    """``Week 2 · Day 1``: the first study day of the plan's second week."""
    return f"Week {week.number} · Day {week.days.index(day) + 1}"


def window_sentence(plan: Plan, dated: bool = True) -> str:
    """``Finished in 3–8 study days (1–2 weeks): between Wed 7 Jan 2026 and ...``."""
    win = plan.window
    if not win.days[1]:
        return "Nothing left to study."
    counts = f"{win.days_text} ({win.weeks_text})"
    if not dated:
        return f"Finished in {counts}."
    if win.earliest == win.latest:
        return f"Finished in {counts}: on {format_date(win.earliest)}."
    return (
        f"Finished in {counts}: between {format_date(win.earliest)} and {format_date(win.latest)}."
    )


def pace_summary(plan: Plan) -> str:
    """``moderate: 1–2 h a day, Monday to Friday``."""
    pace = plan.pace
    return f"{pace.name}: {pace.hours_per_day} a day, {pace.describe_days()}"


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a week's table: Day / Focus / Time / Outcome."""

    day: str  # empty on a day's second and later lines
    focus: str
    time: str
    outcome: str
    lesson_id: str = ""  # empty for a review line


def weekly_rows(plan: Plan, dated: bool = True) -> list[tuple[PlanWeek, list[Row]]]:
    """Each week with its table lines: a day's review first, then each lesson (part).

    ``dated`` labels days ``Mon 5 Jan``; otherwise ``Week 1 · Day 1`` (relative plans).
    A part that continues later says where: "Continued on Tue 6 Jan".
    """
    weeks = plan.weeks
    labels = {
        day.date: format_day(day.date) if dated else relative_day(day, week)
        for week in weeks
        for day in week.days
    }
    next_part = _next_part_days(plan)
    result = []
    for week in weeks:
        rows = []
        for day in week.days:
            label = labels[day.date]
            if day.review_minutes:
                rows.append(Row(label, REVIEW_TITLE, format_minutes(day.review_minutes), ""))
                label = ""
            for item in day.items:
                if item.is_last_part:
                    outcome = item.outcome
                else:
                    outcome = f"Continued on {labels[next_part[item.lesson_id, item.part]]}"
                rows.append(
                    Row(label, item.label, format_minutes(item.minutes), outcome, item.lesson_id)
                )
                label = ""
        result.append((week, rows))
    return result


def _next_part_days(plan: Plan) -> dict[tuple[str, int], date]:
    """(lesson, part) -> the date of the part after it."""
    when = {(item.lesson_id, item.part): day.date for day in plan.days for item in day.items}
    return {(lesson, part - 1): day for (lesson, part), day in when.items() if part > 1}


# --------------------------------------------------------------------------- outputs


def cell(text: str) -> str:
    """Text made safe for one Markdown table cell (pipes, line breaks, raw HTML)."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def plan_markdown(plan: Plan) -> str:
    """The dated plan as a Markdown document (``coursekit plan --format md``)."""
    lines = [
        f"# Study plan: {cell(plan.course_title)}",
        "",
        f"- **Pace:** {cell(pace_summary(plan))}",
        f"- **Start:** {format_date(plan.start)}",
    ]
    if plan.finish:
        days = count_range(len(plan.days), len(plan.days), "study day")
        lines.append(f"- **Finish:** {format_date(plan.finish)} ({days})")
    lines.append(f"- **Completion window:** {window_sentence(plan)}")
    if plan.skip:
        spans = ", ".join(format_span(a, b) for a, b in plan.skip)
        lines.append(f"- **No study on:** {spans}")
    lines += ["", f"*{plan.assumption}*", ""]
    for week, rows in weekly_rows(plan):
        lines += [
            f"## Week {week.number} · {format_span(week.first, week.last)}",
            "",
            f"**Goal:** {cell(week.goal)}",
            "",
            *table_lines(rows),
            "",
        ]
    return "\n".join(lines)


def table_lines(rows: Iterable[Row]) -> list[str]:
    """A Markdown table of rows."""
    lines = ["| Day | Focus | Time | Outcome |", "| --- | --- | --- | --- |"]
    for row in rows:
        lines.append(
            f"| {cell(row.day)} | {cell(row.focus)} | {cell(row.time)} | {cell(row.outcome)} |"
        )
    return lines


CSV_COLUMNS = (
    "date",
    "weekday",
    "study_day",
    "week",
    "kind",
    "module",
    "lesson",
    "title",
    "part",
    "parts",
    "minutes",
    "outcome",
)


def plan_csv(plan: Plan) -> str:
    """One row per day and item (a review, a lesson or a lesson part)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for day in plan.days:
        base = [day.date.isoformat(), weekday_name(day.date), day.number, day.week]
        if day.review_minutes:
            writer.writerow([*base, "review", "", "", REVIEW_TITLE, 1, 1, day.review_minutes, ""])
        for item in day.items:
            writer.writerow(
                [
                    *base,
                    "lesson",
                    item.module_id,
                    item.lesson_id,
                    item.title,
                    item.part,
                    item.parts,
                    item.minutes,
                    item.outcome,
                ]
            )
    return out.getvalue()


def plan_json(plan: Plan) -> dict[str, Any]:
    """The whole plan, its assumption and its completion window, ready for ``json.dumps``."""
    pace = plan.pace
    win = plan.window
    return {
        "format": "coursekit-plan",
        "version": 1,
        "course": plan.course_id,
        "title": plan.course_title,
        "pace": {
            "name": pace.name,
            "hours_per_day": pace.hours_per_day.as_list(),
            "study_days": pace.day_names(),
        },
        "start": plan.start.isoformat(),
        "budget": plan.budget,
        "assumption": plan.assumption,
        "daily_minutes": plan.daily_minutes,
        "review_minutes": plan.review_minutes,
        "lesson_minutes": plan.lesson_minutes,
        "study_time": plan.study_time.as_list(),
        "skip": [[a.isoformat(), b.isoformat()] for a, b in plan.skip],
        "finish": plan.finish.isoformat() if plan.finish else None,
        "study_days": len(plan.days),
        "window": {
            "earliest": win.earliest.isoformat(),
            "latest": win.latest.isoformat(),
            "study_days": list(win.days),
            "weeks": list(win.weeks),
        },
        "weeks": [
            {
                "number": week.number,
                "first": week.first.isoformat(),
                "last": week.last.isoformat(),
                "goal": week.goal,
                "modules": list(week.modules),
                "minutes": week.minutes,
                "days": [
                    {
                        "date": day.date.isoformat(),
                        "weekday": weekday_name(day.date).lower(),
                        "study_day": day.number,
                        "budget": day.budget,
                        "minutes": day.minutes,
                        "review_minutes": day.review_minutes,
                        "items": [
                            {
                                "lesson": item.lesson_id,
                                "title": item.title,
                                "module": item.module_id,
                                "minutes": item.minutes,
                                "part": item.part,
                                "parts": item.parts,
                                "outcome": item.outcome,
                                "status": item.status,
                            }
                            for item in day.items
                        ],
                    }
                    for day in week.days
                ],
            }
            for week in plan.weeks
        ],
    }
