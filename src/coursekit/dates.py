"""Dates as every command and page shows them: ``Mon 4 Jan 2027``, ``lun. 4 janv. 2027``.

One style across the study plans, the dashboard, review and the site's pages. Without
a locale (the terminal's commands, and English pages) day and month names are
coursekit's English, independent of the machine's locale, so outputs are reproducible
and Babel is never imported. With a Babel locale id (``fr``, ``de``, ``pt_BR``; given
by :class:`coursekit.i18n.Messages` for a course in another language) the same
shapes come from the locale's CLDR patterns: weekday, day and abbreviated month
(``yMMMEd``), spans as the locale writes intervals, and weeks from its first day.
"""

from __future__ import annotations

from datetime import date, datetime

DAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_ABBREVIATIONS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip

# The CLDR skeletons behind each shape, for locales other than coursekit's English.
DAY_SKELETON = "MMMEd"  # Mon 4 Jan
DATE_SKELETON = "yMMMEd"  # Mon 4 Jan 2027
SPAN_SKELETON = "yMMMd"  # 4–10 Jan 2027


def weekday_name(day: date, locale: str | None = None) -> str:
    """``Mon``."""
    if locale is None:
        return DAY_ABBREVIATIONS[day.weekday()]
    from babel.dates import format_date as babel_date

    return babel_date(day, "EEE", locale=locale)


def weekday_names(locale: str | None = None) -> tuple[str, ...]:
    """Monday to Sunday in full (``Monday``, ``lundi``), whatever the locale's first day."""
    if locale is None:
        return DAY_NAMES
    from babel.dates import get_day_names

    names = get_day_names("wide", "format", locale=locale)
    return tuple(names[i] for i in range(7))


def weekday_abbreviations(locale: str | None = None) -> tuple[str, ...]:
    """Monday to Sunday, abbreviated as in dates: ``Mon``, ``lun.``."""
    if locale is None:
        return DAY_ABBREVIATIONS
    from babel.dates import get_day_names

    names = get_day_names("abbreviated", "format", locale=locale)
    return tuple(names[i] for i in range(7))


def first_week_day(locale: str | None = None) -> int:
    """The weekday the locale's weeks start on, 0 = Monday; coursekit's English: Monday."""
    if locale is None:
        return 0
    from babel import Locale

    return Locale.parse(locale).first_week_day


def format_day(day: date, locale: str | None = None) -> str:
    """``Mon 5 Jan``."""
    if locale is None:
        return f"{weekday_name(day)} {day.day} {MONTH_ABBREVIATIONS[day.month - 1]}"
    return _skeleton(DAY_SKELETON, day, locale)


def format_date(day: date, locale: str | None = None) -> str:
    """``Mon 5 Jan 2026``."""
    if locale is None:
        return f"{format_day(day)} {day.year}"
    return _skeleton(DATE_SKELETON, day, locale)


def format_moment(moment: datetime, locale: str | None = None) -> str:
    """``Mon 5 Jan 2026 18:30`` (in the time zone ``moment`` carries)."""
    return f"{format_date(moment.date(), locale)} {moment:%H:%M}"


def format_span(first: date, last: date, locale: str | None = None) -> str:
    """``5–11 Jan 2026``, ``29 Jan – 4 Feb 2026``, ``29 Dec 2025 – 4 Jan 2026``."""
    if locale is not None:
        from babel.dates import format_interval

        if first == last:
            return _skeleton(SPAN_SKELETON, first, locale)
        return format_interval(first, last, SPAN_SKELETON, locale=locale)
    month = MONTH_ABBREVIATIONS[first.month - 1]
    end = f"{last.day} {MONTH_ABBREVIATIONS[last.month - 1]} {last.year}"
    if first == last:
        return end
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{end}"
    if first.year == last.year:
        return f"{first.day} {month} – {end}"
    return f"{first.day} {month} {first.year} – {end}"


def _skeleton(skeleton: str, day: date, locale: str) -> str:
    from babel.dates import format_skeleton

    return format_skeleton(skeleton, datetime(day.year, day.month, day.day), locale=locale)
