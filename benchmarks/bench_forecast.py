"""How honest is the completion forecast? Simulated learners, real forecasting code.

    python benchmarks/bench_forecast.py [--learners 800] [--seed 1] [--tune]

Each simulated learner enrolls in a 40-lesson course at the moderate pace and then
studies like a person: a personal daily time (25-120 min on a study day) with a
weekly mood that drifts and returns (AR(1), sd 0.25 in log terms), noisy days (sd
0.45), skipped days (each learner has own weekday and weekend habits), holidays of
3-14 days (one every 60 days on average), and lessons that take longer or shorter
than estimated (a personal bias times a per-lesson noise). Learners record time in
one of three ways: ``done --time``, ``log`` sessions then ``done``, or ``done``
alone with no time at all.

At 25%, 50% and 75% of the lessons done, the events so far go through the real
``derive`` + ``forecast`` functions, and the projected window is compared with the
day the simulated learner really finished. The table shows how often the window
contains the real finish date (coverage) and how wide it is.

``--tune`` searches the window's two widening factors (``Settings.early`` and
``Settings.late``) on one set of learners for the narrowest window with at least
``--goal`` coverage at every checkpoint, then reports that choice on a fresh set of
learners (the figures to trust are those of the fresh set).
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import time
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from coursekit.model import DEFAULT_PACES, Course, Duration, Lesson, Module
from coursekit.progress.forecast import DEFAULT, Settings, forecast
from coursekit.progress.state import derive
from coursekit.events.store import Event

CHECKPOINTS = (0.25, 0.5, 0.75)
START = date(2025, 1, 6)  # a Monday
PACE = DEFAULT_PACES["moderate"]


def make_course(rng: random.Random, lessons: int = 40) -> Course:
    items = []
    for n in range(lessons):
        low = rng.choice([30, 45, 60, 90, 120])
        high = low + rng.choice([0, 15, 30, 60])
        items.append(Lesson(f"lesson-{n:03d}", f"m{n // 8}", f"Lesson {n}", Duration(low, high)))
    modules = tuple(
        Module(f"m{m}", f"Module {m}", tuple(x for x in items if x.module == f"m{m}"))
        for m in range((lessons + 7) // 8)
    )
    return Course("sim", "Simulated course", modules)


@dataclass
class Case:
    course: Course
    events: list[Event]  # everything the learner recorded, in order
    checkpoints: dict[float, tuple[date, int]]  # fraction -> (day, events so far)
    finish: date


def at_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC).astimezone(UTC)


def simulate(rng: random.Random) -> Case:
    """One learner from enrollment to the last lesson."""
    course = make_course(rng)
    lessons = list(course.lessons())
    bias = rng.lognormvariate(0, 0.3)
    actual = [x.study_time.mid * bias * rng.lognormvariate(0, 0.35) for x in lessons]
    base = rng.uniform(25, 120)  # minutes on a study day
    p_weekday, p_weekend = rng.uniform(0.45, 0.95), rng.uniform(0.05, 0.8)
    style = rng.choices(["time", "sessions", "none"], weights=[0.5, 0.25, 0.25])[0]
    mk = lambda kind, day, **data: Event(  # noqa: E731
        uuid.uuid4().hex, kind, at_noon(day), "sim", "sim", data, seq=0
    )
    events = [mk("enrolled", START, pace="moderate", start=START.isoformat())]
    checkpoints: dict[float, tuple[date, int]] = {}
    day, position, spent, holiday, mood = START, 0, 0.0, 0, 0.0
    spent_by_lesson = [0.0] * len(lessons)
    while position < len(lessons):
        if day.weekday() == 0:
            # Motivation drifts week to week but returns toward the learner's usual level.
            mood = 0.6 * mood + rng.gauss(0, 0.2)
        if holiday:
            holiday -= 1
        elif rng.random() < 1 / 60:
            holiday = rng.randint(3, 14)
        p = p_weekday if day.weekday() < 5 else p_weekend
        if not holiday and rng.random() < p:
            budget = base * math.exp(mood) * rng.lognormvariate(0, 0.45)
            while budget > 0.5 and position < len(lessons):
                need = actual[position] - spent
                used = min(budget, need)
                budget -= used
                spent += used
                spent_by_lesson[position] += used
                if style == "sessions" and used >= 1:
                    events.append(
                        mk("study_session", day, lesson=lessons[position].id, minutes=round(used))
                    )
                if spent >= actual[position] - 1e-9:
                    data: dict[str, object] = {"lesson": lessons[position].id}
                    if style == "time":
                        data["minutes"] = max(1, round(spent_by_lesson[position]))
                    events.append(mk("lesson_completed", day, **data))
                    position, spent = position + 1, 0.0
                    for fraction in CHECKPOINTS:
                        if fraction not in checkpoints and position >= fraction * len(lessons):
                            checkpoints[fraction] = (day, len(events))
        day += timedelta(days=1)
    for n, event in enumerate(events, start=1):
        events[n - 1] = replace(event, seq=n)
    return Case(course, events, checkpoints, day - timedelta(days=1))


@dataclass
class Outcome:
    fraction: float
    covered: bool
    width: int
    basis: str
    early_error: int  # real finish - likely, in days


def evaluate(cases: list[Case], settings: Settings) -> list[Outcome]:
    outcomes = []
    for case in cases:
        for fraction, (day, count) in case.checkpoints.items():
            progress = derive(case.course, "sim", case.events[:count])
            result = forecast(case.course, progress, day, PACE, settings)
            assert result.earliest and result.latest and result.likely
            outcomes.append(
                Outcome(
                    fraction,
                    result.earliest <= case.finish <= result.latest,
                    (result.latest - result.earliest).days + 1,
                    result.basis,
                    (case.finish - result.likely).days,
                )
            )
    return outcomes


def table(outcomes: list[Outcome], cases: list[Case], settings: Settings) -> str:
    lines = [
        f"early={settings.early:.2f}  late={settings.late:.2f}  ({len(cases)} learners)",
        f"{'progress':>9} {'coverage':>9} {'median width':>13} {'mean width':>11} "
        f"{'median days left':>17} {'median |likely err|':>20}",
    ]
    for fraction in CHECKPOINTS:
        rows = [o for o in outcomes if o.fraction == fraction]
        left = [
            (c.finish - c.checkpoints[fraction][0]).days for c in cases if fraction in c.checkpoints
        ]
        lines.append(
            f"{fraction:>8.0%} {sum(o.covered for o in rows) / len(rows):>9.1%} "
            f"{statistics.median(o.width for o in rows):>10.0f} d "
            f"{statistics.mean(o.width for o in rows):>9.1f} d "
            f"{statistics.median(left):>15.0f} d "
            f"{statistics.median(abs(o.early_error) for o in rows):>18.0f} d"
        )
    return "\n".join(lines)


EARLY = [x / 100 for x in range(40, 101, 2)]
LATE = [x / 100 for x in range(100, 221, 2)]


def tune(cases: list[Case], goal: float = 0.8) -> Settings:
    """The narrowest (early, late) with >= ``goal`` coverage at every checkpoint.

    The earliest date depends only on ``early`` and the latest only on ``late``, so
    each factor is tried on its own and the pairs are combined arithmetically.
    """
    # per checkpoint: [(earliest per early factor, latest per late factor, finish)]
    rows: dict[float, list[tuple[list[date], list[date], date]]] = {f: [] for f in CHECKPOINTS}
    for case in cases:
        for fraction, (day, count) in case.checkpoints.items():
            progress = derive(case.course, "sim", case.events[:count])
            lows = [
                forecast(case.course, progress, day, PACE, replace(DEFAULT, early=e)).earliest
                for e in EARLY
            ]
            highs = [
                forecast(case.course, progress, day, PACE, replace(DEFAULT, late=lt)).latest
                for lt in LATE
            ]
            rows[fraction].append((lows, highs, case.finish))  # type: ignore[arg-type]
    best: tuple[float, Settings] | None = None
    for i, early in enumerate(EARLY):
        for j, late in enumerate(LATE):
            widths, ok = [], True
            for fraction in CHECKPOINTS:
                sample = rows[fraction]
                covered = sum(lows[i] <= finish <= highs[j] for lows, highs, finish in sample)
                ok = ok and covered >= goal * len(sample)
                widths.extend((highs[j] - lows[i]).days + 1 for lows, highs, _ in sample)
            width = statistics.mean(widths)
            if ok and (best is None or width < best[0]):
                best = (width, replace(DEFAULT, early=early, late=late))
    if best is None:
        raise SystemExit("no setting reaches the coverage goal at every checkpoint")
    return best[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=800)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tune", action="store_true", help="search early/late first")
    parser.add_argument("--goal", type=float, default=0.8, help="coverage to tune for")
    args = parser.parse_args()
    began = time.perf_counter()
    rng = random.Random(args.seed)
    settings = DEFAULT
    if args.tune:
        training = [simulate(rng) for _ in range(args.learners)]
        settings = tune(training, args.goal)
        print(f"tuned on {len(training)} learners: early={settings.early} late={settings.late}")
    cases = [simulate(rng) for _ in range(args.learners)]
    print(table(evaluate(cases, settings), cases, settings))
    basis = {o.basis for o in evaluate(cases, settings)}
    print(f"forecast bases seen: {', '.join(sorted(basis))}")
    print(f"({time.perf_counter() - began:.1f} s)")


if __name__ == "__main__":
    main()
