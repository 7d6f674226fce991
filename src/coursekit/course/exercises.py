"""Reading ``exercises/<module>.yml``: flashcards, scenarios and tasks of a module.

A part of the loader's reader (see :mod:`coursekit.course.loader`): ids are checked for
uniqueness (flashcards across the course, scenarios and tasks within their file) and
every ``lesson:`` link must name a lesson of the course.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from coursekit.course.ids import default_card_id, slugify
from coursekit.course.yaml_lines import LineDict, key_path, line_of
from coursekit.errors import Problem, did_you_mean
from coursekit.model import Flashcard, Module, Scenario, Task


class ExerciseReading:
    """The exercises half of the loader's reader; it relies on the reader's
    ``root``, ``problems``, ``error``, ``rel``, ``read_yaml``, ``validate`` and
    ``not_a_lesson``."""

    root: Path
    problems: list[Problem]

    def read_exercises(
        self, modules: list[Module], lessons: set[str], module_ids: set[str]
    ) -> list[Module]:
        from coursekit.course import schema

        folder = self.root / "exercises"
        if not folder.is_dir():
            return modules
        card_owner: dict[str, tuple[str, bool]] = {}  # id -> (where, written by hand)
        result = {m.id: m for m in modules}
        for path in sorted(folder.glob("*.y*ml")):
            module_id = path.stem
            if module_id not in module_ids:
                self.error(
                    path,
                    f"exercises for an unknown module '{module_id}'"
                    f"{did_you_mean(module_id, module_ids)}; name the file after a "
                    "module listed in curriculum/course.yml",
                    1,
                )
                continue
            before = len(self.problems)
            raw = self.read_yaml(path)
            if len(self.problems) > before:
                continue
            if raw is None:  # an empty exercises file: nothing written yet
                raw = LineDict()
            before = len(self.problems)
            spec = self.validate(schema.ExercisesFile, raw, path)
            if spec is None:
                self._check_raw_links(path, raw, lessons, self.problems[before:])
                continue
            # Checked even when the module has errors of its own, so that one run
            # reports them all; the module itself is then not built.
            cards, scenarios, tasks = [], [], []
            for i, card in enumerate(spec.flashcards):
                card_id = card.id or default_card_id(module_id, card.q)
                line = line_of(raw, ("flashcards", i))
                if card_id in card_owner:
                    where, written = card_owner[card_id]
                    if card.id is None and not written:
                        # Neither card has an `id:`: name what the instructor wrote.
                        message = (
                            f"two flashcards have the same question (also in {where}); a "
                            "card's id is made from its question when it has no `id:`, so "
                            "give one of them an `id:` or remove the duplicate"
                        )
                    else:
                        made = "" if card.id else " (made from its question)"
                        message = (
                            f"flashcard id '{card_id}'{made} is used twice (also in {where}); "
                            "flashcard ids are unique across the course"
                        )
                    self.error(path, message, line, f"flashcards[{i}].{'id' if card.id else 'q'}")
                    continue
                card_owner[card_id] = (self.rel(path) + (f":{line}" if line else ""), bool(card.id))
                self._check_link(path, raw, ("flashcards", i, "lesson"), card.lesson, lessons)
                cards.append(Flashcard(card_id, module_id, card.q, card.a, card.lesson))
            seen: set[str] = set()
            for i, sc in enumerate(spec.scenarios):
                sc_id = sc.id or slugify(sc.title) or f"scenario-{i + 1}"
                if not self._unique(path, raw, ("scenarios", i), sc_id, sc.id, seen):
                    continue
                self._check_link(path, raw, ("scenarios", i, "lesson"), sc.lesson, lessons)
                scenarios.append(
                    Scenario(
                        sc_id, module_id, sc.title, sc.task, sc.answer, sc.situation, sc.lesson
                    )
                )
            seen = set()
            for i, task in enumerate(spec.tasks):
                task_id = task.id or slugify(task.title) or f"task-{i + 1}"
                if not self._unique(path, raw, ("tasks", i), task_id, task.id, seen):
                    continue
                self._check_link(path, raw, ("tasks", i, "lesson"), task.lesson, lessons)
                tasks.append(Task(task_id, module_id, task.title, task.instructions, task.lesson))
            if module_id in result:
                result[module_id] = replace(
                    result[module_id],
                    flashcards=tuple(cards),
                    scenarios=tuple(scenarios),
                    tasks=tuple(tasks),
                )
        return [result[m.id] for m in modules]

    def _unique(
        self,
        path: Path,
        raw: LineDict,
        loc: tuple[str, int],
        item_id: str,
        written: str | None,
        seen: set[str],
    ) -> bool:
        """Record a scenario's or task's id; report it when this file already has it."""
        if item_id not in seen:
            seen.add(item_id)
            return True
        what = loc[0][:-1]
        how = "" if written else " (made from its title; give one of them an `id:`)"
        self.error(
            path,
            f"{what} id '{item_id}' is used twice in this file{how}",
            line_of(raw, loc),
            f"{key_path(loc)}.id",
        )
        return False

    def _check_raw_links(
        self, path: Path, raw: Any, lessons: set[str], reported: list[Problem]
    ) -> None:
        """The ``lesson:`` of every exercise of a file the schema refused, so that one
        run also reports a mistyped lesson (a key the schema already named is left)."""
        if not isinstance(raw, LineDict):
            return
        named = {problem.key for problem in reported}
        for kind in ("flashcards", "scenarios", "tasks"):
            items = raw.get(kind)
            if not isinstance(items, list):
                continue
            for i, item in enumerate(items):
                lesson = item.get("lesson") if isinstance(item, dict) else None
                loc = (kind, i, "lesson")
                if isinstance(lesson, str) and key_path(loc) not in named:
                    self._check_link(path, raw, loc, lesson, lessons)

    def _check_link(
        self,
        path: Path,
        raw: LineDict,
        loc: tuple[Any, ...],
        lesson_id: str | None,
        lessons: set[str],
    ) -> None:
        if lesson_id is None or lesson_id in lessons:
            return
        message = self.not_a_lesson(lesson_id, lessons)
        if message is not None:
            self.error(path, message, line_of(raw, loc), key_path(loc))
