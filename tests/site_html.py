"""The HTML of a built site as a small tree, for tests that read pages of either engine."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node | str] = field(default_factory=list)

    @property
    def elements(self) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node)]

    @property
    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return " ".join("".join(parts).split())

    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def all(self, match: Callable[[Node], bool]) -> list[Node]:
        found = []
        for child in self.elements:
            if match(child):
                found.append(child)
            found.extend(child.all(match))
        return found

    def tags(self, tag: str) -> list[Node]:
        return self.all(lambda n: n.tag == tag)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def page(site: Path, path: str) -> Node:
    """The parsed HTML of a built page, e.g. ``page(site, "basics/exercises/")``."""
    builder = _TreeBuilder()
    builder.feed((site / path / "index.html").read_text(encoding="utf-8"))
    return builder.root


def content(root: Node) -> Node:
    """The page's article (the rendered Markdown), without the theme around it."""
    (article,) = root.all(lambda n: n.tag == "article")
    return article


def plain(text: str) -> str:
    return " ".join(text.split())


def table_rows(table: Node) -> list[list[str]]:
    return [[cell.text for cell in row.elements] for row in table.tags("tr")]
