"""What responsive images save: a post with three photographs, built with
``tufte_responsive_images`` off and on, weighed in Chromium at phone and desktop width
after scrolling to the end (so lazy images load too)."""

from __future__ import annotations

import subprocess
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
        figures[label] = {}
        for width in WIDTHS:
            w = page_weight.measure_in_browser(out, "index.html", width=width, scroll=True)
            figures[label][width] = {"total": w.total, "image": w.by_kind["image"]}
    return figures
