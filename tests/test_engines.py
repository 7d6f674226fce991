"""Both engines, MkDocs and Zensical, build the same site: real builds, then the HTML is read.

The example course is built once with each engine (``coursekit build --engine``) and
the two sites are compared page by page; smaller courses check the engine choice,
Zensical's strict link check, MkDocs' partial rebuilds and ProperDocs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coursekit.checks.check import check_course
from coursekit.cli import app
from coursekit.model import Course
from coursekit.site.render import CourseMap, ExercisesPage
from site_html import Node, content, page, plain, table_rows

pytestmark = pytest.mark.slow  # every test here runs a real engine

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
ENGINES = ("mkdocs", "zensical")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
runner = CliRunner()


def copy_course(source: Path, target: Path) -> Path:
    """The course files of ``source`` (never its site or build folders)."""
    for name in ("curriculum", "lessons", "exercises", "templates", "docs"):
        if (source / name).is_dir() and not (source == REPO and name == "docs"):
            shutil.copytree(source / name, target / name)
    for name in ("mkdocs.yml",):
        if (source / name).is_file():
            shutil.copy(source / name, target / name)
    return target


def build(root: Path, engine: str, *args: str) -> tuple[Path, str]:
    """``coursekit build --engine ENGINE``; the site folder and the output."""
    site = root.parent / f"site-{engine}"
    result = runner.invoke(
        app, ["build", str(root), "--engine", engine, "--site-dir", str(site), *args]
    )
    assert result.exit_code == 0, result.output
    return site, result.output


@pytest.fixture(scope="module")
def example_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Course, dict[str, Path]]:
    """The example course built strictly with each engine."""
    root = copy_course(REPO, tmp_path_factory.mktemp("example") / "course")
    sites = {}
    for engine in ENGINES:
        sites[engine], output = build(root, engine, "--strict")
        assert "warning" not in output.lower()
    return check_course(root).course, sites


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}


def address(rel: str) -> str:
    return rel.removesuffix("index.html") or "."


def controls(root: Node) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """The progress controls of a page: each element with data-ck-* attributes, in order."""
    found = root.all(lambda n: any(a.startswith("data-ck-") for a in n.attrs))
    return [(n.tag, sorted((a, v) for a, v in n.attrs.items() if a.startswith("data-ck-")))
            for n in found]  # fmt: skip


# --------------------------------------------------------------------------- the same site


def test_both_engines_build_the_same_pages_with_the_same_text(
    example_sites: tuple[Course, dict[str, Path]],
) -> None:
    course, sites = example_sites
    mkdocs, zensical = sites["mkdocs"], sites["zensical"]
    pages = html_pages(mkdocs)
    assert pages == html_pages(zensical)
    expected = {f"{lesson.module}/{lesson.id}/index.html" for lesson in course.lessons()}
    expected |= {f"{m.id}/index.html" for m in course.modules}
    expected |= {f"{m.id}/exercises/index.html" for m in course.modules if m.has_exercises}
    expected |= {"index.html", "timeline/index.html", "study-plans/index.html"}
    assert expected <= pages
    for rel in sorted(pages):
        one, other = content(page(mkdocs, address(rel))), content(page(zensical, address(rel)))
        assert one.text == other.text, rel
        assert controls(one) == controls(other), rel
    assert (mkdocs / "course.json").read_bytes() == (zensical / "course.json").read_bytes()
    index = json.loads((zensical / "course.json").read_text(encoding="utf-8"))
    assert [m["id"] for m in index["modules"]] == [m.id for m in course.modules]
    for site in (mkdocs, zensical):
        assets = {p.name for p in (site / "assets" / "coursekit").iterdir()}
        assert {"coursekit.js", "coursekit.css", "app.js"} <= assets
        home = page(site, ".")
        scripts = [n.attrs.get("src") or "" for n in home.tags("script")]
        assert any(s.endswith("assets/coursekit/coursekit.js") for s in scripts)
        styles = [n.attrs.get("href") or "" for n in home.tags("link")]
        assert any(s.endswith("assets/coursekit/coursekit.css") for s in styles)


def lesson_facts(site: Path, module: str, lesson: str) -> dict[str, object]:
    article = content(page(site, f"{module}/{lesson}"))
    (card,) = article.all(lambda n: "admonition" in n.classes() and "abstract" in n.classes())
    pager = article.all(lambda n: "ck-pager" in n.classes())
    return {
        "title": article.tags("h1")[0].text.rstrip("¶").strip(),
        "card": card.text,
        "objectives": [li.text for li in card.tags("li")],
        "pager": [(a.classes(), a.text) for a in (pager[0].tags("a") if pager else [])],
        "done": [
            n.attrs.get("data-ck-lesson")
            for n in article.all(lambda n: "data-ck-lesson" in n.attrs)
        ],  # fmt: skip
    }


def test_every_lesson_has_its_title_time_objectives_and_neighbours_on_both(
    example_sites: tuple[Course, dict[str, Path]],
) -> None:
    course, sites = example_sites
    sequence = CourseMap(course)  # each module's lessons, then its exercises page
    for lesson in course.lessons():
        facts = {e: lesson_facts(sites[e], lesson.module, lesson.id) for e in ENGINES}
        assert facts["mkdocs"] == facts["zensical"], lesson.id
        seen = facts["zensical"]
        assert seen["title"] == plain(lesson.title)
        assert f"Study time: {lesson.study_time}" in str(seen["card"])
        assert seen["objectives"][: len(lesson.objectives)] == [plain(o) for o in lesson.objectives]
        assert seen["done"] == ([] if lesson.status == "planned" else [lesson.id])  # "Mark as done"
        texts = [text for _, text in seen["pager"]]  # type: ignore[union-attr]
        before, after = sequence.previous_stop(lesson), sequence.next_stop(lesson)
        if before is not None:
            what = "Previous: exercises" if isinstance(before, ExercisesPage) else "Previous lesson"
            assert f"← {what} {plain(before.title)}" in texts
        if after is not None:
            what = "Next: exercises →" if isinstance(after, ExercisesPage) else "Next lesson →"
            assert f"{what} {plain(after.title)}" in texts


def test_every_flashcard_is_closed_with_its_answer_on_both(
    example_sites: tuple[Course, dict[str, Path]],
) -> None:
    course, sites = example_sites
    for engine in ENGINES:
        cards = 0
        for module in course.modules:
            if not module.has_exercises:
                continue
            article = content(page(sites[engine], f"{module.id}/exercises"))
            holders = article.all(lambda n: "data-ck-card" in n.attrs)
            assert [h.attrs["data-ck-card"] for h in holders] == [c.id for c in module.flashcards]
            for holder, card in zip(holders, module.flashcards, strict=True):
                details = holder.elements[0]
                assert details.tag == "details" and "open" not in details.attrs, engine
                summary, *answer = details.elements
                assert summary.text == plain(card.q)
                assert " ".join(node.text for node in answer).strip(), (engine, card.id)
                cards += 1
        assert cards == sum(len(m.flashcards) for m in course.modules) > 0


def test_study_plans_and_home_tables_agree_on_both(
    example_sites: tuple[Course, dict[str, Path]],
) -> None:
    course, sites = example_sites
    for path in (".", "study-plans", "timeline"):
        tables = {e: [table_rows(t) for t in content(page(sites[e], path)).tags("table")]
                  for e in ENGINES}  # fmt: skip
        assert tables["mkdocs"] == tables["zensical"] and tables["zensical"], path
    headings = {e: [h.text for h in content(page(sites[e], "study-plans")).tags("h2")]
                for e in ENGINES}  # fmt: skip
    assert headings["mkdocs"] == headings["zensical"]
    assert len(headings["zensical"]) >= len(course.paces) > 0  # a section per pace


# --------------------------------------------------------------------------- a generated course


@pytest.mark.parametrize("engine", ENGINES)
def test_a_course_made_with_init_and_new_builds_with_each_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    root = tmp_path / "made"
    result = runner.invoke(app, ["init", str(root), "--title", "Data Basics"])
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(root)
    for args in (
        ["new", "module", "deployment", "--title", "Deploying Models"],
        ["new", "lesson", "deployment", "serving", "--title", "Serving Basics", "--time", "1-2h"],
        ["new", "flashcard", "deployment", "--q", "What is online serving?",
         "--a", "Answering requests as they arrive.", "--lesson", "serving"],
    ):  # fmt: skip
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    site, output = build(root, engine, "--strict")
    assert f"with {'Zensical' if engine == 'zensical' else 'MkDocs'}" in output
    lesson = content(page(site, "deployment/serving"))
    assert lesson.tags("h1")[0].text.startswith("Serving Basics")
    exercises = content(page(site, "deployment/exercises"))
    (details,) = exercises.tags("details")
    assert "open" not in details.attrs and "What is online serving?" in details.text
    assert json.loads((site / "course.json").read_text(encoding="utf-8"))["title"] == "Data Basics"


# --------------------------------------------------------------------------- choosing the engine


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return copy_course(FIXTURES / "mini", tmp_path / "mini")


def engine_of(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = runner.invoke(app, ["build", str(root), "--json", *args], env=env)
    assert result.exit_code == 0, result.output
    return str(json.loads(result.output)["engine"])


def test_the_engine_comes_from_the_option_the_environment_or_mkdocs_yml(mini: Path) -> None:
    assert engine_of(mini, env={"COURSEKIT_ENGINE": ""}) == "mkdocs"  # the default
    assert engine_of(mini, env={"COURSEKIT_ENGINE": "zensical"}) == "zensical"
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (mini / "mkdocs.yml").write_text(
        config.replace("  - coursekit", "  - coursekit:\n      engine: zensical"), encoding="utf-8"
    )
    assert engine_of(mini, env={"COURSEKIT_ENGINE": ""}) == "zensical"
    assert engine_of(mini, "--engine", "mkdocs") == "mkdocs"  # the option wins
    # MkDocs itself accepts the option (and builds with MkDocs, as asked).
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=mini,
                           env=ENV, capture_output=True, text=True)  # fmt: skip
    assert built.returncode == 0, built.stderr


def test_an_unknown_engine_is_one_line_naming_where_it_was_asked_for(mini: Path) -> None:
    result = runner.invoke(app, ["build", str(mini), "--engine", "hugo"])
    assert result.exit_code == 1
    assert "error: --engine: unknown engine 'hugo': choose mkdocs or zensical" in result.output
    result = runner.invoke(app, ["build", str(mini)], env={"COURSEKIT_ENGINE": "jekyll"})
    assert result.exit_code == 1
    assert "error: COURSEKIT_ENGINE: unknown engine 'jekyll'" in result.output
    assert "Traceback" not in result.output


def test_a_dated_course_publishes_the_same_calendars_with_each_engine(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The study plans' .ics files come from the one list of generated files: Zensical
    publishes them as MkDocs does, and its strict link check finds the page's links."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    course_yml = mini / "curriculum" / "course.yml"
    course_yml.write_text(course_yml.read_text(encoding="utf-8") + "start: 2026-03-02\n")
    sites = {engine: build(mini, engine, "--strict")[0] for engine in ENGINES}
    paces = check_course(mini).course.paces
    assert paces
    for pace in paces:
        made = {e: (site / "calendars" / f"{pace}.ics").read_bytes() for e, site in sites.items()}
        assert made["zensical"] == made["mkdocs"]
        assert b"BEGIN:VCALENDAR" in made["zensical"]
    plans = content(page(sites["zensical"], "study-plans"))
    links = [n.attrs.get("href") for n in plans.tags("a")]
    assert "../calendars/moderate.ics" in links


# --------------------------------------------------------------------------- strict Zensical


def test_strict_zensical_build_fails_on_a_broken_link_and_anchor(mini: Path) -> None:
    lesson = mini / "lessons" / "basics" / "first-steps.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8")
        + "\nSee [a page](missing.md) and [a part](second-steps.md#no-such-part).\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["build", str(mini), "--engine", "zensical", "--strict"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert lines[0] == (
        "error: lessons/basics/first-steps.md: link '../missing/' leads to no page or file "
        "of the site (on basics/first-steps/)"
    )
    assert "names no anchor 'no-such-part' on basics/second-steps/" in lines[1]
    assert lines[-1] == "error: zensical: aborted with 2 warnings in strict mode"
    assert "Traceback" not in result.output
    assert not (mini / "site").exists()  # a failed strict build publishes nothing
    relaxed = runner.invoke(app, ["build", str(mini), "--engine", "zensical"])
    assert relaxed.exit_code == 0
    assert "warning: lessons/basics/first-steps.md: link '../missing/'" in relaxed.output
    assert (mini / "site" / "basics" / "first-steps" / "index.html").is_file()


def test_zensical_build_reports_course_errors_and_warnings_like_mkdocs(mini: Path) -> None:
    (mini / "lessons" / "basics" / "stray.md").write_text("---\ntitle: Stray\n---\n")
    result = runner.invoke(app, ["build", str(mini), "--engine", "zensical", "--strict"])
    assert result.exit_code == 1
    assert "warning: coursekit: lessons/basics/stray.md: lesson file is not listed" in result.output
    assert "error: zensical: aborted with 1 warning in strict mode" in result.output
    lesson = mini / "lessons" / "basics" / "first-steps.md"
    lesson.write_text(lesson.read_text().replace("study_time: 1-2h", "study_time: 2-1h"))
    broken = runner.invoke(app, ["build", str(mini), "--engine", "zensical"])
    assert broken.exit_code == 1
    assert "error: lessons/basics/first-steps.md:3: study_time:" in broken.output


def test_zensical_errors_end_in_one_line_each(mini: Path) -> None:
    (mini / "mkdocs.yml").write_text("docs_dir: lessons\nplugins: [coursekit]\n")  # no site_name
    result = runner.invoke(app, ["build", str(mini), "--engine", "zensical"])
    assert result.exit_code == 1
    assert "error: zensical: Missing required setting: site_name" in result.output
    assert "Traceback" not in result.output


def test_zensical_rewrites_only_the_pages_whose_content_changed(mini: Path) -> None:
    from coursekit.course.loader import load_course
    from coursekit.site.zensical import build_folder, prepare

    folder = build_folder(mini)
    first = prepare(mini, load_course(mini), folder)
    assert "basics/first-steps.md" in first.written and (folder / "mkdocs.yml").is_file()
    again = prepare(mini, load_course(mini), folder)
    assert again.written == []
    lesson = mini / "lessons" / "basics" / "first-steps.md"
    lesson.write_text(lesson.read_text().replace("Welcome.", "Welcome, edited."))
    edited = prepare(mini, load_course(mini), folder)
    assert edited.written == ["basics/first-steps.md"]


# ------------------------------------------------------------------- MkDocs' partial rebuilds


def page_htmls(site: Path) -> dict[str, tuple[int, bytes]]:
    return {rel: ((site / rel).stat().st_mtime_ns, (site / rel).read_bytes())
            for rel in html_pages(site)}  # fmt: skip


def test_dirty_serve_builds_rebuild_one_page_for_a_body_edit_and_all_for_a_title(
    mini: Path,
) -> None:
    """What `coursekit serve` does on every edit: a dirty build, with the plugin kept."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    shutil.copy(REPO / "mkdocs.yml", mini / "mkdocs.yml")
    site = mini.parent / "served"

    def rebuild() -> dict[str, tuple[int, bytes]]:
        config = load_config(str(mini / "mkdocs.yml"), site_dir=str(site))
        mkdocs_build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
        return page_htmls(site)

    config = load_config(str(mini / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        before = rebuild()
        assert len(before) == 11  # the pages of the mini course, the Review page among them
        lesson = mini / "lessons" / "basics" / "first-steps.md"
        lesson.write_text(lesson.read_text().replace("Welcome.", "Welcome, edited."))
        after = rebuild()
        changed = {rel for rel in after if after[rel] != before[rel]}
        assert changed == {"basics/first-steps/index.html"}
        assert b"Welcome, edited." in after["basics/first-steps/index.html"][1]
        module = mini / "curriculum" / "modules" / "basics.yml"
        module.write_text(module.read_text().replace("title: Basics", "title: Fundamentals"))
        renamed = rebuild()
        assert all(renamed[rel] != after[rel] for rel in renamed)
        for rel in renamed:  # every page's navigation has the new title
            (nav,) = page(site, address(rel)).all(
                lambda n: n.tag == "nav" and "md-nav--primary" in n.classes()
            )
            assert "Fundamentals" in nav.text, rel
    finally:
        config.plugins.on_shutdown()


# --------------------------------------------------------------------------- ProperDocs


def test_properdocs_builds_the_course_with_the_plugin_and_material(tmp_path: Path) -> None:
    root = copy_course(FIXTURES / "mini", tmp_path / "mini")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    built = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict"],
        cwd=root,
        env={**ENV, "DISABLE_MKDOCS_2_WARNING": "true"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr
    exercises = content(page(root / "site", "basics/exercises"))
    assert len(exercises.all(lambda n: "data-ck-card" in n.attrs)) == 2
    assert (root / "site" / "course.json").is_file()
    assert (root / "site" / "assets" / "coursekit" / "coursekit.js").is_file()


def test_zensical_publishes_where_mkdocs_yml_says_and_never_over_the_course(mini: Path) -> None:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (mini / "mkdocs.yml").write_text(config + "site_dir: public\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(mini), "--engine", "zensical"])
    assert result.exit_code == 0, result.output
    assert (mini / "public" / "basics" / "first-steps" / "index.html").is_file()
    assert not (mini / "site").exists()
    for bad in (mini, mini / "lessons" / "out", mini / ".coursekit" / "x"):
        refused = runner.invoke(
            app, ["build", str(mini), "--engine", "zensical", "--site-dir", str(bad)]
        )
        assert refused.exit_code == 1
        assert "the site folder would overwrite the course" in refused.output
