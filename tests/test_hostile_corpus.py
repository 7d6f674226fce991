"""The hostile-input corpus (tests/hostile_cases.py): one real coursekit process per case.

Each case must end with its exit code and its exact ``error:`` lines, print no
traceback, finish well within its time bound (a hang is a failure, not a slow
test), leave every course file and every byte of the progress database as they
were, and show no raw terminal control character.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hostile_cases import CASES, Case, course

FIXTURES = Path(__file__).parent / "fixtures"
NOBODY = 65534

pytestmark = pytest.mark.slow  # a real coursekit process per case


# --------------------------------------------------------------------------- the loopback server


def _chain_index(count: int) -> bytes:
    """A course.json of ``count`` lessons, each requiring the next one."""
    lessons = [
        {
            "id": f"lesson-{n}",
            "title": f"Lesson {n}",
            "study_time": [30, 45],
            "requires": [f"lesson-{n + 1}"] if n + 1 < count else [],
        }
        for n in range(count)
    ]
    return json.dumps(
        {
            "format": "coursekit-course",
            "version": 1,
            "id": "chain",
            "title": "Chain",
            "paces": {"moderate": {"hours_per_day": [60, 120], "study_days": ["mon", "wed"]}},
            "modules": [{"id": "all", "title": "All", "lessons": lessons}],
        }
    ).encode()


class _Handler(http.server.BaseHTTPRequestHandler):
    chain = b""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        kind = self.path.strip("/").split("/")[0]
        try:
            if kind == "drip":
                self._send(200, length=10_000)
                for _ in range(40):  # one byte a second: each read succeeds, the whole never ends
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(1)
            elif kind == "huge":
                self._send(200)
                block = b" " * 65536
                for _ in range(25 * 16):  # 25 MB of blanks
                    self.wfile.write(block)
            elif kind == "loop":
                self._send(302, location=self.path)
            elif kind == "to-file":
                self._send(302, location="file:///etc/passwd")
            elif kind == "html":
                self._send(200, b"<!doctype html><title>A blog</title>", "text/html")
            elif kind == "no-status":
                body = {
                    "format": "coursekit-course",
                    "version": 1,
                    "id": "mini",
                    "title": "Mini",
                    "paces": {"moderate": {"hours_per_day": [60, 120], "study_days": ["mon"]}},
                    "modules": [
                        {
                            "id": "basics",
                            "title": "Basics",
                            "lessons": [{"id": "first-steps", "title": "F", "study_time": [60, 60]}],  # noqa: E501
                        }
                    ],
                }
                self._send(200, json.dumps(body).encode(), "application/json")
            elif kind == "chain":
                self._send(200, self.chain, "application/json")
            else:
                self._send(404, b"not here")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should

    def _send(
        self,
        code: int,
        body: bytes | None = None,
        kind: str = "text/plain",
        location: str | None = None,
        length: int | None = None,
    ) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        if location:
            self.send_header("Location", location)
        if body is not None or length is not None:
            self.send_header("Content-Length", str(len(body) if body is not None else length))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    _Handler.chain = _chain_index(20_000)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


# --------------------------------------------------------------------------- running a case


def _snapshot(work: Path) -> dict[str, bytes]:
    """Every regular file under ``work`` (the course and the database), byte for byte."""
    found: dict[str, bytes] = {}
    for folder, dirs, files in os.walk(work):
        dirs[:] = [d for d in dirs if d != "cache"]
        for name in files:
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                continue
            try:
                found[str(path.relative_to(work))] = path.read_bytes()
            except PermissionError:
                found[str(path.relative_to(work))] = b"<unreadable>"
    return found


def _environment(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSEKIT_")}
    env.update(
        COURSEKIT_DB=str(work / "p.db"),
        COURSEKIT_CACHE_DIR=str(work / "cache"),
        COURSEKIT_LEARNER="ana",
        COURSEKIT_TODAY="2027-01-06",
        HOME=str(work),
        TZ="UTC",
        COLUMNS="200",
        NO_COLOR="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def _coursekit(
    args: list[str], work: Path, other_user: bool, seconds: float
) -> tuple[int, str, float]:
    started = time.monotonic()
    extra = {"user": NOBODY, "group": NOBODY, "extra_groups": []} if other_user else {}
    result = subprocess.run(
        [sys.executable, "-m", "coursekit", *args],
        cwd=course(work),
        env=_environment(work),
        capture_output=True,
        timeout=seconds,
        stdin=subprocess.DEVNULL,
        **extra,  # type: ignore[arg-type]
    )
    output = result.stdout.decode("utf-8", "replace") + result.stderr.decode("utf-8", "replace")
    return result.returncode, output, time.monotonic() - started


@pytest.fixture(scope="module")
def learner_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A progress database of the mini course: enrolled, one lesson done."""
    work = tmp_path_factory.mktemp("db")
    shutil.copytree(FIXTURES / "mini", work / "course")
    env = _environment(work)
    for args in (["progress", "start", "--pace", "moderate"], ["progress", "done", "first-steps"]):
        subprocess.run(
            [sys.executable, "-m", "coursekit", *args],
            cwd=course(work),
            env=env,
            check=True,
            capture_output=True,
            timeout=60,
        )
    return work / "p.db"


@pytest.fixture
def work() -> Iterator[Path]:
    # Not pytest's tmp_path: its parents are private to root, and some cases run as
    # another user, who must be able to reach the course.
    folder = Path(tempfile.mkdtemp(prefix="coursekit-hostile-"))
    folder.chmod(0o755)
    shutil.copytree(FIXTURES / "mini", folder / "course")
    yield folder
    for path, dirs, _ in os.walk(folder):
        for name in dirs:
            Path(path, name).chmod(0o755)  # a case may have locked a folder
    folder.chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)


def _give_to_nobody(work: Path) -> None:
    for path, dirs, files in os.walk(work):
        for name in [*dirs, *files]:
            os.lchown(Path(path, name), NOBODY, NOBODY)
    os.lchown(work, NOBODY, NOBODY)


def _error_lines(output: str) -> list[str]:
    return [line[len("error: ") :] for line in output.splitlines() if line.startswith("error: ")]


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input(name: str, work: Path, server: str, learner_db: Path) -> None:
    case: Case = CASES[name]
    other_user = case.as_other_user and os.geteuid() == 0
    if case.db:
        shutil.copy(learner_db, work / "p.db")
    case.setup(work)
    if other_user:
        # The case's files stay root's; the folders the command may write into are
        # nobody's: the database's folder, unless the case locked it.
        (work / "cache").mkdir(exist_ok=True)
        os.chown(work / "cache", NOBODY, NOBODY)
        if (work.stat().st_mode & 0o200) and not (work / "p.db").exists():
            os.chown(work, NOBODY, NOBODY)
    before = _snapshot(work)
    args = [a.replace("{url}", server) for a in case.args]
    code, output, seconds = _coursekit(args, work, other_user, case.seconds)
    assert "Traceback" not in output, output
    expected = [line.format(work=work, url=server) for line in case.expected]
    assert _error_lines(output) == expected, output
    assert code == case.code, output
    assert seconds < case.seconds
    for text in case.forbid:
        assert text not in output, f"{text!r} reached the terminal"
    after = _snapshot(work)
    if case.writes:  # it recorded what it was asked to: the course is still untouched
        before = {k: v for k, v in before.items() if k.startswith("course")}
        after = {k: v for k, v in after.items() if k.startswith("course")}
    assert after == before  # nothing stored changed, no course file touched


def test_the_corpus_covers_every_class() -> None:
    assert len(CASES) >= 80
    prefixes = {name.split("-")[0] for name in CASES}
    for kind in ("yaml", "front", "lesson", "asset", "template", "notebook", "plan", "db",
                 "import", "url", "terminal", "course"):  # fmt: skip
        assert kind in prefixes, kind
