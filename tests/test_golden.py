"""The ``golden`` fixture: one switch to update, a missing file says how to create it.

Each test runs a small pytest session with a copy of tests/conftest.py, so the golden
folder is the session's own (never tests/golden/).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = (Path(__file__).parent / "conftest.py").read_text(encoding="utf-8")

TESTS = """
def test_text(golden):
    golden.check("out/page.md", "# Title\\n\\nText.\\n")

def test_json(golden):
    golden.check_json("out/data.json", {"b": [1, 2], "a": "é"})

def test_tree(golden):
    golden.check_tree("out/tree", {"one.md": "1\\n", "sub/two.yml": b"two: 2\\n"})
"""


@pytest.fixture
def session(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.delenv("COURSEKIT_UPDATE_GOLDEN", raising=False)
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_out=TESTS)
    return pytester


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """An in-process pytest session, without the plugins that only slow it down."""
    quiet = ["-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-p", "no:xdist"]
    return pytester.runpytest(*quiet, *args)


def stored(pytester: pytest.Pytester) -> dict[str, bytes]:
    root = pytester.path / "golden"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_missing_golden_file_fails_and_says_how_to_create_it(session: pytest.Pytester) -> None:
    result = run(session)
    result.assert_outcomes(failed=3)
    result.stdout.fnmatch_lines(
        [
            "*golden/out/page.md does not exist; to create it: "
            "`python3 dev.py test --update-golden test_out.py::test_text` "
            "(or COURSEKIT_UPDATE_GOLDEN=1)*",
        ]
    )
    assert stored(session) == {}


def test_update_golden_writes_the_files_and_then_they_compare_equal(
    session: pytest.Pytester,
) -> None:
    run(session, "--update-golden").assert_outcomes(passed=3)
    files = stored(session)
    assert files == {
        "out/page.md": b"# Title\n\nText.\n",
        "out/data.json": '{\n  "b": [\n    1,\n    2\n  ],\n  "a": "é"\n}\n'.encode(),
        "out/tree/one.md": b"1\n",
        "out/tree/sub/two.yml": b"two: 2\n",
    }
    run(session).assert_outcomes(passed=3)


@pytest.mark.parametrize("value", ["1", "true", "YES"])
def test_the_environment_variable_switches_updating_on(
    session: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("COURSEKIT_UPDATE_GOLDEN", value)
    run(session).assert_outcomes(passed=3)
    assert len(stored(session)) == 4


@pytest.mark.parametrize("value", ["0", "no", "false", ""])
def test_any_other_value_compares(
    session: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    run(session, "--update-golden").assert_outcomes(passed=3)
    page = session.path / "golden" / "out" / "page.md"
    page.write_text("# Old title\n", encoding="utf-8")
    monkeypatch.setenv("COURSEKIT_UPDATE_GOLDEN", value)
    result = run(session)
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*golden/out/page.md differs; if the new output is right*"])
    assert page.read_text(encoding="utf-8") == "# Old title\n"  # left alone


def test_updating_a_tree_removes_files_no_longer_produced(session: pytest.Pytester) -> None:
    run(session, "--update-golden").assert_outcomes(passed=3)
    stale = session.path / "golden" / "out" / "tree" / "stale.md"
    stale.write_text("old\n", encoding="utf-8")
    result = run(session, "-k", "tree")
    result.assert_outcomes(failed=1)
    assert "stored but not produced: ['stale.md']" in result.stdout.str()
    run(session, "--update-golden").assert_outcomes(passed=3)
    assert not stale.exists()


def test_json_is_compared_as_values_not_as_text(session: pytest.Pytester) -> None:
    data = session.path / "golden" / "out" / "data.json"
    data.parent.mkdir(parents=True)
    data.write_text('{"a": "\\u00e9", "b": [1, 2]}', encoding="utf-8")
    run(session, "-k", "json").assert_outcomes(passed=1)
    run(session, "-k", "json", "--update-golden")
    assert data.read_text(encoding="utf-8") == '{"a": "\\u00e9", "b": [1, 2]}'  # equal: kept
