"""\"Cite this post\": the BibTeX block parsed back by a BibTeX parser (pybtex) and
decoded as LaTeX would print it (pylatexenc), the Scholar meta tags, and the switches."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_tufte.cite import bibtex_escape

pybtex_database = pytest.importorskip("pybtex.database")
latex2text = pytest.importorskip("pylatexenc.latex2text")

CONF = """
project = "Research notes"
author = "Jane Q. Doe"
html_theme = "tufte"
extensions = ["myst_parser", "sphinx_tufte"]
html_baseurl = "https://example.org/notes/"
suppress_warnings = ["tufte.baseurl_placeholder"]
"""

TRICKY_TITLE = r'Braces {x} and }{, "quotes", a \\ backslash, 50% & $5 #1 a_b ~ ^ -- dash'
# What the title is after MyST: the escaped backslash is one; smartquotes curl the quotes.
TRICKY_TEXT = 'Braces {x} and }{, “quotes”, a \\ backslash, 50% & $5 #1 a_b ~ ^ – dash'

FILES = {
    "conf.py": CONF,
    "index.md": "# Home\n\n```{toctree}\nposts/tricky\nposts/pair\nposts/quiet\nposts/odd\nposts/plain\nabout\n```\n",
    "about.md": "# About\n\nNot a post.\n",
    "posts/tricky.md": f"---\ndate: 2024-03-05\n---\n# {TRICKY_TITLE}\n\nBody text.\n",
    "posts/pair.md": (
        "---\ndate: 2023-11-20T10:00:00\nauthors: [Ada Lovelace, Charles Babbage]\n---\n"
        "# <script>alert(1)</script> & friends\n\nText.\n"
    ),
    "posts/quiet.md": "---\ndate: 2022-01-01\ncite: false\n---\n# Not cited\n\nText.\n",
    "posts/odd.md": "---\ndate: 2022-02-02\ncite: sometimes\n---\n# Odd\n\nText.\n",
    "posts/plain.md": "---\ndate: 2022-03-03\nauthors: Jane Roe, John Poe\n---\n# Plain list\n\nText.\n",
}


def latex_to_text(value: str) -> str:
    """LaTeX to the text it prints. pylatexenc lacks three textcomp commands (and
    prints a modifier letter for the circumflex): they are added here."""
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    db = get_default_latex_context_db()
    db.add_context_category(
        "textcomp-extra",
        prepend=True,
        macros=[
            MacroTextSpec("textbraceleft", "{"),
            MacroTextSpec("textbraceright", "}"),
            MacroTextSpec("textasciicircum", "^"),
            MacroTextSpec("textasciigrave", "`"),
        ],
    )
    return LatexNodes2Text(latex_context=db, math_mode="verbatim").latex_to_text(value)


def parse_entry(text: str) -> tuple[str, Any]:
    data = pybtex_database.parse_string(text, "bibtex")
    assert len(data.entries) == 1
    return next(iter(data.entries.items()))


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from io import StringIO
    from pathlib import Path

    from conftest import Built, write_project
    from sphinx.testing.util import SphinxTestApp

    srcdir = tmp_path_factory.mktemp("cite")
    write_project(srcdir, FILES)
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO(), freshenv=True)
    app.build(force_all=True)
    app.cleanup()  # at once: a live app's registrations would leak into later builds
    return Built(app=app, srcdir=srcdir, outdir=Path(app.outdir))


def cite_block(built: Any, page: str) -> Any:
    return built.soup(page).select_one("section.tufte-cite")


def test_entry_parses_back_equal_to_the_metadata(blog: Any) -> None:
    block = cite_block(blog, "posts/tricky.html")
    assert block.select_one("h2").get_text() == "Cite this post"
    heading = blog.soup("posts/tricky.html").select_one("h1").get_text().rstrip("¶")
    assert heading == TRICKY_TEXT
    key, entry = parse_entry(block.select_one("pre").get_text())
    assert key == "doe2024braces"
    assert entry.type == "misc"
    assert [str(person) for person in entry.persons["author"]] == ["Doe, Jane Q."]
    title = entry.fields["title"]
    assert title.startswith("{") and title.endswith("}")  # capitals kept
    assert latex_to_text(title) == TRICKY_TEXT
    assert entry.fields["year"] == "2024"
    assert entry.fields["month"] == "March"  # the mar macro
    assert entry.fields["url"] == "https://example.org/notes/posts/tricky.html"


def test_authors_from_front_matter_and_escaping_in_html(blog: Any) -> None:
    html = blog.text("posts/pair.html")
    assert "<script>alert" not in html.split("<body")[0].split("application/ld+json")[0]
    block = cite_block(blog, "posts/pair.html")
    key, entry = parse_entry(block.select_one("pre").get_text())
    assert key == "lovelace2023script"
    assert [str(p) for p in entry.persons["author"]] == ["Lovelace, Ada", "Babbage, Charles"]
    assert latex_to_text(entry.fields["title"]) == "<script>alert(1)</script> & friends"
    assert entry.fields["month"] == "November"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in str(block)


def test_authors_as_plain_text_list(blog: Any) -> None:
    _, entry = parse_entry(cite_block(blog, "posts/plain.html").select_one("pre").get_text())
    assert [str(p) for p in entry.persons["author"]] == ["Roe, Jane", "Poe, John"]


def test_scholar_meta_tags(blog: Any) -> None:
    soup = blog.soup("posts/pair.html")

    def meta(name: str) -> list[str]:
        return [tag["content"] for tag in soup.select(f'meta[name="{name}"]')]

    assert meta("citation_title") == ["<script>alert(1)</script> & friends"]
    assert meta("citation_author") == ["Ada Lovelace", "Charles Babbage"]
    assert meta("citation_publication_date") == ["2023/11/20"]
    head = blog.text("posts/pair.html").split("</head>")[0]
    assert 'content="&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends"' in head
    tricky = blog.soup("posts/tricky.html")
    assert [t["content"] for t in tricky.select('meta[name="citation_author"]')] == ["Jane Q. Doe"]


def test_block_at_the_end_of_posts_only(blog: Any) -> None:
    soup = blog.soup("posts/tricky.html")
    article = soup.select_one("article")
    block = soup.select_one("section.tufte-cite")
    assert block.find_parent("article") is article
    # Nothing of the post's own text comes after it.
    assert block.find_next(string=re.compile("Body text")) is None
    assert cite_block(blog, "about.html") is None and cite_block(blog, "index.html") is None
    assert blog.soup("about.html").select('meta[name^="citation_"]') == []


def test_front_matter_turns_it_off_and_a_bad_value_is_located(blog: Any) -> None:
    assert cite_block(blog, "posts/quiet.html") is None
    assert blog.soup("posts/quiet.html").select('meta[name^="citation_"]') == []
    assert cite_block(blog, "posts/odd.html") is not None
    lines = [line for line in blog.warning_lines() if "tufte.cite" in line]
    assert len(lines) == 1
    assert re.search(r"posts/odd\.md:3: WARNING: front matter 'cite' must be true or false, not 'sometimes'", lines[0])
    assert [line for line in blog.warning_lines() if "tufte.cite" not in line] == []


def test_the_feed_has_no_cite_block(blog: Any) -> None:
    feed = blog.text("feed.xml")
    assert "Body text" in feed and "Cite this post" not in feed


def test_config_turns_it_off_and_no_base_url_means_no_url(build: Callable[..., Any]) -> None:
    off = build(FILES, confoverrides={"tufte_cite_posts": False})
    assert cite_block(off, "posts/tricky.html") is None
    assert off.soup("posts/tricky.html").select('meta[name^="citation_"]') == []
    no_base = build({**FILES, "conf.py": CONF.replace('html_baseurl = "https://example.org/notes/"', "")})
    _, entry = parse_entry(cite_block(no_base, "posts/tricky.html").select_one("pre").get_text())
    assert "url" not in entry.fields and entry.fields["year"] == "2024"


def test_dirhtml_urls(build: Callable[..., Any]) -> None:
    built = build(FILES, buildername="dirhtml")
    _, entry = parse_entry(cite_block(built, "posts/tricky/index.html").select_one("pre").get_text())
    assert entry.fields["url"] == "https://example.org/notes/posts/tricky/"


TITLE_CHARS = st.text(
    alphabet=st.sampled_from(list("abcXYZ 019{}\\%&$#_~^`'\",.-<>!?@=()[]éß—“")), min_size=1, max_size=40
).filter(lambda text: text.strip())


@settings(max_examples=120, deadline=None)
@given(TITLE_CHARS)
def test_any_title_parses_back_to_itself(title: str) -> None:
    entry_text = "@misc{key,\n  title = {{" + bibtex_escape(title) + "}}\n}\n"
    _, entry = parse_entry(entry_text)
    assert latex_to_text(entry.fields["title"]) == " ".join(title.split())


def test_entry_function_with_names_that_need_escaping() -> None:
    from types import SimpleNamespace

    from sphinx_tufte.cite import bibtex_entry
    from sphinx_tufte.posts.metadata import Post

    post = Post(docname="p", title="T", date=dt.datetime(2021, 12, 1, tzinfo=dt.UTC), has_time=False,
                author="Ann {Braces} O'Neil and Bob_Smith")
    app = SimpleNamespace(
        env=SimpleNamespace(metadata={}),
        config=SimpleNamespace(tufte_author="", author="", html_baseurl=""),
    )
    key, entry = parse_entry(bibtex_entry(app, post))  # type: ignore[arg-type]
    assert key == "oneil2021t"
    names = [latex_to_text(" ".join(p.bibtex_first_names + p.prelast_names + p.last_names)) for p in entry.persons["author"]]
    assert names == ["Ann {Braces} O'Neil", "Bob_Smith"]
    assert entry.fields["month"] == "December"


@pytest.mark.vnu
def test_valid_html(blog: Any, vnu: Callable[..., Any]) -> None:
    assert vnu([blog.outdir / "posts/tricky.html", blog.outdir / "posts/pair.html"]) == []


@pytest.mark.browser
def test_no_accessibility_violations_and_one_click_selects_the_entry(
    blog: Any, open_page: Callable[..., Any], axe: Callable[..., Any]
) -> None:
    from conftest import describe_violations

    for width, scheme in ((1400, "light"), (375, "dark")):
        opened = open_page(blog.outdir, "posts/tricky.html", width=width, scheme=scheme)
        violations = axe(opened.page)
        assert violations == [], describe_violations(violations)
        pre = opened.page.locator(".tufte-cite pre")
        box = pre.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, "the entry wraps instead of overflowing"
        pre.click()
        selected = opened.page.evaluate("window.getSelection().toString()")
        assert selected.strip() == pre.inner_text().strip()


def test_under_another_theme(build: Callable[..., Any]) -> None:
    conf = CONF.replace('html_theme = "tufte"', 'html_theme = "alabaster"').replace(
        'extensions = ["myst_parser"]', 'extensions = ["myst_parser", "sphinx_tufte"]'
    )
    other = build({**FILES, "conf.py": conf})
    soup = other.soup("posts/tricky.html")
    block = soup.select_one("section.tufte-cite")
    assert block is not None and block.find_parent(class_="body") is not None
    assert [t["content"] for t in soup.select('meta[name="citation_author"]')] == ["Jane Q. Doe"]


def test_a_title_with_math_and_emphasis_is_cited_as_latex(build: Callable[..., Any]) -> None:
    conf = CONF + 'myst_enable_extensions = ["dollarmath"]\n'
    built = build({
        "conf.py": conf,
        "index.md": "# Home\n\n```{toctree}\nposts/beta\nposts/open\n```\n",
        "posts/beta.md": "---\ndate: 2024-03-05\n---\n# What $\\beta$ does to *attention* and `code`\n\nText.\n",
        # A brace left open in the math: BibTeX would end the field there.
        "posts/open.md": "---\ndate: 2024-04-05\n---\n# Cases $\\left\\{ x \\right.$ open\n\nText.\n",
    })
    _key, entry = parse_entry(cite_block(built, "posts/beta.html").select_one("pre").get_text())
    assert entry.fields["title"] == r"{What $\beta$ does to \emph{attention} and \texttt{code}}"
    assert latex_to_text(entry.fields["title"]).startswith(r"What $\beta$ does to attention and")
    _key, entry = parse_entry(cite_block(built, "posts/open.html").select_one("pre").get_text())
    assert latex_to_text(entry.fields["title"]) == r"Cases \left\{ x \right. open"


@settings(max_examples=150, deadline=None)
@given(
    title=TITLE_CHARS,
    authors=st.lists(TITLE_CHARS, max_size=3),
    month=st.integers(min_value=1, max_value=12),
    path=st.one_of(st.none(), st.text(alphabet=st.sampled_from(list("ab/ {}\\%é#?")), max_size=12)),
)
def test_the_highlighted_entry_is_what_pygments_writes_for_it(title: str, authors: list[str], month: int, path: str | None) -> None:
    """The citation block is written from the entry's tokens, not by lexing its text: the
    tokens must be the BibTeX lexer's, so the page is the same as when Pygments lexed it."""
    from pygments import format as pygments_format
    from pygments import highlight
    from pygments.lexers import BibTeXLexer

    from sphinx_tufte.cite import MONTHS, bibtex_tokens, bibtex_url
    from sphinx_tufte.code import TufteHtmlFormatter

    fields = []
    if authors:
        fields.append(("author", "{" + " and ".join(bibtex_escape(name) for name in authors) + "}"))
    fields.append(("title", "{{" + bibtex_escape(title) + "}}"))
    fields += [("year", "{2024}"), ("month", MONTHS[month - 1])]
    if path is not None:
        fields.append(("url", "{" + bibtex_url("https://example.org/" + path) + "}"))
    tokens = list(bibtex_tokens("key2024word", fields))
    text = "".join(value for _, value in tokens)
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    assert text == f"@misc{{key2024word,\n{body}\n}}\n"
    assert pygments_format(tokens, TufteHtmlFormatter()) == highlight(text, BibTeXLexer(), TufteHtmlFormatter())
