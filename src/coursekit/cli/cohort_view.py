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


def flag_text(row: LessonRow) -> str:
    return {"longer": "takes longer", "shorter": "takes less"}.get(row.flag, "")


def render_report(out: Console, report: CohortReport) -> None:
    """Print the report's summary."""
    from rich.table import Table

    from coursekit.model import format_minutes_range

    learners = report.learners
    out.print(
        f"[bold]{plain(report.course_title)}[/bold] · {learners} learner"
        f"{'s' if learners != 1 else ''} · {report.finished_course} finished the course · "
        f"today {report.today.isoformat()}"
    )
    table = Table(box=None, pad_edge=False, header_style="bold")
    for name, justify in (
        ("Lesson", "left"),
        ("Reached", "right"),
        ("Finished", "right"),
        ("Time: median (IQR)", "right"),
        ("Estimate", "right"),
        ("Ratio", "right"),
        ("", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in report.lessons:
        ratio = "—" if row.ratio is None else f"{row.ratio:.2f}"
        flag = flag_text(row)
        table.add_row(
            plain(row.title),
            str(row.reached),
            str(row.finished),
            spread_text(row),
            format_minutes_range(*row.estimate),
            ratio,
            f"[yellow]{flag}[/yellow] ({row.times})" if flag else "",
        )
    out.print(table)
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
