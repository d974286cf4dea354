"""Where one clean build spends its CPU, timed with clocks instead of a profiler.

    python benchmarks/parts.py --navigation docs      # the 300-page site, tufte
    python benchmarks/parts.py --variant basic        # the same site under basic
    python benchmarks/parts.py --src DIR              # any project (its conf.py decides)

cProfile misleads on a Sphinx build: it inflates call-heavy pure-Python code (the search
index's stemmer) and counts each resume of a Jinja generator as a call, so two variants
that differ by a few per cent cannot be compared with it. This builds once in this
process and reads ``time.process_time`` around the parts of the build (reading,
resolving, translating and writing each page, the template render) and around every
event listener, each named by its module and function. Time spent collecting garbage is
read from ``gc.callbacks`` and charged to the innermost part that was running, so an
extension that allocates more shows the collections it causes.

Parts nest (a listener of ``html-page-context`` runs inside ``handle_page``, which runs
inside ``write_doc``): each row is inclusive, like cProfile's cumulative column. Run it
with the interpreter whose Sphinx you want to measure; two runs on the same quiet
machine differ by a few per cent.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import sitegen  # noqa: E402


class Clock:
    """Inclusive CPU time and garbage-collection time per named part."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.gc: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.stack: list[str] = ["(outside every part)"]
        self._gc_started = 0.0
        self.collections: dict[int, int] = defaultdict(int)
        # Objects the collector tracks once every source is read: what each full
        # collection of the write phase walks.
        self.tracked_after_read = 0
        self.longest: list[tuple[float, int, str]] = []

    @contextmanager
    def part(self, name: str) -> Iterator[None]:
        self.stack.append(name)
        self.calls[name] += 1
        start = time.process_time()
        try:
            yield
        finally:
            self.cpu[name] += time.process_time() - start
            self.stack.pop()

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.part(name):
                return function(*args, **kwargs)

        return timed

    def on_gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.process_time()
            return
        spent = time.process_time() - self._gc_started
        self.collections[info["generation"]] += 1
        self.longest.append((spent, info["generation"], self.stack[-1]))
        self.gc["(all collections)"] += spent
        # Charged to every part that is running, so inclusive rows include their
        # collections as their CPU does.
        for name in set(self.stack):
            self.gc[name] += spent


def _patch(clock: Clock, owner: type, attribute: str, name: str) -> None:
    setattr(owner, attribute, clock.wrap(name, getattr(owner, attribute)))


def _instrument_classes(clock: Clock) -> None:
    from sphinx.builders import Builder
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment
    from sphinx.jinja2glue import BuiltinTemplateLoader

    _patch(clock, Builder, "read", "read (all sources)")
    read = Builder.read

    def read_and_count(self: Any, *args: Any, **kwargs: Any) -> Any:
        found = read(self, *args, **kwargs)
        clock.tracked_after_read = len(gc.get_objects())
        return found

    Builder.read = read_and_count  # type: ignore[method-assign]
    _patch(clock, Builder, "read_doc", "read_doc")
    _patch(clock, Builder, "write", "write (all pages)")
    _patch(clock, BuildEnvironment, "get_and_resolve_doctree", "get_and_resolve_doctree")
    _patch(clock, StandaloneHTMLBuilder, "write_doc_serialized", "write_doc_serialized (images, search index)")
    _patch(clock, StandaloneHTMLBuilder, "write_doc", "write_doc (translate and write)")
    _patch(clock, StandaloneHTMLBuilder, "handle_page", "handle_page (context, template)")
    _patch(clock, StandaloneHTMLBuilder, "finish", "finish (search index, static files)")
    _patch(clock, BuiltinTemplateLoader, "render", "template render")


def _instrument_functions(clock: Clock, names: list[str]) -> None:
    """Time ``module.function`` (or ``module.Class.method``) too: every module that
    imported the function by name gets the timed one."""
    import importlib

    for dotted in names:
        module_name, _, attribute = dotted.rpartition(".")
        owner: Any
        try:
            owner = importlib.import_module(module_name)
        except ImportError:
            module_name, _, class_name = module_name.rpartition(".")
            owner = getattr(importlib.import_module(module_name), class_name)
        original = getattr(owner, attribute)
        timed = clock.wrap(dotted, original)
        setattr(owner, attribute, timed)
        for module in list(sys.modules.values()):
            if getattr(module, attribute, None) is original:
                setattr(module, attribute, timed)


def _instrument_transforms(clock: Clock, app: Any) -> None:
    """Every transform and post-transform an extension (or Sphinx) registered."""
    registry = app.registry
    for kind, classes in (("transform", registry.get_transforms()), ("post-transform", registry.get_post_transforms())):
        for cls in classes:
            # A post-transform's work is its run(), called from SphinxPostTransform.apply.
            method = "run" if "run" in vars(cls) else "apply"
            if method in vars(cls):
                setattr(cls, method, clock.wrap(f"{kind}: {cls.__module__}.{cls.__qualname__}", getattr(cls, method)))


def _instrument_listeners(clock: Clock, app: Any) -> None:
    for event, listeners in app.events.listeners.items():
        for index, listener in enumerate(listeners):
            handler = listener.handler
            where = getattr(handler, "__module__", "?") or "?"
            name = f"{event}: {where}.{getattr(handler, '__qualname__', repr(handler))}"
            listeners[index] = listener._replace(handler=clock.wrap(name, handler))


def build(src: Path, out: Path, clock: Clock, functions: list[str]) -> int:
    from sphinx.application import Sphinx

    _instrument_classes(clock)
    _instrument_functions(clock, functions)
    gc.callbacks.append(clock.on_gc)
    start = time.process_time()
    with clock.part("whole build"):
        app = Sphinx(str(src), str(src), str(out / "html"), str(out / "doctrees"), "html",
                     status=None, warning=sys.stderr, freshenv=True)
        _instrument_listeners(clock, app)
        _instrument_transforms(clock, app)
        app.build(force_all=True)
    gc.callbacks.remove(clock.on_gc)
    clock.cpu["whole build"] = time.process_time() - start
    return app.statuscode


def report(clock: Clock, top: int) -> str:
    whole = clock.cpu["whole build"] or 1.0
    rows = sorted(clock.cpu.items(), key=lambda item: -item[1])[:top]
    lines = ["| part | calls | CPU s | share | of which GC s |", "|---|---:|---:|---:|---:|"]
    for name, seconds in rows:
        lines.append(
            f"| {name} | {clock.calls[name]} | {seconds:.3f} | {seconds / whole:.1%} | {clock.gc.get(name, 0.0):.3f} |"
        )
    collections = ", ".join(f"gen {g}: {n}" for g, n in sorted(clock.collections.items()))
    lines.append("")
    lines.append(f"Garbage collection: {clock.gc['(all collections)']:.3f} s in all ({collections}).")
    lines.append("Longest collections: " + "; ".join(
        f"{spent:.3f} s (gen {generation}, in {where})" for spent, generation, where in sorted(clock.longest, reverse=True)[:6]
    ) + ".")
    lines.append(f"Objects the collector tracked after reading: {clock.tracked_after_read:,}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--src", help="a Sphinx project to build (default: the synthetic site)")
    parser.add_argument("--variant", default="tufte", choices=["basic", "tufte"], help="for the synthetic site")
    parser.add_argument("--navigation", default="auto", choices=["auto", "docs", "blog"], help="tufte's navigation option")
    parser.add_argument("--pages", type=int, default=300, help="plain pages of the synthetic site (default 300)")
    parser.add_argument("--posts", type=int, default=12, help="posts of the synthetic site (default 12)")
    parser.add_argument("--top", type=int, default=40, help="rows to print (default 40)")
    parser.add_argument("--time", action="append", default=[], metavar="MODULE.FUNCTION",
                        help="time this function too (repeatable), e.g. sphinx_tufte.posts.postlist.listing_html")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sphinx-tufte-parts-") as work:
        if args.src:
            src = Path(args.src)
        else:
            variant = sitegen.VARIANTS[args.variant]
            src = sitegen.write_site(Path(work), sitegen.SiteSpec(pages=args.pages, posts=args.posts), variant)
            if args.variant == "tufte":
                with (src / "conf.py").open("a", encoding="utf-8") as conf:
                    conf.write(f'html_theme_options = {{"navigation": "{args.navigation}"}}\n')
        clock = Clock()
        status = build(src, Path(work) / "out", clock, args.time)
        print(f"load {os.getloadavg()[0]:.2f}; Python {sys.version.split()[0]}")
        print(report(clock, args.top))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
