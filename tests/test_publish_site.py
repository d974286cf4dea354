"""Issue 15's "done when": a site made with ``sphinx-tufte new``, grown with
``sphinx-tufte post`` the way a writer grows it, built the way its README and GitHub
workflow build it, and read as a reader, a search engine and a feed reader would.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import feedparser
import pytest
from bs4 import BeautifulSoup

from sphinx_tufte.cli import main as tufte

BASE = "https://ada.github.io/notes/"
# The build of the README and of .github/workflows/pages.yml.
BUILD = ["-b", "html", "-d", "_build/doctrees", ".", "_build/html"]


def sphinx_build(site: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", *options, *BUILD], cwd=site, capture_output=True, text=True, timeout=600
    )


def write_post(site: Path, capsys: pytest.CaptureFixture[str], *arguments: str, blurb: str, body: str) -> Path:
    capsys.readouterr()
    assert tufte(["post", *arguments, "--site", str(site)]) == 0
    path = Path(capsys.readouterr().out.strip())
    # What a writer does next: a blurb in the front matter, then the text.
    text = path.read_text(encoding="utf-8").replace('blurb: ""', f'blurb: "{blurb}"')
    path.write_text(text + body, encoding="utf-8")
    return path


def files(site: Path) -> set[str]:
    """The site's files outside ``_build``."""
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file() and "_build" not in path.parts}


def soup(path: Path) -> Any:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_a_scaffolded_site_grown_with_posts_is_published_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "ada-notes"
    assert tufte(["new", str(site), "--author", "Ada Lovelace", "--url", BASE]) == 0
    attention = write_post(
        site, capsys, "Attention, explained", "--date", "2024-03-01", "--tag", "ml",
        blurb="Queries, keys and values.", body="Attention weighs values by keys.[^w]\n\n[^w]: A side remark.\n",
    )
    engines = write_post(
        site, capsys, "Analytical engines", "--date", "2024-05-02",
        blurb="Cards and cogs.", body="The engine reads cards.\n",
    )
    draft = write_post(site, capsys, "Half an idea", "--draft", blurb="Not yet.", body="Unfinished.\n")
    assert attention.name == "2024-03-01-attention-explained.md"
    sources = files(site)

    result = sphinx_build(site, "-W", "--keep-going")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""
    out = site / "_build/html"

    # A reader: the home page lists the posts newest first, with their blurbs; not the draft.
    home = soup(out / "index.html")
    listed = [a.get_text(strip=True) for a in home.select("article .postlist a, article ul a")]
    # The scaffold's first post is dated the day the site was made: the newest.
    newest_first = ["A first post", "Analytical engines", "Attention, explained"]
    assert [title for title in listed if title in newest_first] == newest_first, listed
    assert "Half an idea" not in home.get_text()
    assert "Queries, keys and values." in home.get_text()
    post = soup(out / "posts/2024-03-01-attention-explained.html")
    assert "A side remark." in post.select_one(".sidenote").get_text()

    # A search engine: canonical links on the given address, a sitemap of the posts.
    canonical = post.find("link", rel="canonical")
    assert canonical["href"] == BASE + "posts/2024-03-01-attention-explained.html"
    assert soup(out / "index.html").find("link", rel="canonical")["href"] == BASE + "index.html"
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert BASE + "posts/2024-05-02-analytical-engines.html" in sitemap
    assert "example.com" not in sitemap and "example.com" not in post.decode()

    # A feed reader: every published post, newest first, linked on the given address.
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert [entry.title for entry in feed.entries] == newest_first
    assert feed.entries[1].link == BASE + "posts/2024-05-02-analytical-engines.html"
    assert feed.entries[1].summary == "Cards and cogs."
    assert all(entry.link.startswith(BASE) for entry in feed.entries)
    assert feed.feed.author == "Ada Lovelace"
    assert draft.stem not in (out / "feed.xml").read_text(encoding="utf-8")
    assert engines.exists()

    # The host: Jekyll is off, and the folder that is published holds the site only.
    assert (out / ".nojekyll").is_file()
    assert not (out / ".doctrees").exists()
    assert not list(out.rglob("*.pickle")) and not list(out.rglob("*.doctree"))
    assert (site / "_build/doctrees/environment.pickle").is_file()
    # ...and the build wrote nothing into the source tree (sphinx-autobuild watches it).
    assert files(site) == sources


def test_the_old_placeholder_address_stops_a_W_build_at_its_line(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert tufte(["new", str(site)]) == 0
    conf = site / "conf.py"
    lines = conf.read_text(encoding="utf-8").splitlines()
    # What the scaffold used to write, and what a writer copies from a tutorial.
    lines.append('html_baseurl = "https://example.com/"')
    conf.write_text("\n".join(lines) + "\n", encoding="utf-8")

    strict = sphinx_build(site, "-W", "--keep-going")
    assert strict.returncode != 0
    warnings = [line for line in strict.stderr.splitlines() if "WARNING" in line or "ERROR" in line]
    assert len(warnings) == 1, strict.stderr
    assert f"conf.py:{len(lines)}:" in warnings[0] and "[tufte.baseurl_placeholder]" in warnings[0]
    assert "'https://example.com/' is a placeholder" in warnings[0]

    # Without -W the build finishes; the preview still has its canonical links and feed.
    preview = sphinx_build(site)
    assert preview.returncode == 0, preview.stderr
    out = site / "_build/html"
    assert soup(out / "posts/first-post.html").find("link", rel="canonical")["href"] == "https://example.com/posts/first-post.html"
    assert (out / "feed.xml").is_file()


POST = "---\ndate: 2024-01-02\n---\n# A post\n\nText.\n"
FILES = {
    "conf.py": 'project = "S"\nextensions = ["myst_parser", "sphinx_tufte"]\nhtml_theme = "tufte"\n'
    'html_baseurl = "https://ada.github.io/"\n',
    "index.md": "# Home\n\n```{toctree}\npost\n```\n",
    "post.md": POST,
}


@pytest.mark.parametrize(("buildername", "expected"), [("html", True), ("dirhtml", True), ("singlehtml", True), ("epub", False), ("text", False)])
def test_nojekyll_is_written_for_the_site_builders(build: Callable[..., Any], buildername: str, expected: bool) -> None:
    built = build(FILES, buildername=buildername)
    assert built.statuscode == 0
    assert (built.outdir / ".nojekyll").is_file() == expected
    if expected:
        assert (built.outdir / ".nojekyll").read_bytes() == b""


def test_nojekyll_incremental_and_parallel_builds_equal_clean(build: Callable[..., Any]) -> None:
    first = build(FILES)
    marker = first.outdir / ".nojekyll"
    stamp = marker.stat().st_mtime_ns
    (first.srcdir / "post.md").write_text(POST + "\nMore.\n", encoding="utf-8")
    again = build(srcdir=first.srcdir, fresh=False)
    assert (again.outdir / ".nojekyll").stat().st_mtime_ns == stamp
    parallel = build(FILES, parallel=2)
    assert (parallel.outdir / ".nojekyll").read_bytes() == b""


def test_the_grown_site_links_its_generated_pages_and_steps_aside_for_opengraph(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 15's linking cases in the scaffolded site: header links to the archive and
    the tags by name, the footer's default links, sphinxext-opengraph beside the
    theme's own tags, and a feed per tag."""
    pytest.importorskip("sphinxext.opengraph")
    site = tmp_path / "ada-notes"
    assert tufte(["new", str(site), "--author", "Ada Lovelace", "--url", BASE]) == 0
    write_post(site, capsys, "Attention, explained", "--date", "2024-03-01", "--tag", "ml", blurb="Keys.", body="Text.\n")
    write_post(site, capsys, "Half an idea", "--draft", "--tag", "ml", blurb="Not yet.", body="Unfinished.\n")
    conf = site / "conf.py"
    text = conf.read_text(encoding="utf-8")
    text = text.replace('extensions = ["myst_parser", "sphinx_tufte"]', 'extensions = ["myst_parser", "sphinx_tufte", "sphinxext.opengraph"]')
    text = text.replace('[["Home", "index"], ["About", "about"]]', '[["Home", "index"], ["About", "about"], ["Archive", "archive"], ["Tags", "tags"]]')
    conf.write_text(text + f"ogp_site_url = {BASE!r}\n", encoding="utf-8")

    result = sphinx_build(site, "-W", "--keep-going")
    assert result.returncode == 0, result.stderr
    out = site / "_build/html"

    # A reader: the header's Archive and Tags links lead to those pages from a post's
    # depth, and so does every footer link.
    post_page = out / "posts/2024-03-01-attention-explained.html"
    post = soup(post_page)
    header = {a.get_text(strip=True): a["href"] for a in post.select("header a[href]")}
    assert (post_page.parent / header["Archive"]).resolve() == (out / "archive.html").resolve()
    assert (post_page.parent / header["Tags"]).resolve() == (out / "tags/index.html").resolve()
    for a in soup(out / "index.html").select("footer a[href]"):
        if "://" not in a["href"]:
            assert (out / a["href"].partition("#")[0]).is_file(), a["href"]

    # A search engine: each Open Graph property once, whoever wrote it; JSON-LD stays.
    properties = [meta["property"] for meta in post.head.find_all("meta", property=True)]
    assert "og:title" in properties and len(properties) == len(set(properties)), properties
    assert len(post.head.find_all("script", type="application/ld+json")) == 1

    # A feed reader: the tag's own feed, linked from its page, without the draft.
    tag_feed = feedparser.parse((out / "tags/ml.xml").read_bytes())
    assert not tag_feed.bozo, tag_feed.bozo_exception
    assert [entry.title for entry in tag_feed.entries] == ["Attention, explained"]
    assert tag_feed.entries[0].link == BASE + "posts/2024-03-01-attention-explained.html"
    alternate = soup(out / "tags/ml.html").head.find_all("link", rel="alternate", type="application/atom+xml")
    assert BASE + "tags/ml.xml" in [link["href"] for link in alternate]


def test_the_grown_site_lists_titles_dated_pages_and_hides_drafts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 15's post cases in the scaffolded site: a title only in front matter, a
    dated page outside posts/, and a draft no reader or search engine finds."""
    site = tmp_path / "ada-notes"
    assert tufte(["new", str(site), "--author", "Ada Lovelace", "--url", BASE]) == 0
    draft = write_post(site, capsys, "Half an idea", "--draft", blurb="Not yet.", body="Zanzibarquux.\n")
    # The Jekyll / Hugo / Quarto habit: the title in front matter, no heading.
    (site / "posts/2024-04-01-titled.md").write_text(
        '---\ntitle: "Titled in front matter"\ndate: 2024-04-01\n---\nNo heading here.\n', encoding="utf-8"
    )
    # A dated page outside posts/ (which the home page's toctree globs) is a post.
    (site / "travel").mkdir()
    (site / "travel/lisbon.md").write_text("---\ndate: 2024-02-01\n---\n# Lisbon\n\nTrams.\n", encoding="utf-8")

    result = sphinx_build(site, "-W", "--keep-going")
    assert result.returncode == 0, result.stderr
    out = site / "_build/html"

    # A reader: both are listed under their titles; the draft is not.
    listed = soup(out / "index.html").select_one("article").get_text()
    assert "Titled in front matter" in listed and "Lisbon" in listed and "Half an idea" not in listed
    assert soup(out / "posts/2024-04-01-titled.html").title.get_text().startswith("Titled in front matter")
    # A search engine: the draft is built, with noindex, out of the sitemap and search.
    page = out / "posts" / (draft.stem + ".html")
    assert soup(page).find("meta", attrs={"name": "robots"})["content"] == "noindex"
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert page.name not in sitemap and BASE + "travel/lisbon.html" in sitemap
    assert "zanzibarquux" not in (out / "searchindex.js").read_text(encoding="utf-8").lower()
    # A feed reader: both in the feed under their titles, the draft not.
    titles = [entry.title for entry in feedparser.parse((out / "feed.xml").read_bytes()).entries]
    assert "Titled in front matter" in titles and "Lisbon" in titles and "Half an idea" not in titles
