"""Real site builds: `mkdocs build --strict` and `coursekit build`, then the HTML is read.

Each site is built once per module (a strict build takes a few seconds) and every test
reads the pages it needs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coursekit.checks.check import check_course
from coursekit.cli import app
from coursekit.model import Course
from coursekit.plan.scheduler import pace_rows
from coursekit.review.cards import make_scheduler
from coursekit.site.assets import STATIC
from site_html import content, page, plain, table_rows

pytestmark = pytest.mark.slow  # every test here reads a site built by MkDocs

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
runner = CliRunner()


# --------------------------------------------------------------------------- sites


def run_mkdocs(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*MKDOCS, "build", *args], cwd=folder, env=ENV, capture_output=True, text=True, timeout=300
    )


@dataclass
class Site:
    path: Path
    course: Course
    log: str


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The repository's example course, built by MkDocs itself in strict mode."""
    out = tmp_path_factory.mktemp("example") / "site"
    result = run_mkdocs(REPO, "--strict", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    return Site(out, check_course(REPO).course, result.stderr)


def mini_copy(target: Path) -> Path:
    """The mini course plus an image next to its first lesson."""
    shutil.copytree(FIXTURES / "mini", target)
    (target / "lessons" / "basics" / "img").mkdir()
    (target / "lessons" / "basics" / "img" / "diagram.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8"
    )
    lesson = target / "lessons" / "basics" / "first-steps.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8") + "\n![A diagram](img/diagram.svg)\n", encoding="utf-8"
    )
    return target


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The mini course (no mkdocs.yml of its own), built with `coursekit build`."""
    root = mini_copy(tmp_path_factory.mktemp("mini") / "mini")
    result = runner.invoke(app, ["build", str(root)])
    assert result.exit_code == 0, result.output
    return Site(root / "site", check_course(root).course, result.output)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Titles and questions full of quotes, pipes, tags and backticks, built strictly."""
    root = tmp_path_factory.mktemp("hostile") / "hostile"
    shutil.copytree(FIXTURES / "hostile", root)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    result = run_mkdocs(root, "--strict")
    assert result.returncode == 0, result.stderr
    return Site(root / "site", check_course(root).course, result.stderr)


# --------------------------------------------------------------------------- the example course


def test_example_course_builds_strictly_without_warnings(example_site: Site) -> None:
    assert "WARNING" not in example_site.log
    assert "Documentation built" in example_site.log
    for module in example_site.course.modules:
        assert (example_site.path / module.id / "index.html").is_file()
        for lesson in module.lessons:
            assert (example_site.path / module.id / lesson.id / "index.html").is_file()


def test_every_flashcard_answer_sits_in_a_closed_details(example_site: Site) -> None:
    cards = 0
    for module in example_site.course.modules:
        if not module.has_exercises:
            continue
        article = content(page(example_site.path, f"{module.id}/exercises"))
        holders = article.all(lambda n: "data-ck-card" in n.attrs)
        assert [h.attrs["data-ck-card"] for h in holders] == [c.id for c in module.flashcards]
        for holder, card in zip(holders, module.flashcards, strict=True):
            details = holder.elements[0]
            assert details.tag == "details" and "open" not in details.attrs
            summary, *answer = details.elements
            assert summary.tag == "summary" and summary.text == plain(card.q)
            answer_text = " ".join(node.text for node in answer)
            for word in re.findall(r"[A-Za-z]{5,}", card.a)[:6]:
                assert word in answer_text, (card.id, word)
            cards += 1
        for scenario in module.scenarios:
            (heading,) = article.all(lambda n, s=scenario: n.attrs.get("id") == s.id)
            assert heading.tag == "h3" and heading.text.startswith(plain(scenario.title))
    assert cards == sum(len(m.flashcards) for m in example_site.course.modules) > 0


def test_home_page_totals_and_pace_table(example_site: Site) -> None:
    course = example_site.course
    article = content(page(example_site.path, "."))
    assert article.tags("h1")[0].text.startswith(course.title)
    tables = [table_rows(t) for t in article.tags("table")]
    modules, paces = tables[0], tables[1]

    def lessons_text(lessons: list, short: bool = True) -> str:
        ready = sum(1 for x in lessons if x.available)
        soon = len(lessons) - ready
        return f"{ready} ready" + (f", {soon} coming soon" if soon else "")

    every = list(course.lessons())
    assert modules[-1] == ["Total", lessons_text(every), str(course.study_time)]
    for n, (row, module) in enumerate(zip(modules[1:-1], course.modules, strict=True), 1):
        assert row == [f"{n}. {module.title}", lessons_text(list(module.lessons)),
                       str(module.study_time)]  # fmt: skip
    ready = sum(1 for x in every if x.available)
    assert f"{ready} lessons ready, {len(every) - ready} coming soon" in article.text
    for row, expected in zip(paces[1:], pace_rows(course), strict=True):
        assert row[0] == expected.name.capitalize()
        assert row[1] == str(expected.hours_per_day)
        assert row[4].startswith(expected.window.weeks_text)
    assert str(course.study_time) in article.text


def test_timeline_lists_every_lesson_with_running_and_module_totals(example_site: Site) -> None:
    course = example_site.course
    article = content(page(example_site.path, "timeline"))
    tables = [table_rows(t) for t in article.tags("table")]
    assert len(tables) == len(course.modules) + 1
    low = high = 0
    for rows, module in zip(tables[:-1], course.modules, strict=True):
        for row, lesson in zip(rows[1:-1], module.lessons, strict=True):
            low, high = low + lesson.study_time.low, high + lesson.study_time.high
            badge = {"draft": " Draft", "planned": " Coming soon"}.get(lesson.status, "")
            assert row[1:3] == [lesson.title + badge, str(lesson.study_time)]
            assert row[3] == str(type(lesson.study_time)(low, high))
        assert rows[-1][1:3] == ["Module total", str(module.study_time)]
    every = list(course.lessons())
    ready = sum(1 for x in every if x.available)
    assert tables[-1][-1][1:4] == ["Total", f"{ready} ready, {len(every) - ready} coming soon",
                                   str(course.study_time)]  # fmt: skip
    assert (low, high) == (course.study_time.low, course.study_time.high)


def test_navigation_follows_the_curriculum_order(example_site: Site) -> None:
    course = example_site.course

    def nav_links(path: str) -> list[str]:
        (nav,) = page(example_site.path, path).all(
            lambda n: n.tag == "nav" and "md-nav--primary" in n.classes()
        )
        hrefs = [a.attrs.get("href") or "" for a in nav.tags("a")]
        return [h for h in hrefs if not h.startswith("#")]  # the page's own table of contents

    home = [h for h in nav_links(".") if h not in ("", ".", "./")]
    assert home[:3] == ["timeline/", "study-plans/", "review/"]
    assert [h.split("/")[0] for h in home[3:]] == [m.id for m in course.modules]
    first = course.modules[0]
    inside = [h for h in nav_links(f"{first.id}/") if h.startswith("../") is False]
    expected = [f"{lesson.id}/" for lesson in first.lessons]
    expected += ["exercises/"] if first.has_exercises else []
    assert [h for h in inside if h in expected] == expected


def test_lesson_page_has_its_header_card_and_neighbours(example_site: Site) -> None:
    course = example_site.course
    lesson = next(x for x in course.lessons() if x.requires and x.status == "ready")
    article = content(page(example_site.path, f"{lesson.module}/{lesson.id}"))
    (card,) = article.all(lambda n: "admonition" in n.classes() and "abstract" in n.classes())
    assert f"Study time: {lesson.study_time}" in card.text
    for objective in lesson.objectives:
        assert plain(objective) in card.text
    links = {a.text for a in card.tags("a")}
    assert {course.lesson(r).title for r in lesson.requires} <= links
    assert article.all(lambda n: n.attrs.get("data-ck-lesson") == lesson.id)
    (pager,) = article.all(lambda n: "ck-pager" in n.classes())
    assert pager.tag == "nav"
    previous, following = pager.tags("a")  # previous first (left), then next (right)
    index = [x.id for x in course.lessons()].index(lesson.id)
    before, after = list(course.lessons())[index - 1], list(course.lessons())[index + 1]
    assert previous.classes() == ["ck-pager__link", "ck-pager__link--prev"]
    assert previous.text == f"← Previous lesson {plain(before.title)}"
    assert following.classes() == ["ck-pager__link", "ck-pager__link--next"]
    assert following.text == f"Next lesson → {plain(after.title)}"


def test_home_page_shows_progress_at_the_top_and_exchange_at_the_bottom(
    example_site: Site,
) -> None:
    article = content(page(example_site.path, "."))
    order = [n for n in article.all(lambda n: n.tag in ("h2", "table") or any(
        a in n.attrs for a in ("data-ck-progress", "data-ck-exchange")))]  # fmt: skip
    kinds = [n.tag if n.tag in ("h2", "table") else next(iter(n.attrs)) for n in order]
    assert kinds[0] == "data-ck-progress"  # right after the description, before any section
    assert kinds[-1] == "data-ck-exchange"


# --------------------------------------------------------------------------- the mini course


def test_coursekit_build_without_mkdocs_yml(mini_site: Site) -> None:
    assert "built 11 pages of Mini Course" in mini_site.log
    assert (mini_site.path / "basics" / "img" / "diagram.svg").is_file()
    first = content(page(mini_site.path, "basics/first-steps"))
    assert any(img.attrs.get("src") == "../img/diagram.svg" for img in first.tags("img"))
    hrefs = [a.attrs.get("href") for a in first.tags("a")]
    assert "../second-steps/" in hrefs  # the lesson's own relative link still resolves


def test_the_review_page_holds_every_card_and_the_site_the_library_and_settings(
    mini_site: Site,
) -> None:
    review = content(page(mini_site.path, "review"))
    cards = review.all(lambda n: "data-ck-review-card" in n.attrs)
    assert [n.attrs["data-ck-review-card"] for n in cards] == [
        c.id for c in mini_site.course.flashcards()
    ]
    assert "hidden" in review.all(lambda n: "ck-review__cards" in n.attrs.get("class", ""))[0].attrs
    # Without JavaScript: it says so, and links each module's exercises page.
    note = review.all(lambda n: "ck-nojs" in n.attrs.get("class", ""))[0]
    assert "needs JavaScript" in note.text
    assert [a.attrs["href"] for a in note.all(lambda n: n.tag == "a")] == ["../basics/exercises/"]
    # In the navigation, after the study plans; linked from the home.
    nav = page(mini_site.path, "").all(
        lambda n: n.tag == "a" and "md-nav__link" in n.attrs.get("class", "")
    )
    assert "Review" in [plain(a.text) for a in nav]
    home = content(page(mini_site.path, ""))
    due = home.all(lambda n: "data-ck-review-due" in n.attrs)[0]
    assert [a.attrs["href"] for a in due.all(lambda n: n.tag == "a")] == ["review/"]
    # The library, unchanged, with its licence; the CLI's FSRS settings in course.json.
    published = mini_site.path / "assets" / "coursekit" / "vendor"
    for name in ("ts-fsrs.js", "ts-fsrs.LICENSE.txt"):
        assert (published / name).read_bytes() == (STATIC / "vendor" / name).read_bytes()
    index = json.loads((mini_site.path / "course.json").read_text())
    assert index["scheduler"] == make_scheduler(mini_site.course.review).to_dict()
    assert index["scheduler"]["enable_fuzzing"] is False
    assert index["review"]["learning_steps"] == [1, 10] and index["review"]["new_cards"] == 10


def test_draft_and_planned_lessons_are_marked_and_still_counted(mini_site: Site) -> None:
    draft = content(page(mini_site.path, "practice/hands-on"))
    assert draft.all(lambda n: "warning" in n.classes() and "Draft" in n.text)
    planned = content(page(mini_site.path, "practice/wrap-up"))
    assert planned.all(lambda n: "info" in n.classes() and "Coming soon" in n.text)
    assert "45 min" in planned.text
    module = content(page(mini_site.path, "practice"))
    assert "1 lesson ready, 1 coming soon" in module.text  # the draft can be studied
    rows = table_rows(module.tags("table")[0])
    assert rows[1:] == [
        ["1. Hands-on Draft", "1 h 30 min"],
        ["2. Wrap-up Coming soon", "45 min"],
        ["Total: 1 ready, 1 coming soon", "2 h 15 min"],
    ]
    home = content(page(mini_site.path, "."))
    assert "5 h 15 min – 7 h 15 min" in home.text  # 1-2h + 2-3h + 90 min + 45 min


# --------------------------------------------------------------------------- hostile text


def test_hostile_text_renders_as_written(hostile_site: Site) -> None:
    course = hostile_site.course
    home = content(page(hostile_site.path, "."))
    assert home.tags("h1")[0].text.startswith(course.title)
    assert not home.tags("script") and not home.tags("b")
    assert "<script>alert(1)</script>" in home.text and "C#" in home.text
    module_rows = table_rows(home.tags("table")[0])
    assert [row[0] for row in module_rows[1:-1]] == [
        f"{n}. {m.title}" for n, m in enumerate(course.modules, 1)
    ]
    assert all(len(row) == 3 for row in module_rows)

    first = course.modules[0]
    overview = content(page(hostile_site.path, first.id))
    assert overview.tags("h1")[0].text.startswith(first.title)
    lesson_rows = table_rows(overview.tags("table")[0])
    badges = {"draft": " Draft", "planned": " Coming soon"}
    assert [row[0] for row in lesson_rows[1:-1]] == [
        f"{n}. {x.title}{badges.get(x.status, '')}" for n, x in enumerate(first.lessons, 1)
    ]
    assert all(len(row) == 2 for row in lesson_rows)
    for text in (first.summary, *first.learn, *first.build, *first.reflection):
        assert plain(text) in overview.text

    lesson = first.lessons[0]
    lesson_page = content(page(hostile_site.path, f"{first.id}/{lesson.id}"))
    for objective in lesson.objectives:
        assert plain(objective) in lesson_page.text
    assert plain(lesson.outcome) in lesson_page.text

    exercises = content(page(hostile_site.path, f"{first.id}/exercises"))
    summaries = [d.elements[0].text for d in exercises.tags("details")]
    assert summaries[: len(first.flashcards)] == [plain(c.q) for c in first.flashcards]
    assert len(exercises.tags("details")) == len(first.flashcards) + len(first.scenarios)
    assert not exercises.tags("script")
    answer = exercises.tags("details")[-1]
    assert "Copy it to s3://<bucket>/models/" in answer.text  # a placeholder, not a tag
    assert "aws s3 cp model.pkl s3://<bucket>/" in [c.text for c in answer.tags("code")]

    # nav titles are text too, never markup; each "<" carries an invisible word joiner
    nav_titles = [a.text.replace("\u2060", "") for a in page(hostile_site.path, ".").tags("a")]
    for module in course.modules:
        assert plain(module.title) in nav_titles

    planned = course.modules[1].lessons[0]
    planned_page = content(page(hostile_site.path, f"{planned.module}/{planned.id}"))
    assert planned_page.tags("h1")[0].text.startswith(planned.title)
    assert not planned_page.tags("script")


# --------------------------------------------------------------------------- errors


@pytest.fixture
def broken_course(tmp_path: Path) -> Path:
    root = tmp_path / "broken"
    shutil.copytree(FIXTURES / "mini", root)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    lesson = root / "lessons" / "basics" / "first-steps.md"
    lesson.write_text(lesson.read_text().replace("study_time: 1-2h", "study_time: 2-1h"))
    return root


def test_mkdocs_build_fails_with_the_course_problems_not_a_traceback(broken_course: Path) -> None:
    result = run_mkdocs(broken_course)
    assert result.returncode == 1
    assert "lessons/basics/first-steps.md:3: study_time: '2-1h'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (broken_course / "site" / "index.html").exists()


def test_coursekit_build_reports_course_errors_like_check(broken_course: Path) -> None:
    result = runner.invoke(app, ["build", str(broken_course)])
    assert result.exit_code == 1
    assert "error: lessons/basics/first-steps.md:3: study_time:" in result.output
    assert "Traceback" not in result.output


def test_coursekit_build_needs_the_plugin_in_mkdocs_yml(tmp_path: Path) -> None:
    root = mini_copy(tmp_path / "mini")
    (root / "mkdocs.yml").write_text("site_name: Mini\ndocs_dir: lessons\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(root)])
    assert result.exit_code == 1
    assert "the coursekit plugin is not listed" in result.output


def test_strict_build_fails_on_course_warnings(tmp_path: Path) -> None:
    root = mini_copy(tmp_path / "mini")
    (root / "lessons" / "basics" / "stray.md").write_text("---\ntitle: Stray\n---\n")
    result = runner.invoke(app, ["build", str(root), "--strict"])
    assert result.exit_code == 1
    assert "warning: coursekit: lessons/basics/stray.md: lesson file is not listed" in result.output
    assert "strict mode" in result.output


# --------------------------------------------------------------------------- other layouts


def test_docs_dir_with_extra_pages_and_lesson_images(tmp_path: Path) -> None:
    root = mini_copy(tmp_path / "mini")
    (root / "docs").mkdir()
    (root / "docs" / "about.md").write_text("# About\n\nBack [home](index.md).\n")
    (root / "docs" / "index.md").write_text("# A stale home page\n")
    config = (REPO / "mkdocs.yml").read_text().replace("docs_dir: lessons", "docs_dir: docs")
    (root / "mkdocs.yml").write_text(config)
    result = run_mkdocs(root)
    assert result.returncode == 0, result.stderr
    assert "docs/index.md is replaced by the page coursekit renders there" in result.stderr
    assert "Mini Course" in content(page(root / "site", ".")).tags("h1")[0].text
    assert (root / "site" / "about" / "index.html").is_file()
    assert (root / "site" / "basics" / "img" / "diagram.svg").is_file()
    assert (root / "site" / "basics" / "first-steps" / "index.html").is_file()


def test_render_writes_a_folder_that_plain_mkdocs_builds(tmp_path: Path) -> None:
    root = mini_copy(tmp_path / "mini")
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(root), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote 11 pages" in result.output
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "coursekit" not in config.split("plugins:")[1].split("\n")[1]
    assert "navigation.prune" in config and "nav:" in config
    assert (out / "docs" / "basics" / "img" / "diagram.svg").is_file()
    built = run_mkdocs(out, "--strict")
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr
    exercises = content(page(out / "site", "basics/exercises"))
    assert len(exercises.all(lambda n: "data-ck-card" in n.attrs)) == 2
    # The folder other engines (Zensical) build has the Review page and the library.
    assert "data-ck-review" in (out / "docs" / "review.md").read_text()
    vendored = out / "docs" / "assets" / "coursekit" / "vendor" / "ts-fsrs.js"
    assert vendored.read_bytes() == (STATIC / "vendor" / "ts-fsrs.js").read_bytes()
    assert (
        len(content(page(out / "site", "review")).all(lambda n: "data-ck-review-card" in n.attrs))
        == 2
    )
    again = runner.invoke(app, ["render", str(root), "--out", str(out)])
    assert again.exit_code == 1 and "not empty" in again.output
    assert runner.invoke(app, ["render", str(root), "--out", str(out), "--force"]).exit_code == 0


# --------------------------------------------------------------------------- live reload


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def _wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            last = _fetch(url)
            if text in last:
                return last
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{text!r} never appeared at {url}")


@pytest.fixture(params=["mkdocs", "zensical"])
def served_course(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Path, str]]:
    """`coursekit serve` with each engine on a free port of 127.0.0.1."""
    root = mini_copy(tmp_path / "mini")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    port = _free_port()
    address = f"127.0.0.1:{port}"
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "coursekit", "serve", str(root), "-a", address, "-e", request.param],
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield root, f"http://127.0.0.1:{port}"
        assert server.poll() is None, "the server stopped"
    finally:
        log.close()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_serve_rebuilds_when_course_files_change(served_course: tuple[Path, str]) -> None:
    root, url = served_course
    _wait_for(f"{url}/basics/first-steps/", "First steps")
    lesson = root / "lessons" / "basics" / "first-steps.md"
    lesson.write_text(lesson.read_text().replace("Welcome.", "Welcome, live edit."))
    _wait_for(f"{url}/basics/first-steps/", "Welcome, live edit.")
    exercises = root / "exercises" / "basics.yml"
    exercises.write_text(exercises.read_text().replace("What is a lesson?", "What is a unit?"))
    _wait_for(f"{url}/basics/exercises/", "What is a unit?")
    module = root / "curriculum" / "modules" / "basics.yml"
    module.write_text(module.read_text().replace("title: Basics", "title: Fundamentals"))
    _wait_for(f"{url}/", "Fundamentals")


def test_serve_keeps_the_last_good_site_through_a_course_error(
    served_course: tuple[Path, str],
) -> None:
    """A mistake while serving is said in one line per problem; the site stays up and
    the next good save is served (the server never stops on a course error)."""
    root, url = served_course
    _wait_for(f"{url}/basics/first-steps/", "First steps")
    lesson = root / "lessons" / "basics" / "second-steps.md"
    good = lesson.read_text(encoding="utf-8")
    lesson.write_text(good.replace("study_time: 2-3h", "study_time: soon"), encoding="utf-8")
    log = root.parent / "serve.log"
    deadline = time.monotonic() + 60
    while "the site was not rebuilt" not in log.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
        time.sleep(0.3)
    said = log.read_text(encoding="utf-8")
    assert "lessons/basics/second-steps.md:3: study_time: 'soon' is not a study time" in said
    assert "Traceback" not in said and "appear stuck" not in said
    assert "Some text." in _fetch(f"{url}/basics/second-steps/")  # the last good site
    lesson.write_text(good.replace("Some text.", "Fixed text."), encoding="utf-8")
    _wait_for(f"{url}/basics/second-steps/", "Fixed text.")


def test_serve_watches_a_templates_folder_made_while_serving(
    served_course: tuple[Path, str],
) -> None:
    root, url = served_course
    _wait_for(f"{url}/basics/first-steps/", "First steps")
    (root / "templates").mkdir()
    (root / "templates" / "lesson-extra.md.j2").write_text(
        "{% set n = site.next(lesson) %}{% if n %}Up next: {{ n.body[-40:]|inline }}{% endif %}\n",
        encoding="utf-8",
    )
    _wait_for(f"{url}/basics/first-steps/", "Up next:")
    lesson = root / "lessons" / "basics" / "second-steps.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nA closing line.\n", "utf-8")
    # the page before shows the edited lesson's text: it is rendered again with it
    _wait_for(f"{url}/basics/first-steps/", "A closing line.")


def test_zensical_settings_are_written_out_again_only_when_they_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from coursekit.site import site_config
    from coursekit.site.zensical import _LastConfig

    dumped: list[dict] = []
    real = site_config.dump
    monkeypatch.setattr(site_config, "dump", lambda c: dumped.append(c) or real(c))
    text = _LastConfig()
    nav = [{"Home": "index.md"}, {"Basics": ["basics/index.md"]}]
    first = text({"site_name": "A", "nav": nav})
    assert text({"site_name": "A", "nav": [dict(x) for x in nav]}) == first
    assert len(dumped) == 1
    second = text({"site_name": "A", "nav": nav + [{"Review": "review.md"}]})
    assert "review.md" in second and "review.md" not in first and len(dumped) == 2
    mixed = {"site_name": "A", "extra": {1: "one", "two": 2}}  # no JSON key: dumped each time
    assert text(mixed) == text(mixed) and len(dumped) == 4
