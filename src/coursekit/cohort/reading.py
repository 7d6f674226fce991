"""Reading a cohort: the files given (and the ``.json`` files in the folders given),
each refused or summarised, and the same learner's files merged into one learner.

**Streaming.** Each file is read, validated, replayed and reduced to a
:class:`~coursekit.cohort.learners.LearnerSummary` on its own; no more than one
file's events are held at a time per process. With many files the work is spread
over the machine's cores (worker processes, each with the course), and the results
come back in order.

**The same learner twice.** Two files are the same learner's when they share an
event (a uid: every event has one, and it is the same in every export of it). To
find shared events among millions without keeping every uid, each file leaves a
fingerprint: the hashes of its 16 smallest uids and of one uid in 16. Files are
read smallest first, so an older, shorter export of a learner is fingerprinted
before the newer one that contains it, and the newer one, whose every uid is
looked up, always finds it. The learner's files are then read again together and
their events merged by uid, so an event in both counts once.
"""

from __future__ import annotations

import os
import stat
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from coursekit.cohort.learners import (
    CourseIndex,
    LearnerFile,
    LearnerSummary,
    Refused,
    merge_files,
    read_learner,
    refusal,
)
from coursekit.errors import CourseError
from coursekit.model import Course

#: From this many files on, the files are read by worker processes.
PARALLEL_FROM = 64
FINGERPRINT_SMALLEST = 16
FINGERPRINT_ONE_IN = 16


@dataclass
class Cohort:
    """The learners of a cohort, with what was refused and merged on the way."""

    learners: list[LearnerSummary]
    files_used: int
    refused: list[Refused] = field(default_factory=list)
    #: files that turned out to be another file's learner (merged, counted once)
    duplicates: int = 0


def find_files(paths: Sequence[str]) -> tuple[list[Path], list[Refused], int]:
    """The files to read (folders give their ``.json`` files, at any depth), smallest
    first; paths that cannot be read; how many were given more than once."""
    found: list[tuple[int, str, Path]] = []
    refused: list[Refused] = []
    seen: set[str] = set()
    repeats = 0

    def add(path: Path, size: int) -> None:
        nonlocal repeats
        key = os.path.realpath(path)
        if key in seen:
            repeats += 1
            return
        seen.add(key)
        found.append((size, str(path), path))

    for text in paths:
        path = Path(text).expanduser()
        try:
            info = path.stat()
        except OSError:
            refused.append(Refused(text, "no such file or folder"))
            continue
        if stat.S_ISDIR(info.st_mode):
            inside = [p for p in sorted(path.rglob("*.json")) if not p.name.startswith(".")]
            files = [(p, p.stat()) for p in inside if p.is_file()]
            if not files:
                refused.append(Refused(text, "a folder without .json files"))
            for file, file_info in files:
                add(file, file_info.st_size)
        else:
            add(path, info.st_size)
    found.sort(key=lambda item: (item[0], item[1]))
    return [path for _, _, path in found], refused, repeats


# --------------------------------------------------------------------------- workers

_WORK: dict[str, Any] = {}  # what a worker process reads with: inherited when it forks


def _read_one(path: Path) -> LearnerFile | Refused:
    try:
        return read_learner(path, _WORK["index"], _WORK["today"], _WORK["now"], _WORK["plans"])
    except CourseError as exc:  # a file that vanished or changed while the report ran
        return refusal(path, exc)
    except Exception as exc:  # a bug must cost one file, not the cohort's report
        return Refused(
            str(path),
            f"coursekit could not summarise this file ({type(exc).__name__}: {exc}); "
            "please report it",
        )


def _results(paths: list[Path], jobs: int) -> Iterator[LearnerFile | Refused]:
    import multiprocessing

    forks = "fork" in multiprocessing.get_all_start_methods()
    if jobs > 1 and len(paths) >= PARALLEL_FROM and forks:
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            yield from pool.map(_read_one, paths, chunksize=16)
        return
    for path in paths:
        yield _read_one(path)


def read_cohort(
    course: Course,
    paths: Sequence[str],
    today: date,
    now: datetime,
    on_file: Callable[[int, int], None] | None = None,
    jobs: int | None = None,
) -> Cohort:
    """Read every file in ``paths`` for ``course`` (see the module docstring).

    ``on_file(done, total)`` is told after each file; ``jobs`` caps the worker
    processes (default: one per core).
    """
    files, refused, repeats = find_files(paths)
    index = CourseIndex(course)
    plans: dict[str, list[str]] = {}
    _WORK.update(index=index, today=today, now=now, plans=plans)
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    merger = _Merger(index, today, now, plans)
    try:
        for done, result in enumerate(_results(files, workers), start=1):
            if isinstance(result, Refused):
                refused.append(result)
            else:
                merger.add(result)
            if on_file is not None:
                on_file(done, len(files))
    finally:
        _WORK.clear()
    learners = merger.learners()
    used = sum(len(learner.files) for learner in learners)
    return Cohort(learners, used, refused, repeats + used - len(learners))


class _Merger:
    """Files grouped into learners by shared uids (see the module docstring)."""

    def __init__(self, index: CourseIndex, today: date, now: datetime, plans: Any) -> None:
        self.index, self.today, self.now, self.plans = index, today, now, plans
        self.owner: dict[int, int] = {}  # fingerprint hash -> group
        self.groups: dict[int, LearnerSummary] = {}
        self.parent: dict[int, int] = {}

    def _find(self, group: int) -> int:
        while self.parent.get(group, group) != group:
            group = self.parent[group]
        return group

    def add(self, result: LearnerFile) -> None:
        hashes = array("q")
        hashes.frombytes(result.uids)
        owner = self.owner
        hits = {self._find(owner[h]) for h in hashes if h in owner}
        if not hits:
            group = len(self.parent)
            self.parent[group] = group
            self.groups[group] = result.summary
        else:
            group = min(hits)
            files = [f for g in sorted(hits) for f in self.groups.pop(g).files]
            for other in hits:
                self.parent[other] = group
            self.groups[group] = merge_files(
                [*files, result.path], self.index, self.today, self.now, self.plans
            )
        for h in _fingerprint(hashes):
            owner[h] = group

    def learners(self) -> list[LearnerSummary]:
        return sorted(self.groups.values(), key=lambda s: s.files[0])


def _fingerprint(hashes: Iterable[int]) -> set[int]:
    ordered = sorted(hashes)
    sample = {h for h in ordered if h % FINGERPRINT_ONE_IN == 0}
    sample.update(ordered[:FINGERPRINT_SMALLEST])
    return sample
