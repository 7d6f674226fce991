"""Course templates as untrusted code: Jinja's sandbox, with a budget and a boundary.

A course's ``templates/`` folder is code from whoever wrote the course (in a public
repository, whoever sent a pull request). Jinja's sandbox already keeps it away from
Python's internals; this module bounds the work it may do, so that no template can
hang or exhaust a build machine:

* **Steps**: every loop iteration and every call counts one step; a page may take
  :data:`MAX_STEPS` (a page of the example course takes a few thousand), and
  :data:`MAX_SECONDS` of wall time whatever its steps do.
* **Sizes**: no value built by ``*``, ``**`` or ``+``, no argument of a call or a
  filter and no namespace attribute may pass :data:`MAX_TEXT` characters (or a
  number that large as a width or count), and a page's output stops at
  :data:`MAX_OUTPUT` characters.
* **Files**: templates are read like every course file: inside the course folder,
  regular files only, under the size cap of a template.

A template over its budget fails its page with :class:`TemplateBudgetError`, which
the renderer reports at the template's file and line.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, TemplateNotFound
from jinja2.compiler import CodeGenerator
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import Namespace

MAX_STEPS = 5_000_000
MAX_SECONDS = 20.0
MAX_TEXT = 10_000_000
MAX_OUTPUT = 50_000_000
MAX_EXPONENT = 1_000


class TemplateBudgetError(Exception):
    """A template did more work than a page may take."""


class _CountingCode(CodeGenerator):
    """Jinja's code generator, with one ``environment.step()`` per loop iteration."""

    def writeline(self, x: str, node: Any = None, extra: int = 0) -> None:
        super().writeline(x, node, extra)
        if x == "_loop_vars = {}":  # the first line of every for loop's body
            super().writeline("environment.step()")


class _BoundedNamespace(Namespace):
    """``namespace()`` whose attributes cannot grow past the size limit."""

    def __setitem__(self, name: str, value: Any) -> None:
        _check_size(value, f"namespace attribute '{name}'")
        super().__setitem__(name, value)


def _check_size(value: Any, what: str) -> None:
    if isinstance(value, (str, bytes, list, tuple, dict)) and len(value) > MAX_TEXT:
        raise TemplateBudgetError(f"{what} is longer than {MAX_TEXT:,} items")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_TEXT:
        raise TemplateBudgetError(f"{what} is a number above {MAX_TEXT:,}")


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)  # keeps Jinja's pass_context and pass_environment marks
    def bounded(*args: Any, **kwargs: Any) -> Any:
        for value in (*args[1:], *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool):
                _check_size(value, f"an argument of the filter '{name}'")
        result = function(*args, **kwargs)
        _check_size(result, f"the result of the filter '{name}'")
        return result

    return bounded


class BudgetedSandbox(SandboxedEnvironment):
    """A sandboxed environment whose templates render under the budget above.

    Call :meth:`render_page` to render: it resets the budget for the page.
    """

    code_generator_class = _CountingCode
    intercepted_binops = frozenset({"*", "**", "+"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["namespace"] = _BoundedNamespace
        self.steps = 0
        self.deadline = float("inf")

    def bound_filters(self) -> None:
        """Bound the arguments and results of every filter registered so far."""
        for name, function in list(self.filters.items()):
            self.filters[name] = _bounded_filter(name, function)

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise TemplateBudgetError(
                f"the template took more than {MAX_STEPS:,} steps (loop iterations and "
                "calls) for one page; look for a loop inside a loop"
            )
        if self.steps % 4096 == 0 and time.monotonic() > self.deadline:
            raise TemplateBudgetError(
                f"the template ran for more than {MAX_SECONDS:.0f} s on one page"
            )

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        __self.step()
        for value in (*args, *kwargs.values()):
            _check_size(value, "an argument of a call")
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise TemplateBudgetError(f"an exponent above {MAX_EXPONENT:,}")
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, (str, bytes, list, tuple)) and isinstance(times, int):
                    _check_size(len(sequence) * times, "a repeated text or list")
        if operator == "+" and isinstance(left, (str, bytes, list, tuple)):
            _check_size(len(left) + len(right) if hasattr(right, "__len__") else 0, "a sum")
        result = super().call_binop(context, operator, left, right)
        if operator == "**" and isinstance(result, int):
            _check_size(result, "a power")
        return result

    def render_page(self, template: Any, **context: Any) -> str:
        """Render ``template`` with a fresh budget; raise :class:`TemplateBudgetError`."""
        self.steps = 0
        self.deadline = time.monotonic() + MAX_SECONDS
        size, parts = 0, []
        for part in template.generate(**context):
            size += len(part)
            if size > MAX_OUTPUT:
                raise TemplateBudgetError(
                    f"the page grew past {MAX_OUTPUT:,} characters; the template repeats too much"
                )
            parts.append(part)
        return "".join(parts)


class CourseTemplates(BaseLoader):
    """The course's ``templates/`` folder, read like every course file: inside the
    course folder, regular files only, under a template's size cap."""

    def __init__(self, folder: Path, root: Path) -> None:
        self.folder = folder
        self.root = root

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        from coursekit.course.files import read_course_file

        path = self.folder.joinpath(*split_template_path(template))
        if not (path.is_symlink() or path.exists()):
            raise TemplateNotFound(template)
        data = read_course_file(self.root, path, "template")
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError:
            from coursekit.errors import CourseError, Problem

            raise CourseError(
                Problem(f"templates/{template}", "is not UTF-8 text; save it as UTF-8")
            ) from None
        mtime = path.stat().st_mtime

        def uptodate() -> bool:
            try:
                return path.stat().st_mtime == mtime
            except OSError:
                return False

        return source, str(path), uptodate

    def list_templates(self) -> list[str]:
        return sorted(p.name for p in self.folder.iterdir() if p.is_file())

