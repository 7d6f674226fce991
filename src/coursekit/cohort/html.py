"""The cohort report as one static web page: inline styles and SVG, no script, no
fonts, no request to any other host, so it opens from a folder, offline, and reads in
the reader's light or dark theme. Text from learners' files is escaped (autoescape)."""

from __future__ import annotations

from typing import Any

from coursekit.cohort import charts
from coursekit.cohort.report import CohortReport


def report_page(report: CohortReport) -> str:
    """The page's HTML."""
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markupsafe import Markup

    env = Environment(
        loader=PackageLoader("coursekit.cohort", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["minutes"] = _minutes
    env.filters["share"] = lambda value: f"{value:.0%}"
    env.filters["range"] = _range
    template = env.get_template("report.html.j2")
    return template.render(
        r=report,
        funnel=Markup(charts.funnel_chart(report)),
        times=Markup(charts.time_chart(report)),
        pace=Markup(charts.pace_chart(report)),
    )


def _minutes(value: Any) -> str:
    from coursekit.model import format_minutes

    return "—" if value is None else format_minutes(round(value))


def _range(pair: tuple[int, int]) -> str:
    from coursekit.model import format_minutes_range

    return format_minutes_range(*pair)
