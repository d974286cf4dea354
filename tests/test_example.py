"""The example site (examples/site): it builds under -W, every page carries the
features it was written to show, and a real browser finds it clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, describe_violations

EXAMPLE = ROOT / "examples" / "site"
POSTS = {
    "posts/nanogpt-speedrun-worklog": "2025-02-18",
    "posts/selective-log-softmax": "2025-02-06",
    "posts/badge-variable-batches": "2025-01-05",
    "posts/dpo-explained": "2024-04-13",
}
PAGES = ["index", "about", "recipes", *POSTS]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built as `make example` builds it, but under -W."""
    out = tmp_path_factory.mktemp("example") / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(EXAMPLE), str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr
    return out


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "lxml")


def test_the_example_builds_under_W_and_writes_nothing_into_its_source(site: Path) -> None:
    for page in PAGES:
        assert (site / f"{page}.html").is_file(), page
    untracked = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all", "--", str(EXAMPLE)],
        capture_output=True, text=True, cwd=ROOT,
    )
    if untracked.returncode == 0:  # not a git checkout (an sdist): nothing to compare
        assert [line for line in untracked.stdout.splitlines() if line.startswith("??")] == []


def test_home_lists_posts_newest_first_and_the_link_lists(site: Path) -> None:
    home = soup(site, "index")
    titles = [a["href"] for a in home.select("article .postlist a.postlist-title")]
    assert titles == [f"{doc}.html" for doc in POSTS]
    dates = [time["datetime"][:10] for time in home.select("article .postlist time")]
    assert dates == list(POSTS.values())
    assert all(item.select_one(".postlist-blurb").get_text(strip=True) for item in home.select(".postlist-item"))

    lists = home.select("article dl.link-list")
    assert [len(dl.select(":scope > dt")) for dl in lists] == [3, 7, 2]
    for dl in lists:
        for dt_, dd in zip(dl.select(":scope > dt"), dl.select(":scope > dd")):
            assert dt_.select_one("a[href]") is not None
            assert dd.get_text(strip=True)
    nav = [a.get_text(strip=True) for a in home.select("header nav a")]
    assert nav == ["Home", "About", "Recipes", "Feed"]


def test_about_has_its_footnotes_as_sidenotes_and_the_picture_in_the_margin(site: Path) -> None:
    about = soup(site, "about")
    notes = about.select("article .sidenote")
    assert len(notes) == 2
    assert "open source" in notes[0].get_text()
    assert "Bloomberg" in notes[1].get_text()
    figure = about.select_one("article figure.margin-figure img")
    assert figure is not None and figure["alt"].startswith("A line drawing")


def test_every_post_exercises_the_theme(site: Path) -> None:
    seen: dict[str, int] = {}
    for doc in POSTS:
        page = soup(site, doc).select_one("article")
        features = {
            "note": len(page.select(".sidenote, .marginnote")),
            "math": len(page.select("math")),
            "code": len(page.select("div.highlight pre")),
            "table": len(page.select("table")),
            "margin figure": len(page.select("figure.margin-figure")),
            "full-width figure": len(page.select("figure.fullwidth, .fullwidth figure")),
            "epigraph": len(page.select("blockquote.epigraph")),
            "margin note": len(page.select(".marginnote")),
            "labelled equation": len(page.select("a[href^='#equation-'], a.eqref, span.eqno")),
        }
        for feature in ("note", "math", "code", "table", "margin figure"):
            assert features[feature], f"{doc} has no {feature}"
        for feature, count in features.items():
            seen[feature] = seen.get(feature, 0) + count
        # Math renders as MathML at build time: no LaTeX fallback is left on the page.
        assert not page.select(".math-fallback, code.tufte-math-error")
    missing = [feature for feature, count in seen.items() if not count]
    assert missing == [], f"no post shows: {missing}"


def test_the_living_worklog_shows_its_updated_date(site: Path) -> None:
    page = soup(site, "posts/nanogpt-speedrun-worklog")
    datetimes = [time.get("datetime", "")[:10] for time in page.select("time")]
    assert "2025-02-18" in datetimes
    assert "2025-03-09" in datetimes


def test_the_feed_has_every_post_with_absolute_links(site: Path) -> None:
    feedparser = pytest.importorskip("feedparser")
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    links = sorted(entry.link for entry in feed.entries)
    assert links == sorted(f"https://www.tylerromero.com/{doc}.html" for doc in POSTS)


@pytest.mark.browser
@pytest.mark.every_sphinx
@pytest.mark.parametrize("page", ["index", "about", "posts/dpo-explained"])
@pytest.mark.parametrize(("width", "scheme"), [(1400, "light"), (375, "dark")])
def test_a_browser_sees_a_clean_page(site: Path, open_page, axe, page: str, width: int, scheme: str) -> None:
    opened = open_page(site, f"{page}.html", width=width, scheme=scheme)
    assert opened.foreign_requests == []
    assert opened.console_errors == []
    violations = axe(opened.page)
    assert violations == [], describe_violations(violations)
    # Nothing pushes the page sideways on a phone or a laptop.
    overflow = opened.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


@pytest.mark.browser
@pytest.mark.every_sphinx
def test_margin_figures_sit_in_the_margin_on_a_wide_screen(site: Path, open_page) -> None:
    opened = open_page(site, "posts/selective-log-softmax.html", width=1400)
    boxes = opened.page.evaluate(
        """() => {
            const para = document.querySelector('article p:not(.subtitle)').getBoundingClientRect();
            const fig = document.querySelector('figure.margin-figure').getBoundingClientRect();
            const wide = document.querySelector('figure.fullwidth').getBoundingClientRect();
            return {textRight: para.right, figLeft: fig.left, figRight: fig.right, wideRight: wide.right};
        }"""
    )
    assert boxes["figLeft"] >= boxes["textRight"]
    assert boxes["wideRight"] > boxes["textRight"] + 100


@pytest.mark.vnu
def test_every_page_is_valid_html(site: Path, vnu) -> None:
    pages = sorted(site.glob("*.html")) + sorted(site.glob("posts/*.html")) + sorted(site.glob("tags/*.html"))
    assert len(pages) >= len(PAGES)
    assert vnu(pages) == []
