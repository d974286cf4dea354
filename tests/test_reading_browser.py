"""Reading a research post in a real browser: the measure, equation numbers beside their
equations, a page no wider than a phone, and images never shown wider than the file the
browser chose (issue 13).

The post is built here: long paragraphs, two dozen display equations (aligned and
numbered ones among them), notes and margin figures right beside equations, a figure in
the text column, a full-width figure, and raster images of several widths drawn with
Pillow. Characters a line (median of the body's full lines, ET Book at 20 px):

    viewport         760   1000   1400   2000   2560
    before issue 13   51      -     96     87     81
    now               63     66     66     66     66

Equation numbers were up to 290 px off their equation's middle beside notes and margin
figures (800, 1000, 1400 px); the page was 807 px wide at 375 px.
"""

from __future__ import annotations

import io
import os
import statistics
from pathlib import Path
from typing import Any

import pytest

from conftest import build_once
from sphinx_tufte import _layout

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("TUFTE_SCREENSHOTS", Path(__file__).parent / "_screenshots"))

# ---- the post -------------------------------------------------------------------------

PROSE = [
    "We want a distribution over the latent variables that explains the data we saw, and "
    "the exact posterior is out of reach because its normalising constant sums over every "
    "configuration of those variables. Variational inference trades that sum for an "
    "optimisation: pick a family of tractable distributions, then find the member closest "
    "to the posterior in a sense we can compute. The rest of this post works through what "
    "that sense is, why the bound it gives is tight exactly when the family contains the "
    "answer, and what goes wrong in practice when it does not.",
    "The first thing to notice is that closeness is measured in one direction only. The "
    "divergence from the approximation to the posterior punishes mass placed where the "
    "posterior has none, but it forgives mass the approximation fails to cover. That is "
    "why fitted approximations are often too narrow: they lock onto one mode of a "
    "multimodal posterior and report a confident answer that ignores the others. Nothing "
    "in the objective warns about this, so it has to be checked by other means.",
    "A second point concerns the gradient. The expectation is taken under the very "
    "distribution whose parameters we are adjusting, so the usual trick of moving the "
    "derivative inside the integral does not apply directly. Two families of estimators "
    "get around it. The score function estimator works for any distribution we can sample "
    "from and differentiate the log density of, at the price of a variance that grows "
    "with the dimension. The reparameterised estimator writes each sample as a smooth "
    "function of parameter-free noise and has far lower variance, but it needs that "
    "function to exist.",
    "In the experiments below every model was trained for the same number of steps with "
    "the same learning rate schedule, and the numbers reported are averages over five "
    "seeds. We kept the batch size fixed rather than the number of samples per batch, "
    "which favours the estimators that draw fewer samples; the comparison is still fair "
    "in wall-clock time, which is what a practitioner pays for. Where two runs disagree "
    "by more than their spread, the text says so and gives the reason we believe.",
    "It is worth saying plainly what the bound does not tell us. A higher bound means a "
    "better fit in the divergence we chose, not a better model of the data: two models "
    "with the same bound can differ widely in held-out likelihood, and a model with a "
    "loose bound can still predict well. When the goal is prediction, the honest measure "
    "is an importance-weighted estimate of the marginal likelihood on data the model has "
    "never seen, with enough samples that its own variance is small.",
]

EQUATIONS = [
    r"\log p(x) = \mathcal{L}(q) + \mathrm{KL}\big(q(z) \,\|\, p(z \mid x)\big)",
    r"\mathcal{L}(q) = \mathbb{E}_{q(z)}\left[\log p(x, z) - \log q(z)\right]",
    r"\begin{aligned} \mathcal{L}(q) &= \mathbb{E}_{q}[\log p(x \mid z)] - \mathrm{KL}(q(z) \,\|\, p(z)) \\ "
    r"&\leq \log p(x) \end{aligned}",
    r"\nabla_\phi \mathbb{E}_{q_\phi}[f(z)] = \mathbb{E}_{q_\phi}\left[f(z) \nabla_\phi \log q_\phi(z)\right]",
    r"z = \mu_\phi + \sigma_\phi \odot \epsilon, \qquad \epsilon \sim \mathcal{N}(0, I)",
    r"\mathrm{KL}(q \,\|\, p) = \frac{1}{2} \sum_{j=1}^{d} \left(\sigma_j^2 + \mu_j^2 - 1 - \log \sigma_j^2\right)",
    r"\begin{aligned} \hat{g} &= \frac{1}{S} \sum_{s=1}^{S} \nabla_\phi f\big(g_\phi(\epsilon_s)\big) \\ "
    r"\mathrm{Var}[\hat{g}] &= \frac{1}{S} \mathrm{Var}\big[\nabla_\phi f(g_\phi(\epsilon))\big] \\ "
    r"&\approx \frac{c}{S} \end{aligned}",
    r"\mathcal{L}_K = \mathbb{E}\left[\log \frac{1}{K} \sum_{k=1}^{K} \frac{p(x, z_k)}{q(z_k \mid x)}\right]",
    r"\theta^{*} = \operatorname*{arg\,max}_{\theta} \sum_{n=1}^{N} \log p_\theta(x_n)",
    r"p(z \mid x) = \frac{p(x \mid z)\, p(z)}{\int p(x \mid z')\, p(z')\, dz'}",
]

WIDE = (
    r"\mathcal{J}(\theta, \phi) = \mathbb{E}_{x \sim \mathcal{D}}\left[\mathbb{E}_{z \sim q_\phi(z \mid x)}"
    r"\left[\log p_\theta(x \mid z)\right] - \beta\, \mathrm{KL}\big(q_\phi(z \mid x) \,\|\, p(z)\big)"
    r" + \lambda \left\| \nabla_x \log p_\theta(x \mid z) \right\|_2^2 + \gamma \sum_{j=1}^{d} "
    r"\left(\mu_j^2 + \sigma_j^2 - \log \sigma_j^2 - 1\right) + \eta\, \Omega(\theta) + \kappa\, \Psi(\phi)\right]"
)

LONG_INLINE = (
    r"$\mathcal{J}(\theta,\phi)=\mathbb{E}_{x}\mathbb{E}_{z}[\log p_\theta(x\mid z)]-"
    r"\beta\,\mathrm{KL}(q_\phi(z\mid x)\,\|\,p(z))+\lambda\|\nabla_x\log p_\theta(x\mid z)\|^2_2+\gamma\,\Omega(\theta)$"
)


def _post() -> str:
    """A post of the kind the issue describes, in MyST."""
    out = ["---", "date: 2024-03-01", "author: Ada Reader", "---", "", "# Variational inference, slowly", ""]
    number = 0
    for section in range(3):
        out += [f"## Part {section + 1}", ""]
        for i, paragraph in enumerate(PROSE):
            out += [paragraph, ""]
            k = section * len(PROSE) + i
            if i == 1:
                # A note right before an equation: the case where numbers drifted.
                out += [f"The divergence is not symmetric.[^n{k}] In symbols:", ""]
            if i == 2:
                out += [
                    f"```{{margin-figure}} img/margin-{section}.png",
                    ":alt: A small plot",
                    "",
                    "A margin figure placed right beside an equation.",
                    "```",
                    "",
                ]
            if i == 3:
                out += [f"A margin note sits beside the next line.[^m{k}]", ""]
            for tex in (EQUATIONS[(2 * k) % len(EQUATIONS)], EQUATIONS[(2 * k + 1) % len(EQUATIONS)]):
                number += 1
                out += ["$$", tex, f"$$ (eq-{number})", ""]
        if section == 0:
            out += [
                "```{figure} img/text.png",
                ":alt: A plot in the text column",
                "",
                "A figure in the text column, its caption in the margin.",
                "```",
                "",
                f"A long formula written inline, as people do: {LONG_INLINE}, which must never",
                "make the page scroll sideways on a phone.",
                "",
                "$$",
                WIDE,
                "$$ (eq-wide)",
                "",
            ]
        if section == 1:
            out += [
                "```{figure} img/full.png",
                ":alt: A wide plot",
                ":figclass: fullwidth",
                "",
                "A full-width figure.",
                "```",
                "",
                "```{figure} img/small.png",
                ":alt: A small plot",
                "",
                "A figure whose file is narrower than the column.",
                "```",
                "",
            ]
    for section in range(3):
        for i in range(len(PROSE)):
            k = section * len(PROSE) + i
            if i == 1:
                out += [
                    f"[^n{k}]: The other direction, from the posterior to the approximation, is the one "
                    "expectation propagation minimises; it spreads mass to cover every mode instead. "
                    "Both are special cases of the alpha divergences, $D_\\alpha(p \\| q)$.",
                    "",
                ]
            if i == 3:
                out += [f"[^m{k}]: {{-}} Five seeds, same schedule, same batch size.", ""]
    return "\n".join(out) + "\n"


def _png(width: int, height: int, seed: int) -> bytes:
    """A plot-like picture: axes, a curve and some noise, so that WebP has work to do."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (250, 250, 245))
    draw = ImageDraw.Draw(image)
    for x in range(0, width, max(1, width // 40)):
        draw.line([(x, 0), (x, height)], fill=(225, 225, 215))
    points = [(x, height / 2 + (height / 3) * ((x * (seed + 3)) % 97 - 48) / 48) for x in range(0, width, 7)]
    draw.line(points, fill=(40, 40, 120), width=max(1, width // 300))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _files() -> dict[str, str | bytes]:
    pytest.importorskip("PIL")
    files: dict[str, str | bytes] = {"index.md": _post()}
    for section in range(3):
        files[f"img/margin-{section}.png"] = _png(900 + 300 * section, 600, section)
    files["img/text.png"] = _png(1800, 900, 7)
    files["img/full.png"] = _png(3000, 900, 8)
    files["img/small.png"] = _png(320, 200, 9)
    return files


@pytest.fixture(scope="module")
def post(tmp_path_factory: Any) -> Path:
    return build_once(tmp_path_factory, "reading", _files(), confoverrides={"html_baseurl": "https://example.org/", "suppress_warnings": ["tufte.baseurl_placeholder"]})


# ---- measuring ----------------------------------------------------------------------

# Each body paragraph's characters, grouped into lines by their rectangles' tops. The
# text of notes, numbers, math and links inside the paragraph is left out, and so is each
# paragraph's last line, which is as short as the sentence makes it.
CHARS_A_LINE = """() => {
  const counts = [];
  const skip = '.sidenote, .marginnote, button, math, .tufte-math';
  for (const p of document.querySelectorAll('article.tufte-article section > p')) {
    if (p.closest('figure, aside, .sidenote, .marginnote')) continue;
    const lines = new Map();
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest(skip)) continue;
      for (let i = 0; i < node.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        const top = Math.round(rect.top + rect.height / 2);
        let key = [...lines.keys()].find(k => Math.abs(k - top) < 6);
        if (key === undefined) { key = top; lines.set(key, 0); }
        lines.set(key, lines.get(key) + 1);
      }
    }
    const tops = [...lines.keys()].sort((a, b) => a - b);
    for (const top of tops.slice(0, -1)) counts.push(lines.get(top));
  }
  return counts;
}"""

EQUATION_OFFSETS = """() => [...document.querySelectorAll('article .tufte-math')].filter(b => b.querySelector('.eqno')).map(b => {
  const eq = b.querySelector('math') || b;
  const n = b.querySelector('.eqno').getBoundingClientRect();
  const e = eq.getBoundingClientRect();
  return {id: b.id, offset: (n.top + n.height / 2) - (e.top + e.height / 2)};
})"""

LOAD_IMAGES = """async () => {
  for (const img of document.querySelectorAll('article img')) {
    if (!img.getClientRects().length) continue;
    img.scrollIntoView({block: 'center'});
    if (!img.complete) await new Promise(done => {
      img.addEventListener('load', done, {once: true});
      img.addEventListener('error', done, {once: true});
    });
  }
}"""

# For each image: the width it is shown at, and the width of the file the browser chose
# (decoded afresh: an <img> with a srcset reports a natural width scaled by the sizes).
IMAGE_WIDTHS = """async () => {
  const out = [];
  for (const img of document.querySelectorAll('article img')) {
    if (!img.getClientRects().length) continue;
    const blob = await (await fetch(img.currentSrc)).blob();
    const bitmap = await createImageBitmap(blob);
    const files = [...(img.closest('picture') || img).querySelectorAll('source, img')]
      .flatMap(s => (s.getAttribute('srcset') || '').split(',').map(c => parseInt(c.trim().split(' ')[1])))
      .filter(w => w > 0);
    const place = img.closest('.margin-figure') ? 'margin' : img.closest('.fullwidth') ? 'full' : 'text';
    out.push({src: img.currentSrc, place, shown: img.getBoundingClientRect().width, file: bitmap.width,
              widest: Math.max(bitmap.width, ...files)});
  }
  return out;
}"""


def _open(open_page: Any, post: Path, width: int, scheme: str = "light") -> Any:
    return open_page(post, "index.html", width=width, scheme=scheme).page


@pytest.mark.parametrize("width", [760, 1000, 1400, 2000, 2560])
def test_body_text_sets_60_to_75_characters_a_line(post: Path, open_page: Any, width: int) -> None:
    page = _open(open_page, post, width)
    counts = page.evaluate(CHARS_A_LINE)
    assert len(counts) > 60, counts
    median = statistics.median(counts)
    assert 60 <= median <= 75, (width, median)


@pytest.mark.parametrize("width", [375, 800, 1000, 1400, 2000])
def test_equation_numbers_are_level_with_their_equations(post: Path, open_page: Any, width: int) -> None:
    page = _open(open_page, post, width)
    offsets = page.evaluate(EQUATION_OFFSETS)
    assert len(offsets) >= 20
    off = [o for o in offsets if abs(o["offset"]) > 3]
    assert off == [], off


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_page_is_no_wider_than_the_phone(post: Path, open_page: Any, scheme: str) -> None:
    page = _open(open_page, post, 375, scheme)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375


@pytest.mark.parametrize("scale", [1, 2])
@pytest.mark.parametrize("width", [800, 1000, 1400, 2000])
def test_no_image_is_shown_wider_than_its_file(post: Path, browser: Any, width: int, scale: int) -> None:
    from conftest import serve

    with serve(post) as base:
        context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=scale)
        try:
            page = context.new_page()
            page.goto(base + "index.html", wait_until="load")
            page.evaluate(LOAD_IMAGES)
            images = page.evaluate(IMAGE_WIDTHS)
        finally:
            context.close()
    assert len(images) == 6, images
    # A file narrower than it shows is soft; the widest file is all there is.
    soft = [i for i in images if i["file"] < min(i["shown"] * scale, i["widest"]) - 1]
    assert soft == [], soft
    # The layout's arithmetic (which the sizes attribute is written from) is the width
    # the page really gives each place, for the images wide enough to fill it.
    filled = [i for i in images if i["widest"] > i["shown"] + 1]
    assert len(filled) == 5
    for image in filled:
        assert abs(image["shown"] - _layout.shown(image["place"], width)) <= 1, image


def test_wide_equation_scrolls_with_a_cue_at_the_edge_it_hides(post: Path, open_page: Any) -> None:
    page = _open(open_page, post, 1000)
    box = page.locator("#equation-eq-wide .tufte-math-scroll")
    assert box.evaluate("e => e.scrollWidth > e.clientWidth + 20")
    assert box.get_attribute("tabindex") == "0"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 1000

    # Only the box's own background is measured: the equation's ink is made invisible,
    # so that a glyph near an edge cannot pass for a shade.
    page.add_style_tag(content=".tufte-math-scroll > math, .tufte-math-scroll > math * { color: transparent !important; }")

    def edges() -> tuple[float, float]:
        """How far from the page's background the box's outermost pixel columns are."""
        from PIL import Image

        shot = Image.open(io.BytesIO(box.screenshot())).convert("L")
        h = shot.size[1]
        inner = box.evaluate("e => e.clientWidth")
        background = Image.open(io.BytesIO(page.screenshot(clip={"x": 1, "y": 1, "width": 2, "height": 2}))).convert("L").getpixel((0, 0))
        # One pixel in from each edge (the shot may hold a column of what is around).
        left = sum(abs(shot.getpixel((1, y)) - background) for y in range(h)) / h
        right = sum(abs(shot.getpixel((inner - 2, y)) - background) for y in range(h)) / h
        return left, right

    left, right = edges()
    assert left < 1 and right > 4, (left, right)  # more to see on the right
    box.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    left, right = edges()
    assert left > 4 and right < 1, (left, right)  # and now on the left


@pytest.mark.parametrize("width", [1400, 375])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots(post: Path, open_page: Any, width: int, scheme: str) -> None:
    """Pictures to look at (tests/_screenshots); the checks are the tests above."""
    opened = open_page(post, "index.html", width=width, scheme=scheme)
    SHOTS.mkdir(parents=True, exist_ok=True)
    opened.page.screenshot(path=str(SHOTS / f"reading-{width}-{scheme}.png"), full_page=True)
    assert opened.console_errors == [] and opened.foreign_requests == []
