"""Which engine builds a course's site, MkDocs or Zensical, and building or serving with it.

The engine is, from the first that says: ``--engine``, the ``COURSEKIT_ENGINE``
environment variable, the course's ``mkdocs.yml`` (``plugins: [coursekit: {engine:
zensical}]``), else MkDocs while it is installed, else Zensical. Both engines build
the same site from the same rendering; :mod:`coursekit.site.build` drives MkDocs (through
the plugin) and :mod:`coursekit.site.zensical` Zensical.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.errors import CourseError, Problem
from coursekit.site.site_config import ENGINES

if TYPE_CHECKING:
    from coursekit.course.loader import Loaded
    from coursekit.site.build import BuildResult

VARIABLE = "COURSEKIT_ENGINE"
INSTALL = {
    "mkdocs": "pip install 'mkdocs>=1.6,<2' mkdocs-material",
    "zensical": "pip install 'coursekit[zensical]'",
}
NAMES = {"mkdocs": "MkDocs", "zensical": "Zensical"}


def installed(engine: str) -> bool:
    return importlib.util.find_spec(engine) is not None


def choose(root: Path, requested: str | None = None) -> str:
    """The engine for the course at ``root``; raises :class:`CourseError` naming where an
    unknown or missing engine was asked for."""
    from coursekit.site import site_config

    if requested:
        name, where, key = requested, "--engine", ""
    elif os.environ.get(VARIABLE):
        name, where, key = os.environ[VARIABLE], VARIABLE, ""
    else:
        path = site_config.config_file(root)
        options = site_config.plugin_options(site_config.read(path)) if path else None
        name = (options or {}).get("engine") or ""
        where, key = (path.name if path else "mkdocs.yml"), "plugins.coursekit.engine"
        if not name:
            return next((e for e in ENGINES if installed(e)), ENGINES[0])
    name = str(name).strip().lower()
    if name not in ENGINES:
        raise CourseError(
            Problem(where, f"unknown engine '{name}': choose mkdocs or zensical", key=key)
        )
    if not installed(name):
        raise CourseError(
            Problem(where, f"{NAMES[name]} is not installed: {INSTALL[name]}", key=key)
        )
    return name


def build(
    engine: str,
    root: Path,
    loaded: Loaded,
    strict: bool = False,
    site_dir: Path | None = None,
    on_warning: Callable[[str, str], None] | None = None,
) -> BuildResult:
    """Build the course's site with ``engine`` (see the engine modules)."""
    if engine == "zensical":
        from coursekit.site import zensical

        return zensical.build(root, loaded, strict, site_dir, on_warning)
    from coursekit.site import build as mkdocs_build

    return mkdocs_build.build(root, loaded, strict, site_dir, on_warning)


def serve(
    engine: str,
    root: Path,
    loaded: Loaded,
    dev_addr: str | None = None,
    open_browser: bool = False,
    on_line: Callable[[str, str], None] | None = None,
) -> None:
    """Serve the course's site with ``engine`` and live reload until interrupted
    (Ctrl+C, or a SIGTERM, which stops the server the same way and cleans up)."""
    with _terminate_as_interrupt():
        if engine == "zensical":
            from coursekit.site import zensical

            zensical.serve(root, loaded, dev_addr, open_browser, on_line)
            return
        from coursekit.site import build as mkdocs_build

        mkdocs_build.serve(root, loaded, dev_addr, open_browser)


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt: the servers then stop their children and
    remove their temporary folders, as they do on Ctrl+C."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
