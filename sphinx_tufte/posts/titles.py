"""A page's title from its front matter (``title:``, the Jekyll, Hugo and Quarto habit)
or reST field list (``:title:``), when the page has no heading of its own.

For MyST the title is made by MyST's own ``myst_title_to_header``, switched on here
unless ``conf.py`` sets it: MyST then writes the title as the page's ``#`` heading
while it parses, so the page's ``##`` sections nest under it (a transform, running
after parsing, would come too late for that: MyST has already warned that the headings
start at H2). A page that has a heading as well keeps its heading:
:class:`FrontMatterTitle` removes the one MyST made, and when the two differ says so,
once, at the line of ``title:``. For reST (or MyST with the option off) the transform
itself wraps a page without any section in one titled by the field.

Either way the title is an ordinary section title before Sphinx collects titles, so
listings, feeds, citations, the HTML ``<title>`` and the page's ``<h1>`` all show it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

from sphinx_tufte._site import _user_set
from sphinx_tufte.posts.metadata import FrontMatter

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

MYST_OPTION = "myst_title_to_header"


def enable_myst_titles(app: Sphinx, config: Config) -> None:
    if "myst_parser" in app.extensions and MYST_OPTION in config and not _user_set(config, MYST_OPTION):
        setattr(config, MYST_OPTION, True)


def _title_field(document: nodes.document) -> nodes.field | None:
    """The ``title`` field of the front matter (a field list first in the document,
    which docutils has not yet turned into docinfo)."""
    index = document.first_child_not_matching_class(nodes.PreBibliographic)
    if index is None or not isinstance(document[index], (nodes.field_list, nodes.docinfo)):
        return None
    for field in document[index].findall(nodes.field):
        if field[0].astext().strip().lower() == "title" and field[1].astext().strip():
            return field
    return None


def _text(node: nodes.Node) -> str:
    return " ".join(node.astext().split())


def _forget(document: nodes.document, section: nodes.section) -> None:
    """Drop a removed section's ids and names, so no reference finds it."""
    for ident in section["ids"]:
        document.ids.pop(ident, None)
    for name in section["names"]:
        document.nameids.pop(name, None)
        document.nametypes.pop(name, None)


class FrontMatterTitle(SphinxTransform):
    # Before docutils makes docinfo of the field list (340), before targets are moved
    # onto sections (260), and before the subtitle is placed under the title (500).
    default_priority = 250

    def apply(self, **kwargs: object) -> None:
        field = _title_field(self.document)
        if field is None:
            return
        title = _text(field[1])
        front = FrontMatter(self.env.docname, {}, self.document.get("source"))
        title_line = front.location("title")[1]
        sections = [child for child in self.document.children if isinstance(child, nodes.section)]
        first = next(iter(self.document.findall(nodes.section)), None)
        if first is None:
            self._wrap(field, title, title_line)
            return
        made_from_front_matter = first in sections and (first.line is None or first.line <= title_line)
        if not made_from_front_matter:
            self._compare(front, title, _text(first[0]))
            return
        following = sections[sections.index(first) + 1 :]
        if not following:
            return  # the front matter's title is the page's only title
        heading = following[0]
        self._compare(front, _text(first[0]), _text(heading[0]))
        # The page's own heading wins: what MyST put under the title it made (targets
        # written before the heading, above all) goes back in front of the heading.
        position = self.document.index(first)
        self.document[position : position + 1] = first.children[1:]
        _forget(self.document, first)

    def _compare(self, front: FrontMatter, title: str, heading: str) -> None:
        if title != heading:
            front.warn(
                "title",
                f"front-matter title {title!r} differs from the page's heading {heading!r}; the heading is the title",
                "title",
            )

    def _wrap(self, field: nodes.field, title: str, line: int) -> None:
        """A page without any heading becomes one section with the title."""
        front_matter = field.parent
        start = self.document.index(front_matter) + 1
        section = nodes.section()
        heading = nodes.title(title, title)
        section.source = heading.source = self.document.get("source")
        section.line = heading.line = line
        section += heading
        section.extend(self.document.children[start:])
        del self.document[start:]
        self.document += section
        section["names"].append(nodes.fully_normalize_name(title))
        self.document.note_implicit_target(section, section)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", enable_myst_titles)
    app.add_transform(FrontMatterTitle)
