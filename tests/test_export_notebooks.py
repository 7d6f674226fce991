"""`coursekit export notebooks`: one valid practice notebook per module."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
from typer.testing import CliRunner

from coursekit.checks.check import check_course
from coursekit.cli import app

runner = CliRunner()

TASKS = """\
tasks:
  - id: build-a-plan
    title: Build a plan
    instructions: Write a study plan for next week.
    lesson: first-steps
  - title: Time a lesson
"""


def export(course: Path, out: Path, *extra: str) -> dict[str, object]:
    result = runner.invoke(
        app, ["export", "notebooks", str(course), "--out", str(out), "--json", *extra]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def source(cell: dict[str, object]) -> str:
    value = cell["source"]
    return "".join(value) if isinstance(value, list) else str(value)


def test_one_valid_notebook_per_module(mini_course: Path, tmp_path: Path) -> None:
    with (mini_course / "exercises/basics.yml").open("a") as handle:
        handle.write(TASKS)
    out = tmp_path / "practice"
    data = export(mini_course, out)
    assert [n["module"] for n in data["notebooks"]] == ["basics", "practice"]
    assert sorted(p.name for p in out.iterdir()) == ["basics.ipynb", "practice.ipynb"]

    notebook = nbformat.read(out / "basics.ipynb", as_version=4)
    nbformat.validate(notebook)
    assert (notebook.nbformat, notebook.nbformat_minor) == (4, 5)
    assert all(cell.get("id") for cell in notebook.cells)
    assert len({cell.id for cell in notebook.cells}) == len(notebook.cells)
    assert notebook.metadata["coursekit"]["module"] == "basics"

    texts = [source(c) for c in notebook.cells]
    assert texts[0].startswith("# Practice: Basics")
    objectives = next(t for t in texts if t.startswith("## Objectives"))
    assert "**First steps**: Open the course; Read a lesson" in objectives

    # Each flashcard: its question visible, its answer in a collapsed, hidden cell.
    course = check_course(mini_course).course
    for card in course.module_index["basics"].flashcards:
        question = next(i for i, t in enumerate(texts) if t.endswith(card.q))
        answer = next(c for c in notebook.cells[question:] if c.metadata.get("tags") == ["answer"])
        assert source(answer) == f"**Answer:** {card.a}"
        assert answer.metadata["jupyter"] == {"source_hidden": True}
        assert answer.metadata["collapsed"] is True

    # Scenarios: situation and task shown, the answer hidden.
    late = next(t for t in texts if t.startswith("### The late learner"))
    assert "A learner falls two weeks behind." in late
    assert "**Your task:** Suggest a new pace." in late
    hidden = [
        source(c) for c in notebook.cells if c.metadata.get("jupyter", {}).get("source_hidden")
    ]
    assert any("Move to the **relaxed** pace" in t for t in hidden)
    assert not any("relaxed** pace" in t for t in texts if t not in hidden)

    # One code cell per hands-on task, right after its instructions.
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert [source(c).splitlines()[0] for c in code] == ["# Build a plan", "# Time a lesson"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert "## Reflection\n\n- What surprised you?" in texts

    practice = nbformat.read(out / "practice.ipynb", as_version=4)
    nbformat.validate(practice)
    assert not [c for c in practice.cells if c.metadata.get("tags") == ["answer"]]


def test_export_is_deterministic_and_replaces_untouched_notebooks(
    mini_course: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    export(mini_course, out)
    first = (out / "basics.ipynb").read_bytes()
    export(mini_course, out)  # unchanged notebooks are replaced without --force
    assert (out / "basics.ipynb").read_bytes() == first


def test_a_notebook_with_a_learners_answers_is_kept_unless_forced(
    mini_course: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    export(mini_course, out)
    path = out / "basics.ipynb"
    notebook = nbformat.read(path, as_version=4)
    mine = next(c for c in notebook.cells if source(c).startswith("*Your answer:*"))
    mine.source = "*Your answer:* a unit of study"
    nbformat.write(notebook, path)
    edited = path.read_bytes()

    result = runner.invoke(app, ["export", "notebooks", str(mini_course), "--out", str(out)])
    assert result.exit_code == 1
    assert "basics.ipynb: exists and was changed since it was exported" in result.output
    assert path.read_bytes() == edited
    assert "--force" in result.output

    export(mini_course, out, "--force")
    assert b"a unit of study" not in path.read_bytes()


def test_only_the_modules_asked_for(mini_course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(mini_course, out, "--module", "practice")
    assert [p.name for p in out.iterdir()] == ["practice.ipynb"]

    result = runner.invoke(
        app, ["export", "notebooks", str(mini_course), "--out", str(tmp_path / "x"), "-m", "basic"]
    )
    assert result.exit_code == 1
    assert "no module 'basic' in this course (did you mean 'basics'?)" in result.output
    assert not (tmp_path / "x").exists()


def test_text_output_names_each_notebook(mini_course: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "notebooks", str(mini_course), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "basics.ipynb (" in result.output and "cells)" in result.output


def test_every_module_of_the_example_course_exports(example_course: Path, tmp_path: Path) -> None:
    data = export(example_course, tmp_path)
    course = check_course(example_course).course
    assert len(data["notebooks"]) == len(course.modules)
    for module in course.modules:
        notebook = nbformat.read(tmp_path / f"{module.id}.ipynb", as_version=4)
        nbformat.validate(notebook)
        answers = [c for c in notebook.cells if c.metadata.get("tags") == ["answer"]]
        assert len(answers) == len(module.flashcards) + len(module.scenarios)
