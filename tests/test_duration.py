"""Study times: parsing, formatting, and sums of ranges."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursekit.model import Duration, format_minutes_range, total


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("45m", 45, 45),
        ("45 min", 45, 45),
        ("1.5h", 90, 90),
        ("2h", 120, 120),
        ("2-3h", 120, 180),
        ("2–3 hours", 120, 180),
        ("2 - 3 hours", 120, 180),
        ("30-60 min", 30, 60),
        ("1h30m", 90, 90),
        ("1h 30min", 90, 90),
        ("90m-2h", 90, 120),
        ("3 h 15 min – 4 h 15 min", 195, 255),
        ("7–10 h", 420, 600),
        ("2 to 3 hours", 120, 180),
        ("0.25h", 15, 15),
        ("1h 30m", 90, 90),
        ("90 min", 90, 90),
        ("1.5h 15m", 105, 105),
        ("30m-1h30m", 30, 90),
        ("0h30m", 30, 30),
    ],
)
def test_parse(text: str, low: int, high: int) -> None:
    assert Duration.parse(text) == Duration(low, high)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (2, "has no unit"),
        (1.5, "has no unit"),
        ("45", "has no unit"),
        ("2-3", "has no unit"),
        ("3-2h", "low end is above the high end"),
        ("0m", "is zero"),
        ("0-0m", "is zero"),
        ("0-30m", "a range must start above zero"),
        ("0.5m", "less than a minute rounds to zero; write at least 1m"),
        ("0.2m-1h", "less than a minute rounds to zero"),
        ("1h 2h", "'1h 2h': write a range as 1-2h, or one amount like 1h30m"),
        ("1h1h", "write a range as 1-2h"),
        ("30m1h", "write a range as 1-2h"),
        ("30m 30min", "write a range as 1-2h"),
        ("1h 2hours", "write a range as 1-2h"),
        ("1h30m-2h2h", "write a range as 1-2h"),
        ("-1h", "is negative"),
        ("2 days", "unknown unit 'days'"),
        ("soon", "is not a study time"),
        ("1:30", "has no unit"),
        ("", "empty study time"),
        ("1-2-3h", "is not a study time"),
        (None, "expected a study time"),
        (True, "expected a study time"),
    ],
)
def test_parse_rejects(text: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Duration.parse(text)


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [
        (420, 600, "7–10 h"),
        (195, 255, "3 h 15 min – 4 h 15 min"),
        (30, 60, "30–60 min"),
        (45, 45, "45 min"),
        (120, 120, "2 h"),
        (90, 90, "1 h 30 min"),
        (30, 90, "30 min – 1 h 30 min"),
    ],
)
def test_format(low: int, high: int, text: str) -> None:
    assert str(Duration(low, high)) == text


minutes = st.integers(min_value=1, max_value=100_000)


@st.composite
def durations(draw: st.DrawFn) -> Duration:
    low = draw(minutes)
    return Duration(low, low + draw(st.integers(min_value=0, max_value=10_000)))


@given(durations())
def test_format_then_parse_round_trips(d: Duration) -> None:
    assert Duration.parse(str(d)) == d


@given(st.lists(durations(), max_size=30))
def test_sum_of_ranges_is_a_range(ds: list[Duration]) -> None:
    summed = total(ds)
    assert summed.low == sum(d.low for d in ds)
    assert summed.high == sum(d.high for d in ds)
    assert summed.low <= summed.high


@given(durations(), durations())
def test_addition_is_commutative(a: Duration, b: Duration) -> None:
    assert a + b == b + a
    assert format_minutes_range(*(a + b).as_list()) == str(b + a)
