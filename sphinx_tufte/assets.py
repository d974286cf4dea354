"""The extension's own static files: one stylesheet for everything its directives and
transforms write (``tufte-directives.css``), and the notes' small script.

They live apart from the theme so that the directives render sensibly when the extension
is used under another theme. They are copied into the output's ``_static`` when the
builder starts, before any page is written (so Sphinx's ``?v=`` checksums see them), and
only when their bytes differ. Appending this folder to ``html_static_path`` instead
would change a config value behind the user's back: Sphinx then finds "the
configuration has changed" on every build and rewrites every page.

Under any other theme the stylesheet is registered here, once, for every page. Under the
tufte theme its rules are served inside the theme's ``tufte.css``, after the theme's own
(one request fewer, and one of the at most three stylesheets a page links:
:mod:`sphinx_tufte.theme.stylesheets`).

Stylesheets reach the output minified (:mod:`sphinx_tufte.theme.minify`): about a third
of every page's CSS bytes were comments and indentation. The theme's ``tufte.css``,
``tufte-docs.css`` (served with the navigation's rules first, so a page with
documentation content links one file for both) and ``tufte-nav.css`` are copied by
Sphinx with the theme's other static files, after
``builder-inited`` and before the first page; they are replaced by what they serve when
the first page is about to be rendered, before Sphinx reads them for the page's ``?v=``
checksum, and again when the build ends, in case a build wrote no page. The scripts
every page loads (the notes', the toggle's, Sphinx's ``doctools.js`` and
``sphinx_highlight.js``) are served the same way without their comments and
indentation (:mod:`sphinx_tufte.theme.scripts`).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sphinx

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
        data = _served(source, source.stat().st_mtime_ns)
        # A user's own file of the same name in html_static_path is copied by Sphinx
        # after this and wins, as it would have with a static path.
        if not target.is_file() or target.read_bytes() != data:
            target_dir.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    # Sphinx copies the theme's tufte.css later: it is minified once it is there. Here
    # rather than in setup, because the theme used without the extension calls this too.
    app.connect("write-started", _before_first_page)
    app.connect("build-finished", _on_finished)


THEME_STYLESHEET = Path(__file__).parent / "themes" / "tufte" / "static" / "tufte.css"
DOCS_STYLESHEET = THEME_STYLESHEET.with_name("tufte-docs.css")
NAV_STYLESHEET = THEME_STYLESHEET.with_name("tufte-nav.css")


@cache
def _served(source: Path, mtime_ns: int) -> bytes:
    """A static file's bytes as the output holds them: stylesheets minified. Keyed by
    the modification time so that an edited source (``sphinx-autobuild``) is read again."""
    from sphinx_tufte.theme.minify import minify  # the theme package imports this module

    from sphinx_tufte.theme import scripts

    data = source.read_bytes()
    if source.suffix == ".css":
        return minify(data.decode("utf-8")).encode("utf-8")
    if source.suffix == ".js":
        return scripts.strip(data.decode("utf-8")).encode("utf-8")
    return data


@cache
def _joined(sources: tuple[Path, ...], mtimes: tuple[int, ...]) -> bytes:
    """Stylesheets served as one file, minified, in the order given: the output's
    ``tufte.css`` is the theme's rules, then the directives' (the cascade of the two
    files it replaces, in the order the theme linked them); its ``tufte-docs.css`` is the
    navigation's rules, then the documentation content's."""
    from sphinx_tufte.theme.minify import minify  # the theme package imports this module

    return minify("\n".join(source.read_text(encoding="utf-8") for source in sources)).encode("utf-8")


def _served_joined(*sources: Path) -> bytes:
    return _joined(sources, tuple(source.stat().st_mtime_ns for source in sources))


# Scripts every page loads that Sphinx copies with the theme's files (the basic theme's
# and the toggle's); searchtools.js, on the search page only, is left as it is.
THEME_SCRIPTS = (
    THEME_STYLESHEET.with_name("tufte.js"),
    Path(sphinx.__file__).parent / "themes" / "basic" / "static" / "doctools.js",
    Path(sphinx.__file__).parent / "themes" / "basic" / "static" / "sphinx_highlight.js",
)


def theme_files() -> list[tuple[Path, bytes]]:
    """The theme's stylesheets and scripts with the bytes the output serves for each."""
    served = [
        (THEME_STYLESHEET, _served_joined(THEME_STYLESHEET, STATIC_DIR / STYLESHEET)),
        (DOCS_STYLESHEET, _served_joined(NAV_STYLESHEET, DOCS_STYLESHEET)),
        (NAV_STYLESHEET, _served(NAV_STYLESHEET, NAV_STYLESHEET.stat().st_mtime_ns)),
    ]
    return served + [(script, _served(script, script.stat().st_mtime_ns)) for script in THEME_SCRIPTS if script.is_file()]


def minify_theme_stylesheet(app: Sphinx) -> None:
    """Replace the theme's stylesheets and scripts Sphinx copied with what they serve
    (once a build: afterwards the sizes agree and this costs a few ``stat`` calls)."""
    from sphinx_tufte.theme import uses_theme  # the theme imports this module

    if app.builder.format != "html" or not uses_theme(app):
        return
    for source, data in theme_files():
        target = Path(app.builder.outdir) / "_static" / source.name
        try:
            if target.stat().st_size == len(data):
                continue
            # A user's own file of that name in html_static_path replaces the theme's: leave it.
            if target.read_bytes() != source.read_bytes():
                continue
            partial = target.with_name(f".{target.name}.{os.getpid()}")
            partial.write_bytes(data)
            partial.replace(target)
        except OSError:
            continue  # not copied (a failed copy is Sphinx's warning), or a parallel writer won


def _before_first_page(app: Sphinx, builder: Any) -> None:
    """Minify tufte.css when the first page of this build is about to be rendered (Sphinx
    copies it between ``write-started`` and the first page), and not for the pages after
    it: the checks cost more than a page's own handlers. Under ``-j`` the first page is
    written in the main process, before the workers fork."""
    listener = 0

    def first_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
        app.disconnect(listener)
        minify_theme_stylesheet(app)

    listener = app.connect("html-page-context", first_page, priority=100)


def _on_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None:
        minify_theme_stylesheet(app)


def on_builder_inited(app: Sphinx) -> None:
    from sphinx_tufte.theme import uses_theme  # the theme imports this module

    copy_static_files(app)
    if app.builder.format == "html" and not uses_theme(app):
        app.add_css_file(STYLESHEET)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", on_builder_inited)
