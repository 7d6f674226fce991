"""Rendered pages to disk: a folder that any MkDocs-compatible engine builds as it is.

``coursekit render --out DIR`` writes ``DIR/docs/`` (the generated Markdown, the
lessons' images and other files, the site's script, stylesheet and ``course.json``)
and ``DIR/mkdocs.yml`` (the theme and Markdown extensions coursekit's pages use, and a
static ``nav``), without the coursekit plugin.

The site settings a new course starts with live here too (:data:`THEME_FEATURES`,
:data:`MARKDOWN_EXTENSIONS`), so the example course, the rendered folder and the
benchmarks agree on what a default coursekit site is.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from coursekit.errors import CourseError, Problem
from coursekit.model import Course
from coursekit.site.mirror import Source, mirror

LESSON_SOURCES = (".md", ".ipynb")

# navigation.prune keeps each page's HTML to its own branch of the navigation: on a
# 1,000-lesson course, MkDocs 1.6 + Material 9.8 built in about a third of the time and
# wrote about a seventh of the bytes compared with the full navigation in every page.
# navigation.indexes makes each module's overview page the link of its section.
THEME_FEATURES = [
    "navigation.instant",
    "navigation.instant.progress",
    "navigation.tracking",
    "navigation.indexes",
    "navigation.prune",
    "navigation.top",
    "search.suggest",
    "search.highlight",
    "content.code.copy",
    "toc.follow",
]

# Only extensions that both MkDocs + Material and Zensical build.
MARKDOWN_EXTENSIONS: list[Any] = [
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    {"toc": {"permalink": True}},
    "pymdownx.details",
    "pymdownx.superfences",
    {"pymdownx.highlight": {"anchor_linenums": True}},
    "pymdownx.inlinehilite",
]


def default_config(course: Course) -> dict[str, Any]:
    """The ``mkdocs.yml`` settings of a default coursekit site, without plugins or nav."""
    from coursekit.i18n import messages

    t = messages(course.language)
    config: dict[str, Any] = {"site_name": html_text(course.title)}
    if course.description:
        config["site_description"] = html_text(course.description)
    config["theme"] = {
        "name": "material",
        "features": list(THEME_FEATURES),
        # No web fonts: the site works offline and makes no third-party requests.
        "font": False,
        "palette": [
            {
                "media": "(prefers-color-scheme: light)",
                "scheme": "default",
                "primary": "indigo",
                "accent": "indigo",
                "toggle": {"icon": "material/brightness-7", "name": t._("Switch to dark mode")},
            },
            {
                "media": "(prefers-color-scheme: dark)",
                "scheme": "slate",
                "primary": "indigo",
                "accent": "indigo",
                "toggle": {"icon": "material/brightness-4", "name": t._("Switch to light mode")},
            },
        ],
    }
    if course.language:  # the theme's own words, the page's lang and dir
        config["theme"]["language"] = course.language
    config["markdown_extensions"] = [
        dict(x) if isinstance(x, dict) else x for x in MARKDOWN_EXTENSIONS
    ]
    return config


def html_text(text: str) -> str:
    """Text for ``site_name``-like settings, which themes insert into HTML unescaped.

    ``&`` stays as it is: browsers read a bare ``&`` as text, and Material escapes the
    site name once more in one attribute, where ``&amp;`` would show.
    """
    flat = " ".join(text.split())
    return flat.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def lesson_assets(root: Path) -> Iterator[tuple[str, Path]]:
    """``(site path, file)`` for every file under lessons/ that is not a lesson source.

    Images and downloads sit next to the lessons that use them; each lesson page keeps
    its module folder, so the lesson's relative links to them keep working.
    """
    folder = root / "lessons"
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if path.suffix.lower() in LESSON_SOURCES and len(rel.parts) == 2:
            continue  # a lesson (or an unlisted one, which coursekit check reports)
        yield rel.as_posix(), path


def replaced_by_page(docs_name: str, rel: str) -> str:
    """The warning for a file of the docs folder at the path of a rendered page."""
    return (
        f"{docs_name}/{rel} is replaced by the page coursekit renders there; "
        "change that page through a template in templates/"
    )


def published_files(
    root: Path, course: Course, pages: dict[str, str], docs_dir: Path
) -> tuple[dict[str, Source], list[str]]:
    """Every file of the course's site by site path, as the MkDocs plugin publishes them.

    The rendered pages; the files of ``docs_dir`` (hand-written pages, images), or when
    ``docs_dir`` is lessons/, the lessons' own files beside their pages; and the files
    coursekit adds to every site (:func:`coursekit.site.assets.generated_files`). Also
    the warnings for files of ``docs_dir`` that a rendered page replaces.
    """
    from coursekit.course.files import publish_refusal, relative
    from coursekit.site import assets as site_assets

    files: dict[str, Source] = {}
    warnings: list[str] = []
    if docs_dir.resolve() != (root / "lessons").resolve() and docs_dir.is_dir():
        for path in sorted(docs_dir.rglob("*")):
            rel = path.relative_to(docs_dir)
            if any(part.startswith(".") for part in rel.parts) or not path.is_file():
                continue
            if rel.as_posix() in pages:
                warnings.append(replaced_by_page(docs_dir.name, rel.as_posix()))
                continue
            files[rel.as_posix()] = path
    for rel, asset in lesson_assets(root):
        files.setdefault(rel, asset)
    # the course's own files are copied as they are: each must be a regular file inside
    # the course or the docs folder (a link out of it, or a pipe, is refused by name)
    refused = [
        Problem(relative(root, source), why)
        for source in files.values()
        if isinstance(source, Path) and (why := publish_refusal(source, (root, docs_dir)))
    ]
    if refused:
        raise CourseError(refused)
    files.update(pages)
    files.update(site_assets.generated_files(course))
    return files, warnings


def write_rendered(
    root: Path,
    course: Course,
    pages: dict[str, str],
    nav: list[Any],
    out: Path,
    force: bool = False,
) -> list[Path]:
    """Write a self-contained MkDocs project into ``out``; return the files written.

    Refuses (CourseError) to write into a non-empty folder unless ``force``, and never
    writes into the course folder itself.
    """
    import yaml

    from coursekit.site import assets as site_assets
    from coursekit.site import site_config

    out = out.resolve()
    root = root.resolve()
    if out == root or root.is_relative_to(out) or out.is_relative_to(root / "lessons"):
        raise CourseError(
            Problem(str(out), "the output folder would overwrite the course; choose another folder")
        )
    if out.exists() and not out.is_dir():
        raise CourseError(Problem(str(out), "exists and is not a folder"))
    if out.is_dir() and any(out.iterdir()) and not force:
        raise CourseError(
            Problem(str(out), "the folder is not empty; choose an empty one or pass --force")
        )
    where = site_config.config_file(root)
    settings = site_config.read(where) if where else None
    files, _ = published_files(root, course, pages, site_config.docs_dir(root, settings))
    docs = out / "docs"
    mirror(docs, files)

    config = default_config(course)
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["extra_css"] = list(site_assets.STYLESHEETS)
    config["extra_javascript"] = list(site_assets.SCRIPTS)
    config["plugins"] = ["search"]
    config["nav"] = nav
    out.mkdir(parents=True, exist_ok=True)
    header = (
        "# Written by `coursekit render`: the course's pages as plain Markdown.\n"
        "# Build with `mkdocs build` (MkDocs + Material) or `zensical build`.\n"
    )
    body = yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)
    (out / "mkdocs.yml").write_text(header + body, encoding="utf-8", newline="\n")
    return [docs / rel for rel in files] + [out / "mkdocs.yml"]
