"""A folder kept equal to a set of files, rewriting only the files whose content changed.

The engines that coursekit drives decide what to rebuild from the files they are
given: MkDocs' dirty reload rebuilds a page whose source is newer than its HTML, and
Zensical rebuilds what changed in its docs folder. Writing every rendered page again
on every edit would make every page new; :func:`mirror` writes a page only when its
bytes differ, so an unchanged page keeps its modification time and counts as
unchanged. The same function copies a built site to its destination.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from coursekit.fileio import write_atomically

# A file's content as text, as bytes, or as a file to copy.
Source = str | bytes | Path


def mirror(folder: Path, files: Mapping[str, Source]) -> list[str]:
    """Make ``folder`` hold exactly ``files`` (site path -> content); return the paths written.

    A file that already holds the same bytes is left alone, modification time
    included; a file to copy is copied when its size or modification time differs
    from the copy's (copies keep the original's time). Files of ``folder`` that are
    not in ``files`` are deleted, except hidden ones (``.git``, an engine's cache).
    Raises ``OSError``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = [rel for rel, source in files.items() if write_changed(folder / rel, source)]
    _prune(folder, set(files))
    return written


def write_changed(target: Path, source: Source) -> bool:
    """Write ``source`` to ``target`` unless it already holds it; whether it wrote."""
    if isinstance(source, Path):
        stat = source.stat()
        try:
            current = target.stat()
            if current.st_size == stat.st_size and current.st_mtime_ns == stat.st_mtime_ns:
                return False
        except FileNotFoundError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        return True
    data = source.encode("utf-8") if isinstance(source, str) else source
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    except IsADirectoryError:
        shutil.rmtree(target)
    write_atomically(target, data, durable=False)
    return True


def _prune(folder: Path, keep: set[str]) -> None:
    """Delete what is not in ``keep`` under ``folder``, then the folders left empty."""
    for current, dirs, names in os.walk(folder, topdown=True):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        base = Path(current)
        rel_base = base.relative_to(folder).as_posix()
        for name in names:
            rel = name if rel_base == "." else f"{rel_base}/{name}"
            if not name.startswith(".") and rel not in keep:
                (base / name).unlink()
    for current, _dirs, _names in os.walk(folder, topdown=False):
        path = Path(current)
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if path != folder and not hidden and not any(path.iterdir()):
            path.rmdir()
