"""Reading and writing files safely: one home for the rules every command follows.

* Writing replaces a file atomically: the data goes to a temporary file beside it,
  which is then renamed over the target, so a crash or a full disk leaves the old
  file or the new one, never half of it. A target that exists but is not a regular
  file (``/dev/stdout``, a pipe) is written in place instead: renaming over it would
  replace the device or the pipe.
* Caches are written the same way, but a cache that cannot be written only costs
  time next run, so :func:`save_cache` never fails.
* Reading is capped in size before anything is parsed, opens only regular files
  (a pipe, a socket or a device could block for ever or never end), and can be held
  inside a folder: :func:`read_regular_file` refuses a link that leads out of it,
  naming the link. Every failure is one :class:`CourseError` line.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
from dataclasses import replace
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
    errno.EFBIG: "the file is too large for this file system (or a file size limit); "
    "free some space or raise the limit",
    errno.ELOOP: "too many levels of symbolic links (a link that leads to itself?)",
    errno.ENAMETOOLONG: "the path is too long",
    errno.EIO: "an input/output error on the device; check the disk",
    errno.ENXIO: "no such device (a socket or an unconnected device)",
    errno.ETXTBSY: "the file is busy",
}


def describe_os_error(exc: OSError) -> str:
    """An OS error in the user's words: what went wrong and what to do."""
    if exc.errno in _OS_ERRORS:
        return _OS_ERRORS[exc.errno]
    return " ".join(str(exc.strerror or exc).split()) or type(exc).__name__


def os_error_where(exc: OSError, default: str = "") -> str:
    """The file an OS error is about, as the OS named it (``default`` when it named none)."""
    name = exc.filename if exc.filename is not None else default
    return os.fsdecode(name) if isinstance(name, (str, bytes)) else str(name)


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def size_text(size: int) -> str:
    """``3 MB``, ``1.5 MB``, ``512 KB``: a size in the units a limit is written in."""
    mb = size / (1024 * 1024)
    if mb >= 1:
        return f"{mb:.0f} MB" if mb >= 10 or size % (1024 * 1024) == 0 else f"{mb:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def outside(path: Path, folder: Path) -> Path | None:
    """Where ``path`` leads (links resolved) when that is outside ``folder``, else ``None``."""
    real = Path(os.path.realpath(path))
    base = Path(os.path.realpath(folder))
    return None if real == base or real.is_relative_to(base) else real


def link_out(target: Path | str) -> str:
    """The message for a link that leads out of the course folder."""
    return (
        f"is a link to {target}, outside the course folder; coursekit reads and publishes "
        "only files inside it (copy the file into the course instead)"
    )


def read_regular_file(
    path: Path,
    limit: int,
    what: str,
    name: str | None = None,
    inside: Path | None = None,
    hint: str = "",
    head: int | None = None,
) -> bytes:
    """The bytes of ``path``, or a one-line :class:`CourseError` naming it as ``name``.

    Only a regular file is read: the file is opened without blocking and checked
    before a byte is read, so a pipe or a device is refused, never waited on. A file
    above ``limit`` bytes is refused by its size (``what`` names the kind of file in
    the message: "a lesson"; ``hint`` says what to do about it). With ``inside``, a
    path that leads out of that folder through a link is refused with the link's name
    and its target. ``head`` reads only the first bytes of a file of any size.
    """
    shown = str(path) if name is None else name
    if inside is not None:
        target = outside(path, inside)
        if target is not None:
            raise CourseError(link_out(target), shown)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise CourseError(f"cannot read the file: {describe_os_error(exc)}", shown) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CourseError(
                f"is {file_kind(info.st_mode)}, not a regular file, so it is not read "
                f"(coursekit reads {what} only from a regular file)",
                shown,
            )
        if head is not None:
            with os.fdopen(fd, "rb", closefd=False) as handle:
                return handle.read(head)
        if info.st_size > limit:
            raise CourseError(too_large(info.st_size, limit, what, hint), shown)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)  # the file may grow while it is read
    except OSError as exc:
        raise CourseError(f"cannot read the file: {describe_os_error(exc)}", shown) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise CourseError(too_large(len(data), limit, what, hint), shown)
    return data


def too_large(size: int, limit: int, what: str, hint: str = "") -> str:
    """The message for a file refused by its size."""
    return f"is {size_text(size)}; {what} may be at most {size_text(limit)}" + (
        f" ({hint})" if hint else ""
    )


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
    try:
        raw = read_regular_file(path, limit, what)
    except CourseError as exc:
        raise CourseError(
            [replace(p, message=p.message + after) for p in exc.problems]
        ) from None
    return parse_json(raw, str(path), what, after)


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
