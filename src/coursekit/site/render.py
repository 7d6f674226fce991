"""Course -> site pages: ``{path: markdown}`` through Jinja templates. Pure and deterministic.

Page paths are stable and derived from ids only, so renaming a title never moves a page:

    index.md                      home
    timeline.md                   every lesson in order, with cumulative times
    study-plans.md                the pacing plans (context from ``schedule``)
    review.md                     flashcard review in the browser (FSRS), for the site's script
    <module-id>/index.md          one page per module
    <module-id>/<lesson-id>.md    one page per lesson (next to its siblings, as in lessons/)
    <module-id>/exercises.md      flashcards, scenarios and tasks of a module (when it has any)

Templates ship in ``coursekit/templates``; a course's own ``templates/`` folder overrides
any of them by file name. All templates run in a sandboxed Jinja environment, because a
course's templates are code written by whoever wrote the course. Text that comes from
YAML reaches the Markdown only through the escaping filters defined in ``markdown_text``.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import math
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from coursekit.errors import CourseError, Problem
from coursekit.i18n import Messages, messages, script_messages
from coursekit.model import Course, Duration, Flashcard, Lesson, Module
from coursekit.site import markdown as markdown_text

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE_SUFFIX = ".md.j2"

HOME = "index.md"
TIMELINE = "timeline.md"
STUDY_PLANS = "study-plans.md"
REVIEW = "review.md"

MESSAGES_ID = "ck-messages"  # the element holding the site script's words, as JSON


def ready_counts(available: int, planned: int, t: Messages) -> str:
    """``3 ready, 1 coming soon``: the lessons a learner can study now, and those to come."""
    text = t.ngettext("%(n)s ready", "%(n)s ready", available)
    return text + t._(", %(n)s coming soon", n=t.number(planned)) if planned else text


def status_label(status: str, t: Messages) -> str:
    """``Ready``, ``Draft``, ``Coming soon``, in the course's language."""
    labels = {"ready": t._("Ready"), "draft": t._("Draft"), "planned": t._("Coming soon")}
    return labels.get(status, str(status).capitalize())


# --------------------------------------------------------------------------- paths


def lesson_path(lesson: Lesson) -> str:
    """``<module-id>/<lesson-id>.md``: the lesson keeps its module folder, as in lessons/."""
    return f"{lesson.module}/{lesson.id}.md"


def module_path(module: Module) -> str:
    return f"{module.id}/index.md"


def exercises_path(module: Module) -> str:
    return f"{module.id}/exercises.md"


@dataclass(frozen=True)
class ExercisesPage:
    """A module's exercises page as a stop in the course's sequence of pages."""

    module: Module

    @property
    def title(self) -> str:
        return f"Exercises: {self.module.title}"


def page_path(target: Lesson | Module | ExercisesPage | str) -> str:
    """The site path of a lesson's, module's or exercises page, or a path given as text."""
    if isinstance(target, Lesson):
        return lesson_path(target)
    if isinstance(target, Module):
        return module_path(target)
    if isinstance(target, ExercisesPage):
        return exercises_path(target.module)
    return str(target)


def relative_link(from_page: str, to_page: str) -> str:
    """A Markdown link from one page to another, relative (``../basics/first-steps.md``)."""
    start = posixpath.dirname(from_page)
    if not start:
        return to_page
    if posixpath.dirname(to_page) == start:  # the common case: a sibling page
        return to_page[len(start) + 1 :]
    return posixpath.relpath(to_page, start)


# Past this many modules the sidebar groups them into parts ("Modules 1–10", ...): a
# list of 100 sections is hard to scan, and every page renders each top-level entry, so
# on a 1,000-lesson course the parts also cut the build's CPU time by about a quarter.
FLAT_NAV_MODULES = 20


def site_nav(course: Course) -> list[Any]:
    """The site navigation in MkDocs' ``nav`` format, in curriculum order and the
    course's language.

    Only the sidebar is grouped into parts on large courses; page paths never change.
    """
    t = messages(course.language)
    nav: list[Any] = [
        {t._("Home"): HOME},
        {t._("Timeline"): TIMELINE},
        {t._("Study plans"): STUDY_PLANS},
        {t._("Review"): REVIEW},
    ]
    sections: list[Any] = []
    for module in course.modules:
        children: list[Any] = [module_path(module)]
        children += [{nav_title(lesson.title): lesson_path(lesson)} for lesson in module.lessons]
        if module.has_exercises:
            children.append({t._("Exercises"): exercises_path(module)})
        sections.append({nav_title(module.title): children})
    if len(sections) <= FLAT_NAV_MODULES:
        return nav + sections
    size = max(10, math.isqrt(len(sections) - 1) + 1)  # about as many parts as modules a part
    for start in range(0, len(sections), size):
        part = sections[start : start + size]
        first, last = t.number(start + 1), t.number(start + len(part))
        nav.append({t._("Modules %(first)s–%(last)s", first=first, last=last): part})
    return nav


def nav_title(title: str) -> str:
    """A title for MkDocs' ``nav``: themes insert nav titles into the HTML as they are.

    Escaped, and each ``<`` followed by an invisible word joiner (U+2060): Material
    writes ``page.title|striptags`` into the page's ``<title>``, and ``striptags``
    decodes ``&lt;`` back into ``<``; followed by the joiner it can start no tag
    (``</title>`` cannot end the element early), and the title still reads as written.
    """
    return html.escape(" ".join(title.split()), quote=False).replace("&lt;", "&lt;\u2060")


# --------------------------------------------------------------------------- the course map


@dataclass
class CourseMap:
    """Positions, neighbours and running totals that page templates look up.

    Available to every template as ``site``.
    """

    course: Course
    _lesson_number: dict[str, int] = field(default_factory=dict)
    _module_number: dict[str, int] = field(default_factory=dict)
    _cumulative: dict[str, Duration] = field(default_factory=dict)
    _lessons: list[Lesson] = field(default_factory=list)
    _cards: dict[str, list[Flashcard]] = field(default_factory=dict)
    # The course as a learner walks it: each module's lessons, then its exercises page.
    _stops: list[Lesson | ExercisesPage] = field(default_factory=list)
    _stop_number: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        low = high = 0
        for index, module in enumerate(self.course.modules, start=1):
            self._module_number[module.id] = index
            for lesson in module.lessons:
                self._lessons.append(lesson)
                self._lesson_number[lesson.id] = len(self._lessons)
                low, high = low + lesson.study_time.low, high + lesson.study_time.high
                self._cumulative[lesson.id] = Duration(low, high)
                self._stops.append(lesson)
                self._stop_number[lesson_path(lesson)] = len(self._stops) - 1
            if module.has_exercises:
                self._stops.append(ExercisesPage(module))
                self._stop_number[exercises_path(module)] = len(self._stops) - 1
            for card in module.flashcards:
                if card.lesson:
                    self._cards.setdefault(card.lesson, []).append(card)

    def number(self, target: Lesson | Module) -> int:
        """1-based position: a module among modules, a lesson in the whole course."""
        if isinstance(target, Module):
            return self._module_number[target.id]
        return self._lesson_number[target.id]

    def number_in_module(self, lesson: Lesson) -> int:
        module = self.module_of(lesson)
        return next(i for i, x in enumerate(module.lessons, start=1) if x.id == lesson.id)

    def cumulative(self, lesson: Lesson) -> Duration:
        """Study time from the start of the course to the end of ``lesson``."""
        return self._cumulative[lesson.id]

    def module_of(self, lesson: Lesson) -> Module:
        return self.course.modules[self._module_number[lesson.module] - 1]

    def lesson(self, lesson_id: str) -> Lesson | None:
        index = self._lesson_number.get(lesson_id)
        return None if index is None else self._lessons[index - 1]

    def previous(self, target: Lesson | Module) -> Lesson | Module | None:
        return self._neighbour(target, -1)

    def next(self, target: Lesson | Module) -> Lesson | Module | None:
        return self._neighbour(target, +1)

    def exercises(self, module: Module) -> ExercisesPage | None:
        """The module's exercises page, or None when it has no exercises."""
        return ExercisesPage(module) if module.has_exercises else None

    def first_lesson(self) -> Lesson | None:
        """Where a learner starts: the first lesson they can study (ready or draft)."""
        return next((x for x in self._lessons if x.available), None)

    def previous_stop(self, target: Lesson | ExercisesPage) -> Lesson | ExercisesPage | None:
        """The page before a lesson or exercises page in the course's sequence."""
        return self._stop(target, -1)

    def next_stop(self, target: Lesson | ExercisesPage) -> Lesson | ExercisesPage | None:
        """The page after it: a module's last lesson leads to the module's exercises."""
        return self._stop(target, +1)

    def _stop(self, target: Lesson | ExercisesPage, step: int) -> Lesson | ExercisesPage | None:
        index = self._stop_number[page_path(target)] + step
        return self._stops[index] if 0 <= index < len(self._stops) else None

    def cards_for(self, lesson: Lesson) -> list[Flashcard]:
        """The flashcards that name ``lesson`` as theirs."""
        return self._cards.get(lesson.id, [])

    def _neighbour(self, target: Lesson | Module, step: int) -> Lesson | Module | None:
        items: list[Any] = (
            list(self.course.modules) if isinstance(target, Module) else self._lessons
        )
        index = self.number(target) - 1 + step
        return items[index] if 0 <= index < len(items) else None


@dataclass(frozen=True)
class Totals:
    """Course-wide counts for the home and timeline pages (available as ``totals``)."""

    modules: int
    lessons: int
    ready: int
    draft: int
    planned: int
    available: int  # ready and draft: what progress counts
    flashcards: int
    scenarios: int
    tasks: int
    study_time: Duration

    @classmethod
    def of(cls, course: Course) -> Totals:
        lessons = list(course.lessons())
        return cls(
            modules=len(course.modules),
            lessons=len(lessons),
            ready=sum(1 for x in lessons if x.status == "ready"),
            draft=sum(1 for x in lessons if x.status == "draft"),
            planned=sum(1 for x in lessons if x.status == "planned"),
            available=sum(1 for x in lessons if x.available),
            flashcards=sum(len(m.flashcards) for m in course.modules),
            scenarios=sum(len(m.scenarios) for m in course.modules),
            tasks=sum(len(m.tasks) for m in course.modules),
            study_time=course.study_time,
        )


# --------------------------------------------------------------------------- rendering


def render_site(
    course: Course,
    templates: Path | None = None,
    study_plans: Callable[[Course], dict[str, Any]] | None = None,
    pace_rows: Callable[[Course], list[Any]] | None = None,
    cache: Path | None = None,
    memo: RenderMemo | None = None,
    errors: list[Problem] | None = None,
) -> dict[str, str]:
    """Render every page of the course site: ``{site path: markdown}``, sorted by path.

    ``templates`` is the course's own template folder (overrides by file name; a
    missing folder is fine). ``study_plans`` and ``pace_rows`` compute the study-plans
    page context and the home page's pace table; they default to ``coursekit.plan.scheduler``,
    which then schedules each pace once for both. ``cache`` is a folder where compiled
    templates are kept between runs (Jinja checks each against its source); the
    pages are the same with or without it. ``memo`` keeps the pages of this render for
    the next one of the same course (``coursekit serve``), which then renders again
    only the pages whose inputs changed (see :class:`RenderMemo`); the pages are the
    same with or without it.
    Raises :class:`CourseError` naming the template file and line when a template fails;
    with ``errors``, each different failure is added to it instead and the other pages
    are rendered (``coursekit check`` reports them all in one run).
    """
    t = messages(course.language)
    if study_plans is None or pace_rows is None:
        default_plans, default_rows = _schedules(t)
        study_plans = study_plans or default_plans
        pace_rows = pace_rows or default_rows
    site = CourseMap(course)
    renderer: _Renderer | None = None  # made for the first page not in the memo
    kept: dict[str, tuple[dict[str, str], str]] = {}
    bodies: dict[str, str] = {}
    if memo is not None:
        kept = memo.pages if memo.key == (key := _site_key(course, templates)) else {}
        memo.key, memo.pages = key, {}
        bodies = {lesson.id: lesson.body for lesson in course.lessons()}
    pages: dict[str, str] = {}
    for path, template, context, own in _page_specs(course, site, study_plans, pace_rows):
        before = kept.get(path)
        if before is not None and all(bodies.get(i) == body for i, body in before[0].items()):
            pages[path] = before[1]
        else:
            if renderer is None:
                renderer = _Renderer(course, templates, cache, t, site)
            renderer.env.bodies_read = {own} if own else set()
            try:
                pages[path] = renderer.render(template, path, context())
            except CourseError as exc:
                if errors is None:
                    raise
                errors += [p for p in exc.problems if str(p) not in map(str, errors)]
                continue
            before = ({i: bodies[i] for i in renderer.env.bodies_read if i in bodies}, pages[path])
        if memo is not None:
            memo.pages[path] = before
    return dict(sorted(pages.items()))


class RenderMemo:
    """The pages of the last render of a course, for the next one (``coursekit serve``).

    A page is made from the course apart from its lessons' bodies, the templates (the
    course's and coursekit's) and the day (a self-paced course's plans start from it);
    a lesson page also from its own lesson's body, and any page from the bodies its
    templates read (each read of a lesson's ``body`` is seen by the environment, the
    sandbox included). When the first part changes, every page is rendered again; when
    only bodies changed, only the pages that read them. The course apart from its
    bodies is compared as the model's ``repr``, which leaves every body out.
    """

    def __init__(self) -> None:
        self.key = ""
        self.pages: dict[str, tuple[dict[str, str], str]] = {}  # path: (bodies read, page)


def _site_key(course: Course, templates: Path | None) -> str:
    """What every page is made from (see :class:`RenderMemo`), as a digest."""
    import hashlib
    import os

    digest = hashlib.sha256(repr(course).encode())
    digest.update(date.today().isoformat().encode())
    for folder in (templates, PACKAGE_TEMPLATES):
        if folder is None or not folder.is_dir():
            continue
        for current, dirs, files in os.walk(folder):  # links to folders are not followed
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(current, name)
                digest.update(f"\n{path}\0".encode() + _template_stamp(path))
    return digest.hexdigest()


def _template_stamp(path: str) -> bytes:
    """A template file's text (two saves within a clock tick share a modification
    time), read as every course file is; a file that cannot be read (a pipe, too
    large, gone) is left to the render, which says what is wrong with it."""
    from coursekit.course.files import FILE_LIMITS
    from coursekit.fileio import read_regular_file

    limit, what = FILE_LIMITS["template"]
    try:
        return read_regular_file(Path(path), limit, what)
    except CourseError as exc:
        return f"?{exc}".encode()


def _schedules(
    t: Messages,
) -> tuple[Callable[[Course], dict[str, Any]], Callable[[Course], list[Any]]]:
    """The study-plans context and the pace rows, sharing one plan per pace.

    Both need each pace's completion window; the plans behind the study-plans page
    already hold them, so the home page's table reuses them instead of scheduling
    every pace twice more.
    """
    from coursekit.plan import scheduler as schedule
    from coursekit.plan.model import reference_start
    from coursekit.plan.site_page import page_context

    made: dict[str, Any] = {}

    def plans(course: Course) -> dict[str, Any]:
        if not made:
            start = course.start or reference_start(t)
            # A very long plan is shown in part: its page stays readable and its build fast.
            days = schedule.SITE_PLAN_DAYS
            for pace in course.paces.values():
                made[pace.name] = schedule.plan(course, pace, start, max_days=days)
        return made

    def study_plans(course: Course) -> dict[str, Any]:
        return page_context(course, plans(course), t)

    def pace_rows(course: Course) -> list[Any]:
        windows = {name: plan.window for name, plan in plans(course).items()}
        return schedule.pace_rows(course, windows, t)

    return study_plans, pace_rows


Context = Callable[[], dict[str, Any]]


def _page_specs(
    course: Course,
    site: CourseMap,
    study_plans: Callable[[Course], dict[str, Any]],
    pace_rows: Callable[[Course], list[Any]],
) -> Iterator[tuple[str, str, Context, str]]:
    """Each page: its path, template, context (made only when the page is rendered)
    and the id of its own lesson ("" for other pages)."""
    yield HOME, "home.md.j2", lambda: {"paces": pace_rows(course)}, ""
    yield TIMELINE, "timeline.md.j2", dict, ""
    yield STUDY_PLANS, "study-plans.md.j2", lambda: dict(study_plans(course)), ""
    yield REVIEW, "review.md.j2", dict, ""
    for module in course.modules:
        yield module_path(module), "module.md.j2", lambda m=module: {"module": m}, ""
        for lesson in module.lessons:
            context = functools.partial(_lesson_context, site, module, lesson)
            yield lesson_path(lesson), "lesson.md.j2", context, lesson.id
        if module.has_exercises:
            yield (
                exercises_path(module),
                "exercises.md.j2",
                lambda m=module: {"module": m, "exercises_page": ExercisesPage(m)},
                "",
            )


def _lesson_context(site: CourseMap, module: Module, lesson: Lesson) -> dict[str, Any]:
    heading, body = markdown_text.split_heading(lesson.body)
    return {
        "module": module,
        "lesson": lesson,
        "heading": heading or f"# {markdown_text.inline(lesson.title)}",
        "body": markdown_text.close_fences(body),
        "requires": [site.lesson(x) for x in lesson.requires if site.lesson(x)],
        "cards": site.cards_for(lesson),
    }


class _Renderer:
    """One sandboxed Jinja environment for a whole site render."""

    def __init__(
        self,
        course: Course,
        templates: Path | None,
        cache: Path | None = None,
        t: Messages | None = None,
        site: CourseMap | None = None,
    ) -> None:
        from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined

        from coursekit.site.sandbox import BudgetedSandbox, CourseTemplates

        self.course = course
        self.t = t = t or messages(course.language)
        self.site = site or CourseMap(course)
        self.totals = Totals.of(course)
        self.course_templates = templates if templates is not None and templates.is_dir() else None
        # A course's own templates are code from whoever wrote the course: with any of
        # them, every template runs in the sandbox, under a budget of steps and sizes,
        # read like every course file. coursekit's own templates alone are trusted,
        # and run without the sandbox's check on every attribute lookup.
        sandboxed = self.course_templates is not None
        loaders: list[Any] = [FileSystemLoader(str(PACKAGE_TEMPLATES))]
        if self.course_templates is not None:
            course_root = self.course_templates.parent
            loaders.insert(0, CourseTemplates(self.course_templates, course_root))
        trusted, sandbox = _environment_classes()
        environment = sandbox if sandboxed else trusted
        self.env: Any = environment(
            loader=ChoiceLoader(loaders),
            bytecode_cache=_bytecode_cache(cache, sandboxed),
            autoescape=False,  # the output is Markdown; YAML text goes through the filters
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=self.show,  # study times and dates in the course's language
        )
        self.env.bodies_read = set()  # see RenderMemo
        self.env.filters.update(markdown_text.FILTERS)
        for name in ("inline", "cell", "nowrap", "title"):  # these also take study times
            self.env.filters[name] = self._isolating(markdown_text.FILTERS[name])
        self.env.filters["block"] = self._isolating_block(markdown_text.FILTERS["block"])
        self.env.filters["upper_first"] = lambda text: str(text)[:1].upper() + str(text)[1:]
        self.env.filters["day"] = t.date
        self.env.filters["duration"] = self.show
        self.env.filters["number"] = t.number
        if isinstance(self.env, BudgetedSandbox):
            self.env.bound_filters()  # Jinja's own filters included
        self.env.globals.update(
            course=course,
            site=self.site,
            totals=self.totals,
            _=t._,
            gettext=t._,
            ngettext=t.ngettext,
            language=t.language,
            status_label=lambda status: status_label(status, t),
            ready_counts=lambda available, planned: ready_counts(available, planned, t),
            stop_kind=_stop_kind,
            HOME=HOME,
            TIMELINE=TIMELINE,
            STUDY_PLANS=STUDY_PLANS,
            REVIEW=REVIEW,
        )

    def render(self, template_name: str, path: str, context: dict[str, Any]) -> str:
        from coursekit.site.sandbox import BudgetedSandbox

        def url(target: Lesson | Module | ExercisesPage | str) -> str:
            return relative_link(path, page_path(target))

        def exercises_url(module: Module) -> str:
            return relative_link(path, exercises_path(module))

        try:
            template = self.env.get_template(template_name)
            values = {"page": path, "url": url, "exercises_url": exercises_url, **context}
            if isinstance(self.env, BudgetedSandbox):
                text = self.env.render_page(template, **values)
            else:
                text = template.render(**values)
        except CourseError:
            raise
        except Exception as exc:  # a template's mistake, reported at its file and line
            raise CourseError(self._problem(template_name, exc)) from None
        text = text.rstrip("\n") + "\n"
        return text if self.t.english else f"{text}\n{self.script_block}"

    def show(self, value: Any) -> Any:
        """What ``{{ value }}`` writes: a study time in the course's language, else the value.

        In a right-to-left page a study time is isolated (``<bdi>``), so that a range
        such as ``5 h 15 min – 7 h 15 min`` is never reordered with the words around it."""
        if isinstance(value, Duration):
            text = self.t.duration(value)
            return markdown_text.isolate(text) if self.rtl else text
        return value

    @property
    def rtl(self) -> bool:
        return self.t.language.direction == "rtl"

    def _isolating(self, escape: Callable[..., str]) -> Callable[..., str]:
        """An escaping filter that writes a study time in the course's language and sets
        apart (``<bdi>``) what reads the other way than the page: in a right-to-left page
        a study time, and English text; in a left-to-right one, Arabic or Hebrew text.
        An English or French page of English titles is written as before."""

        def written(value: Any, *args: Any) -> str:
            text = self.t.duration(value) if isinstance(value, Duration) else value
            out = escape(text, *args)
            if (self.rtl and isinstance(value, Duration)) or markdown_text.crosses(
                text, self.t.language.direction
            ):
                return markdown_text.isolate(out)
            return out

        return written

    def _isolating_block(self, block: Callable[..., str]) -> Callable[..., str]:
        """The ``block`` filter; a block in the other direction than the page, at the top
        level of the page, takes its direction from its own letters (``dir="auto"``)."""

        def written(value: Any, indent: int = 0) -> str:
            out = block(value, indent)
            if not indent and markdown_text.crosses(value, self.t.language.direction):
                return markdown_text.isolate_block(out)
            return out

        return written

    @functools.cached_property
    def script_block(self) -> str:
        """The site script's words in the course's language, as a hidden element ending
        every page (the script reads it on each page, so instant navigation keeps it
        current). English pages need none: the script's message ids are its English
        words. The JSON sits in an attribute, not a script element, which Material's
        instant navigation would run as code."""
        data: dict[str, Any] = {"lang": self.t.language.tag, "messages": script_messages(self.t)}
        if self.rtl:
            data["dir"] = "rtl"  # the script isolates what it sets into its messages
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return f'<div id="{MESSAGES_ID}" hidden data-messages="{html.escape(text)}"></div>\n'

    def _problem(self, template_name: str, exc: Exception) -> Problem:
        from jinja2 import TemplateNotFound, TemplateSyntaxError

        filename, line = self._filename(template_name), None
        if isinstance(exc, TemplateSyntaxError):  # may sit in an imported or included template
            filename, line = exc.filename or filename, exc.lineno
        else:
            filename, line = _template_frame(exc) or (filename, None)
        from coursekit.site.sandbox import TemplateBudgetError

        if isinstance(exc, TemplateNotFound):
            message = f"template '{exc.name}' not found"
        elif isinstance(exc, TemplateBudgetError):
            message = str(exc)
        elif isinstance(exc, RecursionError):
            message = "a macro calls itself too deeply (or the template nests too deeply)"
        else:
            message = f"{type(exc).__name__}: {exc}"
        return Problem(self._display(filename), f"cannot render {template_name}: {message}", line)

    def _filename(self, template_name: str) -> str:
        for folder in (self.course_templates, PACKAGE_TEMPLATES):
            if folder is not None and (folder / template_name).is_file():
                return str(folder / template_name)
        return template_name

    def _display(self, filename: str) -> str:
        path = Path(filename)
        if self.course_templates is not None and path.is_relative_to(self.course_templates):
            return (Path("templates") / path.relative_to(self.course_templates)).as_posix()
        return str(path)


class _BodyReads:
    """An environment that notes the lessons whose ``body`` its templates read, in
    ``bodies_read`` (for :class:`RenderMemo`): templates reach attributes through
    ``getattr`` and ``getitem`` (``x.body``, ``x["body"]``, the ``attr`` filter and
    every ``attribute=`` argument). Jinja 3.1.4 and before let the ``attr`` filter
    bypass ``getattr``, so the sandbox also notes what ``is_safe_attribute`` is asked."""

    bodies_read: set[str]

    def getattr(self, obj: Any, attribute: str) -> Any:
        if attribute == "body" and isinstance(obj, Lesson):
            self.bodies_read.add(obj.id)
        return super().getattr(obj, attribute)  # type: ignore[misc]

    def getitem(self, obj: Any, argument: Any) -> Any:
        if argument == "body" and isinstance(obj, Lesson):
            self.bodies_read.add(obj.id)
        return super().getitem(obj, argument)  # type: ignore[misc]


@functools.cache
def _environment_classes() -> tuple[type, type]:
    """The trusted environment and the sandbox, each noting the bodies read."""
    from jinja2 import Environment

    from coursekit.site.sandbox import BudgetedSandbox

    class WatchedEnvironment(_BodyReads, Environment):
        pass

    class WatchedSandbox(_BodyReads, BudgetedSandbox):
        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            if attr == "body" and isinstance(obj, Lesson):
                self.bodies_read.add(obj.id)
            return bool(super().is_safe_attribute(obj, attr, value))

    return WatchedEnvironment, WatchedSandbox


def _stop_kind(target: Any) -> str:
    """What a pager calls a page: "exercises", "module" or "lesson"."""
    if isinstance(target, ExercisesPage):
        return "exercises"
    return "module" if isinstance(target, Module) else "lesson"


def _bytecode_cache(folder: Path | None, sandboxed: bool) -> Any:
    """Jinja's cache of compiled templates in ``folder``, or None.

    Compiling the templates is most of a small course's render time. Jinja keys each
    entry by template file and checks it against the source's checksum; the folder
    name keeps Jinja versions and sandboxed and trusted environments apart. A cache
    that cannot be read or written is skipped, never an error.
    """
    if folder is None:
        return None
    import jinja2
    from jinja2 import FileSystemBytecodeCache

    class Tolerant(FileSystemBytecodeCache):
        def load_bytecode(self, bucket: Any) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # damaged or foreign file: compile afresh
                bucket.reset()

        def dump_bytecode(self, bucket: Any) -> None:
            with contextlib.suppress(OSError):  # a read-only cache: compile next time too
                super().dump_bytecode(bucket)

    # "sandbox2": the sandbox's compiled code counts its steps (site/sandbox.py)
    kind = "sandbox2" if sandboxed else "trusted"
    where = folder / f"templates-jinja{jinja2.__version__}-{kind}"
    try:
        where.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return Tolerant(str(where))


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The template file and line where a render error happened, from the traceback.

    Jinja rewrites tracebacks so that template frames carry the template's file name.
    """
    found = None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(TEMPLATE_SUFFIX):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found
