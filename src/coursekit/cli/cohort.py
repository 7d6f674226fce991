"""`coursekit cohort report|calibrate`: the instructor's view of learners' progress files.

Each command reads the files through :func:`coursekit.cohort.report.cohort_report`
and prints the result; `calibrate` then plans the study-time edits with
:mod:`coursekit.authoring.study_time` and shows or writes them like `coursekit new`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from coursekit.cli.options import CourseFolderOpt, TodayOpt, json_option
from coursekit.cli.output import console, plain, print_json, print_problems, say

if TYPE_CHECKING:
    from coursekit.cohort.report import CohortReport
    from coursekit.model import Course

cohort_app = typer.Typer(
    name="cohort",
    help="Instructors: a report on learners' progress files, and study times calibrated "
    "from the times they really took.\n\n"
    "Collect the files learners export (`coursekit progress export --anonymous`, or the "
    "site's \"Export progress\") in a folder, then:\n\n"
    "  coursekit cohort report submissions/ --out report/\n\n"
    "  coursekit cohort calibrate submissions/           # the diff\n\n"
    "  coursekit cohort calibrate submissions/ --apply   # written",
    no_args_is_help=True,
    rich_markup_mode="rich",
)

FilesArg = typer.Argument(
    ...,
    metavar="FILES|FOLDER...",
    help="Learners' progress files, or folders of them (every .json file inside).",
    show_default=False,
)
MinLearnersOpt = typer.Option(
    5,
    "--min-learners",
    metavar="N",
    min=1,
    help="How many learners' times a lesson needs before it is flagged or calibrated.",
)
ReportCourseOpt = typer.Option(
    None,
    "--course",
    "-c",
    metavar="PATH|URL",
    help="The course: its folder, a saved course.json, or its site's URL "
    "(default: the course folder here or above).",
    show_default=False,
)


def _report(
    files: list[str],
    course_ref: str | None,
    today: str | None,
    min_learners: int,
    names: bool,
    course: Course | None = None,
) -> CohortReport:
    from datetime import UTC, datetime

    from coursekit.cli.learner_context import clock_from
    from coursekit.cohort.report import cohort_report
    from coursekit.course.locate import load_course_for_learner

    clock = clock_from(None, today)
    if course is None:
        course = load_course_for_learner(course_ref)
    now = max(datetime.now(UTC), clock.now())
    with _progress_bar() as tick:
        return cohort_report(
            course, files, clock.today, now, min_learners=min_learners, names=names, on_file=tick
        )


def _print_refused(result: CohortReport) -> None:
    """One warning line per file left out, naming it and why."""
    from coursekit.errors import Problem

    print_problems(Problem(r.path, r.reason, severity="warning") for r in result.refused)


class _progress_bar:  # noqa: N801 (a context manager read as a phrase)
    """A bar on stderr while many files are read, when stderr is a terminal."""

    def __enter__(self) -> Any:
        from coursekit.cli.output import console as make

        self.err = make(stderr=True)
        self.bar: Any = None
        return self.tick

    def tick(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < 200 or not self.err.is_terminal:
                return
            from rich.progress import Progress

            self.bar = Progress(console=self.err, transient=True)
            self.bar.start()
            self.task = self.bar.add_task("Reading progress files", total=total)
        self.bar.update(self.task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@cohort_app.command("report")
def report(
    files: list[str] = FilesArg,
    out: str | None = typer.Option(
        None,
        "--out",
        "-o",
        metavar="DIR",
        help="Also write the report as a web page, DIR/index.html (opens offline).",
        show_default=False,
    ),
    json: bool = json_option("the summary"),
    names: bool = typer.Option(
        False, "--names", help="Show learners' names (by default the report names no one)."
    ),
    min_learners: int = MinLearnersOpt,
    course: str | None = ReportCourseOpt,
    today: str | None = TodayOpt,
) -> None:
    """Report on a cohort: per lesson, the funnel, pace, flashcards and data quality.

    Per lesson: how many learners reached and finished it, the time they took
    (median and interquartile range), the estimate, their ratio, and a flag where
    the estimate is off by more than 1.5x with enough learners. A file that cannot
    be used is named with the reason, and the report goes on without it; the same
    learner's files count once.

    Examples:

      coursekit cohort report submissions/

      coursekit cohort report submissions/ --out report/ && open report/index.html

      coursekit cohort report a.json b.json --json | jq '.lessons[] | select(.flag)'
    """
    result = _report(files, course, today, min_learners, names)
    _print_refused(result)
    if out is not None:
        from coursekit.cohort.html import report_page
        from coursekit.fileio import write_user_file

        folder = Path(out)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from coursekit.errors import CourseError
            from coursekit.fileio import describe_os_error

            raise CourseError(f"cannot create the folder: {describe_os_error(exc)}", out) from None
        write_user_file(folder / "index.html", report_page(result))
    if json:
        print_json(result.as_dict())
        return
    from coursekit.cli.cohort_view import render_report

    render_report(console(), result)
    if out is not None:
        say(f"[green]✓[/green] Wrote the report to {plain(Path(out) / 'index.html')}.")


@cohort_app.command("calibrate")
def calibrate(
    files: list[str] = FilesArg,
    min_learners: int = MinLearnersOpt,
    dry_run: bool = typer.Option(
        False, "--dry-run", "-n", help="Show the new study times as a diff (the default)."
    ),
    apply: bool = typer.Option(False, "--apply", help="Write the new study times."),
    course: Path | None = CourseFolderOpt,
    json: bool = json_option("the proposals"),
    today: str | None = TodayOpt,
) -> None:
    """Propose study times from the times learners took, and write them with --apply.

    A lesson with at least --min-learners learners' times gets the interquartile
    range of those times (the middle half of the learners), rounded to 5 minutes
    below an hour and to 15 minutes above; sessions left running are set aside
    first. The new time replaces study_time in the lesson's front matter (or the
    notebook's metadata), and nothing else in the file changes. Lessons with fewer
    times are left alone and listed.

    Examples:

      coursekit cohort calibrate submissions/                 # shows the diff

      coursekit cohort calibrate submissions/ --apply && coursekit check

      coursekit cohort calibrate submissions/ --min-learners 20 --apply
    """
    from coursekit.errors import CourseError

    if dry_run and apply:
        raise CourseError("choose one of --dry-run and --apply", "--apply")
    from coursekit.authoring.study_time import plan_study_times
    from coursekit.cli.author import apply_and_report, course_problems
    from coursekit.cli.output import load
    from coursekit.cohort.calibrate import propose
    from coursekit.course.files import find_course_root

    root = find_course_root(course)
    loaded = load(root, warnings=False)
    result = _report(files, str(root), today, min_learners, False, loaded.course)
    _print_refused(result)
    proposal = propose(loaded.course, result, min_learners)
    changes = plan_study_times(root, loaded.course, proposal.times)
    if json:
        print_json(
            {
                "applied": apply and bool(proposal.proposals),
                "proposals": [
                    {
                        "lesson": p.lesson,
                        "file": p.source,
                        "current": str(p.current),
                        "current_minutes": p.current.as_list(),
                        "proposed": p.text,
                        "proposed_minutes": p.proposed.as_list(),
                        "times": p.times,
                        "median_minutes": round(p.median, 1),
                    }
                    for p in proposal.proposals
                ],
                "unchanged": proposal.unchanged,
                "too_few_learners": [{"lesson": k, "times": n} for k, n in proposal.too_few],
            }
        )
        if apply and proposal.proposals:
            from coursekit.authoring.changeset import apply_changes

            apply_changes(changes)
        return
    out = console()
    for p in proposal.proposals:
        out.print(
            f"{plain(p.lesson)}: {p.current} → [bold]{plain(p.text)}[/bold] "
            f"(median {p.median:.0f} min over {p.times} learners)"
        )
    if proposal.unchanged:
        out.print(f"Already right: {', '.join(proposal.unchanged)}")
    if proposal.too_few:
        listed = ", ".join(f"{k} ({n})" for k, n in proposal.too_few)
        out.print(f"Left alone, fewer than {min_learners} learners' times: {listed}")
    if not proposal.proposals:
        out.print("No study time to change.")
        return
    # The course's warnings before the write: those the new times cause (a module's
    # study_time that no longer matches its lessons) are then told apart from the others.
    before = course_problems(root) if apply else None
    apply_and_report(changes, False, dry_run=not apply, before=before,
                     because="the new estimates")


def register(app: typer.Typer) -> None:
    app.add_typer(cohort_app)
