"""`coursekit build`, `serve` and `render`: the course as a website."""

from __future__ import annotations

from pathlib import Path

import typer

from coursekit.cli.options import PathArg, json_option
from coursekit.cli.output import console, load, print_json, print_problem

StrictOpt = typer.Option(
    False,
    "--strict",
    help="Fail on any warning, the course's own and broken links included (like mkdocs --strict).",
)
EngineOpt = typer.Option(
    None,
    "--engine",
    "-e",
    metavar="mkdocs|zensical",
    help="The site engine (default: COURSEKIT_ENGINE, else the `engine` option of the "
    "coursekit plugin in mkdocs.yml, else MkDocs).",
    show_default=False,
)


def build(
    path: Path | None = PathArg,
    strict: bool = StrictOpt,
    site_dir: Path | None = typer.Option(  # noqa: B008
        None,
        "--site-dir",
        "-d",
        help="Where to write the site (default: site/ in the course).",
        show_default=False,
    ),
    engine: str | None = EngineOpt,
    json: bool = json_option("the summary line"),
) -> None:
    """Build the course site into [bold]site/[/bold], with MkDocs + Material or Zensical.

    Every page is rendered from curriculum/, lessons/ and exercises/; templates/
    overrides coursekit's page templates by name. Both engines build the same pages.
    Publish the folder on any static host, or with `mkdocs gh-deploy` for GitHub Pages.

    Examples:

      coursekit build

      coursekit build path/to/course --strict

      coursekit build --engine zensical --strict

      coursekit build --site-dir /tmp/preview --json
    """
    import time

    from coursekit.cli.output import plain
    from coursekit.course.files import find_course_root
    from coursekit.site import engine as site_engine

    def warn(level: str, message: str) -> None:
        if not json:
            print_problem(level, message)

    chosen = site_engine.choose(find_course_root(path), engine)
    if chosen == "mkdocs":
        # MkDocs' modules first, with the Jinja, YAML and Markdown libraries that coursekit
        # shares with it: the load and render times reported are then coursekit's own work.
        import mkdocs.commands.build  # noqa: F401

    started, started_cpu = time.perf_counter(), time.process_time()
    loaded = load(path, warnings=False)  # the build logs them, and --strict counts them
    load_seconds = time.perf_counter() - started
    load_cpu_seconds = time.process_time() - started_cpu
    result = site_engine.build(
        chosen, loaded.root, loaded, strict=strict, site_dir=site_dir, on_warning=warn
    )
    if json:
        print_json(
            {
                "engine": chosen,
                "site_dir": str(result.site_dir),
                "pages": result.pages,
                "seconds": round(result.seconds, 3),
                "load_seconds": round(load_seconds, 3),
                "render_seconds": round(result.render_seconds, 3),
                "load_cpu_seconds": round(load_cpu_seconds, 3),
                "render_cpu_seconds": round(result.render_cpu_seconds, 3),
                "warnings": result.warnings,
            }
        )
        return
    console().print(
        f"[green]✓[/green] built {result.pages} pages of {plain(loaded.course.title)} into "
        f"{plain(str(result.site_dir))} in {result.seconds:.1f} s with "
        f"{site_engine.NAMES[chosen]}"
    )


def serve(
    path: Path | None = PathArg,
    dev_addr: str | None = typer.Option(
        None,
        "--dev-addr",
        "-a",
        metavar="IP:PORT",
        help="Address to serve on (default 127.0.0.1:8000).",
        show_default=False,
    ),
    open_browser: bool = typer.Option(False, "--open", help="Open the site in a browser."),
    engine: str | None = EngineOpt,
) -> None:
    """Serve the course site with live reload while you edit it.

    Editing anything in curriculum/, lessons/, exercises/ or templates/ re-renders
    what the edit changed, rebuilds the pages whose content changed (every page when
    the navigation changed) and reloads the browser. A mistake is printed one line
    per problem and the last good site stays up until the next save. Stop with Ctrl+C.

    Examples:

      coursekit serve

      coursekit serve --engine zensical

      coursekit serve path/to/course --dev-addr 127.0.0.1:8001
    """
    import logging

    from coursekit.site import engine as site_engine

    loaded = load(path, warnings=False)
    chosen = site_engine.choose(loaded.root, engine)
    _show_build_log()
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    site_engine.serve(
        chosen,
        loaded.root,
        loaded,
        dev_addr=dev_addr,
        open_browser=open_browser,
        on_line=print_problem,
    )


def render(
    path: Path | None = PathArg,
    out: Path = typer.Option(  # noqa: B008
        ..., "--out", "-o", help="The folder to write (docs/ and mkdocs.yml).", show_default=False
    ),
    force: bool = typer.Option(False, "--force", help="Replace the folder's docs/ and mkdocs.yml."),
    json: bool = json_option("the summary line"),
) -> None:
    """Write the site's Markdown and a ready mkdocs.yml into a folder.

    The folder builds without coursekit: `mkdocs build` (MkDocs + Material) or
    `zensical build`. Use it to inspect the generated pages or to build with another
    engine.

    Examples:

      coursekit render --out build/site-src

      cd build/site-src && mkdocs build
    """
    from coursekit.paths import cache_dir
    from coursekit.site.folder import write_rendered
    from coursekit.site.render import render_site, site_nav

    loaded = load(path, warnings=not json)
    course = loaded.course
    pages = render_site(course, loaded.root / "templates", cache=cache_dir())
    written = write_rendered(loaded.root, course, pages, site_nav(course), out, force=force)
    if json:
        print_json({"out": str(out.resolve()), "pages": len(pages), "files": len(written)})
        return
    from coursekit.cli.output import plain

    console().print(
        f"[green]✓[/green] wrote {len(pages)} pages and mkdocs.yml into {plain(str(out))}; "
        f"build them with `mkdocs build` or `zensical build` in that folder"
    )


def _show_build_log() -> None:
    """Print MkDocs' log lines (the server's address, rebuilds, warnings) on stderr."""
    import logging

    class Printer(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            print_problem(record.levelname.lower(), record.getMessage())

    logging.getLogger("mkdocs").addHandler(Printer(level=logging.INFO))


def register(app: typer.Typer) -> None:
    app.command()(build)
    app.command()(serve)
    app.command()(render)
