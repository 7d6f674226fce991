"""Text from a course, a course.json or an exchange file reaches the terminal inert."""

from __future__ import annotations

import re
from pathlib import Path

from coursekit.cli.output import inert, inert_json, plain

CLI = Path(__file__).parent.parent / "src" / "coursekit" / "cli"


def test_plain_strips_every_control_character_and_escapes_markup() -> None:
    hostile = "Mini \x1b]0;owned\x07\x1b[31mred\x1b[2J\x9b2J\x08\r\u202eevil [b]bold[/b]"
    shown = plain(hostile)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", shown)
    assert shown == "Mini ]0;owned[31mred[2J2Jevil \\[b]bold\\[/b]"
    assert inert("two\nlines\tand a tab") == "two\nlines\tand a tab"
    assert inert("a,b\r\n", line_ends=True) == "a,b\r\n"


def test_json_on_stdout_escapes_what_json_leaves_raw() -> None:
    assert inert_json('{"t": "a\x9bb\x7f"}') == '{"t": "a\\u009bb\\u007f"}'


def test_only_the_output_module_escapes_markup() -> None:
    """Every printing path goes through plain(); rich's escape alone keeps control codes."""
    for path in sorted(CLI.glob("*.py")):
        if path.name != "output.py":
            assert "rich.markup import escape" not in path.read_text(), path.name
