"""How long rebuilding flashcard states from the event log takes, with and without the snapshot.

A learner's ratings are replayed through FSRS every time ``coursekit review`` (or the
progress dashboard's "cards due") needs card states. This reports, for histories of
2,000, 20,000 and 100,000 ratings over 500 cards, read from a real SQLite store:

* read: loading the learner's events from the database;
* full replay: every rating through ``fsrs.Scheduler.review_card``;
* snapshot, fresh: the same through ``review_cache`` when nothing is new;
* snapshot, +50: after 50 new ratings (one session);

as medians of several runs.

    .venv/bin/python benchmarks/bench_review.py
    .venv/bin/python benchmarks/bench_review.py --sizes 2000 --runs 3
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coursekit.events.store import Event, Store
from coursekit.model import ReviewSettings
from coursekit.review.cards import make_scheduler, replay
from coursekit.review.history_cache import cached_history


def ratings(n: int, start: int = 0) -> list[Event]:
    rng = random.Random(start)
    t0 = datetime(2024, 1, 1, 8, tzinfo=UTC)
    return [
        Event(
            f"r{i}",
            "flashcard_review",
            t0 + timedelta(minutes=11 * i),
            "bench",
            "ann",
            {"card": f"card-{rng.randrange(500)}", "rating": rng.choice((1, 2, 3, 3, 3, 4))},
        )
        for i in range(start, start + n)
    ]


def median_ms(work, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,20000,100000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    scheduler = make_scheduler(ReviewSettings())
    print(f"{'ratings':>8} {'read':>9} {'full replay':>12} {'snapshot':>9} {'+50 new':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            db, snapshot = Path(folder) / "p.db", Path(folder) / "snapshot.json"
            with Store.open(db) as store:
                store.append(ratings(size))
                events = store.events("bench", "ann")
                read = median_ms(lambda: store.events("bench", "ann"), args.runs)  # noqa: B023
            full = median_ms(lambda: replay(events, scheduler), args.runs)  # noqa: B023
            cached_history(events, scheduler, snapshot)
            fresh = median_ms(
                lambda: cached_history(events, scheduler, snapshot),  # noqa: B023
                args.runs,
            )
            more = events + ratings(50, start=size)
            resumed = []
            for _ in range(args.runs):
                cached_history(events, scheduler, snapshot)  # the snapshot before the session
                began = time.perf_counter()
                cached_history(more, scheduler, snapshot)
                resumed.append((time.perf_counter() - began) * 1000)
            session = statistics.median(resumed)
        print(f"{size:>8} {read:>7.0f}ms {full:>10.0f}ms {fresh:>7.0f}ms {session:>7.0f}ms")


if __name__ == "__main__":
    main()
