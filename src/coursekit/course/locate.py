"""Which course a learner command works on, found fast.

A learner names a course by its folder (default: the nearest one from the current
folder upward, or ``COURSEKIT_COURSE``), by a saved ``course.json`` (the output of
:meth:`Course.to_index`, which a published site serves at its root) or by the URL of
a published site. Loading a course folder means YAML parsing and pydantic validation
(hundreds of milliseconds for a big course), so the index of a folder is cached in
the user's cache folder and reused while no file under ``curriculum/``, ``lessons/``
or ``exercises/`` has changed: a fresh cache costs one directory walk and one JSON read.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from coursekit.course.course_json import validate_index
from coursekit.errors import CourseError
from coursekit.model import Course

__all__ = ["course_from_index", "find_course_root", "load_course_for_learner", "validate_index"]

WATCHED = ("curriculum", "lessons", "exercises")
MAX_INDEX_BYTES = 20 * 1024 * 1024
FETCH_TIMEOUT = 10.0
CACHE_FORMAT = 1
REF_HELP = (
    "The course: its folder, a saved course.json, or the URL of its published site "
    "(default: the course folder here or above, or COURSEKIT_COURSE)."
)


def load_course_for_learner(ref: str | None) -> Course:
    """The course a learner command works on (see the module docstring)."""
    if ref is None:
        ref = os.environ.get("COURSEKIT_COURSE") or None
    if ref is not None and re.match(r"https?://", ref, re.IGNORECASE):
        return course_from_index(_fetch(ref), _index_url(ref))
    if ref is not None:
        path = Path(ref).expanduser()
        if path.is_file():
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


def course_from_index(data: Any, source: str) -> Course:
    """Validate a course index (``course.json``) and build the :class:`Course`."""
    problems = validate_index(data, source)
    if problems:
        raise CourseError(problems)
    return Course.from_index(data)


# --------------------------------------------------------------------------- folders + cache


def cache_dir() -> Path:
    env = os.environ.get("COURSEKIT_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("coursekit")


def _cache_file(root: Path) -> Path:
    key = hashlib.sha256(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return cache_dir() / "courses" / f"{key}.json"


def fingerprint(root: Path) -> str:
    """A digest of (path, mtime_ns, size) for every file the course is made of."""
    entries: list[str] = []
    stack = [root / name for name in WATCHED]
    while stack:
        folder = stack.pop()
        try:
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
            return Course.from_index(index)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass
    stamp = fingerprint(root)  # before loading: an edit during the load must not be cached
    from coursekit.course.loader import load_course

    course = load_course(root).course
    _write_cache(root, stamp, course.to_index())
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
    temp = target.with_name(f".{target.name}.{os.getpid()}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        os.replace(temp, target)
    except OSError:
        # A cache that cannot be written only costs speed next time.
        temp.unlink(missing_ok=True)


def lesson_ids_for_completion(ref: str | None) -> list[str]:
    """Lesson ids for shell completion: the cached index only, never an error."""
    try:
        if ref is None:
            ref = os.environ.get("COURSEKIT_COURSE") or None
        if ref is not None and re.match(r"https?://", ref, re.IGNORECASE):
            return []
        if ref is not None and Path(ref).is_file():
            course = course_from_index(_read_index_file(Path(ref)), ref)
            return [lesson.id for lesson in course.lessons()]
        root = find_course_root(Path(ref) if ref else Path.cwd())
        index = cached_index(root)
        if index is None:
            course = _course_from_folder(root)
            return [lesson.id for lesson in course.lessons()]
        return [lesson["id"] for m in index["modules"] for lesson in m["lessons"]]
    except Exception:  # completion must never print a traceback into the shell
        return []


# --------------------------------------------------------------------------- files + URLs


def _read_index_file(path: Path) -> Any:
    return read_json_file(path, MAX_INDEX_BYTES, "a course.json")


def read_json_file(path: Path, limit: int, what: str, after: str = "") -> Any:
    """The JSON in ``path`` (at most ``limit`` bytes), or a :class:`CourseError` naming it.

    ``what`` names the file expected ("a course.json"); ``after`` ends every message
    (e.g. "; nothing was imported"). A file over the limit is refused from its size.
    """
    name, mb = str(path), limit // (1024 * 1024)
    try:
        size = path.stat().st_size
        if size > limit:
            raise CourseError(
                f"is {size / 1024 / 1024:.0f} MB; {what} is at most {mb} MB{after}", name
            )
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)  # the file may grow while we read it
    except OSError as exc:
        raise CourseError(f"cannot read the file: {exc.strerror or exc}", name) from None
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


def _index_url(url: str) -> str:
    if url.rstrip("/").endswith(".json"):
        return url
    if url.endswith(("/index.html", "/index.htm")):
        url = url.rsplit("/", 1)[0]
    return url.rstrip("/") + "/course.json"


def _fetch(url: str) -> Any:
    import urllib.error
    import urllib.request

    target = _index_url(url)
    request = urllib.request.Request(target, headers={"User-Agent": f"coursekit/{_version()}"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            raw = response.read(MAX_INDEX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        hint = " (is this a coursekit site?)" if exc.code == 404 else ""
        raise CourseError(f"the site answered HTTP {exc.code} {exc.reason}{hint}", target) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise CourseError(
            f"cannot reach the course site ({reason}); are you offline? A saved course.json "
            "or the course folder works offline",
            target,
        ) from None
    if len(raw) > MAX_INDEX_BYTES:
        raise CourseError("the course index is too large (over 20 MB)", target)
    return parse_json(raw, target, "a course.json")
