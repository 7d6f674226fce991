"""What a hostile course may not publish or run: real builds, then the HTML is read.

* a lesson linked to a file outside the course fails the build, and the file's text
  is nowhere in site/;
* every field whose YAML text is rendered as Markdown (course description, module
  summary, flashcard answer, scenario situation, task and answer, task instructions)
  keeps its formatting but loses every link, image and attribute that could run code;
* a title cannot break out of the page's <title>;
* a notebook's HTML, JavaScript and Markdown outputs are published only when the
  course trusts the notebook.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coursekit.cli import app
from coursekit.course.notebook import cells_to_markdown
from coursekit.site.markdown import block, markup_refusal

FIXTURES = Path(__file__).parent / "fixtures"
runner = CliRunner()

ATTACKS = [
    "[inline](javascript:alert('inline'))",
    "[cased](JaVaScRiPt:alert('cased'))",
    "[spaced](java\tscript:alert('tab'))",
    "[entity](&#106;avascript:alert('entity'))",
    "[angle](<javascript:alert('angle')>)",
    "[ref][evil]",
    "![image](javascript:alert('image'))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[vb](vbscript:msgbox('vb'))",
    "<script>alert('tag')</script>",
    "<img src=x onerror=alert('img')>",
]
ATTRIBUTE_ATTACK = (
    "A paragraph with **bold** and `code`.\n"
    "{: onclick=\"alert('attr')\" onmouseover=\"alert('hover')\" }"
)
DEFINITION = "[evil]: javascript:alert('reference')"
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


class _Collector(HTMLParser):
    """Every start tag of a page with its attributes, and the text of <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self.scripts = ""  # the text of every inline <script>
        self._in = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = ""

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.scripts += data


def _parse(path: Path | str) -> _Collector:
    collector = _Collector()
    collector.feed(path if isinstance(path, str) else path.read_text(encoding="utf-8"))
    return collector


def _assert_inert(path: Path | str) -> None:
    """No script of the course's own, no event handler, no link that runs code."""
    parsed = _parse(path)
    assert "alert" not in parsed.scripts, f"{path}: a script runs the course's text"
    for tag, attrs in parsed.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{path}: <{tag} {name}=...>"
            if name in ("href", "src") and value:
                # as a browser reads a URL: tabs and newlines removed, the ends trimmed
                squeezed = re.sub(r"[\t\n\r]", "", value).strip(_C0_AND_SPACE).lower()
                assert not squeezed.startswith(("javascript:", "vbscript:", "data:text")), (
                    f"{path}: <{tag} {name}={value!r}>"
                )
        if tag == "script" and attrs.get("src"):
            assert "assets/" in str(attrs["src"]), f"{path}: a script from elsewhere: {attrs}"


def _yaml_block(text: str, indent: int = 4) -> str:
    pad = " " * indent
    return "|\n" + "\n".join(pad + line for line in text.split("\n"))


@pytest.fixture(scope="module")
def hostile_yaml_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini course with the attacks in every YAML field rendered as Markdown."""
    root = tmp_path_factory.mktemp("yaml") / "course"
    shutil.copytree(FIXTURES / "mini", root)
    attacks = "\n\n".join([*ATTACKS, ATTRIBUTE_ATTACK, DEFINITION])
    course = root / "curriculum" / "course.yml"
    course.write_text(
        course.read_text().replace(
            "description: A two-module course used by the tests.",
            "description: " + _yaml_block(attacks, 2),
        )
        + 'trusted_notebooks: []\n',
        encoding="utf-8",
    )
    module = root / "curriculum" / "modules" / "basics.yml"
    summary = "summary: " + _yaml_block(attacks, 2)
    module.write_text(
        module.read_text().replace("summary: The first steps.", summary), encoding="utf-8"
    )
    field = _yaml_block(attacks, 6)
    (root / "exercises" / "basics.yml").write_text(
        f"flashcards:\n  - q: What is safe?\n    a: {field}\n"
        f"scenarios:\n  - title: Hostile\n    situation: {field}\n    task: {field}\n"
        f"    answer: {field}\n"
        f"tasks:\n  - title: Hostile task\n    instructions: {field}\n",
        encoding="utf-8",
    )
    lesson = root / "lessons" / "basics" / "first-steps.md"
    title = 'title: "</title><script>alert(1)</script>"'
    lesson.write_text(lesson.read_text().replace("title: First steps", title), encoding="utf-8")
    result = runner.invoke(app, ["build", str(root), "--site-dir", str(root / "site")])
    assert result.exit_code == 0, result.output
    return root / "site"


@pytest.mark.slow
def test_no_yaml_field_publishes_anything_that_runs(hostile_yaml_site: Path) -> None:
    pages = sorted(hostile_yaml_site.rglob("*.html"))
    assert len(pages) > 5
    for path in pages:
        _assert_inert(path)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("page", "count"),
    [
        ("index.html", 1),  # the course description
        ("basics/index.html", 1),  # the module summary
        ("basics/exercises/index.html", 5),  # answer, situation, task, answer, instructions
    ],
)
def test_each_field_keeps_its_formatting(hostile_yaml_site: Path, page: str, count: int) -> None:
    html = (hostile_yaml_site / page).read_text(encoding="utf-8")
    assert html.count("<strong>bold</strong>") >= count  # emphasis survives
    assert html.count("<code>code</code>") >= count  # and code
    assert "alert('tag')" in html  # the tag shows as text...
    assert "<script>alert" not in html  # ...never as a tag


@pytest.mark.slow
def test_a_title_cannot_leave_the_title_element(hostile_yaml_site: Path) -> None:
    parsed = _parse(hostile_yaml_site / "basics" / "first-steps" / "index.html")
    assert "alert(1)" in parsed.title  # the whole title is in <title>, as text
    scripts = [attrs for tag, attrs in parsed.tags if tag == "script" and not attrs.get("src")]
    assert all("alert(1)" not in str(attrs) for attrs in scripts)
    html = (hostile_yaml_site / "basics" / "first-steps" / "index.html").read_text()
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("attack", [*ATTACKS, ATTRIBUTE_ATTACK, DEFINITION])
def test_the_filter_refuses_each_attack_alone(attack: str) -> None:
    import markdown

    html = markdown.markdown(block(attack), extensions=["attr_list", "md_in_html"])
    _assert_inert(html)
    assert "<script" not in html and "<img src=x" not in html
    makes_a_link = ("[inline]", "[cased]", "[entity]", "![image]", "[data]", "[vb]", "A", "[evil]")
    if attack.startswith(makes_a_link):  # the others render as text already
        assert markup_refusal(attack) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Plain **bold**, *em*, `code` and [a link](https://example.org/a?b=c#d).",
        "- one\n- [two](../other-module/lesson.md)\n- [mail](mailto:team@example.org)",
        "| a | b |\n|:--|--:|\n| 1 | 2 |",
        "A paragraph.\n{: .note #here }",
        "```python\nprint('<script>')\n```",
        "![diagram](img/diagram.png)",
    ],
)
def test_safe_formatting_is_kept_as_written(text: str) -> None:
    assert block(text) == text
    assert markup_refusal(text) is None


# --------------------------------------------------------------------------- links out


@pytest.mark.slow
def test_a_lesson_linked_outside_fails_the_build_and_leaks_nothing(tmp_path: Path) -> None:
    secret = tmp_path / "outside.md"
    secret.write_text("---\ntitle: Leak\nstudy_time: 1h\n---\nSECRET-OF-THE-CI-MACHINE\n")
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini", root)
    lesson = root / "lessons" / "basics" / "first-steps.md"
    lesson.unlink()
    lesson.symlink_to(secret)
    image = root / "lessons" / "basics" / "leak.txt"
    image.symlink_to(secret)
    site = tmp_path / "site"
    result = runner.invoke(app, ["build", str(root), "--site-dir", str(site)])
    assert result.exit_code == 1
    assert (
        f"error: lessons/basics/first-steps.md: is a link to {secret}, outside the course folder"
        in result.output
    )
    assert f"error: lessons/basics/leak.txt: is a link to {secret}" in result.output
    assert "Traceback" not in result.output
    leaked = [p for p in site.rglob("*") if p.is_file() and b"SECRET-OF-THE-CI" in p.read_bytes()]
    assert leaked == []


@pytest.mark.slow
def test_a_docs_file_linked_outside_is_not_published(tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("SECRET-OF-THE-CI-MACHINE\n")
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini", root)
    (root / "docs").mkdir()
    (root / "docs" / "about.md").write_text("# About\n")
    (root / "docs" / "leak.md").symlink_to(secret)
    (root / "mkdocs.yml").write_text(
        "site_name: S\ndocs_dir: docs\ntheme: {name: material}\nplugins: [coursekit]\n"
    )
    site = tmp_path / "site"
    result = runner.invoke(app, ["build", str(root), "--site-dir", str(site)])
    assert result.exit_code == 1, result.output
    assert f"error: docs/leak.md: is a link to {secret}, outside the course folder" in result.output
    out = tmp_path / "rendered"
    rendered = runner.invoke(app, ["render", str(root), "--out", str(out)])
    assert rendered.exit_code == 1
    assert f"error: docs/leak.md: is a link to {secret}" in rendered.output
    for folder in (site, out):
        assert not [p for p in folder.rglob("*") if p.is_file() and b"SECRET" in p.read_bytes()]


@pytest.mark.slow
def test_a_link_inside_the_course_is_published(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini", root)
    (root / "shared").mkdir()
    (root / "shared" / "notes.txt").write_text("shared notes\n")
    (root / "lessons" / "basics" / "notes.txt").symlink_to(root / "shared" / "notes.txt")
    site = tmp_path / "site"
    result = runner.invoke(app, ["build", str(root), "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    assert (site / "basics" / "notes.txt").read_text() == "shared notes\n"


# --------------------------------------------------------------------------- notebooks


RICH_OUTPUT = {
    "text/html": ["<div onclick=\"alert('html')\">an HTML table</div>"],
    "application/javascript": ["alert('js')"],
    "text/markdown": ["[md](javascript:alert('md'))"],
    "text/plain": ["<a table, as text>"],
}


def _notebook(outputs: list[dict]) -> dict:
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"coursekit": {"title": "Outputs", "study_time": "1h"}},
        "cells": [
            {
                "cell_type": "code",
                "execution_count": 1,
                "metadata": {},
                "source": "show()",
                "outputs": outputs,
            }
        ],
    }


def _display(data: dict) -> dict:
    return {"output_type": "display_data", "metadata": {}, "data": data}


def test_untrusted_outputs_show_their_text_or_image_form() -> None:
    body = cells_to_markdown(_notebook([_display(RICH_OUTPUT)]))
    assert "alert" not in body
    assert "```text\n<a table, as text>\n```" in body
    only_js = cells_to_markdown(_notebook([_display({"application/javascript": ["alert(1)"]})]))
    assert "alert" not in only_js and "<script" not in only_js
    image = {"text/html": ["<b onclick=x>"], "image/png": ["iVBORw0KGgo="]}
    assert "![output](data:image/png;base64,iVBORw0KGgo=)" in cells_to_markdown(
        _notebook([_display(image)])
    )
    markdown_only = cells_to_markdown(_notebook([_display({"text/markdown": ["**x** <b>"]})]))
    assert markdown_only.endswith("```text\n**x** <b>\n```\n")


def test_trusted_outputs_are_published_as_they_are() -> None:
    body = cells_to_markdown(_notebook([_display(RICH_OUTPUT)]), trusted=True)
    assert "<div onclick=\"alert('html')\">an HTML table</div>" in body
    js = cells_to_markdown(_notebook([_display({"application/javascript": ["go()"]})]), True)
    assert js.endswith("<script>\ngo()\n</script>\n")


@pytest.mark.parametrize("trusted", [False, True])
@pytest.mark.slow
def test_a_built_notebook_page_follows_the_trust(tmp_path: Path, trusted: bool) -> None:
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini", root)
    (root / "lessons" / "basics" / "first-steps.md").unlink()
    notebook = _notebook([_display(RICH_OUTPUT)])
    notebook["metadata"]["coursekit"]["title"] = "First steps"
    (root / "lessons" / "basics" / "first-steps.ipynb").write_text(json.dumps(notebook))
    if trusted:
        course = root / "curriculum" / "course.yml"
        course.write_text(course.read_text() + "trusted_notebooks: [first-steps]\n")
    site = tmp_path / "site"
    result = runner.invoke(app, ["build", str(root), "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    html = (site / "basics" / "first-steps" / "index.html").read_text(encoding="utf-8")
    assert ("onclick=\"alert('html')\"" in html) is trusted  # Jupyter shows HTML first
    assert "alert('js')" not in html  # one form of each output: the HTML one here
    if not trusted:
        assert "&lt;a table, as text&gt;" in html
