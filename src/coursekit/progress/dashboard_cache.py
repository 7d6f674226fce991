"""A cache of what the dashboard derives, so it need not replay a long log every time.

Replaying 20,000 events and scheduling a 1,000-lesson course take most of the time
``coursekit progress`` has. Both are pure functions of their inputs, so their
results are kept in one small JSON file per (database, course, learner) in the
user's cache folder, with what they were computed from:

- the learner's log version (:meth:`Store.log_version`: count, last seq, last uid;
  the log only grows, so any new event changes it);
- the course's lesson ids in order, the local time zone and the coursekit version.

When only the log moved on, and every new event is later than all replayed so far
and is neither an ``undo`` nor a ``reset`` (a lesson just marked done), the saved
replay is extended with the new events alone. Anything else is replayed in full.
A missing, damaged or unwritable cache only costs time: the database stays the one
source of truth.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursekit.fileio import save_cache
from coursekit.model import Course
from coursekit.progress.state import (
    PROGRESS_TYPES,
    Enrollment,
    Progress,
    Replay,
    effective_events,
)

if TYPE_CHECKING:
    from coursekit.events.store import Store

FORMAT = 5  # 4: exercises marked done; 5: sessions by lesson and day
MAX_PLANS = 64


def dashboard_cache_path(cache_dir: Path, db: Path, course: str, learner: str) -> Path:
    key = "\0".join((str(db.resolve()), course, learner))
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return cache_dir / "dashboards" / f"{digest}.json"


def course_key(course: Course) -> str:
    """What a replay depends on besides the events: lessons, modules, time zone, version."""
    from coursekit import __version__

    lessons = "\n".join(f"{lesson.id} {lesson.status}" for lesson in course.lessons())
    modules = "\n".join(module.id for module in course.modules)
    zone = (os.environ.get("TZ", ""), time.tzname, time.timezone, time.altzone)
    text = json.dumps([__version__, course.id, repr(zone), lessons, modules])
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def derived_progress(course: Course, learner: str, store: Store, cache: DashboardCache) -> Progress:
    """The learner's :class:`Progress`, from the cache when it is still good."""
    version = list(store.log_version(course.id, learner))
    key = course_key(course)
    replay = cache.replay(key, course, learner)
    log = cache.data.get("log")
    if replay is not None and log == version:
        return replay.progress()
    if replay is not None and _extend(replay, log, version, store, course.id, learner):
        cache.keep(key, version, replay)
        return replay.progress()
    # Reviews are the review command's business, and often most of the log.
    events = store.events(course.id, learner, (*PROGRESS_TYPES, "undo"))
    replay = Replay(course, learner)
    for event in effective_events(events):
        replay.apply(event)
    cache.keep(key, version, replay)
    return replay.progress()


def _extend(
    replay: Replay, log: Any, version: list[Any], store: Store, course: str, learner: str
) -> bool:
    """Apply the events recorded since ``log`` when that gives the same as a full replay."""
    if not (isinstance(log, list) and len(log) == 3 and all(type(x) is int for x in log[:2])):
        return False
    count, seq, uid = log
    if not (version[0] > count and version[1] > seq) or store.uid_at(seq) != uid:
        return False
    new = store.events(course, learner, after_seq=seq)
    if len(new) != version[0] - count or any(e.type in ("undo", "reset") for e in new):
        return False
    mine = [e for e in new if e.type in PROGRESS_TYPES]
    if replay.last_at is not None and any(e.at < replay.last_at for e in mine):
        return False  # recorded with an earlier date: the order of the replay changes
    for event in mine:
        replay.apply(event)
    return True


class DashboardCache:
    """The cache file's content: a replay for one log version, and schedule dates."""

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

    def replay(self, key: str, course: Course, learner: str) -> Replay | None:
        """The saved replay when it was made for ``key``, else ``None``."""
        if self.data.get("key") != key:
            return None
        try:
            return _replay_from_json(self.data["replay"], course, learner)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def keep(self, key: str, log: list[Any], replay: Replay) -> None:
        self.data.update(key=key, log=log, replay=_replay_to_json(replay))
        self._changed = True

    def save(self) -> None:
        """Write the file if anything changed; failures are ignored (it is a cache)."""
        if not self._changed and self.plans == self._plans_before:
            return
        if len(self.plans) > MAX_PLANS:  # keep the newest (dicts keep insertion order)
            self.plans = dict(list(self.plans.items())[-MAX_PLANS:])
        self.data.update(format=FORMAT, plans=self.plans)
        save_cache(self.path, self.data)


def _replay_to_json(r: Replay) -> dict[str, Any]:
    e = r.enrollment
    return {
        "enrollment": None
        if e is None
        else {
            "pace": e.pace,
            "start": e.start.isoformat(),
            "target": e.target.isoformat() if e.target else None,
            "at": e.at.isoformat(),
        },
        "completed": {k: d.isoformat() for k, d in r.completed.items()},
        "reported": r.reported,
        "sessions": {
            k: {d.isoformat(): m for d, m in days.items()} for k, days in r.sessions.items()
        },
        "not_in_course": r.not_in_course,
        "exercises_done": {k: d.isoformat() for k, d in r.exercises_done.items()},
        "events": r.events,
        "last_at": r.last_at.isoformat() if r.last_at else None,
    }


def _replay_from_json(data: dict[str, Any], course: Course, learner: str) -> Replay:
    r = Replay(course, learner)
    e = data["enrollment"]
    if e is not None:
        r.enrollment = Enrollment(
            pace=str(e["pace"]),
            start=date.fromisoformat(e["start"]),
            target=date.fromisoformat(e["target"]) if e["target"] else None,
            at=datetime.fromisoformat(e["at"]),
        )
    r.completed = {str(k): date.fromisoformat(v) for k, v in data["completed"].items()}
    r.reported = {str(k): int(v) for k, v in data["reported"].items()}
    r.sessions = {
        str(k): {date.fromisoformat(d): int(m) for d, m in days.items()}
        for k, days in data["sessions"].items()
    }
    r.not_in_course = {str(k): int(v) for k, v in data["not_in_course"].items()}
    r.exercises_done = {str(k): date.fromisoformat(v) for k, v in data["exercises_done"].items()}
    r.events = int(data["events"])
    r.last_at = datetime.fromisoformat(data["last_at"]) if data["last_at"] else None
    if r.last_at is not None and r.last_at.tzinfo is None:
        raise ValueError("naive time in the cache")
    return r
