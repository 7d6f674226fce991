"""``--help`` that reads like a polished tool's: no ``<bool>``, ``<str>``, ``<path>`` or
``{lesson}`` tokens, and examples indented alike in every command.

typer 0.29 shows a type token for every option (flags included), writes a required
argument as ``{name}`` in the usage line, and loses the examples' indent when they
open a command's text. coursekit names every value with a metavar in capitals
(``DATE``, ``FILE``) and says ranges in the help text, so this shows the metavar,
nothing for a flag, arguments as ``LESSON`` / ``[PATH]``, and dedents every line of
a help text alike. typer is pinned to the minor version these hooks were written
for, and a test reads every command's ``--help``.
"""

from __future__ import annotations

import textwrap
from typing import Any

from typer import rich_utils
from typer.core import TyperArgument, TyperOption

_make_rich_text = rich_utils._make_rich_text


def _option_type(self: Any, ctx: Any) -> str | None:
    if self.is_flag or self.count:
        return None
    return self.metavar or self.name.upper()


def _argument_type(self: Any, ctx: Any) -> str | None:
    return None  # the name column already shows the argument's metavar


def _usage_name(self: Any) -> str:
    name = self.metavar or self.name.upper()
    return name if self.required or name.startswith("[") else f"[{name}]"


def _help_text(*, text: str, style: str = "", markup_mode: Any) -> Any:
    # typer dedents with inspect.cleandoc, which leaves the first line out: when a
    # command's text after its summary starts with "Examples:", the examples lost
    # their indent while other commands' kept it. Dedent every line alike.
    if markup_mode != "rich":
        return _make_rich_text(text=text, style=style, markup_mode=markup_mode)
    from rich.text import Text

    plain = textwrap.dedent(text).strip("\n")
    return rich_utils.highlighter(Text.from_markup(plain, style=style))


def install() -> None:
    """Apply the help format to every typer command (idempotent)."""
    rich_utils._make_rich_text = _help_text  # type: ignore[assignment]
    TyperOption.display_type_rich = _option_type  # type: ignore[method-assign]
    TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign]
    TyperArgument._usage_display_name = _usage_name  # type: ignore[method-assign]
    TyperOption._get_number_range_help_str = lambda self: None  # type: ignore[method-assign]
    TyperArgument._get_number_range_help_str = lambda self: None  # type: ignore[method-assign]
