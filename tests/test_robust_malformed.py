"""The malformed-input corpus: one test per input.

Each input either gives a warning at its file and line (and the build finishes, and
``-W`` turns the warning into a failing build), or has a sensible rendering that the
test spells out (a note in a table stays a sidenote in that cell, ...).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from site_compare import BLOG_CONF, PNG

POST = "---\ndate: 2024-05-01\ntags: [a]\nblurb: A post.\n---\n# A post\n\nText.\n"
HOME_WITH_POST = "# Home\n\n```{toctree}\n:hidden:\n\npost\n```\n"


def site(files: dict[str, Any]) -> dict[str, Any]:
    files = dict(files)
    files.setdefault("conf.py", BLOG_CONF)
    files.setdefault("index.md", HOME_WITH_POST if "post.md" in files else "# Home\n\nText.\n")
    return files


def assert_located_warning(
    build: Callable[..., Any],
    files: dict[str, Any],
    path: str,
    line: int | tuple[int, ...],
    kind: str,
    page: str = "index.html",
) -> str:
    """The input warns at ``path:line`` with ``[kind]``, the page is written, and the
    same input fails a build with ``-W``. Returns the warning's text.

    ``line`` may be several lines where MyST versions differ (MyST 4 puts a directive's
    option errors at the directive, MyST 5 at the option, and names the file
    ``index.md.rst``)."""
    built = build(site(files))
    assert built.app.statuscode == 0, built.warnings
    assert (built.outdir / page).is_file(), f"{page} was not written"
    lines = "|".join(str(n) for n in ((line,) if isinstance(line, int) else line))
    where = re.escape(str(built.srcdir / path)) + rf"(?:\.rst)?:(?:{lines}): (?:WARNING|ERROR): "
    matches = [w for w in built.warning_lines() if re.match(where, w) and w.rstrip().endswith(f"[{kind}]")]
    assert matches, f"no warning at {path}:{line} [{kind}] in:\n{built.warnings}"

    strict = build(site(files), warningiserror=True)
    assert strict.app.statuscode != 0, "-W did not fail the build"
    return matches[0]


def quiet_page(build: Callable[..., Any], files: dict[str, Any], page: str = "index.html") -> Any:
    """A documented rendering: no warning, and the page as BeautifulSoup."""
    built = build(site(files))
    assert built.app.statuscode == 0
    assert built.warning_lines() == [], built.warnings
    return built.soup(page)


# ---- posts -------------------------------------------------------------------------


def test_date_that_is_not_a_date(build):
    message = assert_located_warning(
        build, {"post.md": "---\ndate: last tuesday\n---\n# P\n\nText.\n"}, "post.md", 2, "tufte.post.date", "post.html"
    )
    assert "last tuesday" in message


def test_date_that_does_not_exist(build):
    assert_located_warning(
        build, {"post.md": "---\ndate: '2024-02-30'\n---\n# P\n\nText.\n"}, "post.md", 2, "tufte.post.date", "post.html"
    )


def test_date_yaml_would_reject(build):
    # Unquoted, YAML's own date type cannot hold the impossible day; the field still
    # warns at its own line.
    assert_located_warning(
        build, {"post.md": "---\ndate: 2024-13-45\n---\n# P\n\nText.\n"}, "post.md", 2, "tufte.post.date", "post.html"
    )


def test_updated_that_is_not_a_date(build):
    files = {"post.md": "---\ndate: 2024-01-01\nupdated: soon\n---\n# P\n\nText.\n"}
    assert_located_warning(build, files, "post.md", 3, "tufte.post.date", "post.html")


def test_draft_that_is_not_a_boolean(build):
    files = {"post.md": "---\ndate: 2024-01-01\ndraft: perhaps\n---\n# P\n\nText.\n"}
    assert_located_warning(build, files, "post.md", 3, "tufte.post.draft", "post.html")


def test_postlist_with_a_tag_no_post_has(build):
    files = {"post.md": POST, "index.md": HOME_WITH_POST + "\n```{postlist}\n:tags: nosuchtag\n```\n"}
    assert_located_warning(build, files, "index.md", 9, "tufte.postlist")


def test_postlist_with_a_bad_limit(build):
    files = {"post.md": POST, "index.md": HOME_WITH_POST + "\n```{postlist}\n:limit: many\n```\n"}
    assert_located_warning(build, files, "index.md", 9, "tufte.postlist")


def test_postlist_with_an_unknown_option(build):
    files = {"post.md": POST, "index.md": HOME_WITH_POST + "\n```{postlist}\n:bogus: 1\n```\n"}
    assert_located_warning(build, files, "index.md", (9, 10), "myst.directive_option")


# ---- notes ---------------------------------------------------------------------------


def test_empty_footnote(build):
    files = {"index.md": "# T\n\nText[^e] here.\n\n[^e]:\n"}
    assert_located_warning(build, files, "index.md", 5, "tufte.empty_note")


def test_empty_margin_note_footnote(build):
    files = {"index.md": "# T\n\nText[^e] here.\n\n[^e]: {-}\n"}
    assert_located_warning(build, files, "index.md", 5, "tufte.empty_note")


def test_empty_sidenote_directive(build):
    files = {"index.md": "# T\n\nText here.\n\n```{sidenote}\n```\n"}
    assert_located_warning(build, files, "index.md", 5, "tufte.empty_note")


def test_empty_marginnote_directive(build):
    files = {"index.md": "# T\n\nText here.\n\n```{marginnote}\n```\n"}
    assert_located_warning(build, files, "index.md", 5, "tufte.empty_note")


def test_empty_sidenote_role(build):
    files = {"index.md": "# T\n\nText {sidenote}` ` here.\n"}
    assert_located_warning(build, files, "index.md", 3, "tufte.empty_note")


def test_footnote_defined_twice(build):
    files = {"index.md": "# T\n\nText[^d].\n\n[^d]: One.\n[^d]: Two.\n"}
    assert_located_warning(build, files, "index.md", 6, "ref.footnote")


def test_reference_to_a_footnote_never_defined(build):
    files = {"index.md": "# T\n\nText[^nope].\n"}
    assert_located_warning(build, files, "index.md", 3, "docutils")


def test_footnote_inside_a_footnote(build):
    """A footnote referenced only from inside another note becomes a note nested in
    it, numbered after it; no footnote list is left at the end of the page."""
    soup = quiet_page(build, {"index.md": "# T\n\nText[^a] here.\n\n[^a]: Outer[^b] note.\n[^b]: Inner note.\n"})
    assert [m.get_text() for m in soup.select(".sidenote-marker")] == ["1", "2"]
    outer = soup.find(id="sn-1")
    assert "Outer" in outer.get_text() and "Inner note." in outer.get_text()
    assert soup.get_text().count("Inner note.") == 1
    assert soup.select("aside.footnote, .footnote-list") == []


def test_sidenote_directive_inside_a_sidenote_directive(build):
    files = {"index.md": "# T\n\nText here.\n\n````{sidenote}\nOuter.\n\n```{sidenote}\nInner.\n```\n````\n"}
    soup = quiet_page(build, files)
    numbers = [b.get_text() for b in soup.select("button.sidenote-number")]
    assert numbers == ["1", "2"]
    notes = soup.select(".sidenote")
    assert "Outer." in notes[0].get_text() and "Inner." in notes[-1].get_text()


@pytest.mark.parametrize(
    ("source", "container"),
    [
        ("| a | b |\n|---|---|\n| x[^n] | y |\n", "td"),
        ("```{figure} img.png\n:alt: A dot\n\nA caption[^n].\n```\n", "figcaption"),
        (":::{note}\nAdmonition text[^n].\n:::\n", "div.admonition"),
        ("- item[^n]\n- other\n", "li"),
        ("Term\n: Definition[^n].\n", "dd"),
    ],
    ids=["table", "caption", "admonition", "list", "definition-list"],
)
def test_footnote_in_a_block(build, source, container):
    """A note where running text goes stays a numbered sidenote in that very place."""
    soup = quiet_page(build, {"index.md": f"# T\n\n{source}\n[^n]: The note.\n", "img.png": PNG})
    note = soup.select_one(f"{container} .sidenote")
    assert note is not None, soup.find("article")
    assert "The note." in note.get_text()
    assert soup.select_one(f"{container} button.sidenote-number").get_text() == "1"
    # And not a second time as an ordinary footnote at the end.
    assert soup.get_text().count("The note.") == 1


def test_footnote_in_a_heading(build):
    """HTML allows no note inside a heading: the note follows the heading, which links
    to it with its number."""
    soup = quiet_page(build, {"index.md": "# T\n\n## Heading[^n]\n\nText.\n\n[^n]: The note.\n"})
    heading = soup.find("h2")
    link = heading.select_one("a.sidenote-number")
    assert link is not None and link.get_text() == "1", heading
    note = soup.find(id=link["href"][1:])
    assert note is not None and "The note." in note.get_text()
    assert heading not in note.parents and note not in heading.descendants
    assert soup.get_text().count("The note.") == 1


def test_sidenote_role_in_a_heading(build):
    """The explicit role behaves like a footnote in a heading: the note follows it."""
    soup = quiet_page(build, {"index.md": "# T\n\n## Heading {sidenote}`The note.`\n\nText.\n"})
    link = soup.find("h2").select_one("a.sidenote-number")
    assert link is not None and link.get_text() == "1"
    assert "The note." in soup.find(id=link["href"][1:]).get_text()


def test_sidenote_role_in_a_footnote_never_referenced(build):
    """Found by test_robust_fuzz: the unreferenced footnote holding a note must not
    stop the build; the note is still shown on the page."""
    built = build(site({"index.md": "# T\n\nText.\n\n[^a]: {sidenote}`inner text`\n"}))
    assert built.app.statuscode == 0
    assert "inner text" in built.soup().find("article").get_text()


def test_footnote_in_a_post_title(build):
    """The note is linked from the title, and never part of the page title, the listing
    or the feed's title."""
    files = {
        "post.md": "---\ndate: 2024-01-01\nauthor: Ann Other\n---\n# Post title[^t]\n\nText.\n\n[^t]: Title note.\n",
        "index.md": HOME_WITH_POST + "\n```{postlist}\n```\n",
    }
    built = build(site(files))
    assert built.warning_lines() == [], built.warnings
    post = built.soup("post.html")
    link = post.find("h1").select_one("a.sidenote-number")
    assert link is not None and "Title note." in post.find(id=link["href"][1:]).get_text()
    assert post.title.get_text().startswith("Post title") and "Title note" not in post.title.get_text()
    assert post.find("meta", property="og:title")["content"] == "Post title"
    assert built.soup().select_one(".postlist-title").get_text() == "Post title"
    assert "<title>Post title</title>" in built.text("feed.xml")


# ---- figures, images, math, theme options -------------------------------------------


def test_missing_image(build):
    assert_located_warning(build, {"index.md": "# T\n\n![alt text](missing.png)\n"}, "index.md", 3, "image.not_readable")


def test_missing_margin_figure_image(build):
    files = {"index.md": "# T\n\nText.\n\n```{margin-figure} missing.png\n:alt: a\n\nCaption.\n```\n"}
    assert_located_warning(build, files, "index.md", 5, "image.not_readable")


def test_margin_figure_with_an_unknown_option(build):
    files = {"index.md": "# T\n\n```{margin-figure} img.png\n:alt: a\n:nonsense: 1\n\nCap.\n```\n", "img.png": PNG}
    assert_located_warning(build, files, "index.md", (3, 5), "myst.directive_option")


def test_equation_that_does_not_parse(build):
    assert_located_warning(build, {"index.md": "# T\n\n$$\n\\frac{1}{\n$$\n"}, "index.md", 3, "tufte.math")


def test_theme_option_of_the_wrong_type(build):
    files = {"conf.py": BLOG_CONF + 'html_theme_options = {\n    "dark_toggle": "maybe",\n}\n'}
    # At the line that names the option, not only where the dictionary starts.
    line = files["conf.py"].splitlines().index('    "dark_toggle": "maybe",') + 1
    message = assert_located_warning(build, files, "conf.py", line, "tufte.theme_option")
    assert "dark_toggle" in message
