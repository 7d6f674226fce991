"""Render the README's terminal screenshots (SVG) from real coursekit runs.

    .venv/bin/python docs/screenshots/terminal.py

Runs the commands against the example course with a temporary database and a fixed
clock, and records their coloured output with rich.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.text import Text

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
COURSEKIT = [sys.executable, "-m", "coursekit"]

SESSION = [
    ("2027-01-04", ["progress", "start", "--pace", "moderate", "--target", "2027-04-30"]),
    ("2027-01-05", ["progress", "done", "intro-to-mlops", "--time", "2h40m"]),
    ("2027-01-07", ["progress", "done", "mlops-vs-devops", "--time", "2h10m"]),
    ("2027-01-11", ["progress", "log", "ml-system-lifecycle", "1h30m"]),
    ("2027-01-12", ["progress", "done", "ml-system-lifecycle", "--time", "3h50m"]),
    ("2027-01-14", ["progress", "done", "skills-and-tech-stack", "--time", "1h20m"]),
    ("2027-01-15", ["progress", "log", "python-environments", "1h"]),
]


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run([*COURSEKIT, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=True)
    return done.stdout


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "COURSEKIT_DB": str(Path(tmp) / "progress.db"),
               "COURSEKIT_LEARNER": "ana", "FORCE_COLOR": "1", "COLUMNS": "110",
               "TERM": "xterm-256color"}
        for today, args in SESSION:
            run(args, {**env, "COURSEKIT_TODAY": today})
        output = run(["progress"], {**env, "COURSEKIT_TODAY": "2027-01-18"})
    console = Console(record=True, width=110, force_terminal=True)
    console.print("$ coursekit progress", style="bold")
    console.print(Text.from_ansi(output))
    console.save_svg(str(HERE / "progress.svg"), title="coursekit progress")


if __name__ == "__main__":
    main()
