"""A disk that fills up while coursekit writes: the right words, and no event lost.

Two real ways to run out of room, both on this machine: a file size limit
(``RLIMIT_FSIZE``, which any process may lower for itself; SQLite then sees its
writes fail) and, when this user may mount one, a small ``tmpfs`` that really is
full (SQLite reports ``SQLITE_FULL``). Each time a large ``progress import`` must
fail with one line, and the events recorded before it must all still be there.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

pytestmark = pytest.mark.slow  # real coursekit processes under limits


def _env(tmp: Path, db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSEKIT_")}
    env.update(
        COURSEKIT_DB=str(db),
        COURSEKIT_CACHE_DIR=str(tmp / "cache"),
        COURSEKIT_LEARNER="ana",
        COURSEKIT_TODAY="2027-01-20",
        TZ="UTC",
        NO_COLOR="1",
        COLUMNS="200",
    )
    return env


def _run(
    args: list[str], tmp: Path, db: Path, limit: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coursekit", *args],
        cwd=tmp / "course",
        env=_env(tmp, db),
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit,
    )


def _events(tmp: Path, db: Path) -> list[dict]:
    out = tmp / "export.json"
    result = _run(["progress", "export", "--out", str(out)], tmp, db)
    assert result.returncode == 0, result.stderr
    return json.loads(out.read_text())["events"]


def _big_import(tmp: Path, count: int = 3000) -> Path:
    events = [
        {
            "type": "study_session",
            "at": f"2027-01-{1 + n % 19:02d}T{n % 24:02d}:{n % 60:02d}:00Z",
            "lesson": "first-steps",
            "minutes": 1 + n % 90,
            "uid": f"session-{n:06d}-with-a-long-uid-so-that-the-file-is-large",
        }
        for n in range(count)
    ]
    path = tmp / "big.json"
    path.write_text(
        json.dumps(
            {"format": "coursekit-progress", "version": 1, "course": "mini", "learner": "ana",
             "events": events}  # fmt: skip
        )
    )
    return path


@pytest.fixture
def learner(tmp_path: Path) -> tuple[Path, Path]:
    """A course and a database with a few events: enrolled, two lessons done."""
    shutil.copytree(FIXTURES / "mini", tmp_path / "course")
    db = tmp_path / "p.db"
    for args in (
        ["progress", "start", "--pace", "moderate", "--start", "2027-01-11"],
        ["progress", "done", "first-steps", "--on", "2027-01-18"],
        ["progress", "done", "second-steps", "--on", "2027-01-19"],
    ):
        result = _run(args, tmp_path, db)
        assert result.returncode == 0, result.stderr
    return tmp_path, db


def _file_size_limit(size: int) -> Callable[[], None]:
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def test_a_file_size_limit_during_import_loses_nothing(learner: tuple[Path, Path]) -> None:
    tmp, db = learner
    before = _events(tmp, db)
    assert len(before) == 3
    big = _big_import(tmp)
    # Room for SQLite's -shm file and a little more, far less than the import needs.
    limit = max(db.stat().st_size, 32 * 1024) + 24 * 1024
    result = _run(["progress", "import", str(big)], tmp, db, _file_size_limit(limit))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"error: {db}: cannot write the progress database: the disk reported an error while "
        "writing (is it full, or is a file size limit reached?); nothing was recorded and the "
        "file is unchanged. Free some space and try again"
    )
    assert _events(tmp, db) == before  # every earlier event, and not one of the import's
    import sqlite3

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _mount_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
    )
    return done.returncode == 0


def test_a_full_disk_during_import_loses_nothing(learner: tuple[Path, Path]) -> None:
    tmp, db = learner
    disk = tmp / "disk"
    if not _mount_tmpfs(disk, "512k"):
        pytest.skip("this user cannot mount a small tmpfs here")
    try:
        small = disk / "p.db"
        shutil.copy(db, small)
        before = _events(tmp, small)
        # Fill the disk but for room enough to open the database, not to import.
        fill = disk / "fill"
        with fill.open("wb", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"\1" * 4096)
            except OSError:  # the disk is full
                pass
        os.truncate(fill, max(0, fill.stat().st_size - 96 * 1024))
        result = _run(["progress", "import", str(_big_import(tmp))], tmp, small)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        message = result.stderr.strip()
        assert message.startswith(f"error: {small}: cannot write the progress database: "), message
        assert "nothing was recorded and the file is unchanged" in message
        assert "damaged" not in message and "backup" not in message
        fill.unlink()
        assert _events(tmp, small) == before
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def test_writing_to_a_full_device_is_one_line(learner: tuple[Path, Path]) -> None:
    tmp, db = learner
    for args in (["progress", "export", "--out", "/dev/full"], ["plan", "--out", "/dev/full"]):
        result = _run(args, tmp, db)
        assert result.returncode == 1
        assert result.stderr.strip() == (
            "error: /dev/full: cannot write the file: the disk is full; free some space and "
            "try again"
        )
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "coursekit", "progress", "export"],
            cwd=tmp / "course",
            env=_env(tmp, db),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stderr.strip() == "error: stdout: the disk is full; free some space and try again"
