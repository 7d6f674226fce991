"""Times that mean something: quartiles, the rule that sets a session left running
aside, and the rounding of proposed study times.

**Setting aside.** A learner's time on a lesson is the total they reported when
finishing it (``progress done --time``), else the study sessions they logged for it.
A time above the lesson's *limit*, four times the larger of the lesson's estimate
(its high end) and the cohort's raw median for it, is set aside: not counted in the
median, the quartiles, the ratio or the learner's pace, and listed in the report's
data quality. An 8-hour session on a 30-minute lesson is far beyond any honest
reading of it, while a lesson that really takes three times its estimate keeps every
learner's time (its raw median raises the limit). Leaving a time out, rather than
clipping it to the limit, is what keeps it from moving the median: a clipped value
still takes a place above the middle.

**Quartiles** are the linear interpolation between order statistics (the method
``statistics.quantiles(..., method="inclusive")``, numpy's default), so the median of
``[30, 40]`` is 35 and a single value is its own quartiles.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: A time above this many times max(estimate high, raw median) is set aside.
LIMIT_FACTOR = 4


@dataclass(frozen=True)
class Spread:
    """The median and interquartile range of some minutes."""

    count: int
    q1: float
    median: float
    q3: float


def quantile(ordered: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) of sorted values, interpolated linearly."""
    if not ordered:
        raise ValueError("no values")
    position = (len(ordered) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def spread(values: Sequence[float]) -> Spread | None:
    """Median and quartiles of ``values`` (``None`` without values)."""
    if not values:
        return None
    ordered = sorted(values)
    return Spread(
        len(ordered), quantile(ordered, 0.25), quantile(ordered, 0.5), quantile(ordered, 0.75)
    )


def time_limit(estimate_high: int, raw: Sequence[float]) -> float:
    """Above this many minutes a learner's time on the lesson is set aside."""
    middle = quantile(sorted(raw), 0.5) if raw else 0.0
    return LIMIT_FACTOR * max(float(estimate_high), middle)


def round_minutes(minutes: float, up: bool = False) -> int:
    """A proposed time, rounded to 5 minutes below an hour and to 15 minutes from
    an hour on: the precision people read estimates in ("40 min", "1 h 15 min")."""
    step = 5 if minutes < 60 else 15
    steps = math.ceil(minutes / step - 1e-9) if up else math.floor(minutes / step + 0.5)
    return max(step, steps * step)


def study_time_text(low: int, high: int) -> str:
    """A study time as an instructor writes it in front matter: ``40m``, ``25-40 min``,
    ``60-75 min``, ``2-3h``, ``1.5-2h``, ``1h15m-1h45m``."""

    def one(minutes: int) -> str:
        hours, rest = divmod(minutes, 60)
        if not hours:
            return f"{rest}m"
        return f"{hours}h" if not rest else f"{hours}h{rest}m"

    if low == high:
        return one(low)
    if high <= 90 and not (low % 60 == 0 and high % 60 == 0):
        return f"{low}-{high} min"
    if low % 30 == 0 and high % 30 == 0 and low >= 60:
        return f"{_hours(low)}-{_hours(high)}h"
    return f"{one(low)}-{one(high)}"


def _hours(minutes: int) -> str:
    return str(minutes // 60) if minutes % 60 == 0 else f"{minutes / 60:g}"
