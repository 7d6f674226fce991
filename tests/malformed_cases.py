"""A corpus of broken courses: each case edits a copy of tests/fixtures/mini.

An edit is ``(path, old, new)``: replace ``old`` by ``new`` in the file; ``old=None``
writes ``new`` as the whole file; ``new=None`` deletes the file. ``expected`` lists the
exact error lines ``coursekit check`` must print (warnings are not compared).

tests/test_malformed.py checks every case. To read the messages by eye, print them:

    python3 dev.py corpus [CASE ...]

which runs this file: each case's name, then what ``coursekit check`` prints for it
now, and the corpus's expected lines where they differ.
"""

# ruff: noqa: E501  (each case holds the exact, long, line a user reads)

from __future__ import annotations

import sys
from pathlib import Path

MINI = Path(__file__).parent / "fixtures" / "mini"


CASES: dict[str, dict] = {
    "course-yaml-syntax": {
        "edits": [
            ("curriculum/course.yml", "modules: [basics, practice]", "modules: [basics, practice")
        ],
        "expected": [
            "curriculum/course.yml:6: YAML syntax error: did not find expected ',' or ']'",
        ],
    },
    # An unclosed quote is reported where it opened, not where YAML gave up.
    "module-unclosed-quote-closed-later": {
        "edits": [
            ("curriculum/modules/basics.yml", "title: Basics", 'title: "Basics'),
            ("curriculum/modules/basics.yml", "[What a course is,", '["What a course is",'),
        ],
        "expected": [
            "curriculum/modules/basics.yml:2: YAML syntax error: a quote opened on this line is not closed on it: the quoted text runs on to line 5, where YAML finds: did not find expected key",
        ],
    },
    "module-unclosed-quote-at-the-end": {
        "edits": [("curriculum/modules/basics.yml", "reflection: [What surprised you?]", "summary2: 'What surprised you?\nmore: text")],
        "expected": [
            "curriculum/modules/basics.yml:9: YAML syntax error: a quote opened on this line is not closed",
        ],
    },
    "course-unknown-key": {
        "edits": [("curriculum/course.yml", "level: beginner", "levle: beginner")],
        "expected": [
            "curriculum/course.yml:4: levle: unknown key 'levle' (did you mean 'level'?); valid keys: id, title, description, level, modules, skills, paces, start, review, language, trusted_notebooks",
        ],
    },
    "course-missing-title": {
        "edits": [("curriculum/course.yml", 'title: "Mini Course"\n', "")],
        "expected": [
            "curriculum/course.yml:1: title: required key is missing (add `title: ...`)",
        ],
    },
    "course-bad-id": {
        "edits": [("curriculum/course.yml", "id: mini", "id: Mini Course")],
        "expected": [
            "curriculum/course.yml:1: id: 'Mini Course' is not a valid id (did you mean 'mini-course'?): use lowercase letters, digits and '-', starting with a letter, at most 64 characters",
        ],
    },
    # Regression: `$` in the id pattern let "mini\n" through the loader, and the
    # course's own course.json (checked with \Z) was then refused.
    "course-id-with-a-newline": {
        "edits": [("curriculum/course.yml", "id: mini", 'id: "mini\\n"')],
        "expected": [
            "curriculum/course.yml:1: id: 'mini\\n' has spaces or line breaks around it; write 'mini'",
        ],
    },
    "course-empty-modules": {
        "edits": [("curriculum/course.yml", "modules: [basics, practice]", "modules: []")],
        "expected": [
            "curriculum/course.yml:5: modules: a course lists at least one module (coursekit new module ID --title T)",
        ],
    },
    "course-not-a-mapping": {
        "edits": [("curriculum/course.yml", None, "- id: mini\n- title: x\n")],
        "expected": [
            "curriculum/course.yml:1: expected a mapping of keys (like `id: ...`), got a list",
        ],
    },
    "course-empty-file": {
        "edits": [("curriculum/course.yml", None, "")],
        "expected": [
            "curriculum/course.yml:1: expected a mapping of keys (like `id: ...`), got an empty file",
        ],
    },
    "course-tab-indent": {
        "edits": [("curriculum/course.yml", "  tools: [Python, Git]", "\ttools: [Python, Git]")],
        "expected": [
            "curriculum/course.yml:7: YAML syntax error: found character that cannot start any token (a tab: indent with spaces)",
        ],
    },
    "course-duplicate-key": {
        "edits": [("curriculum/course.yml", "level: beginner", "level: beginner\nlevel: advanced")],
        "expected": [
            "curriculum/course.yml:5: YAML syntax error: duplicate key 'level'",
        ],
    },
    "pace-no-study-days": {
        "edits": [
            (
                "curriculum/course.yml",
                "skills:",
                "paces:\n  weekend: {hours_per_day: 2h, study_days: []}\nskills:",
            )
        ],
        "expected": [
            "curriculum/course.yml:7: paces.weekend.study_days: must list at least one item",
        ],
    },
    "pace-bad-weekday": {
        "edits": [
            (
                "curriculum/course.yml",
                "skills:",
                "paces:\n  weekend:\n    hours_per_day: 2h\n    study_days: [sat, funday]\nskills:",
            )
        ],
        "expected": [
            "curriculum/course.yml:9: paces.weekend.study_days[1]: 'funday' is not a weekday (did you mean 'sunday'?); use one of mon, tue, wed, thu, fri, sat, sun",
        ],
    },
    # Only full names and three-letter forms: `monkey` once counted as Monday.
    "pace-weekday-prefix-only": {
        "edits": [
            (
                "curriculum/course.yml",
                "skills:",
                "paces:\n  mine:\n    hours_per_day: 2h\n    study_days: [Monday, wed, monkey, satellite]\nskills:",
            )
        ],
        "expected": [
            "curriculum/course.yml:9: paces.mine.study_days[2]: 'monkey' is not a weekday (did you mean 'monday'?); use one of mon, tue, wed, thu, fri, sat, sun",
            "curriculum/course.yml:9: paces.mine.study_days[3]: 'satellite' is not a weekday; use one of mon, tue, wed, thu, fri, sat, sun",
        ],
    },
    "pace-bare-hours": {
        "edits": [
            (
                "curriculum/course.yml",
                "skills:",
                "paces:\n  weekend:\n    hours_per_day: 3\n    study_days: [sat]\nskills:",
            )
        ],
        "expected": [
            "curriculum/course.yml:8: paces.weekend.hours_per_day: '3' has no unit: write 3m for minutes or 3h for hours",
        ],
    },
    "module-file-missing": {
        "edits": [
            ("curriculum/course.yml", "modules: [basics, practice]", "modules: [basics, practise]")
        ],
        "expected": [
            "curriculum/course.yml:5: modules[1]: no module file curriculum/modules/practise.yml (did you mean 'practice'?)",
        ],
    },
    "module-named-like-a-site-page": {
        "edits": [
            ("curriculum/course.yml", "modules: [basics, practice]", "modules: [basics, practice, review]"),
            ("curriculum/modules/review.yml", None, "title: Review\nlessons: []\n"),
        ],
        "expected": [
            "curriculum/course.yml:5: modules[2]: 'review' is the address of the site's Review page; name the module otherwise (e.g. 'review-module')",
            "curriculum/modules/review.yml:2: lessons: a module lists at least one lesson; a planned one will do (coursekit new lesson MODULE ID --title T --time 1h --status planned)",
        ],
    },
    "review-steps-that-are-not-steps": {
        "edits": [
            (
                "curriculum/course.yml",
                "modules: [basics, practice]",
                "modules: [basics, practice]\nreview:\n  learning_steps: [1m, 1-2h, 25h]\n  new_cards: 2.5",
            )
        ],
        "expected": [
            "curriculum/course.yml:7: review.learning_steps[1]: '1-2h' is a range; a step is one time, like 10m",
            "curriculum/course.yml:7: review.learning_steps[2]: '25h': a step is from 1 minute to 24 hours",
            "curriculum/course.yml:8: review.new_cards: input should be a valid integer, got a number with a fractional part (got 2.5)",
        ],
    },
    "module-listed-twice": {
        "edits": [
            (
                "curriculum/course.yml",
                "modules: [basics, practice]",
                "modules:\n  - basics\n  - practice\n  - basics",
            )
        ],
        "expected": [
            "curriculum/course.yml:8: modules[2]: module 'basics' is listed twice",
        ],
    },
    "module-unknown-key": {
        "edits": [
            (
                "curriculum/modules/basics.yml",
                "lessons: [first-steps, second-steps]",
                "lesson: [first-steps, second-steps]",
            )
        ],
        "expected": [
            "curriculum/modules/basics.yml:7: lesson: unknown key 'lesson' (did you mean 'lessons'?); valid keys: id, title, summary, difficulty, learn, build, lessons, study_time, reflection",
        ],
    },
    "module-lesson-file-missing": {
        "edits": [
            (
                "curriculum/modules/basics.yml",
                "lessons: [first-steps, second-steps]",
                "lessons: [first-steps, second-step]",
            )
        ],
        "expected": [
            "curriculum/modules/basics.yml:7: lessons[1]: no lesson 'second-step': expected lessons/basics/second-step.md (or .ipynb) (did you mean 'second-steps'?)",
        ],
    },
    "module-id-mismatch": {
        "edits": [("curriculum/modules/basics.yml", "title: Basics", "id: basic\ntitle: Basics")],
        "expected": [
            "curriculum/modules/basics.yml:2: id: id 'basic' differs from the file name 'basics'; rename one so they match",
        ],
    },
    "module-study-time-no-unit": {
        "edits": [("curriculum/modules/basics.yml", "study_time: 3-5h", "study_time: 3-5")],
        "expected": [
            "curriculum/modules/basics.yml:8: study_time: '3-5' has no unit; write it like 45m, 1.5h, 2-3h, 30-60 min or 1h30m",
        ],
    },
    "module-study-time-reversed": {
        "edits": [("curriculum/modules/basics.yml", "study_time: 3-5h", "study_time: 5-3h")],
        "expected": [
            "curriculum/modules/basics.yml:8: study_time: '5-3h': the low end is above the high end",
        ],
    },
    "module-lessons-not-a-list": {
        "edits": [
            ("curriculum/modules/practice.yml", "lessons: [hands-on, wrap-up]", "lessons: hands-on")
        ],
        "expected": [
            "curriculum/modules/practice.yml:6: lessons: expected a list, like `[a, b]` or one `- item` per line (got 'hands-on')",
        ],
    },
    "module-lesson-id-not-slug": {
        "edits": [
            (
                "curriculum/modules/practice.yml",
                "lessons: [hands-on, wrap-up]",
                "lessons: [hands-on, ../../etc/passwd]",
            )
        ],
        "expected": [
            "curriculum/modules/practice.yml:6: lessons[1]: '../../etc/passwd' is not a valid id: use lowercase letters, digits and '-', starting with a letter, at most 64 characters",
        ],
    },
    "lesson-id-in-two-modules": {
        "edits": [
            (
                "curriculum/modules/practice.yml",
                "lessons: [hands-on, wrap-up]",
                "lessons: [hands-on, wrap-up, first-steps]",
            )
        ],
        "expected": [
            "curriculum/modules/practice.yml:6: lessons[2]: lesson id 'first-steps' is already used in module 'basics' (curriculum/modules/basics.yml:7); lesson ids are unique across the course",
        ],
    },
    "lesson-no-front-matter": {
        "edits": [
            ("lessons/basics/first-steps.md", None, "# First steps\n\nNo front matter here.\n")
        ],
        "expected": [
            "lessons/basics/first-steps.md:1: no front matter: start the file with a `---` line, then title and study_time, then another `---` line",
        ],
    },
    "lesson-front-matter-syntax": {
        "edits": [
            (
                "lessons/basics/first-steps.md",
                "outcome: You can find your way around.",
                "outcome: [unclosed",
            )
        ],
        "expected": [
            "lessons/basics/first-steps.md:6: YAML syntax error: did not find expected ',' or ']'",
        ],
    },
    "lesson-bare-number": {
        "edits": [("lessons/basics/first-steps.md", "study_time: 1-2h", "study_time: 2")],
        "expected": [
            "lessons/basics/first-steps.md:3: study_time: '2' has no unit: write 2m for minutes or 2h for hours",
        ],
    },
    "lesson-zero-time": {
        "edits": [("lessons/basics/first-steps.md", "study_time: 1-2h", "study_time: 0h")],
        "expected": [
            "lessons/basics/first-steps.md:3: study_time: '0h' is zero; a study time must be above zero",
        ],
    },
    # A repeated unit is most likely a mistyped range: refused, never summed.
    "lesson-time-repeated-unit": {
        "edits": [("lessons/basics/first-steps.md", "study_time: 1-2h", "study_time: 1h 2h")],
        "expected": [
            "lessons/basics/first-steps.md:3: study_time: '1h 2h': write a range as 1-2h, or one amount like 1h30m (hours once, then minutes once)",
        ],
    },
    "lesson-time-minutes-before-hours": {
        "edits": [("lessons/basics/first-steps.md", "study_time: 1-2h", "study_time: 30m1h")],
        "expected": [
            "lessons/basics/first-steps.md:3: study_time: '30m1h': write a range as 1-2h, or one amount like 1h30m (hours once, then minutes once)",
        ],
    },
    "lesson-time-range-from-zero": {
        "edits": [("lessons/basics/first-steps.md", "study_time: 1-2h", "study_time: 0-30m")],
        "expected": [
            "lessons/basics/first-steps.md:3: study_time: '0-30m': a range must start above zero (its low end is 0)",
        ],
    },
    "lesson-time-under-a-minute": {
        "edits": [("lessons/basics/first-steps.md", "study_time: 1-2h", "study_time: 0.5m")],
        "expected": [
            "lessons/basics/first-steps.md:3: study_time: '0.5m': less than a minute rounds to zero; write at least 1m",
        ],
    },
    "lesson-unknown-unit": {
        "edits": [("lessons/basics/first-steps.md", "study_time: 1-2h", "study_time: 2 days")],
        "expected": [
            "lessons/basics/first-steps.md:3: study_time: '2 days': unknown unit 'days' (use m, min, h or hours)",
        ],
    },
    "lesson-negative-time": {
        "edits": [("lessons/basics/first-steps.md", "study_time: 1-2h", "study_time: -1h")],
        "expected": [
            "lessons/basics/first-steps.md:3: study_time: '-1h' is negative; a study time must be above zero",
        ],
    },
    "lesson-bad-status": {
        "edits": [("lessons/practice/hands-on.md", "status: draft", "status: done")],
        "expected": [
            "lessons/practice/hands-on.md:4: status: 'done' is not a status; use one of ready, draft, planned",
        ],
    },
    "lesson-unknown-key": {
        "edits": [("lessons/basics/first-steps.md", "objectives:", "objective:")],
        "expected": [
            "lessons/basics/first-steps.md:4: objective: unknown key 'objective' (did you mean 'objectives'?); valid keys: id, title, study_time, status, objectives, outcome, requires",
        ],
    },
    "lesson-missing-title": {
        "edits": [("lessons/basics/first-steps.md", "title: First steps\n", "")],
        "expected": [
            "lessons/basics/first-steps.md:2: title: required key is missing (add `title: ...`)",
        ],
    },
    "lesson-requires-unknown": {
        "edits": [
            ("lessons/basics/second-steps.md", "requires: [first-steps]", "requires: [frist-steps]")
        ],
        "expected": [
            "lessons/basics/second-steps.md:6: requires[0]: no lesson 'frist-steps' in this course (did you mean 'first-steps' or 'second-steps'?)",
        ],
    },
    "lesson-requires-cycle": {
        "edits": [
            (
                "lessons/basics/first-steps.md",
                "outcome: You can find your way around.",
                "outcome: You can find your way around.\nrequires: [hands-on]",
            )
        ],
        "expected": [
            "lessons/basics/first-steps.md:6: requires: prerequisites form a cycle: first-steps → hands-on → second-steps → first-steps",
        ],
    },
    "lesson-requires-itself": {
        "edits": [
            (
                "lessons/basics/second-steps.md",
                "requires: [first-steps]",
                "requires: [second-steps]",
            )
        ],
        "expected": [
            "lessons/basics/second-steps.md:6: requires[0]: a lesson cannot require itself",
        ],
    },
    "lesson-id-mismatch": {
        "edits": [
            ("lessons/basics/first-steps.md", "title: First steps", "id: first\ntitle: First steps")
        ],
        "expected": [
            "lessons/basics/first-steps.md:2: id: id 'first' differs from the file name 'first-steps'; rename one so they match",
        ],
    },
    "lesson-not-utf8": {
        "edits": [("lessons/basics/second-steps.md", "Some text.", "Some text \udcff.")],
        "expected": [
            "lessons/basics/second-steps.md:10: not UTF-8 text (byte 0xff); save the file as UTF-8",
        ],
    },
    "lesson-notebook-bad-json": {
        "edits": [
            ("lessons/basics/first-steps.md", None, None),
            ("lessons/basics/first-steps.ipynb", None, '{"cells": [,\n}'),
        ],
        "expected": [
            "lessons/basics/first-steps.ipynb:1: not valid notebook JSON: Expecting value",
        ],
    },
    "lesson-md-and-notebook": {
        "edits": [("lessons/basics/first-steps.ipynb", None, "{}")],
        "expected": [
            "curriculum/modules/basics.yml:7: lessons[0]: lesson 'first-steps' has both a .md and an .ipynb file; keep one",
        ],
    },
    "flashcard-empty-answer": {
        "edits": [
            ("exercises/basics.yml", "a: Because people differ; a range is honest.", 'a: ""')
        ],
        "expected": [
            "exercises/basics.yml:7: flashcards[1].a: must not be empty",
        ],
    },
    "flashcard-missing-question": {
        "edits": [("exercises/basics.yml", "    q: What is a lesson?\n", "")],
        "expected": [
            "exercises/basics.yml:2: flashcards[0].q: required key is missing (add `q: ...`)",
        ],
    },
    "flashcard-unknown-lesson": {
        "edits": [("exercises/basics.yml", "lesson: first-steps", "lesson: first-step")],
        "expected": [
            "exercises/basics.yml:5: flashcards[0].lesson: no lesson 'first-step' in this course (did you mean 'first-steps'?)",
        ],
    },
    "flashcard-duplicate-id": {
        "edits": [
            (
                "exercises/basics.yml",
                "  - q: Why estimate",
                "  - id: what-is-a-lesson\n    q: Why estimate",
            )
        ],
        "expected": [
            "exercises/basics.yml:6: flashcards[1].id: flashcard id 'what-is-a-lesson' is used twice (also in exercises/basics.yml:2); flashcard ids are unique across the course",
        ],
    },
    # Neither card has an `id:`: the message names the question, not a made-up id.
    "flashcard-same-question": {
        "edits": [
            (
                "exercises/basics.yml",
                "scenarios:",
                "  - q: Why estimate study time as a range?\n    a: Again.\nscenarios:",
            )
        ],
        "expected": [
            "exercises/basics.yml:8: flashcards[2].q: two flashcards have the same question (also in exercises/basics.yml:6); a card's id is made from its question when it has no `id:`, so give one of them an `id:` or remove the duplicate",
        ],
    },
    "exercises-unknown-key": {
        "edits": [("exercises/basics.yml", "flashcards:", "flashcard:")],
        "expected": [
            "exercises/basics.yml:1: flashcard: unknown key 'flashcard' (did you mean 'flashcards'?); valid keys: flashcards, scenarios, tasks",
        ],
    },
    "exercises-unknown-module": {
        "edits": [("exercises/basic.yml", None, "flashcards: []\n")],
        "expected": [
            "exercises/basic.yml:1: exercises for an unknown module 'basic' (did you mean 'basics'?); name the file after a module listed in curriculum/course.yml",
        ],
    },
    "scenario-missing-task": {
        "edits": [("exercises/basics.yml", "    task: Suggest a new pace.\n", "")],
        "expected": [
            "exercises/basics.yml:9: scenarios[0].task: required key is missing (add `task: ...`)",
        ],
    },
    # -- found by running many mistakes at once; each must be reported where it is --
    "course-impossible-date": {
        "edits": [
            ("curriculum/course.yml", "level: beginner", "level: beginner\nstart: 2027-13-01")
        ],
        "expected": [
            "curriculum/course.yml:5: start: '2027-13-01' is not a date; write it as YYYY-MM-DD, like 2027-01-04",
        ],
    },
    "course-id-too-long": {
        "edits": [("curriculum/course.yml", "id: mini", "id: " + "a" * 65)],
        "expected": [
            f"curriculum/course.yml:1: id: '{'a' * 65}' is 65 characters long; an id has at most 64",
        ],
    },
    "course-and-module-errors-together": {
        "edits": [
            ("curriculum/course.yml", "level: beginner", "levle: beginner"),
            (
                "curriculum/modules/practice.yml",
                "lessons: [hands-on, wrap-up]",
                "lessons: [Hands_On, wrap-up, missing]",
            ),
        ],
        "expected": [
            "curriculum/course.yml:4: levle: unknown key 'levle' (did you mean 'level'?); valid keys: id, title, description, level, modules, skills, paces, start, review, language, trusted_notebooks",
            "curriculum/modules/practice.yml:6: lessons[0]: 'Hands_On' is not a valid id (did you mean 'hands-on'?): use lowercase letters, digits and '-', starting with a letter, at most 64 characters",
            "curriculum/modules/practice.yml:6: lessons[2]: no lesson 'missing': expected lessons/practice/missing.md (or .ipynb)",
        ],
    },
    "module-lesson-in-another-folder": {
        "edits": [
            (
                "curriculum/modules/practice.yml",
                "lessons: [hands-on, wrap-up]",
                "lessons: [hands-on, wrap-up, moved]",
            ),
            ("lessons/basics/moved.md", None, "---\ntitle: Moved\nstudy_time: 1h\n---\n"),
        ],
        "expected": [
            "curriculum/modules/practice.yml:6: lessons[2]: no lesson 'moved': expected lessons/practice/moved.md (or .ipynb) (found lessons/basics/moved.md: move it to lessons/practice/)",
        ],
    },
    "lesson-front-matter-list": {
        "edits": [
            (
                "lessons/basics/first-steps.md",
                None,
                "---\n- title: First steps\n- study_time: 1h\n---\nBody\n",
            )
        ],
        "expected": [
            "lessons/basics/first-steps.md:2: expected a mapping of keys (like `title: ...`), got a list",
        ],
    },
    "lesson-front-matter-empty": {
        "edits": [("lessons/basics/first-steps.md", None, "---\n---\nBody\n")],
        "expected": [
            "lessons/basics/first-steps.md:1: the front matter is empty: add title and study_time",
        ],
    },
    "lesson-front-matter-not-closed": {
        "edits": [
            (
                "lessons/basics/first-steps.md",
                None,
                "---\ntitle: First steps\nstudy_time: 1h\n# First steps\n",
            )
        ],
        "expected": [
            "lessons/basics/first-steps.md:1: the front matter has no closing `---` line; add one after study_time",
        ],
    },
    "lesson-comma-decimal": {
        "edits": [("lessons/basics/first-steps.md", "study_time: 1-2h", 'study_time: "1,5h"')],
        "expected": [
            "lessons/basics/first-steps.md:3: study_time: '1,5h': write decimals with a dot (1.5h)",
        ],
    },
    "lesson-empty-status": {
        "edits": [("lessons/practice/hands-on.md", "status: draft", 'status: ""')],
        "expected": [
            "lessons/practice/hands-on.md:4: status: empty status; use one of ready, draft, planned",
        ],
    },
    "lesson-objectives-not-a-list": {
        "edits": [
            (
                "lessons/basics/first-steps.md",
                "objectives: [Open the course, Read a lesson]",
                "objectives: Open the course",
            )
        ],
        "expected": [
            "lessons/basics/first-steps.md:4: objectives: expected a list, like `[a, b]` or one `- item` per line (got 'Open the course')",
        ],
    },
    "exercises-a-list": {
        "edits": [
            ("exercises/basics.yml", None, "- q: What is a lesson?\n  a: A unit of study.\n")
        ],
        "expected": [
            "exercises/basics.yml:1: expected a mapping of keys (like `flashcards: ...`), got a list",
        ],
    },
    "scenario-titles-clash": {
        "edits": [
            (
                "exercises/basics.yml",
                "  - id: follow-up\n    title: Follow-up",
                "  - title: The late learner",
            )
        ],
        "expected": [
            "exercises/basics.yml:15: scenarios[1].id: scenario id 'the-late-learner' is used twice in this file (made from its title; give one of them an `id:`)",
        ],
    },
    "task-id-twice": {
        "edits": [
            (
                "exercises/basics.yml",
                "scenarios:",
                "tasks:\n  - {id: build, title: Build it}\n  - {id: build, title: Build it again}\nscenarios:",
            )
        ],
        "expected": [
            "exercises/basics.yml:10: tasks[1].id: task id 'build' is used twice in this file",
        ],
    },
    "notebook-a-json-list": {
        "edits": [
            ("lessons/basics/first-steps.md", None, None),
            ("lessons/basics/first-steps.ipynb", None, '["cells"]\n'),
        ],
        "expected": [
            "lessons/basics/first-steps.ipynb: not a Jupyter notebook: no notebook object with nbformat and cells",
        ],
    },
    "notebook-bad-cell": {
        "edits": [
            ("lessons/basics/first-steps.md", None, None),
            (
                "lessons/basics/first-steps.ipynb",
                None,
                '{"nbformat": 4, "nbformat_minor": 5, "metadata": {"coursekit": {"title": "T", "study_time": "1h"}},\n "cells": [{"cell_type": "weird", "id": "a", "metadata": {}, "source": "x"}]}\n',
            ),
        ],
        "expected": [
            "lessons/basics/first-steps.ipynb: not a valid Jupyter notebook: cells[0] does not follow the notebook format; open it in Jupyter and save it (notebook format 4)",
        ],
    },
    "notebook-front-matter-a-list": {
        "edits": [
            ("lessons/basics/first-steps.md", None, None),
            (
                "lessons/basics/first-steps.ipynb",
                None,
                '{"nbformat": 4, "nbformat_minor": 5,\n "metadata": {\n  "coursekit": ["title", "study_time"]},\n "cells": []}\n',
            ),
        ],
        "expected": [
            "lessons/basics/first-steps.ipynb:3: metadata.coursekit: a notebook lesson keeps its front matter in metadata.coursekit (title, study_time, status, ...); it is not a mapping of keys",
        ],
    },
    "course-two-documents": {
        "edits": [("curriculum/course.yml", "level: beginner", "level: beginner\n---\nid: other")],
        "expected": [
            "curriculum/course.yml:5: YAML syntax error: expected a single document in the stream, but found another document",
        ],
    },
    "module-typo-no-follow-on-errors": {
        # basics' lessons are required by practice and its exercises file is named after
        # it; none of that is reported while the list has the typo.
        "edits": [
            ("curriculum/course.yml", "modules: [basics, practice]", "modules: [basic, practice]")
        ],
        "expected": [
            "curriculum/course.yml:5: modules[0]: no module file curriculum/modules/basic.yml (did you mean 'basics'?)",
        ],
    },
    "requires-an-unlisted-lesson": {
        "edits": [
            (
                "curriculum/modules/basics.yml",
                "lessons: [first-steps, second-steps]",
                "lessons: [first-steps]",
            )
        ],
        "expected": [
            "lessons/practice/hands-on.md:7: requires[0]: lesson 'second-steps' is not part of the course: its file is not listed in curriculum/modules/basics.yml lessons",
        ],
    },
    "module-file-named-yaml": {
        "edits": [
            ("curriculum/modules/practice.yml", None, None),
            (
                "curriculum/modules/practice.yaml",
                None,
                "title: Practice\nlessons: [hands-on, wrap-up]\n",
            ),
        ],
        "expected": [
            "curriculum/course.yml:5: modules[1]: no module file curriculum/modules/practice.yml (found practice.yaml: rename it practice.yml)",
        ],
    },
    "exercises-checked-when-the-module-has-errors": {
        "edits": [
            ("lessons/basics/second-steps.md", "study_time:", "studytime:"),
            ("exercises/basics.yml", "lesson: first-steps", "lesson: first-step"),
        ],
        "expected": [
            "lessons/basics/second-steps.md:3: studytime: unknown key 'studytime' (did you mean 'study_time'?); valid keys: id, title, study_time, status, objectives, outcome, requires",
            "exercises/basics.yml:5: flashcards[0].lesson: no lesson 'first-step' in this course (did you mean 'first-steps'?)",
        ],
    },
    "module-zero-lessons": {
        "edits": [
            ("curriculum/modules/practice.yml", "lessons: [hands-on, wrap-up]", "lessons: []")
        ],
        "expected": [
            "curriculum/modules/practice.yml:6: lessons: a module lists at least one lesson; a planned one will do (coursekit new lesson MODULE ID --title T --time 1h --status planned)",
        ],
    },
    "module-lists-a-lesson-twice": {
        "edits": [
            (
                "curriculum/modules/practice.yml",
                "lessons: [hands-on, wrap-up]",
                "lessons:\n  - hands-on\n  - wrap-up\n  - hands-on",
            )
        ],
        "expected": [
            "curriculum/modules/practice.yml:9: lessons[2]: lesson 'hands-on' is listed twice in this module; remove one",
        ],
    },
    "requires-a-typo-of-a-lesson-with-errors": {
        "edits": [
            ("lessons/basics/second-steps.md", "study_time: 2-3h", "study_time: 2-3"),
            ("lessons/practice/hands-on.md", "requires: [second-steps]", "requires: [second-step]"),
        ],
        "expected": [
            "lessons/basics/second-steps.md:3: study_time: '2-3' has no unit; write it like 45m, 1.5h, 2-3h, 30-60 min or 1h30m",
            "lessons/practice/hands-on.md:7: requires[0]: no lesson 'second-step' in this course (did you mean 'second-steps'?)",
        ],
    },
    "flashcard-question-answer-spelt-out": {
        "edits": [
            (
                "exercises/basics.yml",
                "  - q: Why estimate study time as a range?\n    a: Because",
                "  - question: Why estimate study time as a range?\n    answer: Because",
            )
        ],
        "expected": [
            "exercises/basics.yml:6: flashcards[1].question: unknown key 'question' (did you mean 'q'?); valid keys: id, q, a, lesson",
            "exercises/basics.yml:7: flashcards[1].answer: unknown key 'answer' (did you mean 'a'?); valid keys: id, q, a, lesson",
        ],
    },
    "lesson-time-instead-of-study-time": {
        "edits": [("lessons/basics/first-steps.md", "study_time: 1-2h", "time: 1-2h")],
        "expected": [
            "lessons/basics/first-steps.md:3: time: unknown key 'time' (did you mean 'study_time'?); valid keys: id, title, study_time, status, objectives, outcome, requires",
        ],
    },
    "many-mistakes-at-once": {
        # One mistake in every kind of file: each reported once, where it is, in reading order.
        "edits": [
            ("curriculum/course.yml", "level: beginner", "levle: beginner\nstart: 2027-02-30"),
            ("curriculum/modules/basics.yml", "title: Basics", "title: ''"),
            (
                "lessons/basics/second-steps.md",
                "study_time: 2-3h",
                "study_time: 2h-3h\nstatus: done",
            ),
            ("lessons/practice/wrap-up.md", "title:", "tittle:"),
            ("exercises/basics.yml", "lesson: first-steps", "lesson: first-step"),
        ],
        "expected": [
            "curriculum/course.yml:4: levle: unknown key 'levle' (did you mean 'level'?); valid keys: id, title, description, level, modules, skills, paces, start, review, language, trusted_notebooks",
            "curriculum/course.yml:5: start: '2027-02-30' is not a date; write it as YYYY-MM-DD, like 2027-01-04",
            "curriculum/modules/basics.yml:2: title: must not be empty",
            "lessons/basics/second-steps.md:4: status: 'done' is not a status; use one of ready, draft, planned",
            "lessons/practice/wrap-up.md:2: tittle: unknown key 'tittle' (did you mean 'title'?); valid keys: id, title, study_time, status, objectives, outcome, requires",
            "exercises/basics.yml:5: flashcards[0].lesson: no lesson 'first-step' in this course (did you mean 'first-steps'?)",
        ],
    },
    "lesson-file-name-in-capitals": {
        "edits": [
            ("lessons/practice/wrap-up.md", None, None),
            ("lessons/practice/Wrap-Up.md", None, "---\ntitle: Wrap-up\nstudy_time: 30m\n---\n"),
        ],
        "expected": [
            "curriculum/modules/practice.yml:6: lessons[1]: no lesson 'wrap-up': expected lessons/practice/wrap-up.md (or .ipynb) (found Wrap-Up.md: rename it wrap-up.md)",
        ],
    },
    "module-file-name-in-capitals": {
        "edits": [
            ("curriculum/modules/practice.yml", None, None),
            (
                "curriculum/modules/Practice.yml",
                None,
                "title: Practice\nlessons: [hands-on, wrap-up]\n",
            ),
        ],
        "expected": [
            "curriculum/course.yml:5: modules[1]: no module file curriculum/modules/practice.yml (found Practice.yml: rename it practice.yml)",
        ],
    },
}


# --------------------------------------------------------------------------- using the corpus


def apply_edits(root: Path, edits: list[tuple[str, str | None, str | None]]) -> None:
    for rel, old, new in edits:
        path = root / rel
        if new is None:
            path.unlink()
        elif old is None:
            path.write_text(new, encoding="utf-8", errors="surrogateescape")
        else:
            text = path.read_text(encoding="utf-8")
            assert old in text, f"fixture changed: {old!r} not in {rel}"
            path.write_text(text.replace(old, new), encoding="utf-8", errors="surrogateescape")


def error_lines(output: str) -> list[str]:
    return [line[len("error: ") :] for line in output.splitlines() if line.startswith("error: ")]


def main(names: list[str]) -> int:
    """Print each case (all, or the named ones) with the messages `coursekit check` prints."""
    import shutil
    import tempfile

    from typer.testing import CliRunner

    from coursekit.cli import app

    unknown = [name for name in names if name not in CASES]
    if unknown:
        print(f"no such case: {', '.join(unknown)}; the cases are: {', '.join(sorted(CASES))}")
        return 2
    runner = CliRunner()
    differ = []
    with tempfile.TemporaryDirectory() as folder:
        for name in names or sorted(CASES):
            root = Path(folder) / name
            shutil.copytree(MINI, root)
            apply_edits(root, CASES[name]["edits"])
            result = runner.invoke(app, ["check", str(root)])
            got, expected = error_lines(result.output), CASES[name]["expected"]
            print(f"{name} (exit {result.exit_code})")
            for line in result.output.splitlines():
                print(f"  {line}")
            if got != expected:
                differ.append(name)
                print("  DIFFERS: tests/malformed_cases.py expects")
                for line in expected:
                    print(f"  error: {line}")
            print()
    count = len(names or CASES)
    listed = f": {', '.join(differ)}" if differ else ""
    print(f"{count} case{'s' * (count != 1)}; {len(differ)} differ from the corpus{listed}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
