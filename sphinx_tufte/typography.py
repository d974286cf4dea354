"""Tufte typography that is not about notes: subtitle, newthought, epigraph.

- A ``subtitle`` field in the front matter (MyST) or the docinfo (reST ``:subtitle:``)
  becomes a paragraph with class ``subtitle`` directly after the document's title, so
  every builder shows it where a reader expects it.
- The ``newthought`` role sets a section's opening words in small capitals: an
  ``inline`` node with class ``newthought``, which every builder writes.
- docutils' own ``epigraph`` directive (a block quote with class ``epigraph`` and an
  ``attribution``) is styled by ``tufte-directives.css``; nothing to add in Python.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxRole

from sphinx_tufte.posts.metadata import FrontMatter

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class SubtitleFromFrontMatter(SphinxTransform):
    # Before Sphinx's metadata collector removes the docinfo at doctree-read.
    default_priority = 500

    def apply(self, **kwargs: object) -> None:
        docinfo = next(iter(self.document.findall(nodes.docinfo)), None)
        if docinfo is None:
            return
        for field in docinfo.findall(nodes.field):
            name = field[0].astext().strip().lower()
            if name != "subtitle":
                continue
            text = field[1].astext().strip()
            section = next(iter(self.document.findall(nodes.section)), None)
            if text and section is not None and isinstance(section[0], nodes.title):
                subtitle = nodes.paragraph(text, text, classes=["subtitle"])
                subtitle.source, subtitle.line = field.source, field.line
                section.insert(1, subtitle)
            elif text:
                # MyST's docinfo has no lines: the field's line is read from the source.
                front = FrontMatter(self.env.docname, {}, self.document.get("source"))
                front.warn("subtitle", "the page has no heading for its 'subtitle' to follow; not shown", "subtitle")
            return


class NewthoughtRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        node = nodes.inline(self.rawtext, self.text, classes=["newthought"])
        self.set_source_info(node)
        return [node], []




def setup(app: Sphinx) -> None:
    app.add_transform(SubtitleFromFrontMatter)
    app.add_role("newthought", NewthoughtRole(), override=True)
