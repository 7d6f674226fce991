"""pydantic's validation errors, said the way an instructor needs to hear them.

``validate`` runs a schema model over data from :mod:`coursekit.course.yaml_lines` and turns
each error into a :class:`~coursekit.errors.Problem` at the line of the offending key
or list item: unknown keys with "did you mean" and the valid keys, missing keys with
what to add, and the validators' own messages for values.
"""

from __future__ import annotations

import difflib
from typing import Any, get_args

from coursekit.course.yaml_lines import LineList, key_path, line_of
from coursekit.errors import Problem

# pydantic inserts these into error locations; they are not the user's keys.
_INTERNAL_LOC = ("function-", "list[", "dict[", "literal[")


def validate(
    model: Any,
    data: Any,
    path: str,
    prefix: tuple[Any, ...] = (),
    lines: dict[str, int] | None = None,
) -> tuple[Any, list[Problem]]:
    """``(model.model_validate(data), [])``, or ``(None, problems)`` when invalid.

    ``lines`` overrides the line of top-level keys (for notebooks, whose metadata is
    JSON rather than line-keeping YAML).
    """
    from pydantic import ValidationError

    if not isinstance(data, dict):
        got = {type(None): "an empty file", LineList: "a list"}.get(
            type(data), f"a single value ({data!r})"
        )
        message = f"expected a mapping of keys (like `{_example_key(model)}: ...`), got {got}"
        line = getattr(data, "line", None) or 1
        return None, [Problem(path, message, line, key_path(prefix))]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors()
    # A misspelt required key shows as "unknown key" + "missing": report it once.
    misspelt = {
        (err["loc"][:-1], close)
        for err in errors
        if err["type"] == "extra_forbidden"
        for close in _close_keys(model, err["loc"])
    }
    problems = [
        _problem(model, data, err, path, prefix, lines)
        for err in errors
        if not (err["type"] == "missing" and (err["loc"][:-1], err["loc"][-1]) in misspelt)
    ]
    return None, problems


def _problem(
    model: Any,
    data: Any,
    err: Any,
    path: str,
    prefix: tuple[Any, ...],
    lines: dict[str, int] | None,
) -> Problem:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(_INTERNAL_LOC)))
    line = line_of(data, loc)
    if lines is not None and loc and str(loc[0]) in lines:
        line = lines[str(loc[0])]
    kind = err["type"]
    if kind == "extra_forbidden":
        allowed = model_keys(model, loc[:-1])
        close = _close_keys(model, loc)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        message = f"unknown key '{loc[-1]}'{hint}; valid keys: {', '.join(allowed)}"
    elif kind == "missing":
        message = f"required key is missing (add `{loc[-1]}: ...`)"
    elif kind == "value_error":
        message = str(err["ctx"]["error"]) if "ctx" in err else err["msg"]
    elif kind == "too_short":
        message = "must list at least one item"
    elif kind in _EXPECTED:
        message = f"expected {_EXPECTED[kind]} ({_got(err.get('input'))})"
    else:
        got = err.get("input")
        shown = f" (got {got!r})" if isinstance(got, (str, int, float, bool)) else ""
        message = err["msg"][0].lower() + err["msg"][1:] + shown
    return Problem(path, message, line, key_path(prefix + loc))


_EXPECTED = {
    "list_type": "a list, like `[a, b]` or one `- item` per line",
    "dict_type": "a mapping, like `name: value` on indented lines",
    "model_type": "a mapping, like `name: value` on indented lines",
    "model_attributes_type": "a mapping, like `name: value` on indented lines",
    "string_type": "text",
}


def _got(value: Any) -> str:
    """What the user wrote, in words: ``got 'abc'``, ``got a list``, ``got nothing``."""
    if isinstance(value, (str, int, float, bool)):
        return f"got {value!r}"
    if value is None:
        return "got nothing"
    return "got a list" if isinstance(value, list) else "got a mapping"


def _example_key(model: Any) -> str:
    """The key to show in "expected a mapping" hints: the first required one."""
    fields = model.model_fields
    return next((k for k, f in fields.items() if f.is_required()), next(iter(fields)))


def model_keys(model: Any, loc: tuple[Any, ...]) -> list[str]:
    """The keys the (nested) model at ``loc`` accepts, for 'valid keys' hints."""
    for part in loc:
        if isinstance(part, str) and part in model.model_fields:
            inner = _inner_model(model.model_fields[part].annotation)
            if inner is None:
                return []
            model = inner
    return list(model.model_fields)


# Words instructors reach for that are spelt differently here.
_SYNONYMS = {
    "question": "q",
    "answer": "a",
    "time": "study_time",
    "duration": "study_time",
    "hours": "study_time",
    "prerequisites": "requires",
    "objective": "objectives",
    "goals": "objectives",
    "name": "title",
    "description": "summary",
}


def _close_keys(model: Any, loc: tuple[Any, ...]) -> list[str]:
    """The valid key the unknown key at ``loc`` was most likely meant to be."""
    allowed = model_keys(model, loc[:-1])
    synonym = _SYNONYMS.get(str(loc[-1]).lower())
    if synonym in allowed:
        return [synonym]
    return difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)


def _inner_model(annotation: Any) -> Any:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
