"""The one way this suite builds a Sphinx project: write its files, build it in this
process with ``sphinx.testing``'s ``SphinxTestApp``, and read the result.

- :func:`write_project` writes a project (a ``{name: text or bytes}`` mapping).
- :func:`sphinx_build` builds a source folder and returns a :class:`Built`.
- :class:`SharedBuilds` remembers the builds of identical projects, so the tests of a
  module that only read an output share one build of it (the ``shared_build`` fixture).

The fixtures in conftest.py (``build``, ``shared_build``, ``build_once``) and
site_compare's ``build_site`` are thin wrappers around these.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from textwrap import dedent
from typing import Any

MYST_CONF = """
project = "Test Site"
html_theme = "tufte"
extensions = ["myst_parser", "sphinx_tufte"]
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
"""

Files = Mapping[str, str | bytes]


def strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def write_project(srcdir: Path, files: Files) -> None:
    """Write ``files`` under ``srcdir``: text is dedented, bytes are written as they are."""
    for name, content in files.items():
        path = srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(dedent(content).lstrip("\n"), encoding="utf-8")


@dataclass
class Built:
    """One finished build: the application (still readable after its clean-up), its
    folders, what it warned and its status code."""

    app: Any
    srcdir: Path
    outdir: Path
    # What the build warned; left out, the app's own warning stream (SphinxTestApp's).
    _warning: StringIO | None = field(repr=False, default=None)

    @property
    def warnings(self) -> str:
        stream = self._warning if self._warning is not None else self.app._warning
        return strip_ansi(stream.getvalue())

    @property
    def statuscode(self) -> int:
        return int(self.app.statuscode)

    def warning_lines(self) -> list[str]:
        return [line for line in self.warnings.splitlines() if "WARNING" in line or "ERROR" in line]

    def text(self, name: str) -> str:
        return (self.outdir / name).read_text(encoding="utf-8")

    def soup(self, name: str = "index.html") -> Any:
        from bs4 import BeautifulSoup

        return BeautifulSoup(self.text(name), "lxml")


class CompiledTemplates:
    """The Jinja bytecode of every template this process's builds compiled, handed to
    the next build's template environment (``environment.bytecode_cache``).

    Each Sphinx application makes a new Jinja environment and compiles the theme's
    templates again: half of the time of a build of two pages, a fifth of the suite's;
    the basic theme's ``*_t`` static files, compiled from their text, were another 9 %
    of that build.
    Jinja files a template's bytecode under its name and file and checks the source's
    checksum when it loads it, so a changed template is compiled again; the bytecode
    of one kind of environment is never given to another (the i18n extension, for one,
    changes what a template compiles to).
    """

    def __init__(self) -> None:
        from jinja2.bccache import BytecodeCache

        class InMemory(BytecodeCache):
            def __init__(self) -> None:
                self.code: dict[str, bytes] = {}

            def load_bytecode(self, bucket: Any) -> None:
                if bucket.key in self.code:
                    bucket.bytecode_from_string(self.code[bucket.key])

            def dump_bytecode(self, bucket: Any) -> None:
                self.code[bucket.key] = bucket.bytecode_to_string()

        self._kind = InMemory
        self._caches: dict[tuple[Any, ...], Any] = {}
        self._strings: dict[tuple[Any, ...], dict[str, Any]] = {}

    def attach(self, app: Any) -> None:
        environment = getattr(getattr(app.builder, "templates", None), "environment", None)
        if environment is None or environment.bytecode_cache is not None:
            return
        kind = (
            type(environment),
            tuple(sorted(environment.extensions)),
            repr(environment.autoescape),
            getattr(environment, "newstyle_gettext", None),
            environment.optimized,
        )
        environment.bytecode_cache = self._caches.setdefault(kind, self._kind())
        # Templates given as text (the static files named *_t, rendered as they are
        # copied) skip the bytecode cache: their code is kept by the text itself.
        compiled = self._strings.setdefault(kind, {})
        compile_source = environment.compile

        def compile(source: Any, name: Any = None, filename: Any = None, raw: bool = False, defer_init: bool = False) -> Any:
            if name is not None or filename is not None or raw or defer_init or not isinstance(source, str):
                return compile_source(source, name, filename, raw, defer_init)
            if source not in compiled:
                compiled[source] = compile_source(source)
            return compiled[source]

        environment.compile = compile


COMPILED_TEMPLATES = CompiledTemplates()


class LighterStart:
    """Two costs every Sphinx application pays at its start, which a process that makes
    a thousand of them pays a thousand times for the same answer; each was a fifth of a
    two-page build (0.096 s, 0.067 s without both).

    - Its themes' entry points: ``sphinx.theming`` asks ``importlib.metadata`` for them,
      which opens every installed distribution's metadata. Nothing installs a
      distribution into this process while it runs, so the answer is asked once a group.
    - Its debug messages: Sphinx sets its logger to DEBUG and lets the handlers drop
      what the verbosity does not show, so each of the 700 registration messages an
      application logs is formatted into a record that no handler keeps. After Sphinx's
      ``logging.setup`` the logger is set to the lowest level one of those handlers
      accepts (``VERBOSITY_MAP``), which shows what they showed, and ``-vv`` (verbosity
      2) still reaches the debug messages.
    """

    def __init__(self) -> None:
        self._entry_points: dict[str, Any] = {}
        self._installed = False

    def entry_points(self, *, group: str) -> Any:
        from importlib.metadata import entry_points

        if group not in self._entry_points:
            self._entry_points[group] = entry_points(group=group)
        return self._entry_points[group]

    def install(self) -> None:
        if self._installed:
            return
        import logging

        import sphinx.theming
        import sphinx.util.logging as sphinx_logging

        setup = sphinx_logging.setup

        def setup_at_level(app: Any, status: Any, warning: Any, **kwargs: Any) -> None:
            setup(app, status, warning, **kwargs)
            verbosity = kwargs.get("verbosity", getattr(app, "verbosity", 0))
            level = sphinx_logging.VERBOSITY_MAP[max(verbosity, 0)]
            logging.getLogger(sphinx_logging.NAMESPACE).setLevel(level)

        sphinx_logging.setup = setup_at_level  # type: ignore[assignment]
        sphinx.theming.entry_points = self.entry_points  # type: ignore[assignment]
        self._installed = True


LIGHTER_START = LighterStart()


def sphinx_build(
    srcdir: Path,
    *,
    builddir: Path | None = None,
    buildername: str = "html",
    confoverrides: dict[str, Any] | None = None,
    parallel: int = 0,
    fresh: bool = True,
    cleanup: Callable[[Callable[[], None]], None] | None = None,
    **kwargs: Any,
) -> Built:
    """Build ``srcdir`` (into ``builddir``, by default ``srcdir/_build``).

    ``fresh=False`` is an incremental build over an earlier one's environment.
    Sphinx's global state (registered nodes, directives) is cleaned up after the build,
    or handed to ``cleanup`` to run later when a test still needs it.
    """
    from sphinx.testing.util import SphinxTestApp

    LIGHTER_START.install()
    warning = StringIO()
    app = SphinxTestApp(
        buildername,
        srcdir=Path(srcdir),
        builddir=Path(builddir) if builddir is not None else None,
        freshenv=fresh,
        confoverrides=confoverrides or {},
        parallel=parallel,
        status=StringIO(),
        warning=warning,
        **kwargs,
    )
    COMPILED_TEMPLATES.attach(app)
    try:
        app.build(force_all=fresh)
    finally:
        if cleanup is None:
            app.cleanup()
        else:
            cleanup(app.cleanup)
    return Built(app=app, srcdir=Path(srcdir), outdir=Path(app.outdir), _warning=warning)


def project_key(files: Files, **options: Any) -> str:
    """A fingerprint of a project and how it is built: equal for identical builds."""
    digest = hashlib.sha256()
    for name in sorted(files):
        content = files[name]
        data = content if isinstance(content, bytes) else dedent(content).lstrip("\n").encode("utf-8")
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    digest.update(repr(sorted((name, repr(value)) for name, value in options.items())).encode("utf-8"))
    return digest.hexdigest()


class SharedBuilds:
    """Builds of identical projects made once: ``shared(files, buildername=...)`` returns
    the earlier :class:`Built` when the same files were built the same way.

    Only for tests that read the output: one that edits the sources or the output, or
    builds incrementally on top, uses the ``build`` fixture.
    """

    def __init__(self, root: Callable[[str], Path]) -> None:
        self._root = root
        self._builds: dict[str, Built] = {}

    def __call__(self, files: Files | None = None, **options: Any) -> Built:
        files = dict(files or {})
        if "conf.py" not in files:
            files["conf.py"] = MYST_CONF
        key = project_key(files, **options)
        if key not in self._builds:
            srcdir = self._root("shared")
            write_project(srcdir, files)
            self._builds[key] = sphinx_build(srcdir, **options)
        return self._builds[key]


# ---- how long each module takes, for the order modules start in ------------------

DURATIONS = Path(__file__).with_name("durations.json")


def durations_from_junit(paths: list[Path]) -> dict[str, float]:
    """``{test module's path: seconds}`` from pytest's JUnit XML reports (set-up
    included, so the shared builds count); the longer time where reports disagree (one
    per Sphinx version)."""
    import xml.etree.ElementTree as ET

    found: dict[str, float] = {}
    for path in paths:
        report: dict[str, float] = {}
        for case in ET.parse(path).iter("testcase"):
            parts = case.get("classname", "").split(".")
            module = next(i for i, part in enumerate(parts) if part.startswith("test_"))
            name = "/".join(parts[: module + 1]) + ".py"
            report[name] = report.get(name, 0.0) + float(case.get("time", 0))
        for name, seconds in report.items():
            found[name] = max(found.get(name, 0.0), round(seconds, 1))
    return dict(sorted(found.items(), key=lambda item: -item[1]))


if __name__ == "__main__":
    # python tests/harness.py REPORT.xml... : rewrite tests/durations.json from the
    # JUnit reports of whole runs (pytest --junitxml=REPORT.xml), one per version.
    import json
    import sys

    DURATIONS.write_text(json.dumps(durations_from_junit([Path(p) for p in sys.argv[1:]]), indent=0) + "\n", encoding="utf-8")
