"""Links and images in lessons that lead nowhere.

a Markdown link or image in a lesson whose target names a file (``other.md``,
``img/plot.png``) is resolved the way the site resolves it (the lesson's page is
``<module>/<lesson>.md``, beside its siblings as in ``lessons/``) and must land on a
page or file of the site: a lesson, module or exercises page, the home, timeline or
study-plans page, a file published from ``lessons/`` or one of a separate
``docs_dir`` (what ``mkdocs build --strict`` would refuse). Web addresses,
``/absolute`` links and links to folders are not checked.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from coursekit.checks.estimate import split_fences
from coursekit.course.files import LESSON_SUFFIXES, read_course_file
from coursekit.course.loader import Loaded
from coursekit.errors import WARNING, CourseError, Problem
from coursekit.model import Lesson

# --------------------------------------------------------------------------- Markdown links

_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
# Lines that open a block whose body is indented: admonitions (`!!! note`, `??? tip`),
# content tabs (`=== "Python"`) and list items.
_CONTAINER = re.compile(r"(?:!!!|\?\?\?\+?|===|[-*+]\s|\d+[.)]\s)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Link:
    target: str  # as written, without #fragment or ?query
    line: int  # 1-based, in the lesson's body


def body_links(body: str) -> list[Link]:
    """The relative links and images of Markdown text (outside code), with their lines."""
    found: list[Link] = []
    inside = False  # in an admonition, a content tab or a list item: indented is prose
    for number, line in split_fences(body)[0]:
        indented = line.startswith(("    ", "\t"))
        if line.strip() and not indented:
            inside = bool(_CONTAINER.match(line.lstrip()))
        if "](" not in line and "]:" not in line:
            continue  # most lines: no link at all
        if indented and not inside and not line.lstrip().startswith(("-", "*", "!")):
            continue  # an indented code block
        prose = _INLINE_CODE.sub("", line)
        targets = [m.group(1) for m in _LINK.finditer(prose)]
        ref = _REFERENCE.match(prose)
        if ref:
            targets.append(ref.group(1))
        for target in targets:
            if _SCHEME.match(target) or target.startswith(("/", "#")):
                continue
            clean = unquote(re.split(r"[#?]", target, maxsplit=1)[0])
            if clean:
                found.append(Link(clean, number))
    return found


def file_line(root: Path, lesson: Lesson, link: Link) -> int | None:
    """The line of ``link`` in the lesson's file (read only for links worth reporting)."""

    try:
        text = read_course_file(root, root / lesson.source).decode("utf-8-sig")
    except (CourseError, UnicodeDecodeError):
        return None
    if lesson.source.endswith(".ipynb"):
        return _first_line_with(text, link.target)
    if text.endswith(lesson.body):  # the body is the file's text after the front matter
        return text[: len(text) - len(lesson.body)].count("\n") + link.line
    return _first_line_with(text, link.target)


def _first_line_with(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return 1


def site_files(loaded: Loaded) -> set[str]:
    """Every page and file of the built site, as paths relative to the site's root:
    the rendered pages, the files published from lessons/ (those that are not
    lessons: images, downloads, Markdown pages), and those of a separate ``docs_dir``."""
    from coursekit.site import render
    from coursekit.site.folder import lesson_assets

    course, root = loaded.course, loaded.root
    pages = {render.HOME, render.TIMELINE, render.STUDY_PLANS}
    for module in course.modules:
        pages.add(render.module_path(module))
        if module.has_exercises:
            pages.add(render.exercises_path(module))
        pages.update(render.lesson_path(lesson) for lesson in module.lessons)
    pages.update(path for path, _ in lesson_assets(root))
    docs = root / _docs_dir(root)
    if docs.is_dir() and docs.resolve() != (root / "lessons").resolve():
        pages.update(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file())
    return pages


def _docs_dir(root: Path) -> str:
    # mkdocs.yml may hold !!python tags that a safe YAML load refuses: read one key.

    try:
        text = read_course_file(root, root / "mkdocs.yml", "config").decode("utf-8-sig")
    except (CourseError, UnicodeDecodeError):
        return "docs"
    found = re.search(r"^docs_dir:\s*[\"']?([^\"'#\s]+)", text, re.M)
    return found.group(1) if found else "docs"


def broken_links(loaded: Loaded) -> Iterator[Problem]:
    from coursekit.site import render

    course, root = loaded.course, loaded.root
    files = site_files(loaded)
    by_id = course.lesson_index
    for lesson in course.lessons():
        if not lesson.body.strip():
            continue
        page = render.lesson_path(lesson)
        for link in body_links(lesson.body):
            # Links to folders (`../deployment/`) are left alone, as MkDocs leaves them.
            stem, suffix = posixpath.splitext(posixpath.basename(link.target))
            if not suffix:
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), link.target))
            if resolved in files:
                continue
            if stem in by_id and suffix in LESSON_SUFFIXES:
                other = by_id[stem].module
                right = render.relative_link(page, render.lesson_path(by_id[stem]))
                where = (
                    "" if other == lesson.module else f"lesson '{stem}' is in module '{other}': "
                )
                hint = f" ({where}link {right})"
            elif suffix == ".md":
                hint = ""
            else:
                hint = f" (put the file at lessons/{resolved})"
            what = "page" if suffix == ".md" else "file"
            yield Problem(
                lesson.source,
                f"broken link '{link.target}': the site has no {what} {resolved}{hint}",
                file_line(root, lesson, link),
                "",
                WARNING,
            )
