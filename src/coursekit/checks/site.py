"""What would stop ``coursekit build`` although the course data is valid, and
templates nothing uses.

:func:`site_errors` reads ``mkdocs.yml`` as the build does and, when the course has
templates of its own, renders every page in memory with them (nothing is written),
so a Jinja syntax error, an unknown filter or ``{{ lesson.titel }}`` is reported by
``coursekit check`` with the same line the build would print. Without a
``templates/`` folder the pages come from coursekit's own templates only, and the
render is skipped: they are tested with coursekit.

:func:`unused_templates` warns about a file in ``templates/`` that replaces none of
coursekit's templates and that no other template of the course includes, imports or
extends: most often a misspelt override, which the build ignores without a word.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from coursekit.checks.unused_files import visible_files
from coursekit.course.loader import Loaded
from coursekit.errors import WARNING, CourseError, Problem, did_you_mean


def config_errors(root: Path) -> list[Problem]:
    """The problems of the course's ``mkdocs.yml`` (YAML syntax, not a mapping)."""
    from coursekit.site import site_config

    path = site_config.config_file(root)
    if path is None:
        return []
    try:
        site_config.read(path)
    except CourseError as exc:
        return exc.problems
    return []


def site_errors(loaded: Loaded) -> list[Problem]:
    """The problems the build would stop at: ``mkdocs.yml``'s, then every failing
    template's (each different failure once, whichever pages it fails)."""
    problems = config_errors(loaded.root)
    if visible_files(loaded.root / "templates"):
        from coursekit.paths import cache_dir
        from coursekit.site.render import render_site

        failures: list[Problem] = []
        render_site(loaded.course, loaded.root / "templates", cache=cache_dir(), errors=failures)
        problems += failures
    return problems


def unused_templates(loaded: Loaded) -> Iterator[Problem]:
    from coursekit.course.files import read_course_file
    from coursekit.site.render import PACKAGE_TEMPLATES

    folder = loaded.root / "templates"
    files = visible_files(folder)
    if not files:
        return
    own = {p.relative_to(PACKAGE_TEMPLATES).as_posix() for p in visible_files(PACKAGE_TEMPLATES)}
    texts: dict[str, str] = {}
    for path in files:
        try:  # capped, and refused outside the course, as the render reads it
            text = read_course_file(loaded.root, path).decode("utf-8-sig")
        except (OSError, UnicodeDecodeError, CourseError):
            text = ""  # the loader and the render say what is wrong with it
        texts[path.relative_to(folder).as_posix()] = text
    for name in sorted(texts):
        if name in own:
            continue
        if any(name in text for other, text in texts.items() if other != name):
            continue  # included, imported or extended by another template
        yield Problem(
            f"templates/{name}",
            "replaces no coursekit template and no template of the course uses it, "
            "so the site ignores it" + did_you_mean(name, sorted(own)),
            None,
            "",
            WARNING,
        )
