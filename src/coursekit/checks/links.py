"""Lint rules for authors: links, duplicate cards, unpractised objectives, times, stray files.

Each rule yields warnings; ``check_course`` (``coursekit check``) runs them with the
others registered in ``check``. Site builds do not: advice is not a build failure. The
rules are tuned to stay quiet on a good course: an instructor who sees a warning
should find something worth fixing.

What each rule means exactly:

* **broken links**: a Markdown link or image in a lesson whose target names a file
  (``other.md``, ``img/plot.png``) is resolved the way the site resolves it (the
  lesson's page is ``<module>/<lesson>.md``, beside its siblings as in ``lessons/``)
  and must land on a page or file of the site: a lesson, module or exercises page,
  the home, timeline or study-plans page, a file published from ``lessons/`` or one
  of a separate ``docs_dir`` (what ``mkdocs build --strict`` would refuse). Web
  addresses, ``/absolute`` links and links to folders are not checked.
* **duplicate flashcards**: two cards whose questions are equal once case,
  Markdown emphasis, spacing and final punctuation are ignored.
* **objectives no exercise refers to**: in a ready lesson, an objective is practised
  when an exercise of the course names the lesson (``lesson: <id>``), or when an
  exercise of the same module shares two significant words with it (one, for a
  one-word objective). Significant words have four letters or more and are not
  common verbs of objectives ("explain", "describe", ...) or stop words.
* **study-time estimate**: only for ready lessons with a body, against the range
  ``coursekit.checks.estimate`` computes from words, code blocks, objectives and linked
  exercises. A warning when the declared time's low end is above three times the
  estimate's high end, or its high end below a third of the estimate's low end.
* **files nothing uses**: files under ``lessons/`` and ``exercises/`` that are not a
  lesson, not a module's exercises file and not linked from any lesson or exercise
  (an image is published with the site only to be shown somewhere). The loader
  already warns about unlisted lesson files and folders named after no module, so
  those are not repeated here. Hidden files (``.DS_Store``, ``.ipynb_checkpoints/``)
  are ignored.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from coursekit.checks.check import rule
from coursekit.checks.estimate import estimate, linked_exercises, split_fences
from coursekit.course.files import LESSON_SUFFIXES, key_line
from coursekit.course.loader import Loaded
from coursekit.errors import WARNING, Problem
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
        text = (root / lesson.source).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
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
        text = (root / "mkdocs.yml").read_text(encoding="utf-8-sig")
    except OSError:
        return "docs"
    found = re.search(r"^docs_dir:\s*[\"']?([^\"'#\s]+)", text, re.M)
    return found.group(1) if found else "docs"


@rule
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


# --------------------------------------------------------------------------- flashcards


def _normal_question(text: str) -> str:
    text = re.sub(r"[*_`]", "", text.casefold())
    return re.sub(r"[\s?.!:;]+$", "", " ".join(text.split()))


def _exercises_file(root: Path, module_id: str) -> str:
    for suffix in (".yml", ".yaml"):
        if (root / "exercises" / f"{module_id}{suffix}").is_file():
            return f"exercises/{module_id}{suffix}"
    return f"exercises/{module_id}.yml"


@rule
def duplicate_flashcards(loaded: Loaded) -> Iterator[Problem]:
    root = loaded.root
    seen: dict[str, tuple[str, str, int]] = {}
    for module in loaded.course.modules:
        source = _exercises_file(root, module.id)
        for index, card in enumerate(module.flashcards):
            key = _normal_question(card.q)
            if key not in seen:
                seen[key] = (card.id, source, index)
                continue
            # Lines are looked up only for duplicates: parsing is the costly part.
            first_id, first_source, first_index = seen[key]
            first_line = key_line(root, first_source, ("flashcards", first_index, "q"))
            where = first_source + (f":{first_line}" if first_line else "")
            yield Problem(
                source,
                f"card '{card.id}' asks the same question as card '{first_id}' ({where}); "
                "merge them or reword one",
                key_line(root, source, ("flashcards", index, "q")),
                f"flashcards[{index}].q",
                WARNING,
            )


# --------------------------------------------------------------------------- objectives

# fmt: off
_STOP = frozenset((
    "about", "above", "after", "again", "also", "apply", "because", "been", "before",
    "being", "between", "both", "build", "built", "could", "does", "doing", "down", "each",
    "explain", "describe", "define", "discuss", "demonstrate", "during", "even", "every",
    "from", "give", "have", "having", "here", "into", "just", "know", "learn", "learner",
    "like", "list", "make", "many", "more", "most", "much", "name", "need", "only", "other",
    "over", "recognise", "recognize", "same", "should", "show", "some", "such", "tell",
    "than", "that", "their", "them", "then", "there", "these", "they", "this", "those",
    "through", "under", "understand", "until", "using", "what", "when", "where", "which",
    "while", "with", "within", "without", "would", "write", "your", "able", "identify",
    "compare", "choose", "create", "decide", "design", "implement", "outline", "summarise",
    "summarize",
))
# fmt: on


def significant_words(text: str) -> set[str]:
    """Content words of ``text``, crudely stemmed, for matching objectives to exercises."""
    words = re.findall(r"[a-z][a-z0-9]+", text.casefold())
    return {_stem(w) for w in words if len(w) >= 4 and w not in _STOP}


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@rule
def objectives_without_exercises(loaded: Loaded) -> Iterator[Problem]:
    course = loaded.course
    linked = {
        x.lesson
        for m in course.modules
        for x in (*m.flashcards, *m.scenarios, *m.tasks)
        if x.lesson
    }
    for module in course.modules:
        texts = [significant_words(f"{c.q} {c.a}") for c in module.flashcards]
        texts += [
            significant_words(f"{s.title} {s.situation} {s.task} {s.answer}")
            for s in module.scenarios
        ]
        texts += [significant_words(f"{t.title} {t.instructions}") for t in module.tasks]
        for lesson in module.lessons:
            if lesson.status != "ready" or lesson.id in linked or not lesson.objectives:
                continue
            missing = [o for o in lesson.objectives if not _practised(o, texts)]
            if not missing:
                continue
            quoted = "; ".join(f"'{o}'" for o in missing)
            yield Problem(
                lesson.source,
                f"no exercise refers to {quoted}: add a flashcard or scenario with "
                f"`lesson: {lesson.id}` in {_exercises_file(loaded.root, module.id)}",
                key_line(loaded.root, lesson.source, ("objectives",)),
                "objectives",
                WARNING,
            )


def _practised(objective: str, exercises: list[set[str]]) -> bool:
    words = significant_words(objective)
    if not words:
        return True  # nothing to match on: do not guess
    need = min(2, len(words))
    return any(len(words & exercise) >= need for exercise in exercises)


# --------------------------------------------------------------------------- estimates

FACTOR = 3


@rule
def study_time_estimate(loaded: Loaded) -> Iterator[Problem]:
    linked = linked_exercises(loaded.course)
    for lesson in loaded.course.lessons():
        if lesson.status != "ready" or not lesson.body.strip():
            continue
        guess = estimate(lesson, loaded.course, linked)
        declared = lesson.study_time
        if declared.low > FACTOR * guess.time.high:
            verdict = "much more than"
        elif declared.high * FACTOR < guess.time.low:
            verdict = "much less than"
        else:
            continue
        yield Problem(
            lesson.source,
            f"declared {declared}, {verdict} the {guess.time} its content suggests "
            f"({guess.describe()}); check the time, or the lesson is missing (or has too much) "
            "content",
            key_line(loaded.root, lesson.source, ("study_time",)),
            "study_time",
            WARNING,
        )


# --------------------------------------------------------------------------- stray files


@rule
def unused_files(loaded: Loaded) -> Iterator[Problem]:
    root, course = loaded.root, loaded.course
    used = {lesson.source for lesson in course.lessons()}
    for module in course.modules:
        used.add(_exercises_file(root, module.id))
    for lesson in course.lessons():
        folder = posixpath.dirname(lesson.source)
        for link in body_links(lesson.body):
            used.add(posixpath.normpath(posixpath.join(folder, link.target)))
    for module in course.modules:
        # The exercises page sits in the module's folder, beside the lessons.
        texts = [c.a for c in module.flashcards] + [t.instructions for t in module.tasks]
        texts += [f"{s.situation}\n{s.task}\n{s.answer}" for s in module.scenarios]
        for link in body_links("\n".join(texts)):
            used.add(posixpath.normpath(posixpath.join("lessons", module.id, link.target)))
    modules = set(course.module_index)
    lessons_dir = root / "lessons"
    for path in _files(lessons_dir):
        rel = path.relative_to(root).as_posix()
        parts = path.relative_to(lessons_dir).parts
        if rel in used:
            continue
        if len(parts) > 1 and parts[0] not in modules:
            continue  # the loader warns about the folder
        if len(parts) == 2 and path.suffix in LESSON_SUFFIXES:
            continue  # the loader warns about an unlisted lesson file
        yield Problem(
            rel,
            "not part of the course: no module lists it and no lesson links to it",
            None,
            "",
            WARNING,
        )
    exercises_dir = root / "exercises"
    for path in _files(exercises_dir):
        rel = path.relative_to(root).as_posix()
        parts = path.relative_to(exercises_dir).parts
        if rel in used or (len(parts) == 1 and path.match("*.y*ml")):
            continue  # a module's exercises, or the loader's error about an unknown module
        yield Problem(
            rel,
            "not read by coursekit: exercises live in exercises/<module-id>.yml",
            None,
            "",
            WARNING,
        )


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and "__pycache__" not in p.parts
    )
