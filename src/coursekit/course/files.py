"""Where a course's files are, and how their text is read.

Shared by the loader, the lint rules and the authoring commands: the course root, the
front matter of a Markdown lesson, the line of a key in any course file, the ids
and the order problems are reported in.

The course folder is the boundary of what coursekit reads and publishes: every file
is resolved (links followed) and must lie inside it, must be a regular file (a pipe
or a device is never opened), and each kind of file has a size cap
(:data:`FILE_LIMITS`) checked before a byte of it is parsed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from coursekit.errors import ERROR, WARNING, CourseError, Problem
from coursekit.fileio import file_kind, link_out, outside, read_regular_file

COURSE_FILE = Path("curriculum") / "course.yml"
LESSON_SUFFIXES = (".md", ".ipynb")

_MB = 1024 * 1024
#: The largest file of each kind that coursekit parses: ``kind -> (bytes, its name)``.
#: Far above what a course needs (the example course's largest lesson is 20 KB), and
#: low enough that no file can make a command slow: parsing the largest accepted
#: exercises file takes about a second.
FILE_LIMITS: dict[str, tuple[int, str]] = {
    "curriculum": (1 * _MB, "a curriculum file"),
    "exercises": (2 * _MB, "an exercises file"),
    "lesson": (2 * _MB, "a Markdown lesson"),
    "notebook": (16 * _MB, "a notebook lesson"),
    "template": (256 * 1024, "a template"),
    "config": (1 * _MB, "mkdocs.yml"),
}
_TOO_LARGE_HINT = "split it into smaller files"


def file_kind_of(rel: str) -> str:
    """Which of :data:`FILE_LIMITS` applies to a course file (a path relative to the root)."""
    first = rel.split("/", 1)[0]
    if first == "curriculum":
        return "curriculum"
    if first == "exercises":
        return "exercises"
    if first == "templates":
        return "template"
    if rel.endswith(".ipynb"):
        return "notebook"
    if first == "lessons":
        return "lesson"
    return "config"


def relative(root: Path, path: Path) -> str:
    """``path`` relative to the course folder, as problems name it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def read_course_file(root: Path, path: Path, kind: str | None = None) -> bytes:
    """The bytes of a course file: inside the course folder, a regular file, under
    its kind's size cap; otherwise a one-line :class:`CourseError` naming it."""
    rel = relative(root, path)
    limit, what = FILE_LIMITS[kind or file_kind_of(rel)]
    return read_regular_file(path, limit, what, rel, inside=root, hint=_TOO_LARGE_HINT)


def unsafe_files(root: Path, folder: Path, skip_lessons: bool = False) -> list[Problem]:
    """Entries under ``folder`` that must not be read or published, as problems.

    A link that leads outside the course folder (the problem names the link), a
    dangling link, and anything that is not a regular file or a folder (a pipe, a
    socket, a device). Hidden entries are left alone, as MkDocs leaves them out.
    ``skip_lessons`` leaves out the lesson files of ``lessons/<module>/``, which the
    loader reads (and checks) itself.
    """
    problems: list[Problem] = []
    if not folder.is_dir():
        return problems

    def unreadable(exc: OSError) -> None:
        from coursekit.fileio import describe_os_error, os_error_where

        where = Path(os_error_where(exc, str(folder)))
        problems.append(
            Problem(relative(root, where), f"cannot read the folder: {describe_os_error(exc)}")
        )

    for current, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(current)
        for name in [*dirs, *sorted(files)]:
            if name.startswith("."):
                continue
            path = here / name
            rel = relative(root, path)
            if skip_lessons and _is_lesson_source(root, path):
                continue
            message = _refusal(root, path)
            if message is not None:
                problems.append(Problem(rel, message))
    return problems


def _is_lesson_source(root: Path, path: Path) -> bool:
    parts = path.relative_to(root).parts
    return len(parts) == 3 and parts[0] == "lessons" and path.suffix in LESSON_SUFFIXES


def _refusal(root: Path, path: Path) -> str | None:
    """Why ``path`` may not be read or published, or ``None`` when it may."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            target = outside(path, root)
            if target is not None:
                return link_out(target)
            try:
                info = path.stat()
            except FileNotFoundError:
                return f"is a link to {os.readlink(path)}, which does not exist; remove the link"
            if stat.S_ISDIR(info.st_mode) and outside(path.parent, path) is None:
                return (
                    f"is a link to {os.path.realpath(path)}, a folder that holds the link "
                    "itself: following it never ends; remove the link"
                )
    except OSError as exc:
        from coursekit.fileio import describe_os_error

        return f"cannot read it: {describe_os_error(exc)}"
    if stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode):
        return None
    return (
        f"is {file_kind(info.st_mode)}, not a regular file; remove it from the course "
        "(coursekit never opens one: reading it could block)"
    )


def read_publishable(root: Path, path: Path) -> bytes:
    """The bytes of a file to publish as it is (an image, a download): a regular file
    inside the course folder, else a one-line :class:`CourseError` naming it."""
    why = publish_refusal(path, (root,))
    if why is not None:
        raise CourseError(Problem(relative(root, path), why))
    try:
        return path.read_bytes()
    except OSError as exc:
        from coursekit.fileio import describe_os_error

        raise CourseError(
            Problem(relative(root, path), f"cannot read it: {describe_os_error(exc)}")
        ) from None


def publish_refusal(path: Path, folders: tuple[Path, ...]) -> str | None:
    """Why a file MkDocs found may not be published, or ``None``: it must lie inside
    one of ``folders`` (the course, the docs folder) and be a regular file."""
    if all(outside(path, folder) is not None for folder in folders):
        return link_out(os.path.realpath(path))
    try:
        info = path.stat()
    except OSError as exc:
        from coursekit.fileio import describe_os_error

        return f"cannot read it: {describe_os_error(exc)}"
    if not stat.S_ISREG(info.st_mode):
        return f"is {file_kind(info.st_mode)}, not a regular file; remove it"
    return None


INIT_HINT = "create one with `coursekit init DIR`"


def find_course_root(start: Path | str | None = None, hint: str = INIT_HINT) -> Path:
    """The nearest folder at or above ``start`` that holds ``curriculum/course.yml``.

    ``hint`` ends the "no course here" message: what this user can do instead.
    """
    here = Path(start or Path.cwd()).resolve()
    if not here.exists():
        raise CourseError(Problem(str(start), "no such file or folder"))
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / COURSE_FILE).is_file():
            return folder
        if (folder / COURSE_FILE).with_suffix(".yaml").is_file():
            raise CourseError(
                Problem(
                    str(start or "."),
                    f"found {COURSE_FILE.with_suffix('.yaml').as_posix()} in {folder}: "
                    "rename it to course.yml",
                )
            )
    raise CourseError(
        Problem(
            str(start or "."),
            f"no course here: no {COURSE_FILE.as_posix()} in this folder or any folder above it "
            f"({hint})",
        )
    )


MAX_PROBLEMS_PER_FILE = 50
"""Problems listed for one file; past them a single line counts the rest."""


def in_reading_order(problems: list[Problem], root: Path, files: list[Path]) -> list[Problem]:
    """Problems file by file in the order the files were read (course.yml, then each
    module with its lessons, then exercises; other files after), by line in a file.

    A file with more than :data:`MAX_PROBLEMS_PER_FILE` problems of one severity gets
    its first ones and a line that counts the others: a file listing 40,000 missing
    lessons needs fixing in one place, not 40,000 lines of output.
    """
    rank: dict[str, int] = {}
    for path in files:
        try:
            rank.setdefault(path.relative_to(root).as_posix(), len(rank))
        except ValueError:
            continue
    ordered = sorted(problems, key=lambda p: (rank.get(p.path, len(rank)), p.path, p.line or 0))
    kept: list[Problem] = []
    count: dict[str, int] = {}

    def summarize(path: str) -> None:
        for severity in (ERROR, WARNING):
            more = count.pop(severity, 0) - MAX_PROBLEMS_PER_FILE
            if more > 0:
                kept.append(Problem(path, f"and {more:,} more like these", severity=severity))

    for number, problem in enumerate(ordered):
        count[problem.severity] = count.get(problem.severity, 0) + 1
        if count[problem.severity] <= MAX_PROBLEMS_PER_FILE:
            kept.append(problem)
        if number + 1 == len(ordered) or ordered[number + 1].path != problem.path:
            summarize(problem.path)
    return kept


def key_line(root: Path, source: str, loc: tuple[Any, ...]) -> int | None:
    """The line of ``loc`` in a YAML file, a Markdown lesson's front matter or a
    notebook lesson's metadata; ``None`` when the file cannot be read."""
    from coursekit.course.yaml_lines import line_of, load_yaml  # YAML only on this path

    path = root / source
    try:
        text = read_course_file(root, path).decode("utf-8-sig")
        if path.suffix == ".md":
            front, _, offset = split_front_matter(text)
            return line_of(load_yaml(front or "", source, offset), loc)
        if path.suffix == ".ipynb":
            from coursekit.course.notebook import coursekit_line, json_line

            return json_line(text, str(loc[0]), coursekit_line(text) or 0)
        return line_of(load_yaml(text, source), loc)
    except (OSError, UnicodeDecodeError, CourseError):
        return None


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """``(front_matter_yaml, body, line_offset)``; front matter is ``None`` when absent.

    ``line_offset`` is the number of lines before the YAML starts (the ``---`` fence).
    """
    import frontmatter

    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        return None, text, 0
    try:
        front, body = handler.split(text)
    except ValueError:
        return None, text, 0
    offset = text[: text.index(front)].count("\n") if front else 1
    return front, body.lstrip("\n"), offset


def no_front_matter(text: str) -> str:
    """Why a Markdown lesson has no front matter, and how to add it."""
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":
        return "the front matter has no closing `---` line; add one after study_time"
    if text.lstrip().startswith("---"):
        return "the front matter must start on the first line; remove what comes before `---`"
    return (
        "no front matter: start the file with a `---` line, then "
        "title and study_time, then another `---` line"
    )


def exercises_file(root: Path, module_id: str) -> str:
    """The exercises file of a module, relative to the course folder (``.yml`` or ``.yaml``)."""
    for suffix in (".yml", ".yaml"):
        if (root / "exercises" / f"{module_id}{suffix}").is_file():
            return f"exercises/{module_id}{suffix}"
    return f"exercises/{module_id}.yml"
