"""Encoding ahead: the images each document shows, collected when it is read, are
encoded together before any page is written, several at a time.

Pages are written one after another (or in a few processes under ``-j``), and each
page's images would otherwise be encoded while that page waits. Collected per document
(``env.tufte_images``: docname -> (uri, place, fixed width) for every candidate image,
purged and merged like any collector's data) and encoded in the main process at
``write-started``, before Sphinx forks writers, in a pool of threads. The page's own
transform then finds its variants in place; one the collection could not foresee (an
image that only a later transform puts on the page) is encoded there, as before.
"""

from __future__ import annotations

import os
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.environment.collectors import EnvironmentCollector

from sphinx_tufte import _settings
from sphinx_tufte.images import encode, transform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

Wanted = list[tuple[str, str, int | None]]


def shown_images(env: BuildEnvironment) -> dict[str, Wanted]:
    if not hasattr(env, "tufte_images"):
        env.tufte_images = {}  # type: ignore[attr-defined]
    return env.tufte_images  # type: ignore[attr-defined]


class ImageCollector(EnvironmentCollector):
    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        shown_images(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: AbstractSet[str], other: BuildEnvironment
    ) -> None:
        theirs = shown_images(other)
        ours = shown_images(env)
        for docname in docnames:
            if docname in theirs:
                ours[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        settings = _settings.get(app.env)
        # Sphinx's own image collector, a built-in one that reads the page before
        # extensions' collectors, has noted each local image as a dependency by now.
        if not transform.wanted(settings) or not app.env.dependencies.get(app.env.docname):
            return
        found: Wanted = []
        for node in doctree.findall(nodes.image):
            uri = transform.candidate(node)
            if uri is not None:
                where = transform.place(node, footnotes_in_margin=settings.sidenotes)
                found.append((uri, where, transform.fixed_width(node)))
        if found:
            shown_images(app.env)[app.env.docname] = found


def encode_ahead(app: Sphinx, builder: Builder) -> None:
    env = builder.env
    settings = _settings.get(env)
    collected = shown_images(env)
    if not transform.wanted(settings) or not collected:
        return
    try:
        encoder = transform.encoder_for(settings, env.doctreedir)
    except ImportError:
        return  # the first page with an image says so
    srcdir = Path(env.srcdir)
    jobs: dict[Path, tuple[encode.Source, list[tuple[int, ...]]]] = {}
    for docname in sorted(collected):
        for uri, where, shown in collected[docname]:
            path = srcdir / uri
            try:
                source = jobs[path][0] if path in jobs else encoder.describe(path)
            except (encode.UnreadableImage, OSError):
                continue  # said at the image's line when its page is written
            if source.format not in encode.FORMATS or encode.too_large(source):
                continue
            widths = tuple(transform.plan(source, where, shown))
            plans = jobs.setdefault(path, (source, []))[1]
            if widths not in plans:
                plans.append(widths)
    encode.encode_ahead(encoder, jobs, workers=min(4, os.cpu_count() or 1))


def setup(app: Sphinx) -> None:
    app.add_env_collector(ImageCollector)
    app.connect("write-started", encode_ahead)
