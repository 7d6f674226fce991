"""The site in the course's language, in a real browser: the script's buttons and
messages in French after instant navigation, and an Arabic site laid out right to
left (controls, tables, progress bars and pagers mirrored), in coursekit's Arabic
words (no English message of its catalog left on a page once the script has run),
with mixed-direction text in reading order, and a screenshot to look at: in the
test's folder, or, with COURSEKIT_SCREENSHOTS=1, in docs/screenshots/site-arabic.png
(the one the docs show)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

SCREENSHOT = Path(__file__).parent.parent.parent / "docs" / "screenshots" / "site-arabic.png"
# The pieces of a message id between its placeholders, markup and punctuation.
PLACEHOLDER = re.compile(r"%\(\w+\)s|\[|\]\([^)]*\)|\*\*|__|`[^`]*`|[()\"“”:;.,?!…·—–]")
# A page's visible text once the script has run, and its labels (aria-label, title...).
PAGE_TEXT = """() => {
  const names = ["aria-label", "title", "placeholder", "aria-valuetext"];
  const labels = [...document.querySelectorAll(names.map((name) => `[${name}]`).join(", "))]
    .flatMap((e) => names.map((name) => e.getAttribute(name) || ""));
  return [document.body.innerText, ...labels].join("\\n");
}"""
ARABIC_PAGES = ("", "basics/", "basics/first-steps/", "basics/exercises/", "study-plans/",
                "timeline/", "review/")  # fmt: skip


def built_in(
    settings: tuple[Path, str], tmp: Path, code: str, url: str, root: Path, engine: str
) -> None:
    fixture, mkdocs_yml = settings
    course = tmp / f"mini-{code}"
    shutil.copytree(fixture, course)
    spec = course / "curriculum" / "course.yml"
    spec.write_text(spec.read_text(encoding="utf-8") + f"language: {code}\n", encoding="utf-8")
    (course / "mkdocs.yml").write_text(mkdocs_yml.format(url=url), encoding="utf-8")
    if engine == "mkdocs":
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        build(load_config(str(course / "mkdocs.yml"), site_dir=str(root)))
    else:
        from coursekit.course.loader import load_course
        from coursekit.site import zensical

        zensical.build(course, load_course(course), strict=True, site_dir=root)


@pytest.fixture(scope="module")
def site_in(  # type: ignore[no-untyped-def]
    tmp_path_factory: pytest.TempPathFactory, serve_folder, mini_site_settings, engine: str
) -> Iterator[Callable]:
    """``site_in("fr")``: the mini course built in that language by the session's engine
    (MkDocs or Zensical) and served; its URL."""
    made: dict[str, str] = {}
    with contextlib.ExitStack() as stack:

        def make(code: str) -> str:
            if code not in made:
                root = tmp_path_factory.mktemp(f"site-{code}-{engine}")
                url = stack.enter_context(serve_folder(root))
                work = tmp_path_factory.mktemp(f"course-{code}")
                built_in(mini_site_settings, work, code, url, root, engine)
                made[code] = url
            return made[code]

        yield make


def english_fragments(code: str, settings: tuple[Path, str]) -> set[str]:
    """Each piece of two words or more of an English message id that the catalog of
    ``code`` does not keep as it is, nor the course's own files and mkdocs.yml say
    (those words are the instructor's)."""
    from coursekit.i18n import catalogs

    fixture, mkdocs_yml = settings
    texts = [mkdocs_yml] + [
        p.read_text(encoding="utf-8") for p in fixture.rglob("*") if p.suffix in (".yml", ".md")
    ]
    own = " ".join(" ".join(texts).split())
    target = catalogs.read(code)
    wanted = set()
    for message in catalogs.read("en"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = target.get(ids[0]).string
        written = " ".join(strings) if isinstance(strings, tuple) else strings
        for text in ids:
            for piece in (" ".join(p.split()) for p in PLACEHOLDER.split(text)):
                worth = len(piece.split()) >= 2 and re.search(r"[a-z]{3}", piece)
                if worth and piece not in written and piece not in own:
                    wanted.add(piece)
    return wanted


def nav_link(page: Page, title: str):  # type: ignore[no-untyped-def]
    return page.locator(".md-nav--primary a.md-nav__link", has_text=title).first


def ready(page: Page, path: str) -> None:
    expect(page.locator(f'html.ck-ready[data-ck-page$="{path}"]')).to_have_count(1)


def test_the_script_speaks_french_after_instant_navigation(page: Page, site_in) -> None:  # type: ignore[no-untyped-def]
    url = site_in("fr")
    page.goto(url)
    ready(page, "/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".ck-continue")).to_have_text("Commencer le cours : First steps")
    expect(page.locator(".ck-dashboard__facts")).to_contain_text("Marquez les leçons")
    expect(page.locator("[data-ck-action=export]")).to_have_text("Exporter la progression")
    expect(page.locator("[data-ck-action=import]")).to_have_text("Importer la progression")
    expect(page.locator(".ck-progress__label strong")).to_have_text("Votre progression :")
    expect(page.locator(".ck-progress__label")).to_contain_text("0 sur 3 leçons terminées")

    page.evaluate("window.__sameDocument = true")
    page.locator(".ck-continue").click()
    page.wait_for_url("**/basics/first-steps/")
    ready(page, "/basics/first-steps/")
    assert page.evaluate("window.__sameDocument") is True, "navigation was not instant"
    button = page.locator('[data-ck-lesson="first-steps"] button')
    expect(button).to_have_text("Marquer comme terminée")
    note = page.locator('[data-ck-lesson="first-steps"] .ck-done-note')
    expect(note).to_contain_text("Leçon terminée ? Marquez-la comme terminée")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(note).to_contain_text("Terminée le ")
    expect(note).to_contain_text("enregistré dans ce navigateur")
    # the day as French writes it: "lun. 4 janv. 2027"
    done = page.locator(".ck-done-note").first.text_content() or ""
    assert re.search(r"Terminée le \S+ \d{1,2} \S+ \d{4},", done), done

    nav_link(page, "Basics").click()
    page.wait_for_url("**/basics/")
    ready(page, "/basics/")
    assert page.evaluate("window.__sameDocument") is True
    expect(page.locator("[data-ck-progress=module] .ck-progress__label")).to_contain_text(
        "1 sur 2 leçons terminées"
    )
    bar = page.locator("[data-ck-progress=module] .ck-bar")
    expect(bar).to_have_attribute("aria-label", "Progression dans Basics")

    page.goto(url + "basics/exercises/")
    ready(page, "/basics/exercises/")
    card = page.locator("[data-ck-card] details").first
    card.locator("summary").click()
    expect(card.locator(".ck-grade__prompt")).to_have_text("Comment cela s'est-il passé ?")
    expect(card.locator("[data-ck-grade=got_it]")).to_have_text("Je savais")
    expect(card.locator("[data-ck-grade=not_yet]")).to_have_text("Pas encore")
    card.locator("[data-ck-grade=got_it]").click()
    expect(card.locator(".ck-grade__status")).to_have_text("Enregistré : Je savais.")


@pytest.mark.material_theme  # Material sets the page's direction; Zensical's theme differs
def test_an_arabic_site_is_mirrored(page: Page, site_in, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = site_in("ar")
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(url + "basics/first-steps/")
    ready(page, "/basics/first-steps/")
    expect(page.locator("body")).to_have_attribute("dir", "rtl")  # Material sets it on body
    page.locator('[data-ck-lesson="first-steps"] button').click()

    page.goto(url + "basics/")
    ready(page, "/basics/")
    bar = page.locator("[data-ck-progress=module] .ck-bar").bounding_box()
    fill = page.locator("[data-ck-progress=module] .ck-bar__fill").bounding_box()
    assert bar and fill and 0 < fill["width"] < bar["width"]
    # half done: the fill grows from the right, where the page starts
    assert abs((fill["x"] + fill["width"]) - (bar["x"] + bar["width"])) < 1
    assert fill["x"] > bar["x"] + 1
    # previous at the start (right), next at the end (left)
    pager = page.locator(".ck-pager__link--next").bounding_box()
    article = page.locator("article").bounding_box()
    assert pager and article and pager["x"] < article["x"] + article["width"] / 2
    arrow = page.locator(".ck-pager__link--next .ck-arrow")
    assert "matrix(-1" in arrow.evaluate("e => getComputedStyle(e).transform")
    # the title column of the lessons table aligns to the right, where Arabic starts
    cell = page.locator(".ck-table td").first
    assert cell.evaluate("e => getComputedStyle(e).textAlign") == "right"

    page.goto(url)
    ready(page, "/")
    # mixed directions in reading order: the course's study time, "5 س 15 د – 7 س 15 د",
    # starts at the right, and an English description keeps its full stop at its end
    time = page.locator(".grid.cards li").first.locator("strong").first
    expect(time).to_have_text("5 س 15 د – 7 س 15 د")
    assert time.evaluate(NUMBERS_RIGHT_TO_LEFT) == ["5", "15", "7", "15"]
    description = page.locator("article [dir=auto]").first
    expect(description).to_have_text("A two-module course used by the tests.")
    assert description.evaluate("e => getComputedStyle(e).direction") == "ltr"
    # the script's words isolate an English title: "تابِع: Second steps"
    expect(page.locator(".ck-continue")).to_have_text("تابِع: \u2068Second steps\u2069")
    keep = os.environ.get("COURSEKIT_SCREENSHOTS") == "1"
    shot = SCREENSHOT if keep else tmp_path / SCREENSHOT.name
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000


# The numbers of an element's text, from the one laid out rightmost to the leftmost.
NUMBERS_RIGHT_TO_LEFT = """(element) => {
  const found = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.textContent.matchAll(/\\d+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      found.push([range.getBoundingClientRect().x, match[0]]);
    }
  }
  return found.sort((a, b) => b[0] - a[0]).map((pair) => pair[1]);
}"""


@pytest.mark.material_theme
def test_an_arabic_site_speaks_arabic(page: Page, site_in, mini_site_settings) -> None:  # type: ignore[no-untyped-def]
    """No English message of coursekit's left on the pages of an Arabic build, the
    script's words included (a lesson marked done, a flashcard graded), checked against
    the English catalog as the French and German builds are."""
    url = site_in("ar")
    wanted = english_fragments("ar", mini_site_settings)
    assert len(wanted) > 200  # most of the catalog is looked for, not a handful
    found: list[str] = []

    def look(path: str) -> None:
        page.goto(url + path)
        ready(page, "/" + path)
        expect(page.locator("html")).to_have_attribute("lang", "ar")
        text = page.evaluate(PAGE_TEXT).replace("\u2068", "").replace("\u2069", "")
        text = " ".join(text.split())
        for piece in sorted(wanted):
            if re.search(rf"(?<![\w-]){re.escape(piece)}(?![\w-])", text):
                found.append(f"{path or '/'}: {piece!r}")

    look("")  # before any progress: the dashboard's invitation
    page.goto(url + "basics/first-steps/")
    ready(page, "/basics/first-steps/")
    page.locator('[data-ck-lesson="first-steps"] button').click()
    expect(page.locator('[data-ck-lesson="first-steps"] .ck-done-note')).to_contain_text("أُنهي يوم")
    page.goto(url + "basics/exercises/")
    ready(page, "/basics/exercises/")
    card = page.locator("[data-ck-card] details").first
    card.locator("summary").click()
    card.locator("[data-ck-grade=got_it]").click()
    expect(card.locator(".ck-grade__status")).to_have_text("حُفظ: \u2068عرفتها\u2069.")
    for path in ARABIC_PAGES:
        look(path)
    assert found == [], "\n".join(found)
