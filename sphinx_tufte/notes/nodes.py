"""The notes as written: the ``sidenote`` and ``marginnote`` nodes, their roles and
directives, the ``{-}`` marker that makes a footnote a margin note, and the reading-time
transform that hangs a ``sidenote`` directive on the paragraph before it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

logger = logging.getLogger(__name__)

# A footnote whose text starts with this is a margin note (unnumbered).
MARGIN_MARKER = "{-}"


class sidenote(nodes.General, nodes.Element):
    """A numbered note shown beside its reference. Children: the note's body, inline
    nodes (from the role) or block nodes (from a directive or a footnote).

    Attributes set when the page is written: ``number`` (str), ``ids`` (the note's own
    id first), ``refids`` (ids the in-text reference carries, for footnote backlinks)."""


class marginnote(nodes.General, nodes.Element):
    """An unnumbered note in the margin. Same shape as :class:`sidenote`."""


NOTE_TYPES = (sidenote, marginnote)


def is_note(node: nodes.Node) -> bool:
    return isinstance(node, NOTE_TYPES)


def ancestors(node: nodes.Node) -> Iterable[nodes.Element]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def inside(node: nodes.Node, kinds: tuple[type, ...]) -> bool:
    return any(isinstance(parent, kinds) for parent in ancestors(node))


def in_text(node: nodes.Node) -> bool:
    """Whether the node sits inside running text (a paragraph, title, caption...),
    where HTML allows only phrasing content."""
    for parent in ancestors(node):
        if isinstance(parent, (nodes.TextElement, nodes.Inline)):
            return True
        if isinstance(parent, (nodes.Structural, nodes.Body, nodes.document)) and not is_note(parent):
            return False
    return False


def paragraph_before(node: nodes.Node) -> nodes.paragraph | None:
    index = node.parent.index(node)
    previous = node.parent[index - 1] if index > 0 else None
    return previous if isinstance(previous, nodes.paragraph) else None


def margin_marker(body: list[nodes.Node]) -> nodes.Text | None:
    """The text holding a note's leading ``{-}``, if it has one.

    The marker counts only as the note's first text written as text: a Text node that
    opens its first paragraph. Inside inline code (a page documenting the syntax),
    emphasis or a block of code, ``{-}`` is what the writer wants to show."""
    for first in body:
        if isinstance(first, nodes.comment):
            continue
        text = first[0] if isinstance(first, nodes.paragraph) and len(first) else None
        if isinstance(text, nodes.Text) and text.lstrip().startswith(MARGIN_MARKER):
            return text
        return None
    return None


def strip_margin_marker(body: list[nodes.Node]) -> bool:
    """Remove a leading ``{-}`` from a note's first text; True if it was there."""
    text = margin_marker(body)
    if text is None:
        return False
    rest = text.lstrip()[len(MARGIN_MARKER) :].lstrip()
    text.parent.replace(text, nodes.Text(rest))
    return True


def has_content(body: list[nodes.Node]) -> bool:
    """Whether a note's body (its ``{-}`` marker aside) shows anything: text or an image."""
    shown = [node for node in body if not isinstance(node, nodes.comment)]
    # Most notes open with words: their first text answers without writing out the
    # whole body (a page may have thousands of footnotes, each checked as it is read).
    if shown and isinstance(shown[0], nodes.paragraph) and len(shown[0]) and isinstance(shown[0][0], nodes.Text):
        opening = shown[0][0].astext().lstrip()
        if opening.startswith(MARGIN_MARKER):
            opening = opening[len(MARGIN_MARKER) :]
        if opening.strip():
            return True
    text = "".join(node.astext() for node in shown)
    if margin_marker(shown) is not None:
        text = text.replace(MARGIN_MARKER, "", 1)  # the marker opens the text
    return bool(text.strip()) or any(next(iter(node.findall(nodes.image)), None) is not None for node in shown)


# ---- roles --------------------------------------------------------------------------


def _role_source(rawtext: str, fallback: str) -> str:
    """The role's content as written (escapes intact), so that it can be parsed again."""
    start, end = rawtext.find("`"), rawtext.rfind("`")
    if start == -1 or end <= start:
        return fallback
    return rawtext[start:end].strip("`")


class NoteRole(SphinxRole):
    node_class: type[nodes.Element] = sidenote

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        note = self.node_class(self.rawtext)
        self.set_source_info(note)
        memo = nodes.Element()  # the inliner only reads these three attributes
        memo.document = self.inliner.document  # type: ignore[attr-defined]
        memo.reporter = self.inliner.reporter  # type: ignore[attr-defined]
        memo.language = self.inliner.language  # type: ignore[attr-defined]
        # docutils' inliner keeps the parent it parses into: give the outer text its own back.
        outer_parent = getattr(self.inliner, "parent", None)
        try:
            children, messages = self.inliner.parse(_role_source(self.rawtext, self.text), self.lineno, memo, note)
        finally:
            if outer_parent is not None:
                self.inliner.parent = outer_parent  # type: ignore[attr-defined]
        # An inline wrapper: writers expect inline markup (a link, say) inside text.
        note += nodes.inline("", "", *children)
        if not note.astext().strip():
            logger.warning(
                "empty %s role: the note has no text", self.name, location=note, type="tufte", subtype="empty_note"
            )
            return [], messages
        return [note], messages


class MarginnoteRole(NoteRole):
    node_class = marginnote


# ---- directives ---------------------------------------------------------------------


class NoteDirective(SphinxDirective):
    has_content = True
    option_spec = {"class": directives.class_option, "name": directives.unchanged}
    node_class: type[nodes.Element] = sidenote

    def run(self) -> list[nodes.Node]:
        note = self.node_class("\n".join(self.content), classes=self.options.get("class", []))
        self.set_source_info(note)
        if not self.content:
            logger.warning(
                "empty %s directive: the note has no content",
                self.name,
                location=note,
                type="tufte",
                subtype="empty_note",
            )
            return []
        self.add_name(note)
        note.extend(self.parse_content_to_nodes())
        # PlaceNotes hangs it on the paragraph before it, once the document is complete.
        note["attach"] = True
        return [note]


class MarginnoteDirective(NoteDirective):
    node_class = marginnote


class PlaceNotes(SphinxTransform):
    """Records each note's document, hangs a ``sidenote`` directive on the end of the
    paragraph it follows (where its number belongs), and warns about empty footnotes,
    which would make empty notes."""

    default_priority = 700

    def apply(self, **kwargs: Any) -> None:
        docname = self.env.docname
        # One walk for both kinds, each kept in page order.
        footnotes: list[nodes.footnote] = []
        notes: list[nodes.Element] = []
        for element in self.document.findall(nodes.Element):
            if isinstance(element, nodes.footnote):
                footnotes.append(element)
            elif isinstance(element, NOTE_TYPES):
                notes.append(element)
        for footnote in footnotes:
            if not has_content([c for c in footnote.children if not isinstance(c, nodes.label)]):
                logger.warning(
                    "empty footnote: the note has no text", location=footnote, type="tufte", subtype="empty_note"
                )
        for note in notes:
            note["docname"] = docname
            if not note.get("attach"):
                continue
            del note["attach"]
            if not isinstance(note, sidenote) or in_text(note):
                continue
            previous = paragraph_before(note)
            if previous is not None:
                note.parent.remove(note)
                previous += note


def setup(app: Any) -> None:
    app.add_role("sidenote", NoteRole(), override=True)
    app.add_role("marginnote", MarginnoteRole(), override=True)
    app.add_directive("sidenote", NoteDirective, override=True)
    app.add_directive("marginnote", MarginnoteDirective, override=True)
    app.add_transform(PlaceNotes)
