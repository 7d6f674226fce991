"""Files nothing uses.

files under ``lessons/`` and ``exercises/`` that are not a lesson, not a module's
exercises file and not linked from any lesson or exercise (an image is published
with the site only to be shown somewhere). The loader already warns about unlisted
lesson files and folders named after no module, so those are not repeated here.
Hidden files (``.DS_Store``, ``.ipynb_checkpoints/``) are ignored.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path

from coursekit.checks.links import body_links
from coursekit.course.files import LESSON_SUFFIXES, exercises_file
from coursekit.course.loader import Loaded
from coursekit.errors import WARNING, Problem

# --------------------------------------------------------------------------- stray files


def unused_files(loaded: Loaded) -> Iterator[Problem]:
    root, course = loaded.root, loaded.course
    used = {lesson.source for lesson in course.lessons()}
    for module in course.modules:
        used.add(exercises_file(root, module.id))
    for lesson in course.lessons():
        folder = posixpath.dirname(lesson.source)
        for link in body_links(lesson.body):
            used.add(posixpath.normpath(posixpath.join(folder, link.target)))
    for module in course.modules:
        # The exercises page sits in the module's folder, beside the lessons.
        texts = [c.a for c in module.flashcards] + [t.instructions for t in module.tasks]
        texts += [f"{s.situation}\n{s.task}\n{s.answer}" for s in module.scenarios]
        for link in body_links("\n".join(texts)):
            used.add(posixpath.normpath(posixpath.join("lessons", module.id, link.target)))
    modules = set(course.module_index)
    lessons_dir = root / "lessons"
    for path in visible_files(lessons_dir):
        rel = path.relative_to(root).as_posix()
        parts = path.relative_to(lessons_dir).parts
        if rel in used:
            continue
        if len(parts) > 1 and parts[0] not in modules:
            continue  # the loader warns about the folder
        if len(parts) == 2 and path.suffix in LESSON_SUFFIXES:
            continue  # the loader warns about an unlisted lesson file
        yield Problem(
            rel,
            "not part of the course: no module lists it and no lesson links to it",
            None,
            "",
            WARNING,
        )
    exercises_dir = root / "exercises"
    for path in visible_files(exercises_dir):
        rel = path.relative_to(root).as_posix()
        parts = path.relative_to(exercises_dir).parts
        if rel in used or (len(parts) == 1 and path.match("*.y*ml")):
            continue  # a module's exercises, or the loader's error about an unknown module
        yield Problem(
            rel,
            "not read by coursekit: exercises live in exercises/<module-id>.yml",
            None,
            "",
            WARNING,
        )


def visible_files(folder: Path) -> list[Path]:
    """The files under ``folder``, sorted, leaving out hidden ones and ``__pycache__``
    (as the site leaves them out)."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and "__pycache__" not in p.parts
    )
