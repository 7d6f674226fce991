"""The shape of a course, read leniently: what `coursekit new` validates a request against.

The full loader refuses a course with any error, but adding a lesson to a course
whose other lesson has a typo must still work; so this reads only the lists it
needs (module order, each module's lessons, flashcard ids) and reports a file's
problem only when that file is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coursekit.course.files import COURSE_FILE, LESSON_SUFFIXES
from coursekit.course.ids import check_slug, default_card_id
from coursekit.course.yaml_lines import load_yaml
from coursekit.errors import CourseError, Problem, did_you_mean


@dataclass
class Outline:
    """Just enough of a course to validate a ``new`` request, read leniently.

    The full loader would refuse to run on a course with any error, but adding a
    lesson to a course whose other lesson has a typo must still work.
    """

    root: Path
    course_text: str
    modules: list[str]
    module_lessons: dict[str, list[str]]

    @classmethod
    def read(cls, start: Path | str | None) -> Outline:
        from coursekit.course.files import find_course_root

        root = find_course_root(start)
        text = read_text(root, COURSE_FILE.as_posix())
        data = load_yaml(text, COURSE_FILE.as_posix())
        modules = data.get("modules") if isinstance(data, dict) else None
        if modules is None and isinstance(data, dict):
            modules = []  # `modules:` left empty: `new module` starts the list
        if not isinstance(modules, list):
            raise CourseError(Problem(COURSE_FILE.as_posix(), "no `modules:` list", key="modules"))
        module_lessons: dict[str, list[str]] = {}
        for module in modules:
            rel = f"curriculum/modules/{module}.yml"
            if isinstance(module, str) and (root / rel).is_file():
                raw = load_yaml(read_text(root, rel), rel)
                lessons = raw.get("lessons") if isinstance(raw, dict) else None
                module_lessons[module] = [x for x in lessons or [] if isinstance(x, str)]
        return cls(root, text, [str(m) for m in modules], module_lessons)

    def lesson_owner(self, lesson_id: str) -> str | None:
        for module, lessons in self.module_lessons.items():
            if lesson_id in lessons:
                return module
        return None

    def all_lessons(self) -> list[str]:
        return [x for lessons in self.module_lessons.values() for x in lessons]

    def require_module(self, module_id: str) -> None:
        if module_id not in self.modules:
            raise CourseError(
                Problem(
                    COURSE_FILE.as_posix(),
                    f"no module '{module_id}' in this course"
                    f"{did_you_mean(module_id, self.modules)}; modules: {', '.join(self.modules)}",
                    key="modules",
                )
            )
        if module_id not in self.module_lessons:
            raise CourseError(
                Problem(f"curriculum/modules/{module_id}.yml", "the module file is missing")
            )

    def require_new_lesson_id(self, lesson_id: str) -> None:
        check_id(lesson_id, "lesson id")
        owner = self.lesson_owner(lesson_id)
        if owner is not None:
            raise CourseError(
                Problem(
                    f"curriculum/modules/{owner}.yml",
                    f"lesson '{lesson_id}' already exists in module '{owner}'; "
                    "lesson ids are unique across the course",
                    key="lessons",
                )
            )
        lessons_dir = self.root / "lessons"
        for suffix in LESSON_SUFFIXES:
            for path in sorted(lessons_dir.glob(f"*/{lesson_id}{suffix}")):
                rel = path.relative_to(self.root).as_posix()
                raise CourseError(Problem(rel, "already exists; coursekit never overwrites"))

    def exercises_file(self, module_id: str) -> str:
        """The module's exercises file: the one there is (.yml or .yaml), else .yml."""
        for suffix in (".yml", ".yaml"):
            if (self.root / "exercises" / f"{module_id}{suffix}").is_file():
                return f"exercises/{module_id}{suffix}"
        return f"exercises/{module_id}.yml"

    def card_ids(self) -> dict[str, str]:
        """Every flashcard id in the course (explicit or default) -> its file."""
        found: dict[str, str] = {}
        for path in sorted((self.root / "exercises").glob("*.y*ml")):
            rel = path.relative_to(self.root).as_posix()
            data = load_yaml(read_text(self.root, rel), rel)
            cards = data.get("flashcards") if isinstance(data, dict) else None
            for card in cards if isinstance(cards, list) else []:
                if isinstance(card, dict):
                    card_id = card.get("id") or default_card_id(path.stem, str(card.get("q", "")))
                    found[str(card_id)] = rel
        return found


def read_text(root: Path, rel: str) -> str:
    """A course file's text; unreadable or non-UTF-8 files become a :class:`CourseError`."""
    from coursekit.course.files import read_course_file

    try:
        # Bytes, not read_text(): Windows line endings must survive an edit.
        return read_course_file(root, root / rel).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CourseError(Problem(rel, "not UTF-8 text; save the file as UTF-8")) from None


def check_id(value: str, what: str, path: str = "") -> None:
    """Refuse an id that is not a slug, naming what it is the id of."""
    try:
        check_slug(value)
    except ValueError as exc:
        raise CourseError(Problem(path or what, str(exc))) from None
