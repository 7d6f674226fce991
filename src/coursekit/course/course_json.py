"""The course index, ``course.json``: the course without lesson bodies, as JSON.

The published site serves it at its root (the site's script and ``coursekit progress
--course URL`` read it), and learner commands cache it to start fast. Writing is
:func:`to_index`; reading one from outside (a saved file, a published site, which may
be wrong, old or hostile) is :func:`course_from_index`: every value is checked for
type, shape and size by :func:`validate_index` before a :class:`Course` is built,
and every problem is named by its key (``modules[3].lessons[2].study_time``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from coursekit.course.ids import SLUG
from coursekit.errors import CourseError, Problem
from coursekit.inputs import FIRST_YEAR, LAST_YEAR
from coursekit.model import (
    MAX_DAILY_MINUTES,
    MAX_LESSON_MINUTES,
    MAX_MODULE_MINUTES,
    MIN_DAILY_MINUTES,
    STATUSES,
    WEEKDAYS,
    Course,
    Duration,
    Flashcard,
    Lesson,
    Module,
    Pace,
    ReviewSettings,
    Scenario,
    Task,
)


class _Checker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def bad(self, key: str, message: str) -> None:
        if len(self.problems) < 50:
            self.problems.append(Problem(self.source, message, None, key))

    def text(self, obj: dict[str, Any], name: str, key: str, required: bool = False) -> None:
        if name not in obj:
            if required:
                self.bad(f"{key}{name}", "missing")
            return
        value = obj[name]
        if not isinstance(value, str) or len(value) > 1_000_000:
            self.bad(f"{key}{name}", f"expected text, got {_kind(value)}")

    def slug(self, obj: dict[str, Any], name: str, key: str) -> str | None:
        value = obj.get(name)
        if not isinstance(value, str) or not SLUG.match(value):
            self.bad(f"{key}{name}", f"expected an id (a lowercase slug), got {_kind(value)}")
            return None
        return value

    def texts(self, obj: dict[str, Any], name: str, key: str) -> None:
        value = obj.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.bad(f"{key}{name}", f"expected a list of text, got {_kind(value)}")

    def minutes(
        self, value: Any, key: str, limit: int, optional: bool = False, least: int = 0
    ) -> None:
        """``[low, high]`` whole minutes from ``least`` to ``limit`` (coursekit's limits)."""
        if value is None and optional:
            return
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(type(v) is int and least <= v <= limit for v in value)
            or value[0] > value[1]
        ):
            self.bad(
                key,
                f"expected [low, high] whole minutes from {least} to {limit:,}, got {_kind(value)}",
            )

    def mappings(
        self, items: list[Any], key: str, what: str = "a mapping"
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        """``(key prefix, item)`` for each mapping of ``items``; any other item is a problem."""
        for number, item in enumerate(items):
            item_key = f"{key}[{number}]."
            if isinstance(item, dict):
                yield item_key, item
            else:
                self.bad(item_key.rstrip("."), f"expected {what}, got {_kind(item)}")

    def optional_ref(self, obj: dict[str, Any], name: str, key: str) -> None:
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            self.bad(f"{key}{name}", f"expected an id or null, got {_kind(value)}")


def _kind(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else f"a list of {len(value)}"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def validate_index(data: Any, source: str) -> list[Problem]:
    """Every problem with a course index, as ``source: key: message`` problems."""
    c = _Checker(source)
    if not isinstance(data, dict):
        c.bad("", f"expected a course index (a JSON object), got {_kind(data)}")
        return c.problems
    if data.get("format") != "coursekit-course":
        c.bad("format", 'expected "coursekit-course": this is not a coursekit course index')
        return c.problems
    if type(data.get("version")) is not int or data["version"] < 1:
        c.bad("version", f"expected 1, got {_kind(data.get('version'))}")
        return c.problems
    if data["version"] > 1:
        c.bad("version", f"course index version {data['version']} needs a newer coursekit")
        return c.problems
    c.slug(data, "id", "")
    c.text(data, "title", "", required=True)
    for name in ("description", "level", "language"):
        c.text(data, name, "")
    start = data.get("start")
    if start is not None:
        try:
            day = date.fromisoformat(start)
        except (TypeError, ValueError):
            c.bad("start", f"expected a date like 2025-01-31 or null, got {_kind(start)}")
        else:
            if not FIRST_YEAR <= day.year <= LAST_YEAR:
                c.bad("start", f"expected a date in the years {FIRST_YEAR} to {LAST_YEAR}")
    skills = data.get("skills", {})
    if not isinstance(skills, dict):
        c.bad("skills", f"expected a mapping of lists, got {_kind(skills)}")
    else:
        for name in skills:
            c.texts(skills, name, "skills.")
    _check_paces(c, data.get("paces"))
    _check_review(c, data.get("review"))
    modules = data.get("modules")
    if not isinstance(modules, list):
        c.bad("modules", f"expected a list of modules, got {_kind(modules)}")
        return c.problems
    seen: set[str] = set()
    for m_no, module in enumerate(modules):
        _check_module(c, module, f"modules[{m_no}].", seen)
    return c.problems


def _check_paces(c: _Checker, paces: Any) -> None:
    if not isinstance(paces, dict) or not paces:
        c.bad("paces", f"expected a mapping of paces, got {_kind(paces)}")
        return
    for name, pace in paces.items():
        key = f"paces.{name}"
        if not isinstance(pace, dict):
            c.bad(key, f"expected a mapping, got {_kind(pace)}")
            continue
        hours = pace.get("hours_per_day")
        c.minutes(hours, f"{key}.hours_per_day", MAX_DAILY_MINUTES, least=MIN_DAILY_MINUTES)
        days = pace.get("study_days")
        if (
            not isinstance(days, list)
            or not days
            or not all(isinstance(d, str) and d in WEEKDAYS for d in days)
            or len(set(days)) != len(days)
        ):
            c.bad(f"{key}.study_days", f"expected weekday names like mon, got {_kind(days)}")


def _check_review(c: _Checker, review: Any) -> None:
    if review is None:
        return
    if not isinstance(review, dict):
        c.bad("review", f"expected a mapping, got {_kind(review)}")
        return
    limits = {
        "desired_retention": (0.5, 0.999),
        "minutes_per_card": (0.01, 60.0),
        "maximum_interval": (1, 100_000),
        "new_cards": (0, 1000),
    }
    for name, value in review.items():
        if name in ("learning_steps", "relearning_steps"):
            if (
                not isinstance(value, list)
                or len(value) > 10
                or not all(type(m) is int and 1 <= m <= 1440 for m in value)
            ):
                c.bad(f"review.{name}", f"expected up to 10 steps in minutes, got {_kind(value)}")
            continue
        if name not in limits:
            c.bad(f"review.{name}", "unknown setting")
            continue
        low, high = limits[name]
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not (low <= value <= high)
        ):
            c.bad(f"review.{name}", f"expected a number from {low} to {high}, got {_kind(value)}")
        elif name in ("maximum_interval", "new_cards") and not isinstance(value, int):
            c.bad(f"review.{name}", f"expected a whole number of days, got {_kind(value)}")


def _check_module(c: _Checker, module: Any, key: str, seen: set[str]) -> None:
    if not isinstance(module, dict):
        c.bad(key.rstrip("."), f"expected a module (a mapping), got {_kind(module)}")
        return
    c.slug(module, "id", key)
    c.text(module, "title", key, required=True)
    for name in ("summary", "difficulty"):
        c.text(module, name, key)
    for name in ("learn", "build", "reflection"):
        c.texts(module, name, key)
    c.minutes(
        module.get("declared_study_time"),
        f"{key}declared_study_time",
        MAX_MODULE_MINUTES,
        optional=True,
    )
    lessons = module.get("lessons")
    if not isinstance(lessons, list):
        c.bad(f"{key}lessons", f"expected a list of lessons, got {_kind(lessons)}")
        return
    for lkey, lesson in c.mappings(lessons, f"{key}lessons", "a lesson (a mapping)"):
        lesson_id = c.slug(lesson, "id", lkey)
        if lesson_id is not None:
            if lesson_id in seen:
                c.bad(f"{lkey}id", f"lesson id '{lesson_id}' appears twice")
            seen.add(lesson_id)
        c.text(lesson, "title", lkey, required=True)
        c.minutes(lesson.get("study_time"), f"{lkey}study_time", MAX_LESSON_MINUTES)
        if lesson.get("status", "ready") not in STATUSES:
            c.bad(f"{lkey}status", f"expected one of {', '.join(STATUSES)}")
        for name in ("objectives", "requires"):
            c.texts(lesson, name, lkey)
        for name in ("outcome", "source"):
            c.text(lesson, name, lkey)
    for kind, required in (
        ("flashcards", ("id", "q", "a")),
        ("scenarios", ("id", "title", "task", "answer")),
        ("tasks", ("id", "title")),
    ):
        items = module.get(kind, [])
        if not isinstance(items, list):
            c.bad(f"{key}{kind}", f"expected a list, got {_kind(items)}")
            continue
        for ikey, item in c.mappings(items, f"{key}{kind}"):
            for name in required:
                c.text(item, name, ikey, required=True)
            for name in ("situation", "instructions"):
                c.text(item, name, ikey)
            c.optional_ref(item, "lesson", ikey)


def course_from_index(data: Any, source: str) -> Course:
    """Validate a course index read from ``source`` and build the :class:`Course`."""
    problems = validate_index(data, source)
    if problems:
        raise CourseError(problems)
    return from_index(data)


# --------------------------------------------------------------------------- writing and building


def to_index(course: Course) -> dict[str, Any]:
    """A JSON-ready description of the course (no lesson bodies)."""
    return {
        "format": "coursekit-course",
        "version": 1,
        "id": course.id,
        "title": course.title,
        "description": course.description,
        "level": course.level,
        "start": course.start.isoformat() if course.start else None,
        "language": course.language,
        "skills": {k: list(v) for k, v in course.skills.items()},
        "paces": {
            name: {"hours_per_day": p.hours_per_day.as_list(), "study_days": p.day_names()}
            for name, p in course.paces.items()
        },
        "review": course.review.as_dict(),
        "study_time": course.study_time.as_list(),
        "modules": [_module_index(m) for m in course.modules],
    }


def from_index(data: dict[str, Any]) -> Course:
    """Rebuild a course from :func:`to_index` output (already validated: see
    :func:`validate_index`)."""
    modules = tuple(_module_from_index(m) for m in data["modules"])
    paces = {
        name: Pace(
            name,
            Duration(*p["hours_per_day"]),
            tuple(WEEKDAYS.index(d) for d in p["study_days"]),
        )
        for name, p in data["paces"].items()
    }
    review = data.get("review") or {}
    return Course(
        id=data["id"],
        title=data["title"],
        modules=modules,
        description=data.get("description", ""),
        level=data.get("level", ""),
        skills={k: tuple(v) for k, v in data.get("skills", {}).items()},
        paces=paces,
        start=date.fromisoformat(data["start"]) if data.get("start") else None,
        review=ReviewSettings.from_dict(review),
        language=data.get("language", ""),
    )


def _module_index(m: Module) -> dict[str, Any]:
    return {
        "id": m.id,
        "title": m.title,
        "summary": m.summary,
        "difficulty": m.difficulty,
        "learn": list(m.learn),
        "build": list(m.build),
        "reflection": list(m.reflection),
        "declared_study_time": m.declared_study_time.as_list() if m.declared_study_time else None,
        "study_time": m.study_time.as_list(),
        "lessons": [
            {
                "id": lesson.id,
                "title": lesson.title,
                "study_time": lesson.study_time.as_list(),
                "status": lesson.status,
                "objectives": list(lesson.objectives),
                "outcome": lesson.outcome,
                "requires": list(lesson.requires),
                "source": lesson.source,
            }
            for lesson in m.lessons
        ],
        "flashcards": [{"id": c.id, "q": c.q, "a": c.a, "lesson": c.lesson} for c in m.flashcards],
        "scenarios": [
            {
                "id": s.id,
                "title": s.title,
                "situation": s.situation,
                "task": s.task,
                "answer": s.answer,
                "lesson": s.lesson,
            }
            for s in m.scenarios
        ],
        "tasks": [
            {"id": t.id, "title": t.title, "instructions": t.instructions, "lesson": t.lesson}
            for t in m.tasks
        ],
    }


def _module_from_index(m: dict[str, Any]) -> Module:
    mid = m["id"]
    lessons = tuple(
        Lesson(
            id=x["id"],
            module=mid,
            title=x["title"],
            study_time=Duration(*x["study_time"]),
            status=x.get("status", "ready"),
            objectives=tuple(x.get("objectives", ())),
            outcome=x.get("outcome", ""),
            requires=tuple(x.get("requires", ())),
            source=x.get("source", ""),
        )
        for x in m["lessons"]
    )
    declared = m.get("declared_study_time")
    return Module(
        id=mid,
        title=m["title"],
        lessons=lessons,
        summary=m.get("summary", ""),
        difficulty=m.get("difficulty", ""),
        learn=tuple(m.get("learn", ())),
        build=tuple(m.get("build", ())),
        declared_study_time=Duration(*declared) if declared else None,
        reflection=tuple(m.get("reflection", ())),
        flashcards=tuple(
            Flashcard(id=c["id"], module=mid, q=c["q"], a=c["a"], lesson=c.get("lesson"))
            for c in m.get("flashcards", ())
        ),
        scenarios=tuple(
            Scenario(
                id=s["id"],
                module=mid,
                title=s["title"],
                task=s["task"],
                answer=s["answer"],
                situation=s.get("situation", ""),
                lesson=s.get("lesson"),
            )
            for s in m.get("scenarios", ())
        ),
        tasks=tuple(
            Task(
                id=t["id"],
                module=mid,
                title=t["title"],
                instructions=t.get("instructions", ""),
                lesson=t.get("lesson"),
            )
            for t in m.get("tasks", ())
        ),
    )
