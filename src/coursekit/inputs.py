"""What people type on the command line, read in one place: dates, date ranges,
weekdays, durations, times of day and moments.

Each parser raises :class:`CourseError` naming the option and saying what would be
accepted, so a typo ends in one line such as
``--skip: '2027-01-01..2026-12-24' ends before it begins; write FIRST..LAST``.

Dates are ``YYYY-MM-DD`` or words relative to ``today``: ``today``, ``yesterday``,
``tomorrow``, ``3 days ago``, ``2 weeks ago``, ``+10d``, ``+8w``, ``in 3 weeks``,
and weekday names. A bare weekday means the most recent one (today included) for an
option about the past (``--on friday``), the next one (today included) for an
option about the future (``--start monday``); ``last friday`` and ``next friday``
never mean today. Years run from 2000 to 2200, which keeps every schedule finite.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from coursekit.errors import CourseError, did_you_mean
from coursekit.model import MAX_DAILY_MINUTES, MIN_DAILY_MINUTES, WEEKDAYS, Duration, format_minutes

FIRST_YEAR, LAST_YEAR = 2000, 2200
"""The years any date may have, typed or written in a course: every plan stays finite."""
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MAX_MINUTES_PER_DAY = MAX_DAILY_MINUTES

Direction = Literal["past", "future", "any"]

_RANGE = re.compile(r"^\s*(\S+?)\s*(?:\.\.|\s+to\s+)\s*(\S+)\s*$")
# Any count of days or weeks is read (a date beyond the years allowed is then refused as
# out of range, not as "not a date"); 12 digits keep int() and timedelta cheap.
_AGO = re.compile(r"^(\d{1,12})\s*(d|day|days|w|wk|week|weeks)\s+ago$")
_AHEAD = re.compile(r"^(?:\+\s*|in\s+)(\d{1,12})\s*(d|day|days|w|wk|week|weeks)$")


def date_words(direction: Direction) -> str:
    """What a date option accepts, for its ``--help`` and its error messages."""
    past = "today, yesterday, 3 days ago, a weekday (friday: the most recent)"
    future = "today, tomorrow, +10d, +8w, in 3 weeks, a weekday (monday: the next)"
    words = {"past": past, "future": future, "any": f"{past}, tomorrow, +8w"}[direction]
    return f"YYYY-MM-DD, {words}"


def parse_date(
    text: str, option: str, today: date | None = None, direction: Direction = "any"
) -> date:
    """A date option's value as a date (see the module docstring for what it accepts)."""
    raw = " ".join(str(text).strip().lower().split())
    today = today or date.today()
    day = _relative(raw, today, direction)
    if day is None:
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            raise CourseError(
                f"'{text}' is not a date; write {date_words(direction)}", option
            ) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        said = day.isoformat()
        if raw != said:  # a relative date: the words typed, and the day they give
            said = f"'{text}'" if day in (date.min, date.max) else f"'{text}' ({said})"
        raise CourseError(f"{said} is out of range (years {FIRST_YEAR} to {LAST_YEAR})", option)
    return day


def _relative(raw: str, today: date, direction: Direction) -> date | None:
    words = {"today": 0, "now": 0, "yesterday": -1, "tomorrow": 1}
    if raw in words:
        return today + timedelta(days=words[raw])
    for pattern, sign in ((_AGO, -1), (_AHEAD, 1)):
        match = pattern.match(raw)
        if match:
            days = int(match[1]) * (7 if match[2].startswith("w") else 1)
            try:
                return today + timedelta(days=sign * days)
            except OverflowError:  # beyond year 9999: out of range all the same
                return date.max if sign > 0 else date.min
    which, _, name = raw.rpartition(" ")
    weekday = _weekday_number(name)
    if weekday is None or which not in ("", "last", "next"):
        return None
    back = (today.weekday() - weekday) % 7
    ahead = (weekday - today.weekday()) % 7
    if which == "last" or (which == "" and direction == "past"):
        return today - timedelta(days=back or (7 if which == "last" else 0))
    if which == "next":
        return today + timedelta(days=ahead or 7)
    return today + timedelta(days=ahead)


def _weekday_number(word: str) -> int | None:
    # "mon", "mond" and "monday" all name Monday; fewer than three letters is ambiguous.
    if len(word) < 3:
        return None
    return next((n for n, name in enumerate(DAY_NAMES) if name.startswith(word)), None)


def parse_date_range(
    text: str, option: str = "--skip", today: date | None = None
) -> tuple[date, date]:
    """``2026-12-24`` or ``2026-12-24..2027-01-01`` (inclusive) as ``(first, last)``."""
    match = _RANGE.match(text)
    if not match:
        day = parse_date(text, option, today)
        return day, day
    first, last = parse_date(match[1], option, today), parse_date(match[2], option, today)
    if last < first:
        raise CourseError(f"'{text}' ends before it begins; write FIRST..LAST", option)
    return first, last


def parse_weekdays(text: str, option: str = "--days") -> tuple[int, ...]:
    """``mon,wed,sat`` (or ``mon-fri``, ``weekdays``, ``every day``) as weekdays, Monday = 0."""
    raw = text.strip().lower()
    if raw in {"every day", "everyday", "daily", "all"}:
        return tuple(range(7))
    if raw in {"weekdays", "workdays"}:
        return tuple(range(5))
    if raw in {"weekend", "weekends"}:
        return (5, 6)
    days: set[int] = set()
    for word in filter(None, (w.strip() for w in raw.replace(" ", ",").split(","))):
        if "-" in word:
            first, _, last = word.partition("-")
            a, b = _weekday(first, text, option), _weekday(last, text, option)
            # "fri-mon" wraps around the weekend
            days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
        else:
            days.add(_weekday(word, text, option))
    if not days:
        raise CourseError(f"'{text}' names no study days; write them like mon,wed,sat", option)
    return tuple(sorted(days))


def _weekday(word: str, text: str, option: str) -> int:
    number = _weekday_number(word)
    if number is not None:
        return number
    where = "" if word == text.strip().lower() else f" in '{text}'"
    raise CourseError(
        f"'{word}'{where} is not a weekday; use mon, tue, wed, thu, fri, sat, sun, "
        "a range like mon-fri, weekdays, weekends or 'every day'" + did_you_mean(word, WEEKDAYS),
        option,
    )


def parse_daily_time(text: str, option: str = "--hours-per-day") -> Duration:
    """``1.5h`` or ``1-2h``: study time per study day (a day has 24 hours)."""
    try:
        hours = Duration.parse(text)
    except ValueError as exc:
        raise CourseError(str(exc), option) from None
    if hours.high > MAX_MINUTES_PER_DAY:
        raise CourseError(f"'{text}' is more than the 24 hours a day has", option)
    if hours.low < MIN_DAILY_MINUTES:
        raise CourseError(
            f"'{text}' is less than {format_minutes(MIN_DAILY_MINUTES)}, the least a pace may "
            "give a study day",
            option,
        )
    return hours


def parse_minutes(text: str, option: str, limit: int) -> int:
    """A time that something took, as one value (``1h20m``, ``45m``), at most ``limit``."""
    try:
        duration = Duration.parse(text)
    except ValueError as exc:
        raise CourseError(str(exc), option) from None
    if duration.is_range:
        raise CourseError(
            f"'{text}' is a range; record the time it took as one value, like 1h20m", option
        )
    if duration.low > limit:
        raise CourseError(f"'{text}' is more than {format_minutes(limit)}", option)
    return duration.low


def parse_clock_time(text: str, option: str = "--at") -> time:
    """``19:00`` or ``7:30`` as a time of day."""
    try:
        hours, minutes = (int(part) for part in text.strip().split(":"))
        return time(hours, minutes)
    except ValueError:
        raise CourseError(
            f"'{text}' is not a time of day; write it as HH:MM, e.g. 19:00", option
        ) from None


def local_noon(day: date) -> datetime:
    """Noon of ``day`` in the machine's time zone, as a UTC time: what a date records."""
    return datetime(day.year, day.month, day.day, 12).astimezone().astimezone(UTC)


def parse_moment(text: str, option: str, today: date | None = None) -> datetime:
    """A date (noon, local time; any form :func:`parse_date` reads) or an ISO 8601 time
    (UTC unless it carries an offset), as an aware UTC time."""
    raw = text.strip()
    refused = CourseError(
        f"'{text}' is not a date or time; write {date_words('any')}, "
        "or a time like 2027-03-14T09:30Z",
        option,
    )
    if "t" in raw.lower() and ":" in raw:
        try:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            raise refused from None
        if not FIRST_YEAR <= moment.year <= LAST_YEAR:
            raise CourseError(f"{raw} is out of range (years {FIRST_YEAR} to {LAST_YEAR})", option)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    if _relative(" ".join(raw.lower().split()), today or date.today(), "any") is None:
        try:
            date.fromisoformat(raw)
        except ValueError:
            raise refused from None
    return local_noon(parse_date(raw, option, today))
