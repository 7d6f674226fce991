"""YAML that remembers where each key and list item was written.

Mappings load as :class:`LineDict` and sequences as :class:`LineList`; both behave as
the plain ``dict``/``list`` pydantic expects, and carry the 1-based line of every key
or item so that a validation error can point at ``file:line``. The C-accelerated
safe loader is used when PyYAML was built with libyaml (several times faster on a
large curriculum); the pure-Python safe loader otherwise. Either way only safe
tags are constructed.

Work is bounded before anything is built from a document: aliases may not expand it
past :data:`MAX_VALUES` values (a "billion laughs" is refused at the line that would
multiply it), may not make a value contain itself, and nesting stops at
:data:`MAX_DEPTH` levels.
"""

from __future__ import annotations

from typing import Any

import yaml

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

from coursekit.errors import CourseError, Problem

MAX_VALUES = 250_000
"""The most values (scalars, lists, mappings) a document may hold once aliases are expanded."""
MAX_DEPTH = 50
"""The deepest nesting of lists and mappings a document may have."""


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
_C_LOADER = _BaseLoader.__name__.startswith("C")


def unclosed_quote(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, str] | None:
    """Where a syntax error most likely began, when an unclosed quote caused it.

    Returns the 0-based line where the quote opened and what to say there, or ``None``.
    YAML reports such a mistake where it gave up, often many lines further down: at
    the end of the file (no quote closes it), or where a later quote closed it and
    the text after that made no sense.
    """
    problem = exc.problem_mark
    what = " ".join((exc.problem or "invalid YAML").split())
    if exc.context == "while scanning a quoted scalar" and exc.context_mark:
        return exc.context_mark.line, "a quote opened on this line is not closed"
    if problem is None:
        return None
    opened = None
    try:  # the pure-Python scanner: only on this error path, and it gives every token
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line > problem.line:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.start_mark.line < token.end_mark.line == problem.line
            ):
                opened = token.start_mark.line
    except yaml.YAMLError:
        pass
    if opened is None:
        return None
    return opened, (
        f"a quote opened on this line is not closed on it: the quoted text runs on to "
        f"line {problem.line + 1}, where YAML finds: {what}"
    )


def load_yaml(text: str, path: str, line_offset: int = 0) -> Any:
    """Parse YAML text; syntax errors become a :class:`CourseError` with the position.

    ``line_offset`` shifts every line (front matter starts below the ``---`` fence).
    """
    try:
        loader = _LineLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            _check_size(node, path, line_offset)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        what = " ".join((exc.problem or exc.context or "invalid YAML").split())
        if what.startswith("but ") and exc.context:  # "but found another document"
            what = f"{exc.context}, {what}"
        lines = text.splitlines()
        if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            what += " (a tab: indent with spaces)"
        elif quote := unclosed_quote(text, exc):
            line, what = quote[0] + 1 + line_offset, quote[1]
        raise CourseError(Problem(path, f"YAML syntax error: {what}", line)) from None
    except yaml.reader.ReaderError as exc:
        # libyaml counts bytes of the UTF-8 text, the Python reader characters
        before = text.encode()[: exc.position] if _C_LOADER else text[: exc.position]
        line = before.count(b"\n" if _C_LOADER else "\n") + 1 + line_offset
        character = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        raise CourseError(
            Problem(
                path,
                f"YAML error: {character} is a control character, which YAML does not allow "
                "in a file; remove it",
                line,
            )
        ) from None
    except yaml.YAMLError as exc:
        raise CourseError(Problem(path, f"YAML error: {' '.join(str(exc).split())}")) from None
    except RecursionError:
        raise CourseError(
            Problem(path, f"YAML error: nested too deeply (over {MAX_DEPTH} levels)")
        ) from None
    if line_offset:
        _shift(data, line_offset, set())
    return data


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_size(root: yaml.Node, path: str, offset: int) -> None:
    """Refuse a document too deep, or too large once its aliases are expanded.

    Aliases make the node graph a DAG (or a cycle): each node's expanded size is
    counted once, bottom-up, so even a billion laughs costs only its real nodes.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # on the path from the root: reaching one again is a cycle
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, finished = stack.pop()
        key = id(node)
        line = node.start_mark.line + 1 + offset
        if finished:
            open_nodes.discard(key)
            size = 1 + sum(sizes[id(child)] for child in _children(node))
            if size > MAX_VALUES:
                raise CourseError(
                    Problem(
                        path,
                        f"YAML error: aliases expand this value to more than {MAX_VALUES:,} "
                        "values; write it out, or use fewer aliases of aliases",
                        line,
                    )
                )
            sizes[key] = size
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise CourseError(
                Problem(
                    path,
                    "YAML error: an alias makes this value contain itself; write the value out",
                    line,
                )
            )
        if depth > MAX_DEPTH:
            raise CourseError(
                Problem(
                    path,
                    f"YAML error: nested more than {MAX_DEPTH} levels deep; a course file "
                    "needs only a few",
                    line,
                )
            )
        open_nodes.add(key)
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in _children(node) if id(c) not in sizes)


def _shift(data: Any, offset: int, done: set[int]) -> None:
    # An alias is the same object in two places: shift it once.
    if not isinstance(data, (LineDict, LineList)) or id(data) in done:
        return
    done.add(id(data))
    data.line += offset
    if isinstance(data, LineDict):
        data.lines = {k: v + offset for k, v in data.lines.items()}
        values: Any = data.values()
    else:
        data.lines = [v + offset for v in data.lines]
        values = data
    for value in values:
        _shift(value, offset, done)


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
