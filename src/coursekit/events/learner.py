"""One learner's log in one course: the handle every learner action works through.

Reading never creates the database; the first event written does, so a refused
action leaves no empty database behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from coursekit.errors import CourseError
from coursekit.events.event import Event, new_uid
from coursekit.events.replay import last_undoable
from coursekit.events.store import Store
from coursekit.model import Course


@dataclass(frozen=True)
class Learner:
    """Whose log, in which course, in which database file."""

    course: Course
    name: str
    db: Path

    def open(self, create: bool = True) -> Store:
        return Store.open(self.db, create=create)

    def events(self) -> list[Event]:
        """Every event of the learner in the course (none when there is no database)."""
        if not self.db.exists():
            return []
        with self.open(create=False) as store:
            return store.events(self.course.id, self.name)

    def event(self, kind: str, at: datetime, **data: Any) -> Event:
        return Event(new_uid(), kind, at, self.course.id, self.name, data)

    def append(self, *events: Event) -> int:
        with self.open() as store:
            return store.append(events)

    def undo_last(self, types: Sequence[str], at: datetime) -> Event:
        """Reverse the last event of ``types`` still in force (an ``undo`` event); returns it."""
        target = last_undoable(self.events(), types)
        if target is None:
            nothing = f"nothing to undo for {self.name} in {self.course.title}"
            raise CourseError(nothing, str(self.db))
        self.append(self.event("undo", at, event=target.uid))
        return target
