"""The database file itself: making it, recognizing it, migrating it, naming its faults.

Everything here protects one promise: a file that is not a coursekit progress
database, or is damaged, or comes from a newer coursekit, is refused with a message
naming it and is left byte-for-byte as it was. The header is read with plain file
I/O before SQLite ever opens the file, and nothing is written before a quick check.

SQLite's errors are told apart by their codes (:func:`store_error`): only a failed
integrity check or a file SQLite cannot read as a database is called damaged; a
full disk, a read-only file or folder, a permission or a busy writer is named as
what it is, with what to do, and never with the advice to restore a backup.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from coursekit.errors import CourseError

#: "CKPG" — identifies the file as a coursekit progress database (PRAGMA application_id).
APPLICATION_ID = 0x434B5047
SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 15_000
SQLITE_MAGIC = b"SQLite format 3\x00"

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


def create(path: Path) -> None:
    """Create a fresh database next to ``path`` and link it into place atomically.

    Building it under a temporary name means nobody ever sees a half-made file, and
    linking (rather than renaming) means two processes creating at once can't
    replace each other's file: the second link fails and that process opens the first.
    """
    from coursekit.fileio import describe_os_error

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        message = f"cannot create the folder: {describe_os_error(exc)}"
        raise CourseError(message, str(path)) from None
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
        if getattr(exc, "sqlite_errorname", "").startswith("SQLITE_CANTOPEN"):
            raise CourseError(
                "cannot create the database: the folder is not writable; choose another "
                "file with --db",
                str(path),
            ) from None
        raise store_error(path, exc) from None
    except OSError as exc:
        message = f"cannot create the database: {describe_os_error(exc)}"
        raise CourseError(message, str(path)) from None
    finally:
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            leftover.unlink(missing_ok=True)


def check_header(path: Path) -> None:
    """Refuse anything but a coursekit database, reading only its first 100 bytes."""
    from coursekit.fileio import read_regular_file

    hint = "choose another file with --db or COURSEKIT_DB; this one was left untouched"
    try:
        # Opened without blocking, and only a regular file is read: a pipe would hang.
        header = read_regular_file(path, 1 << 62, "a progress database", head=100)
    except CourseError as exc:
        raise CourseError(f"{exc.problems[0].message}; {hint}", str(path)) from None
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
        raise newer(path, version)


def connect(path: Path) -> sqlite3.Connection:
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
        raise store_error(path, exc) from None
    return conn


def check_open(conn: sqlite3.Connection, path: Path) -> None:
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise CourseError("is not a coursekit progress database", str(path))
        if version > SCHEMA_VERSION:
            raise newer(path, version)
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
        raise busy_or_corrupt(path, exc) from None


def quick_check(conn: sqlite3.Connection, path: Path) -> None:
    try:
        result = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise store_error(path, exc) from None
    if result != "ok":
        raise corrupt(path, result)


def newer(path: Path, version: int) -> CourseError:
    return CourseError(
        f"was written by a newer coursekit (database schema {version}; this coursekit reads up "
        f"to {SCHEMA_VERSION}); upgrade coursekit to use it. The file was left untouched",
        str(path),
    )


def corrupt(path: Path, detail: object) -> CourseError:
    # quick_check reports on several lines ("*** in database main ***\nPage 2: ...");
    # the message stays one line
    detail = " ".join(str(detail).replace("*** in database main ***", "").split())
    return CourseError(
        f"the progress database is damaged ({detail}); it was left untouched. Restore a "
        "backup or an exported progress file, or choose another file with --db",
        str(path),
    )


def busy_or_corrupt(path: Path, exc: BaseException) -> CourseError:
    """An SQLite error in the user's words (kept under its old name: see store_error)."""
    return store_error(path, exc)


_NOTHING_WRITTEN = "nothing was recorded and the file is unchanged"


def store_error(path: Path, exc: BaseException) -> CourseError:
    """What an SQLite error means for the learner, from its code (see the module doc)."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = " ".join(str(exc).split())
    where = str(path)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or (
        not name and ("locked" in text or "busy" in text)
    ):
        return CourseError(
            f"the progress database is busy (another coursekit is writing): {text}; try again",
            where,
        )
    if name == "SQLITE_FULL" or "disk is full" in text:
        return CourseError(
            f"cannot write the progress database: the disk is full; {_NOTHING_WRITTEN}. "
            "Free some space and try again",
            where,
        )
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return CourseError(
            "cannot write the progress database: it is read-only (the file, or its folder, "
            f"where SQLite keeps its -wal and -shm files beside it); {_NOTHING_WRITTEN}. "
            "Check their permissions, or choose another file with --db",
            where,
        )
    if name.startswith("SQLITE_CANTOPEN") or name in ("SQLITE_PERM", "SQLITE_AUTH"):
        return CourseError(
            "cannot open the progress database: check the permissions of the file and of "
            "its folder (SQLite writes its -wal and -shm files there), or choose another "
            "file with --db",
            where,
        )
    if name.startswith("SQLITE_IOERR"):
        return CourseError(
            "cannot write the progress database: the disk reported an error while writing "
            f"(is it full, or is a file size limit reached?); {_NOTHING_WRITTEN}. Free some "
            "space and try again",
            where,
        )
    if name == "SQLITE_NOMEM":
        message = f"out of memory while using the progress database; {_NOTHING_WRITTEN}"
        return CourseError(message, where)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or not name:
        return corrupt(path, text)
    return CourseError(f"cannot use the progress database ({text}); {_NOTHING_WRITTEN}", where)
