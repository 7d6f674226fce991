"""Practice notebooks: one Jupyter notebook per module, to work through offline.

Each notebook holds the module's objectives, its flashcards as questions with the
answers in collapsed cells, its scenarios, one empty code cell per hands-on task and
the reflection questions. Answer cells are hidden the two ways notebook front ends
understand: ``metadata.jupyter.source_hidden`` (JupyterLab, VS Code) and
``metadata.collapsed``, and tagged ``answer`` for tools that filter by tag.

Building a notebook is pure (:func:`practice_notebook`); :func:`write_notebooks`
is the only function that touches the disk. Output is deterministic: cell ids are
derived from the stable card, scenario and task ids, so re-exporting an unchanged
course gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursekit.errors import CourseError, Problem, did_you_mean
from coursekit.model import Course, Module

ANSWER_METADATA = {"jupyter": {"source_hidden": True}, "collapsed": True, "tags": ["answer"]}


def practice_notebook(course: Course, module: Module) -> Any:
    """The practice notebook of ``module`` as an ``nbformat`` v4 notebook node."""
    import nbformat
    from nbformat import v4

    cells: list[Any] = []

    def markdown(key: str, text: str, metadata: dict[str, Any] | None = None) -> None:
        cell = v4.new_markdown_cell(text.strip(), id=_cell_id(module.id, key))
        if metadata:
            cell.metadata.update(json.loads(json.dumps(metadata)))
        cells.append(cell)

    intro = [f"# Practice: {module.title}", f"*{course.title}*"]
    if module.summary:
        intro.append(module.summary)
    intro.append(
        "Answer each question in your own words before you open the hidden cell below it "
        "(click the collapsed cell, or the `...`, to show the answer)."
    )
    markdown("intro", "\n\n".join(intro))

    objectives = [
        f"- **{lesson.title}**: " + "; ".join(lesson.objectives)
        for lesson in module.lessons
        if lesson.objectives
    ]
    if objectives or module.learn:
        text = "## Objectives\n\nBy the end of this module you can:\n\n"
        text += "\n".join(objectives or [f"- {item}" for item in module.learn])
        markdown("objectives", text)

    if module.flashcards:
        markdown("flashcards", f"## Flashcards\n\n{len(module.flashcards)} questions.")
        for number, card in enumerate(module.flashcards, start=1):
            markdown(f"card-{card.id}", f"**{number}.** {card.q}")
            markdown(f"card-{card.id}-mine", "*Your answer:* ")
            answer = card.a.strip()
            joint = "\n\n" if "\n" in answer else " "  # a block answer starts its own paragraph
            markdown(f"card-{card.id}-answer", f"**Answer:**{joint}{answer}", ANSWER_METADATA)

    if module.scenarios:
        markdown("scenarios", "## Scenarios")
        for scenario in module.scenarios:
            parts = [f"### {scenario.title}"]
            if scenario.situation:
                parts.append(scenario.situation)
            parts.append(f"**Your task:** {scenario.task}")
            markdown(f"scenario-{scenario.id}", "\n\n".join(parts))
            markdown(f"scenario-{scenario.id}-mine", "*Your answer:* ")
            markdown(
                f"scenario-{scenario.id}-answer",
                f"**A possible answer:**\n\n{scenario.answer}",
                ANSWER_METADATA,
            )

    if module.tasks:
        markdown("tasks", "## Hands-on tasks")
        for task in module.tasks:
            text = f"### {task.title}"
            if task.instructions:
                text += f"\n\n{task.instructions}"
            markdown(f"task-{task.id}", text)
            code = v4.new_code_cell(
                f"# {task.title}\n# Your code here\n",
                id=_cell_id(module.id, f"task-{task.id}-code"),
            )
            code.metadata["tags"] = ["task"]
            cells.append(code)

    if module.reflection:
        items = "\n".join(f"- {question}" for question in module.reflection)
        markdown("reflection", f"## Reflection\n\n{items}")

    notebook = v4.new_notebook(cells=cells)
    notebook.metadata.update(
        {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
            "coursekit": {"course": course.id, "module": module.id, "kind": "practice"},
        }
    )
    nbformat.validate(notebook)
    return notebook


def _cell_id(module_id: str, key: str) -> str:
    # Cell ids are at most 64 characters of [a-zA-Z0-9-_]: a digest keeps them short.
    digest = hashlib.sha1(f"{module_id}\0{key}".encode()).hexdigest()[:12]
    return f"{key[:40].strip('-')}-{digest}"


@dataclass(frozen=True)
class Exported:
    module: str
    path: Path
    cells: int


def write_notebooks(
    course: Course, out: Path, modules: list[str] | None = None, force: bool = False
) -> list[Exported]:
    """Write ``<out>/<module-id>.ipynb`` for each module (all, or those named).

    A notebook already in ``out`` is replaced only if it is one coursekit exported and
    nobody has edited since (its cells still match the digest stored in its
    metadata) or with ``force``; a learner's answers are never overwritten silently.
    """
    import nbformat

    index = course.module_index
    chosen = list(modules) if modules else list(index)
    unknown = [m for m in chosen if m not in index]
    if unknown:
        raise CourseError(
            [
                Problem("--module", f"no module '{m}' in this course{did_you_mean(m, index)}")
                for m in unknown
            ]
        )
    if out.exists() and not out.is_dir():
        raise CourseError(Problem(str(out), "exists and is not a folder"))
    notebooks = {m: practice_notebook(course, index[m]) for m in chosen}
    for notebook in notebooks.values():
        notebook.metadata["coursekit"]["digest"] = _digest(notebook)
    blocked = [
        Problem(
            str(out / f"{m}.ipynb"),
            "exists and was changed since it was exported; pass --force to replace it",
        )
        for m in chosen
        if not force and not _replaceable(out / f"{m}.ipynb")
    ]
    if blocked:
        raise CourseError(blocked)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for module_id, notebook in notebooks.items():
        path = out / f"{module_id}.ipynb"
        path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
        written.append(Exported(module_id, path, len(notebook.cells)))
    return written


def _digest(notebook: Any) -> str:
    """A digest of what the learner could change: each cell's type and text."""
    cells = [(c["cell_type"], "".join(c["source"])) for c in notebook["cells"]]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode()).hexdigest()[:16]


def _replaceable(path: Path) -> bool:
    if not path.exists():
        return True
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        stored = data["metadata"]["coursekit"]["digest"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return bool(stored == _digest(data))
