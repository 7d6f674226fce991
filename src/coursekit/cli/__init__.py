"""The `coursekit` command: a thin typer adapter over the core.

Each command module registers its commands on :data:`app`; user mistakes arrive as
:class:`~coursekit.errors.CourseError` and are printed in exactly one place,
:class:`_Group.invoke`, as one line per problem, with exit code 1.
"""

from __future__ import annotations

from typing import Any

import click
import typer
from typer.core import TyperGroup

from coursekit import __version__

# typer may vendor its own click: take the usage error class its exceptions derive from.
_UsageError: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError"
)


class _Group(TyperGroup):
    """Turns the user's mistakes into red lines and exit code 1, never a traceback."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        from coursekit.cli.fastparams import plain_values

        plain_values(self, ctx, flags_only=True)  # --version & co. need no pydantic
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        from coursekit.errors import CourseError

        try:
            return super().invoke(ctx)
        except CourseError as exc:
            from coursekit.cli.output import print_problems

            print_problems(exc.problems)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
        except _UsageError as exc:
            # A bad option value is a user mistake like any other: one line, not a box.
            from coursekit.cli.output import print_problem

            context = getattr(exc, "ctx", None)
            where = context.command_path if context else "coursekit"
            message = exc.format_message()  # type: ignore[attr-defined]
            print_problem("error", f"{message} (see `{where} --help`)")
            raise typer.Exit(getattr(exc, "exit_code", 2)) from None


app = typer.Typer(
    cls=_Group,
    name="coursekit",
    help="Turn a course written as data into a site, dated study plans and progress tracking.\n\n"
    "Run [bold]coursekit COMMAND --help[/bold] for examples. Most commands find the course "
    "from the current folder upward, or take its folder as PATH.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    add_completion=True,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"coursekit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        callback=_version,
        is_eager=True,
        help="Show the version and exit.",
    ),
) -> None:
    """coursekit: from a course plan to a course people finish."""


def _register() -> None:
    # Each module only imports typer at the top; heavy work is imported inside commands.
    from coursekit.cli import author, cohort, course, help_format, plan, progress, review, site

    help_format.install()

    for module in (course, plan, review, author, cohort, site, progress):
        module.register(app)
    _reflow_help(app)


def _reflow_help(typer_app: typer.Typer) -> None:
    """Let prose paragraphs of the commands' docstrings wrap to the terminal.

    typer keeps a docstring's line breaks, which leaves ragged lines in a narrow
    terminal; examples (indented lines) and list items keep theirs.
    """
    import inspect

    def reflow(doc: str) -> str:
        out: list[str] = []
        for line in inspect.cleandoc(doc).splitlines():
            joinable = line and not line[0].isspace() and not line.startswith(("- ", "* "))
            if joinable and out and out[-1] and not out[-1][0].isspace():
                out[-1] += " " + line
            else:
                out.append(line)
        return "\n".join(out)

    for info in typer_app.registered_commands:
        if info.help is None and info.callback is not None and info.callback.__doc__:
            info.callback.__doc__ = reflow(info.callback.__doc__)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _reflow_help(group.typer_instance)


_register()


def main() -> None:
    """Console-script entry point."""
    app()
