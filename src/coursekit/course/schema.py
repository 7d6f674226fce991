"""The instructor's files as pydantic models: what keys exist and what values they take.

Every model forbids unknown keys; the loader turns pydantic's errors into
``file:line: key: message`` problems. Cross-file rules (a module's lessons exist,
``requires`` has no cycle, ...) live in the loader, which sees the whole course.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from coursekit.course.ids import check_slug
from coursekit.errors import did_you_mean
from coursekit.inputs import DAY_NAMES, FIRST_YEAR, LAST_YEAR
from coursekit.model import (
    MAX_DAILY_MINUTES,
    MAX_LESSON_MINUTES,
    MAX_MODULE_MINUTES,
    MIN_DAILY_MINUTES,
    STATUSES,
    WEEKDAYS,
    Duration,
    format_minutes,
)


def _duration(value: object) -> Duration:
    if isinstance(value, Duration):
        return value
    return Duration.parse(value)


def _lesson_time(value: object) -> Duration:
    return _duration(value).check_at_most(MAX_LESSON_MINUTES, "a lesson")


def _module_time(value: object) -> Duration:
    return _duration(value).check_at_most(MAX_MODULE_MINUTES, "a module")


def _daily_time(value: object) -> Duration:
    hours = _duration(value).check_at_most(MAX_DAILY_MINUTES, "a study day")
    if hours.low < MIN_DAILY_MINUTES:
        raise ValueError(
            f"{hours} a day is less than {format_minutes(MIN_DAILY_MINUTES)}, the least a "
            "pace may give a study day"
        )
    return hours


def _text(value: object) -> object:
    # YAML turns `yes`, `3.10` or `2024-01-01` into other types; an instructor
    # writing a title means text, so accept scalars and keep what they wrote.
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float, date)):
        return str(value)
    return value


def _strip_required(value: object) -> object:
    value = _text(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("must not be empty")
    return value


def _date(value: object) -> date:
    if isinstance(value, datetime):
        return _in_range(value.date())
    if isinstance(value, date):  # YAML reads 2027-01-04 as a date already
        return _in_range(value)
    try:
        day = date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(
            f"'{value}' is not a date; write it as YYYY-MM-DD, like 2027-01-04"
        ) from None
    return _in_range(day)


def _in_range(day: date) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"{day.isoformat()} is out of range (years {FIRST_YEAR} to {LAST_YEAR})")
    return day


def _weekday(value: object) -> int:
    # Only a day's full English name or its three letters: matching on the first three
    # letters alone made `monkey` a Monday and `satellite` a Saturday.
    word = value.strip().lower() if isinstance(value, str) else ""
    for number, (short, full) in enumerate(zip(WEEKDAYS, DAY_NAMES, strict=True)):
        if word in (short, full):
            return number
    hint = did_you_mean(word, WEEKDAYS + DAY_NAMES, n=1) if word else ""
    raise ValueError(f"'{value}' is not a weekday{hint}; use one of {', '.join(WEEKDAYS)}")


Slug = Annotated[str, BeforeValidator(check_slug)]
LessonTime = Annotated[Duration, BeforeValidator(_lesson_time)]
ModuleTime = Annotated[Duration, BeforeValidator(_module_time)]
DailyTime = Annotated[Duration, BeforeValidator(_daily_time)]
Text = Annotated[str, BeforeValidator(_text)]
RequiredText = Annotated[str, BeforeValidator(_strip_required)]
Weekday = Annotated[int, BeforeValidator(_weekday)]
Date = Annotated[date, BeforeValidator(_date)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_is_unset(cls, data: Any) -> Any:
        # `objectives:` with nothing after it is YAML's null: the instructor left an
        # optional key empty, which means the same as leaving it out.
        if not isinstance(data, dict):
            return data
        fields = cls.model_fields
        return {
            k: v
            for k, v in data.items()
            if v is not None or k not in fields or fields[k].is_required()
        }


class PaceFile(_Strict):
    hours_per_day: DailyTime
    study_days: list[Weekday] = Field(min_length=1)

    @field_validator("study_days")
    @classmethod
    def _unique(cls, days: list[int]) -> list[int]:
        if len(set(days)) != len(days):
            raise ValueError("a weekday is listed twice")
        return sorted(days)


def _step(value: object) -> int:
    duration = _duration(value)
    if duration.low != duration.high:
        raise ValueError(f"'{value}' is a range; a step is one time, like 10m")
    if not 1 <= duration.low <= MAX_STEP_MINUTES:
        raise ValueError(f"'{value}': a step is from 1 minute to 24 hours")
    return duration.low


MAX_STEP_MINUTES = 1440
Step = Annotated[int, BeforeValidator(_step)]


class ReviewFile(_Strict):
    desired_retention: float = Field(0.9, gt=0.5, lt=1.0)
    minutes_per_card: float = Field(1.0, gt=0, le=30)
    maximum_interval: int = Field(36500, ge=1, le=100_000)
    learning_steps: list[Step] = Field([1, 10], max_length=10)
    relearning_steps: list[Step] = Field([10], max_length=10)
    new_cards: int = Field(10, ge=0, le=1000)

    @field_validator("learning_steps", "relearning_steps", mode="before")
    @classmethod
    def _a_list(cls, value: Any) -> Any:
        # `learning_steps: 10m` means one step; `learning_steps: []` means none.
        return [value] if isinstance(value, (str, int, float)) else value


class CourseFile(_Strict):
    id: Slug
    title: RequiredText
    description: Text = ""
    level: Text = ""
    modules: list[Slug]
    skills: dict[str, list[Text]] = {}
    paces: dict[Slug, PaceFile] | None = None
    start: Date | None = None
    review: ReviewFile = ReviewFile()
    language: Text = ""
    # Notebook lessons whose HTML, JavaScript and Markdown outputs are published as
    # they are (Jupyter's trust); any other notebook shows their image or text form.
    trusted_notebooks: list[Slug] = []

    @field_validator("modules", mode="before")
    @classmethod
    def _some_modules(cls, modules: Any) -> Any:
        if modules is None or modules == []:  # `modules:` left empty, or `modules: []`
            raise ValueError(
                "a course lists at least one module (coursekit new module ID --title T)"
            )
        return modules


class ModuleFile(_Strict):
    id: Slug | None = None
    title: RequiredText
    summary: Text = ""
    difficulty: Text = ""
    learn: list[Text] = []
    build: list[Text] = []
    lessons: list[Slug]
    study_time: ModuleTime | None = None
    reflection: list[Text] = []

    @field_validator("lessons", mode="before")
    @classmethod
    def _some_lessons(cls, lessons: Any) -> Any:
        if lessons is None or lessons == []:  # `lessons:` left empty, or `lessons: []`
            raise ValueError(
                "a module lists at least one lesson; a planned one will do (coursekit new "
                "lesson MODULE ID --title T --time 1h --status planned)"
            )
        return lessons


class LessonFile(_Strict):
    id: Slug | None = None
    title: RequiredText
    study_time: LessonTime
    status: Literal["ready", "draft", "planned"] = "ready"
    objectives: list[RequiredText] = []
    outcome: Text = ""
    requires: list[Slug] = []

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> Any:
        if value == "":
            raise ValueError(f"empty status; use one of {', '.join(STATUSES)}")
        if value not in STATUSES:
            raise ValueError(f"'{value}' is not a status; use one of {', '.join(STATUSES)}")
        return value


class FlashcardFile(_Strict):
    id: Slug | None = None
    q: RequiredText
    a: RequiredText
    lesson: Slug | None = None


class ScenarioFile(_Strict):
    id: Slug | None = None
    title: RequiredText
    situation: Text = ""
    task: RequiredText
    answer: RequiredText
    lesson: Slug | None = None


class TaskFile(_Strict):
    id: Slug | None = None
    title: RequiredText
    instructions: Text = ""
    lesson: Slug | None = None


class ExercisesFile(_Strict):
    flashcards: list[FlashcardFile] = []
    scenarios: list[ScenarioFile] = []
    tasks: list[TaskFile] = []
