"""Every command teaches by example in --help and is shown in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from coursekit.cli import app

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def leaf_commands() -> list[list[str]]:
    root = typer.main.get_command(app)
    found: list[list[str]] = []

    def walk(command, path: list[str]) -> None:
        children = getattr(command, "commands", None)
        if children:
            for name, child in sorted(children.items()):
                walk(child, [*path, name])
        else:
            found.append(path)

    walk(root, [])
    return found


COMMANDS = leaf_commands()


def test_the_command_tree_is_complete() -> None:
    names = {" ".join(c) for c in COMMANDS}
    assert {
        "check",
        "info",
        "plan",
        "review",
        "init",
        "build",
        "serve",
        "render",
        "new lesson",
        "export notebooks",
        "progress start",
        "progress done",
    } <= names


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_has_examples(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert "Examples" in result.output or "Example:" in result.output
    assert f"coursekit {' '.join(command)}" in result.output


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_readme_shows_the_command(command: list[str]) -> None:
    assert f"coursekit {' '.join(command)}" in README
