"""Posts as writers write them (issue 15): a title in front matter, dated pages outside
``posts/``, drafts kept out of everything a reader or a search engine finds, blurbs with
the body's smart quotes, and "Cite this post" without an author."""

from __future__ import annotations

import json
import shutil
from typing import Any

import pytest
from harness import Built

BASE = "https://janedoe.org/"
CONF = f"""
project = "Jane's notes"
html_theme = "tufte"
extensions = ["myst_parser", "sphinx_tufte"]
html_baseurl = "{BASE}"
tufte_author = "Jane Doe"
"""

HOME = """\
# Home

```{postlist}
```

```{toctree}
:hidden:
about
```
"""

# Jekyll's and Hugo's habit: the title in front matter, sections from ``##``.
FRONT_TITLE = """\
---
date: 2024-05-01
title: A "front" title
blurb: '"Quoted" and it''s done'
---
The opening paragraph.

## First part

More text.
"""

BOTH_TITLES = """\
---
date: 2024-04-01
title: What the front matter says
---
(both-label)=
# What the heading says

Text, and a link to {ref}`both-label`.
"""

SAME_TITLES = """\
---
date: 2024-03-15
title: One title
---
# One title

Text.
"""

REST_TITLE = """\
:date: 2024-03-01
:title: A reST title

Body of a reST post without a heading.
"""

DATED_ELSEWHERE = """\
---
date: 2024-02-01
blurb: Written outside posts/.
---
# Dated elsewhere

A page with a date, in no toctree.
"""

DRAFT = """\
---
date: 2024-06-01
draft: true
tags: [secret]
---
# Secret draft

zanzibarquux is the word only this draft has.
"""


def site(**extra: str) -> dict[str, str]:
    files = {
        "conf.py": CONF,
        "index.md": HOME,
        "about.md": "# About\n\nNot a post.\n",
        "posts/front.md": FRONT_TITLE,
        "posts/both.md": BOTH_TITLES,
        "posts/same.md": SAME_TITLES,
        "posts/rest.rst": REST_TITLE,
        "notes/dated.md": DATED_ELSEWHERE,
        "posts/draft.md": DRAFT,
    }
    files.update(extra)
    return files


def listed_titles(built: Built, page: str = "index.html") -> list[str]:
    return [link.get_text() for link in built.soup(page).select("ul.postlist .postlist-title")]


def search_index(built: Built) -> dict[str, Any]:
    text = built.text("searchindex.js")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def searchable_docnames(built: Built, word: str) -> set[str]:
    """The documents Sphinx's search finds for ``word`` (its stemmed form)."""
    index = search_index(built)
    found: set[str] = set()
    for table in ("terms", "titleterms"):
        for term, where in index[table].items():
            if term.startswith(word[:6].lower()):
                for number in [where] if isinstance(where, int) else where:
                    found.add(index["docnames"][number])
    return found


def xml(built: Built, name: str) -> Any:
    from bs4 import BeautifulSoup

    return BeautifulSoup(built.text(name), "xml")


def sitemap_locs(built: Built) -> list[str]:
    return [loc.get_text() for loc in xml(built, "sitemap.xml").find_all("loc")]


@pytest.fixture(scope="module")
def blog(shared_build: Any) -> Built:
    return shared_build(site())


# ---- 1. a title in front matter ---------------------------------------------------


def test_front_matter_title_is_listed_fed_cited_and_shown(blog: Built) -> None:
    curled = "A \N{LEFT DOUBLE QUOTATION MARK}front\N{RIGHT DOUBLE QUOTATION MARK} title"
    assert curled in listed_titles(blog)
    page = blog.soup("posts/front.html")
    assert [h1.get_text(strip=True).rstrip("#¶") for h1 in page.find_all("h1")] == [curled]
    # Its ``##`` sections are sections of that title, as MyST's title_to_header makes them.
    assert page.find("h2").get_text(strip=True).rstrip("#¶") == "First part"
    assert curled in page.title.get_text()
    assert page.find("meta", attrs={"name": "citation_title"})["content"] == curled
    feed = xml(blog, "feed.xml")
    assert curled in [title.get_text() for title in feed.find_all("title")]
    assert "<no title>" not in blog.text("index.html") + blog.text("feed.xml") + blog.text("archive.html")
    assert "myst.header" not in blog.warnings


def test_rest_title_field_is_the_title_of_a_page_without_heading(blog: Built) -> None:
    assert "A reST title" in listed_titles(blog)
    h1 = blog.soup("posts/rest.html").find_all("h1")
    assert [h.get_text(strip=True).rstrip("#¶") for h in h1] == ["A reST title"]


def test_heading_and_front_matter_title_that_differ_warn_once_and_the_heading_wins(blog: Built) -> None:
    warnings = [line for line in blog.warning_lines() if "[tufte.title]" in line]
    assert len(warnings) == 1, blog.warnings
    assert "posts/both.md:3:" in warnings[0]
    assert "'What the front matter says'" in warnings[0] and "'What the heading says'" in warnings[0]
    page = blog.soup("posts/both.html")
    assert [h.get_text(strip=True).rstrip("#¶") for h in page.find_all("h1")] == ["What the heading says"]
    # The label before the heading still names that heading.
    assert page.select_one("a.reference.internal[href=\"#both-label\"]").get_text() == "What the heading says"
    assert "What the heading says" in listed_titles(blog)
    # The same title twice is one heading and no warning.
    same = blog.soup("posts/same.html")
    assert [h.get_text(strip=True).rstrip("#¶") for h in same.find_all("h1")] == ["One title"]


# ---- 2. dated pages anywhere are posts ------------------------------------------------


def test_dated_page_outside_posts_needs_no_toctree(blog: Built) -> None:
    assert "toctree" not in blog.warnings, blog.warnings
    # The only warning of the site is the differing title above.
    assert [line for line in blog.warning_lines() if "[tufte.title]" not in line] == []
    assert "Dated elsewhere" in listed_titles(blog)
    assert "Dated elsewhere" in listed_titles(blog, "archive.html")
    # It takes its place between its neighbours by date.
    older = blog.soup("notes/dated.html").select_one("a.post-nav-newer")
    assert older is not None and "A reST title" in older.get_text()
    assert BASE + "notes/dated.html" in sitemap_locs(blog)


def test_dated_pages_outside_toctrees_pass_with_warnings_as_errors(build: Any) -> None:
    built = build(
        {"conf.py": CONF, "index.md": HOME, "about.md": "# About\n", "notes/dated.md": DATED_ELSEWHERE},
        warningiserror=True,
    )
    assert built.statuscode == 0 and not built.warning_lines(), built.warnings
    # Incremental: the same page read again, still without a toctree.
    (built.srcdir / "notes/dated.md").write_text(DATED_ELSEWHERE + "\nEdited.\n", encoding="utf-8")
    again = build(srcdir=built.srcdir, fresh=False, warningiserror=True)
    assert not again.warning_lines(), again.warnings


# ---- 3. drafts -------------------------------------------------------------------------


def test_hidden_draft_is_built_but_found_by_no_reader_or_search_engine(blog: Built) -> None:
    assert (blog.outdir / "posts/draft.html").is_file()
    page = blog.soup("posts/draft.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "Secret draft" not in listed_titles(blog)
    assert BASE + "posts/draft.html" not in sitemap_locs(blog)
    assert "posts/draft" not in searchable_docnames(blog, "zanzibarquux")
    assert "Secret draft" not in search_index(blog)["titles"]
    # A published post is found by its words, and has no robots tag.
    assert "notes/dated" in searchable_docnames(blog, "elsewhere")
    assert blog.soup("notes/dated.html").find("meta", attrs={"name": "robots"}) is None


def test_shown_drafts_are_marked_draft_in_listings_and_on_the_page(build: Any) -> None:
    built = build(site(), confoverrides={"tufte_drafts": "show"})
    item = next(li for li in built.soup().select("li.postlist-item") if "Secret draft" in li.get_text())
    label = item.select_one(".postlist-draft")
    assert label is not None and label.get_text() == "Draft"
    assert built.soup("posts/draft.html").select_one("p.post-meta .post-draft").get_text() == "Draft"
    # Listed for the preview, never offered to search engines or feed readers.
    assert built.soup("posts/draft.html").find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert BASE + "posts/draft.html" not in sitemap_locs(built)
    assert "Secret draft" not in built.text("feed.xml")


def test_tufte_show_drafts_is_the_show_mode(build: Any) -> None:
    built = build(site(), confoverrides={"tufte_show_drafts": True})
    assert "Secret draft" in listed_titles(built)
    assert built.soup().select_one(".postlist-draft") is not None


def test_skipped_drafts_are_not_written_and_links_to_them_are_text(build: Any) -> None:
    linking = "---\ndate: 2024-07-01\n---\n# Linking\n\nSee {doc}`draft` soon.\n\nAnd [the draft](draft.md) later.\n"
    built = build(site(**{"posts/linking.md": linking}), confoverrides={"tufte_drafts": "skip"})
    assert not (built.outdir / "posts/draft.html").exists()
    assert not (built.outdir / "_sources/posts/draft.md.txt").exists()
    assert not (built.outdir / "tags/secret.html").exists()
    page = built.soup("posts/linking.html")
    assert not [a for a in page.find_all("a") if "draft" in (a.get("href") or "")]
    assert "See" in page.get_text() and "soon" in page.get_text()
    assert "And the draft later." in " ".join(page.get_text().split())
    # The {doc} link and the Markdown link: one warning each, at its line, nothing else
    # (MyST-Parser would add "Unknown source document" for the second).
    warnings = [line for line in built.warning_lines() if "draft" in line and "[tufte.title]" not in line]
    assert len(warnings) == 2, built.warnings
    assert all("[tufte.draft]" in line for line in warnings)
    assert sorted(line.split(" WARNING")[0].rsplit("/", 2)[-2:] for line in warnings) == [
        ["posts", "linking.md:6:"], ["posts", "linking.md:8:"]
    ]
    assert "xref_missing" not in built.warnings
    assert "posts/draft" not in search_index(built)["docnames"]


def test_skipping_drafts_after_a_build_that_wrote_them_equals_a_clean_build(build: Any) -> None:
    first = build(site())
    assert (first.outdir / "posts/draft.html").is_file()
    skipped = build(srcdir=first.srcdir, fresh=False, confoverrides={"tufte_drafts": "skip"})
    assert not (skipped.outdir / "posts/draft.html").exists()
    assert not (skipped.outdir / "_sources/posts/draft.md.txt").exists()
    clean_src = first.srcdir.parent / (first.srcdir.name + "-clean")
    shutil.copytree(first.srcdir, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = build(srcdir=clean_src, confoverrides={"tufte_drafts": "skip"})
    assert search_index(skipped)["docnames"] == search_index(clean)["docnames"]
    assert skipped.text("sitemap.xml") == clean.text("sitemap.xml")
    assert listed_titles(skipped) == listed_titles(clean)


def test_dated_pages_outside_toctrees_under_parallel_reads(build: Any) -> None:
    posts = {f"notes/n{number}.md": DATED_ELSEWHERE.replace("2024-02-01", f"2024-02-{number + 1:02d}") for number in range(6)}
    built = build({"conf.py": CONF, "index.md": HOME, "about.md": "# About\n", **posts}, parallel=2)
    assert not built.warning_lines(), built.warnings
    assert len(listed_titles(built)) == 6


def test_unknown_drafts_mode_is_a_located_warning(build: Any) -> None:
    conf = CONF + 'tufte_drafts = "hidden"\n'
    built = build(site(**{"conf.py": conf}))
    warning = next(line for line in built.warning_lines() if "tufte_drafts" in line)
    assert "conf.py:6:" in warning and "[tufte.config]" in warning
    assert "'hide'" in warning and "'skip'" in warning and "'show'" in warning
    assert (built.outdir / "posts/draft.html").is_file()
    assert "Secret draft" not in listed_titles(built)


def _compared(built: Built) -> dict[str, Any]:
    index = search_index(built)
    return {
        "sitemap": built.text("sitemap.xml"),
        "listing": listed_titles(built),
        "archive": listed_titles(built, "archive.html"),
        "searchable": sorted(searchable_docnames(built, "zanzibarquux")),
        "titles": sorted(index["titles"]),
        "robots": built.soup("posts/draft.html").find("meta", attrs={"name": "robots"}) is not None,
    }


@pytest.mark.parametrize("start", ["true", "false"])
def test_toggling_draft_then_rebuilding_equals_a_clean_build(build: Any, start: str) -> None:
    first = build(site(**{"posts/draft.md": DRAFT.replace("draft: true", f"draft: {start}")}))
    toggled = "false" if start == "true" else "true"
    path = first.srcdir / "posts/draft.md"
    path.write_text(DRAFT.replace("draft: true", f"draft: {toggled}"), encoding="utf-8")
    incremental = build(srcdir=first.srcdir, fresh=False)
    clean_src = first.srcdir.parent / (first.srcdir.name + "-clean")
    shutil.copytree(first.srcdir, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = build(srcdir=clean_src)
    assert _compared(incremental) == _compared(clean)
    assert (toggled == "true") == ("Secret draft" not in listed_titles(clean))


# ---- 4. smart quotes in blurbs ---------------------------------------------------------

CURLED_BLURB = "\N{LEFT DOUBLE QUOTATION MARK}Quoted\N{RIGHT DOUBLE QUOTATION MARK} and it\N{RIGHT SINGLE QUOTATION MARK}s done"


def test_blurbs_have_the_body_s_smart_quotes_everywhere(blog: Built) -> None:
    blurbs = [span.get_text() for span in blog.soup().select(".postlist-blurb")]
    assert CURLED_BLURB in blurbs
    page = blog.soup("posts/front.html")
    assert page.find("meta", attrs={"name": "description"})["content"] == CURLED_BLURB
    assert page.find("meta", attrs={"property": "og:description"})["content"] == CURLED_BLURB
    ld = json.loads(page.find("script", attrs={"type": "application/ld+json"}).string)
    assert ld["description"] == CURLED_BLURB
    assert CURLED_BLURB in [summary.get_text() for summary in xml(blog, "feed.xml").find_all("summary")]


def test_blurbs_keep_straight_quotes_when_smartquotes_is_off(build: Any) -> None:
    built = build(site(**{"conf.py": CONF + "smartquotes = False\n"}))
    assert "\"Quoted\" and it's done" in [span.get_text() for span in built.soup().select(".postlist-blurb")]


def test_blurb_quotes_follow_the_language(build: Any) -> None:
    built = build(site(**{"conf.py": CONF + 'language = "de"\n'}))
    blurbs = [span.get_text() for span in built.soup().select(".postlist-blurb")]
    assert "\N{DOUBLE LOW-9 QUOTATION MARK}Quoted\N{LEFT DOUBLE QUOTATION MARK} and it\N{RIGHT SINGLE QUOTATION MARK}s done" in blurbs


# ---- 5. "Cite this post" without an author ----------------------------------------------


def test_citation_without_any_author_is_a_located_warning_and_no_author_field(build: Any) -> None:
    conf = CONF.replace('tufte_author = "Jane Doe"\n', "")
    post = "---\ndate: 2024-01-05\n---\n# Anonymous\n\nText.\n"
    signed = "---\ndate: 2024-01-06\nauthor: Ann Other\n---\n# Signed\n\nText.\n"
    files = {"conf.py": conf, "index.md": HOME, "about.md": "# About\n", "posts/signed.md": signed}
    files.update({"posts/anon.md": post, "posts/anon2.md": post.replace("Anonymous", "Also anonymous")})
    built = build(files)
    # One warning for the site, not one per post: the usual fix is one tufte_author.
    warnings = [line for line in built.warning_lines() if "[tufte.cite.author]" in line]
    assert len(warnings) == 1, built.warnings
    assert "posts/anon.md:1:" in warnings[0] and "(and 1 other post)" in warnings[0]
    # Said again by an incremental build that reads neither post (as Sphinx repeats
    # "not in any toctree" whenever it checks consistency).
    (built.srcdir / "about.md").write_text("# About\n\nEdited.\n", encoding="utf-8")
    again = build(srcdir=built.srcdir, fresh=False)
    assert len([line for line in again.warning_lines() if "[tufte.cite.author]" in line]) == 1
    block = built.soup("posts/anon.html").select_one("section.tufte-cite").get_text()
    assert "@misc{" in block and "author" not in block
    assert "author = {Ann Other}" in built.soup("posts/signed.html").select_one("section.tufte-cite").get_text()


def test_no_author_warning_when_citations_are_off(build: Any) -> None:
    conf = CONF.replace('tufte_author = "Jane Doe"\n', "tufte_cite_posts = False\n")
    post = "---\ndate: 2024-01-05\n---\n# Anonymous\n\nText.\n"
    built = build({"conf.py": conf, "index.md": HOME, "about.md": "# About\n", "posts/anon.md": post})
    assert "tufte.cite.author" not in built.warnings
