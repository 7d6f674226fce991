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


BAR = 24


DONE_CELL, LEFT_CELL = "█", "░"  # apart by their shape, not only their colour (NO_COLOR, pipes)


def bar(share: float, width: int = BAR) -> str:
    """A bar of ``width`` cells, filled to ``share`` (0..1)."""
    filled = max(0, min(width, round(share * width)))
    return f"[green]{DONE_CELL * filled}[/green][grey50]{LEFT_CELL * (width - filled)}[/grey50]"


def plural(count: int, noun: str) -> str:
    """``1 lesson``, ``2 lessons``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _range(minutes: list[int]) -> str:
    return str(Duration(*minutes)) if minutes[1] else "0 min"


def studied_text(f: dict[str, Any]) -> str:
    """``8 h 20 min on 5 days``: the days are those with a session logged, since a
    lesson's reported total (``--time``) may have taken many days; that part is said
    apart."""
    total, reported = f["studied_minutes"], f["reported_minutes"]
    sessions = f"{format_minutes(f['session_minutes'])} in sessions on " + plural(
        f["session_days"], "day"
    )
    if not reported:
        return f"{format_minutes(total)} on {plural(f['session_days'], 'day')}"
    if not f["session_minutes"]:
        return f"{format_minutes(total)}, reported with --time for lessons done"
    return f"{format_minutes(total)}: {sessions}, {format_minutes(reported)} reported with --time"


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

    def lines(self) -> list[tuple[str, int, str]]:
        """(label markup, its width, value markup) for :func:`_hanging`."""
        width = max((len(label) for label, _ in self.rows), default=0)
        return [(f"[bold]{label.ljust(width)}[/bold]  ", width + 2, v) for label, v in self.rows]


def _hanging(
    width: int, prefix: str, indent: int, value: str, below: int | None = None
) -> list[str]:
    """``prefix`` then ``value`` (markup), wrapped at ``width`` between words, the lines
    after the first indented under the value; as lines of markup. When ``value`` does
    not fit beside the prefix and ``below`` is given, it goes on the lines below,
    indented by ``below``."""
    from rich.console import Console
    from rich.text import Text

    body = Text.from_markup(value)
    if indent + body.cell_len <= width:  # the usual case: it fits as it is
        return [prefix + value]
    lines = []
    if below is not None:
        lines, prefix, indent = [prefix.rstrip()], "", below
    room = max(width - indent, 20)
    measure = Console(width=room, no_color=True)
    for n, part in enumerate(body.wrap(measure, room, overflow="fold")):
        part.rstrip()
        lines.append((prefix if n == 0 and not lines else " " * indent) + part.markup)
    return lines or [prefix]


class _Fits(str):
    """A line of markup known to fit the console's width as it is (no wrapping needed)."""


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_dashboard(console: Console, f: dict[str, Any]) -> None:
    """Print the dashboard for the facts ``f``."""
    course, lessons, estimate = f["course"], f["lessons"], f["estimate"]
    today = _day(f["today"])
    lines: list[Any] = [
        ("", 0, f"[bold]{plain(course['title'])}[/bold] · {plain(f['learner'])} · today {today}")
    ]
    columns = console.width  # measured once: each look costs a terminal query
    titles = [_clip(m["title"], 32) for m in f["modules"]]
    width = max([len("Overall"), *(len(t) + 2 for t in titles)])
    lines.append(
        (
            f"[bold]{'Overall'.ljust(width)}[/bold] {bar(estimate['share'])} "
            f"{estimate['share']:>4.0%}  ",
            width + BAR + 8,
            f"of the estimated time · {lessons['done']} of "
            f"{plural(lessons['total'], 'lesson')} done"
            + (f" · {lessons['planned']} coming soon" if lessons.get("planned") else ""),
            width + 1,
        )
    )
    for title, m in zip(titles, f["modules"], strict=True):
        soon = f" +{m['planned']} soon" if m.get("planned") else ""
        exercises = " · exercises ✓" if m.get("exercises_done") else ""
        counts = f"{m['lessons_done']}/{m['lessons']}{soon}{exercises}"
        line = f"  {plain(title).ljust(width - 2)} {bar(m['share'])} {m['share']:>4.0%}  {counts}"
        # A module's line is as wide as its parts: no need to measure it to know it fits.
        fits = width + BAR + 8 + len(counts) <= columns
        lines.append(_Fits(line) if fits else line)
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
    facts.add_row("Studied", studied_text(f))
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
        lines.append(
            f"[yellow]Not in this course:[/yellow] {item['lesson']} "
            f"({plural(item['events'], 'event')}, kept)"
        )
    if f.get("warning"):
        lines.append(f"[yellow]warning:[/yellow] {plain(f['warning'])}")

    out: list[str] = []
    for line in lines:
        if isinstance(line, _Fits):
            out.append(line)
        elif isinstance(line, tuple):
            out.extend(_hanging(columns, *line))
        else:
            out.extend(_hanging(columns, "", 0, line))
    # Wrapped already, between words: the console must not wrap again.
    console.print("\n".join(out), soft_wrap=True)


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
    if fc["earliest"] == fc["latest"]:  # a one-day window is a date, not a range
        finish = f"[bold]{_day(fc['earliest'])}[/bold]"
    else:
        finish = (
            f"[bold]{_day(fc['earliest'])} – {_day(fc['latest'])}[/bold], "
            f"likely {_day(fc['likely'])}"
        )
    table.add_row("Finish", finish)
    for line in _window_words(f):
        table.add_row("", f"[dim]{line}[/dim]")
    if fc.get("pause_days"):
        table.add_row(
            "Paused",
            f"[yellow]no study for {fc['pause_days']} days[/yellow]: "
            "the forecast assumes you resume now",
        )
        table.add_row("", "[dim]and its latest date leaves room for a break as long again[/dim]")
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


def _window_words(f: dict[str, Any]) -> list[str]:
    """What the window means: how sure it is, what the likely date is, what it assumes."""
    fc, enrolled = f["forecast"], f["enrolled"]
    if fc["basis"] != "observed":
        return [
            f"your {enrolled['pace']} plan for the lessons left; once you have studied,",
            "the window comes from your own pace",
        ]
    share = round((fc["confidence"] or 0.8) * 10)
    per_week = fc["pace_minutes_per_day"] * 7 / 60
    lines = [
        f"{share} in 10 learners like you finish in this window, half of them by "
        f"{_day(fc['likely'])}",
        f"at {per_week:.1f} h/week: your pace, recent days counting most",
        "with room for the slowdowns and breaks most learners have",
    ]
    if f["pace"]["days_since_start"] < 28:  # the plan's pace still weighs in
        lines[1] += ", and your plan's early on"
    return lines


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
    review = fc.get("review_minutes") or 0
    if review:
        share = review / (sum(fc["remaining_minutes"]) / 2 + review)
        part = f"{share:.0%}" if share >= 0.005 else "under 1%"
        text += f" + {format_minutes(review)} of flashcard review ({part} of the time left)"
    return text
