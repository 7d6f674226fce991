"""How long loading and validating a course takes, with libyaml's C parser and without.

    python benchmarks/bench_load.py [--sizes 50,300,1000] [--repeat 3]

Both runs use the same line-keeping safe loader; only the parser underneath differs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import make_course  # noqa: E402

from coursekit.course import yaml_lines as yamlsource  # noqa: E402
from coursekit.course.loader import load_course  # noqa: E402


def timed(root: Path, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        load_course(root)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,300,1000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not hasattr(yaml, "CSafeLoader"):
        sys.exit("PyYAML was built without libyaml: nothing to compare")
    c_loader = yamlsource.line_loader(yaml.CSafeLoader)
    py_loader = yamlsource.line_loader(yaml.SafeLoader)
    print(f"{'lessons':>8} {'C loader':>10} {'pure Python':>12} {'ratio':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            root = make_course(Path(tmp) / f"c{size}", size)
            load_course(root)  # warm imports and the file cache
            yamlsource._LineLoader = c_loader
            fast = timed(root, args.repeat)
            yamlsource._LineLoader = py_loader
            slow = timed(root, args.repeat)
            yamlsource._LineLoader = c_loader
            print(f"{size:>8} {fast:>9.3f}s {slow:>11.3f}s {slow / fast:>6.1f}x")


if __name__ == "__main__":
    main()
