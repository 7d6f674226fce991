"""The files a built course site has besides its pages: the script, the stylesheet,
course.json and the study plans' calendars.

:func:`generated_files` is the one list of the files coursekit adds to every site,
whatever the engine: the MkDocs plugin adds them through :func:`add_site_files` (from
``on_files``) and lists :data:`STYLESHEETS` and :data:`SCRIPTS` through
:func:`add_asset_links` (from ``on_config``); the Zensical adapter and
``coursekit render`` write the same files into their folder and list the same links
in the ``mkdocs.yml`` they write. Every ``.js`` and ``.css`` file of ``static/`` is
published in ``assets/coursekit/``, and so is ``static/vendor/`` (ts-fsrs, the FSRS
library the site schedules flashcards with, unchanged, and its licence): the script
``coursekit.js`` (a plain script that loads the ES modules next to it) and the
stylesheet are listed in the site config.
The script reads ``course.json`` from the site root, so a learner who only
has the site still has the course's ids, titles and times, and so does
``coursekit progress --course URL``. The published index also carries ``scheduler``,
the FSRS settings the CLI schedules the course's cards with (``fsrs.Scheduler.to_dict()``),
so that the site schedules them alike.
Every site also publishes one ``.ics`` per pace (``calendars/<pace>.ics``), linked
from the study plans page: from the course's ``start`` date, or from the first Monday
after the build for a course without one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
STYLESHEETS = (STYLESHEET,)  # listed in extra_css
SCRIPTS = (SCRIPT,)  # listed in extra_javascript


def course_index_json(course: Course) -> str:
    """The published course index: deterministic JSON (sorted keys) of :func:`to_index`,
    with the FSRS ``scheduler`` settings of the course's cards."""
    from coursekit.review.cards import make_scheduler

    index = to_index(course)
    index["scheduler"] = make_scheduler(course.review).to_dict()
    return json.dumps(index, sort_keys=True)


def generated_files(course: Course) -> dict[str, Path | str | bytes]:
    """Every file coursekit adds to a site, by site path: a file of ``static/`` to copy
    (a path), the course index (text) and each pace's calendar (bytes).

    The one list for every engine (MkDocs, Zensical, a rendered folder).
    """
    files: dict[str, Path | str | bytes] = {
        f"{SITE_FOLDER}/{path.name}": path
        for path in sorted(STATIC.iterdir())
        if path.suffix in (".js", ".css")
    }
    files.update({f"{SITE_FOLDER}/vendor/{name}": VENDOR / name for name in VENDORED})
    files[COURSE_INDEX] = course_index_json(course)
    files.update(pace_calendars(course))
    return files


def add_asset_links(config: MkDocsConfig) -> None:
    """List the stylesheets and the scripts in the site config, once.

    ``mkdocs serve`` may hand the same config back on a rebuild, so nothing is added twice.
    """
    for css in STYLESHEETS:
        if css not in [str(x) for x in config.extra_css]:
            config.extra_css.append(css)
    for js in SCRIPTS:
        if js not in [str(x) for x in config.extra_javascript]:
            config.extra_javascript.append(js)


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
    key = _plan_inputs(course, start)
    if _calendars_made and _calendars_made[0] == key:
        return dict(_calendars_made[1])
    t = messages(course.language)
    made = {
        # as on the study plans page: a very long plan is published in part, never refused
        calendar_path(pace.name): plan_ics(
            plan(course, pace, start, max_days=SITE_PLAN_DAYS), stamp=stamp, t=t
        )
        for pace in course.paces.values()
    }
    _calendars_made[:] = [key, made]
    return dict(made)


# The calendars of the last build and what they were made from: `coursekit serve`
# rebuilds on every edit, and laying out and serialising every pace's plan was half
# of an edit's rebuild; an edit that leaves the plans' inputs alone reuses them.
_calendars_made: list[Any] = []


def _plan_inputs(course: Course, start: object) -> str:
    """Everything a published calendar is made from (not lesson bodies or exercises)."""
    import os

    return repr(
        (
            os.environ.get("SOURCE_DATE_EPOCH"),  # a reproducible build names its stamp
            course.id,
            course.title,
            course.language,
            start,
            sorted(course.paces.items()),
            [
                (
                    m.id,
                    m.title,
                    [
                        (ls.id, ls.title, ls.study_time, ls.status, ls.outcome, ls.requires)
                        for ls in m.lessons
                    ],
                )
                for m in course.modules
            ],
        )
    )


def site_files(config: MkDocsConfig, course: Course) -> list[File]:
    """:func:`generated_files` as generated MkDocs files."""
    from mkdocs.structure.files import File

    return [
        File.generated(config, path, abs_src_path=str(source))
        if isinstance(source, Path)
        else File.generated(config, path, content=source)
        for path, source in generated_files(course).items()
    ]


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
