"""Add one item to a list in an instructor's YAML file, leaving every other byte alone.

Instructors align values, keep commented-out cards, quote some ids and not others.
A full round trip through a YAML library re-emits the whole document and normalises
some of that (``moderate:  {...}`` loses its alignment, for one), so the common
shapes are edited by *splicing*: the parser gives the exact position of the list
and its items, and only the new lines (or the new ``, item`` in a flow list) are
written. Shapes the splice does not handle (a flow-style document, a flow list of
mappings, a list written as ``null``) go through ruamel.yaml's round-trip mode,
which keeps comments and quoting. Either way the result is parsed again and
compared with the intended data before anything is returned, so an edit can never
silently change another value.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Callable
from typing import Any

import yaml

from coursekit.course.yaml_lines import load_yaml
from coursekit.errors import CourseError, Problem

_DEFAULT_DASH = "  - "


def insert_scalar(
    text: str, key: str, value: str, *, after: str | None = None, where: str = ""
) -> str:
    """Return ``text`` with ``value`` added to the top-level list ``key``.

    The value goes right after the item ``after`` (at the end when ``None``). Flow
    lists stay flow lists (``[a, b]`` becomes ``[a, b, c]`` on the same line), block
    lists get a new ``- c`` line with the indentation and quoting of their neighbour.
    Raises :class:`CourseError` when the list is missing or ``after`` is not in it.
    """
    text, restore = _normalise(text)
    data = load_yaml(text, where)
    current = data.get(key) if isinstance(data, dict) else None
    if current is None and isinstance(data, dict) and after is None:
        # `lessons:` left empty, or no `lessons:` yet: the value starts the list.
        first = copy.deepcopy(dict(data))
        first[key] = [value]

        def start(doc: Any) -> None:
            doc[key] = [_roundtrip_scalar(value)]

        spliced = _splice_first(text, key, value)
        return restore(_verified(text, spliced, first, start, where, value))
    if not isinstance(current, list):
        raise CourseError(Problem(where, f"no `{key}:` list to add '{value}' to", key=key))
    if after is not None and after not in current:
        raise CourseError(Problem(where, f"'{after}' is not in `{key}`", key=key))
    expected = copy.deepcopy(dict(data))
    position = len(current) if after is None else current.index(after) + 1
    expected[key] = [*current[:position], value, *current[position:]]

    def mutate(doc: Any) -> None:
        doc[key].insert(position, _roundtrip_scalar(value))

    result = _splice_scalar(text, key, value, after)
    return restore(_verified(text, result, expected, mutate, where, value))


def append_mapping(text: str, key: str, item: dict[str, str], *, where: str = "") -> str:
    """Return ``text`` with the mapping ``item`` appended to the top-level list ``key``.

    Creates the key (at the end of the file) when it is absent; ``text`` may be empty.
    Multi-line strings are written as ``|`` blocks.
    """
    text, restore = _normalise(text)
    data = load_yaml(text, where) if text.strip() else None
    if data is not None and not isinstance(data, dict):
        raise CourseError(Problem(where, "expected a mapping of keys (like `flashcards: ...`)", 1))
    current = (data or {}).get(key)
    if current is not None and not isinstance(current, list):
        raise CourseError(
            Problem(where, f"`{key}` must be a list to add to it", _line(data, key), key)
        )
    expected = copy.deepcopy(dict(data or {}))
    expected[key] = [*(current or []), dict(item)]

    def mutate(doc: Any) -> None:
        from ruamel.yaml.comments import CommentedMap

        entry = CommentedMap((k, _roundtrip_scalar(v)) for k, v in item.items())
        if doc.get(key) is None:
            doc[key] = [entry]
        else:
            doc[key].append(entry)

    result = _splice_mapping(text, key, item)
    return restore(_verified(text, result, expected, mutate, where, key))


def replace_scalar(text: str, key: str, value: str, *, where: str = "") -> str:
    """Return ``text`` with the top-level scalar ``key`` set to ``value``.

    Only the value's own characters change: its quoting style is kept (a quoted
    value stays quoted with the same quote), and so are a comment after it, the
    alignment before it and every other line.
    """
    text, restore = _normalise(text)
    data = load_yaml(text, where)
    found = _top_level(text, key)
    if not isinstance(data, dict) or found is None or not isinstance(found[1], yaml.ScalarNode):
        raise CourseError(Problem(where, f"no `{key}:` value to change", key=key))
    node = found[1]
    expected = copy.deepcopy(dict(data))
    expected[key] = value
    new = _quoted(value, node.style or "") if node.style in ("'", '"', "", None) else None
    spliced = None
    if new is not None:
        spliced = text[: node.start_mark.index] + new + text[node.end_mark.index :]

    def mutate(doc: Any) -> None:
        doc[key] = _roundtrip_scalar(value)

    return restore(_verified(text, spliced, expected, mutate, where, value))


# --------------------------------------------------------------------------- splicing


def _splice_scalar(text: str, key: str, value: str, after: str | None) -> str | None:
    found = _top_level(text, key)
    if found is None:
        return None
    _, node = found
    if not isinstance(node, yaml.SequenceNode) or not all(
        isinstance(i, yaml.ScalarNode) for i in node.value
    ):
        return None
    items = node.value
    if not items:
        if not node.flow_style:
            return None
        start, end = node.start_mark.index, node.end_mark.index
        return text[:start] + f"[{_quoted(value, '')}]" + text[end:]
    anchor = items[-1] if after is None else next(i for i in items if i.value == after)
    new = _quoted(value, anchor.style or "")
    end = anchor.end_mark.index
    if node.flow_style:
        lines = {i.start_mark.line for i in items} | {node.start_mark.line}
        if len(lines) > 1:  # one item per line: keep it that way
            # Indent like the items that start their own line (not one beside the `[`).
            starts = [i.start_mark for i in items if not _indent_of(text, i.start_mark.index, True)]
            indent = " " * (starts[0].column if starts else anchor.start_mark.column)
            return _flow_line(text, end, indent + new)
        return _keep_comment_column(text, end, ", " + new, node.end_mark.index)
    prefix = _dash_prefix(text, anchor.start_mark.index)
    if prefix is None:
        return None
    at = _after_line(text, end)
    return _insert_line(text, at, prefix + new)


def _splice_first(text: str, key: str, value: str) -> str | None:
    """``key`` (absent, or present without a value) as a block list of ``value``."""
    root = _compose(text)
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return None
    line = _house_dash(text, root) + _quoted(value, "") + "\n"
    found = _top_level(text, key, root)
    if found is None:
        return _append_key(text, key, line)
    key_node, node = found
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
        return _fill_empty(text, key_node, node, line)
    return None


def _splice_mapping(text: str, key: str, item: dict[str, str]) -> str | None:
    root = _compose(text)
    if root is None:
        empty = all(not x.strip() or x.lstrip().startswith("#") for x in text.splitlines())
        return _append_key(text, key, _block(item, _DEFAULT_DASH)) if empty else None
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return None
    dash = _house_dash(text, root)
    found = _top_level(text, key, root)
    if found is None:
        return _append_key(text, key, _block(item, dash))
    key_node, node = found
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
        return _fill_empty(text, key_node, node, _block(item, dash))
    if not isinstance(node, yaml.SequenceNode):
        return None
    if not node.value:
        return _fill_empty(text, key_node, node, _block(item, dash)) if node.flow_style else None
    if node.flow_style:
        return None
    prefix = _dash_prefix(text, node.value[0].start_mark.index)
    if prefix is None:
        return None
    return _insert_line(text, _content_end(text, node.value[-1]), _block(item, prefix))


def _append_key(text: str, key: str, block: str) -> str:
    """``text`` with ``key:`` and its list ``block`` added at the end."""
    head = text if not text or text.endswith("\n") else text + "\n"
    if head.strip():
        head += "\n"
    return head + f"{key}:\n" + block


def _fill_empty(text: str, key_node: Any, node: Any, block: str) -> str:
    # `flashcards:`, `flashcards: ~` or `flashcards: []`: drop the value, keep a comment.
    start, end = node.start_mark.index, node.end_mark.index
    if end > start:
        rest = text[end : _after_line(text, end)]
        if not rest.strip():
            start = len(text[:start].rstrip(" "))
        text = text[:start] + text[end:]
    at = _after_line(text, key_node.end_mark.index)
    return _insert_line(text, at, block)


def _flow_line(text: str, end: int, item: str) -> str:
    """A new line for ``item`` below the flow-list item ending at ``end``, leaving that
    item's comma and comment where they are."""
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[end:line_end]
    after = rest.lstrip(" ")
    if after.startswith(","):  # `  b,  # note`: the new item follows, with a comma too
        return text[: line_end + 1] + item + ",\n" + text[line_end + 1 :]
    if not after or after.startswith("#"):  # the last item, without a comma
        return text[:end] + "," + text[end : line_end + 1] + item + "\n" + text[line_end + 1 :]
    return text[:end] + ",\n" + item + text[end:]  # `  b]`: the bracket stays after the item


def _keep_comment_column(text: str, at: int, insert: str, close: int) -> str:
    """Insert on one line; a comment after the list keeps its column when there is room."""
    line_end = text.find("\n", close)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[close:line_end]
    spaces = len(rest) - len(rest.lstrip(" "))
    if rest.strip().startswith("#") and spaces > 1:
        keep = max(1, spaces - len(insert))
        text = text[:close] + " " * keep + rest.lstrip(" ") + text[line_end:]
    return text[:at] + insert + text[at:]


def _block(item: dict[str, str], prefix: str) -> str:
    """The item as YAML lines under a ``- `` dash written as ``prefix``."""
    pad = " " * len(prefix)
    lines = dump_mapping(item).splitlines()
    return "".join(
        (prefix if i == 0 else (pad if line else "")) + line + "\n" for i, line in enumerate(lines)
    )


def dump_mapping(data: dict[str, Any]) -> str:
    """``data`` as block YAML that the loader reads back unchanged (``|`` for multi-line)."""
    return yaml.dump(
        dict(data),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=1_000_000,
        default_flow_style=False,
    )


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper (what the loader reads), with ``|`` for multi-line text and
    list items indented under their key, as instructors write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value.strip("\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _compose(text: str) -> Any:
    """The node tree with positions, from the same parser the loader uses (libyaml's
    when PyYAML has it: the two parsers disagree on a few edge cases)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.compose(text, Loader=loader)
    except yaml.YAMLError:
        return None


def _top_level(text: str, key: str, root: Any = None) -> tuple[Any, Any] | None:
    root = _compose(text) if root is None else root
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return None
    for key_node, value_node in root.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _house_dash(text: str, root: Any) -> str:
    """How this file writes a list item's dash (``  - `` or ``- ``), from its first list."""
    for _, node in root.value:
        if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
            prefix = _dash_prefix(text, node.value[0].start_mark.index)
            if prefix is not None:
                return prefix
    return _DEFAULT_DASH


def _dash_prefix(text: str, index: int) -> str | None:
    """``'  - '`` when the item at ``index`` is written as ``  - item`` on its line."""
    start = text.rfind("\n", 0, index) + 1
    prefix = text[start:index]
    return prefix if re.fullmatch(r" *- +", prefix) else None


def _indent_of(text: str, index: int, rest: bool = False) -> str:
    """The spaces that start the line of ``index`` (with ``rest``: what follows them,
    up to ``index``, which is empty when ``index`` is the first thing on its line)."""
    start = text.rfind("\n", 0, index) + 1
    line = text[start:index]
    stripped = line.lstrip(" ")
    return stripped if rest else line[: len(line) - len(stripped)]


def _after_line(text: str, index: int) -> int:
    """The offset just past the end of the line that holds ``index``."""
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _insert_line(text: str, at: int, line: str) -> str:
    before = text[:at]
    if before and not before.endswith("\n"):
        before += "\n"
    return before + line.rstrip("\n") + "\n" + text[at:]


def _content_end(text: str, node: Any) -> int:
    """Where the last line of ``node``'s own content ends (comments after it excluded)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style:
        if not node.value:
            break
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    end = node.end_mark.index
    if node.end_mark.column > 0 or end == 0:
        return _after_line(text, end)
    # A block scalar ends at the start of the next line; its trailing blank lines are
    # not content unless it keeps them (`|+`).
    header = text[node.start_mark.index : text.find("\n", node.start_mark.index)]
    if isinstance(node, yaml.ScalarNode) and "+" in header:
        return end
    while end > 1 and text[end - 2] == "\n":
        end -= 1
    return end


def _quoted(value: str, style: str) -> str:
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"' or not _plain_ok(value):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def _plain_ok(value: str) -> bool:
    """Whether ``value`` written unquoted reads back as the same text."""
    try:
        return bool(yaml.safe_load(value) == value)
    except yaml.YAMLError:
        return False


def _line(data: Any, key: str) -> int | None:
    lines = getattr(data, "lines", None)
    return lines.get(key) if isinstance(lines, dict) else None


# --------------------------------------------------------------------------- safety net


def _verified(
    text: str,
    spliced: str | None,
    expected: dict[str, Any],
    mutate: Callable[[Any], None],
    where: str,
    what: str,
) -> str:
    """The spliced text if it reads back as ``expected``, else ruamel's round trip."""
    if spliced is not None and _reads_as(spliced, expected):
        return spliced
    rounded = _roundtrip(text, mutate)
    if rounded is not None and _reads_as(rounded, expected):
        return rounded
    raise CourseError(
        Problem(where, f"could not add '{what}' without changing other values; add it by hand")
    )


def _reads_as(text: str, expected: dict[str, Any]) -> bool:
    try:
        return load_yaml(text, "") == expected
    except CourseError:
        return False


def _roundtrip(text: str, mutate: Callable[[Any], None]) -> str | None:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096
    root = _compose(text)
    offset = _house_dash(text, root).index("-") if isinstance(root, yaml.MappingNode) else 2
    rt.indent(mapping=2, sequence=offset + 2, offset=offset)
    try:
        doc = rt.load(text) if text.strip() else CommentedMap()
        if doc is None:
            doc = CommentedMap()
        mutate(doc)
        out = io.StringIO()
        rt.dump(doc, out)
    except Exception:  # ruamel raises many types; the caller reports one clear problem
        return None
    return out.getvalue()


def _roundtrip_scalar(value: str) -> Any:
    """A string that ruamel writes so that PyYAML (YAML 1.1, the loader) reads it back."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if "\n" in value.strip("\n"):
        return LiteralScalarString(value)
    if not _plain_ok(value):  # `yes`, `1.0`, `null`, `a: b` ...
        return DoubleQuotedScalarString(value)
    return value


def _normalise(text: str) -> tuple[str, Callable[[str], str]]:
    """Work on ``\\n`` text without a BOM; give back a function restoring both."""
    bom = text.startswith("\ufeff")
    crlf = "\r\n" in text
    plain = text.lstrip("\ufeff").replace("\r\n", "\n")

    def restore(result: str) -> str:
        if crlf:
            result = result.replace("\n", "\r\n")
        return ("\ufeff" if bom else "") + result

    return plain, restore
