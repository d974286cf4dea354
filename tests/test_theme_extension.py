"""The theme alone is a look; the extension is listed in ``extensions`` (issue 11, 1).

Sphinx loads a theme's entry point after it has compared configurations, so the entry
point registers the theme only. These tests load the entry point that pyproject.toml
declares (not the one an older install left in site-packages).
"""

from __future__ import annotations

import tomllib
from importlib.metadata import EntryPoint

import pytest

from conftest import ROOT

MARKDOWN = {
    "index.md": "# Home\n\nText[^n].\n\n[^n]: A note.\n\n```{toctree}\nother\n```\n",
    "other.md": "# Other\n\nMore[^m].\n\n[^m]: Another note.\n",
}
THEME_ONLY = {
    "conf.py": 'project = "T"\nextensions = ["myst_parser"]\nhtml_theme = "tufte"\n',
} | MARKDOWN
WITH_EXTENSION = {
    "conf.py": 'project = "T"\nextensions = ["myst_parser", "sphinx_tufte"]\nhtml_theme = "tufte"\n',
} | MARKDOWN


def declared_entry_points() -> list[EntryPoint]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    themes = project["entry-points"]["sphinx.html_themes"]
    return [EntryPoint(name=name, value=value, group="sphinx.html_themes") for name, value in themes.items()]


@pytest.fixture(autouse=True)
def declared_theme_entry_point(monkeypatch):
    import sphinx.theming

    monkeypatch.setattr(sphinx.theming, "entry_points", lambda group: declared_entry_points())


def test_entry_point_is_the_theme_module_only():
    [entry_point] = declared_entry_points()
    assert (entry_point.name, entry_point.value) == ("tufte", "sphinx_tufte.theme")


def status(built) -> str:
    return built.app._status.getvalue()


def test_theme_only_project_warns_once_and_registers_no_config(build):
    first = build(THEME_ONLY)
    assert "sphinx_tufte" not in first.app.extensions
    assert not [value.name for value in first.app.config if value.name.startswith("tufte_")]
    [warning] = first.warning_lines()
    assert "conf.py:3: WARNING: the tufte theme is used without the sphinx_tufte extension" in warning
    assert "footnotes stay footnotes" in warning and 'extensions = ["sphinx_tufte"]' in warning
    assert warning.endswith("[tufte.extension]")
    # The look is there; the notes are footnotes.
    soup = first.soup()
    assert soup.select_one("main.tufte-page article.tufte-article")
    assert soup.select_one("aside.footnote-list, .footnote") and not soup.select(".sidenote")
    # No feeds, sitemap or cite blocks from choosing a look.
    assert not (first.outdir / "feed.xml").exists() and not (first.outdir / "sitemap.xml").exists()
    again = build(srcdir=first.srcdir, fresh=False)
    assert "configuration has changed" not in status(again)
    assert "no targets are out of date" in status(again)


def test_theme_only_warning_can_be_suppressed(build):
    conf = THEME_ONLY["conf.py"] + 'suppress_warnings = ["tufte.extension"]\n'
    built = build(THEME_ONLY | {"conf.py": conf})
    assert built.warning_lines() == []


def test_extension_project_rebuilds_without_config_change(build):
    first = build(WITH_EXTENSION)
    assert first.warning_lines() == []
    again = build(srcdir=first.srcdir, fresh=False)
    assert "configuration has changed" not in status(again)
    assert "no targets are out of date" in status(again)


@pytest.mark.parametrize("renderer", ["", 'html_math_renderer = "mathjax"\n'])
def test_dollarmath_project_rebuilds_without_config_change(build, renderer):
    """MyST-Parser's dollarmath edits the MathJax configuration after Sphinx compared it
    with the last build's (sphinx_tufte/upstream.py): a rebuild with no change must
    still find nothing to do, with the extension's math or with MathJax, and MathJax
    still gets MyST-Parser's class list."""
    conf = WITH_EXTENSION["conf.py"] + 'myst_enable_extensions = ["dollarmath"]\n' + renderer
    first = build(WITH_EXTENSION | {"conf.py": conf, "other.md": "# Other\n\nMath $x^2$.\n"})
    assert first.warning_lines() == []
    again = build(srcdir=first.srcdir, fresh=False)
    assert "configuration has changed" not in status(again)
    assert "no targets are out of date" in status(again)
    if renderer:
        assert "math|output_area" in first.text("other.html")


def test_changed_setting_reaches_incremental_build(build, tmp_path):
    first = build(WITH_EXTENSION)
    assert first.soup().select(".sidenote")
    incremental = build(srcdir=first.srcdir, fresh=False, confoverrides={"tufte_sidenotes": False})
    clean = build(WITH_EXTENSION, confoverrides={"tufte_sidenotes": False})
    for page in ("index.html", "other.html"):
        assert not incremental.soup(page).select(".sidenote")
        assert incremental.text(page) == clean.text(page)
