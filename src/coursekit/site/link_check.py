"""Links of a built site that lead nowhere: the check behind ``--strict`` for Zensical.

MkDocs validates the links between pages itself (``mkdocs build --strict`` fails on
them); an engine that does not is checked here, on what it built: every HTML page
is read once for the ids it defines and for its links (``<a href>``, ``<img src>``),
and a relative link must land on a file of the site, its ``#fragment`` on an id of
that page. Web addresses, ``/absolute`` paths and other schemes (``mailto:``) are not
checked. Pure over the files: it reports, it never changes the site.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from coursekit.errors import Problem

_IDS = re.compile(r"""\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_LINKS = re.compile(
    r"""<(?:a\s[^>]*?\bhref|img\s[^>]*?\bsrc)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE
)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Pages an engine writes for the server, not for links (their links are absolute).
_SKIPPED = {"404.html"}


def page_html(page: str, directory_urls: bool = True) -> str:
    """Where a page of ``render_site`` is built: ``basics/first-steps.md`` ->
    ``basics/first-steps/index.html`` (``basics/first-steps.html`` without directory URLs)."""
    stem = page.removesuffix(".md")
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        return posixpath.join(folder, "index.html")
    return f"{stem}/index.html" if directory_urls else f"{stem}.html"


def broken_links(site: Path, sources: Mapping[str, str] | None = None) -> list[Problem]:
    """Every link of the site at ``site`` that leads nowhere, one problem per page and link.

    ``sources`` names the file a page comes from (``{"basics/first-steps/index.html":
    "lessons/basics/first-steps.md"}``), so a problem points at what to edit; other
    pages are named by their address in the site.
    """
    sources = sources or {}
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.is_file())
    ids: dict[str, set[str]] = {}
    texts: dict[str, str] = {}

    def text(rel: str) -> str:
        if rel not in texts:
            texts[rel] = (site / rel).read_text(encoding="utf-8", errors="replace")
        return texts[rel]

    def anchors(rel: str) -> set[str]:
        if rel not in ids:
            ids[rel] = {html.unescape(a or b) for a, b in _IDS.findall(text(rel))}
        return ids[rel]

    problems: list[Problem] = []
    for page in pages:
        if page in _SKIPPED:
            continue
        seen: set[str] = set()
        for first, second in _LINKS.findall(text(page)):
            href = html.unescape(first or second).strip()
            if href in seen or not href or href.startswith(("/", "//")) or _SCHEME.match(href):
                continue
            seen.add(href)
            message = _check(site, page, href, anchors)
            if message:
                where = sources.get(page, f"site page {_address(page)}")
                problems.append(Problem(where, f"{message} (on {_address(page)})"))
        texts.pop(page, None)  # keep only the ids of pages already read, not their text
    return problems


def _check(site: Path, page: str, href: str, anchors: Callable[[str], set[str]]) -> str | None:
    parts = urlsplit(href)
    target_path = unquote(parts.path)
    if target_path:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), target_path))
        if joined == ".." or joined.startswith("../"):
            return f"link '{href}' leads outside the site"
        target = _existing(site, joined, target_path.endswith("/"))
        if target is None:
            return f"link '{href}' leads to no page or file of the site"
    else:
        target = page
    if parts.fragment and target.endswith(".html"):
        fragment = unquote(parts.fragment)
        if fragment not in anchors(target):
            return f"link '{href}' names no anchor '{fragment}' on {_address(target)}"
    return None


def _existing(site: Path, path: str, folder: bool) -> str | None:
    """The site file a link's path lands on: the file, or a folder's index.html."""
    path = "" if path == "." else path
    if not folder and path and (site / path).is_file():
        return path
    index = posixpath.join(path, "index.html") if path else "index.html"
    return index if (site / index).is_file() else None


def _address(page: str) -> str:
    """``basics/first-steps/index.html`` -> ``basics/first-steps/``; the home is ``/``."""
    if page == "index.html":
        return "/"
    return page[: -len("index.html")] if page.endswith("/index.html") else page
