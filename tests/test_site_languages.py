"""The example course built in French and German by MkDocs: no English word of
coursekit's left on any page, dates in the locale's form, plurals right.

"English word of coursekit's" is checked against the English catalog itself: every
message id, cut at its placeholders and markup into fragments, is looked for in the
text of every page (and its labels); a fragment the course's own files also hold
(lesson bodies, titles, mkdocs.yml) cannot tell coursekit's words from the
instructor's, and is left out, and so is one the language writes the same way
("Total", "Module").
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coursekit.i18n import catalogs

pytestmark = pytest.mark.slow  # real MkDocs builds of the example course

REPO = Path(__file__).parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1798934400"}
PLACEHOLDER = re.compile(r"%\(\w+\)s|\[|\]\([^)]*\)|\*\*|__|`[^`]*`|[()\"“”:;.,?!…·—–]")
BLOCKS = {"p", "li", "td", "th", "tr", "div", "br", "h1", "h2", "h3", "h4", "nav", "summary",
          "details", "table", "section", "header", "footer", "label", "button", "option", "a"}
LABELS = ("aria-label", "title", "placeholder", "aria-valuetext", "alt")


class _Text(HTMLParser):
    """A page's visible text and labels; the script's words (JSON) apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.block = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id") == "ck-messages":
            self.block = found.get("data-messages") or ""
        if tag in ("script", "style"):
            self._in = tag
        if tag in BLOCKS:
            self.parts.append(" ")
        self.parts += [f" {v} " for k, v in attrs if k in LABELS and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._in = None
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self._in is None:
            self.parts.append(data)


def page_text(path: Path) -> tuple[str, str]:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join("".join(parser.parts).split()), parser.block


def fragments(message: str) -> list[str]:
    """The literal pieces of a message id worth looking for: two words or more."""
    pieces = (" ".join(p.split()) for p in PLACEHOLDER.split(message))
    return [p for p in pieces if len(p.split()) >= 2 and re.search(r"[a-z]{3}", p)]


def course_words() -> str:
    """Everything the course's own files say, where the same words are the instructor's."""
    texts = [(REPO / "mkdocs.yml").read_text(encoding="utf-8")]
    for folder in ("curriculum", "lessons", "exercises"):
        for path in (REPO / folder).rglob("*"):
            if path.suffix in (".yml", ".md", ".ipynb"):
                texts.append(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(texts).split())


def build(tmp: Path, code: str) -> Path:
    course = tmp / f"course-{code}"
    for name in ("curriculum", "lessons", "exercises", "templates"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, course / name)
    shutil.copy(REPO / "mkdocs.yml", course / "mkdocs.yml")
    spec = course / "curriculum" / "course.yml"
    spec.write_text(
        spec.read_text(encoding="utf-8") + f"language: {code}\nstart: 2027-01-04\n",
        encoding="utf-8",
    )
    out = tmp / f"site-{code}"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=course,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module", params=["fr", "de"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    code = request.param
    return code, build(tmp_path_factory.mktemp(code), code)


def leftovers(code: str, site: Path) -> tuple[list[str], int]:
    """(page: fragment) for each English fragment of coursekit's found, and how many
    fragments were looked for."""
    english = catalogs.read("en")
    target = catalogs.read(code)
    own = course_words()
    wanted: set[str] = set()
    for message in english:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        translated = target.get(ids[0])
        strings = translated.string
        written = " ".join(strings) if isinstance(strings, tuple) else strings
        for text in ids:
            for piece in fragments(text):
                if piece not in written and piece not in own:
                    wanted.add(piece)
    found = []
    for path in sorted(site.rglob("*.html")):
        text, _ = page_text(path)
        for piece in wanted:
            if re.search(rf"(?<![\w-]){re.escape(piece)}(?![\w-])", text):
                found.append(f"{path.relative_to(site)}: {piece!r}")
    return found, len(wanted)


def test_no_english_coursekit_words_on_any_page(built) -> None:
    code, site = built
    found, looked_for = leftovers(code, site)
    assert looked_for > 200  # most of the catalog is looked for, not a handful
    assert found == []


def test_the_site_script_gets_the_pages_words(built) -> None:
    code, site = built
    text, block = page_text(site / "foundations" / "intro-to-mlops" / "index.html")
    data = json.loads(block)
    assert data["lang"] == code
    expected = {"fr": "Marquer comme terminée", "de": "Als erledigt markieren"}[code]
    assert data["messages"]["Mark as done"] == expected
    html = (site / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{code}"' in html


def test_dates_and_plurals_in_the_locale_form(built) -> None:
    code, site = built
    home, _ = page_text(site / "index.html")
    plans, _ = page_text(site / "study-plans" / "index.html")
    timeline, _ = page_text(site / "timeline" / "index.html")
    if code == "fr":
        assert "Les plans commencent le lun. 4 janv. 2027." in plans
        assert "Semaine 1 · 4–10 janv. 2027" in plans
        assert "63 leçons en 15 modules" in timeline
        assert re.search(r"\b\d+ cartes mémoire\b", home)
        assert "Rythme Heures par jour Jours d'étude Par semaine Terminé en" in home
    else:
        assert "Die Pläne beginnen am Mo., 4. Jan. 2027." in plans
        assert "Woche 1 · 4.–10. Jan. 2027" in plans
        assert "63 Lektionen in 15 Modulen" in timeline
        assert re.search(r"\d+(–\d+)? Std\.", home)
    lesson, _ = page_text(site / "foundations" / "intro-to-mlops" / "index.html")
    singular = {"fr": "1 carte mémoire", "de": "1 Karteikarte"}[code]
    plural = {"fr": r"\b[2-9] cartes mémoire\b", "de": r"\b[2-9] Karteikarten\b"}[code]
    # somewhere in the course a module has one flashcard or more than one
    pages = [page_text(p)[0] for p in site.glob("*/index.html")]
    assert any(re.search(plural, text) for text in pages)
    assert any(singular in text for text in pages) or all(singular not in t for t in pages)
    assert lesson
