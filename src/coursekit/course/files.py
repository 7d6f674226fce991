"""Where a course's files are, and how their text is read.

Shared by the loader, the lint rules and the authoring commands: the course root, the
front matter of a Markdown lesson, the line of a key in any course file, the ids
and the order problems are reported in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coursekit.errors import CourseError, Problem

COURSE_FILE = Path("curriculum") / "course.yml"
LESSON_SUFFIXES = (".md", ".ipynb")


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


def in_reading_order(problems: list[Problem], root: Path, files: list[Path]) -> list[Problem]:
    """Problems file by file in the order the files were read (course.yml, then each
    module with its lessons, then exercises; other files after), by line in a file."""
    rank: dict[str, int] = {}
    for path in files:
        try:
            rank.setdefault(path.relative_to(root).as_posix(), len(rank))
        except ValueError:
            continue
    return sorted(problems, key=lambda p: (rank.get(p.path, len(rank)), p.path, p.line or 0))


def key_line(root: Path, source: str, loc: tuple[Any, ...]) -> int | None:
    """The line of ``loc`` in a YAML file, a Markdown lesson's front matter or a
    notebook lesson's metadata; ``None`` when the file cannot be read."""
    from coursekit.course.yaml_lines import line_of, load_yaml  # YAML only on this path

    path = root / source
    try:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".md":
            front, _, offset = split_front_matter(text)
            return line_of(load_yaml(front or "", source, offset), loc)
        if path.suffix == ".ipynb":
            from coursekit.course.notebook import json_line

            return json_line(text, str(loc[0]), json_line(text, "coursekit") or 0)
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
