"""Benchmark sphinx-tufte against Sphinx's bare ``basic`` theme and its peers.

    python benchmarks/run.py            # the full run: 300 pages, and basic and tufte at 900 too
    python benchmarks/run.py --quick    # a smoke run: a tiny site, basic and tufte only
    python benchmarks/run.py --variants basic,tufte --pages 300 --scale-pages 900,1800
    python benchmarks/run.py --profile tufte   # where a clean tufte build spends its time

Every build runs ``python -m sphinx`` in its own process, so the timings include
start-up and the peak memory is that process's own. CPU time is the user + system time
of that process and of every process it waited for (``wait4``: the ``-j`` workers too),
which other load on a shared machine distorts far less than the wall clock. Peers (Furo, the Book theme,
ABlog) are installed with pip into ``benchmarks/.venv`` on first use, together with this
project (editable) and the same Sphinx as the running interpreter, and every variant
then builds with that one interpreter so they all share one Sphinx.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pstats

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import sitegen  # noqa: E402
import images as image_weight  # noqa: E402
import weight as page_weight  # noqa: E402

VENV = HERE / ".venv"
DEFAULT_VARIANTS = ["basic", "tufte", "alabaster", "furo", "book", "ablog"]
QUICK_VARIANTS = ["basic", "tufte"]
# The variants the targets compare: run --reps times. Peers run --peer-reps times.
TARGET_VARIANTS = {"basic", "tufte"}

# The targets of the project's design (docs: benchmarks/README.md).
TARGET_CLEAN_RATIO = 1.04
TARGET_POST_EDIT_RATIO = 1.5
TARGET_POST_BYTES = 150 * 1024


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system of the build and the workers it waited for
    max_rss_mb: float
    returncode: int
    warnings: int
    rewritten: int = 0


@dataclass
class Results:
    machine: str
    date: str
    spec: dict
    python: str
    sphinx: str
    clean: dict[str, list[Run]] = field(default_factory=dict)
    # Clean builds of basic and tufte at other site sizes: pages -> variant -> runs.
    scale: dict[str, dict[str, list[Run]]] = field(default_factory=dict)
    parallel: dict[str, list[Run]] = field(default_factory=dict)
    edit_post: dict[str, list[Run]] = field(default_factory=dict)
    edit_page: dict[str, list[Run]] = field(default_factory=dict)
    no_change: dict[str, list[Run]] = field(default_factory=dict)
    weight: dict[str, dict] = field(default_factory=dict)
    images: dict[str, dict] = field(default_factory=dict)  # responsive images off/on
    first_warnings: dict[str, list[str]] = field(default_factory=dict)
    load: list[float] = field(default_factory=list)  # 1-minute load average, before and after


# ---- environment --------------------------------------------------------------------


def interpreter_for(variants: list[str], python: str | None) -> str:
    """The Python every build runs with: ``--python``, else the benchmark's virtualenv
    when a peer is wanted, else the running interpreter."""
    if python:
        return python
    needs = sorted({need for v in variants for need in sitegen.VARIANTS[v].needs})
    if not needs:
        return sys.executable
    venv_python = VENV / "bin" / "python"
    modules = {"furo": "furo", "sphinx-book-theme": "sphinx_book_theme", "ablog": "ablog"}
    check = "import sphinx_tufte, myst_parser, " + ", ".join(modules[n] for n in needs)
    # The project's own dependencies change with pyproject.toml: reinstall when it does.
    marker = VENV / ".pyproject-installed"
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    if (
        venv_python.exists()
        and marker.exists()
        and marker.read_text(encoding="utf-8") == pyproject
        and subprocess.run([venv_python, "-c", check], capture_output=True).returncode == 0
    ):
        return str(venv_python)
    print(f"Installing {', '.join(needs)} and this project into {VENV} ...", flush=True)
    if not venv_python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    import myst_parser
    import sphinx

    subprocess.run(
        [
            str(venv_python), "-m", "pip", "install", "-q",
            f"sphinx=={sphinx.__version__}", f"myst-parser=={myst_parser.__version__}",
            *needs, "-e", str(ROOT),
        ],
        check=True,
    )
    marker.write_text(pyproject, encoding="utf-8")
    return str(venv_python)


def describe_machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} CPUs{memory}, {platform.system()} {platform.release()}"


# ---- one build ----------------------------------------------------------------------


def html_mtimes(html: Path) -> dict[str, int]:
    return {str(p.relative_to(html)): p.stat().st_mtime_ns for p in html.rglob("*.html")} if html.exists() else {}


# Set by bench(): the copy of sphinx_tufte every build imports (see snapshot_package).
PYTHONPATH: str | None = None


def snapshot_package(work: Path, python: str) -> str:
    """Copy ``sphinx_tufte`` as it is now; builds import the copy, so that edits to the
    working tree during a run (templates, CSS, code) neither change what is measured
    nor make Sphinx rewrite every page because a template looks newer.

    The copy is compiled to bytecode once, as pip does on installing a package (and as
    Sphinx and the themes in the virtualenv are): otherwise, with
    ``PYTHONDONTWRITEBYTECODE`` set, every tufte build would compile the whole package
    from source, a fixed cost no user pays and basic never does."""
    target = work / "snapshot"
    shutil.copytree(ROOT / "sphinx_tufte", target / "sphinx_tufte", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([python, "-m", "compileall", "-q", str(target / "sphinx_tufte")], check=True)
    return str(target)


def sphinx_build(python: str, src: Path, out: Path, *, clean: bool, jobs: int = 1, log: list[str] | None = None) -> Run:
    if clean and out.exists():
        shutil.rmtree(out)
    html = out / "html"
    before = html_mtimes(html)
    cmd = [python, "-m", "sphinx", "-b", "html", "-q", "-d", str(out / "doctrees"), str(src), str(html)]
    if jobs > 1:
        cmd[3:3] = ["-j", str(jobs)]
    env = dict(os.environ, PYTHONHASHSEED="0", SOURCE_DATE_EPOCH="1700000000")
    if PYTHONPATH:
        env["PYTHONPATH"] = PYTHONPATH + os.pathsep + env.get("PYTHONPATH", "")
    start = time.perf_counter()
    with tempfile.TemporaryFile() as stderr:
        # Run outside the repository: ``python -m`` puts the working folder first on
        # sys.path, which would import the live sphinx_tufte instead of the snapshot.
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=stderr, env=env, cwd=src.parent)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        messages = stderr.read().decode("utf-8", "replace").splitlines()
    problems = [m for m in messages if "WARNING" in m or "ERROR" in m]
    if log is not None and not log:
        log.extend(problems[:5] + ([] if proc.returncode == 0 else messages[-8:]))
    after = html_mtimes(html)
    rewritten = sum(1 for name, mtime in after.items() if before.get(name) != mtime)
    # ru_maxrss is in KiB on Linux.
    cpu = usage.ru_utime + usage.ru_stime
    return Run(round(seconds, 3), round(cpu, 3), round(usage.ru_maxrss / 1024, 1), proc.returncode, len(problems), rewritten)


# ---- the phases -----------------------------------------------------------------------


def rotate(items: list[str], by: int) -> list[str]:
    by %= len(items)
    return items[by:] + items[:by]


def progress(message: str) -> None:
    print(f"  {time.strftime('%H:%M:%S')} {message}", flush=True)


def bench(args: argparse.Namespace) -> Results:
    spec = sitegen.SiteSpec(pages=args.pages, posts=args.posts, words_per_page=args.words)
    python = interpreter_for(args.variants, args.python)
    sphinx_version = subprocess.run(
        [python, "-c", "import sphinx; print(sphinx.__version__)"], capture_output=True, text=True, check=True
    ).stdout.strip()
    results = Results(
        machine=describe_machine(),
        date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        spec={**asdict(spec), "navigation": args.navigation},
        python=python,
        sphinx=sphinx_version,
    )
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="sphinx-tufte-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    global PYTHONPATH
    if args.snapshot:
        shutil.rmtree(work / "snapshot", ignore_errors=True)
        PYTHONPATH = snapshot_package(work, python)
    results.load.append(os.getloadavg()[0])
    print(f"Site: {spec.pages} pages + {spec.posts} posts, ~{spec.words_per_page} words each, in {work}")
    print(f"Sphinx {sphinx_version} ({python}); {args.reps} run(s) of each, interleaved")
    sources = {v: sitegen.write_site(work, spec, sitegen.VARIANTS[v]) for v in args.variants}

    def out(v: str, tag: str = "serial") -> Path:
        return work / v / f"out-{tag}"

    try:
        # Clean builds, interleaved so drift on the machine is shared by every variant.
        for rep in range(args.reps):
            wanted = [v for v in args.variants if v in TARGET_VARIANTS or rep < args.peer_reps]
            for v in rotate(wanted, rep):
                log = results.first_warnings.setdefault(v, [])
                run = sphinx_build(python, sources[v], out(v), clean=True, log=log)
                results.clean.setdefault(v, []).append(run)
                progress(f"clean   {v:<10} {run.seconds:7.2f}s  cpu {run.cpu_seconds:7.2f}s  {run.max_rss_mb:6.0f} MB  rc={run.returncode}")

        # The same site at other sizes, basic and tufte only: a cost that grows faster
        # than the site shows as a ratio that grows with the number of pages.
        scale_variants = [v for v in args.variants if v in TARGET_VARIANTS]
        for pages in args.scale_pages if scale_variants else []:
            sized = replace(spec, pages=pages)
            sized_sources = {v: sitegen.write_site(work / f"pages-{pages}", sized, sitegen.VARIANTS[v]) for v in scale_variants}
            by_variant = results.scale.setdefault(str(pages), {})
            for rep in range(args.reps):
                for v in rotate(scale_variants, rep):
                    run = sphinx_build(python, sized_sources[v], work / f"pages-{pages}" / v / "out", clean=True)
                    by_variant.setdefault(v, []).append(run)
                    progress(f"clean   {v:<10} {run.seconds:7.2f}s  cpu {run.cpu_seconds:7.2f}s  {run.max_rss_mb:6.0f} MB  rc={run.returncode}  ({pages} pages)")
            if not args.keep and not args.workdir:
                shutil.rmtree(work / f"pages-{pages}", ignore_errors=True)

        # Two parallel readers/writers against the serial figures above.
        parallel_variants = [v for v in args.variants if v in {"basic", "tufte"}]
        for rep in range(args.parallel_reps):
            for v in rotate(parallel_variants, rep):
                run = sphinx_build(python, sources[v], out(v, "j2"), clean=True, jobs=2)
                results.parallel.setdefault(v, []).append(run)
                progress(f"-j 2    {v:<10} {run.seconds:7.2f}s")

        # Incremental: on top of the last clean build, edit one post, then one plain page,
        # then nothing; alternate which edit goes first.
        incremental_variants = [v for v in args.variants if v in {"basic", "tufte", "ablog"}]
        for rep in range(args.reps):
            for v in rotate(incremental_variants, rep):
                variant = sitegen.VARIANTS[v]
                steps = ["post", "page"] if rep % 2 == 0 else ["page", "post"]
                for step in steps:
                    if step == "post":
                        sitegen.edit_post(sources[v], spec, variant, edit=rep + 1)
                    else:
                        sitegen.edit_page(sources[v], spec, edit=rep + 1)
                    run = sphinx_build(python, sources[v], out(v), clean=False)
                    (results.edit_post if step == "post" else results.edit_page).setdefault(v, []).append(run)
                    progress(f"edit {step} {v:<10} {run.seconds:7.2f}s  {run.rewritten} pages rewritten")
                run = sphinx_build(python, sources[v], out(v), clean=False)
                results.no_change.setdefault(v, []).append(run)
                progress(f"no change {v:<8} {run.seconds:7.2f}s  {run.rewritten} pages rewritten")

        typical = spec.post_names()[len(spec.post_names()) // 2 - 1] + ".html" if spec.posts else "index.html"
        for v in args.variants:
            html = out(v) / "html"
            if (html / typical).exists():
                w = page_weight.measure(html, typical)
                results.weight[v] = {"page": typical, **asdict(w), "total": w.total}
        if "tufte" in args.variants:
            progress("weighing a post with photographs, responsive images off and on")
            env = dict(os.environ, PYTHONHASHSEED="0")
            if PYTHONPATH:
                env["PYTHONPATH"] = PYTHONPATH + os.pathsep + env.get("PYTHONPATH", "")
            results.images = image_weight.measure(python, work, env)
        results.load.append(os.getloadavg()[0])
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    return results


# ---- the report ---------------------------------------------------------------------


def median(runs: list[Run], attr: str = "seconds") -> float:
    return statistics.median(getattr(r, attr) for r in runs) if runs else float("nan")


def table(title: str, header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    line = "  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths)))
    body = [
        "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))) for row in rows
    ]
    return "\n".join([title, line, "-" * len(line), *body, ""])


def scale_table(results: Results) -> list[dict[str, Any]]:
    """basic and tufte side by side at each site size measured, smallest first."""
    by_size = dict(results.scale)
    if {"basic", "tufte"} <= results.clean.keys():
        by_size[str(results.spec["pages"])] = {v: results.clean[v] for v in ("basic", "tufte")}
    rows = []
    for pages in sorted(by_size, key=int):
        runs = by_size[pages]
        if not {"basic", "tufte"} <= runs.keys():
            continue
        documents = int(pages) + results.spec["posts"] + 1  # and the home page
        basic_cpu, tufte_cpu = median(runs["basic"], "cpu_seconds"), median(runs["tufte"], "cpu_seconds")
        rows.append({
            "pages": int(pages),
            "documents": documents,
            "basic_cpu": basic_cpu,
            "tufte_cpu": tufte_cpu,
            "cpu_ratio": tufte_cpu / basic_cpu,
            # Other load on the machine only ever adds time, so the fastest run of each
            # is the one least disturbed: its ratio is the steadier estimate when the
            # medians of a few runs scatter by more than the target's margin.
            "cpu_ratio_min": min(r.cpu_seconds for r in runs["tufte"]) / min(r.cpu_seconds for r in runs["basic"]),
            "basic_ms": 1000 * basic_cpu / documents,
            "tufte_ms": 1000 * tufte_cpu / documents,
            "wall_ratio": median(runs["tufte"]) / median(runs["basic"]),
            "ok": all(r.returncode == 0 for v in ("basic", "tufte") for r in runs[v]),
        })
    return rows


def report(results: Results) -> str:
    out = [
        f"\nMachine: {results.machine}\nDate: {results.date}; Sphinx {results.sphinx}; "
        f"load average {' -> '.join(f'{x:.1f}' for x in results.load)} (1 min, before -> after); tufte navigation: {results.spec.get('navigation', 'auto')}\n"
    ]
    base = median(results.clean.get("basic", []))
    base_cpu = median(results.clean.get("basic", []), "cpu_seconds")
    rows = []
    for v, runs in results.clean.items():
        m = median(runs)
        cpu = median(runs, "cpu_seconds")
        rows.append([
            v,
            f"{m:.2f}",
            f"{min(r.seconds for r in runs):.2f}",
            f"{max(r.seconds for r in runs):.2f}",
            f"{m / base:.2f}x" if base == base else "-",
            f"{cpu:.2f}",
            f"{cpu / base_cpu:.2f}x" if base_cpu == base_cpu else "-",
            f"{median(runs, 'max_rss_mb'):.0f}",
            str(max(r.warnings for r in runs)),
            "ok" if all(r.returncode == 0 for r in runs) else "FAILED",
        ])
    out.append(table("Clean build (seconds, median of runs)", ["variant", "median", "min", "max", "vs basic", "CPU s", "CPU vs basic", "peak MB", "warnings", "status"], rows))

    sizes = scale_table(results)
    if sizes:
        out.append(table(
            "Clean build by site size (CPU seconds of the build's processes, median; ms a document)",
            ["pages", "documents", "basic CPU s", "tufte CPU s", "CPU vs basic", "(fastest runs)", "basic ms/doc", "tufte ms/doc", "wall vs basic", "status"],
            [
                [str(s["pages"]), str(s["documents"]), f"{s['basic_cpu']:.2f}", f"{s['tufte_cpu']:.2f}", f"{s['cpu_ratio']:.3f}x",
                 f"{s['cpu_ratio_min']:.3f}x", f"{s['basic_ms']:.1f}", f"{s['tufte_ms']:.1f}", f"{s['wall_ratio']:.3f}x", "ok" if s["ok"] else "FAILED"]
                for s in sizes
            ],
        ))

    if results.parallel:
        rows = []
        for v, runs in results.parallel.items():
            serial = median(results.clean[v])
            rows.append([
                v, f"{serial:.2f}", f"{median(runs):.2f}", f"{serial / median(runs):.2f}x",
                f"{median(results.clean[v], 'cpu_seconds'):.2f}", f"{median(runs, 'cpu_seconds'):.2f}",
                f"{median(runs, 'max_rss_mb'):.0f}",
            ])
        out.append(table(
            "-j 2 versus serial (clean build, seconds)",
            ["variant", "serial", "-j 2", "speed-up", "CPU s serial", "CPU s -j 2", "peak MB (-j 2)"],
            rows,
        ))

    if results.edit_post:
        rows = []
        for v in results.edit_post:
            post, page, same = (median(results.edit_post[v]), median(results.edit_page[v]), median(results.no_change[v]))
            post_cpu, page_cpu = median(results.edit_post[v], "cpu_seconds"), median(results.edit_page[v], "cpu_seconds")
            rows.append([
                v, f"{post:.2f}", f"{page:.2f}", f"{post / page:.2f}x", f"{post_cpu / page_cpu:.2f}x", f"{same:.2f}",
                f"{median(results.edit_post[v], 'rewritten'):.0f}/{median(results.edit_page[v], 'rewritten'):.0f}/{median(results.no_change[v], 'rewritten'):.0f}",
            ])
        out.append(table(
            "Incremental rebuild (seconds, median)",
            ["variant", "edit a post", "edit a page", "post/page", "CPU post/page", "no change", "pages rewritten (post/page/none)"],
            rows,
        ))

    if results.weight:
        rows = []
        for v, w in results.weight.items():
            k = w["by_kind"]
            rows.append([
                v, *(f"{k[kind] / 1024:.1f}" for kind in ("html", "css", "js", "font", "image", "other")),
                f"{w['total'] / 1024:.1f}", f"{sum(w.get('gzipped', {}).values()) / 1024:.1f}", str(len(w["foreign"])),
            ])
        method = next(iter(results.weight.values()))["method"]
        page = next(iter(results.weight.values()))["page"]
        out.append(table(
            f"A typical post ({page}): KiB loaded, measured by {method}",
            ["variant", "html", "css", "js", "fonts", "images", "other", "total", "gzipped", "other hosts"],
            rows,
        ))

    if results.images:
        rows = []
        for width in image_weight.WIDTHS:
            before, after = results.images["before"][width], results.images["after"][width]
            rows.append([
                f"{width} px",
                f"{before['image'] / 1024:.1f}", f"{after['image'] / 1024:.1f}",
                f"{before['total'] / 1024:.1f}", f"{after['total'] / 1024:.1f}",
                f"{after['total'] / before['total']:.2f}x",
            ])
        out.append(table(
            "A post with three photographs: KiB loaded, responsive images off (before) and on (after)",
            ["viewport", "images before", "images after", "page before", "page after", "after/before"],
            rows,
        ))

    for v, w in results.weight.items():
        for url in w["foreign"]:
            out.append(f"  {v} asks another host for {url}")
    targets = []
    for s in sizes:
        # CPU time is the target: it is what a busy machine distorts least.
        targets.append((f"clean build CPU time <= {TARGET_CLEAN_RATIO:.2f}x basic, {s['pages']} pages", f"{s['cpu_ratio']:.3f}x", s["cpu_ratio"] <= TARGET_CLEAN_RATIO))
    for s in sizes:
        targets.append((f"clean build wall time <= {TARGET_CLEAN_RATIO:.2f}x basic, {s['pages']} pages", f"{s['wall_ratio']:.3f}x", s["wall_ratio"] <= TARGET_CLEAN_RATIO))
    if "tufte" in results.edit_post:
        ratio = median(results.edit_post["tufte"]) / median(results.edit_page["tufte"])
        targets.append(("editing a post <= 1.5x editing a page", f"{ratio:.2f}x", ratio <= TARGET_POST_EDIT_RATIO))
        cpu_ratio = median(results.edit_post["tufte"], "cpu_seconds") / median(results.edit_page["tufte"], "cpu_seconds")
        targets.append(("editing a post, CPU time", f"{cpu_ratio:.2f}x", cpu_ratio <= TARGET_POST_EDIT_RATIO))
    if "tufte" in results.weight:
        w = results.weight["tufte"]
        targets.append(("a typical post <= 150 KB loaded", f"{w['total'] / 1024:.1f} KiB", w["total"] <= TARGET_POST_BYTES))
        targets.append(("no request to another host", f"{len(w['foreign'])} requests", not w["foreign"]))
    if targets:
        out.append(table("Targets (tufte)", ["target", "measured", "met"], [[t, m, "yes" if ok else "MISSED"] for t, m, ok in targets]))

    noisy = {v: lines for v, lines in results.first_warnings.items() if lines}
    if noisy:
        out.append("First warnings per variant:")
        for v, lines in noisy.items():
            out += [f"  {v}: {line}" for line in lines]
    return "\n".join(out)


# ---- profiling ----------------------------------------------------------------------


def profile(args: argparse.Namespace) -> None:
    """A clean build of one variant under cProfile; prints the top of the profile."""
    spec = sitegen.SiteSpec(pages=args.pages, posts=args.posts, words_per_page=args.words)
    python = interpreter_for([args.profile], args.python)
    work = Path(tempfile.mkdtemp(prefix="sphinx-tufte-profile-"))
    try:
        src = sitegen.write_site(work, spec, sitegen.VARIANTS[args.profile])
        stats = Path(args.profile_out) if args.profile_out else work / "build.prof"
        p = profiled_build(python, src, work, stats)
        p.sort_stats("cumulative").print_stats(35)
        p.sort_stats("tottime").print_stats(20)
        print("Only sphinx_tufte's own functions:")
        p.sort_stats("cumulative").print_stats("sphinx_tufte", 25)
        print(f"sphinx_tufte's share, from its entry points: {own_share(p):.1%} of the build's CPU time")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def profiled_build(python: str, src: Path, work: Path, stats: Path) -> pstats.Stats:
    """A clean html build of ``src`` under cProfile, its statistics kept in ``stats``."""
    # CPU time, not wall time: on a shared machine the wall clock charges every
    # function for the time other processes held the CPU.
    script = (
        "import cProfile, sys, time\n"
        "from sphinx.cmd.build import main\n"
        "profiler = cProfile.Profile(time.process_time)\n"
        "profiler.enable()\n"
        "main(sys.argv[2:])\n"
        "profiler.disable()\n"
        "profiler.dump_stats(sys.argv[1])\n"
    )
    subprocess.run(
        [python, "-c", script, str(stats), "-b", "html", "-q",
         "-d", str(work / "doctrees"), str(src), str(work / "html")],
        check=False,
        cwd=work,
    )
    import pstats

    return pstats.Stats(str(stats))


def own_share(stats: pstats.Stats) -> float:
    """The CPU time spent in sphinx_tufte's Python functions and what they call, counted
    from the functions Sphinx calls (events, transforms, visitors), once each."""
    total = sum(tt for (_, _, _), (_, _, tt, _, _) in stats.stats.items())  # type: ignore[attr-defined]
    own = 0.0
    for (filename, _, _), (_, _, _, cumulative, callers) in stats.stats.items():  # type: ignore[attr-defined]
        # Templates are left out: the tufte layout extends basic's, so its root's
        # time is the whole page's, most of which basic spends too.
        if "sphinx_tufte" not in filename or filename.endswith(".html"):
            continue
        if all("sphinx_tufte" not in caller[0] for caller in callers):
            own += cumulative
    return own / total if total else 0.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a tiny site, one run, basic and tufte only (CI smoke)")
    parser.add_argument("--pages", type=int, help="plain pages (default 300; 8 with --quick)")
    parser.add_argument(
        "--scale-pages",
        help="comma-separated: further site sizes (plain pages) at which basic and tufte are built clean, "
        "--reps times each (default 900; none with --quick; 'none' for none)",
    )
    parser.add_argument("--posts", type=int, help="posts (default 12; 4 with --quick)")
    parser.add_argument("--words", type=int, help="words per page (default 1500; 300 with --quick)")
    parser.add_argument("--reps", type=int, help="runs of each build (default 3; 1 with --quick)")
    parser.add_argument("--peer-reps", type=int, help="clean builds of each peer (default 1: Furo and the Book theme take minutes each)")
    parser.add_argument("--no-snapshot", dest="snapshot", action="store_false", help="build with the live sphinx_tufte, not a copy taken at start")
    parser.add_argument("--parallel-reps", type=int, help="runs of each -j 2 build (default 2; 1 with --quick)")
    parser.add_argument("--variants", help=f"comma-separated, from {', '.join(sitegen.VARIANTS)}")
    parser.add_argument("--python", help="interpreter to build with (default: benchmarks/.venv when peers are wanted)")
    parser.add_argument("--workdir", help="where to write the sites and builds (kept); default: a temporary folder")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--json", help="also write the raw figures to this file")
    parser.add_argument("--profile", metavar="VARIANT", help="profile one clean build instead of benchmarking")
    parser.add_argument("--profile-out", metavar="FILE", help="keep the cProfile statistics in FILE (for pstats or snakeviz)")
    parser.add_argument(
        "--navigation",
        choices=("auto", "docs", "blog"),
        default="auto",
        help="the tufte variant's navigation theme option (default auto: the synthetic site's "
        "300 pages in its root toctree make it documentation navigation)",
    )
    args = parser.parse_args(argv)
    if args.navigation != "auto":
        # One variant, one setting changed: the same site measured with the blog's quiet
        # header or the documentation navigation.
        tufte = sitegen.VARIANTS["tufte"]
        sitegen.VARIANTS["tufte"] = replace(
            tufte, extra_conf=tufte.extra_conf + f"html_theme_options = {{'navigation': {args.navigation!r}}}\n"
        )
    quick = args.quick
    args.pages = args.pages if args.pages is not None else (8 if quick else 300)
    args.posts = args.posts if args.posts is not None else (4 if quick else 12)
    args.words = args.words if args.words is not None else (300 if quick else 1500)
    scale = args.scale_pages if args.scale_pages is not None else ("none" if quick else "900")
    try:
        args.scale_pages = [] if scale.strip().lower() == "none" else [int(n) for n in scale.split(",") if n.strip()]
    except ValueError:
        parser.error(f"--scale-pages takes whole numbers separated by commas, not {scale!r}")
    args.scale_pages = [n for n in dict.fromkeys(args.scale_pages) if n != args.pages]
    args.reps = args.reps if args.reps is not None else (1 if quick else 3)
    args.peer_reps = args.peer_reps if args.peer_reps is not None else 1
    args.parallel_reps = args.parallel_reps if args.parallel_reps is not None else (1 if quick else 2)
    args.variants = args.variants.split(",") if args.variants else (QUICK_VARIANTS if quick else DEFAULT_VARIANTS)
    unknown = [v for v in args.variants if v not in sitegen.VARIANTS]
    if unknown:
        parser.error(f"unknown variant(s) {', '.join(unknown)}; choose from {', '.join(sitegen.VARIANTS)}")
    if args.profile and args.profile not in sitegen.VARIANTS:
        parser.error(f"unknown variant {args.profile}")
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
    failed = [v for v, runs in results.clean.items() if any(r.returncode for r in runs)]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
