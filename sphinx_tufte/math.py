"""Math rendered to MathML while the site builds: no script, no CDN, no network.

The renderer registers with Sphinx as ``tufte_mathml`` (``html_math_renderer``). Under
the tufte theme it is the default when the user has chosen no renderer; under any other
theme Sphinx's own choice stands unless the user names it. LaTeX goes through docutils'
converter (``docutils.utils.math.latex2mathml``): it already ships with Sphinx, it lays
out limits, ``aligned`` rows and ``\\mathscr`` the way LaTeX does, and it refuses what
it does not know instead of printing it as text, so that a located warning and a
``<code>`` fallback can replace an equation it cannot draw. Its gaps are closed here:
commands and environments it lacks are rewritten to ones it has before conversion, and
the slips a reader would notice (subscripts under accents, labels beside braces,
stretching bars, spacing after operator names and commas) are repaired in its output.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.utils import get_source_line
from docutils.utils.math.latex2mathml import tex2mathml
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

from sphinx_tufte.theme import uses_theme

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

RENDERER = "tufte_mathml"
MATHML_NS = "http://www.w3.org/1998/Math/MathML"


class MathConversionError(ValueError):
    """LaTeX that the converter cannot turn into MathML."""


# ---- LaTeX in --------------------------------------------------------------------

# amsmath environments whose body the converter reads as rows (``\\``) and alignment
# columns (``&``): MyST's amsmath extension and ``:nowrap:`` blocks arrive wrapped in
# them. The number, if any, comes from Sphinx, never from the environment.
_OUTER_ENVIRONMENT = re.compile(
    r"^\s*\\begin\{(?P<env>align|alignat|flalign|equation|gather|multline|eqnarray|split|math|displaymath)(?P<star>\*?)\}"
    r"(?:\{\d+\})?(?P<body>.*)\\end\{(?P=env)(?P=star)\}\s*$",
    re.DOTALL,
)
_DISPLAY_DELIMITERS = re.compile(r"^\s*(?:\\\[(?P<a>.*)\\\]|\$\$(?P<b>.*)\$\$)\s*$", re.DOTALL)
_LABEL = re.compile(r"\\(?:label|nonumber|notag|tag\*?)(?:\{[^{}]*\})?")

# Commands the converter lacks, each rewritten to one it draws the same (or, for
# ``\middle``, nearly the same: the bar keeps its size instead of stretching).
_ALIASES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\\dots(?![a-zA-Z])"), r"\\ldots"),
    (re.compile(r"\\iff(?![a-zA-Z])"), r"\\;\\Longleftrightarrow\\;"),
    (re.compile(r"\\middle\s*(\\\||\\vert(?![a-zA-Z])|\|)"), r"\\mid"),
    (re.compile(r"\\textbf\{([^{}]*)\}"), r"\\boldsymbol{\\text{\1}}"),
    (re.compile(r"\\textrm\{([^{}]*)\}"), r"\\text{\1}"),
    (re.compile(r"\\textup\{([^{}]*)\}"), r"\\text{\1}"),
    # TeX's shorthand \frac12 (one-character arguments); the converter would read
    # "12" as the numerator and take whatever follows as the denominator.
    (re.compile(r"\\([tdc]?frac|binom)(?![a-zA-Z])\s*([0-9A-Za-z])\s*([0-9A-Za-z])"), r"\\\1{\2}{\3}"),
    (re.compile(r"\\textit\{([^{}]*)\}"), r"\\mathit{\\text{\1}}"),
    # \big( and friends: the converter knows only the l/r forms, which size the same.
    (re.compile(r"\\(big|Big|bigg|Bigg)m?(?![a-zA-Z])"), r"\\\1l"),
]


def unwrap(tex: str) -> str:
    """The body of an equation written with its own environment or delimiters."""
    match = _DISPLAY_DELIMITERS.match(tex)
    if match:
        tex = match.group("a") if match.group("a") is not None else match.group("b")
    # Nested, as in equation > split.
    while match := _OUTER_ENVIRONMENT.match(tex):
        tex = match.group("body")
    return _LABEL.sub("", tex)


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


def _replace_group_command(tex: str, command: str, before: str, after: str) -> str:
    """``\\command{body}`` -> ``before + body + after``, with nested braces in body."""
    out, position = [], 0
    pattern = re.compile(re.escape(command) + r"(?![a-zA-Z])\s*\{")
    while match := pattern.search(tex, position):
        depth, end = 1, match.end()
        while end < len(tex) and depth:
            char = tex[end]
            if char == "\\":
                end += 2
                continue
            depth += {"{": 1, "}": -1}.get(char, 0)
            end += 1
        if depth:
            break  # unbalanced: left for the brace check to report
        out += [tex[position : match.start()], before, tex[match.end() : end - 1], after]
        position = end
    return "".join(out) + tex[position:]


def prepare(tex: str, *, display: bool) -> str:
    """LaTeX as the converter wants it."""
    if display:
        tex = unwrap(tex)
        # Sphinx's math directive separates equations with blank lines; each becomes a
        # row, as in the ``align*`` that MathJax's renderer wraps them in.
        parts = [part.strip() for part in re.split(r"\n\s*\n", tex) if part.strip()]
        tex = r" \\ ".join(parts)
        # The converter builds alignment columns only when there are several rows.
        if _top_level(tex) == {"&"}:
            tex = rf"\begin{{aligned}}{tex}\end{{aligned}}"
    for pattern, replacement in _ALIASES:
        tex = pattern.sub(replacement, tex)
    # Environments the converter lacks, as the nearest one it has: rows of a split or
    # gathered set as aligned rows; an array as a matrix (without its column rules).
    tex = re.sub(r"\\(begin|end)\{(split|gathered|alignedat)\}(?:\{\d+\})?", r"\\\1{aligned}", tex)
    tex = re.sub(r"\\begin\{array\}\{[^{}]*\}", r"\\begin{matrix}", tex)
    tex = tex.replace(r"\end{array}", r"\end{matrix}")
    tex = _replace_group_command(tex, r"\substack", r"\begin{smallmatrix}", r"\end{smallmatrix}")
    return tex.strip()


# ---- MathML out -------------------------------------------------------------------

_ACCENTS = {"\u02c6", "\u02dc", "\u00af", "\u02d9", "\u00a8", "\u20d7", "\u2192", "\u02c7", "\u02d8", "\u00b4", "`", "^", "~"}
_OPENING = {"(", "[", "{", "\u27e8", "|", "\u2016", "\u2308", "\u230a"}
_UNDER_BRACES = {"\u23df", "\u23b5"}
_OVER_BRACES = {"\u23de", "\u23b4"}


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _repair(element: ET.Element) -> None:
    """Fix, in place, the converter's layout slips that readers would notice."""
    for index, child in enumerate(list(element)):
        _repair(child)
        tag = _local(child.tag)
        kids = list(child)
        # "0,1" is one number to the converter; TeX reads the comma as punctuation,
        # so (0,1) is an interval with a thin space after the comma.
        if tag == "mn" and "," in (child.text or "") and len(child) == 0:
            # One mrow in its place keeps the arity of msub, mfrac and the like.
            row = ET.Element("mrow")
            for number_index, number in enumerate((child.text or "").split(",")):
                if number_index:
                    ET.SubElement(row, "mo", separator="true").text = ","
                if number:
                    ET.SubElement(row, "mn").text = number
            row.tail = child.tail
            element[index] = row
            continue
        # \log p: TeX puts a thin space between an operator name and its argument,
        # unless a bracket follows; Chromium gives the invisible "apply" sign none.
        if tag == "mo" and (child.text or "") == "\u2061":
            following = element[index + 1] if index + 1 < len(element) else None
            if following is not None and _local(following.tag) == "mrow" and len(following):
                following = following[0]  # \log\left( .. \right)
            opens = following is not None and _local(following.tag) == "mo" and (following.text or "") in _OPENING
            if not opens:
                child.set("rspace", "0.1667em")
        # ``\hat{x}_n`` comes out as munderover(x, n, ^): the subscript lands under
        # the letter. LaTeX sets it as a subscript of the accented letter.
        if tag == "munderover" and len(kids) == 3 and _local(kids[2].tag) == "mo" and (kids[2].text or "") in _ACCENTS:
            base, sub, accent = kids
            accent.set("accent", "true")
            over = ET.Element("mover", accent="true")
            over.extend([base, accent])
            fixed = ET.Element("msub")
            fixed.extend([over, sub])
            fixed.tail = child.tail
            element.remove(child)
            element.insert(index, fixed)
            continue
        # ``\underbrace{..}_{label}`` puts the label beside the brace, not under it.
        if tag in {"msub", "msup"} and len(kids) == 2:
            inner = kids[0]
            inner_kids = list(inner)
            wanted = "munder" if tag == "msub" else "mover"
            braces = _UNDER_BRACES if tag == "msub" else _OVER_BRACES
            if _local(inner.tag) == wanted and len(inner_kids) == 2 and (inner_kids[1].text or "") in braces:
                child.tag = wanted
        # \tfrac and \dfrac come out as <mfrac displaystyle scriptlevel>, \vec as an
        # <mo scriptlevel>; MathML 3 (and so the Nu checker) allows those attributes on
        # mstyle (and mtable) only. An mstyle around the element renders alike and
        # keeps the parent's arity.
        if tag not in {"mstyle", "mtable"} and ({"displaystyle", "scriptlevel"} & child.attrib.keys()):
            style = ET.Element("mstyle")
            for name in ("displaystyle", "scriptlevel"):
                if name in child.attrib:
                    style.set(name, child.attrib.pop(name))
            style.tail, child.tail = child.tail, None
            style.append(child)
            element[index] = style
            continue
        # Rows of an aligned block are set in display style, as amsmath sets them; a
        # table's cells would otherwise shrink fractions and limits to text size.
        if tag == "mtable" and "ams-align" in (child.get("class") or "").split():
            child.set("displaystyle", "true")
        # A ``\|`` between two terms keeps its size (TeX's \| is no fence); only the
        # pair that ``\left\| .. \right\|`` opens and closes an mrow with stretches.
        if tag == "mo" and (child.text or "") == "\u2016" and "stretchy" not in child.attrib:
            is_fence = _local(element.tag) == "mrow" and index in {0, len(element) - 1}
            if not is_fence:
                child.set("stretchy", "false")
        # |x| and ||x|| are ordinary symbols in TeX, not relations with space around.
        if tag == "mo" and (child.text or "") in {"|", "\u2016"} and child.get("stretchy") == "false":
            child.set("lspace", "0")
            child.set("rspace", "0")


def _check_braces(tex: str) -> None:
    # The converter quietly closes what is left open; LaTeX would stop, and so do we.
    depth = 0
    for match in re.finditer(r"\\.|[{}]", tex, re.DOTALL):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                raise MathConversionError("a '}' closes a group that was never opened")
    if depth > 0:
        raise MathConversionError("a '{' opens a group that is never closed")


@functools.lru_cache(maxsize=4096)
def convert(tex: str, *, display: bool) -> str:
    """MathML for ``tex``; raises :class:`MathConversionError` when it cannot.

    Cached: a page repeats its symbols, and the feed renders each post a second time.
    """
    source = prepare(tex, display=display)
    if not source:
        raise MathConversionError("the equation is empty")
    _check_braces(source)
    try:
        xml = tex2mathml(source, as_block=display)
    except Exception as err:  # the converter raises SyntaxError, MathError, IndexError...
        message = str(err) or type(err).__name__
        if not isinstance(err, (SyntaxError, ValueError)):
            message = f"the converter failed on it: {message}"
        raise MathConversionError(message) from err
    # Parsed again to repair it: the one named entity docutils writes becomes a
    # character, and the namespace goes so ElementTree writes plain tag names.
    xml = xml.replace("&ApplyFunction;", "\u2061").replace(f' xmlns="{MATHML_NS}"', "", 1)
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as err:
        raise MathConversionError(f"the converter wrote invalid MathML ({err})") from err
    _repair(root)
    for element in root.iter():
        element.tail = None if element.tail is None or not element.tail.strip() else element.tail
        if element.text is not None and not element.text.strip() and len(element):
            element.text = None
    root.set("xmlns", MATHML_NS)
    if display:
        root.set("display", "block")
    # The LaTeX stays with the equation, for readers and tools that cannot draw MathML.
    root.set("alttext", " ".join(tex.split()))
    return ET.tostring(root, encoding="unicode", short_empty_elements=False)


# ---- the HTML visitors -------------------------------------------------------------


_MATH_NODES = (nodes.math, nodes.math_block)


def report_unrenderable(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Warn, once, about each equation that the page will show as LaTeX source.

    Done when a doctree is resolved, which Sphinx does in the main process even for a
    parallel write, so the warning neither vanishes into a worker nor repeats when the
    feed resolves a post again. The visitors below then fall back without a word.
    """
    if not renders_mathml(app):
        return
    # Every page is walked: docutils' plain walk and one isinstance test cost half of a
    # walk that calls a condition function on each node.
    for node in doctree.findall():
        if not isinstance(node, _MATH_NODES):
            continue
        tex = node.astext()
        try:
            convert(tex, display=isinstance(node, nodes.math_block))
        except MathConversionError as err:
            # Sphinx's once filter keeps the repeat out: it compares the arguments, so
            # the equation's place is one of them (unused by the message), and the same
            # equation written twice on a page is two warnings.
            source, line = get_source_line(node)
            logger.warning(
                "cannot render this equation as MathML (%(error)s); the page shows its LaTeX source: %(tex)s",
                {"error": str(err), "tex": " ".join(tex.split())[:200], "at": (source, line, tex)},
                type="tufte",
                subtype="math",
                location=node,
                once=True,
            )


def visit_math(self: HTML5Translator, node: nodes.math) -> None:
    tex = node.astext()
    try:
        mathml = convert(tex, display=False)
    except MathConversionError:  # reported by report_unrenderable
        self.body.append(f'<code class="tufte-math-source">{self.encode(tex)}</code>')
    else:
        self.body.append(mathml)
    raise nodes.SkipNode


def visit_math_block(self: HTML5Translator, node: nodes.math_block) -> None:
    tex = node.astext()
    self.body.append(self.starttag(node, "div", CLASS="tufte-math"))
    if node.get("number"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({self.encode(str(number))})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    try:
        mathml = convert(tex, display=True)
    except MathConversionError:  # reported by report_unrenderable
        # Through starttag, so that a note's phrasing translator can write it as a <span>.
        self.body.append(self.starttag({}, "pre", "", CLASS="tufte-math-source", tabindex="0") + f"<code>{self.encode(tex)}</code></pre>")
    else:
        # The equation scrolls inside this box when it is wider than the column; the
        # number sits outside it so that it never scrolls away. The box takes keyboard
        # focus so that a reader without a mouse can scroll it too.
        self.body.append(self.starttag({}, "div", "", CLASS="tufte-math-scroll", tabindex="0") + mathml + "</div>")
    self.body.append("</div>\n")
    raise nodes.SkipNode


# ---- choosing the renderer --------------------------------------------------------


def choose_renderer(app: Sphinx) -> None:
    """Make MathML the default under the tufte theme and nowhere else.

    Sphinx picks the only renderer besides MathJax when the user named none. Ours is
    taken out of the running when the page is not a tufte page, or when another
    extension (imgmath, KaTeX) brought its own: that extension was the user's choice.
    Nothing in the configuration changes, so an incremental build stays incremental.
    """
    if getattr(app.builder, "format", None) != "html":
        return
    if app.config.html_math_renderer is not None:
        return
    registry = app.registry
    others = [name for name in registry.html_inline_math_renderers if name not in {"mathjax", RENDERER}]
    if uses_theme(app) and not others:
        return
    registry.html_inline_math_renderers.pop(RENDERER, None)
    registry.html_block_math_renderers.pop(RENDERER, None)


def renders_mathml(app: Sphinx) -> bool:
    return getattr(app.builder, "math_renderer_name", None) == RENDERER


def on_builder_inited(app: Sphinx) -> None:
    choose_renderer(app)


def setup(app: Sphinx) -> None:
    app.add_html_math_renderer(
        RENDERER,
        inline_renderers=(visit_math, None),
        block_renderers=(visit_math_block, None),
    )
    # Before Sphinx's own builder-inited check of html_math_renderer (priority 500),
    # which refuses to guess between three renderers.
    app.connect("builder-inited", on_builder_inited, priority=400)
    app.connect("doctree-resolved", report_unrenderable)
