"""Bring the package's message catalogs up to date with its sources.

    python tools/update_catalogs.py

extracts every marked word (Python's ``_()`` and the templates' ``_()`` and
``{% trans %}``) into ``sphinx_tufte/locale/sphinx-tufte.pot``, updates each
language's ``.po`` file from it (new words untranslated, words no longer used dropped)
and compiles the ``.mo`` files Sphinx reads. Words that Sphinx's own catalog already has
("Search", "Last updated on ...") are left out: the templates get them from Sphinx,
translated by its translators. Babel comes with Sphinx; nothing else is needed.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sphinx_tufte"
sys.path.insert(0, str(ROOT))

from sphinx_tufte.locale import CATALOG, LOCALE_DIR  # noqa: E402

LANGUAGES = ("de", "fr", "es", "ja", "zh_CN")
METHODS = [
    ("locale/**", "ignore"),
    ("scaffold/**", "ignore"),
    ("**.py", "python"),
    ("themes/**.html", "jinja2.ext:babel_extract"),
]
KEYWORDS = {"_": None, "gettext": None}
HEADER = "# The words sphinx-tufte writes on pages (%(language)s).\n# Made by tools/update_catalogs.py; translations edited by hand."


def _sphinx_messages() -> set[str]:
    import sphinx

    with (Path(sphinx.__file__).parent / "locale" / "sphinx.pot").open("rb") as file:
        return {message.id for message in read_po(file) if isinstance(message.id, str)}


def _named_by_variable() -> Iterator[tuple[str, str]]:
    """Words the templates translate from a variable (``_(link.label)``), so no
    extractor sees them at the call."""
    from sphinx_tufte.theme.nav_links import DEFAULT_POST_LINKS

    for label, _target in DEFAULT_POST_LINKS:
        yield label, "sphinx_tufte/theme/nav_links.py"


def extract() -> dict[str, list[str]]:
    """Each message of the package, with the files that use it."""
    found: dict[str, list[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        PACKAGE, METHODS, keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True
    ):
        if isinstance(message, str):
            found.setdefault(message, []).append(f"sphinx_tufte/{filename}")
    for message, where in _named_by_variable():
        found.setdefault(message, []).append(where)
    sphinx_has = _sphinx_messages()
    return {message: sorted(set(files)) for message, files in found.items() if message not in sphinx_has}


def template() -> Catalog:
    catalog = Catalog(project="sphinx-tufte", fuzzy=False, header_comment=HEADER % {"language": "template"})
    for message, files in sorted(extract().items()):
        catalog.add(message, locations=[(name, None) for name in files])
    return catalog


def _write(catalog: Catalog, path: Path) -> None:
    with path.open("wb") as file:
        # No dates: the files change only when a word does.
        write_po(file, catalog, width=0, omit_header=False, include_lineno=False, no_location=False, sort_output=True)


def update() -> None:
    pot = template()
    _write(pot, LOCALE_DIR / f"{CATALOG}.pot")
    for language in LANGUAGES:
        folder = LOCALE_DIR / language / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        po_path = folder / f"{CATALOG}.po"
        if po_path.exists():
            with po_path.open("rb") as file:
                catalog = read_po(file, locale=language)
        else:
            catalog = Catalog(locale=language, project="sphinx-tufte")
        catalog.update(pot, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False
        catalog.header_comment = HEADER % {"language": language}
        _write(catalog, po_path)
        untranslated = [m.id for m in catalog if m.id and not m.string]
        for message in untranslated:
            print(f"{language}: untranslated: {message!r}")
        with (folder / f"{CATALOG}.mo").open("wb") as file:
            write_mo(file, catalog)


if __name__ == "__main__":
    update()
