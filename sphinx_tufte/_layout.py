"""The page layout's numbers, read from the one place they are written: the marked
``tufte-layout`` block of ``static/tufte-directives.css``.

The stylesheet is the source because the browser needs the numbers there anyway; the
Python side (responsive images' ``srcset`` and ``sizes``) asks this module instead of
keeping copies. The block is a plain ``:root`` rule with one ``--name: value;``
declaration per line, so a tiny parser is enough.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

STYLESHEET = Path(__file__).parent / "static" / "tufte-directives.css"
PLACES = ("margin", "text", "full")


def parse_block(css: str, name: str = "layout") -> dict[str, str]:
    """The custom properties declared between ``/* tufte-NAME: begin`` and
    ``/* tufte-NAME: end */``, comments left out."""
    start = css.index(f"/* tufte-{name}: begin")
    block = css[start : css.index(f"/* tufte-{name}: end */", start)]
    # The block's own comments may hold colons and semicolons: drop them first.
    text, rest = "", block
    while "/*" in rest:
        before, _, after = rest.partition("/*")
        text += before
        rest = after.partition("*/")[2]
    text += rest
    declarations: dict[str, str] = {}
    for statement in text.split(";"):
        name, colon, value = statement.rpartition("{")[2].partition(":")
        name = name.strip()
        if colon and name.startswith("--"):
            declarations[name] = value.strip()
    return declarations


@cache
def properties() -> dict[str, str]:
    """Every layout property, ``{"--tufte-breakpoint": "760px", ...}``."""
    return parse_block(STYLESHEET.read_text(encoding="utf-8"))


def value(name: str) -> str:
    """One property's value, by its name without the ``--tufte-`` prefix."""
    return properties()[f"--tufte-{name}"]


def _check(place: str) -> None:
    if place not in PLACES:
        raise ValueError(f"unknown image place {place!r}; one of {', '.join(PLACES)}")


def resolve(expression: str, page: str) -> str:
    """``expression`` with every ``var(--tufte-NAME)`` replaced by that property's value
    (itself resolved) and ``--tufte-page``, the page's width, by ``page``."""
    out, rest = "", expression
    while "var(" in rest:
        before, _, after = rest.partition("var(")
        name, close, rest = after.partition(")")
        name = name.strip()
        if not close or "," in name or not name.startswith("--tufte-"):
            raise ValueError(f"cannot resolve var({name}) in {expression!r}")
        out += before + (page if name == "--tufte-page" else resolve(properties()[name], page))
    return out + rest


def sizes(place: str) -> str:
    """The ``sizes`` attribute for an image in ``place`` ("margin", "text", "full"): the
    width the stylesheet gives that place, from the breakpoint up and below it, with
    the page's width written in viewport units (a media condition cannot use cqi, and a
    window with a scroll bar is a little wider than its page: the files chosen are never
    too small)."""
    _check(place)
    page = f"min(100vw, {value('page-width')})"
    return (
        f"(min-width: {value('breakpoint')}) {resolve(value(f'image-{place}'), page)}, "
        f"{resolve(value('column'), page)}"
    )


def shown(place: str, viewport: float) -> float:
    """How wide, in CSS pixels, the stylesheet shows an image in ``place`` (as wide as
    its file allows) in a window ``viewport`` pixels wide: the ``sizes`` arithmetic,
    worked out here so that tests and the encoder can ask for a number."""
    _check(place)
    page = f"{min(viewport, pixels('page-width'))}px"
    name = f"image-{place}" if viewport >= pixels("breakpoint") else "column"
    return _Arithmetic(resolve(value(name), page)).length()


def widest(place: str) -> float:
    """The widest an image in ``place`` is ever shown, in CSS pixels, at any window
    width (the layout stops growing at the page width)."""
    return max(shown(place, viewport) for viewport in range(240, int(pixels("page-width")) + 1))


class _Arithmetic:
    """The few CSS math functions the layout block uses (calc, min, max, clamp; + - * /)
    over lengths in px and rem (16 px, the browser's default), read left to right."""

    UNITS = {"px": 1.0, "rem": 16.0}

    def __init__(self, text: str) -> None:
        self.text, self.at = text, 0

    def length(self) -> float:
        result = self._sum()
        self._space()
        if self.at != len(self.text):
            raise ValueError(f"unexpected {self.text[self.at:]!r} in {self.text!r}")
        return result

    def _space(self) -> None:
        while self.at < len(self.text) and self.text[self.at].isspace():
            self.at += 1

    def _sum(self) -> float:
        return self._chain(self._product, "+-")

    def _product(self) -> float:
        return self._chain(self._term, "*/")

    def _chain(self, operand: Callable[[], float], operators: str) -> float:
        """Operands joined by operators of one precedence, left to right."""
        total = operand()
        while True:
            self._space()
            sign = self.text[self.at : self.at + 1]
            if not sign or sign not in operators:
                return total
            self.at += 1
            right = operand()
            if sign == "+":
                total += right
            elif sign == "-":
                total -= right
            elif sign == "*":
                total *= right
            else:
                total /= right

    def _term(self) -> float:
        self._space()
        for function in ("calc(", "min(", "max(", "clamp(", "("):
            if self.text.startswith(function, self.at):
                self.at += len(function)
                arguments = [self._sum()]
                self._space()
                while self.text.startswith(",", self.at):
                    self.at += 1
                    arguments.append(self._sum())
                    self._space()
                if not self.text.startswith(")", self.at):
                    raise ValueError(f"missing ) in {self.text!r}")
                self.at += 1
                if function == "min(":
                    return min(arguments)
                if function == "max(":
                    return max(arguments)
                if function == "clamp(":
                    low, middle, high = arguments
                    return max(low, min(middle, high))
                return arguments[0]
        start = self.at
        while self.at < len(self.text) and (self.text[self.at].isdigit() or self.text[self.at] == "."):
            self.at += 1
        number = float(self.text[start : self.at])
        for unit, factor in self.UNITS.items():
            if self.text.startswith(unit, self.at):
                self.at += len(unit)
                return number * factor
        return number


def widths(place: str) -> tuple[int, ...]:
    """The widths, in image pixels, an image in ``place`` is encoded at."""
    _check(place)
    return tuple(int(width) for width in value(f"image-widths-{place}").split())


def pixels(name: str) -> float:
    """A property given in ``px``, as a number (``pixels("breakpoint") == 760``)."""
    raw = value(name)
    if not raw.endswith("px"):
        raise ValueError(f"--tufte-{name} is {raw!r}, not a length in px")
    return float(raw.removesuffix("px"))
