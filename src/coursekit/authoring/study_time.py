"""Setting lessons' ``study_time``, in a Markdown lesson's front matter or a notebook's
``metadata.coursekit``, changing nothing else in the file.

Front matter goes through :func:`~coursekit.authoring.yamledit.replace_scalar` (the
value's characters only; comments, quoting and layout stay). A notebook is JSON: the
string value is located by walking the text and replaced in place, so the notebook
keeps its indentation, key order and outputs byte for byte. Either way the result is
read back and compared with the intended data before it is returned.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from coursekit.authoring.changeset import Changes
from coursekit.authoring.yamledit import replace_scalar
from coursekit.errors import CourseError, Problem
from coursekit.model import Course

KEY = "study_time"


def plan_study_times(root: Path, course: Course, times: Mapping[str, str]) -> Changes:
    """The edits that give each lesson in ``times`` its new study time (nothing is
    written: :func:`~coursekit.authoring.changeset.apply_changes` does that)."""
    changes = Changes(root)
    lessons = course.lesson_index
    for lesson_id, text in times.items():
        lesson = lessons[lesson_id]
        path = root / lesson.source
        try:
            before = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CourseError(Problem(lesson.source, f"cannot read the lesson: {exc}")) from None
        if lesson.source.endswith(".ipynb"):
            after = set_notebook_study_time(before, text, lesson.source)
        else:
            after = set_front_matter_study_time(before, text, lesson.source)
        old = lesson.study_time
        changes.add(lesson.source, after, f"changed {lesson.source}: study_time {old} → {text}",
                    before)
    return changes


def set_front_matter_study_time(text: str, value: str, where: str) -> str:
    """``text`` (a Markdown lesson) with its front matter's study_time set to ``value``."""
    from coursekit.course.files import split_front_matter

    front, _, _ = split_front_matter(text)
    if front is None:
        raise CourseError(Problem(where, "no front matter to set study_time in"))
    core = front.strip("\n")
    start = text.index(core, text.index(front))
    edited = replace_scalar(core + "\n", KEY, value, where=where)
    return text[:start] + edited.rstrip("\n") + text[start + len(core) :]


def set_notebook_study_time(text: str, value: str, where: str) -> str:
    """``text`` (a notebook's JSON) with ``metadata.coursekit.study_time`` set."""
    try:
        data = json.loads(text)
        span = _string_span(text, ("metadata", "coursekit", KEY))
    except (ValueError, _NotFound):
        raise CourseError(
            Problem(where, "no metadata.coursekit.study_time text to change", key=KEY)
        ) from None
    result = text[: span[0]] + json.dumps(value, ensure_ascii=False) + text[span[1] :]
    data["metadata"]["coursekit"][KEY] = value
    if json.loads(result) != data:  # cannot happen for a valid notebook; never risk it
        raise CourseError(Problem(where, "could not set study_time safely; set it by hand"))
    return result


class _NotFound(Exception):
    pass


_SPACE = re.compile(r"[ \t\r\n]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r"-?[0-9][0-9.eE+-]*|true|false|null")


def _string_span(text: str, path: tuple[str, ...]) -> tuple[int, int]:
    """Where the JSON string at ``path`` (object keys from the top) starts and ends."""
    position, depth = _skip(text, 0), 0
    while True:
        if text[position] != "{":
            raise _NotFound
        position = _skip(text, position + 1)
        while text[position] != "}":
            match = _STRING.match(text, position)
            if not match:
                raise _NotFound
            name = json.loads(match.group())
            position = _skip(text, match.end())
            if text[position] != ":":
                raise _NotFound
            position = _skip(text, position + 1)
            if name == path[depth]:
                break
            position = _skip(text, _value_end(text, position))
            if text[position] == ",":
                position = _skip(text, position + 1)
        else:
            raise _NotFound
        depth += 1
        if depth == len(path):
            match = _STRING.match(text, position)
            if not match:
                raise _NotFound
            return match.start(), match.end()


def _skip(text: str, position: int) -> int:
    end = _SPACE.match(text, position)
    return end.end() if end else position


def _value_end(text: str, position: int) -> int:
    """The end of the JSON value starting at ``position``."""
    char = text[position]
    if char == '"':
        match: Any = _STRING.match(text, position)
        if not match:
            raise _NotFound
        return int(match.end())
    if char in "{[":
        closing = {"{": "}", "[": "]"}
        stack = [closing[char]]
        position += 1
        while stack:
            char = text[position]
            if char == '"':
                position = _value_end(text, position)
                continue
            if char in "{[":
                stack.append(closing[char])
            elif char in "}]":
                stack.pop()
            position += 1
        return position
    match = _SCALAR.match(text, position)
    if not match:
        raise _NotFound
    return int(match.end())
