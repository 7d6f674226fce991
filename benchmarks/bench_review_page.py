"""Opening the Review page with 2,000 cards and 50,000 stored ratings, in headless Chromium.

    .venv/bin/python benchmarks/bench_review_page.py [--cards 2000] [--ratings 50000] [--runs 7]

Builds a synthetic course whose 2,000 flashcards are all unlocked, stores 50,000 ratings
in the browser's localStorage (the site's own record, as a learner's year of reviews
would leave it: each card rated 25 times over a year, ratings 1-4), and opens the
Review page again and again, alternating:

- **cached**: the per-card states cached from the previous visit cover every rating,
  so the page checks the cache against the ratings and replays nothing;
- **replay**: the cache is removed first, so all 50,000 ratings go through ts-fsrs.

Each run measures, in the page, the time from the start of the navigation to the
moment the Review page is usable (counts shown, session ready to start: the
`coursekit:review-ready` mark) and, after "Start review", to the first card shown
(`coursekit:review-card`), and prints medians side by side with the ratio. The
timeline page (the site without the Review page's work) is measured the same way as
a yardstick. Debian's Chromium at /usr/bin/chromium; the site is served on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import make_course  # noqa: E402

LESSONS_PER_MODULE = 10


def course_with_cards(root: Path, cards: int) -> tuple[Path, list[str], list[str]]:
    """A synthetic course with ``cards`` flashcards, 100 a module, each tied to a lesson."""
    modules = max(1, cards // 100)
    make_course(root, lessons=modules * LESSONS_PER_MODULE, per_module=LESSONS_PER_MODULE)
    card_ids, lesson_ids = [], []
    for m in range(modules):
        module = f"module-{m + 1:03d}"
        lessons = [f"lesson-{m * LESSONS_PER_MODULE + i + 1:05d}" for i in range(10)]
        lesson_ids += lessons
        count = 100 if m < modules - 1 else cards - 100 * (modules - 1)
        lines = ["flashcards:"]
        for c in range(count):
            card = f"{module}-card-{c + 1:03d}"
            card_ids.append(card)
            lines += [
                f"  - id: {card}",
                f"    q: What does card {c + 1} of {module} ask about drift and retraining?",
                "    a: That you **measure** before you act, and write the threshold down.",
                f"    lesson: {lessons[c % len(lessons)]}",
            ]
        (root / "exercises" / f"{module}.yml").write_text("\n".join(lines) + "\n")
    return root, card_ids, lesson_ids


def stored_record(card_ids: list[str], lesson_ids: list[str], ratings: int) -> str:
    """The site's progress record (version 2): every lesson done, ``ratings`` ratings."""
    rng = random.Random(15)
    start = datetime(2025, 3, 1, 8, tzinfo=UTC)
    per_card = max(1, ratings // len(card_ids))
    rows = []
    for number in range(len(card_ids)):
        at = start + timedelta(minutes=rng.randrange(0, 1440))
        for _ in range(per_card):
            if len(rows) == ratings:
                break
            at += timedelta(minutes=rng.randrange(1, 60 * 24 * 28))
            rows.append([number, rng.choices((1, 2, 3, 4), (2, 1, 6, 1))[0], at, None])
    while len(rows) < ratings:  # any left over go to the first cards
        rows.append(
            [len(rows) % len(card_ids), 3, start + timedelta(days=400, seconds=len(rows)), None]
        )
    rows.sort(key=lambda row: row[2])
    for i, row in enumerate(rows):
        row[2] = row[2].strftime("%Y-%m-%dT%H:%M:%SZ")
        row[3] = f"bench-{i:06d}"
    done = {"done": True, "at": "2025-03-01T08:00:00Z", "completedAt": "2025-03-01T08:00:00Z"}
    lessons = {lesson: {**done, "uid": f"done-{lesson}"} for lesson in lesson_ids}
    reviews = {"cards": card_ids, "rows": rows}
    return json.dumps({"version": 2, "learner": "", "lessons": lessons, "reviews": reviews})


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serve(root: Path):  # type: ignore[no-untyped-def]
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(root))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def mark(page, name: str) -> float:  # type: ignore[no-untyped-def]
    page.wait_for_function(f"performance.getEntriesByName({name!r}).length > 0", timeout=120_000)
    return float(page.evaluate(f"performance.getEntriesByName({name!r})[0].startTime"))


def visit(page, url: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Open the Review page: (navigation start -> usable, coursekit's own part of that)."""
    page.goto(url + "review/")
    ready = mark(page, "coursekit:review-ready")
    return ready, ready - mark(page, "coursekit:page-start")


def first_card(page) -> float:  # type: ignore[no-untyped-def]
    """The click on "Start review", timed in the page, to the first card shown."""
    return float(
        page.evaluate(
            """() => {
              const start = performance.now();
              document.querySelector('[data-ck-action=review-start]').click();
              const shown = performance.getEntriesByName('coursekit:review-card');
              return shown[shown.length - 1].startTime - start;
            }"""
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=2000)
    parser.add_argument("--ratings", type=int, default=50000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    # "cached" right after "replay", whose visit leaves the cache it comes to use.
    kinds = ("no ratings", "replay", "cached")
    usable: dict[str, list[float]] = {k: [] for k in kinds}
    ours: dict[str, list[float]] = {k: [] for k in kinds}
    shown: dict[str, list[float]] = {k: [] for k in kinds}
    with tempfile.TemporaryDirectory() as tmp:
        course, cards, lessons = course_with_cards(Path(tmp) / "course", args.cards)
        print(f"building a course with {len(cards)} cards ...", flush=True)
        subprocess.run(
            [sys.executable, "-m", "coursekit", "build", str(course)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        record = stored_record(cards, lessons, args.ratings)
        empty = stored_record(cards, lessons, 0)
        print(f"{args.ratings} ratings stored: {len(record) / 1e6:.1f} million characters")
        key, cache = "coursekit:synthetic:progress", "coursekit:synthetic:review-cache"
        with serve(course / "site") as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            page.goto(url + "404.html")
            store = "([k, v]) => localStorage.setItem(k, v)"
            page.evaluate(store, [key, record])
            visit(page, url)  # a first visit fills the browser's caches
            for _ in range(args.runs):
                for kind in kinds:  # in turn, so that a drift of the machine hits all three
                    page.evaluate(store, [key, empty if kind == "no ratings" else record])
                    if kind != "cached":
                        page.evaluate("k => localStorage.removeItem(k)", cache)
                    total, own = visit(page, url)
                    usable[kind].append(total)
                    ours[kind].append(own)
                    shown[kind].append(first_card(page))
            browser.close()
    median = statistics.median
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    print(
        f"Review page, {len(cards)} cards, {args.runs} runs of each, medians "
        f"(load average {load} on {os.cpu_count()} cores):"
    )
    print(f"  {'':36} {'no ratings':>10} {'replayed':>14} {f'{args.ratings} cached':>14}")
    for label, figures in (
        ("navigation start -> page usable", usable),
        ("  of which coursekit's script", ours),
        ('"Start review" -> first card', shown),
    ):
        row = "".join(f"{median(figures[k]):>12.0f}ms" for k in kinds[:1]) + "".join(
            f"{median(figures[k]):>14.0f}ms" for k in kinds[1:]
        )
        print(f"  {label:36}{row}")
    base = median(usable["no ratings"])
    print(
        f"  ratios to no ratings: cached {median(usable['cached']) / base:.2f}x, "
        f"replayed {median(usable['replay']) / base:.2f}x; "
        f"replayed / cached: {median(usable['replay']) / median(usable['cached']):.2f}x"
    )


if __name__ == "__main__":
    main()
