"""How honest is the completion forecast? Simulated learners, real forecasting code.

    python benchmarks/bench_forecast.py [--learners 300] [--tune] [--write]

Learners of seven behaviours (``synthetic.BEHAVIOURS``: steady, fading, pauses,
weekends, sprint, erratic, hands-on) enroll at the moderate pace in a course of
their own (10 to 60 lessons, hands-on lessons underestimated more than reading
ones, except for ``steady``, the benchmark's first population) and study until they
finish, recording time in one of three ways: ``done --time``, ``log`` sessions then
``done``, or ``done`` alone. Their parameters are drawn from two sets of ranges,
``typical`` and ``wide``; a third, ``held-out``, is never used for tuning.

At 10%, 25%, 50% and 75% of the lessons done, the events so far go through the real
``derive`` + ``forecast`` functions, and the window is compared with the day the
learner really finished. Beside it, two windows a learner could work out alone:
``plan``, the enrolled pace's plan for the lessons left (``coursekit plan``'s
window), and ``rate``, lessons left ÷ lessons a day so far, ±30%. For each: how
often the window holds the real finish (coverage), its median width, and its
interval score at 80% (Winkler: the width in days plus 10 times the days by which
the window missed the finish; lower is better, and a window that is right 8 times
in 10 scores best).

``--tune`` first searches the forecast's settings on a tuning set (its own seed,
both populations): the pace's half-life and prior weight, then for each band of
lessons done the narrowest early/late factors that hold at least ``--goal`` of the
learners of every behaviour, and the likely factor half of them finish by. The
figures to trust are those of the evaluation set (another seed) and of the held-out
population, which tuning never saw. ``--write`` puts the tables into README.md and
docs/progress.md, between their ``bench_forecast`` markers.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import statistics
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import (  # noqa: E402
    BEHAVIOURS,
    DESCRIPTIONS,
    POPULATIONS,
    SimLearner,
    simulate_learner,
)

from coursekit.model import DEFAULT_PACES, Course  # noqa: E402
from coursekit.plan import scheduler  # noqa: E402
from coursekit.progress.forecast import (  # noqa: E402
    DEFAULT,
    Settings,
    activity_by_day,
    calibration,
    forecast,
    projection,
    remaining_work,
)
from coursekit.progress.state import Progress, derive  # noqa: E402

CHECKPOINTS = (0.1, 0.25, 0.5, 0.75)
PACE = DEFAULT_PACES["moderate"]
ALPHA = 0.2  # the interval score of an 80% window
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Case:
    """One simulated learner at one checkpoint."""

    behaviour: str
    population: str
    fraction: float
    course: Course
    progress: Progress
    today: date
    finish: date


def make_cases(seed: int, learners: int, populations: Iterable[str]) -> list[Case]:
    """``learners`` learners of each behaviour from each population, at each checkpoint."""
    rng = random.Random(seed)
    cases = []
    for name in populations:
        for behaviour in BEHAVIOURS:
            for _ in range(learners):
                sim = simulate_learner(rng, behaviour, POPULATIONS[name], CHECKPOINTS)
                cases.extend(_checkpoints(sim, name))
    return cases


def break_cases(seed: int, learners: int, populations: Iterable[str]) -> list[Case]:
    """``pauses`` learners three weeks into a break of more than three weeks (the
    fraction is the share of lessons done then)."""
    rng = random.Random(seed)
    cases = []
    for name in populations:
        for _ in range(learners):
            sim = simulate_learner(rng, "pauses", POPULATIONS[name], CHECKPOINTS)
            lessons = sum(1 for _ in sim.course.lessons())
            for day, count in sim.in_breaks:
                progress = derive(sim.course, "sim", sim.events[:count])
                share = len(progress.completed) / lessons
                cases.append(Case("pauses", name, share, sim.course, progress, day, sim.finish))
    return cases


def _checkpoints(sim: SimLearner, population: str) -> list[Case]:
    return [
        Case(
            sim.behaviour,
            population,
            fraction,
            sim.course,
            derive(sim.course, "sim", sim.events[:count]),
            day,
            sim.finish,
        )
        for fraction, (day, count) in sim.checkpoints.items()
    ]


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Window:
    earliest: date
    latest: date

    def covers(self, day: date) -> bool:
        return self.earliest <= day <= self.latest

    @property
    def width(self) -> int:
        return (self.latest - self.earliest).days + 1

    def score(self, day: date) -> float:
        """The interval (Winkler) score at ``ALPHA``: width, plus 2/ALPHA per day missed."""
        missed = max(0, (self.earliest - day).days) + max(0, (day - self.latest).days)
        return self.width + 2 / ALPHA * missed


def after(first: date, days: float) -> date:
    return first + timedelta(days=max(math.ceil(days - 1e-9), 1) - 1)


def plan_window(case: Case) -> Window:
    """The enrolled pace's plan for what is left, from the forecast's first day."""
    first = _first_day(case)
    left = [x.id for x in case.course.lessons() if x.id not in case.progress.completed]
    return Window(*scheduler.window(case.course, PACE, first, lessons=left))


def rate_window(case: Case) -> Window:
    """Lessons left ÷ lessons a day so far, ±30%."""
    first = _first_day(case)
    start = case.progress.enrollment.start  # type: ignore[union-attr]
    done = len(case.progress.completed)
    left = sum(1 for x in case.course.lessons() if x.id not in case.progress.completed)
    days = left / (done / ((case.today - start).days + 1))
    return Window(after(first, days * 0.7), after(first, days * 1.3))


def _first_day(case: Case) -> date:
    studied_today = case.progress.minutes_by_day.get(case.today, 0) > 0 or (
        case.today in case.progress.completed.values()
    )
    return case.today + timedelta(days=1 if studied_today else 0)


@dataclass(frozen=True)
class Outcome:
    behaviour: str
    population: str
    fraction: float
    ours: Window
    plan: Window
    rate: Window
    finish: date
    likely: date


def evaluate(cases: list[Case], settings: Settings) -> list[Outcome]:
    outcomes = []
    for case in cases:
        result = forecast(case.course, case.progress, case.today, PACE, settings)
        assert result.earliest and result.latest and result.likely
        outcomes.append(
            Outcome(
                case.behaviour,
                case.population,
                case.fraction,
                Window(result.earliest, result.latest),
                plan_window(case),
                rate_window(case),
                case.finish,
                result.likely,
            )
        )
    return outcomes


# --------------------------------------------------------------------------- tuning


@dataclass(frozen=True)
class Tuned:
    """A tuning case reduced to what the window's factors act on."""

    behaviour: str
    band: int
    span: float  # days the work left takes at today's pace
    pause: int
    real: int  # the real finish, as a day count from the first work day (1 = that day)


def tune(cases: list[Case], goal: float) -> Settings:
    """The pace settings and per-band factors with the narrowest windows that hold at
    least ``goal`` of every behaviour's learners (see the module docstring)."""
    work = [(case, _work(case)) for case in cases]
    best: tuple[float, Settings] | None = None
    for half_life in (7.0, 14.0, 28.0):
        for prior_days in (3.0, 7.0, 14.0):
            settings = replace(DEFAULT, half_life=half_life, prior_days=prior_days)
            reduced = [_reduce(case, w, settings) for case, w in work]
            found = _factors([r for r in reduced if r is not None], settings, goal)
            if found is None:
                continue
            width, chosen = found
            print(f"  half-life {half_life:g} d, prior {prior_days:g} d: mean width {width:.1f} d")
            if best is None or width < best[0]:
                best = (width, chosen)
    if best is None:
        raise SystemExit("no setting reaches the coverage goal for every behaviour")
    return best[1]


def _work(case: Case) -> tuple:
    cal = calibration(case.course, case.progress)
    per_lesson = remaining_work(case.course, case.progress, cal.applied)[2]
    return cal, per_lesson, activity_by_day(case.course, case.progress, cal.applied)


def _reduce(case: Case, work: tuple, settings: Settings) -> Tuned | None:
    found = projection(case.course, case.progress, case.today, PACE, settings, _work=work)
    if found is None:
        return None
    band = max(i for i, edge in enumerate(settings.bands) if found.done_share >= edge)
    real = (case.finish - found.first_day).days + 1
    return Tuned(case.behaviour, band, found.days, found.pause_days, real)


def _factors(rows: list[Tuned], settings: Settings, goal: float) -> tuple[float, Settings] | None:
    """Per band: the early/late pair of least mean width that covers ``goal`` of every
    behaviour, and the likely factor half of each behaviour's learners finish by."""
    early_f, likely_f, late_f, widths = [], [], [], []
    for band in range(len(settings.bands)):
        sample = [r for r in rows if r.band == band]
        if not sample:
            return None
        best: tuple[float, float, float] | None = None
        for early in [x / 100 for x in range(20, 101, 2)]:
            late = _least_late(sample, early, goal)
            if late is None:
                continue
            width = statistics.mean(
                max(math.ceil(r.span * late + r.pause - 1e-9), 1)
                - max(math.ceil(r.span * early - 1e-9), 1)
                + 1
                for r in sample
            )
            if best is None or width < best[0]:
                best = (width, early, late)
        if best is None:
            return None
        widths.append(best[0])
        early_f.append(best[1])
        late_f.append(best[2])
        # The behaviours weigh alike: the median of the medians of real / projected.
        likely_f.append(
            round(
                statistics.median(
                    statistics.median(r.real / r.span for r in sample if r.behaviour == b)
                    for b in {r.behaviour for r in sample}
                ),
                2,
            )
        )
    chosen = replace(settings, early=tuple(early_f), likely=tuple(likely_f), late=tuple(late_f))
    return statistics.mean(widths), chosen


def _least_late(sample: list[Tuned], early: float, goal: float) -> float | None:
    """The smallest late factor (to 0.05) that, with ``early``, covers ``goal`` of every
    behaviour in ``sample``."""
    need = 0.0
    for behaviour in {r.behaviour for r in sample}:
        group = [r for r in sample if r.behaviour == behaviour]
        # A case is covered when early * span <= real and late * span + pause > real - 1.
        lows = sorted(
            (r.real - 1 - r.pause) / r.span
            for r in group
            if math.ceil(r.span * early - 1e-9) <= r.real
        )
        count = math.ceil(goal * len(group))
        if len(lows) < count:
            return None
        need = max(need, lows[count - 1])
    return math.floor(need * 20 + 1) / 20  # strictly above, on a 0.05 grid


# --------------------------------------------------------------------------- tables


def _cells(outcomes: list[Outcome]) -> dict[str, str]:
    covered = sum(o.ours.covers(o.finish) for o in outcomes) / len(outcomes)
    return {
        "coverage": f"{covered:.0%}",
        "width": f"{statistics.median(o.ours.width for o in outcomes):.0f} d",
        "scores": " / ".join(
            f"{statistics.mean(getattr(o, w).score(o.finish) for o in outcomes):.0f}"
            for w in ("ours", "plan", "rate")
        ),
    }


def tables(outcomes: list[Outcome], title: str) -> str:
    """Two Markdown tables: coverage and median width, then interval scores, per
    behaviour (rows) and checkpoint (columns)."""
    rows = [*BEHAVIOURS, "all learners"]
    head = " | ".join(f"{f:.0%}" for f in CHECKPOINTS)
    rule = "|".join(["---"] * (len(CHECKPOINTS) + 1))
    cover = [f"| {title}: real finish inside · median width | {head} |", f"|{rule}|"]
    score = [
        f"| {title}: interval score, forecast / plan / rate | {head} |",
        f"|{rule}|",
    ]
    for row in rows:
        mine = [o for o in outcomes if row == "all learners" or o.behaviour == row]
        by_fraction = [[o for o in mine if o.fraction == f] for f in CHECKPOINTS]
        cells = [_cells(group) for group in by_fraction]
        name = f"**{row}**" if row == "all learners" else row
        cover.append(
            f"| {name} | " + " | ".join(f"{c['coverage']} · {c['width']}" for c in cells) + " |"
        )
        score.append(f"| {name} | " + " | ".join(c["scores"] for c in cells) + " |")
    return "\n".join(cover) + "\n\n" + "\n".join(score)


def break_line(outcomes: list[Outcome]) -> str:
    """One sentence on learners three weeks into a break."""
    cells = _cells(outcomes)
    ours, plan, rate = cells["scores"].split(" / ")
    return (
        f"Three weeks into a break ({len(outcomes)} breaks of `pauses` learners of the "
        f"evaluation populations, at any share of lessons done), the window holds the real "
        f"finish for {cells['coverage']} of them, median width {cells['width']}, interval "
        f"score {ours} (plan {plan}, rate {rate})."
    )


def beats_baselines(outcomes: list[Outcome]) -> list[str]:
    """Checkpoints (and behaviours) where a baseline scores better than the forecast."""
    problems = []
    for fraction in CHECKPOINTS:
        for row in [None, *BEHAVIOURS]:
            group = [o for o in outcomes if o.fraction == fraction and row in (None, o.behaviour)]
            mean = {
                w: statistics.mean(getattr(o, w).score(o.finish) for o in group)
                for w in ("ours", "plan", "rate")
            }
            for baseline in ("plan", "rate"):
                if mean[baseline] <= mean["ours"]:
                    problems.append(
                        f"{fraction:.0%} {row or 'all learners'}: {baseline} scores "
                        f"{mean[baseline]:.0f}, the forecast {mean['ours']:.0f}"
                    )
    return problems


def settings_text(settings: Settings) -> str:
    def f(values: object) -> str:
        return ", ".join(f"{v:g}" for v in values) if isinstance(values, tuple) else f"{values}"

    return (
        f"half_life={settings.half_life:g}, prior_days={settings.prior_days:g}, "
        f"early=({f(settings.early)}), likely=({f(settings.likely)}), late=({f(settings.late)})"
    )


def write_tables(markdown: str) -> None:
    """Replace the text between the ``bench_forecast`` markers of the README and docs."""
    for path in (ROOT / "README.md", ROOT / "docs" / "progress.md"):
        text = path.read_text(encoding="utf-8")
        pattern = re.compile(
            r"(<!-- bench_forecast:start -->\n).*?(<!-- bench_forecast:end -->)", re.S
        )
        if not pattern.search(text):
            raise SystemExit(f"{path}: no <!-- bench_forecast:start/end --> markers")
        path.write_text(pattern.sub(lambda m: m[1] + markdown + "\n" + m[2], text), "utf-8")
        print(f"wrote the tables into {path.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=300, help="per behaviour and population")
    parser.add_argument("--seed", type=int, default=2, help="of the evaluation set")
    parser.add_argument("--tune", action="store_true", help="search the settings first")
    parser.add_argument("--goal", type=float, default=0.86, help="coverage to tune for")
    parser.add_argument("--write", action="store_true", help="put the tables in the docs")
    parser.add_argument(
        "--tune-on", default="typical,wide", help="the populations to tune on (comma-separated)"
    )
    parser.add_argument(
        "--evaluate-on", default="typical,wide", help="the populations of the evaluation set"
    )
    args = parser.parse_args()
    began = time.perf_counter()
    settings = DEFAULT
    if args.tune:
        training = make_cases(1, args.learners, args.tune_on.split(","))
        print(f"tuning on {len(training)} checkpoints of {args.learners} learners per behaviour")
        settings = tune(training, args.goal)
        print(f"chosen: {settings_text(settings)}")
    populations = args.evaluate_on.split(",")
    evaluation = evaluate(make_cases(args.seed, args.learners, populations), settings)
    held_out = evaluate(make_cases(args.seed + 100, args.learners, ("held-out",)), settings)
    n = args.learners
    parts = [
        tables(evaluation, f"Evaluation set ({len(populations) * n} learners a row)"),
        tables(held_out, f"Held-out population ({n} learners a row)"),
    ]
    breaks = evaluate(break_cases(args.seed + 200, args.learners, populations), settings)
    parts.append(break_line(breaks))
    legend = "\n".join(f"- **{b}**: {DESCRIPTIONS[b]}" for b in BEHAVIOURS)
    markdown = "\n\n".join(parts) + "\n\n" + legend
    print(markdown)
    for name, outcomes in (("evaluation", evaluation), ("held-out", held_out)):
        for problem in beats_baselines(outcomes):
            print(f"note ({name}): {problem}")
    if args.write:
        write_tables(markdown)
    print(f"({time.perf_counter() - began:.0f} s)")


if __name__ == "__main__":
    main()
