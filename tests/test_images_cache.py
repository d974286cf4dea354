"""Responsive images across builds: the one cache they keep, and a quality change on an
incremental build compared with a clean build of the whole site (pages, image files
byte for byte, feeds). Serial against ``-j 2`` is test_robust_parallel's, with the
other capabilities."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

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


# ---- the persistent store: outside the output and the source tree -----------------

STORE_FILES: dict[str, str | bytes] = {
    "index.md": (
        "# Pictures\n\n```{figure} img/photo.jpg\n:alt: A photograph\n\nIn the column.\n```\n\n"
        "```{margin-figure} img/chart.png\n:alt: A chart\n\nIn the margin.\n```\n"
    ),
    "img/photo.jpg": photo_jpeg(),
    "img/chart.png": chart_png(),
}


def count_encodings(monkeypatch: pytest.MonkeyPatch, meeting: Any = None) -> list[str]:
    """The thread each variant was encoded on, one entry per variant encoded. With a
    ``threading.Barrier`` as ``meeting``, each thread waits there at its first variant."""
    import threading

    from sphinx_tufte.images import encode

    calls: list[str] = []
    real = encode.Encoder._encode

    def counting(self: encode.Encoder, image: object, ext: str, lossless: bool) -> bytes:
        name = threading.current_thread().name
        if meeting is not None and name not in calls:
            meeting.wait()
        calls.append(name)
        return real(self, image, ext, lossless)

    monkeypatch.setattr(encode.Encoder, "_encode", counting)
    return calls


def variant_bytes(outdir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (outdir / "_images").iterdir() if "-v" in p.name}


def test_deleting_the_build_folder_encodes_nothing_again(
    build: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    store = tmp_path / "store"
    calls = count_encodings(monkeypatch)
    first = build(STORE_FILES, confoverrides={"tufte_image_cache": str(store)})
    assert calls, "a cold cache encodes"
    before = variant_bytes(first.outdir)
    shutil.rmtree(first.srcdir / "_build")  # output and doctrees: a fresh checkout's state
    calls.clear()
    again = build(srcdir=first.srcdir, confoverrides={"tufte_image_cache": str(store)})
    assert calls == [], "every variant comes from the store"
    assert variant_bytes(again.outdir) == before
    assert again.warning_lines() == [], again.warnings
    # The store is where it was told to be: nothing of it in the source or output tree.
    assert any(store.rglob("*-v*")), sorted(store.rglob("*"))
    assert not [p for p in first.srcdir.rglob("pillow-*")]


def test_a_corrupt_entry_is_encoded_again(build: Callable[..., Any], tmp_path: Path) -> None:
    import shutil

    store = tmp_path / "store"
    first = build(STORE_FILES, confoverrides={"tufte_image_cache": str(store)})
    before = variant_bytes(first.outdir)
    entries = sorted(p for p in store.rglob("*.webp"))
    entries[0].write_bytes(entries[0].read_bytes()[:50])  # cut short
    entries[1].write_bytes(b"")
    shutil.rmtree(first.srcdir / "_build")
    again = build(srcdir=first.srcdir, confoverrides={"tufte_image_cache": str(store)})
    assert again.statuscode == 0 and again.warning_lines() == [], again.warnings
    assert variant_bytes(again.outdir) == before
    # And put back whole for the next build.
    assert entries[0].stat().st_size > 50 and entries[1].stat().st_size > 0


def test_images_are_encoded_before_the_pages_several_at_a_time(
    build: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import threading

    several = (os.cpu_count() or 1) > 1
    # Each encoding thread waits at its first variant until a second thread is encoding
    # too. Counting thread names alone was timing-dependent: on a loaded machine the
    # first source could finish before the second was handed out, and one thread did
    # both. An encoder that works one source at a time breaks the barrier (after its
    # timeout) and the build fails.
    barrier = threading.Barrier(2, timeout=30) if several else None
    calls = count_encodings(monkeypatch, meeting=barrier)
    built = build(STORE_FILES, confoverrides={"tufte_image_cache": str(tmp_path / "store")})
    assert built.statuscode == 0, built.warnings
    assert calls
    if several:
        # Two sources: each encoded on a thread of the pool, before any page is written.
        assert set(calls) <= {f"tufte-images_{i}" for i in range(4)}, calls
        assert len(set(calls)) == 2, calls
        assert barrier is not None and not barrier.broken


def test_where_the_store_is(build: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sphinx_tufte import _settings

    def store_of(srcdir: Path | None = None, **conf: Any) -> Path:
        built = build({"index.md": "# Nothing\n"}, srcdir=srcdir, confoverrides=conf)
        return Path(_settings.get(built.app.env).image_cache)

    # The variable CI sets (this suite sets it too).
    monkeypatch.setenv("SPHINX_TUFTE_IMAGE_CACHE", str(tmp_path / "ci-cache"))
    assert store_of() == tmp_path / "ci-cache"
    # Unset: the user's cache folder, XDG's rule first.
    monkeypatch.delenv("SPHINX_TUFTE_IMAGE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert store_of() == tmp_path / "xdg" / "sphinx-tufte" / "images"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert store_of() == tmp_path / "home" / ".cache" / "sphinx-tufte" / "images"
    # A cache folder inside the source tree is never the default (sphinx-autobuild
    # would see every file written there)...
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(site / ".cache"))
    inside = store_of(site)
    assert inside.name == "image-files" and inside.parent.parent.name == "doctrees", inside
    # ...but the user may name one, relative to conf.py's folder; "" is beside the doctrees.
    named = build({"index.md": "# Nothing\n"}, confoverrides={"tufte_image_cache": "../shared-cache"})
    assert Path(_settings.get(named.app.env).image_cache) == (named.srcdir.parent / "shared-cache").resolve()
    assert store_of(tufte_image_cache="").name == "image-files"


def test_a_store_that_cannot_be_written_costs_time_not_the_build(build: Callable[..., Any], tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")
    built = build(STORE_FILES, confoverrides={"tufte_image_cache": str(blocked / "images")})
    assert built.statuscode == 0
    lines = [line for line in built.warning_lines() if "[tufte.image_cache]" in line]
    assert len(lines) == 1, built.warnings
    assert "cannot be written" in lines[0]
    assert built.soup().select("picture source[type='image/webp']")


def test_parallel_builds_share_a_cold_store(build: Callable[..., Any], tmp_path: Path) -> None:
    store = tmp_path / "store"
    files: dict[str, str | bytes] = {"index.md": "# Pictures\n\n```{toctree}\n:glob:\n\np*\n```\n", "photo.jpg": photo_jpeg()}
    for i in range(4):
        files[f"p{i}.md"] = f"# Page {i}\n\n![Chart {i}](chart-{i}.png)\n\n![The photograph](photo.jpg)\n"
        files[f"chart-{i}.png"] = chart_png() if i % 2 else photo_jpeg()
    serial = build(files, confoverrides={"tufte_image_cache": str(tmp_path / "serial-store")})
    parallel = build(files, parallel=2, confoverrides={"tufte_image_cache": str(store)})
    assert parallel.statuscode == 0 and parallel.warning_lines() == [], parallel.warnings
    assert variant_bytes(parallel.outdir) == variant_bytes(serial.outdir)
    assert not list(store.rglob("*.part"))
