"""Synthetic courses of any size, and simulated learners, for the benchmarks.

    from synthetic import make_course, simulate_learner
    root = make_course(tmp / "course", lessons=1000)
    learner = simulate_learner(random.Random(1), "fading")

Lessons are lesson-sized (a few hundred words, a code block, an admonition), spread
over modules of ten, each module with a few flashcards and a scenario. Learners are
described below, with ``BEHAVIOURS``.
"""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from coursekit.events.event import Event
from coursekit.model import Course, Duration, Lesson, Module

PARAGRAPH = (
    "A model that is never retrained drifts away from the customers it describes. "
    "Track the data it sees, compare it with the data it was trained on, and decide "
    "in advance which change in the numbers makes you act. "
)


def lesson_body(number: int, words: int = 400) -> str:
    text = (PARAGRAPH * (words // len(PARAGRAPH.split()) + 1)).split()[:words]
    half = len(text) // 2
    return (
        f"# Lesson {number}\n\n{' '.join(text[:half])}\n\n"
        "!!! note \"Why this matters\"\n    Every step here is repeatable.\n\n"
        "```python\nimport pandas as pd\n\nframe = pd.read_csv('churn.csv')\n"
        "print(frame.describe())\n```\n\n"
        f"## Practice\n\n{' '.join(text[half:])}\n"
    )


def make_course(root: Path, lessons: int, per_module: int = 10, seed: int = 7) -> Path:
    """Write a valid course with ``lessons`` lessons under ``root`` and return ``root``."""
    rng = random.Random(seed)
    modules = [f"module-{m + 1:03d}" for m in range((lessons + per_module - 1) // per_module)]
    (root / "curriculum" / "modules").mkdir(parents=True, exist_ok=True)
    (root / "exercises").mkdir(exist_ok=True)
    (root / "curriculum" / "course.yml").write_text(
        f"id: synthetic\ntitle: Synthetic course of {lessons} lessons\n"
        "description: Generated for benchmarks.\nlevel: any\n"
        f"modules: [{', '.join(modules)}]\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Synthetic course\ndocs_dir: docs\ntheme:\n  name: material\n"
        "  features: [navigation.prune]\nplugins: [coursekit]\n"
        "markdown_extensions: [admonition, pymdownx.details, pymdownx.superfences, tables,"
        " attr_list, md_in_html]\n", encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    number = 0
    for module in modules:
        ids = []
        folder = root / "lessons" / module
        folder.mkdir(parents=True, exist_ok=True)
        for _ in range(per_module):
            if number == lessons:
                break
            number += 1
            lesson_id = f"lesson-{number:05d}"
            ids.append(lesson_id)
            low = rng.choice([30, 45, 60, 90, 120])
            high = low + rng.choice([0, 15, 30, 60])
            (folder / f"{lesson_id}.md").write_text(
                f"---\ntitle: Lesson {number}\nstudy_time: {low}-{high} min\n"
                f"objectives: [Understand part {number}]\noutcome: Part {number} done\n---\n"
                + lesson_body(number), encoding="utf-8")
        (root / "curriculum" / "modules" / f"{module}.yml").write_text(
            f"title: Module {module[-3:]}\nsummary: Part of the synthetic course.\n"
            f"learn: [Things]\nbuild: [Stuff]\nlessons: [{', '.join(ids)}]\n", encoding="utf-8")
        cards = "".join(
            f"  - id: {module}-card-{c}\n    q: Question {c} of {module}?\n"
            f"    a: Answer {c}.\n    lesson: {ids[0]}\n" for c in range(3))
        (root / "exercises" / f"{module}.yml").write_text(
            f"flashcards:\n{cards}scenarios:\n  - id: {module}-case\n    title: A case\n"
            "    situation: Something broke.\n    task: Fix it.\n    answer: Like this.\n",
            encoding="utf-8")
    return root


# --------------------------------------------------------------------------- learners
#
# Simulated learners for benchmarks/bench_forecast.py: a course of their own, the
# events they record (through the same event types as `coursekit progress`), and
# the day they really finish. Each behaviour is one kind of learner seen in studies
# of online courses; its parameters are drawn from the ranges of a `Population`, so
# a forecast can be tuned on one population and checked on another.

#: The behaviours, in the order the benchmark reports them.
BEHAVIOURS = ("steady", "fading", "pauses", "weekends", "sprint", "erratic", "hands-on")
DESCRIPTIONS = {
    "steady": "today's learners: a personal level, a weekly mood that returns, short holidays",
    "fading": "daily time decaying week after week toward a floor",
    "pauses": "one or two breaks of several weeks, then back at their level",
    "weekends": "study on Saturdays and Sundays only, in long sittings",
    "sprint": "a slow start, then a sprint to the end",
    "erratic": "a new level every four weeks, with no usual level to return to",
    "hands-on": "hands-on lessons (more of them late in the course) take far longer than estimated",
}
SIM_START = date(2025, 1, 6)  # a Monday


@dataclass(frozen=True)
class Population:
    """The parameter ranges learners are drawn from (``(low, high)``: uniform)."""

    lessons: tuple[int, int] = (10, 60)
    base_minutes: tuple[float, float] = (25, 120)  # on a study day, at level 1
    day_noise: float = 0.45  # sd of a day's log time
    lesson_noise: float = 0.35  # sd of a lesson's log time around the learner's bias
    reading_bias: float = 0.3  # sd of the log of actual / estimated for reading lessons
    hands_on_extra: tuple[float, float] = (0.1, 0.4)  # log of hands-on's extra bias
    hands_on_share: tuple[float, float] = (0.2, 0.5)  # share at the course's start, end
    fading_half_life_weeks: tuple[float, float] = (3, 10)
    fading_floor: tuple[float, float] = (0.15, 0.4)
    pause_days: tuple[int, int] = (14, 56)
    pauses: tuple[int, int] = (1, 2)
    weekend_minutes: tuple[float, float] = (60, 240)
    weekday_chance: float = 0.02  # a weekend learner's chance to study on a weekday
    sprint_slow: tuple[float, float] = (0.25, 0.6)
    sprint_fast: tuple[float, float] = (1.3, 2.5)
    sprint_switch: tuple[float, float] = (0.2, 0.6)  # share of lessons done
    erratic_sd: tuple[float, float] = (0.4, 0.8)  # sd of a four-week level, log terms
    strong_hands_on_extra: tuple[float, float] = (0.4, 0.8)
    strong_hands_on_share: tuple[float, float] = (0.1, 0.7)


#: The two populations the forecast is tuned on, and evaluated on with other seeds:
#: typical ranges, and wider ones (longer pauses, faster fading, bigger sprints).
TYPICAL = Population()
WIDE = Population(
    lessons=(8, 80),
    base_minutes=(15, 150),
    day_noise=0.55,
    lesson_noise=0.45,
    reading_bias=0.35,
    hands_on_extra=(0.0, 0.6),
    hands_on_share=(0.1, 0.7),
    fading_half_life_weeks=(2, 14),
    fading_floor=(0.1, 0.5),
    pause_days=(10, 90),
    pauses=(1, 3),
    weekend_minutes=(45, 300),
    weekday_chance=0.06,
    sprint_slow=(0.2, 0.7),
    sprint_fast=(1.2, 3.0),
    sprint_switch=(0.1, 0.7),
    erratic_sd=(0.3, 1.0),
    strong_hands_on_extra=(0.3, 1.0),
    strong_hands_on_share=(0.0, 0.9),
)
#: Ranges no tuning saw: some milder, some harsher than both populations above.
HELD_OUT = Population(
    lessons=(12, 45),
    base_minutes=(30, 90),
    day_noise=0.35,
    lesson_noise=0.4,
    reading_bias=0.25,
    hands_on_extra=(0.2, 0.5),
    hands_on_share=(0.3, 0.6),
    fading_half_life_weeks=(5, 20),
    fading_floor=(0.05, 0.3),
    pause_days=(21, 70),
    pauses=(2, 2),
    weekend_minutes=(90, 200),
    weekday_chance=0.0,
    sprint_slow=(0.3, 0.5),
    sprint_fast=(1.5, 3.5),
    sprint_switch=(0.3, 0.8),
    erratic_sd=(0.6, 0.9),
    strong_hands_on_extra=(0.6, 1.1),
    strong_hands_on_share=(0.2, 0.8),
)
POPULATIONS = {"typical": TYPICAL, "wide": WIDE, "held-out": HELD_OUT}


@dataclass
class SimLearner:
    behaviour: str
    course: Course
    events: list[Event]  # everything the learner recorded, in order
    checkpoints: dict[float, tuple[date, int]]  # fraction done -> (day, events so far)
    finish: date
    hands_on: frozenset[str] = field(default_factory=frozenset)
    #: three weeks into each break of a ``pauses`` learner: (day, events so far)
    in_breaks: list[tuple[date, int]] = field(default_factory=list)


def _uniform(rng: random.Random, bounds: tuple[float, float]) -> float:
    return rng.uniform(*bounds)


def simulated_course(
    rng: random.Random, lessons: int, share: tuple[float, float] = (0.0, 0.0)
) -> tuple[Course, frozenset[str]]:
    """A course of ``lessons`` lessons in modules of eight; the share of hands-on lessons
    (notebooks) moves from ``share[0]`` at the start to ``share[1]`` at the end."""
    items, hands_on = [], set()
    for n in range(lessons):
        low = rng.choice([30, 45, 60, 90, 120])
        high = low + rng.choice([0, 15, 30, 60])
        lesson_id, module = f"lesson-{n:03d}", f"m{n // 8}"
        practical = rng.random() < share[0] + (share[1] - share[0]) * n / max(lessons - 1, 1)
        if practical:
            hands_on.add(lesson_id)
        source = f"lessons/{module}/{lesson_id}.{'ipynb' if practical else 'md'}"
        items.append(Lesson(lesson_id, module, f"Lesson {n}", Duration(low, high), source=source))
    modules = tuple(
        Module(f"m{m}", f"Module {m}", tuple(x for x in items if x.module == f"m{m}"))
        for m in range((lessons + 7) // 8)
    )
    return Course("sim", "Simulated course", modules), frozenset(hands_on)


def _at_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12).astimezone().astimezone(UTC)


def simulate_learner(
    rng: random.Random,
    behaviour: str,
    population: Population = TYPICAL,
    checkpoints: tuple[float, ...] = (0.1, 0.25, 0.5, 0.75),
    pace: str = "moderate",
) -> SimLearner:
    """One learner of ``behaviour`` from enrollment to their last lesson.

    ``steady`` is the benchmark's first population as it was (a 40-lesson course, no
    hands-on bias); every other behaviour takes a course of ``population.lessons``
    lessons whose hands-on lessons are underestimated more than its reading ones.
    """
    pop = population
    if behaviour not in BEHAVIOURS:
        raise ValueError(f"unknown behaviour {behaviour!r}")
    if behaviour == "steady":
        course, hands_on = simulated_course(rng, 40)
        extra = 0.0
    elif behaviour == "hands-on":
        lessons = rng.randint(*pop.lessons)
        course, hands_on = simulated_course(rng, lessons, pop.strong_hands_on_share)
        extra = _uniform(rng, pop.strong_hands_on_extra)
    else:
        course, hands_on = simulated_course(rng, rng.randint(*pop.lessons), pop.hands_on_share)
        extra = _uniform(rng, pop.hands_on_extra)
    lessons = list(course.lessons())
    n = len(lessons)
    bias = rng.lognormvariate(0, pop.reading_bias if behaviour != "steady" else 0.3)
    noise = pop.lesson_noise if behaviour != "steady" else 0.35
    actual = [
        x.study_time.mid * bias * math.exp(extra if x.id in hands_on else 0.0)
        * rng.lognormvariate(0, noise)
        for x in lessons
    ]
    base = _uniform(rng, pop.base_minutes if behaviour != "steady" else (25, 120))
    day_noise = pop.day_noise if behaviour != "steady" else 0.45
    p_weekday, p_weekend = rng.uniform(0.45, 0.95), rng.uniform(0.05, 0.8)
    if behaviour == "weekends":
        p_weekday, p_weekend = pop.weekday_chance, rng.uniform(0.6, 1.0)
        base = _uniform(rng, pop.weekend_minutes)
    style = rng.choices(["time", "sessions", "none"], weights=[0.5, 0.25, 0.25])[0]
    # behaviour parameters
    half_life = _uniform(rng, pop.fading_half_life_weeks) * 7
    floor = _uniform(rng, pop.fading_floor)
    pause_at = sorted(
        rng.randint(max(1, round(0.05 * n)), max(1, round(0.95 * n)))
        for _ in range(rng.randint(*pop.pauses))
    )
    slow, fast = _uniform(rng, pop.sprint_slow), _uniform(rng, pop.sprint_fast)
    switch = _uniform(rng, pop.sprint_switch) * n
    erratic_sd = _uniform(rng, pop.erratic_sd)

    def mk(kind: str, day: date, **data: object) -> Event:
        return Event(uuid.uuid4().hex, kind, _at_noon(day), "sim", "sim", data, seq=0)

    events = [mk("enrolled", SIM_START, pace=pace, start=SIM_START.isoformat())]
    reached: dict[float, tuple[date, int]] = {}
    day, position, spent, holiday, mood, month_level = SIM_START, 0, 0.0, 0, 0.0, 1.0
    spent_by_lesson = [0.0] * n
    in_breaks: list[tuple[date, int]] = []
    while position < n and (day - SIM_START).days < 3650:
        elapsed = (day - SIM_START).days
        if day.weekday() == 0:
            # Motivation drifts week to week but returns toward the learner's usual level.
            mood = 0.6 * mood + rng.gauss(0, 0.2)
        if behaviour == "erratic" and elapsed % 28 == 0:
            month_level = rng.lognormvariate(0, erratic_sd)
        if holiday:
            holiday -= 1
        elif rng.random() < 1 / 60:
            holiday = rng.randint(3, 14)
        level = math.exp(mood) * month_level
        if behaviour == "fading":
            level *= floor + (1 - floor) * 0.5 ** (elapsed / half_life)
        elif behaviour == "sprint":
            level *= slow if position < switch else fast
        p = p_weekday if day.weekday() < 5 else p_weekend
        if not holiday and rng.random() < p:
            budget = base * level * rng.lognormvariate(0, day_noise)
            while budget > 0.5 and position < n:
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
                    for fraction in checkpoints:
                        if fraction not in reached and position >= fraction * n:
                            reached[fraction] = (day, len(events))
                    if behaviour == "pauses" and pause_at and position >= pause_at[0]:
                        pause_at.pop(0)
                        holiday = max(holiday, rng.randint(*pop.pause_days))
                        if holiday > 21:
                            in_breaks.append((day + timedelta(days=21), len(events)))
                        break
        day += timedelta(days=1)
    for number, event in enumerate(events, start=1):
        events[number - 1] = replace(event, seq=number)
    finish = day - timedelta(days=1)
    return SimLearner(behaviour, course, events, reached, finish, hands_on, in_breaks)
