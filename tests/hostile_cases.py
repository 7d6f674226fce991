"""A corpus of hostile inputs: courses, files, databases and servers that must not hurt.

Each case prepares a folder (``work``) holding a copy of tests/fixtures/mini in
``work/course`` and, for the learner's commands, a progress database ``work/p.db``
with a few events; then runs one real ``coursekit`` process in ``work/course``.
``expected`` lists the exact ``error:`` lines it must print (``{work}`` and ``{url}``
stand for the folder and the loopback server), ``code`` its exit code. The test
also checks that nothing is a traceback, that the process ends within ``seconds``
(generous: it detects hangs, it does not measure speed), and that no course file
and no byte of the database changed. ``forbid`` lists texts that must not appear
in the output (raw terminal control characters).
"""

# ruff: noqa: E501  (each case holds the exact, long, line a user reads)

from __future__ import annotations

import json
import os
import socket
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

LINK_OUT = "outside the course folder; coursekit reads and publishes only files inside it (copy the file into the course instead)"
PERMISSION = "permission denied; check the file's and the folder's permissions"


@dataclass
class Case:
    args: list[str]
    expected: list[str]
    setup: Callable[[Path], None] = lambda work: None
    code: int = 1
    seconds: float = 30.0  # generous: a bound that catches hangs, not a speed test
    as_other_user: bool = False  # run as `nobody` (root ignores permissions)
    forbid: list[str] = field(default_factory=list)
    db: bool = False  # start with a progress database holding a few events
    writes: bool = False  # a command that succeeds and records something (the db may change)


# --------------------------------------------------------------------------- helpers


def course(work: Path) -> Path:
    return work / "course"


def write(work: Path, rel: str, text: str | bytes) -> None:
    path = course(work) / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def replace(work: Path, rel: str, old: str, new: str) -> None:
    path = course(work) / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def fifo(rel: str) -> Callable[[Path], None]:
    def make(work: Path) -> None:
        path = course(work) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        os.mkfifo(path)

    return make


def link_out(rel: str, content: str = "TOP-SECRET of the build machine\n") -> Callable[[Path], None]:
    def make(work: Path) -> None:
        secret = work / "secret.txt"
        secret.write_text(content, encoding="utf-8")
        path = course(work) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        path.symlink_to(secret)

    return make


def sparse_file(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:  # costs no disk and no time
        handle.truncate(size)


def sparse(rel: str, size: int) -> Callable[[Path], None]:
    return lambda work: sparse_file(course(work) / rel, size)


def chmod(rel: str, mode: int) -> Callable[[Path], None]:
    def make(work: Path) -> None:
        (course(work) / rel).chmod(mode)

    return make


def front(rel: str, text: str) -> Callable[[Path], None]:
    return lambda work: write(work, rel, text)


def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def make(work: Path) -> None:
        for step in steps:
            step(work)

    return make


def alias_bomb(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghijk"[: levels - 1]:
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "\n".join(lines)


def nested_yaml(depth: int) -> str:
    return "title: Basics\nlessons: [first-steps, second-steps]\nlearn: " + "[" * depth + "]" * depth + "\n"


def notebook(data: dict) -> str:
    cell = {
        "cell_type": "code",
        "execution_count": 1,
        "metadata": {},
        "source": "show()",
        "outputs": [{"output_type": "display_data", "metadata": {}, "data": data}],
    }
    return json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {"coursekit": {"title": "First steps", "study_time": "1h"}},
            "cells": [cell],
        }
    )


def notebook_lesson(text: str) -> Callable[[Path], None]:
    def make(work: Path) -> None:
        (course(work) / "lessons/basics/first-steps.md").unlink()
        write(work, "lessons/basics/first-steps.ipynb", text)

    return make


def template(text: str | bytes, name: str = "home.md.j2") -> Callable[[Path], None]:
    return lambda work: write(work, f"templates/{name}", text)


def socket_file(rel: str) -> Callable[[Path], None]:
    def make(work: Path) -> None:
        path = course(work) / rel
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()

    return make


def exchange(work: Path, data: object) -> None:
    (work / "progress.json").write_text(json.dumps(data), encoding="utf-8")


def submissions(work: Path, learner: str = "ana", fifo_named: str = "") -> None:
    """A folder of learners' progress files for ``cohort report``: one file, or a pipe."""
    folder = work / "submissions"
    folder.mkdir()
    if fifo_named:
        os.mkfifo(folder / fifo_named)
        return
    document = {"format": "coursekit-progress", "version": 1, "course": "mini", "learner": learner, "events": [{"type": "enrolled", "at": "2027-01-04T09:00:00Z", "pace": "moderate"}]}
    (folder / "ana.json").write_text(json.dumps(document), encoding="utf-8")


def db_file(content: bytes) -> Callable[[Path], None]:
    def make(work: Path) -> None:
        (work / "p.db").write_bytes(content)

    return make


def other_sqlite(work: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(work / "p.db")
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()


def newer_db(work: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(work / "p.db")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()


def damaged_db(work: Path) -> None:
    path = work / "p.db"
    data = bytearray(path.read_bytes())
    for offset in range(4096, min(len(data), 4096 * 4)):  # pages 2-4: the tables
        data[offset] = 0xA5
    path.write_bytes(bytes(data))


def read_only_db(work: Path) -> None:
    (work / "p.db").chmod(0o444)


def read_only_folder(work: Path) -> None:
    work.chmod(0o555)


def course_json(work: Path, data: dict) -> None:
    (work / "course.json").write_text(json.dumps(data), encoding="utf-8")


def index(**changes: object) -> dict:
    """A minimal valid course index, with ``changes`` applied at the top level."""
    data = {
        "format": "coursekit-course",
        "version": 1,
        "id": "mini",
        "title": "Mini",
        "paces": {"moderate": {"hours_per_day": [60, 120], "study_days": ["mon", "tue"]}},
        "modules": [
            {
                "id": "basics",
                "title": "Basics",
                "lessons": [{"id": "first-steps", "title": "First", "study_time": [60, 90]}],
            }
        ],
    }
    data.update(changes)
    return data


def file_mode(path: Path) -> int:
    return stat.S_IFMT(path.lstat().st_mode)


ESC_TITLE = 'title: "Mini \\e]0;owned\\a\\e[31mred\\e[2J\\x9b2J"'

# --------------------------------------------------------------------------- the cases

CASES: dict[str, Case] = {
    # ----------------------------------------------------------------- YAML
    "yaml-alias-bomb-in-front-matter": Case(
        ["check"],
        ["lessons/basics/first-steps.md:9: YAML error: aliases expand this value to more than 250,000 values; write it out, or use fewer aliases of aliases"],
        front("lessons/basics/first-steps.md", f"---\ntitle: First steps\nstudy_time: 1h\n{alias_bomb()}\n---\nbody\n"),
    ),
    "yaml-alias-bomb-in-exercises": Case(
        ["check"],
        ["exercises/basics.yml:6: YAML error: aliases expand this value to more than 250,000 values; write it out, or use fewer aliases of aliases"],
        front("exercises/basics.yml", f"{alias_bomb()}\nflashcards: []\n"),
    ),
    "yaml-alias-bomb-plan": Case(
        ["plan"],
        ["exercises/basics.yml:6: YAML error: aliases expand this value to more than 250,000 values; write it out, or use fewer aliases of aliases"],
        front("exercises/basics.yml", f"{alias_bomb()}\nflashcards: []\n"),
    ),
    "yaml-alias-contains-itself": Case(
        ["check"],
        ["curriculum/course.yml:9: YAML error: an alias makes this value contain itself; write the value out"],
        lambda work: replace(work, "curriculum/course.yml", "  practices: [Testing]", "  practices: [Testing]\n  loop: &loop [*loop]"),
    ),
    "yaml-nested-too-deep": Case(
        ["check"],
        ["curriculum/modules/basics.yml:3: YAML error: nested more than 50 levels deep; a course file needs only a few"],
        front("curriculum/modules/basics.yml", nested_yaml(60)),
    ),
    "yaml-nested-past-libyaml": Case(
        ["check"],
        ["curriculum/modules/basics.yml:3: YAML syntax error: exceeded maximum nesting depth"],
        front("curriculum/modules/basics.yml", nested_yaml(5000)),
    ),
    "yaml-raw-control-character": Case(
        ["check"],
        ["curriculum/course.yml:4: YAML error: U+001B is a control character, which YAML does not allow in a file; remove it"],
        lambda work: replace(work, "curriculum/course.yml", "level: beginner", "level: begin\x1bner"),
    ),
    "yaml-python-tag": Case(
        ["check"],
        ["curriculum/course.yml:4: YAML syntax error: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'"],
        lambda work: replace(work, "curriculum/course.yml", "level: beginner", "level: !!python/object/apply:os.system [echo owned]"),
    ),
    "front-matter-blank-line-syntax": Case(
        ["check"],
        ["lessons/basics/first-steps.md:4: YAML syntax error: mapping values are not allowed in this context"],
        front("lessons/basics/first-steps.md", "---\n\ntitle: First steps\n  study_time: 1h\n---\nbody\n"),
    ),
    "front-matter-blank-lines-unknown-key": Case(
        ["check"],
        ["lessons/basics/first-steps.md:6: bogus: unknown key 'bogus'; valid keys: id, title, study_time, status, objectives, outcome, requires"],
        front("lessons/basics/first-steps.md", "---\n\n\ntitle: First steps\nstudy_time: 1h\nbogus: 1\n---\nbody\n"),
    ),
    "front-matter-alias-error-line": Case(
        ["check"],
        [
            "lessons/basics/first-steps.md:5: objectives[1]: expected text (got a mapping)",
            "lessons/basics/first-steps.md:5: requires[1]: an id must be text (lowercase letters, digits and '-', starting with a letter, at most 64 characters)",
        ],
        front("lessons/basics/first-steps.md", "---\n\ntitle: First steps\nstudy_time: 1h\nobjectives: &o [a, {b: 1}]\nrequires: *o\n---\nbody\n"),
    ),
    "front-matter-not-utf8": Case(
        ["check"],
        ["lessons/basics/first-steps.md:4: not UTF-8 text (byte 0xff); save the file as UTF-8"],
        front("lessons/basics/first-steps.md", b"---\ntitle: First steps\nstudy_time: 1h\n\xff\n---\n"),
    ),
    "front-matter-unclosed": Case(
        ["check"],
        ["lessons/basics/first-steps.md:1: the front matter has no closing `---` line; add one after study_time"],
        front("lessons/basics/first-steps.md", "---\ntitle: First steps\nstudy_time: 1h\n"),
    ),
    "exercises-duplicate-key": Case(
        ["check"],
        ["exercises/basics.yml:2: YAML syntax error: duplicate key 'flashcards'"],
        front("exercises/basics.yml", "flashcards: []\nflashcards: []\n"),
    ),
    # ----------------------------------------------------------------- files and paths
    "exercises-file-is-a-fifo": Case(
        ["check"],
        ["exercises/practice.yml: is a named pipe (FIFO), not a regular file, so it is not read (coursekit reads an exercises file only from a regular file)"],
        fifo("exercises/practice.yml"),
    ),
    "lesson-file-is-a-fifo": Case(
        ["build"],
        ["lessons/basics/first-steps.md: is a named pipe (FIFO), not a regular file, so it is not read (coursekit reads a Markdown lesson only from a regular file)"],
        fifo("lessons/basics/first-steps.md"),
    ),
    "asset-is-a-fifo": Case(
        ["build"],
        ["lessons/basics/diagram.png: is a named pipe (FIFO), not a regular file; remove it from the course (coursekit never opens one: reading it could block)"],
        fifo("lessons/basics/diagram.png"),
    ),
    "asset-is-a-socket": Case(
        ["check"],
        ["lessons/basics/s.sock: is a socket, not a regular file; remove it from the course (coursekit never opens one: reading it could block)"],
        socket_file("lessons/basics/s.sock"),
    ),
    "template-is-a-fifo": Case(
        ["build"],
        ["templates/home.md.j2: is a named pipe (FIFO), not a regular file; remove it from the course (coursekit never opens one: reading it could block)"],
        fifo("templates/home.md.j2"),
    ),
    "lesson-links-outside": Case(
        ["build"],
        ["lessons/basics/first-steps.md: is a link to {work}/secret.txt, " + LINK_OUT],
        link_out("lessons/basics/first-steps.md", "---\ntitle: Secret\nstudy_time: 1h\n---\nTOP-SECRET\n"),
    ),
    "asset-links-outside": Case(
        ["build"],
        ["lessons/basics/passwd.txt: is a link to {work}/secret.txt, " + LINK_OUT],
        link_out("lessons/basics/passwd.txt"),
    ),
    "asset-links-outside-render": Case(
        ["render", "--out", "../out"],
        ["lessons/basics/passwd.txt: is a link to {work}/secret.txt, " + LINK_OUT],
        link_out("lessons/basics/passwd.txt"),
    ),
    "template-links-outside": Case(
        ["build"],
        ["templates/home.md.j2: is a link to {work}/secret.txt, " + LINK_OUT],
        link_out("templates/home.md.j2"),
    ),
    "course-file-links-outside": Case(
        ["check"],
        ["curriculum/course.yml: is a link to {work}/secret.txt, " + LINK_OUT],
        link_out("curriculum/course.yml", "id: mini\ntitle: T\nmodules: [basics, practice]\n"),
    ),
    "exercises-links-outside": Case(
        ["check"],
        ["exercises/basics.yml: is a link to {work}/secret.txt, " + LINK_OUT],
        link_out("exercises/basics.yml", "flashcards: []\n"),
    ),
    "dangling-link": Case(
        ["check"],
        ["lessons/practice/gone.png: is a link to /nonexistent/gone.png, " + LINK_OUT],
        lambda work: (course(work) / "lessons/practice/gone.png").symlink_to("/nonexistent/gone.png"),
    ),
    "lesson-folder-links-outside": Case(
        ["check"],
        ["lessons/basics/extra: is a link to {work}/elsewhere, " + LINK_OUT],
        lambda work: ((work / "elsewhere").mkdir(), (course(work) / "lessons/basics/extra").symlink_to(work / "elsewhere")),
    ),
    "lesson-folder-link-loop": Case(
        ["check"],
        [
            "lessons/basics/again: is a link to {work}/course/lessons, a folder that holds the link itself: following it never ends; remove the link",
            "lessons/basics/here: is a link to {work}/course/lessons/basics, a folder that holds the link itself: following it never ends; remove the link",
        ],
        lambda work: (
            (course(work) / "lessons/basics/here").symlink_to("."),
            (course(work) / "lessons/basics/again").symlink_to(".."),
        ),
    ),
    "lesson-folder-link-loop-learner": Case(
        ["progress"],
        [
            "lessons/basics/again: is a link to {work}/course/lessons, a folder that holds the link itself: following it never ends; remove the link",
            "lessons/basics/here: is a link to {work}/course/lessons/basics, a folder that holds the link itself: following it never ends; remove the link",
        ],
        lambda work: (
            (course(work) / "lessons/basics/here").symlink_to("."),
            (course(work) / "lessons/basics/again").symlink_to(".."),
        ),
        db=True,
    ),
    "new-flashcard-into-a-fifo": Case(
        ["new", "flashcard", "basics", "--q", "Q?", "--a", "A."],
        ["exercises/basics.yml: is a named pipe (FIFO), not a regular file, so it is not read (coursekit reads an exercises file only from a regular file)"],
        fifo("exercises/basics.yml"),
    ),
    "link-inside-the-course-is-fine": Case(
        ["check"],
        [],
        lambda work: (course(work) / "lessons/basics/copy.md.txt").symlink_to(course(work) / "lessons/basics/first-steps.md"),
        code=0,
    ),
    "exercises-too-large": Case(
        ["check"],
        ["exercises/basics.yml: is 50 MB; an exercises file may be at most 2 MB (split it into smaller files)"],
        sparse("exercises/basics.yml", 50 * 1024 * 1024),
    ),
    "lesson-too-large": Case(
        ["check"],
        ["lessons/basics/first-steps.md: is 3 MB; a Markdown lesson may be at most 2 MB (split it into smaller files)"],
        sparse("lessons/basics/first-steps.md", 3 * 1024 * 1024),
    ),
    "notebook-too-large": Case(
        ["check"],
        ["lessons/basics/first-steps.ipynb: is 100 MB; a notebook lesson may be at most 16 MB (split it into smaller files)"],
        both(lambda work: (course(work) / "lessons/basics/first-steps.md").unlink(), sparse("lessons/basics/first-steps.ipynb", 100 * 1024 * 1024)),
    ),
    "module-file-too-large": Case(
        ["check"],
        ["curriculum/modules/basics.yml: is 1.5 MB; a curriculum file may be at most 1 MB (split it into smaller files)"],
        sparse("curriculum/modules/basics.yml", 1536 * 1024),
    ),
    "template-too-large": Case(
        ["build"],
        ["templates/home.md.j2: is 1 MB; a template may be at most 256 KB (split it into smaller files)"],
        sparse("templates/home.md.j2", 1024 * 1024),
    ),
    "lesson-folder-not-readable": Case(
        ["check"],
        ["lessons/basics: cannot read it: " + PERMISSION],
        chmod("lessons/basics", 0),
        as_other_user=True,
    ),
    "lesson-file-not-readable": Case(
        ["check"],
        ["lessons/basics/first-steps.md: cannot read the file: " + PERMISSION],
        chmod("lessons/basics/first-steps.md", 0),
        as_other_user=True,
    ),
    "exercises-not-readable": Case(
        ["check"],
        ["exercises/basics.yml: cannot read the file: " + PERMISSION],
        chmod("exercises/basics.yml", 0),
        as_other_user=True,
    ),
    # ----------------------------------------------------------------- durations and dates
    "absurd-study-time": Case(
        ["check"],
        ["lessons/basics/first-steps.md:3: study_time: 99999999999 h is more than 1000 h, the most a lesson may take; split it, or check the unit"],
        lambda work: replace(work, "lessons/basics/first-steps.md", "study_time: 1-2h", "study_time: 99999999999h"),
    ),
    "absurd-study-time-plan": Case(
        ["plan"],
        ["lessons/basics/first-steps.md:3: study_time: 99999999999 h is more than 1000 h, the most a lesson may take; split it, or check the unit"],
        lambda work: replace(work, "lessons/basics/first-steps.md", "study_time: 1-2h", "study_time: 99999999999h"),
    ),
    "study-time-3000-hours": Case(
        ["build"],
        ["lessons/basics/first-steps.md:3: study_time: 3000 h is more than 1000 h, the most a lesson may take; split it, or check the unit"],
        lambda work: replace(work, "lessons/basics/first-steps.md", "study_time: 1-2h", "study_time: 3000h"),
    ),
    "study-time-400-digits": Case(
        ["check"],
        ["lessons/basics/first-steps.md:3: study_time: '" + "9" * 400 + "h' is far too long; a study time is at most hours"],
        lambda work: replace(work, "lessons/basics/first-steps.md", "study_time: 1-2h", "study_time: " + "9" * 400 + "h"),
    ),
    "pace-a-minute-a-day": Case(
        ["build"],
        ["curriculum/course.yml:8: paces.slow.hours_per_day: 1 min a day is less than 15 min, the least a pace may give a study day"],
        lambda work: replace(work, "curriculum/course.yml", "skills:", "paces:\n  slow:\n    hours_per_day: 1m\n    study_days: [mon]\nskills:"),
    ),
    "pace-more-than-a-day": Case(
        ["check"],
        ["curriculum/course.yml:7: paces.long.hours_per_day: 25 h is more than 24 h, the most a study day may take; split it, or check the unit"],
        lambda work: replace(work, "curriculum/course.yml", "skills:", "paces:\n  long: {hours_per_day: 25h, study_days: [mon]}\nskills:"),
    ),
    "module-time-absurd": Case(
        ["check"],
        ["curriculum/modules/basics.yml:8: study_time: 200000 h is more than 100000 h, the most a module may take; split it, or check the unit"],
        lambda work: replace(work, "curriculum/modules/basics.yml", "study_time: 3-5h", "study_time: 200000h"),
    ),
    "course-start-9999": Case(
        ["plan"],
        ["curriculum/course.yml:6: start: 9999-12-01 is out of range (years 2000 to 2200)"],
        lambda work: replace(work, "curriculum/course.yml", "skills:", "start: 9999-12-01\nskills:"),
    ),
    "course-start-1999": Case(
        ["check"],
        ["curriculum/course.yml:6: start: 1999-01-04 is out of range (years 2000 to 2200)"],
        lambda work: replace(work, "curriculum/course.yml", "skills:", "start: 1999-01-04\nskills:"),
    ),
    "review-interval-absurd": Case(
        ["check"],
        ["curriculum/course.yml:7: review.maximum_interval: input should be less than or equal to 100000 (got 999999999999)"],
        lambda work: replace(work, "curriculum/course.yml", "skills:", "review:\n  maximum_interval: 999999999999\nskills:"),
    ),
    "plan-start-9999": Case(
        ["plan", "--start", "9999-12-01"],
        ["--start: 9999-12-01 is out of range (years 2000 to 2200)"],
    ),
    "plan-start-not-a-date": Case(
        ["plan", "--start", "2027-02-30"],
        ["--start: '2027-02-30' is not a date; write YYYY-MM-DD, today, yesterday, 3 days ago, a weekday (friday: the most recent), tomorrow, +8w"],
    ),
    "plan-past-2200": Case(
        ["plan", "--start", "2200-12-01", "--hours-per-day", "15m"],
        ["pace 'custom': at 15 min of lessons a day the plan would end on 2201-01-02, past 2200-12-31, the last day a plan may reach; study more each day"],
    ),
    "plan-a-few-minutes-a-day": Case(
        ["plan", "--hours-per-day", "5m"],
        ["--hours-per-day: '5m' is less than 15 min, the least a pace may give a study day"],
    ),
    "plan-skip-backwards": Case(
        ["plan", "--skip", "2027-01-10..2027-01-01"],
        ["--skip: '2027-01-10..2027-01-01' ends before it begins; write FIRST..LAST"],
    ),
    "plan-relative-overflow": Case(
        ["plan", "--start", "+9999w"],
        ["--start: '+9999w' (2218-08-26) is out of range (years 2000 to 2200)"],
    ),
    "progress-target-far": Case(
        ["progress", "start", "--target", "3000-01-01"],
        ["--target: 3000-01-01 is out of range (years 2000 to 2200)"],
        db=True,
    ),
    # ----------------------------------------------------------------- front matter and lessons
    "lesson-requires-itself": Case(
        ["check"],
        ["lessons/basics/first-steps.md:5: requires[0]: a lesson cannot require itself"],
        lambda work: replace(work, "lessons/basics/first-steps.md", "outcome:", "requires: [first-steps]\noutcome:"),
    ),
    "lesson-status-empty": Case(
        ["check"],
        ["lessons/basics/first-steps.md:4: status: empty status; use one of ready, draft, planned"],
        lambda work: replace(work, "lessons/basics/first-steps.md", "objectives:", 'status: ""\nobjectives:'),
    ),
    "module-lists-thousands-of-missing-lessons": Case(
        ["check"],
        [
            *(
                f"curriculum/modules/basics.yml:2: lessons[{i}]: no lesson 'missing-{i}': expected lessons/basics/missing-{i}.md (or .ipynb)"
                for i in range(50)
            ),
            "curriculum/modules/basics.yml: and 29,950 more like these",
        ],
        front("curriculum/modules/basics.yml", "title: Basics\nlessons: [" + ", ".join(f"missing-{i}" for i in range(30000)) + "]\n"),
    ),
    # ----------------------------------------------------------------- notebooks
    "notebook-nested-10000-deep": Case(
        ["check"],
        ["lessons/basics/first-steps.ipynb: nested too deeply to be a notebook"],
        notebook_lesson(notebook({"text/plain": "x", "application/json": "X"}).replace('"X"', "[" * 10000 + "]" * 10000)),
    ),
    "notebook-not-json": Case(
        ["check"],
        ["lessons/basics/first-steps.ipynb:1: not valid notebook JSON: Expecting property name enclosed in double quotes"],
        notebook_lesson("{'cells': oops}"),
    ),
    "notebook-without-metadata": Case(
        ["check"],
        ["lessons/basics/first-steps.ipynb:1: metadata.coursekit: a notebook lesson keeps its front matter in metadata.coursekit (title, study_time, status, ...); none found"],
        notebook_lesson(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []})),
    ),
    "notebook-study-time-absurd": Case(
        ["check"],
        ["lessons/basics/first-steps.ipynb:1: study_time: 9999999 h is more than 1000 h, the most a lesson may take; split it, or check the unit"],
        notebook_lesson(notebook({"text/plain": "x"}).replace('"1h"', '"9999999h"')),
    ),
    # ----------------------------------------------------------------- templates
    "template-nested-loops": Case(
        ["build"],
        ["templates/home.md.j2:2: cannot render home.md.j2: the template took more than 5,000,000 steps (loop iterations and calls) for one page; look for a loop inside a loop"],
        template("# Home\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"),
        seconds=90,  # 5 s alone; the step budget (or its 20 s clock) stops it, plus a build, on a loaded machine
    ),
    "template-huge-repeat": Case(
        ["build"],
        ["templates/home.md.j2:2: cannot render home.md.j2: a repeated text or list is a number above 10,000,000"],
        template("# Home\n{{ 'x' * 100000000 }}\n"),
    ),
    "template-huge-power": Case(
        ["build"],
        ["templates/home.md.j2:2: cannot render home.md.j2: an exponent above 1,000"],
        template("# Home\n{{ 10 ** 100000000 }}\n"),
    ),
    "template-macro-recursion": Case(
        ["render", "--out", "../out"],
        ["templates/home.md.j2:1: cannot render home.md.j2: a macro calls itself too deeply (or the template nests too deeply)"],
        template("{% macro m(n) %}{{ m(n) }}{% endmacro %}\n{{ m(1) }}\n"),
    ),
    "template-namespace-doubling": Case(
        ["build"],
        ["templates/home.md.j2:1: cannot render home.md.j2: namespace attribute 's' is longer than 10,000,000 items"],
        template("{% set ns = namespace(s='xx') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}\n"),
    ),
    "template-filter-width": Case(
        ["build"],
        ["templates/home.md.j2:1: cannot render home.md.j2: an argument of the filter 'center' is a number above 10,000,000"],
        template("{{ 'x'|center(1000000000) }}\n"),
    ),
    "template-private-attribute": Case(
        ["build"],
        ["templates/home.md.j2:1: cannot render home.md.j2: SecurityError: access to attribute '__init__' of 'StrictUndefined' object is unsafe."],
        template("{{ course.__class__.__init__.__globals__ }}\n"),
    ),
    "template-syntax-error": Case(
        ["build"],
        ["templates/home.md.j2:2: cannot render home.md.j2: TemplateSyntaxError: unexpected 'end of template'"],
        template("# Home\n{{ \n"),
    ),
    "template-not-utf8": Case(
        ["build"],
        ["templates/home.md.j2: is not UTF-8 text; save it as UTF-8"],
        template(b"# Home \xff\n"),
    ),
    # ----------------------------------------------------------------- terminal injection
    "terminal-escapes-in-course-title": Case(
        ["check"],
        [],
        lambda work: replace(work, "curriculum/course.yml", 'title: "Mini Course"', ESC_TITLE),
        code=0,
        forbid=["\x1b", "\x07", "\x9b"],
    ),
    "terminal-escapes-in-info": Case(
        ["info"],
        [],
        lambda work: replace(work, "curriculum/course.yml", 'title: "Mini Course"', ESC_TITLE),
        code=0,
        forbid=["\x1b", "\x07", "\x9b"],
    ),
    "terminal-escapes-in-plan": Case(
        ["plan", "--format", "md"],
        [],
        lambda work: replace(work, "curriculum/course.yml", 'title: "Mini Course"', ESC_TITLE),
        code=0,
        forbid=["\x1b", "\x07", "\x9b"],
    ),
    "terminal-escapes-in-an-error": Case(
        ["check"],
        ["lessons/basics/first-steps.md:3: study_time: ']0;owned[31m' is not a study time; write it like 45m, 1.5h, 2-3h, 30-60 min or 1h30m"],
        lambda work: replace(work, "lessons/basics/first-steps.md", "study_time: 1-2h", 'study_time: "\\e]0;owned\\a\\e[31m"'),
        forbid=["\x1b", "\x07"],
    ),
    "terminal-escapes-in-course-json": Case(
        ["progress", "--course", "../course.json"],
        [],
        lambda work: course_json(work, index(title="Mini \x1b]0;owned\x07\x1b[2J\u009b31m")),
        code=0,
        db=True,
        forbid=["\x1b", "\x07", "\x9b"],
    ),
    "terminal-escapes-in-exchange-keys": Case(
        ["progress", "import", "../progress.json"],
        ["../progress.json: events[0].]0;owned[31m: unknown field for a enrolled event"],
        lambda work: exchange(work, {"format": "coursekit-progress", "version": 1, "course": "mini", "learner": "x", "events": [{"type": "enrolled", "at": "2027-01-04T09:00:00Z", "pace": "moderate", "\x1b]0;owned\x07\x1b[31m": 1}]}),
        db=True,
        forbid=["\x1b", "\x07"],
    ),
    # ----------------------------------------------------------------- the progress database
    "db-is-a-folder": Case(
        ["progress", "--db", ".."],
        ["..: is a folder; give the path of a database file"],
    ),
    "db-is-a-fifo": Case(
        ["progress"],
        ["{work}/p.db: is a named pipe (FIFO), not a regular file, so it is not read (coursekit reads a progress database only from a regular file); choose another file with --db or COURSEKIT_DB; this one was left untouched"],
        lambda work: os.mkfifo(work / "p.db"),
    ),
    "db-is-random-bytes": Case(
        ["progress", "done", "first-steps"],
        ["{work}/p.db: is not a coursekit progress database; choose another file with --db or COURSEKIT_DB; this one was left untouched"],
        db_file(os.urandom(4096)),
    ),
    "db-is-another-sqlite-file": Case(
        ["progress", "done", "first-steps"],
        ["{work}/p.db: is an SQLite database but not a coursekit progress database; choose another file with --db or COURSEKIT_DB; this one was left untouched"],
        other_sqlite,
    ),
    "db-from-a-newer-coursekit": Case(
        ["progress", "done", "first-steps"],
        ["{work}/p.db: was written by a newer coursekit (database schema 99; this coursekit reads up to 2); upgrade coursekit to use it. The file was left untouched"],
        newer_db,
        db=True,
    ),
    "db-damaged": Case(
        ["progress", "done", "first-steps"],
        ["{work}/p.db: the progress database is damaged (database disk image is malformed); it was left untouched. Restore a backup or an exported progress file, or choose another file with --db"],
        damaged_db,
        db=True,
    ),
    "db-read-only-file": Case(
        ["progress", "done", "first-steps"],
        ["{work}/p.db: cannot write the progress database: it is read-only (the file, or its folder, where SQLite keeps its -wal and -shm files beside it); nothing was recorded and the file is unchanged. Check their permissions, or choose another file with --db"],
        read_only_db,
        db=True,
        as_other_user=True,
    ),
    "db-read-only-folder": Case(
        ["progress", "done", "first-steps"],
        ["{work}/p.db: cannot write the progress database: it is read-only (the file, or its folder, where SQLite keeps its -wal and -shm files beside it); nothing was recorded and the file is unchanged. Check their permissions, or choose another file with --db"],
        read_only_folder,
        db=True,
        as_other_user=True,
    ),
    "db-folder-not-writable-for-a-new-db": Case(
        ["progress", "start"],
        ["{work}/p.db: cannot create the database: the folder is not writable; choose another file with --db"],
        read_only_folder,
        as_other_user=True,
    ),
    "export-to-a-full-disk": Case(
        ["progress", "export", "--out", "/dev/full"],
        ["/dev/full: cannot write the file: the disk is full; free some space and try again"],
        db=True,
    ),
    "plan-to-a-full-disk": Case(
        ["plan", "--format", "md", "--out", "/dev/full"],
        ["/dev/full: cannot write the file: the disk is full; free some space and try again"],
    ),
    "plan-calendar-to-a-full-disk": Case(
        ["plan", "--format", "ics", "--out", "/dev/full"],
        ["/dev/full: cannot write the file: the disk is full; free some space and try again"],
    ),
    # ----------------------------------------------------------------- exchange files
    "import-a-fifo": Case(
        ["progress", "import", "../progress.json"],
        ["../progress.json: is a named pipe (FIFO), not a regular file, so it is not read (coursekit reads a progress file only from a regular file); nothing was imported"],
        lambda work: os.mkfifo(work / "progress.json"),
        db=True,
    ),
    "import-a-huge-file": Case(
        ["progress", "import", "../progress.json"],
        ["../progress.json: is 100 MB; a progress file may be at most 20 MB; nothing was imported"],
        lambda work: sparse_file(work / "progress.json", 100 * 1024 * 1024),
        db=True,
    ),
    "import-not-json": Case(
        ["progress", "import", "../progress.json"],
        ["../progress.json: is not valid JSON (Expecting value: line 1 column 1 (char 0)), so not a progress file; nothing was imported"],
        lambda work: (work / "progress.json").write_text("<html>", encoding="utf-8"),
        db=True,
    ),
    "import-nested-deeply": Case(
        ["progress", "import", "../progress.json"],
        ["../progress.json: is nested too deeply to be a progress file; nothing was imported"],
        lambda work: (work / "progress.json").write_text("[" * 100000 + "]" * 100000, encoding="utf-8"),
        db=True,
    ),
    "import-another-format": Case(
        ["progress", "import", "../progress.json"],
        ['../progress.json: format: expected "coursekit-progress", got "something-else": not a progress file'],
        lambda work: exchange(work, {"format": "something-else"}),
        db=True,
    ),
    "import-a-directory": Case(
        ["progress", "import", ".."],
        ["..: is a folder, not a regular file, so it is not read (coursekit reads a progress file only from a regular file); nothing was imported"],
        db=True,
    ),
    # ----------------------------------------------------------------- a cohort's files
    "cohort-folder-holds-a-fifo": Case(
        ["cohort", "report", "../submissions"],
        [
            "../submissions/ana.json: is a named pipe (FIFO), not a regular file, so it is not read (coursekit reads a progress file only from a regular file); the file was left out of the report",
            "../submissions: no learner's progress file could be used",
        ],
        lambda work: submissions(work, fifo_named="ana.json"),
    ),
    "cohort-learner-name-with-terminal-escapes": Case(
        ["cohort", "report", "../submissions"],
        [
            '../submissions/ana.json: learner: expected a name of at most 100 characters, without control characters, got "\\u001b]0;owned\\u0007\\u001b[31m"',
            "../submissions: no learner's progress file could be used",
        ],
        lambda work: submissions(work, learner="\x1b]0;owned\x07\x1b[31m"),
        forbid=["\x1b", "\x07"],
    ),
    "course-json-is-a-fifo": Case(
        ["progress", "--course", "../course.json"],
        ["../course.json: is a named pipe (FIFO), not a regular file, so it is not read (coursekit reads a course.json only from a regular file)"],
        lambda work: os.mkfifo(work / "course.json"),
        db=True,
    ),
    "course-json-lesson-without-status": Case(
        ["progress", "--course", "../course.json"],
        [],
        lambda work: course_json(work, index()),
        code=0,
        db=True,
    ),
    "course-json-absurd-study-time": Case(
        ["progress", "--course", "../course.json"],
        ["../course.json: modules[0].lessons[0].study_time: expected [low, high] whole minutes from 0 to 60,000, got a list of 2"],
        lambda work: course_json(
            work,
            index(modules=[{"id": "basics", "title": "B", "lessons": [{"id": "a", "title": "A", "study_time": [1, 10**12]}]}]),
        ),
        db=True,
    ),
    "course-json-pace-a-minute": Case(
        ["progress", "--course", "../course.json"],
        ["../course.json: paces.moderate.hours_per_day: expected [low, high] whole minutes from 15 to 1,440, got a list of 2"],
        lambda work: course_json(work, index(paces={"moderate": {"hours_per_day": [1, 1], "study_days": ["mon"]}})),
        db=True,
    ),
    # ----------------------------------------------------------------- --course URL
    "url-drips-one-byte-at-a-time": Case(
        ["progress", "--course", "{url}/drip/"],
        ["{url}/drip/course.json: the course site sent no complete course index within 20 s; try again later, or use a saved course.json"],
        db=True,
        seconds=45,
    ),
    "url-huge-body": Case(
        ["progress", "--course", "{url}/huge/"],
        ["{url}/huge/course.json: the course index is larger than 20 MB"],
        db=True,
        seconds=30,
    ),
    "url-redirect-loop": Case(
        ["progress", "--course", "{url}/loop/"],
        ["{url}/loop/course.json: the site redirects in a loop (HTTP 302); check the address"],
        db=True,
    ),
    "url-redirect-to-a-file": Case(
        ["progress", "--course", "{url}/to-file/"],
        ["{url}/to-file/course.json: the site redirects (HTTP 302) to an address that is not a web page"],
        db=True,
    ),
    "url-serves-html": Case(
        ["progress", "--course", "{url}/html/"],
        ["{url}/html/course.json: the site answered with an HTML page, not a course index: is this the address of a coursekit site? (its course.json is at the site's root)"],
        db=True,
    ),
    "url-not-found": Case(
        ["progress", "--course", "{url}/nothing/"],
        ["{url}/nothing/course.json: the site answered HTTP 404 Not Found (is this a coursekit site?)"],
        db=True,
    ),
    "url-malformed": Case(
        ["progress", "--course", "http://[::1/course"],
        ["http://[::1/course/course.json: is not a valid web address (Invalid IPv6 URL); write it like https://example.org/course/"],
        db=True,
    ),
    "url-nobody-listening": Case(
        ["progress", "--course", "http://127.0.0.1:9/course/"],
        ["http://127.0.0.1:9/course/course.json: cannot reach the course site (Connection refused); are you offline? A saved course.json or the course folder works offline"],
        db=True,
    ),
    "url-lesson-without-status": Case(
        ["progress", "--course", "{url}/no-status/"],
        [],
        db=True,
        code=0,
    ),
    "url-20000-lessons-in-reverse-order": Case(
        ["progress", "start", "--course", "{url}/chain/"],
        [],
        code=0,
        seconds=30,
        writes=True,
    ),
}
