"""Create courses, modules, lessons and exercises from templates: ``init`` and ``new``.

Every operation is in two steps. ``plan_*`` functions read the course, validate the
request completely and return :class:`Changes` (the new files and the new text of
edited files) without touching the disk; :func:`coursekit.authoring.changeset.apply_changes`
then writes them.
A bad request therefore raises :class:`CourseError` before anything is written, and
``--dry-run`` is simply "plan, show, don't apply".

The templates for ``coursekit init`` and ``coursekit new`` live in ``templates/`` next
to this module (package data).
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from coursekit.authoring.changeset import Changes
from coursekit.authoring.outline import Outline, check_id, read_text
from coursekit.authoring.yamledit import append_mapping, dump_mapping, insert_scalar
from coursekit.course.files import COURSE_FILE
from coursekit.course.ids import slugify
from coursekit.course.yaml_lines import load_yaml
from coursekit.errors import CourseError, Problem, did_you_mean
from coursekit.model import STATUSES, Duration

COURSE_TEMPLATE = "course"  # templates/course/: the files `coursekit init` writes


# --------------------------------------------------------------------------- init


def plan_init(
    target: Path, title: str | None = None, course_id: str | None = None, force: bool = False
) -> Changes:
    """A new course in ``target``: the files of the package's course template.

    Refuses a folder that is not empty unless ``force``; even then an existing file
    is never overwritten (the course files it would write must all be absent).
    """
    target = Path(target)
    shown = str(target)
    if target.exists() and not target.is_dir():
        raise CourseError(Problem(shown, "exists and is not a folder"))
    if target.is_dir() and any(target.iterdir()) and not force:
        raise CourseError(
            Problem(
                shown,
                "the folder is not empty; choose a new folder, or pass --force to add a "
                "course next to the files already there",
            )
        )
    name = target.resolve().name
    course_id = course_id or slugify(name) or "my-course"
    check_id(course_id, "--id")
    title = (title or _title_from(name)).strip()
    if not title:
        raise CourseError(Problem(shown, "the title must not be empty"))
    from coursekit.site.folder import html_text

    values = {
        "title": title,
        "title_yaml": _scalar(title),
        # themes insert the site name into the page's HTML as it is
        "site_name_yaml": _scalar(html_text(title)),
        "course_id": course_id,
    }
    changes = Changes(target)
    template = resources.files("coursekit.authoring") / "templates" / COURSE_TEMPLATE
    for source, rel in _walk(template):
        if rel == "gitignore":  # package data skips dot-files, so it ships without the dot
            rel = ".gitignore"
        text = Template(source.read_text(encoding="utf-8")).safe_substitute(values)
        changes.add(rel, text, f"created {rel}")
    if (target / COURSE_FILE).exists():
        raise CourseError(
            Problem(
                shown,
                f"already holds a course ({COURSE_FILE.as_posix()}); grow it with "
                "`coursekit new module|lesson|flashcard|scenario|task`",
            )
        )
    existing = [f.path for f in changes.files if (target / f.path).exists()]
    if force:
        # A repository usually has a README and a .gitignore of its own: keep them.
        kept = [p for p in existing if p in ("README.md", ".gitignore")]
        changes.files = [f for f in changes.files if f.path not in kept]
        existing = [p for p in existing if p not in kept]
    if existing:
        raise CourseError(
            [
                Problem(f"{shown}/{p}", "already exists; coursekit never overwrites")
                for p in existing
            ]
        )
    return changes


def _walk(folder: Any, prefix: str = "") -> list[tuple[Any, str]]:
    found: list[tuple[Any, str]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        rel = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                found.extend(_walk(entry, rel + "/"))
        else:
            found.append((entry, rel))
    return found


# --------------------------------------------------------------------------- new module / lesson


def plan_module(
    start: Path | str | None,
    module_id: str,
    title: str,
    *,
    after: str | None = None,
    lesson_id: str | None = None,
    lesson_title: str | None = None,
    study_time: str = "1h",
    summary: str = "",
) -> Changes:
    """A new module file, listed in course.yml, with one starter lesson.

    A module lists at least one lesson, so one is created with it: ``lesson_id``
    (default ``<module>-overview``) as a draft, timed ``study_time``.
    """
    outline = Outline.read(start)
    check_id(module_id, "module id")
    _check_text(title, "--title")
    rel = f"curriculum/modules/{module_id}.yml"
    if module_id in outline.modules:
        raise CourseError(Problem(COURSE_FILE.as_posix(), f"module '{module_id}' already exists"))
    for path in (rel, f"lessons/{module_id}", f"exercises/{module_id}.yml"):
        if (outline.root / path).exists():
            raise CourseError(Problem(path, "already exists; coursekit never overwrites"))
    if after is not None and after not in outline.modules:
        raise CourseError(
            Problem(
                COURSE_FILE.as_posix(),
                f"--after: no module '{after}'{did_you_mean(after, outline.modules)}; "
                f"modules: {', '.join(outline.modules)}",
            )
        )
    lesson_id = lesson_id or f"{module_id}-overview"
    outline.require_new_lesson_id(lesson_id)
    changes = Changes(outline.root)
    course_rel = COURSE_FILE.as_posix()
    new_course = insert_scalar(
        outline.course_text, "modules", module_id, after=after, where=course_rel
    )
    text = _render_template(
        "new/module.yml",
        title_yaml=_scalar(title.strip()),
        summary_yaml=_scalar(summary.strip()),
        lesson_id=lesson_id,
    )
    changes.add(rel, text, f"created {rel}")
    place = f"after '{after}'" if after else "at the end"
    changes.add(
        course_rel,
        new_course,
        f"added '{module_id}' to {course_rel} modules ({place})",
        before=outline.course_text,
    )
    _add_lesson_file(
        changes,
        module_id,
        lesson_id,
        lesson_title or f"Overview: {title.strip()}",
        _duration(study_time),
        "draft",
        notebook=False,
        objectives=(),
    )
    return changes


def plan_lesson(
    start: Path | str | None,
    module_id: str,
    lesson_id: str,
    title: str,
    study_time: str,
    *,
    after: str | None = None,
    status: str = "draft",
    notebook: bool = False,
    objectives: tuple[str, ...] = (),
) -> Changes:
    """A new lesson file, listed in its module right after ``after`` (default: last)."""
    outline = Outline.read(start)
    outline.require_module(module_id)
    outline.require_new_lesson_id(lesson_id)
    _check_text(title, "--title")
    duration = _duration(study_time)
    if status not in STATUSES:
        raise CourseError(
            Problem("--status", f"'{status}' is not a status; use {', '.join(STATUSES)}")
        )
    for objective in objectives:
        _check_text(objective, "--objective")
    module_rel = f"curriculum/modules/{module_id}.yml"
    listed = outline.module_lessons[module_id]
    if after is not None and after not in listed:
        elsewhere = [m for m, ids in outline.module_lessons.items() if after in ids]
        hint = (
            f" ('{after}' is in module '{elsewhere[0]}')"
            if elsewhere
            else did_you_mean(after, listed)
        )
        raise CourseError(
            Problem(
                module_rel,
                f"--after: module '{module_id}' has no lesson '{after}'{hint}; "
                f"its lessons: {', '.join(listed)}",
                key="lessons",
            )
        )
    before = read_text(outline.root, module_rel)
    changes = Changes(outline.root)
    _add_lesson_file(
        changes, module_id, lesson_id, title.strip(), duration, status, notebook, objectives
    )
    place = f"after '{after}'" if after else "at the end"
    changes.add(
        module_rel,
        insert_scalar(before, "lessons", lesson_id, after=after, where=module_rel),
        f"added '{lesson_id}' to {module_rel} lessons ({place})",
        before=before,
    )
    return changes


def _add_lesson_file(
    changes: Changes,
    module_id: str,
    lesson_id: str,
    title: str,
    duration: str,
    status: str,
    notebook: bool,
    objectives: tuple[str, ...],
) -> None:
    front: dict[str, Any] = {"title": title, "study_time": duration, "status": status}
    front["objectives"] = [o.strip() for o in objectives]
    front["outcome"] = ""
    where = "the notebook's metadata (coursekit)" if notebook else "the front matter"
    next_step = (
        f"A draft: write the lesson here, then set `status: ready` in {where}."
        if status == "draft"
        else f"Write the lesson here; its title, time and objectives are in {where}."
    )
    body = (
        ""
        if status == "planned"
        else _render_template("new/lesson.md", title=title, next_step=next_step)
    )
    if notebook:
        rel = f"lessons/{module_id}/{lesson_id}.ipynb"
        text = notebook_lesson(front, body)
    else:
        rel = f"lessons/{module_id}/{lesson_id}.md"
        text = "---\n" + dump_mapping(front) + "---\n" + body
    changes.add(rel, text, f"created {rel} ({status})")


def notebook_lesson(front: dict[str, Any], body: str) -> str:
    """A notebook lesson: front matter in ``metadata.coursekit``, the body as cells."""
    import nbformat
    from nbformat import v4

    cells = []
    for number, chunk in enumerate(c for c in re.split(r"\n(?=## )", body) if c.strip()):
        cells.append(v4.new_markdown_cell(chunk.strip(), id=f"lesson-{number + 1}"))
    if front.get("status") != "planned":
        cells.append(v4.new_code_cell("# Try it here\n", id="lesson-code"))
    nb = v4.new_notebook(cells=cells)
    nb.metadata["coursekit"] = {k: v for k, v in front.items() if v not in ("", [])}
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


# --------------------------------------------------------------------------- new exercises


def plan_flashcard(
    start: Path | str | None,
    module_id: str,
    question: str,
    answer: str,
    *,
    lesson: str | None = None,
    card_id: str | None = None,
) -> Changes:
    """A flashcard appended to ``exercises/<module>.yml`` (created when missing).

    The id is written into the file (default: a slug of the question, made unique
    across the course), so rewording the question later keeps the learner's history.
    """
    outline = Outline.read(start)
    outline.require_module(module_id)
    _check_text(question, "--q")
    _check_text(answer, "--a")
    _check_lesson_link(outline, lesson)
    taken = outline.card_ids()
    if card_id is not None:
        check_id(card_id, "flashcard id")
        if card_id in taken:
            raise CourseError(
                Problem(
                    taken[card_id], f"flashcard id '{card_id}' is already used", key="flashcards"
                )
            )
    else:
        card_id = _unique(slugify(question, limit=48) or f"{module_id}-card", set(taken))
    item = {"id": card_id, "q": question.strip(), "a": _block_text(answer)}
    if lesson:
        item["lesson"] = lesson
    return _append_exercise(outline, module_id, "flashcards", item, f"flashcard '{card_id}'")


def plan_scenario(
    start: Path | str | None,
    module_id: str,
    title: str,
    task: str,
    answer: str,
    *,
    situation: str = "",
    lesson: str | None = None,
    scenario_id: str | None = None,
) -> Changes:
    """A scenario appended to ``exercises/<module>.yml`` (created when missing)."""
    outline = Outline.read(start)
    outline.require_module(module_id)
    for value, option in ((title, "--title"), (task, "--task"), (answer, "--answer")):
        _check_text(value, option)
    _check_lesson_link(outline, lesson)
    scenario_id = _new_item_id(outline, module_id, "scenarios", scenario_id, title)
    item = {"id": scenario_id, "title": title.strip()}
    if situation.strip():
        item["situation"] = _block_text(situation)
    item["task"] = _block_text(task)
    item["answer"] = _block_text(answer)
    if lesson:
        item["lesson"] = lesson
    return _append_exercise(outline, module_id, "scenarios", item, f"scenario '{scenario_id}'")


def plan_task(
    start: Path | str | None,
    module_id: str,
    title: str,
    *,
    instructions: str = "",
    lesson: str | None = None,
    task_id: str | None = None,
) -> Changes:
    """A hands-on task appended to ``exercises/<module>.yml`` (created when missing)."""
    outline = Outline.read(start)
    outline.require_module(module_id)
    _check_text(title, "--title")
    _check_lesson_link(outline, lesson)
    task_id = _new_item_id(outline, module_id, "tasks", task_id, title)
    item = {"id": task_id, "title": title.strip()}
    if instructions.strip():
        item["instructions"] = _block_text(instructions)
    if lesson:
        item["lesson"] = lesson
    return _append_exercise(outline, module_id, "tasks", item, f"task '{task_id}'")


def _new_item_id(outline: Outline, module_id: str, key: str, wanted: str | None, title: str) -> str:
    """``wanted`` if it is a free id among the file's ``key`` items, else a slug of the title."""
    rel = outline.exercises_file(module_id)
    taken: set[str] = set()
    if (outline.root / rel).is_file():
        data = load_yaml(read_text(outline.root, rel), rel)
        items = data.get(key) if isinstance(data, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                taken.add(str(item.get("id") or slugify(str(item.get("title", "")))))
    what = key[:-1]  # scenarios -> scenario
    if wanted is None:
        return _unique(slugify(title) or what, taken)
    check_id(wanted, f"{what} id")
    if wanted in taken:
        raise CourseError(Problem(rel, f"{what} id '{wanted}' is already used", key=key))
    return wanted


def _append_exercise(
    outline: Outline, module_id: str, key: str, item: dict[str, str], what: str
) -> Changes:
    rel = outline.exercises_file(module_id)
    exists = (outline.root / rel).is_file()
    before = read_text(outline.root, rel) if exists else None
    start = (
        before if before is not None else _render_template("new/exercises.yml", module=module_id)
    )
    changes = Changes(outline.root)
    summary = f"added {what} to {rel}" if exists else f"created {rel} with {what}"
    changes.add(rel, append_mapping(start, key, item, where=rel), summary, before=before)
    return changes


def _check_lesson_link(outline: Outline, lesson: str | None) -> None:
    if lesson is None:
        return
    lessons = outline.all_lessons()
    if lesson not in lessons:
        raise CourseError(
            Problem(
                "--lesson", f"no lesson '{lesson}' in this course{did_you_mean(lesson, lessons)}"
            )
        )


# --------------------------------------------------------------------------- small helpers


def _check_text(value: str, option: str) -> None:
    if not value or not value.strip():
        raise CourseError(Problem(option, "must not be empty"))


def _duration(text: str) -> str:
    try:
        Duration.parse(text)
    except ValueError as exc:
        raise CourseError(Problem("--time", str(exc))) from None
    return text.strip()


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = base[: 64 - len(suffix)].rstrip("-") + suffix
        number += 1
    return candidate


def _title_from(name: str) -> str:
    return " ".join(w.capitalize() for w in re.split(r"[-_\s]+", name) if w) or "My Course"


def _block_text(value: str) -> str:
    value = value.strip()
    return value + "\n" if "\n" in value else value


def _scalar(value: str) -> str:
    """``value`` as a YAML scalar that reads back as the same text."""
    return dump_mapping({"x": value})[3:].rstrip("\n")


def _render_template(name: str, **values: str) -> str:
    source = resources.files("coursekit.authoring") / "templates" / name
    return Template(source.read_text(encoding="utf-8")).safe_substitute(values)
