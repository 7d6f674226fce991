"""The FSRS conformance corpus, the CLI's side, and the vendored ts-fsrs it is held to.

tests/fsrs_conformance/cases holds rating sequences (py-fsrs's reference vector and a
few hundred random ones with random gaps, under several parameter sets) with the card
the CLI made of them after every rating. Here the CLI must still make exactly that,
replaying the ratings as events the way `coursekit review` does; the site's scheduler
must give the same due dates (tests/js/fsrs-conformance.test.mjs, the same file).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from coursekit.events.event import Event
from coursekit.model import ReviewSettings
from coursekit.review.cards import (
    REVIEW_EVENT,
    STATE_NAMES,
    CardHistory,
    make_scheduler,
    replay,
    reviews_in_force,
)

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((Path(__file__).parent / "fsrs_conformance" / "cases").glob("*.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def test_the_corpus_is_there() -> None:
    sequences = [s for path in CASES for s in load(path)["sequences"]]
    assert len(sequences) >= 300
    assert sum(len(s["reviews"]) for s in sequences) > 3000
    ratings = {r["rating"] for s in sequences for r in s["reviews"]}
    assert ratings == {1, 2, 3, 4}
    states = {e["state"] for s in sequences for e in s["expected"]}
    assert states == {"learning", "review", "relearning"}


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_the_cli_schedules_every_sequence_as_recorded(path: Path) -> None:
    data = load(path)
    settings = ReviewSettings.from_dict(data["settings"])
    scheduler = make_scheduler(settings)
    # The site is handed exactly this (course.json's `scheduler`).
    assert scheduler.to_dict() == data["scheduler"]
    for sequence in data["sequences"]:
        reviews = sequence["reviews"]
        events = [
            Event(
                f"u{i}",
                REVIEW_EVENT,
                datetime.fromisoformat(r["at"]),
                "c",
                "l",
                {"card": "card", "rating": r["rating"]},
            )
            for i, r in enumerate(reviews)
        ]
        # After every rating (continuing a replay, as the history cache does), and
        # after all of them from the events alone, as `coursekit review` replays them.
        history = None
        for i, want in enumerate(sequence["expected"]):
            moment = reviews_in_force(events[i : i + 1])
            history = replay((), scheduler, moment, history)
            assert_card(history["card"], want, f"{sequence['name']}, rating {i + 1}")
        assert_card(replay(events, scheduler)["card"], sequence["expected"][-1], sequence["name"])


def assert_card(card: CardHistory, want: dict, where: str) -> None:
    assert card.card.due == datetime.fromisoformat(want["due"]), where
    assert STATE_NAMES[card.card.state] == want["state"], where
    assert card.card.step == want["step"], where
    assert card.card.stability == want["stability"], where
    assert card.card.difficulty == want["difficulty"], where
    assert card.lapses == want["lapses"], where


def test_the_reference_vector_is_py_fsrs_own() -> None:
    (reference,) = load(CASES[[p.stem for p in CASES].index("reference-vector")])["sequences"]
    assert [r["rating"] for r in reference["reviews"]] == [3] * 6 + [1, 1] + [3] * 5
    assert reference["reviews"][0]["at"] == "2022-11-29T12:30:00.000000Z"
    assert reference["intervals_in_days"] == [0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21]


# --------------------------------------------------------------------------- the vendored file


def dev_module():
    spec = importlib.util.spec_from_file_location("coursekit_dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_the_vendored_ts_fsrs_matches_its_recorded_sha256() -> None:
    dev = dev_module()
    assert dev.check_vendored() == []
    record = json.loads((dev.VENDOR / "ts-fsrs.json").read_text())
    assert record["package"] == "ts-fsrs" and record["license"] == "MIT"
    assert record["tarball_integrity"].startswith("sha512-")
    licence = (dev.VENDOR / "ts-fsrs.LICENSE.txt").read_text()
    assert "MIT License" in licence and "Permission is hereby granted" in licence
    # An ES module build, as published: it exports the scheduler the site uses.
    script = (dev.VENDOR / "ts-fsrs.js").read_text()
    assert "export { AbstractScheduler" in script and "StrategyMode" in script


def test_a_changed_vendored_file_is_caught(tmp_path: Path) -> None:
    dev = dev_module()
    copy = tmp_path / "vendor"
    shutil.copytree(dev.VENDOR, copy)
    (copy / "ts-fsrs.js").write_text((copy / "ts-fsrs.js").read_text() + "\n// patched\n")
    (copy / "ts-fsrs.LICENSE.txt").unlink()
    problems = dev.check_vendored(copy)
    assert len(problems) == 2
    assert "ts-fsrs.js: sha256" in problems[0] and "python3 dev.py vendor 5.4.2" in problems[0]
    assert problems[1].endswith("ts-fsrs.LICENSE.txt: missing")
