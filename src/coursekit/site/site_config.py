"""A course's ``mkdocs.yml``, read and written without MkDocs.

Both engines read the same ``mkdocs.yml``. Before an engine starts, coursekit reads it
to learn the course's engine (``plugins: [coursekit: {engine: zensical}]``) and, for
Zensical, to write the configuration of its build folder. Tags that only the engine
understands (``!ENV``, ``!!python/name:...``) are kept as they are and written back
unchanged, so the engine resolves them itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from coursekit.course.yaml_lines import unclosed_quote
from coursekit.errors import CourseError, Problem

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
PLUGIN = "coursekit"
ENGINES = ("mkdocs", "zensical")  # the values of the plugin's `engine` option


@dataclass(frozen=True)
class Tagged:
    """A YAML value under a tag that the engine resolves (``!ENV NAME``)."""

    tag: str
    value: Any


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> Tagged:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        assert isinstance(node, yaml.MappingNode)
        value = loader.construct_mapping(node, deep=True)
    return Tagged(node.tag, value)


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Loader.add_multi_constructor("", _construct_tagged)
_Dumper.add_representer(Tagged, _represent_tagged)


def config_file(root: Path) -> Path | None:
    """The course's own ``mkdocs.yml``, if it has one."""
    return next((root / n for n in CONFIG_NAMES if (root / n).is_file()), None)


def read(path: Path) -> dict[str, Any]:
    """The settings of ``path``; raises :class:`CourseError` naming the file and line."""
    text = ""
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_Loader)  # noqa: S506
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, what = (mark.line + 1 if mark else None), exc.problem
        if quote := unclosed_quote(text, exc):  # reported where the quote opened
            line, what = quote[0] + 1, quote[1]
        raise CourseError(Problem(path.name, f"not valid YAML: {what}", line=line)) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CourseError(Problem(path.name, f"cannot be read: {exc}")) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CourseError(Problem(path.name, "must be a mapping of settings (site_name: ...)"))
    return data


def dump(settings: dict[str, Any]) -> str:
    """``settings`` as YAML, tags kept."""
    return yaml.dump(settings, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def plugin_options(settings: dict[str, Any]) -> dict[str, Any] | None:
    """The coursekit plugin's options (``{}`` when listed without any), ``None`` if unlisted."""
    plugins = settings.get("plugins")
    entries: list[Any] = []
    if isinstance(plugins, dict):
        entries = [{name: value} for name, value in plugins.items()]
    elif isinstance(plugins, list):
        entries = plugins
    for entry in entries:
        if entry == PLUGIN:
            return {}
        if isinstance(entry, dict) and PLUGIN in entry:
            options = entry[PLUGIN]
            return options if isinstance(options, dict) else {}
    return None


def without_plugin(plugins: Any) -> Any:
    """``plugins`` without the coursekit entry (a list or a mapping, as written)."""
    if isinstance(plugins, dict):
        return {name: value for name, value in plugins.items() if name != PLUGIN}
    if isinstance(plugins, list):
        return [
            entry
            for entry in plugins
            if entry != PLUGIN and not (isinstance(entry, dict) and PLUGIN in entry)
        ]
    return plugins


def docs_dir(root: Path, settings: dict[str, Any] | None) -> Path:
    """The docs folder: ``docs_dir`` as set, else ``docs/`` if the course has one, else lessons/.

    MkDocs' own default is ``docs/``; a course without one keeps its pages in lessons/,
    and so does a course without ``mkdocs.yml`` (``settings`` is ``None``).
    """
    if settings is None:
        return (root / "lessons").resolve()
    named = settings.get("docs_dir")
    if isinstance(named, str) and named:
        return (root / named).resolve()
    return (root / "docs").resolve() if (root / "docs").is_dir() else (root / "lessons").resolve()
