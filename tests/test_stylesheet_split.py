"""The documentation rules in a stylesheet of their own (issue 13's budget, issue 11's
"at most three stylesheets"): a page links ``tufte-docs.css`` only when it holds
documentation content or navigation, and the split changes nothing a reader sees.

The cascade is checked in Chromium on every element of each page: its computed style
(every property, and the ``::before``/``::after`` boxes) and its box are the same as
served (the theme's rules and the directives' in ``tufte.css``, then the documentation
rules, if linked), with the documentation rules linked on a page that does not link them
(they must match nothing there), and with the three in the order they had when the
documentation rules were in the theme's own file, before the directives' (none of the
documentation rules competes with a directives' rule).
"""

from __future__ import annotations

import os
import textwrap
import time

import pytest

from conftest import ROOT
from test_page_weight import CONF, _links, _sitegen

THEME = ["_static/tufte.css"]
WITH_DOCS = ["_static/tufte.css", "_static/tufte-docs.css"]
WITH_NAV = ["_static/tufte.css", "_static/tufte-nav.css"]

# The snapshot is kept in the page and each later arrangement returns only its
# differences: a page has a thousand elements of some 350 properties each.
SNAPSHOT = """async (mode) => {
  const theme = document.querySelector('link[rel=stylesheet][href*="_static/tufte.css"]');
  const served = document.querySelector('link[rel=stylesheet][href*="_static/tufte-docs.css"]');
  // New links every time: a link moved in the document loads its stylesheet again.
  const add = (names) => {
    const links = names.map((name) => {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = new URL(name, theme.href).href;
      return link;
    });
    const loaded = links.map((link) => new Promise((done) => { link.onload = done; }));
    theme.after(...links);
    return Promise.all(loaded);
  };
  if (mode === "last") {
    await add(["tufte-docs.css"]);
    if (served) served.remove();
  } else if (mode === "middle") {
    // The theme's own rules, the documentation rules, then the directives': the order
    // they had when the documentation rules were in the theme's file.
    await add(["tufte-theme-only.css", "tufte-docs.css", "tufte-directives.css"]);
    theme.remove();
    if (served) served.remove();
  }
  await document.fonts.ready;
  const pseudo = ["content", "display", "margin-left", "margin-right", "color", "font-style", "float"];
  const out = [];
  document.querySelectorAll("body, body *").forEach((el, i) => {
    const cs = getComputedStyle(el);
    const values = [];
    for (let k = 0; k < cs.length; k++) values.push(cs[k] + ":" + cs.getPropertyValue(cs[k]));
    for (const where of ["::before", "::after"]) {
      const ps = getComputedStyle(el, where);
      for (const p of pseudo) values.push(where + p + ":" + ps.getPropertyValue(p));
    }
    const r = el.getBoundingClientRect();
    values.push(`box:${r.x},${r.y},${r.width},${r.height}`);
    out.push([i + " " + el.tagName.toLowerCase() + "." + [...el.classList].join("."), values]);
  });
  if (mode === "served") { window.__served = out; return []; }
  const diffs = [];
  out.forEach(([name, values], i) => {
    const [before_name, before] = window.__served[i] || [null, []];
    values.forEach((value, k) => { if (value !== before[k]) diffs.push([name, before_name, before[k], value]); });
  });
  return diffs.slice(0, 20);
}"""

DOCS_PAGE = """\
Guide
=====

A paragraph with a :abbr:`TLA (three-letter abbreviation)` and a term.

.. note::

   Run ``make html`` again after changing ``conf.py``.

.. warning::

   A warning, told apart by its title's weight.

.. seealso:: The reference.

.. versionadded:: 1.2
   The option.

.. list-table:: Options
   :header-rows: 1

   * - Name
     - Default
   * - ``navigation``
     - ``"auto"``

:Author: A. Writer
:Version: 1.0

.. py:class:: Builder(name: str, *, parallel: int = 1)

   Writes the site.

   .. py:method:: build(pages: list[str]) -> None

      Builds ``pages``.

      :param pages: the pages to build
      :returns: nothing

.. rubric:: Footnotes

#. first
#. second

a. lettered
b. list

Term : classifier
   Its definition.

| A line block,
|    indented.
"""


def _docs_project() -> dict[str, str]:
    pages = {f"guide/page{i}.rst": f"Page {i}\n{'=' * 6}\n\nText.\n" for i in range(1, 4)}
    pages |= {f"reference/ref{i}.rst": f"Ref {i}\n=====\n\nText.\n" for i in range(3)}
    toc = ".. toctree::\n   :caption: {}\n\n{}\n\n"
    return {
        "conf.py": CONF + 'html_theme_options = {"navigation": "docs"}\n',
        "index.rst": "A Project\n=========\n\nWhat it does.\n\n"
        + toc.format("Guide", "   guide/index\n" + "\n".join(f"   guide/page{i}" for i in range(1, 4)))
        + toc.format("Reference", "\n".join(f"   reference/ref{i}" for i in range(3))),
        "guide/index.rst": DOCS_PAGE,
        **pages,
    }


def _blog_project() -> dict[str, str]:
    sitegen = _sitegen()
    spec = sitegen.SiteSpec(pages=0, posts=12, words_per_page=1500)
    post = sitegen.post_source(spec, 5, sitegen.VARIANTS["tufte"])
    home = "# Home\n\nWords.\n\n```{postlist}\n```\n\n```{toctree}\n:hidden:\n\npost\n```\n"
    return {"conf.py": CONF + 'myst_enable_extensions = ["dollarmath"]\n', "index.md": home, "post.md": post}


@pytest.fixture(scope="module")
def sites(shared_build):
    from sphinx_tufte.theme.minify import minify

    built = {"blog": shared_build(_blog_project()), "docs": shared_build(_docs_project())}
    theme = minify((ROOT / "sphinx_tufte/themes/tufte/static/tufte.css").read_text(encoding="utf-8"))
    for site in built.values():
        # A file of its own name: the pages and their stylesheets stay as built.
        (site.outdir / "_static/tufte-theme-only.css").write_text(theme, encoding="utf-8")
    return built


@pytest.mark.parametrize(
    ("site", "page", "links"),
    [
        ("blog", "post.html", ["_static/pygments.css", *THEME]),
        ("blog", "index.html", THEME),
        ("docs", "guide/index.html", WITH_DOCS),
        ("docs", "index.html", WITH_DOCS),
        # Words under the documentation navigation: its rules alone.
        ("docs", "guide/page1.html", WITH_NAV),
        ("docs", "search.html", ["_static/pygments.css", *WITH_DOCS]),
        ("docs", "genindex.html", ["_static/pygments.css", *WITH_DOCS]),
    ],
)
@pytest.mark.parametrize("width", [1400, 375])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_element_looks_the_same_wherever_the_documentation_rules_are(sites, open_page, site, page, links, width, scheme):
    built = sites[site]
    assert built.warning_lines() == []
    assert [href.removeprefix("../") for href in _links(built, page)] == links
    opened = open_page(built.outdir, page, width=width, scheme=scheme)
    assert opened.page.evaluate(SNAPSHOT, "served") == []
    assert opened.page.evaluate(SNAPSHOT, "last") == [], "tufte-docs.css linked after tufte.css"
    assert opened.page.evaluate(SNAPSHOT, "middle") == [], "tufte-docs.css between the theme's and the directives' rules"
    assert not opened.console_errors


def test_the_docs_page_holds_what_the_comparison_is_about(sites):
    soup = sites["docs"].soup("guide/index.html")
    for selector in (
        "div.admonition.note", "div.admonition.warning", "table.docutils", "dl.field-list", "dt.sig",
        "div.versionadded", "p.rubric", "ol.loweralpha", "span.classifier", "div.line-block", "abbr",
        "nav.breadcrumbs", "nav.site-sections", "details.site-menu", "nav.page-nav",
    ):
        assert soup.select_one(selector) is not None, selector
    assert sites["docs"].soup("index.html").select_one(".toctree-wrapper p.caption") is not None


DOCS_CONTENT = {
    "admonition": "```{note}\nA note.\n```\n",
    "table": "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "field list": "```{eval-rst}\n:Author: A. Writer\n```\n",
    "signature": "```{py:function} f(x)\n```\n",
    "topic": "```{topic} A topic\nText.\n```\n",
    "lettered list": "```{eval-rst}\na. one\nb. two\n```\n",
    "raw HTML": "```{raw} html\n<table><tr><td>1</td></tr></table>\n```\n",
    "visible toctree": "```{toctree}\n:caption: Pages\n\nother\n```\n",
}


@pytest.mark.parametrize("kind", sorted(DOCS_CONTENT))
def test_a_post_links_the_documentation_stylesheet_only_when_it_holds_such_content(build, kind):
    body = "# A post\n\nWords, a list:\n\n1. one\n2. two\n\n- a\n- b\n\n" + DOCS_CONTENT[kind]
    built = build({
        "conf.py": CONF,
        "index.md": "# Home\n\nWords.\n\n```{toctree}\n:hidden:\n\nplain\nrich\nother\n```\n",
        "plain.md": "---\ndate: 2025-01-01\n---\n# Plain\n\nWords, a list:\n\n1. one\n2. two\n\n- a\n- b\n",
        "rich.md": "---\ndate: 2025-01-02\n---\n" + body,
        "other.md": "# Other\n\nWords.\n",
    })
    assert built.warning_lines() == []
    assert _links(built, "plain.html") == THEME
    assert _links(built, "rich.html")[-2:] == WITH_DOCS


def test_a_post_that_gains_an_admonition_links_the_documentation_stylesheet_after_an_incremental_build(build):
    first = build({"conf.py": CONF, "index.md": "# Home\n\nWords.\n"})
    assert _links(first, "index.html") == THEME
    source = first.srcdir / "index.md"
    source.write_text("# Home\n\nWords.\n\n```{note}\nA note.\n```\n", encoding="utf-8")
    now = time.time_ns()
    os.utime(source, ns=(now, now))
    again = build(srcdir=first.srcdir, fresh=False)
    assert _links(again, "index.html") == WITH_DOCS


@pytest.mark.parametrize("parallel", [0, 2])
def test_parallel_builds_link_the_same_stylesheets(build, parallel):
    # Posts, so that the site keeps the blog's navigation (six pages make documentation).
    pages = {f"p{i}.md": f"---\ndate: 2025-01-0{i + 1}\n---\n# P{i}\n\nWords.\n" + ("\n```{note}\nA note.\n```\n" if i % 2 else "") for i in range(6)}
    built = build({"conf.py": CONF, "index.md": "# Home\n\n```{toctree}\n:glob:\n:hidden:\n\np*\n```\n", **pages}, parallel=parallel)
    for i in range(6):
        assert _links(built, f"p{i}.html") == (WITH_DOCS if i % 2 else THEME), (parallel, i)


def test_the_output_tufte_css_is_the_theme_then_the_directives(build):
    from sphinx_tufte.theme.minify import minify

    built = build({"conf.py": CONF, "index.md": "# Home\n\nWords.\n"})
    static = built.outdir / "_static"
    theme = (ROOT / "sphinx_tufte/themes/tufte/static/tufte.css").read_text(encoding="utf-8")
    directives = (ROOT / "sphinx_tufte/static/tufte-directives.css").read_text(encoding="utf-8")
    docs = (ROOT / "sphinx_tufte/themes/tufte/static/tufte-docs.css").read_text(encoding="utf-8")
    nav = (ROOT / "sphinx_tufte/themes/tufte/static/tufte-nav.css").read_text(encoding="utf-8")
    assert (static / "tufte.css").read_text(encoding="utf-8") == minify(theme + "\n" + directives)
    assert (static / "tufte-docs.css").read_text(encoding="utf-8") == minify(nav + "\n" + docs)
    assert (static / "tufte-nav.css").read_text(encoding="utf-8") == minify(nav)
    # Other themes link the directives' own file, whole.
    assert (static / "tufte-directives.css").read_text(encoding="utf-8") == minify(directives)


def test_other_themes_link_the_directives_stylesheet_and_not_the_themes(build):
    conf = textwrap.dedent("""
        project = "T"
        html_theme = "alabaster"
        extensions = ["myst_parser", "sphinx_tufte"]
        html_baseurl = "https://example.org/"
        tufte_sidenotes = True
    """)
    built = build({"conf.py": conf, "index.md": "# T\n\nText with a note[^n].\n\n```{note}\nA note.\n```\n\n[^n]: The note.\n"})
    hrefs = _links(built, "index.html")
    assert "_static/tufte-directives.css" in hrefs
    assert not [href for href in hrefs if href in ("_static/tufte.css", "_static/tufte-docs.css")]
    assert built.soup("index.html").select_one(".sidenote") is not None
