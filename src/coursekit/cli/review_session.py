"""The interactive part of `coursekit review`: reading keys, the cards, the session.

On a terminal each prompt reads one key press; when stdin is not a terminal it reads
one line, so tests and scripts can drive a session. Every rating is stored the
moment it is given, so quitting (``q``, Ctrl-C, end of input) loses nothing.
"""

from __future__ import annotations

import sys
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


def ask_rating(keys: Keys, out: Console) -> int | None:
    """1-4 from the learner, asking again after anything else; ``None`` to quit."""
    while True:
        answer = keys.read(out, "[bold]Rate[/bold] 1 Again · 2 Hard · 3 Good · 4 Easy (q quits):")
        if answer is None or answer == QUIT:
            return None
        if answer in RATING_WORDS:
            return RATING_WORDS[answer]
        out.print("[yellow]Type 1, 2, 3 or 4 (or q to quit).[/yellow]")


# --------------------------------------------------------------------------- formatting


def describe_due(due: datetime, now: datetime, tz: tzinfo) -> str:
    """``overdue since …``, ``now``, ``in 10 min``, ``in 5 h``, ``tomorrow (Tue 4 Mar 2025)``,
    ``in 6 days (Sun 9 Mar 2025)``."""
    from coursekit.dates import format_date
    from coursekit.review.cards import day_of

    minutes = (due - now).total_seconds() / 60
    days = (day_of(due, tz) - day_of(now, tz)).days
    label = format_date(day_of(due, tz))
    if days < 0:
        return f"overdue since {label}"
    if minutes < 1:
        return "now"
    if minutes < 60:
        return f"in {round(minutes)} min"
    if days <= 0:
        return f"in {round(minutes / 60)} h"
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
    """A review session: shows cards, stores each rating at once, sums up at the end."""

    def __init__(self, learner: Learner, clock: Clock, scheduler: Scheduler) -> None:
        self.learner, self.course, self.clock = learner, learner.course, clock
        self.scheduler = scheduler
        self.ratings: list[int] = []
        self.after: dict[str, CardHistory] = {}

    def run(self, queue: list[CardStatus], out: Console) -> bool:
        """Review the queue; ``False`` when the learner quit before the end."""
        keys = Keys()
        for number, status in enumerate(queue, 1):
            kind = "new" if status.is_new else f"due · {status.state}"
            out.print(card_panel(status.flashcard, self.course, number, len(queue), kind))
            reveal = keys.read(out, "[dim]Press a key to show the answer (q quits)[/dim]")
            if reveal is None or reveal == QUIT:
                return False
            out.print(answer_panel(status.flashcard))
            rating = ask_rating(keys, out)
            if rating is None:
                return False
            history = self.record(status, rating)
            now = self.clock.now()
            out.print(
                f"[bold]{_rating_name(rating)}[/bold]: next review "
                f"{describe_due(history.card.due, now, self.clock.tz)}\n"
            )
        return True

    def record(self, status: CardStatus, rating: int) -> CardHistory:
        """Store the rating as an event now, and return the card's new state."""
        from coursekit.review.actions import rate

        card = status.flashcard
        past = self.after.get(card.id, status.history)
        self.after[card.id] = rate(
            self.learner, card.id, rating, self.clock.now(), self.scheduler, past
        )
        self.ratings.append(rating)
        return self.after[card.id]

    def summary(self, out: Console, finished: bool, state: ReviewState) -> None:
        """How many were reviewed, with which ratings, and when the next card is due."""
        from coursekit.review.cards import RATINGS, end_of_day

        now, tz = self.clock.now(), self.clock.tz
        counts = ", ".join(f"{self.ratings.count(r)} {name}" for r, name in RATINGS.items())
        ended = "Session complete" if finished else "Session stopped; every rating was saved"
        n = len(self.ratings)
        out.print(f"[bold]{ended}.[/bold] Reviewed {n} card{'s' if n != 1 else ''}: {counts}.")
        dues = [
            c.due for c in state.cards if c.due is not None and c.flashcard.id not in self.after
        ]
        dues += [h.card.due for h in self.after.values()]
        if not dues:
            return
        first = min(dues)
        cutoff = end_of_day(now.astimezone(tz).date(), tz)
        today = sum(1 for d in dues if d < cutoff)
        later = f"; {today} still due today" if today else ""
        out.print(f"Next review {describe_due(first, now, tz)}{later}.")


def _rating_name(rating: int) -> str:
    from coursekit.review.cards import RATINGS

    return RATINGS[rating]
