"""The dashboard's facts as plain JSON-ready data: ``--json`` prints them, the rich
dashboard formats exactly these, so the two never disagree."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursekit.model import Course, Duration, Lesson, Pace
from coursekit.progress.forecast import Forecast
from coursekit.progress.projection import enrolled_pace, projected_window, review_load
from coursekit.progress.state import PROGRESS_TYPES, Progress, derive

if TYPE_CHECKING:
    from coursekit.events.store import Store
    from coursekit.progress.dashboard_cache import DashboardCache


def learner_dashboard(course: Course, learner: str, db: Path, today: date) -> dict[str, Any]:
    """The dashboard's facts for ``learner``, from the database at ``db`` (none yet: the
    course with nothing done; no database is created), through the dashboard cache."""
    from coursekit.events.store import Store
    from coursekit.paths import cache_dir
    from coursekit.progress.dashboard_cache import DashboardCache, dashboard_cache_path

    if not db.exists():
        return dashboard(course, learner, today, None)
    cache = DashboardCache(dashboard_cache_path(cache_dir(), db, course.id, learner))
    with Store.open(db, create=False) as store:
        data = dashboard(course, learner, today, store, cache)
    cache.save()
    return data


def dashboard(
    course: Course,
    learner: str,
    today: date,
    store: Store | None,
    cache: DashboardCache | None = None,
) -> dict[str, Any]:
    """The dashboard's facts for ``learner`` (no store: nothing recorded yet).

    With a ``cache``, state derived earlier from the same log is reused and the
    newly derived state and schedule dates are kept in it (the caller saves it).
    """
    if store is None:
        progress = derive(course, learner, [])
    elif cache is None:
        # Reviews are the review command's business, and often most of the log.
        progress = derive(
            course, learner, store.events(course.id, learner, (*PROGRESS_TYPES, "undo"))
        )
    else:
        from coursekit.progress.dashboard_cache import derived_progress

        progress = derived_progress(course, learner, store, cache)
    pace = enrolled_pace(course, progress)
    plans = cache.plans if cache is not None else None
    review = review_load(course, learner, store, today) if pace is not None else None
    result = projected_window(course, progress, today, pace, plans=plans, review=review)
    data = facts(course, progress, result, pace)
    from coursekit.progress.records import lesson_rows

    data["lesson_progress"] = lesson_rows(course, progress)
    from coursekit.review.due import cards_due  # flashcard reviews: the review command's

    data["flashcards"] = cards_due(course, learner, store, today)
    if progress.enrollment is not None and pace is None:
        data["warning"] = (
            f"the course has no pace '{progress.enrollment.pace}' any more; "
            "run `coursekit progress start --pace NAME`"
        )
    return data


def next_lesson(course: Course, progress: Progress) -> Lesson | None:
    """The first lesson not done that a learner can study (ready or draft), in course
    order: the site's "Continue" button follows the same rule. Planned lessons are
    never next; when only they are left, there is no next lesson yet."""
    return next(
        (x for x in course.lessons() if x.available and x.id not in progress.completed), None
    )


def _sum(lessons: list[Lesson]) -> Duration:
    return Duration(sum(x.study_time.low for x in lessons), sum(x.study_time.high for x in lessons))


def _share(done: Duration, whole: Duration) -> float:
    mid = whole.low + whole.high
    return round((done.low + done.high) / mid, 4) if mid else 0.0


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def pace_text(pace: Pace) -> str:
    return f"{pace.hours_per_day} a day, {pace.describe_days()}"


def facts(
    course: Course,
    progress: Progress,
    result: Forecast,
    pace: Pace | None,
) -> dict[str, Any]:
    """Everything the dashboard shows, keyed for scripts (dates ISO, times in minutes).

    Lessons, module rows and the estimated-time share count the lessons a learner can
    study now (ready and draft), as the site's progress bars do; planned ("coming
    soon") lessons are counted apart. The forecast still includes their time: the
    course is finished once they are written and studied too.
    """
    lessons = [x for x in course.lessons() if x.available]
    planned = [x for x in course.lessons() if not x.available]
    done_lessons = [x for x in lessons if x.id in progress.completed]
    done_estimate = _sum(done_lessons)
    available_estimate = _sum(lessons)
    enrollment = progress.enrollment
    upcoming = next_lesson(course, progress)
    cal = result.calibration
    modules = []
    for m in course.modules:
        ready = list(m.available_lessons)
        done = [x for x in ready if x.id in progress.completed]
        modules.append(
            {
                "id": m.id,
                "title": m.title,
                "lessons_done": len(done),
                "lessons": len(ready),
                "planned": len(m.lessons) - len(ready),
                "share": _share(_sum(done), _sum(ready)),
                "exercises_done": (m.id in progress.exercises_done) if m.has_exercises else None,
            }
        )
    return {
        "course": {"id": course.id, "title": course.title},
        "learner": progress.learner,
        "today": result.today.isoformat(),
        "enrolled": None
        if enrollment is None
        else {
            "pace": enrollment.pace,
            "pace_text": pace_text(pace) if pace else None,
            "start": enrollment.start.isoformat(),
            "target": _iso(enrollment.target),
        },
        "lessons": {"done": len(done_lessons), "total": len(lessons), "planned": len(planned)},
        "estimate": {
            "done_minutes": done_estimate.as_list(),
            "total_minutes": available_estimate.as_list(),
            "planned_minutes": _sum(planned).as_list(),
            "share": _share(done_estimate, available_estimate),
        },
        "modules": modules,
        "next_lesson": None
        if upcoming is None
        else {
            "id": upcoming.id,
            "title": upcoming.title,
            "module": upcoming.module,
            "study_time": upcoming.study_time.as_list(),
            "study_time_text": str(upcoming.study_time),
            "logged_minutes": progress.logged_minutes.get(upcoming.id, 0),
        },
        "studied_minutes": progress.studied_minutes,
        "study_days": progress.study_days,
        # sessions are dated; a lesson's reported total (--time) may span many days
        "session_minutes": progress.session_minutes,
        "session_days": progress.session_days,
        "reported_minutes": progress.studied_minutes - progress.session_minutes,
        "calibration": {
            "lessons": cal.lessons,
            "actual_minutes": cal.actual_minutes,
            "estimated_minutes": cal.estimated_minutes,
            "ratio": round(cal.ratio, 3) if cal.lessons else None,
            "applied": round(cal.applied, 3),
            "trusted": cal.trusted,
        },
        "pace": {
            "recent_hours_per_week": round(result.recent_per_day * 7 / 60, 2),
            "overall_hours_per_week": round(result.overall_per_day * 7 / 60, 2),
            # a learner enrolled for fewer than 14 days has a shorter "recent" span
            "recent_days": max(0, min(14, result.days_since_start)),
            "days_since_start": result.days_since_start,
        },
        "forecast": {
            "basis": result.basis,
            "remaining_estimate_minutes": result.remaining_estimate.as_list(),
            "remaining_minutes": result.remaining.as_list(),
            "logged_on_remaining_minutes": sum(
                m
                for lesson, m in progress.logged_minutes.items()
                if lesson not in progress.completed
            ),
            "earliest": _iso(result.earliest),
            "latest": _iso(result.latest),
            "likely": _iso(result.likely),
            # the window holds the real finish for this share of learners like this one
            "confidence": result.confidence or None,
            "review_minutes": result.review_minutes,
            "pace_minutes_per_day": round(result.pace_per_day, 1),
            "pause_days": result.pause_days,
            "reviews_counted": result.reviews_counted,
        },
        "status": {
            "state": result.status,
            "against": result.target_source or None,
            "date": _iso(result.target),
            "days_behind": result.days_behind,
            "study_days_left": result.study_days_left,
            "needed_minutes_per_study_day": result.needed_per_study_day.as_list()
            if result.needed_per_study_day
            else None,
        },
        "not_in_course": [
            {"lesson": lesson, "events": count}
            for lesson, count in sorted(progress.not_in_course.items())
        ],
    }


def calibration_text(cal: dict[str, Any]) -> str:
    """``you take 23% longer than the estimates (4 lessons)``, or why there is no figure yet."""
    n = cal["lessons"]
    if not n:
        return "no lesson finished with a recorded time yet"
    ratio = cal["ratio"]
    lessons = f"{n} lesson{'s' if n != 1 else ''}"
    if abs(ratio - 1) < 0.05:
        text = f"on the estimates ({lessons})"
    elif ratio > 1:
        text = f"{round((ratio - 1) * 100)}% longer than the estimates ({lessons})"
    else:
        text = f"{round((1 - ratio) * 100)}% faster than the estimates ({lessons})"
    if not cal["trusted"]:
        text += "; not used for the forecast until 3 lessons"
    return text
