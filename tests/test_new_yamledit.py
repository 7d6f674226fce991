"""Adding items to instructors' YAML lists without touching anything else."""

from __future__ import annotations

import pytest
import yaml

from coursekit.authoring.yamledit import append_mapping, dump_mapping, insert_scalar
from coursekit.errors import CourseError

COURSE = """\
# Course order: keep the basics first.
id: demo
title: "Demo: a course"
modules:
  - basics      # the warm-up
  # the hands-on part
  - practice
paces:
  intensive: {hours_per_day: 3-5h, study_days: [mon, tue, wed, thu, fri]}
  moderate:  {hours_per_day: 1-2h, study_days: [mon, tue, wed, thu, fri]}
"""


def added_lines(before: str, after: str) -> list[str]:
    """The lines of ``after`` that are not in ``before``; the rest must be identical."""
    import difflib

    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    assert not [d for d in diff if d.startswith("- ")], "a line was changed or removed"
    return [d[2:] for d in diff if d.startswith("+ ")]


def test_block_list_gets_a_line_with_the_neighbours_indentation() -> None:
    after = insert_scalar(COURSE, "modules", "ops")
    assert added_lines(COURSE, after) == ["  - ops"]
    assert after.index("  - ops") > after.index("  - practice")
    # The aligned pace table is untouched (a full round trip would normalise it).
    assert "  moderate:  {hours_per_day" in after


def test_after_places_the_item_right_after_its_neighbour_and_before_its_comment() -> None:
    after = insert_scalar(COURSE, "modules", "ops", after="basics")
    assert yaml.safe_load(after)["modules"] == ["basics", "ops", "practice"]
    lines = after.splitlines()
    assert lines[lines.index("  - basics      # the warm-up") + 1] == "  - ops"


def test_flow_list_stays_on_one_line_and_keeps_its_comment_column() -> None:
    text = "title: X\nlessons: [a, b]        # in order\nstudy_time: 2h\n"
    after = insert_scalar(text, "lessons", "c")
    assert after == "title: X\nlessons: [a, b, c]     # in order\nstudy_time: 2h\n"
    assert (
        insert_scalar(text, "lessons", "c", after="a")
        .splitlines()[1]
        .startswith("lessons: [a, c, b]")
    )


def test_multi_line_flow_list_gets_its_own_line() -> None:
    text = "lessons: [\n  a,\n  b,\n]\n"
    assert insert_scalar(text, "lessons", "c", after="a") == "lessons: [\n  a,\n  c,\n  b,\n]\n"
    assert insert_scalar(text, "lessons", "c") == "lessons: [\n  a,\n  b,\n  c,\n]\n"
    # Comments stay with their items; a last item without a comma gets one.
    text = "modules: [\n  basics,   # first\n  practice  # second\n]\n"
    assert insert_scalar(text, "modules", "ops") == (
        "modules: [\n  basics,   # first\n  practice,  # second\n  ops\n]\n"
    )
    assert insert_scalar(text, "modules", "ops", after="basics") == (
        "modules: [\n  basics,   # first\n  ops,\n  practice  # second\n]\n"
    )
    # The first item beside the bracket: indent like the others.
    assert insert_scalar("modules: [a,\n  b]\n", "modules", "c", after="a") == (
        "modules: [a,\n  c,\n  b]\n"
    )


def test_quoting_follows_the_neighbour_and_protects_yaml_words() -> None:
    text = "lessons: ['a', 'b']\n"
    assert insert_scalar(text, "lessons", "c") == "lessons: ['a', 'b', 'c']\n"
    # `yes` is a boolean to YAML 1.1 (the loader): it must be quoted to stay an id.
    after = insert_scalar("modules:\n  - a\n", "modules", "yes")
    assert yaml.safe_load(after)["modules"] == ["a", "yes"]


def test_an_empty_or_missing_list_is_started() -> None:
    # A module whose `lessons:` was left empty (the check says to add one) gets it.
    assert insert_scalar("title: X  # t\n", "lessons", "a") == "title: X  # t\n\nlessons:\n  - a\n"
    assert insert_scalar("title: X\nlessons:   # soon\nsummary: S\n", "lessons", "a") == (
        "title: X\nlessons:   # soon\n  - a\nsummary: S\n"
    )
    assert insert_scalar("learn:\n    - x\nlessons: ~\n", "lessons", "yes") == (
        'learn:\n    - x\nlessons:\n    - "yes"\n'
    )


def test_a_value_that_is_no_list_or_a_missing_neighbour_is_a_clear_error() -> None:
    with pytest.raises(CourseError, match="no `lessons:` list"):
        insert_scalar("lessons: a\n", "lessons", "b", where="m.yml")
    with pytest.raises(CourseError, match="'zzz' is not in `lessons`"):
        insert_scalar("lessons: [a]\n", "lessons", "b", after="zzz")


EXERCISES = """\
# Cards for the basics.
flashcards:
  - id: one
    q: First?
    a: |
      A block answer.

      # Not a comment: part of the answer.
  # - q: a card for later
  #   a: not yet

# Scenarios come next.
scenarios:
- id: s1
  title: Late
  task: Do it.
  answer: Done.
"""


def test_card_goes_after_the_last_card_before_the_commented_out_one() -> None:
    after = append_mapping(EXERCISES, "flashcards", {"id": "two", "q": "Second: why?", "a": "So."})
    assert added_lines(EXERCISES, after) == [
        "  - id: two",
        "    q: 'Second: why?'",
        "    a: So.",
    ]
    assert after.index("id: two") < after.index("# - q: a card for later")
    data = yaml.safe_load(after)
    assert data["flashcards"][0]["a"] == "A block answer.\n\n# Not a comment: part of the answer.\n"
    assert data["flashcards"][1] == {"id": "two", "q": "Second: why?", "a": "So."}


def test_scenario_follows_the_files_own_dash_style() -> None:
    after = append_mapping(
        EXERCISES, "scenarios", {"id": "s2", "title": "T", "task": "yes", "answer": "a\nb\n"}
    )
    assert added_lines(EXERCISES, after) == [
        "- id: s2",
        "  title: T",
        "  task: 'yes'",
        "  answer: |",
        "    a",
        "    b",
    ]


def test_missing_key_is_added_at_the_end_and_empty_values_are_filled() -> None:
    after = append_mapping(EXERCISES, "tasks", {"title": "Build it"})
    assert after.endswith("answer: Done.\n\ntasks:\n  - title: Build it\n")
    assert append_mapping("", "flashcards", {"q": "Q", "a": "A"}) == (
        "flashcards:\n  - q: Q\n    a: A\n"
    )
    assert append_mapping("flashcards: []  # none yet\n", "flashcards", {"q": "Q", "a": "A"}) == (
        "flashcards:   # none yet\n  - q: Q\n    a: A\n"  # the comment keeps its column
    )
    assert append_mapping("# only a comment\n", "scenarios", {"title": "T"}) == (
        "# only a comment\n\nscenarios:\n  - title: T\n"
    )


def test_shapes_the_splice_does_not_handle_go_through_a_round_trip() -> None:
    text = "{flashcards: [{q: A, a: B}]}  # flow style\n"
    after = append_mapping(text, "flashcards", {"q": "C", "a": "yes"})
    assert yaml.safe_load(after) == {"flashcards": [{"q": "A", "a": "B"}, {"q": "C", "a": "yes"}]}
    assert "# flow style" in after


def test_windows_line_endings_and_bom_are_kept() -> None:
    text = "\ufeffflashcards:\r\n  - q: A\r\n    a: B\r\n"
    after = append_mapping(text, "flashcards", {"q": "C", "a": "D"})
    assert after == "\ufeffflashcards:\r\n  - q: A\r\n    a: B\r\n  - q: C\r\n    a: D\r\n"


def test_not_a_list_is_refused() -> None:
    with pytest.raises(CourseError, match="`flashcards` must be a list"):
        append_mapping("flashcards: {q: A}\n", "flashcards", {"q": "C", "a": "D"}, where="x.yml")


def test_dump_mapping_reads_back_unchanged() -> None:
    values = {"title": "yes", "q": "a: b", "n": "3.10", "a": "multi\nline\n", "e": "", "o": []}
    assert yaml.safe_load(dump_mapping(values)) == values
