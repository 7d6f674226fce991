"""Changes to a course folder: planned first, shown or written all at once.

Commands that edit a course compute every file they will create or rewrite as a
:class:`Changes` value, without touching the disk. :func:`apply_changes` then
writes them all or none: new files are created exclusively (never overwriting),
edited files must still hold the text the plan was made from, each rewrite is
atomic (write beside, then rename), and a failure midway undoes what was written.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from coursekit.errors import CourseError, Problem


@dataclass(frozen=True)
class FileChange:
    """One file to create (``before is None``) or to rewrite."""

    path: str  # relative to the course folder, with forward slashes
    text: str
    before: str | None
    summary: str


@dataclass
class Changes:
    """What an operation will write, relative to ``root``; nothing is written yet."""

    root: Path
    files: list[FileChange] = field(default_factory=list)

    def add(self, path: str, text: str, summary: str, before: str | None = None) -> None:
        self.files.append(FileChange(path, text, before, summary))

    @property
    def created(self) -> list[str]:
        return [f.path for f in self.files if f.before is None]

    @property
    def changed(self) -> list[str]:
        return [f.path for f in self.files if f.before is not None]


def apply_changes(changes: Changes) -> None:
    """Write every change, or none: new files are created exclusively, edited files
    must still hold the text they were planned from, and a failure undoes the rest."""
    root = changes.root
    for change in changes.files:
        path = root / change.path
        if change.before is None and path.exists():
            raise CourseError(Problem(change.path, "already exists; coursekit never overwrites"))
        if change.before is not None and _current(path) != change.before:
            raise CourseError(Problem(change.path, "changed while coursekit was editing it; retry"))
    done: list[tuple[Path, str | None]] = []
    folders: list[Path] = []
    try:
        for change in changes.files:
            path = root / change.path
            _make_parents(path.parent, folders)
            if change.before is None:
                with open(path, "x", encoding="utf-8", newline="") as handle:
                    done.append((path, None))
                    handle.write(change.text)
            else:
                _replace(path, change.text)
                done.append((path, change.before))
    except OSError as exc:
        for path, before in reversed(done):
            if before is None:
                path.unlink(missing_ok=True)
            else:
                _replace(path, before)
        for folder in reversed(folders):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        raise CourseError(
            Problem(str(exc.filename or root), f"cannot write: {exc.strerror or exc}")
        ) from None


def _current(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8-sig")  # keeps \r\n, as the plan read it
    except (OSError, UnicodeDecodeError):
        return None


def _make_parents(folder: Path, made: list[Path]) -> None:
    """Create ``folder`` and its missing parents, recording each one made (to undo)."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for each in reversed(missing):
        each.mkdir()
        made.append(each)


def _replace(path: Path, text: str) -> None:
    # Write beside the file, then rename: a crash leaves the old or the new file, never half.
    bom = path.read_bytes().startswith(b"\xef\xbb\xbf") if path.exists() else False
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
            handle.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
