"""What makes a built course site interactive: the script, the stylesheet and course.json.

The MkDocs plugin calls :func:`add_asset_links` from ``on_config`` and
:func:`add_site_files` from ``on_files``. Every ``.js`` and ``.css`` file of ``static/``
is published in ``assets/coursekit/``: the script ``coursekit.js`` (a plain script
that loads the ES modules next to it) and the stylesheet are listed in the site
config. The script reads ``course.json`` from the site root, so a learner who only
has the site still has the course's ids, titles and times, and so does
``coursekit progress --course URL``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.course.course_json import to_index

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files

    from coursekit.model import Course

STATIC = Path(__file__).parent / "static"
SITE_FOLDER = "assets/coursekit"
SCRIPT = f"{SITE_FOLDER}/coursekit.js"
STYLESHEET = f"{SITE_FOLDER}/coursekit.css"
COURSE_INDEX = "course.json"


def course_index_json(course: Course) -> str:
    """The published course index: deterministic JSON (sorted keys) of :func:`to_index`."""
    return json.dumps(to_index(course), sort_keys=True)


def add_asset_links(config: MkDocsConfig) -> None:
    """List the stylesheet and the script in the site config, once.

    ``mkdocs serve`` may hand the same config back on a rebuild, so nothing is added twice.
    """
    if STYLESHEET not in [str(css) for css in config.extra_css]:
        config.extra_css.append(STYLESHEET)
    if SCRIPT not in [str(js) for js in config.extra_javascript]:
        config.extra_javascript.append(SCRIPT)


def site_files(config: MkDocsConfig, course: Course) -> list[File]:
    """The assets and the course index as generated MkDocs files."""
    from mkdocs.structure.files import File

    files = [
        File.generated(config, f"{SITE_FOLDER}/{path.name}", abs_src_path=str(path))
        for path in sorted(STATIC.iterdir())
        if path.suffix in (".js", ".css")
    ]
    files.append(File.generated(config, COURSE_INDEX, content=course_index_json(course)))
    return files


def add_site_files(files: Files, config: MkDocsConfig, course: Course) -> None:
    """Add :func:`site_files` to ``files``, replacing files of the same name.

    Ours win: a stale copy of ``course.json`` in the docs folder must not shadow the
    index of the course being built.
    """
    for file in site_files(config, course):
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(file)
