"""The fixtures every sphinx-tufte test builds on.

- ``build``: writes a small Sphinx project into a temporary folder and builds it
  (harness.py holds the one way the suite builds); returns a :class:`Built` with the app,
  the warnings and helpers to read the output.
- ``shared_build``: the same, for tests that only read the output: identical projects
  built the same way in one module are built once.
- ``browser`` / ``open_page``: Debian's Chromium driven by Playwright, pages served from
  a loopback HTTP server, every request to another host blocked and recorded; the
  browser contexts pages open in are lent from test to test and cleaned in between
  (``BrowserContexts``).
- ``axe``: axe-core violations of an open page. ``vnu``: Nu HTML checker errors.

Tools a test needs (Chromium, Java, vnu.jar) make it fail under ``CI=true`` when they
are missing and skip, saying why, elsewhere. A test that uses one of these fixtures is
marked ``browser`` or ``vnu`` by that alone, so ``-m "not vnu"`` deselects it too.

Every test runs in its own temporary folder, servers listen on a free port and each
pytest-xdist worker starts its own browser: the suite runs under ``pytest -n 2``.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from harness import DURATIONS, MYST_CONF, Built, SharedBuilds, sphinx_build, strip_ansi, write_project
from nu_checker import NuChecker

__all__ = ["MYST_CONF", "ROOT", "Built", "build_once", "describe_violations", "strip_ansi", "write_project"]

pytest_plugins = ("sphinx.testing.fixtures", "pytester")

ROOT = Path(__file__).resolve().parents[1]


def benchmark_script(name: str) -> Any:
    """A script of ``benchmarks/`` imported as a module (the folder is no package)."""
    import importlib

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# The marker a test gets from each fixture it uses (directly or through another fixture).
MARKER_OF_FIXTURE = {"browser": "browser", "browser_contexts": "browser", "open_page": "browser", "axe": "browser", "vnu": "vnu"}


def need_tool(what: str, why: str) -> None:
    """Fail under CI, skip elsewhere: nothing passes in CI by being skipped."""
    message = f"{what} is missing: {why}"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


# A module tests/durations.json does not know yet (written by ``python tests/harness.py
# REPORT.xml...`` from a whole run's JUnit reports): as long as a module of slow tests,
# or as a short one.
UNKNOWN_SLOW_MODULE_SECONDS = 60.0
UNKNOWN_MODULE_SECONDS = 5.0


def module_seconds(items: list[pytest.Item]) -> dict[str, float]:
    """How long each collected module took in the last measured run (set-up included)."""
    try:
        known: dict[str, float] = json.loads(DURATIONS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    seconds: dict[str, float] = {}
    for item in items:
        module = item.nodeid.split("::", 1)[0]
        if module in known:
            seconds[module] = known[module]
        elif item.get_closest_marker("slow") is not None:
            seconds[module] = UNKNOWN_SLOW_MODULE_SECONDS
        else:
            seconds.setdefault(module, UNKNOWN_MODULE_SECONDS)
    return seconds


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by the tools its fixtures need, whether or not its author did,
    and run the longest modules first."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        for marker in sorted({MARKER_OF_FIXTURE[name] for name in fixtures & MARKER_OF_FIXTURE.keys()}):
            if item.get_closest_marker(marker) is None:
                item.add_marker(marker)
    # A module of a minute that starts last keeps one worker busy while the others have
    # nothing left to do; started first, the short ones fill in around it. Each module's
    # tests stay together and in pytest's order, so its module-scoped builds are made
    # once a worker. The sort is stable and reads one file, so every xdist worker
    # computes the same order, as it must.
    seconds = module_seconds(items)
    items.sort(key=lambda item: -seconds[item.nodeid.split("::", 1)[0]])


# ---- building projects -------------------------------------------------------------


@pytest.fixture(autouse=True, scope="session")
def image_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Responsive images' persistent cache for this run (and the builds it starts in
    subprocesses), not the user's ~/.cache; a test that needs a cold cache names its own
    with tufte_image_cache."""
    folder = tmp_path_factory.mktemp("image-cache")
    old = os.environ.get("SPHINX_TUFTE_IMAGE_CACHE")
    os.environ["SPHINX_TUFTE_IMAGE_CACHE"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("SPHINX_TUFTE_IMAGE_CACHE", None)
    else:
        os.environ["SPHINX_TUFTE_IMAGE_CACHE"] = old


@pytest.fixture
def build(tmp_path: Path) -> Iterator[Callable[..., Built]]:
    """Build a project: ``build({"conf.py": ..., "index.md": ...}, buildername="html")``.

    Without a ``conf.py`` the project uses MyST and the tufte theme. Call again with
    ``srcdir=`` of an earlier build (and ``fresh=False``) for an incremental build.
    Sphinx's global state is cleaned up after each build: registrations left by one
    would make the next build of the same test warn that they already exist.
    """
    counter = iter(range(1000))
    saved_path = sys.path.copy()

    def _build(
        files: dict[str, str | bytes] | None = None,
        *,
        buildername: str = "html",
        srcdir: Path | None = None,
        confoverrides: dict[str, Any] | None = None,
        parallel: int = 0,
        fresh: bool = True,
        **kwargs: Any,
    ) -> Built:
        if srcdir is None:
            srcdir = tmp_path / f"project{next(counter)}"
            srcdir.mkdir()
        files = dict(files or {})
        if "conf.py" not in files and not (srcdir / "conf.py").exists():
            files["conf.py"] = MYST_CONF
        write_project(srcdir, files)
        return sphinx_build(
            srcdir,
            buildername=buildername,
            confoverrides=confoverrides,
            parallel=parallel,
            fresh=fresh,
            **kwargs,
        )

    yield _build
    sys.path[:] = saved_path


@pytest.fixture(scope="module")
def shared_build(tmp_path_factory: pytest.TempPathFactory) -> SharedBuilds:
    """``shared_build(files, buildername=..., confoverrides=..., parallel=...)``: like
    ``build``, but a project built the same way earlier in the module is not built again.
    Only for tests that read the output and never change it or build on top of it."""
    return SharedBuilds(tmp_path_factory.mktemp)


def build_once(
    tmp_path_factory: Any, name: str, files: dict[str, str | bytes], *, allow_warnings: bool = False, **kwargs: Any
) -> Path:
    """Build a project once for a module-scoped fixture (its tests only read the
    output) and return the output folder. The default MyST conf is used unless
    ``files`` has a conf.py; keyword arguments go to SphinxTestApp (confoverrides...)."""
    srcdir = tmp_path_factory.mktemp(name)
    write_project(srcdir, {"conf.py": MYST_CONF} | files)
    built = sphinx_build(srcdir, **kwargs)
    assert allow_warnings or "WARNING" not in built.warnings, built.warnings
    return built.outdir


# ---- the browser ----------------------------------------------------------------


def chromium_executable() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_executable()
    if executable is None:
        need_tool("Chromium", "install Debian's chromium package (make test does)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need_tool("Playwright for Python", "pip install playwright")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        # Tests share browser contexts (BrowserContexts): nothing one test's server sent
        # may answer another's request.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on a free loopback port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # shutdown() waits for the loop to look at its flag, every poll_interval: at the
    # default half second, closing the servers of a test of four pages took a second.
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass
class OpenPage:
    page: Any
    base: str
    foreign_requests: list[str]
    console_errors: list[str]


class BrowserContexts:
    """A worker's browser contexts, one for each viewport, colour scheme and JavaScript
    setting, lent to the tests that open pages and cleaned when given back.

    A new context's first page cost Chromium 0.54 s of CPU, a new page in a context
    already made 0.27 s (2026-12-04), and the suite opens about 250 of them on two busy
    cores. What a test can leave in a context is undone when it gives the context back:
    its pages are closed, its route to block other hosts removed, its cookies and
    permissions cleared, and every storage of each origin it served (localStorage, which
    holds the colour scheme a reader chose, sessionStorage, IndexedDB, Cache Storage)
    cleared through the DevTools protocol. The HTTP cache could hold an earlier test's
    files only under the same port; the loopback server says ``no-store``, and routing
    turns the cache off as well.
    """

    def __init__(self, browser: Any) -> None:
        self._browser = browser
        self._idle: dict[tuple[Any, ...], list[Any]] = {}

    def borrow(self, *, width: int, height: int, scheme: str, javascript: bool) -> tuple[tuple[Any, ...], Any]:
        key = (width, height, scheme, javascript)
        idle = self._idle.setdefault(key, [])
        context = idle.pop() if idle else self._browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=scheme, java_script_enabled=javascript
        )
        return key, context

    def give_back(self, key: tuple[Any, ...], context: Any, origins: list[str], route: tuple[Any, Any]) -> None:
        try:
            context.unroute(*route)
            if origins:
                page = context.pages[0] if context.pages else context.new_page()
                session = context.new_cdp_session(page)
                for origin in origins:
                    session.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
                session.detach()
            for page in list(context.pages):
                page.close()
            context.clear_cookies()
            context.clear_permissions()
        except Exception:
            # A context the test closed or broke is not lent again.
            with contextlib.suppress(Exception):
                context.close()
            return
        self._idle[key].append(context)

    def close(self) -> None:
        for contexts in self._idle.values():
            for context in contexts:
                with contextlib.suppress(Exception):
                    context.close()
        self._idle.clear()


@pytest.fixture(scope="session")
def browser_contexts(browser: Any) -> Iterator[BrowserContexts]:
    contexts = BrowserContexts(browser)
    yield contexts
    contexts.close()


@pytest.fixture
def open_page(browser_contexts: BrowserContexts) -> Iterator[Callable[..., OpenPage]]:
    """``open_page(outdir, "index.html", width=1400, scheme="dark")`` -> OpenPage.

    Any request to a host other than the loopback server is aborted and recorded.
    """
    stack = contextlib.ExitStack()

    def _open(
        outdir: Path,
        path: str = "index.html",
        *,
        width: int = 1400,
        height: int = 900,
        scheme: str = "light",
        javascript: bool = True,
    ) -> OpenPage:
        base = stack.enter_context(serve(outdir))
        key, context = browser_contexts.borrow(width=width, height=height, scheme=scheme, javascript=javascript)
        foreign: list[str] = []
        errors: list[str] = []

        def block(route: Any) -> None:
            foreign.append(route.request.url)
            route.abort()

        # A pattern, not a Python predicate: Playwright hands the browser a pattern, so
        # only foreign requests are paused; a predicate pauses every request for a round
        # trip to Python (30-90 ms a page).
        pattern = re.compile("^(?!" + re.escape(base) + ")")
        context.route(pattern, block)
        # Given back before the server stops (callbacks run last in, first out).
        stack.callback(browser_contexts.give_back, key, context, [base.rstrip("/")], (pattern, block))
        page = context.new_page()
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("response", lambda r: errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(base + path, wait_until="load")
        page.evaluate("document.fonts.ready")
        return OpenPage(page=page, base=base, foreign_requests=foreign, console_errors=errors)

    yield _open
    stack.close()


@pytest.fixture(scope="session")
def axe() -> Callable[[Any], list[dict[str, Any]]]:
    """Run axe-core on an open page and return its violations (empty when clean)."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        need_tool("axe-playwright-python", "pip install axe-playwright-python")
    runner = Axe()

    def _run(page: Any) -> list[dict[str, Any]]:
        results = runner.run(page)
        return results.response["violations"]

    return _run


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        targets = [node["target"] for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']}: {violation['help']} at {targets}")
    return "\n".join(lines)


# ---- the Nu HTML checker ----------------------------------------------------------


def vnu_jar() -> Path | None:
    candidates = [
        os.environ.get("VNU_JAR", ""),
        str(ROOT / ".cache/tools/node_modules/vnu-jar/build/dist/vnu.jar"),
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def vnu() -> Iterator[Callable[[list[Path]], list[str]]]:
    """``vnu([paths])`` -> the Nu HTML checker's errors, as "file:line: message".

    One checker service per test process (nu_checker.py), its JVM started once; under
    ``make test`` one service for every process of both versions' runs."""
    java = shutil.which("java")
    jar = vnu_jar()
    if java is None:
        need_tool("Java", "the Nu HTML checker runs on a JRE (apt-get install default-jre-headless)")
    if jar is None:
        need_tool("vnu.jar", "make test-deps installs the vnu-jar npm package into .cache/tools")
    assert java is not None and jar is not None
    checker = NuChecker(java, jar)
    yield checker.errors
    checker.close()
