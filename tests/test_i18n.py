"""Every word the package writes, in the project's ``language``: the labels of the
theme's templates, the generated post pages, the notes, the cite block and the feeds
come from the ``sphinx-tufte`` catalog, and dates are written the language's way."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from sphinx_tufte.locale import CATALOG, LOCALE_DIR

LANGUAGES = ("de", "fr", "es", "ja", "zh_CN")

CONF = """
project = "Notizen"
author = "Jane Doe"
html_theme = "tufte"
extensions = ["myst_parser", "sphinx_tufte"]
html_baseurl = "https://example.org/"
suppress_warnings = ["tufte.baseurl_placeholder"]
html_last_updated_fmt = "%B %Y"
html_theme_options = {"navigation": "docs", "repository_url": "https://github.com/me/notes"}
"""

SITE = {
    "conf.py": CONF,
    "index.md": (
        "# Home\n\nA margin note.{marginnote}`Beside.`\n\n"
        "```{toctree}\nguide/index\nposts/first\nposts/second\n```\n"
    ),
    "guide/index.md": "# Guide\n\n```{toctree}\ninstall\nusage\n```\n",
    "guide/install.md": "# Install\n\n## Download\n\nText.\n\n## Unpack\n\nText.\n",
    "guide/usage.md": "# Usage\n\nText.\n",
    "posts/first.md": "---\ndate: 2024-01-05\ntags: [python]\n---\n# First\n\nText.\n",
    "posts/second.md": (
        "---\ndate: 2024-03-09\nupdated: 2024-05-02\ntags: [python, sphinx]\n---\n# Second\n\nText.[^1]\n\n[^1]: A note.\n"
    ),
}


def _site(shared_build, language: str, files: dict[str, str] | None = None):
    built = shared_build(files or SITE, confoverrides={"language": language})
    assert built.statuscode == 0
    assert built.warning_lines() == []
    return built


def _text(soup, selector: str) -> str:
    element = soup.select_one(selector)
    assert element is not None, selector
    return " ".join(element.get_text().split())


def test_german_labels(shared_build):
    built = _site(shared_build, "de")
    post = built.soup("posts/second.html")
    assert _text(post, "a.skip-link") == "Zum Inhalt springen"
    assert _text(post, "button.color-scheme-toggle") == "Dunkel"
    assert _text(post, "p.post-tags").startswith("Schlagwörter:")
    assert _text(post, ".post-nav-older .post-nav-label") == "Älter"
    assert post.select_one("nav.post-nav")["aria-label"] == "Weitere Beiträge"
    assert _text(post, "p.post-meta") == "9. März 2024, aktualisiert 2. Mai 2024"
    assert _text(post, ".tufte-cite h2") == "Diesen Beitrag zitieren"
    assert post.select_one("form.site-search")["aria-label"] == "Website durchsuchen"
    # A word Sphinx already translates stays Sphinx's.
    assert post.select_one("form.site-search input")["placeholder"] == "Suche"
    first = built.soup("posts/first.html")
    assert _text(first, ".post-nav-newer .post-nav-label") == "Neuer"


def test_german_docs_navigation_and_notes(shared_build):
    built = _site(shared_build, "de")
    page = built.soup("guide/install.html")
    assert _text(page, ".page-toc-title") == "Auf dieser Seite"
    assert _text(page, ".page-nav-prev .page-nav-label") == "Zurück"
    assert _text(page, ".page-nav-next .page-nav-label") == "Weiter"
    assert page.select_one("nav.breadcrumbs")["aria-label"] == "Brotkrümelnavigation"
    assert _text(page, "details.site-menu summary") == "Menü"
    assert _text(page, "a.edit-link") == "Diese Seite bearbeiten"
    # html_last_updated_fmt: Sphinx's sentence and Babel's month.
    assert _text(page, ".last-updated").startswith("Zuletzt aktualisiert am")
    home = built.soup("index.html")
    assert home.select_one("span.marginnote")["aria-label"] == "Randnotiz"
    assert home.select_one(".sidenote, .marginnote") is not None


def test_german_post_pages(shared_build):
    built = _site(shared_build, "de")
    archive = built.soup("archive.html")
    assert _text(archive, "h1") == "Archiv"
    assert archive.title.get_text().startswith("Archiv")
    dates = [" ".join(t.get_text().split()) for t in archive.select("time")]
    assert dates == ["9. März 2024", "5. Januar 2024"]
    assert _text(built.soup("tags/index.html"), "h1") == "Schlagwörter"
    tag = built.soup("tags/python.html")
    assert _text(tag, "h1") == "Beiträge mit dem Schlagwort „python“"
    assert "Alle Schlagwörter" in _text(tag, ".tufte-generated-nav")
    assert _text(archive, "footer nav.tufte-site-pages").startswith("Archiv Schlagwörter")
    from lxml import etree

    feed = etree.parse(str(built.outdir / "tags" / "python.xml"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.findtext("a:subtitle", namespaces=ns).startswith("Beiträge mit dem Schlagwort python")


def test_japanese(shared_build):
    built = _site(shared_build, "ja")
    post = built.soup("posts/second.html")
    assert _text(post, "a.skip-link") == "本文へスキップ"
    assert _text(post, "p.post-meta") == "2024年3月9日、更新 2024年5月2日"
    assert _text(post, ".tufte-cite h2") == "この記事を引用"
    assert _text(built.soup("archive.html"), "h1") == "アーカイブ"


@pytest.mark.parametrize(("language", "year"), [("ja", "2024年"), ("zh_CN", "2024年"), ("de", "2024"), ("en", "2024")])
def test_archive_years_are_written_the_languages_way(shared_build, language, year):
    heading = _site(shared_build, language).soup("archive.html").select_one(".tufte-archive-year h2")
    assert heading.get_text() == year
    assert heading["id"] == "year-2024"  # the address stays the same in every language


def test_english_is_unchanged(shared_build):
    built = _site(shared_build, "en")
    post = built.soup("posts/second.html")
    assert _text(post, "a.skip-link") == "Skip to content"
    assert _text(post, "button.color-scheme-toggle") == "Dark"
    assert _text(post, "p.post-meta") == "March 9, 2024, updated May 2, 2024"
    assert _text(post, ".tufte-cite h2") == "Cite this post"
    assert _text(built.soup("tags/python.html"), "h1") == "Posts tagged “python”"
    assert _text(built.soup("archive.html"), "h1") == "Archive"
    footer = built.soup("index.html").select_one("footer.site-footer")
    assert "Made with Sphinx" in " ".join(footer.get_text(" ").split())
    assert "and sphinx-tufte." in footer.get_text()


def test_the_theme_alone_translates_its_labels(shared_build):
    files = {
        "conf.py": 'project = "P"\nhtml_theme = "tufte"\nsuppress_warnings = ["tufte.extension"]\n',
        "index.rst": "Home\n====\n\n.. toctree::\n\n   one\n",
        "one.rst": "One\n===\n\nA\n-\n\nB\n-\n",
    }
    built = _site(shared_build, "fr", files)
    page = built.soup("one.html")
    assert _text(page, "a.skip-link") == "Aller au contenu"
    assert _text(page, "button.color-scheme-toggle") == "Sombre"


# ---- the catalogs -------------------------------------------------------------------


def _template():
    with (LOCALE_DIR / f"{CATALOG}.pot").open("rb") as file:
        return read_po(file)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    ids = {message.id for message in _template() if message.id}
    assert len(ids) > 20
    with (LOCALE_DIR / language / "LC_MESSAGES" / f"{CATALOG}.po").open("rb") as file:
        catalog = read_po(file, locale=language)
    missing = sorted(i for i in ids if not (catalog.get(i) and catalog.get(i).string and not catalog.get(i).fuzzy))
    assert missing == []
    extra = sorted(m.id for m in catalog if m.id and m.id not in ids)
    assert extra == [], "messages the sources no longer use"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogs_are_up_to_date(language):
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    with (folder / f"{CATALOG}.po").open("rb") as file:
        source = {m.id: m.string for m in read_po(file, locale=language) if m.id}
    with (folder / f"{CATALOG}.mo").open("rb") as file:
        compiled = {m.id: m.string for m in read_mo(file) if m.id}
    assert compiled == source
    # And gettext reads it.
    translation = gettext.translation(CATALOG, str(LOCALE_DIR), languages=[language])
    assert translation.gettext("Skip to content") != "Skip to content"


def test_the_template_is_up_to_date():
    """The .pot is what tools/update_catalogs.py extracts from the sources now."""
    import importlib.util

    script = Path(__file__).parent.parent / "tools" / "update_catalogs.py"
    spec = importlib.util.spec_from_file_location("update_catalogs", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert sorted(module.extract()) == sorted(m.id for m in _template() if m.id)


def test_changing_language_rewrites_the_generated_pages(build):
    """The generated pages are written again only when what they are made of changes;
    a new language changes their dates, so all of them are written again."""
    files = dict(SITE)
    files["conf.py"] = CONF + 'language = "en"\n'
    first = build(files)
    assert first.soup("archive.html").select_one("form.site-search input")["placeholder"] == "Search"
    conf = first.srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace('language = "en"', 'language = "pt"'), encoding="utf-8")
    again = build(srcdir=first.srcdir, fresh=False)
    # No catalog of the package for Portuguese: its words stay English (the titles
    # too), Sphinx's are Portuguese.
    assert _text(again.soup("archive.html"), "h1") == "Archive"
    assert again.soup("archive.html").select_one("form.site-search input")["placeholder"] == "Pesquisar"


# ---- a project's own translations ---------------------------------------------------------

PROJECT_PO = r'''
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: {language}\n"

msgid "Skip to content"
msgstr "{skip}"

msgid "On this page"
msgstr "{toc}"
'''


@pytest.mark.parametrize(
    ("language", "skip", "toc", "dark"),
    [("de", "Direkt zum Text", "Inhalt der Seite", "Dunkel"), ("pt_BR", "Pular para o conteúdo", "Nesta página", "Dark")],
)
def test_a_projects_catalog_overrides_the_themes_words(build, language, skip, toc, dark):
    """As a project's sphinx.po overrides Sphinx's words: the project's sphinx-tufte.po
    in its locale_dirs wins, the theme's catalog gives the rest (German here), and
    Sphinx compiles it (gettext_auto_build, on by default)."""
    po = PROJECT_PO.format(language=language, skip=skip, toc=toc)
    files = {**SITE, "conf.py": CONF + 'locale_dirs = ["locales"]\n', f"locales/{language}/LC_MESSAGES/{CATALOG}.po": po}
    built = build(files, confoverrides={"language": language})
    assert built.warning_lines() == [], built.warnings
    assert (built.srcdir / f"locales/{language}/LC_MESSAGES/{CATALOG}.mo").is_file()
    page = built.soup("guide/install.html")
    assert _text(page, "a.skip-link") == skip
    assert _text(page, ".page-toc-title") == toc
    assert _text(page, "button.color-scheme-toggle") == dark
