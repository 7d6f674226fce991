"""`coursekit plan` end to end: every format, golden plans of the mini course, every error."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from typer.testing import CliRunner

from calendars import read_events
from coursekit.cli import app
from coursekit.course.loader import load_course

START = "2026-01-05"  # a Monday

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["plan", *args], catch_exceptions=False)


# --------------------------------------------------------------------------- golden plans
# tests/golden/plans/; `python3 dev.py test --update-golden tests/test_plan_cli.py` rewrites them.


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("mini-moderate", ["--pace", "moderate"]),
        ("mini-relaxed-skip", ["--pace", "relaxed", "--skip", "2026-01-07..2026-01-08"]),
        ("mini-intensive-high", ["--pace", "intensive", "--budget", "high"]),
    ],
)
@pytest.mark.parametrize("fmt", ["json", "md"])
def test_golden_plans(mini_course, golden, name, args, fmt):
    result = run(str(mini_course), "--start", START, *args, "--format", fmt)
    assert result.exit_code == 0, result.output
    golden.check(f"plans/{name}.{fmt}", result.stdout)


def test_golden_study_plans_page(mini_course, golden, monkeypatch):
    from coursekit.site.render import render_site

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # Thu 1 Jan 2026: calendars from the 5th

    course = load_course(mini_course).course
    golden.check("plans/study-plans.md", render_site(course)["study-plans.md"])


def test_study_plans_page_is_dated_when_the_course_has_a_start(mini_course):
    from coursekit.site.render import render_site

    course_yml = mini_course / "curriculum" / "course.yml"
    course_yml.write_text(course_yml.read_text() + "start: 2026-03-02\n")
    page = render_site(load_course(mini_course).course)["study-plans.md"]
    assert "The plans start on **Mon 2 Mar 2026**." in page
    assert "**Week 1 · 2–6 Mar 2026**" in page
    assert (
        '| <span style="white-space: nowrap">Mon 2 Mar</span> | '
        "[First steps](basics/first-steps.md)"
        '<span class="ck-tick" data-ck-tick="first-steps"></span> |'
    ) in page
    assert "between Wed 4 Mar 2026 and Wed 11 Mar 2026" in page
    assert "Week 1 · Day 1" not in page


@pytest.mark.slow  # a real mkdocs build
def test_study_plans_page_builds_with_mkdocs(mini_course, tmp_path):
    """A real MkDocs build: the weekly tables render inside the collapsible blocks.

    Not --strict: the mini course keeps two lint warnings on purpose (other tests use them).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    (mini_course / "mkdocs.yml").write_text(
        "site_name: Mini\n"
        "docs_dir: lessons\n"
        "theme: {name: material}\n"
        "markdown_extensions: [admonition, attr_list, md_in_html, tables, pymdownx.details,"
        " pymdownx.superfences]\n"
        "plugins: [coursekit]\n"
    )
    config = load_config(str(mini_course / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    build(config)
    html = (tmp_path / "site" / "study-plans" / "index.html").read_text(encoding="utf-8")
    moderate = html[html.index('id="moderate"') : html.index('id="relaxed"')]
    assert '<details class="note">' in moderate and "<table>" in moderate
    assert '<a href="../basics/second-steps/">Second steps (part 1 of 2)</a>' in moderate
    assert "Continued in Week 1 · Day 3" in moderate


def test_golden_moderate_plan_by_hand(mini_course, golden):
    """The numbers in the golden file, computed by hand.

    Mid pace 90 min a day; mid lesson times 90, 150, 90 and 45 min (375 in all) ->
    5 study days: 90 | 90 | 60+30 | 60+30 | 15. Window: high 120/day with low times
    (60+120+90+45 = 315) -> 3 days (Wed); low 60/day with high times (435) -> 8 days.
    """
    data = json.loads(golden.path("plans/mini-moderate.json").read_text())
    days = [d for w in data["weeks"] for d in w["days"]]
    assert [[i["minutes"] for i in d["items"]] for d in days] == [
        [90],
        [90],
        [60, 30],
        [60, 30],
        [15],
    ]
    assert data["finish"] == "2026-01-09"
    assert data["window"] == {
        "earliest": "2026-01-07",
        "latest": "2026-01-14",
        "study_days": [3, 8],
        "weeks": [1, 2],
    }


# --------------------------------------------------------------------------- formats


def test_table_is_grouped_by_weeks_with_goal_focus_time_outcome(mini_course):
    result = run(str(mini_course), "--start", START, "--pace", "relaxed")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Study plan · Mini Course" in out
    assert "Week 1 · 5–11 Jan 2026" in out and "Week 2 · 12–13 Jan 2026" in out
    assert "Goal: Complete Basics; start Practice" in out
    for header in ("Day", "Focus", "Time", "Outcome"):
        assert header in out
    assert "Mon 5 Jan" in out and "45 min" in out
    assert "Finished in 6–15 study days (1–3 weeks)" in out
    assert "Assumes 45 min of study a day" in out


def test_csv_has_one_row_per_day_item(mini_course):
    result = run(str(mini_course), "--start", START, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["date"], r["lesson"], r["part"], r["parts"], r["minutes"]) for r in rows] == [
        ("2026-01-05", "first-steps", "1", "1", "90"),
        ("2026-01-06", "second-steps", "1", "2", "90"),
        ("2026-01-07", "second-steps", "2", "2", "60"),
        ("2026-01-07", "hands-on", "1", "2", "30"),
        ("2026-01-08", "hands-on", "2", "2", "60"),
        ("2026-01-08", "wrap-up", "1", "2", "30"),
        ("2026-01-09", "wrap-up", "2", "2", "15"),
    ]
    assert rows[0]["outcome"] == "You can find your way around."


def test_markdown_shows_hostile_titles_as_text(mini_course):
    course_yml = mini_course / "curriculum" / "course.yml"
    text = course_yml.read_text(encoding="utf-8")
    hostile = 'title: "Mini | <script>alert(1)</script>"'
    course_yml.write_text(text.replace('title: "Mini Course"', hostile), encoding="utf-8")
    result = run(str(mini_course), "--start", START, "--format", "md")
    assert result.exit_code == 0, result.output
    assert "<script>" not in result.stdout
    assert result.stdout.startswith("# Study plan: Mini \\| &lt;script>alert(1)&lt;/script>\n")


def test_ics_on_stdout_and_timed_events(mini_course):
    result = run(str(mini_course), "--start", START, "--format", "ics")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("BEGIN:VCALENDAR")
    assert "DTSTART;VALUE=DATE:20260105" in result.stdout
    timed = run(str(mini_course), "--start", START, "-f", "ics", "--at", "19:00")
    assert "DTSTART:20260105T190000" in timed.stdout  # floating local time
    assert "DTEND:20260105T203000" in timed.stdout  # 90 minutes later
    zoned = run(str(mini_course), "--start", START, "-f", "ics", "--at", "7:30", "--tz", "UTC")
    assert zoned.exit_code == 0, zoned.output
    assert "DTSTART:20260105T073000Z" in zoned.stdout
    for output in (result, timed, zoned):
        found = read_events(output.stdout)
        assert found and len({e["uid"] for e in found}) == len(found)


def test_source_date_epoch_makes_ics_reproducible(mini_course, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    first = run(str(mini_course), "--start", START, "--format", "ics").stdout
    second = run(str(mini_course), "--start", START, "--format", "ics").stdout
    assert first == second
    assert "DTSTAMP:20260101T000000Z" in first
    assert {e["sequence"] for e in read_events(first)} == {13675680}  # minutes from 2000 to 2026


def test_out_writes_the_file_and_guesses_the_format(mini_course, tmp_path):
    for suffix, marker in [
        ("ics", "BEGIN:VCALENDAR"),
        ("json", '"format": "coursekit-plan"'),
        ("csv", "date,weekday"),
        ("md", "# Study plan"),
        ("txt", "Week 1"),
    ]:
        target = tmp_path / f"plan.{suffix}"
        result = run(str(mini_course), "--start", START, "--out", str(target))
        assert result.exit_code == 0, result.output
        assert marker in target.read_text(encoding="utf-8")
        assert f"Wrote {target}" in result.stderr
        assert result.stdout == ""
    # an explicit --format wins over the suffix
    target = tmp_path / "plan.data"
    assert run(str(mini_course), "--start", START, "-f", "json", "-o", str(target)).exit_code == 0
    assert json.loads(target.read_text())["course"] == "mini"


def test_custom_pace_days_hours_and_skips(mini_course):
    result = run(
        str(mini_course),
        "--start",
        START,
        "--hours-per-day",
        "1.5h",
        "--days",
        "mon,wed,sat",
        "--skip",
        "2026-01-07",
        "--skip",
        "2026-01-10..2026-01-12",
        "--json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["pace"] == {
        "name": "custom",
        "hours_per_day": [90, 90],
        "study_days": ["mon", "wed", "sat"],
    }
    dates = [date.fromisoformat(d["date"]) for w in data["weeks"] for d in w["days"]]
    assert dates[:3] == [date(2026, 1, 5), date(2026, 1, 14), date(2026, 1, 17)]
    assert all(d.weekday() in (0, 2, 5) for d in dates)
    assert all(d["minutes"] <= 90 for w in data["weeks"] for d in w["days"])
    assert data["skip"] == [["2026-01-07", "2026-01-07"], ["2026-01-10", "2026-01-12"]]


@pytest.mark.parametrize("budget", ["low", "mid", "high", "earliest", "latest"])
def test_budget_is_stated_and_bracketed_by_the_window(mini_course, budget):
    result = run(str(mini_course), "--start", START, "--budget", budget, "--json")
    data = json.loads(result.stdout)
    assert data["budget"] == budget
    assert data["window"]["earliest"] <= data["finish"] <= data["window"]["latest"]
    if budget == "earliest":
        assert data["finish"] == data["window"]["earliest"]
    if budget == "latest":
        assert data["finish"] == data["window"]["latest"]


def test_start_defaults_to_course_start_then_today(mini_course):
    today = run(str(mini_course), "--json")
    assert json.loads(today.stdout)["start"] == date.today().isoformat()
    course_yml = mini_course / "curriculum" / "course.yml"
    course_yml.write_text(course_yml.read_text() + "start: 2026-03-02\n")
    dated = run(str(mini_course), "--json")
    assert json.loads(dated.stdout)["start"] == "2026-03-02"


def test_help_has_examples():
    result = runner.invoke(app, ["plan", "--help"])
    assert result.exit_code == 0
    assert "Examples" in result.output and "--skip" in result.output


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--days", ""], "--days: '' names no study days"),
        (["--days", "mon,funday"], "'funday' in 'mon,funday' is not a weekday"),
        (["--days", "holidays"], "'holidays' is not a weekday; use mon, tue,"),
        (["--start", "05/01/2026"], "--start: '05/01/2026' is not a date"),
        (["--skip", "2027-01-01..2026-12-24"], "--skip: '2027-01-01..2026-12-24' ends before"),
        (["--skip", "christmas"], "--skip: 'christmas' is not a date"),
        (["--pace", "moderat"], "--pace: no pace 'moderat'"),
        (["--hours-per-day", "90"], "--hours-per-day: '90' has no unit"),
        (["--hours-per-day", "3-1h"], "the low end is above the high end"),
        (["--budget", "medium"], "--budget: unknown budget 'medium'"),
        (["--format", "pdf"], "--format: unknown format 'pdf'"),
        (["--at", "19:00"], "--at only applies to calendar files"),
        (["-f", "ics", "--at", "7pm"], "--at: '7pm' is not a time of day"),
        (["-f", "ics", "--at", "19:00", "--tz", "Mars/Base"], "unknown time zone 'Mars/Base'"),
        (["-f", "ics", "--tz", "UTC"], "--tz: a time zone only applies to timed events"),
        (["--out", "no-such-folder/plan.md"], "folder 'no-such-folder' does not exist"),
    ],
)
def test_errors_are_one_clear_line(mini_course, args, message, monkeypatch):
    monkeypatch.chdir(mini_course)
    result = run("--start", START, *args) if "--start" not in args else run(*args)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and message in lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_did_you_mean_for_pace_and_format(mini_course):
    result = run(str(mini_course), "--pace", "relaxd")
    assert "(did you mean 'relaxed'?)" in result.stderr
    result = run(str(mini_course), "--format", "jsno")
    assert "(did you mean 'json'?)" in result.stderr


def test_out_that_is_a_folder_is_refused(mini_course, tmp_path):
    result = run(str(mini_course), "--start", START, "--out", str(tmp_path))
    assert result.exit_code != 0
    assert "Traceback" not in result.output


@pytest.mark.slow  # two real mkdocs builds
def test_a_site_publishes_one_calendar_per_pace_linked_from_the_study_plans(
    mini_course, tmp_path, monkeypatch
):
    """A real MkDocs build and a rendered folder: calendars/<pace>.ics for each pace, read by
    both parsers, linked from the study plans page. A course without a start date has them
    from the first Monday after the build, and its page says so."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from coursekit.site.folder import write_rendered
    from coursekit.site.render import render_site, site_nav

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    (mini_course / "mkdocs.yml").write_text(
        "site_name: Mini\ndocs_dir: lessons\ntheme: {name: material}\n"
        "markdown_extensions: [admonition, attr_list, md_in_html, tables, pymdownx.details,"
        " pymdownx.superfences]\nplugins: [coursekit]\n"
    )
    site = tmp_path / "undated"
    build(load_config(str(mini_course / "mkdocs.yml"), site_dir=str(site)))
    # SOURCE_DATE_EPOCH is Thu 1 Jan 2026: the calendars start on Monday the 5th
    for pace in load_course(mini_course).course.paces:
        found = read_events((site / "calendars" / f"{pace}.ics").read_bytes())
        assert found[0]["start"] == date(2026, 1, 5)
    html = (site / "study-plans" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../calendars/moderate.ics">This plan as a calendar (.ics)</a>' in html
    assert "starting on Mon 5 Jan 2026" in html
    course_yml = mini_course / "curriculum" / "course.yml"
    course_yml.write_text(course_yml.read_text() + "start: 2026-03-02\n")
    site = tmp_path / "dated"
    build(load_config(str(mini_course / "mkdocs.yml"), site_dir=str(site)))
    course = load_course(mini_course).course
    for pace in course.paces:
        found = read_events((site / "calendars" / f"{pace}.ics").read_bytes())
        assert found[0]["uid"] == "part1.first-steps.mini@coursekit"
        assert found[0]["start"] == date(2026, 3, 2)
    html = (site / "study-plans" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../calendars/moderate.ics">This plan as a calendar (.ics)</a>' in html
    out = tmp_path / "rendered"
    write_rendered(mini_course, course, render_site(course), site_nav(course), out)
    rendered = (out / "docs" / "calendars" / "relaxed.ics").read_bytes()
    assert rendered == (site / "calendars" / "relaxed.ics").read_bytes()
