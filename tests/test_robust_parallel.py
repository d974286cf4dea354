"""Two parallel processes (``-j 2``) build the same site as a serial build.

One parametrized test over every project whose ``-j 2`` build was checked on its own
before: a blog with figures, tags and feeds compared byte for byte; notes of every form;
math; responsive images; margin citations; "cite this post"; post listings; the feeds
of a blog with photographs; and the warnings each equation gives once. Each case says which pages it compares and what else
it checks. Sphinx reads in parallel only with more than a handful of documents, so the
blog has enough of them that both reading and writing are split between processes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from site_compare import BLOG_CONF, differences

Build = Callable[..., Any]


@dataclass(frozen=True)
class Case:
    """A project, the pages whose serial and parallel outputs must be equal (all of the
    site when None), and the checks this project adds."""

    files: Callable[[], dict[str, str | bytes]]
    pages: tuple[str, ...] | None = None
    normalise: Callable[[str], str] = field(default=lambda html: html)
    check: Callable[[Build, Any, Any], None] | None = None
    # False when the checks are about the -j 2 build alone (no serial build is made).
    serial: bool = True


# ---- a blog with figures, tags and feeds: the whole site, byte for byte ----------------

INDEX = """\
# Parallel Blog

```{postlist}
```

## Only tag b

```{postlist}
:tags: b
```

```{toctree}
:hidden:
:glob:

posts/*
pages/*
```
"""

TAGS = ["a", "b", "c", "Data Viz", "Ünïcode"]


def figure(i: int) -> str:
    """Images shared between posts and images of their own, large enough that the
    responsive-image variants are made (and cached) by both processes."""
    if i % 3 == 0:
        return "```{margin-figure} ../photo.png\n:alt: A shared photo\n\nShared.\n```\n\n"
    if i % 3 == 1:
        return f"```{{figure}} ../photo-{i}.png\n:alt: Photo {i}\n\nOwn photo {i}.\n```\n\n"
    return ""


def photo(seed: int) -> bytes:
    from io import BytesIO

    from PIL import Image

    image = Image.new("RGB", (1400, 700))
    image.putdata([((x * 7 + seed) % 256, (y * 3) % 256, (x + y + seed * 40) % 256) for y in range(700) for x in range(1400)])
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def post(i: int) -> str:
    tags = ", ".join(f'"{t}"' for t in (TAGS[i % 5], TAGS[(i * 3 + 1) % 5]))
    return (
        f"---\ndate: 20{20 + i % 6}-{1 + i % 12:02d}-{1 + (7 * i) % 28:02d}\ntags: [{tags}]\n"
        f"blurb: Post number {i}.\n---\n\n"
        f"# Post {i}\n\nSome text with a note.[^a] And a margin aside.[^m]\n\n"
        f"$$\nx^{i} + y^{i} = z^{i}\n$$\n\n" + figure(i) + f"## Part two\n\nInline $a_{i}$ math.\n\n"
        f"[^a]: The note of post {i}.\n[^m]: {{-}} A margin note of post {i}.\n"
    )


def page(i: int) -> str:
    return f"# Page {i}\n\nA plain page with a note.[^n]\n\n[^n]: Note {i}.\n"


def blog_with_figures() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {"conf.py": BLOG_CONF, "index.md": INDEX, "photo.png": photo(99)}
    for i in range(14):
        files[f"posts/post-{i:02d}.md"] = post(i)
        if i % 3 == 1:
            files[f"photo-{i}.png"] = photo(i)
    for i in range(8):
        files[f"pages/page-{i}.md"] = page(i)
    return files


def check_blog_with_figures(build: Build, serial: Any, parallel: Any) -> None:
    # Every extension in use allows it, so both reading and writing really were split.
    assert parallel.app.is_parallel_allowed("read") and parallel.app.is_parallel_allowed("write")
    assert serial.statuscode == 0 and parallel.statuscode == 0, serial.warnings + parallel.warnings
    assert serial.warning_lines() == [], serial.warnings
    assert parallel.warning_lines() == [], parallel.warnings
    # What was compared includes the generated pages and files.
    out = serial.outdir
    for name in ("feed.xml", "sitemap.xml", "tags/index.html", "archive.html", "index.html"):
        assert (out / name).is_file(), name
    assert len(list((out / "tags").glob("*.html"))) == len(TAGS) + 1
    images = list((out / "_images").iterdir())
    assert any(p.suffix == ".webp" for p in images), sorted(p.name for p in images)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('class="postlist-item') >= 14


# ---- notes of every form, and an incremental build after them ----------------------------

NOTE_PAGES = tuple(f"page{n}" for n in range(6))
CHANGED_PAGE3 = "# Page 3\n\nChanged[^b] text[^a].\n\n[^a]: A.\n[^b]: B.\n"


def notes_project() -> dict[str, str | bytes]:
    from test_notes import EVERY_FORM_MD, every_form_project

    files = {**every_form_project()}
    for n in range(6):
        files[f"page{n}.md"] = f"# Page {n}\n\nText[^a] and {{sidenote}}`page {n}`.\n\n[^a]: Note of page {n}.\n"
    files["index.md"] = EVERY_FORM_MD + "\n```{toctree}\n" + "\n".join(NOTE_PAGES) + "\n```\n"
    return files


def without_asset_versions(html: str) -> str:
    """The ``?v=`` checksums of the package's own files change when those files do
    (other work in the same tree between two builds), which says nothing about notes."""
    return re.sub(r"\?v=[0-9a-f]+", "", html)


def check_notes_incremental(build: Build, serial: Any, parallel: Any) -> None:
    from test_notes import sidenote_numbers

    changed = build({"page3.md": CHANGED_PAGE3}, srcdir=serial.srcdir, fresh=False)
    assert sidenote_numbers(changed.soup("page3.html")) == ["1", "2"]
    clean = build({**notes_project(), "page3.md": CHANGED_PAGE3})
    for name in ["index.html", "page3.html"]:
        assert without_asset_versions(changed.text(name)) == without_asset_versions(clean.text(name)), name


# ---- math -------------------------------------------------------------------------------


def math_pages() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        f"p{i}.md": f"# Page {i}\n\n$$\nx_{i} = {i}\n$$ (e{i})\n\nSee {{eq}}`e{i}`.\n" for i in range(6)
    }
    files["index.md"] = "# Home\n\n```{toctree}\n" + "\n".join(f"p{i}" for i in range(6)) + "\n```\n"
    return files


def broken_equations() -> dict[str, str | bytes]:
    from test_math import MYST_AMSMATH_CONF

    files: dict[str, str | bytes] = {
        f"p{i}.md": f"---\ndate: 2024-05-0{i + 1}\n---\n# Post {i}\n\nBroken $\\foo{i}$ here.\n" for i in range(6)
    }
    files["index.md"] = "# Home\n\n```{toctree}\n" + "\n".join(f"p{i}" for i in range(6)) + "\n```\n"
    files["conf.py"] = MYST_AMSMATH_CONF + "html_baseurl = 'https://example.org/'\nsuppress_warnings = ['tufte.baseurl_placeholder']\n"
    return files


def check_each_equation_warns_once(build: Build, serial: Any, parallel: Any) -> None:
    """Pages are written in worker processes under -j; the warning still comes once."""
    warnings = sorted(w for w in parallel.warning_lines() if "[tufte.math]" in w)
    assert len(warnings) == 6, parallel.warnings
    located = [re.search(r"(p\d)\.md:6:", w) for w in warnings]
    assert [m.group(1) if m else w for m, w in zip(located, warnings)] == [f"p{i}" for i in range(6)]


# ---- responsive images ------------------------------------------------------------------


def images_project() -> dict[str, str | bytes]:
    from test_images import project_files

    return project_files()


def check_same_image_files(build: Build, serial: Any, parallel: Any) -> None:
    assert sorted(p.name for p in (parallel.outdir / "_images").iterdir()) == sorted(
        p.name for p in (serial.outdir / "_images").iterdir()
    )


# ---- margin citations and "cite this post" ------------------------------------------------


def citations_project() -> dict[str, str | bytes]:
    pytest.importorskip("sphinxcontrib.bibtex")
    from test_citations import files

    return dict(files())


def cite_project() -> dict[str, str | bytes]:
    pytest.importorskip("pybtex.database")
    pytest.importorskip("pylatexenc.latex2text")
    from test_cite import FILES

    return dict(FILES)


def check_cite_warnings(build: Build, serial: Any, parallel: Any) -> None:
    def cite_warnings(built: Any) -> list[str]:
        return [line.split("/")[-1] for line in built.warning_lines() if "tufte.cite" in line]

    assert cite_warnings(parallel) == cite_warnings(serial) != []


# ---- post listings: every page and feed, and an incremental edit under -j 2 --------------


def blog_project() -> dict[str, str | bytes]:
    from test_posts import blog_files

    return dict(blog_files())


def check_listings(build: Build, serial: Any, parallel: Any) -> None:
    from test_postlist_incremental import outputs
    from test_posts import listed

    assert parallel.app.parallel == 2
    expected, got = outputs(serial.outdir), outputs(parallel.outdir)
    assert expected.keys() == got.keys()
    assert [name for name in expected if expected[name] != got[name]] == []
    assert listed(parallel.soup("index.html")) == listed(serial.soup("index.html"))
    assert len(listed(parallel.soup("index.html"))) == 14


def check_parallel_incremental_edit(build: Build, serial: Any, parallel: Any) -> None:
    from test_postlist_incremental import add, assert_same_as_clean, redate

    redate(parallel.srcdir)
    add(parallel.srcdir)
    again = build(srcdir=parallel.srcdir, fresh=False, parallel=2)
    assert_same_as_clean(build, again, parallel.srcdir)


# ---- feeds of a blog with photographs --------------------------------------------------


def photo_blog() -> dict[str, str | bytes]:
    from test_feed_cache import photo_blog

    return photo_blog()


def check_same_feeds(build: Build, serial: Any, parallel: Any) -> None:
    from site_compare import normalise
    from test_feed_cache import entry_contents
    from test_posts import NEWEST_FIRST

    assert parallel.app.is_parallel_allowed("write")
    for name in ("feed.xml", "rss.xml"):
        assert normalise(name, (parallel.outdir / name).read_bytes()) == normalise(
            name, (serial.outdir / name).read_bytes()
        ), name
    assert len(entry_contents(parallel.outdir)) == len(NEWEST_FIRST) + 1


CASES = {
    "blog-with-figures": Case(blog_with_figures, check=check_blog_with_figures),
    "notes": Case(
        notes_project, pages=("index", *NOTE_PAGES), normalise=without_asset_versions, check=check_notes_incremental
    ),
    "math": Case(math_pages, pages=tuple(f"p{i}" for i in range(6))),
    "math-warnings": Case(broken_equations, pages=(), check=check_each_equation_warns_once, serial=False),
    "images": Case(images_project, pages=("index",), check=check_same_image_files),
    "citations": Case(citations_project, pages=("index",)),
    "cite": Case(cite_project, pages=("posts/tricky", "posts/pair", "posts/odd", "about"), check=check_cite_warnings),
    "listings": Case(blog_project, pages=(), check=check_listings),
    "listings-incremental": Case(blog_project, pages=(), check=check_parallel_incremental_edit, serial=False),
    "feeds": Case(photo_blog, pages=(), check=check_same_feeds),
}


@pytest.mark.parametrize("name", CASES)
def test_parallel_build_equals_serial_build(build: Build, name: str) -> None:
    case = CASES[name]
    files = case.files()
    parallel = build(files, parallel=2)
    if not case.serial:
        assert case.check is not None
        case.check(build, None, parallel)
        return
    serial = build(files)
    if case.pages is None:
        problems = differences(serial.outdir, parallel.outdir)
        assert not problems, "\n".join(problems[:6])
    for page_name in case.pages or ():
        expected, got = serial.text(f"{page_name}.html"), parallel.text(f"{page_name}.html")
        assert case.normalise(got) == case.normalise(expected), page_name
    if case.check is not None:
        case.check(build, serial, parallel)

