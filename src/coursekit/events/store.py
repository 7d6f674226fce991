"""The progress database: one SQLite file, an append-only log of learner events.

Nothing is ever updated or deleted: a correction (``undo``) or a fresh start
(``reset``) is itself an event, and the learner's state is derived from the log
(see ``coursekit.progress.state``). Several learners and several courses share one
file; every event is keyed by course id, learner and the stable ids it mentions.

Safety properties the tests check:

- a file that is not a coursekit database (another SQLite file, random bytes, a
  corrupt copy) is refused with a :class:`CourseError` and left byte-for-byte as it
  was: the header is read with plain file I/O before SQLite opens it;
- a database written by a newer coursekit (``PRAGMA user_version`` above
  :data:`SCHEMA_VERSION`) is refused, never downgraded;
- a batch is one transaction (WAL mode, ``BEGIN IMMEDIATE``, a busy timeout), so two
  writers both land and a writer killed mid-batch leaves no half of its batch.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from types import TracebackType
from typing import Any

from coursekit.errors import CourseError
from coursekit.events.database import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_VERSION,
    busy_or_corrupt,
    check_header,
    check_open,
    connect,
    corrupt,
    quick_check,
    store_error,
)
from coursekit.events.database import create as create_file
from coursekit.events.event import EVENT_TYPES, Event, event_from_row, format_at, parse_at
from coursekit.paths import default_db_path

__all__ = [
    "APPLICATION_ID",
    "EVENT_TYPES",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Event",
    "Store",
    "default_db_path",
    "default_learner",
]


def default_learner(learner: str | None = None) -> str:
    """The learner's name: ``--learner`` > ``COURSEKIT_LEARNER`` > the OS user name."""
    name = learner if learner is not None else os.environ.get("COURSEKIT_LEARNER")
    source = "--learner" if learner is not None else "COURSEKIT_LEARNER"
    if name is None:
        import getpass  # imports termios: only when the name is not given

        try:
            name = getpass.getuser()
        except Exception:  # no user name in this environment (some containers)
            name = "learner"
        source = "the OS user name"
    name = name.strip()
    if not name:
        raise CourseError(f"the learner name from {source} is empty; give a name", "learner")
    if len(name) > 100 or any(ord(c) < 32 for c in name):
        raise CourseError(
            f"learner name {name[:100]!r} from {source} must be 1-100 printable characters",
            "learner",
        )
    return name


_time_order = itemgetter(3, 0)  # (at, seq) of a row


# --------------------------------------------------------------------------- store


class Store:
    """An open progress database. Use :meth:`open`; close it (or use ``with``)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._checked = False

    # -- opening ---------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, create: bool = True) -> Store:
        """Open (and when ``create``, create) the database at ``path``.

        Raises :class:`CourseError` naming the path when the file is not a coursekit
        database, is corrupt or comes from a newer coursekit; the file is not touched.
        """
        path = Path(path).expanduser()
        if path.is_dir():
            raise CourseError("is a folder; give the path of a database file", str(path))
        if not path.exists():
            if not create:
                raise CourseError("no progress database here yet", str(path))
            create_file(path)
        check_header(path)
        conn = connect(path)
        try:
            check_open(conn, path)
            store = cls(conn, path)
            store._migrate()
        except BaseException:
            conn.close()
            raise
        return store

    def _migrate(self) -> None:
        version = self.schema_version()
        if version >= SCHEMA_VERSION:
            return
        with self._write():
            # Another process may have migrated while we waited for the lock.
            version = self.schema_version()
            for target in range(version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[target](self._conn)
            self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    # -- writing ---------------------------------------------------------------------
    def _write(self) -> _Transaction:
        if not self._checked:
            # Before the first write only: quick_check reads every page (tens of ms on
            # a big file), and it is the way to notice damage before writing next to
            # it. A read of a damaged page fails on its own and changes nothing.
            quick_check(self._conn, self.path)
            self._checked = True
        return _Transaction(self._conn, self.path)

    def append(self, events: Sequence[Event]) -> int:
        """Add ``events`` in one transaction; skip any whose uid is stored already.

        Returns how many were added. Either the whole batch lands or none of it.
        """
        now = format_at(datetime.now(UTC))
        rows = [
            (e.uid, e.course, e.learner, e.type, format_at(e.at), _dump(e.data), now)
            for e in events
        ]
        with self._write():
            before = self._conn.total_changes
            self._conn.executemany(
                "INSERT OR IGNORE INTO events (uid, course, learner, type, at, data, recorded_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            return self._conn.total_changes - before

    # -- reading ---------------------------------------------------------------------
    def events(
        self, course: str, learner: str, types: Sequence[str] | None = None, after_seq: int = 0
    ) -> list[Event]:
        """The learner's events for ``course`` in time order (ties: recording order).

        ``types`` keeps only those types; ``after_seq`` only events recorded after that one.
        """
        sql = "SELECT seq, uid, type, at, data FROM events WHERE course = ? AND learner = ?"
        params: list[Any] = [course, learner]
        if after_seq:
            sql += " AND seq > ?"
            params.append(after_seq)
        if types is not None:
            sql += f" AND type IN ({', '.join('?' * len(types))})"
            params.extend(types)
        # Read in table order and sort here: walking the time index means one random
        # page read per row, several times slower for a long history.
        sql += " ORDER BY seq"
        try:
            rows = self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise store_error(self.path, exc) from None
        if not rows:
            return []
        rows.sort(key=_time_order)
        # One json.loads for the whole batch is several times faster than one per row.
        try:
            datas = json.loads("[" + ",".join(r[4] for r in rows) + "]")
        except ValueError as exc:
            raise corrupt(self.path, f"unreadable event data: {exc}") from None
        return [
            event_from_row(r[1], r[2], parse_at(r[3]), course, learner, d, r[0])
            for r, d in zip(rows, datas, strict=True)
        ]

    def log_version(self, course: str, learner: str) -> tuple[int, int, str]:
        """(number of events, last seq, last uid) of one learner's log in one course.

        The log only grows, so this changes whenever the learner's events change:
        a cheap key for state derived from them.
        """
        try:
            count, last = self._conn.execute(
                "SELECT COUNT(*), MAX(seq) FROM events WHERE course = ? AND learner = ?",
                (course, learner),
            ).fetchone()
            row = self._conn.execute("SELECT uid FROM events WHERE seq = ?", (last,)).fetchone()
        except sqlite3.DatabaseError as exc:
            raise store_error(self.path, exc) from None
        return int(count), int(last or 0), row[0] if row else ""

    def _rows(self, sql: str, params: Sequence[Any]) -> list[Any]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise store_error(self.path, exc) from None

    def uid_at(self, seq: int) -> str | None:
        """The uid of the event recorded ``seq``-th, if any."""
        rows = self._rows("SELECT uid FROM events WHERE seq = ?", (seq,))
        return rows[0][0] if rows else None

    def uid_owners(self, uids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """For each of ``uids`` already stored: the (course, learner) it belongs to."""
        found: dict[str, tuple[str, str]] = {}
        for start in range(0, len(uids), 500):
            chunk = list(uids[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT uid, course, learner FROM events WHERE uid IN ({marks})"
            found.update(
                (uid, (course, learner)) for uid, course, learner in self._rows(sql, chunk)
            )
        return found

    def learners(self, course: str | None = None) -> list[tuple[str, str, int]]:
        """``(course, learner, number of events)`` for everyone in the file."""
        sql = "SELECT course, learner, COUNT(*) FROM events"
        params: tuple[str, ...] = ()
        if course is not None:
            sql += " WHERE course = ?"
            params = (course,)
        sql += " GROUP BY course, learner ORDER BY course, learner"
        return [(c, ln, n) for c, ln, n in self._rows(sql, params)]

    # -- closing ---------------------------------------------------------------------
    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; rolls back on any error, maps SQLite errors."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn, self.path = conn, path

    def __enter__(self) -> None:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise busy_or_corrupt(self.path, exc) from None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
                return
            except sqlite3.DatabaseError as error:
                self._rollback()
                raise busy_or_corrupt(self.path, error) from None
        self._rollback()
        if isinstance(exc, sqlite3.DatabaseError):
            raise busy_or_corrupt(self.path, exc) from None

    def _rollback(self) -> None:
        # After a failed COMMIT (a full disk) SQLite may have rolled back already:
        # "cannot rollback - no transaction is active" must not hide the real error.
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
