"""One learner event: its type, time, course, learner, stable uid and data.

The event types are listed once, here; the exchange file's reader, the site's script
(checked by a test) and the store all go by this list. An event's uid is its
identity across databases and exchange files: :func:`new_uid` makes every new one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

#: The event types coursekit writes; ``flashcard_review`` is written by ``coursekit review``.
#: ``lesson_time`` is the total time a finished lesson took, recorded after it was marked
#: done: it changes no date. ``exercises_completed`` (a module's exercises marked done)
#: is written by the site.
EVENT_TYPES = (
    "enrolled",
    "lesson_completed",
    "lesson_time",
    "study_session",
    "undo",
    "reset",
    "flashcard_review",
    "exercises_completed",
)


#: The site's two self-grade buttons ("Got it", "Not yet"), as the FSRS ratings they mean.
SITE_GRADES: dict[str, int] = {"got_it": 3, "not_yet": 1}


@dataclass(frozen=True)
class Event:
    """One thing a learner did, at an aware UTC time, with type-specific ``data``.

    ``seq`` is the recording order inside one database (0 for an event not yet
    stored); it is not part of an event's identity, ``uid`` is.
    """

    uid: str
    type: str
    at: datetime
    course: str
    learner: str
    data: dict[str, Any]
    seq: int = field(default=0, compare=False)


_new = object.__new__
_set = object.__setattr__


def event_from_row(
    uid: str, kind: str, at: datetime, course: str, learner: str, data: dict[str, Any], seq: int
) -> Event:
    # Event(...) through the frozen dataclass __init__ costs a setattr per field;
    # the dashboard builds 20,000 of these, so fill the instance dict in one go.
    event = _new(Event)
    _set(
        event,
        "__dict__",
        {
            "uid": uid,
            "type": kind,
            "at": at,
            "course": course,
            "learner": learner,
            "data": data,
            "seq": seq,
        },
    )
    return event


def new_uid() -> str:
    """A new event's uid: 32 hexadecimal digits of a random UUID."""
    return uuid.uuid4().hex


def format_at(at: datetime) -> str:
    """A fixed-width UTC timestamp (``2024-05-01T09:30:00.000000Z``) that sorts as text."""
    if at.tzinfo is None:
        raise ValueError("event time must be timezone-aware")
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_at(text: str) -> datetime:
    """Read a timestamp written by :func:`format_at`."""
    # fromisoformat is C code: 20,000 events parse in a few ms (strptime takes 300).
    return datetime.fromisoformat(text)
