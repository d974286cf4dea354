"""How the cost of sphinx-tufte grows with one page's notes and with a blog's posts.

    python benchmarks/scale.py                          # notes 1000,2000,4000; posts 500..4000; 3 runs
    python benchmarks/scale.py --notes 1000,2000 --posts none --reps 1
    python benchmarks/scale.py --profile posts:4000     # cProfile (CPU time) of one tufte build

Two families of sites, each built clean under ``basic`` and ``tufte`` (the same sites
as ``run.py``'s variants: only ``conf.py`` and the home page's listing differ):

- **notes**: a home page and one page with N numbered footnotes (sidenotes under
  tufte), one a short paragraph;
- **posts**: a home page listing N short posts (``{postlist}`` under tufte, a
  hand-written list under basic), each post with a date, two tags, a blurb and a
  footnote. Under tufte the site also gets its tag pages, archive, feeds and sitemap:
  what a blog costs is part of the figure.

Every build runs in its own process (``run.sphinx_build``); CPU time is the user +
system time of that process. Runs are interleaved (basic, tufte, then tufte, basic,
...), so that a slow minute on a shared machine falls on both. The report gives, for
each N, the min and median CPU time of both, the ratio of the medians, how the ratio
moved since the previous N (a cost that grows faster than basic's shows as a ratio that
climbs as N doubles), and the targets of issue 12: at most 1.1x basic at 4,000 notes
and at 4,000 posts, and flat as N doubles.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402
import sitegen  # noqa: E402

VARIANTS = ["basic", "tufte"]
TARGET_RATIO = 1.1
# "Flat as N doubles": the ratio may move by this much from one N to the next, which
# is about what a single pair of builds scatters by on a shared virtual machine.
FLAT_TOLERANCE = 0.05
TARGET_N = 4000
TAGS = sitegen.TAGS


@dataclass
class Results:
    machine: str
    date: str
    sphinx: str
    reps: int
    # family ("notes" | "posts") -> N -> variant -> runs
    runs: dict[str, dict[str, dict[str, list[run.Run]]]] = field(default_factory=dict)
    load: list[float] = field(default_factory=list)


# ---- the sites ----------------------------------------------------------------------


def _conf(variant: str) -> str:
    return sitegen.conf_source(sitegen.VARIANTS[variant])


def _words(rng: random.Random, count: int) -> str:
    text = " ".join(rng.choice(sitegen.WORDS) for _ in range(count))
    return text[0].upper() + text[1:] + "."


def write_notes_site(root: Path, variant: str, notes: int) -> Path:
    """A home page and one page of ``notes`` footnotes, each in its own paragraph."""
    src = root / variant / "src"
    src.mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text(_conf(variant), encoding="utf-8")
    (src / "index.md").write_text(
        "# Notes benchmark\n\nOne long page.\n\n```{toctree}\n:hidden:\n\nnotes\n```\n", encoding="utf-8"
    )
    rng = random.Random(f"notes-{notes}")
    body = ["# A page of many notes", ""]
    definitions = []
    for i in range(1, notes + 1):
        body += [f"{_words(rng, 24)}[^n{i}] {_words(rng, 10)}", ""]
        definitions.append(f"[^n{i}]: {_words(rng, 14)}")
    (src / "notes.md").write_text("\n".join(body + definitions) + "\n", encoding="utf-8")
    return src


def post_day(index: int) -> date:
    return date(2014, 1, 1) + timedelta(days=index)


def write_posts_site(root: Path, variant: str, posts: int) -> Path:
    """A home page listing ``posts`` short posts (about 150 words and a note each)."""
    src = root / variant / "src"
    (src / "posts").mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text(_conf(variant), encoding="utf-8")
    index = ["# Posts benchmark", "", "## Posts", ""]
    if variant == "tufte":
        index += ["```{postlist}", "```", ""]
    else:
        index += [f"- {post_day(i).isoformat()}: [Post {i}](posts/post-{i:04d}.md)" for i in reversed(range(posts))]
        index.append("")
    index += ["```{toctree}", ":hidden:", ":glob:", "", "posts/*", "```", ""]
    (src / "index.md").write_text("\n".join(index), encoding="utf-8")
    for i in range(posts):
        rng = random.Random(f"post-{i}")
        tags = ", ".join(rng.sample(TAGS, 2))
        text = (
            f"---\ndate: {post_day(i).isoformat()}\ntags: [{tags}]\nblurb: {_words(rng, 9)}\n---\n\n"
            f"# Post {i}: {_words(rng, 3)[:-1]}\n\n"
            f"{_words(rng, 60)}[^a]\n\n{_words(rng, 50)}\n\n## {_words(rng, 3)[:-1]}\n\n{_words(rng, 40)}\n\n"
            f"[^a]: {_words(rng, 12)}\n"
        )
        (src / "posts" / f"post-{i:04d}.md").write_text(text, encoding="utf-8")
    return src


WRITERS = {"notes": write_notes_site, "posts": write_posts_site}


# ---- measuring ----------------------------------------------------------------------


def bench(args: argparse.Namespace) -> Results:
    python = args.python or sys.executable
    sphinx_version = subprocess.run(
        [python, "-c", "import sphinx; print(sphinx.__version__)"], capture_output=True, text=True, check=True
    ).stdout.strip()
    results = Results(
        machine=run.describe_machine(),
        date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        sphinx=sphinx_version,
        reps=args.reps,
    )
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="sphinx-tufte-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.snapshot:
        shutil.rmtree(work / "snapshot", ignore_errors=True)
        run.PYTHONPATH = run.snapshot_package(work, python)
    results.load.append(os.getloadavg()[0])
    print(f"Sphinx {sphinx_version} ({python}); {args.reps} run(s) of each, interleaved; in {work}", flush=True)
    try:
        for family, sizes in (("notes", args.notes), ("posts", args.posts)):
            for n in sizes:
                root = work / f"{family}-{n}"
                sources = {v: WRITERS[family](root, v, n) for v in VARIANTS}
                by_variant = results.runs.setdefault(family, {}).setdefault(str(n), {})
                for rep in range(args.reps):
                    for v in run.rotate(VARIANTS, rep):
                        log: list[str] = []
                        r = run.sphinx_build(python, sources[v], root / v / "out", clean=True, log=log)
                        by_variant.setdefault(v, []).append(r)
                        run.progress(
                            f"{family} {n:>5} {v:<6} cpu {r.cpu_seconds:7.2f}s  wall {r.seconds:7.2f}s  "
                            f"{r.max_rss_mb:6.0f} MB  rc={r.returncode}  warnings={r.warnings}"
                            + (f"  {log[0]}" if log else "")
                        )
                if not args.workdir:
                    shutil.rmtree(root, ignore_errors=True)
        results.load.append(os.getloadavg()[0])
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    return results


# ---- the report ---------------------------------------------------------------------


def cpu(runs: list[run.Run]) -> tuple[float, float]:
    values = [r.cpu_seconds for r in runs]
    return min(values), statistics.median(values)


def rows_of(by_n: dict[str, dict[str, list[run.Run]]]) -> list[dict]:
    rows: list[dict] = []
    for n in sorted(by_n, key=int):
        runs = by_n[n]
        (bmin, bmed), (tmin, tmed) = cpu(runs["basic"]), cpu(runs["tufte"])
        ratio = tmed / bmed
        previous = rows[-1] if rows else None
        rows.append({
            "n": int(n),
            "basic_min": bmin, "basic_median": bmed, "tufte_min": tmin, "tufte_median": tmed,
            "ratio": ratio,
            "ratio_of_min": tmin / bmin,
            # How the ratio moved since the previous N: 1.00 is flat.
            "growth": ratio / previous["ratio"] if previous else None,
            # What one more note or post costs tufte beyond what it costs basic (ms).
            "extra_ms_each": (
                1000 * ((tmed - bmed) - (previous["tufte_median"] - previous["basic_median"])) / (int(n) - previous["n"])
                if previous else None
            ),
            "ok": all(r.returncode == 0 for v in VARIANTS for r in runs[v]),
        })
    return rows


def report(results: Results) -> str:
    out = [
        f"\nMachine: {results.machine}\nDate: {results.date}; Sphinx {results.sphinx}; {results.reps} run(s) each; "
        f"load average {' -> '.join(f'{x:.1f}' for x in results.load)} (1 min, before -> after)\n"
    ]
    targets = []
    for family, what in (("notes", "footnotes on one page"), ("posts", "posts in a blog")):
        if family not in results.runs:
            continue
        rows = rows_of(results.runs[family])
        out.append(run.table(
            f"{what.capitalize()}: CPU seconds of a clean build (min / median of {results.reps})",
            ["N", "basic min", "basic median", "tufte min", "tufte median", "vs basic", "min vs min", "ratio vs N/2", "extra ms each", "status"],
            [
                [
                    str(r["n"]), f"{r['basic_min']:.2f}", f"{r['basic_median']:.2f}", f"{r['tufte_min']:.2f}",
                    f"{r['tufte_median']:.2f}", f"{r['ratio']:.3f}x", f"{r['ratio_of_min']:.3f}x",
                    "-" if r["growth"] is None else f"{r['growth']:.3f}",
                    "-" if r["extra_ms_each"] is None else f"{r['extra_ms_each']:.2f}",
                    "ok" if r["ok"] else "FAILED",
                ]
                for r in rows
            ],
        ))
        at_target = [r for r in rows if r["n"] == TARGET_N]
        if at_target:
            r = at_target[0]
            targets.append((f"{TARGET_N:,} {what} <= {TARGET_RATIO}x basic", f"{r['ratio']:.3f}x", r["ratio"] <= TARGET_RATIO))
        growths = [r["growth"] for r in rows if r["growth"] is not None]
        if growths:
            worst = max(growths)
            targets.append((
                f"{what}: ratio flat as N grows (each step <= {1 + FLAT_TOLERANCE:.2f})",
                f"worst {worst:.3f}", worst <= 1 + FLAT_TOLERANCE,
            ))
    if targets:
        out.append(run.table("Targets (tufte, issue 12)", ["target", "measured", "met"], [[t, m, "yes" if ok else "MISSED"] for t, m, ok in targets]))
    return "\n".join(out)


# ---- profiling ----------------------------------------------------------------------


def profile(args: argparse.Namespace) -> None:
    """One clean tufte build of ``family:N`` under cProfile (CPU time)."""
    family, _, n = args.profile.partition(":")
    python = args.python or sys.executable
    work = Path(tempfile.mkdtemp(prefix="sphinx-tufte-scale-profile-"))
    try:
        src = WRITERS[family](work, "tufte", int(n))
        stats = Path(args.profile_out) if args.profile_out else work / "build.prof"
        p = run.profiled_build(python, src, work, stats)
        p.sort_stats("tottime").print_stats(25)
        print("Only sphinx_tufte's own functions:")
        p.sort_stats("cumulative").print_stats("sphinx_tufte", 30)
        print(f"sphinx_tufte's share, from its entry points: {run.own_share(p):.1%} of the build's CPU time")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _sizes(parser: argparse.ArgumentParser, text: str, option: str) -> list[int]:
    if text.strip().lower() == "none":
        return []
    try:
        return [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        parser.error(f"{option} takes whole numbers separated by commas (or 'none'), not {text!r}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", default="1000,2000,4000", help="footnotes on the one page, comma-separated ('none' to skip)")
    parser.add_argument("--posts", default="500,1000,2000,4000", help="posts in the blog, comma-separated ('none' to skip)")
    parser.add_argument("--reps", type=int, default=3, help="clean builds of each variant at each N (default 3)")
    parser.add_argument("--python", help="interpreter to build with (default: this one)")
    parser.add_argument("--no-snapshot", dest="snapshot", action="store_false", help="build with the live sphinx_tufte, not a copy taken at start")
    parser.add_argument("--workdir", help="where to write the sites and builds (kept); default: a temporary folder")
    parser.add_argument("--json", help="also write the raw figures to this file")
    parser.add_argument("--profile", metavar="FAMILY:N", help="profile one tufte build, e.g. notes:4000 or posts:4000")
    parser.add_argument("--profile-out", metavar="FILE", help="keep the cProfile statistics in FILE")
    args = parser.parse_args(argv)
    args.notes = _sizes(parser, args.notes, "--notes")
    args.posts = _sizes(parser, args.posts, "--posts")
    if args.profile:
        family, _, n = args.profile.partition(":")
        if family not in WRITERS or not n.isdigit():
            parser.error(f"--profile takes notes:N or posts:N, not {args.profile!r}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.profile:
        profile(args)
        return 0
    results = bench(args)
    print(report(results))
    if args.json:
        Path(args.json).write_text(json.dumps(asdict(results), indent=2), encoding="utf-8")
    failed = any(r.returncode for by_n in results.runs.values() for runs in by_n.values() for rs in runs.values() for r in rs)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
