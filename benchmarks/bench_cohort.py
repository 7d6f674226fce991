"""How fast `coursekit cohort report` reads a cohort, and how much memory it takes.

    python benchmarks/bench_cohort.py                      # 100 and 10,000 files of 500 events
    python benchmarks/bench_cohort.py --files 100,1000 --events 500
    python benchmarks/bench_cohort.py --keep /tmp/cohort   # reuse generated files next run

Files are written with coursekit's own exchange writer (``export_document`` +
``dumps``) for a synthetic 60-lesson course: an enrolment, study sessions, completions
with times and flashcard reviews, with uids. Each size is timed as a whole process
(``coursekit cohort report DIR --json``), wall time and the peak memory of the whole
process tree (the report and its worker processes, sampled from /proc every 20 ms).

Then, on 1,000 of the files in one process, the time is split into reading (JSON,
validation, replay: per file, in Python whatever the engine) and aggregation (medians,
funnel, pace, cards over the learners' summaries), the only part an analytical
database could take over; with ``duckdb`` installed the same per-lesson quantiles
are also computed by DuckDB over the same rows, side by side.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import make_course  # noqa: E402

from coursekit.events.event import Event  # noqa: E402
from coursekit.events.exchange import dumps, export_document  # noqa: E402

LESSONS = 60


def write_files(folder: Path, count: int, events: int, seed: int = 11) -> None:
    """``count`` learners' exchange files of ``events`` events each."""
    folder.mkdir(parents=True, exist_ok=True)
    lessons = [f"lesson-{n:05d}" for n in range(1, LESSONS + 1)]
    cards = [f"module-{m:03d}-card-{c}" for m in range(1, LESSONS // 10 + 1) for c in range(3)]
    for n in range(count):
        rng = random.Random(seed * 1_000_003 + n)
        at = datetime(2025, 1, 6, 9, tzinfo=UTC) + timedelta(hours=rng.randint(0, 500))
        reach = rng.randint(1, LESSONS)
        log = [Event(f"{n:06d}-0000", "enrolled", at, "synthetic", "x",
                     {"pace": "moderate", "start": at.date().isoformat()})]
        for k in range(1, events):
            at += timedelta(minutes=rng.randint(20, 900))
            lesson = lessons[min(reach - 1, k * reach // events)]
            roll = rng.random()
            if roll < 0.45:
                data = {"lesson": lesson, "minutes": rng.randint(10, 90)}
                kind = "study_session"
            elif roll < 0.6:
                data = {"lesson": lesson, "minutes": rng.randint(20, 150)}
                kind = "lesson_completed"
            else:
                data = {"card": rng.choice(cards), "rating": rng.choice((1, 2, 3, 3, 4))}
                kind = "flashcard_review"
            log.append(Event(f"{n:06d}-{k:04d}-{rng.getrandbits(32):08x}", kind, at,
                             "synthetic", "x", data))
        document = export_document("synthetic", f"anon-{n:06d}", log)
        (folder / f"learner-{n:06d}.json").write_text(dumps(document), encoding="utf-8")


def tree_rss(pid: int) -> int:
    """Resident memory of ``pid`` and its descendants, in bytes."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{p}/task/{p}/children") as handle:
                stack.extend(int(c) for c in handle.read().split())
        except OSError:
            continue
    return total


def run_report(course: Path, folder: Path) -> tuple[float, int, int]:
    """(wall seconds, peak tree memory, exit code) of one report run."""
    command = [sys.executable, "-m", "coursekit", "cohort", "report", str(folder),
               "--course", str(course), "--json"]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.02)
    return time.perf_counter() - start, peak, process.returncode


def phases(course_root: Path, folder: Path, files: int) -> None:
    """Reading against aggregating, in one process, on ``files`` files."""
    from coursekit.cohort.reading import read_cohort
    from coursekit.cohort.report import build_report
    from coursekit.cohort.stats import spread
    from coursekit.course.loader import load_course

    course = load_course(course_root).course
    paths = sorted(str(p) for p in folder.glob("*.json"))[:files]
    now = datetime.now(UTC)
    t0 = time.perf_counter()
    cohort = read_cohort(course, paths, now.date(), now, jobs=1)
    t1 = time.perf_counter()
    build_report(course, cohort, now.date())
    t2 = time.perf_counter()
    rows = [(k, m) for p in cohort.learners for k, m in p.times.items()]
    t3 = time.perf_counter()
    by_lesson: dict[int, list[int]] = {}
    for k, m in rows:
        by_lesson.setdefault(k, []).append(m)
    python_q = {k: spread(v) for k, v in by_lesson.items()}
    t4 = time.perf_counter()
    print(f"{files} files in one process: reading {t1 - t0:.2f} s, aggregating "
          f"{t2 - t1:.3f} s ({(t2 - t1) / (t2 - t0):.1%} of the work)")
    print(f"  per-lesson quartiles of {len(rows):,} times: plain Python {(t4 - t3) * 1000:.1f} ms")
    try:
        import duckdb
    except ImportError:
        print("  (install duckdb to time the same quartiles in DuckDB)")
        return
    t5 = time.perf_counter()
    db = duckdb.connect()
    db.execute("CREATE TABLE times (lesson INTEGER, minutes INTEGER)")
    db.executemany("INSERT INTO times VALUES (?, ?)", rows)
    t6 = time.perf_counter()
    result = db.execute(
        "SELECT lesson, quantile_cont(minutes, [0.25, 0.5, 0.75]) FROM times GROUP BY lesson"
    ).fetchall()
    t7 = time.perf_counter()
    assert all(abs(q[1] - python_q[k].median) < 1e-9 for k, q in result)  # type: ignore[union-attr]
    print(f"  DuckDB {duckdb.__version__}: loading the rows {(t6 - t5) * 1000:.1f} ms, "
          f"the query {(t7 - t6) * 1000:.1f} ms "
          f"({(t7 - t5) / max(t4 - t3, 1e-9):.1f}x plain Python's time, same quartiles)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", default="100,10000")
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--keep", type=Path, help="folder to keep the generated files in")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-cohort-"))
    course = base / "course"
    if not (course / "curriculum").exists():
        make_course(course, lessons=LESSONS)
    sizes = [int(x) for x in args.files.split(",")]
    print(f"{os.cpu_count()} cores; course of {LESSONS} lessons; {args.events} events a file")
    for size in sizes:
        folder = base / f"files-{size}x{args.events}"
        if len(list(folder.glob("*.json"))) != size:
            start = time.perf_counter()
            write_files(folder, size, args.events)
            print(f"wrote {size:,} files in {time.perf_counter() - start:.0f} s")
        wall, peak, code = run_report(course, folder)
        events = size * args.events
        print(f"{size:>6,} files, {events:>9,} events: {wall:6.2f} s, peak memory "
              f"{peak / 1024 / 1024:,.0f} MB (exit {code}), {events / wall:,.0f} events/s")
    largest = base / f"files-{max(sizes)}x{args.events}"
    phases(course, largest, min(1000, max(sizes)))


if __name__ == "__main__":
    main()
