"""Rendering is pure and deterministic: golden pages, escaping filters, template overrides.

Regenerate the golden pages (tests/golden/site/mini/) after an intended change with

    python3 dev.py test --update-golden tests/test_render.py

and review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.checks.check import check_course
from coursekit.course.loader import load_course
from coursekit.errors import CourseError
from coursekit.site.markdown import block, close_fences, inline, split_heading
from coursekit.site.render import relative_link, render_site, site_nav

# The Study plans page is the schedule's template, covered by its own golden plans.
NOT_GOLDEN = {"study-plans.md"}


def render(course_dir: Path) -> dict[str, str]:
    # Loaded, not checked: `check` itself renders, and reports a template's error together
    # with its warnings; these tests look at render_site's own error.
    loaded = load_course(course_dir)
    return render_site(loaded.course, loaded.root / "templates")


# --------------------------------------------------------------------------- golden pages


def test_mini_course_pages_match_golden_files(mini_course: Path, golden) -> None:  # type: ignore[no-untyped-def]
    pages = {p: text for p, text in render(mini_course).items() if p not in NOT_GOLDEN}
    # the same pages, none added or removed, each one byte for byte
    golden.check_tree("site/mini", pages)


def test_rendering_is_byte_identical_across_runs(mini_course: Path) -> None:
    first, second = render(mini_course), render(mini_course)
    assert first == second
    assert list(first) == sorted(first)


def test_compiled_template_cache_changes_nothing_and_survives_damage(
    mini_course: Path, tmp_path: Path
) -> None:
    loaded = check_course(mini_course)
    plain = render_site(loaded.course)
    cache = tmp_path / "cache"
    assert render_site(loaded.course, cache=cache) == plain  # compiles and stores
    stored = list(cache.rglob("*.cache"))
    assert len(stored) == 9  # the seven pages' templates, their macros and the lesson-extra block
    assert render_site(loaded.course, cache=cache) == plain  # from the cache
    for path in stored:
        path.write_bytes(b"j2 damaged")
    assert render_site(loaded.course, cache=cache) == plain
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert render_site(loaded.course, cache=blocked) == plain  # an unusable cache is skipped


def test_an_edited_course_template_is_not_served_from_the_cache(
    mini_course: Path, tmp_path: Path
) -> None:
    templates = mini_course / "templates"
    templates.mkdir()
    loaded = check_course(mini_course)
    for text in ("# First {{ totals.lessons }}\n", "# Second {{ totals.lessons }}\n"):
        (templates / "home.md.j2").write_text(text, encoding="utf-8")
        pages = render_site(loaded.course, templates, cache=tmp_path / "cache")
        assert pages["index.md"] == text.replace("{{ totals.lessons }}", "4")


def test_study_plans_and_pace_table_agree(mini_course: Path) -> None:
    from coursekit.plan.scheduler import pace_rows
    from coursekit.plan.site_page import page_context as plan_page_context

    loaded = check_course(mini_course)
    shared = render_site(loaded.course)
    separate = render_site(loaded.course, study_plans=plan_page_context, pace_rows=pace_rows)
    assert shared == separate


def test_a_start_date_dates_the_pace_table_like_the_study_plans(mini_course: Path) -> None:
    course_yml = mini_course / "curriculum/course.yml"
    text = course_yml.read_text() + "start: 2027-01-04\n"
    course_yml.write_text(text)
    home = render(mini_course)["index.md"]
    # 5 h 15 min – 7 h 15 min at 3–5 h a day, from Monday: 2 to 3 weekdays
    row = next(x for x in home.splitlines() if x.startswith("| Intensive"))
    assert row.endswith("(2–3 study days): Tue 5 Jan 2027 to Wed 6 Jan 2027 |"), row
    course_yml.write_text(text + "paces:\n  sprint: {hours_per_day: 8h, study_days: [mon]}\n")
    pages = render(mini_course)
    row = next(x for x in pages["index.md"].splitlines() if x.startswith("| Sprint"))
    assert row.endswith("(1 study day): on Mon 4 Jan 2027 |"), row
    assert "Mon 4 Jan 2027" in pages["study-plans.md"]


def test_page_paths_follow_ids_and_nav_follows_curriculum_order(mini_course: Path) -> None:
    pages = render(mini_course)
    assert set(pages) == {
        "index.md",
        "timeline.md",
        "study-plans.md",
        "review.md",
        "basics/index.md",
        "basics/first-steps.md",
        "basics/second-steps.md",
        "basics/exercises.md",
        "practice/index.md",
        "practice/hands-on.md",
        "practice/wrap-up.md",  # planned: a "coming soon" page
    }  # practice has no exercises, so no practice/exercises.md
    course = check_course(mini_course).course
    assert site_nav(course) == [
        {"Home": "index.md"},
        {"Timeline": "timeline.md"},
        {"Study plans": "study-plans.md"},
        {"Review": "review.md"},
        {
            "Basics": [
                "basics/index.md",
                {"First steps": "basics/first-steps.md"},
                {"Second steps": "basics/second-steps.md"},
                {"Exercises": "basics/exercises.md"},
            ]
        },
        {
            "Practice": [
                "practice/index.md",
                {"Hands-on": "practice/hands-on.md"},
                {"Wrap-up": "practice/wrap-up.md"},
            ]
        },
    ]


def test_totals_count_planned_and_draft_lessons(mini_course: Path) -> None:
    pages = render(mini_course)
    # 1-2h + 2-3h + 90 min + 45 min: the planned lesson counts in every total.
    total = "5 h 15 min – 7 h 15 min"
    assert f"**{total}**" in pages["index.md"]
    # A range breaks only at its dash, so its column stays narrow.
    nowrap = " – ".join(f'<span style="white-space: nowrap">{x}</span>' for x in total.split(" – "))
    assert f"| **Total** | **3 ready, 1 coming soon** | **{nowrap}** |" in pages["index.md"]
    # Progress counts what a learner can study now: ready and draft, not planned.
    assert "__3__ lessons ready, __1__ coming soon" in pages["index.md"]
    assert "1 lesson ready, 1 coming soon" in pages["practice/index.md"]
    assert "search:\n  exclude: true" in pages["practice/wrap-up.md"]  # not in search results
    assert "exclude" not in pages["practice/hands-on.md"]
    assert '!!! info "Coming soon"' in pages["practice/wrap-up.md"]
    assert '!!! warning "Draft"' in pages["practice/hands-on.md"]
    assert "data-ck-lesson" not in pages["practice/wrap-up.md"]  # nothing to mark done yet


def test_relative_links_between_pages() -> None:
    assert relative_link("basics/first-steps.md", "basics/second-steps.md") == "second-steps.md"
    assert relative_link("basics/first-steps.md", "practice/index.md") == "../practice/index.md"
    assert relative_link("index.md", "basics/index.md") == "basics/index.md"
    assert relative_link("timeline.md", "index.md") == "index.md"


# --------------------------------------------------------------------------- filters

HOSTILE = [
    'What does "quote" mean | here?',
    'He said "stop"',
    "a <b>bold</b> <script>alert(1)</script> & AT&T &amp;",
    "Use `code | pipes` and ``double`` and a lone ` tick",
    "*stars* _underscores_ **strong** __strong__",
    "[link](http://example.com) ![image](x.png) [ref][1]",
    "# not a heading",
    "- not a list",
    "+ not a list",
    "1. not a list",
    "---",
    "!!! note",
    '??? question "nested"',
    "=== not setext",
    "~~~ not a fence",
    "``` not a fence",
    "ends with a heading mark #",
    "Sets {a, b} and {: .class}",
    "back\\slash \\| escaped",
    "C# and F#",
    "Line one\nline two\r\n\tline three",
    "  leading and trailing  ",
    "3 < 5 > 2",
    "<http://autolink.example>",
    "|",
    '"',
    "",
]

EXTENSIONS = ["admonition", "pymdownx.details", "tables", "attr_list", "md_in_html", "toc"]


class _Texts(HTMLParser):
    """Text content of every element with the given tag (or class)."""

    def __init__(self, tag: str, cls: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.tag, self.cls = tag, cls
        self.depth = 0
        self.found: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            self.depth += 1
        elif tag == self.tag and (self.cls is None or self.cls in classes):
            self.depth = 1
            self.found.append("")

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.found[-1] += data


def texts(html: str, tag: str, cls: str | None = None) -> tuple[list[str], list[str]]:
    parser = _Texts(tag, cls)
    parser.feed(html)
    return parser.found, parser.tags


CONTEXTS = {
    # name: (Markdown around the text, tag and class holding it)
    "paragraph": ("Before.\n\n{}\n\nAfter.", "p", None),
    "heading": ("## {}\n", "h2", None),
    "list item": ("- first\n- {}\n- last\n", "li", None),
    "table cell": ("| a | b | c |\n|---|---|---|\n| 1 | {} | 3 |\n", "td", None),
    "details title": ('??? question "{}"\n\n    The answer.\n', "summary", None),
    "admonition title": ('!!! note "{}"\n\n    Body.\n', "p", "admonition-title"),
    # macros.md.j2's previous/next link: a title inside link text, in md_in_html
    "pager link": (
        '<nav class="ck-pager" markdown>\n[<span class="ck-pager__label">Next</span> '
        '<span class="ck-pager__title">{}</span>](next.md){{ .ck-pager__link }}\n</nav>\n',
        "span",
        "ck-pager__title",
    ),
}


def _check_literal(text: str, context: str) -> None:
    template, tag, cls = CONTEXTS[context]
    html = markdown.markdown(template.format(inline(text)), extensions=EXTENSIONS)
    found, tags = texts(html, tag, cls)
    found = [x.strip() for x in found]
    expected = " ".join(text.split())
    if context == "paragraph":
        assert [x for x in found if x] == (
            ["Before.", expected, "After."]
            if expected
            else [
                "Before.",
                "After.",
            ]
        ), html
    elif context == "list item":
        assert found == ["first", expected, "last"], html
    elif context == "table cell":
        assert found == ["1", expected, "3"], html  # still three columns, text intact
    elif expected or context != "heading":
        assert expected in found, html
    if context == "details title":
        assert tags.count("details") == 1, html  # still exactly one card
    links = 1 if context == "pager link" else 0  # the pager's own link, and no other
    assert "script" not in tags and "b" not in tags and "img" not in tags
    assert tags.count("a") == links, html


@pytest.mark.parametrize(
    ("text", "context"),
    [
        (text, context)
        for text in HOSTILE
        for context in sorted(CONTEXTS)
        # An empty title falls back to the block's type name: nothing literal to check.
        if " ".join(text.split()) or context not in ("details title", "admonition title")
    ],
)
def test_inline_text_renders_literally(text: str, context: str) -> None:
    _check_literal(text, context)


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab1 \n\t\"'|<>&`*_{}[]()#+-.!?~=:;/\\^$%@")),
        min_size=1,
        max_size=30,
    ).filter(lambda s: s.strip())
)
def test_any_plain_text_renders_literally_in_every_context(text: str) -> None:
    for context in CONTEXTS:
        _check_literal(text, context)


def test_a_flashcard_question_shows_as_written_on_review_and_exercises_pages(
    mini_course: Path,
) -> None:
    question = "What is 2*3*4, and what does `x` <b>do</b>?"
    path = mini_course / "exercises/basics.yml"
    text = path.read_text()
    path.write_text(text.replace("q: What is a lesson?", f"q: '{question}'"))
    pages = render(mini_course)
    review = markdown.markdown(pages["review.md"], extensions=EXTENSIONS)
    exercises = markdown.markdown(pages["basics/exercises.md"], extensions=EXTENSIONS)
    on_review, _ = texts(review, "div", "ck-review__question")
    on_exercises, _ = texts(exercises, "summary")
    assert question in [x.strip() for x in on_review], review
    assert question in [x.strip() for x in on_exercises], exercises
    for html in (review, exercises):  # the same literal text, never Markdown
        assert "2<em>3" not in html and "<code>x</code>" not in html and "<b>do" not in html


def test_block_closes_an_open_fence_and_indents() -> None:
    assert block("Intro\n\n```python\nx = 1", indent=4) == (
        "    Intro\n\n    ```python\n    x = 1\n    ```"
    )
    assert block("~~~~\ncode\n~~~~\n\ntext") == "~~~~\ncode\n~~~~\n\ntext"
    assert close_fences("````\n```\nnested\n```") == "````\n```\nnested\n```\n````"


def test_block_keeps_markdown_but_shows_angle_brackets_as_written() -> None:
    text = "Use <bucket> in `s3://<bucket>/` or <https://example.com>, **bold**\n\n```\n<tag>\n```"
    assert block(text) == (
        "Use &lt;bucket> in `s3://<bucket>/` or <https://example.com>, **bold**\n\n```\n<tag>\n```"
    )
    html = markdown.markdown(block(text), extensions=["pymdownx.superfences"])
    assert "<bucket>" not in html.split("<code>")[0] and "&lt;bucket&gt;" in html
    assert "<strong>bold</strong>" in html and '<a href="https://example.com">' in html


def test_split_heading_keeps_the_lessons_own_title() -> None:
    assert split_heading("\n# Title\n\nBody") == ("# Title", "Body")
    assert split_heading("Title\n=====\nBody") == ("# Title", "Body")
    assert split_heading("## Not level one\n") == (None, "## Not level one")
    assert split_heading("#hashtag") == (None, "#hashtag")
    assert split_heading("") == (None, "")


# --------------------------------------------------------------------------- templates


def test_course_templates_override_package_templates_by_name(mini_course: Path) -> None:
    templates = mini_course / "templates"
    templates.mkdir()
    (templates / "home.md.j2").write_text(
        "# {{ course.title|inline }} (custom)\n\n{{ totals.lessons }} lessons, "
        "{{ totals.study_time }}\n",
        encoding="utf-8",
    )
    (templates / "macros.md.j2").write_text(
        "{% macro lessons_text(lessons, short=false) %}READY {{ lessons|length }}{% endmacro %}\n"
        "{% macro prev_next(previous, next, kind) %}NAV {{ kind }}{% endmacro %}\n"
        "{% macro tick(lesson) %}{% endmacro %}{% macro badge(lesson) %}{% endmacro %}\n"
        "{% macro exercises_tick(module) %}{% endmacro %}{% macro module_tick(m) %}{% endmacro %}\n"
        "{% macro table(label, classes='') %}{{ caller() }}{% endmacro %}\n",
        encoding="utf-8",
    )
    (templates / "lesson-extra.md.j2").write_text("EXTRA {{ lesson.id }}\n", encoding="utf-8")
    pages = render(mini_course)
    assert pages["index.md"] == "# Mini Course (custom)\n\n4 lessons, 5 h 15 min – 7 h 15 min\n"
    assert "READY 2" in pages["basics/index.md"]  # module.md.j2 imports the course's macros
    assert pages["basics/first-steps.md"].rstrip().endswith("EXTRA first-steps\nNAV sequence")
    assert "## Lessons" in pages["basics/index.md"]  # the rest is still the default


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        ("# ok\n{{ course.__class__.__mro__ }}\n", 2, "unsafe"),
        ("# ok\n\n{{ no_such_variable }}\n", 3, "no_such_variable"),
        ("# ok\n{% for x in %}\n", 2, "Expected an expression"),
        ("{% include 'missing.md.j2' %}\n", 1, "missing.md.j2"),
    ],
)
def test_template_errors_name_the_course_file_and_line(
    mini_course: Path, source: str, line: int, words: str
) -> None:
    (mini_course / "templates").mkdir()
    (mini_course / "templates" / "timeline.md.j2").write_text(source, encoding="utf-8")
    with pytest.raises(CourseError) as caught:
        render(mini_course)
    (problem,) = caught.value.problems
    assert problem.path == "templates/timeline.md.j2"
    assert problem.line == line
    assert words in problem.message


def test_large_courses_group_modules_into_parts_in_the_sidebar_only() -> None:
    from coursekit.model import Course, Duration, Lesson, Module

    def course(modules: int) -> Course:
        return Course(
            id="big",
            title="Big",
            modules=tuple(
                Module(
                    id=f"m{i}",
                    title=f"Module {i}",
                    lessons=(Lesson(f"l{i}", f"m{i}", f"Lesson {i}", Duration(60, 60)),),
                )
                for i in range(1, modules + 1)
            ),
        )

    flat = site_nav(course(20))
    assert [next(iter(x)) for x in flat[4:]] == [f"Module {i}" for i in range(1, 21)]
    grouped = site_nav(course(100))
    parts = grouped[4:]
    assert [next(iter(x)) for x in parts] == [f"Modules {i}–{i + 9}" for i in range(1, 100, 10)]
    inside = [next(iter(m)) for part in parts for m in next(iter(part.values()))]
    assert inside == [f"Module {i}" for i in range(1, 101)]  # curriculum order kept
    assert grouped[4]["Modules 1–10"][0] == {"Module 1": ["m1/index.md", {"Lesson 1": "m1/l1.md"}]}


# --------------------------------------------------------------------------- the page memo


class Counted:
    """The pages rendered, page by page, through ``_Renderer.render``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from coursekit.site import render as module

        self.paths: list[str] = []
        original = module._Renderer.render

        def counting(renderer, template, path, context):  # type: ignore[no-untyped-def]
            self.paths.append(path)
            return original(renderer, template, path, context)

        monkeypatch.setattr(module._Renderer, "render", counting)

    def take(self) -> set[str]:
        taken, self.paths = set(self.paths), []
        return taken


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def memo_render(course_dir: Path, memo: object) -> dict[str, str]:
    from coursekit.course.loader import load_course

    loaded = load_course(course_dir)
    return render_site(loaded.course, loaded.root / "templates", memo=memo)  # type: ignore[arg-type]


def test_a_memo_renders_again_only_the_page_of_an_edited_body(
    mini_course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coursekit.site.render import RenderMemo

    memo, counted = RenderMemo(), Counted(monkeypatch)
    first = memo_render(mini_course, memo)
    assert counted.take() == set(first)  # an empty memo: every page
    assert memo_render(mini_course, memo) == first and counted.take() == set()
    edit(mini_course / "lessons/basics/first-steps.md", "Welcome.", "Welcome, edited.")
    edited = memo_render(mini_course, memo)
    assert counted.take() == {"basics/first-steps.md"}
    assert "Welcome, edited." in edited["basics/first-steps.md"]
    assert edited == render(mini_course)  # the same pages as without a memo


@pytest.mark.parametrize(
    ("where", "change"),
    [
        ("lessons/basics/second-steps.md", ("title: Second steps", "title: Next steps")),
        ("curriculum/modules/basics.yml", ("title: Basics", "title: Fundamentals")),
        ("curriculum/course.yml", ("used by the tests.", "used by the tests, edited.")),
        ("lessons/practice/wrap-up.md", ("status: planned", "status: draft")),
    ],
)
def test_a_memo_renders_every_page_again_when_more_than_a_body_changed(
    mini_course: Path, monkeypatch: pytest.MonkeyPatch, where: str, change: tuple[str, str]
) -> None:
    from coursekit.site.render import RenderMemo

    memo, counted = RenderMemo(), Counted(monkeypatch)
    memo_render(mini_course, memo)
    counted.take()
    edit(mini_course / where, *change)
    again = memo_render(mini_course, memo)
    assert counted.take() == set(again)
    assert again == render(mini_course)


def test_a_memo_renders_every_page_again_after_a_template_edit_or_on_a_new_day(
    mini_course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from coursekit.site import render as module
    from coursekit.site.render import RenderMemo

    templates = mini_course / "templates"
    templates.mkdir()
    extra = templates / "lesson-extra.md.j2"
    extra.write_text("One.\n", encoding="utf-8")
    memo, counted = RenderMemo(), Counted(monkeypatch)
    memo_render(mini_course, memo)
    counted.take()
    extra.write_text("Two.\n", encoding="utf-8")  # same size, most likely the same clock tick
    again = memo_render(mini_course, memo)
    assert counted.take() == set(again)
    assert "Two." in again["basics/first-steps.md"]

    class Tomorrow(date):
        @classmethod
        def today(cls) -> date:  # type: ignore[override]
            return date.today() + __import__("datetime").timedelta(days=1)

    monkeypatch.setattr(module, "date", Tomorrow)
    assert set(memo_render(mini_course, memo)) == counted.take()


@pytest.mark.parametrize(
    "read",
    [
        "nxt.body",
        "nxt['body']",
        "nxt|attr('body')",
        "[nxt]|map(attribute='body')|join",
        "[nxt]|selectattr('body')|map(attribute='id')|join",
    ],
)
def test_a_course_template_that_reads_another_lessons_body_is_rendered_again_with_it(
    mini_course: Path, monkeypatch: pytest.MonkeyPatch, read: str
) -> None:
    """A page depends on every body its templates read, in whatever form they read it."""
    from coursekit.site.render import RenderMemo

    templates = mini_course / "templates"
    templates.mkdir()
    (templates / "lesson-extra.md.j2").write_text(
        "{% set nxt = site.next(lesson) %}{% if nxt %}Next: {{ (" + read + ")[:60] }}{% endif %}\n",
        encoding="utf-8",
    )
    memo, counted = RenderMemo(), Counted(monkeypatch)
    memo_render(mini_course, memo)
    counted.take()
    edit(mini_course / "lessons/basics/second-steps.md", "# Second steps", "# Second steps\n\nNew.")
    again = memo_render(mini_course, memo)
    # second-steps' own page, and first-steps' page, which shows its body
    assert counted.take() == {"basics/second-steps.md", "basics/first-steps.md"}
    assert again == render(mini_course)


def test_a_lesson_prints_without_its_body() -> None:
    """The memo compares the course apart from its bodies as its repr."""
    from coursekit.model import Duration, Lesson

    lesson = Lesson("a", "m", "A", Duration(5, 5), body="SECRET TEXT")
    assert "SECRET TEXT" not in repr(lesson)
    assert lesson != Lesson("a", "m", "A", Duration(5, 5), body="other")  # still compared


def test_a_lesson_memo_loads_the_same_course_and_sees_every_edit(mini_course: Path) -> None:
    from coursekit.course.loader import LessonMemo, load_course

    memo = LessonMemo()
    assert load_course(mini_course, memo=memo) == load_course(mini_course)
    assert len(memo.kept) == 4
    lesson = mini_course / "lessons/practice/hands-on.md"
    edit(lesson, "study_time: 90 min", "study_time: soon")
    with pytest.raises(CourseError):  # a front matter with errors is never kept
        load_course(mini_course, memo=memo)
    edit(lesson, "study_time: soon", "study_time: 2h")
    with_memo, fresh = load_course(mini_course, memo=memo), load_course(mini_course)
    assert with_memo == fresh
    assert with_memo.course.lesson("hands-on").study_time.high == 120
    (mini_course / "lessons/practice/wrap-up.md").unlink()
    edit(mini_course / "curriculum/modules/practice.yml", ", wrap-up]", "]")
    assert load_course(mini_course, memo=memo) == load_course(mini_course)
    assert len(memo.kept) == 3  # the removed lesson is forgotten


@pytest.mark.parametrize("read", ["x.body", "x['body']", "[x]|map(attribute='body')|join"])
def test_coursekits_own_templates_are_watched_for_body_reads_too(
    mini_course: Path, read: str
) -> None:
    """Without course templates the trusted environment renders; it notes reads alike."""
    from coursekit.course.loader import load_course
    from coursekit.site.render import _Renderer

    renderer = _Renderer(load_course(mini_course).course, None)
    renderer.env.bodies_read = set()
    source = "{% set x = site.lesson('second-steps') %}{{ " + read + " }}"
    template = renderer.env.from_string(source)
    assert template.render() and renderer.env.bodies_read == {"second-steps"}
