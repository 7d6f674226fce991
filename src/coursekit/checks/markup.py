"""Markdown from YAML that would not show as written: links or attributes that could run code.

The site shows such text with its links and attribute lists as plain text (see
:mod:`coursekit.site.markdown`); this rule says so at the field's file and line, so the
instructor can fix the link instead of finding it dead on the published page.
"""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.course.files import COURSE_FILE, exercises_file, key_line
from coursekit.course.loader import Loaded
from coursekit.errors import WARNING, Problem
from coursekit.site.markdown import markup_refusal


def refused_markup(loaded: Loaded) -> Iterator[Problem]:
    """A warning for each Markdown field from YAML whose links or attributes are refused."""
    root, course = loaded.root, loaded.course
    fields: list[tuple[str, tuple[object, ...], str]] = [
        (COURSE_FILE.as_posix(), ("description",), course.description)
    ]
    for module in course.modules:
        fields.append((f"curriculum/modules/{module.id}.yml", ("summary",), module.summary))
        source = exercises_file(root, module.id)
        for i, card in enumerate(module.flashcards):
            fields.append((source, ("flashcards", i, "a"), card.a))
        for i, scenario in enumerate(module.scenarios):
            for name in ("situation", "task", "answer"):
                fields.append((source, ("scenarios", i, name), getattr(scenario, name)))
        for i, task in enumerate(module.tasks):
            fields.append((source, ("tasks", i, "instructions"), task.instructions))
    for source, loc, text in fields:
        why = markup_refusal(text) if text else None
        if why is not None:
            key = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
            yield Problem(source, why, key_line(root, source, loc), key, WARNING)
