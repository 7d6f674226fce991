"""Identifiers: what an id may look like, and the ids coursekit derives itself.

One home for the id rules, used by the course loader, the course index, the
progress exchange file and ``coursekit new`` alike. Patterns end in ``\\Z``, not
``$``: ``$`` also matches before a final newline, so ``"mini\\n"`` would pass.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

#: A course, module or lesson id (and an id written in an exercises file).
SLUG = re.compile(r"[a-z][a-z0-9-]{0,63}\Z")
SLUG_HELP = "lowercase letters, digits and '-', starting with a letter, at most 64 characters"
#: A flashcard id: a slug, or a derived ``<module>-q-<digest>`` (longer than 64).
CARD_ID = re.compile(r"[a-z][a-z0-9-]{0,127}\Z")


def is_slug(value: object) -> bool:
    return isinstance(value, str) and SLUG.match(value) is not None


def check_slug(value: object) -> str:
    """``value`` when it is a valid id; ``ValueError`` with the instructor's hint otherwise."""
    if not isinstance(value, str):
        raise ValueError(f"an id must be text ({SLUG_HELP})")
    if not SLUG.match(value):
        if value.strip() != value and SLUG.match(value.strip()):
            # "mini\n" from a YAML block scalar, or an id with a trailing space
            raise ValueError(
                f"{value!r} has spaces or line breaks around it; write '{value.strip()}'"
            )
        if len(value) > 64:
            raise ValueError(f"'{value}' is {len(value)} characters long; an id has at most 64")
        fixed = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        near = SLUG.match(fixed) and re.fullmatch(r"[A-Za-z0-9_ .-]+", value)
        hint = f" (did you mean '{fixed}'?)" if near else ""
        shown = value if value.isprintable() else repr(value)[1:-1]
        raise ValueError(f"'{shown}' is not a valid id{hint}: use {SLUG_HELP}")
    return value


def slugify(text: str, limit: int = 64) -> str:
    """An id made from a title or question: ``"Übung: Café"`` -> ``"ubung-cafe"``.

    The loader derives the ids of scenarios and tasks written without one this way,
    and ``coursekit new`` the ids it writes, so the two always agree.
    """
    # Accents are dropped, not the letters that carry them.
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if slug and not slug[0].isalpha():
        slug = "s-" + slug
    return slug[:limit].rstrip("-")


def default_card_id(module: str, question: str) -> str:
    """A flashcard's default id: stable when cards are reordered, new when reworded."""
    digest = hashlib.sha1(" ".join(question.split()).encode()).hexdigest()[:8]
    return f"{module}-q-{digest}"
