"""Courses in any language: the language setting, the catalogs, the locale's dates,
numbers and plurals, plans and calendars in the course's language, and the check's
warning. The site built in French and German is in test_site_languages.py."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coursekit.checks.check import check_course
from coursekit.cli import app
from coursekit.course.loader import load_course
from coursekit.i18n import Messages, catalogs, language, messages, supported_languages
from coursekit.plan.model import describe_days, study_days_text, weeks_text

runner = CliRunner()
SHIPPED = ("en", "ar", "de", "es", "fr", "pt")


def set_language(course: Path, code: str, where: str = "course.yml") -> None:
    if where == "course.yml":
        path = course / "curriculum" / "course.yml"
        path.write_text(path.read_text(encoding="utf-8") + f"language: {code}\n", encoding="utf-8")
    else:
        (course / "mkdocs.yml").write_text(
            f"site_name: Mini\ntheme:\n  name: material\n  language: {code}\n"
            "plugins: [coursekit]\n",
            encoding="utf-8",
        )


# --------------------------------------------------------------------------- catalogs


def test_the_shipped_languages_are_those_with_a_catalog() -> None:
    assert supported_languages() == SHIPPED


def test_the_english_catalog_holds_exactly_the_messages_of_the_code() -> None:
    """en.po is what extraction finds now: run `python3 dev.py messages` after changing
    a message, and translate what it reports."""
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogs.extract() if m.id}
    stored = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogs.read("en") if m.id}
    assert ids - stored == set(), "messages missing from en.po: run `python3 dev.py messages`"
    assert stored - ids == set(), "en.po has messages the code no longer writes"
    assert len(ids) > 250  # the pages, the script, the plans and the calendars


@pytest.mark.parametrize("code", [c for c in SHIPPED if c != "en"])
def test_every_catalog_translates_every_message(code: str) -> None:
    assert catalogs.problems(code) == []


def test_a_catalog_missing_a_message_is_reported(tmp_path: Path, monkeypatch) -> None:
    import coursekit.i18n as i18n

    for name in ("en.po", "fr.po"):
        (tmp_path / name).write_bytes((i18n.CATALOGS / name).read_bytes())
    text = (tmp_path / "fr.po").read_text(encoding="utf-8")
    cut = text.replace('msgstr "Marquer comme terminée"', 'msgstr ""')
    assert cut != text
    (tmp_path / "fr.po").write_text(cut, encoding="utf-8")
    monkeypatch.setattr(i18n, "CATALOGS", tmp_path)
    assert catalogs.problems("fr") == ["fr.po: untranslated 'Mark as done'"]


def test_the_script_messages_come_from_the_js_files() -> None:
    from coursekit.i18n import script_messages

    words = script_messages(messages("fr"))
    assert words["Mark as done"] == "Marquer comme terminée"
    assert words["Got it"] == "Je savais"
    forms = words["%(done)s of %(n)s lesson done"]
    assert {"one", "other"} <= set(forms)
    assert forms["one"] == "%(done)s sur %(n)s leçon terminée"
    assert "Study time" not in words  # a page's word, not the script's


# --------------------------------------------------------------------------- the setting


def test_language_codes_resolve_to_a_catalog_a_locale_and_a_direction() -> None:
    assert language(None) == language("en")
    assert language("fr").locale == "fr" and language("fr").supported
    assert language("pt-BR").catalog == "pt" and language("pt_br").locale == "pt_BR"
    assert language("en").locale == "en_GB"  # coursekit's English: Mon 4 Jan 2027
    arabic = language("ar")
    assert (arabic.catalog, arabic.direction, arabic.supported) == ("ar", "rtl", True)
    hebrew = language("he")  # right to left without a catalog: English words, mirrored
    assert (hebrew.catalog, hebrew.direction, hebrew.supported) == ("en", "rtl", False)
    assert language("not a code").catalog == "en"


def test_course_yml_wins_over_mkdocs_yml(mini_course: Path) -> None:
    set_language(mini_course, "de", where="mkdocs.yml")
    assert load_course(mini_course).course.language == "de"
    set_language(mini_course, "fr")
    assert load_course(mini_course).course.language == "fr"


def test_mkdocs_yml_with_python_tags_still_gives_its_language(mini_course: Path) -> None:
    (mini_course / "mkdocs.yml").write_text(
        "site_name: Mini\ntheme:\n  name: material\n  language: es\nplugins: [coursekit]\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8",
    )
    assert load_course(mini_course).course.language == "es"


def test_an_unsupported_language_is_a_check_warning_naming_the_supported_ones(
    mini_course: Path,
) -> None:
    set_language(mini_course, "it")
    (warning,) = [w for w in check_course(mini_course).warnings if w.key == "language"]
    assert warning.path == "curriculum/course.yml"
    assert warning.line == len((mini_course / "curriculum/course.yml").read_text().splitlines())
    assert "'it'" in warning.message and "en, ar, de, es, fr, pt" in warning.message
    result = runner.invoke(app, ["check", str(mini_course)])
    assert result.exit_code == 0
    assert "warning: curriculum/course.yml:" in result.output


def test_a_supported_language_gives_no_warning(mini_course: Path) -> None:
    set_language(mini_course, "de", where="mkdocs.yml")
    assert not [w for w in check_course(mini_course).warnings if w.key == "language"]


def test_an_unsupported_language_falls_back_to_english_pages(mini_course: Path) -> None:
    from coursekit.site.render import render_site

    set_language(mini_course, "it")
    pages = render_site(load_course(mini_course).course)
    assert "Study time" in pages["basics/first-steps.md"]
    assert "ck-messages" not in pages["basics/first-steps.md"]


# --------------------------------------------------------------------------- formats


def test_dates_in_the_locale_form() -> None:
    day = date(2027, 1, 4)
    assert messages("fr").date(day) == "lun. 4 janv. 2027"
    assert messages("de").date(day) == "Mo., 4. Jan. 2027"
    assert messages("es").date(day) == "lun, 4 ene 2027"
    assert messages("en").date(day) == "Mon 4 Jan 2027"
    assert messages("fr").span(day, date(2027, 1, 10)) == "4–10 janv. 2027"
    # CLDR's interval pattern keeps thin spaces around the dash
    span = messages("de").span(date(2027, 1, 29), date(2027, 2, 4))
    assert span.replace("\u2009", " ") == "29. Jan. – 4. Feb. 2027"


def test_english_dates_match_babels_british_english_without_its_comma() -> None:
    from babel.dates import format_skeleton

    from coursekit.dates import format_date

    for day in (date(2027, 1, 4), date(2026, 12, 31), date(2028, 2, 29)):
        british = format_skeleton("yMMMEd", day, locale="en_GB")
        assert format_date(day) == british.replace(",", "")


def test_numbers_and_durations_in_the_locale_form() -> None:
    fr, de = messages("fr"), messages("de")
    assert fr.number(1.5) == "1,5"
    assert fr.number(12000) == "12\u202f000"
    assert fr.minutes(90) == "1 h 30 min"
    assert de.minutes(195) == "3 Std. 15 Min."
    assert de.minutes_range(420, 600) == "7–10 Std."
    assert messages("en").minutes_range(195, 255) == "3 h 15 min – 4 h 15 min"


def test_plurals_follow_each_language_rule() -> None:
    fr = messages("fr")
    lessons = [fr.ngettext("%(n)s lesson", "%(n)s lessons", n) for n in (0, 1, 2)]
    assert lessons == ["0 leçon", "1 leçon", "2 leçons"]
    en = messages("en")
    assert [en.ngettext("%(n)s lesson", "%(n)s lessons", n) for n in (0, 1, 2)] == [
        "0 lessons",
        "1 lesson",
        "2 lessons",
    ]
    assert study_days_text(2, 4, messages("de")) == "2–4 Lerntage"
    assert weeks_text(1, 1, messages("es")) == "1 semana"


def test_arabic_has_its_six_plural_forms() -> None:
    ar = messages("ar")
    counts = (0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111)
    lessons = [ar.ngettext("%(n)s lesson", "%(n)s lessons", n) for n in counts]
    assert lessons == [
        "0 درس",  # zero
        "درس واحد",  # one
        "درسان",  # two
        "3 دروس",  # few: 3 to 10
        "10 دروس",
        "11 درسًا",  # many: 11 to 99
        "99 درسًا",
        "100 درس",  # other
        "102 درس",
        "103 دروس",  # few again: n % 100 in 3..10
        "111 درسًا",
    ]
    # the script picks the same forms by CLDR category
    forms = ar.plural_forms("%(n)s lesson", "%(n)s lessons")
    assert set(forms) == {"zero", "one", "two", "few", "many", "other"}
    assert forms["two"] == "درسان" and forms["many"] == "%(n)s درسًا"


def test_arabic_numbers_dates_and_durations_keep_babels_latin_digits() -> None:
    ar = messages("ar")
    assert ar.number(1.5) == "1.5" and ar.number(12000) == "12,000"
    assert ar.date(date(2027, 1, 4)) == "الاثنين، 4 يناير 2027"
    assert ar.span(date(2027, 1, 4), date(2027, 1, 10)) == "4–10 يناير 2027"
    assert ar.minutes(315) == "5 س 15 د"
    assert ar.minutes_range(315, 435) == "5 س 15 د – 7 س 15 د"


def test_weeks_follow_the_locale_first_day() -> None:
    brazil = Messages("pt-BR")
    assert brazil.first_week_day == 6
    # Sunday first, as a Brazilian calendar shows the week
    assert describe_days((0, 2, 6), brazil) == "dom., seg., qua."
    assert describe_days((0, 2, 6), messages("fr")) == "lun., mer., dim."
    assert describe_days((0, 2, 6)) == "Mon, Wed, Sun"


def test_english_needs_no_babel() -> None:
    """The learner's terminal commands stay light: English words and dates load no Babel."""
    code = (
        "import sys; from datetime import date\n"
        "from coursekit.plan.model import study_days_text\n"
        "from coursekit.dates import format_date\n"
        "import coursekit.cli.progress\n"
        "print(study_days_text(2, 3), format_date(date(2027, 1, 4)))\n"
        "assert 'babel' not in sys.modules, sorted(m for m in sys.modules if 'babel' in m)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2–3 study days Mon 4 Jan 2027"


# --------------------------------------------------------------------------- plans, calendars


def test_plan_is_in_the_course_language(mini_course: Path) -> None:
    set_language(mini_course, "fr")
    result = runner.invoke(app, ["plan", str(mini_course), "--start", "2027-01-04"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Plan d'étude · Mini Course" in out
    assert "début le lun. 4 janv. 2027" in out
    assert "Semaine 1 · 4–8 janv. 2027" in out
    assert "Jour" in out and "Résultat" in out
    assert "Study plan" not in out and "Week 1" not in out


def test_a_relative_french_plan_says_where_a_part_continues_without_a_date(
    mini_course: Path,
) -> None:
    """"Suite le" goes before a date; a relative plan's day (Semaine 1 · Jour 3) is not one."""
    from coursekit.site.render import render_site

    set_language(mini_course, "fr")
    page = render_site(load_course(mini_course).course)["study-plans.md"]
    assert "Suite : Semaine 1 · Jour 3" in page
    assert "Suite le Semaine" not in page
    dated = runner.invoke(app, ["plan", str(mini_course), "--start", "2027-01-04"]).output
    assert "Suite le mer. 6 janv." in dated


def test_language_option_overrides_the_course(mini_course: Path) -> None:
    set_language(mini_course, "fr")
    args = ["plan", str(mini_course), "--start", "2027-01-04", "--format", "md"]
    result = runner.invoke(app, [*args, "--language", "de"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Lernplan: Mini Course")
    assert "- **Beginn:** Mo., 4. Jan. 2027" in result.output
    english = runner.invoke(app, [*args, "--language", "en"])
    assert english.output.startswith("# Study plan: Mini Course")


def test_an_unknown_language_option_is_one_clear_error(mini_course: Path) -> None:
    result = runner.invoke(app, ["plan", str(mini_course), "--language", "fx"])
    assert result.exit_code != 0
    assert "error: --language:" in result.output
    assert "en, ar, de, es, fr, pt" in result.output
    assert "Traceback" not in result.output


def test_the_calendar_is_in_the_course_language(mini_course: Path, tmp_path: Path) -> None:
    from icalendar import Calendar

    set_language(mini_course, "es")
    out = tmp_path / "plan.ics"
    args = ["plan", str(mini_course), "--start", "2027-01-04", "--out", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    calendar = Calendar.from_ical(out.read_bytes())
    assert str(calendar["x-wr-calname"]) == "Mini Course (ritmo moderado)"
    events = list(calendar.walk("VEVENT"))
    description = str(events[0]["description"])
    assert "Día de estudio 1 de" in description and "desde el lun, 4 ene 2027" in description
    assert events[0]["summary"].params["LANGUAGE"] == "es"
    assert "Study day" not in out.read_text(encoding="utf-8")


def test_plan_json_stays_data_in_english(mini_course: Path) -> None:
    set_language(mini_course, "fr")
    args = ["plan", str(mini_course), "--start", "2027-01-04", "--json"]
    data = json.loads(runner.invoke(app, args).output)
    assert data["pace"]["name"] == "moderate" and data["weeks"][0]["days"][0]["weekday"] == "mon"


# --------------------------------------------------------------------------- directions


def test_an_arabic_page_sets_apart_study_times_and_english_text(mini_course: Path) -> None:
    from coursekit.site.render import render_site

    set_language(mini_course, "ar")
    pages = render_site(load_course(mini_course).course)
    home = pages["index.md"]
    assert "__<bdi>5 س 15 د – 7 س 15 د</bdi>__ من الدراسة" in home
    # an English description: a block of its own direction, full stop at its end
    assert '<div dir="auto" markdown>\n\nA two-module course used by the tests.\n\n</div>' in home
    lesson = pages["basics/first-steps.md"]
    assert "الدرس 1 من 2 في <bdi>Basics</bdi>" in lesson


def test_a_left_to_right_page_sets_apart_only_right_to_left_text(mini_course: Path) -> None:
    from coursekit.site.render import render_site

    english = render_site(load_course(mini_course).course)
    assert not any("<bdi>" in page or 'dir="auto"' in page for page in english.values())
    path = mini_course / "curriculum" / "course.yml"
    text = path.read_text(encoding="utf-8")
    arabic = text.replace("A two-module course used by the tests.", "دورة من وحدتين.")
    path.write_text(arabic, encoding="utf-8")
    home = render_site(load_course(mini_course).course)["index.md"]
    assert '<div dir="auto" markdown>\n\nدورة من وحدتين.\n\n</div>' in home
