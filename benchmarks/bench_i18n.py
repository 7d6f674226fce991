"""What a course in another language costs: compiling its catalog at run time, and
rendering the example course's pages in French against English, side by side.

The catalogs ship as ``.po`` files and are compiled by Babel the first time a process
uses a language (``coursekit.i18n._translations``), so a fresh ``pip install`` needs
no build step; this measures that compile in fresh processes, the whole render of the
example course in English and in French (in one process each, each twice, the second
render being what ``coursekit serve`` pays on every change), and the import of
``coursekit.cli.progress``, which must not grow (English loads no Babel).

    .venv/bin/python benchmarks/bench_i18n.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RUNS = 5

COMPILE = """
import time
t0 = time.perf_counter()
from coursekit.i18n import _translations
_translations("fr")
print(time.perf_counter() - t0)
"""

RENDER = """
import time, dataclasses
from coursekit.course.loader import load_course
from coursekit.site.render import render_site
course = dataclasses.replace(load_course({repo!r}).course, language={code!r})
times = []
for _ in range(2):
    t0 = time.perf_counter()
    render_site(course)
    times.append(time.perf_counter() - t0)
print(*times)
"""

IMPORT = """
import sys, time
t0 = time.perf_counter()
import coursekit.cli.progress
print(time.perf_counter() - t0, int('babel' in sys.modules))
"""


def run(code: str) -> list[float]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [float(x) for x in out.stdout.split()]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def main() -> None:
    compile_s = median([run(COMPILE)[0] for _ in range(RUNS)])
    first: dict[str, list[float]] = {"en": [], "fr": []}
    again: dict[str, list[float]] = {"en": [], "fr": []}
    for _ in range(RUNS):
        for code in ("en", "fr"):  # interleaved, so both see the same machine load
            a, b = run(RENDER.format(repo=str(REPO), code=code))
            first[code].append(a)
            again[code].append(b)
    imports = [run(IMPORT) for _ in range(RUNS)]
    print(f"compile fr.po at run time (fresh process): {compile_s * 1000:.1f} ms")
    for label, data in (("first render", first), ("next render", again)):
        en, fr = median(data["en"]), median(data["fr"])
        print(f"{label} of the example course: en {en:.3f} s, fr {fr:.3f} s, fr/en {fr / en:.2f}x")
    seconds = median([x[0] for x in imports])
    babel = any(x[1] for x in imports)
    print(f"import coursekit.cli.progress: {seconds * 1000:.0f} ms, Babel loaded: {babel}")


if __name__ == "__main__":
    main()
