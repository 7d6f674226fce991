"""Synthetic courses of any size, for the benchmarks.

    from synthetic import make_course
    root = make_course(tmp / "course", lessons=1000)

Lessons are lesson-sized (a few hundred words, a code block, an admonition), spread
over modules of ten, each module with a few flashcards and a scenario.
"""

from __future__ import annotations

import random
from pathlib import Path

PARAGRAPH = (
    "A model that is never retrained drifts away from the customers it describes. "
    "Track the data it sees, compare it with the data it was trained on, and decide "
    "in advance which change in the numbers makes you act. "
)


def lesson_body(number: int, words: int = 400) -> str:
    text = (PARAGRAPH * (words // len(PARAGRAPH.split()) + 1)).split()[:words]
    half = len(text) // 2
    return (
        f"# Lesson {number}\n\n{' '.join(text[:half])}\n\n"
        "!!! note \"Why this matters\"\n    Every step here is repeatable.\n\n"
        "```python\nimport pandas as pd\n\nframe = pd.read_csv('churn.csv')\n"
        "print(frame.describe())\n```\n\n"
        f"## Practice\n\n{' '.join(text[half:])}\n"
    )


def make_course(root: Path, lessons: int, per_module: int = 10, seed: int = 7) -> Path:
    """Write a valid course with ``lessons`` lessons under ``root`` and return ``root``."""
    rng = random.Random(seed)
    modules = [f"module-{m + 1:03d}" for m in range((lessons + per_module - 1) // per_module)]
    (root / "curriculum" / "modules").mkdir(parents=True, exist_ok=True)
    (root / "exercises").mkdir(exist_ok=True)
    (root / "curriculum" / "course.yml").write_text(
        f"id: synthetic\ntitle: Synthetic course of {lessons} lessons\n"
        "description: Generated for benchmarks.\nlevel: any\n"
        f"modules: [{', '.join(modules)}]\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Synthetic course\ndocs_dir: docs\ntheme:\n  name: material\n"
        "  features: [navigation.prune]\nplugins: [coursekit]\n"
        "markdown_extensions: [admonition, pymdownx.details, pymdownx.superfences, tables,"
        " attr_list, md_in_html]\n", encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    number = 0
    for module in modules:
        ids = []
        folder = root / "lessons" / module
        folder.mkdir(parents=True, exist_ok=True)
        for _ in range(per_module):
            if number == lessons:
                break
            number += 1
            lesson_id = f"lesson-{number:05d}"
            ids.append(lesson_id)
            low = rng.choice([30, 45, 60, 90, 120])
            high = low + rng.choice([0, 15, 30, 60])
            (folder / f"{lesson_id}.md").write_text(
                f"---\ntitle: Lesson {number}\nstudy_time: {low}-{high} min\n"
                f"objectives: [Understand part {number}]\noutcome: Part {number} done\n---\n"
                + lesson_body(number), encoding="utf-8")
        (root / "curriculum" / "modules" / f"{module}.yml").write_text(
            f"title: Module {module[-3:]}\nsummary: Part of the synthetic course.\n"
            f"learn: [Things]\nbuild: [Stuff]\nlessons: [{', '.join(ids)}]\n", encoding="utf-8")
        cards = "".join(
            f"  - id: {module}-card-{c}\n    q: Question {c} of {module}?\n"
            f"    a: Answer {c}.\n    lesson: {ids[0]}\n" for c in range(3))
        (root / "exercises" / f"{module}.yml").write_text(
            f"flashcards:\n{cards}scenarios:\n  - id: {module}-case\n    title: A case\n"
            "    situation: Something broke.\n    task: Fix it.\n    answer: Like this.\n",
            encoding="utf-8")
    return root
