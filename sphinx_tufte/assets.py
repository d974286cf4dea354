"""The extension's own static files: one stylesheet for everything its directives and
transforms write (``tufte-directives.css``), and the notes' small script.

They live apart from the theme so that the directives render sensibly when the extension
is used under another theme. They are copied into the output's ``_static`` when the
builder starts, before any page is written (so Sphinx's ``?v=`` checksums see them), and
only when their bytes differ. Appending this folder to ``html_static_path`` instead
would change a config value behind the user's back: Sphinx then finds "the
configuration has changed" on every build and rewrites every page.

The tufte theme links the stylesheet itself (``theme.toml``), after its own; under any
other theme it is registered here, once, for every page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC_DIR = Path(__file__).parent / "static"
STYLESHEET = "tufte-directives.css"


def copy_static_files(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    target_dir = Path(app.builder.outdir) / "_static"
    for source in sorted(STATIC_DIR.iterdir()):
        if not source.is_file():
            continue
        target = target_dir / source.name
        data = source.read_bytes()
        # A user's own file of the same name in html_static_path is copied by Sphinx
        # after this and wins, as it would have with a static path.
        if not target.is_file() or target.read_bytes() != data:
            target_dir.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def on_builder_inited(app: Sphinx) -> None:
    from sphinx_tufte.theme import uses_theme  # the theme imports this module

    copy_static_files(app)
    if app.builder.format == "html" and not uses_theme(app):
        app.add_css_file(STYLESHEET)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", on_builder_inited)
