"""Two parallel processes (``-j 2``) build the same site as a serial build, byte for byte
after removing build-specific noise: every page, the listings, tag pages, feed, sitemap.

Sphinx reads in parallel only with more than a handful of documents, so the site has
enough posts and pages that both reading and writing are split between processes.
"""

from __future__ import annotations

from pathlib import Path

from site_compare import BLOG_CONF, build_site, differences


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


def write(src: Path) -> None:
    (src / "posts").mkdir(parents=True)
    (src / "pages").mkdir()
    (src / "conf.py").write_text(BLOG_CONF, encoding="utf-8")
    (src / "index.md").write_text(INDEX, encoding="utf-8")
    for i in range(14):
        (src / "posts" / f"post-{i:02d}.md").write_text(post(i), encoding="utf-8")
        if i % 3 == 1:
            (src / f"photo-{i}.png").write_bytes(photo(i))
    (src / "photo.png").write_bytes(photo(99))
    for i in range(8):
        (src / "pages" / f"page-{i}.md").write_text(page(i), encoding="utf-8")


def test_parallel_build_equals_serial_build(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write(src)
    serial = build_site(src, tmp_path / "serial")
    parallel = build_site(src, tmp_path / "parallel", parallel=2)
    assert serial.statuscode == 0 and parallel.statuscode == 0, serial.warnings + parallel.warnings
    assert serial.warning_lines() == [], serial.warnings
    assert parallel.warning_lines() == [], parallel.warnings
    # Every extension in use allows it, so both reading and writing really were split.
    assert parallel.app.is_parallel_allowed("read") and parallel.app.is_parallel_allowed("write")
    problems = differences(serial.outdir, parallel.outdir)
    assert not problems, "\n".join(problems[:6])
    # What was compared includes the generated pages and files.
    out = serial.outdir
    for name in ("feed.xml", "sitemap.xml", "tags/index.html", "archive.html", "index.html"):
        assert (out / name).is_file(), name
    assert len(list((out / "tags").glob("*.html"))) == len(TAGS) + 1
    images = list((out / "_images").iterdir())
    assert any(p.suffix == ".webp" for p in images), sorted(p.name for p in images)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('class="postlist-item') >= 14
