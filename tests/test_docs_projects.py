"""A documentation project as its maintainer makes one (issue 14, "done when"): a
``sphinx-quickstart`` project (separate source and build folders, everything else the
defaults) that only adds the extension and ``html_theme = "tufte"``, with a nested
toctree, an autodoc page, a figure with its own width, every admonition kind and a
right-aligned table. Built as its maintainer builds it, ``python -m sphinx -W`` in a
subprocess, and read as a reader reads it: the way through the pages, the search box,
nothing warned, axe and the Nu checker clean.

Sphinx's own documentation and docutils' against alabaster are benchmarks/docs_projects.py
(they need a download, which a test may not do)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest

from conftest import ROOT, describe_violations
from test_docs_content import box_png

pytestmark = pytest.mark.slow

# What the maintainer adds to the conf.py quickstart wrote, below everything it wrote.
CONF_TAIL = """
import os, sys
sys.path.insert(0, os.path.abspath(".."))
extensions += ["sphinx.ext.autodoc", "sphinx_tufte"]
html_theme = "tufte"
"""

MODULE = '''
"""Frobnicating widgets, for the API page."""


class Widget:
    """A widget that can be frobnicated.

    :param name: What the widget is called.
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def frobnicate(self, times: int = 1) -> str:
        """Frobnicate the widget.

        :param times: How often.
        :returns: The widget's name, frobnicated.
        """
        return self.name * times
'''

ADMONITIONS = ["attention", "caution", "danger", "error", "hint", "important", "note", "tip", "warning", "seealso"]

PAGES = {
    "guide/index.rst": """
        User guide
        ==========

        How to use the widgets.

        .. toctree::
           :maxdepth: 1

           install
           usage
    """,
    "guide/install.rst": """
        Installing
        ==========

        Installing widgets takes two steps.

        From the package index
        ----------------------

        Run the installer.

        From source
        -----------

        Build it yourself.
    """,
    "guide/usage.rst": """
        Usage
        =====

        Make a widget, then frobnicate it with :py:meth:`quickmod.Widget.frobnicate`.
    """,
    "api.rst": """
        API
        ===

        .. automodule:: quickmod
           :members:
    """,
    "content.rst": "\n".join(
        [
            "Content",
            "=======",
            "",
            "What documentation pages hold.",
            "",
            ".. figure:: box.png",
            "   :figwidth: 300px",
            "   :alt: A grey box",
            "",
            "   A figure with a width of its own.",
            "",
            ".. table:: A table aligned right",
            "   :align: right",
            "",
            "   =====  =====",
            "   one    two",
            "   =====  =====",
            "   1      2",
            "   =====  =====",
            "",
        ]
        + [f".. {kind}:: The {kind} admonition's text.\n" for kind in ADMONITIONS]
        + [".. admonition:: A titled admonition\n", "   Its text.", ""]
        + ["Widgets are described in [Tufte]_ and [Doe]_.", ""]
        + [".. [Tufte] E. Tufte, *The Visual Display of Quantitative Information*.", ""]
        + [".. [Doe] J. Doe, *Widgets*.", ""]
    ),
}

PAGE_ORDER = ["index", "guide/index", "guide/install", "guide/usage", "api", "content"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # The checkout, not the copy installed in the venv.
    env = os.environ | {"PYTHONPATH": str(ROOT), "LC_ALL": "C.UTF-8"}
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def quickstart(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The project, built once: (its html folder, the build's finished process)."""
    root = tmp_path_factory.mktemp("quickstart")
    made = run(
        "-m", "sphinx.cmd.quickstart", "-q", "--sep", "-p", "Widgets", "-a", "A. Maintainer", "-v", "1.0",
        str(root), cwd=root,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    source = root / "source"
    with (source / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(CONF_TAIL)
    index = source / "index.rst"
    # Quickstart's index ends with its toctree, empty: the pages go into it.
    index.write_text(index.read_text(encoding="utf-8") + "\n   guide/index\n   api\n   content\n", encoding="utf-8")
    for name, text in PAGES.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(dedent(text).lstrip("\n"), encoding="utf-8")
    (source / "box.png").write_bytes(box_png())
    (root / "quickmod.py").write_text(MODULE.lstrip("\n"), encoding="utf-8")
    built = run("-m", "sphinx", "-W", "--keep-going", "-b", "html", "source", "build/html", cwd=root)
    return root / "build" / "html", built


@pytest.fixture(scope="module")
def html(quickstart: tuple[Path, subprocess.CompletedProcess[str]]) -> Path:
    outdir, built = quickstart
    assert built.returncode == 0, built.stderr
    return outdir


def soup(outdir: Path, name: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup((outdir / name).read_text(encoding="utf-8"), "lxml")


def test_builds_with_W_and_warns_nothing(quickstart):
    outdir, built = quickstart
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr and "ERROR" not in built.stderr, built.stderr
    assert built.stderr.strip() == "", built.stderr
    for page in PAGE_ORDER:
        assert (outdir / f"{page}.html").is_file(), page


def test_every_page_has_previous_next_sections_and_search_in_its_html(html):
    for position, page in enumerate(PAGE_ORDER):
        document = soup(html, f"{page}.html")
        form = document.select_one("header form.site-search")
        assert form is not None and form.get("method", "get").lower() == "get", page
        assert form["action"].endswith("search.html") and form.select_one("input[name=q]") is not None, page
        sections = document.select_one("header nav.site-sections")
        assert sections is not None, page
        assert [a.get_text(strip=True) for a in sections.select("a")][:3] == ["User guide", "API", "Content"], page
        pager = document.select_one("nav.page-nav")
        if position == 0:
            continue
        previous = pager.select_one("a[rel=prev]")
        assert previous is not None, page
        want = PAGE_ORDER[position - 1]
        assert (html / page).parent.joinpath(previous["href"]).resolve() == (html / f"{want}.html").resolve(), page
        if position < len(PAGE_ORDER) - 1:
            following = pager.select_one("a[rel=next]")
            want = PAGE_ORDER[position + 1]
            assert (html / page).parent.joinpath(following["href"]).resolve() == (html / f"{want}.html").resolve()


def test_the_toctree_caption_is_a_heading_with_a_level(html):
    # Quickstart's "Contents:" caption, under the page's h1: ARIA needs the level.
    caption = soup(html, "index.html").select_one("div.toctree-wrapper p.caption")
    assert caption["role"] == "heading" and caption["aria-level"] == "2"
    assert caption.get_text(strip=True).startswith("Contents:")


def test_what_the_content_page_holds(html):
    document = soup(html, "content.html")
    kinds = {kind for div in document.select("article div.admonition") for kind in div["class"]}
    assert set(ADMONITIONS) <= kinds, kinds
    assert document.select_one("article figure img[alt='A grey box']") is not None
    assert document.select_one("article table.align-right") is not None
    # Citations are items of their list (docutils' doc-biblioentry is deprecated ARIA).
    citations = document.select("article div.citation-list > div.citation")
    assert [c["role"] for c in citations] == ["listitem", "listitem"]
    api = soup(html, "api.html")
    assert api.select_one("dl.py.class dt.sig .sig-name").get_text(strip=True) == "Widget"
    assert api.select_one("dl.py.method dt.sig") is not None


def visible(page, selector: str) -> bool:
    return bool(
        page.evaluate(
            """(s) => { const e = document.querySelector(s); if (!e) return false;
              const r = e.getBoundingClientRect(), c = getComputedStyle(e);
              return r.width > 0 && r.height > 0 && c.visibility !== 'hidden' && c.display !== 'none'; }""",
            selector,
        )
    )


@pytest.mark.browser
@pytest.mark.parametrize("width", [1400, 375])
def test_a_reader_sees_the_way_through(html, open_page, width):
    page = open_page(html, "guide/install.html", width=width).page
    assert visible(page, "nav.page-nav a[rel=prev]") and visible(page, "nav.page-nav a[rel=next]")
    assert visible(page, "header form.site-search input[name=q]")
    if width == 1400:
        assert visible(page, "header nav.site-sections a")
    else:
        # On a phone the sections fold behind the menu's button.
        assert visible(page, "header details.site-menu > summary")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


# Sphinx's own scripts (search, highlighting, keys) differ between versions.
@pytest.mark.every_sphinx
@pytest.mark.browser
def test_search_finds_a_word_and_shows_it_in_a_snippet(html, open_page):
    opened = open_page(html, "search.html?q=frobnicated")
    page = opened.page
    # Sphinx lists a result at once and adds its snippet when the page it fetched for
    # it arrives: wait for the snippet, not the item (under load the item came first).
    page.wait_for_function(
        "[...document.querySelectorAll('#search-results li')]"
        ".some(li => li.querySelector('a').href.endsWith('api.html') && li.querySelector('p.context'))",
        timeout=20000,
    )
    results = page.evaluate(
        "[...document.querySelectorAll('#search-results li')].map(li => [li.querySelector('a').href,"
        " li.querySelector('p.context') ? li.querySelector('p.context').textContent : ''])"
    )
    assert any(href.endswith("api.html") and "frobnicated" in text.lower() for href, text in results), results
    assert page.query_selector("#search-results li p.context .highlighted, #search-results mark") is not None
    assert opened.console_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("name", ["guide/install.html", "content.html"])
@pytest.mark.parametrize("width", [1400, 375])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_clean(html, open_page, axe, name, width, scheme):
    opened = open_page(html, name, width=width, scheme=scheme)
    violations = axe(opened.page)
    assert violations == [], describe_violations(violations)
    assert opened.foreign_requests == [] and opened.console_errors == []


@pytest.mark.vnu
def test_nu_checker_clean(html, vnu):
    pages = [html / f"{page}.html" for page in PAGE_ORDER] + [html / "genindex.html", html / "search.html"]
    assert vnu(pages) == []


# LaTeX that docutils' math reference (docs/ref/rst/mathematics.rst) uses and MathJax
# under alabaster renders: each gave a tufte.math warning and showed its source.
DOCUTILS_MATH = {
    r"\left\arrowvert x \right\Arrowvert": ["|", "‖"],
    r"\bracevert": ["|"],
    r"\mathbfit{r}^2=x^2+y^2": ["𝒓"],
    r"\mathsfbfit{A}": ["𝘈"],
    r"3\mspace{20mu}4": ["<mspace"],
    r"\intop_0^1 \quad \ointop_c": ["∫", "∮"],
}


def test_math_that_docutils_reference_uses_renders_without_warnings(build):
    roles = "\n\n".join(f":math:`{tex}`" for tex in DOCUTILS_MATH)
    blocks = "\n\n".join(f".. math:: {tex}" for tex in DOCUTILS_MATH)
    built = build({"conf.py": 'project = "M"\nhtml_theme = "tufte"\nextensions = ["sphinx_tufte"]\n',
                   "index.rst": f"Math\n====\n\n{roles}\n\n{blocks}\n"})  # fmt: skip
    assert built.warning_lines() == [], built.warnings
    maths = built.soup().select("article math")
    assert len(maths) == 2 * len(DOCUTILS_MATH)
    for math, (tex, wanted) in zip(maths, [*DOCUTILS_MATH.items()] * 2):
        for text in wanted:
            assert text in str(math), (tex, str(math))
