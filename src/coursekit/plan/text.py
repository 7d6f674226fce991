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

from coursekit.dates import weekday_name
from coursekit.i18n import Messages
from coursekit.plan.model import (
    ENGLISH,
    Plan,
    PlanDay,
    PlanWeek,
    describe_days,
    pace_name,
    study_days_text,
    weeks_text,
)


def review_title(t: Messages = ENGLISH) -> str:
    return t._("Flashcard review")


# --------------------------------------------------------------------------- words


def relative_day(day: PlanDay, week: PlanWeek, t: Messages = ENGLISH) -> str:
    """``Week 2 · Day 1``: the first study day of the plan's second week."""
    return t._(
        "Week %(week)s · Day %(day)s",
        week=t.number(week.number),
        day=t.number(week.days.index(day) + 1),
    )


def week_title(week: PlanWeek, dated: bool = True, t: Messages = ENGLISH) -> str:
    """``Week 1 · 4–10 Jan 2027``, or ``Week 1`` in a relative plan."""
    if not dated:
        return t._("Week %(week)s", week=t.number(week.number))
    return t._(
        "Week %(week)s · %(span)s", week=t.number(week.number), span=t.span(week.first, week.last)
    )


def window_sentence(plan: Plan, dated: bool = True, t: Messages = ENGLISH) -> str:
    """``Finished in 3–8 study days (1–2 weeks): between Wed 7 Jan 2026 and ...``."""
    win = plan.window
    if not win.days[1]:
        return t._("Nothing left to study.")
    counts = t._(
        "%(days)s (%(weeks)s)",
        days=study_days_text(*win.days, t),
        weeks=weeks_text(*win.weeks, t),
    )
    if not dated:
        return t._("Finished in %(counts)s.", counts=counts)
    if win.earliest == win.latest:
        return t._("Finished in %(counts)s: on %(date)s.", counts=counts, date=t.date(win.earliest))
    return t._(
        "Finished in %(counts)s: between %(earliest)s and %(latest)s.",
        counts=counts,
        earliest=t.date(win.earliest),
        latest=t.date(win.latest),
    )


def pace_summary(plan: Plan, t: Messages = ENGLISH) -> str:
    """``moderate: 1–2 h a day, Monday to Friday``."""
    pace = plan.pace
    return t._(
        "%(pace)s: %(hours)s a day, %(days)s",
        pace=pace_name(pace.name, t),
        hours=t.duration(pace.hours_per_day),
        days=describe_days(pace.study_days, t),
    )


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a week's table: Day / Focus / Time / Outcome."""

    day: str  # empty on a day's second and later lines
    focus: str
    time: str
    outcome: str
    lesson_id: str = ""  # empty for a review line


def weekly_rows(
    plan: Plan, dated: bool = True, t: Messages = ENGLISH
) -> list[tuple[PlanWeek, list[Row]]]:
    """Each week with its table lines: a day's review first, then each lesson (part).

    ``dated`` labels days ``Mon 5 Jan``; otherwise ``Week 1 · Day 1`` (relative plans).
    A part that continues later says where: "Continued on Tue 6 Jan" ("Continued in
    Week 1 · Day 3" in a relative plan, which languages word differently).
    """
    weeks = plan.weeks
    labels = {
        day.date: t.day(day.date) if dated else relative_day(day, week, t)
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
                rows.append(Row(label, review_title(t), t.minutes(day.review_minutes), ""))
                label = ""
            for item in day.items:
                if item.is_last_part:
                    outcome = item.outcome
                else:
                    later = labels[next_part[item.lesson_id, item.part]]
                    outcome = (  # a date ("on Tue 6 Jan"), or a day of a week ("in Week 1 · Day 3")
                        t._("Continued on %(day)s", day=later)
                        if dated
                        else t._("Continued in %(day)s", day=later)
                    )
                rows.append(
                    Row(label, item.label_in(t), t.minutes(item.minutes), outcome, item.lesson_id)
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


def plan_markdown(plan: Plan, t: Messages = ENGLISH) -> str:
    """The dated plan as a Markdown document (``coursekit plan --format md``)."""
    lines = [
        "# " + t._("Study plan: %(course)s", course=cell(plan.course_title)),
        "",
        item(t._("Pace:"), cell(pace_summary(plan, t))),
        item(t._("Start:"), t.date(plan.start)),
    ]
    if plan.finish:
        days = study_days_text(len(plan.days), len(plan.days), t)
        lines.append(item(t._("Finish:"), f"{t.date(plan.finish)} ({days})"))
    lines.append(item(t._("Completion window:"), window_sentence(plan, True, t)))
    if plan.skip:
        spans = ", ".join(t.span(a, b) for a, b in plan.skip)
        lines.append(item(t._("No study on:"), spans))
    lines += ["", f"*{plan.assumption_in(t)}*", ""]
    for week, rows in weekly_rows(plan, True, t):
        lines += [
            f"## {week_title(week, True, t)}",
            "",
            strong(t._("Goal:")) + " " + cell(week.goal_in(t)),
            "",
            *table_lines(rows, t),
            "",
        ]
    return "\n".join(lines)


def strong(text: str) -> str:
    return f"**{text}**"


def item(label: str, text: str) -> str:
    """``- **Label** text``: a line of the plan's header list."""
    return f"- {strong(label)} {text}"


def table_headers(t: Messages = ENGLISH) -> tuple[str, str, str, str]:
    """A week's table columns: ``Day``, ``Focus``, ``Time``, ``Outcome``."""
    return (t._("Day"), t._("Focus"), t._("Time"), t._("Outcome"))


def table_lines(rows: Iterable[Row], t: Messages = ENGLISH) -> list[str]:
    """A Markdown table of rows."""
    lines = ["| " + " | ".join(table_headers(t)) + " |", "| --- | --- | --- | --- |"]
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
            writer.writerow([*base, "review", "", "", review_title(), 1, 1, day.review_minutes, ""])
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
