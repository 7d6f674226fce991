"""Build and serve a course site with MkDocs: what ``coursekit build`` and ``serve`` call.

``serve`` rebuilds only the pages whose rendered content changed (MkDocs' dirty
builds, with the plugin's pages on disk; see :mod:`coursekit.site.plugin`), and
watches the course a few times a second, so an edit reaches the browser quickly.

The course is loaded and rendered before MkDocs starts, so course errors arrive as a
:class:`CourseError` (printed by the CLI like ``coursekit check``) instead of a build
log. A course folder without ``mkdocs.yml`` is built with coursekit's default site
settings, and one whose ``mkdocs.yml`` names no ``docs_dir`` and has no ``docs/``
folder uses ``lessons/`` as its docs folder, so ``coursekit build`` works on any
valid course folder.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursekit.errors import CourseError, Problem

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from coursekit.course.loader import Loaded
    from coursekit.site.plugin import CoursekitPlugin

# How often the server looks for changed files (MkDocs' default is every 0.5 s).
POLL_SECONDS = 0.1
NOT_REBUILT = "the site was not rebuilt: fix the problems above and save again"


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    pages: int
    seconds: float  # the MkDocs build, coursekit's rendering included
    render_seconds: float  # coursekit rendering the pages
    render_cpu_seconds: float  # the same in CPU time, steadier on a busy machine
    warnings: list[str]


@contextmanager
def site_config(root: Path, loaded: Loaded) -> Iterator[tuple[Path, dict[str, Any]]]:
    """``(mkdocs.yml to load, settings to override)`` for the course at ``root``.

    Without a ``mkdocs.yml``, a default one is written to a temporary folder for the
    duration of the block; it points back at the course with absolute paths.
    """
    import tempfile

    import yaml

    from coursekit.site.folder import default_config
    from coursekit.site.site_config import config_file

    path = config_file(root)
    if path is not None:
        yield path, _docs_dir_override(root, path)
        return
    settings = default_config(loaded.course)
    settings["docs_dir"] = str(root / "lessons")
    settings["plugins"] = ["search", {"coursekit": {"course": str(root)}}]
    with tempfile.TemporaryDirectory(prefix="coursekit-") as folder:
        temporary = Path(folder) / "mkdocs.yml"
        temporary.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True))
        yield temporary, {"site_dir": str(root / "site")}


def _docs_dir_override(root: Path, path: Path) -> dict[str, Any]:
    """Use lessons/ as the docs folder when mkdocs.yml names none and docs/ is missing."""
    from coursekit.site import site_config

    try:
        settings = site_config.read(path)
    except CourseError:  # MkDocs reports what is wrong with the file when it loads it
        return {}
    if "docs_dir" not in settings:
        return {"docs_dir": str(site_config.docs_dir(root, settings))}
    return {}


def _plugin(config: MkDocsConfig, root: Path) -> CoursekitPlugin:
    from coursekit.site.plugin import CoursekitPlugin
    from coursekit.site.site_config import config_file

    for plugin in config.plugins.values():
        if isinstance(plugin, CoursekitPlugin):
            return plugin
    where = config_file(root)
    raise CourseError(
        Problem(
            where.name if where else "mkdocs.yml",
            "the coursekit plugin is not listed; add `- coursekit` under `plugins:`",
            key="plugins",
        )
    )


@contextmanager
def _mkdocs_errors() -> Iterator[None]:
    """MkDocs' own failures (bad mkdocs.yml, strict-mode aborts) as one problem each."""
    from mkdocs.exceptions import MkDocsException

    try:
        yield
    except MkDocsException as exc:
        raise CourseError(Problem("mkdocs", str(exc).strip() or type(exc).__name__)) from None


def build(
    root: Path,
    loaded: Loaded,
    strict: bool = False,
    site_dir: Path | None = None,
    on_warning: Callable[[str, str], None] | None = None,
) -> BuildResult:
    """Build the site of the course at ``root`` into ``site_dir`` (default ``site/``).

    ``loaded`` is the checked course. Every warning or error that MkDocs, its plugins
    or the course log is passed to ``on_warning(level, message)`` as it happens, and
    listed in the result.
    Raises :class:`CourseError` on course, template or MkDocs errors, and in strict
    mode on any warning.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    with site_config(root, loaded) as (path, overrides), _collect_warnings(on_warning) as warnings:
        if site_dir is not None:
            overrides["site_dir"] = str(site_dir)
        with _mkdocs_errors():
            config = load_config(str(path), strict=strict, **overrides)
            plugin = _plugin(config, root)
            start, start_cpu = time.perf_counter(), time.process_time()
            plugin.prepare(root, loaded)
            rendered, rendered_cpu = time.perf_counter(), time.process_time()
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
            seconds = time.perf_counter() - start
    return BuildResult(
        Path(config.site_dir),
        len(plugin.pages),
        seconds,
        rendered - start,
        rendered_cpu - start_cpu,
        warnings,
    )


def serve(
    root: Path, loaded: Loaded, dev_addr: str | None = None, open_browser: bool = False
) -> None:
    """Serve the course site with live reload until interrupted (MkDocs' dev server).

    Every rebuild is a dirty one: MkDocs rebuilds the pages whose sources are newer than
    their HTML, and the plugin makes a rebuild full when the navigation changed.
    """
    import shutil
    import tempfile
    from urllib.parse import urlsplit

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException
    from mkdocs.livereload import LiveReloadServer

    site_dir = tempfile.mkdtemp(prefix="coursekit-serve-")
    with site_config(root, loaded) as (path, overrides), _mkdocs_errors():
        overrides["site_dir"] = site_dir
        if dev_addr:
            overrides["dev_addr"] = dev_addr
        # Loaded once here so that a broken config or a missing plugin fails cleanly
        # before the server starts; every rebuild loads it again, as MkDocs does.
        config = load_config(str(path), **overrides)
        config.plugins.on_startup(command="serve", dirty=True)  # before: it keeps the pages
        _plugin(config, root).prepare(root, loaded)
        host, port = config.dev_addr
        mount_path = urlsplit(config.site_url or "/").path
        serve_url = f"http://{host}:{port}{mount_path}"

        def rebuild(config: MkDocsConfig | None = None) -> None:
            logging.getLogger("mkdocs").info("Building documentation...")
            if config is None:
                config = load_config(str(path), **overrides)
            config.site_url = serve_url
            mkdocs_build(config, serve_url=serve_url, dirty=True)

        def builder() -> None:
            try:
                rebuild()
            except MkDocsException:
                # MkDocs logged the problems; the server keeps the last good site, says
                # so in one line and serves on. (MkDocs' server prints an Abort's text and
                # waits for the next edit; any other exception would end `serve`.)
                _serve_last_site(server)
                raise Abort(f"error: {NOT_REBUILT}") from None

        # The server's own line after a failed rebuild ("will appear stuck") says less
        # than coursekit's above it.
        logging.getLogger("mkdocs.livereload").addFilter(_no_stuck_warning)
        server = LiveReloadServer(
            builder=builder,
            host=host,
            port=port,
            root=site_dir,
            mount_path=mount_path,
            polling_interval=POLL_SECONDS,
        )
        try:
            rebuild(config)  # the first build's errors end the command
            server.watch(config.docs_dir)
            if config.config_file_path:
                server.watch(config.config_file_path)
            config.plugins.on_serve(server, config=config, builder=builder)
            for item in config.watch:
                server.watch(item)
            try:
                server.serve(open_in_browser=open_browser)
            except KeyboardInterrupt:
                logging.getLogger("mkdocs").info("Shutting down...")
            finally:
                server.shutdown()
        finally:
            config.plugins.on_shutdown()
            shutil.rmtree(site_dir, ignore_errors=True)


def _serve_last_site(server: Any) -> None:
    """After a failed rebuild, serve the last good site at once.

    MkDocs 1.6's server holds every page request until the build it started is done,
    so after a failure the site would "appear stuck" until the next good save; going
    back to the last finished build serves it again, and browsers stay where they are.
    """
    done = getattr(server, "_epoch_cond", None)
    if done is None:
        return
    with done:
        server._wanted_epoch = server._visible_epoch
        done.notify_all()


def _no_stuck_warning(record: logging.LogRecord) -> bool:
    return "An error happened during the rebuild" not in str(record.msg)  # after a time


@contextmanager
def _collect_warnings(on_warning: Callable[[str, str], None] | None) -> Iterator[list[str]]:
    """Collect (and pass on) the warnings MkDocs and its plugins log during a build."""
    found: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            found.append(record.getMessage())
            if on_warning is not None:
                on_warning(record.levelname.lower(), record.getMessage())

    handler = Collector(level=logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield found
    finally:
        logger.removeHandler(handler)
