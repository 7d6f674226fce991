"""The course's language: the words coursekit writes into pages, plans and calendars.

One setting chooses it (``language:`` in course.yml, else ``theme.language`` in
mkdocs.yml; see docs/languages.md). :func:`language` turns the code into a
:class:`Language`: the message catalog to use, the Babel locale that dates and
numbers follow, and the direction of the script. A code without a catalog falls back
to English words (``supported`` is false, and ``coursekit check`` warns), keeping its
direction, so a Hebrew site is still laid out right to left.

:class:`Messages` is what page, plan and calendar code write with: ``t._("Study
time")``, ``t.ngettext("%(n)s lesson", "%(n)s lessons", 2)``, ``t.date(day)``,
``t.duration(study_time)``. The catalogs are gettext ``.po`` files in
``coursekit/i18n/catalogs/``, keyed by the English text; they are compiled with Babel
when a language is first used in a process (a few milliseconds, measured in
benchmarks/bench_i18n.py), so an installed package needs no build step. English never
loads a catalog nor Babel: its words are the message ids, and its dates come from
:mod:`coursekit.dates` directly, which keeps the learner's terminal commands light.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from coursekit import dates
from coursekit.model import Duration, DurationWords, format_minutes, format_minutes_range

CATALOGS = Path(__file__).parent / "catalogs"
DOMAIN = "coursekit"
ENGLISH = "en"

# Scripts written right to left, by language (Material's languages among them).
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "yi", "ps", "dv", "ckb"})

# The Babel locale whose dates, numbers and week start a language's pages follow,
# where the bare language would pick another region than the catalog is written for:
# coursekit's English writes "Mon 4 Jan 2027" with weeks from Monday (en_GB).
# A region picks its own formats: "pt-PT", "fr-CA", "de-CH".
FORMAT_LOCALES = {"en": "en_GB"}

_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def supported_languages() -> tuple[str, ...]:
    """The languages with a catalog: one ``<code>.po`` file each, English first."""
    codes = sorted(p.stem for p in CATALOGS.glob("*.po"))
    return (ENGLISH, *(c for c in codes if c != ENGLISH))


@dataclass(frozen=True, slots=True)
class Language:
    """A course's language, resolved."""

    code: str  # as configured, normalised: "fr", "pt-BR", "" for none
    catalog: str  # the catalog its words come from: "fr", or "en" when there is none
    locale: str  # the Babel locale of dates and numbers: "fr", "en_GB", "pt_BR"
    direction: str  # "ltr" or "rtl"
    supported: bool  # False when the code has no catalog (English words then)

    @property
    def tag(self) -> str:
        """The language of the words on the page, for ``lang`` attributes: ``fr``, ``pt``."""
        return self.catalog


def normalise(code: object) -> str:
    """``pt_br`` and ``pt-BR`` alike as ``pt-BR``; anything but a language code as ``""``."""
    if not isinstance(code, str) or not _CODE.match(code.strip()):
        return ""
    first, *rest = re.split(r"[-_]", code.strip())
    return "-".join([first.lower(), *(p.upper() if len(p) == 2 else p.title() for p in rest)])


@lru_cache(maxsize=64)
def language(code: str | None) -> Language:
    """The :class:`Language` of a configured code (``None`` or ``""``: English)."""
    norm = normalise(code or ENGLISH) or ENGLISH
    base = norm.split("-")[0]
    direction = "rtl" if base in RTL_LANGUAGES else "ltr"
    if base not in supported_languages():
        return Language(norm, ENGLISH, FORMAT_LOCALES[ENGLISH], direction, False)
    regional = norm.replace("-", "_")
    locale = FORMAT_LOCALES.get(norm, regional if "-" in norm else FORMAT_LOCALES.get(base, base))
    return Language(norm, base, locale, direction, True)


def unsupported_message(code: str) -> str:
    """What ``coursekit check`` says about a language without a catalog."""
    names = ", ".join(supported_languages())
    return (
        f"coursekit has no translation for '{code}': its own words on the site, in plans and "
        f"calendars stay English (supported: {names}); see docs/languages.md to add one"
    )


# --------------------------------------------------------------------------- catalogs


def catalog_path(code: str) -> Path:
    return CATALOGS / f"{code}.po"


@lru_cache(maxsize=16)
def _translations(code: str) -> Any:
    """The compiled catalog of ``code``: the ``.po`` read and compiled by Babel, in memory."""
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    with catalog_path(code).open("rb") as source:
        catalog = read_po(source, locale=code, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


class Messages:
    """Words, numbers, dates and durations in one language.

    Message ids are the English text, with ``%(name)s`` placeholders; ``ngettext``
    always offers ``n``, the count written in the locale's digits.
    """

    def __init__(self, lang: Language | str | None = None) -> None:
        self.language = lang if isinstance(lang, Language) else language(lang)
        self.english = self.language.catalog == ENGLISH
        self._catalog = None if self.english else _translations(self.language.catalog)
        self.locale = None if self.english else self.language.locale
        self._words = (
            DurationWords()
            if self.english
            else DurationWords(
                hours=self._("%(count)s h").replace("%(count)s", "{}"),
                minutes=self._("%(count)s min").replace("%(count)s", "{}"),
                number=self.number,
            )
        )

    # ----------------------------------------------------------------- words

    def _(self, message: str, **params: Any) -> str:
        """The translation of ``message``, its ``%(name)s`` placeholders filled from ``params``."""
        text = message if self._catalog is None else self._catalog.ugettext(message)
        return text % params if params else text

    def ngettext(self, singular: str, plural: str, count: int, /, **params: Any) -> str:
        """The plural form for ``count`` (by the catalog's plural rule), placeholders filled:
        ``%(n)s`` is the count in the locale's digits unless ``params`` give ``n``."""
        if self._catalog is None:
            text = singular if count == 1 else plural
        else:
            text = self._catalog.ungettext(singular, plural, count)
        return text % {"n": self.number(count), **params}

    def plural_forms(self, singular: str, plural: str) -> dict[str, str]:
        """The forms of a plural message by CLDR category (``one``, ``few``, ``other``...),
        for the site's script, which picks one with ``Intl.PluralRules``."""
        if self._catalog is None:
            return {"one": singular, "other": plural}
        samples = _plural_samples(self.language.catalog)
        return {tag: self._catalog.ungettext(singular, plural, n) for tag, n in samples.items()}

    # ----------------------------------------------------------------- numbers and times

    def number(self, value: float) -> str:
        """``1,5`` in French, ``1.5`` in English; whole numbers without a group below 10,000."""
        if self.locale is None:
            return f"{value:g}" if isinstance(value, float) else str(value)
        from babel.numbers import format_decimal

        grouped = abs(value) >= 10_000
        return format_decimal(value, locale=self.locale, group_separator=grouped)

    def minutes(self, minutes: int) -> str:
        """``45 min``, ``3 h 15 min`` (``3 Std. 15 Min.`` in German)."""
        return format_minutes(minutes, self._words)

    def minutes_range(self, low: int, high: int) -> str:
        return format_minutes_range(low, high, self._words)

    def duration(self, value: Duration) -> str:
        """A study time: ``7–10 h``, ``30–60 min``."""
        return format_minutes_range(value.low, value.high, self._words)

    def date(self, day: date) -> str:
        """``Mon 4 Jan 2027``, ``lun. 4 janv. 2027``."""
        return dates.format_date(day, self.locale)

    def day(self, day: date) -> str:
        """``Mon 4 Jan``, ``lun. 4 janv.``."""
        return dates.format_day(day, self.locale)

    def span(self, first: date, last: date) -> str:
        """``4–10 Jan 2027``, ``4–10 janv. 2027``."""
        return dates.format_span(first, last, self.locale)

    def moment(self, moment: datetime) -> str:
        return dates.format_moment(moment, self.locale)

    def weekday(self, day: date) -> str:
        """``Mon``, ``lun.``."""
        return dates.weekday_name(day, self.locale)

    def weekday_names(self) -> tuple[str, ...]:
        """Monday to Sunday, in full: ``Monday``, ``lundi``."""
        return dates.weekday_names(self.locale)

    def weekday_abbreviations(self) -> tuple[str, ...]:
        """Monday to Sunday, abbreviated: ``Mon``, ``lun.``."""
        return dates.weekday_abbreviations(self.locale)

    @property
    def first_week_day(self) -> int:
        """The day the locale's weeks start on, 0 = Monday (``date.weekday()``)."""
        return dates.first_week_day(self.locale)


@lru_cache(maxsize=16)
def _plural_samples(code: str) -> dict[str, int]:
    """A number of each CLDR plural category of the language: ``{"one": 1, "other": 0}``."""
    from babel import Locale

    rule = Locale.parse(code).plural_form
    found: dict[str, int] = {}
    for n in (*range(200), 1_000_000):
        found.setdefault(rule(n), n)
    return found


@lru_cache(maxsize=32)
def messages(code: str | None = None) -> Messages:
    """The :class:`Messages` of a language code, made once per process."""
    return Messages(language(code))


def script_messages(t: Messages) -> dict[str, Any]:
    """The site script's words in ``t``'s language, for the page's element of them (JSON).

    The script's messages are those the English catalog locates in a ``.js`` file;
    each maps its English text to the translation, a plural message its singular to
    its forms by CLDR category (``{"one": ..., "other": ...}``).
    """
    result: dict[str, Any] = {}
    for message in _script_ids():
        if isinstance(message, tuple):
            result[message[0]] = t.plural_forms(*message)
        else:
            result[message] = t._(message)
    return result


@lru_cache(maxsize=1)
def _script_ids() -> tuple[str | tuple[str, str], ...]:
    """The message ids the site script uses, from the English catalog's locations."""
    from babel.messages.pofile import read_po

    with catalog_path(ENGLISH).open("rb") as source:
        catalog = read_po(source, locale=ENGLISH, domain=DOMAIN)
    found: list[str | tuple[str, str]] = []
    for message in catalog:
        if message.id and any(where.endswith(".js") for where, _ in message.locations):
            found.append(tuple(message.id) if message.pluralizable else message.id)
    return tuple(found)
