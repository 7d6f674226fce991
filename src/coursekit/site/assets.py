"""The files a built course site has besides its pages: the script, the stylesheet,
course.json and the study plans' calendars.

The MkDocs plugin calls :func:`add_asset_links` from ``on_config`` and
:func:`add_site_files` from ``on_files``; ``coursekit render`` writes the same
:func:`generated_files`. Every ``.js`` and ``.css`` file of ``static/`` is published in
``assets/coursekit/``, and so is ``static/vendor/`` (ts-fsrs, the FSRS library the
site schedules flashcards with, unchanged, and its licence): the script
``coursekit.js`` (a plain script that loads the ES modules next to it) and the
stylesheet are listed in the site config. The script reads ``course.json`` from the
site root, so a learner who only has the site still has the course's ids, titles and
times, and so does ``coursekit progress --course URL``. The published index also
carries ``scheduler``, the FSRS settings the CLI schedules the course's cards with
(``fsrs.Scheduler.to_dict()``), so that the site schedules them alike.
A course with a ``start`` date also publishes one ``.ics`` per pace
(``calendars/<pace>.ics``), linked from the study plans page, for calendar apps to
subscribe to.
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
VENDOR = STATIC / "vendor"
#: Published from static/vendor/: the library's build as the registry ships it, and its
#: licence (ts-fsrs.json, the record of their sha256, stays in the package).
VENDORED = ("ts-fsrs.js", "ts-fsrs.LICENSE.txt")
SITE_FOLDER = "assets/coursekit"
SCRIPT = f"{SITE_FOLDER}/coursekit.js"
STYLESHEET = f"{SITE_FOLDER}/coursekit.css"
COURSE_INDEX = "course.json"


def course_index_json(course: Course) -> str:
    """The published course index: deterministic JSON (sorted keys) of :func:`to_index`,
    with the FSRS ``scheduler`` settings of the course's cards."""
    from coursekit.review.cards import make_scheduler

    index = to_index(course)
    index["scheduler"] = make_scheduler(course.review).to_dict()
    return json.dumps(index, sort_keys=True)


def add_asset_links(config: MkDocsConfig) -> None:
    """List the stylesheet and the script in the site config, once.

    ``mkdocs serve`` may hand the same config back on a rebuild, so nothing is added twice.
    """
    if STYLESHEET not in [str(css) for css in config.extra_css]:
        config.extra_css.append(STYLESHEET)
    if SCRIPT not in [str(js) for js in config.extra_javascript]:
        config.extra_javascript.append(SCRIPT)


def generated_files(course: Course) -> list[tuple[str, Path | str | bytes]]:
    """Every file of the site that is not a page, by its path in the site: a file of
    ``static/`` (a path), the course index (text) and each pace's calendar (bytes)."""
    files: list[tuple[str, Path | str | bytes]] = [
        (f"{SITE_FOLDER}/{path.name}", path)
        for path in sorted(STATIC.iterdir())
        if path.suffix in (".js", ".css")
    ]
    files += [(f"{SITE_FOLDER}/vendor/{name}", VENDOR / name) for name in VENDORED]
    files.append((COURSE_INDEX, course_index_json(course)))
    files.extend(pace_calendars(course).items())
    return files


def pace_calendars(course: Course) -> dict[str, bytes]:
    """One .ics per pace, at the path the study plans page links, from the course's start
    or, without one, from the first Monday after the build (``calendar_start``). DTSTAMP and
    SEQUENCE are the build's time, or SOURCE_DATE_EPOCH when set, so a rebuilt site's
    calendars supersede the older ones. Their words are in the course's language."""
    from coursekit.i18n import messages
    from coursekit.plan.ics import plan_ics
    from coursekit.plan.scheduler import SITE_PLAN_DAYS, plan
    from coursekit.plan.site_page import build_time, calendar_path, calendar_start

    stamp = build_time()
    start = calendar_start(course, stamp.date())
    t = messages(course.language)
    return {
        # as on the study plans page: a very long plan is published in part, never refused
        calendar_path(pace.name): plan_ics(
            plan(course, pace, start, max_days=SITE_PLAN_DAYS), stamp=stamp, t=t
        )
        for pace in course.paces.values()
    }


def site_files(config: MkDocsConfig, course: Course) -> list[File]:
    """:func:`generated_files` as generated MkDocs files."""
    from mkdocs.structure.files import File

    files = []
    for path, source in generated_files(course):
        if isinstance(source, Path):
            files.append(File.generated(config, path, abs_src_path=str(source)))
        else:
            files.append(File.generated(config, path, content=source))
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
