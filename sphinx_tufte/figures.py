"""Figures in the Tufte manner: in the margin, across the page, captions beside them.

- ``margin-figure``: an image (``.. margin-figure:: path``, caption as content, like
  ``figure``) or any content (no argument, ``:caption:`` option) in the margin.
- ``fullwidth``: a container spanning text column and margin; ``:class: fullwidth`` on a
  figure, table or code block does the same (the styling is the page's).
- A standard ``figure`` in the text column keeps its caption in the margin on wide
  screens (stylesheet only: the markup stays docutils' own).
- With ``tufte_check_alt_text = True``, an image without ``alt`` (in a figure or not) is
  a warning (``tufte.alt_text``): the HTML writer falls back to the file name, which a
  screen reader then reads out. Off by default: neither Sphinx nor docutils asks for alt
  text, so a project whose ``-W`` build passes under another theme must pass here too.
- ``:class: invert-dark`` on an image (or ``:figclass:`` on its figure) inverts it in
  dark mode, for black-on-white line drawings.

Every node made here is a standard docutils node, so every builder already writes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.directives.patches import Figure
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.parsing import nested_parse_to_nodes

from sphinx_tufte import _settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

MARGIN_FIGURE_CLASS = "margin-figure"
FULLWIDTH_CLASS = "fullwidth"


class MarginFigure(Figure):
    """``figure``'s options and caption rules, placed in the margin. Without an image
    argument the content is the figure's body and ``:caption:`` its caption."""

    required_arguments = 0
    optional_arguments = 1
    option_spec = dict(Figure.option_spec, caption=directives.unchanged)

    def run(self) -> list[nodes.Node]:
        caption = self.options.pop("caption", None)
        if self.arguments:
            result = list(super().run())
            figure = next((node for node in result if isinstance(node, nodes.figure)), None)
            if figure is None:  # the image directive failed and reported why
                return result
        else:
            figure = nodes.figure("\n".join(self.content))
            figure.source, figure.line = self.state_machine.get_source_and_line(self.lineno)
            if not self.content:
                logger.warning(
                    "margin-figure needs an image path or some content",
                    location=figure,
                    type="tufte",
                    subtype="empty_figure",
                )
                return []
            figure.extend(nested_parse_to_nodes(self.state, self.content, offset=self.content_offset))
            figure["classes"] += self.options.get("figclass", [])
            if "align" in self.options:
                figure["align"] = self.options["align"]
            self.add_name(figure)
            result = [figure]
        if caption and not any(isinstance(child, nodes.caption) for child in figure.children):
            parsed, _messages = self.state.inline_text(caption, self.lineno)
            caption_node = nodes.caption(caption, "", *parsed)
            caption_node.source, caption_node.line = figure.source, figure.line
            figure.append(caption_node)
        figure["classes"].append(MARGIN_FIGURE_CLASS)
        return result


class Fullwidth(SphinxDirective):
    """A container spanning the text column and the margin."""

    has_content = True
    option_spec = {"class": directives.class_option, "name": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        container = nodes.container("\n".join(self.content), classes=[FULLWIDTH_CLASS, *self.options.get("class", [])])
        self.set_source_info(container)
        if not self.content:
            logger.warning(
                "empty fullwidth directive: nothing to show",
                location=container,
                type="tufte",
                subtype="empty_container",
            )
            return []
        self.add_name(container)
        container.extend(self.parse_content_to_nodes())
        return [container]


class FigureChecks(SphinxTransform):
    """Lets ``:class: fullwidth`` (which docutils puts on a figure's image) widen the
    figure, and, when asked, warns about images without alternative text."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        for figure in self.document.findall(nodes.figure):
            for image in figure.findall(nodes.image):
                if FULLWIDTH_CLASS in image["classes"]:
                    image["classes"].remove(FULLWIDTH_CLASS)
                    if FULLWIDTH_CLASS not in figure["classes"]:
                        figure["classes"].append(FULLWIDTH_CLASS)
        if not _settings.get(self.env).check_alt_text:
            return
        # One rule for every image: a figure's and a lone one's alt text matter alike.
        for image in self.document.findall(nodes.image):
            if "alt" in image.attributes:
                continue
            figure = image.parent if isinstance(image.parent, nodes.figure) else None
            location = image if image.line or figure is None else figure
            logger.warning(
                "%s %r has no alt text; add :alt: (an empty one if the image is decorative)",
                "figure image" if figure is not None else "image",
                image.get("uri", ""),
                location=location,
                type="tufte",
                subtype="alt_text",
            )


def setup(app: Sphinx) -> None:
    app.add_directive("margin-figure", MarginFigure, override=True)
    app.add_directive("fullwidth", Fullwidth, override=True)
    app.add_transform(FigureChecks)
