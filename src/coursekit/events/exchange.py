"""The progress exchange file: what ``progress export`` writes and ``progress import`` reads.

The format (docs/format.md, "Learner progress files") is shared with the site's
"export progress" button::

    {"format": "coursekit-progress", "version": 1, "course": "<course id>",
     "learner": "<name>", "events": [{"type": ..., "at": "<UTC ISO-8601>",
                                      "uid": ..., <the event's fields>}, ...]}

Events are written in recording order, so ``undo`` and ``reset`` mean the same
after a round trip. Reading validates everything first and returns every problem
(``file: events[12].at: ...``); nothing is written unless the whole file is valid.
An event without a ``uid`` (older site exports) gets one derived from its content,
so importing the same file twice adds nothing.

The site's reader (``site/static/exchange.js``) applies the same rules: both accept
and refuse the same files and name the same places in them, which the shared corpus
``tests/exchange_corpus`` checks.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from coursekit.course.ids import CARD_ID, SLUG
from coursekit.errors import CourseError, Problem
from coursekit.events.event import EVENT_TYPES, SITE_GRADES, Event, event_from_row, format_at

FORMAT = "coursekit-progress"
VERSION = 1
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_EVENTS = 200_000
MAX_PROBLEMS = 30
MAX_DEPTH = 20  # a progress file needs 3 levels of nesting
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)

UID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}\Z")
PACE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _-]{0,63}\Z")
# ASCII digits only: \d would also take other scripts' digits, which no ISO 8601 time has.
UTC_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?"
    r"(?:Z|\+00:00)\Z"
)
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")  # not the week dates fromisoformat takes

# Per type: field -> (required, checker). A checker returns an error message or None.
_Checker = Any


def _minutes(limit: int) -> _Checker:
    def check(value: Any) -> str | None:
        if type(value) is not int or not 1 <= value <= limit:
            return f"expected whole minutes from 1 to {limit}, got {_show(value)}"
        return None

    return check


def _match(pattern: re.Pattern[str], what: str) -> _Checker:
    def check(value: Any) -> str | None:
        if not isinstance(value, str) or not pattern.match(value):
            return f"expected {what}, got {_show(value)}"
        return None

    return check


def _iso_date(optional: bool) -> _Checker:
    def check(value: Any) -> str | None:
        if value is None and optional:
            return None
        if isinstance(value, str) and DATE.match(value):
            try:
                day = date.fromisoformat(value)
                if 2000 <= day.year <= 2200:
                    return None
            except ValueError:
                pass
        return f"expected a date like 2025-01-31, got {_show(value)}"

    return check


def _rating(value: Any) -> str | None:
    if type(value) is not int or value not in (1, 2, 3, 4):
        return f"expected a rating 1-4 (Again, Hard, Good, Easy), got {_show(value)}"
    return None


def _grade(value: Any) -> str | None:
    if value not in SITE_GRADES:
        return f"expected 'got_it' or 'not_yet', got {_show(value)}"
    return None


LESSON = _match(SLUG, "a lesson id (a lowercase slug)")
FIELDS: dict[str, dict[str, tuple[bool, _Checker]]] = {
    "enrolled": {
        "pace": (False, _match(PACE_NAME, "a pace name")),
        "start": (False, _iso_date(optional=False)),
        "target": (False, _iso_date(optional=True)),
    },
    "lesson_completed": {"lesson": (True, LESSON), "minutes": (False, _minutes(14_400))},
    "lesson_time": {"lesson": (True, LESSON), "minutes": (True, _minutes(14_400))},
    "study_session": {"lesson": (True, LESSON), "minutes": (True, _minutes(1_440))},
    "undo": {"event": (True, _match(UID, "the uid of the event to undo"))},
    "reset": {},
    "flashcard_review": {
        "card": (True, _match(CARD_ID, "a flashcard id (a lowercase slug)")),
        "rating": (False, _rating),
        "grade": (False, _grade),
    },
    "exercises_completed": {"module": (True, _match(SLUG, "a module id (a lowercase slug)"))},
}
assert set(FIELDS) == set(EVENT_TYPES)


def _whole(value: Any) -> Any:
    """An integral float (``30.0``, ``3e1``) as the int it is. JSON does not tell the two
    apart, nor can the site's reader (JavaScript), so both take it as a whole number."""
    if type(value) is float and value.is_integer():
        return int(value)
    return value


def _shape_problem(data: Any) -> str | None:
    """Why ``data`` is refused as a whole, or ``None``: nested more than MAX_DEPTH levels,
    or holding a number JavaScript cannot hold (NaN, infinite, beyond 1.8e308).

    Python's json reads some such files where the site's JSON.parse does not, and the
    other way round (deep nesting); refused whole, they get the same answer from both.
    """
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        kind = type(value)
        if kind is dict or kind is list:
            if depth >= MAX_DEPTH:
                return f"is nested more than {MAX_DEPTH} levels deep"
            items = value.values() if kind is dict else value
            # Text is most of a file and always fine: only the rest is looked at.
            stack.extend((item, depth + 1) for item in items if type(item) is not str)
        elif (kind is float and not math.isfinite(value)) or (
            kind is int and abs(value) > sys.float_info.max
        ):
            return "holds a number too large to read (or NaN)"
    return None


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, float) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def format_time(at: datetime) -> str:
    """``2025-01-06T12:00:00Z`` (with microseconds only when there are some)."""
    at = at.astimezone(UTC)
    if at.microsecond:
        return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(value: Any, latest: datetime) -> tuple[datetime | None, str]:
    """A UTC ISO-8601 time between 2000 and ``latest``, or ``(None, why)``."""
    if not isinstance(value, str) or len(value) > 40:
        return None, f"expected a UTC time like 2025-01-31T18:00:00Z, got {_show(value)}"
    m = UTC_TIME.match(value)
    if not m:
        return None, (
            f"expected a UTC time like 2025-01-31T18:00:00Z (ending in Z or +00:00), "
            f"got {_show(value)}"
        )
    fraction = m.group(7)
    at = None
    if fraction is None or len(fraction) <= 6:
        # fromisoformat is C code, 5x faster than the fields one by one; a cohort
        # report reads millions of times. A time it refuses gets the message below.
        with contextlib.suppress(ValueError):
            at = datetime.fromisoformat(value)
    if at is None:
        y, mo, d, h, mi, s = (int(x) for x in m.groups()[:6])
        micro = int((fraction or "0").ljust(6, "0")[:6])
        try:
            at = datetime(y, mo, d, h, mi, s, micro, tzinfo=UTC)
        except ValueError as exc:
            return None, f"{value} is not a real time ({exc})"
    if at < EARLIEST or at > latest:
        return None, f"{value} is out of range (from 2000 to {latest.date().isoformat()})"
    return at, ""


# --------------------------------------------------------------------------- export


def export_document(course: str, learner: str, events: Sequence[Event]) -> dict[str, Any]:
    """The exchange file for ``events`` (all of one learner in one course)."""
    ordered = sorted(events, key=lambda e: (e.seq, e.at))
    return {
        "format": FORMAT,
        "version": VERSION,
        "course": course,
        "learner": learner,
        "events": [
            {"type": e.type, "at": format_time(e.at), "uid": e.uid, **e.data} for e in ordered
        ],
    }


def pseudonym(course: str, events: Sequence[dict[str, Any]]) -> str:
    """A learner's stable stand-in name: ``anon-`` and 10 hex digits of the 64-bit
    FNV-1a hash of ``<course>\\n<uid>``, the uid of the learner's earliest event (by
    time, ties: the smaller uid).

    Every export of the same learner gives the same pseudonym, from the CLI or the
    site (``exchange.js`` computes the same; FNV-1a because browsers only offer SHA
    on https pages), while nothing in it comes from the name, so a class list does
    not reveal who is who. Only importing older events later changes it.
    """
    firsts = [
        (format_at(datetime.fromisoformat(e["at"])), e["uid"]) for e in events if e.get("uid")
    ]
    first = min(firsts, default=("", ""))[1]
    value = 0xCBF29CE484222325
    for byte in f"{course}\n{first}".encode():
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"anon-{value:016x}"[:15]


def anonymous_document(document: dict[str, Any], paces: Sequence[str]) -> dict[str, Any]:
    """``document`` without anything that could name the learner: the name replaced by
    :func:`pseudonym`, and pace names the course does not define (typed by someone)
    dropped. Ids, times, minutes and ratings stay: they are what a cohort report reads."""
    events = []
    for event in document["events"]:
        if event.get("type") == "enrolled" and event.get("pace") not in paces:
            event = {k: v for k, v in event.items() if k != "pace"}
        events.append(event)
    keep = {k: v for k, v in document.items() if k not in ("learner", "exported_at", "events")}
    return {**keep, "learner": pseudonym(document["course"], events), "events": events}


def dumps(document: dict[str, Any]) -> str:
    """The file's text: one event per line, so a diff of two exports reads well."""
    head = {k: v for k, v in document.items() if k != "events"}
    lines = [json.dumps(e, ensure_ascii=False, sort_keys=False) for e in document["events"]]
    body = ",\n    ".join(lines)
    text = json.dumps(head, ensure_ascii=False, indent=2)[:-2]
    events = f'  "events": [\n    {body}\n  ]' if lines else '  "events": []'
    return f"{text},\n{events}\n}}\n"


# --------------------------------------------------------------------------- import


@dataclass
class Parsed:
    """A valid exchange file, ready to append (events carry the importing learner)."""

    course: str
    learner_in_file: str
    events: list[Event]
    not_in_course: dict[str, int] = field(default_factory=dict)


def read_file(path: Path, after: str = "; nothing was imported") -> Any:
    """The JSON in ``path`` (at most 20 MB: a larger file is refused from its size,
    unread), or :class:`CourseError` whose message ends with ``after``."""
    from coursekit.fileio import read_json_file

    return read_json_file(path, MAX_FILE_BYTES, "a progress file", after)


def parse_document(
    data: Any,
    source: str,
    course: str,
    learner: str,
    lesson_ids: set[str],
    now: datetime,
) -> Parsed:
    """Validate an exchange document completely; raise one problem per mistake.

    ``learner`` is who the events are imported for; ``lesson_ids`` the course's
    lessons (others are accepted and counted in ``not_in_course``).
    """
    problems: list[Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(source, message, None, key))

    shape = _shape_problem(data)
    if shape:
        raise CourseError(Problem(source, f"{shape}: not a progress file"))
    if not isinstance(data, dict):
        raise CourseError(
            Problem(source, f"expected a progress file (a JSON object), got {_show(data)}")
        )
    if data.get("format") != FORMAT:
        bad("format", f'expected "{FORMAT}", got {_show(data.get("format"))}: not a progress file')
        raise CourseError(problems)
    version = _whole(data.get("version"))
    if type(version) is not int or version != VERSION:
        newer = type(version) is int and version > VERSION
        bad(
            "version",
            "made by a newer coursekit; upgrade to import it"
            if newer
            else f"expected {VERSION}, got {_show(version)}",
        )
    for key in data:
        if key not in ("format", "version", "course", "learner", "events", "exported_at"):
            bad(str(key)[:64], "unknown key")
    file_course = data.get("course")
    if not isinstance(file_course, str) or not SLUG.match(file_course):
        bad("course", f"expected the course id, got {_show(file_course)}")
    elif file_course != course:
        bad(
            "course",
            f"this file is for course '{file_course}', not '{course}'; "
            "give the right course with --course",
        )
    file_learner = data.get("learner", "")
    if (
        not isinstance(file_learner, str)
        or len(file_learner) > 100
        or any(ord(c) < 32 for c in file_learner)
    ):
        bad("learner", f"expected a name of at most 100 characters, got {_show(file_learner)}")
        file_learner = ""
    raw_events = data.get("events")
    if not isinstance(raw_events, list):
        bad("events", f"expected a list of events, got {_show(raw_events)}")
        raise CourseError(problems)
    if len(raw_events) > MAX_EVENTS:
        bad("events", f"{len(raw_events)} events; at most {MAX_EVENTS} can be imported at once")
        raise CourseError(problems)
    latest = now + timedelta(days=1)
    events: list[Event] = []
    by_uid: dict[str, Event] = {}
    not_in_course: dict[str, int] = {}
    for n, raw in enumerate(raw_events):
        if len(problems) >= MAX_PROBLEMS:
            break
        event = _parse_event(raw, f"events[{n}]", bad, course, learner, latest)
        if event is None:
            continue
        seen = by_uid.get(event.uid)
        if seen is not None:
            if (seen.type, seen.at, seen.data) != (event.type, event.at, event.data):
                bad(f"events[{n}].uid", f"'{event.uid}' is used by two different events")
            continue
        by_uid[event.uid] = event
        lesson = event.data.get("lesson")
        if isinstance(lesson, str) and lesson not in lesson_ids:
            not_in_course[lesson] = not_in_course.get(lesson, 0) + 1
        events.append(event)
    if problems:
        if len(problems) >= MAX_PROBLEMS:
            problems.append(
                Problem(source, "... stopped after this many problems; nothing was imported")
            )
        raise CourseError(problems)
    return Parsed(course, file_learner, events, not_in_course)


def _parse_event(
    raw: Any, key: str, bad: Any, course: str, learner: str, latest: datetime
) -> Event | None:
    if not isinstance(raw, dict):
        bad(key, f"expected an event (a mapping), got {_show(raw)}")
        return None
    kind = raw.get("type")
    if not isinstance(kind, str) or kind not in FIELDS:
        bad(f"{key}.type", f"expected one of {', '.join(EVENT_TYPES)}, got {_show(kind)}")
        return None
    ok = True
    at, why = parse_time(raw.get("at"), latest)
    if at is None:
        bad(f"{key}.at", why)
        ok = False
    uid = raw.get("uid")
    if uid is not None and (not isinstance(uid, str) or not UID.match(uid)):
        bad(f"{key}.uid", f"expected an event id (letters, digits, . _ : -), got {_show(uid)}")
        ok = False
    spec = FIELDS[kind]
    data: dict[str, Any] = {}
    for name, value in raw.items():
        if name in ("type", "at", "uid"):
            continue
        if name not in spec:
            bad(f"{key}.{str(name)[:64]}", f"unknown field for a {kind} event")
            ok = False
            continue
        value = _whole(value)
        message = spec[name][1](value)
        if message:
            bad(f"{key}.{name}", message)
            ok = False
        elif value is not None:
            data[name] = value
    for name, (required, _) in spec.items():
        if required and name not in raw:
            bad(f"{key}.{name}", f"missing: a {kind} event needs '{name}'")
            ok = False
    if kind == "flashcard_review" and "rating" not in raw and "grade" not in raw and ok:
        bad(key, "a flashcard review needs 'rating' (1-4) or 'grade'")
        ok = False
    if not ok or at is None:
        return None
    if uid is None:
        uid = derived_uid(kind, at, data, course, learner)
    return event_from_row(uid, kind, at, course, learner, data, 0)


def derived_uid(kind: str, at: datetime, data: dict[str, Any], course: str, learner: str) -> str:
    """A stable uid for an event that came without one: the same content (for the same
    learner in the same course), the same uid."""
    content = json.dumps(
        [course, learner, kind, format_time(at), data], sort_keys=True, ensure_ascii=False
    )
    return "d-" + hashlib.sha256(content.encode()).hexdigest()[:32]
