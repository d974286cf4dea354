"""What responsive images save and cost.

- :func:`measure` (called by run.py): a post with three photographs, built with
  ``tufte_responsive_images`` off and on, weighed in Chromium at phone and desktop width
  after scrolling to the end (so lazy images load too).
- :func:`measure_cost` (``python benchmarks/images.py``): the build time of a site with
  many large images, off, on with an empty cache and on with a warm one, and what a
  reader of one of its posts downloads.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import weight as page_weight

# (name, width, height): a wide photograph, a column-sized one, one in the margin.
PHOTOS = (("harbour.jpg", 2400, 1600), ("desk.jpg", 1600, 1200), ("portrait.jpg", 1200, 1500))
WIDTHS = (375, 1400)

POST = """\
---
date: 2025-01-01
blurb: A post with photographs.
---
# Photographs

Some words before the first picture, as a post has.

```{{figure}} {0}
:alt: A harbour at dusk
:class: fullwidth

A wide photograph across the page.
```

More words between the pictures, so that the later ones start below the first screen
on a phone and load lazily.

![A desk by a window]({1})

```{{margin-figure}} {2}
:alt: A portrait

A small photograph in the margin.
```

The end of the post.
"""


def _photograph(path: Path, width: int, height: int) -> None:
    """Noise over a gradient: compresses about as badly as a real photograph does."""
    from PIL import Image

    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    noise = Image.effect_noise((width, height), 48).convert("RGB")
    Image.blend(gradient, noise, 0.35).save(path, "JPEG", quality=90)


def write_site(root: Path) -> Path:
    src = root / "images-src"
    src.mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text(
        'project = "Photographs"\nextensions = ["myst_parser", "sphinx_tufte"]\n'
        'html_theme = "tufte"\nhtml_baseurl = "https://example.org/"\n',
        encoding="utf-8",
    )
    for name, width, height in PHOTOS:
        _photograph(src / name, width, height)
    (src / "index.md").write_text(POST.format(*(name for name, _, _ in PHOTOS)), encoding="utf-8")
    return src


def measure(python: str, root: Path, env: dict[str, str]) -> dict[str, dict[int, dict]]:
    """{"before"|"after": {width: {"total": bytes, "image": bytes}}}."""
    src = write_site(root)
    figures: dict[str, dict[int, dict]] = {}
    for label, on in (("before", "0"), ("after", "1")):
        out = root / f"images-{label}"
        subprocess.run(
            [python, "-m", "sphinx", "-q", "-b", "html", "-D", f"tufte_responsive_images={on}", str(src), str(out)],
            check=True, env=env, cwd=root, capture_output=True,
        )
    with page_weight.chromium() as browser:
        for label in ("before", "after"):
            figures[label] = {}
            for width in WIDTHS:
                w = page_weight.measure_in_browser(root / f"images-{label}", "index.html", width=width, scroll=True, browser=browser)
                figures[label][width] = {"total": w.total, "image": w.by_kind["image"]}
    return figures


# ---- the cost of responsive images: a site with many large images ---------------------
#
#   python benchmarks/images.py [--images 24] [--reps 3] [--workdir DIR] [--json FILE]
#
# A blog of posts with three images each (a full-width figure, one in the text column,
# one in the margin), two thirds photographs (noise over gradients, JPEG) and one third
# transparent plots (PNG), of 1 to 4 megapixels. Built clean (output and doctrees
# deleted) with responsive images off, with them on and an empty cache (a first build),
# and with them on and the cache from earlier builds (a build after deleting _build, or
# a fresh checkout with the cache restored), each --reps times, interleaved.

PHOTO_SIZES = ((1200, 900), (1600, 1200), (2000, 1500), (2400, 1600))  # 1.1 to 3.8 MP
PLOT_SIZES = ((1600, 1000), (2000, 1250))  # 1.6 and 2.5 MP


def _plot(path: Path, width: int, height: int, seed: int) -> None:
    """Dark lines and points on a transparent background, as matplotlib's
    transparent=True saves a plot: alpha 0 outside the strokes."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for k in range(4):
        points = [
            (x, height / 2 + height / 3 * math.sin(x / (60 + 20 * k) + seed + k) * math.exp(-x / width))
            for x in range(0, width, 3)
        ]
        draw.line(points, fill=(30 + 40 * k, 30, 80, 255), width=max(2, width // 400))
    for x in range(width // 10, width, width // 10):
        draw.line([(x, 0), (x, height)], fill=(0, 0, 0, 60), width=1)
    image.save(path, "PNG")


def write_big_site(root: Path, count: int) -> tuple[Path, list[str]]:
    """The site's source folder and its post pages (docnames)."""
    src = root / "many-images-src"
    if src.exists():
        shutil.rmtree(src)
    (src / "img").mkdir(parents=True)
    (src / "conf.py").write_text(
        'project = "Pictures"\nextensions = ["myst_parser", "sphinx_tufte"]\n'
        'html_theme = "tufte"\nhtml_baseurl = "https://example.org/"\n',
        encoding="utf-8",
    )
    names = []
    for i in range(count):
        if i % 3 == 2:
            width, height = PLOT_SIZES[i % len(PLOT_SIZES)]
            name = f"plot-{i:02d}.png"
            _plot(src / "img" / name, width, height, i)
        else:
            width, height = PHOTO_SIZES[i % len(PHOTO_SIZES)]
            name = f"photo-{i:02d}.jpg"
            _photograph(src / "img" / name, width, height)
        names.append(name)
    posts = []
    for p in range(math.ceil(count / 3)):
        full, text, margin = (names[(3 * p + k) % count] for k in range(3))
        words = " ".join(["Words of a post around its pictures."] * 20)
        (src / f"post-{p:02d}.md").write_text(
            f"---\ndate: 2025-01-{1 + p:02d}\nblurb: Post {p}.\n---\n# Post {p}\n\n{words}\n\n"
            f"```{{figure}} img/{full}\n:alt: Across the page\n:class: fullwidth\n\nFull width.\n```\n\n"
            f"{words}\n\n```{{figure}} img/{text}\n:alt: In the column\n\nIn the column.\n```\n\n"
            f"{words}\n\n```{{margin-figure}} img/{margin}\n:alt: In the margin\n\nIn the margin.\n```\n\n{words}\n",
            encoding="utf-8",
        )
        posts.append(f"post-{p:02d}")
    (src / "index.md").write_text(
        "# Pictures\n\n```{postlist}\n```\n\n```{toctree}\n:hidden:\n:glob:\n\npost-*\n```\n", encoding="utf-8"
    )
    return src, posts


def _timed_build(python: str, src: Path, out: Path, env: dict[str, str], on: bool) -> dict[str, float]:
    if out.exists():
        shutil.rmtree(out)  # output and doctrees: nothing of an earlier build
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [python, "-m", "sphinx", "-q", "-b", "html", "-d", str(out / "doctrees"),
         "-D", f"tufte_responsive_images={int(on)}", str(src), str(out / "html")],
        check=True, env=env, capture_output=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu}


def measure_cost(python: str, root: Path, env: dict[str, str], count: int = 24, reps: int = 3) -> dict:
    src, posts = write_big_site(root, count)
    pixels = []
    from PIL import Image

    for path in sorted((src / "img").iterdir()):
        with Image.open(path) as image:
            pixels.append(image.width * image.height)
    cache = root / "image-cache"
    runs: dict[str, list[dict[str, float]]] = {"off": [], "cold": [], "warm": []}
    out = root / "many-images-build"
    for _ in range(reps):
        for label in ("off", "cold", "warm"):
            if label == "cold" and cache.exists():
                shutil.rmtree(cache)
            build_env = {**env, "SPHINX_TUFTE_IMAGE_CACHE": str(cache)}
            runs[label].append(_timed_build(python, src, out, build_env, on=label != "off"))
    median = {label: {k: statistics.median(r[k] for r in rs) for k in ("wall", "cpu")} for label, rs in runs.items()}
    # What a reader downloads: one post, responsive images off and on.
    weights: dict[str, dict[int, dict[str, int]]] = {}
    for label, on in (("off", False), ("on", True)):
        target = root / f"many-images-weigh-{label}"
        _timed_build(python, src, target, {**env, "SPHINX_TUFTE_IMAGE_CACHE": str(cache)}, on=on)
    with page_weight.chromium() as browser:
        for label in ("off", "on"):
            weights[label] = {}
            for width in WIDTHS:
                html = root / f"many-images-weigh-{label}" / "html"
                w = page_weight.measure_in_browser(html, f"{posts[0]}.html", width=width, scroll=True, browser=browser)
                weights[label][width] = {"total": w.total, "image": w.by_kind["image"]}
    return {
        "images": count,
        "megapixels": [round(p / 1e6, 2) for p in pixels],
        "runs": runs,
        "median": median,
        "weights": weights,
        "cache_files": sum(1 for p in cache.rglob("*") if p.is_file()),
    }


def report(figures: dict) -> str:
    median = figures["median"]
    mp = figures["megapixels"]
    lines = [
        f"{figures['images']} images of {min(mp)} to {max(mp)} megapixels "
        f"({sum(1 for _ in mp)} files, {figures['cache_files']} variants in the cache)",
        "",
        f"{'build':<44} {'wall s':>7} {'CPU s':>7} {'wall/off':>9} {'CPU/off':>8}",
    ]
    names = {
        "off": "responsive images off",
        "cold": "on, first build (empty cache)",
        "warm": "on, output deleted (cache kept)",
    }
    for label in ("off", "cold", "warm"):
        m = median[label]
        lines.append(
            f"{names[label]:<44} {m['wall']:>7.2f} {m['cpu']:>7.2f} "
            f"{m['wall'] / median['off']['wall']:>8.2f}x {m['cpu'] / median['off']['cpu']:>7.2f}x"
        )
    lines += ["", f"{'viewport':<10} {'images off KiB':>15} {'images on KiB':>14} {'page off KiB':>13} {'page on KiB':>12}"]
    for width in WIDTHS:
        off, on = figures["weights"]["off"][width], figures["weights"]["on"][width]
        lines.append(
            f"{width:<10} {off['image'] / 1024:>15.0f} {on['image'] / 1024:>14.0f} "
            f"{off['total'] / 1024:>13.0f} {on['total'] / 1024:>12.0f}"
        )
    warm = median["warm"]["wall"] / median["off"]["wall"]
    cold = median["cold"]["wall"] / median["off"]["wall"]
    lines += [
        "",
        f"target: output deleted within 1.5x of off (wall): {warm:.2f}x {'ok' if warm <= 1.5 else 'MISSED'}",
        f"target: first build within 4x of off (wall): {cold:.2f}x {'ok' if cold <= 4 else 'MISSED'}",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--images", type=int, default=24)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    root = args.workdir or Path(os.environ.get("TMPDIR", "/tmp")) / "sphinx-tufte-images-bench"
    root.mkdir(parents=True, exist_ok=True)
    repo = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(repo), os.environ.get("PYTHONPATH", "")]))}
    figures = measure_cost(args.python, root, env, args.images, args.reps)
    print(report(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
