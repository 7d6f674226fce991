"""The message catalogs' upkeep: extract every message coursekit writes, update the
``.po`` files, and say what a catalog lacks. Used by ``python3 dev.py messages`` and
the catalog tests, never when pages are made.

Messages are found with Babel's extractors, by the calls that write them:

* Python (``src/coursekit/**/*.py``): ``t._("...")`` and ``t.ngettext("...", "...", n)``;
* page templates (``site/templates/*.j2``, Jinja's extractor): ``_("...")`` and
  ``ngettext(...)``;
* the site script (``site/static/*.js``): ``t("...")`` and ``tn("...", "...", n)``.

``en.po`` holds every message with an empty translation (English is the message id
itself) and the place each comes from: the script's messages are those found in a
``.js`` file, and each page carries exactly them (site/render.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

from coursekit.i18n import CATALOGS, DOMAIN, ENGLISH, catalog_path, supported_languages

PACKAGE = Path(__file__).resolve().parent.parent
PROJECT = PACKAGE.parent.parent  # the repository, for the locations in en.po

PYTHON_KEYWORDS = {"_": None, "ngettext": (1, 2)}
JS_KEYWORDS = {"t": None, "tn": (1, 2)}
HEADER = "# coursekit's words on pages, in study plans and calendars"


def _sources() -> Iterator[tuple[Path, str, dict[str, Any], dict[str, Any]]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if "__pycache__" not in path.parts and path.name != "catalogs.py":
            yield path, "python", PYTHON_KEYWORDS, {}
    for path in sorted((PACKAGE / "site" / "templates").glob("*.j2")):
        options = {"trim_blocks": "true", "lstrip_blocks": "true"}
        yield path, "jinja2.ext:babel_extract", PYTHON_KEYWORDS, options
    for path in sorted((PACKAGE / "site" / "static").glob("*.js")):
        yield path, "javascript", JS_KEYWORDS, {"parse_template_string": True}


def extract() -> Any:
    """Every message of the package's code, templates and script: a Babel ``Catalog``."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file

    catalog = Catalog(locale=ENGLISH, domain=DOMAIN, project="coursekit", header_comment=HEADER)
    for path, method, keywords, options in _sources():
        found = extract_from_file(method, path, keywords=keywords, options=options)
        where = path.relative_to(PROJECT).as_posix()
        for line, message, comments, context in found:
            catalog.add(message, None, [(where, line)], auto_comments=comments, context=context)
    return catalog


def read(code: str) -> Any:
    from babel.messages.pofile import read_po

    with catalog_path(code).open("rb") as source:
        return read_po(source, locale=code, domain=DOMAIN)


def write(catalog: Any, path: Path) -> None:
    from babel.messages.pofile import write_po

    out = BytesIO()
    write_po(out, catalog, width=100, include_previous=True, include_lineno=False)
    path.write_bytes(out.getvalue())


def update() -> dict[str, int]:
    """Write en.po from the sources and update every other catalog to its messages.

    Returns, per language, how many messages still lack a translation (new ones, and
    changed ones, which Babel keeps as fuzzy with the old text)."""
    template = extract()
    write(template, catalog_path(ENGLISH))
    missing = {}
    for code in supported_languages():
        if code == ENGLISH:
            continue
        catalog = read(code)
        catalog.update(template, update_header_comment=False)
        catalog.obsolete.clear()
        write(catalog, catalog_path(code))
        missing[code] = len(problems(code))
    return missing


def new_language(code: str) -> Path:
    """Start a catalog for ``code`` from en.po (``python3 dev.py messages --new CODE``)."""
    from babel.messages.catalog import Catalog

    template = read(ENGLISH)
    catalog = Catalog(locale=code, domain=DOMAIN, project="coursekit", header_comment=HEADER)
    catalog.update(template)
    path = CATALOGS / f"{code}.po"
    write(catalog, path)
    return path


def problems(code: str) -> list[str]:
    """What keeps a catalog from being complete: each message of en.po without a
    translation, fuzzy, with a plural form missing, or whose placeholders differ."""
    english = read(ENGLISH)
    catalog = read(code)
    found = []
    for message in english:
        if not message.id:
            continue
        key = message.id if not message.pluralizable else message.id[0]
        translated = catalog.get(key, message.context)
        label = key if isinstance(key, str) else key[0]
        if translated is None:
            found.append(f"{code}.po: missing {label!r}")
            continue
        if translated.fuzzy:
            found.append(f"{code}.po: fuzzy {label!r}")
        strings = (
            translated.string if isinstance(translated.string, tuple) else (translated.string,)
        )
        if message.pluralizable and len(strings) != catalog.num_plurals:
            found.append(f"{code}.po: {label!r} needs {catalog.num_plurals} plural forms")
        if not all(strings):
            found.append(f"{code}.po: untranslated {label!r}")
    for message, errors in catalog.check():
        for error in errors:
            found.append(f"{code}.po:{message.lineno}: {message.id!r}: {error}")
    return found
