"""Which LaTeX to MathML converter to ship: measured on the math corpus against KaTeX.

Candidates:

- ``docutils``: docutils' converter with the rewrites and repairs sphinx-tufte shipped
  until the switch (``sphinx_tufte/math.py`` at commit ``LEGACY_COMMIT``, read from git).
- ``latex2mathml``: the PyPI package, given the same unwrapped LaTeX as the others.
- ``temml``: Temml run in QuickJS, as ``sphinx_tufte.math`` runs it now.

The reference is KaTeX's own HTML rendering (``.cache/tools/node_modules/katex``,
test-only), the renderer research writers already compare everything with.

For each of the 300+ equations of ``tests/math_corpus.py`` and each candidate:

- **converts**: no exception (for KaTeX: no ``.katex-error``).
- **echo**: LaTeX left as text in the output (a backslash, or a ``[10pt]``-like length
  in a text node): a silent wrong rendering.
- **ink size**: Chromium renders everything on one page per batch, every MathML candidate
  in the same math font (Latin Modern Math, the face closest to KaTeX's Computer Modern),
  at 20 px; the bounding box of the dark pixels of each rendering is compared with
  KaTeX's: the width and height ratios, and "close" when both are within 15 %.
- **shape**: the two ink crops scaled to the same size, thresholded, dilated by 2 px and
  compared as sets (intersection over union, 1 = same shape). A coarse metric: it
  sees a missing limit, a printed "[10pt]", a flush-left row or an unstretched brace,
  not a kerning difference.
- **time**: conversion per equation in this process, caches bypassed, mean of 3 runs.
- **size**: what each adds to an installation.

    PYTHONPATH=. .venv-sphinx9/bin/python benchmarks/math_engines.py [--json FILE] [--limit N] [--shots DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from math_corpus import CORPUS, Equation  # noqa: E402

from sphinx_tufte.math import engine, latex, mathml  # noqa: E402

LEGACY_COMMIT = "882a4bb0fc1d8e7064db78e1151360d555ea73c1"
KATEX = ROOT / ".cache" / "tools" / "node_modules" / "katex" / "dist"
MATH_FONT = Path("/usr/share/texmf/fonts/opentype/public/lm-math/latinmodern-math.otf")
CANDIDATES = ("docutils", "latex2mathml", "temml")
FONT_PX = 20
BATCH = 40


# ---- the converters -------------------------------------------------------------------


def _legacy_module() -> Any:
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{LEGACY_COMMIT}:sphinx_tufte/math.py"], check=True, capture_output=True, text=True
    ).stdout
    path = Path(tempfile.mkdtemp()) / "legacy_math.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("legacy_math", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def plain_input(eq: Equation) -> str:
    """The LaTeX every converter is given: environments unwrapped, rows wrapped, \\\\[len] kept."""
    return latex.prepare(eq.tex, display=eq.display, mark_gaps=False).tex


def converters() -> dict[str, Callable[[Equation], str]]:
    legacy = _legacy_module()
    import latex2mathml.converter

    def docutils(eq: Equation) -> str:
        # The legacy converter did its own unwrapping and repairs; uncached.
        return legacy.convert.__wrapped__(eq.tex, display=eq.display)

    def l2m(eq: Equation) -> str:
        return latex2mathml.converter.convert(plain_input(eq), display="block" if eq.display else "inline")

    def temml(eq: Equation) -> str:
        prepared = latex.prepare(eq.tex, display=eq.display)
        return mathml.finish(engine.render(prepared.tex, display=eq.display), source=eq.tex, display=eq.display, gaps=prepared.gaps)

    return {"docutils": docutils, "latex2mathml": l2m, "temml": temml}


def echoes(markup: str) -> bool:
    """LaTeX that came through as text: the sign of a silent failure."""
    try:
        root = ET.fromstring(markup)
    except ET.ParseError:
        return True
    text = "".join(root.itertext())
    if "\\" in text:
        return True
    # A row gap printed as text: "[10pt]", "[1ex]"...
    for unit in ("pt]", "em]", "ex]", "mm]"):
        if unit in text.replace(" ", ""):
            return True
    return False


def timing(convert: Callable[[Equation], str], corpus: list[Equation], runs: int = 3) -> float:
    """Mean seconds per equation."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        for eq in corpus:
            try:
                convert(eq)
            except Exception:  # noqa: BLE001 - a refusal costs time too
                pass
        samples.append((time.perf_counter() - start) / len(corpus))
    return statistics.mean(samples)


def _tree_size(*paths: Path) -> int:
    total = 0
    for path in paths:
        if path.is_file():
            total += path.stat().st_size
        elif path.is_dir():
            total += sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return total


def dependency_sizes() -> dict[str, int]:
    import quickjs

    site = Path(quickjs.__file__).resolve().parent.parent
    sizes = {
        "docutils": 0,  # ships with docutils, which Sphinx needs anyway
        "latex2mathml": _tree_size(*site.glob("latex2mathml*")),
        "temml": _tree_size(*site.glob("_quickjs*"), *site.glob("quickjs*"), engine.VENDOR),
    }
    try:
        import py_mini_racer

        sizes["temml-on-mini-racer"] = _tree_size(Path(py_mini_racer.__file__).parent, engine.VENDOR)
    except ImportError:
        pass
    return sizes


def mini_racer_timing(corpus: list[Equation]) -> float | None:
    """The same Temml on V8 (mini-racer), for the choice of JavaScript engine."""
    try:
        from py_mini_racer import MiniRacer
    except ImportError:
        return None
    context = MiniRacer()
    context.eval(engine.SCRIPT.read_text(encoding="utf-8"))
    context.eval(engine._SETUP)
    prepared = [latex.prepare(eq.tex, display=eq.display) for eq in corpus]
    start = time.perf_counter()
    for _ in range(3):
        for eq, prep in zip(corpus, prepared, strict=True):
            try:
                context.call("tufteRender", prep.tex, eq.display)
            except Exception:  # noqa: BLE001
                pass
    return (time.perf_counter() - start) / (3 * len(corpus))


# ---- rendering in Chromium ------------------------------------------------------------


def _page(batch: list[tuple[int, Equation, dict[str, str | None]]]) -> str:
    rows = []
    for index, eq, outputs in batch:
        cells = [f'<div class="cell" id="katex-{index}" data-tex="{escape(plain_input(eq))}" data-display="{int(eq.display)}"></div>']
        for name in CANDIDATES:
            markup = outputs.get(name)
            cells.append(f'<div class="cell" id="{name}-{index}">{markup or ""}</div>')
        rows.append(f'<section class="eq">{"".join(cells)}</section>')
    return f"""<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="katex/katex.min.css">
<link rel="stylesheet" href="tufte-directives.css">
<style>
@font-face {{ font-family: "Bench Math"; src: url("math.otf"); }}
body {{ margin: 0; background: #fff; color: #000; font-size: {FONT_PX}px; font-family: serif; }}
.eq {{ display: block; }}
.cell {{ display: inline-block; vertical-align: top; margin: 8px 24px 8px 8px; padding: 6px; }}
.cell math {{ font-family: "Bench Math" !important; font-size: 1em !important; }}
.katex {{ font-size: 1em !important; }}
.katex-display {{ margin: 0 !important; }}
</style></head><body>{"".join(rows)}
<script src="katex/katex.min.js"></script>
<script>
for (const cell of document.querySelectorAll("[id^=katex-]")) {{
  katex.render(cell.dataset.tex, cell, {{displayMode: cell.dataset.display === "1", throwOnError: false, strict: false}});
}}
</script></body></html>"""


def _ink(image: Any) -> Any:
    """The crop of an image to its dark pixels, or None when there are none."""
    gray = image.convert("L")
    mask = gray.point(lambda v: 255 if v < 160 else 0)
    box = mask.getbbox()
    return None if box is None else mask.crop(box)


def _iou(candidate: Any, reference: Any) -> float:
    from PIL import ImageChops, ImageFilter

    size = reference.size
    a = candidate.resize(size).point(lambda v: 255 if v > 127 else 0).filter(ImageFilter.MaxFilter(5))
    b = reference.point(lambda v: 255 if v > 127 else 0).filter(ImageFilter.MaxFilter(5))
    inter = ImageChops.multiply(a, b).histogram()[255]
    union = ImageChops.lighter(a, b).histogram()[255]
    return inter / union if union else 1.0


def render_and_compare(results: list[dict[str, Any]], shots: Path | None) -> None:
    from PIL import Image
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="math-engines-"))
    shutil.copytree(KATEX, work / "katex")
    shutil.copy(ROOT / "sphinx_tufte" / "static" / "tufte-directives.css", work)
    shutil.copy(MATH_FONT, work / "math.otf")
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=["--no-sandbox", "--font-render-hinting=none"])
        page = browser.new_page(viewport={"width": 2400, "height": 1000}, device_scale_factor=1)
        for start in range(0, len(results), BATCH):
            batch = results[start : start + BATCH]
            html = work / f"batch-{start}.html"
            html.write_text(_page([(r["index"], r["eq"], r["markup"]) for r in batch]), encoding="utf-8")
            page.goto(html.as_uri())
            page.evaluate("document.fonts.ready")
            png = Image.open(io.BytesIO(page.screenshot(full_page=True)))
            if shots:
                shots.mkdir(parents=True, exist_ok=True)
                png.save(shots / f"batch-{start:03d}.png")
            for result in batch:
                index = result["index"]
                katex_error = page.locator(f"#katex-{index} .katex-error").count() > 0
                result["katex_error"] = katex_error
                crops = {}
                for name in ("katex", *CANDIDATES):
                    box = page.locator(f"#{name}-{index}").bounding_box()
                    if not box:
                        crops[name] = None
                        continue
                    region = png.crop((int(box["x"]), int(box["y"]), int(box["x"] + box["width"]), int(box["y"] + box["height"])))
                    crops[name] = _ink(region)
                reference = crops["katex"]
                for name in CANDIDATES:
                    crop = crops[name]
                    score: dict[str, Any] = {}
                    if crop is not None and reference is not None and result["converts"][name]:
                        score["width_ratio"] = crop.size[0] / reference.size[0]
                        score["height_ratio"] = crop.size[1] / reference.size[1]
                        score["iou"] = _iou(crop, reference)
                    result["scores"][name] = score
        browser.close()
    shutil.rmtree(work, ignore_errors=True)


# ---- the report -------------------------------------------------------------------------


def summarise(results: list[dict[str, Any]], times: dict[str, float], sizes: dict[str, int]) -> dict[str, Any]:
    compared = [r for r in results if not r["katex_error"]]
    summary: dict[str, Any] = {"equations": len(results), "katex_renders": len(compared), "candidates": {}}
    for name in CANDIDATES:
        converts = sum(r["converts"][name] for r in results)
        echo = sum(r["echo"][name] for r in results)
        scored = [r["scores"][name] for r in compared if r["scores"].get(name)]
        close = [s for s in scored if 0.85 <= s["width_ratio"] <= 1.15 and 0.85 <= s["height_ratio"] <= 1.15]
        summary["candidates"][name] = {
            "converts": converts,
            "refused": len(results) - converts,
            "echoes_latex": echo,
            "converts_cleanly": sum(r["converts"][name] and not r["echo"][name] for r in results),
            "size_close_to_katex": len(close),
            "median_width_ratio": statistics.median(s["width_ratio"] for s in scored) if scored else None,
            "median_height_ratio": statistics.median(s["height_ratio"] for s in scored) if scored else None,
            "median_shape_iou": statistics.median(s["iou"] for s in scored) if scored else None,
            "shape_iou_at_least_0.6": sum(s["iou"] >= 0.6 for s in scored),
            "ms_per_equation": times[name] * 1000,
            "install_bytes": sizes.get(name, 0),
        }
    return summary


def worst(results: list[dict[str, Any]], name: str, count: int = 8) -> list[tuple[float, str]]:
    scored = [(r["scores"][name].get("iou", 0.0), r["eq"].tex[:70]) for r in results if r["scores"].get(name) and not r["katex_error"]]
    return sorted(scored)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write the per-equation figures here")
    parser.add_argument("--limit", type=int, default=0, help="only the first N equations (a smoke run)")
    parser.add_argument("--shots", type=Path, help="keep the batch screenshots in this folder")
    args = parser.parse_args()

    corpus = CORPUS[: args.limit] if args.limit else CORPUS
    convert = converters()
    load_start = time.perf_counter()
    engine.temml()
    temml_load = time.perf_counter() - load_start

    results: list[dict[str, Any]] = []
    for index, eq in enumerate(corpus):
        entry: dict[str, Any] = {"index": index, "eq": eq, "markup": {}, "converts": {}, "echo": {}, "errors": {}, "scores": {}}
        for name, function in convert.items():
            try:
                markup: str | None = function(eq)
            except Exception as err:  # noqa: BLE001 - every refusal is a data point
                markup = None
                entry["errors"][name] = f"{type(err).__name__}: {err}"[:160]
            entry["markup"][name] = markup
            entry["converts"][name] = markup is not None
            entry["echo"][name] = markup is not None and echoes(markup)
        results.append(entry)

    times = {name: timing(function, corpus) for name, function in convert.items()}
    sizes = dependency_sizes()
    render_and_compare(results, args.shots)
    summary = summarise(results, times, sizes)
    summary["temml_context_load_ms"] = temml_load * 1000
    racer = mini_racer_timing(corpus)
    summary["temml_on_mini_racer_ms_per_equation"] = None if racer is None else racer * 1000
    summary["install_bytes"] = sizes

    print(json.dumps(summary, indent=2))
    for name in CANDIDATES:
        print(f"\nleast like KaTeX, {name}:")
        for iou, tex in worst(results, name):
            print(f"  {iou:.2f}  {tex}")
        refused = [(r["eq"].tex[:60], r["errors"][name]) for r in results if name in r["errors"]]
        print(f"refused by {name}: {len(refused)}")
        for tex, error in refused[:6]:
            print(f"  {tex}  ->  {error[:90]}")
    if args.json:
        rows = [
            {"tex": r["eq"].tex, "display": r["eq"].display, "kind": r["eq"].kind, "katex_error": r["katex_error"],
             "converts": r["converts"], "echo": r["echo"], "errors": r["errors"], "scores": r["scores"]}
            for r in results
        ]
        args.json.write_text(json.dumps({"summary": summary, "equations": rows}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
