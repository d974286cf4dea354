"""Math rendered to MathML while the site builds: no script, no CDN, no network.

The renderer registers with Sphinx as ``tufte_mathml`` (``html_math_renderer``). Under
the tufte theme it is the default when the user has chosen no renderer; under any other
theme Sphinx's own choice stands unless the user names it.

LaTeX goes through Temml (``engine``), a LaTeX to MathML Core converter that covers what
KaTeX covers, run in-process by QuickJS: chosen against docutils' converter and the
``latex2mathml`` package by rendering a corpus of 300+ research equations in Chromium
beside KaTeX (``benchmarks/math_engines.py``, figures in ``benchmarks/README.md``).
Temml refuses what it does not know instead of printing it, so an equation it cannot
draw becomes a located warning and its LaTeX source on the page. ``latex`` prepares the
input (amsmath environments, ``\\tag``, row gaps); ``mathml`` finishes the output.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

from sphinx_tufte.math import engine, latex, mathml, punctuation
from sphinx_tufte.theme import uses_theme

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

RENDERER = "tufte_mathml"
MATHML_NS = mathml.MATHML_NS


class MathConversionError(ValueError):
    """LaTeX that cannot be turned into MathML."""


@dataclass(frozen=True)
class Rendered:
    mathml: str
    # The author's \tag, shown where Sphinx shows equation numbers.
    tag: str | None = None


def _reworded(message: str) -> str:
    # Said as LaTeX says it, so the warning reads the same whatever the engine.
    prefix = "Unsupported function name: "
    if message.startswith(prefix):
        command, _sep, rest = message[len(prefix) :].partition(" ")
        return f'Unknown LaTeX command "{command}" {rest}'.strip()
    return message


@functools.lru_cache(maxsize=4096)
def render(tex: str, *, display: bool) -> Rendered:
    """MathML for ``tex``; raises :class:`MathConversionError` when it cannot.

    Cached: a page repeats its symbols, and the feed renders each post a second time.
    """
    try:
        prepared = latex.prepare(tex, display=display)
        xml = engine.render(prepared.tex, display=display)
        return Rendered(mathml.finish(xml, source=tex, display=display, gaps=prepared.gaps), prepared.tag)
    except engine.EngineError as err:
        raise MathConversionError(_reworded(str(err))) from err
    except (latex.LatexError, mathml.MathMLError) as err:
        raise MathConversionError(str(err)) from err


def convert(tex: str, *, display: bool) -> str:
    """The ``<math>`` element for ``tex``; raises :class:`MathConversionError`."""
    return render(tex, display=display).mathml


# ---- the HTML visitors -------------------------------------------------------------


_MATH_NODES = (nodes.math, nodes.math_block)


def report_unrenderable(math_nodes: list[nodes.Element]) -> None:
    """Warn, once, about each equation that the page will show as LaTeX source.

    Done when a doctree is resolved (:func:`on_doctree_resolved`), which Sphinx does in the
    main process even for a parallel write, so the warning neither vanishes into a
    worker nor repeats when the feed resolves a post again. The visitors below then
    fall back without a word.
    """
    for node in math_nodes:
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


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """One walk over an HTML page for its equations: each one MathML cannot show is
    reported (:func:`report_unrenderable`), and the punctuation closing on inline math
    is kept with it (:mod:`.punctuation`; the post-transform that did this walked the
    page a second time)."""
    if getattr(app.builder, "format", None) != "html":
        return  # lines are broken by a browser only in HTML, and only HTML gets MathML
    # docutils' plain walk and one isinstance test cost half of a walk that calls a
    # condition function on each node.
    found = [node for node in doctree.findall() if isinstance(node, _MATH_NODES)]
    if not found:
        return
    if renders_mathml(app):
        report_unrenderable(found)
    for node in found:
        if isinstance(node, nodes.math):
            punctuation.keep_punctuation_with(node)


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
    try:
        rendered: Rendered | None = render(tex, display=True)
    except MathConversionError:  # reported by report_unrenderable
        rendered = None
    self.body.append(self.starttag(node, "div", CLASS="tufte-math"))
    if node.get("number"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({self.encode(str(number))})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    elif rendered is not None and rendered.tag is not None:
        # The author's \tag, where a number would be (Sphinx's number wins over it).
        self.body.append(f'<span class="eqno">{self.encode(rendered.tag)}</span>')
    if rendered is None:
        # Through starttag, so that a note's phrasing translator can write it as a <span>.
        self.body.append(self.starttag({}, "pre", "", CLASS="tufte-math-source", tabindex="0") + f"<code>{self.encode(tex)}</code></pre>")
    else:
        # The equation scrolls inside this box when it is wider than the column; the
        # number sits outside it so that it never scrolls away. The box takes keyboard
        # focus so that a reader without a mouse can scroll it too.
        self.body.append(self.starttag({}, "div", "", CLASS="tufte-math-scroll", tabindex="0") + rendered.mathml + "</div>")
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
    app.connect("doctree-resolved", on_doctree_resolved)
