"""Option values without pydantic, for commands that must start fast.

Recent typer versions coerce every option value through a pydantic ``TypeAdapter``,
and importing pydantic costs 70-100 ms, more than everything `coursekit progress`
does with a 1,000-lesson course. Text options and flags need no such coercion, so
the commands on the fast path hand them through unchanged (flags still accept
1/0/true/false from the environment). Older typer versions have no such step, and
this module then changes nothing.
"""

from __future__ import annotations

from typing import Any

import click

_TRUE = {"1", "true", "t", "yes", "y", "on"}
_FALSE = {"0", "false", "f", "no", "n", "off", ""}


class _Text:
    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None and (param.multiple or param.nargs == -1):
            return ()
        return value


class _Flag:
    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None or isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise click.BadParameter(f"{value!r} is not a yes/no value", ctx=ctx, param=param)


def _annotation(param: Any) -> Any:
    descriptor = getattr(param, "type_descriptor", None)
    return getattr(descriptor, "annotation", None)


def plain_values(command: click.Command, ctx: click.Context, flags_only: bool = False) -> None:
    """Let ``command``'s text options and flags skip typer's pydantic coercion.

    Only for parameters annotated ``bool`` or ``str`` (optionally ``| None``); with
    ``flags_only`` only the flags. Call it from ``parse_args``, when the help option
    (made on demand) is among the parameters.
    """
    for param in command.get_params(ctx):
        if not hasattr(param, "_runtime_param"):
            continue
        annotation = _annotation(param)
        if annotation is bool:
            param._runtime_param = _Flag()
        elif not flags_only and annotation in (str, str | None):
            param._runtime_param = _Text()
