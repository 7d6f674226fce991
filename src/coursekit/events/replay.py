"""The replay rules of the event log, the same for progress, review and the site:

- ``undo`` (``data.event`` = a uid) cancels that event; an undone ``undo`` cancels
  nothing, so undoing twice in a row walks further back, never in circles.
- ``reset`` cancels every event recorded before it (recording order, so a lesson
  marked done after a reset with ``--on`` a date before it still counts).
- Everything else counts, in time order (ties: recording order).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from operator import attrgetter

from coursekit.events.event import Event


def effective_events(events: Iterable[Event]) -> list[Event]:
    """The events still in force (undo and reset applied), in time order.

    ``undo`` and ``reset`` events themselves are not returned.
    """
    events = list(events)
    if not any(e.type == "undo" or e.type == "reset" for e in events):
        return sorted(events, key=_time_order)  # nothing cancelled (the common case)
    kept: list[Event] = []
    for event in _not_undone_newest_first(events):
        if event.type == "reset":
            break
        kept.append(event)
    kept.sort(key=_time_order)
    return kept


_time_order = attrgetter("at", "seq")


def last_undoable(events: Sequence[Event], types: Sequence[str]) -> Event | None:
    """The most recently recorded event of ``types`` still in force (``undo``'s target).

    A reset that is still in force can itself be undone, bringing back what it hid.
    """
    return next((e for e in _not_undone_newest_first(events) if e.type in types), None)


def _not_undone_newest_first(events: Sequence[Event]) -> Iterator[Event]:
    """Events no ``undo`` in force cancels, last recorded first (``undo`` events left out).

    Walking backwards settles chains: an undone ``undo`` cancels nothing.
    """
    recorded = sorted(enumerate(events), key=lambda pair: (pair[1].seq, pair[0]))
    undone: set[str] = set()
    for _, event in reversed(recorded):
        if event.uid in undone:
            continue
        if event.type == "undo":
            target = event.data.get("event")
            if isinstance(target, str):
                undone.add(target)
            continue
        yield event
