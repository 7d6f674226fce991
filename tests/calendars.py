"""Every .ics the tests make is read by two independent parsers, which must agree:
the ``icalendar`` package (which coursekit writes with) and the ``ical`` package (a
separate, stricter implementation with its own RFC 5545 grammar), so a file that only
coursekit's own library would accept fails here."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar


def read_events(data: bytes | str) -> list[dict[str, Any]]:
    """The events of an .ics file, as both parsers read them (asserting they agree):
    uid, sequence, start, end, summary, description, transparency, stamp."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    ours = [
        {
            "uid": str(e["UID"]),
            "sequence": int(e["SEQUENCE"]),
            "start": e.decoded("DTSTART"),
            "end": e.decoded("DTEND"),
            "summary": str(e["SUMMARY"]),
            "description": str(e["DESCRIPTION"]),
            "transparent": str(e["TRANSP"]) == "TRANSPARENT",
            "stamp": e.decoded("DTSTAMP"),
        }
        for e in Calendar.from_ical(text).walk("VEVENT")
    ]
    calendar = IcsCalendarStream.calendar_from_ics(text)
    theirs = [
        {
            "uid": e.uid,
            "sequence": e.sequence,
            "start": _plain(e.dtstart),
            "end": _plain(e.dtend),
            "summary": e.summary,
            "description": e.description,
            "transparent": str(e.transparency).upper().endswith("TRANSPARENT"),
            "stamp": e.dtstamp,
        }
        for e in calendar.events
    ]
    for a, b in zip(ours, theirs, strict=True):
        for key in a:
            left, right = a[key], b[key]
            if isinstance(left, datetime) and isinstance(right, datetime) and left.tzinfo:
                assert left == right, (key, left, right)
            else:
                assert _plain(left) == _plain(right), (key, left, right)
    return ours


def _plain(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is not None and str(value.tzinfo) == "UTC":
        return value
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else value
    if isinstance(value, date):
        return value
    return value
