#!/usr/bin/env python3
"""Set up everything coursekit needs, then build, serve or test it.

    python3 dev.py build    # virtualenv + install + build the example course into site/
    python3 dev.py serve    # the same, then serve it with live reload on 127.0.0.1:8000
    python3 dev.py test     # virtualenv + test tools + Zensical + Chromium + Node.js + every test, in parallel
    python3 dev.py corpus   # print every broken course of the test corpus with its messages

Needs only Python 3.11+. The virtualenv lives in .venv/ and is reinstalled only when
pyproject.toml changes. The browser tests use Debian's `chromium` package and the
site script's unit tests (`node --test`) Debian's `nodejs`, which `test` installs
with apt-get when they are missing (as root, or through sudo), and so is Debian's
`npm`, which installs the npm test tools (axe-core) from package-lock.json with
`npm ci` into node_modules/ (again only when the lockfile changes).
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
CHROMIUM = Path("/usr/bin/chromium")
JS_TESTS = ROOT / "tests" / "js"
NODE_MODULES = ROOT / "node_modules"


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def run(*args: str | Path, check: bool = True) -> int:
    code = subprocess.call([str(a) for a in args], cwd=ROOT)
    if check and code != 0:
        sys.exit(code)
    return code


def ensure_env(extras: str = "") -> None:
    """Create .venv and install coursekit (editable) unless it is already current."""
    if not (BIN / "python").exists():
        say("creating the virtual environment in .venv/")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    spec = f".[{extras}]" if extras else "."
    stamp = VENV / f".coursekit-installed{'-' + extras if extras else ''}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    what = f"coursekit{' with its ' + extras.replace(',', ' and ') + ' extras' if extras else ''}"
    say(f"installing {what} with pip (a minute or two the first time)")
    pip = [BIN / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    run(*pip, "-e", spec)
    stamp.write_text(digest)


def ensure_chromium() -> None:
    """The browser tests drive Debian's Chromium; install it when it is missing."""
    if CHROMIUM.exists():
        return
    apt_install("chromium", "the browser tests", "Chromium at /usr/bin/chromium",
                "install a Chromium and link it there")


def ensure_node() -> None:
    """The site script's unit tests run on Node.js; install Debian's when `node` is missing."""
    if shutil.which("node"):
        return
    apt_install("nodejs", "the site script's tests", "Node.js (`node`)",
                "install Node.js 18 or newer")


def ensure_npm_tools() -> None:
    """axe-core for the browser tests' accessibility audits: `npm ci` from the lockfile."""
    lock = ROOT / "package-lock.json"
    stamp = NODE_MODULES / ".coursekit-installed"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    if not shutil.which("npm"):
        apt_install("npm", "the accessibility audits", "npm", "install npm")
    say("installing the npm test tools (npm ci, from package-lock.json)")
    run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
    stamp.write_text(digest)


def apt_install(package: str, tests: str, thing: str, otherwise: str) -> None:
    """Install a Debian package with apt-get, as root or through passwordless sudo."""
    apt = ["apt-get"]
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        if not shutil.which("sudo"):
            sys.exit(f"[dev] {tests} need {thing}: "
                     f"install Debian's `{package}` package (apt-get install {package})")
        apt = ["sudo", "-n", "apt-get"]
    if not shutil.which("apt-get"):
        sys.exit(f"[dev] {tests} need {thing}, and this machine has no apt-get: {otherwise}")
    say(f"installing Debian's {package} for {tests} (apt-get)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for args in (["update", "-q"], ["install", "-y", "-q", "--no-install-recommends", package]):
        if subprocess.call([*apt, *args], env=env) != 0:
            sys.exit(f"[dev] could not install {package} with apt-get")


def run_node_tests() -> int:
    """`node --test` on the site script's unit tests; its exit code."""
    files = sorted(JS_TESTS.glob("*.test.mjs"))
    if not files:  # node --test without files would search the whole tree
        say(f"no site script tests in {JS_TESTS}")
        return 1
    say("running the site script's tests (node --test)")
    return run("node", "--test", "--test-reporter=dot", *files, check=False)


def parallel(args: list[str]) -> list[str]:
    """pytest-xdist options that run the suite on every core, unless told otherwise.

    Nothing is added on a single core; when ARGS name test files or folders (starting
    the workers costs more than a few files gain); or when the arguments (or
    PYTEST_ADDOPTS) say how to run: -n N or --numprocesses (-n 0 is serial),
    -p no:xdist, or what needs a single process: --pdb, --trace, -s (output as it
    comes). --dist alone gets -n auto.
    """
    if (os.cpu_count() or 1) < 2:
        return []
    if any("::" in arg or (ROOT / arg).exists() for arg in args if not arg.startswith("-")):
        return []
    given = [*shlex.split(os.environ.get("PYTEST_ADDOPTS", "")), *args]
    for i, arg in enumerate(given):
        if arg.startswith(("-n", "--numprocesses", "--pdb", "--trace", "--capture=no")):
            return []
        if arg.startswith("-p") and "no:xdist" in (arg[2:] or "".join(given[i + 1 : i + 2])):
            return []
        if re.fullmatch(r"-[vqxl]*s[vqxl]*", arg):
            return []
    if any(arg.startswith("--dist") for arg in given):
        return ["-n", "auto"]
    # loadscope: a module's tests share a worker, so a site built once per module (and
    # kept in a module-scoped fixture) is built once, not on every worker.
    return ["-n", "auto", "--dist", "loadscope"]


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):
        sys.exit("[dev] coursekit needs Python 3.11 or newer")
    command = argv[0] if argv else "help"
    rest = argv[1:]
    if command == "build":
        ensure_env()
        run(BIN / "coursekit", "build", ROOT, *rest)
        say(f"the example course is built in {ROOT / 'site'}; `python3 dev.py serve` serves it")
        return 0
    if command == "serve":
        ensure_env()
        return run(BIN / "coursekit", "serve", ROOT, *rest, check=False)
    if command == "test":
        ensure_env("test,zensical")
        ensure_chromium()
        ensure_node()
        ensure_npm_tools()
        node = run_node_tests()
        extra = parallel(rest)
        if extra:
            say("running the tests on every core (pytest-xdist); -n 0 runs them in one process")
        code = run(BIN / "python", "-m", "pytest", *extra, *rest, check=False)
        if code == 5:  # pytest: no tests collected, which must not pass as green
            say("no tests were collected")
            return 1
        if node and not code:
            say("the site script's tests failed (see node's report above)")
        return code or node
    if command == "corpus":  # tests/malformed_cases.py [CASE ...]: the messages, to read by eye
        ensure_env()
        return run(BIN / "python", ROOT / "tests" / "malformed_cases.py", *rest, check=False)
    print(__doc__)
    return 0 if command in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
