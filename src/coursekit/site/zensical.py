"""The Zensical adapter: the course rendered into a folder of its own, built by Zensical.

Zensical reads ``mkdocs.yml`` but runs no MkDocs plugin, so coursekit does first, in a
build folder, what its MkDocs plugin does inside MkDocs, from the same core and the
same lists: the pages of ``render_site``, the navigation of ``site_nav``, the files of
``published_files`` (the lessons' images, hand-written pages, and the script,
stylesheet and ``course.json`` of ``assets.generated_files``), and the links to the
stylesheet and the script. Then Zensical builds that folder::

    <course>/.coursekit/zensical/       (zensical-serve/ for coursekit serve)
        mkdocs.yml    the course's own, pointed at docs/, with the navigation
        docs/         every file of the site, rewritten only when its content changed
        site/         what Zensical built; coursekit build copies what changed to site/
        .cache/       Zensical's own incremental state

Zensical has no link validation that coursekit relies on, so the built pages are
checked by :mod:`coursekit.site.link_check`: broken links are warnings, and errors
with ``--strict``, like MkDocs'.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursekit.course.loader import Loaded
from coursekit.errors import WARNING, CourseError, Problem
from coursekit.site.build import NOT_REBUILT, BuildResult
from coursekit.site.render import RenderMemo

BUILD_FOLDER = ".coursekit"
HEADER = (
    "# Written by coursekit for Zensical from the course's mkdocs.yml: edit that file,\n"
    "# not this one (coursekit writes it again before every build).\n"
)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_BOX = re.compile(r"[│╭╰─╯┬┴]")
_EXCEPTION = re.compile(r"^(?:Error|\w+(?:Error|Exception)):\s*(.+)$")

Report = Callable[[str, str], None]


@dataclass(frozen=True)
class Prepared:
    """What :func:`prepare` wrote into a build folder."""

    folder: Path
    pages: int
    written: list[str]  # docs/ files that changed
    warnings: list[str]
    sources: dict[str, str]  # built page -> the course file it comes from

    @property
    def config(self) -> Path:
        return self.folder / "mkdocs.yml"

    @property
    def site(self) -> Path:
        return self.folder / "site"


def build_folder(root: Path, purpose: str = "zensical") -> Path:
    """The course's Zensical build folder (``.coursekit/zensical``)."""
    return root / BUILD_FOLDER / purpose


def prepare(
    root: Path,
    loaded: Loaded,
    folder: Path,
    dev_addr: str | None = None,
    memo: RenderMemo | None = None,
) -> Prepared:
    """Render the course into ``folder``: ``docs/`` and ``mkdocs.yml``, changed files only.

    ``memo`` keeps the pages for the next prepare of the same course (``serve``).

    Raises :class:`CourseError` (a template's error, an unreadable mkdocs.yml).
    """
    from coursekit.paths import cache_dir
    from coursekit.site import site_config
    from coursekit.site.folder import published_files
    from coursekit.site.link_check import page_html
    from coursekit.site.mirror import mirror, write_changed
    from coursekit.site.render import lesson_path, render_site, site_nav

    course = loaded.course
    where = site_config.config_file(root)
    settings = site_config.read(where) if where else None
    pages = render_site(course, root / "templates", cache=cache_dir(), memo=memo)
    files, warnings = published_files(root, course, pages, site_config.docs_dir(root, settings))
    try:
        written = mirror(folder / "docs", files)
        config = zensical_config(root, settings, loaded, site_nav(course), dev_addr)
        write_changed(folder / "mkdocs.yml", _config_text(config))
    except OSError as exc:
        from coursekit.fileio import describe_os_error

        raise CourseError(Problem(str(folder), describe_os_error(exc))) from None
    directory_urls = (settings or {}).get("use_directory_urls", True) is not False
    sources = {page_html(p, directory_urls): f"site page {p}" for p in pages}
    for lesson in course.lessons():
        if lesson.source:
            sources[page_html(lesson_path(lesson), directory_urls)] = lesson.source
    return Prepared(folder, len(pages), written, warnings, sources)


class _LastConfig:
    """The build folder's ``mkdocs.yml`` text for some settings, kept for the last
    settings: a serve rebuild whose navigation is unchanged does not write the same
    settings out as YAML again (a fifth of a second with 1,000 lessons' navigation)."""

    def __init__(self) -> None:
        self.key: str | None = None
        self.text = ""

    def __call__(self, config: dict[str, Any]) -> str:
        import json

        from coursekit.site import site_config

        try:
            key: str | None = json.dumps(config, sort_keys=True, default=repr)
        except (TypeError, ValueError):  # keys of mixed kinds: written out every time
            key = None
        if key is None or key != self.key:
            self.key, self.text = key, HEADER + site_config.dump(config)
        return self.text


_config_text = _LastConfig()


def zensical_config(
    root: Path,
    settings: dict[str, Any] | None,
    loaded: Loaded,
    nav: list[Any],
    dev_addr: str | None = None,
) -> dict[str, Any]:
    """The build folder's ``mkdocs.yml``: the course's own settings (or coursekit's
    default site), pointed at the folder's ``docs/``, with the course's navigation
    and the site's stylesheet and script, without the coursekit plugin."""
    from coursekit.site import assets, site_config
    from coursekit.site.folder import default_config

    config = dict(settings) if settings is not None else default_config(loaded.course)
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    if config.get("nav") is None:
        config["nav"] = nav
    css = list(config.get("extra_css") or [])
    config["extra_css"] = css + [x for x in assets.STYLESHEETS if x not in css]
    scripts = list(config.get("extra_javascript") or [])
    named = [x if isinstance(x, str) else str(x.get("path", "")) for x in scripts]
    config["extra_javascript"] = scripts + [x for x in assets.SCRIPTS if x not in named]
    config["plugins"] = site_config.without_plugin(config.get("plugins", ["search"]))
    # Paths that mkdocs.yml gives relative to itself, which now lives elsewhere.
    theme = config.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        config["theme"] = {**theme, "custom_dir": str((root / theme["custom_dir"]).resolve())}
    # course.yml's language wins over theme.language, as in the MkDocs plugin
    theme = config.get("theme")
    if loaded.course.language and isinstance(theme, dict):
        config["theme"] = {**theme, "language": loaded.course.language}
    if isinstance(config.get("INHERIT"), str):
        config["INHERIT"] = str((root / config["INHERIT"]).resolve())
    if isinstance(config.get("watch"), list):
        config["watch"] = [str((root / w).resolve()) for w in config["watch"] if isinstance(w, str)]
    if dev_addr:
        config["dev_addr"] = dev_addr
    return config


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "zensical", *args]


def _plain(line: str) -> str:
    return _ANSI.sub("", line).rstrip()


def engine_problems(output: str) -> list[Problem]:
    """Zensical's failure, from its output: one problem per error line it printed."""
    lines = [_plain(line) for line in output.splitlines()]
    found = [m.group(1).strip() for line in lines if (m := _EXCEPTION.match(line.strip()))]
    if not found:
        found = [next((line for line in reversed(lines) if line.strip()), "failed")]
    return [Problem("zensical", message) for message in dict.fromkeys(found)]


def build(
    root: Path,
    loaded: Loaded,
    strict: bool = False,
    site_dir: Path | None = None,
    on_warning: Report | None = None,
) -> BuildResult:
    """Build the site of the course at ``root`` with Zensical into ``site_dir`` (``site/``).

    Like :func:`coursekit.site.build.build`: every warning goes to
    ``on_warning(level, message)`` and into the result; raises :class:`CourseError` on
    course, template or Zensical errors, and with ``strict`` on any warning, a
    broken link included.
    """
    from coursekit.site.link_check import broken_links
    from coursekit.site.mirror import mirror

    found: list[str] = []

    def warn(message: str) -> None:
        found.append(message)
        if on_warning is not None:
            on_warning(WARNING, message)

    from coursekit.site import site_config

    where = site_config.config_file(root)
    named = (site_config.read(where) if where else {}).get("site_dir")
    target = (site_dir or root / (named if isinstance(named, str) and named else "site")).resolve()
    _check_site_dir(root, target)
    start, start_cpu = time.perf_counter(), time.process_time()
    prepared = prepare(root, loaded, build_folder(root))
    rendered, rendered_cpu = time.perf_counter(), time.process_time()
    for problem in loaded.warnings:
        warn(f"coursekit: {problem}")
    for message in prepared.warnings:
        warn(f"coursekit: {message}")
    result = subprocess.run(
        _command("build", "-f", str(prepared.config)),
        cwd=prepared.folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    if result.returncode != 0:
        raise CourseError(engine_problems(result.stdout + "\n" + result.stderr))
    broken = broken_links(prepared.site, prepared.sources)
    if strict and broken:
        raise CourseError([*broken, Problem("zensical", _aborted(len(broken) + len(found)))])
    for problem in broken:
        warn(str(problem))
    if strict and found:
        raise CourseError(Problem("zensical", _aborted(len(found))))
    files = {
        p.relative_to(prepared.site).as_posix(): p for p in prepared.site.rglob("*") if p.is_file()
    }
    try:
        mirror(target, files)
    except OSError as exc:
        from coursekit.fileio import describe_os_error

        raise CourseError(Problem(str(target), describe_os_error(exc))) from None
    return BuildResult(
        target,
        prepared.pages,
        time.perf_counter() - start,
        rendered - start,
        rendered_cpu - start_cpu,
        found,
    )


def _aborted(count: int) -> str:
    return f"aborted with {count} warning{'s' if count != 1 else ''} in strict mode"


def _check_site_dir(root: Path, target: Path) -> None:
    root = root.resolve()
    if (
        target == root
        or root.is_relative_to(target)
        or target.is_relative_to(root / "lessons")
        or (target.is_relative_to(root / BUILD_FOLDER))
    ):
        raise CourseError(
            Problem(
                str(target), "the site folder would overwrite the course; choose another folder"
            )
        )


def serve(
    root: Path,
    loaded: Loaded,
    dev_addr: str | None = None,
    open_browser: bool = False,
    on_line: Report | None = None,
) -> None:
    """Serve the course with Zensical's server until interrupted (Ctrl+C).

    The course's files are watched; an edit re-renders the course into the build
    folder, where only the pages whose content changed are rewritten, and Zensical
    rebuilds those and reloads the browser. Course errors are reported through
    ``on_line`` and the last good site stays up.
    """
    from coursekit.course.loader import LessonMemo, load_course
    from coursekit.site import site_config
    from coursekit.site.watcher import Watcher

    report = on_line or (lambda level, text: None)
    where = site_config.config_file(root)
    settings = site_config.read(where) if where else None
    named = (settings or {}).get("dev_addr")
    address = dev_addr or (named if isinstance(named, str) and named else "127.0.0.1:8000")
    folder = build_folder(root, "zensical-serve")
    lessons, pages = LessonMemo(), RenderMemo()  # an edit renders only what it changed
    prepare(root, loaded, folder, dev_addr=address, memo=pages)
    watched = [root / name for name in ("curriculum", "lessons", "exercises", "templates")]
    watched.append(site_config.docs_dir(root, settings))
    watched += [where] if where else []
    watcher = Watcher(dict.fromkeys(watched))
    args = ["serve", "-f", str(folder / "mkdocs.yml"), "-a", address] + (
        ["-o"] if open_browser else []
    )
    server = subprocess.Popen(
        _command(*args),
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        preexec_fn=_end_with_parent if sys.platform == "linux" else None,
    )
    said: list[str] = []
    forward = threading.Thread(target=_forward, args=(server, report, said), daemon=True)
    forward.start()
    interrupted = False
    try:
        while watcher.wait(stop=lambda: server.poll() is not None):
            try:
                loaded = load_course(root, memo=lessons)
                prepared = prepare(root, loaded, folder, dev_addr=address, memo=pages)
            except CourseError as exc:
                for problem in exc.problems:
                    report(problem.severity, str(problem))
                report("error", NOT_REBUILT)
                continue
            for problem in loaded.warnings:
                report(WARNING, f"coursekit: {problem}")
            report("info", f"coursekit: {len(prepared.written)} changed files")
    except KeyboardInterrupt:
        interrupted = True
        report("info", "Shutting down...")
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    forward.join(timeout=5)
    if not interrupted and server.returncode not in (0, -15):  # it stopped by itself: say why
        raise CourseError(
            engine_problems("\n".join(said)) if said else Problem("zensical", "stopped")
        )


def _end_with_parent() -> None:
    """In the server's process on Linux: end it when coursekit ends, however it ends."""
    import ctypes
    import signal

    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _forward(server: subprocess.Popen[str], report: Report, said: list[str]) -> None:
    """Zensical's log lines, as coursekit's: warnings and errors as problems."""
    assert server.stdout is not None
    for raw in server.stdout:
        line = _plain(raw).strip()
        said[:] = [*said[-20:], line]
        if not line or _BOX.search(line):
            continue  # the source excerpts of its diagnostics
        if line.startswith("Warning:"):
            report(WARNING, line.removeprefix("Warning:").strip())
        elif _EXCEPTION.match(line):
            report("error", line)
        else:
            report("info", line)
