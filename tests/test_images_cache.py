"""Responsive images across builds: the one cache they keep, and a quality change on an
incremental build compared with a clean build of the whole site (pages, image files
byte for byte, feeds). Serial against ``-j 2`` is test_robust_parallel's, with the
other capabilities."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_compare import BLOG_CONF, build_site, differences
from test_images import chart_png, photo_jpeg

from conftest import write_project

INDEX = """\
# Pictures

```{figure} photo.jpg
:alt: The shared photograph

On the home page.
```

```{toctree}
:hidden:
:glob:

posts/*
```
"""


def post(i: int) -> str:
    return (
        f"---\ndate: 2024-01-{1 + i:02d}\n---\n\n# Post {i}\n\n"
        "```{figure} ../photo.jpg\n:alt: The shared photograph\n\nShared.\n```\n\n"
        f"A chart in the margin.\n\n```{{margin-figure}} ../chart-{i}.png\n:alt: Chart {i}\n\nChart {i}.\n```\n\n"
        "```{image} ../photo.jpg\n:alt: At a fixed width\n:width: 300px\n```\n"
    )


def write(src: Path) -> None:
    files: dict[str, str | bytes] = {"conf.py": BLOG_CONF, "index.md": INDEX, "photo.jpg": photo_jpeg()}
    for i in range(7):
        files[f"posts/post-{i}.md"] = post(i)
        files[f"chart-{i}.png"] = chart_png()
    write_project(src, files)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("images-site") / "src"
    write(src)
    return src


@pytest.fixture(scope="module")
def clean_q50(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    # -D on the command line gives a string; Sphinx converts it for a whole-number value.
    built = build_site(site, tmp_path_factory.mktemp("clean-q50"), confoverrides={"tufte_image_quality": "50"})
    assert built.statuscode == 0 and built.warning_lines() == [], built.warnings
    return built.outdir


def image_urls(page: Path) -> set[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    urls = set()
    for element in soup.select("picture img, picture source"):
        urls.update(item.split()[0] for item in element["srcset"].split(","))
    return urls


def test_incremental_build_after_a_quality_change_equals_a_clean_build(
    site: Path, clean_q50: Path, tmp_path: Path
) -> None:
    first = build_site(site, tmp_path / "build")
    assert "-q80-" in (first.outdir / "index.html").read_text(encoding="utf-8")
    incremental = build_site(site, tmp_path / "build", fresh=False, confoverrides={"tufte_image_quality": "50"})
    assert incremental.warning_lines() == [], incremental.warnings
    urls = image_urls(incremental.outdir / "posts/post-0.html")
    assert urls and all("-q80-" not in url for url in urls), urls
    assert any("-q50-" in url for url in urls), urls
    # Every page and every image file the clean build wrote (same bytes), then the
    # feeds; the q80 files the first build wrote may stay, as Sphinx leaves stale output.
    feeds = ["feed.xml", "rss.xml"]
    problems = differences(clean_q50, incremental.outdir, feeds, allow_extra_in_right=True)
    assert not problems, "\n".join(problems[:4])
    problems = differences(clean_q50, incremental.outdir, allow_extra_in_right=True)
    assert not problems, "\n".join(problems[:4])


def test_one_cache_in_one_format(site: Path, clean_q50: Path) -> None:
    doctrees = clean_q50.parent / "doctrees"
    cache = doctrees / "tufte-cache"
    beside = sorted(
        p.relative_to(doctrees).as_posix()
        for p in doctrees.rglob("*")
        if p.is_file() and p.suffix != ".doctree" and cache not in p.parents
    )
    # Beside Sphinx's doctrees and environment, only the extension's one cache folder:
    # no JSON, no .sha256 file, no pickle of its own.
    assert beside == ["environment.pickle"], beside
    assert cache.is_dir()
    entries = list((doctrees / "tufte-cache" / "images").rglob("*.pickle"))
    assert entries, sorted(p.name for p in (doctrees / "tufte-cache").iterdir())


def test_a_variant_removed_from_the_output_is_written_again(site: Path, tmp_path: Path) -> None:
    first = build_site(site, tmp_path / "build")
    variant = next(p for p in (first.outdir / "_images").iterdir() if p.name.startswith("chart-0-") and p.suffix == ".webp")
    variant.unlink()
    # A clean build into the same folders: the cache remembers writing it, the output
    # no longer has it.
    build_site(site, tmp_path / "build")
    assert variant.is_file()
