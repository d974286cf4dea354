"""What a post costs a reader (issue 13): the stylesheets reach the output minified,
mean exactly what their sources mean, and a typical post stays within 150 KB."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest
import sphinx
from pygments.formatters import HtmlFormatter

from conftest import ROOT, benchmark_script
from test_math_font import _fonts_of
from sphinx_tufte.code import DEFAULT_DARK_STYLE, style_defs
from sphinx_tufte.pygments_styles import TufteLightStyle
from sphinx_tufte.theme import scripts
from sphinx_tufte.theme.minify import minify

THEME_CSS = ROOT / "sphinx_tufte/themes/tufte/static/tufte.css"
DIRECTIVES_CSS = ROOT / "sphinx_tufte/static/tufte-directives.css"
DOCS_CSS = ROOT / "sphinx_tufte/themes/tufte/static/tufte-docs.css"
NAV_CSS = ROOT / "sphinx_tufte/themes/tufte/static/tufte-nav.css"


def _theme_css_served() -> str:
    """What the output's tufte.css serves under the theme: its rules, then the directives'."""
    return THEME_CSS.read_text(encoding="utf-8") + "\n" + DIRECTIVES_CSS.read_text(encoding="utf-8")


def _docs_css_served() -> str:
    """What the output's tufte-docs.css serves: the navigation's rules, then the content's."""
    return NAV_CSS.read_text(encoding="utf-8") + "\n" + DOCS_CSS.read_text(encoding="utf-8")

# ---- the minifier ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a  {\n  color : red ;\n}\n", "a{color :red}"),
        ("/* gone */ p { margin: 0; } /* gone */", "p{margin:0}"),
        ("/*! kept */\np { x: y }", "/*! kept */p{x:y}"),
        # Strings and what looks like a comment inside them.
        ('p::before { content: "/* not  a comment */  ;}"; }', 'p::before{content:"/* not  a comment */  ;}"}'),
        ("q { quotes: '\\201C' '\\201D'; }", "q{quotes:'\\201C' '\\201D'}"),
        ('p { content: "a \\" b"; }', 'p{content:"a \\" b"}'),
        # url(), quoted and not.
        ("a { background: url( img/a b.png ) no-repeat; }", "a{background:url(img/a b.png) no-repeat}"),
        ('@font-face { src: url("f.woff2") format("woff2"); }', '@font-face{src:url("f.woff2") format("woff2")}'),
        # calc() needs its spaces around + and -.
        ("a { width: calc(100% - 2 * var(--x) + 1px); }", "a{width:calc(100% - 2 * var(--x) + 1px)}"),
        # A space before ":" or "(" can be a descendant or a media query's "and (".
        ("article :is(h2, h3) :first-child { x: y; }", "article :is(h2,h3) :first-child{x:y}"),
        ("@media screen and (min-width: 760px) { a { x: y; } }", "@media screen and (min-width:760px){a{x:y}}"),
        ("a > b ~ c + d { x: y; }", "a>b~c + d{x:y}"),
        # Escapes keep the character they escape, a space too.
        (".a\\:b .c\\ d { x: y; }", ".a\\:b .c\\ d{x:y}"),
        # Custom properties keep their value's spaces, and an empty one its space.
        (":root { --a: 1px ,  2px; --b: ; --c:  x; }", ":root{--a:1px , 2px;--b: ;--c:x}"),
        ("a { x: y !important; }", "a{x:y !important}"),
        ("", ""),
    ],
)
def test_minify(source, expected):
    assert minify(source) == expected


def test_minify_is_idempotent_on_the_package_stylesheets():
    for path in (THEME_CSS, DIRECTIVES_CSS, DOCS_CSS):
        once = minify(path.read_text(encoding="utf-8"))
        assert minify(once) == once
        # Only comments and layout go: a third of the bytes or more.
        assert len(once) < 0.7 * path.stat().st_size, path.name


# ---- the output -----------------------------------------------------------------------

CONF = """
project = "Test Site"
html_theme = "tufte"
extensions = ["myst_parser", "sphinx_tufte"]
author = "A. Writer"
html_baseurl = "https://example.org/"
suppress_warnings = ["tufte.baseurl_placeholder"]
"""

POST = {
    "conf.py": CONF,
    "index.md": """
        ---
        date: 2025-01-01
        ---
        # A post

        Text with a note[^n], `code` and no math.

        [^n]: The note.

        ```python
        x = 1  # a comment
        ```
        """,
}


def test_output_stylesheets_are_the_sources_minified(shared_build):
    built = shared_build(POST)
    assert built.warning_lines() == []
    static = built.outdir / "_static"
    assert (static / "tufte.css").read_text(encoding="utf-8") == minify(_theme_css_served())
    assert (static / "tufte-docs.css").read_text(encoding="utf-8") == minify(_docs_css_served())
    assert (static / "tufte-nav.css").read_text(encoding="utf-8") == minify(NAV_CSS.read_text(encoding="utf-8"))
    assert (static / "tufte-directives.css").read_text(encoding="utf-8") == minify(DIRECTIVES_CSS.read_text(encoding="utf-8"))
    pygments = (static / "pygments.css").read_text(encoding="utf-8")
    assert "\n" not in pygments.strip() and "/* " not in pygments
    assert "/*! sphinx-tufte: Pygments style" in pygments  # where the dark rules start


@pytest.mark.parametrize("parallel", [0, 2])
def test_checksums_are_of_the_minified_files(shared_build, parallel):
    """The ``?v=`` of each stylesheet is Sphinx's checksum of the file the output holds:
    the theme's tufte.css was minified before the first page was written (also when
    the pages are written by two processes)."""
    pages = {f"page{i}.md": f"# Page {i}\n\nText.\n" for i in range(6)}
    index = "# Home\n\n```{toctree}\n:glob:\n\npage*\n```\n"
    built = shared_build({"conf.py": CONF, "index.md": index, **pages}, parallel=parallel)
    assert built.warning_lines() == []
    for page in ("index.html", "page5.html", "genindex.html"):
        links = built.soup(page).select("link[rel=stylesheet]")
        # Six pages make documentation navigation: tufte.css and tufte-docs.css (the
        # visible toctree, and the index with no doctree) or tufte-nav.css (a page of
        # words); no code, so no pygments.css, but on the index.
        assert len(links) == (3 if page == "genindex.html" else 2)
        for link in links:
            name, _, version = link["href"].partition("?v=")
            data = (built.outdir / name).read_bytes()
            assert version == f"{zlib.crc32(data):08x}", (page, name)


def test_an_incremental_build_keeps_the_minified_theme_stylesheet(build):
    first = build(POST)
    minified = (first.outdir / "_static/tufte.css").read_bytes()
    again = build(srcdir=first.srcdir, fresh=False)
    assert "WARNING" not in again.warnings
    # Sphinx copied the theme's static files again; the extension minified them again.
    assert (again.outdir / "_static/tufte.css").read_bytes() == minified


def test_the_theme_alone_also_gets_minified_stylesheets(build):
    conf = 'project = "T"\nhtml_theme = "tufte"\nextensions = ["myst_parser"]\nsuppress_warnings = ["tufte.extension"]\n'
    built = build({"conf.py": conf, "index.md": "# T\n\nText.\n"})
    assert "WARNING" not in built.warnings
    static = built.outdir / "_static"
    assert (static / "tufte.css").read_text(encoding="utf-8") == minify(_theme_css_served())
    assert (static / "tufte-docs.css").read_text(encoding="utf-8") == minify(_docs_css_served())
    assert (static / "tufte-nav.css").read_text(encoding="utf-8") == minify(NAV_CSS.read_text(encoding="utf-8"))


def test_a_projects_own_tufte_css_is_left_as_written(build):
    own = "/* the project's own */\nbody { color: red; }\n"
    built = build(POST | {"_static/tufte.css": own, "conf.py": CONF + "html_static_path = ['_static']\n"})
    assert (built.outdir / "_static/tufte.css").read_text(encoding="utf-8") == own


# ---- the same meaning, in Chromium ----------------------------------------------------

RULES = """(css) => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  const out = [];
  const walk = (rules) => {
    for (const rule of rules) {
      if (rule.cssRules && !(rule instanceof CSSStyleRule)) {
        out.push(rule.cssText.slice(0, rule.cssText.indexOf("{")));
        walk(rule.cssRules);
      } else {
        out.push(rule.cssText);
      }
    }
  };
  walk(sheet.cssRules);
  return out;
}"""


def _normalised(rules: list[str]) -> list[str]:
    # Chromium writes parsed values canonically, but keeps as written what it cannot
    # parse until var() is substituted and @supports conditions: there the only
    # differences are spaces around commas and colons, which mean nothing in either.
    out = []
    for rule in rules:
        rule = re.sub(r"\s*,\s*", ",", rule)
        if rule.startswith("@supports"):
            rule = re.sub(r"\s*:\s*", ":", rule)
        out.append(rule)
    return out


def _readable_pygments_css() -> str:
    """pygments.css as it was before minifying: Pygments' own text, with the dark rules."""
    light = HtmlFormatter(style=TufteLightStyle).get_style_defs(".highlight")
    return style_defs(light, DEFAULT_DARK_STYLE)


def test_minified_stylesheets_parse_to_the_same_rules(browser):
    page = browser.new_page()
    try:
        for name, source in (
            ("tufte.css", THEME_CSS.read_text(encoding="utf-8")),
            ("tufte-directives.css", DIRECTIVES_CSS.read_text(encoding="utf-8")),
            ("tufte-docs.css", DOCS_CSS.read_text(encoding="utf-8")),
            ("tufte-nav.css", NAV_CSS.read_text(encoding="utf-8")),
            ("pygments.css", _readable_pygments_css()),
        ):
            before = _normalised(page.evaluate(RULES, source))
            after = _normalised(page.evaluate(RULES, minify(source)))
            assert len(before) > 20, name  # the navigation's file has 26 rules
            assert before == after, name
    finally:
        page.close()


KEY_ELEMENTS = [
    "body", "header.site-header", ".site-title", "article.tufte-article", "article h1", "article p",
    ".sidenote", "button.sidenote-number", "div.highlight pre", "div.highlight .c1", "code.literal",
    "footer.site-footer", "time",
]
PROPERTIES = [
    "font-family", "font-size", "font-style", "font-weight", "line-height", "color", "background-color",
    "margin-left", "margin-right", "margin-top", "padding-left", "width", "max-width", "float", "display",
    "position", "border-top-width", "letter-spacing",
]
COMPUTED = """([selectors, props]) => selectors.map((s) => {
  const el = document.querySelector(s);
  if (!el) return [s, null];
  const cs = getComputedStyle(el);
  return [s, props.map((p) => cs.getPropertyValue(p)), el.getBoundingClientRect().toJSON()];
})"""


@pytest.mark.parametrize("width", [1400, 375])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_key_elements_look_the_same_with_the_unminified_sources(build, open_page, width, scheme):
    """The page with its minified stylesheets and with the readable sources in their
    place: every key element's computed style and box agree."""
    built = build(POST)
    static = built.outdir / "_static"
    minified = open_page(built.outdir, width=width, scheme=scheme).page.evaluate(COMPUTED, [KEY_ELEMENTS, PROPERTIES])
    assert all(entry[1] is not None for entry in minified), [entry[0] for entry in minified if entry[1] is None]
    # The readable sources, under the same names (the ?v= checksums only bust caches).
    (static / "tufte.css").write_text(_theme_css_served(), encoding="utf-8")
    (static / "tufte-docs.css").write_text(_docs_css_served(), encoding="utf-8")
    (static / "tufte-nav.css").write_text(NAV_CSS.read_text(encoding="utf-8"), encoding="utf-8")
    (static / "pygments.css").write_text(_readable_pygments_css(), encoding="utf-8")
    readable = open_page(built.outdir, width=width, scheme=scheme).page.evaluate(COMPUTED, [KEY_ELEMENTS, PROPERTIES])
    assert minified == readable


# ---- the weight -------------------------------------------------------------------


def _weigh(open_page, outdir, page):
    """Bytes of every response body the page loads, by file (as benchmarks/weight.py)."""
    sizes: dict[str, int] = {}
    opened = open_page(outdir, "index.html")
    opened.page.on("response", lambda response: sizes.__setitem__(response.url[len(opened.base):], len(response.body())))
    opened.page.goto(opened.base + page, wait_until="load")
    opened.page.evaluate("document.fonts.ready.then(() => true)")
    opened.page.wait_for_load_state("networkidle")
    return sizes, opened.foreign_requests


def _sitegen():
    return benchmark_script("sitegen")


def test_a_typical_post_without_math_is_within_150_kb(build, open_page):
    """Issue 13's budget: the benchmark's typical post (1,500 words, five sections,
    notes, a margin note, a code block), everything it loads counted in Chromium."""
    sitegen = _sitegen()
    spec = sitegen.SiteSpec(pages=0, posts=1, words_per_page=1500)
    post = sitegen.post_source(spec, 0, sitegen.VARIANTS["tufte"])
    body = "\n".join(line for line in post.splitlines() if "$" not in line)
    assert "```python" in body and "{-}" in body
    built = build({"conf.py": CONF, "index.md": "# Home\n\n```{toctree}\n:hidden:\n\npost\n```\n", "post.md": body})
    assert built.warning_lines() == []
    sizes, foreign = _weigh(open_page, built.outdir, "post.html")
    assert not foreign
    assert "post.html" in sizes and any(name.startswith("_static/fonts/et-book") for name in sizes)
    assert not [name for name in sizes if "pagella" in name]  # no math, no math face
    assert sum(sizes.values()) <= 150_000, sizes


# ---- pygments.css: each scheme's colours once -------------------------------------------


def _two_copies_css(light_style: str, dark_style: str) -> str:
    """pygments.css as it was written until 2026-12-02: the light style, then the dark
    style twice, scoped to a chosen and to a system dark scheme (the reference the
    stylesheet written once must match)."""
    from sphinx.highlighting import PygmentsBridge

    def scoped(css: str, scope: str) -> str:
        out = []
        for line in css.splitlines():
            selectors, brace, rest = line.partition("{")
            if brace and selectors.strip() and selectors.strip() != "pre":
                out.append(", ".join(f"{scope} {s.strip()}" for s in selectors.split(",")) + " {" + rest)
        return "\n".join(out)

    bridge = PygmentsBridge("html", light_style)
    light = HtmlFormatter(style=bridge.get_style(light_style)).get_style_defs(".highlight")
    dark = HtmlFormatter(style=bridge.get_style(dark_style)).get_style_defs(".highlight")
    chosen, system = scoped(dark, ':root[data-theme="dark"]'), scoped(dark, ':root:not([data-theme="light"])')
    return f"{light}\n{chosen}\n@media (prefers-color-scheme: dark) {{\n{system}\n}}\n"


# Every token class either style writes, in a code block as Sphinx writes one (with line
# numbers and an emphasized line), and what the reader sees of each.
TOKENS = """() => {
  const classes = new Set();
  for (const sheet of document.styleSheets) {
    if (!sheet.href || !sheet.href.includes("pygments.css")) continue;
    const walk = (rules) => { for (const rule of rules) {
      if (rule.cssRules && !(rule instanceof CSSStyleRule)) { walk(rule.cssRules); continue; }
      for (const m of (rule.selectorText || "").matchAll(/\\.highlight \\.([\\w-]+)/g)) classes.add(m[1]);
    } };
    walk(sheet.cssRules);
  }
  const pre = document.querySelector("div.highlight pre");
  pre.insertAdjacentHTML("beforeend", '<span class="linenos">1</span><span class="linenos special">2</span><span class="hll">x</span>');
  for (const name of [...classes].sort()) pre.insertAdjacentHTML("beforeend", `<span class="${name}">t</span>`);
  return [...classes].sort();
}"""
SEEN = """() => [...document.querySelectorAll("div.highlight, div.highlight pre, div.highlight pre span")].map((el) => {
  const cs = getComputedStyle(el);
  return [el.className, cs.color, cs.backgroundColor, cs.fontWeight, cs.fontStyle, cs.borderTopStyle, cs.borderTopColor, cs.lineHeight];
})"""
SCHEMES = [("light", None), ("dark", None), ("dark", "light"), ("light", "dark")]


def _seen_in_every_scheme(open_page, outdir):
    seen = {}
    for system, chosen in SCHEMES:
        page = open_page(outdir, width=1000, scheme=system).page
        if chosen:
            page.evaluate(f"document.documentElement.dataset.theme = {chosen!r}")
        classes = page.evaluate(TOKENS)
        seen[system, chosen] = page.evaluate(SEEN)
    return classes, seen


@pytest.mark.parametrize(
    ("light_style", "dark_style"),
    [
        ("sphinx_tufte.pygments_styles.TufteLightStyle", DEFAULT_DARK_STYLE),
        # Styles that differ in more than colours: bold, italic, borders, a rule one
        # of them lacks.
        ("friendly", "monokai"),
        ("sas", "github-dark"),
    ],
)
def test_pygments_css_shows_what_the_two_scoped_copies_showed(build, open_page, light_style, dark_style):
    """The dark style is written once (light-dark() colours, and scoped rules only for
    what a colour cannot say); every token looks as it did, in both schemes, chosen by
    the system or by the toggle."""
    conf = CONF + f"pygments_style = {light_style!r}\ntufte_pygments_dark_style = {dark_style!r}\n"
    built = build({**POST, "conf.py": conf})
    assert built.warning_lines() == []
    css = built.outdir / "_static/pygments.css"
    written = css.read_text(encoding="utf-8")
    reference = minify(_two_copies_css(light_style, dark_style))
    # The dark half had been two thirds of the file.
    assert len(written) < 0.72 * len(reference), (len(written), len(reference))
    classes, now = _seen_in_every_scheme(open_page, built.outdir)
    assert len(classes) > 40
    css.write_text(reference, encoding="utf-8")
    _, before = _seen_in_every_scheme(open_page, built.outdir)
    for scheme in now:
        assert now[scheme] == before[scheme], scheme
    assert now["dark", None] != now["light", None]


# ---- the budget with math, and for documentation -----------------------------------


def test_a_typical_post_with_its_math_is_within_150_kb(build, open_page):
    """The benchmark's typical post as it is (posts/post-005.html of benchmarks/run.py's
    site: two inline formulas and a display one beside the notes and the code block),
    with the math face it fetches."""
    sitegen = _sitegen()
    spec = sitegen.SiteSpec(pages=0, posts=12, words_per_page=1500)
    body = sitegen.post_source(spec, 5, sitegen.VARIANTS["tufte"])
    assert "$$" in body and "```python" in body
    conf = CONF + 'myst_enable_extensions = ["dollarmath"]\n'
    built = build({"conf.py": conf, "index.md": "# Home\n\n```{toctree}\n:hidden:\n\npost\n```\n", "post.md": body})
    assert built.warning_lines() == []
    sizes, foreign = _weigh(open_page, built.outdir, "post.html")
    assert not foreign
    assert [name for name in sizes if "pagella-math-base" in name]  # its math face is counted
    assert sum(sizes.values()) <= 150_000, sizes


DOCS_CONF = CONF + 'html_theme_options = {"navigation": "docs"}\n'


def _docs_project() -> dict[str, str]:
    """A documentation project of eight pages in two sections; the guide is a page as
    a reference manual has them: 1,500 words under headings, code, an admonition,
    inline code and links."""
    sitegen = _sitegen()
    spec = sitegen.SiteSpec(pages=8, posts=0, words_per_page=1500)
    guide = "\n".join(line for line in sitegen.page_source(spec, 0).splitlines() if "$" not in line)
    title, *sections = guide.split("\n## ")
    sections[0] += "\n```{note}\nRun `make html` again after changing `conf.py`.\n```\n"
    sections[1] += "\n### A detail\n\nSee [the options](../options.md) and **`html_theme_options`**.\n"
    guide = "\n## ".join([title, *sections])
    pages = {f"guide/page{i}.md": f"# Guide page {i}\n\nText of page {i}.\n" for i in range(1, 4)}
    pages |= {f"reference/ref{i}.md": f"# Reference {i}\n\nText.\n" for i in range(4)}
    toc = "```{{toctree}}\n:caption: {}\n\n{}\n```\n"
    return {
        "conf.py": DOCS_CONF,
        "index.md": "# A Project\n\nWhat it does.\n\n"
        + toc.format("Guide", "guide/index\n" + "\n".join(f"guide/page{i}" for i in range(1, 4)))
        + toc.format("Reference", "options\n" + "\n".join(f"reference/ref{i}" for i in range(4))),
        "guide/index.md": guide,
        "options.md": "# Options\n\nThe options.\n",
        **pages,
    }


def test_a_documentation_page_with_the_navigation_is_within_150_kb(build, open_page):
    """Issue 14's budget: a documentation page with the site's navigation (sections in
    the header, the section's pages, the page's headings, previous and next) and
    headings, code, an admonition, inline code and links."""
    built = build(_docs_project())
    assert built.warning_lines() == []
    soup = built.soup("guide/index.html")
    assert soup.select_one("div.admonition.note") and soup.select_one("div.highlight") and soup.select_one("article h3")
    assert soup.select_one("nav.tufte-section-nav, nav[aria-label]")
    sizes, foreign = _weigh(open_page, built.outdir, "guide/index.html")
    assert not foreign
    assert any("et-book-bold" in name for name in sizes)  # a bold word: the three faces counted
    assert sum(sizes.values()) <= 150_000, sizes


# ---- the faces: what each text is drawn with ------------------------------------------

FACES_PAGE = """# Faces

Plain words, the punctuation of English prose: “quotes”, it’s --- and so on...

*Italic words in a sentence.*

**Bold words.**

Accented words: café, naïve, Ångström.
"""


@pytest.mark.parametrize("accents", [False, True])
def test_text_is_drawn_in_et_book_and_fetches_only_the_files_it_needs(build, open_page, accents):
    """ET Book's Latin subset is two files a face: English text fetches only the basic
    one; an accented letter fetches the rest, and is drawn in ET Book too (no glyph
    from a fallback face in either case)."""
    source = FACES_PAGE if accents else FACES_PAGE.rsplit("\n\n", 1)[0] + "\n"
    built = build({"conf.py": CONF, "index.md": source})
    assert built.warning_lines() == []
    sizes, _ = _weigh(open_page, built.outdir, "index.html")
    fonts = sorted(name.rpartition("/")[2] for name in sizes if name.startswith("_static/fonts/"))
    expected = ["et-book-bold-basic.woff2", "et-book-italic-basic.woff2", "et-book-roman-basic.woff2"]
    assert fonts == sorted(expected + (["et-book-roman-latin.woff2"] if accents else []))
    page = open_page(built.outdir, "index.html").page
    drawn = _fonts_of(page, "article p, article p em, article p strong, article h1")
    assert len(drawn) >= 5
    for families in drawn:
        assert families and all("ET" in family or "Bembo" in family for family in families), drawn


# ---- pygments.css only where code is highlighted ---------------------------------------


def _links(built, page):
    return [link["href"].split("?")[0] for link in built.soup(page).select("link[rel=stylesheet]")]


def test_pygments_css_is_linked_only_by_pages_with_highlighted_code(build):
    """A page with no highlighted code does not load pygments.css (5.8 KB); a code block,
    a doctest, inline code with a language, raw HTML (it may hold highlighted code) or a
    page written without a doctree (search, index, viewcode's module pages) does."""
    pages = {
        "conf.py": CONF + 'myst_enable_extensions = ["dollarmath"]\n',
        "index.md": "# Home\n\nJust words and `plain code`.\n\n```{toctree}\n:glob:\n\n*\n```\n",
        "block.md": "# Block\n\n```python\nx = 1\n```\n",
        "doctest.rst": "Doctest\n=======\n\n>>> 1 + 1\n2\n",
        "inline.rst": "Inline\n======\n\n.. role:: py(code)\n   :language: python\n\nSee :py:`x = 1`.\n",
        "raw.md": '# Raw\n\n```{raw} html\n<div class="highlight"><pre><span class="k">def</span></pre></div>\n```\n',
        "math.md": "# Math\n\n$$x^2$$\n",
    }
    built = build(pages)
    assert built.warning_lines() == []
    # Six pages: documentation navigation, so each page links its stylesheet or, with
    # documentation content (the index's visible toctree, raw HTML, no doctree), the
    # documentation stylesheet that holds the navigation's rules too.
    nav, docs = ["_static/tufte.css", "_static/tufte-nav.css"], ["_static/tufte.css", "_static/tufte-docs.css"]
    assert _links(built, "index.html") == docs
    assert _links(built, "math.html") == nav
    for page in ("block.html", "doctest.html", "inline.html"):
        assert _links(built, page) == ["_static/pygments.css", *nav], page
    for page in ("raw.html", "search.html", "genindex.html"):
        assert _links(built, page) == ["_static/pygments.css", *docs], page


def test_a_page_that_gains_a_code_block_links_pygments_css_after_an_incremental_build(build):
    import os
    import time

    first = build({"conf.py": CONF, "index.md": "# Home\n\nWords.\n"})
    assert _links(first, "index.html") == ["_static/tufte.css"]
    source = first.srcdir / "index.md"
    source.write_text("# Home\n\nWords.\n\n```python\nx = 1\n```\n", encoding="utf-8")
    now = time.time_ns()
    os.utime(source, ns=(now, now))
    again = build(srcdir=first.srcdir, fresh=False)
    assert _links(again, "index.html")[0] == "_static/pygments.css"


# ---- scripts without their comments and indentation -------------------------------------

SPHINX_STATIC = Path(sphinx.__file__).parent / "themes" / "basic" / "static"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('/* A file.\n * More. */\n"use strict";\n\n// why\nconst f = (a) => {\n  return a; // kept\n};\n',
         '"use strict";\nconst f = (a) => {\nreturn a; // kept\n};\n'),
        # What could be inside a string or template is left alone: the whole file.
        ("const a = `x\n  y`;\n", "const a = `x\n  y`;\n"),
        # A template that closes on its line is safe, unless a quote, slash or backslash
        # there could hold a backtick of its own.
        ("const a = `x`;\n  f(`${a}-${b}`);\n", "const a = `x`;\nf(`${a}-${b}`);\n"),
        ("const a = `x`;\n  f('`', `y`);\n", "const a = `x`;\n  f('`', `y`);\n"),
        ("  f(/`/, `y`);\n", "  f(/`/, `y`);\n"),
        ("  const a = `x` + `\n  y`;\n", "  const a = `x` + `\n  y`;\n"),
        ('const a = "x\\\n  y";\n', 'const a = "x\\\n  y";\n'),
        ("/* a */ const b = 1;\n  const c = 2;\n", "/* a */ const b = 1;\n  const c = 2;\n"),
        ("/* never closed\n  const c = 2;\n", "/* never closed\n  const c = 2;\n"),
    ],
)
def test_scripts_lose_only_whole_line_comments_and_indentation(source, expected):
    assert scripts.strip(source) == expected


def test_scripts_reach_the_output_without_comments_where_that_is_safe(shared_build):
    built = shared_build(POST)
    static = built.outdir / "_static"
    highlight = (SPHINX_STATIC / "sphinx_highlight.js").read_text(encoding="utf-8")
    assert (static / "sphinx_highlight.js").read_text(encoding="utf-8") == scripts.strip(highlight) != highlight
    theme_js = (ROOT / "sphinx_tufte/themes/tufte/static/tufte.js").read_text(encoding="utf-8")
    assert (static / "tufte.js").read_text(encoding="utf-8") == scripts.strip(theme_js) != theme_js
    # doctools.js and the notes' script hold template literals, each on one line.
    doctools = (SPHINX_STATIC / "doctools.js").read_text(encoding="utf-8")
    assert (static / "doctools.js").read_text(encoding="utf-8") == scripts.strip(doctools) != doctools
    notes_js = (ROOT / "sphinx_tufte/static/tufte-notes.js").read_text(encoding="utf-8")
    assert (static / "tufte-notes.js").read_text(encoding="utf-8") == scripts.strip(notes_js) != notes_js


# Sphinx's own scripts (search, highlighting, keys) differ between versions.
@pytest.mark.every_sphinx
def test_search_terms_are_highlighted_and_keys_navigate_with_the_stripped_scripts(build, open_page):
    """Sphinx's scripts still work as served: a search result opens with its terms
    highlighted (sphinx_highlight.js) and the arrow keys go to the next and previous
    page when navigation_with_keys is on (doctools.js)."""
    conf = CONF + 'html_theme_options = {"navigation_with_keys": True}\n'
    built = build({
        "conf.py": conf,
        "index.md": "# Home\n\nWords.\n\n```{toctree}\n\nfirst\nsecond\n```\n",
        "first.md": "# First\n\nThe zeppelin flies over the town.\n",
        "second.md": "# Second\n\nOther words.\n",
    })
    assert built.warning_lines() == []
    opened = open_page(built.outdir, "search.html?q=zeppelin")
    page = opened.page
    page.wait_for_selector("#search-results a[href*='first']", timeout=15_000)
    # The search script hands the terms to the page (in the URL or, from Sphinx 7.3, in
    # localStorage): follow the result as a reader does.
    page.click("#search-results a[href*='first']")
    page.wait_for_url("**/first.html*", timeout=5_000)
    page.wait_for_selector("span.highlighted", timeout=5_000)
    assert page.inner_text("span.highlighted").lower() == "zeppelin"
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**/second.html", timeout=5_000)
    page.keyboard.press("ArrowLeft")
    page.wait_for_url("**/first.html", timeout=5_000)
    assert not opened.console_errors
