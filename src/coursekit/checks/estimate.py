"""How long a lesson's content takes to study, estimated from the content itself.

The estimate is a range, like every study time: reading at 200 down to 60 words a
minute (a quick read .. study reading with notes), 2 to 10 minutes per code block
(read it .. type, run and fix it), 5 to 15 minutes of practice per objective (the
hands-on work a text does not show: a short lesson may rightly ask for an hour at
the keyboard) and the exercises linked to the lesson (a flashcard takes the
course's ``minutes_per_card``, a scenario 5 to 15 minutes, a task 15 to 45).
``coursekit check`` compares it with the declared time (:func:`study_time_estimate`):
only for ready lessons with a body, against the range ``coursekit.checks.estimate``
computes. A warning when
the declared time's low end is above three times the estimate's high end, or its
high end below a third of the estimate's low end.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coursekit.course.files import key_line
from coursekit.errors import WARNING, Problem
from coursekit.model import Course, Duration, Lesson

if TYPE_CHECKING:
    from coursekit.course.loader import Loaded

# The opening (or closing) line of a fenced code block: the fence, then the language.
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)")

READING_WPM = (200, 60)  # a quick read .. study reading with notes
CODE_BLOCK_MINUTES = (2, 10)  # read it .. type it, run it, fix it
OBJECTIVE_MINUTES = (5, 15)  # practice the text does not show
SCENARIO_MINUTES = (5, 15)
TASK_MINUTES = (15, 45)
_NOT_CODE = {"text", "output", "console-output"}  # notebook outputs: read, not worked through


@dataclass(frozen=True)
class Estimate:
    """A lesson's study time as its content suggests, with what it was built from."""

    time: Duration
    words: int
    code_blocks: int
    objectives: int
    exercises: int

    def describe(self) -> str:
        parts = [
            _count(self.words, "word"),
            _count(self.code_blocks, "code block"),
            _count(self.objectives, "objective"),
        ]
        if self.exercises:
            parts.append(_count(self.exercises, "linked exercise"))
        return ", ".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def linked_exercises(course: Course) -> dict[str, tuple[int, int, int]]:
    """``lesson id -> (flashcards, scenarios, tasks)`` that name the lesson."""
    counts: dict[str, list[int]] = {}
    for module in course.modules:
        for kind, items in enumerate((module.flashcards, module.scenarios, module.tasks)):
            for item in items:
                if item.lesson:
                    counts.setdefault(item.lesson, [0, 0, 0])[kind] += 1
    return {k: (v[0], v[1], v[2]) for k, v in counts.items()}


def split_fences(markdown: str) -> tuple[list[tuple[int, str]], list[str]]:
    """``(prose, languages)``: the lines outside fenced code blocks, each with its
    1-based number, and the language written after each block's opening fence."""
    prose: list[tuple[int, str]] = []
    languages: list[str] = []
    fence: str | None = None
    for number, line in enumerate(markdown.splitlines(), start=1):
        opened = FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            languages.append(opened.group(2))
            continue
        prose.append((number, line))
    return prose, languages


def estimate(
    lesson: Lesson, course: Course, linked: dict[str, tuple[int, int, int]] | None = None
) -> Estimate:
    """Estimate a lesson's study time from its body and the exercises linked to it.

    ``linked`` is :func:`linked_exercises` of the course, computed once when
    estimating many lessons.
    """
    prose, languages = split_fences(lesson.body)
    blocks = sum(language.lower() not in _NOT_CODE for language in languages)
    text = re.sub(r"<!--.*?-->", " ", "\n".join(line for _, line in prose), flags=re.S)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets (and data-URI images) are not read
    words = len(re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text))
    if linked is None:
        linked = linked_exercises(course)
    cards, scenarios, tasks = linked.get(lesson.id, (0, 0, 0))
    per_card = course.review.minutes_per_card
    goals = len(lesson.objectives)
    low = words / READING_WPM[0] + blocks * CODE_BLOCK_MINUTES[0] + goals * OBJECTIVE_MINUTES[0]
    high = words / READING_WPM[1] + blocks * CODE_BLOCK_MINUTES[1] + goals * OBJECTIVE_MINUTES[1]
    low += cards * per_card + scenarios * SCENARIO_MINUTES[0] + tasks * TASK_MINUTES[0]
    high += cards * per_card + scenarios * SCENARIO_MINUTES[1] + tasks * TASK_MINUTES[1]
    time = Duration(max(1, round(low)), max(1, round(high)))
    return Estimate(time, words, blocks, goals, cards + scenarios + tasks)


# --------------------------------------------------------------------------- estimates

FACTOR = 3


def study_time_estimate(loaded: Loaded) -> Iterator[Problem]:
    """Ready lessons whose declared time is far from what their content suggests."""
    linked = linked_exercises(loaded.course)
    for lesson in loaded.course.lessons():
        if lesson.status != "ready" or not lesson.body.strip():
            continue
        guess = estimate(lesson, loaded.course, linked)
        declared = lesson.study_time
        if declared.low > FACTOR * guess.time.high:
            verdict = "much more than"
        elif declared.high * FACTOR < guess.time.low:
            verdict = "much less than"
        else:
            continue
        yield Problem(
            lesson.source,
            f"declared {declared}, {verdict} the {guess.time} its content suggests "
            f"({guess.describe()}); check the time, or the lesson is missing (or has too much) "
            "content",
            key_line(loaded.root, lesson.source, ("study_time",)),
            "study_time",
            WARNING,
        )
