"""Text from YAML into Markdown without breaking the page: the templates' filters.

Titles, questions, objectives and other one-line fields are plain text: they must show
exactly as the author wrote them, whatever they contain (``"``, ``<``, ``|``, backticks,
``#``, ``*``, newlines). Answers, situations, summaries and lesson bodies are Markdown:
they are kept as written, but an unclosed code fence is closed so that it cannot
swallow the rest of the page.

Text from YAML cannot execute on the page. Its ``<`` shows as written (no raw HTML),
and what its Markdown becomes is judged by an HTML sanitizer from the field, ``nh3``
(the Rust ``ammonia`` sanitizer): the text is rendered with the site's Markdown
extensions and kept only when the sanitizer keeps every tag and attribute of the
result. The allowed formatting is what a flashcard needs (:data:`ALLOWED_TAGS`;
``id`` and ``class`` from ``{: attribute lists }``; links and images to http, https,
mailto and relative addresses). Otherwise its links and attribute lists are shown
as text, and when even that is not enough the whole text is shown as written. Lesson
bodies are the author's Markdown and keep their HTML.
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
    written = close_fences(str(text).replace("\r\n", "\n").strip("\n")).rstrip()
    body = _escape_tags(written) if "<" in written else written
    body = safe_markdown(body, written)
    if not indent:
        return body
    pad = " " * indent
    return "\n".join(pad + line if line.strip() else "" for line in body.split("\n"))


def _escape_tags(text: str) -> str:
    """``<`` as ``&lt;`` except inside fenced code, code spans and autolinks."""
    return _in_prose(text, lambda prose: _AUTOLINK_OR_LT.sub(_lt, prose))


def _in_prose(text: str, change: Callable[[str], str]) -> str:
    """``text`` with ``change`` applied to its prose: not to fenced code or code spans."""
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
                out.append(_prose_of("\n".join(prose), change))
                prose = []
            opener = match[1]
            out.append(line)
        else:
            prose.append(line)
    if prose:
        out.append(_prose_of("\n".join(prose), change))
    return "\n".join(out)


def _prose_of(text: str, change: Callable[[str], str]) -> str:
    parts, pos = [], 0
    for match in _CODE_SPAN.finditer(text):
        parts.append(change(text[pos : match.start()]))
        parts.append(match.group(0))
        pos = match.end()
    parts.append(change(text[pos:]))
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


# --------------------------------------------------------------------------- sanitizing

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl",
        "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
        "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary",
        "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "details": {"open"},
    "ol": {"start"},
    "th": {"style", "align"},
    "td": {"style", "align"},
}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
_MAY_MAKE_MARKUP = re.compile(r"[\[{<]")  # links and images, attribute lists, tags
_LINK_SYNTAX = str.maketrans({"[": "\\[", "]": "\\]", "{": "\\{", "}": "\\}"})


def safe_markdown(text: str, written: str) -> str:
    """``text`` (Markdown from YAML as ``written``, its ``<`` escaped) as Markdown that
    renders to nothing the sanitizer would remove (see the module docstring)."""
    if not _MAY_MAKE_MARKUP.search(text) or _renders_safely(text):
        return text
    tamed = _in_prose(text, lambda prose: prose.translate(_LINK_SYNTAX))
    if _renders_safely(tamed):
        return tamed
    return "\n".join(inline(line) if line.strip() else "" for line in written.split("\n"))


def markup_refusal(text: str) -> str | None:
    """Why Markdown from YAML is not shown as written, or ``None`` when it is."""
    escaped = _escape_tags(text) if "<" in text else text
    if not _MAY_MAKE_MARKUP.search(escaped) or _renders_safely(escaped):
        return None
    return (
        "its Markdown makes a link, an image or an attribute that could run code on the "
        "page (only http, https, mailto and relative links, and id and class attributes, "
        "are kept), so its links and attribute lists are shown as plain text"
    )


def _renders_safely(text: str) -> bool:
    """Whether ``nh3`` keeps every tag and attribute of what ``text`` renders to."""
    import nh3

    html, references = _render(text)
    # Reference definitions are global to a page: a link defined here may be used by
    # another text of the same page, so every definition is judged as a link.
    html += "".join(f'<a href="{attribute(url)}">x</a>' for url in references)
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        filter_style_properties={"text-align"},
        link_rel=None,
        strip_comments=True,
    )
    found, kept = _Tags.of(html), _Tags.of(cleaned)
    # Every "<" of the HTML must start a tag its parser saw (no half tags that a page
    # around them would complete), and the sanitizer must have removed nothing.
    return found.complete and found.tags == kept.tags and html.count("<") == found.count


_renderer: Any = None


def _render(text: str) -> tuple[str, list[str]]:
    """``text`` as HTML with the site's Markdown extensions, and its reference URLs."""
    global _renderer
    if _renderer is None:
        import markdown

        from coursekit.site.folder import MARKDOWN_EXTENSIONS

        names = [x if isinstance(x, str) else next(iter(x)) for x in MARKDOWN_EXTENSIONS]
        configs = {k: v for x in MARKDOWN_EXTENSIONS if isinstance(x, dict) for k, v in x.items()}
        _renderer = markdown.Markdown(extensions=names, extension_configs=configs)
    _renderer.reset()
    html = _renderer.convert(text)
    return html, [url for url, _ in _renderer.references.values()]


class _Tags:
    """The start tags of some HTML with their attributes, as Python's parser reads them."""

    def __init__(self) -> None:
        self.tags: list[tuple[str, tuple[tuple[str, str], ...]]] = []
        self.count = 0  # tags of any kind, end tags included
        self.complete = True

    @classmethod
    def of(cls, html: str) -> _Tags:
        from html.parser import HTMLParser

        found = cls()

        class Parser(HTMLParser):
            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                found.count += 1
                found.tags.append((tag, tuple(sorted(_normal(k, v) for k, v in attrs))))

            def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                self.handle_starttag(tag, attrs)

            def handle_endtag(self, tag: str) -> None:
                found.count += 1

            def handle_comment(self, data: str) -> None:
                found.complete = False

            def handle_decl(self, decl: str) -> None:
                found.complete = False

            def handle_pi(self, data: str) -> None:
                found.complete = False

            def unknown_decl(self, data: str) -> None:
                found.complete = False

        parser = Parser(convert_charrefs=True)
        parser.feed(html)
        parser.close()
        if parser.rawdata:  # an unfinished tag at the end
            found.complete = False
        return found


def _normal(name: str, value: str | None) -> tuple[str, str]:
    value = value or ""
    if name == "style":  # the sanitizer rewrites "text-align: left;" as "text-align:left"
        value = re.sub(r"\s+|;$", "", value)
    return name, value


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


# ------------------------------------------------------------------ text direction


def first_direction(text: Any) -> str | None:
    """The direction of ``text``'s first letter that has one, as ``dir="auto"`` and
    ``<bdi>`` find it: ``"ltr"``, ``"rtl"``, or None (digits and punctuation only)."""
    import unicodedata

    for char in str(text):
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def crosses(text: Any, direction: str) -> bool:
    """Whether ``text`` reads the other way than a page in ``direction``: English words
    in an Arabic page, Arabic ones in an English page."""
    found = first_direction(text)
    return found is not None and found != direction


def isolate(markdown: str) -> str:
    """Inline Markdown set apart from the text around it (``<bdi>``): its own direction
    is worked out from its letters, and neither it nor its neighbours are reordered
    around each other, so ``First steps — 45 د`` keeps the time out of the title."""
    return f"<bdi>{markdown}</bdi>" if markdown.strip() else markdown


def isolate_block(markdown: str) -> str:
    """A block of Markdown (paragraphs, lists) whose direction is its own first letters'
    (``dir="auto"``): an English description in an Arabic page reads left to right,
    with its full stop at its end."""
    if not markdown.strip():
        return markdown
    return f'<div dir="auto" markdown>\n\n{markdown}\n\n</div>'


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
