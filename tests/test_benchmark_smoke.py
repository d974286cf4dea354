"""The benchmark runs: its quick variant builds basic and tufte and prints every table.

Only that it runs and reports is checked here; the timings are for benchmarks/README.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import benchmark_script

ROOT = Path(__file__).resolve().parents[1]
# The scripts measure the package, not its Sphinx version: make test runs them once.
pytestmark = pytest.mark.benchmark


@pytest.mark.slow
def test_quick_benchmark_prints_its_tables(tmp_path: Path) -> None:
    figures = tmp_path / "figures.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--variants", "basic,tufte",
         "--scale-pages", "12", "--workdir", str(tmp_path / "work"), "--json", str(figures)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = proc.stdout
    for title in (
        "Clean build (seconds, median of runs)",
        "-j 2 versus serial",
        "Incremental rebuild",
        "A typical post",
        "A post with three photographs",
        "Targets (tufte)",
    ):
        assert title in out, f"{title!r} missing from:\n{out}"
    clean_table = out.split("Clean build")[1].split("\n\n")[0]
    for variant in ("basic", "tufte"):
        row = next(line for line in clean_table.splitlines() if line.startswith(variant + " "))
        assert row.rstrip().endswith("ok"), row
    assert "1.00x" in next(line for line in clean_table.splitlines() if line.startswith("basic "))
    # The same site at a second size (issue 11, problem 10): basic and tufte side by
    # side, so that a cost growing faster than the site shows as a growing ratio.
    sizes = out.split("Clean build by site size")[1].split("\n\n")[0].splitlines()
    assert [line.split()[0] for line in sizes[3:]] == ["8", "12"]
    assert all(line.rstrip().endswith("ok") for line in sizes[3:])
    assert "clean build CPU time <= 1.04x basic, 12 pages" in out

    data = json.loads(figures.read_text())
    assert set(data["clean"]) == {"basic", "tufte"}
    assert set(data["scale"]["12"]) == {"basic", "tufte"}
    assert all(run["seconds"] > 0 and run["max_rss_mb"] > 0 for runs in data["clean"].values() for run in runs)
    assert set(data["edit_post"]) == set(data["edit_page"]) == set(data["no_change"]) == {"basic", "tufte"}
    # The typical post really was built and weighed: its own HTML is part of the total.
    tufte_weight = data["weight"]["tufte"]
    assert tufte_weight["by_kind"]["html"] > 0
    assert tufte_weight["page"] in tufte_weight["files"]
    assert (tmp_path / "work" / "tufte" / "src" / "pages" / "page-0000.md").is_file()
    # Responsive images weighed both ways, at both widths: the photographs were loaded.
    for width in ("375", "1400"):
        before, after = data["images"]["before"][width], data["images"]["after"][width]
        assert before["image"] > 0 and after["image"] > 0


def test_paired_builds_print_each_pair_and_the_median(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "paired.py"), "--pages", "4", "--pairs", "2"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    pairs = [line for line in lines if line.startswith("pair ")]
    assert len(pairs) == 2, proc.stdout
    # The cores are swapped between pairs, so that a slower core is shared.
    assert "basic" in pairs[0] and "(core 0)" in pairs[0].split("tufte")[0] and "(core 1)" in pairs[1].split("tufte")[0]
    assert lines[-1].startswith("tufte / basic, CPU time: median ") and lines[-1].endswith("over 2 pairs")


def test_parts_lists_the_build_s_parts_listeners_and_the_collector(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "parts.py"), "--pages", "3", "--posts", "2", "--top", "200",
         "--time", "sphinx_tufte.posts.postlist.listing_html"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = proc.stdout
    for part in ("| whole build | 1 |", "| write_doc (translate and write) |", "| template render |",
                 "html-page-context: sphinx_tufte.navigation.on_html_page_context",
                 "post-transform: sphinx_tufte.notes.footnotes.NotesForHTML",
                 "| sphinx_tufte.posts.postlist.listing_html |"):
        assert part in out, f"{part!r} missing from:\n{out}"
    assert "Garbage collection: " in out and "Objects the collector tracked after reading: " in out


def test_instruction_counts_are_the_same_on_every_run_and_follow_the_work() -> None:
    """instructions.py's claim: a count does not drift with the machine's load, as a
    CPU time does, and more work counts more."""
    import shutil

    if shutil.which("valgrind") is None:
        from conftest import need_tool

        need_tool("valgrind", "benchmarks/instructions.py counts with cachegrind (apt-get install valgrind)")
    instructions = benchmark_script("instructions")
    # seq, not Python: under valgrind a Python's start alone takes seconds, and what is
    # tested here is the count and the reading of it, whatever the program.
    seq = shutil.which("seq") or "seq"
    small = [instructions.instructions([seq, "20000"]) for _ in range(2)]
    large = instructions.instructions([seq, "200000"])
    assert abs(small[0] - small[1]) < 0.001 * small[0], small
    assert large > small[0] * 1.5, (small, large)


def test_the_suite_comparison_names_a_baseline_test_it_cannot_follow() -> None:
    """benchmarks/suite.py times today's suite on the baseline's assertions: each
    baseline test is kept under its name or by a listed successor, and one that is
    neither stops the comparison by name instead of being left out."""
    suite = benchmark_script("suite")
    baseline = {"tests/test_a.py::test_kept", "tests/test_math.py::test_parallel_build_matches_serial"}
    today = {"tests/test_a.py::test_kept", "tests/test_a.py::test_new"}
    assert suite.same_assertions(baseline, today) == ["tests/test_a.py::test_kept", *suite.MERGED]
    with pytest.raises(SystemExit, match=r"tests/test_gone\.py::test_x"):
        suite.same_assertions(baseline | {"tests/test_gone.py::test_x"}, today)
