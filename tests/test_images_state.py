"""Who keeps the state of responsive images, margin citations and math warnings: the
build's settings, the one cache, Sphinx's own once filter; never a module global, the
environment or the builder."""

from __future__ import annotations

import importlib
import pkgutil
import weakref
from collections.abc import Callable
from typing import Any

from site_compare import BLOG_CONF

BROKEN = "$$\n\\frac{a}{\n$$\n"


def test_images_keep_no_module_state() -> None:
    import sphinx_tufte.images as package

    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            assert not isinstance(value, (weakref.WeakKeyDictionary, weakref.WeakValueDictionary)), (info.name, name)
            assert name not in {"STATS", "_STATE"}, (info.name, name)


def test_a_broken_equation_warns_once_where_it_is(build: Callable[..., Any]) -> None:
    page = "# Twice\n\n" + BROKEN + "\nBetween.\n\n" + BROKEN
    post = "---\ndate: 2024-01-02\n---\n\n# A post\n\n" + BROKEN
    index = page + "\n```{toctree}\n:hidden:\n\npost\n```\n"
    built = build({"conf.py": BLOG_CONF, "index.md": index, "post.md": post})
    lines = [line for line in built.warning_lines() if "[tufte.math]" in line]
    # The same equation in two places is two warnings, each at its own line; the
    # post's, resolved again for the feed, is still one.
    assert [line.split(": WARNING")[0].rsplit("/", 1)[1] for line in lines] == ["index.md:3", "index.md:9", "post.md:7"], lines
    assert all("cannot render this equation as MathML" in line and "\\frac{a}{" in line for line in lines)
    assert "_tufte_math_warned" not in vars(built.app.builder)
