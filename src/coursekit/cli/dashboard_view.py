"""The rich dashboard of `coursekit progress`: formats the facts of
``coursekit.progress.dashboard.facts`` (the same dict ``--json`` prints), nothing more."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from coursekit.cli.output import plain
from coursekit.dates import format_date
from coursekit.model import Duration, format_minutes
from coursekit.progress.dashboard import calibration_text

if TYPE_CHECKING:
    from rich.console import Console

    from coursekit.events.event import Event
    from coursekit.model import Course

BAR = 24


def bar(share: float, width: int = BAR) -> str:
    """A bar of ``width`` cells, filled to ``share`` (0..1)."""
    filled = max(0, min(width, round(share * width)))
    return f"[green]{'━' * filled}[/green][grey35]{'━' * (width - filled)}[/grey35]"


def _range(minutes: list[int]) -> str:
    return str(Duration(*minutes)) if minutes[1] else "0 min"


def _day(iso: str | None) -> str:
    """``Mon 8 Feb 2027``, the date style of every command."""
    return "?" if iso is None else format_date(date.fromisoformat(iso))


class _Rows:
    """Label/value lines with aligned labels. Plain text rather than a rich Table:
    measuring a table of a hundred module rows takes longer than everything else."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str]] = []

    def add_row(self, label: str, value: str) -> None:
        self.rows.append((label, value))

    def lines(self) -> list[str]:
        width = max((len(label) for label, _ in self.rows), default=0)
        return [f"[bold]{label.ljust(width)}[/bold]  {value}" for label, value in self.rows]


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_dashboard(console: Console, f: dict[str, Any]) -> None:
    """Print the dashboard for the facts ``f``."""
    course, lessons, estimate = f["course"], f["lessons"], f["estimate"]
    today = _day(f["today"])
    lines = [f"[bold]{plain(course['title'])}[/bold] · {plain(f['learner'])} · today {today}"]
    titles = [_clip(m["title"], 32) for m in f["modules"]]
    width = max([len("Overall"), *(len(t) + 2 for t in titles)])
    lines.append(
        f"[bold]{'Overall'.ljust(width)}[/bold] {bar(estimate['share'])} "
        f"{estimate['share']:>4.0%}  of the estimated time · "
        f"{lessons['done']} of {lessons['total']} lessons done"
    )
    for title, m in zip(titles, f["modules"], strict=True):
        lines.append(
            f"  {plain(title).ljust(width - 2)} {bar(m['share'])} {m['share']:>4.0%}  "
            f"{m['lessons_done']}/{m['lessons']}"
        )
    lines.append("")
    facts = _Rows()
    upcoming = f["next_lesson"]
    if upcoming:
        logged = upcoming["logged_minutes"]
        started = f", {format_minutes(logged)} logged" if logged else ""
        facts.add_row(
            "Next",
            f"{plain(upcoming['title'])} [dim]({upcoming['id']}, "
            f"{upcoming['study_time_text']}{started})[/dim]",
        )
    days = f["study_days"]
    facts.add_row(
        "Studied",
        f"{format_minutes(f['studied_minutes'])} on {days} day{'s' if days != 1 else ''}",
    )
    facts.add_row("Calibration", calibration_text(f["calibration"]))
    pace = f["pace"]
    enrolled = f["enrolled"]
    if enrolled:
        since = f"{pace['overall_hours_per_week']:.1f} h/week since {_day(enrolled['start'])}"
        if pace["recent_days"] >= 14:
            since = f"{pace['recent_hours_per_week']:.1f} h/week over the last 14 days · {since}"
        elif pace["days_since_start"] <= 0:
            since = f"none yet: you start on {_day(enrolled['start'])}"
        else:  # enrolled for less than two weeks: the two figures are one
            n = pace["recent_days"]
            since = (
                f"{pace['overall_hours_per_week']:.1f} h/week over the {n} day{'s' * (n != 1)} "
                f"since {_day(enrolled['start'])}"
            )
        facts.add_row("Pace", since)
        plan = enrolled["pace_text"] or "unknown pace"
        facts.add_row("Plan", f"{enrolled['pace']} ({plan})")
    _forecast_rows(facts, f)
    cards = f.get("flashcards") or {}
    if cards.get("cards"):
        facts.add_row(
            "Flashcards",
            f"{cards['due_today']} due today · {cards['due_next_7_days']} in the next 7 days "
            "[dim](coursekit review)[/dim]",
        )
    lines.extend(facts.lines())
    for item in f["not_in_course"]:
        n = item["events"]
        lines.append(
            f"[yellow]Not in this course:[/yellow] {item['lesson']} "
            f"({n} event{'s' if n != 1 else ''}, kept)"
        )
    if f.get("warning"):
        lines.append(f"[yellow]warning:[/yellow] {plain(f['warning'])}")
    console.print("\n".join(lines))


def _forecast_rows(table: _Rows, f: dict[str, Any]) -> None:
    fc, status, enrolled = f["forecast"], f["status"], f["enrolled"]
    if fc["basis"] == "finished":
        table.add_row("Finished", f"[green]all lessons done[/green] (last on {_day(fc['latest'])})")
        return
    table.add_row("Remaining", _remaining_text(f))
    if not enrolled:
        table.add_row(
            "Finish",
            "[yellow]not enrolled[/yellow]: run `coursekit progress start` to set your pace",
        )
        return
    if fc["earliest"] is None:
        return
    if fc["basis"] == "observed":
        basis = "projected from your own pace, widened for the weeks that go differently"
    else:
        basis = (
            f"from your {enrolled['pace']} plan's pace until you have 3 study days "
            "over at least 7 days"
        )
    if fc["earliest"] == fc["latest"]:  # a one-day window is a date, not a range
        finish = f"[bold]{_day(fc['earliest'])}[/bold]"
    else:
        finish = (
            f"[bold]{_day(fc['earliest'])} – {_day(fc['latest'])}[/bold] "
            f"(likely {_day(fc['likely'])})"
        )
    table.add_row("Finish", finish)
    table.add_row("", f"[dim]{basis}[/dim]")
    goal = (
        f"the target {_day(status['date'])}"
        if status["against"] == "target date"
        else f"your pace plan (by {_day(status['date'])})"
    )
    state = status["state"]
    needed = status["needed_minutes_per_study_day"]
    if state == "on track":
        table.add_row("Status", f"[green]on track[/green] for {goal}")
        return
    n = status["days_behind"]
    line = f"[red]{n} day{'s' if n != 1 else ''} behind[/red] {goal}"
    if state == "target passed":
        line += "; that date has passed: set a new one with `progress start --target DATE`"
    elif needed:
        days = status["study_days_left"]
        line += (
            f"; to make it, study {_range(needed)} a study day "
            f"({days} study day{'s' if days != 1 else ''} left)"
        )
    table.add_row("Status", line)


def _remaining_text(f: dict[str, Any]) -> str:
    fc, cal = f["forecast"], f["calibration"]
    text = _range(fc["remaining_minutes"])
    if fc["remaining_minutes"] != fc["remaining_estimate_minutes"]:
        adjusted = []
        if cal["trusted"] and abs(cal["applied"] - 1) >= 0.005:
            adjusted.append(f"×{cal['applied']:.2f} for your calibration")
        if fc["logged_on_remaining_minutes"]:
            logged = format_minutes(fc["logged_on_remaining_minutes"])
            adjusted.append(f"minus {logged} logged on lessons not done")
        text += (
            f" [dim](estimate {_range(fc['remaining_estimate_minutes'])}, "
            f"{', '.join(adjusted)})[/dim]"
        )
    return text


def describe_event(course: Course, event: Event) -> str:
    """An event in the learner's words: "'Intro' marked done on Mon 4 Jan 2027 (1 h)"."""
    from coursekit.progress.state import local_day

    day = format_date(local_day(event.at))
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
