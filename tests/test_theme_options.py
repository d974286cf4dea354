"""The theme's options as Sphinx merges them, and the page's scripts (issue 11, 5)."""

from __future__ import annotations

import pytest

from sphinx_tufte.theme import options as theme_options
from test_theme_extension import declared_theme_entry_point  # noqa: F401  (autouse fixture)

CHILD_THEME = {
    "conf.py": (
        'project = "T"\nextensions = ["myst_parser", "sphinx_tufte"]\n'
        'html_theme = "child"\nhtml_theme_path = ["_themes"]\n'
    ),
    "_themes/child/theme.toml": (
        '[theme]\ninherit = "tufte"\n\n[options]\nfont = "system"\ndark_toggle = false\n'
        'footer_text = "From the child theme"\n'
    ),
    "index.md": "# Home\n\nText.\n",
}


def test_child_theme_changes_a_default(build):
    built = build(CHILD_THEME)
    assert built.warning_lines() == []
    html = built.text("index.html")
    soup = built.soup()
    assert soup.select_one("article.tufte-article")  # still the tufte layout
    assert "@font-face" not in html  # font = "system"
    assert soup.select_one("button.color-scheme-toggle") is None
    assert "From the child theme" in soup.select_one("footer.site-footer").text


def test_user_option_wins_over_child_theme_default(build):
    built = build(CHILD_THEME, confoverrides={"html_theme_options": {"footer_text": "From conf.py"}})
    assert "From conf.py" in built.soup().select_one("footer.site-footer").text


def test_script_added_late_by_another_extension_survives(build):
    extension = (
        "def late(app, pagename, templatename, context, doctree):\n"
        "    app.add_js_file('late.js')\n"
        "def setup(app):\n"
        "    app.connect('html-page-context', late, priority=900)\n"
        "    return {'parallel_read_safe': True, 'parallel_write_safe': True}\n"
    )
    conf = 'import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\nproject = "T"\nextensions = ["myst_parser", "sphinx_tufte", "late_ext"]\nhtml_theme = "tufte"\n'
    built = build({"conf.py": conf, "late_ext.py": extension, "index.md": "# Home\n\nText.\n", "_static/late.js": "// late\n"})
    scripts = [s["src"].split("?")[0] for s in built.soup().find_all("script", src=True)]
    assert "_static/late.js" in scripts
    assert "_static/sphinx_highlight.js" in scripts


def test_css_variables_options_are_applied(build):
    built = build(
        {"index.md": "# Home\n\nText.\n"},
        confoverrides={
            "html_theme_options": {
                "light_css_variables": {"--tufte-bg": "#ffffff", "--tufte-font-size": "1.2rem"},
                "dark_css_variables": {"--tufte-bg": "rgb(10 10 10)"},
            }
        },
    )
    assert built.warning_lines() == []
    style = next(s.text for s in built.soup().head.find_all("style") if "--tufte-bg" in s.text)
    assert "--tufte-bg-light: #ffffff;" in style
    assert "--tufte-bg-dark: rgb(10 10 10);" in style
    assert "--tufte-font-size: 1.2rem;" in style


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("light_css_variables", "red", "'light_css_variables' must be a dict"),
        ("light_css_variables", {"bg": "red"}, "key 'bg' is not a custom property named like '--tufte-bg'"),
        ("light_css_variables", {"--tufte-bg": "red}</style><script>alert(1)</script>"}, "is not a CSS colour"),
        ("light_css_variables", {"--tufte-font-size": "1rem; color: red"}, "is not a CSS colour or length"),
        ("dark_css_variables", {"--tufte-font-size": "2rem"}, "has one value in both schemes"),
        ("dark_css_variables", {"--tufte-bg": "12px"}, "is not a CSS colour"),
    ],
)
def test_bad_css_variables_warn_once_and_are_dropped(build, option, value, message):
    built = build(
        {"index.md": "# Home\n\n```{toctree}\nother\n```\n", "other.md": "# Other\n\nText.\n"},
        confoverrides={"html_theme_options": {option: value}},
    )
    [warning] = built.warning_lines()  # once per build, not once per page
    assert message in warning and warning.endswith("[tufte.theme_option]")
    for page in ("index.html", "other.html"):
        html = built.text(page)
        assert "alert(1)" not in html and "color: red" not in html


def test_clean_keeps_only_safe_values():
    options = theme_options.clean({"light_css_variables": {"--tufte-accent": "#123", "--tufte-x": "</style>"}}, frozenset({"--tufte-accent"}))
    assert options.light_css_variables == (("--tufte-accent", "#123"),)
    assert theme_options.palette_rule(options, frozenset({"--tufte-accent"})) == ":root { --tufte-accent-light: #123; }"
