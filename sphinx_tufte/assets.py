"""The extension's own static files (one stylesheet per capability).

They live apart from the theme so that the directives render sensibly when the extension
is used under another theme: the extension puts this folder on ``html_static_path``
itself, and each capability calls ``app.add_css_file`` for its stylesheet.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC_DIR = Path(__file__).parent / "static"


def add_static_dir(app: Sphinx) -> None:
    paths = app.config.html_static_path
    if str(STATIC_DIR) not in map(str, paths):
        # Earlier entries win in Sphinx's copy, so a user's file of the same name
        # (their own tufte-notes.css, say) still overrides ours.
        paths.append(str(STATIC_DIR))


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", add_static_dir)
