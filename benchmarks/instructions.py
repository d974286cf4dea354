"""basic and tufte counted in instructions, not seconds: the same figure on every run.

    python benchmarks/instructions.py                    # 300 pages, blog navigation
    python benchmarks/instructions.py --pages 300,900
    python benchmarks/instructions.py --tree /tmp/wt     # another checkout's sphinx_tufte

On this kind of shared virtual machine the CPU time of one build drifts by a quarter
within minutes, and paired.py's side-by-side pairs still spread by several percent:
two trees whose ratios differ by 3 % cannot be told apart in an hour. Valgrind's
cachegrind (without its cache simulation) counts the instructions a build executes,
which neither the load nor the core's speed changes: two runs of one tree agree to
about 0.01 %. A build runs about fifteen times slower under it, so basic and tufte run
side by side, one on each core.

Instructions are not seconds: a build that touches more memory pays for cache misses
an instruction count does not see. The count is for judging a change to the code (did
this cut make tufte's build do less?); paired.py's CPU-time ratio stays the figure the
targets in README.md are read against.

Needs ``valgrind`` (apt-get install valgrind).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402
import sitegen  # noqa: E402

VARIANTS = ("basic", "tufte")
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(cmd: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None) -> int:
    """The instructions ``cmd`` executes (children included: none here), under cachegrind."""
    valgrind = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    proc = subprocess.run([*valgrind, *cmd], capture_output=True, text=True, env=env, cwd=cwd)
    found = _REFS.findall(proc.stderr)
    if proc.returncode or not found:
        raise RuntimeError(f"{' '.join(cmd)}: exit {proc.returncode}\n{proc.stderr[-2000:]}")
    return int(found[-1].replace(",", ""))


def count(python: str, src: Path, out: Path, pythonpath: str) -> int:
    """Instructions of one clean, serial ``sphinx-build -b html`` of ``src``."""
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, PYTHONHASHSEED="0", SOURCE_DATE_EPOCH="1700000000")
    env["PYTHONPATH"] = pythonpath + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [python, "-m", "sphinx", "-b", "html", "-q", "-d", str(out / "doctrees"), str(src), str(out / "html")]
    # Outside the repository: python -m puts the working folder first on sys.path.
    return instructions(cmd, env=env, cwd=src.parent)


def count_both(python: str, sources: dict[str, Path], work: Path, pythonpath: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    errors: list[BaseException] = []

    def one(variant: str) -> None:
        try:
            counts[variant] = count(python, sources[variant], work / variant / "out", pythonpath)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(v,)) for v in VARIANTS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", default="300", help="plain pages of the synthetic site, comma-separated (default 300)")
    parser.add_argument("--navigation", default="blog", choices=["auto", "docs", "blog"], help="tufte's navigation option")
    parser.add_argument("--tree", help="measure the sphinx_tufte of this checkout (default: this one)")
    parser.add_argument("--python", help="interpreter to build with (default: this one)")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("instructions.py needs valgrind (apt-get install valgrind)")
        return 2
    python = args.python or sys.executable
    if args.tree:
        run.ROOT = Path(args.tree).resolve()
    with tempfile.TemporaryDirectory(prefix="sphinx-tufte-instructions-") as folder:
        work = Path(folder)
        pythonpath = run.snapshot_package(work, python)
        print(f"{run.describe_machine()}; sphinx_tufte from {run.ROOT}; navigation {args.navigation}")
        for pages in (int(n) for n in args.pages.split(",")):
            spec = sitegen.SiteSpec(pages=pages)
            site = work / f"pages-{pages}"
            sources = {v: sitegen.write_site(site, spec, sitegen.VARIANTS[v]) for v in VARIANTS}
            with (sources["tufte"] / "conf.py").open("a", encoding="utf-8") as conf:
                conf.write(f'html_theme_options = {{"navigation": "{args.navigation}"}}\n')
            counts = count_both(python, sources, site, pythonpath)
            print(
                f"{pages} pages: basic {counts['basic'] / 1e9:.3f} G, tufte {counts['tufte'] / 1e9:.3f} G "
                f"instructions: {counts['tufte'] / counts['basic']:.4f}x",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
