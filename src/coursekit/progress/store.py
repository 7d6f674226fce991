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

import json
import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from types import TracebackType
from typing import Any

from coursekit.errors import CourseError

#: "CKPG" — identifies the file as a coursekit progress database (PRAGMA application_id).
APPLICATION_ID = 0x434B5047
SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 15_000
SQLITE_MAGIC = b"SQLite format 3\x00"

#: The event types coursekit writes; ``flashcard_review`` is written by ``coursekit review``.
EVENT_TYPES = (
    "enrolled",
    "lesson_completed",
    "study_session",
    "undo",
    "reset",
    "flashcard_review",
)


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


def _event(
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


_time_order = itemgetter(3, 0)  # (at, seq) of a row


def format_at(at: datetime) -> str:
    """A fixed-width UTC timestamp (``2024-05-01T09:30:00.000000Z``) that sorts as text."""
    if at.tzinfo is None:
        raise ValueError("event time must be timezone-aware")
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_at(text: str) -> datetime:
    """Read a timestamp written by :func:`format_at`."""
    # fromisoformat is C code: 20,000 events parse in a few ms (strptime takes 300).
    return datetime.fromisoformat(text)


def default_db_path(db: Path | None = None) -> Path:
    """The database file: ``--db`` > ``COURSEKIT_DB`` > the user's data folder."""
    if db is not None:
        return Path(db).expanduser()
    env = os.environ.get("COURSEKIT_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("coursekit") / "progress.db"


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
    if not name or len(name) > 100 or any(ord(c) < 32 for c in name):
        raise CourseError(
            f"learner name {name[:100]!r} from {source} must be 1-100 printable characters",
            "learner",
        )
    return name


# --------------------------------------------------------------------------- schema


def _v1(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE coursekit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("INSERT INTO coursekit_meta VALUES ('format', 'coursekit-progress')")
    conn.execute(
        """CREATE TABLE events (
            seq INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            course TEXT NOT NULL,
            learner TEXT NOT NULL,
            type TEXT NOT NULL,
            at TEXT NOT NULL,
            data TEXT NOT NULL DEFAULT '{}'
        )"""
    )
    conn.execute("CREATE INDEX events_by_learner ON events (course, learner)")


def _v2(conn: sqlite3.Connection) -> None:
    # Version 2 records when an event was written, next to when it happened: a lesson
    # marked done "--on" last Tuesday is recorded today, and undo, reset and audits go
    # by recording order. Old rows get their event time, the best value there is.
    # The index now covers the time order the state is replayed in.
    conn.execute("ALTER TABLE events ADD COLUMN recorded_at TEXT")
    conn.execute("UPDATE events SET recorded_at = at WHERE recorded_at IS NULL")
    conn.execute("DROP INDEX events_by_learner")
    conn.execute("CREATE INDEX events_by_learner_time ON events (course, learner, at, seq)")


#: Forward migrations: ``MIGRATIONS[n]`` turns a version ``n - 1`` file into version ``n``.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _v1, 2: _v2}


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
            _create(path)
        _check_header(path)
        conn = _connect(path)
        try:
            _check_open(conn, path)
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
            _quick_check(self._conn, self.path)
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
            raise _corrupt(self.path, exc) from None
        if not rows:
            return []
        rows.sort(key=_time_order)
        # One json.loads for the whole batch is several times faster than one per row.
        try:
            datas = json.loads("[" + ",".join(r[4] for r in rows) + "]")
        except ValueError as exc:
            raise _corrupt(self.path, f"unreadable event data: {exc}") from None
        return [
            _event(r[1], r[2], parse_at(r[3]), course, learner, d, r[0])
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
            raise _corrupt(self.path, exc) from None
        return int(count), int(last or 0), row[0] if row else ""

    def uid_at(self, seq: int) -> str | None:
        """The uid of the event recorded ``seq``-th, if any."""
        row = self._conn.execute("SELECT uid FROM events WHERE seq = ?", (seq,)).fetchone()
        return row[0] if row else None

    def has_uid(self, uid: str) -> bool:
        row = self._conn.execute("SELECT 1 FROM events WHERE uid = ?", (uid,)).fetchone()
        return row is not None

    def existing_uids(self, uids: Sequence[str]) -> set[str]:
        """The subset of ``uids`` already stored."""
        found: set[str] = set()
        for start in range(0, len(uids), 500):
            chunk = list(uids[start : start + 500])
            rows = self._conn.execute(
                f"SELECT uid FROM events WHERE uid IN ({', '.join('?' * len(chunk))})", chunk
            )
            found.update(r[0] for r in rows)
        return found

    def learners(self, course: str | None = None) -> list[tuple[str, str, int]]:
        """``(course, learner, number of events)`` for everyone in the file."""
        sql = "SELECT course, learner, COUNT(*) FROM events"
        params: tuple[str, ...] = ()
        if course is not None:
            sql += " WHERE course = ?"
            params = (course,)
        sql += " GROUP BY course, learner ORDER BY course, learner"
        return [(c, ln, n) for c, ln, n in self._conn.execute(sql, params)]

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
            raise _busy_or_corrupt(self.path, exc) from None

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
                self.conn.execute("ROLLBACK")
                raise _busy_or_corrupt(self.path, error) from None
        self.conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.DatabaseError):
            raise _busy_or_corrupt(self.path, exc) from None


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _create(path: Path) -> None:
    """Create a fresh database next to ``path`` and link it into place atomically.

    Building it under a temporary name means nobody ever sees a half-made file, and
    linking (rather than renaming) means two processes creating at once can't
    replace each other's file: the second link fails and that process opens the first.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CourseError(f"cannot create the folder: {exc.strerror or exc}", str(path)) from None
    temp = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        conn = sqlite3.connect(temp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("BEGIN")
            for target in range(1, SCHEMA_VERSION + 1):
                MIGRATIONS[target](conn)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        finally:
            conn.close()
        try:
            os.link(temp, path)
        except FileExistsError:
            pass
        except OSError:
            # A file system without hard links: a plain rename, unless someone won.
            if not path.exists():
                os.replace(temp, path)
    except sqlite3.Error as exc:
        raise CourseError(f"cannot create the database: {exc}", str(path)) from None
    except OSError as exc:
        raise CourseError(f"cannot create the database: {exc.strerror or exc}", str(path)) from None
    finally:
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            leftover.unlink(missing_ok=True)


def _check_header(path: Path) -> None:
    """Refuse anything but a coursekit database, reading only its first 100 bytes."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise CourseError(f"cannot read the database: {exc.strerror or exc}", str(path)) from None
    hint = "choose another file with --db or COURSEKIT_DB; this one was left untouched"
    if not header:
        raise CourseError(f"is an empty file, not a coursekit progress database; {hint}", str(path))
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise CourseError(f"is not a coursekit progress database; {hint}", str(path))
    app_id = int.from_bytes(header[68:72], "big")
    if app_id != APPLICATION_ID:
        raise CourseError(
            f"is an SQLite database but not a coursekit progress database; {hint}", str(path)
        )
    version = int.from_bytes(header[60:64], "big")
    if version > SCHEMA_VERSION:
        raise _newer(path, version)


def _connect(path: Path) -> sqlite3.Connection:
    from urllib.parse import quote

    try:
        # mode=rw: never create a file here (a vanished file is an error, not a new db).
        conn = sqlite3.connect(
            f"file:{quote(str(path))}?mode=rw",
            uri=True,
            isolation_level=None,
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,
        )
    except sqlite3.Error as exc:
        raise CourseError(f"cannot open the database: {exc}", str(path)) from None
    return conn


def _check_open(conn: sqlite3.Connection, path: Path) -> None:
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise CourseError("is not a coursekit progress database", str(path))
        if version > SCHEMA_VERSION:
            raise _newer(path, version)
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
        raise _busy_or_corrupt(path, exc) from None


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    try:
        result = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise _corrupt(path, exc) from None
    if result != "ok":
        raise _corrupt(path, result)


def _newer(path: Path, version: int) -> CourseError:
    return CourseError(
        f"was written by a newer coursekit (database schema {version}; this coursekit reads up "
        f"to {SCHEMA_VERSION}); upgrade coursekit to use it. The file was left untouched",
        str(path),
    )


def _corrupt(path: Path, detail: object) -> CourseError:
    return CourseError(
        f"the progress database is damaged ({detail}); it was left untouched. Restore a "
        "backup or an exported progress file, or choose another file with --db",
        str(path),
    )


def _busy_or_corrupt(path: Path, exc: BaseException) -> CourseError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return CourseError(
            f"the progress database is busy (another coursekit is writing): {text}; try again",
            str(path),
        )
    return _corrupt(path, text)
