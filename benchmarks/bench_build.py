"""How long a course site takes to build, and how much of that is coursekit's own work.

For synthetic courses of 50, 300 and 1,000 lesson-sized pages this reports, side by side:

* load+render: coursekit loading, checking and rendering the course, as measured by
  ``coursekit build --json`` inside its own build (a fresh process: coursekit's imports
  included; the libraries it shares with MkDocs, such as Jinja and PyYAML, count as
  MkDocs', which imports them for any build);
* coursekit build: the wall time of that ``coursekit build`` (coursekit's default features);
* zensical: ``coursekit build --engine zensical`` of the same course, from an empty
  build folder (no incremental state: a first build);
* plain mkdocs: ``mkdocs build`` of the same rendered pages, pre-written to disk, with
  Material's default features (no ``navigation.prune``), the same nav and the search plugin;

with the ratios the targets are stated in (load+render at most 5% of coursekit build;
coursekit build of 1,000 lessons at most 0.4x the plain build), the size of each site,
and the peak memory of each build (its largest process).

Compiled page templates are kept in a cache folder (here, one of the run's own), so
``coursekit render`` runs first and the build is timed as every build after the first
one; the first build of a coursekit version compiles them, about 0.05 s more.

    .venv/bin/python benchmarks/bench_build.py                 # 50, 300 and 1,000 lessons
    .venv/bin/python benchmarks/bench_build.py --sizes 50,300  # a quicker run
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

LESSONS_PER_MODULE = 10
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
BIN = Path(sys.executable).parent

PARAGRAPH = (
    "A production model is only as good as the data that feeds it, the code that trains it "
    "and the process that ships it. This section walks through one more piece of that "
    "system, explains why it exists and shows how it fits the churn project step by step, "
    "so that every decision can be traced, reviewed and repeated by someone else on the team."
)


def lesson_body(module: int, lesson: int) -> str:
    """Shaped like the example course's ready lessons: about 900 words, two code blocks,
    a table, two admonitions and a few lists."""
    parts = [f"# Lesson {module}.{lesson}\n", PARAGRAPH, ""]
    for section in range(1, 5):
        parts.append(f"## Part {section}\n")
        parts.extend([PARAGRAPH, ""] * 3)
        parts.append("- first point to remember\n- second point to remember\n- a third one\n")
        if section in (1, 3):
            code = f"def step_{section}(data):\n    return [x * {section} for x in data]"
            parts.append(f"```python\n{code}\n```\n")
        if section in (2, 4):
            parts.append(f'!!! tip "Check"\n\n    Run step {section} on a small sample first.\n')
    parts.append("| Stage | Input | Output |\n|---|---|---|\n| data | source | table |\n"
                 "| train | table | model |\n| serve | request | prediction |\n")  # fmt: skip
    return "\n".join(parts)


def write_course(root: Path, lessons: int) -> None:
    """A valid course of ``lessons`` lessons, ten per module, with flashcards."""
    modules = max(1, -(-lessons // LESSONS_PER_MODULE))
    module_ids = [f"module-{m:03d}" for m in range(1, modules + 1)]
    (root / "curriculum" / "modules").mkdir(parents=True)
    (root / "exercises").mkdir()
    course = {
        "id": "bench",
        "title": f"Benchmark course ({lessons} lessons)",
        "description": "A synthetic course.",
        "modules": module_ids,
    }
    (root / "curriculum" / "course.yml").write_text(yaml.safe_dump(course, sort_keys=False))
    made = 0
    for m, module_id in enumerate(module_ids, start=1):
        count = min(LESSONS_PER_MODULE, lessons - made)
        ids = [f"lesson-{m:03d}-{i:02d}" for i in range(1, count + 1)]
        made += count
        spec = {"title": f"Module {m}", "summary": "A synthetic module.", "learn": ["Things"],
                "build": ["Stuff"], "lessons": ids}  # fmt: skip
        (root / "curriculum" / "modules" / f"{module_id}.yml").write_text(
            yaml.safe_dump(spec, sort_keys=False)
        )
        folder = root / "lessons" / module_id
        folder.mkdir(parents=True)
        for i, lesson_id in enumerate(ids, start=1):
            front = {"title": f"Lesson {m}.{i}", "study_time": "1-2h", "status": "ready",
                     "objectives": [f"Do step {i}"], "outcome": f"Step {i} done."}  # fmt: skip
            text = f"---\n{yaml.safe_dump(front, sort_keys=False)}---\n{lesson_body(m, i)}"
            (folder / f"{lesson_id}.md").write_text(text)
        cards = [{"q": f"What does step {m}.{i} do?", "a": "It multiplies.", "lesson": lesson_id}
                 for i, lesson_id in enumerate(ids, start=1)]  # fmt: skip
        (root / "exercises" / f"{module_id}.yml").write_text(
            yaml.safe_dump({"flashcards": cards}, sort_keys=False)
        )


def site_config(root: Path, title: str) -> None:
    """The mkdocs.yml of a new coursekit course: coursekit's default theme features."""
    from coursekit.model import Course
    from coursekit.site.folder import default_config

    config = default_config(Course(id="bench", title=title, modules=()))
    config["docs_dir"] = "lessons"
    config["plugins"] = ["search", "coursekit"]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))


def run(args: list[str], cwd: Path) -> tuple[float, float, str, float]:
    """Run a command; return its wall time, its CPU time, its standard output and its
    peak memory in MB (of its largest process, itself or one it waited for).

    CPU time (user + system, the command's processes together) is the steadier figure
    on a machine shared with other work.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{stdout}\n{stderr}")
    return seconds, usage.ru_utime + usage.ru_stime, stdout, usage.ru_maxrss / 1024


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def measure(lessons: int, work: Path) -> dict[str, float]:
    course_dir = work / f"course-{lessons}"
    write_course(course_dir, lessons)
    site_config(course_dir, f"Benchmark course ({lessons} lessons)")

    # The pages pre-written to disk, for the plain build below (this also fills the
    # cache of compiled templates, as any earlier build or render would have).
    plain_dir = work / f"plain-{lessons}"
    run([str(BIN / "coursekit"), "render", str(course_dir), "--out", str(plain_dir)], work)

    # coursekit build, in a fresh process; it reports its own load and render times.
    build, build_cpu, output, build_peak = run(
        [str(BIN / "coursekit"), "build", str(course_dir), "--json"], work
    )
    report = json.loads(output)
    zensical_site = work / f"zensical-{lessons}"
    zensical, zensical_cpu, _, zensical_peak = run(
        [str(BIN / "coursekit"), "build", str(course_dir), "--engine", "zensical",
         "--site-dir", str(zensical_site)], work,
    )  # fmt: skip

    # The same pages built by MkDocs alone with Material's defaults.
    config = yaml.safe_load((plain_dir / "mkdocs.yml").read_text())
    config["theme"] = {"name": "material"}  # Material's default features: no pruning
    (plain_dir / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    plain, plain_cpu, _, plain_peak = run([str(BIN / "mkdocs"), "build"], plain_dir)
    return {
        "lessons": lessons,
        "pages": report["pages"],
        "load_render": report["load_seconds"] + report["render_seconds"],
        "load_render_cpu": report["load_cpu_seconds"] + report["render_cpu_seconds"],
        "build": build,
        "build_cpu": build_cpu,
        "plain": plain,
        "plain_cpu": plain_cpu,
        "zensical": zensical,
        "zensical_cpu": zensical_cpu,
        "build_mb": size_mb(course_dir / "site"),
        "plain_mb": size_mb(plain_dir / "site"),
        "zensical_mb": size_mb(zensical_site),
        "build_peak": build_peak,
        "zensical_peak": zensical_peak,
        "plain_peak": plain_peak,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="50,300,1000", help="lesson counts, comma-separated")
    parser.add_argument("--keep", action="store_true", help="keep the generated courses and sites")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    work = Path(tempfile.mkdtemp(prefix="coursekit-bench-"))
    ENV["COURSEKIT_CACHE_DIR"] = str(work / "cache")
    rows = []
    try:
        for lessons in sizes:
            print(f"building {lessons} lessons ...", file=sys.stderr, flush=True)
            rows.append(measure(lessons, work))
    finally:
        if args.keep:
            print(f"kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    columns = ["lessons", "pages", "load+render", "(cpu)", "coursekit build", "(cpu)",
               "share", "(cpu)", "plain mkdocs", "(cpu)", "ratio", "(cpu)", "site MB",
               "plain MB"]  # fmt: skip
    table = [columns]
    for r in rows:
        table.append([
            str(r["lessons"]), str(r["pages"]), f"{r['load_render']:.2f} s",
            f"{r['load_render_cpu']:.2f} s", f"{r['build']:.1f} s", f"{r['build_cpu']:.1f} s",
            f"{r['load_render'] / r['build']:.1%}",
            f"{r['load_render_cpu'] / r['build_cpu']:.1%}",
            f"{r['plain']:.1f} s", f"{r['plain_cpu']:.1f} s",
            f"{r['build'] / r['plain']:.2f}x", f"{r['build_cpu'] / r['plain_cpu']:.2f}x",
            f"{r['build_mb']:.0f}", f"{r['plain_mb']:.0f}",
        ])  # fmt: skip
    print_table(table)
    print()
    engines = [
        [
            "lessons",
            "mkdocs",
            "(cpu)",
            "peak",
            "zensical",
            "(cpu)",
            "peak",
            "zensical/mkdocs",
            "(cpu)",
            "plain mkdocs",
            "peak",
            "site MB",
            "zensical MB",
        ]
    ]
    for r in rows:
        engines.append([
            str(r["lessons"]), f"{r['build']:.1f} s", f"{r['build_cpu']:.1f} s",
            f"{r['build_peak']:.0f} MB", f"{r['zensical']:.1f} s", f"{r['zensical_cpu']:.1f} s",
            f"{r['zensical_peak']:.0f} MB", f"{r['zensical'] / r['build']:.2f}x",
            f"{r['zensical_cpu'] / r['build_cpu']:.2f}x", f"{r['plain']:.1f} s",
            f"{r['plain_peak']:.0f} MB", f"{r['build_mb']:.0f}", f"{r['zensical_mb']:.0f}",
        ])  # fmt: skip
    print_table(engines)
    print()
    print("share: load+render / coursekit build (target: at most 5% at every size)")
    print("(cpu): the same in CPU time (user + system): steadier on a machine doing other work")
    print("ratio: coursekit build / plain mkdocs build (target: at most 0.4x at 1,000 lessons)")
    print("second table: coursekit build with each engine; peak: the largest process's memory")
    return 0


def print_table(table: list[list[str]]) -> None:
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    sys.exit(main())
