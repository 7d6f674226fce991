"""Text from YAML into Markdown without breaking the page: the templates' filters.

Titles, questions, objectives and other one-line fields are plain text: they must show
exactly as the author wrote them, whatever they contain (``"``, ``<``, ``|``, backticks,
``#``, ``*``, newlines). Answers, situations, summaries and lesson bodies are Markdown:
they are kept as written, but an unclosed code fence is closed so that it cannot
swallow the rest of the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# Backslash escapes for Markdown's own punctuation, entities for what HTML, tables and
# quoted admonition titles would read: the result renders as the literal text in a
# paragraph, a heading, a list item, a table cell and a `??? type "title"` alike.
_LITERAL = str.maketrans(
    {
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "{": "\\{",
        "}": "\\}",
        "[": "\\[",
        "]": "\\]",
        "#": "\\#",
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "|": "&#124;",
    }
)
# What a line may start with to become a list, a rule, an admonition or details block,
# a fence or a definition: escaped at the start of the text only.
_LEADING = {
    "-": "\\-",
    "+": "\\+",
    "!": "\\!",
    "=": "&#61;",
    "?": "&#63;",
    "~": "&#126;",
    ":": "&#58;",
}
_ORDERED = re.compile(r"^(\d+)([.)])")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$", re.MULTILINE)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_AUTOLINK_OR_LT = re.compile(r"<(?:https?://|mailto:)[^\s<>]+>|<")
_ATX_H1 = re.compile(r"^ {0,3}#(?!#)(?:[ \t]+.*|[ \t]*)$")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")


def cell(text: Any) -> str:
    """:func:`inline` for a table cell, where empty text stays an empty cell."""
    return inline(text) if str(text).strip() else ""


def inline(text: Any) -> str:
    """Plain text as inline Markdown that renders literally, on one line.

    Newlines and runs of whitespace become one space. Safe in paragraphs, headings,
    list items, table cells and quoted admonition or details titles.
    """
    flat = " ".join(str(text).split())
    if not flat:
        return "&#32;"  # "- " alone would turn the line above into a heading
    escaped = flat.translate(_LITERAL)
    if escaped[:1] in _LEADING:
        return _LEADING[escaped[0]] + escaped[1:]
    return _ORDERED.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", escaped)


def block(text: Any, indent: int = 0) -> str:
    """Markdown from YAML as a block: trimmed, fences closed, indented by ``indent`` spaces.

    Markdown works (emphasis, code, links, lists), but a ``<`` outside code shows as
    written: in a YAML answer, ``s3://<bucket>/`` means a placeholder, not an HTML tag.
    Blank lines stay empty so that the block's paragraphs survive inside admonitions.
    """
    body = close_fences(str(text).replace("\r\n", "\n").strip("\n")).rstrip()
    if "<" in body:
        body = _escape_tags(body)
    if not indent:
        return body
    pad = " " * indent
    return "\n".join(pad + line if line.strip() else "" for line in body.split("\n"))


def _escape_tags(text: str) -> str:
    """``<`` as ``&lt;`` except inside fenced code, code spans and autolinks."""
    out: list[str] = []
    prose: list[str] = []
    opener: str | None = None
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if opener is not None:
            out.append(line)
            if match and match[1][0] == opener[0] and len(match[1]) >= len(opener):
                opener = opener if match[2].strip() else None
        elif match and not (match[1][0] == "`" and "`" in match[2]):
            if prose:
                out.append(_escape_prose("\n".join(prose)))
                prose = []
            opener = match[1]
            out.append(line)
        else:
            prose.append(line)
    if prose:
        out.append(_escape_prose("\n".join(prose)))
    return "\n".join(out)


def _escape_prose(text: str) -> str:
    parts, pos = [], 0
    for match in _CODE_SPAN.finditer(text):
        parts.append(_AUTOLINK_OR_LT.sub(_lt, text[pos : match.start()]))
        parts.append(match.group(0))
        pos = match.end()
    parts.append(_AUTOLINK_OR_LT.sub(_lt, text[pos:]))
    return "".join(parts)


def _lt(match: re.Match[str]) -> str:
    return match.group(0) if len(match.group(0)) > 1 else "&lt;"


def close_fences(text: str) -> str:
    """``text`` with a closing fence appended when a code fence is left open."""
    if "```" not in text and "~~~" not in text:
        return text
    opener: str | None = None
    for match in _FENCE.finditer(text):
        fence, rest = match.groups()
        if opener is None:
            if not (fence[0] == "`" and "`" in rest):  # a backtick fence's info has no `
                opener = fence
        elif fence[0] == opener[0] and len(fence) >= len(opener) and not rest.strip():
            opener = None
    if opener is None:
        return text
    return text.rstrip("\n") + "\n" + opener


def split_heading(body: str) -> tuple[str | None, str]:
    """Split a leading level-1 heading off a lesson body: ``(heading line or None, rest)``.

    The lesson page puts its header card right after the title, so a body that starts
    with its own ``# Title`` keeps that title instead of getting a second one.
    """
    lines = body.replace("\r\n", "\n").split("\n", 64)  # the title is near the top
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None, ""
    line = lines[first]
    if _ATX_H1.match(line) and line.strip("# \t"):
        return line.strip(), "\n".join(lines[first + 1 :]).strip("\n")
    if first + 1 < len(lines) and _SETEXT_H1.match(lines[first + 1]) and line.strip():
        return f"# {line.strip()}", "\n".join(lines[first + 2 :]).strip("\n")
    return None, body.strip("\n")


def nowrap(text: Any) -> str:
    """Short text (a study time) that a narrow table column must not break across lines.

    A range breaks only at its dash (``3 h 15 min –`` / ``4 h 15 min``), so a long
    range does not widen its column at the expense of the titles beside it.
    """
    parts = [
        f'<span style="white-space: nowrap">{inline(part)}</span>'
        for part in str(text).split(" – ")
    ]
    return " – ".join(parts)


def attribute(text: Any) -> str:
    """A value for a double-quoted HTML attribute."""
    from markupsafe import escape

    return str(escape(str(text)))


FILTERS: dict[str, Callable[..., str]] = {
    "inline": inline,
    "cell": cell,  # a table cell: `|` and newlines are what would break it
    "title": inline,  # an admonition or details title: `"` is what would break it
    "block": block,
    "attribute": attribute,
    "nowrap": nowrap,
}
