"""How fast does `coursekit progress` answer on a big course with a long history?

    python benchmarks/bench_startup.py [--lessons 1000] [--events 20000] [--repeat 15]

Builds a synthetic course of ``--lessons`` lessons and a temporary progress database
with ``--events`` events (study sessions and completions over two years), warms the
course-index cache once, then times whole processes: ``python -c pass``,
``coursekit --version``, ``coursekit progress`` and ``coursekit progress --json``.
Prints the median and spread of wall time; the goal is a median under 0.25 s.
The last two rows append one event before each run: recorded now (the saved
derived state is extended with it), or dated in the past (the whole log is replayed).

``--reviews N`` adds N flashcard ratings to the log: the dashboard then counts the
reviews FSRS will ask for as work left (``coursekit.review.workload``), and the row
after a new event includes running that simulation again.

``--importtime`` also prints the slowest imports of one `coursekit progress` run
(``python -X importtime``), to see what is on the hot path.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import make_course  # noqa: E402

from coursekit.events.store import Event, Store  # noqa: E402

GOAL = 0.25


def make_events(lessons: int, count: int, learner: str, reviews: int = 0) -> list[Event]:
    """An enrollment, then study sessions and completions over about two years, and
    ``reviews`` flashcard ratings of the cards of the lessons done (three a module)."""
    rng = random.Random(3)
    start = datetime(2024, 1, 1, 12, tzinfo=UTC)
    events = [
        Event(
            uuid.uuid4().hex,
            "enrolled",
            start,
            "synthetic",
            learner,
            {"pace": "relaxed", "start": "2024-01-01"},
        )
    ]
    position = 1
    for n in range(count - 1):
        at = start + timedelta(minutes=n * 50)
        lesson = f"lesson-{min(position, lessons):05d}"
        if rng.random() < 0.025 and position < lessons:
            kind, minutes = "lesson_completed", rng.randint(30, 150)
            position += 1
        else:
            kind, minutes = "study_session", rng.randint(10, 90)
        data = {"lesson": lesson, "minutes": minutes}
        events.append(Event(uuid.uuid4().hex, kind, at, "synthetic", learner, data))
    span = timedelta(minutes=50 * count)
    for n in range(reviews):
        at = start + span * n / max(reviews, 1)
        done = max(1, round(position * n / max(reviews, 1)))
        module = rng.randrange(max(1, done // 10)) + 1
        card = f"module-{module:03d}-card-{rng.randrange(3)}"
        rating = rng.choices([1, 2, 3, 4], weights=[1, 1, 6, 2])[0]
        data = {"card": card, "rating": rating}
        events.append(Event(uuid.uuid4().hex, "flashcard_review", at, "synthetic", learner, data))
    return events


def timed(
    cmd: list[str], env: dict[str, str], cwd: Path, repeat: int, before: Any = None
) -> list[float]:
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        began = time.perf_counter()
        done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True)
        runs.append(time.perf_counter() - began)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr.decode()}")
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=int, default=1000)
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--reviews", type=int, default=0, help="flashcard ratings to add")
    parser.add_argument("--importtime", action="store_true")
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    coursekit = str(bindir / "coursekit")
    with tempfile.TemporaryDirectory() as tmp:
        root = make_course(Path(tmp) / "course", lessons=args.lessons)
        db = Path(tmp) / "progress.db"
        with Store.open(db) as store:
            store.append(make_events(args.lessons, args.events, "bench", args.reviews))
        env = dict(
            os.environ,
            COURSEKIT_DB=str(db),
            COURSEKIT_LEARNER="bench",
            COURSEKIT_CACHE_DIR=str(Path(tmp) / "cache"),
            COURSEKIT_TODAY="2025-12-01",
            COLUMNS="100",
        )
        began = time.perf_counter()
        subprocess.run([coursekit, "progress"], env=env, cwd=root, check=True, capture_output=True)
        print(
            f"first run (loads the course, writes the cache): {time.perf_counter() - began:.2f} s"
        )

        def new_event(at: datetime = datetime(2025, 12, 1, 12, tzinfo=UTC)) -> None:
            data = {"lesson": "lesson-00600", "minutes": 5}
            with Store.open(db) as store:
                store.append(
                    [Event(uuid.uuid4().hex, "study_session", at, "synthetic", "bench", data)]
                )

        rows = [
            ("python -c pass", [sys.executable, "-c", "pass"], None),
            ("coursekit --version", [coursekit, "--version"], None),
            ("coursekit progress", [coursekit, "progress"], None),
            ("coursekit progress --json", [coursekit, "progress", "--json"], None),
            ("  after a new event", [coursekit, "progress"], new_event),
            (
                "  after a backdated event",
                [coursekit, "progress"],
                lambda: new_event(datetime(2024, 6, 3, 12, tzinfo=UTC)),
            ),
        ]
        reviews = f" and {args.reviews} ratings" if args.reviews else ""
        print(f"{args.lessons} lessons, {args.events} events{reviews}, {args.repeat} runs each")
        print(f"{'command':<28} {'median':>8} {'min':>8} {'max':>8}")
        medians = {}
        for name, cmd, before in rows:
            runs = timed(cmd, env, root, args.repeat, before)
            medians[name] = statistics.median(runs)
            print(f"{name:<28} {medians[name]:>7.3f}s {min(runs):>7.3f}s {max(runs):>7.3f}s")
        verdict = "meets" if medians["coursekit progress"] < GOAL else "MISSES"
        print(f"`coursekit progress` {verdict} the {GOAL:.2f} s goal")
        print(
            "(a new event extends the saved state; one dated before the latest replayed "
            "event makes the dashboard replay the whole log)"
        )
        if args.importtime:
            done = subprocess.run(
                [
                    sys.executable,
                    "-X",
                    "importtime",
                    "-c",
                    "import sys; from coursekit.cli import main; sys.argv=['coursekit','progress'];"
                    " main()",
                ],
                env=env,
                cwd=root,
                capture_output=True,
                text=True,
            )
            rows_it = []
            for line in done.stderr.splitlines():
                parts = line.split("|")
                if len(parts) == 3 and parts[1].strip().isdigit():
                    rows_it.append((int(parts[1]), parts[2].rstrip()))
            print("slowest imports (cumulative µs):")
            for cumulative, name in sorted(rows_it, reverse=True)[:25]:
                print(f"{cumulative:>9} {name}")


if __name__ == "__main__":
    main()
