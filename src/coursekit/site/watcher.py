"""Changes to a course's files, noticed by looking at them a few times a second.

Used by ``coursekit serve --engine zensical``, which re-renders the course when one of
its files changes. A poll of a 1,000-lesson course is a few thousand ``stat`` calls,
a few milliseconds; it needs no file-system events, so it behaves the same on every
system and in every folder (network drives, containers).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

Snapshot = dict[str, tuple[int, int]]


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """``{file: (modification time, size)}`` for every file at or under ``paths``."""
    found: Snapshot = {}
    for path in paths:
        if path.is_file():
            stat = path.stat()
            found[str(path)] = (stat.st_mtime_ns, stat.st_size)
            continue
        for current, dirs, names in os.walk(path):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in names:
                file = os.path.join(current, name)
                try:
                    stat = os.stat(file)
                except OSError:  # deleted between the listing and the look
                    continue
                found[file] = (stat.st_mtime_ns, stat.st_size)
    return found


class Watcher:
    """Tells when any file at or under ``paths`` was added, changed or deleted."""

    def __init__(self, paths: Iterable[Path], interval: float = 0.1) -> None:
        self.paths = list(paths)  # a folder made later (a first templates/) counts too
        self.interval = interval
        self._last = snapshot(self.paths)

    def wait(self, stop: Callable[[], bool] = lambda: False) -> bool:
        """Return ``True`` once something changed and the changes stopped for one
        interval (an editor that saves in several steps gives one rebuild, not three),
        or ``False`` as soon as ``stop()`` is true."""
        while True:
            time.sleep(self.interval)
            if stop():
                return False
            current = snapshot(self.paths)
            if current != self._last:
                break
        while True:
            time.sleep(self.interval / 2)
            settled = snapshot(self.paths)
            if settled == current:
                break
            current = settled
        self._last = current
        return True
