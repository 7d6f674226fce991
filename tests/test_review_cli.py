"""`coursekit review` end to end: sessions driven through stdin, against a real SQLite store."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler, State
from typer.testing import CliRunner

from coursekit.cli import app
from coursekit.course.course_json import to_index
from coursekit.events.store import Event, Store

LEARNER = "ann"
UNLINKED = "basics-q-c9d9a3a9"  # the id the loader derives from the third question


@pytest.fixture
def env(mini_cards: Path, monkeypatch: pytest.MonkeyPatch, progress_db: Path) -> Path:
    """The mini course with three basics cards; a fresh database; a fixed learner."""
    monkeypatch.setenv("COURSEKIT_LEARNER", LEARNER)
    monkeypatch.setenv("COURSEKIT_COURSE", str(mini_cards))
    monkeypatch.delenv("COURSEKIT_NOW", raising=False)
    monkeypatch.delenv("COURSEKIT_TODAY", raising=False)
    return mini_cards


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["review", *args], input=input)
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stdout, result.stderr


def complete(*lessons: str, at: datetime = datetime(2025, 3, 1, 12, tzinfo=UTC)) -> None:
    with Store.open(Path(os.environ["COURSEKIT_DB"])) as store:
        store.append(
            [
                Event(str(uuid.uuid4()), "lesson_completed", at, "mini", LEARNER, {"lesson": x})
                for x in lessons
            ]
        )


def stored_reviews() -> list[Event]:
    with Store.open(Path(os.environ["COURSEKIT_DB"])) as store:
        return store.events("mini", LEARNER, types=["flashcard_review"])


def cards_json(now: str) -> dict[str, dict]:
    code, out, err = run("--cards", "--json", "--now", now)
    assert code == 0, err
    return {c["id"]: c for c in json.loads(out)["cards"]}


def cards_json_now() -> dict[str, dict]:
    code, out, err = run("--cards", "--json")
    assert code == 0, err
    return {c["id"]: c for c in json.loads(out)["cards"]}


def answers(*ratings: int) -> str:
    """One line to reveal the answer, one line with the rating, per card."""
    return "".join(f"\n{r}\n" for r in ratings)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def anki_session(
    reference: dict[str, Card],
    scheduler: Scheduler,
    now: datetime,
    ratings: Iterator[int],
    new: tuple[str, ...] = (),
) -> list[tuple[str, int]]:
    """What a session on a fixed clock shows, by the rules `coursekit review --help` states:
    review cards due today and learning cards whose step has passed (most overdue first);
    a card rated Again or Hard that is still in a step of minutes comes back, up to
    20 minutes early once nothing else is left. Updates ``reference``; returns
    (card, rating) in the order shown."""
    end_of_day = datetime.combine(now.date() + timedelta(days=1), time(), tzinfo=UTC)

    def due(card: Card) -> bool:
        return card.due < end_of_day if card.state == State.Review else card.due <= now

    reviewed = [c for c in reference if c not in new and due(reference[c])]
    queue = sorted(reviewed, key=lambda c: (reference[c].due, c)) + list(new)
    back: list[str] = []
    shown = []
    while queue or back:
        back.sort(key=lambda c: reference[c].due)
        if back and reference[back[0]].due <= now:
            card_id = back.pop(0)
        elif queue:
            card_id = queue.pop(0)
        elif reference[back[0]].due <= now + timedelta(minutes=20):
            card_id = back.pop(0)
        else:
            break
        rating = next(ratings)
        reference[card_id], _ = scheduler.review_card(
            reference[card_id], Rating(rating), review_datetime=now
        )
        shown.append((card_id, rating))
        if rating <= 2 and reference[card_id].state in (State.Learning, State.Relearning):
            back.append(card_id)
    return shown


def test_sessions_on_fixed_dates_schedule_exactly_like_fsrs(env: Path) -> None:
    complete("first-steps", "second-steps")
    scheduler = Scheduler(desired_retention=0.9, enable_fuzzing=False)
    reference = {
        c: Card(card_id=n) for n, c in enumerate(["what-is-a-lesson", "what-is-a-note", UNLINKED])
    }
    # The first session shows the three new cards in course order; later ones whatever
    # is due, by the session rules (anki_session).
    new_cards = iter([3, 1, 4, 3])
    cycle = iter([3, 1, 3, 2, 4, 3, 3, 1, 3, 3, 2, 4, 3, 3, 3, 3, 3, 3, 3, 3])
    sessions = [
        "2025-03-03T09:00Z",
        "2025-03-03T09:30Z",
        "2025-03-05T18:00Z",
        "2025-03-12T07:45Z",
        "2025-04-02T12:00Z",
    ]
    for number, when in enumerate(sessions):
        now = at(when)
        if number == 0:
            shown = anki_session(reference, scheduler, now, new_cards, new=tuple(reference))
        else:
            shown = anki_session(reference, scheduler, now, cycle)
        assert shown, f"nothing due on {when}: the test plan is wrong"
        code, out, err = run("--now", when, input=answers(*(r for _, r in shown)))
        assert code == 0, err
        assert "Session complete" in out, out
        panels = [x for x in out.splitlines() if x.startswith("╭─ ") and "Answer" not in x]
        assert len(panels) == len(shown), out
        order = [
            next(c for c in reference if c in line)
            for line in out.splitlines()
            if line.startswith("╰") and any(c in line for c in reference)
        ]
        assert order == [c for c, _ in shown], f"cards shown out of order on {when}"
    ours = cards_json("2025-04-02T12:00Z")
    for card_id, card in reference.items():
        got = ours[card_id]
        assert got["due"] == card.due.isoformat().replace("+00:00", "Z")
        assert got["state"] == State(card.state).name.lower()
        assert got["step"] == card.step
        assert got["stability"] == pytest.approx(card.stability)
        assert got["difficulty"] == pytest.approx(card.difficulty)
    assert len(stored_reviews()) == sum(c["reviews"] for c in ours.values())


def test_good_waits_for_its_step_and_again_returns_in_the_session(env: Path) -> None:
    complete("first-steps", "second-steps")
    # Good on a new card: its step is 10 minutes. Again: 1 minute, and it comes back.
    code, out, _ = run("--now", "2025-03-03T09:00Z", "--new", "2", input=answers(3, 1, 3))
    assert code == 0 and "Session complete" in out
    assert "Good: next review in 10 min" in out
    assert "Again: next review in 1 min (again in this session)" in out
    assert "now" not in out.split("Again:")[1].splitlines()[0]
    titles = [x for x in out.splitlines() if x.startswith("╭─ ") and "Answer" not in x]
    assert len(titles) == 3 and "3/3" in titles[2] and "learning" in titles[2]
    assert "Reviewed 2 cards (3 ratings): 1 Again, 0 Hard, 2 Good, 0 Easy." in out
    # Both are now 10 minutes into the future: the closing message and the next
    # session agree that nothing is due before then.
    assert "Next review in 10 min." in out
    code, out, _ = run("--now", "2025-03-03T09:05Z", "--new", "2")
    assert code == 0 and "Nothing to review now. Next review in 5 min." in out
    assert "╭─" not in out
    # Once their step has passed, the two are served (and nothing new: two a day).
    code, out, _ = run("--now", "2025-03-03T09:10Z", "--new", "2", input=answers(3, 3))
    assert "1/2 · Basics · due · learning" in out and "2/2 · Basics · due · learning" in out
    assert "Session complete. Reviewed 2 cards" in out and "Next review tomorrow" in out


def test_the_prompt_shows_each_ratings_interval_and_enter_rates_good(env: Path) -> None:
    complete("first-steps")
    code, out, _ = run("--now", "2025-03-03T09:00Z", input="\n\n")
    assert code == 0
    assert "1 Again 1 min · 2 Hard 6 min · 3 Good 10 min (Space) · 4 Easy 8 d · q quits" in out
    (event,) = stored_reviews()
    assert event.data["rating"] == 3
    assert "Good: next review in 10 min" in out


def test_the_new_card_limit_is_per_day(env: Path) -> None:
    complete("first-steps", "second-steps")
    code, out, _ = run("--now", "2025-03-03T09:00Z", "--new", "1", input=answers(3))
    assert "Reviewed 1 card" in out
    code, out, _ = run("--now", "2025-03-03T09:01Z", "--new", "1")
    assert "Nothing to review now. Next review in 9 min." in out  # today's new card is used
    code, out, _ = run("--now", "2025-03-04T09:00Z", "--new", "1", input=answers(3, 3))
    assert "Reviewed 2 cards" in out  # the learning card, then tomorrow's new card


def test_a_date_means_noon_local_time_and_course_settings_apply(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course_yml = env / "curriculum" / "course.yml"
    course_yml.write_text(
        course_yml.read_text(encoding="utf-8") + "review:\n  desired_retention: 0.95\n",
        encoding="utf-8",
    )
    complete("first-steps")
    code, out, _ = run("--now", "2025-03-03", input=answers(4))
    assert code == 0 and "Easy: next review in" in out
    noon = datetime.combine(date(2025, 3, 3), time(12)).astimezone().astimezone(UTC)
    (event,) = stored_reviews()
    assert event.at == noon
    assert event.data == {"card": "what-is-a-lesson", "rating": 4}
    scheduler = Scheduler(desired_retention=0.95, enable_fuzzing=False)
    expected, _ = scheduler.review_card(Card(card_id=1), Rating.Easy, review_datetime=noon)
    assert cards_json("2025-03-03")["what-is-a-lesson"]["due"] == expected.due.isoformat().replace(
        "+00:00", "Z"
    )
    # COURSEKIT_TODAY, the progress commands' fixed clock, fixes this one too.
    monkeypatch.setenv("COURSEKIT_TODAY", "2025-03-03")
    assert cards_json_now()["what-is-a-lesson"]["last_review"] == noon.isoformat().replace(
        "+00:00", "Z"
    )
    code, out, _ = run("--all", input=answers(3))
    assert code == 0 and stored_reviews()[-1].at == noon
    monkeypatch.delenv("COURSEKIT_TODAY")
    # --retention overrides course.yml for the whole history.
    code, out, _ = run("--cards", "--json", "--retention", "0.8", "--now", "2025-03-03")
    looser, _ = Scheduler(desired_retention=0.8, enable_fuzzing=False).review_card(
        Card(card_id=1), Rating.Easy, review_datetime=noon
    )
    assert json.loads(out)["cards"][0]["due"] == looser.due.isoformat().replace("+00:00", "Z")


def test_looking_creates_no_database(env: Path) -> None:
    database = Path(os.environ["COURSEKIT_DB"])
    for args in (["--forecast"], ["--cards"], ["--cards", "--json"]):
        code, out, err = run(*args, "--now", "2025-03-03")
        assert code == 0, err
    code, _, err = run("--undo")
    assert code == 1 and "no rating to undo" in err
    assert not database.exists()


def test_cards_unlock_with_lessons_and_all_lifts_the_lock(env: Path) -> None:
    code, out, _ = run("--now", "2025-03-03")
    assert code == 0
    assert "Nothing to review today" in out and "3 cards unlock" in out
    complete("first-steps")
    code, out, _ = run("--now", "2025-03-03", input=answers(3))
    assert "what-is-a-lesson" in out and "what-is-a-note" not in out
    assert "Reviewed 1 card: 0 Again, 0 Hard, 1 Good, 0 Easy" in out
    code, out, _ = run("--all", "--new", "2", "--now", "2025-03-03T13:00Z", input=answers(3, 3))
    # The learning card (due 10 minutes after noon) first, then one new card.
    assert out.index("what-is-a-lesson") < out.index("what-is-a-note")
    assert UNLINKED not in out
    complete("second-steps")  # the module is done: the unlinked card unlocks too
    code, out, _ = run("--now", "2025-03-03T13:10Z", input=answers(3, 3))
    # what-is-a-lesson graduated at 13:00 (due in days); the note's step ends at 13:10;
    # then the new card.
    assert "Reviewed 2 cards" in out
    assert out.index("what-is-a-note") < out.index("2/2") < out.index(UNLINKED)


def test_long_questions_and_answers_wrap_in_their_panels(env: Path) -> None:
    words = " ".join(f"word{i}" for i in range(60))
    card = f"  - id: long\n    q: Why {words} ostrich?\n    a: Because {words} zebra.\n"
    (env / "exercises" / "basics.yml").write_text(f"flashcards:\n{card}", encoding="utf-8")
    code, out, _ = run("--all", "--now", "2025-03-03", input=answers(3))
    assert code == 0
    assert "ostrich?" in out and "zebra." in out and "word59" in out


def test_titles_and_cards_with_brackets_show_as_written(env: Path) -> None:
    module = env / "curriculum" / "modules" / "basics.yml"
    module.write_text(
        module.read_text(encoding="utf-8").replace("title: Basics", 'title: "Basics [/] [red]"'),
        encoding="utf-8",
    )
    card = '  - id: odd\n    q: "What is [/] or [bold]x[/bold]?"\n    a: "[red]Red[/red] [/]"\n'
    (env / "exercises" / "basics.yml").write_text(f"flashcards:\n{card}", encoding="utf-8")
    code, out, err = run("--all", "--now", "2025-03-03", input=answers(3))
    assert code == 0, err
    assert "Basics [/] [red]" in out and "[bold]x[/bold]" in out and "[red]Red[/red]" in out
    assert "Session complete" in out


def test_q_and_the_end_of_input_stop_the_session_keeping_the_ratings(env: Path) -> None:
    complete("first-steps", "second-steps")
    code, out, _ = run("--now", "2025-03-03T09:00Z", input="\n3\n\nq\n")
    assert code == 0
    assert "Session stopped; every rating was saved" in out
    assert [e.data["card"] for e in stored_reviews()] == ["what-is-a-lesson"]
    code, out, _ = run("--now", "2025-03-03T09:00Z", input="\n5\nmaybe\ngood\n")
    assert out.count("Type 1, 2, 3 or 4") == 2
    assert "Reviewed 1 card" in out and "Session stopped" in out  # input ended
    assert len(stored_reviews()) == 2


def test_undo_takes_back_the_last_ratings_one_at_a_time(env: Path) -> None:
    complete("first-steps", "second-steps")
    run("--now", "2025-03-03T09:00Z", "--limit", "2", input=answers(4, 1))
    code, out, _ = run("--undo", "--now", "2025-03-03T09:05Z")
    assert code == 0 and "Undid: Again on what-is-a-note (rated Mon 3 Mar 2025 09:00)" in out
    cards = cards_json("2025-03-03T09:06Z")
    assert cards["what-is-a-note"]["state"] == "new"
    easy, _ = Scheduler(enable_fuzzing=False).review_card(
        Card(card_id=1), Rating.Easy, review_datetime=at("2025-03-03T09:00Z")
    )
    assert cards["what-is-a-lesson"]["due"] == easy.due.isoformat().replace("+00:00", "Z")
    code, out, _ = run("--undo")
    assert code == 0 and "Undid: Easy on what-is-a-lesson" in out
    code, _, err = run("--undo")
    assert code == 1 and "no rating to undo for ann in Mini Course" in err
    assert all(c["state"] == "new" for c in cards_json("2025-03-03T09:06Z").values())


def test_ctrl_c_mid_session_keeps_earlier_ratings(env: Path) -> None:
    complete("first-steps", "second-steps")
    # A suite started in the background (nohup, `&` in a script) ignores SIGINT, and the
    # child would inherit that; handled here, the child starts with the default, as from
    # a terminal.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "coursekit", "review", "--now", "2025-03-03T09:00Z"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "100"},
        )
    finally:
        signal.signal(signal.SIGINT, previous)
    assert child.stdin and child.stdout
    child.stdin.write("\n4\n")  # the first card, rated Easy
    child.stdin.flush()
    seen = []
    for line in child.stdout:  # wait until the second card is on screen
        seen.append(line)
        if "2/3" in line:
            break
    child.send_signal(signal.SIGINT)
    rest, err = child.communicate(timeout=60)
    output = "".join(seen) + rest
    assert child.returncode == 130, err
    assert "Traceback" not in err
    assert "Session stopped; every rating was saved. Reviewed 1 card" in output
    assert [(e.data["card"], e.data["rating"]) for e in stored_reviews()] == [
        ("what-is-a-lesson", 4)
    ]


def test_a_reordered_exercises_file_keeps_each_cards_history(env: Path) -> None:
    run("--all", "--now", "2025-03-03T09:00Z", input=answers(4, 1, 3))
    before = cards_json("2025-03-04T09:00Z")
    cards = (env / "exercises" / "basics.yml").read_text(encoding="utf-8").split("  - ")
    reordered = cards[0] + "  - " + "  - ".join(reversed(cards[1:])).rstrip("\n") + "\n"
    (env / "exercises" / "basics.yml").write_text(reordered, encoding="utf-8")
    after = cards_json("2025-03-04T09:00Z")
    assert list(after) == [UNLINKED, "what-is-a-note", "what-is-a-lesson"]
    assert after == before
    assert after["what-is-a-lesson"]["state"] == "review"


def test_forecast_counts_reviews_per_day_for_a_fixed_clock(env: Path) -> None:
    start = at("2025-03-03T09:00Z")
    history = {"what-is-a-lesson": [4], "what-is-a-note": [3, 3], UNLINKED: [1]}
    scheduler = Scheduler(enable_fuzzing=False)
    events, due = [], {}
    for card_id, ratings in history.items():
        card = Card(card_id=1)
        for i, rating in enumerate(ratings):
            when = start + timedelta(minutes=15 * i)
            card, _ = scheduler.review_card(card, Rating(rating), review_datetime=when)
            data = {"card": card_id, "rating": rating}
            events.append(Event(str(uuid.uuid4()), "flashcard_review", when, "mini", LEARNER, data))
        due[card_id] = card.due.date()
    with Store.open(Path(os.environ["COURSEKIT_DB"])) as store:
        store.append(events)
    code, out, _ = run("--forecast", "--days", "10", "--json", "--now", "2025-03-04T08:00Z")
    assert code == 0
    result = json.loads(out)
    assert result["today"] == "2025-03-04" and len(result["days"]) == 10
    expected: dict[str, int] = {}
    for day in due.values():  # the Again card was due yesterday: overdue, counted today
        key = max(day, date(2025, 3, 4)).isoformat()
        expected[key] = expected.get(key, 0) + 1
    counts = {d["date"]: d["due"] for d in result["days"] if d["due"]}
    assert counts == {k: v for k, v in expected.items() if k <= "2025-03-13"}
    assert result["overdue"] == 1
    code, out, _ = run("--forecast", "--days", "3", "--now", "2025-03-04T08:00Z")
    assert code == 0 and "Reviews due, 3 days from today" in out and "Tue 4 Mar" in out
    assert "includes 1 overdue" in out


def test_unknown_module_and_bad_clock_are_refused_without_writing(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    complete("first-steps")
    code, out, err = run("--module", "basic", input=answers(3))
    assert code == 1
    assert "no module 'basic' (did you mean 'basics'?)" in err
    code, out, err = run("--module", "zzz", "--forecast")
    assert code == 1 and "no module 'zzz'; the modules are basics, practice" in err
    assert "Traceback" not in err + out
    code, _, err = run("--now", "some tuesday")
    assert code == 1 and "'some tuesday' is not a date or time" in err
    monkeypatch.setenv("COURSEKIT_NOW", "soon")
    code, _, err = run("--cards")
    assert code == 1 and "COURSEKIT_NOW: 'soon' is not a date or time" in err
    code, _, err = run("--cards", "--now", "1999-12-31")
    assert code == 1 and "out of range" in err
    monkeypatch.delenv("COURSEKIT_NOW")
    code, _, err = run("--retention", "1.5", "--cards")
    assert code == 1 and "desired retention" in err
    assert stored_reviews() == []


def test_a_session_from_a_published_course_index(env: Path, tmp_path: Path) -> None:
    from coursekit.course.loader import load_course

    index = tmp_path / "course.json"
    index.write_text(json.dumps(to_index(load_course(env).course)), encoding="utf-8")
    complete("first-steps")
    code, out, err = run("--course", str(index), "--now", "2025-03-03", input=answers(3))
    assert code == 0, err
    assert "What is a lesson?" in out and "A unit of study" in out
    assert len(stored_reviews()) == 1


def test_on_a_terminal_single_key_presses_drive_the_session(env: Path) -> None:
    import pty
    import select
    import termios

    complete("first-steps", "second-steps")
    master, slave = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "coursekit", "review", "--now", "2025-03-03T09:00Z"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**os.environ, "COLUMNS": "100", "TERM": "dumb"},
        close_fds=True,
    )
    os.close(slave)
    screen = b""

    def wait_for(text: bytes) -> None:
        nonlocal screen
        while text not in screen:
            ready, _, _ = select.select([master], [], [], 60)
            assert ready, f"timed out waiting for {text!r}; screen: {screen.decode()[-500:]}"
            screen += os.read(master, 4096)

    def press(key: bytes) -> None:
        # Switching the terminal to raw mode flushes pending input, so a key typed
        # before the session waits for it would be lost: wait for raw mode first.
        while termios.tcgetattr(master)[3] & termios.ICANON:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                nonlocal screen
                screen += os.read(master, 4096)
            assert child.poll() is None, screen.decode()
        os.write(master, key)

    try:
        wait_for(b"to show the answer")
        press(b" ")  # any key reveals: no Enter needed
        wait_for(b"A unit of study")
        wait_for(b"Easy")
        press(b"\r")  # Enter rates Good
        wait_for(b"2/3")
        wait_for(b"to show the answer")
        press(b"\x03")  # Ctrl-C, which raw mode delivers as a key
        assert child.wait(timeout=60) == 130
        wait_for(b"every rating was saved")
    finally:
        if child.poll() is None:
            child.kill()
        os.close(master)
    assert b"Traceback" not in screen
    assert [(e.data["card"], e.data["rating"]) for e in stored_reviews()] == [
        ("what-is-a-lesson", 3)
    ]


def test_site_self_grades_imported_become_ratings(env: Path, tmp_path: Path) -> None:
    # The file the site's "export progress" button writes: Got it / Not yet, no uids.
    exported = {
        "format": "coursekit-progress",
        "version": 1,
        "course": "mini",
        "learner": "ann",
        "events": [
            {"type": "lesson_completed", "at": "2025-03-02T18:00:00Z", "lesson": "first-steps"},
            {
                "type": "flashcard_review",
                "at": "2025-03-03T10:00:00Z",
                "card": "what-is-a-lesson",
                "rating": 1,
                "grade": "not_yet",
            },
            {
                "type": "flashcard_review",
                "at": "2025-03-04T10:00:00Z",
                "card": "what-is-a-lesson",
                "grade": "got_it",
            },
        ],
    }
    path = tmp_path / "site-export.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    for _ in range(2):  # importing twice adds nothing
        result = CliRunner().invoke(app, ["progress", "import", str(path)])
        assert result.exit_code == 0, result.stderr
    scheduler = Scheduler(enable_fuzzing=False)
    card, _ = scheduler.review_card(Card(card_id=1), Rating.Again, at("2025-03-03T10:00:00Z"))
    card, _ = scheduler.review_card(card, Rating.Good, at("2025-03-04T10:00:00Z"))
    got = cards_json("2025-03-04T12:00Z")["what-is-a-lesson"]
    assert got["reviews"] == 2
    assert got["due"] == card.due.isoformat().replace("+00:00", "Z")
    assert got["stability"] == pytest.approx(card.stability)
    assert got["unlocked"] is True  # the imported completion unlocked it


def test_the_progress_dashboard_counts_cards_due(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    complete("first-steps", "second-steps")
    run("--now", "2025-03-03T09:00Z", input=answers(3, 3, 1))  # learning: due again today
    monkeypatch.setenv("COURSEKIT_TODAY", "2025-03-03")
    result = CliRunner().invoke(app, ["progress", "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["flashcards"] == {
        "cards": 3,
        "due_today": 3,
        "due_next_7_days": 3,
    }
    run("--now", "2025-03-03T09:30Z", input=answers(4, 4, 4))  # all graduate, Easy
    result = CliRunner().invoke(app, ["progress"])
    assert result.exit_code == 0
    week = json.loads(run("--forecast", "--days", "7", "--json")[1])["total"]
    assert f"Flashcards   0 due today · {week} in the next 7 days" in result.stdout
