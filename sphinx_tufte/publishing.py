"""What a static host needs beside the pages: ``.nojekyll`` in the output's root.

GitHub Pages, publishing from a branch, runs Jekyll over the files first, and Jekyll
drops every folder whose name starts with an underscore: ``_static`` (the stylesheets,
fonts and scripts) and ``_images``. An empty ``.nojekyll`` turns Jekyll off. Every
builder that writes a browsable site with those folders gets one (html, dirhtml,
singlehtml); epub's output is a step towards a book, not a site, and gets none.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

NOJEKYLL = ".nojekyll"
SITE_BUILDERS = frozenset({"html", "dirhtml", "singlehtml"})


def write_nojekyll(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    marker = Path(app.outdir, NOJEKYLL)
    # Written once: an incremental build leaves the file (and its time) as it was.
    if not marker.is_file():
        marker.write_bytes(b"")


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_nojekyll)
