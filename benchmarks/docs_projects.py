"""Real documentation projects under the tufte theme against alabaster (issue 14).

    python benchmarks/docs_projects.py                    # Sphinx's and docutils' docs, 3 builds each
    python benchmarks/docs_projects.py --projects sphinx --reps 2 --json out.json

What a maintainer who switches an existing project to ``html_theme = "tufte"`` would
check, on Sphinx's own ``doc/`` and docutils' ``docs/`` from their source distributions
(``pip download --no-binary :all:``, of the versions this interpreter has installed),
cached under ``.cache/docs-projects/``:

- the warnings only the tufte build gives (each as file:line: message; the target is
  none), against the same tree built with alabaster, compared as multisets;
- the CPU time of a clean build (user + system of ``python -m sphinx`` and all it
  waited for), the two themes interleaved, ``--reps`` times each; the budget is 1.10x;
- the pages no visible link reaches: every page of the output is walked to from the
  root page through ``<a href>`` outside ``<head>`` (and the search box's GET form);
- axe-core's violations on a sample of ``--axe-pages`` pages, both themes, at 1400 px.

Each project is copied per theme and its conf.py gets a few lines at the end: the theme
(and ``sphinx_tufte`` in ``extensions`` for tufte), the Sphinx docs' own theme's
stylesheet dropped, and intersphinx pointed at inventories downloaded once into the cache
(so a build neither waits on the network nor changes with it). Graphviz's ``dot`` is
not needed: when it is missing both themes warn the same.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import functools
import http.server
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = ROOT / ".cache" / "docs-projects"
THEMES = ["alabaster", "tufte"]
TARGET_CPU_RATIO = 1.10

# Pages worth checking with axe when the project has them: the root, deep and long
# pages, an API reference, the generated pages; the rest of the sample is drawn at random.
AXE_PAGES = {
    "sphinx": [
        "index.html",
        "usage/configuration.html",
        "usage/restructuredtext/directives.html",
        "extdev/appapi.html",
        "usage/extensions/autodoc.html",
        "tutorial/index.html",
        "glossary.html",
        "search.html",
        "genindex.html",
        "py-modindex.html",
    ],
    "docutils": [
        "index.html",
        "ref/rst/restructuredtext.html",
        "ref/rst/directives.html",
        "ref/doctree.html",
        "user/config.html",
        "search.html",
        "genindex.html",
    ],
}


@dataclass
class Project:
    name: str  # the distribution on the package index
    docs: str  # the documentation folder inside its source distribution
    # A conf.py for trees that have none (docutils builds its docs with its own tool).
    conf: str | None = None


DOCUTILS_CONF = """
project = "Docutils"
root_doc = "index"
exclude_patterns = ["header*.rst", "**/header*.rst", "_build"]
"""

PROJECTS = {
    "sphinx": Project("sphinx", "doc"),
    "docutils": Project("docutils", "docs", DOCUTILS_CONF),
}


@dataclass
class Build:
    theme: str
    cpu_seconds: float
    seconds: float
    returncode: int


@dataclass
class Result:
    project: str
    version: str
    builds: list[Build] = field(default_factory=list)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    only_tufte: list[str] = field(default_factory=list)
    only_alabaster: list[str] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)
    unreachable: dict[str, list[str]] = field(default_factory=dict)
    axe: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def cpu(self, theme: str) -> list[float]:
        return [b.cpu_seconds for b in self.builds if b.theme == theme]

    def ratio(self) -> float:
        return statistics.median(self.cpu("tufte")) / statistics.median(self.cpu("alabaster"))


def progress(message: str) -> None:
    print(f"  {time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


# ---- the sources ------------------------------------------------------------------------


def installed_version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def fetch(project: Project, version: str) -> Path:
    """The source distribution's documentation folder, downloaded and unpacked once."""
    unpacked = CACHE / f"{project.name}-{version}"
    if not unpacked.is_dir():
        CACHE.mkdir(parents=True, exist_ok=True)
        archive = CACHE / f"{project.name}-{version}.tar.gz"
        if not archive.is_file():
            progress(f"downloading the {project.name} {version} source distribution")
            subprocess.run(
                [sys.executable, "-m", "pip", "download", f"{project.name}=={version}",
                 "--no-binary", ":all:", "--no-deps", "-d", str(CACHE), "-q"],
                check=True,
            )  # fmt: skip
        with tarfile.open(archive) as tar:
            tar.extractall(CACHE, filter="data")
    return unpacked / project.docs


def local_inventories(source: Path) -> dict[str, tuple[str, str]]:
    """Intersphinx's targets for the project's mapping, each with a downloaded copy of
    its objects.inv; a target that cannot be downloaded is left out (in both builds)."""
    namespace: dict[str, Any] = {"__file__": str(source / "conf.py")}
    conf = source / "conf.py"
    if not conf.is_file():
        return {}
    cwd = os.getcwd()
    try:
        os.chdir(source)
        exec(compile(conf.read_text(encoding="utf-8"), str(conf), "exec"), namespace)
    finally:
        os.chdir(cwd)
    found = {}
    for name, target in dict(namespace.get("intersphinx_mapping", {})).items():
        url = target[0]
        path = CACHE / "inventories" / f"{name}.inv"
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                with urllib.request.urlopen(url.rstrip("/") + "/objects.inv", timeout=30) as response:
                    path.write_bytes(response.read())
            except OSError as error:
                progress(f"intersphinx inventory {name} not downloaded ({error}): left out")
                continue
        found[name] = (url, str(path))
    return found


def conf_tail(theme: str, inventories: dict[str, tuple[str, str]]) -> str:
    lines = [
        "",
        "# ---- added by benchmarks/docs_projects.py",
        f"html_theme = {theme!r}",
        "html_theme_path = []",
        # The Sphinx docs' own theme's stylesheet, meaningless under either theme.
        "html_css_files = []",
        f"intersphinx_mapping = {inventories!r}",
    ]
    if theme == "tufte":
        lines.append("extensions = [*globals().get('extensions', []), 'sphinx_tufte']")
    return "\n".join(lines) + "\n"


def prepare(project: Project, source: Path, theme: str, work: Path, inventories: dict[str, tuple[str, str]]) -> Path:
    """A copy of the documentation tree for one theme (each build writes beside it)."""
    copy = work / f"{project.name}-{theme}"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("_build"))
    conf = copy / "conf.py"
    text = conf.read_text(encoding="utf-8") if conf.is_file() else project.conf or ""
    conf.write_text(text + conf_tail(theme, inventories), encoding="utf-8")
    return copy


# ---- building ---------------------------------------------------------------------------


def sphinx_build(source: Path, out: Path, theme: str) -> tuple[Build, list[str]]:
    """One clean build: its CPU time and its warnings, paths made relative to the tree."""
    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-N", "--keep-going",
           "-d", str(out / "doctrees"), str(source), str(out / "html")]  # fmt: skip
    # The checkout's sphinx_tufte, not a copy installed in the interpreter's venv.
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED="0", SOURCE_DATE_EPOCH="1700000000")
    env["SPHINX_TUFTE_IMAGE_CACHE"] = str(CACHE / "image-cache")
    start = time.perf_counter()
    with tempfile.TemporaryFile() as stderr:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=stderr, env=env, cwd=source.parent)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        stderr.seek(0)
        text = stderr.read().decode("utf-8", "replace")
    build = Build(theme, round(usage.ru_utime + usage.ru_stime, 2), round(seconds, 2), os.waitstatus_to_exitcode(status))
    return build, warning_messages(text, source)


def warning_messages(text: str, source: Path) -> list[str]:
    """The build's warnings, one string each (a warning's continuation lines joined)."""
    messages: list[str] = []
    prefix = str(source) + os.sep
    for line in text.splitlines():
        line = line.replace(prefix, "")
        if "WARNING:" in line or "ERROR:" in line or "CRITICAL:" in line:
            messages.append(line)
        elif messages and line.strip():
            messages[-1] += "\n    " + line
    return messages


# ---- what a reader finds ----------------------------------------------------------------


def html_pages(html: Path) -> list[str]:
    skip = {"_static", "_sources", "_images", "_downloads"}
    return sorted(
        path.relative_to(html).as_posix()
        for path in html.rglob("*.html")
        if not skip & set(path.relative_to(html).parts[:1])
    )


def links_of(html: Path, page: str) -> set[str]:
    """The pages a visible link of ``page`` leads to (its body's <a href>, and a GET
    form's action, the search box)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((html / page).read_text(encoding="utf-8", errors="replace"), "lxml")
    targets: set[str] = set()
    body = soup.body
    if body is None:
        return targets
    hrefs = [a.get("href") for a in body.find_all("a")]
    hrefs += [f.get("action") for f in body.find_all("form") if str(f.get("method") or "get").lower() == "get"]
    for href in hrefs:
        if not href:
            continue
        parts = urllib.parse.urlsplit(str(href))
        if parts.scheme or parts.netloc or not parts.path:
            continue
        target = urllib.parse.urljoin("/" + page, urllib.parse.unquote(parts.path)).lstrip("/")
        if target == "" or target.endswith("/"):
            target += "index.html"
        if (html / target).is_file():
            targets.add(target)
    return targets


def is_redirect(html: Path, page: str) -> bool:
    """A stub that sends the reader on (Sphinx's docs write some for moved pages)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((html / page).read_text(encoding="utf-8", errors="replace"), "lxml")
    return any(str(meta.get("http-equiv") or "").lower() == "refresh" for meta in soup.find_all("meta"))


def unreachable(html: Path, root: str = "index.html") -> tuple[int, list[str]]:
    pages = [page for page in html_pages(html) if not is_redirect(html, page)]
    seen = {root}
    queue = collections.deque([root])
    while queue:
        page = queue.popleft()
        for target in links_of(html, page):
            if target not in seen and target.endswith(".html"):
                seen.add(target)
                queue.append(target)
    return len(pages), [page for page in pages if page not in seen]


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def axe_sample(project: str, pages: list[str], count: int) -> list[str]:
    chosen = [page for page in AXE_PAGES.get(project, []) if page in pages][:count]
    rest = [page for page in pages if page not in chosen]
    random.Random(14).shuffle(rest)
    return chosen + rest[: count - len(chosen)]


def axe_violations(html: Path, pages: list[str], width: int = 1400) -> dict[str, list[str]]:
    """axe-core's violations per page: "rule-id (nodes)" strings."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    found: dict[str, list[str]] = {}
    with serve(html) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.route(lambda url: not url.startswith(base), lambda route: route.abort())
        page = context.new_page()
        runner = Axe()
        for name in pages:
            page.goto(base + name, wait_until="load", timeout=120000)
            violations = runner.run(page).response["violations"]
            found[name] = [f"{v['id']} ({len(v['nodes'])})" for v in violations]
        browser.close()
    return found


# ---- the run ----------------------------------------------------------------------------


def measure(name: str, reps: int, axe_pages: int, work: Path) -> Result:
    project = PROJECTS[name]
    version = installed_version(project.name)
    source = fetch(project, version)
    result = Result(name, version)
    inventories = local_inventories(source)
    trees = {theme: prepare(project, source, theme, work, inventories) for theme in THEMES}
    for rep in range(reps):
        # Interleaved, and the first theme alternates: load on a shared machine drifts.
        for theme in THEMES if rep % 2 == 0 else THEMES[::-1]:
            progress(f"{name}: building with {theme} ({rep + 1}/{reps})")
            build, warnings = sphinx_build(trees[theme], work / f"{name}-{theme}-build", theme)
            if build.returncode != 0:
                raise SystemExit(f"the {theme} build of {name} failed: " + "\n".join(warnings[-5:]))
            result.builds.append(build)
            result.warnings[theme] = warnings
    counts = {theme: collections.Counter(result.warnings[theme]) for theme in THEMES}
    result.only_tufte = sorted((counts["tufte"] - counts["alabaster"]).elements())
    result.only_alabaster = sorted((counts["alabaster"] - counts["tufte"]).elements())
    html = {theme: work / f"{name}-{theme}-build" / "html" for theme in THEMES}
    for theme in THEMES:
        result.pages[theme], result.unreachable[theme] = unreachable(html[theme])
    if axe_pages:
        sample = axe_sample(name, sorted(set(html_pages(html["tufte"])) & set(html_pages(html["alabaster"]))), axe_pages)
        for theme in THEMES:
            progress(f"{name}: axe on {len(sample)} pages with {theme}")
            result.axe[theme] = axe_violations(html[theme], sample)
    return result


def report(result: Result) -> str:
    lines = [f"## {result.project} {result.version}", ""]
    lines.append("| theme | clean builds (CPU s) | median | wall s (median) | exit | warnings | pages (no redirects) | unreachable |")
    lines.append("|---|---|---:|---:|---|---:|---:|---:|")
    for theme in THEMES:
        builds = [b for b in result.builds if b.theme == theme]
        lines.append(
            f"| {theme} | {', '.join(f'{b.cpu_seconds:.1f}' for b in builds)} | {statistics.median(result.cpu(theme)):.1f}"
            f" | {statistics.median(b.seconds for b in builds):.1f} | {sorted({b.returncode for b in builds})}"
            f" | {len(result.warnings[theme])} | {result.pages[theme]} | {len(result.unreachable[theme])} |"
        )
    verdict = "within" if result.ratio() <= TARGET_CPU_RATIO else "over"
    lines += ["", f"CPU ratio tufte / alabaster (medians): {result.ratio():.3f}x ({verdict} the {TARGET_CPU_RATIO}x budget)", ""]
    for theme, only in (("tufte", result.only_tufte), ("alabaster", result.only_alabaster)):
        lines.append(f"Warnings only the {theme} build gives: {len(only)}")
        # Alabaster repeats a toctree warning on every page whose sidebar renders it.
        for message, times in collections.Counter(only).items():
            lines.append(f"- {message}" + (f" (x{times})" if times > 1 else ""))
    for theme in THEMES:
        lines.append(f"Unreachable with {theme}: {', '.join(result.unreachable[theme]) or 'none'}")
    if result.axe:
        lines += ["", "| page | " + " | ".join(f"axe: {theme}" for theme in THEMES) + " |", "|---|---|---|"]
        for page in result.axe["tufte"]:
            cells = [", ".join(result.axe[theme].get(page, [])) or "clean" for theme in THEMES]
            lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", default="sphinx,docutils", help="comma-separated: sphinx, docutils")
    parser.add_argument("--reps", type=int, default=3, help="clean builds per theme (interleaved)")
    parser.add_argument("--axe-pages", type=int, default=10, help="pages checked with axe per theme (0: none)")
    parser.add_argument("--workdir", type=Path, default=CACHE / "work", help="where the copies and builds go")
    parser.add_argument("--json", type=Path, help="write the raw figures here")
    args = parser.parse_args(argv)
    # Absolute: each build runs in its tree's folder.
    args.workdir = args.workdir.resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = [measure(name, args.reps, args.axe_pages, args.workdir) for name in args.projects.split(",") if name]
    for result in results:
        print(report(result))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2), encoding="utf-8")
    return 0 if all(not r.only_tufte for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
