"""How learner commands find their course: folders (cached), course.json files, site URLs."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from coursekit.course.course_json import to_index, validate_index
from coursekit.course.loader import load_course
from coursekit.course.locate import cached_index, load_course_for_learner
from coursekit.errors import CourseError


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("COURSEKIT_CACHE_DIR", str(folder))
    monkeypatch.delenv("COURSEKIT_COURSE", raising=False)
    return folder


@pytest.fixture
def site(tmp_path: Path, mini_course: Path) -> Iterator[str]:
    """A published site's root (just its course.json), served over real HTTP."""
    root = tmp_path / "site"
    root.mkdir()
    index = to_index(load_course(mini_course).course)
    (root / "course.json").write_text(json.dumps(index), encoding="utf-8")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_folder_is_loaded_once_then_read_from_the_cache(mini_course: Path, cache: Path) -> None:
    course = load_course_for_learner(str(mini_course))
    assert [x.id for x in course.lessons()] == [
        "first-steps",
        "second-steps",
        "hands-on",
        "wrap-up",
    ]
    assert len(list((cache / "courses").glob("*.json"))) == 1
    assert cached_index(mini_course.resolve()) == to_index(course)
    again = load_course_for_learner(str(mini_course / "lessons"))  # any folder inside works
    assert to_index(again) == to_index(course)


def test_a_fresh_cache_needs_no_yaml_no_pydantic(mini_course: Path, cache: Path) -> None:
    load_course_for_learner(str(mini_course))
    probe = (
        "import sys; from coursekit.course.locate import load_course_for_learner as f; "
        f"c = f({str(mini_course)!r}); "
        "heavy = {'pydantic', 'yaml', 'nbformat', 'jinja2', 'icalendar', "
        "'coursekit.course.loader'}; "
        "print(c.id, sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={"COURSEKIT_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"},
    ).stdout
    assert out.strip() == "mini []"


def test_progress_dashboard_imports_nothing_heavy(
    mini_course: Path, cache: Path, tmp_path: Path
) -> None:
    load_course_for_learner(str(mini_course))
    probe = (
        "import sys; from coursekit.cli import app\n"
        "try:\n    app(['progress', '--course', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
        "heavy = {'pydantic', 'yaml', 'nbformat', 'jinja2', 'icalendar', "
        "'coursekit.course.loader', "
        "'fsrs', 'mkdocs'}\n"
        "print('HEAVY', sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(mini_course)],
        capture_output=True,
        text=True,
        check=True,
        env={
            "COURSEKIT_CACHE_DIR": str(cache),
            "COURSEKIT_DB": str(tmp_path / "p.db"),
            "COURSEKIT_LEARNER": "ana",
            "PATH": "/usr/bin:/bin",
        },
    ).stdout
    assert "HEAVY []" in out
    assert "Mini Course" in out


def test_the_cache_follows_edits(mini_course: Path) -> None:
    assert load_course_for_learner(str(mini_course)).lesson("hands-on").study_time.low == 90
    lesson = mini_course / "lessons" / "practice" / "hands-on.md"
    lesson.write_text(lesson.read_text().replace("study_time: 90 min", "study_time: 2h"))
    assert load_course_for_learner(str(mini_course)).lesson("hands-on").study_time.low == 120
    (mini_course / "lessons" / "practice" / "extra.md").write_text(
        "---\ntitle: Extra\nstudy_time: 10m\n---\nMore.\n"
    )
    module = mini_course / "curriculum" / "modules" / "practice.yml"
    module.write_text(
        module.read_text().replace("[hands-on, wrap-up]", "[hands-on, wrap-up, extra]")
    )
    assert "extra" in load_course_for_learner(str(mini_course)).lesson_index


def test_an_invalid_course_folder_reports_its_problems(mini_course: Path) -> None:
    module = mini_course / "curriculum" / "modules" / "practice.yml"
    module.write_text(module.read_text().replace("[hands-on, wrap-up]", "[hands-on, nowhere]"))
    with pytest.raises(CourseError, match="nowhere"):
        load_course_for_learner(str(mini_course))


def test_a_saved_course_json(mini_course: Path, tmp_path: Path) -> None:
    index = to_index(load_course(mini_course).course)
    saved = tmp_path / "course.json"
    saved.write_text(json.dumps(index))
    assert to_index(load_course_for_learner(str(saved))) == index


def test_a_published_site_url(site: str) -> None:
    assert load_course_for_learner(site).id == "mini"
    assert load_course_for_learner(site + "/").id == "mini"
    assert load_course_for_learner(site + "/course.json").id == "mini"


def test_a_site_without_course_json_and_an_unreachable_site(site: str) -> None:
    with pytest.raises(CourseError, match="HTTP 404.*coursekit site"):
        load_course_for_learner(site + "/nothing/")
    with pytest.raises(CourseError, match="cannot reach the course site.*offline"):
        load_course_for_learner("http://127.0.0.1:9/course")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "is not valid JSON"),
        ("[" * 50_000, "nested too deeply|not valid JSON"),
        ('{"format": "coursekit-progress"}', "not a coursekit course index"),
        ('{"format": "coursekit-course", "version": 7}', "needs a newer coursekit"),
    ],
)
def test_wrong_or_hostile_course_json(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "course.json"
    path.write_text(content)
    with pytest.raises(CourseError, match=message) as info:
        load_course_for_learner(str(path))
    assert str(path) in str(info.value)


def test_every_shape_problem_is_named(mini_course: Path) -> None:
    index = to_index(load_course(mini_course).course)
    index["modules"][0]["lessons"][1]["study_time"] = [10**20, 5]
    index["modules"][0]["lessons"][0]["id"] = {"$ne": None}
    index["paces"]["moderate"]["study_days"] = ["someday"]
    index["modules"][1]["flashcards"] = "lots"
    index["modules"][0]["tasks"] = [3]
    index["modules"][1]["lessons"][1] = "wrap-up"
    index["review"] = {"desired_retention": 7}
    found = [str(p) for p in validate_index(index, "course.json")]
    assert found == [
        "course.json: paces.moderate.study_days: expected weekday names like mon, got a list of 1",
        "course.json: review.desired_retention: expected a number from 0.5 to 0.999, got 7",
        "course.json: modules[0].lessons[0].id: expected an id (a lowercase slug), got a mapping",
        "course.json: modules[0].lessons[1].study_time: expected [low, high] whole minutes "
        "from 0 to 60,000, "
        "got a list of 2",
        "course.json: modules[0].tasks[0]: expected a mapping, got 3",
        "course.json: modules[1].lessons[1]: expected a lesson (a mapping), got 'wrap-up'",
        "course.json: modules[1].flashcards: expected a list, got 'lots'",
    ]


def test_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match="no such course folder"):
        load_course_for_learner(str(tmp_path / "nope"))
