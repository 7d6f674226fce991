"""The report's three charts, drawn as inline SVG by hand.

A plotting library was weighed and left out: matplotlib brings numpy and writes its
colours into the file (no dark mode without restyling every element), and pygal's
SVG loads its tooltip script from a third-party host unless told otherwise. These
charts are bars, ranges and dots on one axis: a few dozen lines each, styled by the
page's CSS classes (so light and dark themes follow the reader's setting), with
every label as real text and a ``<title>`` for screen readers. Every piece of text
is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from coursekit.cohort.report import CohortReport
from coursekit.model import format_minutes

ROW = 22  # pixels per lesson row
LABEL = 260  # width of the lesson-title column
WIDTH = 760


def _label(text: str, limit: int = 38) -> str:
    return escape(text if len(text) <= limit else text[: limit - 1] + "…")


def _svg(height: int, title: str, body: Sequence[str]) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def _ticks(top: float, count: int = 5) -> list[float]:
    """Ticks from 0 to at least ``top`` minutes, at most ``count`` steps of a round
    duration (5, 10, 15, 30 minutes, then whole hours)."""
    steps = (5, 10, 15, 30, 60, 120, 180, 240, 360, 480, 720, 1440)
    longest = steps[-1] * (top // (steps[-1] * count) + 1)
    step = next((s for s in steps if s * count >= top), longest)
    ticks, value = [], 0.0
    while value < top + step / 2:
        ticks.append(value)
        value += step
    return ticks


def funnel_chart(report: CohortReport) -> str:
    """Learners reaching each lesson, in course order; the largest drop-offs marked."""
    rows = report.lessons
    top = max((r.reached for r in rows), default=0) or 1
    plot = WIDTH - LABEL - 60
    drops = {d.after for d in report.drop_offs}
    body = []
    for n, row in enumerate(rows):
        y = 10 + n * ROW
        width = plot * row.reached / top
        kind = "bar bar--drop" if row.id in drops else "bar"
        value, short = f"{row.reached} learners", str(row.reached)
        if row.coming_soon:
            value, short = "coming soon", "coming soon"
        body.append(
            f'<text class="label" x="{LABEL - 8}" y="{y + 15}" text-anchor="end">'
            f"{_label(row.title)}</text>"
            f'<rect class="{kind}" x="{LABEL}" y="{y + 3}" width="{width:.1f}" height="{ROW - 6}">'
            f"<title>{escape(row.title)}: {value}</title></rect>"
            f'<text class="value" x="{LABEL + width + 6:.1f}" y="{y + 15}">{short}</text>'
        )
    return _svg(20 + len(rows) * ROW, "Learners reaching each lesson, in course order", body)


def time_chart(report: CohortReport) -> str:
    """Per lesson: the estimate as a band, the learners' middle half as a line and
    their median as a dot, on one axis of minutes."""
    rows = report.lessons
    top = max(
        [r.estimate[1] for r in rows] + [r.q3 or 0 for r in rows] + [1], default=1
    )
    ticks = _ticks(top)
    top = ticks[-1] or 1
    plot = WIDTH - LABEL - 30
    x = lambda minutes: LABEL + plot * minutes / top  # noqa: E731
    height = 40 + len(rows) * ROW
    body = []
    for tick in ticks:
        body.append(
            f'<line class="grid" x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="8" '
            f'y2="{height - 24}"/><text class="value" x="{x(tick):.1f}" y="{height - 8}" '
            f'text-anchor="middle">{_minutes(tick)}</text>'
        )
    for n, row in enumerate(rows):
        y = 10 + n * ROW
        low, high = row.estimate
        body.append(
            f'<text class="label" x="{LABEL - 8}" y="{y + 15}" text-anchor="end">'
            f"{_label(row.title)}</text>"
            f'<rect class="estimate" x="{x(low):.1f}" y="{y + 4}" '
            f'width="{max(x(high) - x(low), 2):.1f}" height="{ROW - 8}">'
            f"<title>estimate {_minutes(low)}–{_minutes(high)}</title></rect>"
        )
        if row.median is not None:
            kind = "dot dot--flag" if row.flag else "dot"
            body.append(
                f'<line class="iqr" x1="{x(row.q1 or 0):.1f}" x2="{x(row.q3 or 0):.1f}" '
                f'y1="{y + ROW / 2}" y2="{y + ROW / 2}"/>'
                f'<circle class="{kind}" cx="{x(row.median):.1f}" cy="{y + ROW / 2}" r="5">'
                f"<title>{escape(row.title)}: median {_minutes(row.median)} "
                f"({row.times} learners)</title></circle>"
            )
    return _svg(height, "Time taken against the estimate, per lesson", body)


def pace_chart(report: CohortReport) -> str:
    """How many learners study how many hours a week."""
    bins = report.pace_histogram
    top = max((n for _, _, n in bins), default=0) or 1
    width = (WIDTH - 80) / max(len(bins), 1)
    height = 220
    plot = height - 60
    body = []
    for n, (low, high, count) in enumerate(bins):
        x = 60 + n * width
        h = plot * count / top
        label = f"{low:g}–{high:g} h" if high is not None else f"{low:g} h +"
        body.append(
            f'<rect class="bar" x="{x + 6:.1f}" y="{20 + plot - h:.1f}" width="{width - 12:.1f}" '
            f'height="{h:.1f}"><title>{label} a week: {count} learners</title></rect>'
            f'<text class="value" x="{x + width / 2:.1f}" y="{14 + plot - h:.1f}" '
            f'text-anchor="middle">{count}</text>'
            f'<text class="label" x="{x + width / 2:.1f}" y="{height - 20}" '
            f'text-anchor="middle">{label}</text>'
        )
    return _svg(height, "Learners by hours of study a week", body)


def _minutes(value: float) -> str:
    return format_minutes(round(value))
