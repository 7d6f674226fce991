"""Course folder -> :class:`~coursekit.model.Course`, with every problem named by file:line.

The loader reads each file once, validates it against ``schema`` and then checks the
rules that span files (module files exist, lesson ids are unique, ``requires`` has
no cycle, exercises belong to modules). It collects every problem of a run and
raises one :class:`CourseError` with all of them, so the instructor fixes everything
in one pass. Warnings travel back with the course in :class:`Loaded`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coursekit.course.exercises import ExerciseReading
from coursekit.course.files import (
    COURSE_FILE,
    LESSON_SUFFIXES,
    MAX_PROBLEMS_PER_FILE,
    find_course_root,
    in_reading_order,
    key_line,
    no_front_matter,
    relative,
    split_front_matter,
    unsafe_files,
)
from coursekit.course.ids import is_slug
from coursekit.course.yaml_lines import line_of, load_yaml
from coursekit.errors import ERROR, WARNING, CourseError, Problem, did_you_mean
from coursekit.model import (
    DEFAULT_PACES,
    Course,
    Lesson,
    Module,
    Pace,
    ReviewSettings,
)

#: Top-level pages of every built site (``site.render``): a module of the same id would
#: be published at the same address.
SITE_PAGES = {"timeline": "Timeline", "study-plans": "Study plans", "review": "Review"}


@dataclass
class Loaded:
    """A valid course and the warnings found while loading it."""

    course: Course
    root: Path
    warnings: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    trusted_notebooks: list[str] = field(default_factory=list)  # as course.yml lists them


def site_language(root: Path) -> str:
    """``theme.language`` of the course's mkdocs.yml, or ``""``.

    The file may hold tags a safe YAML load refuses (``!!python/name:``, ``!ENV``):
    they read as nothing, and a file that cannot be read at all gives ``""`` (the
    site build reports its own problems)."""
    import yaml

    class Tolerant(yaml.SafeLoader):
        pass

    Tolerant.add_multi_constructor("!", lambda loader, suffix, node: None)
    Tolerant.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        try:
            config = yaml.load((root / name).read_text(encoding="utf-8-sig"), Tolerant)  # noqa: S506
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        theme = config.get("theme") if isinstance(config, dict) else None
        value = theme.get("language") if isinstance(theme, dict) else None
        return value if isinstance(value, str) else ""
    return ""


class LessonMemo:
    """The lessons of the last load of a course, by their file's text, for the next
    load (``coursekit serve``): a lesson file whose text is unchanged is still read
    and checked as a file, but not parsed and validated again."""

    def __init__(self) -> None:
        self.kept: dict[tuple[str, ...], Lesson] = {}
        self.used: dict[tuple[str, ...], Lesson] = {}

    def get(self, key: tuple[str, ...]) -> Lesson | None:
        lesson = self.kept.get(key)
        if lesson is not None:
            self.used[key] = lesson
        return lesson

    def add(self, key: tuple[str, ...], lesson: Lesson) -> None:
        self.used[key] = lesson

    def turn(self) -> None:
        """End a load: keep what it used, forget lessons no longer in the course."""
        self.kept, self.used = self.used, {}


def load_course(start: Path | str | None = None, memo: LessonMemo | None = None) -> Loaded:
    """Load and validate the course at or above ``start``.

    ``memo`` keeps the parsed lessons for the next load of the same course; the result
    is the same with or without it.
    Raises :class:`CourseError` with every error (and the warnings) when invalid.
    """
    root = find_course_root(start)
    reader = _Reader(root, memo)
    try:
        loaded = reader.read()
    except OSError as exc:  # a folder that cannot be listed, a file that vanished...
        from coursekit.fileio import describe_os_error, os_error_where

        where = reader.rel(Path(os_error_where(exc, str(root))))
        problem = Problem(where, f"cannot read it: {describe_os_error(exc)}")
        raise CourseError(reader.ordered([*reader.problems, problem])) from None
    if memo is not None:
        memo.turn()
    return loaded


class _Reader(ExerciseReading):
    def __init__(self, root: Path, memo: LessonMemo | None = None) -> None:
        self.root = root
        self.memo = memo
        self.problems: list[Problem] = []
        self.files: list[Path] = []
        # Every lesson read, even in a module with errors, so cross-checks don't cascade.
        self.lessons: dict[str, Lesson] = {}
        self.lesson_list_unknown = False
        # Lesson files that no module lists: id -> the module file that could list it.
        self.unlisted: dict[str, str] = {}
        self.missing_lessons: set[str] = set()  # listed by a module, but with no file
        self._lesson_files: dict[str, list[Path]] | None = None
        self.trusted: set[str] = set()  # notebook lessons whose rich outputs are published
        self.trusted_listed: list[str] = []  # the same, in course.yml's order
        # Lessons whose front matter failed the schema: (id, file, its requires), so that
        # one run also reports the lessons those requires name that do not exist.
        self.unvalidated: list[tuple[str, str, tuple[str, ...]]] = []
        self._rel: dict[Path, str] = {}

    # -- problems ------------------------------------------------------------------
    def rel(self, path: Path) -> str:
        found = self._rel.get(path)
        if found is None:  # cached: a module file may carry thousands of problems
            found = self._rel[path] = relative(self.root, path)
        return found

    def error(self, path: Path, message: str, line: int | None = None, key: str = "") -> None:
        self.problems.append(Problem(self.rel(path), message, line, key, ERROR))

    def warn(self, path: Path, message: str, line: int | None = None, key: str = "") -> None:
        self.problems.append(Problem(self.rel(path), message, line, key, WARNING))

    # -- files ---------------------------------------------------------------------
    def read_text(self, path: Path) -> str | None:
        from coursekit.course.files import read_course_file

        self.files.append(path)
        try:
            data = read_course_file(self.root, path)
        except CourseError as exc:
            self.problems.extend(exc.problems)
            return None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.error(
                path, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8", line
            )
            return None

    def read_yaml(self, path: Path, offset: int = 0, text: str | None = None) -> Any:
        if text is None:
            text = self.read_text(path)
            if text is None:
                return None
        try:
            return load_yaml(text, self.rel(path), offset)
        except CourseError as exc:
            self.problems.extend(exc.problems)
            return None

    def validate(
        self,
        model: Any,
        data: Any,
        path: Path,
        prefix: tuple[Any, ...] = (),
        lines: dict[str, int] | None = None,
    ) -> Any:
        """``model.model_validate(data)``; errors become file:line problems."""
        from coursekit.course.messages import validate

        spec, problems = validate(model, data, self.rel(path), prefix, lines)
        self.problems.extend(problems)
        return spec

    # -- the course ------------------------------------------------------------------
    def read(self) -> Loaded:
        from coursekit.course import schema

        course_path = self.root / COURSE_FILE
        before = len(self.problems)
        raw = self.read_yaml(course_path)
        ok = len(self.problems) == before
        spec = self.validate(schema.CourseFile, raw, course_path) if ok else None
        self.trusted_listed = list(spec.trusted_notebooks) if spec is not None else []
        self.trusted = set(self.trusted_listed)
        if spec is not None:
            listed: list[Any] = spec.modules
        elif isinstance(raw, dict) and isinstance(raw.get("modules"), list) and raw["modules"]:
            # Still read the modules it lists, so one run reports their problems too.
            listed = raw["modules"]
        else:
            raise CourseError(self.ordered(self.problems))

        modules_dir = self.root / "curriculum" / "modules"
        module_files = (
            sorted(p.stem for p in modules_dir.glob("*.yml") if p.is_file())
            if modules_dir.is_dir()
            else []
        )
        modules: list[Module] = []
        owner: dict[str, tuple[str, Path, int | None]] = {}
        seen_modules: set[str] = set()
        # Ids that are not slugs are reported by the schema; listing them still counts,
        # so their files are not also reported as "not listed".
        written = {m for m in listed if isinstance(m, str)}
        for index, module_id in enumerate(listed):
            line = line_of(raw, ("modules", index))
            if not isinstance(module_id, str) or not is_slug(module_id):
                continue
            if module_id in seen_modules:
                self.error(
                    course_path, f"module '{module_id}' is listed twice", line, f"modules[{index}]"
                )
                continue
            seen_modules.add(module_id)
            if module_id in SITE_PAGES:
                self.error(
                    course_path,
                    f"'{module_id}' is the address of the site's {SITE_PAGES[module_id]} page; "
                    f"name the module otherwise (e.g. '{module_id}-module')",
                    line,
                    f"modules[{index}]",
                )
            path = modules_dir / f"{module_id}.yml"
            if not path.is_file():
                hint = did_you_mean(module_id, module_files)
                for other in modules_dir.iterdir() if modules_dir.is_dir() else ():
                    if other.stem.lower() == module_id and other.suffix in (".yml", ".yaml"):
                        hint = f" (found {other.name}: rename it {module_id}.yml)"
                self.error(
                    course_path,
                    f"no module file curriculum/modules/{module_id}.yml{hint}",
                    line,
                    f"modules[{index}]",
                )
                continue
            module = self.read_module(module_id, path, owner)
            if module is not None:
                modules.append(module)
        if any(m not in module_files for m in seen_modules):
            # A listed module without a file is often a typo for an unlisted one: its
            # lessons and exercises are then not strays, and links to its lessons are
            # not reported as missing until the list is fixed.
            self.lesson_list_unknown = True
            written |= set(module_files)
        for stem in module_files:
            if stem not in written:
                self.warn(
                    modules_dir / f"{stem}.yml",
                    "module file is not listed in curriculum/course.yml modules",
                )

        lessons_dir = self.root / "lessons"
        if lessons_dir.is_dir():
            for folder in sorted(p for p in lessons_dir.iterdir() if p.is_dir()):
                if folder.name not in written:
                    self.warn(
                        folder,
                        "folder does not belong to any module in course.yml"
                        + did_you_mean(folder.name, seen_modules),
                    )

        self.check_requires(self.lessons, set(owner))
        modules = self.read_exercises(modules, set(owner), written)
        # Everything the site publishes from lessons/ (images, downloads) and every
        # template must be a regular file inside the course folder.
        self.problems += unsafe_files(self.root, lessons_dir, skip_lessons=True)
        self.problems += unsafe_files(self.root, self.root / "templates")
        if spec is None or any(p.severity == ERROR for p in self.problems):
            raise CourseError(self.ordered(self.problems))

        paces = (
            {
                name: Pace(name, p.hours_per_day, tuple(p.study_days))
                for name, p in spec.paces.items()
            }
            if spec.paces
            else dict(DEFAULT_PACES)
        )
        course = Course(
            id=spec.id,
            title=spec.title,
            modules=tuple(modules),
            description=spec.description,
            level=spec.level,
            skills={k: tuple(v) for k, v in spec.skills.items()},
            paces=paces,
            start=spec.start,
            review=ReviewSettings.from_dict(spec.review.model_dump()),
            language=(spec.language or site_language(self.root)).strip(),
        )
        warnings = [p for p in self.ordered(self.problems) if p.severity == WARNING]
        return Loaded(course, self.root, warnings, self.files, self.trusted_listed)

    def ordered(self, problems: list[Problem]) -> list[Problem]:
        return in_reading_order(problems, self.root, self.files)

    def read_module(
        self, module_id: str, path: Path, owner: dict[str, tuple[str, Path, int | None]]
    ) -> Module | None:
        from coursekit.course import schema

        before = len(self.problems)
        raw = self.read_yaml(path)
        if len(self.problems) > before:
            self.lesson_list_unknown = True
            return None
        spec = self.validate(schema.ModuleFile, raw, path)
        if spec is None:
            # Still read the lessons it lists, so one run reports their problems too.
            listed = raw.get("lessons") if isinstance(raw, dict) else None
            if isinstance(listed, list):
                self.read_lessons(module_id, path, raw, listed, owner)
            else:
                self.lesson_list_unknown = True
            return None
        if spec.id is not None and spec.id != module_id:
            self.error(
                path,
                f"id '{spec.id}' differs from the file name '{module_id}'; "
                "rename one so they match",
                line_of(raw, ("id",)),
                "id",
            )
        lessons = self.read_lessons(module_id, path, raw, list(spec.lessons), owner)
        if len(lessons) != len(spec.lessons):
            return None
        return Module(
            id=module_id,
            title=spec.title,
            lessons=tuple(lessons),
            summary=spec.summary,
            difficulty=spec.difficulty,
            learn=tuple(spec.learn),
            build=tuple(spec.build),
            declared_study_time=spec.study_time,
            reflection=tuple(spec.reflection),
        )

    def read_lessons(
        self,
        module_id: str,
        path: Path,
        raw: Any,
        listed: list[Any],
        owner: dict[str, tuple[str, Path, int | None]],
    ) -> list[Lesson]:
        """Read the lessons a module lists; entries that are not ids were reported by
        the schema and are skipped, keeping every other entry's position."""
        folder = self.root / "lessons" / module_id
        # One listing of the folder; a lesson file is any entry but a folder (a pipe or
        # a link out is refused when it is read).
        entries: dict[str, bool] = {}
        if folder.is_dir():
            with os.scandir(folder) as listing:
                entries = {e.name: e.is_dir() for e in listing}
        present = sorted({Path(n).stem for n in entries if Path(n).suffix in LESSON_SUFFIXES})
        lessons: list[Lesson] = []
        missing = 0
        for index, lesson_id in enumerate(listed):
            if not is_slug(lesson_id):
                continue
            line = line_of(raw, ("lessons", index))
            key = f"lessons[{index}]"
            if lesson_id in owner:
                other_module, other_path, other_line = owner[lesson_id]
                where = self.rel(other_path) + (f":{other_line}" if other_line else "")
                message = (
                    f"lesson '{lesson_id}' is listed twice in this module; remove one"
                    if other_module == module_id
                    else f"lesson id '{lesson_id}' is already used in module "
                    f"'{other_module}' ({where}); lesson ids are unique across the course"
                )
                self.error(path, message, line, key)
                continue
            owner[lesson_id] = (module_id, path, line)
            names = [f"{lesson_id}{s}" for s in LESSON_SUFFIXES]
            found = [folder / n for n in names if n in entries and not entries[n]]
            if not found:
                self.missing_lessons.add(lesson_id)
                missing += 1
                if missing > MAX_PROBLEMS_PER_FILE:  # beyond what is listed: no costly hints
                    self.error(path, f"no lesson '{lesson_id}'", line, key)
                    continue
                hint = did_you_mean(lesson_id, present)
                for other in self.lesson_files().get(lesson_id, ()):
                    if other.parent == folder:
                        hint = f" (found {other.name}: rename it {lesson_id}{other.suffix})"
                elsewhere = sorted(
                    p
                    for p in self.lesson_files().get(lesson_id, ())
                    if p.stem == lesson_id and p.parent != folder
                )
                if elsewhere:
                    hint = f" (found {self.rel(elsewhere[0])}: move it to lessons/{module_id}/)"
                self.error(
                    path,
                    f"no lesson '{lesson_id}': expected lessons/{module_id}/"
                    f"{lesson_id}.md (or .ipynb){hint}",
                    line,
                    key,
                )
                continue
            if len(found) > 1:
                self.error(
                    path,
                    f"lesson '{lesson_id}' has both a .md and an .ipynb file; keep one",
                    line,
                    key,
                )
                continue
            lesson = self.read_lesson(module_id, lesson_id, found[0])
            if lesson is not None:
                lessons.append(lesson)
                self.lessons[lesson_id] = lesson
        for stem in present:
            if stem not in listed:
                extra = next(
                    folder / f"{stem}{s}"
                    for s in LESSON_SUFFIXES
                    if (folder / f"{stem}{s}").is_file()
                )
                self.unlisted.setdefault(stem, self.rel(path))
                self.warn(
                    extra,
                    f"lesson file is not listed in curriculum/modules/{module_id}.yml "
                    "lessons, so it is not part of the course",
                )
        return lessons

    def lesson_files(self) -> dict[str, list[Path]]:
        """Every lesson file under lessons/, by its id in lowercase: one scan per run,
        for the hints of lessons that are missing where their module expects them."""
        if self._lesson_files is None:
            self._lesson_files = {}
            for path in sorted(self.root.glob("lessons/*/*")):
                if path.suffix in LESSON_SUFFIXES:
                    self._lesson_files.setdefault(path.stem.lower(), []).append(path)
        return self._lesson_files

    def read_lesson(self, module_id: str, lesson_id: str, path: Path) -> Lesson | None:
        text = self.read_text(path)
        if text is None:
            return None
        if self.memo is None:
            return self.parse_lesson(module_id, lesson_id, path, text)
        trusted = "trusted" if lesson_id in self.trusted else ""
        key = (module_id, lesson_id, self.rel(path), trusted, text)
        lesson = self.memo.get(key)
        if lesson is None:
            before = len(self.problems)
            lesson = self.parse_lesson(module_id, lesson_id, path, text)
            if lesson is not None and len(self.problems) == before:  # warnings come again
                self.memo.add(key, lesson)
        return lesson

    def parse_lesson(self, module_id: str, lesson_id: str, path: Path, text: str) -> Lesson | None:
        from coursekit.course import schema

        lines: dict[str, int] | None = None
        if path.suffix == ".ipynb":
            from coursekit.course.notebook import read_notebook

            try:
                raw, body, lines = read_notebook(text, self.rel(path), lesson_id in self.trusted)
            except CourseError as exc:
                self.problems.extend(exc.problems)
                return None
        else:
            front, body, offset = split_front_matter(text)
            if front is None:
                self.error(path, no_front_matter(text), 1)
                return None
            before = len(self.problems)
            raw = self.read_yaml(path, offset, front)
            if len(self.problems) > before:
                return None
            if raw is None:
                self.error(path, "the front matter is empty: add title and study_time", 1)
                return None
        spec = self.validate(schema.LessonFile, raw, path, lines=lines)
        if spec is None:
            requires = raw.get("requires") if isinstance(raw, dict) else None
            if isinstance(requires, list) and all(isinstance(r, str) for r in requires):
                self.unvalidated.append((lesson_id, self.rel(path), tuple(requires)))
            return None
        if spec.id is not None and spec.id != lesson_id:
            line = lines.get("id") if lines else line_of(raw, ("id",))
            self.error(
                path,
                f"id '{spec.id}' differs from the file name '{lesson_id}'; "
                "rename one so they match",
                line,
                "id",
            )
        return Lesson(
            id=lesson_id,
            module=module_id,
            title=spec.title,
            study_time=spec.study_time,
            status=spec.status,
            objectives=tuple(spec.objectives),
            outcome=spec.outcome,
            requires=tuple(spec.requires),
            body=body,
            source=self.rel(path),
        )

    def check_requires(self, by_id: dict[str, Lesson], listed: set[str]) -> None:
        each = [(lesson.id, lesson.source, lesson.requires) for lesson in by_id.values()]
        for lesson_id, source, requires in each + self.unvalidated:
            for index, req in enumerate(requires):
                if req not in listed:
                    message = self.not_a_lesson(req, listed)
                    if message is None:
                        continue
                elif req == lesson_id:
                    message = "a lesson cannot require itself"
                else:
                    continue
                self.error(
                    self.root / source,
                    message,
                    key_line(self.root, source, ("requires", index)),
                    f"requires[{index}]",
                )
        # Cycles: depth-first search, reporting each cycle once at its first lesson.
        # Iterative, so that a chain of 20,000 prerequisites is no deeper than one.
        state: dict[str, int] = {}
        reported: set[frozenset[str]] = set()
        for first_id in by_id:
            if first_id in state:
                continue
            state[first_id] = 1
            stack = [first_id]
            pending = [iter(by_id[first_id].requires)]
            while pending:
                req = next(pending[-1], None)
                if req is None:
                    state[stack.pop()] = 2
                    pending.pop()
                    continue
                if req not in by_id or req == stack[-1]:
                    continue
                if state.get(req) == 1:
                    cycle = stack[stack.index(req) :] + [req]
                    if frozenset(cycle) not in reported:
                        reported.add(frozenset(cycle))
                        first = by_id[cycle[0]]
                        self.error(
                            self.root / first.source,
                            "prerequisites form a cycle: " + " → ".join(cycle),
                            self._front_line(first, "requires", None),
                            "requires",
                        )
                elif req not in state:
                    state[req] = 1
                    stack.append(req)
                    pending.append(iter(by_id[req].requires))

    def _front_line(self, lesson: Lesson, key: str, index: int | None) -> int | None:
        """Re-find the line of a front-matter key (cheap: only on the error path)."""
        return key_line(self.root, lesson.source, (key,) if index is None else (key, index))

    def not_a_lesson(self, lesson_id: str, listed: set[str]) -> str | None:
        """Why a referenced ``lesson_id`` is no lesson of the course; ``None`` when
        saying so would only echo an error already reported about a lesson list.
        Suggestions come from the ``listed`` lessons that have a file."""
        if self.lesson_list_unknown:
            return None  # a module file is broken: its lessons are unknown
        if lesson_id in self.unlisted:
            if self.missing_lessons:
                return None  # most likely the list's typo, reported where it is
            return (
                f"lesson '{lesson_id}' is not part of the course: its file is not listed "
                f"in {self.unlisted[lesson_id]} lessons"
            )
        hint = did_you_mean(lesson_id, listed - self.missing_lessons)
        return f"no lesson '{lesson_id}' in this course{hint}"
