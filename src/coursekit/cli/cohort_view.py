"""The cohort report on the terminal: one table of lessons, then a few lines each on
the funnel, pace, flashcards and data quality."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coursekit.cli.output import plain

if TYPE_CHECKING:
    from rich.console import Console

    from coursekit.cohort.report import CohortReport, LessonRow


def minutes_text(value: float | None) -> str:
    """``45m``, ``1h20m`` (rounded to the minute; short, for a table), or an em dash."""
    if value is None:
        return "—"
    hours, rest = divmod(round(value), 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h{rest:02d}m" if rest else f"{hours}h"


def spread_text(row: LessonRow) -> str:
    if row.median is None:
        return "—"
    if row.times == 1:
        return minutes_text(row.median)
    return f"{minutes_text(row.median)} ({minutes_text(row.q1)}–{minutes_text(row.q3)})"


#: the terminal table: spaces between columns, and the narrowest the title column gets
GAP = 2
TITLE_MIN = 12


def estimate_text(low: int, high: int) -> str:
    """``1h30m–2h``: an estimate, as short as the table's times."""
    if low == high:
        return minutes_text(low)
    return f"{minutes_text(low)}–{minutes_text(high)}"


def flag_text(row: LessonRow) -> str:
    """``longer`` or ``shorter`` than the estimate (short: the table's last column)."""
    return {"longer": "longer", "shorter": "shorter"}.get(row.flag, "")


def render_report(out: Console, report: CohortReport) -> None:
    """Print the report's summary."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    learners = report.learners
    out.print(
        f"[bold]{plain(report.course_title)}[/bold] · {learners} learner"
        f"{'s' if learners != 1 else ''} · {report.finished_course} finished the course · "
        f"today {report.today.isoformat()}"
    )
    rows = []
    for row in report.lessons:
        flag = flag_text(row)
        note = f"[yellow]{flag}[/yellow] ({row.times})" if flag else ""
        if row.coming_soon:
            note = "[dim]coming soon[/dim]"
        ratio = "—" if row.ratio is None else f"{row.ratio:.2f}"
        numbers = [str(row.reached), str(row.finished), spread_text(row),
                   estimate_text(*row.estimate), ratio]
        rows.append((plain(row.title), numbers, note))
    # Numbers are never cut or wrapped: the title column alone gives way, one line a
    # lesson, a title too long for it ending in an ellipsis. On a terminal too narrow
    # even for that, the lines run longer than the terminal (which wraps them).
    headers = ["Reached", "Done", "Time: median (IQR)", "Estimate", "Ratio", ""]
    widths = [
        max([cell_len(h)] + [cell_len(Text.from_markup(r[1][n] if n < 5 else r[2]).plain)
                             for r in rows])
        for n, h in enumerate(headers)
    ]
    rest = sum(widths) + GAP * len(widths)  # the other columns, and a gap before each
    longest = max((cell_len(r[0]) for r in rows), default=0)
    title = max(TITLE_MIN, min(longest, out.width - rest))
    needed = title + rest
    table = Table(
        box=None,
        pad_edge=False,
        header_style="bold",
        padding=(0, GAP // 2),
        width=needed if needed > out.width else None,
    )
    table.add_column("Lesson", no_wrap=True, overflow="ellipsis", width=title)
    for name, width in zip(headers[:5], widths, strict=False):
        table.add_column(name, justify="right", no_wrap=True, min_width=width)
    table.add_column("", no_wrap=True, min_width=widths[5])
    for title_text, numbers, note in rows:
        table.add_row(title_text, *numbers, note)
    out.print(table, crop=False)
    flagged = report.flagged
    if flagged:
        out.print(
            f"{len(flagged)} estimate{'s are' if len(flagged) != 1 else ' is'} off by more than "
            f"1.5x with at least {report.min_learners} learners: "
            "`coursekit cohort calibrate` proposes new ones."
        )
    if report.drop_offs:
        parts = [
            f"after {plain(d.title)} ({d.lost} of {d.reached}, {d.lost / d.reached:.0%})"
            for d in report.drop_offs
        ]
        out.print("Largest drop-offs: " + "; ".join(parts))
    if report.pace is not None:
        p = report.pace
        out.print(
            f"Pace: {p.median:.1f} h a week (median; middle half {p.q1:.1f}–{p.q3:.1f} h) "
            f"over {p.count} learners"
        )
    status = ", ".join(f"{n} {s}" for s, n in report.statuses.items() if n)
    out.print(f"Against their own plan: {status}")
    if report.hardest:
        cards = "; ".join(
            f"{plain(c.id)} ({c.again_share:.0%} Again of {c.reviews})" for c in report.hardest[:5]
        )
        out.print(f"Hardest flashcards: {cards}")
    quality = [f"{report.files_used} file{'s' if report.files_used != 1 else ''} used"]
    if report.refused:
        quality.append(f"{len(report.refused)} refused (above)")
    if report.duplicates:
        n = report.duplicates
        quality.append(f"{n} duplicate{'s' if n != 1 else ''} merged")
    if report.set_aside:
        quality.append(f"{len(report.set_aside)} time{'s' if len(report.set_aside) != 1 else ''}"
                       " set aside as sessions left running")
    if report.not_in_course:
        quality.append(
            "events for lessons the course no longer has: "
            + ", ".join(f"{plain(lesson)} ({n})" for lesson, n, _ in report.not_in_course)
        )
    out.print("Data: " + "; ".join(quality))
