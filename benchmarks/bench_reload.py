"""Edit to reload: how long `coursekit serve` takes from saving a lesson to telling the browser.

For synthetic courses of 300 and 1,000 lessons (the pages of ``bench_build.py``),
and for each engine, this starts ``coursekit serve --engine ENGINE`` on a free port of
127.0.0.1, waits for the first build, then edits one lesson's body several times
and measures, for each edit, the time from the saved file to the server's reload
signal, as a browser on that page receives it:

* MkDocs: the answer to the page's long poll (``/livereload/<epoch>/<id>``), which
  the server sends once the rebuild is visible;
* Zensical: the message on the page's WebSocket naming the page, which its server
  sends once it rebuilt it;

then checks that the page served has the new text. Side by side, in the same run:
a full ``coursekit build`` of the same course with the same engine, and the peak
memory of the server (its largest process) and of the build.

    .venv/bin/python benchmarks/bench_reload.py                  # 300 and 1,000 lessons
    .venv/bin/python benchmarks/bench_reload.py --sizes 50 --edits 3
"""

from __future__ import annotations

import argparse
import base64
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_build import ENV, site_config, write_course  # noqa: E402

BIN = Path(sys.executable).parent
ENGINES = ("mkdocs", "zensical")
PAGE = "module-001/lesson-001-02/"
LESSON = Path("lessons/module-001/lesson-001-02.md")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, timeout: float = 90) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return str(response.read().decode("utf-8"))


def wait_for(url: str, text: str, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if text in fetch(url, timeout=10):
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"{text!r} never appeared at {url}")


class MkDocsSignal:
    """The long poll of MkDocs' live reload script: answered when a newer build is visible."""

    def __init__(self, base: str) -> None:
        self.base = base

    def arm(self) -> threading.Event:
        epoch = int(fetch(f"{self.base}livereload/0/0"))  # answered at once: the current epoch
        done = threading.Event()

        def poll() -> None:
            while int(fetch(f"{self.base}livereload/{epoch}/1")) <= epoch:
                pass  # answered after a minute without a change: ask again
            done.set()

        threading.Thread(target=poll, daemon=True).start()
        return done


class ZensicalSignal:
    """The WebSocket of Zensical's live reload script: a message naming the page."""

    def __init__(self, host: str, port: int, path: str) -> None:
        self.host, self.port, self.path = host, port, path

    def arm(self) -> threading.Event:
        sock = socket.create_connection((self.host, self.port), timeout=600)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n"
        )
        sock.sendall(request.encode())
        reader = sock.makefile("rb")
        status = reader.readline()
        if b" 101 " not in status:
            sys.exit(f"no WebSocket at {self.path}: {status!r}")
        while reader.readline() not in (b"\r\n", b""):
            pass
        done = threading.Event()

        def listen() -> None:
            while True:
                head = reader.read(2)
                if len(head) < 2:
                    return
                length = head[1] & 0x7F
                if length == 126:
                    length = int.from_bytes(reader.read(2), "big")
                elif length == 127:
                    length = int.from_bytes(reader.read(8), "big")
                message = reader.read(length).decode("utf-8", "replace")
                if head[0] & 0x0F == 1 and message == self.path:
                    done.set()
                    sock.close()
                    return

        threading.Thread(target=listen, daemon=True).start()
        return done


def tree_cpu(pid: int) -> float:
    """CPU seconds used so far by a process and its live descendants (Linux' /proc)."""
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


def peak_mb(pid: int) -> float:
    """The peak memory of a finished child and its waited-for descendants (largest one)."""
    _, _, usage = os.wait4(pid, 0)
    return usage.ru_maxrss / 1024


def full_build(course: Path, engine: str) -> tuple[float, float]:
    """A full ``coursekit build`` in a fresh process: wall seconds and peak MB."""
    shutil.rmtree(course / ".coursekit", ignore_errors=True)
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(BIN / "coursekit"), "build", str(course), "--engine", engine],
        env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    peak = peak_mb(process.pid)
    process.returncode = 0
    return time.perf_counter() - start, peak


def measure(course: Path, engine: str, edits: int) -> dict[str, float | list[float]]:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = open(course.parent / f"serve-{engine}.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [str(BIN / "coursekit"), "serve", str(course), "-a", f"127.0.0.1:{port}", "-e", engine],
        env=ENV, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    times, cpus = [], []
    try:
        wait_for(base + PAGE, "Lesson 1.2")
        time.sleep(1)  # let the server settle after its first build
        signal: MkDocsSignal | ZensicalSignal = (
            MkDocsSignal(base)
            if engine == "mkdocs"
            else ZensicalSignal("127.0.0.1", port, "/" + PAGE)
        )
        lesson = course / LESSON
        for edit in range(1, edits + 1):
            done = signal.arm()
            time.sleep(0.3)  # the poll or the socket is open, as a browser's would be
            marker = f"Edited paragraph number {engine} {edit}."
            text = lesson.read_text(encoding="utf-8")
            lesson.write_text(text.replace("\n## Part 1", f"\n{marker}\n\n## Part 1", 1))
            before = tree_cpu(server.pid)
            saved = time.perf_counter()
            if not done.wait(timeout=300):
                sys.exit(f"{engine}: no reload signal after edit {edit}")
            times.append(time.perf_counter() - saved)
            cpus.append(tree_cpu(server.pid) - before)
            if marker not in fetch(base + PAGE):
                sys.exit(f"{engine}: the page did not have the new text after the signal")
            time.sleep(1.5)  # give the watcher a quiet moment, as between two real saves
    finally:
        server.terminate()
        peak = peak_mb(server.pid)
        server.returncode = 0
        log.close()
    return {"times": times, "cpus": cpus, "serve_peak": peak}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="300,1000", help="lesson counts, comma-separated")
    parser.add_argument("--edits", type=int, default=5, help="edits measured per engine and size")
    parser.add_argument("--engines", default=",".join(ENGINES), help="mkdocs,zensical")
    parser.add_argument("--keep", action="store_true", help="keep the generated courses")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    engines = [x for x in args.engines.split(",") if x.strip()]
    work = Path(tempfile.mkdtemp(prefix="coursekit-reload-"))
    ENV["COURSEKIT_CACHE_DIR"] = str(work / "cache")
    rows = []
    try:
        for lessons in sizes:
            for engine in engines:
                course = work / f"{engine}-{lessons}" / "course"
                write_course(course, lessons)
                site_config(course, f"Benchmark course ({lessons} lessons)")
                print(f"{engine}, {lessons} lessons ...", file=sys.stderr, flush=True)
                build, build_peak = full_build(course, engine)
                served = measure(course, engine, args.edits)
                times, cpus = served["times"], served["cpus"]
                assert isinstance(times, list) and isinstance(cpus, list)
                rows.append([
                    str(lessons), engine, f"{statistics.median(times):.2f} s",
                    f"{min(times):.2f}–{max(times):.2f} s", f"{statistics.median(cpus):.2f} s",
                    f"{build:.1f} s",
                    f"{build / statistics.median(times):.0f}x",
                    f"{served['serve_peak']:.0f} MB", f"{build_peak:.0f} MB",
                ])  # fmt: skip
    finally:
        if args.keep:
            print(f"kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    table = [["lessons", "engine", "edit to reload", "(min–max)", "(cpu)", "full build", "faster",
              "serve peak", "build peak"], *rows]  # fmt: skip
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)))
    print()
    print(f"edit to reload: the median of {args.edits} edits of one lesson's body, from the saved")
    print("file to the server's reload signal (targets with MkDocs: under 1 s at 300 lessons,")
    print("under 2 s at 1,000); full build: `coursekit build` of the same course in a fresh")
    print("process; faster: full build / edit to reload; peak: the largest process's memory;")
    print("(cpu): the server's CPU time (its processes together) from the save to the signal,")
    print("the figure to read on a machine doing other work")
    return 0


if __name__ == "__main__":
    sys.exit(main())
