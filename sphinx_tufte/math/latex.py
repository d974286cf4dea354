"""LaTeX as the page's author wrote it, made into what Temml takes.

Sphinx and MyST hand over the body of an equation, sometimes still wrapped in an amsmath
environment of its own (``align``, ``gather``, a ``:nowrap:`` block) that would number
itself; the number, if any, is Sphinx's. What comes out is one expression Temml can
convert, the ``\\tag`` the author gave (shown where Sphinx puts numbers), and the extra
space each ``\\\\[len]`` asked for, which Temml reads but does not lay out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Outer environments and what they become inside one equation: their rows and columns
# stay, their own numbering goes.
_OUTER = {
    "align": "aligned",
    "alignat": "aligned",
    "flalign": "aligned",
    "eqnarray": "aligned",
    "split": "aligned",
    "gather": "gathered",
    "multline": "multline*",
    "equation": "",
    "math": "",
    "displaymath": "",
}
_OUTER_ENVIRONMENT = re.compile(
    r"^\s*\\begin\{(?P<env>" + "|".join(_OUTER) + r")(?P<star>\*?)\}"
    r"(?:\{\d+\})?(?P<body>.*)\\end\{(?P=env)(?P=star)\}\s*$",
    re.DOTALL,
)
_DISPLAY_DELIMITERS = re.compile(r"^\s*(?:\\\[(?P<a>.*)\\\]|\$\$(?P<b>.*)\$\$)\s*$", re.DOTALL)
_LABEL = re.compile(r"\\(?:label\s*\{[^{}]*\}|nonumber(?![a-zA-Z])|notag(?![a-zA-Z]))")
_TAG = re.compile(r"\\tag(?P<star>\*?)\s*\{(?P<text>[^{}]*)\}")
# amsmath's environments that Temml lacks inside an equation, as the nearest it has.
_INNER_ALIASES = [(re.compile(r"\\(begin|end)\{eqnarray\*?\}"), r"\\\1{aligned}")]
# \\[len]: the optional length after a row break. TeX takes it even after a space.
_ROW_GAP = re.compile(r"\\\\\s*\[(?P<length>[^\]]*)\]")
_LENGTH = re.compile(r"^\s*(?P<number>[+-]?(?:\d+\.?\d*|\.\d+))\s*(?P<unit>pt|em|ex|mm|cm|in|bp|pc|mu|px|dd)\s*$")
# TeX lengths in em of a 10 pt font, the size the units are relative to, as KaTeX does.
_EM_PER_UNIT = {
    "pt": 0.1,
    "bp": 0.1 * 72.27 / 72,
    "pc": 1.2,
    "dd": 0.1 * 1238 / 1157,
    "mm": 0.1 * 72.27 / 25.4,
    "cm": 0.1 * 72.27 / 2.54,
    "in": 0.1 * 72.27,
    "px": 0.1 * 72.27 / 96,
    "em": 1.0,
    "ex": 0.431,
    "mu": 1 / 18,
}


class LatexError(ValueError):
    """LaTeX that is wrong before any converter sees it."""


@dataclass(frozen=True)
class Prepared:
    tex: str
    tag: str | None = None
    # Extra space below row i of the marker ``\class{tufte-gap-i}{}``, in em.
    gaps: tuple[float, ...] = field(default_factory=tuple)


def unwrap(tex: str) -> tuple[str, str]:
    """The body of an equation written with its own delimiters or environment, and the
    environment it should keep inside the equation ("" for none)."""
    match = _DISPLAY_DELIMITERS.match(tex)
    if match:
        tex = match.group("a") if match.group("a") is not None else match.group("b")
    inner = ""
    # Nested, as in equation > split: the innermost that has rows wins.
    while match := _OUTER_ENVIRONMENT.match(tex):
        tex = match.group("body")
        inner = _OUTER[match.group("env")] or inner
    return tex, inner


def _top_level(tex: str) -> set[str]:
    """Which of ``&`` and ``\\\\`` occur outside every group and environment."""
    found: set[str] = set()
    depth = 0
    for match in re.finditer(r"\\begin\{|\\end\{|\\\\|\\.|[{}&]", tex, re.DOTALL):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "\\begin{":
            depth += 2  # the environment, and its name's group
        elif token == "}":
            depth -= 1
        elif token == "\\end{":
            pass  # the environment closes, its name's group opens
        elif depth == 0 and token in {"&", "\\\\"}:
            found.add(token)
    return found


def check_braces(tex: str) -> None:
    # A converter may quietly close what is left open; LaTeX would stop, and so do we.
    depth = 0
    for match in re.finditer(r"\\.|[{}]", tex, re.DOTALL):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                raise LatexError("a '}' closes a group that was never opened")
    if depth > 0:
        raise LatexError("a '{' opens a group that is never closed")


def _em(length: str) -> float:
    match = _LENGTH.match(length)
    if not match:
        raise LatexError(f"'{length.strip()}' after \\\\ is not a length TeX knows")
    return float(match.group("number")) * _EM_PER_UNIT[match.group("unit")]


def _mark_row_gaps(tex: str) -> tuple[str, tuple[float, ...]]:
    gaps: list[float] = []

    def marker(match: re.Match[str]) -> str:
        gaps.append(_em(match.group("length")))
        return rf"\class{{tufte-gap-{len(gaps) - 1}}}{{}}\\"

    return _ROW_GAP.sub(marker, tex), tuple(gaps)


def prepare(tex: str, *, display: bool, mark_gaps: bool = True) -> Prepared:
    """What Temml is given for the equation ``tex``.

    ``mark_gaps=False`` leaves ``\\\\[len]`` as written, for a converter that lays it
    out itself (the benchmark's KaTeX and latex2mathml).
    """
    tag = None
    inner = ""
    if display:
        tex, inner = unwrap(tex)
        tags = list(_TAG.finditer(tex))
        if len(tags) > 1:
            raise LatexError("an equation has one \\tag, this one has several")
        if tags:
            text = tags[0].group("text").strip()
            tag = text if tags[0].group("star") else f"({text})"
            tex = _TAG.sub("", tex)
        # Sphinx's math directive separates equations with blank lines; each becomes a
        # row, as in the align* that MathJax's renderer wraps them in.
        parts = [part.strip() for part in re.split(r"\n\s*\n", tex) if part.strip()]
        tex = " \\\\ ".join(parts)
    tex = _LABEL.sub("", tex).strip()
    if not tex:
        raise LatexError("the equation is empty")
    check_braces(tex)
    for pattern, replacement in _INNER_ALIASES:
        tex = pattern.sub(replacement, tex)
    if display:
        rows = _top_level(tex)
        if inner == "multline*":
            tex = rf"\begin{{multline*}}{tex}\end{{multline*}}"
        elif inner == "aligned" or "&" in rows:
            tex = rf"\begin{{aligned}}{tex}\end{{aligned}}"
        elif inner == "gathered" or rows:
            # Rows without alignment points are centred, as gather and MathJax set them.
            tex = rf"\begin{{gathered}}{tex}\end{{gathered}}"
    if not mark_gaps:
        return Prepared(tex=tex, tag=tag)
    tex, gaps = _mark_row_gaps(tex)
    return Prepared(tex=tex, tag=tag, gaps=gaps)
