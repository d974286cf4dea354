"""Code blocks: colours with AA contrast in both schemes, captions, line numbers,
emphasized lines, full width, long lines, and sphinx-copybutton beside the theme."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from conftest import MYST_CONF, describe_violations
from pygments.token import STANDARD_TYPES

from sphinx_tufte.pygments_styles import TufteDarkStyle, TufteLightStyle

PAGE_BG = {"light": "#fffff8", "dark": "#151513"}
CODE_BG = {"light": "#f4f3ea", "dark": "#21211e"}
STYLES = {"light": TufteLightStyle, "dark": TufteDarkStyle}

MYST_PAGE = '''
# Code

A short block:

```python
def f(x):
    # a comment
    return x ** 2  # squared
```

```{code-block} python
:caption: Training loop in `train.py`
:linenos:
:emphasize-lines: 2,3

def train(model, data, epochs=10, learning_rate=0.001, weight_decay=0.0001, verbose=True, callbacks=None):
    """Train the model."""
    for epoch in range(epochs):  # loop
        loss = model.step(data) + 42 * 1.5
        print(f"epoch {epoch}: {loss:.3f}")
    return model
```

```{code-block} python
:class: fullwidth

x = [i ** 2 for i in range(1000) if i % 3 == 0 and i % 5 != 0]  # a long list comprehension that goes on
```

```console
$ pip install sphinx-tufte
Successfully installed sphinx-tufte-0.1.0
```

```diff
- old line
+ new line
```

Inline `code` too.
'''

RST_PAGE = """
Code
====

.. code-block:: python
   :caption: A caption
   :linenos:
   :emphasize-lines: 2

   import math
   print(math.pi)  # 3.14159

.. literalinclude:: snippet.py
   :language: python
   :lines: 1-2
"""


def _luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_token_meets_aa_on_its_backgrounds(scheme):
    style = STYLES[scheme]
    assert style.background_color == CODE_BG[scheme]
    checked = 0
    for token in STANDARD_TYPES:
        colour = style.style_for_token(token)["color"]
        if not colour:
            continue
        for background in (style.background_color, style.highlight_color, PAGE_BG[scheme]):
            ratio = contrast("#" + colour, background)
            assert ratio >= 4.5, f"{token} #{colour} on {background}: {ratio:.2f}"
        checked += 1
    assert checked > 40
    for background in (style.background_color, PAGE_BG[scheme]):
        assert contrast(style.line_number_color, background) >= 4.5
    assert contrast(style.line_number_special_color, style.line_number_special_background_color) >= 4.5


def token_rules(css: str) -> dict[str, str]:
    """Each selector of a flat stylesheet with its declarations."""
    return {sel.strip(): body for sels, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css) for sel in sels.split(",")}


def test_theme_uses_the_styles(shared_build):
    built = shared_build({"index.md": MYST_PAGE})
    assert built.warning_lines() == []
    # One highlighting stylesheet: each token rule with both schemes' colours, written
    # once (issue 13: the dark style had been written twice, scoped).
    light, _, dark = built.text("_static/pygments.css").partition("for dark pages")
    # Minified in the output (issue 13), each colour written once for all its tokens.
    rules = token_rules(dark)
    assert rules[".highlight .c"].startswith("color:light-dark(#5F5C52,#A9A69B)")
    assert rules[".highlight .k"] == "color:light-dark(#7A1C1C,#F0A8A0)"
    assert rules[".highlight .kc"] == rules[".highlight .k"]  # one rule of both selectors
    assert dark.count("light-dark(#7A1C1C,#F0A8A0)") == 1
    assert ':root[data-theme="dark"] .highlight{background:#21211e' in dark  # the block's own
    # The code rules (line numbers, copy button) are the directives' rules, which the
    # theme serves in its tufte.css.
    assert "_static/tufte.css" in built.text("index.html")
    assert ".highlight button.copybtn" in built.text("_static/tufte.css")


def test_myst_code_features(shared_build):
    built = shared_build({"index.md": MYST_PAGE})
    soup = built.soup("index.html")
    caption = soup.select_one(".code-block-caption .caption-text")
    assert caption is not None and "Training loop" in caption.get_text()
    assert caption.find("code") is not None
    wrapper = caption.find_parent("div", class_="literal-block-wrapper")
    assert len(wrapper.select(".linenos")) == 6
    assert len(wrapper.select(".hll")) == 2
    assert soup.select_one("div.fullwidth.highlight-python") is not None


def test_rest_code_features(build):
    built = build({"conf.py": "extensions = ['sphinx_tufte']\nhtml_theme = 'tufte'\n", "index.rst": RST_PAGE, "snippet.py": "a = 1\nb = 2\nc = 3\n"})
    assert built.warning_lines() == []
    soup = built.soup("index.html")
    assert soup.select_one(".code-block-caption").get_text().startswith("A caption")
    assert len(soup.select(".linenos")) == 2
    assert len(soup.select(".hll")) == 1
    assert "c = 3" not in soup.get_text()


# ---- in the browser ---------------------------------------------------------------


@pytest.fixture(scope="module")
def code_site(shared_build):
    built = shared_build({"index.md": MYST_PAGE})
    assert "WARNING" not in built.warnings, built.warnings
    return built.outdir


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_code_axe_clean_with_contrast(code_site, open_page, axe, scheme):
    opened = open_page(code_site, "index.html", width=1400, scheme=scheme)
    page = opened.page
    violations = axe(page)
    assert violations == [], describe_violations(violations)
    # The dark palette is really in use on dark pages (not the light one).
    colour = page.evaluate("getComputedStyle(document.querySelector('.highlight .k')).color")
    assert colour == ("rgb(122, 28, 28)" if scheme == "light" else "rgb(240, 168, 160)")
    shots = Path(__file__).parent / "_screenshots"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / f"code-1400-{scheme}.png"), full_page=True)


@pytest.mark.browser
def test_chosen_dark_scheme_colours_code(code_site, open_page):
    page = open_page(code_site, "index.html", width=1400, scheme="light").page
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    colour = page.evaluate("getComputedStyle(document.querySelector('.highlight .k')).color")
    assert colour == "rgb(240, 168, 160)"


@pytest.mark.browser
def test_long_lines_scroll_and_fullwidth_spans_the_margin(code_site, open_page):
    page = open_page(code_site, "index.html", width=1400).page
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400
    column = page.locator("article p").first.bounding_box()
    normal = page.locator("div.highlight-python:not(.fullwidth)").first.bounding_box()
    wide = page.locator("div.fullwidth.highlight-python").bounding_box()
    assert abs(normal["width"] - column["width"]) < 2
    # Text column plus the margin: well past the column's right edge.
    assert wide["x"] + wide["width"] > column["x"] + column["width"] + 200
    scroll = page.locator(".literal-block-wrapper pre").evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert scroll[0] > scroll[1]
    # Line numbers are not part of a selection of the code.
    assert page.evaluate("getComputedStyle(document.querySelector('.linenos')).userSelect") == "none"


@pytest.mark.browser
def test_narrow_code_scrolls_inside_the_page(code_site, open_page):
    page = open_page(code_site, "index.html", width=375).page
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.vnu
def test_code_page_nu_clean(code_site, vnu):
    assert vnu([code_site / "index.html"]) == []


# ---- sphinx-copybutton --------------------------------------------------------------

needs_copybutton = pytest.mark.skipif(
    importlib.util.find_spec("sphinx_copybutton") is None, reason="sphinx-copybutton is not installed"
)


@needs_copybutton
@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_copybutton_coexists(shared_build, open_page, axe, scheme):
    conf = MYST_CONF.replace('extensions = ["myst_parser", "sphinx_tufte"]', 'extensions = ["myst_parser", "sphinx_tufte", "sphinx_copybutton"]')
    built = shared_build({"conf.py": conf, "index.md": MYST_PAGE})
    assert built.warning_lines() == []
    opened = open_page(built.outdir, "index.html", width=1400, scheme=scheme)
    page = opened.page
    assert opened.console_errors == []
    blocks = page.locator("div.highlight").count()
    assert page.locator("div.highlight button.copybtn").count() == blocks
    # The button sits inside its code box, top right, and shows on keyboard focus.
    block = page.locator("div.highlight").first.bounding_box()
    page.locator("div.highlight button.copybtn").first.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    page.wait_for_timeout(400)  # copybutton fades the button in
    button = page.locator("div.highlight button.copybtn").first
    box = button.bounding_box()
    assert block["x"] < box["x"] and box["x"] + box["width"] <= block["x"] + block["width"] + 1
    assert block["y"] <= box["y"] < block["y"] + 30
    assert float(button.evaluate("e => getComputedStyle(e).opacity")) > 0.9
    violations = axe(page)
    assert violations == [], describe_violations(violations)
    # Copying takes the code without the prompt or line numbers.
    opened.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("def f(x):")


def test_formatters_sharing_a_style_table_highlight_as_pygments_does():
    """Every code block gets its own formatter, which now reuses its style's token table:
    alternating styles and class prefixes, each block and each style's rules must still
    come out as Pygments writes them (a table kept for the wrong style would show in the
    rules, a wrong prefix in the classes)."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    from sphinx_tufte.code import TufteHtmlFormatter

    source = "def f(x):\n    # a comment\n    return 'x' * 2\n"
    for style in (TufteLightStyle, TufteDarkStyle, TufteLightStyle, "default", TufteDarkStyle):
        for options in ({}, {"classprefix": "tk-"}):
            plain, ours = HtmlFormatter(style=style, **options), TufteHtmlFormatter(style=style, tab_stop=False, **options)
            assert highlight(source, PythonLexer(), ours) == highlight(source, PythonLexer(), plain), (style, options)
            assert ours.get_token_style_defs(".highlight") == plain.get_token_style_defs(".highlight"), (style, options)
