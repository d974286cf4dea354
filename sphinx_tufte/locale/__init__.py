"""The package's own words in the reader's ``language``: one gettext catalog,
``sphinx-tufte``, registered with Sphinx's translation machinery.

Python code marks a word with this module's :data:`_`. Templates keep Sphinx's
``_()`` and ``{% trans %}``, but Sphinx's template loader only installs the ``sphinx``
catalog, so :func:`template_gettext` hands each page of the theme a ``gettext`` that
looks in this catalog first and in Sphinx's after it: the words Sphinx already
translates ("Search", "Last updated on ...") stay Sphinx's, and the catalogs here
leave them out (``tools/update_catalogs.py`` makes them).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.locale import get_translation, get_translator, init_console
from sphinx.locale import init as init_locale
from sphinx.util.i18n import CatalogRepository

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CATALOG = "sphinx-tufte"
LOCALE_DIR = Path(__file__).parent

#: Marks and translates a word of the package (lazily, when used at import time).
_ = get_translation(CATALOG)


def gettext(message: str) -> str:
    """``message`` from this package's catalog, else from Sphinx's, else as it is."""
    ours = get_translator(CATALOG).gettext(message)
    if ours != message:
        return ours
    return get_translator().gettext(message)


def template_gettext() -> dict[str, Any]:
    """What a page's context needs for its templates to look in this catalog:
    Jinja's ``_`` and ``{% trans %}`` both call the context's ``gettext``."""
    return {"gettext": gettext, "_": gettext}


def year_text(year: int, language: str | None) -> str:
    """A year as ``language`` writes it alone, as a heading ("2024", "2024年",
    "2024년"): Babel's skeleton for a bare year, which Sphinx's dates also come from.
    A language Babel does not know writes the digits."""
    from babel.core import UnknownLocaleError
    from babel.dates import format_skeleton

    try:
        return str(format_skeleton("y", dt.date(year, 1, 1), locale=language or "en"))
    except (UnknownLocaleError, ValueError, TypeError):
        return str(year)


def project_locale_dirs(app: Sphinx) -> list[str]:
    """The project's ``locale_dirs`` that hold a catalog for its ``language``, with
    their ``sphinx-tufte.po`` compiled when it is newer than its ``.mo``: what Sphinx
    does for a project's ``sphinx.po`` before it reads Sphinx's words."""
    config = app.config
    if not config.language or not config.locale_dirs:
        return []
    repo = CatalogRepository(app.srcdir, config.locale_dirs, config.language, config.source_encoding)
    if config.gettext_auto_build:
        for catalog in repo.catalogs:
            if catalog.domain == CATALOG and catalog.is_outdated():
                catalog.write_mo(config.language, config.gettext_allow_fuzzy_translations)
    return [str(folder) for folder in repo.locale_dirs]


def setup(app: Sphinx) -> None:
    """Register the catalog (the theme's setup calls this: the theme alone translates
    its labels too). The ``.mo`` files are in ``LOCALE_DIR/<language>/LC_MESSAGES``.

    A project's own ``sphinx-tufte`` catalog in its ``locale_dirs`` comes first, so its
    words override the package's, as a project's ``sphinx.po`` overrides Sphinx's; the
    package's catalog still gives every word the project's leaves out."""
    # sphinx.locale.init looks in the folders in order, the first found the primary
    # translation and the others its fallbacks (Application.add_message_catalog is
    # init with one folder).
    init_locale([*project_locale_dirs(app), str(LOCALE_DIR)], app.config.language, CATALOG)
    init_console(str(LOCALE_DIR), CATALOG)
