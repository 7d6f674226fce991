"""Flashcards and objectives: duplicate cards, and objectives no exercise practises.

* **Duplicate flashcards**: two cards whose questions are equal once case, Markdown
  emphasis, spacing and final punctuation are ignored.
* **Objectives no exercise refers to**: in a ready lesson, an objective is practised
  when an exercise of the course names the lesson (``lesson: <id>``), or when an
  exercise of the same module shares two significant words with it (one, for a one-word
  objective). Significant words have four letters or more and are not common verbs of
  objectives ("explain", "describe", ...) or stop words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from coursekit.course.files import exercises_file, key_line
from coursekit.course.loader import Loaded
from coursekit.errors import WARNING, Problem

# --------------------------------------------------------------------------- flashcards


def _normal_question(text: str) -> str:
    text = re.sub(r"[*_`]", "", text.casefold())
    return re.sub(r"[\s?.!:;]+$", "", " ".join(text.split()))


def duplicate_flashcards(loaded: Loaded) -> Iterator[Problem]:
    root = loaded.root
    seen: dict[str, tuple[str, str, int]] = {}
    for module in loaded.course.modules:
        source = exercises_file(root, module.id)
        for index, card in enumerate(module.flashcards):
            key = _normal_question(card.q)
            if key not in seen:
                seen[key] = (card.id, source, index)
                continue
            # Lines are looked up only for duplicates: parsing is the costly part.
            first_id, first_source, first_index = seen[key]
            first_line = key_line(root, first_source, ("flashcards", first_index, "q"))
            where = first_source + (f":{first_line}" if first_line else "")
            yield Problem(
                source,
                f"card '{card.id}' asks the same question as card '{first_id}' ({where}); "
                "merge them or reword one",
                key_line(root, source, ("flashcards", index, "q")),
                f"flashcards[{index}].q",
                WARNING,
            )


# --------------------------------------------------------------------------- objectives

# fmt: off
_STOP = frozenset((
    "about", "above", "after", "again", "also", "apply", "because", "been", "before",
    "being", "between", "both", "build", "built", "could", "does", "doing", "down", "each",
    "explain", "describe", "define", "discuss", "demonstrate", "during", "even", "every",
    "from", "give", "have", "having", "here", "into", "just", "know", "learn", "learner",
    "like", "list", "make", "many", "more", "most", "much", "name", "need", "only", "other",
    "over", "recognise", "recognize", "same", "should", "show", "some", "such", "tell",
    "than", "that", "their", "them", "then", "there", "these", "they", "this", "those",
    "through", "under", "understand", "until", "using", "what", "when", "where", "which",
    "while", "with", "within", "without", "would", "write", "your", "able", "identify",
    "compare", "choose", "create", "decide", "design", "implement", "outline", "summarise",
    "summarize",
))
# fmt: on


def significant_words(text: str) -> set[str]:
    """Content words of ``text``, crudely stemmed, for matching objectives to exercises."""
    words = re.findall(r"[a-z][a-z0-9]+", text.casefold())
    return {_stem(w) for w in words if len(w) >= 4 and w not in _STOP}


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def objectives_without_exercises(loaded: Loaded) -> Iterator[Problem]:
    course = loaded.course
    linked = {
        x.lesson
        for m in course.modules
        for x in (*m.flashcards, *m.scenarios, *m.tasks)
        if x.lesson
    }
    for module in course.modules:
        texts = [significant_words(f"{c.q} {c.a}") for c in module.flashcards]
        texts += [
            significant_words(f"{s.title} {s.situation} {s.task} {s.answer}")
            for s in module.scenarios
        ]
        texts += [significant_words(f"{t.title} {t.instructions}") for t in module.tasks]
        for lesson in module.lessons:
            if lesson.status != "ready" or lesson.id in linked or not lesson.objectives:
                continue
            missing = [o for o in lesson.objectives if not _practised(o, texts)]
            if not missing:
                continue
            quoted = "; ".join(f"'{o}'" for o in missing)
            yield Problem(
                lesson.source,
                f"no exercise refers to {quoted}: add a flashcard or scenario with "
                f"`lesson: {lesson.id}` in {exercises_file(loaded.root, module.id)}",
                key_line(loaded.root, lesson.source, ("objectives",)),
                "objectives",
                WARNING,
            )


def _practised(objective: str, exercises: list[set[str]]) -> bool:
    words = significant_words(objective)
    if not words:
        return True  # nothing to match on: do not guess
    need = min(2, len(words))
    return any(len(words & exercise) >= need for exercise in exercises)
