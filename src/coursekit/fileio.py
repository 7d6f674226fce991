"""Reading and writing files safely: one home for the rules every command follows.

* Writing replaces a file atomically: the data goes to a temporary file beside it,
  which is then renamed over the target, so a crash or a full disk leaves the old
  file or the new one, never half of it. A target that exists but is not a regular
  file (``/dev/stdout``, a pipe) is written in place instead: renaming over it would
  replace the device or the pipe.
* Caches are written the same way, but a cache that cannot be written only costs
  time next run, so :func:`save_cache` never fails.
* Reading JSON from outside (a course.json, a progress file) is capped in size
  before anything is parsed, and every failure is one :class:`CourseError` line.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from coursekit.errors import CourseError

# What to tell the user for the OS errors a command can meet while reading or writing.
_OS_ERRORS = {
    errno.ENOSPC: "the disk is full; free some space and try again",
    errno.EDQUOT: "the disk quota is exhausted; free some space and try again",
    errno.EROFS: "the file system is read-only; choose a folder you can write to",
    errno.EACCES: "permission denied; check the file's and the folder's permissions",
    errno.EPERM: "permission denied; check the file's and the folder's permissions",
    errno.ENOENT: "no such file or folder",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "is a folder, not a file",
    errno.EMFILE: "too many open files; close some programs and try again",
    errno.ENFILE: "too many open files on this system; try again later",
    errno.EFBIG: "the file is too large for this file system",
}


def describe_os_error(exc: OSError) -> str:
    """An OS error in the user's words: what went wrong and what to do."""
    if exc.errno in _OS_ERRORS:
        return _OS_ERRORS[exc.errno]
    return str(exc.strerror or exc)


def write_atomically(path: Path, data: bytes | str, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8); raises ``OSError``.

    A ``path`` that exists and is not a regular file is written in place. ``durable``
    flushes the data to the disk before the rename (a user's file; a cache need not).
    The file keeps the permissions of the one it replaces.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with path.open("wb") as handle:
            handle.write(payload)
        return
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, stat.S_IMODE(mode))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_user_file(path: Path | str, data: bytes | str) -> None:
    """:func:`write_atomically` for a file the user named: errors become one line."""
    target = Path(path)
    try:
        write_atomically(target, data)
    except OSError as exc:
        raise CourseError(f"cannot write the file: {describe_os_error(exc)}", str(path)) from None


def save_cache(path: Path, data: Any) -> None:
    """Write ``data`` as compact JSON into a cache file; failures are ignored."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        write_atomically(path, text, durable=False)


def read_json_file(path: Path, limit: int, what: str, after: str = "") -> Any:
    """The JSON in ``path`` (at most ``limit`` bytes), or a :class:`CourseError` naming it.

    ``what`` names the file expected ("a course.json"); ``after`` ends every message
    (e.g. "; nothing was imported"). A file over the limit is refused from its size,
    and only regular files are opened (a pipe or a device could block or never end).
    """
    name, mb = str(path), limit // (1024 * 1024)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise CourseError(f"is not a regular file, so not {what}{after}", name)
        if info.st_size > limit:
            raise CourseError(
                f"is {info.st_size / 1024 / 1024:.0f} MB; {what} is at most {mb} MB{after}", name
            )
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)  # the file may grow while we read it
    except OSError as exc:
        raise CourseError(f"cannot read the file: {describe_os_error(exc)}{after}", name) from None
    if len(raw) > limit:
        raise CourseError(f"is larger than {mb} MB{after}", name)
    return parse_json(raw, name, what, after)


def parse_json(raw: bytes, source: str, what: str, after: str = "") -> Any:
    """``raw`` (UTF-8, a BOM allowed) as JSON, or a one-line :class:`CourseError`."""
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:  # before ValueError, its base class
        raise CourseError(f"is not UTF-8 text, so not {what}{after}", source) from None
    except RecursionError:
        raise CourseError(f"is nested too deeply to be {what}{after}", source) from None
    except ValueError as exc:
        raise CourseError(f"is not valid JSON ({exc}), so not {what}{after}", source) from None
