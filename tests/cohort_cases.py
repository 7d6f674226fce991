"""A synthetic cohort with known behaviour, made through the real CLI and exchange files.

Each learner has their own progress database; they enrol, finish lessons with
`progress done --time` or log sessions with `progress log`, review flashcards (an
exchange file of reviews, imported with `progress import`), and export their
progress (`progress export --anonymous`). The truth the report must find:

| learner | first-steps (1-2h) | second-steps (2-3h) | hands-on (90 min) | wrap-up (45m) |
|---|---|---|---|---|
| 1-3 | 50/55/60 min (--time) | 210/220/230 min (2 sessions) | 80/90/100 (--time) | done, no time |
| 4 | 65 | 240 | 110 | - |
| 5 | 70 | 250 | 8 h session left running, then done | - |
| 6 | 75 (done first, the time given later) | 260 | - | - |
| 7, 8 | 80, 85 | (drop out after lesson 1) | | |

so first-steps: median 67.5 (IQR 58.75-76.25, ratio 0.75); second-steps: median 235
(ratio 1.57, flagged: takes longer); hands-on: median 95 with the 8-hour session set
aside (it would be 100 counted); the funnel reaches 8, 6, 5, 3 learners. Every
learner reviews `what-is-a-lesson` 4 times (3 Again) and `what-is-a-note` 4 times
(1 Again), so the hardest card is `what-is-a-lesson` at 75% Again.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coursekit.cli import app

runner = CliRunner()

FIRST = [50, 55, 60, 65, 70, 75, 80, 85]
SECOND = [210, 220, 230, 240, 250, 260]
HANDS_ON = [80, 90, 100, 110]
LEFT_RUNNING = 480


def ck(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output)
    return result.output


def reviews_file(path: Path, learner: int) -> Path:
    """A site-style exchange file of 8 reviews for ``learner`` (no uids: derived)."""
    events = []
    for n, (card, grade) in enumerate(
        [("what-is-a-lesson", g) for g in ("not_yet", "not_yet", "not_yet", "got_it")]
        + [("what-is-a-note", g) for g in ("not_yet", "got_it", "got_it", "got_it")]
    ):
        at = f"2026-02-{10 + n:02d}T1{learner}:00:00Z"
        events.append({"type": "flashcard_review", "at": at, "card": card, "grade": grade})
    if learner == 3:  # a lesson the course has since removed
        events.append({"type": "study_session", "at": "2026-02-20T10:00:00Z",
                       "lesson": "an-old-lesson", "minutes": 20})
    data = {"format": "coursekit-progress", "version": 1, "course": "mini",
            "learner": f"site {learner}", "events": events}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def make_cohort(course: Path, work: Path) -> Path:
    """The cohort's files in ``work/files`` (plus a duplicate, an early export, a corrupt
    file and another course's file); returns that folder."""
    out = work / "files"
    out.mkdir(parents=True)
    for n in range(8):
        i = n + 1
        who = ["--course", str(course), "--db", str(work / f"l{i}.db"), "--learner", f"Learner {i}"]
        ck("progress", "start", "--pace", "moderate", "--start", "2026-01-05", *who)
        if i == 6:  # done first, its time recorded later (a lesson_time event)
            ck("progress", "done", "first-steps", "--on", "2026-01-06", *who)
            ck("progress", "done", "first-steps", "--time", f"{FIRST[n]}m", *who)
        else:
            ck("progress", "done", "first-steps", "--time", f"{FIRST[n]}m", "--on", "2026-01-06",
               *who)
        if i == 2:  # an early export, before the rest: the later one contains it
            ck("progress", "export", "--anonymous", "--out", str(out / "l2-early.json"), *who)
        if n < len(SECOND):
            half = SECOND[n] // 2
            ck("progress", "log", "second-steps", f"{half}m", "--on", "2026-01-12", *who)
            ck("progress", "log", "second-steps", f"{SECOND[n] - half}m", "--on", "2026-01-13",
               *who)
            ck("progress", "done", "second-steps", "--on", "2026-01-13", *who)
        if n < len(HANDS_ON):
            ck("progress", "done", "hands-on", "--time", f"{HANDS_ON[n]}m", "--on", "2026-01-20",
               *who)
        if i == 5:
            ck("progress", "log", "hands-on", f"{LEFT_RUNNING}m", "--on", "2026-01-20", *who)
            ck("progress", "done", "hands-on", "--on", "2026-01-20", *who)
        if i <= 3:
            ck("progress", "done", "wrap-up", "--on", "2026-01-27", *who)
        ck("progress", "import", str(reviews_file(work / f"reviews-{i}.json", i)), *who)
        ck("progress", "export", "--anonymous", "--out", str(out / f"l{i}.json"), *who)
    shutil.copy(out / "l1.json", out / "l1-sent-again.json")
    text = (out / "l3.json").read_text(encoding="utf-8")
    (out / "truncated.json").write_text(text[: len(text) // 2], encoding="utf-8")
    other = json.loads((out / "l4.json").read_text(encoding="utf-8"))
    other["course"] = "another-course"
    (out / "foreign.json").write_text(json.dumps(other), encoding="utf-8")
    return out


TODAY = "2026-03-02"


@contextmanager
def cohort_env(tmp: Path) -> Iterator[None]:
    """The cohort's clock (COURSEKIT_TODAY), time zone (UTC) and cache, for a block."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "UTC")
        patch.setenv("COURSEKIT_TODAY", TODAY)
        patch.setenv("COURSEKIT_CACHE_DIR", str(tmp / "cache"))
        patch.delenv("COURSEKIT_DB", raising=False)
        time.tzset()
        try:
            yield
        finally:
            patch.undo()
            time.tzset()


MINI = Path(__file__).parent / "fixtures" / "mini"


def built_cohort(tmp: Path, cards: str) -> tuple[Path, Path]:
    """The mini course with ``cards`` as its basics exercises, and the cohort's files."""
    course = tmp / "mini"
    shutil.copytree(MINI, course)
    (course / "exercises" / "basics.yml").write_text(cards, encoding="utf-8")
    # The cohort's course has every lesson written: a planned ("coming soon") lesson
    # cannot be marked done, and learners 1-3 finish wrap-up.
    wrap_up = course / "lessons" / "practice" / "wrap-up.md"
    wrap_up.write_text(
        wrap_up.read_text(encoding="utf-8").replace("status: planned", "status: draft"),
        encoding="utf-8",
    )
    with cohort_env(tmp):
        files = make_cohort(course, tmp / "cohort")
    return course, files


def copy_of(source: tuple[Path, Path], tmp: Path) -> tuple[Path, Path]:
    """A test's own copy of a built cohort (course and files), to change freely."""
    course, files = (tmp / "mini", tmp / "files")
    shutil.copytree(source[0], course)
    shutil.copytree(source[1], files)
    return course, files

