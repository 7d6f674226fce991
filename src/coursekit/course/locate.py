"""Which course a learner command works on, found fast.

A learner names a course by its folder (default: the nearest one from the current
folder upward, or ``COURSEKIT_COURSE``), by a saved ``course.json`` (see
:mod:`coursekit.course.course_json`; a published site serves it at its root) or by
the URL of a published site. Loading a course folder means YAML parsing and pydantic validation
(hundreds of milliseconds for a big course), so the index of a folder is cached in
the user's cache folder and reused while no file under ``curriculum/``, ``lessons/``
or ``exercises/`` has changed: a fresh cache costs one directory walk and one JSON read.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from pathlib import Path
from typing import Any

from coursekit.course.course_json import course_from_index, from_index, to_index
from coursekit.errors import CourseError
from coursekit.fileio import parse_json, read_json_file, save_cache
from coursekit.model import Course
from coursekit.paths import cache_dir

WATCHED = ("curriculum", "lessons", "exercises")
MAX_INDEX_BYTES = 20 * 1024 * 1024
FETCH_TIMEOUT = 10.0
"""Seconds any one step of a fetch (connecting, a read) may wait."""
FETCH_SECONDS = 20.0
"""Seconds a whole fetch of a course index may take."""
CACHE_FORMAT = 1


def load_course_for_learner(ref: str | None) -> Course:
    """The course a learner command works on (see the module docstring)."""
    if ref is None:
        ref = os.environ.get("COURSEKIT_COURSE") or None
    if ref is not None and re.match(r"https?://", ref, re.IGNORECASE):
        return course_from_index(_fetch(ref), _index_url(ref))
    if ref is not None:
        path = Path(ref).expanduser()
        if path.exists() and not path.is_dir():  # a pipe or a device is refused by the reader
            return course_from_index(_read_index_file(path), str(path))
        if not path.exists():
            raise CourseError("no such course folder or course.json file", ref)
        root = find_course_root(path)
    else:
        root = find_course_root(Path.cwd())
    return _course_from_folder(root)


def find_course_root(start: Path) -> Path:
    """The nearest course folder at or above ``start``, with a learner's way out."""
    from coursekit.course.files import find_course_root as find

    return find(start, "give the course with --course PATH|course.json|URL or set COURSEKIT_COURSE")


# --------------------------------------------------------------------------- folders + cache


def _cache_file(root: Path) -> Path:
    key = hashlib.sha256(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return cache_dir() / "courses" / f"{key}.json"


def fingerprint(root: Path) -> str:
    """A digest of (path, mtime_ns, size) for every file the course is made of."""
    entries: list[str] = []
    stack = [root / name for name in WATCHED]
    seen: set[tuple[int, int]] = set()  # folders by (device, inode): links may loop
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as it:
                for entry in it:
                    if entry.is_dir(follow_symlinks=True):
                        stack.append(Path(entry.path))
                    else:
                        st = entry.stat()
                        entries.append(f"{entry.path}\0{st.st_mtime_ns}\0{st.st_size}")
        except OSError:
            entries.append(f"{folder}\0missing")
    entries.sort()
    return hashlib.sha256("\n".join(entries).encode("utf-8", "surrogateescape")).hexdigest()


def _version() -> str:
    from coursekit import __version__

    return __version__


def cached_index(root: Path) -> dict[str, Any] | None:
    """The cached index of the course at ``root`` when it is still fresh, else ``None``."""
    try:
        cached = json.loads(_cache_file(root).read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    if (
        not isinstance(cached, dict)
        or cached.get("cache") != CACHE_FORMAT
        or cached.get("coursekit") != _version()
        or cached.get("root") != str(root)
        or cached.get("fingerprint") != fingerprint(root)
        or not isinstance(cached.get("index"), dict)
    ):
        return None
    return cached["index"]  # type: ignore[no-any-return]


def _course_from_folder(root: Path) -> Course:
    index = cached_index(root)
    if index is not None:
        # Our own file, written from a validated course: rebuilding is the check
        # (a damaged cache is rebuilt, never trusted).
        try:
            return from_index(index)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass
    stamp = fingerprint(root)  # before loading: an edit during the load must not be cached
    from coursekit.course.loader import load_course

    course = load_course(root).course
    _write_cache(root, stamp, to_index(course))
    return course


def _write_cache(root: Path, stamp: str, index: dict[str, Any]) -> None:
    target = _cache_file(root)
    payload = {
        "cache": CACHE_FORMAT,
        "coursekit": _version(),
        "root": str(root),
        "fingerprint": stamp,
        "index": index,
    }
    save_cache(target, payload)


def ids_for_completion(ref: str | None) -> tuple[list[str], list[str]]:
    """``(lesson ids, module ids)`` for shell completion; never an error, never the network."""
    try:
        if ref is None:
            ref = os.environ.get("COURSEKIT_COURSE") or None
        if ref is not None and re.match(r"https?://", ref, re.IGNORECASE):
            return [], []
        if ref is not None and Path(ref).is_file():
            index = _read_index_file(Path(ref))
        else:
            root = find_course_root(Path(ref) if ref else Path.cwd())
            index = cached_index(root) or to_index(_course_from_folder(root))
        modules = index["modules"]
        return [x["id"] for m in modules for x in m["lessons"]], [m["id"] for m in modules]
    except Exception:  # completion must never print a traceback into the shell
        return [], []


# --------------------------------------------------------------------------- files + URLs


def _read_index_file(path: Path) -> Any:
    return read_json_file(path, MAX_INDEX_BYTES, "a course.json")


def _index_url(url: str) -> str:
    if url.rstrip("/").endswith(".json"):
        return url
    if url.endswith(("/index.html", "/index.htm")):
        url = url.rsplit("/", 1)[0]
    return url.rstrip("/") + "/course.json"


def _fetch(url: str) -> Any:
    """The course index at ``url``, fetched within :data:`FETCH_SECONDS` in all.

    The limit covers everything (connecting, the headers, every byte of the body): a
    server that sends a byte every few seconds never trips a per-read timeout, so
    the fetch runs in a worker thread that is abandoned at the deadline.
    """
    import threading

    target = _index_url(url)
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["raw"] = _download(target, time.monotonic() + FETCH_SECONDS)
        except BaseException as exc:  # handed to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="coursekit-fetch", daemon=True)
    worker.start()
    worker.join(FETCH_SECONDS + 1)
    if worker.is_alive() or outcome.get("error") is _TOO_SLOW:
        raise CourseError(
            f"the course site sent no complete course index within {FETCH_SECONDS:.0f} s; "
            "try again later, or use a saved course.json",
            target,
        )
    if "error" in outcome:
        raise outcome["error"]
    raw: bytes = outcome["raw"]
    if raw.lstrip()[:1] == b"<":
        raise CourseError(
            "the site answered with an HTML page, not a course index: is this the address "
            "of a coursekit site? (its course.json is at the site's root)",
            target,
        )
    return parse_json(raw, target, "a course.json")


_TOO_SLOW = TimeoutError("deadline")


def _download(target: str, deadline: float) -> bytes:
    """The body at ``target`` (http or https only, redirects included), or a
    :class:`CourseError`; stops at ``deadline`` and at :data:`MAX_INDEX_BYTES`."""
    import http.client
    import urllib.error
    import urllib.request

    class Redirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req: Any, fp: Any, code: int, *rest: Any) -> Any:
            new_url = str(rest[-1])
            if not re.match(r"https?://", new_url, re.IGNORECASE):
                raise CourseError(
                    f"the site redirects to {new_url}, which is not a web address", target
                )
            return super().redirect_request(req, fp, code, *rest)

    opener = urllib.request.build_opener(Redirects)
    try:
        request = urllib.request.Request(target, headers={"User-Agent": f"coursekit/{_version()}"})
        with opener.open(request, timeout=FETCH_TIMEOUT) as response:
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() > deadline:
                    raise _TOO_SLOW
                chunk = response.read1(64 * 1024)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_INDEX_BYTES:
                    raise CourseError(
                        f"the course index is larger than {MAX_INDEX_BYTES // 1024 // 1024} MB",
                        target,
                    )
                chunks.append(chunk)
            return b"".join(chunks)
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400 and "not allowed" in str(exc.reason):
            message = f"the site redirects (HTTP {exc.code}) to an address that is not a web page"
        elif 300 <= exc.code < 400:
            message = f"the site redirects in a loop (HTTP {exc.code}); check the address"
        else:
            hint = " (is this a coursekit site?)" if exc.code == 404 else ""
            reason = " ".join(str(exc.reason).split())
            message = f"the site answered HTTP {exc.code} {reason}{hint}"
        raise CourseError(message, target) from None
    except (ValueError, http.client.InvalidURL) as exc:
        raise CourseError(
            f"is not a valid web address ({' '.join(str(exc).split())}); write it like "
            "https://example.org/course/",
            target,
        ) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        if exc is _TOO_SLOW:
            raise
        cause = getattr(exc, "reason", None) or exc
        if isinstance(cause, OSError) and cause.strerror:
            cause = cause.strerror
        reason = " ".join(str(cause).split())
        raise CourseError(
            f"cannot reach the course site ({reason}); are you offline? A saved course.json "
            "or the course folder works offline",
            target,
        ) from None
