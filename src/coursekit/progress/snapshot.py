"""A cache of what the dashboard derives, so it need not replay a long log every time.

Replaying 20,000 events and scheduling a 1,000-lesson course take most of the time
``coursekit progress`` has. Both are pure functions of their inputs, so their
results are kept in one small JSON file per (database, course, learner) in the
user's cache folder, together with the key they were computed from:

- the learner's log version (:meth:`Store.log_version`: count, last seq, last uid;
  the log only grows, so any new event changes it),
- the course's lesson ids in order (derived state depends on which lessons exist),
- the local time zone (events are counted on local calendar days),
- the coursekit version.

Anything that does not match is recomputed; a missing, damaged or unwritable cache
only costs time. The database stays the one source of truth.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

from coursekit.model import Course
from coursekit.progress.state import Enrollment, Progress

FORMAT = 1
MAX_PLANS = 64


def cache_file(cache_dir: Path, db: Path, course: str, learner: str) -> Path:
    key = "\0".join((str(db.resolve()), course, learner))
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return cache_dir / "dashboards" / f"{digest}.json"


def state_key(course: Course, log_version: tuple[int, int, str]) -> str:
    """What the derived state depends on, besides the events' content."""
    from coursekit import __version__

    lessons = "\n".join(lesson.id for lesson in course.lessons())
    zone = (os.environ.get("TZ", ""), time.tzname, time.timezone, time.altzone)
    text = json.dumps([__version__, course.id, list(log_version), repr(zone), lessons])
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


class Snapshot:
    """The cache file's content: the derived state for one key, and schedule dates."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, Any] = {}
        try:
            loaded = json.loads(path.read_bytes())
            if isinstance(loaded, dict) and loaded.get("format") == FORMAT:
                self.data = loaded
        except (OSError, ValueError, RecursionError):
            pass
        plans = self.data.get("plans")
        self.plans: dict[str, list[str]] = plans if isinstance(plans, dict) else {}
        self._plans_before = dict(self.plans)
        self._changed = False

    def progress(self, key: str, course: str, learner: str) -> Progress | None:
        """The cached state when it was derived for ``key``, else ``None``."""
        if self.data.get("key") != key:
            return None
        try:
            return _progress_from_json(self.data["progress"], course, learner)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def keep(self, key: str, progress: Progress) -> None:
        self.data["key"] = key
        self.data["progress"] = _progress_to_json(progress)
        self._changed = True

    def save(self) -> None:
        """Write the file if anything changed; failures are ignored (it is a cache)."""
        if not self._changed and self.plans == self._plans_before:
            return
        if len(self.plans) > MAX_PLANS:  # keep the newest (dicts keep insertion order)
            self.plans = dict(list(self.plans.items())[-MAX_PLANS:])
        self.data.update(format=FORMAT, plans=self.plans)
        temp = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp.write_text(json.dumps(self.data, separators=(",", ":")), encoding="utf-8")
            os.replace(temp, self.path)
        except OSError:
            temp.unlink(missing_ok=True)


def _days(mapping: dict[date, Any]) -> dict[str, Any]:
    return {d.isoformat(): v for d, v in mapping.items()}


def _progress_to_json(p: Progress) -> dict[str, Any]:
    e = p.enrollment
    return {
        "enrollment": None
        if e is None
        else {
            "pace": e.pace,
            "start": e.start.isoformat(),
            "target": e.target.isoformat() if e.target else None,
            "at": e.at.isoformat(),
        },
        "completed": _days_by_lesson(p.completed),
        "reported_minutes": p.reported_minutes,
        "logged_minutes": p.logged_minutes,
        "minutes_by_day": _days(p.minutes_by_day),
        "not_in_course": p.not_in_course,
        "events": p.events,
        "first_activity": p.first_activity.isoformat() if p.first_activity else None,
        "last_activity": p.last_activity.isoformat() if p.last_activity else None,
    }


def _days_by_lesson(mapping: dict[str, date]) -> dict[str, str]:
    return {lesson: d.isoformat() for lesson, d in mapping.items()}


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _progress_from_json(data: dict[str, Any], course: str, learner: str) -> Progress:
    e = data["enrollment"]
    enrollment = None
    if e is not None:
        enrollment = Enrollment(
            pace=str(e["pace"]),
            start=date.fromisoformat(e["start"]),
            target=_date(e["target"]),
            at=datetime.fromisoformat(e["at"]),
        )
    return Progress(
        course=course,
        learner=learner,
        enrollment=enrollment,
        completed={k: date.fromisoformat(v) for k, v in data["completed"].items()},
        reported_minutes={k: int(v) for k, v in data["reported_minutes"].items()},
        logged_minutes={k: int(v) for k, v in data["logged_minutes"].items()},
        minutes_by_day={date.fromisoformat(k): int(v) for k, v in data["minutes_by_day"].items()},
        not_in_course={k: int(v) for k, v in data["not_in_course"].items()},
        events=int(data["events"]),
        first_activity=_date(data["first_activity"]),
        last_activity=_date(data["last_activity"]),
    )
