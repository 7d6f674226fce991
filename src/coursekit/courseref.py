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

from coursekit.errors import CourseError, Problem
from coursekit.model import STATUSES, WEEKDAYS, Course

COURSE_FILE = Path("curriculum") / "course.yml"
WATCHED = ("curriculum", "lessons", "exercises")
MAX_INDEX_BYTES = 20 * 1024 * 1024
FETCH_TIMEOUT = 10.0
CACHE_FORMAT = 1
_SLUG = re.compile(r"[a-z][a-z0-9-]{0,63}\Z")
_MAX_MINUTES = 10_000_000
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
    """The nearest folder at or above ``start`` with ``curriculum/course.yml``."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / COURSE_FILE).is_file():
            return folder
    raise CourseError(
        Problem(
            str(start),
            f"no course here: no {COURSE_FILE.as_posix()} in this folder or any folder above it; "
            "give the course with --course PATH|course.json|URL or set COURSEKIT_COURSE",
        )
    )


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
    from coursekit.loader import load_course

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
    try:
        size = path.stat().st_size
        if size > MAX_INDEX_BYTES:
            raise CourseError(
                f"is {size // (1024 * 1024)} MB; a course index is at most "
                f"{MAX_INDEX_BYTES // (1024 * 1024)} MB",
                str(path),
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise CourseError(f"cannot read the file: {exc.strerror or exc}", str(path)) from None
    return _parse_json(raw, str(path))


def _parse_json(raw: bytes, source: str) -> Any:
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise CourseError("is not UTF-8 text, so not a course.json", source) from None
    except ValueError as exc:
        raise CourseError(f"is not valid JSON ({exc}), so not a course.json", source) from None
    except RecursionError:
        raise CourseError("is nested too deeply to be a course.json", source) from None


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
    return _parse_json(raw, target)


# --------------------------------------------------------------------------- validation


class _Checker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def bad(self, key: str, message: str) -> None:
        if len(self.problems) < 50:
            self.problems.append(Problem(self.source, message, None, key))

    def text(self, obj: dict[str, Any], name: str, key: str, required: bool = False) -> None:
        if name not in obj:
            if required:
                self.bad(f"{key}{name}", "missing")
            return
        value = obj[name]
        if not isinstance(value, str) or len(value) > 1_000_000:
            self.bad(f"{key}{name}", f"expected text, got {_kind(value)}")

    def slug(self, obj: dict[str, Any], name: str, key: str) -> str | None:
        value = obj.get(name)
        if not isinstance(value, str) or not _SLUG.match(value):
            self.bad(f"{key}{name}", f"expected an id (a lowercase slug), got {_kind(value)}")
            return None
        return value

    def texts(self, obj: dict[str, Any], name: str, key: str) -> None:
        value = obj.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.bad(f"{key}{name}", f"expected a list of text, got {_kind(value)}")

    def minutes(self, value: Any, key: str, optional: bool = False) -> None:
        if value is None and optional:
            return
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(type(v) is int and 0 <= v <= _MAX_MINUTES for v in value)
            or value[0] > value[1]
        ):
            self.bad(key, f"expected [low, high] whole minutes, got {_kind(value)}")

    def optional_ref(self, obj: dict[str, Any], name: str, key: str) -> None:
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            self.bad(f"{key}{name}", f"expected an id or null, got {_kind(value)}")


def _kind(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else f"a list of {len(value)}"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def validate_index(data: Any, source: str) -> list[Problem]:
    """Every problem with a course index, as ``source: key: message`` problems."""
    c = _Checker(source)
    if not isinstance(data, dict):
        c.bad("", f"expected a course index (a JSON object), got {_kind(data)}")
        return c.problems
    if data.get("format") != "coursekit-course":
        c.bad("format", 'expected "coursekit-course": this is not a coursekit course index')
        return c.problems
    if type(data.get("version")) is not int or data["version"] < 1:
        c.bad("version", f"expected 1, got {_kind(data.get('version'))}")
        return c.problems
    if data["version"] > 1:
        c.bad("version", f"course index version {data['version']} needs a newer coursekit")
        return c.problems
    c.slug(data, "id", "")
    c.text(data, "title", "", required=True)
    for name in ("description", "level"):
        c.text(data, name, "")
    start = data.get("start")
    if start is not None:
        from datetime import date

        try:
            date.fromisoformat(start)
        except (TypeError, ValueError):
            c.bad("start", f"expected a date like 2025-01-31 or null, got {_kind(start)}")
    skills = data.get("skills", {})
    if not isinstance(skills, dict):
        c.bad("skills", f"expected a mapping of lists, got {_kind(skills)}")
    else:
        for name in skills:
            c.texts(skills, name, "skills.")
    _check_paces(c, data.get("paces"))
    _check_review(c, data.get("review"))
    modules = data.get("modules")
    if not isinstance(modules, list):
        c.bad("modules", f"expected a list of modules, got {_kind(modules)}")
        return c.problems
    seen: set[str] = set()
    for m_no, module in enumerate(modules):
        _check_module(c, module, f"modules[{m_no}].", seen)
    return c.problems


def _check_paces(c: _Checker, paces: Any) -> None:
    if not isinstance(paces, dict) or not paces:
        c.bad("paces", f"expected a mapping of paces, got {_kind(paces)}")
        return
    for name, pace in paces.items():
        key = f"paces.{name}"
        if not isinstance(pace, dict):
            c.bad(key, f"expected a mapping, got {_kind(pace)}")
            continue
        c.minutes(pace.get("hours_per_day"), f"{key}.hours_per_day")
        days = pace.get("study_days")
        if (
            not isinstance(days, list)
            or not days
            or not all(isinstance(d, str) and d in WEEKDAYS for d in days)
            or len(set(days)) != len(days)
        ):
            c.bad(f"{key}.study_days", f"expected weekday names like mon, got {_kind(days)}")


def _check_review(c: _Checker, review: Any) -> None:
    if review is None:
        return
    if not isinstance(review, dict):
        c.bad("review", f"expected a mapping, got {_kind(review)}")
        return
    limits = {
        "desired_retention": (0.5, 0.999),
        "minutes_per_card": (0.01, 60.0),
        "maximum_interval": (1, 100_000),
    }
    for name, value in review.items():
        if name not in limits:
            c.bad(f"review.{name}", "unknown setting")
            continue
        low, high = limits[name]
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not (low <= value <= high)
        ):
            c.bad(f"review.{name}", f"expected a number from {low} to {high}, got {_kind(value)}")
        elif name == "maximum_interval" and not isinstance(value, int):
            c.bad(f"review.{name}", f"expected a whole number of days, got {_kind(value)}")


def _check_module(c: _Checker, module: Any, key: str, seen: set[str]) -> None:
    if not isinstance(module, dict):
        c.bad(key.rstrip("."), f"expected a module (a mapping), got {_kind(module)}")
        return
    c.slug(module, "id", key)
    c.text(module, "title", key, required=True)
    for name in ("summary", "difficulty"):
        c.text(module, name, key)
    for name in ("learn", "build", "reflection"):
        c.texts(module, name, key)
    c.minutes(module.get("declared_study_time"), f"{key}declared_study_time", optional=True)
    lessons = module.get("lessons")
    if not isinstance(lessons, list):
        c.bad(f"{key}lessons", f"expected a list of lessons, got {_kind(lessons)}")
        return
    for l_no, lesson in enumerate(lessons):
        lkey = f"{key}lessons[{l_no}]."
        if not isinstance(lesson, dict):
            c.bad(lkey.rstrip("."), f"expected a lesson (a mapping), got {_kind(lesson)}")
            continue
        lesson_id = c.slug(lesson, "id", lkey)
        if lesson_id is not None:
            if lesson_id in seen:
                c.bad(f"{lkey}id", f"lesson id '{lesson_id}' appears twice")
            seen.add(lesson_id)
        c.text(lesson, "title", lkey, required=True)
        c.minutes(lesson.get("study_time"), f"{lkey}study_time")
        if lesson.get("status", "ready") not in STATUSES:
            c.bad(f"{lkey}status", f"expected one of {', '.join(STATUSES)}")
        for name in ("objectives", "requires"):
            c.texts(lesson, name, lkey)
        for name in ("outcome", "source"):
            c.text(lesson, name, lkey)
    for kind, required in (
        ("flashcards", ("id", "q", "a")),
        ("scenarios", ("id", "title", "task", "answer")),
        ("tasks", ("id", "title")),
    ):
        items = module.get(kind, [])
        if not isinstance(items, list):
            c.bad(f"{key}{kind}", f"expected a list, got {_kind(items)}")
            continue
        for i_no, item in enumerate(items):
            ikey = f"{key}{kind}[{i_no}]."
            if not isinstance(item, dict):
                c.bad(ikey.rstrip("."), f"expected a mapping, got {_kind(item)}")
                continue
            for name in required:
                c.text(item, name, ikey, required=True)
            for name in ("situation", "instructions"):
                c.text(item, name, ikey)
            c.optional_ref(item, "lesson", ikey)
