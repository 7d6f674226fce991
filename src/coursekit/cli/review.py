"""`coursekit review`: flashcard review in the terminal, scheduled with FSRS.

The command parses options and picks a view: a session (``review_session``), the
forecast of due reviews per day, or the list of cards. Scheduling is in
``coursekit.review.cards``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import typer

from coursekit.cli.options import CourseOpt, DbOpt, LearnerOpt, json_option, module_option
from coursekit.cli.output import console, plain, print_json
from coursekit.cli.review_session import plural
from coursekit.inputs import date_words

if TYPE_CHECKING:
    from rich.console import Console

    from coursekit.cli.learner_context import Clock, LearnerContext
    from coursekit.model import Course
    from coursekit.review.actions import Schedule
    from coursekit.review.cards import CardStatus, ReviewState

NOW_HELP = (
    f"Review as if it were this day ({date_words('any')}; noon, local time) or moment "
    "(ISO 8601, UTC unless it carries an offset). For scripts and tests; also "
    "$COURSEKIT_NOW, or $COURSEKIT_TODAY as for coursekit progress."
)

# --------------------------------------------------------------------------- the command


def review(
    module: str | None = module_option("Only this module's cards (its id; Tab completes it)."),
    limit: int | None = typer.Option(
        None,
        "--limit",
        min=1,
        metavar="N",
        help="At most N cards in the session (1 or more).",
        show_default=False,
    ),
    new: int | None = typer.Option(
        None,
        "--new",
        min=0,
        metavar="N",
        help="At most N new cards a day, after the due ones (cards started today count; "
        "default: course.yml review: new_cards, else 10).",
        show_default=False,
    ),
    all_cards: bool = typer.Option(
        False, "--all", help="Include new cards whose lesson (or module) is not done yet."
    ),
    forecast: bool = typer.Option(
        False, "--forecast", help="Show how many reviews fall due on each coming day, and stop."
    ),
    days: int = typer.Option(
        14, "--days", min=1, max=366, metavar="DAYS", help="Days in the --forecast (1 to 366)."
    ),
    cards: bool = typer.Option(
        False, "--cards", help="List every card with its state and due date, and stop."
    ),
    retention: float | None = typer.Option(
        None,
        "--retention",
        metavar="SHARE",
        help="Desired retention, above 0.5 and below 1 (default: course.yml review: "
        "desired_retention, else 0.9). Applies to the whole history.",
        show_default=False,
    ),
    undo: bool = typer.Option(
        False,
        "--undo",
        help="Take back your last rating (a reversal is recorded; run again to go further back).",
    ),
    json: bool = json_option("the card list (with --cards) or the forecast (with --forecast)"),
    course: str | None = CourseOpt,
    db: str | None = DbOpt,
    learner: str | None = LearnerOpt,
    now: str | None = typer.Option(
        None, "--now", "--on", metavar="DATE", help=NOW_HELP, show_default=False
    ),
    today: str | None = typer.Option(
        None, "--today", metavar="DATE", hidden=True, help="Same as --now DATE."
    ),
) -> None:
    """Review the course's flashcards with spaced repetition (FSRS).

    Shows each card's question; a key press reveals the answer; then rate how well
    you recalled it: 1 Again, 2 Hard, 3 Good, 4 Easy (Space or Enter: Good; q quits).
    The prompt shows when each rating brings the card back. Due cards come first,
    most overdue first: review cards on their due day, cards in learning once their
    step (minutes) has passed. Then new cards, up to --new a day. A card rated Again
    or Hard while in learning comes back later in the same session. A card can be
    started once its lesson is done (a card without a lesson: once its whole module
    is done). Each rating is saved at once, so quitting never loses one.

    When stdin is not a terminal, each prompt reads one line (any line reveals the
    answer; then 1-4 or q), so scripts can drive a session. Scheduling is FSRS
    without fuzzing, replayed from your stored ratings; --cards --json shows each
    card's FSRS state (due, stability, difficulty) for checking. --undo, --forecast
    and --cards each do one thing: given together, they are refused and nothing changes.

    Examples:

      coursekit review                       # today's session

      coursekit review --module foundations --new 5 --limit 20

      coursekit review --forecast --days 30

      coursekit review --cards --json | jq '.cards[] | select(.state != "new")'

      coursekit review --undo                # take back the last rating

      printf '\\n3\\n\\n1\\n' | coursekit review --now tomorrow
    """
    from coursekit.cli.learner_context import LearnerContext
    from coursekit.cli.review_session import Session
    from coursekit.review.actions import learner_review_state
    from coursekit.review.cards import check_module, make_scheduler, session_cards
    from coursekit.review.due import forecast as make_forecast

    check_one_mode(undo=undo, forecast=forecast, cards=cards, json=json)
    c = LearnerContext(course, db, learner, today, now)
    clock = c.clock
    the_course = c.course
    check_module(the_course, module)
    settings = {} if retention is None else {"desired_retention": retention}
    scheduler = make_scheduler(the_course.review, **settings)
    name = c.name
    out = console()
    out.soft_wrap = False  # wrap inside panels and tables; soft wrapping would crop them
    if undo:
        undo_last_rating(c)
        return
    # Looking (forecast, cards) never creates a database; only a rating does.
    state = learner_review_state(c.learner, scheduler)
    if forecast:
        ahead = make_forecast(state, clock.now(), days, tz=clock.tz, module=module)
        if json:
            print_json({"course": the_course.id, "learner": name, **ahead.as_dict()})
        else:
            print_forecast(out, ahead)
        return
    if cards or json:
        listing = [s for s in state.cards if module is None or s.flashcard.module == module]
        if json:
            print_json(cards_json(the_course.id, name, listing, state))
        else:
            print_cards(out, listing, clock)
        return

    def next_session(after: ReviewState, limit: int | None = None) -> list[CardStatus]:
        """The cards a session offers; the closing count asks without this session's
        --limit, since the next `coursekit review` has none."""
        return session_cards(
            after,
            clock.now(),
            tz=clock.tz,
            module=module,
            new=the_course.review.new_cards if new is None else new,
            limit=limit,
            include_locked=all_cards,
        )

    queue = next_session(state, limit)
    if not queue:
        print_nothing_due(out, state, clock, module, all_cards)
        return
    session = Session(c.learner, clock, scheduler)
    finished = False
    try:
        finished = session.run(queue, out)
    except KeyboardInterrupt:
        out.print()
        session.summary(out, False, state, next_session, module)
        raise typer.Exit(130) from None
    session.summary(out, finished, state, next_session, module)


def check_one_mode(**given: bool) -> None:
    """Refuse options that ask for two different things (``--undo --forecast`` would
    take back a rating when only a look was asked for), before anything is read or
    written. ``--json`` goes with ``--cards`` or ``--forecast``, not with ``--undo``."""
    from coursekit.errors import CourseError

    modes = [f"--{name}" for name in ("undo", "forecast", "cards") if given[name]]
    if given["json"] and given["undo"]:
        modes.append("--json")
    if len(modes) > 1:
        first, second = modes[0], modes[1]
        raise CourseError(f"{first} and {second} do not go together; give one of them", second)


# --------------------------------------------------------------------------- other views


def print_forecast(out: Console, ahead: Any) -> None:
    from rich.table import Table

    from coursekit.dates import format_day

    peak = max((n for _, n in ahead.days), default=0) or 1
    table = Table(title=f"Reviews due, {len(ahead.days)} days from today", title_justify="left")
    table.add_column("Day")
    table.add_column("Due", justify="right")
    table.add_column("")
    for i, (day, count) in enumerate(ahead.days):
        label = "today" if i == 0 else ("tomorrow" if i == 1 else "")
        bar = "█" * max(round(20 * count / peak), 1 if count else 0)
        table.add_row(f"{format_day(day)}  [dim]{label}[/dim]", str(count), bar)
    table.add_section()
    table.add_row("[bold]Total[/bold]", f"[bold]{ahead.total}[/bold]", "")
    out.print(table)
    if ahead.overdue:
        out.print(f"Today's count includes {plural(ahead.overdue, 'overdue card')}.")
    if ahead.new_unlocked:
        n = ahead.new_unlocked
        out.print(f"{plural(n, 'unlocked card')} not reviewed yet (not counted above).")


def cards_json(course: str, learner: str, listing: list[CardStatus], state: ReviewState) -> Any:
    def iso(moment: datetime | None) -> str | None:
        return moment.isoformat().replace("+00:00", "Z") if moment else None

    rows = []
    for status in listing:
        history = status.history
        card = history.card if history else None
        rows.append(
            {
                "id": status.flashcard.id,
                "module": status.flashcard.module,
                "lesson": status.flashcard.lesson,
                "unlocked": status.unlocked,
                "state": status.state,
                "due": iso(card.due if card else None),
                "last_review": iso(card.last_review if card else None),
                "step": card.step if card else None,
                "stability": card.stability if card else None,
                "difficulty": card.difficulty if card else None,
                "reviews": history.reviews if history else 0,
                "lapses": history.lapses if history else 0,
            }
        )
    return {
        "course": course,
        "learner": learner,
        "cards": rows,
        "not_in_course": sorted(state.orphans),
    }


def print_cards(out: Console, listing: list[CardStatus], clock: Clock) -> None:
    from rich.table import Table

    from coursekit.cli.review_session import describe_due

    now, tz = clock.now(), clock.tz
    table = Table(title="Flashcards", title_justify="left")
    table.add_column("Card", overflow="fold")
    table.add_column("Module", overflow="fold")
    table.add_column("State")
    table.add_column("Next review")
    table.add_column("Reviews", justify="right")
    for status in listing:
        if status.due is not None:
            when = describe_due(status.due, now, tz)
        else:
            when = "[dim]ready to start[/dim]" if status.unlocked else "[dim]locked[/dim]"
        reviews = status.history.reviews if status.history else 0
        table.add_row(
            plain(status.flashcard.id), status.flashcard.module, status.state, when, str(reviews)
        )
    out.print(table)


def print_nothing_due(
    out: Console, state: ReviewState, clock: Clock, module: str | None, all_cards: bool
) -> None:
    from coursekit.cli.review_session import describe_due
    from coursekit.review.cards import day_of, next_due

    pool = [c for c in state.cards if module is None or c.flashcard.module == module]
    if not pool:
        where = f"module '{module}'" if module else "this course"
        out.print(f"No flashcards in {where}.")
        return
    now = clock.now()
    first = next_due(state, now, module)
    later_today = first is not None and day_of(first, clock.tz) == day_of(now, clock.tz)
    message = "Nothing to review now." if later_today else "Nothing to review today."
    if first is not None:
        message += f" Next review {describe_due(first, now, clock.tz)}."
    out.print(message)
    locked = sum(1 for c in pool if c.is_new and not c.unlocked)
    if locked and not all_cards:
        out.print(
            f"{plural(locked, 'card')} unlock as you finish their lessons "
            "([bold]coursekit progress done LESSON[/bold]); --all reviews them now."
        )


def undo_last_rating(c: LearnerContext) -> None:
    """Record the reversal of the learner's last rating still in force, and say which."""
    from coursekit.dates import format_moment
    from coursekit.review.actions import undo_last_rating as undo
    from coursekit.review.cards import RATINGS, rating_of

    target = undo(c.learner, c.now())
    rating = RATINGS.get(rating_of(target.data) or 0, "a rating")
    when = format_moment(target.at.astimezone(c.clock.tz))
    console().print(
        f"[green]✓[/green] Undid: {rating} on {plain(target.data.get('card'))} (rated {when})."
    )


# --------------------------------------------------------------------------- plans


def plan_review_minutes(
    text: str | None,
    course: Course,
    start: date,
    schedule: Schedule | None = None,
    db: str | None = None,
    learner: str | None = None,
) -> int:
    """``coursekit plan --review auto|MINUTES``: the minutes to reserve each study day.

    ``schedule(review_minutes)`` gives the plan's lesson finish days and study days
    (``auto`` reserves what the reviews over that plan ask for, from the history of
    ``learner`` in ``db``, the defaults when not given).
    """
    from coursekit.errors import CourseError
    from coursekit.model import Duration

    if text is None:
        return 0
    raw = text.strip().lower()
    if raw != "auto":
        try:
            minutes = int(raw) if raw.isdigit() else Duration.parse(raw)
        except ValueError:
            minutes = None
        if isinstance(minutes, Duration):
            minutes = minutes.low if not minutes.is_range else None
        if minutes is None:
            raise CourseError(
                f"'{text}' is not a review time; give minutes (15, 20m) or 'auto'", "--review"
            )
        return minutes
    from coursekit.dates import format_date
    from coursekit.events.learner import Learner
    from coursekit.events.store import default_learner
    from coursekit.paths import default_db_path
    from coursekit.review.actions import planned_review

    if schedule is None:
        raise CourseError("--review auto needs a plan to simulate", "--review")
    # No history yet is not an error, and planning creates no database.
    who = Learner(course, default_learner(learner), default_db_path(db))
    reserved = planned_review(who, start, schedule)
    per_card = f"{course.review.minutes_per_card:g} min"
    reviews = f"{reserved.reviews} review{'' if reserved.reviews == 1 else 's'}"
    cards = f"{reserved.cards} card{'' if reserved.cards == 1 else 's'}"
    until = f" to {format_date(reserved.finish)}" if reserved.finish else ""
    console(stderr=True).print(
        f"Review: {reserved.minutes} min a study day ({reviews} of {cards} in the "
        f"{reserved.days} days{until}, FSRS run forward, × {per_card} per card)."
        + ("" if reserved.reviews else " Give minutes instead, e.g. --review 15, to plan ahead.")
    )
    return reserved.minutes


def register(app: typer.Typer) -> None:
    app.command("review")(review)
