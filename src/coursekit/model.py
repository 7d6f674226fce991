"""The course as plain, immutable data: durations, paces, lessons, modules, exercises.

This module imports nothing heavy (no pydantic, no YAML) so that the learner's fast
paths (``coursekit progress``) can rebuild a :class:`Course` from a cached index in a
few milliseconds. Validation of the instructor's files lives in ``schema``/``loader``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# --------------------------------------------------------------------------- durations

_UNITS = {
    "m": 1,
    "min": 1,
    "mins": 1,
    "minute": 1,
    "minutes": 1,
    "h": 60,
    "hr": 60,
    "hrs": 60,
    "hour": 60,
    "hours": 60,
}
_PART = re.compile(r"(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)")
_RANGE_SEP = re.compile(r"\s*(?:[-–—]|\bto\b)\s*")
DURATION_HELP = "write it like 45m, 1.5h, 2-3h, 30-60 min or 1h30m"

# The limits that keep every total, plan and forecast finite and fast (docs/format.md,
# "Limits"): a lesson takes at most 1,000 hours, a module is declared at most
# 100,000, and a pace gives each study day 15 minutes to 24 hours.
MAX_LESSON_MINUTES = 1_000 * 60
MAX_MODULE_MINUTES = 100_000 * 60
MIN_DAILY_MINUTES = 15
MAX_DAILY_MINUTES = 24 * 60


@dataclass(frozen=True, slots=True, order=True)
class Duration:
    """A study time as whole minutes ``(low, high)``; a single value has ``low == high``.

    Sums of ranges stay ranges: ``Duration(120, 180) + Duration(60, 60) == Duration(180, 240)``.
    """

    low: int
    high: int

    def __post_init__(self) -> None:
        if self.low < 0 or self.high < self.low:
            raise ValueError(f"invalid duration range {self.low}-{self.high} minutes")

    @classmethod
    def minutes(cls, low: int, high: int | None = None) -> Duration:
        return cls(low, low if high is None else high)

    @classmethod
    def parse(cls, text: object) -> Duration:
        """Parse ``45m``, ``1.5h``, ``2-3h``, ``2–3 hours``, ``30-60 min``, ``1h30m``.

        Raises ``ValueError`` with a message meant for the instructor.
        """
        if isinstance(text, bool) or not isinstance(text, (str, int, float)):
            kinds = ((dict, "a mapping"), (list, "a list"), (type(None), "nothing"))
            got = next((name for t, name in kinds if isinstance(text, t)), "a date or other value")
            raise ValueError(f"expected a study time, got {got}; {DURATION_HELP}")
        raw = text.strip().lower() if isinstance(text, str) else str(text)
        if re.fullmatch(r"\d+(?:\.\d+)?", raw):
            raise ValueError(f"'{raw}' has no unit: write {raw}m for minutes or {raw}h for hours")
        if not raw:
            raise ValueError(f"empty study time; {DURATION_HELP}")
        if re.search(r"\d,\d", raw):
            raise ValueError(f"'{text}': write decimals with a dot ({raw.replace(',', '.')})")
        if raw.startswith(("-", "–", "—")):
            raise ValueError(f"'{text}' is negative; a study time must be above zero")
        parts = _RANGE_SEP.split(raw)
        if len(parts) > 2 or not all(parts):
            raise ValueError(f"'{text}' is not a study time; {DURATION_HELP}")
        if len(parts) == 1:
            exact_low = exact_high = _parse_amount(parts[0], text, None)
        else:
            high_unit = _single_unit(parts[1])
            exact_low = _parse_amount(parts[0], text, high_unit)
            exact_high = _parse_amount(parts[1], text, None)
        low, high = round(exact_low), round(exact_high)
        if low > high:
            raise ValueError(f"'{text}': the low end is above the high end")
        if (high <= 0 < exact_high) or (low <= 0 < exact_low):
            raise ValueError(f"'{text}': less than a minute rounds to zero; write at least 1m")
        if high <= 0:
            raise ValueError(f"'{text}' is zero; a study time must be above zero")
        if low <= 0:
            raise ValueError(f"'{text}': a range must start above zero (its low end is 0)")
        return cls(low, high)

    def check_at_most(self, limit: int, what: str) -> Duration:
        """``self``, or a ``ValueError`` when its high end is above ``limit`` minutes."""
        if self.high > limit:
            raise ValueError(
                f"{self} is more than {format_minutes(limit)}, the most {what} may take; "
                "split it, or check the unit"
            )
        return self

    def __add__(self, other: Duration) -> Duration:
        return Duration(self.low + other.low, self.high + other.high)

    def scaled(self, low_factor: float, high_factor: float | None = None) -> Duration:
        """Scale each end (by one factor, or by a factor per end), rounding to minutes."""
        hf = low_factor if high_factor is None else high_factor
        low, high = round(self.low * low_factor), round(self.high * hf)
        return Duration(min(low, high), max(low, high))

    @property
    def mid(self) -> int:
        return (self.low + self.high) // 2

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    def pick(self, budget: str) -> int:
        """One end of the range: ``low``, ``mid`` or ``high``."""
        return {"low": self.low, "mid": self.mid, "high": self.high}[budget]

    def __str__(self) -> str:
        return format_minutes_range(self.low, self.high)

    def as_list(self) -> list[int]:
        return [self.low, self.high]


ZERO = Duration(0, 0)


def _single_unit(part: str) -> str | None:
    pairs = _PART.findall(part)
    return pairs[0][1] if len(pairs) == 1 else None


def _parse_amount(part: str, original: object, default_unit: str | None) -> float:
    """The minutes of one amount (``1h30m``, ``1.5h``, ``90 min``), not yet rounded.

    An amount names each unit at most once, hours before minutes: ``1h 2h`` or
    ``30m1h`` is most likely a mistyped range, so it is refused rather than summed.
    """
    pos, total, pairs = 0, 0.0, 0
    last_unit = 0  # the previous pair's unit in minutes (60 or 1); 0 before the first
    part = part.strip()
    for match in _PART.finditer(part):
        if part[pos : match.start()].strip():
            break
        number, unit = match.groups()
        unit = unit or default_unit or ""
        if not unit:
            raise ValueError(f"'{original}' has no unit; {DURATION_HELP}")
        if unit not in _UNITS:
            raise ValueError(f"'{original}': unknown unit '{unit}' (use m, min, h or hours)")
        if len(number) > 12:  # more minutes than any limit: keep the number finite
            raise ValueError(f"'{original}' is far too long; a study time is at most hours")
        if last_unit and _UNITS[unit] >= last_unit:
            raise ValueError(
                f"'{original}': write a range as 1-2h, or one amount like 1h30m"
                " (hours once, then minutes once)"
            )
        last_unit = _UNITS[unit]
        total += float(number) * _UNITS[unit]
        pos = match.end()
        pairs += 1
    if pairs == 0 or part[pos:].strip():
        raise ValueError(f"'{original}' is not a study time; {DURATION_HELP}")
    return total


@dataclass(frozen=True, slots=True)
class DurationWords:
    """How a language writes hours, minutes and numbers in a study time.

    ``hours`` and ``minutes`` are patterns with ``{}`` for the number (or a range of
    numbers); ``number`` writes one number. The default is coursekit's English, and
    :class:`coursekit.i18n.Messages` makes one for any other language.
    """

    hours: str = "{} h"
    minutes: str = "{} min"
    number: Callable[[int], str] = str
    dash: str = "–"


ENGLISH_DURATIONS = DurationWords()


def format_minutes(minutes: int, words: DurationWords = ENGLISH_DURATIONS) -> str:
    """``45 min``, ``2 h``, ``3 h 15 min``."""
    hours, rest = divmod(minutes, 60)
    n = words.number
    if not hours:
        return words.minutes.format(n(rest))
    if not rest:
        return words.hours.format(n(hours))
    return f"{words.hours.format(n(hours))} {words.minutes.format(n(rest))}"


def format_minutes_range(low: int, high: int, words: DurationWords = ENGLISH_DURATIONS) -> str:
    """``7–10 h``, ``30–60 min``, ``3 h 15 min – 4 h 15 min``; a single value when equal."""
    if low == high:
        return format_minutes(low, words)
    n = words.number
    if low % 60 == 0 and high % 60 == 0 and low:
        return words.hours.format(f"{n(low // 60)}{words.dash}{n(high // 60)}")
    if high <= 60:
        return words.minutes.format(f"{n(low)}{words.dash}{n(high)}")
    return f"{format_minutes(low, words)} {words.dash} {format_minutes(high, words)}"


def total(durations: Iterable[Duration]) -> Duration:
    result = ZERO
    for d in durations:
        result = result + d
    return result


# --------------------------------------------------------------------------- paces

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class Pace:
    """How much a learner studies: hours per study day (a range) on given weekdays."""

    name: str
    hours_per_day: Duration
    study_days: tuple[int, ...]  # 0 = Monday, as date.weekday()

    @property
    def per_week(self) -> Duration:
        n = len(self.study_days)
        return Duration(self.hours_per_day.low * n, self.hours_per_day.high * n)

    def day_names(self) -> list[str]:
        return [WEEKDAYS[d] for d in self.study_days]

    def describe_days(self) -> str:
        days = self.study_days
        if len(days) == 7:
            return "every day"
        if days == (0, 1, 2, 3, 4):
            return "Monday to Friday"
        return ", ".join(WEEKDAYS[d].capitalize() for d in days)


DEFAULT_PACES: dict[str, Pace] = {
    "intensive": Pace("intensive", Duration(180, 300), (0, 1, 2, 3, 4)),
    "moderate": Pace("moderate", Duration(60, 120), (0, 1, 2, 3, 4)),
    "relaxed": Pace("relaxed", Duration(30, 60), (0, 1, 2, 3, 4, 5, 6)),
}

# --------------------------------------------------------------------------- course

STATUSES = ("ready", "draft", "planned")
#: The statuses of lessons a learner can study now; ``planned`` lessons are only listed
#: and timed ("coming soon"), so no progress figure counts them.
AVAILABLE = ("ready", "draft")


@dataclass(frozen=True, slots=True)
class Lesson:
    id: str
    module: str
    title: str
    study_time: Duration
    status: str = "ready"
    objectives: tuple[str, ...] = ()
    outcome: str = ""
    requires: tuple[str, ...] = ()
    # Left out of the repr: a lesson prints as its metadata (and a course's repr is the
    # course apart from its texts, which the site's page memo compares).
    body: str = field(default="", repr=False)
    source: str = ""  # path relative to the course folder

    @property
    def available(self) -> bool:
        """Whether a learner can study it now (ready or draft, not planned)."""
        return self.status in AVAILABLE


@dataclass(frozen=True, slots=True)
class Flashcard:
    id: str
    module: str
    q: str
    a: str
    lesson: str | None = None


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    module: str
    title: str
    task: str
    answer: str
    situation: str = ""
    lesson: str | None = None


@dataclass(frozen=True, slots=True)
class Task:
    """A hands-on task: something to build or do, with optional hints."""

    id: str
    module: str
    title: str
    instructions: str
    lesson: str | None = None


@dataclass(frozen=True, slots=True)
class Module:
    id: str
    title: str
    lessons: tuple[Lesson, ...]
    summary: str = ""
    difficulty: str = ""
    learn: tuple[str, ...] = ()
    build: tuple[str, ...] = ()
    declared_study_time: Duration | None = None
    reflection: tuple[str, ...] = ()
    flashcards: tuple[Flashcard, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    tasks: tuple[Task, ...] = ()

    @property
    def study_time(self) -> Duration:
        """The sum of the lessons' times (the declared value is only checked against it)."""
        return total(lesson.study_time for lesson in self.lessons)

    @property
    def ready_count(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.status == "ready")

    @property
    def available_lessons(self) -> tuple[Lesson, ...]:
        """The lessons a learner can study now (see :attr:`Lesson.available`)."""
        return tuple(lesson for lesson in self.lessons if lesson.available)

    @property
    def has_exercises(self) -> bool:
        return bool(self.flashcards or self.scenarios or self.tasks)


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    """How flashcards are scheduled (FSRS), the same in the CLI and on the site.

    Steps are whole minutes: a new card comes back after each learning step until it
    graduates to whole-day intervals; a forgotten card after each relearning step.
    """

    desired_retention: float = 0.9
    minutes_per_card: float = 1.0
    maximum_interval: int = 36500
    learning_steps: tuple[int, ...] = (1, 10)
    relearning_steps: tuple[int, ...] = (10,)
    new_cards: int = 10  # new cards a session offers after the due ones

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReviewSettings:
        """Settings from checked plain data (course.yml's ``review:``, course.json)."""
        values = dict(data)
        for name in ("learning_steps", "relearning_steps"):
            if name in values:
                values[name] = tuple(int(m) for m in values[name])
        return cls(**values)

    def as_dict(self) -> dict[str, Any]:
        """The settings as JSON-ready data (what course.json publishes)."""
        return {
            "desired_retention": self.desired_retention,
            "minutes_per_card": self.minutes_per_card,
            "maximum_interval": self.maximum_interval,
            "learning_steps": list(self.learning_steps),
            "relearning_steps": list(self.relearning_steps),
            "new_cards": self.new_cards,
        }


@dataclass(frozen=True)
class Course:
    """The one object every part of coursekit works from."""

    id: str
    title: str
    modules: tuple[Module, ...]
    description: str = ""
    level: str = ""
    skills: dict[str, tuple[str, ...]] = field(default_factory=dict)
    paces: dict[str, Pace] = field(default_factory=lambda: dict(DEFAULT_PACES))
    start: date | None = None
    review: ReviewSettings = field(default_factory=ReviewSettings)
    # The language code of the course's site, plans and calendars, as configured
    # (course.yml's `language`, else mkdocs.yml's theme.language); "" for English.
    language: str = ""

    def lessons(self) -> Iterator[Lesson]:
        for module in self.modules:
            yield from module.lessons

    @property
    def lesson_index(self) -> dict[str, Lesson]:
        return {lesson.id: lesson for lesson in self.lessons()}

    @property
    def module_index(self) -> dict[str, Module]:
        return {module.id: module for module in self.modules}

    def flashcards(self) -> Iterator[Flashcard]:
        for module in self.modules:
            yield from module.flashcards

    @property
    def study_time(self) -> Duration:
        return total(module.study_time for module in self.modules)

    def lesson(self, lesson_id: str) -> Lesson:
        """The lesson with this id; ``KeyError`` when the course has none."""
        return self.lesson_index[lesson_id]
