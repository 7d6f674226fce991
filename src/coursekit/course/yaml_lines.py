"""YAML that remembers where each key and list item was written.

Mappings load as :class:`LineDict` and sequences as :class:`LineList`; both behave as
the plain ``dict``/``list`` pydantic expects, and carry the 1-based line of every key
or item so that a validation error can point at ``file:line``. The C-accelerated
safe loader is used when PyYAML was built with libyaml (several times faster on a
large curriculum); the pure-Python safe loader otherwise. Either way only safe
tags are constructed.
"""

from __future__ import annotations

from typing import Any

import yaml

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

from coursekit.errors import CourseError, Problem


class LineDict(dict):  # type: ignore[type-arg]
    """A dict with the line of each key (``lines``) and of the mapping itself (``line``)."""

    line: int = 0
    lines: dict[Any, int]


class LineList(list):  # type: ignore[type-arg]
    """A list with the line of each item (``lines``) and of the sequence itself (``line``)."""

    line: int = 0
    lines: list[int]


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> Any:
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.lines = {}
    yield data
    # Keys written here come after the ones a merge key (`<<: *base`) brings in, and
    # may override them; only a key written twice here is a mistake.
    own = sum(1 for key_node, _ in node.value if key_node.tag != "tag:yaml.org,2002:merge")
    loader.flatten_mapping(node)
    first_own = len(node.value) - own
    written: set[Any] = set()
    for index, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from None
        if index >= first_own:
            if key in written:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key}'", key_node.start_mark
                )
            written.add(key)
        data[key] = loader.construct_object(value_node, deep=True)
        data.lines[key] = key_node.start_mark.line + 1


def _construct_sequence(loader: Any, node: yaml.SequenceNode) -> Any:
    data = LineList()
    data.line = node.start_mark.line + 1
    data.lines = [item.start_mark.line + 1 for item in node.value]
    yield data
    data.extend(loader.construct_object(item, deep=True) for item in node.value)


def _construct_timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    # `start: 2027-13-01` looks like a date to YAML but is none; keep the text so
    # the schema reports it at its key instead of PyYAML raising a bare ValueError.
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


def line_loader(base: type) -> type:
    """A loader class over ``base`` (a safe loader) that records lines."""
    loader = type(f"Line{base.__name__}", (base,), {})
    loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
    loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
    loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
    return loader


_LineLoader = line_loader(_BaseLoader)


def load_yaml(text: str, path: str, line_offset: int = 0) -> Any:
    """Parse YAML text; syntax errors become a :class:`CourseError` with the position.

    ``line_offset`` shifts every line (front matter starts below the ``---`` fence).
    """
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        what = exc.problem or exc.context or "invalid YAML"
        if what.startswith("but ") and exc.context:  # "but found another document"
            what = f"{exc.context}, {what}"
        lines = text.splitlines()
        if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            what += " (a tab: indent with spaces)"
        raise CourseError(Problem(path, f"YAML syntax error: {what}", line)) from None
    except yaml.YAMLError as exc:
        raise CourseError(Problem(path, f"YAML error: {exc}")) from None
    if line_offset:
        _shift(data, line_offset)
    return data


def _shift(data: Any, offset: int) -> None:
    if isinstance(data, LineDict):
        data.line += offset
        data.lines = {k: v + offset for k, v in data.lines.items()}
        for value in data.values():
            _shift(value, offset)
    elif isinstance(data, LineList):
        data.line += offset
        data.lines = [v + offset for v in data.lines]
        for value in data:
            _shift(value, offset)


def line_of(data: Any, loc: tuple[Any, ...]) -> int | None:
    """The line of the deepest key or item along ``loc`` that the data has."""
    line = getattr(data, "line", None) or None
    node = data
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line = node.lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.lines[part]
            node = node[part]
        else:
            break
    return line


def key_path(loc: tuple[Any, ...]) -> str:
    """``('paces', 'intensive', 'hours_per_day')`` -> ``paces.intensive.hours_per_day``;
    list positions print as ``modules[2]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
