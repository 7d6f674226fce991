"""New study times from the times learners really took.

For a lesson with at least ``min_learners`` counted times (sessions left running
set aside, :mod:`coursekit.cohort.stats`), the proposal is the interquartile range
of those times: the middle half of the learners finish within it, which is what an
estimate's range should promise. The ends are rounded to 5 minutes below an hour
and to 15 minutes from an hour on (``round_minutes``): finer figures would claim a
precision a few dozen learners cannot give, coarser ones would blur short lessons.
Lessons with fewer times are left alone and listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coursekit.cohort.report import CohortReport
from coursekit.cohort.stats import round_minutes, study_time_text
from coursekit.model import Course, Duration


@dataclass(frozen=True)
class Proposal:
    lesson: str
    title: str
    source: str
    current: Duration
    proposed: Duration
    text: str  # as it will be written: ``25-40 min``, ``1.5-2h``
    times: int
    median: float


@dataclass
class Calibration:
    proposals: list[Proposal] = field(default_factory=list)
    #: lessons with enough times whose estimate already says what the times say
    unchanged: list[str] = field(default_factory=list)
    #: (lesson id, how many times it has) for lessons left alone
    too_few: list[tuple[str, int]] = field(default_factory=list)

    @property
    def times(self) -> dict[str, str]:
        return {p.lesson: p.text for p in self.proposals}


def propose(course: Course, report: CohortReport, min_learners: int) -> Calibration:
    """The new study times the report supports (see the module docstring)."""
    result = Calibration()
    lessons = course.lesson_index
    for row in report.lessons:
        if row.times < min_learners or row.q1 is None or row.q3 is None:
            result.too_few.append((row.id, row.times))
            continue
        low = round_minutes(row.q1)
        high = max(low, round_minutes(row.q3))
        lesson = lessons[row.id]
        if (low, high) == (lesson.study_time.low, lesson.study_time.high):
            result.unchanged.append(row.id)
            continue
        result.proposals.append(
            Proposal(
                row.id,
                row.title,
                lesson.source,
                lesson.study_time,
                Duration(low, high),
                study_time_text(low, high),
                row.times,
                row.median or 0.0,
            )
        )
    return result
