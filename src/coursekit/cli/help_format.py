"""``--help`` that reads like a polished tool's: no ``<bool>``, ``<str>``, ``<path>`` or
``{lesson}`` tokens.

typer 0.29 shows a type token for every option (flags included) and writes a
required argument as ``{name}`` in the usage line. coursekit names every value with
a metavar in capitals instead (``DATE``, ``FILE``) and says ranges in the help text,
so this shows the metavar, nothing for a flag, and arguments as ``LESSON`` /
``[PATH]``. typer is pinned to the minor version these hooks were written for, and a
test reads every command's ``--help``.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperOption


def _option_type(self: Any, ctx: Any) -> str | None:
    if self.is_flag or self.count:
        return None
    return self.metavar or self.name.upper()


def _argument_type(self: Any, ctx: Any) -> str | None:
    return None  # the name column already shows the argument's metavar


def _usage_name(self: Any) -> str:
    name = self.metavar or self.name.upper()
    return name if self.required or name.startswith("[") else f"[{name}]"


def install() -> None:
    """Apply the help format to every typer command (idempotent)."""
    TyperOption.display_type_rich = _option_type  # type: ignore[method-assign]
    TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign]
    TyperArgument._usage_display_name = _usage_name  # type: ignore[method-assign]
    TyperOption._get_number_range_help_str = lambda self: None  # type: ignore[method-assign]
    TyperArgument._get_number_range_help_str = lambda self: None  # type: ignore[method-assign]
