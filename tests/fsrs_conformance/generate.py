"""Write the FSRS conformance corpus: rating sequences with what the CLI makes of them.

    .venv/bin/python tests/fsrs_conformance/generate.py

The sequences are drawn once from a fixed seed and stored in cases/; the expected
card after every rating is what coursekit's own replay (``coursekit.review.cards``,
the ``fsrs`` package) gives. tests/test_fsrs_conformance.py checks that the CLI
still gives exactly that, and tests/js/fsrs-conformance.test.mjs that the site's
scheduler (the vendored ts-fsrs) gives the same due dates, to the minute, and the
same states. Run this again only to add sequences or parameter sets, or after a
deliberate change of FSRS version, and read the diff.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coursekit.model import ReviewSettings
from coursekit.review.cards import STATE_NAMES, CardHistory, apply_review, make_scheduler

HERE = Path(__file__).parent
CASES = HERE / "cases"
SEED = 15
SEQUENCES_PER_SET = 50

#: Parameter sets a course can choose (course.yml `review:`), each replayed by both sides.
PARAMETER_SETS: dict[str, ReviewSettings] = {
    "default": ReviewSettings(),
    "retention-0.8": ReviewSettings(desired_retention=0.8),
    "retention-0.97-maximum-30-days": ReviewSettings(desired_retention=0.97, maximum_interval=30),
    "no-steps": ReviewSettings(learning_steps=(), relearning_steps=()),
    "one-learning-step-two-relearning": ReviewSettings(
        learning_steps=(10,), relearning_steps=(5, 20), maximum_interval=365
    ),
    "three-steps-each": ReviewSettings(
        desired_retention=0.85, learning_steps=(1, 10, 60), relearning_steps=(10, 30, 120)
    ),
}


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


def expected(history: CardHistory) -> dict[str, object]:
    card = history.card
    return {
        "due": iso(card.due),
        "state": STATE_NAMES[card.state],
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "lapses": history.lapses,
    }


def replay(
    settings: ReviewSettings, reviews: list[tuple[datetime, int]]
) -> list[dict[str, object]]:
    scheduler = make_scheduler(settings)
    history: CardHistory | None = None
    out = []
    for at, rating in reviews:
        history = apply_review(history, "card", rating, at, scheduler)
        out.append(expected(history))
    return out


def gap(rng: random.Random, now: datetime, due: datetime) -> timedelta:
    """The time to the next review: soon, within two days, around the due time, or long after."""
    kind = rng.random()
    if kind < 0.25:
        return timedelta(seconds=rng.randint(0, 7200))
    if kind < 0.45:
        return timedelta(minutes=rng.randint(60, 2880))
    if kind < 0.55:
        return due - now  # exactly when due
    if kind < 0.85:
        return due - now + timedelta(minutes=rng.randint(-720, 720), seconds=rng.randint(0, 59))
    return timedelta(days=rng.randint(1, 400), minutes=rng.randint(0, 1439))


def sequence(rng: random.Random, settings: ReviewSettings) -> list[tuple[datetime, int]]:
    start = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(0, 365 * 86400))
    if rng.random() < 0.2:  # the CLI stores times finer than seconds
        start += timedelta(milliseconds=rng.randrange(1, 1000))
    scheduler = make_scheduler(settings)
    reviews: list[tuple[datetime, int]] = []
    history: CardHistory | None = None
    at = start
    for _ in range(rng.randint(1, 30)):
        rating = rng.choices((1, 2, 3, 4), weights=(2, 1, 5, 1))[0]
        reviews.append((at, rating))
        history = apply_review(history, "card", rating, at, scheduler)
        at = max(at, at + gap(rng, at, history.card.due))
    return reviews


def reference_vector() -> dict[str, object]:
    """py-fsrs's own test (tests/test_basic.py, test_review_card): default scheduler,
    Good x6, Again x2, Good x5, each review at the moment the card falls due."""
    settings = ReviewSettings()
    scheduler = make_scheduler(settings)
    at = datetime(2022, 11, 29, 12, 30, tzinfo=UTC)
    reviews, history = [], None
    for rating in (3, 3, 3, 3, 3, 3, 1, 1, 3, 3, 3, 3, 3):
        reviews.append((at, rating))
        history = apply_review(history, "card", rating, at, scheduler)
        at = history.card.due
    steps = replay(settings, reviews)
    intervals = [
        (datetime.fromisoformat(e["due"]) - r[0]).days for e, r in zip(steps, reviews, strict=True)
    ]
    return {
        "name": "py-fsrs reference vector",
        "intervals_in_days": intervals,
        "reviews": [{"at": iso(a), "rating": r} for a, r in reviews],
        "expected": steps,
    }


def write(name: str, settings: ReviewSettings, sequences: list[dict[str, object]]) -> None:
    head = {"settings": settings.as_dict(), "scheduler": make_scheduler(settings).to_dict()}
    # One sequence a line: small files whose diffs read sequence by sequence.
    lines = ",\n".join("  " + json.dumps(s, separators=(",", ":")) for s in sequences)
    text = json.dumps(head, indent=1)[:-2] + ',\n "sequences": [\n' + lines + "\n ]\n}\n"
    json.loads(text)
    (CASES / f"{name}.json").write_text(text)


def main() -> None:
    CASES.mkdir(exist_ok=True)
    rng = random.Random(SEED)
    write("reference-vector", ReviewSettings(), [reference_vector()])
    for name, settings in PARAMETER_SETS.items():
        sequences = []
        for number in range(SEQUENCES_PER_SET):
            reviews = sequence(rng, settings)
            sequences.append(
                {
                    "name": f"{name} #{number + 1}",
                    "reviews": [{"at": iso(a), "rating": r} for a, r in reviews],
                    "expected": replay(settings, reviews),
                }
            )
        write(name, settings, sequences)
    print(f"wrote {len(PARAMETER_SETS) * SEQUENCES_PER_SET + 1} sequences to {CASES}")


if __name__ == "__main__":
    main()
