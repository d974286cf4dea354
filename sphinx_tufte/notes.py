"""Sidenotes and margin notes: nodes, roles, directives, the footnote transform, HTML.

How a note travels through a build:

- Reading: the ``sidenote``/``marginnote`` roles and directives make :class:`sidenote`
  and :class:`marginnote` nodes holding the note's body. A ``sidenote`` directive placed
  right after a paragraph is moved to that paragraph's end, so its number follows the
  last word, as a footnote reference would. Footnotes stay footnotes in the doctree.
- Writing HTML (a post-transform, so the choice can depend on the builder and theme):
  when ``tufte_sidenotes`` is on, every referenced footnote becomes a note at its first
  reference (a ``{-}`` footnote a margin note), later references link to it, and every
  sidenote gets its number, in page order, restarting on each page.
- Writing anything else: LaTeX keeps footnotes (and turns sidenotes into them) and
  writes margin notes with ``\\marginpar``; text, man, texinfo and the builders without
  a visitor (gettext, xml, ...) get ordinary footnotes through :func:`restore_footnotes`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.locale import _, admonitionlabels
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

MARGIN_MARKER = "{-}"
JS_FILE = "tufte-notes.js"
# Builders whose own footnote machinery is the best rendering of a note.
FOOTNOTE_FORMATS = ("text", "man", "texinfo")


class sidenote(nodes.General, nodes.Element):
    """A numbered note shown beside its reference. Children: the note's body, inline
    nodes (from the role) or block nodes (from a directive or a footnote).

    Attributes set when the page is written: ``number`` (str), ``ids`` (the note's own
    id first), ``refids`` (ids the in-text reference carries, for footnote backlinks)."""


class marginnote(nodes.General, nodes.Element):
    """An unnumbered note in the margin. Same shape as :class:`sidenote`."""


NOTE_TYPES = (sidenote, marginnote)
PLACED = "tufte_placed"  # set on each note the writing stage numbered and gave an id
AGAIN_CLASS = "sidenote-again"


def is_note(node: nodes.Node) -> bool:
    return isinstance(node, NOTE_TYPES)


# ---- reading: roles and directives ------------------------------------------------


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
            children, messages = self.inliner.parse(
                _role_source(self.rawtext, self.text), self.lineno, memo, note
            )
        finally:
            if outer_parent is not None:
                self.inliner.parent = outer_parent  # type: ignore[attr-defined]
        # An inline wrapper: writers expect inline markup (a link, say) inside text.
        note += nodes.inline("", "", *children)
        if not note.astext().strip():
            logger.warning(
                "empty %s role: the note has no text",
                self.name,
                location=note,
                type="tufte",
                subtype="empty_note",
            )
            return [], messages
        return [note], messages


class MarginnoteRole(NoteRole):
    node_class = marginnote


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
        for footnote in self.document.findall(nodes.footnote):
            body = "".join(c.astext() for c in footnote.children if not isinstance(c, nodes.label)).strip()
            if body in {"", MARGIN_MARKER}:
                logger.warning(
                    "empty footnote: the note has no text",
                    location=footnote,
                    type="tufte",
                    subtype="empty_note",
                )
        for note in list(self.document.findall(is_note)):
            note["docname"] = docname
            if not note.get("attach"):
                continue
            del note["attach"]
            if not isinstance(note, sidenote) or _in_text(note):
                continue
            previous = _paragraph_before(note)
            if previous is not None:
                note.parent.remove(note)
                previous += note


# ---- writing: footnotes into notes, numbers, and back -------------------------------


def _paragraph_before(node: nodes.Node) -> nodes.paragraph | None:
    index = node.parent.index(node)
    previous = node.parent[index - 1] if index > 0 else None
    return previous if isinstance(previous, nodes.paragraph) else None


def _in_text(node: nodes.Node) -> bool:
    """Whether the node sits inside running text (a paragraph, title, caption...),
    where HTML allows only phrasing content."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, (nodes.TextElement, nodes.Inline)):
            return True
        if isinstance(parent, (nodes.Structural, nodes.Body, nodes.document)) and not isinstance(
            parent, NOTE_TYPES
        ):
            return False
        parent = parent.parent
    return False


def _inside(node: nodes.Node, kinds: tuple[type, ...]) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parent
    return False


def _swap(old: nodes.Node, new: nodes.Node) -> None:
    # Not ``replace_self``: it copies the old node's ids onto the new one, and a note
    # must not carry its reference's id (the reference keeps it, for backlinks).
    old.parent.replace(old, new)


def _taken_ids(doctree: nodes.Node) -> set[str]:
    taken: set[str] = set()
    for element in doctree.findall(nodes.Element):
        taken.update(element["ids"])
    return taken


def _new_id(prefix: str, taken: set[str]) -> str:
    number = 1
    while f"{prefix}-{number}" in taken:
        number += 1
    taken.add(f"{prefix}-{number}")
    return f"{prefix}-{number}"


def _strip_margin_marker(body: list[nodes.Node]) -> bool:
    """Remove a leading ``{-}`` from the note's first text; True if it was there."""
    for first in body:
        if isinstance(first, nodes.comment):
            continue
        text = next(iter(first.findall(nodes.Text)), None)
        if text is None or not text.lstrip().startswith(MARGIN_MARKER):
            return False
        rest = text.lstrip()[len(MARGIN_MARKER):].lstrip()
        text.parent.replace(text, nodes.Text(rest))
        return True
    return False


def _note_from_footnote(footnote: nodes.footnote, margin_only: bool) -> nodes.Element | None:
    body = [child.deepcopy() for child in footnote.children if not isinstance(child, nodes.label)]
    is_margin = _strip_margin_marker(body)
    if margin_only and not is_margin:
        return None
    note = (marginnote if is_margin else sidenote)("", *body)
    note.source, note.line = footnote.source, footnote.line
    note["docname"] = footnote.get("docname", "")
    # Links written against the footnote's own ids (``#id3``) still land on the note.
    note["footnote_ids"] = list(footnote["ids"])
    return note


def _again_reference(note: nodes.Element, original: nodes.Element) -> nodes.reference:
    """A second reference to a note: the same number, linking to the note."""
    label = note.get("number") or "\N{CIRCLED PLUS}"
    again = nodes.reference("", label, refid=note["ids"][0], internal=True, classes=["sidenote-number", AGAIN_CLASS])
    again["ids"] = list(original["ids"])
    return again


def footnotes_to_notes(doctree: nodes.Element, *, margin_only: bool = False) -> int:
    """Turn each referenced footnote into a note at its first reference and number
    every sidenote in page order. With ``margin_only``, only ``{-}`` footnotes move
    (the other builders keep their footnotes). Returns how many notes the page has."""
    # One walk over the page finds what is needed: notes and footnote references in
    # reading order, footnotes by id, and the ids already taken. Footnotes are keyed by
    # document too: singlehtml joins every document into one tree, and docutils ids
    # (``id1``, a label's name) repeat from one document to the next.
    found: list[nodes.Element] = []
    footnotes: dict[tuple[str, str], nodes.footnote] = {}
    taken: set[str] = set()
    for element in doctree.findall(nodes.Element):
        taken.update(element["ids"])
        if isinstance(element, nodes.footnote):
            for footnote_id in element["ids"]:
                footnotes[element.get("docname", ""), footnote_id] = element
        elif is_note(element) or isinstance(element, nodes.footnote_reference):
            found.append(element)
    if not found:
        return 0
    kept_ids: set[str] = set()  # old ids a note or its button carries on, once each
    made: dict[int, nodes.Element] = {}
    skipped: set[int] = set()
    every_note: list[nodes.Element] = []
    in_footnotes: list[nodes.footnote_reference] = []
    number = 0

    def number_note(note: nodes.Element) -> None:
        nonlocal number
        note[PLACED] = True
        every_note.append(note)
        if not note["ids"] or not note["ids"][0].startswith(("sn-", "mn-")):
            note["ids"].insert(0, _new_id("sn" if isinstance(note, sidenote) else "mn", taken))
        if isinstance(note, sidenote):
            number += 1
            note["number"] = str(number)

    def target(ref: nodes.Element) -> nodes.footnote | None:
        return footnotes.get((ref.get("docname", ""), ref.get("refid", "")))

    def make_note(ref: nodes.footnote_reference, footnote: nodes.footnote) -> nodes.Element | None:
        note = _note_from_footnote(footnote, margin_only)
        if note is None:
            skipped.add(id(footnote))
            return None
        note["refids"] = _once(ref["ids"], kept_ids)
        note["footnote_ids"] = _once(note["footnote_ids"], kept_ids)
        _swap(ref, note)
        made[id(footnote)] = note
        number_note(note)
        return note

    for node in found:
        if _inside(node, (nodes.footnote,)):
            if isinstance(node, nodes.footnote_reference):
                in_footnotes.append(node)
            continue
        if is_note(node):
            number_note(node)
            continue
        footnote = target(node)
        if footnote is None or id(footnote) in skipped:
            continue
        if id(footnote) in made:
            _swap(node, _again_reference(made[id(footnote)], node))
        elif (note := make_note(node, footnote)) is not None:
            # Notes written inside the footnote come next in reading order.
            for inner in list(note.findall(is_note, include_self=False)):
                number_note(inner)

    # References inside notes: to a converted footnote, a link to its note; to a
    # footnote no text referenced, a note inside that note (so that its number never
    # clashes with a footnote label), and so on down.
    work = list(made.values())
    while work:
        for ref in list(work.pop(0).findall(nodes.footnote_reference)):
            footnote = target(ref)
            if footnote is None or id(footnote) in skipped:
                continue
            if id(footnote) in made:
                _swap(ref, _again_reference(made[id(footnote)], ref))
            elif (note := make_note(ref, footnote)) is not None:
                work.append(note)
    # Notes written inside footnotes that stay footnotes (never referenced): still notes.
    for node in found:
        if is_note(node) and not node.get(PLACED) and not _inside(node, NOTE_TYPES):
            number_note(node)
    # References inside footnotes that stay footnotes, to one that became a note.
    for ref in in_footnotes:
        footnote = target(ref)
        if footnote is not None and id(footnote) in made and ref.parent is not None:
            _swap(ref, _again_reference(made[id(footnote)], ref))
    for footnote in {id(f): f for f in footnotes.values()}.values():
        if id(footnote) in made and footnote.parent is not None:
            footnote.parent.remove(footnote)
    _drop_empty_footnote_transition(doctree)
    _lift_notes_out_of_titles(every_note)
    return len(every_note)


def _once(ids: list[str], kept: set[str]) -> list[str]:
    fresh = [i for i in ids if i not in kept]
    kept.update(fresh)
    return fresh


def _lift_notes_out_of_titles(notes: list[nodes.Element]) -> None:
    """HTML allows no note (``role="note"``) inside a heading: the heading keeps a
    numbered link and the note itself follows the heading."""
    lifted: dict[int, int] = {}  # id(title) -> notes already placed after it
    for note in notes:
        title = next((p for p in _ancestors(note) if isinstance(p, nodes.title)), None)
        if title is None or title.parent is None:
            continue
        ref = _again_reference(note, nodes.Element())
        ref["ids"] = list(note.get("refids", []))
        _swap(note, ref)
        note["refids"] = []
        note["title_ref"] = True
        # After the heading and after the notes before it, in reading order.
        lifted[id(title)] = lifted.get(id(title), 0) + 1
        title.parent.insert(title.parent.index(title) + lifted[id(title)], note)


def _ancestors(node: nodes.Node) -> Iterable[nodes.Node]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _drop_empty_footnote_transition(doctree: nodes.Element) -> None:
    """MyST's ``myst_footnote_transition`` rule stands above the footnotes: once they
    have all moved into the margin it would separate nothing."""
    if len(doctree) and isinstance(doctree[-1], nodes.transition) and "footnotes" in doctree[-1]["classes"]:
        doctree.remove(doctree[-1])


def _note_body(note: nodes.Element) -> list[nodes.Node]:
    body = [child.deepcopy() for child in note.children]
    if not any(isinstance(child, (nodes.Body, nodes.Sequential)) for child in body):
        return [nodes.paragraph("", "", *body)]
    return body


def restore_footnotes(doctree: nodes.Element, kinds: tuple[type, ...] = NOTE_TYPES) -> None:
    """Turn sidenotes and margin notes back into ordinary footnotes (for feed readers and
    builders with no margin): a ``footnote_reference`` where each note was, the footnotes
    at the end of the document, numbered 1..n in reading order together with any
    footnotes the document already had (symbol footnotes keep their symbols)."""
    footnotes: dict[tuple[str, str], nodes.footnote] = {}  # by (docname, id), as above
    for footnote in doctree.findall(nodes.footnote):
        # A doctree from before the writing stage still has its {-} markers.
        _strip_margin_marker([c for c in footnote.children if not isinstance(c, nodes.label)])
        for footnote_id in footnote["ids"]:
            footnotes[footnote.get("docname", ""), footnote_id] = footnote
    if not any(doctree.findall(lambda n: isinstance(n, kinds))):
        return
    taken = _taken_ids(doctree)
    note_footnotes: dict[str, nodes.footnote] = {}  # note id -> its new footnote
    numbers: dict[int, str] = {}  # id(footnote) -> its new label
    new_footnotes: list[nodes.footnote] = []

    def label_for(footnote: nodes.footnote) -> str:
        key = id(footnote)
        if key not in numbers:
            if footnote.get("auto") == "*":
                numbers[key] = footnote[0].astext() if isinstance(footnote[0], nodes.label) else "*"
            else:
                numbers[key] = str(sum(1 for value in numbers.values() if value.isdigit()) + 1)
            _set_label(footnote, numbers[key])
        return numbers[key]

    def reference_to(footnote: nodes.footnote, original: nodes.Element) -> nodes.footnote_reference:
        label = label_for(footnote)
        ref_id = original["ids"][0] if original.get("ids") else _new_id("fnref", taken)
        ref = nodes.footnote_reference("", label, ids=[ref_id], refid=footnote["ids"][0], auto=1)
        ref["docname"] = footnote.get("docname", "")
        if ref_id not in footnote["backrefs"]:
            footnote["backrefs"].append(ref_id)
        return ref

    def wanted(node: nodes.Node) -> bool:
        return (
            isinstance(node, kinds)
            or isinstance(node, nodes.footnote_reference)
            or (isinstance(node, nodes.reference) and AGAIN_CLASS in node["classes"])
        )

    homes: dict[int, nodes.Element] = {}  # id(new footnote) -> where it goes
    file_of = _files_of(doctree)
    notes_by_id = {note_id: note for note in doctree.findall(lambda n: isinstance(n, kinds)) for note_id in note["ids"]}
    gone: set[int] = set()  # nodes inside notes already turned into footnotes

    def convert(note: nodes.Element, *, place: bool) -> nodes.footnote:
        footnote = nodes.footnote("", nodes.label("", ""), *_note_body(note), auto=1, backrefs=[])
        homes[id(footnote)] = file_of.get(id(note), doctree)
        footnote.source, footnote.line = note.source, note.line
        footnote["docname"] = note.get("docname", "")
        footnote["ids"] = [_new_id("fn", taken)]
        for note_id in note["ids"]:
            note_footnotes[note_id] = footnote
        for old_id in note.get("footnote_ids", []):
            if old_id not in footnote["ids"]:
                footnote["ids"].append(old_id)
        footnotes[footnote["docname"], footnote["ids"][0]] = footnote
        gone.update(id(inner) for inner in note.findall(wanted, include_self=False))
        if place:
            original = nodes.Element()
            original["ids"] = list(note.get("refids", [])) or [_new_id("fnref", taken)]
            ref = reference_to(footnote, original)
            if _in_text(note):
                _swap(note, ref)
            else:
                _place_block_reference(note, ref)
        else:
            note.parent.remove(note)
        new_footnotes.append(footnote)
        # Notes nested in this one now live in the footnote's copy: handle them next.
        queue[:0] = [n for n in footnote.findall(wanted) if n is not footnote]
        return footnote

    queue = list(doctree.findall(wanted))
    while queue:
        node = queue.pop(0)
        if id(node) in gone or (node.parent is None and node is not doctree):
            continue
        if isinstance(node, kinds):
            if note_footnotes.get(node["ids"][0] if node["ids"] else "") is None:
                # A note lifted out of a heading is reached through its reference.
                convert(node, place=not node.get("title_ref"))
        elif isinstance(node, nodes.footnote_reference):
            footnote = footnotes.get((node.get("docname", ""), node.get("refid", "")))
            if footnote is not None:
                _swap(node, reference_to(footnote, node))
        else:
            target = node.get("refid", "")
            footnote = note_footnotes.get(target)
            if footnote is None and target in notes_by_id and notes_by_id[target].get("title_ref"):
                footnote = convert(notes_by_id[target], place=False)
            if footnote is not None:
                _swap(node, reference_to(footnote, node))
    # All numbered footnotes at the end of their document (of each document's part of a
    # tree that joins several, where Texinfo looks for them), in the order of their numbers.
    numbered = {id(f): f for f in [*footnotes.values(), *new_footnotes] if id(f) in numbers}
    ordered = sorted(numbered.values(), key=lambda f: _label_key(numbers[id(f)]))
    for footnote in ordered:
        home = homes[id(footnote)] if id(footnote) in homes else file_of.get(id(footnote), doctree)
        if footnote.parent is not None:
            footnote.parent.remove(footnote)
        home += footnote


def _files_of(doctree: nodes.Element) -> dict[int, nodes.Element]:
    """For a tree joining several documents: id(node) -> the ``start_of_file`` node it is
    in. Found from the top down, because Sphinx joins documents by handing a document's
    children list to ``start_of_file`` and their ``parent`` still names the old root."""
    file_of: dict[int, nodes.Element] = {}
    for part in doctree.findall(addnodes.start_of_file):  # outer first, inner overwrite
        for node in part.findall(lambda n: isinstance(n, (nodes.footnote, *NOTE_TYPES))):
            file_of[id(node)] = part
    return file_of


def _label_key(label: str) -> tuple[int, str]:
    return (int(label), "") if label.isdigit() else (1 << 30, label)


def _place_block_reference(note: nodes.Element, ref: nodes.Element) -> None:
    """A note that stood between paragraphs: its reference ends the paragraph before
    it, or, with none, makes a paragraph of its own (a reference is inline)."""
    previous = _paragraph_before(note)
    if previous is not None:
        note.parent.remove(note)
        previous += ref
    else:
        _swap(note, nodes.paragraph("", "", ref))


def _set_label(footnote: nodes.footnote, label: str) -> None:
    if len(footnote) and isinstance(footnote[0], nodes.label):
        footnote[0].replace_self(nodes.label("", label))
    else:
        footnote.insert(0, nodes.label("", label))


class NotesForHTML(SphinxPostTransform):
    """Footnotes become notes (when ``tufte_sidenotes`` is on) and sidenotes get their
    numbers. Runs on the resolved doctree of each page, so numbers restart per page."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        enabled = bool(getattr(self.env, "_tufte_sidenotes", False))
        count = footnotes_to_notes(self.document, margin_only=not enabled)
        # Read again when the page is written, to load the script only where needed.
        self.document[HAS_NOTES] = count > 0


class NotesForLaTeX(SphinxPostTransform):
    """LaTeX has real footnotes and a margin: sidenotes become footnotes, ``{-}``
    footnotes become margin notes (``\\marginpar``)."""

    # Before Sphinx's LaTeX footnote transforms (400 and up).
    default_priority = 200
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        footnotes_to_notes(self.document, margin_only=True)
        restore_footnotes(self.document, kinds=(sidenote,))


class NotesAsFootnotes(SphinxPostTransform):
    """Every other builder gets a numbered list of notes: ordinary footnotes."""

    default_priority = 200

    def is_supported(self) -> bool:
        # gettext reads messages, not nodes: it must see the document as written, so
        # that the messages match what the translated read will parse.
        builder = getattr(self.env, "_tufte_builder", ("", ""))
        return builder[1] not in {"html", "latex"} and builder[0] != "gettext"

    def run(self, **kwargs: Any) -> None:
        footnotes_to_notes(self.document, margin_only=True)
        restore_footnotes(self.document)


# ---- HTML --------------------------------------------------------------------------

# Block elements the HTML writer may produce inside a note, rewritten to <span>s
# (styled as blocks) when the note sits in a paragraph, where only phrasing content is
# valid. The writer escapes every attribute value, so a tag never contains a raw ">".
_BLOCK_TAGS = (
    "address|article|aside|blockquote|caption|dd|details|div|dl|dt|figcaption|figure|footer|"
    "h[1-6]|header|hgroup|li|main|menu|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul"
)
_BLOCK_TAG = re.compile(rf"<(/?)({_BLOCK_TAGS})\b([^>]*)>", re.IGNORECASE)
_DROPPED_TAG = re.compile(r"</?(?:colgroup|col)\b[^>]*>", re.IGNORECASE)
_RULE_TAG = re.compile(r"<hr\b[^>]*>", re.IGNORECASE)
_ROLES = {
    "ul": "list", "ol": "list", "menu": "list", "li": "listitem", "table": "table",
    "tr": "row", "td": "cell", "th": "columnheader", "blockquote": "blockquote",
    "dt": "term", "dd": "definition",
}


def phrasing_only(html: str) -> str:
    """The same markup with every block element turned into a classed <span>."""

    def rewrite(match: re.Match[str]) -> str:
        closing, tag, attrs = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            return "</span>"
        attrs = attrs.rstrip("/").rstrip()
        css = f"tufte-block tufte-{tag}"
        class_attr = re.search(r'\bclass="([^"]*)"', attrs)
        if class_attr:
            attrs = attrs[: class_attr.start()] + f'class="{css} {class_attr.group(1)}"' + attrs[class_attr.end():]
        else:
            attrs = f' class="{css}"{attrs}'
        if tag in _ROLES and "role=" not in attrs:
            attrs += f' role="{_ROLES[tag]}"'
        elif re.fullmatch(r"h[1-6]", tag) and "role=" not in attrs:
            attrs += f' role="heading" aria-level="{tag[1]}"'
        return f"<span{attrs}>"

    html = _DROPPED_TAG.sub("", html)
    html = _RULE_TAG.sub('<span class="tufte-block tufte-hr" role="separator"></span>', html)
    return _BLOCK_TAG.sub(rewrite, html)


def _note_label(node: nodes.Element) -> str:
    if isinstance(node, sidenote):
        return f"{admonitionlabels.get('note', 'Note')} {node.get('number', '')}".strip()
    return _("Margin note")


def _anchor_spans(ids: Iterable[str]) -> str:
    return "".join(f'<span id="{escape(i)}"></span>' for i in ids)


def visit_note_html(self: Any, node: nodes.Element) -> None:
    if not node.get(PLACED):
        # A note the page's post-transform never placed: a heading rendered on its own
        # (a table of contents, a link to the page, its <title>). The note belongs on
        # the page, not in every place that shows the heading.
        raise nodes.SkipNode
    note_id = node["ids"][0]
    label = _note_label(node)
    kind = "sidenote" if isinstance(node, sidenote) else "marginnote"
    inline = _in_text(node)
    stack = self.__dict__.setdefault("_tufte_note_stack", [])
    extra_ids = [i for i in node["ids"][1:]] + list(node.get("footnote_ids", []))
    classes = " ".join([kind, *node.get("classes", [])])
    if inline:
        ref_ids = list(node.get("refids", []))
        id_attr = f' id="{escape(ref_ids[0])}"' if ref_ids else ""
        control = (
            f'<button type="button" class="{"sidenote-number" if kind == "sidenote" else "marginnote-toggle"}"'
            f'{id_attr} aria-controls="{escape(note_id)}" aria-expanded="true" aria-label="{escape(label)}">'
            f'{escape(node.get("number", "")) if kind == "sidenote" else "&#8853;"}</button>'
        )
        # Old anchors (the footnote's ids, extra reference ids) stay valid link targets.
        self.body.append(_anchor_spans(ref_ids[1:] + extra_ids) + control)
        self.body.append(
            f'<span class="{escape(classes)}" id="{escape(note_id)}" role="note" aria-label="{escape(label)}">'
        )
    else:
        self.body.append(
            _anchor_spans(extra_ids)
            + f'<div class="{escape(classes)} tufte-note-block" id="{escape(note_id)}" role="note" '
            f'aria-label="{escape(label)}">'
        )
    if kind == "sidenote":
        self.body.append(f'<span class="sidenote-marker" aria-hidden="true">{escape(node.get("number", ""))}</span> ')
    stack.append((len(self.body), inline))


def depart_note_html(self: Any, node: nodes.Element) -> None:
    start, inline = self._tufte_note_stack.pop()
    if inline:
        self.body[start:] = [phrasing_only("".join(self.body[start:]))]
        self.body.append("</span>")
    else:
        self.body.append("</div>\n")


# ---- LaTeX, text, man, texinfo ----------------------------------------------------
# These builders normally never see a note (the post-transforms above turn them into
# footnotes), except LaTeX margin notes; the visitors keep any doctree writable.

_LATEX_NO_MARGINPAR = (nodes.footnote, nodes.table, nodes.title, nodes.caption, nodes.figure, nodes.Admonition, nodes.sidebar)


def visit_marginnote_latex(self: Any, node: nodes.Element) -> None:
    if _inside(node, _LATEX_NO_MARGINPAR) or is_note(node.parent):
        # \marginpar only works in the outer paragraph mode: elsewhere, in parentheses.
        self.body.append(r"{\small(")
        node["_latex_inline"] = True
        return
    # Saving the body in a box first lets it hold verbatim code, which a macro
    # argument cannot.
    self.body.append(
        r"\ifdefined\sphinxtuftenotebox\else\newsavebox{\sphinxtuftenotebox}\fi%" "\n"
        r"\begin{lrbox}{\sphinxtuftenotebox}\begin{minipage}[t]{\marginparwidth}"
        r"\footnotesize\raggedright{}" "\n"
    )


def depart_marginnote_latex(self: Any, node: nodes.Element) -> None:
    if node.get("_latex_inline"):
        self.body.append(r")}")
        return
    self.body.append("\n" r"\end{minipage}\end{lrbox}\marginpar{\usebox{\sphinxtuftenotebox}}%" "\n")


def visit_sidenote_latex(self: Any, node: nodes.Element) -> None:
    self.body.append(r"\footnote{")


def depart_sidenote_latex(self: Any, node: nodes.Element) -> None:
    self.body.append("}")


def visit_note_text(self: Any, node: nodes.Element) -> None:
    number = node.get("number")
    self.add_text(f" [{number}: " if number else " [")


def depart_note_text(self: Any, node: nodes.Element) -> None:
    self.add_text("]")


def visit_note_man(self: Any, node: nodes.Element) -> None:
    self.body.append(" [")


def depart_note_man(self: Any, node: nodes.Element) -> None:
    self.body.append("]")


def visit_note_texinfo(self: Any, node: nodes.Element) -> None:
    self.body.append("@footnote{")


def depart_note_texinfo(self: Any, node: nodes.Element) -> None:
    self.body.append("}")


# ---- configuration and page assets ---------------------------------------------------


def _theme_in_use(app: Sphinx) -> bool:
    from sphinx_tufte.theme import uses_theme

    return uses_theme(app)


_BOOL_WORDS = {"true": True, "yes": True, "on": True, "1": True, "false": False, "no": False, "off": False, "0": False}


def on_builder_inited(app: Sphinx) -> None:
    # Post-transforms only see the environment, so the builder-dependent choices are
    # made here, once, and left where they can read them.
    setting = app.config.tufte_sidenotes
    if isinstance(setting, str) and setting.strip().lower() in _BOOL_WORDS:
        # ``-D tufte_sidenotes=0`` on the command line arrives as a string.
        setting = _BOOL_WORDS[setting.strip().lower()]
    if setting is None:
        enabled = app.builder.format == "html" and _theme_in_use(app)
    else:
        enabled = bool(setting)
        if not isinstance(setting, bool):
            from sphinx_tufte._config import location as config_location

            logger.warning(
                "tufte_sidenotes must be True, False or None (on under the tufte theme), not %r",
                setting,
                type="tufte",
                subtype="config",
                location=config_location(app, "tufte_sidenotes"),
            )
    app.env._tufte_sidenotes = enabled  # type: ignore[attr-defined]
    app.env._tufte_builder = (app.builder.name, app.builder.format)  # type: ignore[attr-defined]


HAS_NOTES = "tufte_has_notes"


def _has_notes(doctree: nodes.Node | None) -> bool:
    if doctree is None:
        return False
    if HAS_NOTES in doctree.attributes:
        return bool(doctree[HAS_NOTES])
    return next(iter(doctree.findall(is_note)), None) is not None


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.Node | None
) -> None:
    # Only pages with notes load the (small, deferred) toggle script.
    if _has_notes(doctree):
        app.add_js_file(JS_FILE, loading_method="defer")


def setup(app: Sphinx) -> None:
    for node_class in NOTE_TYPES:
        latex = (
            (visit_sidenote_latex, depart_sidenote_latex)
            if node_class is sidenote
            else (visit_marginnote_latex, depart_marginnote_latex)
        )
        app.add_node(
            node_class,
            override=True,
            html=(visit_note_html, depart_note_html),
            latex=latex,
            text=(visit_note_text, depart_note_text),
            man=(visit_note_man, depart_note_man),
            texinfo=(visit_note_texinfo, depart_note_texinfo),
        )
    app.add_role("sidenote", NoteRole(), override=True)
    app.add_role("marginnote", MarginnoteRole(), override=True)
    app.add_directive("sidenote", NoteDirective, override=True)
    app.add_directive("marginnote", MarginnoteDirective, override=True)
    app.add_transform(PlaceNotes)
    app.add_post_transform(NotesForHTML)
    app.add_post_transform(NotesForLaTeX)
    app.add_post_transform(NotesAsFootnotes)
    app.connect("builder-inited", on_builder_inited)
    # Before the theme's handler, which replaces the page's script list with a filtered copy.
    app.connect("html-page-context", on_html_page_context, priority=400)
