"""`--help` reads like a polished tool's, and every dated example works on the day it is read.

The examples are taken from each command's `--help`, the README and docs/, and every
one that carries a date option (`--on`, `--start`, `--target`, `--now`, `--skip`) is
run for real: against the example course, with a fresh progress database, on
today's real date.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coursekit.cli import app
from test_cli_docs import COMMANDS

REPO = Path(__file__).parent.parent
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
TOKEN = re.compile(r"<(?:bool|str|int|float|path|int range|float range|datetime)>|\{[a-z_]+\}")
DATED = re.compile(r"--(?:on|start|target|now|skip|today)\b")


def help_text(command: list[str]) -> str:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    return result.output


GROUPS = [[], ["progress"], ["new"], ["export"]]


@pytest.mark.parametrize("command", [*GROUPS, *COMMANDS], ids=" ".join)
def test_help_has_no_type_tokens(command: list[str]) -> None:
    text = help_text(command)
    assert TOKEN.findall(text) == [], text


def test_a_short_option_means_one_thing_everywhere() -> None:
    import typer.main

    meaning: dict[str, set[str]] = {}

    def walk(command: object) -> None:
        for param in getattr(command, "params", []):
            for opt in getattr(param, "opts", []):
                if re.fullmatch(r"-[a-zA-Z]", opt):
                    long = next((o for o in param.opts if o.startswith("--")), opt)
                    meaning.setdefault(opt, set()).add(long)
        for child in (getattr(command, "commands", None) or {}).values():
            walk(child)

    walk(typer.main.get_command(app))
    assert {opt: longs for opt, longs in meaning.items() if len(longs) > 1} == {}


def examples() -> list[tuple[str, str]]:
    """(where, command line) for every `coursekit ...` example with a date option."""
    found: list[tuple[str, str]] = []
    for command in [[], *COMMANDS, ["progress"]]:
        for line in help_text(command).splitlines():
            line = line.strip().strip("│").strip()
            if "coursekit " in line and DATED.search(line):
                found.append((f"coursekit {' '.join(command)} --help", line))
    for doc in DOCS:
        for line in doc.read_text(encoding="utf-8").splitlines():
            line = line.strip().removeprefix("$ ")
            if line.startswith(("coursekit ", "printf ")) and DATED.search(line):
                found.append((doc.relative_to(REPO).as_posix(), line))
    return found


EXAMPLES = examples()


def test_the_dated_examples_were_found() -> None:
    assert len(EXAMPLES) >= 8
    assert any("progress start" in line for _, line in EXAMPLES)
    assert any("review" in line and "--now" in line for _, line in EXAMPLES)


@pytest.mark.parametrize(("where", "line"), EXAMPLES, ids=[line for _, line in EXAMPLES])
def test_dated_example_works_today(where: str, line: str, tmp_path: Path) -> None:
    text = line.split("  #")[0].strip()
    stdin = ""
    if text.startswith("printf "):
        fed, _, text = text.partition("|")
        stdin = shlex.split(fed)[1].encode().decode("unicode_escape")
    text = text.split("|")[0].strip()  # `... | jq ...`: only coursekit's part
    words = shlex.split(text)
    assert words[0] == "coursekit", line
    env = {
        "COURSEKIT_DB": str(tmp_path / "progress.db"),
        "COURSEKIT_CACHE_DIR": str(tmp_path / "cache"),
        "COURSEKIT_COURSE": str(REPO),
        "COURSEKIT_LEARNER": "reader",
        "PATH": str(Path(sys.executable).parent),
    }
    words = ["--out" if w == "-o" else w for w in words]
    if "--out" in words:  # write into the test's folder, never into the repository
        at = words.index("--out") + 1
        words[at] = str(tmp_path / Path(words[at]).name)
    result = subprocess.run(
        [sys.executable, "-m", "coursekit", *words[1:]],
        cwd=REPO if words[1] in ("plan", "info", "check") else tmp_path,
        env=env,
        input=stdin.encode(),
        capture_output=True,
        timeout=120,
    )
    output = (result.stdout + result.stderr).decode()
    assert result.returncode == 0, f"{where}: `{line}` failed today:\n{output}"
