"""The MkDocs plugin: ``plugins: [coursekit]`` turns the course folder into the site.

A thin adapter over the core: it loads the course (``load_course``),
renders the pages (``render_site``), adds them as generated files, sets the
navigation from the curriculum and watches the course's folders under
``mkdocs serve``. Course errors end the build with their ``file:line`` messages;
the loader's warnings (files that are not part of the course) go through MkDocs'
logger so ``--strict`` counts them. The lint rules' authoring advice (estimates,
unpractised objectives, ...) is ``coursekit check``'s job: a strict build must not
fail on a judgement call, and MkDocs reports broken links itself.

The course folder is the folder of ``mkdocs.yml`` (or the ``course`` option, relative to
it). ``docs_dir`` may point at ``lessons`` (the example course does this, so no ``docs/``
folder is needed) or at a folder of extra hand-written pages; either way the lessons'
images and files are published next to the lesson pages.

Under ``mkdocs serve --dirty`` (which ``coursekit serve`` uses) the rendered pages are
kept in a folder of their own, rewritten only when their content changes, so MkDocs
rebuilds only the pages that changed. An edit that changes the navigation (a title,
a new lesson, a new order) or ``mkdocs.yml`` empties the site folder first, which
makes that rebuild a full one: every page carries the navigation.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from coursekit.course.loader import Loaded
from coursekit.errors import CourseError, Problem
from coursekit.model import Course
from coursekit.site.site_config import ENGINES

log = get_plugin_logger(__name__)

WATCHED = ("curriculum", "lessons", "exercises", "templates")


class CoursekitConfig(base.Config):
    course = c.Optional(c.Type(str))
    """The course folder, relative to mkdocs.yml (default: the folder of mkdocs.yml)."""
    engine = c.Optional(c.Choice(ENGINES))
    """The engine of `coursekit build` and `serve` for this course (default: MkDocs)."""


class CoursekitPlugin(BasePlugin[CoursekitConfig]):
    """Adds the rendered course pages and the curriculum navigation to a MkDocs build."""

    def __init__(self) -> None:
        self.root: Path | None = None
        self.course: Course | None = None
        self.pages: dict[str, str] = {}
        self.nav: list[Any] = []
        self.warnings: list[Problem] = []
        self._prepared_for: Path | None = None
        self.pages_folder: Path | None = None  # serve --dirty: the rendered pages on disk
        self._signature = ""  # the navigation and mkdocs.yml of this build
        self._built = ""  # ... and of the last build that finished in pages_folder
        self._theme_code: Any = None  # serve: the theme's compiled templates, across builds
        self._memo: Any = None  # serve: the pages and lessons of the last build (RenderMemo)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup makes `mkdocs serve` keep this object across rebuilds;
        # the state above is rebuilt in on_config for every build.
        if command == "serve" and dirty and self.pages_folder is None:
            import tempfile

            from coursekit.course.loader import LessonMemo
            from coursekit.site.render import RenderMemo

            self.pages_folder = Path(tempfile.mkdtemp(prefix="coursekit-pages-"))
            # An edit changes a page or two: the others are kept from the last build.
            self._memo = (LessonMemo(), RenderMemo())
            # Pages whose navigation changed are rebuilt in full (on_pre_build), so
            # MkDocs' warning that dirty builds leave the navigation stale does not apply.
            logging.getLogger("mkdocs.commands.build").addFilter(_no_dirty_warning)

    def on_shutdown(self) -> None:
        if self.pages_folder is not None:
            import shutil

            shutil.rmtree(self.pages_folder, ignore_errors=True)
            self.pages_folder = None
            logging.getLogger("mkdocs.commands.build").removeFilter(_no_dirty_warning)

    def prepare(self, root: Path, loaded: Loaded | None = None) -> None:
        """Load, check and render the course at ``root`` (or ``loaded``) for the next build.

        Raises :class:`CourseError`. ``coursekit build`` calls this before the build so
        that course errors reach its own error output; otherwise ``on_config`` does.
        """
        from coursekit.course.loader import load_course
        from coursekit.paths import cache_dir
        from coursekit.site.render import render_site, site_nav

        # `coursekit build` prepares the course itself and prints CourseErrors as
        # `coursekit check` does; under plain `mkdocs build` they become PluginErrors.
        self._for_coursekit = loaded is not None
        lessons, pages = self._memo or (None, None)
        if loaded is None:
            loaded = load_course(root, memo=lessons)
        self.root = loaded.root
        self.course = loaded.course
        self.warnings = list(loaded.warnings)
        templates = loaded.root / "templates"
        self.pages = render_site(loaded.course, templates, cache=cache_dir(), memo=pages)
        self.nav = site_nav(loaded.course)
        self._prepared_for = root.resolve()

    def course_root(self, config: MkDocsConfig) -> Path:
        base_dir = Path(config.config_file_path or ".").resolve().parent
        return (base_dir / self.config.course).resolve() if self.config.course else base_dir

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        from coursekit.site import assets as site_assets

        root = self.course_root(config)
        if self._prepared_for != root:
            try:
                self.prepare(root)
            except CourseError as exc:
                raise PluginError(_describe(exc)) from exc
        self._prepared_for = None  # the next (serve) build loads the course again
        for problem in self.warnings:
            log.warning(str(problem))
        if config.nav is None:
            config.nav = self.nav
        _follow_language(config, self.course)
        site_assets.add_asset_links(config)
        if self.pages_folder is not None:
            from coursekit.site.mirror import mirror

            mirror(self.pages_folder, self.pages)
            self._signature = _signature(config)
        return config

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        # MkDocs makes a new Jinja environment for every build, which compiles the
        # theme's templates again: under serve, most of a one-page rebuild. Jinja checks
        # each template's source against the compiled code it keeps, so edits still count.
        if self.pages_folder is not None:
            if self._theme_code is None:
                self._theme_code = _CompiledTemplates()
            env.bytecode_cache = self._theme_code
        return env

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.pages_folder is not None and self._signature != self._built:
            from mkdocs.utils import clean_directory

            clean_directory(config.site_dir)  # every page is then out of date: a full build

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._built = self._signature

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        from coursekit.site import assets as site_assets
        from coursekit.site.folder import LESSON_SOURCES, lesson_assets, replaced_by_page

        assert self.root is not None and self.course is not None
        docs_is_lessons = Path(config.docs_dir).resolve() == (self.root / "lessons").resolve()
        kept = []
        for file in files:
            if (
                docs_is_lessons
                and file.src_uri.count("/") == 1
                and file.src_uri.endswith(LESSON_SOURCES)
            ):
                continue  # a lesson's source: its rendered page takes its place
            if file.src_uri in self.pages:
                log.warning(replaced_by_page(Path(config.docs_dir).name, file.src_uri))
                continue
            kept.append(file)
        docs = Path(config.docs_dir)
        found = [f for f in kept if f.src_dir == config.docs_dir]
        problems = _unpublishable(found, (self.root, docs))
        if problems:
            error = CourseError(problems)
            if self._for_coursekit:
                raise error
            raise PluginError(_describe(error))
        if self.pages_folder is not None:  # files whose time changes only with their content
            folder = self.pages_folder
            kept += [File.generated(config, p, abs_src_path=str(folder / p)) for p in self.pages]
        else:
            kept += [File.generated(config, p, content=text) for p, text in self.pages.items()]
        if not docs_is_lessons:  # publish the lessons' images and files next to their pages
            present = {file.src_uri for file in kept}
            kept += [
                File.generated(config, path, abs_src_path=str(source))
                for path, source in lesson_assets(self.root)
                if path not in present
            ]
        # One new collection instead of many removals: Files re-indexes itself on
        # every change, which made a 1,000-lesson course quadratic.
        result = Files(kept)
        site_assets.add_site_files(result, config, self.course)
        return result

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        root = self.root or self.course_root(config)
        missing = []
        for name in WATCHED:
            if (root / name).is_dir():
                server.watch(str(root / name))
            else:
                missing.append(root / name)
        if missing:
            _watch_when_made(server, root, missing)
        return server


def _watch_when_made(server: Any, root: Path, folders: list[Path]) -> None:
    """Watch each of ``folders`` once it is made while serving (a course's first
    ``templates/``), and rebuild then: MkDocs' server watches only folders that exist.
    The course folder itself is looked at, not below it."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler

    waiting = list(folders)

    def look(event: FileSystemEvent) -> None:
        made = [folder for folder in waiting if folder.is_dir()]
        for folder in made:
            waiting.remove(folder)
            server.watch(str(folder))
        if made and hasattr(server, "_rebuild_cond"):  # MkDocs 1.6's server: a rebuild
            with server._rebuild_cond:
                server._want_rebuild = True
                server._rebuild_cond.notify_all()

    handler = FileSystemEventHandler()
    handler.on_any_event = look  # type: ignore[method-assign]
    server.observer.schedule(handler, str(root), recursive=False)


def _follow_language(config: MkDocsConfig, course: Course | None) -> None:
    """The theme speaks the course's language: course.yml's ``language`` wins over
    mkdocs.yml's ``theme.language`` (Material then translates its own words and sets
    the page's ``lang`` and ``dir``)."""
    if course is None or not course.language:
        return
    if config.theme.get("language") != course.language:
        config.theme["language"] = course.language


def _unpublishable(files: list[File], folders: tuple[Path, ...]) -> list[Problem]:
    """The docs files that lead out of the course folder or are no regular file."""
    from coursekit.course.files import publish_refusal

    docs = folders[-1].name
    return [
        Problem(f"{docs}/{file.src_uri}", why)
        for file in files
        if file.abs_src_path and (why := publish_refusal(Path(file.abs_src_path), folders))
    ]


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory, checked by Jinja against their source."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def _signature(config: MkDocsConfig) -> str:
    """What every page depends on: the navigation and the text of mkdocs.yml."""
    digest = hashlib.sha256(json.dumps(config.nav, sort_keys=True, default=str).encode())
    if config.config_file_path and Path(config.config_file_path).is_file():
        digest.update(Path(config.config_file_path).read_bytes())
    return digest.hexdigest()


def _no_dirty_warning(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith("A 'dirty' build")


def _describe(error: CourseError) -> str:
    """The build-failure message: one line per problem, as `coursekit check` words them."""
    count = len(error.errors) or len(error.problems)
    lines = [f"the course has {count} error{'s' if count != 1 else ''}:"]
    for problem in error.problems:
        label = "" if problem.severity == "error" else f"{problem.severity}: "
        lines.append(f"  {label}{problem}")
    return "\n".join(lines)
