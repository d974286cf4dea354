"""What the documentation navigation costs as a documentation tree grows.

    python benchmarks/navigation.py                      # 250, 500, 1000 pages; 2 runs
    python benchmarks/navigation.py --pages 1000 --reps 1

A nested tree the way documentation is shaped: a home page whose hidden toctree lists
ten sections, each section page listing its chapters, each chapter listing its pages
(all hidden toctrees, the common modern layout), built clean under ``basic`` and
``tufte`` with the same sources (sitegen's pages, only ``conf.py`` differs). Under tufte
every page gets the navigation ``navigation = "auto"`` picks for this shape: sections,
breadcrumbs, its headings, the section's pages, previous and next. A cost that grows
faster than the tree shows as a ratio to basic that climbs with the number of pages.

Runs are interleaved and each build is its own process (``run.sphinx_build``); CPU time
is that process's user + system time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402
import sitegen  # noqa: E402

SECTIONS = 10
# tufte-blog: the same extension and theme with the documentation navigation off, so
# that tufte against tufte-blog is the navigation's own cost.
VARIANTS = ["basic", "tufte", "tufte-blog"]


def _toctree(entries: list[str]) -> str:
    return "```{toctree}\n:hidden:\n\n" + "\n".join(entries) + "\n```\n"


def write_nested_site(root: Path, variant: str, pages: int, words: int) -> Path:
    """About ``pages`` pages: SECTIONS sections of sqrt-ish chapters of pages."""
    spec = sitegen.SiteSpec(pages=pages, posts=0, words_per_page=words)
    src = root / variant / "src"
    src.mkdir(parents=True, exist_ok=True)
    conf = sitegen.conf_source(sitegen.VARIANTS[variant.removesuffix("-blog")])
    if variant.endswith("-blog"):
        conf += 'html_theme_options = {"navigation": "blog"}\n'
    (src / "conf.py").write_text(conf, encoding="utf-8")
    per_section = max(1, pages // SECTIONS)
    chapters = max(1, round(per_section**0.5))
    per_chapter = max(1, per_section // chapters)
    number = 0
    sections = []
    for s in range(SECTIONS):
        section = f"s{s:02d}"
        sections.append(f"{section}/index")
        chapter_names = []
        for c in range(chapters):
            chapter = f"c{c:02d}"
            chapter_names.append(f"{chapter}/index")
            leaves = []
            for p in range(per_chapter):
                folder = src / section / chapter
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"p{p:03d}.md").write_text(sitegen.page_source(spec, number), encoding="utf-8")
                leaves.append(f"p{p:03d}")
                number += 1
            (src / section / chapter / "index.md").write_text(f"# Chapter {s}.{c}\n\n" + _toctree(leaves), encoding="utf-8")
        (src / section / "index.md").write_text(f"# Section {s}\n\n" + _toctree(chapter_names), encoding="utf-8")
    (src / "index.md").write_text("# A Documentation Tree\n\n" + _toctree(sections), encoding="utf-8")
    return src


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", default="250,500,1000", help="comma-separated tree sizes (default 250,500,1000)")
    parser.add_argument("--words", type=int, default=400, help="words per page (default 400)")
    parser.add_argument("--reps", type=int, default=2, help="clean builds of each (default 2)")
    parser.add_argument("--workdir", help="where to write the sites (kept); default: a temporary folder, removed")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.pages.split(",") if n.strip()]
    work = Path(args.workdir or tempfile.mkdtemp(prefix="sphinx-tufte-nav-"))
    python = sys.executable
    run.PYTHONPATH = run.snapshot_package(work, python)
    print(f"{run.describe_machine()}; load {os.getloadavg()[0]:.2f}")
    rows = []
    for pages in sizes:
        sources = {v: write_nested_site(work / f"n{pages}", v, pages, args.words) for v in VARIANTS}
        cpu: dict[str, list[float]] = {v: [] for v in VARIANTS}
        for rep in range(args.reps):
            for v in run.rotate(VARIANTS, rep):
                result = run.sphinx_build(python, sources[v], work / f"n{pages}" / v / "out", clean=True)
                if result.returncode:
                    print(f"{v} at {pages} pages failed (rc={result.returncode})")
                    return 1
                cpu[v].append(result.cpu_seconds)
                print(f"{pages:5d} pages  {v:<6} cpu {result.cpu_seconds:7.2f}s  wall {result.seconds:7.2f}s", flush=True)
        basic, tufte, blog = (statistics.median(cpu[v]) for v in VARIANTS)
        rows.append((pages, basic, tufte, blog, tufte / basic, tufte / blog, tufte / pages * 1000))
    print("\n| pages | basic CPU s | tufte CPU s | tufte, navigation off | tufte / basic | navigation on / off | tufte ms/page |")
    print("|------:|------:|------:|------:|------:|------:|------:|")
    for pages, basic, tufte, blog, ratio, nav, per_page in rows:
        print(f"| {pages} | {basic:.2f} | {tufte:.2f} | {blog:.2f} | {ratio:.2f}x | {nav:.2f}x | {per_page:.1f} |")
    print(f"load after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
