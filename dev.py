#!/usr/bin/env python3
"""Set up everything coursekit needs, then build, serve or test it.

    python3 dev.py build    # virtualenv + install + build the example course into site/
    python3 dev.py serve    # the same, then serve it with live reload on 127.0.0.1:8000
    python3 dev.py test     # virtualenv + test tools + Zensical + Chromium + Node.js + every test, in parallel
    python3 dev.py corpus   # print every broken course of the test corpus with its messages
    python3 dev.py messages # update the message catalogs (--new CODE starts a language)
    python3 dev.py vendor [--check | VERSION]   # the site's copy of ts-fsrs: check it, or refresh it

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
VENDOR = ROOT / "src" / "coursekit" / "site" / "static" / "vendor"
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


# --------------------------------------------------------------------------- vendored ts-fsrs
#
# The site schedules flashcards with ts-fsrs, the FSRS project's TypeScript library.
# Sites load nothing from elsewhere, so its ES module build is kept in the package,
# byte for byte as the npm registry publishes it, with its licence; the record beside
# it says which version it is and the file's sha256, which `vendor --check` (and a
# test) compare with the file.

VENDORED = {"dist/index.mjs": "ts-fsrs.js", "LICENSE": "ts-fsrs.LICENSE.txt"}
VENDOR_RECORD = VENDOR / "ts-fsrs.json"


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_vendored(folder: Path = VENDOR) -> list[str]:
    """What is wrong with the vendored ts-fsrs files ([] when they match their record)."""
    import json

    def shown(path: Path) -> str:
        return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)

    record_path = folder / VENDOR_RECORD.name
    try:
        record = json.loads(record_path.read_text())
        files = record["files"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return [f"{shown(record_path)}: cannot be read ({error})"]
    problems = []
    for source, name in VENDORED.items():
        path = folder / name
        expected = files.get(name, {}).get("sha256") if isinstance(files, dict) else None
        if not path.exists():
            problems.append(f"{shown(path)}: missing")
        elif sha256_of(path) != expected:
            problems.append(
                f"{shown(path)}: sha256 {sha256_of(path)} is not the recorded "
                f"{expected} ({source} of ts-fsrs {record.get('version')}): the file was changed; "
                f"`python3 dev.py vendor {record.get('version')}` restores it"
            )
    return problems


def vendor_ts_fsrs(version: str) -> int:
    """Fetch ts-fsrs VERSION from the npm registry (`npm pack`, which checks the
    tarball against the registry's integrity), check that integrity again ourselves,
    and copy its ES module build and licence unchanged into the package."""
    import base64
    import json
    import tarfile
    import tempfile

    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        sys.exit(f"[dev] vendor: expected a version like 5.4.2, not {version!r}")
    if not shutil.which("npm"):
        apt_install("npm", "vendoring ts-fsrs", "npm", "install npm")
    with tempfile.TemporaryDirectory() as tmp:
        say(f"fetching ts-fsrs {version} from the npm registry (npm pack)")
        packed = subprocess.run(
            ["npm", "pack", f"ts-fsrs@{version}", "--json", "--pack-destination", tmp],
            cwd=tmp, capture_output=True, text=True,
        )
        if packed.returncode != 0:
            sys.exit(f"[dev] npm pack ts-fsrs@{version} failed:\n{packed.stderr.strip()}")
        info = json.loads(packed.stdout)[0]
        published = subprocess.run(
            ["npm", "view", f"ts-fsrs@{version}", "dist.integrity"],
            cwd=tmp, capture_output=True, text=True,
        ).stdout.strip()
        tarball = Path(tmp) / info["filename"]
        algorithm, _, expected = published.partition("-")
        actual = base64.b64encode(hashlib.new(algorithm or "sha512", tarball.read_bytes()).digest())
        if not published or info.get("integrity") != published or actual.decode() != expected:
            sys.exit(f"[dev] ts-fsrs {version}: the tarball does not match the registry's "
                     f"integrity {published or '(none given)'}; nothing was changed")
        VENDOR.mkdir(parents=True, exist_ok=True)
        files = {}
        with tarfile.open(tarball) as archive:
            for source, name in VENDORED.items():
                member = archive.extractfile(f"package/{source}")
                if member is None:
                    sys.exit(f"[dev] ts-fsrs {version} has no {source}; nothing was changed")
                data = member.read()
                files[name] = {"from": source, "sha256": hashlib.sha256(data).hexdigest(),
                               "bytes": len(data)}
                (VENDOR / name).write_bytes(data)
    record = {
        "package": "ts-fsrs",
        "version": version,
        "license": "MIT",
        "source": f"npm registry, ts-fsrs@{version}",
        "tarball_integrity": published,
        "files": files,
    }
    VENDOR_RECORD.write_text(json.dumps(record, indent=2) + "\n")
    say(f"vendored ts-fsrs {version}: {', '.join(files)} in {VENDOR.relative_to(ROOT)}; "
        "run the conformance tests (python3 dev.py test tests/test_fsrs_conformance.py, "
        "node --test tests/js/fsrs-conformance.test.mjs) before committing")
    return 0


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
    if command == "messages":  # docs/languages.md
        ensure_env()
        script = (
            "import sys; from coursekit.i18n import catalogs\n"
            "if sys.argv[1:2] == ['--new']: print('started', catalogs.new_language(sys.argv[2]))\n"
            "for code, n in catalogs.update().items():\n"
            "    print(f'{code}.po: ' + (f'{n} messages to translate' if n else 'complete'))"
        )
        return run(BIN / "python", "-c", script, *rest, check=False)
    if command == "vendor":  # the site's copy of ts-fsrs
        if rest in ([], ["--check"]):
            problems = check_vendored()
            for problem in problems:
                print(f"error: {problem}")
            if not problems:
                say(f"ts-fsrs in {VENDOR.relative_to(ROOT)} matches its record")
            return 1 if problems else 0
        if len(rest) == 1 and not rest[0].startswith("-"):
            return vendor_ts_fsrs(rest[0])
        sys.exit("[dev] usage: python3 dev.py vendor [--check | VERSION]")
    print(__doc__)
    return 0 if command in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
