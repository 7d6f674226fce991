"""The parts the engine adapters share, on real files: the mirror, the link check, mkdocs.yml."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coursekit.errors import CourseError
from coursekit.site import site_config
from coursekit.site.link_check import broken_links, page_html
from coursekit.site.mirror import mirror

# --------------------------------------------------------------------------- mirror


def test_mirror_writes_only_what_changed_and_removes_what_is_gone(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    image = tmp_path / "plot.png"
    image.write_bytes(b"\x89PNG")
    written = mirror(folder, {"a.md": "one", "b/c.md": "two", "img/plot.png": image})
    assert sorted(written) == ["a.md", "b/c.md", "img/plot.png"]
    past = 1_000_000_000_000_000_000
    for path in folder.rglob("*.md"):
        os.utime(path, ns=(past, past))
    (folder / ".cache").mkdir()
    (folder / ".cache" / "state").write_text("engine's own")

    again = mirror(folder, {"a.md": "one", "b/c.md": "two, edited", "img/plot.png": image})
    assert again == ["b/c.md"]
    assert (folder / "a.md").stat().st_mtime_ns == past  # unchanged: its time is kept
    assert (folder / "b" / "c.md").read_text() == "two, edited"

    assert mirror(folder, {"a.md": "one"}) == []
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        ".cache/state",  # hidden files are the engine's, never deleted
        "a.md",
    ]
    assert not (folder / "b").exists() and not (folder / "img").exists()


def test_mirror_copies_a_file_again_when_it_changes(tmp_path: Path) -> None:
    source = tmp_path / "diagram.svg"
    source.write_text("<svg/>")
    mirror(tmp_path / "out", {"diagram.svg": source})
    assert mirror(tmp_path / "out", {"diagram.svg": source}) == []
    source.write_text("<svg><rect/></svg>")
    assert mirror(tmp_path / "out", {"diagram.svg": source}) == ["diagram.svg"]
    assert (tmp_path / "out" / "diagram.svg").read_text() == "<svg><rect/></svg>"


# --------------------------------------------------------------------------- link check


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for rel, body in pages.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    return root


def test_links_that_land_on_pages_files_and_anchors_pass(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {
        "index.html": '<a href="basics/">b</a> <a href="#top" id="top">t</a> '
                      '<a href="https://example.org/x">web</a> <a href="/abs/">abs</a> '
                      '<a href="mailto:a@b.c">mail</a>',
        "basics/index.html": '<a href="first/#part-1">one</a> <img src="../img/p.png">'
                             "<a href='../'>home</a>",
        "basics/first/index.html": '<h2 id="part-1">Part 1</h2><a href="../">up</a>',
        "img/p.png": "",
        "404.html": '<a href="nowhere/">ignored: the server page</a>',
    })  # fmt: skip
    assert broken_links(site) == []


def test_broken_links_and_anchors_are_one_problem_each_naming_the_source(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {
        "index.html": '<a href="missing/">x</a><a href="missing/">again</a>',
        "basics/first/index.html": '<a href="../second/#nope">n</a><img src="../../../up.png">'
                                   '<a href="#here">self</a>',
        "basics/second/index.html": '<h2 id="yes">Yes</h2>',
    })  # fmt: skip
    problems = broken_links(site, {"basics/first/index.html": "lessons/basics/first.md"})
    assert [str(p) for p in problems] == [
        "lessons/basics/first.md: link '../second/#nope' names no anchor 'nope' on "
        "basics/second/ (on basics/first/)",
        "lessons/basics/first.md: link '../../../up.png' leads outside the site (on basics/first/)",
        "lessons/basics/first.md: link '#here' names no anchor 'here' on basics/first/ "
        "(on basics/first/)",
        "site page /: link 'missing/' leads to no page or file of the site (on /)",
    ]


def test_page_html_follows_directory_urls() -> None:
    assert page_html("basics/first-steps.md") == "basics/first-steps/index.html"
    assert page_html("basics/index.md") == "basics/index.html"
    assert page_html("index.md") == "index.html"
    assert page_html("timeline.md", directory_urls=False) == "timeline.html"


# --------------------------------------------------------------------------- mkdocs.yml


def test_engine_tags_survive_a_read_and_a_write(tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text(
        "site_name: !ENV [SITE_NAME, Course]\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - search\n  - coursekit:\n      engine: zensical\n",
        encoding="utf-8",
    )
    settings = site_config.read(path)
    assert site_config.plugin_options(settings) == {"engine": "zensical"}
    assert site_config.without_plugin(settings["plugins"]) == ["search"]
    text = site_config.dump(settings)
    assert "!ENV" in text and "!!python/name:material.extensions.emoji.twemoji" in text
    path.write_text(text, encoding="utf-8")
    assert site_config.read(path) == settings


def test_plugin_options_in_every_shape() -> None:
    assert site_config.plugin_options({"plugins": ["search", "coursekit"]}) == {}
    assert site_config.plugin_options({"plugins": {"coursekit": {"engine": "mkdocs"}}}) == {
        "engine": "mkdocs"
    }
    assert site_config.plugin_options({"plugins": ["search"]}) is None
    assert site_config.plugin_options({}) is None


def test_a_broken_mkdocs_yml_is_one_line_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: x\nplugins: [search\n", encoding="utf-8")
    with pytest.raises(CourseError) as caught:
        site_config.read(path)
    (problem,) = caught.value.problems
    assert problem.path == "mkdocs.yml" and problem.line is not None
    assert problem.message.startswith("not valid YAML")
    path.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(CourseError, match="must be a mapping"):
        site_config.read(path)


def test_an_unclosed_quote_in_mkdocs_yml_is_reported_where_it_opened(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from coursekit.cli import app

    course = tmp_path / "course"
    assert CliRunner().invoke(app, ["init", str(course), "--title", "Data Basics"]).exit_code == 0
    path = course / "mkdocs.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, x in enumerate(lines) if x.startswith("site_name:"))
    lines[number] = 'site_name: "Data Basics'
    assert any('"' in x for x in lines[number + 2 :])  # a later quote closes it, far below
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CourseError) as caught:
        site_config.read(path)
    (problem,) = caught.value.problems
    assert problem.line == number + 1
    assert problem.message.startswith("not valid YAML: a quote opened on this line is not closed")

    path.write_text("site_name: x\nsite_description: 'never closed\nnav: []\n", encoding="utf-8")
    with pytest.raises(CourseError) as caught:
        site_config.read(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.message) == (
        2,
        "not valid YAML: a quote opened on this line is not closed",
    )


def test_docs_dir_defaults_like_coursekit_build(tmp_path: Path) -> None:
    assert site_config.docs_dir(tmp_path, None) == (tmp_path / "lessons").resolve()
    assert site_config.docs_dir(tmp_path, {}) == (tmp_path / "lessons").resolve()
    (tmp_path / "docs").mkdir()
    assert site_config.docs_dir(tmp_path, {}) == (tmp_path / "docs").resolve()
    assert site_config.docs_dir(tmp_path, {"docs_dir": "pages"}) == (tmp_path / "pages").resolve()
