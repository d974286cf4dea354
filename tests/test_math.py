"""Math rendered to MathML at build time: every construct, MyST and reST, with no script.

Browser checks (layout, colours, axe, the Nu checker) are in ``test_math_browser.py``.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from math_corpus import CORPUS
from sphinx.environment import CONFIG_OK

from sphinx_tufte.math import MathConversionError, convert
from sphinx_tufte.theme.minify import minify

MYST_PAGE = r"""
# Expectations $\mathbb{E}[X]$ in a title

Bayes' rule $P(A \mid B) = \frac{P(B \mid A) P(A)}{P(B)}$ inline, and {math}`\tfrac{1}{2}` by role.

$$
\mathcal{L}(\theta) = -\frac{1}{N} \sum_{n=1}^{N} \log p_\theta(y_n \mid x_n)
$$ (loss)

```{math}
:label: elbo
\log p(x) \geq \mathbb{E}_{q}\left[ \log p(x, z) - \log q(z) \right]
```

\begin{align}
\mathbb{E}[(X - \mu)^2] &= \mathbb{E}[X^2 - 2\mu X + \mu^2] \\
&= \mathbb{E}[X^2] - \mu^2
\end{align}

$$
|x| = \begin{cases} x & \text{if } x \geq 0 \\ -x & \text{otherwise} \end{cases}
\qquad
\begin{pmatrix} a & b \\ c & d \end{pmatrix}
$$

The loss {eq}`loss` is bounded by {eq}`elbo`.

| quantity | formula |
|---|---|
| mean | $\mu = \frac{1}{n}\sum_i x_i$ |

```{figure} pixel.png
:alt: a pixel

The density $p(x)$ of the data.
```
"""

RST_PAGE = r"""
Sums :math:`\sum_i x_i`
=======================

Inline :math:`\alpha \in (0, 1)`.

.. math::
   :label: euler

   e^{i\pi} + 1 = 0

.. math::

   a &= b \\
   c &= d

   e = f

See :eq:`euler`.

.. table:: Caption with :math:`\sigma^2`

   =====  =================
   name   value
   =====  =================
   var    :math:`\sigma^2`
   =====  =================
"""

PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5b6"
    "cb1e0000000049454e44ae426082"
)

MYST_AMSMATH_CONF = """
project = "Math"
html_theme = "tufte"
extensions = ["myst_parser", "sphinx_tufte"]
myst_enable_extensions = ["dollarmath", "amsmath"]
"""


def maths(soup, where=None):
    return (where or soup).find_all("math")


def math_scripts(html: str) -> list[str]:
    """Every script that could be a math renderer's (MathJax, KaTeX, their configs)."""
    return [s for s in re.findall(r"<script\b[^>]*>", html, re.I) if re.search(r"math|katex|tex-", s, re.I)]


@pytest.fixture
def myst_built(build):
    return build({"conf.py": MYST_AMSMATH_CONF, "index.md": MYST_PAGE, "pixel.png": PIXEL})


def test_myst_constructs_become_mathml(myst_built):
    built = myst_built
    assert built.warning_lines() == []
    soup = built.soup("index.html")
    html = built.text("index.html")
    assert math_scripts(html) == []
    assert r"\(" not in html and r"\[" not in soup.get_text()

    # In the title, inline, by role, in a table and in a figure caption.
    assert maths(soup, soup.find("h1"))
    paragraph = soup.find("p", string=re.compile("Bayes")) or soup.find(lambda t: t.name == "p" and "Bayes" in t.get_text())
    inline = maths(soup, paragraph)
    assert len(inline) == 2 and all(m.get("display") is None for m in inline)
    assert maths(soup, soup.find("table"))
    assert maths(soup, soup.find("figcaption"))

    blocks = soup.select("div.tufte-math")
    assert len(blocks) == 4
    for block in blocks:
        math = block.select_one(".tufte-math-scroll > math")
        assert math["display"] == "block"
        assert math["xmlns"] == "http://www.w3.org/1998/Math/MathML"

    # Numbers: $$ (label), {math} :label: and amsmath's align (numbered by MyST).
    numbers = [b.select_one(".eqno").get_text(strip=True).rstrip("#¶") for b in blocks if b.select_one(".eqno")]
    assert numbers[:2] == ["(1)", "(2)"]
    loss = soup.find(id="equation-loss")
    assert loss is not None and "tufte-math" in loss["class"]
    refs = {a["href"]: a.get_text() for a in soup.select("a[href^='#equation-']:not(.headerlink)")}
    assert refs.get("#equation-loss") == "(1)" and refs.get("#equation-elbo") == "(2)"

    # amsmath: align's rows and columns, cases and pmatrix as tables, not source text.
    align = blocks[2].find("math")
    assert len(align.find_all("mtr")) == 2 and "&" not in align.get_text()
    cases = next((t for t in blocks[3].find_all("mtable") if "otherwise" in t.get_text()), None)
    assert cases is not None and "otherwise" in cases.get_text()
    assert "begin" not in blocks[3].find("math").get_text()


def test_rest_constructs_become_mathml(build):
    built = build({"conf.py": "html_theme = 'tufte'\nextensions = ['sphinx_tufte']\n", "index.rst": RST_PAGE})
    assert built.warning_lines() == []
    soup = built.soup("index.html")
    assert math_scripts(built.text("index.html")) == []
    assert maths(soup, soup.find("h1"))
    assert maths(soup, soup.find("table").find("caption"))
    assert maths(soup, soup.find("table").find("tbody"))
    blocks = soup.select("div.tufte-math")
    assert len(blocks) == 2
    assert blocks[0]["id"] == "equation-euler"
    assert blocks[0].select_one(".eqno").get_text(strip=True).startswith("(1)")
    assert soup.select_one("a[href='#equation-euler']:not(.headerlink)").get_text() == "(1)"
    # Two equations separated by a blank line: three rows, the first two aligned on '='.
    rows = blocks[1].find_all("mtr")
    assert len(rows) == 3
    assert [len([c for c in r.find_all("mtd") if c.get_text(strip=True)]) for r in rows] == [2, 2, 1]


def test_corpus_converts_without_a_warning(shared_build):
    """Every equation of the corpus, written the way an author would, in one page."""
    assert len(CORPUS) >= 300
    lines = ["# Corpus", ""]
    for eq in CORPUS:
        if eq.display:
            lines += ["$$", eq.tex, "$$", ""]
        else:
            lines += [f"Inline ${eq.tex}$ here.", ""]
    built = shared_build({"index.md": "\n".join(lines)})
    assert built.warning_lines() == []
    soup = built.soup("index.html")
    assert len(soup.select("div.tufte-math math[display='block']")) == sum(e.display for e in CORPUS)
    assert len(soup.select("article p math")) == sum(not e.display for e in CORPUS)
    assert not soup.select(".tufte-math-source")


@pytest.mark.vnu
def test_corpus_page_is_valid_html(shared_build, vnu):
    """MathML the Nu checker accepts: \\tfrac's style attributes, sized delimiters..."""
    lines = ["# Corpus", ""]
    for eq in CORPUS:
        lines += ["$$", eq.tex, "$$", ""] if eq.display else [f"Inline ${eq.tex}$ here.", ""]
    built = shared_build({"index.md": "\n".join(lines)})
    assert vnu([built.outdir / "index.html"]) == []


@pytest.mark.parametrize("equation", CORPUS, ids=lambda e: e.tex[:40])
def test_corpus_equation_is_drawn_not_echoed(equation):
    """No LaTeX command survives as text in the MathML (a sign of a silent failure)."""
    mathml = convert(equation.tex, display=equation.display)
    text = re.sub(r'alttext="[^"]*"', "", mathml)
    text = re.sub(r"<[^>]+>", "", text)
    assert "\\" not in text, text
    assert "&amp;" not in text


def test_converter_details():
    # Subscript of an accented letter, not under it.
    assert "<msub><mover" in convert(r"\hat{\mu}_n", display=False)
    # \frac12 is one half, not 12 over the next token.
    assert "<mfrac><mn>1</mn><mn>2</mn></mfrac>" in convert(r"\frac12 + x", display=False)
    # \underbrace labels go under the brace.
    assert re.search(r"<munder><munder>.*⏟</mo></munder><mi>n</mi></munder>", convert(r"\underbrace{a+b}_{n}", display=False))
    # \log p keeps a thin space; \log(x) does not.
    assert '<mspace width="0.1667em">' in convert(r"\log p", display=False)
    assert "mspace" not in convert(r"\log(x)", display=False)
    # A comma between digits is punctuation, as in TeX: (0, 1), x_{1, 2}.
    assert '<msub><mi>x</mi><mrow><mn>1</mn><mo separator="true">,</mo><mn>2</mn></mrow></msub>' in convert("x_{1,2}", display=False)
    # Commands docutils' converter lacked.
    assert "…" in convert(r"1, \dots, n", display=False)
    assert "⟺" in convert(r"a \iff b", display=False)
    # Primes are U+2032 in an operator, not apostrophes.
    assert '<msup><mi>m</mi><mo lspace="0em" rspace="0em" class="tml-prime">′</mo></msup>' in convert("m'", display=False)


def test_row_gaps_become_padding_below_the_row():
    """\\\\[10pt] is space under its row (Temml reads the length and drops it)."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(convert(r"a &= b \\[10pt] c &= d \\ e &= f", display=True))
    assert "[10pt]" not in "".join(root.itertext())
    rows = root.findall(".//{http://www.w3.org/1998/Math/MathML}mtr")
    assert len(rows) == 3
    assert [cell.get("style", "").count("padding-bottom:calc(0.7ex + 1em)") for cell in rows[0]] == [1, 1]
    assert not any("padding-bottom" in cell.get("style", "") for row in rows[1:] for cell in row)
    assert not any("tufte-gap" in (e.get("class") or "") for e in root.iter())


def test_a_negative_row_gap_takes_from_the_padding_below_the_row():
    """\\\\[-3pt] pulls the next row up: the row's padding less 3pt, never below none."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(convert(r"a &= b \\[-3pt] c &= d", display=True))
    first, second = root.findall(".//{http://www.w3.org/1998/Math/MathML}mtr")
    assert [cell.get("style", "").count("padding-bottom:max(0px, calc(0.7ex - 0.3em))") for cell in first] == [1, 1]
    assert not any("padding-bottom" in cell.get("style", "") for cell in second)


@pytest.mark.parametrize(
    ("tex", "message"),
    [
        (r"a \\[10 furlongs] b", "is not a length TeX knows"),
        (r"a = b \tag{1} \tag{2}", "one \\tag"),
        (r"\class{x}{y}", "not trusted"),
    ],
)
def test_refusals_say_why(tex, message):
    with pytest.raises(MathConversionError, match=re.escape(message)):
        convert(tex, display=True)


@pytest.mark.parametrize(
    ("tex", "rows", "cells"),
    [
        (r"\begin{equation} a = b \end{equation}", 0, 0),
        (r"\begin{gather} a = b \\ c = d \end{gather}", 2, 2),
        (r"\begin{multline} a + b \\ + c = d \end{multline}", 2, 2),
        (r"\begin{align*} a &= b \\ c &= d \end{align*}", 2, 4),
        (r"\begin{alignat}{2} a &= b &\quad c &= d \end{alignat}", 1, 4),
        (r"\begin{flalign} a &= b \end{flalign}", 1, 2),
        (r"\begin{eqnarray} a &=& b \end{eqnarray}", 1, 3),
        (r"\begin{equation}\begin{split} a &= b \\ &= c \end{split}\end{equation}", 2, 4),
        (r"\begin{gathered} a \\ b \end{gathered}", 2, 2),
        (r"\begin{array}{cc} a & b \\ c & d \end{array}", 2, 4),
        (r"\sum_{\substack{i<j \\ j<k}} x_{ij}", 2, 2),
        (r"\[ x = \begin{pmatrix} a & b \end{pmatrix} \]", 1, 2),
        (r"a &= b", 1, 2),
    ],
)
def test_amsmath_environments(tex, rows, cells):
    mathml = convert(tex, display=True)
    assert mathml.count("<mtr") == rows
    assert mathml.count("<mtd") == cells
    assert "begin" not in re.sub(r'alttext="[^"]*"', "", mathml)


def test_aligned_rows_are_display_style():
    mathml = convert("a &= \\frac{1}{2} \\\\ b &= c", display=True)
    assert re.search(r'<mtable[^>]* displaystyle="true"', mathml)


@pytest.mark.parametrize("tex", [r"\frac{a}{", r"a}", r"\foo{x}", r"a & b", "   "])
def test_converter_refuses_what_it_cannot_draw(tex):
    with pytest.raises(MathConversionError):
        convert(tex, display=False)


def test_broken_equations_warn_with_location_and_show_source(build):
    page = (
        "# Broken\n"
        "\n"
        "Fine $x^2$ then broken $\\frac{a}{$ here.\n"
        "\n"
        "$$\n"
        "\\foo{x} < \\bar{y}\n"
        "$$ (bad)\n"
        "\n"
        "See {eq}`bad`. And $\\text{<script>alert(1)</script>}\\undefinedthing$.\n"
    )
    built = build({"index.md": page})
    warnings = [w for w in built.warning_lines() if "[tufte.math]" in w]
    assert len(warnings) == 3, built.warnings
    assert re.search(r"index\.md:3: WARNING: cannot render this equation as MathML \(a '\{' opens a group", warnings[0])
    assert re.search(r"index\.md:5: WARNING: .*Unknown LaTeX command \"\\foo\"", warnings[1])
    assert "index.md:" in warnings[2]

    soup = built.soup("index.html")
    html = built.text("index.html")
    inline_code = soup.select("code.tufte-math-source")
    assert [c.get_text() for c in inline_code][0] == r"\frac{a}{"
    block = soup.find(id="equation-bad")
    assert block.select_one("pre.tufte-math-source code").get_text().strip() == r"\foo{x} < \bar{y}"
    assert block.select_one(".eqno").get_text(strip=True).startswith("(1)")
    # Escaped everywhere: no element injected by an equation's text.
    assert "<script>alert" not in html
    assert soup.find("script", string=re.compile("alert")) is None
    # The good equation on the same line still renders.
    assert len(soup.find_all("math")) == 1


def test_tag_is_shown_where_numbers_go(build):
    """\\tag{..} is the author's number: beside the equation like Sphinx's, not in the MathML."""
    page = "# T\n\n$$\na = b \\tag{3.1}\n$$\n\n$$\nc = d \\tag*{Euler}\n$$\n\n$$\ne = f \\tag{x}\n$$ (named)\n"
    built = build({"index.md": page})
    assert built.warning_lines() == []
    blocks = built.soup("index.html").select("div.tufte-math")
    assert [b.select_one(".eqno").get_text(strip=True).rstrip("#¶") for b in blocks] == ["(3.1)", "Euler", "(1)"]
    for block in blocks:
        assert "tag" not in block.find("math").get_text()


@pytest.mark.parametrize("builder", ["text", "latex"])
def test_other_builders_keep_the_latex(build, builder):
    page = "# T\n\nPrimes $m'$ and $\\foo{x}$.\n\n$$\na \\\\[10pt] b\n$$\n"
    built = build({"index.md": page}, buildername=builder)
    assert not [w for w in built.warning_lines() if "tufte.math" in w]
    out = next(built.outdir.glob("*.txt" if builder == "text" else "*.tex")).read_text(encoding="utf-8")
    assert "m'" in out and "\\foo{x}" in out and "[10pt]" in out


def test_escaping_in_mathml(build):
    # \& is the ampersand in text (a bare & is a column break, refused as TeX refuses it).
    built = build({"index.md": "# T\n\n$\\text{<b>\\&amp;\"x\"</b>} < y$\n"})
    assert built.warning_lines() == []
    html = built.text("index.html")
    assert "<b>" not in html.split("<article", 1)[1].split("</article>")[0]
    math = built.soup("index.html").find("math")
    assert math.find("mtext").get_text() == '<b>&amp;"x"</b>'


# ---- which renderer ------------------------------------------------------------------


def test_theme_alone_makes_mathml_the_default(build):
    """conf.py names the extension and the theme, no renderer."""
    built = build(
        {
            "conf.py": "extensions = ['sphinx_tufte']\nhtml_theme = 'tufte'\n",
            "index.rst": "T\n=\n\n:math:`x^2`\n\n.. math:: y\n\n.. toctree::\n\n   plain\n",
            "plain.rst": "Plain\n=====\n\nNo equations.\n",
        }
    )
    assert built.app.builder.math_renderer_name == "tufte_mathml"
    html = built.text("index.html")
    assert "<math" in html and math_scripts(html) == []
    # The math rules are the directives' rules, in the tufte.css every page links.
    assert "_static/tufte.css" in html
    assert minify("math {") in (built.outdir / "_static" / "tufte.css").read_text()  # minified (issue 13)


def test_mathjax_stays_available(build):
    built = build({"index.md": "# T\n\n$x^2$\n"}, confoverrides={"html_math_renderer": "mathjax"})
    html = built.text("index.html")
    assert "<math" not in html
    assert any("mathjax" in s for s in math_scripts(html))


def test_other_themes_keep_sphinx_default_unless_chosen(build):
    conf = "extensions = ['sphinx_tufte']\nhtml_theme = 'alabaster'\n"
    page = {"index.rst": "T\n=\n\n:math:`x^2`\n"}
    default = build({"conf.py": conf, **page})
    assert default.app.builder.math_renderer_name == "mathjax"
    assert "<math" not in default.text("index.html")

    chosen = build({"conf.py": conf + "html_math_renderer = 'tufte_mathml'\n", **page})
    html = chosen.text("index.html")
    assert "<math" in html and math_scripts(html) == []
    assert "_static/tufte-directives.css" in html


def test_another_math_extension_is_respected(build):
    """With a third renderer loaded, Sphinx would refuse to guess; the user's own wins."""
    conf = (
        "html_theme = 'tufte'\nextensions = ['sphinx_tufte']\n"
        "from docutils import nodes\n"
        "def visit(self, node):\n"
        "    self.body.append('<span class=\"custom-math\">' + self.encode(node.astext()) + '</span>')\n"
        "    raise nodes.SkipNode\n"
        "def setup(app):\n"
        "    app.add_html_math_renderer('custom', (visit, None), (visit, None))\n"
    )
    built = build({"conf.py": conf, "index.rst": "T\n=\n\n:math:`x^2`\n"})
    assert built.app.builder.math_renderer_name == "custom"
    assert 'class="custom-math"' in built.text("index.html")


def test_incremental_build_keeps_the_environment(build):
    first = build({"conf.py": "html_theme = 'tufte'\nextensions = ['sphinx_tufte']\n", "index.rst": "T\n=\n\n:math:`x^2`\n"})
    again = build({}, srcdir=first.srcdir, fresh=False)
    assert again.app.env.config_status == CONFIG_OK
    assert "<math" in again.text("index.html")


def test_feed_carries_mathml(build):
    conf = MYST_AMSMATH_CONF + "html_baseurl = 'https://example.org/'\nsuppress_warnings = ['tufte.baseurl_placeholder']\n"
    post = "---\ndate: 2024-05-01\n---\n# A post\n\nInline $\\mathbb{E}[X]$.\n\n$$\n\\int_0^1 x\\,dx\n$$\n"
    built = build({"conf.py": conf, "index.md": "# Home\n\n```{toctree}\npost\n```\n", "post.md": post})
    feed = built.outdir / "feed.xml"
    if not feed.exists():
        pytest.fail("no feed.xml was written: " + built.warnings)
    text = feed.read_text(encoding="utf-8")
    assert "&lt;math" in text or "<math" in text
    assert "display=&quot;block&quot;" in text or 'display="block"' in text


def test_math_in_sidenotes(build):
    page = (
        "# Notes\n\nA claim.[^n] A remark.[^m]\n\n[^n]: Its variance is $\\sigma^2$, and\n\n    $$\n    \\int_0^1 x\\,dx\n    $$\n\n"
        "[^m]: {-} In the margin, $\\alpha \\in (0, 1)$.\n"
    )
    built = build({"index.md": page})
    assert built.warning_lines() == []
    soup = built.soup("index.html")
    note = soup.select_one(".sidenote")
    if note is None:
        pytest.fail("footnotes did not become sidenotes (notes helper's transform)")
    assert note.find("math") is not None
    assert note.select_one(".tufte-math math[display='block']") is not None
    margin = soup.select_one(".marginnote")
    assert margin is not None and margin.find("math") is not None


def test_warning_fails_a_strict_build(build):
    """Under -W the build still finishes (the page shows the source) but exits non-zero."""
    built = build({"index.md": "# T\n\n$\\foo$\n"}, warningiserror=True)
    assert built.app.statuscode == 1
    assert "<code class=\"tufte-math-source\">" in built.text("index.html")


def test_broken_equation_in_a_post_warns_once(build):
    """The feed renders the post again; the reader of the log sees one warning."""
    conf = MYST_AMSMATH_CONF + "html_baseurl = 'https://example.org/'\nsuppress_warnings = ['tufte.baseurl_placeholder']\n"
    post = "---\ndate: 2024-05-01\n---\n# A post\n\nBroken $\\foo$ here.\n"
    built = build({"conf.py": conf, "index.md": "# Home\n\n```{toctree}\npost\n```\n", "post.md": post})
    warnings = [w for w in built.warning_lines() if "[tufte.math]" in w]
    assert len(warnings) == 1 and "post.md:6:" in warnings[0]
    assert "tufte-math-source" in (built.outdir / "feed.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("renderer", "mathml"), [("tufte_mathml", True), ("mathjax", False)])
def test_the_extension_honours_an_explicit_renderer(build, renderer, mathml):
    conf = f"html_theme = 'tufte'\nextensions = ['sphinx_tufte']\nhtml_math_renderer = {renderer!r}\n"
    built = build({"conf.py": conf, "index.rst": "T\n=\n\n:math:`x^2`\n"})
    assert built.warning_lines() == []
    html = built.text("index.html")
    assert ("<math" in html) is mathml
    assert bool(math_scripts(html)) is not mathml


def test_rest_nowrap_and_section_numbers(build):
    """``:nowrap:`` content brings its own environment; numfig numbers by section."""
    index = (
        "Top\n===\n\n.. toctree::\n   :numbered:\n\n   chap\n"
    )
    chap = (
        "Chapter\n=======\n\n"
        ".. math::\n   :nowrap:\n\n   \\begin{eqnarray}\n      y & = & ax^2 + bx + c\n   \\end{eqnarray}\n\n"
        ".. math::\n   :label: quad\n\n   x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}\n\n"
        "See :eq:`quad`.\n"
    )
    built = build(
        {"conf.py": "html_theme = 'tufte'\nextensions = ['sphinx_tufte']\nnumfig = True\n", "index.rst": index, "chap.rst": chap}
    )
    assert built.warning_lines() == []
    soup = built.soup("chap.html")
    blocks = soup.select("div.tufte-math")
    assert len(blocks[0].find_all("mtd")) == 3
    assert blocks[1].select_one(".eqno").get_text(strip=True).startswith("(1.1)")
    assert soup.select_one("a[href='#equation-quad']:not(.headerlink)").get_text() == "(1.1)"


_LATEX_PIECES = [
    "x", "1", "2", "+", "=", "&", "\\\\", "{", "}", "^", "_", "(", ")", "[", "]", "|", ",", " ",
    "\\frac", "\\sqrt", "\\left(", "\\right)", "\\left[", "\\right]", "\\hat", "\\sum", "\\int",
    "\\mathbb{R}", "\\text{a<b}", "\\begin{pmatrix}", "\\end{pmatrix}", "\\begin{cases}",
    "\\end{cases}", "\\begin{aligned}", "\\end{aligned}", "\\|", "\\log", "\\alpha", "\\foo",
    "\\underbrace", "\\operatorname{Var}", "\\substack", "\\dots", "\\middle|", "<", ">", "\"",
]


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(_LATEX_PIECES), max_size=25), display=st.booleans())
def test_any_input_converts_or_is_refused_cleanly(pieces, display):
    """Whatever is written, the result is well-formed MathML or a MathConversionError."""
    import xml.etree.ElementTree as ET

    tex = "".join(pieces)
    try:
        mathml = convert(tex, display=display)
    except MathConversionError:
        return
    root = ET.fromstring(mathml)
    assert root.tag == "{http://www.w3.org/1998/Math/MathML}math"
