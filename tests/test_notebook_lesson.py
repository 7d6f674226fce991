"""Notebook lessons: front matter from metadata, cells rendered into the lesson page
(golden), validated and timed like Markdown lessons, and built by MkDocs."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat import v4
from typer.testing import CliRunner

from coursekit.checks.check import check_course
from coursekit.checks.estimate import estimate
from coursekit.cli import app
from coursekit.model import Duration
from coursekit.site.render import render_site

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\nfake").decode()
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'
runner = CliRunner()


def lesson_notebook() -> nbformat.NotebookNode:
    """A notebook lesson with every kind of cell and output coursekit renders."""
    diagram = v4.new_markdown_cell(
        "A pasted diagram:\n\n![diagram](attachment:diagram.png)", id="m2"
    )
    diagram["attachments"] = {"diagram.png": {"image/png": PNG}}
    plot = v4.new_code_cell("plot()", id="c2")
    plot.outputs = [
        v4.new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"}),
        v4.new_output("display_data", data={"image/svg+xml": SVG}),
    ]
    counts = v4.new_code_cell("for i in range(2):\n    print(i)\ntotal", id="c1", execution_count=1)
    counts.outputs = [
        v4.new_output("stream", name="stdout", text="0\n"),
        v4.new_output("stream", name="stdout", text="\x1b[32m1\x1b[0m\n"),
        v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=1),
    ]
    failing = v4.new_code_cell("1 / 0", id="c3")
    failing.outputs = [
        v4.new_output(
            "error",
            ename="ZeroDivisionError",
            evalue="division by zero",
            traceback=["\x1b[31mTraceback...\x1b[0m"],
        ),
    ]
    hidden_input = v4.new_code_cell("secret_setup()", id="c4", metadata={"tags": ["remove-input"]})
    hidden_input.outputs = [v4.new_output("stream", name="stdout", text="ready\n")]
    hidden_output = v4.new_code_cell("noisy()", id="c5", metadata={"tags": ["remove-output"]})
    hidden_output.outputs = [v4.new_output("stream", name="stdout", text="noise\n")]
    notebook = v4.new_notebook(
        cells=[
            v4.new_markdown_cell("# Counting\n\nWe count to **two**, then plot.", id="m1"),
            counts,
            diagram,
            plot,
            failing,
            hidden_input,
            hidden_output,
            v4.new_code_cell("solution()", id="c6", metadata={"tags": ["remove-cell"]}),
            v4.new_raw_cell("raw text is left out", id="r1"),
            v4.new_markdown_cell("See [the next lesson](second-steps.md).", id="m3"),
        ]
    )
    notebook.metadata["coursekit"] = {
        "title": "Counting in a notebook",
        "study_time": "30-45 min",
        "status": "ready",
        "objectives": ["Count to two", "Plot a count"],
        "outcome": "A plot of a count.",
    }
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.metadata["language_info"] = {"name": "python"}
    nbformat.validate(notebook)
    return notebook


def add_notebook(course: Path, notebook: nbformat.NotebookNode) -> None:
    nbformat.write(notebook, course / "lessons/basics/counting.ipynb")
    modules = course / "curriculum/modules/basics.yml"
    modules.write_text(modules.read_text().replace("second-steps]", "second-steps, counting]"))


def test_notebook_lesson_page_golden(mini_course: Path, golden) -> None:  # type: ignore[no-untyped-def]
    add_notebook(mini_course, lesson_notebook())
    course = check_course(mini_course).course
    lesson = course.lesson("counting")
    assert lesson.title == "Counting in a notebook"
    assert lesson.study_time == Duration(30, 45)
    assert lesson.objectives == ("Count to two", "Plot a count")
    assert lesson.source == "lessons/basics/counting.ipynb"

    page = render_site(course)["basics/counting.md"]
    golden.check("site/mini-notebook/basics/counting.md", page)
    # What the golden file must show, spelled out:
    assert "```python\nfor i in range(2):\n    print(i)\ntotal\n```" in page
    assert "```text\n0\n1\n```" in page  # two stdout chunks merged, colour codes removed
    assert "```text\n2\n```" in page
    assert f"![diagram](data:image/png;base64,{PNG})" in page
    assert f"![output](data:image/png;base64,{PNG})" in page
    assert "data:image/svg+xml;base64," + base64.b64encode(SVG.encode()).decode() in page
    assert "```text\nZeroDivisionError: division by zero\n```" in page
    assert "secret_setup" not in page and "ready" in page
    assert "noisy()" in page and "noise\n" not in page
    assert "solution()" not in page and "raw text" not in page


def test_notebook_lessons_are_timed_and_estimated_like_markdown(mini_course: Path) -> None:
    before = check_course(mini_course).course.study_time
    add_notebook(mini_course, lesson_notebook())
    course = check_course(mini_course).course
    assert course.study_time == before + Duration(30, 45)
    assert course.module_index["basics"].study_time == Duration(60 + 120 + 30, 120 + 180 + 45)
    guess = estimate(course.lesson("counting"), course)
    assert guess.code_blocks == 4  # the code cells shown; outputs are not code to study
    assert guess.objectives == 2


def test_notebook_metadata_is_validated_with_file_and_line(mini_course: Path) -> None:
    notebook = lesson_notebook()
    notebook.metadata["coursekit"]["study_time"] = "45"
    notebook.metadata["coursekit"]["stauts"] = "ready"
    add_notebook(mini_course, notebook)
    text = (mini_course / "lessons/basics/counting.ipynb").read_text()
    line = next(i for i, x in enumerate(text.splitlines(), 1) if '"study_time"' in x)
    result = runner.invoke(app, ["check", str(mini_course)])
    assert result.exit_code == 1
    assert f"lessons/basics/counting.ipynb:{line}: study_time: '45' has no unit" in result.output
    assert "unknown key 'stauts' (did you mean 'status'?)" in result.output


def test_a_notebook_without_coursekit_metadata_or_broken_json(mini_course: Path) -> None:
    notebook = lesson_notebook()
    del notebook.metadata["coursekit"]
    add_notebook(mini_course, notebook)
    result = runner.invoke(app, ["check", str(mini_course)])
    assert result.exit_code == 1
    assert "lessons/basics/counting.ipynb:" in result.output
    assert "front matter in metadata.coursekit" in result.output

    path = mini_course / "lessons/basics/counting.ipynb"
    path.write_text(path.read_text()[:-40])
    result = runner.invoke(app, ["check", str(mini_course)])
    assert result.exit_code == 1
    assert "lessons/basics/counting.ipynb:" in result.output
    assert "not valid notebook JSON" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow  # a real mkdocs build
def top_level_metadata_line(text: str) -> int:
    """The line of the notebook's own ``"metadata"``: nbformat writes it at indent 1."""
    return next(i for i, x in enumerate(text.splitlines(), 1) if x.startswith(' "metadata"'))


def test_missing_coursekit_metadata_is_reported_at_the_notebooks_metadata(
    mini_course: Path,
) -> None:
    notebook = lesson_notebook()
    del notebook.metadata["coursekit"]
    add_notebook(mini_course, notebook)
    text = (mini_course / "lessons/basics/counting.ipynb").read_text()
    line = top_level_metadata_line(text)
    first_cell_metadata = next(i for i, x in enumerate(text.splitlines(), 1) if '"metadata"' in x)
    assert first_cell_metadata < line  # the cells' metadata comes first in the file
    result = runner.invoke(app, ["check", str(mini_course)])
    assert result.exit_code == 1
    assert f"lessons/basics/counting.ipynb:{line}: metadata.coursekit: a notebook lesson" in (
        result.output
    )


def test_a_cells_own_coursekit_metadata_does_not_move_the_lines(mini_course: Path) -> None:
    notebook = lesson_notebook()
    notebook.cells[0].metadata["coursekit"] = {"study_time": "a tool's own cell metadata"}
    notebook.metadata["coursekit"]["study_time"] = "45"
    add_notebook(mini_course, notebook)
    text = (mini_course / "lessons/basics/counting.ipynb").read_text()
    lines = [i for i, x in enumerate(text.splitlines(), 1) if '"study_time"' in x]
    assert len(lines) == 2 and lines[0] < top_level_metadata_line(text) < lines[1]
    result = runner.invoke(app, ["check", str(mini_course)])
    assert result.exit_code == 1
    assert f"lessons/basics/counting.ipynb:{lines[1]}: study_time: '45' has no unit" in (
        result.output
    )


def test_a_notebook_lesson_builds_with_mkdocs_strict(tmp_path: Path) -> None:
    course = tmp_path / "course"
    assert runner.invoke(app, ["init", str(course)]).exit_code == 0
    result = runner.invoke(
        app,
        [
            "new",
            "lesson",
            "getting-started",
            "counting",
            "--title",
            "T",
            "--time",
            "1h",
            "--notebook",
            "--course",
            str(course),
        ],
    )
    assert result.exit_code == 0, result.output
    notebook = lesson_notebook()
    notebook.metadata["coursekit"]["status"] = "draft"  # keep the lint rules out of this test
    cells = notebook.cells
    cells[-1].source = "Back to [the welcome](welcome.md)."
    nbformat.write(notebook, course / "lessons/getting-started/counting.ipynb")
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=course,
        capture_output=True,
        text=True,
        timeout=600,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert build.returncode == 0, build.stderr
    html = (course / "site/getting-started/counting/index.html").read_text()
    assert f'src="data:image/png;base64,{PNG}"' in html
    assert "ZeroDivisionError: division by zero" in html
    assert not (course / "site/getting-started/counting.ipynb").exists()


def test_the_example_course_has_a_notebook_lesson_that_renders(example_course: Path) -> None:
    course = check_course(example_course).course
    notebooks = [x for x in course.lessons() if x.source.endswith(".ipynb")]
    assert notebooks
    pages = render_site(course)
    for lesson in notebooks:
        raw = json.loads((example_course / lesson.source).read_text())
        first_code = next(c for c in raw["cells"] if c["cell_type"] == "code")
        first_line = "".join(first_code["source"]).splitlines()[0]
        assert first_line in pages[f"{lesson.module}/{lesson.id}.md"]


def test_a_notebook_whose_cells_have_no_ids_loads_without_a_python_warning(
    mini_course: Path,
) -> None:
    import warnings

    add_notebook(mini_course, lesson_notebook())
    path = mini_course / "lessons/basics/counting.ipynb"
    raw = json.loads(path.read_text())
    for cell in raw["cells"]:
        del cell["id"]  # written by hand, or by a tool that predates cell ids
    path.write_text(json.dumps(raw))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning nbformat prints would fail here
        loaded = check_course(mini_course)
    assert "counting" in loaded.course.lesson_index
