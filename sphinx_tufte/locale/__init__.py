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

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.locale import get_translation, get_translator

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


def setup(app: Sphinx) -> None:
    """Register the catalog (the theme's setup calls this: the theme alone translates
    its labels too). The ``.mo`` files are in ``LOCALE_DIR/<language>/LC_MESSAGES``."""
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
