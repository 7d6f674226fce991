"""How long scheduling takes on the largest courses coursekit accepts.

    python benchmarks/bench_plan.py

Two measurements, each printed side by side in one run:

* a 100,000-hour course (1,000 lessons of 75-125 h) planned at its intensive pace:
  the day-by-day plan and its completion window, against the same plan laid out by
  filling every day one after the other for the window too (how windows were found
  before they were counted);
* 20,000 lessons whose prerequisites run in reverse order (each requires the next):
  the heap-based topological order against the first-ready-lesson scan it replaced,
  which was quadratic.

Times are CPU seconds, the best of a few runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from coursekit.model import DEFAULT_PACES, Course, Duration, Lesson, Module  # noqa: E402
from coursekit.plan import scheduler  # noqa: E402

START = date(2027, 1, 4)


def big_course(lessons: int, low: int, high: int) -> Course:
    items = [
        Lesson(f"l{n}", f"m{n // 50}", f"Lesson {n}", Duration(low, high)) for n in range(lessons)
    ]
    modules = tuple(
        Module(f"m{k}", f"Module {k}", tuple(items[k * 50 : (k + 1) * 50]))
        for k in range((lessons + 49) // 50)
    )
    return Course("big", "Big", modules)


def chain_course(lessons: int) -> Course:
    items = [
        Lesson(f"l{n}", "m", f"L{n}", Duration(30, 45), requires=(f"l{n + 1}",)[: lessons - n - 1])
        for n in range(lessons)
    ]
    return Course("chain", "Chain", (Module("m", "M", tuple(items)),))


def best_of(runs: int, work: object) -> float:
    """The least CPU time of ``runs`` runs (steadier than wall time on a busy machine)."""
    times = []
    for _ in range(runs):
        started = time.process_time()
        work()  # type: ignore[operator]
        times.append(time.process_time() - started)
    return min(times)


def simulated_window(course: Course) -> tuple[date, date]:
    """The window found by laying out both ends day by day (the way before)."""
    pace = DEFAULT_PACES["intensive"]
    lessons = list(course.lessons())
    ends = []
    for daily, end in ((pace.hours_per_day.high, "low"), (pace.hours_per_day.low, "high")):
        minutes = [x.study_time.pick(end) for x in lessons]
        days = scheduler._fill(lessons, minutes, daily, scheduler.study_dates(pace, START), True)
        ends.append(days[-1][0])
    return ends[0], ends[1]


def scanning_order(lessons: list[Lesson]) -> list[Lesson]:
    """The order before: each time, scan for the first lesson whose prerequisites are placed."""
    planned = {x.id for x in lessons}
    placed: set[str] = set()
    pending, ordered = list(lessons), []
    while pending:
        ready = (
            i
            for i, x in enumerate(pending)
            if all(r in placed or r not in planned for r in x.requires)
        )
        pick = next(ready, 0)
        lesson = pending.pop(pick)
        placed.add(lesson.id)
        ordered.append(lesson)
    return ordered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chain", type=int, default=20_000, help="lessons in the reverse chain")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    big = big_course(1_000, 75 * 60, 125 * 60)
    intensive = DEFAULT_PACES["intensive"]
    made = scheduler.plan(big, intensive, START)
    plan_s = best_of(args.runs, lambda: scheduler.plan(big, intensive, START))
    window_s = best_of(args.runs, lambda: scheduler.completion_window(big, intensive, START))
    simulated_s = best_of(1, lambda: simulated_window(big))
    assert simulated_window(big) == (made.window.earliest, made.window.latest)
    print(f"100,000-hour course, {len(made.days):,} study days at the intensive pace:")
    print(f"  day-by-day plan with its window   {plan_s:6.2f} s")
    print(f"  window, counted                   {window_s * 1000:6.2f} ms")
    ratio = simulated_s / window_s
    print(f"  window, laid out day by day       {simulated_s:6.2f} s ({ratio:,.0f}x)")

    chain = list(chain_course(args.chain).lessons())
    heap_s = best_of(args.runs, lambda: scheduler._prerequisites_first(chain))
    scan_lessons = chain[-2_000:]  # the scan is quadratic: 2,000 are enough to see it
    scan_s = best_of(1, lambda: scanning_order(scan_lessons))
    heap_small = best_of(args.runs, lambda: scheduler._prerequisites_first(scan_lessons))
    assert scheduler._prerequisites_first(scan_lessons) == scanning_order(scan_lessons)
    print(f"{args.chain:,} lessons, prerequisites in reverse order:")
    print(f"  topological order (heap)          {heap_s:6.3f} s")
    print(
        f"  {len(scan_lessons):,} of them: heap {heap_small:.3f} s, scan {scan_s:.2f} s "
        f"({scan_s / heap_small:,.0f}x; the scan grows with the square of the lessons)"
    )


if __name__ == "__main__":
    main()
