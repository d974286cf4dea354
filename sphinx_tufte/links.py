"""Link lists: a titled link with a line about it, as on the home page of a personal site.

The markup is a plain definition list (each term a link, each definition the description)
inside a ``link-list`` directive. It stays a standard ``definition_list`` node with the
class ``link-list``, so every builder already knows how to write it and a page without
the stylesheet still reads as a list of terms and descriptions::

    :::{link-list}
    [Liger-Kernel](https://github.com/linkedin/Liger-Kernel)
    : Triton kernels for efficient LLM training.
    :::

Content that is not one definition list (in MyST, usually because the ``deflist``
extension is not enabled) is kept as written and reported, and so is a term without a
link: the list is for links, and a silent plain term is most likely a typo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)



class LinkListDirective(SphinxDirective):
    has_content = True
    option_spec: ClassVar[dict] = {
        "class": directives.class_option,
        "name": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        parsed = self.parse_content_to_nodes()
        lists = [node for node in parsed if isinstance(node, nodes.definition_list)]
        others = [node for node in parsed if not isinstance(node, (nodes.definition_list, nodes.comment))]
        if len(lists) != 1 or others:
            logger.warning(
                "link-list expects one definition list (a line with the link, then a line "
                "starting with ': ' for its description); in MyST enable the 'deflist' "
                "extension. The content is shown as written",
                type="tufte",
                subtype="link_list",
                location=self.get_location(),
            )
            return parsed

        dlist = lists[0]
        dlist["classes"] += ["link-list", *self.options.get("class", [])]
        self.add_name(dlist)
        for item in dlist.findall(nodes.definition_list_item):
            term = next(iter(item.findall(nodes.term)), None)
            if term is not None and not _has_link(term):
                logger.warning(
                    "link-list entry %r has no link in its term",
                    term.astext(),
                    type="tufte",
                    subtype="link_list",
                    location=term if term.line else self.get_location(),
                )
        return parsed


def _has_link(term: nodes.term) -> bool:
    return any(isinstance(node, (nodes.reference, addnodes.pending_xref)) for node in term.findall())


def setup(app: Sphinx) -> None:
    app.add_directive("link-list", LinkListDirective)
