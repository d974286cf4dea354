"""Temml's MathML, finished for the page: row gaps laid out, the source kept as alttext.

The MathML is parsed as XML and changed as a tree; nothing here matches text in it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
_NS = f"{{{MATHML_NS}}}"
# Written back as the default namespace: <math xmlns="..."> with plain tag names.
ET.register_namespace("", MATHML_NS)

# MathML Core's cell padding (0.5ex above and below), and Temml's for align-like rows.
_CELL_PADDING_EX = {"tml-jot": 0.7, "tml-small": 0.35}


class MathMLError(ValueError):
    """The converter wrote something that is not MathML."""


def _classes(element: ET.Element) -> list[str]:
    return (element.get("class") or "").split()


def _apply_row_gaps(root: ET.Element, gaps: tuple[float, ...]) -> None:
    """Each ``\\\\[len]`` adds len below its row: padding under the row's cells. A
    negative length (``\\\\[-2pt]``, to pull a row up) takes from that padding, down to
    none: cells cannot overlap, so rows come no closer than touching."""
    parents = {child: parent for parent in root.iter() for child in parent}
    for marker in [e for e in root.iter() if any(c.startswith("tufte-gap-") for c in _classes(e))]:
        index = int(next(c for c in _classes(marker) if c.startswith("tufte-gap-")).rpartition("-")[2])
        parent = parents.get(marker)
        if parent is not None:
            parent.remove(marker)
        row = parent
        while row is not None and row.tag != f"{_NS}mtr":
            row = parents.get(row)
        if row is None or index >= len(gaps) or not gaps[index]:
            continue
        table = parents.get(row)
        base = next((v for c, v in _CELL_PADDING_EX.items() if table is not None and c in _classes(table)), 0.5)
        for cell in row:
            style = (cell.get("style") or "").rstrip("; ")
            padding = f"calc({base}ex + {gaps[index]:.4g}em)"
            if gaps[index] < 0:
                padding = f"max(0px, calc({base}ex - {-gaps[index]:.4g}em))"
            padding = f"padding-bottom:{padding}"
            cell.set("style", f"{style};{padding};" if style else f"{padding};")


def _split_numbers_at_commas(root: ET.Element) -> None:
    """``x_{1,2}`` and ``(0,1)``: TeX reads a comma between digits as punctuation, with
    a thin space after it; Temml joins the digits into one number."""
    for parent in root.iter():
        for index, child in reversed(list(enumerate(parent))):
            text = child.text or ""
            if child.tag != f"{_NS}mn" or "," not in text or len(child):
                continue
            # One mrow in its place keeps the arity of msub, mfrac and the like.
            row = ET.Element(f"{_NS}mrow")
            for position, number in enumerate(text.split(",")):
                if position:
                    ET.SubElement(row, f"{_NS}mo", separator="true").text = ","
                if number:
                    ET.SubElement(row, f"{_NS}mn").text = number
            row.tail = child.tail
            parent[index] = row


def _style_attributes_on_mstyle(root: ET.Element) -> None:
    """MathML Core takes displaystyle and scriptlevel on any element; MathML 3, which the
    Nu HTML checker reads, only on mstyle and mtable. An mstyle around the element
    renders alike and keeps the parent's arity (\\tfrac, \\boxed, \\displaystyle...)."""
    names = ("displaystyle", "scriptlevel")
    for parent in list(root.iter()):
        for index, child in enumerate(list(parent)):
            if child.tag in {f"{_NS}mstyle", f"{_NS}mtable"} or not any(n in child.attrib for n in names):
                continue
            style = ET.Element(f"{_NS}mstyle")
            for name in names:
                if name in child.attrib:
                    style.set(name, child.attrib.pop(name))
            style.tail, child.tail = child.tail, None
            style.append(child)
            parent[index] = style


def _macron_accents(root: ET.Element) -> None:
    """``\\bar``: Temml writes its accent as the overline, U+203E, which the math face
    lacks, so the browser took it from the page's face and fetched ET Book's extended
    Latin file (14 KB) for one stroke. The macron, U+00AF, is the same accent in the
    math face's base file, where every other accent Temml writes already is."""
    for parent in root.iter(f"{_NS}mover"):
        accent = parent[1] if len(parent) == 2 else None
        if accent is not None and accent.tag == f"{_NS}mo" and accent.text == "\u203e":
            accent.text = "\u00af"


def finish(xml: str, *, source: str, display: bool, gaps: tuple[float, ...] = ()) -> str:
    """The ``<math>`` element the page shows, as a string."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as err:
        raise MathMLError(f"the converter wrote invalid MathML ({err})") from err
    if root.tag != f"{_NS}math":
        raise MathMLError("the converter wrote no <math> element")
    if root.find(f".//{_NS}merror") is not None:
        raise MathMLError("the converter marked part of it as an error")
    _apply_row_gaps(root, gaps)
    _split_numbers_at_commas(root)
    _style_attributes_on_mstyle(root)
    _macron_accents(root)
    # The page's stylesheet places block equations; Temml's inline display style would
    # win over it.
    root.attrib.pop("style", None)
    if display:
        root.set("display", "block")
    # The LaTeX stays with the equation, for readers and tools that cannot draw MathML.
    root.set("alttext", " ".join(source.split()))
    return ET.tostring(root, encoding="unicode", short_empty_elements=False)
