"""Dates as every command and page shows them: ``Mon 4 Jan 2027``.

One style across the study plans, the dashboard, review and the site's pages. Day
and month names are English and independent of the machine's locale, so outputs
are reproducible.
"""

from __future__ import annotations

from datetime import date, datetime

DAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_ABBREVIATIONS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


def weekday_name(day: date) -> str:
    """``Mon``."""
    return DAY_ABBREVIATIONS[day.weekday()]


def format_day(day: date) -> str:
    """``Mon 5 Jan``."""
    return f"{weekday_name(day)} {day.day} {MONTH_ABBREVIATIONS[day.month - 1]}"


def format_date(day: date) -> str:
    """``Mon 5 Jan 2026``."""
    return f"{format_day(day)} {day.year}"


def format_moment(moment: datetime) -> str:
    """``Mon 5 Jan 2026 18:30`` (in the time zone ``moment`` carries)."""
    return f"{format_date(moment.date())} {moment:%H:%M}"


def format_span(first: date, last: date) -> str:
    """``5–11 Jan 2026``, ``29 Jan – 4 Feb 2026``, ``29 Dec 2025 – 4 Jan 2026``."""
    month = MONTH_ABBREVIATIONS[first.month - 1]
    end = f"{last.day} {MONTH_ABBREVIATIONS[last.month - 1]} {last.year}"
    if first == last:
        return end
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{end}"
    if first.year == last.year:
        return f"{first.day} {month} – {end}"
    return f"{first.day} {month} {first.year} – {end}"
