"""The scheduler: properties over random courses and paces, and hand-computed figures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.course.loader import load_course
from coursekit.errors import CourseError
from coursekit.model import DEFAULT_PACES, Course, Duration, Lesson, Module, Pace
from coursekit.plan import scheduler as schedule
from coursekit.plan.model import ASSUMPTIONS, Plan
from coursekit.plan.scheduler import MIN_PART

MONDAY = date(2026, 1, 5)


# --------------------------------------------------------------------------- strategies


@st.composite
def courses(draw: st.DrawFn) -> Course:
    """1-4 modules of 1-5 lessons with random ranges and acyclic, sometimes forward, requires."""
    sizes = draw(st.lists(st.integers(1, 5), min_size=1, max_size=4))
    count = sum(sizes)
    # A random rank makes requires acyclic while still pointing forward in course order.
    rank = draw(st.permutations(range(count)))
    lessons: list[Lesson] = []
    modules = []
    n = 0
    for m, size in enumerate(sizes):
        module_lessons = []
        for _ in range(size):
            low = draw(st.integers(1, 300))
            high = low + draw(st.integers(0, 180))
            earlier = [i for i in range(count) if rank[i] < rank[n]]
            requires = (
                draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True)) if earlier else []
            )
            lesson = Lesson(
                id=f"l{n}",
                module=f"m{m}",
                title=f"Lesson {n}",
                study_time=Duration(low, high),
                outcome=f"outcome {n}",
                requires=tuple(f"l{i}" for i in requires),
            )
            module_lessons.append(lesson)
            lessons.append(lesson)
            n += 1
        modules.append(Module(id=f"m{m}", title=f"Module {m}", lessons=tuple(module_lessons)))
    return Course(id="random", title="Random", modules=tuple(modules))


@st.composite
def paces(draw: st.DrawFn) -> Pace:
    low = draw(st.integers(5, 360))
    high = low + draw(st.integers(0, 240))
    days = draw(st.sets(st.integers(0, 6), min_size=1))
    return Pace("random", Duration(low, high), tuple(sorted(days)))


skips = st.lists(
    st.tuples(st.integers(-3, 40), st.integers(0, 10)).map(
        lambda t: (MONDAY + timedelta(days=t[0]), MONDAY + timedelta(days=t[0] + t[1]))
    ),
    max_size=3,
)


def lesson_order(plan: Plan) -> list[str]:
    """Lesson ids in the order their first part appears."""
    seen: list[str] = []
    for day in plan.days:
        for item in day.items:
            if item.lesson_id not in seen:
                seen.append(item.lesson_id)
    return seen


# --------------------------------------------------------------------------- properties


@pytest.mark.slow  # 150 generated courses, each planned and checked
@settings(max_examples=150, deadline=None)
@given(
    course=courses(),
    pace=paces(),
    budget=st.sampled_from(list(ASSUMPTIONS)),
    skip=skips,
    offset=st.integers(0, 6),
    review_share=st.floats(0, 0.9),
)
def test_plan_properties(course, pace, budget, skip, offset, review_share):
    start = MONDAY + timedelta(days=offset)
    hours_end, lesson_end = ASSUMPTIONS[budget]
    daily = pace.hours_per_day.pick(hours_end)
    # the window plans at the low end too, so the review must fit in the shortest day
    low = pace.hours_per_day.low
    review = min(int(low * review_share), low - 1)
    made = schedule.plan(course, pace, start, budget, skip=skip, review_minutes=review)

    # every lesson minute is scheduled exactly once, in parts numbered 1..n
    scheduled: dict[str, list[int]] = {}
    for day in made.days:
        for item in day.items:
            scheduled.setdefault(item.lesson_id, []).append(item.minutes)
            assert item.minutes > 0
    for lesson in course.lessons():
        assert sum(scheduled[lesson.id]) == lesson.study_time.pick(lesson_end)
    parts = [(i.lesson_id, i.part, i.parts) for d in made.days for i in d.items]
    for lesson_id, minutes in scheduled.items():
        mine = [(p, n) for lid, p, n in parts if lid == lesson_id]
        assert mine == [(k, len(minutes)) for k in range(1, len(minutes) + 1)]
    assert made.lesson_minutes == sum(sum(v) for v in scheduled.values())

    # no day exceeds its budget; every day studies something
    for day in made.days:
        assert day.budget == daily
        assert day.minutes <= daily
        assert day.items

    # only study days, never a skipped one, never before the start, strictly increasing
    ranges = schedule.normalize_skip(skip)
    dates = [day.date for day in made.days]
    assert dates == sorted(set(dates))
    for day in made.days:
        assert day.date >= start
        assert day.date.weekday() in pace.study_days
        assert not any(a <= day.date <= b for a, b in ranges)
        assert day.week == (day.date - start).days // 7 + 1
    assert [d.number for d in made.days] == list(range(1, len(made.days) + 1))

    # requires: a lesson never starts before every lesson it requires is finished
    flat = [i.lesson_id for d in made.days for i in d.items]
    for lesson in course.lessons():
        first = flat.index(lesson.id)
        for required in lesson.requires:
            assert len(flat) - 1 - flat[::-1].index(required) < first

    # the hand computation: total lesson minutes / daily lesson minutes, rounded up
    capacity = daily - review
    assert len(made.days) == -(-made.lesson_minutes // capacity)

    # no crumbs: when a day holds at least 2 x MIN_PART of lessons, every part of a
    # split lesson is at least MIN_PART minutes, unless that would cost a study day
    # (then every day but the last is full)
    crumbs = any(len(m) > 1 and min(m) < MIN_PART for m in scheduled.values())
    if capacity >= 2 * MIN_PART and crumbs:
        assert all(day.minutes == daily for day in made.days[:-1])

    # the window brackets the plan and runs the same scheduler at its two ends
    win = made.window
    assert win.earliest <= win.latest
    assert win.days[0] <= win.days[1]
    assert win.earliest <= made.finish <= win.latest
    fast = schedule.plan(course, pace, start, "earliest", skip=skip, review_minutes=review)
    slow = schedule.plan(course, pace, start, "latest", skip=skip, review_minutes=review)
    assert (fast.finish, slow.finish) == (win.earliest, win.latest)
    assert (len(fast.days), len(slow.days)) == win.days


@settings(max_examples=100, deadline=None)
@given(course=courses(), pace=paces())
def test_course_order_kept_when_it_satisfies_requires(course, pace):
    order = [lesson.id for lesson in course.lessons()]
    position = {lesson_id: i for i, lesson_id in enumerate(order)}
    made = schedule.plan(course, pace, MONDAY)
    satisfied = all(
        position[r] < position[lesson.id] for lesson in course.lessons() for r in lesson.requires
    )
    if satisfied:
        assert lesson_order(made) == order


@settings(max_examples=100, deadline=None)
@given(course=courses(), pace=paces(), data=st.data())
def test_remaining_lessons_only(course, pace, data):
    """Restricting to some lessons plans exactly those; requires on done lessons are ignored."""
    ids = [lesson.id for lesson in course.lessons()]
    left = data.draw(st.lists(st.sampled_from(ids), unique=True))
    made = schedule.plan(course, pace, MONDAY, lessons=left)
    assert set(lesson_order(made)) == set(left)
    earliest, latest = schedule.window(course, pace, MONDAY, lessons=left)
    assert earliest <= latest
    if not left:
        assert made.days == () and made.finish is None
        assert (earliest, latest) == (MONDAY, MONDAY)


@settings(max_examples=60, deadline=None)
@given(course=courses(), pace=paces())
def test_more_time_per_day_never_finishes_later(course, pace):
    """Whole-hour budgets leave no crumbs, so a longer day is never slower."""
    slow = Pace("slow", Duration(60, 60), pace.study_days)
    fast = Pace("fast", Duration(120, 120), pace.study_days)
    a = schedule.plan(course, slow, MONDAY, "mid")
    b = schedule.plan(course, fast, MONDAY, "mid")
    assert b.finish <= a.finish


# --------------------------------------------------------------------------- figures


def foundations() -> Course:
    """The seed's first module: lessons of 2-3 h, 2-3 h and 3-4 h (7-10 h in all)."""
    lessons = tuple(
        Lesson(lesson_id, "foundations", title, Duration.parse(time))
        for lesson_id, title, time in [
            ("intro-to-mlops", "Introduction to MLOps", "2-3h"),
            ("mlops-vs-devops", "MLOps vs DevOps", "2-3h"),
            ("ml-system-lifecycle", "The ML system lifecycle", "3-4h"),
        ]
    )
    module = Module("foundations", "Foundations", lessons)
    return Course("mlops-churn", "MLOps", (module,))


def test_seed_foundations_at_intensive_pace_finishes_on_study_day_2_to_4():
    course = foundations()
    assert str(course.study_time) == "7–10 h"
    win = schedule.completion_window(course, DEFAULT_PACES["intensive"], MONDAY)
    assert win.days == (2, 4)
    assert (win.earliest, win.latest) == (date(2026, 1, 6), date(2026, 1, 8))
    assert win.days_text == "2–4 study days"
    assert win.weeks == (1, 1)


def test_seed_foundations_other_paces_match_hand_computation():
    course = foundations()
    # moderate 1-2 h Mon-Fri: 420/120 -> 4 days (Thu); 600/60 -> 10 days (Fri next week)
    win = schedule.completion_window(course, DEFAULT_PACES["moderate"], MONDAY)
    assert win.days == (4, 10)
    assert (win.earliest, win.latest) == (date(2026, 1, 8), date(2026, 1, 16))
    assert win.weeks == (1, 2)
    # relaxed 30-60 min every day: 420/60 -> 7 days; 600/30 -> 20 days
    win = schedule.completion_window(course, DEFAULT_PACES["relaxed"], MONDAY)
    assert win.days == (7, 20)
    assert (win.earliest, win.latest) == (date(2026, 1, 11), date(2026, 1, 24))
    assert win.weeks == (1, 3)


def test_split_lesson_parts_and_labels():
    course = foundations()
    pace = Pace("evenings", Duration(90, 90), (0, 1, 2, 3, 4))
    made = schedule.plan(course, pace, MONDAY, "low")
    first = made.days[0].items[0]
    assert first.label == "Introduction to MLOps (part 1 of 2)"
    assert [(d.date.isoformat(), [(i.lesson_id, i.minutes) for i in d.items]) for d in made.days][
        :2
    ] == [
        ("2026-01-05", [("intro-to-mlops", 90)]),
        ("2026-01-06", [("intro-to-mlops", 30), ("mlops-vs-devops", 60)]),
    ]


def test_skipped_days_and_non_study_days_get_nothing():
    course = foundations()
    pace = DEFAULT_PACES["intensive"]
    made = schedule.plan(course, pace, date(2026, 1, 3), "latest", skip=[(MONDAY, MONDAY)])
    # Saturday start, Sunday off, Monday skipped: Tuesday is study day 1
    assert [d.date for d in made.days] == [date(2026, 1, d) for d in (6, 7, 8, 9)]


def test_requires_reorders_only_when_needed():
    a = Lesson("a", "m", "A", Duration(60, 60), requires=("c",))
    b = Lesson("b", "m", "B", Duration(60, 60))
    c = Lesson("c", "m", "C", Duration(60, 60))
    course = Course("x", "X", (Module("m", "M", (a, b, c)),))
    made = schedule.plan(course, Pace("p", Duration(60, 60), tuple(range(7))), MONDAY)
    assert lesson_order(made) == ["b", "c", "a"]


def test_no_crumbs_at_the_end_of_a_day():
    # 170 min lesson, 180 min day: the 10 free minutes do not start the next lesson
    one = Lesson("one", "m", "One", Duration(170, 170))
    two = Lesson("two", "m", "Two", Duration(60, 60))
    course = Course("x", "X", (Module("m", "M", (one, two)),))
    made = schedule.plan(course, Pace("p", Duration(180, 180), tuple(range(7))), MONDAY)
    assert [[i.minutes for i in d.items] for d in made.days] == [[170], [60]]
    # a split that would leave 5 min for tomorrow leaves 15 instead
    long = Lesson("long", "m", "Long", Duration(185, 185))
    course = Course("x", "X", (Module("m", "M", (long,)),))
    made = schedule.plan(course, Pace("p", Duration(180, 180), tuple(range(7))), MONDAY)
    assert [[i.minutes for i in d.items] for d in made.days] == [[170], [15]]


def test_tidy_splits_never_cost_a_study_day():
    # 50 + 70 min at 1 h a day is 2 days by hand; leaving the 10 free minutes of day 1
    # unused would need a third day, so day 1 starts the second lesson
    one = Lesson("one", "m", "One", Duration(50, 50))
    two = Lesson("two", "m", "Two", Duration(70, 70))
    course = Course("x", "X", (Module("m", "M", (one, two)),))
    pace = Pace("p", Duration(60, 60), tuple(range(7)))
    made = schedule.plan(course, pace, MONDAY)
    assert [[i.minutes for i in d.items] for d in made.days] == [[50, 10], [60]]
    assert made.window.days == (2, 2)
    assert made.finish == MONDAY + timedelta(days=1)


def test_review_minutes_are_reserved_first():
    course = foundations()
    made = schedule.plan(
        course, Pace("p", Duration(150, 150), (0, 1, 2, 3, 4)), MONDAY, "low", review_minutes=30
    )
    assert all(d.review_minutes == 30 and d.minutes <= 150 for d in made.days)
    assert made.days[0].items[0].minutes == 120
    assert "30 min of it for review" in made.assumption


def test_mini_course_pace_rows(mini_course):
    course = load_course(mini_course).course
    rows = schedule.pace_rows(course)
    assert [r.name for r in rows] == ["intensive", "moderate", "relaxed"]
    intensive = rows[0]
    assert str(intensive.hours_per_day) == "3–5 h"
    assert intensive.study_days == "Monday to Friday"
    # 5 h 15 min - 7 h 15 min: 315/300 -> 2 days; 435/180 -> 3 days
    assert intensive.days == (2, 3) and intensive.weeks == (1, 1)
    assert rows[2].days == (6, 15) and rows[2].weeks == (1, 3)
    assert not intensive.dated


def test_assumption_is_stated():
    made = schedule.plan(foundations(), DEFAULT_PACES["moderate"], MONDAY)
    assert made.assumption == (
        "Assumes 1 h 30 min of study a day (the middle of 1–2 h), and lesson times in the "
        "middle of their ranges (8 h 30 min in all, of 7–10 h)."
    )


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("pace", "review", "words"),
    [
        (Pace("lazy", Duration(60, 60), ()), 0, "pace 'lazy': has no study days"),
        (Pace("zero", Duration(0, 0), (0,)), 0, "no study time per day"),
        (Pace("busy", Duration(30, 30), (0,)), 30, "leaves no time for lessons"),
    ],
)
def test_unschedulable_paces_are_course_errors(pace, review, words):
    with pytest.raises(CourseError) as caught:
        schedule.plan(foundations(), pace, MONDAY, review_minutes=review)
    assert words in str(caught.value)


def test_bad_inputs_are_course_errors():
    course = foundations()
    with pytest.raises(CourseError, match="ends before it begins"):
        schedule.plan(course, DEFAULT_PACES["moderate"], MONDAY, skip=[(MONDAY, date(2026, 1, 1))])
    with pytest.raises(CourseError, match="did you mean 'mid'"):
        schedule.plan(course, DEFAULT_PACES["moderate"], MONDAY, budget="mdi")
    with pytest.raises(CourseError, match="did you mean 'intro-to-mlops'"):
        schedule.plan(course, DEFAULT_PACES["moderate"], MONDAY, lessons=["intro-to-mlop"])


# --------------------------------------------------------------------------- options


def test_option_parsers():
    from coursekit.inputs import parse_daily_time as parse_hours
    from coursekit.inputs import parse_date_range as parse_skip
    from coursekit.inputs import parse_weekdays as parse_days
    from coursekit.plan.paces import choose_pace

    assert parse_days("mon,wed,sat") == (0, 2, 5)
    assert parse_days("Monday, Wednesday") == (0, 2)
    assert parse_days("mon-fri") == (0, 1, 2, 3, 4)
    assert parse_days("fri-mon") == (0, 4, 5, 6)
    assert parse_days("every day") == tuple(range(7))
    assert parse_days("Weekdays") == tuple(range(5))
    assert parse_days("weekends") == (5, 6)
    assert parse_skip("2026-12-24") == (date(2026, 12, 24), date(2026, 12, 24))
    assert parse_skip("2026-12-24..2027-01-01") == (date(2026, 12, 24), date(2027, 1, 1))
    assert parse_skip("2026-12-24 to 2027-01-01") == (date(2026, 12, 24), date(2027, 1, 1))
    assert parse_hours("1.5h") == Duration(90, 90)
    assert parse_hours("1-2h") == Duration(60, 120)
    course = foundations()
    assert choose_pace(course) is DEFAULT_PACES["moderate"]
    assert choose_pace(course, "relaxed", days="sat,sun") == Pace(
        "relaxed", Duration(30, 60), (5, 6)
    )
    assert choose_pace(course, hours_per_day="2h").name == "custom"
    with pytest.raises(CourseError, match="'mo' in 'mo,tu' is not a weekday"):
        parse_days("mo,tu")
