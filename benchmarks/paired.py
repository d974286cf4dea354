"""basic and tufte built at the same time, one on each core, so that both see the same machine.

    python benchmarks/paired.py                          # 300 pages, blog navigation, 5 pairs
    python benchmarks/paired.py --navigation docs        # the documentation navigation
    python benchmarks/paired.py --pages 900
    python benchmarks/paired.py --blog-posts 4000        # scale.py's blog of N short posts
    python benchmarks/paired.py --notes-page 4000        # scale.py's one page of N notes

On a shared virtual machine a core's speed drifts by a quarter within minutes (basic's
300-page build took 12.0, 15.8 and 16.7 s of CPU in three runs a minute apart), so
builds run one after the other compare one minute with another. Here the two builds of
a pair run side by side, each pinned to its own core, and the cores are swapped every
pair, so that a slow minute or a slow core is shared. Each pair gives a ratio of CPU
times (user + system of the build process); the figure is their median, with the
spread. Needs two cores; it uses run.py's builds (a snapshot of the package, a fixed
hash seed).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402
import scale  # noqa: E402
import sitegen  # noqa: E402

VARIANTS = ("basic", "tufte")


def write_sites(work: Path, args: argparse.Namespace) -> dict[str, Path]:
    if args.blog_posts:
        return {v: scale.write_posts_site(work, v, args.blog_posts) for v in VARIANTS}
    if args.notes_page:
        return {v: scale.write_notes_site(work, v, args.notes_page) for v in VARIANTS}
    spec = sitegen.SiteSpec(pages=args.pages)
    sources = {v: sitegen.write_site(work, spec, sitegen.VARIANTS[v]) for v in VARIANTS}
    with (sources["tufte"] / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f'html_theme_options = {{"navigation": "{args.navigation}"}}\n')
    return sources


def build_pair(python: str, sources: dict[str, Path], work: Path, cores: dict[str, int]) -> dict[str, run.Run]:
    results: dict[str, run.Run] = {}

    def one(variant: str) -> None:
        # The child inherits this thread's affinity.
        os.sched_setaffinity(0, {cores[variant]})
        results[variant] = run.sphinx_build(python, sources[variant], work / variant / "out", clean=True)

    threads = [threading.Thread(target=one, args=(v,)) for v in VARIANTS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=300, help="plain pages of the synthetic site (default 300)")
    parser.add_argument("--navigation", default="blog", choices=["auto", "docs", "blog"], help="tufte's navigation option")
    parser.add_argument("--blog-posts", type=int, default=0, help="build scale.py's blog of N posts instead")
    parser.add_argument("--notes-page", type=int, default=0, help="build scale.py's page of N notes instead")
    parser.add_argument("--pairs", type=int, default=5, help="pairs of builds (default 5)")
    parser.add_argument("--python", help="interpreter to build with (default: this one)")
    args = parser.parse_args(argv)
    available = sorted(os.sched_getaffinity(0))
    if len(available) < 2:
        print("paired.py needs two cores")
        return 2
    python = args.python or sys.executable
    with tempfile.TemporaryDirectory(prefix="sphinx-tufte-paired-") as folder:
        work = Path(folder)
        run.PYTHONPATH = run.snapshot_package(work, python)
        sources = write_sites(work, args)
        if args.blog_posts:
            site = f"a blog of {args.blog_posts} posts"
        elif args.notes_page:
            site = f"one page of {args.notes_page} notes"
        else:
            site = f"{args.pages} pages, navigation {args.navigation}"
        print(f"{run.describe_machine()}; {site}; {args.pairs} pairs; load {os.getloadavg()[0]:.2f}")
        ratios = []
        for pair in range(args.pairs):
            first, second = available[0], available[1]
            cores = {"basic": first, "tufte": second} if pair % 2 == 0 else {"basic": second, "tufte": first}
            results = build_pair(python, sources, work, cores)
            if any(r.returncode for r in results.values()):
                print(f"a build failed: {({v: r.returncode for v, r in results.items()})}")
                return 1
            ratio = results["tufte"].cpu_seconds / results["basic"].cpu_seconds
            ratios.append(ratio)
            print(
                f"pair {pair + 1}: basic {results['basic'].cpu_seconds:7.2f} s (core {cores['basic']}), "
                f"tufte {results['tufte'].cpu_seconds:7.2f} s (core {cores['tufte']}): {ratio:.3f}x",
                flush=True,
            )
        print(f"tufte / basic, CPU time: median {statistics.median(ratios):.3f}x (min {min(ratios):.3f}, max {max(ratios):.3f}) over {len(ratios)} pairs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
