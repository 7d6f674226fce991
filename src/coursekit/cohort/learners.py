"""One learner's exchange file, read with the importer's validation and reduced to the
few numbers a cohort report needs (:class:`LearnerSummary`).

The events are replayed with the learner's own rules (undo, reset: the same
``Replay`` as their dashboard), so the report sees what each learner sees. A summary
is small (lesson indexes and minutes, not events), so ten thousand of them fit in a
few tens of megabytes; the events themselves are dropped once a file is summarised.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from coursekit.errors import CourseError
from coursekit.events.event import Event
from coursekit.events.replay import effective_events
from coursekit.model import Course
from coursekit.progress.state import Replay

#: Who the events are read for: one name for every file, so an event without a uid
#: (an older site export) gets the same derived uid in every copy of the file.
READER = ""
AGAIN = 1  # the FSRS rating "Again", which the site's "Not yet" also means


@dataclass
class LearnerSummary:
    """What the report needs of one learner (lessons and cards by their course index)."""

    name: str  # as the file gives it; shown only with --names
    files: list[str]
    events: int
    #: lesson index -> minutes the finished lesson took (reported, else logged)
    times: dict[int, int] = field(default_factory=dict)
    finished: set[int] = field(default_factory=set)
    #: lessons with any study event (a session or a completion)
    started: set[int] = field(default_factory=set)
    #: the furthest lesson in course order with any activity; -1 for none
    furthest: int = -1
    first_day: date | None = None
    last_day: date | None = None
    #: the day the last lesson a learner can study (ready or draft: "coming soon" lessons
    #: count for nothing) was finished, when they have all been done
    finished_on: date | None = None
    status: str = "not enrolled"  # the learner's own forecast: on track, behind, ...
    pace: str | None = None
    #: card index -> [reviews, of which Again / Not yet]
    reviews: dict[int, list[int]] = field(default_factory=dict)
    not_in_course: dict[str, int] = field(default_factory=dict)
    unknown_cards: dict[str, int] = field(default_factory=dict)


@dataclass
class LearnerFile:
    """One file read: its summary and the hashes of its event uids (for merging)."""

    path: str
    summary: LearnerSummary
    uids: bytes  # array("q") of 64-bit hashes


@dataclass(frozen=True)
class Refused:
    """A file the report could not use, and why (one line)."""

    path: str
    reason: str


class CourseIndex:
    """The course as positions: lessons and cards in course order."""

    def __init__(self, course: Course) -> None:
        self.course = course
        self.lessons = list(course.lessons())
        #: the lessons a learner can study (not planned, "coming soon")
        self.available = {n for n, lesson in enumerate(self.lessons) if lesson.available}
        self.lesson_at = {lesson.id: n for n, lesson in enumerate(self.lessons)}
        self.cards = list(course.flashcards())
        self.card_at = {card.id: n for n, card in enumerate(self.cards)}


def uid_hash(uid: str) -> int:
    """A uid as a 64-bit number: Python's own string hash, which is the same in the
    report's process and the worker processes it forks (they share its hash seed)."""
    return hash(uid)


def read_events(path: Path, course_id: str, lesson_ids: set[str], now: datetime) -> tuple[
    str, list[Event]
]:
    """The learner name and the valid events of one exchange file; :class:`CourseError`
    (one problem per mistake, as ``progress import`` reports them) otherwise."""
    from coursekit.events.exchange import parse_document, read_file

    data = read_file(path, after="; the file was left out of the report")
    parsed = parse_document(data, str(path), course_id, READER, lesson_ids, now)
    return parsed.learner_in_file, parsed.events


def refusal(path: Path, error: CourseError) -> Refused:
    """The first problem of a refused file, and how many more there are."""
    problems = error.problems
    first = problems[0]
    text = first.message if not first.key else f"{first.key}: {first.message}"
    if first.path and first.path != str(path):
        text = f"{first.path}: {text}"
    more = len(problems) - 1
    if more:
        text += f" (and {more} more problem{'s' if more != 1 else ''})"
    return Refused(str(path), text)


def summarize(
    index: CourseIndex,
    name: str,
    files: list[str],
    events: Iterable[Event],
    today: date,
    plans: MutableMapping[str, list[str]],
) -> LearnerSummary:
    """Replay one learner's events (undo and reset applied) into a summary; its status
    is their dashboard's (the same forecast, with the same flashcard workload)."""
    from coursekit.progress.projection import projected_window
    from coursekit.review.cards import rating_of

    course = index.course
    kept = effective_events(events)
    replay = Replay(course, READER)
    summary = LearnerSummary(name, files, len(kept))
    for event in kept:
        if event.type == "flashcard_review":
            _count_review(index, summary, event, rating_of(event.data))
        else:
            replay.apply(event)
    progress = replay.progress()
    at = index.lesson_at
    for lesson_id in progress.completed:
        n = at[lesson_id]
        summary.finished.add(n)
        spent = progress.spent_on(lesson_id)
        if spent is not None:
            summary.times[n] = spent
    summary.started = {at[i] for i in progress.logged_minutes if i in at} | summary.finished
    summary.furthest = max(summary.started, default=-1)
    summary.first_day, summary.last_day = progress.first_activity, progress.last_activity
    summary.not_in_course = dict(progress.not_in_course)
    if index.available and index.available <= summary.finished:
        summary.finished_on = max(progress.completed.values())
    enrollment = progress.enrollment
    pace = course.paces.get(enrollment.pace) if enrollment else None
    if enrollment is not None:
        summary.pace = enrollment.pace
    from coursekit.review.workload import ReplayedReviewLoad

    review = ReplayedReviewLoad.of(course, kept, today)
    result = projected_window(course, progress, today, pace, plans=plans, review=review)
    summary.status = result.status or ("finished" if result.basis == "finished" else "not enrolled")
    return summary


def _count_review(
    index: CourseIndex, summary: LearnerSummary, event: Event, rating: int | None
) -> None:
    card = event.data.get("card")
    if not isinstance(card, str) or rating is None:
        return
    n = index.card_at.get(card)
    if n is None:
        summary.unknown_cards[card] = summary.unknown_cards.get(card, 0) + 1
        return
    counts = summary.reviews.setdefault(n, [0, 0])
    counts[0] += 1
    if rating == AGAIN:
        counts[1] += 1


def read_learner(
    path: Path,
    index: CourseIndex,
    today: date,
    now: datetime,
    plans: MutableMapping[str, list[str]],
) -> LearnerFile | Refused:
    """One file, summarised; or why it was refused."""
    try:
        name, events = read_events(path, index.course.id, set(index.lesson_at), now)
    except CourseError as exc:
        return refusal(path, exc)
    summary = summarize(index, name, [str(path)], events, today, plans)
    hashes = array("q", (uid_hash(e.uid) for e in events))
    return LearnerFile(str(path), summary, hashes.tobytes())


def merge_files(
    paths: list[str],
    index: CourseIndex,
    today: date,
    now: datetime,
    plans: MutableMapping[str, list[str]],
) -> LearnerSummary:
    """One learner from several files: their events merged by uid (the first file's
    copy of an event wins), then summarised as one log."""
    by_uid: dict[str, Event] = {}
    name = ""
    for path in paths:
        try:
            file_name, events = read_events(Path(path), index.course.id, set(index.lesson_at), now)
        except CourseError:  # changed since it was first read: what the others hold counts
            continue
        name = name or file_name
        for event in events:
            by_uid.setdefault(event.uid, event)
    return summarize(index, name, list(paths), by_uid.values(), today, plans)
