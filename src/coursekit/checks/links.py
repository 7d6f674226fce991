"""Links and images in lessons that lead nowhere.

a Markdown link or image in a lesson whose target names a file (``other.md``,
``img/plot.png``), or a raw-HTML ``<img src>`` or ``<a href>``, is resolved the way
the site resolves it (the lesson's page is ``<module>/<lesson>.md``, beside its
siblings as in ``lessons/``) and must land on a page or file of the site: a lesson,
module or exercises page, the home, timeline or study-plans page, a file published
from ``lessons/`` or one of a separate ``docs_dir`` (what ``mkdocs build --strict``
would refuse). A ``#fragment`` of a link to a lesson page (``other.md#setup``, or
``#setup`` on the same page) must name one of that page's anchors: the ids the
``toc`` extension gives its headings (the title heading included), explicit
``{#id}`` ids and HTML ``id`` attributes. Web addresses, ``/absolute`` links, links
to folders and fragments of other pages are not checked.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from coursekit.checks.estimate import split_fences
from coursekit.course.files import LESSON_SUFFIXES, read_course_file
from coursekit.course.loader import Loaded
from coursekit.errors import WARNING, CourseError, Problem, did_you_mean
from coursekit.model import Lesson

# --------------------------------------------------------------------------- Markdown links

_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
# Lines that open a block whose body is indented: admonitions (`!!! note`, `??? tip`),
# content tabs (`=== "Python"`) and list items.
_CONTAINER = re.compile(r"(?:!!!|\?\?\?\+?|===|[-*+]\s|\d+[.)]\s)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Raw HTML: `<img src="img/plot.png">`, `<a href="other.md#setup">`, and the ids a
# page's HTML gives (`<div id="x">`, `<a name="x">`).
_HTML_URL = re.compile(
    r"<(?:img\b[^>]*?\ssrc|a\b[^>]*?\shref)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+))",
    re.I,
)
_HTML_ID = re.compile(r"<[a-zA-Z][^>]*?\s(?:id|name)\s*=\s*[\"']([^\"']+)[\"']")
_ATTR_ID = re.compile(r"\{:?[^}\n]*?#([^\s}]+)[^}\n]*\}")
_HTML_BLOCK = re.compile(r" {0,3}</?[a-zA-Z]")
_ATX = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")


@dataclass(frozen=True)
class Link:
    target: str  # as written, without #fragment or ?query ("" for a link to "#x")
    line: int  # 1-based, in the lesson's body
    fragment: str = ""  # after "#", decoded
    written: str = ""  # the whole target as written, for messages


def body_links(body: str, *, same_page: bool = False) -> list[Link]:
    """The relative links and images of Markdown text (outside code), with their lines:
    Markdown links and images, reference definitions, and raw-HTML ``<img src>`` and
    ``<a href>``. With ``same_page``, also the links to an anchor of the page itself
    (``#setup``), whose target is empty."""
    found: list[Link] = []
    inside = False  # in an admonition, a content tab or a list item: indented is prose
    in_html = False  # in a raw HTML block (until a blank line): indented is HTML
    for number, line in split_fences(body)[0]:
        indented = line.startswith(("    ", "\t"))
        if not line.strip():
            in_html = False
        elif not indented:
            inside = bool(_CONTAINER.match(line.lstrip()))
            in_html = in_html or bool(_HTML_BLOCK.match(line))
        has_html = "<" in line and ("src" in line or "href" in line)
        if "](" not in line and "]:" not in line and not has_html:
            continue  # most lines: no link at all
        if (
            indented
            and not inside
            and not in_html
            and not line.lstrip().startswith(("-", "*", "!"))
        ):
            continue  # an indented code block
        prose = _INLINE_CODE.sub("", line)
        targets = [m.group(1) for m in _LINK.finditer(prose)]
        ref = _REFERENCE.match(prose)
        if ref:
            targets.append(ref.group(1))
        if has_html:
            targets += [html.unescape("".join(m.groups(""))) for m in _HTML_URL.finditer(prose)]
        for target in targets:
            if _SCHEME.match(target) or target.startswith("/"):
                continue
            if target.startswith("#") and not same_page:
                continue
            path, _, fragment = target.partition("#")
            clean = unquote(path.split("?", 1)[0])
            if clean or fragment:
                found.append(Link(clean, number, unquote(fragment), target))
    return found


def page_anchors(body: str, heading: str, *, attr_list: bool = True) -> set[str]:
    """The anchors of a page made of ``heading`` and the Markdown ``body``: the ids the
    ``toc`` extension gives the headings (its ``slugify``, ``_1`` for a repeated one,
    ``{#id}`` when ``attr_list`` is on), and the ``id``/``name`` of raw HTML."""
    import markdown

    prose = split_fences(body)[0]
    lines = [heading]
    anchors: set[str] = set()
    for i, (number, line) in enumerate(prose):
        if _ATX.match(line):
            lines.append(line.strip())
        elif (
            line.strip()
            and i + 1 < len(prose)
            and prose[i + 1][0] == number + 1
            and _SETEXT.match(prose[i + 1][1])
            and not _SETEXT.match(line)
            and not _CONTAINER.match(line.lstrip())
            and (i == 0 or not prose[i - 1][1].strip() or prose[i - 1][0] != number - 1)
        ):
            level = "#" if prose[i + 1][1].strip()[0] == "=" else "##"
            lines.append(f"{level} {line.strip()}")
        elif "<" in line:
            anchors.update(_HTML_ID.findall(line))
        if attr_list and "{" in line and not _ATX.match(line):
            anchors.update(_ATTR_ID.findall(line))
    extensions = ["attr_list", "toc"] if attr_list else ["toc"]
    md = markdown.Markdown(extensions=extensions)
    md.convert("\n\n".join(lines))

    def ids(tokens: list[dict]) -> Iterator[str]:  # type: ignore[type-arg]
        for token in tokens:
            yield token["id"]
            yield from ids(token["children"])

    anchors.update(ids(md.toc_tokens))  # type: ignore[attr-defined]
    return anchors


def file_line(root: Path, lesson: Lesson, link: Link) -> int | None:
    """The line of ``link`` in the lesson's file (read only for links worth reporting)."""

    try:
        text = read_course_file(root, root / lesson.source).decode("utf-8-sig")
    except (CourseError, UnicodeDecodeError):
        return None
    needle = link.written or link.target
    if lesson.source.endswith(".ipynb"):
        return _first_line_with(text, needle)
    if text.endswith(lesson.body):  # the body is the file's text after the front matter
        return text[: len(text) - len(lesson.body)].count("\n") + link.line
    return _first_line_with(text, needle)


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


def _heading_ids(root: Path) -> tuple[bool, bool]:
    """``(checked, attr_list)``: whether the site's headings get the ``toc`` extension's
    default ids (no ``slugify`` or ``separator`` of the course's own in mkdocs.yml),
    and whether ``attr_list`` gives explicit ``{#id}`` ids."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return True, True  # coursekit's default site
    try:
        text = read_course_file(root, path, "config").decode("utf-8-sig")
    except (CourseError, UnicodeDecodeError):
        return False, False
    text = re.sub(r"(?m)#.*$", "", text)
    own_rule = re.search(r"\b(?:slugify|separator)\s*:", text) is not None
    return not own_rule, re.search(r"\battr_list\b", text) is not None


def broken_links(loaded: Loaded) -> Iterator[Problem]:
    from coursekit.site import markdown as markdown_text
    from coursekit.site import render

    course, root = loaded.course, loaded.root
    files = site_files(loaded)
    by_id = course.lesson_index
    lesson_pages = {render.lesson_path(lesson): lesson for lesson in course.lessons()}
    check_anchors, attr_list = _heading_ids(root)
    anchors: dict[str, set[str]] = {}

    def anchors_of(target: Lesson) -> set[str]:
        # The page as render._lesson_context and lesson.md.j2 make it: the body's own
        # title heading or one from the title, then the body unless the lesson is planned.
        if target.id not in anchors:
            heading, rest = markdown_text.split_heading(target.body)
            heading = heading or f"# {markdown_text.inline(target.title)}"
            rest = "" if target.status == "planned" else rest
            anchors[target.id] = page_anchors(rest, heading, attr_list=attr_list)
        return anchors[target.id]

    for lesson in course.lessons():
        if not lesson.body.strip():
            continue
        page = render.lesson_path(lesson)
        for link in body_links(lesson.body, same_page=check_anchors):
            if not link.target:  # "#setup": an anchor of this page
                resolved = page
            else:
                # Links to folders (`../deployment/`) are left alone, as MkDocs leaves them.
                stem, suffix = posixpath.splitext(posixpath.basename(link.target))
                if not suffix:
                    continue
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), link.target))
            if resolved in files:
                target = lesson_pages.get(resolved)
                if check_anchors and link.fragment and target is not None:
                    ids = anchors_of(target)
                    if link.fragment not in ids:
                        yield Problem(
                            lesson.source,
                            f"broken link '{link.written}': the page {resolved} has no "
                            f"heading or anchor '{link.fragment}'"
                            + did_you_mean(link.fragment, sorted(ids)),
                            file_line(root, lesson, link),
                            "",
                            WARNING,
                        )
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
