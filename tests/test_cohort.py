"""`coursekit cohort report` on a synthetic cohort with known values (tests/cohort_cases.py):
medians, funnel counts, the hardest cards, a session left running, duplicates merged
by uid, and bad files refused one line each while the report goes on."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cohort_cases import reviews_file
from coursekit.cli import app
from coursekit.cohort.stats import quantile, round_minutes, spread, study_time_text
from coursekit.model import Duration

runner = CliRunner()


def report_json(course: Path, *files: str, extra: tuple[str, ...] = ()) -> tuple[dict, str]:
    result = runner.invoke(app, ["cohort", "report", *files, "--course", str(course), "--json",
                                 *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def lesson(data: dict, lesson_id: str) -> dict:
    return next(row for row in data["lessons"] if row["id"] == lesson_id)


def test_the_report_finds_the_known_values(cohort: tuple[Path, Path]) -> None:
    course, files = cohort
    data, _ = report_json(course, str(files))
    assert data["learners"] == 8
    first = lesson(data, "first-steps")
    assert first["minutes"] == {"q1": 58.75, "median": 67.5, "q3": 76.25}
    assert (first["ratio"], first["flag"], first["times"]) == (0.75, None, 8)
    second = lesson(data, "second-steps")  # logged in two sessions each
    assert second["minutes"]["median"] == 235
    assert (second["ratio"], second["flag"]) == (1.57, "longer")
    assert [row["learners"] for row in data["funnel"]["reached"]] == [8, 6, 5, 3]
    assert [(d["after"], d["lost"]) for d in data["funnel"]["largest_drop_offs"]] == [
        ("hands-on", 2), ("first-steps", 2), ("second-steps", 1)
    ]
    assert [lesson(data, x)["finished"] for x in ("first-steps", "second-steps", "wrap-up")] == [
        8, 6, 3
    ]
    hardest = data["flashcards"]["hardest"]
    assert [(c["id"], c["again_share"], c["reviews"]) for c in hardest] == [
        ("what-is-a-lesson", 0.75, 32), ("what-is-a-note", 0.25, 32)
    ]
    assert data["flashcards"]["reviews_per_card"] == 32
    assert data["finished_course"] == 3


def test_a_session_left_running_does_not_drag_the_median(cohort: tuple[Path, Path]) -> None:
    course, files = cohort
    data, _ = report_json(course, str(files))
    hands_on = lesson(data, "hands-on")
    # 80, 90, 100, 110 and an 8-hour session: counted, the median would be 100.
    assert hands_on["minutes"] == {"q1": 87.5, "median": 95.0, "q3": 102.5}
    assert (hands_on["times"], hands_on["set_aside"], hands_on["finished"]) == (4, 1, 5)
    assert data["data_quality"]["set_aside"] == [
        {"lesson": "hands-on", "minutes": 480, "limit": 400, "learner": "learner 5"}
    ]


def test_bad_files_are_refused_one_line_each_and_duplicates_count_once(
    cohort: tuple[Path, Path],
) -> None:
    course, files = cohort
    data, stderr = report_json(course, str(files), str(files / "l4.json"))
    quality = data["data_quality"]
    refused = {Path(r["file"]).name: r["why"] for r in quality["files_refused"]}
    assert set(refused) == {"truncated.json", "foreign.json"}
    assert "not valid JSON" in refused["truncated.json"]
    assert "for course 'another-course', not 'mini'" in refused["foreign.json"]
    lines = [line for line in stderr.splitlines() if line.startswith("warning:")]
    assert len(lines) == 2 and all(".json: " in line for line in lines)
    # l1 sent twice, l2's early export inside its later one, l4 named twice.
    assert (quality["files_used"], quality["duplicates_merged"], data["learners"]) == (10, 3, 8)
    assert quality["not_in_course"] == [{"lesson": "an-old-lesson", "events": 1, "learners": 1}]


def test_a_huge_file_is_refused_by_its_size_unread(cohort: tuple[Path, Path]) -> None:
    course, files = cohort
    huge = files / "huge.json"
    with huge.open("wb") as handle:  # sparse: 1 GB on paper, nothing on disk
        handle.truncate(1024**3)
    data, _ = report_json(course, str(files))
    refused = {Path(r["file"]).name: r["why"] for r in data["data_quality"]["files_refused"]}
    assert refused["huge.json"].startswith("is 1024 MB; a progress file may be at most 20 MB")
    assert data["learners"] == 8


def test_no_names_unless_asked(cohort: tuple[Path, Path], tmp_path: Path) -> None:
    course, files = cohort
    result = runner.invoke(app, ["cohort", "report", str(files), "--course", str(course),
                                 "--out", str(tmp_path / "report")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    exported = (files / "l1.json").read_text(encoding="utf-8")
    assert "Learner" not in exported and '"learner": "anon-' in exported
    assert "Learner 1" not in result.stdout + page
    # A file with a name in it: shown only with --names, and escaped in the page.
    named = json.loads(exported)
    named["learner"] = "<b>Ana</b>"
    (files / "l1-named.json").write_text(json.dumps(named), encoding="utf-8")
    data, _ = report_json(course, str(files))
    assert "Ana" not in json.dumps(data)
    data, _ = report_json(course, str(files), extra=("--names",))
    assert "<b>Ana</b>" in [row["name"] for row in data["learner_list"]]
    result = runner.invoke(app, ["cohort", "report", str(files), "--course", str(course),
                                 "--names", "--out", str(tmp_path / "named")])
    page = (tmp_path / "named" / "index.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;Ana&lt;/b&gt;" in page and "<b>Ana</b>" not in page


def test_the_terminal_summary(cohort: tuple[Path, Path]) -> None:
    course, files = cohort
    result = runner.invoke(app, ["cohort", "report", str(files), "--course", str(course)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Mini Course · 8 learners · 3 finished the course" in out
    assert "longer (6)" in out and "Largest drop-offs: after Hands-on (2 of 5, 40%)" in out
    assert "Hardest flashcards: what-is-a-lesson (75% Again of 32)" in out
    assert "10 files used; 2 refused (above); 2 duplicates merged" in out


def test_nothing_usable_is_an_error(mini_cards: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    result = runner.invoke(app, ["cohort", "report", str(tmp_path / "bad.json"),
                                 str(tmp_path / "missing"), "--course", str(mini_cards)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3
    assert any(x.startswith(f"error: {tmp_path / 'bad.json'}: is not valid JSON") for x in lines)
    assert f"error: {tmp_path / 'missing'}: no such file or folder" in lines
    assert "no learner's progress file could be used" in lines[2]
    assert "Traceback" not in result.output


def test_anonymous_export_is_stable_and_keeps_the_events(
    mini_cards: Path, tmp_path: Path, progress_db: Path
) -> None:
    who = ["--course", str(mini_cards), "--learner", "Ana Lopez"]
    runner.invoke(app, ["progress", "start", "--pace", "relaxed", *who])
    reviews = json.loads(reviews_file(tmp_path / "r.json", 1).read_text(encoding="utf-8"))
    typed = {"type": "enrolled", "at": "2026-02-01T08:00:00Z", "pace": "Ana Lopez pace"}
    reviews["events"].append(typed)  # a pace name nobody checked: free-form text
    (tmp_path / "r.json").write_text(json.dumps(reviews), encoding="utf-8")
    runner.invoke(app, ["progress", "import", str(tmp_path / "r.json"), *who])
    first = json.loads(runner.invoke(app, ["progress", "export", "--anonymous", *who]).stdout)
    runner.invoke(app, ["progress", "done", "first-steps", "--time", "1h", *who])
    later = json.loads(runner.invoke(app, ["progress", "export", "--anonymous", *who]).stdout)
    plain = json.loads(runner.invoke(app, ["progress", "export", *who]).stdout)
    assert first["learner"] == later["learner"] and first["learner"].startswith("anon-")
    assert plain["learner"] == "Ana Lopez"
    assert "Ana" not in json.dumps(later)
    assert len(later["events"]) == len(plain["events"])
    assert [e["uid"] for e in later["events"]] == [e["uid"] for e in plain["events"]]
    paces = [e.get("pace") for e in later["events"] if e["type"] == "enrolled"]
    assert paces == ["relaxed", None]  # the course's pace stays, the typed one goes


def test_pseudonym_reference_vector() -> None:
    # The same vector as tests/js/exchange.test.mjs: both front ends name a learner alike.
    from coursekit.events.exchange import pseudonym

    events = [
        {"at": "2026-01-06T10:00:00Z", "uid": "b2"},
        {"at": "2026-01-05T09:30:00.5Z", "uid": "zz-1"},
        {"at": "2026-01-05T09:30:00.500000Z", "uid": "aa-9"},
    ]
    assert pseudonym("mini", events) == "anon-b46fad6112"
    assert pseudonym("mini", events[:2]) == "anon-7af7ce263b"
    assert pseudonym("mini", []) == "anon-81b61762b7"


def test_statistics() -> None:
    assert quantile([30, 40], 0.5) == 35
    assert spread([5]) is not None and spread([5]).q1 == spread([5]).q3 == 5  # type: ignore[union-attr]
    assert spread([]) is None
    assert [round_minutes(m) for m in (22, 23, 59, 67, 82.5, 97)] == [20, 25, 60, 60, 90, 90]
    pairs = ((40, 40), (25, 40), (60, 75), (120, 180), (90, 120), (75, 105))
    assert [study_time_text(*p) for p in pairs] == [
        "40m", "25-40 min", "60-75 min", "2-3h", "1.5-2h", "1h15m-1h45m"
    ]
    for low, high in ((40, 40), (25, 40), (120, 180), (90, 120), (75, 105), (45, 75)):
        assert Duration.parse(study_time_text(low, high)) == Duration(low, high)



def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def test_each_status_is_the_learners_own_dashboard(
    cohort: tuple[Path, Path], tmp_path: Path
) -> None:
    course, files = cohort
    # One lesson on 2 Feb, then only flashcard reviews (10-17 Feb): to the dashboard the
    # learner is not paused, and the reviews still due are work left; so "behind".
    who = ["--course", str(course), "--db", str(tmp_path / "r.db"), "--learner", "me"]
    cli("progress", "start", "--pace", "relaxed", "--start", "2026-02-02", "--target",
        "2026-03-20", *who)
    cli("progress", "done", "first-steps", "--time", "70m", "--on", "2026-02-02", *who)
    cli("progress", "import", str(reviews_file(tmp_path / "reviews.json", 1)), *who)
    cli("progress", "export", "--anonymous", "--out", str(files / "reviewer.json"), *who)
    own = json.loads(cli("progress", "--json", *who))
    assert own["forecast"]["reviews_counted"] is True
    assert own["status"]["state"] == "behind"
    for n, name in ((1, "l1"), (4, "l4"), (7, "l7"), (9, "reviewer")):
        data, _ = report_json(course, str(files / f"{name}.json"), extra=("--names",))
        [row] = data["learner_list"]
        dashboard = own
        if name != "reviewer":  # the others, each through their own dashboard
            mine = ["--course", str(course), "--db", str(tmp_path / f"d{n}.db"), "--learner", "x"]
            cli("progress", "import", str(files / f"{name}.json"), *mine)
            dashboard = json.loads(cli("progress", "--json", *mine))
        assert row["status"] == (dashboard["status"]["state"] or "finished"), name
    data, _ = report_json(course, str(files / "reviewer.json"))
    assert data["pace"]["status"]["behind"] == 1


def test_coming_soon_lessons_count_for_nothing(cohort: tuple[Path, Path], tmp_path: Path) -> None:
    # wrap-up back to planned ("coming soon"): learners 1-5, who did every other lesson,
    # have finished the course; wrap-up is marked, and no drop-off leads into it.
    course, files = cohort
    draft, _ = report_json(course, str(files))
    wrap_up = course / "lessons" / "practice" / "wrap-up.md"
    wrap_up.write_text(
        wrap_up.read_text(encoding="utf-8").replace("status: draft", "status: planned"),
        encoding="utf-8",
    )
    data, _ = report_json(course, str(files))
    assert (draft["finished_course"], data["finished_course"]) == (3, 5)
    assert [row["coming_soon"] for row in data["lessons"]] == [False, False, False, True]
    assert data["funnel"]["reached"][-1]["coming_soon"] is True
    assert "hands-on" not in [d["after"] for d in data["funnel"]["largest_drop_offs"]]
    whole = (90 + 150 + 90) / 60  # the estimates' middles, wrap-up (45 min) left out
    for band in data["pace"]["by_pace"]:
        if band["median_hours_per_week"]:
            expected = whole * data["calibration"] / band["median_hours_per_week"]
            assert band["weeks_to_finish"] == pytest.approx(expected, abs=0.06)
    result = runner.invoke(app, ["cohort", "report", str(files), "--course", str(course),
                                 "--out", str(tmp_path / "page")])
    assert result.exit_code == 0, result.output
    assert "8 learners · 5 finished the course" in result.stdout
    assert [line for line in result.stdout.splitlines() if "coming soon" in line][0].startswith(
        "Wrap"
    )
    page = (tmp_path / "page" / "index.html").read_text(encoding="utf-8")
    row = re.search(r"<tr><td>Wrap[^\n]*</tr>", page)
    assert row and "coming soon" in row.group(0)
    assert "Wrap-up: coming soon" in page  # the funnel chart's bar


def test_a_lesson_logged_but_not_done_is_started(cohort: tuple[Path, Path], tmp_path: Path) -> None:
    course, files = cohort
    who = ["--course", str(course), "--db", str(tmp_path / "s.db"), "--learner", "me"]
    cli("progress", "start", "--pace", "moderate", "--start", "2026-01-05", *who)
    cli("progress", "done", "first-steps", "--time", "60m", "--on", "2026-01-06", *who)
    cli("progress", "log", "second-steps", "30m", "--on", "2026-01-07", *who)
    cli("progress", "export", "--anonymous", "--out", str(files / "started.json"), *who)
    data, _ = report_json(course, str(files))
    second = lesson(data, "second-steps")
    assert (second["reached"], second["started"], second["finished"]) == (7, 7, 6)
    assert lesson(data, "hands-on")["started"] == 5


@pytest.mark.parametrize("columns", [80, 60])
def test_the_terminal_table_never_cuts_a_number(
    cohort: tuple[Path, Path], columns: int
) -> None:
    course, files = cohort
    second = course / "lessons" / "basics" / "second-steps.md"
    second.write_text(
        second.read_text(encoding="utf-8").replace(
            "title: Second steps", "title: Second steps, with the notes and the exercises"
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["cohort", "report", str(files), "--course", str(course)],
                           env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    table = result.stdout.splitlines()[1:6]
    if columns == 80:  # fits; narrower than the numbers need, the lines run longer
        assert all(len(line.rstrip()) <= columns for line in table), table
    [row] = [line for line in table if line.startswith("Second st")]
    assert "…" in row  # the title gives way, on one line
    assert "3h55m (3h42m–4h08m)" in row and "2h–3h" in row and "1.57" in row
    assert "longer (6)" in row
    first = next(line for line in table if line.startswith("First steps"))
    assert "1h08m (59m–1h16m)" in first


def test_the_drop_off_legend_reads_as_words(cohort: tuple[Path, Path], tmp_path: Path) -> None:
    course, files = cohort
    result = runner.invoke(app, ["cohort", "report", str(files), "--course", str(course),
                                 "--out", str(tmp_path / "page")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "page" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    assert "()" not in text
    assert "Largest drop-offs (the bars marked in the chart below):" in text
