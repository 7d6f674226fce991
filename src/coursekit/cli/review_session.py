"""The interactive part of `coursekit review`: reading keys, the cards, the session.

On a terminal each prompt reads one key press; when stdin is not a terminal it reads
one line, so tests and scripts can drive a session. Every rating is stored the
moment it is given, so quitting (``q``, Ctrl-C, end of input) loses nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fsrs import Scheduler
    from rich.console import Console

    from coursekit.cli.learner_context import Clock
    from coursekit.events.learner import Learner
    from coursekit.model import Course, Flashcard
    from coursekit.review.cards import CardHistory, CardStatus, ReviewState

QUIT = "q"


# --------------------------------------------------------------------------- reading keys


class Keys:
    """One answer per prompt: a key press on a terminal, else a line of stdin."""

    def __init__(self) -> None:
        self.tty = sys.stdin.isatty()

    def read(self, out: Console, prompt: str) -> str | None:
        """The key or line typed (lower-cased, stripped); ``None`` at the end of input."""
        import click

        out.print(prompt, end=" ")
        if self.tty:
            key = click.getchar()
            out.print()
            return key.strip().lower()
        line = sys.stdin.readline()
        out.print()
        if not line:
            return None
        return line.strip().lower()


RATING_WORDS = {"1": 1, "2": 2, "3": 3, "4": 4, "again": 1, "hard": 2, "good": 3, "easy": 4}
GOOD = 3  # Space and Enter (an empty line) rate Good, as in Anki


def rating_prompt(intervals: dict[int, Any]) -> str:
    """``1 Again 1 min · 2 Hard 6 min · 3 Good 10 min (Space) · 4 Easy 8 d · q quits``: each
    key with the interval it gives (under 80 columns)."""
    from coursekit.review.cards import RATINGS, interval_text

    keys = []
    for n, name in RATINGS.items():
        space = " [dim](Space)[/dim]" if n == GOOD else ""
        keys.append(f"[bold]{n}[/bold] {name} {interval_text(intervals[n])}{space}")
    return " · ".join(keys) + " · [bold]q[/bold] quits"


def ask_rating(keys: Keys, out: Console, prompt: str) -> int | None:
    """1-4 from the learner (Space or Enter: Good), asking again after anything else;
    ``None`` to quit."""
    while True:
        answer = keys.read(out, prompt)
        if answer is None or answer == QUIT:
            return None
        if answer == "":
            return GOOD
        if answer in RATING_WORDS:
            return RATING_WORDS[answer]
        out.print("[yellow]Type 1, 2, 3 or 4, Space or Enter for Good (or q to quit).[/yellow]")


# --------------------------------------------------------------------------- formatting


def describe_due(due: datetime, now: datetime, tz: tzinfo) -> str:
    """``overdue since …``, ``now``, ``in 1 min``, ``in 5 h``, ``tomorrow (Tue 4 Mar 2025)``,
    ``in 6 days (Sun 9 Mar 2025)``. Minutes round up: a step of one minute is "in 1 min"
    however long the rating took to store."""
    import math

    from coursekit.dates import format_date
    from coursekit.review.cards import day_of

    seconds = (due - now).total_seconds()
    days = (day_of(due, tz) - day_of(now, tz)).days
    label = format_date(day_of(due, tz))
    if days < 0:
        return f"overdue since {label}"
    if seconds <= 0:
        return "now"
    minutes = math.ceil(seconds / 60 - 1e-9)
    if minutes < 60:
        return f"in {minutes} min"
    if days <= 0:
        hours = round(seconds / 3600)
        return f"in {hours} h"
    if days == 1:
        return f"tomorrow ({label})"
    return f"in {days} days ({label})"


def card_panel(card: Flashcard, course: Course, number: int, count: int, kind: str) -> Any:
    from rich.markdown import Markdown
    from rich.panel import Panel

    from coursekit.cli.output import inert, plain

    module = plain(course.module_index[card.module].title)  # a title is text, not markup
    return Panel(
        Markdown(inert(card.q)),
        title=f"[bold]{number}/{count}[/bold] · {module} · {kind}",
        title_align="left",
        subtitle=card.id,
        subtitle_align="right",
        border_style="cyan",
    )


def answer_panel(card: Flashcard) -> Any:
    from rich.markdown import Markdown
    from rich.panel import Panel

    from coursekit.cli.output import inert

    return Panel(Markdown(inert(card.a)), title="Answer", title_align="left", border_style="green")


# --------------------------------------------------------------------------- the session


class Session:
    """A review session: shows cards, stores each rating at once, sums up at the end.

    Like Anki: a card rated Again or Hard that is still in a step of minutes comes back
    in the same session once its step has passed; when nothing else is left, it comes
    back up to :data:`~coursekit.review.cards.LEARN_AHEAD` early. A card rated Good or
    Easy waits for a later session.
    """

    def __init__(self, learner: Learner, clock: Clock, scheduler: Scheduler) -> None:
        self.learner, self.course, self.clock = learner, learner.course, clock
        self.scheduler = scheduler
        self.ratings: list[int] = []
        self.after: dict[str, CardHistory] = {}

    def run(self, queue: list[CardStatus], out: Console) -> bool:
        """Review the queue; ``False`` when the learner quit before the end."""
        from collections import deque

        from coursekit.review.cards import next_intervals

        keys = Keys()
        pending = deque(queue)
        again: list[Flashcard] = []  # cards coming back in this session, in rating order
        shown = 0
        while True:
            card = self._next(pending, again)
            if card is None:
                return True
            shown += 1
            history = self.after.get(card.id) or self._history(queue, card)
            total = shown + len(pending) + len(again)
            out.print(card_panel(card, self.course, shown, total, _kind(history)))
            reveal = keys.read(out, "[dim]Press a key to show the answer (q quits)[/dim]")
            if reveal is None or reveal == QUIT:
                return False
            out.print(answer_panel(card))
            intervals = next_intervals(history, card.id, self.clock.now(), self.scheduler)
            rating = ask_rating(keys, out, rating_prompt(intervals))
            if rating is None:
                return False
            after = self.record(card, history, rating)
            now = self.clock.now()
            comes_back = _in_steps(after) and rating in _again_ratings()
            if comes_back:
                again.append(card)
            later = " (again in this session)" if comes_back else ""
            out.print(
                f"[bold]{_rating_name(rating)}[/bold]: next review "
                f"{describe_due(after.card.due, now, self.clock.tz)}{later}\n"
            )

    def _next(self, pending: Any, again: list[Flashcard]) -> Flashcard | None:
        """The next card: a returning card whose step has passed, else the queue's next,
        else a returning card due within the learn-ahead limit."""
        from coursekit.review.cards import LEARN_AHEAD

        now = self.clock.now()
        ready = sorted(again, key=lambda c: self.after[c.id].card.due)
        if ready and self.after[ready[0].id].card.due <= now:
            again.remove(ready[0])
            return ready[0]
        if pending:
            return pending.popleft().flashcard  # type: ignore[no-any-return]
        if ready and self.after[ready[0].id].card.due <= now + LEARN_AHEAD:
            again.remove(ready[0])
            return ready[0]
        return None

    @staticmethod
    def _history(queue: list[CardStatus], card: Flashcard) -> CardHistory | None:
        return next((s.history for s in queue if s.flashcard.id == card.id), None)

    def record(self, card: Flashcard, past: CardHistory | None, rating: int) -> CardHistory:
        """Store the rating as an event now, and return the card's new state."""
        from coursekit.review.actions import rate

        self.after[card.id] = rate(
            self.learner, card.id, rating, self.clock.now(), self.scheduler, past
        )
        self.ratings.append(rating)
        return self.after[card.id]

    def summary(
        self,
        out: Console,
        finished: bool,
        state: ReviewState,
        next_session: Callable[[ReviewState], list[CardStatus]],
        module: str | None = None,
    ) -> None:
        """How many were reviewed, with which ratings, and what the next session holds:
        worked out by ``next_session``, the function that picks a session's cards (called
        without this session's ``--limit``), on the state after this session, so the
        count is what the next `coursekit review` offers."""
        from coursekit.cli.output import plain
        from coursekit.review.cards import RATINGS, next_due, with_history

        now, tz = self.clock.now(), self.clock.tz
        counts = ", ".join(f"{self.ratings.count(r)} {name}" for r, name in RATINGS.items())
        ended = "Session complete" if finished else "Session stopped; every rating was saved"
        cards, n = len(self.after), len(self.ratings)
        reviewed = plural(cards, "card")
        if n != cards:
            reviewed += f" ({plural(n, 'rating')})"
        out.print(f"[bold]{ended}.[/bold] Reviewed {reviewed}: {counts}.")
        after = with_history(state, self.after, now)
        ready = next_session(after)
        if ready:
            again = "coursekit review" + (f" --module {plain(module)}" if module else "")
            out.print(f"{plural(len(ready), 'card')} ready now: run [bold]{again}[/bold] again.")
            return
        first = next_due(after, now, module)
        if first is not None:
            out.print(f"Next review {describe_due(first, now, tz)}.")


def plural(count: int, noun: str) -> str:
    """``1 card``, ``2 cards``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _kind(history: CardHistory | None) -> str:
    """A card's kind in the panel's title: new, review, learning or relearning."""
    from coursekit.review.cards import STATE_NAMES

    if history is None:
        return "new"
    state = STATE_NAMES[history.card.state]
    return "due · review" if state == "review" else f"due · {state}"


def _in_steps(history: CardHistory) -> bool:
    from fsrs import State

    return history.card.state in (State.Learning, State.Relearning)


def _again_ratings() -> tuple[int, ...]:
    from coursekit.review.cards import AGAIN_RATINGS

    return AGAIN_RATINGS


def _rating_name(rating: int) -> str:
    from coursekit.review.cards import RATINGS

    return RATINGS[rating]
