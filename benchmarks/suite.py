"""`make test` against the suite as it was before issue 11, on this machine, in one sitting.

    python benchmarks/suite.py                 # one run of each, the baseline first
    python benchmarks/suite.py --runs 2        # interleaved: baseline, today, same tests, again

The baseline is the commit before issue 11's work began (`4b74c21`, 531 tests a version,
one process, every test its own builds), checked out in a git worktree with its own
virtualenvs (`make test-deps` there, not timed). Three commands are timed, wall clock,
each with `CI=true` as `.ci/run` runs them:

- the baseline's `make test`;
- today's `make test`, the whole suite;
- today's `make test` on the same assertions: the baseline's tests that still carry
  their names, with the successors of those merged or renamed since (the modules that
  hold serial against `-j 2` and the other builders for every capability, and the few
  listed in SUCCESSORS), every test on both Sphinx versions as the baseline ran them
  (`SPHINX82_SELECTION=`, so the browser tests too).

One day's VM ran the same tree's suite 1.8 times as fast as the next day's (358 s on
2026-12-03, 654 s on 2026-12-04), so only runs of one sitting compare; the README's
table holds them.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "4b74c21"
# Baseline tests that no longer exist under their own name -> the tests that now make
# their assertions. The pattern is matched against the baseline's test id.
MERGED = ("tests/test_builders.py", "tests/test_robust_parallel.py")
SUCCESSORS: list[tuple[str, tuple[str, ...]]] = [
    # Serial against -j 2 (nine places) and "other builders don't crash" (eight), each
    # one parametrized module now (issue 11, problem 9).
    (r"parallel|other_builders|every_builder|another_theme_and_other_builders", MERGED),
    # The same test, its expected file renamed when the variants' widths changed.
    (r"test_images\.py::test_browser_loads_the_right_variant\[", ("tests/test_images.py::test_browser_loads_the_right_variant",)),
    # Temml replaced the hand-written converter; its repairs are Temml's details now.
    (r"test_math\.py::test_converter_repairs$", ("tests/test_math.py::test_converter_details",)),
    # Since issue 11 the theme alone does not load the extension (problem 1).
    (r"test_math\.py::test_theme_alone_honours_an_explicit_renderer", ("tests/test_math.py::test_the_extension_honours_an_explicit_renderer",)),
    (r"test_theme\.py::test_theme_alone_loads_the_extension$", ("tests/test_theme_extension.py::test_theme_only_project_warns_once_and_registers_no_config",)),
    # Split in two: the notes complete, and the page valid HTML.
    (r"test_notes\.py::test_notes_in_odd_places_are_valid_and_complete$",
     ("tests/test_notes.py::test_notes_in_odd_places_are_complete", "tests/test_notes.py::test_notes_in_odd_places_are_valid_html")),
    # Sphinx's search scripts are kept on every page since problem 5.
    (r"test_theme\.py::test_only_search_page_loads_sphinx_search_scripts$", ("tests/test_theme.py::test_pages_keep_sphinx_scripts_so_search_terms_are_highlighted",)),
]


def collect(tree: Path) -> set[str]:
    out = subprocess.run(
        [str(tree / ".venv-sphinx9/bin/python"), "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist",
         "--collect-only", "-q"],
        cwd=tree, capture_output=True, text=True, check=True,
    ).stdout
    return {line for line in out.splitlines() if "::" in line}


def same_assertions(baseline: set[str], today: set[str]) -> list[str]:
    """Today's test ids (and modules) that make the baseline's assertions."""
    chosen = sorted(baseline & today)
    for test in sorted(baseline - today):
        successors = next((found for pattern, found in SUCCESSORS if re.search(pattern, test)), None)
        if successors is None:
            sys.exit(f"no successor known for the baseline's {test}: add it to SUCCESSORS")
        chosen.extend(s for s in successors if s not in chosen)
    return chosen


def timed(tree: Path, *make_args: str) -> tuple[float, str]:
    env = {**os.environ, "CI": "true"}
    start = time.monotonic()
    proc = subprocess.run(["make", "test", *make_args], cwd=tree, env=env, capture_output=True, text=True)
    wall = time.monotonic() - start
    if proc.returncode:
        sys.exit(f"make test {' '.join(make_args)} in {tree} failed:\n{proc.stdout[-3000:]}")
    counts = ", ".join(re.findall(r"=+ (\d+ passed[^=]*?) in [\d.]+s", proc.stdout))
    return wall, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default=BASELINE, help=f"the commit to compare with (default {BASELINE})")
    parser.add_argument("--runs", type=int, default=1, help="runs of each command, interleaved (default 1)")
    parser.add_argument("--workdir", type=Path, help="where the baseline's worktree is kept (default: a temporary folder)")
    args = parser.parse_args()

    work = args.workdir or Path(tempfile.mkdtemp(prefix="sphinx-tufte-suite-"))
    base = work / "baseline"
    if not base.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(base), args.baseline], cwd=ROOT, check=True,
                       capture_output=True)
    for tree in (base, ROOT):
        subprocess.run(["make", "test-deps"], cwd=tree, check=True, capture_output=True)
    chosen = same_assertions(collect(base), collect(ROOT))
    selection = work / "same-assertions.txt"
    selection.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    print(f"baseline {args.baseline} in {base}; the same assertions: {len(chosen)} ids and modules in {selection}")

    commands = {
        f"baseline ({args.baseline}) make test": (base, ()),
        "today's make test": (ROOT, ()),
        "today's make test, the same assertions": (ROOT, (f"PYTEST_ARGS=@{selection}", "SPHINX82_SELECTION=")),
    }
    walls: dict[str, list[float]] = {name: [] for name in commands}
    for run in range(args.runs):
        for name, (tree, make_args) in commands.items():
            wall, counts = timed(tree, *make_args)
            walls[name].append(wall)
            print(f"run {run + 1}  {name:<42} {wall:7.1f} s  ({counts})", flush=True)
    first = min(walls[next(iter(walls))])
    print()
    for name, seconds in walls.items():
        print(f"{name:<42} best {min(seconds):7.1f} s  baseline / this: {first / min(seconds):.2f}x")


if __name__ == "__main__":
    main()
