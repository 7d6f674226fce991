"""The cohort report: per lesson, the funnel, pace, flashcards and data quality, from
the learners' summaries (:mod:`coursekit.cohort.reading`).

Definitions (docs/cohort.md says the same for instructors):

- a lesson **coming soon** (planned) counts for nothing: a learner who has done every
  other lesson has **finished the course**, the funnel's drop-offs skip it, and the
  weeks for the whole course leave it out;
- a learner **started** a lesson when they have any study event on it (a session or a
  completion);
- a learner **reached** a lesson when they got at least that far: some activity (a
  study session or a completion) on it or on a later lesson in course order; so the
  funnel never rises, and the drop after a lesson is the learners who went no further;
- a lesson's **times** are those of the learners who finished it with a time
  (reported, else logged), outliers set aside as :mod:`coursekit.cohort.stats` says;
- the **ratio** is the median time over the estimate's middle; a lesson is
  **flagged** when it is over 1.5 (or under 1/1.5) with ``min_learners`` times;
- **pace** is a learner's counted minutes over the weeks from their first to their
  last activity (at least one week); a lesson done without a time counts as its
  estimate's middle, as on the learner's own dashboard;
- a card's **Again share** is the share of its reviews rated Again (the site's
  "Not yet").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from coursekit.cohort.learners import LearnerSummary, Refused
from coursekit.cohort.reading import Cohort, read_cohort
from coursekit.cohort.stats import Spread, spread, time_limit
from coursekit.errors import CourseError, Problem
from coursekit.model import Course

FLAG_RATIO = 1.5
DEFAULT_MIN_LEARNERS = 5
MIN_REVIEWS = 3  # a card needs this many reviews to rank among the hardest
HARDEST = 10
DROP_OFFS = 3
#: hours a week: the bins of the pace chart and the bands of time to finish
PACE_BINS = (0.0, 1.0, 2.0, 3.0, 5.0, 8.0, 12.0)
PACE_BANDS = (0.0, 2.0, 5.0, 10.0)
STATUSES = ("on track", "behind", "target passed", "finished", "not enrolled")


@dataclass
class LessonRow:
    position: int
    id: str
    title: str
    module: str
    estimate: tuple[int, int]
    reached: int
    started: int
    finished: int
    times: int  # learners whose time counts
    set_aside: int
    #: planned: a learner cannot study it yet, so nobody reaching it is no drop-off
    coming_soon: bool = False
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    ratio: float | None = None
    flag: str = ""  # "longer" | "shorter" | ""


@dataclass
class DropOff:
    after: str  # lesson id
    title: str
    reached: int
    went_on: int

    @property
    def lost(self) -> int:
        return self.reached - self.went_on


@dataclass
class PaceBand:
    low: float
    high: float | None
    learners: int
    finished: int
    median_hours_per_week: float | None
    weeks_to_finish: float | None  # the whole course at the band's median pace


@dataclass
class CardRow:
    id: str
    question: str
    module: str
    reviews: int
    learners: int
    again: int

    @property
    def again_share(self) -> float:
        return self.again / self.reviews if self.reviews else 0.0


@dataclass
class SetAside:
    lesson: str
    minutes: int
    limit: int
    learner: str  # "learner 7", or the name with --names


@dataclass
class LearnerRow:
    """One learner, listed only with ``--names``."""

    name: str
    files: list[str]
    finished: int
    furthest: str | None
    hours_per_week: float | None
    status: str


@dataclass
class CohortReport:
    course_id: str
    course_title: str
    today: date
    min_learners: int
    learners: int
    lessons: list[LessonRow]
    drop_offs: list[DropOff]
    finished_course: int
    calibration: float | None  # sum of median times / sum of estimate middles
    pace: Spread | None
    pace_histogram: list[tuple[float, float | None, int]]
    statuses: dict[str, int]
    pace_bands: list[PaceBand]
    cards: list[CardRow]
    hardest: list[CardRow]
    files_used: int
    refused: list[Refused]
    duplicates: int
    events: int
    not_in_course: list[tuple[str, int, int]]  # lesson id, events, learners
    unknown_cards: list[tuple[str, int]]
    set_aside: list[SetAside]
    named: list[LearnerRow] = field(default_factory=list)

    @property
    def flagged(self) -> list[LessonRow]:
        return [row for row in self.lessons if row.flag]

    def as_dict(self) -> dict[str, Any]:
        """Everything, for ``--json`` (minutes are minutes, shares are 0..1)."""
        pace = None
        if self.pace is not None:
            pace = {"learners": self.pace.count, "q1": _r(self.pace.q1),
                    "median": _r(self.pace.median), "q3": _r(self.pace.q3)}
        data: dict[str, Any] = {
            "course": {"id": self.course_id, "title": self.course_title},
            "today": self.today.isoformat(),
            "learners": self.learners,
            "min_learners": self.min_learners,
            "finished_course": self.finished_course,
            "calibration": _r(self.calibration, 3),
            "lessons": [_lesson_dict(row) for row in self.lessons],
            "funnel": {
                "reached": [
                    {"lesson": row.id, "learners": row.reached, "coming_soon": row.coming_soon}
                    for row in self.lessons
                ],
                "largest_drop_offs": [
                    {"after": d.after, "reached": d.reached, "went_on": d.went_on, "lost": d.lost}
                    for d in self.drop_offs
                ],
            },
            "pace": {
                "hours_per_week": pace,
                "histogram": [
                    {"from": low, "to": high, "learners": n}
                    for low, high, n in self.pace_histogram
                ],
                "status": self.statuses,
                "by_pace": [
                    {
                        "from": b.low,
                        "to": b.high,
                        "learners": b.learners,
                        "finished": b.finished,
                        "median_hours_per_week": _r(b.median_hours_per_week),
                        "weeks_to_finish": _r(b.weeks_to_finish, 1),
                    }
                    for b in self.pace_bands
                ],
            },
            "flashcards": {
                "cards_reviewed": len(self.cards),
                "reviews": sum(c.reviews for c in self.cards),
                "reviews_per_card": _r(
                    sum(c.reviews for c in self.cards) / len(self.cards) if self.cards else None
                ),
                "hardest": [_card_dict(c) for c in self.hardest],
                "cards": [_card_dict(c) for c in self.cards],
            },
            "data_quality": {
                "files_used": self.files_used,
                "files_refused": [{"file": r.path, "why": r.reason} for r in self.refused],
                "duplicates_merged": self.duplicates,
                "events": self.events,
                "not_in_course": [
                    {"lesson": lesson, "events": n, "learners": who}
                    for lesson, n, who in self.not_in_course
                ],
                "cards_not_in_course": [
                    {"card": card, "events": n} for card, n in self.unknown_cards
                ],
                "set_aside": [asdict(s) for s in self.set_aside],
            },
        }
        if self.named:
            data["learner_list"] = [asdict(row) for row in self.named]
        return data


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _lesson_dict(row: LessonRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "module": row.module,
        "estimate_minutes": list(row.estimate),
        "reached": row.reached,
        "started": row.started,
        "finished": row.finished,
        "times": row.times,
        "set_aside": row.set_aside,
        "coming_soon": row.coming_soon,
        "minutes": {"q1": _r(row.q1), "median": _r(row.median), "q3": _r(row.q3)},
        "ratio": _r(row.ratio),
        "flag": row.flag or None,
    }


def _card_dict(card: CardRow) -> dict[str, Any]:
    return {
        "id": card.id,
        "question": card.question,
        "module": card.module,
        "reviews": card.reviews,
        "learners": card.learners,
        "again": card.again,
        "again_share": round(card.again_share, 3),
        "reviews_per_learner": round(card.reviews / card.learners, 2) if card.learners else None,
    }


# --------------------------------------------------------------------------- building


def cohort_report(
    course: Course,
    paths: Sequence[str],
    today: date,
    now: datetime,
    *,
    min_learners: int = DEFAULT_MIN_LEARNERS,
    names: bool = False,
    on_file: Callable[[int, int], None] | None = None,
    jobs: int | None = None,
) -> CohortReport:
    """Read the learners' files in ``paths`` and report on them (one call for the CLI).

    Files that cannot be used are listed in the report's data quality; only when no
    file at all can be used is it a :class:`CourseError`, naming each.
    """
    cohort = read_cohort(course, paths, today, now, on_file=on_file, jobs=jobs)
    if not cohort.learners:
        problems = [Problem(r.path, r.reason) for r in cohort.refused]
        problems.append(Problem(", ".join(paths)[:200], "no learner's progress file could be used"))
        raise CourseError(problems)
    return build_report(course, cohort, today, min_learners, names)


def build_report(
    course: Course,
    cohort: Cohort,
    today: date,
    min_learners: int = DEFAULT_MIN_LEARNERS,
    names: bool = False,
) -> CohortReport:
    """The report of ``cohort`` (see the module docstring for every definition)."""
    lessons = list(course.lessons())
    people = cohort.learners
    labels = [
        (p.name or f"learner {n + 1}") if names else f"learner {n + 1}"
        for n, p in enumerate(people)
    ]
    rows, counted, set_aside = _lesson_rows(lessons, people, labels, min_learners)
    drop_offs = _drop_offs(rows)
    calibration = _calibration(rows)
    weekly = [_hours_per_week(p, lessons, counted[n]) for n, p in enumerate(people)]
    paces = [w for w in weekly if w is not None]
    statuses = {s: 0 for s in STATUSES}
    for p in people:
        statuses[p.status if p.status in statuses else "not enrolled"] += 1
    cards = _cards(course, people)
    hardest = sorted(
        (c for c in cards if c.reviews >= MIN_REVIEWS),
        key=lambda c: (-c.again_share, -c.reviews),
    )[:HARDEST]
    not_in_course: dict[str, list[int]] = {}
    unknown: dict[str, int] = {}
    for p in people:
        for lesson, n in p.not_in_course.items():
            entry = not_in_course.setdefault(lesson, [0, 0])
            entry[0] += n
            entry[1] += 1
        for card, n in p.unknown_cards.items():
            unknown[card] = unknown.get(card, 0) + n
    # The whole course a learner can study: "coming soon" lessons count for nothing.
    whole = sum(x.study_time.low + x.study_time.high for x in lessons if x.available) / 2 / 60
    named = []
    if names:
        named = [
            LearnerRow(
                p.name or labels[n],
                list(p.files),
                len(p.finished),
                lessons[p.furthest].id if p.furthest >= 0 else None,
                _r(weekly[n]),
                p.status,
            )
            for n, p in enumerate(people)
        ]
    return CohortReport(
        course_id=course.id,
        course_title=course.title,
        today=today,
        min_learners=min_learners,
        learners=len(people),
        lessons=rows,
        drop_offs=drop_offs,
        finished_course=sum(1 for p in people if p.finished_on is not None),
        calibration=calibration,
        pace=spread(paces),
        pace_histogram=_histogram(paces),
        statuses=statuses,
        pace_bands=_bands(people, weekly, whole * (calibration or 1.0)),
        cards=cards,
        hardest=hardest,
        files_used=cohort.files_used,
        refused=sorted(cohort.refused, key=lambda r: r.path),
        duplicates=cohort.duplicates,
        events=sum(p.events for p in people),
        not_in_course=sorted((k, v[0], v[1]) for k, v in not_in_course.items()),
        unknown_cards=sorted(unknown.items()),
        set_aside=set_aside,
        named=named,
    )


def _lesson_rows(
    lessons: list[Any], people: list[LearnerSummary], labels: list[str], min_learners: int
) -> tuple[list[LessonRow], list[dict[int, int]], list[SetAside]]:
    """The per-lesson rows; per learner, the lesson times that count; what was set aside."""
    reached = [0] * (len(lessons) + 1)
    started = [0] * len(lessons)
    finished = [0] * len(lessons)
    raw: list[list[tuple[int, int]]] = [[] for _ in lessons]  # (minutes, learner)
    for n, person in enumerate(people):
        if person.furthest >= 0:
            reached[person.furthest] += 1
        for lesson in person.finished:
            finished[lesson] += 1
        for lesson, minutes in person.times.items():
            raw[lesson].append((minutes, n))
        for lesson in person.started:
            started[lesson] += 1
    for k in range(len(lessons) - 1, -1, -1):  # reached k = got to k or further
        reached[k] += reached[k + 1]
    counted: list[dict[int, int]] = [{} for _ in people]
    set_aside: list[SetAside] = []
    rows = []
    for k, lesson in enumerate(lessons):
        t = lesson.study_time
        limit = time_limit(t.high, [m for m, _ in raw[k]])
        kept = []
        for minutes, n in raw[k]:
            if minutes > limit:
                set_aside.append(SetAside(lesson.id, minutes, round(limit), labels[n]))
            else:
                kept.append(minutes)
                counted[n][k] = minutes
        s = spread(kept)
        row = LessonRow(
            k, lesson.id, lesson.title, lesson.module, (t.low, t.high), reached[k],
            started[k], finished[k], len(kept), len(raw[k]) - len(kept),
            coming_soon=not lesson.available,
        )
        if s is not None:
            row.q1, row.median, row.q3 = s.q1, s.median, s.q3
            middle = (t.low + t.high) / 2
            row.ratio = s.median / middle if middle else None
            if row.ratio is not None and s.count >= min_learners:
                if row.ratio > FLAG_RATIO:
                    row.flag = "longer"
                elif row.ratio < 1 / FLAG_RATIO:
                    row.flag = "shorter"
        rows.append(row)
    return rows, counted, set_aside


def _drop_offs(rows: list[LessonRow]) -> list[DropOff]:
    """The largest losses from one lesson a learner can study to the next one (a
    "coming soon" lesson in between is skipped: nobody can reach it yet)."""
    open_rows = [row for row in rows if not row.coming_soon]
    drops = [
        DropOff(row.id, row.title, row.reached, open_rows[k + 1].reached)
        for k, row in enumerate(open_rows[:-1])
        if row.reached > open_rows[k + 1].reached
    ]
    drops.sort(key=lambda d: (-d.lost, -d.lost / d.reached))
    return drops[:DROP_OFFS]


def _calibration(rows: list[LessonRow]) -> float | None:
    timed = [row for row in rows if row.median is not None]
    estimated = sum((row.estimate[0] + row.estimate[1]) / 2 for row in timed)
    if not timed or not estimated:
        return None
    return sum(row.median or 0.0 for row in timed) / estimated


def _hours_per_week(
    person: LearnerSummary, lessons: list[Any], counted: dict[int, int]
) -> float | None:
    if person.first_day is None or person.last_day is None:
        return None
    minutes = float(sum(counted.values()))
    for lesson in person.finished:
        if lesson not in counted:  # done without a time, or its time set aside
            t = lessons[lesson].study_time
            minutes += (t.low + t.high) / 2
    if not minutes:
        return None
    days = max(7, (person.last_day - person.first_day).days + 1)
    return minutes / 60 / (days / 7)


def _histogram(paces: list[float]) -> list[tuple[float, float | None, int]]:
    edges = [*PACE_BINS, None]
    bins = []
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        assert low is not None
        count = sum(1 for p in paces if p >= low and (high is None or p < high))
        bins.append((low, high, count))
    return bins


def _bands(people: list[LearnerSummary], weekly: list[float | None], course_hours: float) -> list[
    PaceBand
]:
    edges = [*PACE_BANDS, None]
    bands = []
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        assert low is not None
        members = [
            (p, w) for p, w in zip(people, weekly, strict=True)
            if w is not None and w >= low and (high is None or w < high)
        ]
        middle = spread([w for _, w in members])
        median = middle.median if middle else None
        bands.append(
            PaceBand(
                low,
                high,
                len(members),
                sum(1 for p, _ in members if p.finished_on is not None),
                median,
                course_hours / median if median else None,
            )
        )
    return bands


def _cards(course: Course, people: list[LearnerSummary]) -> list[CardRow]:
    flashcards = list(course.flashcards())
    totals: dict[int, list[int]] = {}
    for person in people:
        for card, (reviews, again) in person.reviews.items():
            entry = totals.setdefault(card, [0, 0, 0])
            entry[0] += reviews
            entry[1] += again
            entry[2] += 1
    return [
        CardRow(flashcards[n].id, flashcards[n].q, flashcards[n].module, r, who, a)
        for n, (r, a, who) in sorted(totals.items())
    ]
