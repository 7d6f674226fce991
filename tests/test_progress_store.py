"""The progress database: real SQLite files, real processes, real kills."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coursekit.errors import CourseError
from coursekit.events.store import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_VERSION,
    Event,
    Store,
    default_db_path,
    default_learner,
)

T0 = datetime(2025, 1, 6, 12, tzinfo=UTC)


def event(
    kind: str = "study_session", minutes: int = 30, at: datetime = T0, **data: object
) -> Event:
    payload = {"lesson": "first-steps", "minutes": minutes} if kind == "study_session" else {}
    payload.update(data)
    return Event(uuid.uuid4().hex, kind, at, "mini", "ana", payload)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_open_creates_file_and_folders(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "progress.db"
    with Store.open(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
    assert path.is_file()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert not list(path.parent.glob(".progress.db.*")), "the temporary file is cleaned up"


def test_append_is_idempotent_and_ordered_by_time(tmp_path: Path) -> None:
    later = event(at=T0 + timedelta(days=2), minutes=10)
    earlier = event(at=T0, minutes=20)
    same_time = event(at=T0, minutes=30)
    with Store.open(tmp_path / "p.db") as store:
        assert store.append([later, earlier]) == 2
        assert store.append([later, earlier, same_time]) == 1  # known uids are skipped
        got = store.events("mini", "ana")
    assert [e.data["minutes"] for e in got] == [20, 30, 10]  # time, then recording order
    assert got[0] == earlier and got[0].at.tzinfo is UTC


def test_learners_and_courses_are_kept_apart(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        store.append([event(), Event("b-1", "reset", T0, "mini", "bo", {})])
        store.append([Event("c-1", "reset", T0, "other", "ana", {})])
        assert len(store.events("mini", "ana")) == 1
        assert [e.uid for e in store.events("mini", "bo")] == ["b-1"]
        assert store.events("mini", "nobody") == []
        assert store.learners() == [("mini", "ana", 1), ("mini", "bo", 1), ("other", "ana", 1)]


def test_types_filter(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        store.append([event(), event("reset"), event("flashcard_review", card="c", rating=3)])
        kinds = [e.type for e in store.events("mini", "ana", types=["flashcard_review", "reset"])]
    assert sorted(kinds) == ["flashcard_review", "reset"]


def test_a_text_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 10)
    before = digest(path)
    with pytest.raises(CourseError, match="not a coursekit progress database") as info:
        Store.open(path)
    assert str(path) in str(info.value)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with pytest.raises(CourseError, match="empty file"):
        Store.open(path)
    assert path.read_bytes() == b""


def test_another_sqlite_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE accounts (id INTEGER, balance REAL)")
    conn.execute("INSERT INTO accounts VALUES (1, 100.0)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(CourseError, match="SQLite database but not a coursekit"):
        Store.open(path)
    assert digest(path) == before


def test_a_corrupt_coursekit_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        store.append([event(minutes=m % 1000 + 1) for m in range(3000)])
    raw = bytearray(path.read_bytes())
    page = 4096
    assert len(raw) > 8 * page
    for offset in range(2 * page, len(raw) - page, 3 * page):  # garbage in many pages
        raw[offset + 100 : offset + 400] = os.urandom(300)
    path.write_bytes(bytes(raw))
    before = digest(path)
    with pytest.raises(CourseError, match="damaged") as info, Store.open(path) as store:
        store.events("mini", "ana")
        store.append([event()])
    assert str(path) in str(info.value)
    assert digest(path) == before


def test_a_damaged_page_header_is_named_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        store.append([event(minutes=m % 1000 + 1) for m in range(300)])
    raw = bytearray(path.read_bytes())
    raw[4096 : 4096 + 7] = b"\x0d\xff\xff\xff\x00\xff\xff"  # page 2's b-tree header
    path.write_bytes(bytes(raw))
    before = digest(path)
    with pytest.raises(CourseError, match="damaged") as info, Store.open(path) as store:
        store.append([event()])
    (problem,) = info.value.problems
    assert "\n" not in str(problem) and "Page 2" in str(problem)
    assert digest(path) == before


def test_a_truncated_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        store.append([event(minutes=m % 1000 + 1) for m in range(2000)])
    path.write_bytes(path.read_bytes()[: 3 * 4096])
    before = digest(path)
    with pytest.raises(CourseError, match="damaged"), Store.open(path) as store:
        store.append([event()])
    assert digest(path) == before


def test_a_newer_database_is_refused_not_downgraded(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        store.append([event()])
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(CourseError, match="newer coursekit"):
        Store.open(path)
    assert digest(path) == before


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match="is a folder"):
        Store.open(tmp_path)


def test_a_version_1_file_is_migrated(tmp_path: Path) -> None:
    """A file written by the first schema: events keep their data, gain recorded_at."""
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    MIGRATIONS[1](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO events (uid, course, learner, type, at, data) VALUES "
        "('old-1', 'mini', 'ana', 'lesson_completed', '2024-03-01T12:00:00.000000Z',"
        ' \'{"lesson": "first-steps", "minutes": 75}\')'
    )
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        [old] = store.events("mini", "ana")
        assert old.uid == "old-1" and old.data == {"lesson": "first-steps", "minutes": 75}
        assert old.at == datetime(2024, 3, 1, 12, tzinfo=UTC)
        store.append([event()])
    conn = sqlite3.connect(path)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(events)")]
    assert "recorded_at" in columns
    recorded = conn.execute("SELECT recorded_at FROM events WHERE uid = 'old-1'").fetchone()[0]
    assert recorded == "2024-03-01T12:00:00.000000Z"
    indexes = {row[1] for row in conn.execute("PRAGMA index_list(events)")}
    assert "events_by_learner_time" in indexes
    conn.close()


def test_default_paths_and_learner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSEKIT_DB", str(tmp_path / "env.db"))
    assert default_db_path(None) == tmp_path / "env.db"
    assert default_db_path(tmp_path / "opt.db") == tmp_path / "opt.db"
    monkeypatch.delenv("COURSEKIT_DB")
    assert default_db_path(None).name == "progress.db"
    monkeypatch.setenv("COURSEKIT_LEARNER", "zoe")
    assert default_learner(None) == "zoe"
    assert default_learner("ana") == "ana"
    monkeypatch.delenv("COURSEKIT_LEARNER")
    assert default_learner(None)  # the OS user
    with pytest.raises(CourseError, match="learner name"):
        default_learner("bad\x07name")


WRITER = textwrap.dedent(
    """
    import sys, uuid
    from datetime import UTC, datetime
    from pathlib import Path
    from coursekit.events.store import Event, Store

    path, learner = Path(sys.argv[1]), sys.argv[2]
    batches, size = int(sys.argv[3]), int(sys.argv[4])
    at = datetime(2025, 1, 6, 12, tzinfo=UTC)
    with Store.open(path) as store:
        print("ready", flush=True)
        for b in range(batches):
            batch = [Event(uuid.uuid4().hex, "study_session", at, "mini", learner,
                           {"lesson": "first-steps", "minutes": 1 + (b * size + i) % 500})
                     for i in range(size)]
            store.append(batch)
    print("done", flush=True)
    """
)


def test_two_processes_writing_at_once_both_land(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(path), learner, "40", "25"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for learner in ("ana", "bo")
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.split() == ["ready", "done"]
    with Store.open(path) as store:
        assert len(store.events("mini", "ana")) == 1000
        assert len(store.events("mini", "bo")) == 1000
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


@pytest.mark.slow  # a subprocess writes megabytes of WAL before it is killed
def test_a_writer_killed_mid_batch_leaves_a_consistent_database(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        store.append([event(minutes=5)])
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    # One huge batch: SQLite spills it into the WAL long before it commits.
    proc = subprocess.Popen(
        [sys.executable, str(script), str(path), "killed", "1", "400000"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    wal = Path(f"{path}-wal")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not wal.exists() or wal.stat().st_size < 2_000_000):
        time.sleep(0.01)
    assert wal.stat().st_size >= 2_000_000, "the batch never started writing"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with Store.open(path) as store:
        assert store.events("mini", "killed") == []  # none of the batch, not half of it
        assert len(store.events("mini", "ana")) == 1
        assert store.append([event(minutes=7)]) == 1  # and the file still takes writes
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
