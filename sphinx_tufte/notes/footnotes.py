"""Footnotes into notes and notes back into footnotes, on a resolved doctree.

- :class:`FootnotesToNotes`: each referenced footnote becomes a note at its first
  reference (a ``{-}`` footnote a margin note), later references link to it, and every
  sidenote gets its number, in page order. The HTML post-transform runs it when
  sidenotes are on; with them off (and for LaTeX and the other builders) only ``{-}``
  footnotes move.
- :class:`NotesToFootnotes` (:func:`restore_footnotes`): every note becomes an ordinary
  numbered footnote again, for feed readers and builders with no margin.
- The post-transforms that choose between them for each builder.
"""

from __future__ import annotations

from collections import deque
from typing import Any, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_tufte import _settings
from sphinx_tufte.notes.nodes import (
    NOTE_TYPES,
    ancestors,
    has_content,
    in_text,
    inside,
    is_note,
    margin_marker,
    marginnote,
    paragraph_before,
    sidenote,
    strip_margin_marker,
)

PLACED = "tufte_placed"  # set on each note the writing stage numbered and gave an id
AGAIN_CLASS = "sidenote-again"
# Set on a page's doctree: whether it has notes (read when the page is written).
HAS_NOTES = "tufte_has_notes"
# Builders that render notes themselves (HTML) or have a margin of their own (LaTeX).
_OWN_RENDERING = {"html", "latex"}


def _swap(old: nodes.Node, new: nodes.Node) -> None:
    # Not ``replace_self``: it copies the old node's ids onto the new one, and a note
    # must not carry its reference's id (the reference keeps it, for backlinks).
    old.parent.replace(old, new)


class _Splicer:
    """Swaps nodes for others in place (as :func:`_swap`), finding each one's place in
    its parent from positions noted once per parent: a paragraph of N references costs
    N, not the N * N / 2 of a ``list.index`` per swap. A noted position is trusted only
    while the parent's child there is still the node, so other changes to the tree
    (an insertion, a removal) only make the positions be noted again."""

    def __init__(self) -> None:
        self._positions: dict[int, dict[int, int]] = {}  # id(parent) -> id(child) -> index

    def swap(self, old: nodes.Node, new: nodes.Node) -> None:
        parent = old.parent
        positions = self._positions.get(id(parent), {})
        index = positions.get(id(old), -1)
        if not 0 <= index < len(parent.children) or parent.children[index] is not old:
            positions = {id(child): i for i, child in enumerate(parent.children)}
            self._positions[id(parent)] = positions
            index = positions[id(old)]
        del positions[id(old)]
        parent[index] = new
        positions[id(new)] = index


def _remove_all(doomed: list[nodes.Element]) -> None:
    """Take every node of ``doomed`` out of its parent, one pass per parent (a
    ``remove`` each would scan the parent's children once per node)."""
    by_parent: dict[int, tuple[nodes.Element, set[int]]] = {}
    for node in doomed:
        by_parent.setdefault(id(node.parent), (node.parent, set()))[1].add(id(node))
    for parent, gone in by_parent.values():
        # In place: a tree joining documents (singlehtml) shares a document's children
        # list with the node it put them in, and a node's parent may name either.
        parent.children[:] = [child for child in parent.children if id(child) not in gone]


class _Ids:
    """The ids a doctree already uses, and fresh ones that never clash with them."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        # Per prefix, the number to try next: ids are never given back, so every number
        # below it is taken, and a page of N notes costs N look-ups, not N * N / 2.
        self._next: dict[str, int] = {}

    @classmethod
    def of(cls, doctree: nodes.Node) -> _Ids:
        taken: set[str] = set()
        for element in doctree.findall(nodes.Element):
            taken.update(element["ids"])
        return cls(taken)

    def new(self, prefix: str) -> str:
        number = self._next.get(prefix, 1)
        while f"{prefix}-{number}" in self.taken:
            number += 1
        self._next[prefix] = number + 1
        self.taken.add(f"{prefix}-{number}")
        return f"{prefix}-{number}"


def _again_reference(note: nodes.Element, original: nodes.Element) -> nodes.reference:
    """A second reference to a note: the same number, linking to the note."""
    label = note.get("number") or "\N{CIRCLED PLUS}"
    again = nodes.reference("", label, refid=note["ids"][0], internal=True, classes=["sidenote-number", AGAIN_CLASS])
    again["ids"] = list(original["ids"])
    return again


def _once(ids: list[str], kept: set[str]) -> list[str]:
    fresh = [i for i in ids if i not in kept]
    kept.update(fresh)
    return fresh


# ---- footnotes into notes -----------------------------------------------------------


class _Page(NamedTuple):
    """What one walk over a page finds (see :func:`_walk_page`)."""

    found: list[nodes.Element]  # notes and footnote references, in reading order
    footnotes: dict[tuple[str, str], nodes.footnote]  # by (document, id)
    taken: set[str]  # every id the page uses
    rubrics: list[nodes.rubric]  # headings that may stand over the footnotes


def _walk_page(doctree: nodes.Element) -> _Page:
    """One walk over the page for everything the conversion reads of it. Footnotes are
    keyed by document too: singlehtml joins every document into one tree, and docutils
    ids (``id1``, a label's name) repeat from one document to the next."""
    page = _Page([], {}, set(), [])
    found, footnotes, taken = page.found, page.footnotes, page.taken
    for element in doctree.findall(nodes.Element):
        taken.update(element["ids"])
        if isinstance(element, nodes.footnote):
            for footnote_id in element["ids"]:
                footnotes[element.get("docname", ""), footnote_id] = element
        elif isinstance(element, (*NOTE_TYPES, nodes.footnote_reference)):
            found.append(element)
        elif isinstance(element, nodes.rubric):
            page.rubrics.append(element)
    return page


class FootnotesToNotes:
    """Turns a page's referenced footnotes into notes and numbers its sidenotes.

    With ``margin_only``, only ``{-}`` footnotes move (the other builders keep their
    footnotes). :meth:`apply` returns how many notes the page has."""

    def __init__(self, doctree: nodes.Element, *, margin_only: bool = False) -> None:
        self.doctree = doctree
        self.margin_only = margin_only
        page = _walk_page(doctree)
        self.found, self.footnotes, self.rubrics = page.found, page.footnotes, page.rubrics
        self.ids = _Ids(page.taken)
        self.kept_ids: set[str] = set()  # old ids a note or its button carries on, once each
        self.made: dict[int, nodes.Element] = {}  # id(footnote) -> its note
        self.skipped: set[int] = set()  # footnotes that stay footnotes
        self.every_note: list[nodes.Element] = []
        # Links to a note made before the notes have numbers: their text is set after.
        self.again_links: list[tuple[nodes.reference, nodes.Element]] = []
        self.splice = _Splicer()

    def apply(self) -> int:
        if not self.found:
            return 0
        in_footnotes: list[nodes.footnote_reference] = []
        # Asked before anything moves: a footnote's body moves into its note (below).
        in_a_footnote = [inside(node, (nodes.footnote,)) for node in self.found]
        for node, in_footnote in zip(self.found, in_a_footnote, strict=True):
            if in_footnote:
                if isinstance(node, nodes.footnote_reference):
                    in_footnotes.append(node)
                continue
            if is_note(node):
                self.number_note(node)
                continue
            if (note := self.follow(node)) is not None:
                # Notes written inside the footnote come next in reading order.
                for inner in list(note.findall(is_note, include_self=False)):
                    self.number_note(inner)
        self.references_inside_notes()
        # Notes written inside footnotes that stay footnotes (never referenced): still notes.
        for node in self.found:
            if is_note(node) and not node.get(PLACED) and not inside(node, NOTE_TYPES):
                self.number_note(node)
        # References inside footnotes that stay footnotes, to one that became a note.
        for ref in in_footnotes:
            footnote = self.target(ref)
            # One that moved with its footnote's body into a note was met in that note.
            if footnote is not None and id(footnote) in self.made and not inside(ref, NOTE_TYPES):
                self.splice.swap(ref, self.again_link(self.made[id(footnote)], ref))
        unique = {id(f): f for f in self.footnotes.values()}.values()
        self.drop_rubrics_over_moved_footnotes()
        _remove_all([f for f in unique if id(f) in self.made and f.parent is not None])
        self.drop_empty_footnote_transition()
        self.number_in_reading_order()
        self.lift_notes_out_of_titles()
        return len(self.every_note)

    def target(self, ref: nodes.Element) -> nodes.footnote | None:
        return self.footnotes.get((ref.get("docname", ""), ref.get("refid", "")))

    def follow(self, ref: nodes.footnote_reference) -> nodes.Element | None:
        """The first reference to a footnote makes its note (returned); a later one
        links to that note; a footnote that stays a footnote keeps its references."""
        footnote = self.target(ref)
        if footnote is None or id(footnote) in self.skipped:
            return None
        if id(footnote) in self.made:
            self.splice.swap(ref, self.again_link(self.made[id(footnote)], ref))
            return None
        return self.make_note(ref, footnote)

    def number_note(self, note: nodes.Element) -> None:
        note[PLACED] = True
        self.every_note.append(note)
        if not note["ids"] or not note["ids"][0].startswith(("sn-", "mn-")):
            note["ids"].insert(0, self.ids.new("sn" if isinstance(note, sidenote) else "mn"))

    def again_link(self, note: nodes.Element, original: nodes.Element) -> nodes.reference:
        again = _again_reference(note, original)
        self.again_links.append((again, note))
        return again

    def number_in_reading_order(self) -> None:
        """Number the sidenotes once every one is in place, in the order they are read
        (a note inside a note right after its parent). A footnote its author numbered
        keeps that number, which the text may cite ("see note 3"); the others count
        on from 1, stepping over the author's numbers, as docutils numbers its
        auto-numbered footnotes."""
        notes = [n for n in self.doctree.findall(sidenote) if n.get(PLACED)]
        kept = {int(n["footnote_number"]) for n in notes if n.get("footnote_number")}
        counter = 0
        for note in notes:
            if note.get("footnote_number"):
                note["number"] = note["footnote_number"]
                continue
            counter += 1
            while counter in kept:
                counter += 1
            note["number"] = str(counter)
        for again, note in self.again_links:
            again.children = []
            again.append(nodes.Text(note["number"] if "number" in note else "\N{CIRCLED PLUS}"))

    def note_from(self, footnote: nodes.footnote) -> nodes.Element | None:
        """The note a footnote becomes, its body moved out of the footnote (which the
        page then drops: a copy would cost a page of N notes N bodies' worth of nodes
        made only to be thrown away); None, the footnote untouched, if it stays."""
        body = [child for child in footnote.children if not isinstance(child, nodes.label)]
        is_margin = margin_marker(body) is not None
        if self.margin_only and not is_margin:
            return None
        footnote.children[:] = [child for child in footnote.children if isinstance(child, nodes.label)]
        strip_margin_marker(body)
        note = (marginnote if is_margin else sidenote)("", *body)
        note.source, note.line = footnote.source, footnote.line
        note["docname"] = footnote.get("docname", "")
        # Links written against the footnote's own ids (``#id3``) still land on the note.
        note["footnote_ids"] = list(footnote["ids"])
        # ``[3]_`` (reST) or ``[^3]`` (MyST): a number the author chose, which docutils
        # marks by leaving ``auto`` out (auto-numbered ones have a digit name too).
        label = footnote[0].astext() if len(footnote) and isinstance(footnote[0], nodes.label) else ""
        if not footnote.get("auto") and label.isdigit():
            note["footnote_number"] = str(int(label))
        return note

    def make_note(self, ref: nodes.footnote_reference, footnote: nodes.footnote) -> nodes.Element | None:
        note = self.note_from(footnote)
        if note is None:
            self.skipped.add(id(footnote))
            return None
        note["refids"] = _once(ref["ids"], self.kept_ids)
        note["footnote_ids"] = _once(note["footnote_ids"], self.kept_ids)
        self.splice.swap(ref, note)
        self.made[id(footnote)] = note
        self.number_note(note)
        return note

    def references_inside_notes(self) -> None:
        """References inside notes: to a converted footnote, a link to its note; to a
        footnote no text referenced, a note inside that note (so that its number never
        clashes with a footnote label), and so on down."""
        work = deque(self.made.values())
        while work:
            for ref in list(work.popleft().findall(nodes.footnote_reference)):
                if (note := self.follow(ref)) is not None:
                    work.append(note)

    def drop_rubrics_over_moved_footnotes(self) -> None:
        """The ``.. rubric:: Footnotes`` heading Sphinx's primer puts above a page's
        footnotes would head nothing once every footnote after it is a note."""
        doomed = []
        for rubric in self.rubrics:  # found by the page's one walk: no transform makes one
            parent = rubric.parent
            if parent is None:
                continue
            following = parent.children[parent.index(rubric) + 1 :]
            run = []
            for sibling in following:
                if isinstance(sibling, (nodes.comment, nodes.target)):
                    continue  # nothing a reader sees
                if not isinstance(sibling, nodes.footnote):
                    break
                run.append(sibling)
            if run and all(id(footnote) in self.made for footnote in run):
                doomed.append(rubric)
        _remove_all(doomed)

    def drop_empty_footnote_transition(self) -> None:
        """MyST's ``myst_footnote_transition`` rule stands above the footnotes: once they
        have all moved into the margin it would separate nothing."""
        doctree = self.doctree
        if len(doctree) and isinstance(doctree[-1], nodes.transition) and "footnotes" in doctree[-1]["classes"]:
            doctree.remove(doctree[-1])

    def lift_notes_out_of_titles(self) -> None:
        """HTML allows no note (``role="note"``) inside a heading: the heading keeps a
        numbered link and the note itself follows the heading."""
        lifted: dict[int, int] = {}  # id(title) -> notes already placed after it
        for note in self.every_note:
            title = next((p for p in ancestors(note) if isinstance(p, nodes.title)), None)
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


def footnotes_to_notes(doctree: nodes.Element, *, margin_only: bool = False) -> int:
    """Turn each referenced footnote into a note at its first reference and number
    every sidenote in page order. Returns how many notes the page has."""
    return FootnotesToNotes(doctree, margin_only=margin_only).apply()


# ---- notes back into footnotes --------------------------------------------------------


def _note_body(note: nodes.Element) -> list[nodes.Node]:
    body = [child.deepcopy() for child in note.children]
    if not any(isinstance(child, (nodes.Body, nodes.Sequential)) for child in body):
        return [nodes.paragraph("", "", *body)]
    return body


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


def _set_label(footnote: nodes.footnote, label: str) -> None:
    if len(footnote) and isinstance(footnote[0], nodes.label):
        footnote[0].replace_self(nodes.label("", label))
    else:
        footnote.insert(0, nodes.label("", label))


def _place_block_reference(note: nodes.Element, ref: nodes.Element) -> None:
    """A note that stood between paragraphs: its reference ends the paragraph before
    it, or, with none, makes a paragraph of its own (a reference is inline)."""
    previous = paragraph_before(note)
    if previous is not None:
        note.parent.remove(note)
        previous += ref
    else:
        _swap(note, nodes.paragraph("", "", ref))


class NotesToFootnotes:
    """Turns the notes of ``kinds`` in a doctree back into ordinary footnotes: a
    ``footnote_reference`` where each note was, the footnotes at the end of the
    document, numbered 1..n in reading order together with any footnotes the document
    already had (symbol footnotes keep their symbols)."""

    def __init__(self, doctree: nodes.Element, kinds: tuple[type, ...] = NOTE_TYPES) -> None:
        self.doctree = doctree
        self.kinds = kinds
        self.footnotes: dict[tuple[str, str], nodes.footnote] = {}  # by (docname, id), as above
        for footnote in doctree.findall(nodes.footnote):
            # A doctree from before the writing stage still has its {-} markers.
            strip_margin_marker([c for c in footnote.children if not isinstance(c, nodes.label)])
            for footnote_id in footnote["ids"]:
                self.footnotes[footnote.get("docname", ""), footnote_id] = footnote
        self.note_footnotes: dict[str, nodes.footnote] = {}  # note id -> its new footnote
        self.numbers: dict[int, str] = {}  # id(footnote) -> its new label
        self.numbered = 0  # how many labels are numbers (symbol footnotes keep symbols)
        self.new_footnotes: list[nodes.footnote] = []
        self.homes: dict[int, nodes.Element] = {}  # id(new footnote) -> where it goes
        self.gone: set[int] = set()  # nodes inside notes already turned into footnotes
        self.queue: deque[nodes.Element] = deque()
        self.splice = _Splicer()

    def is_note(self, node: nodes.Node) -> bool:
        return isinstance(node, self.kinds)

    def wanted(self, node: nodes.Node) -> bool:
        return (
            self.is_note(node)
            or isinstance(node, nodes.footnote_reference)
            or (isinstance(node, nodes.reference) and AGAIN_CLASS in node["classes"])
        )

    def apply(self) -> None:
        doctree = self.doctree
        if not any(doctree.findall(self.is_note)):
            return
        self.ids = _Ids.of(doctree)
        self.file_of = _files_of(doctree)
        self.notes_by_id = {note_id: note for note in doctree.findall(self.is_note) for note_id in note["ids"]}
        self.queue = deque(doctree.findall(self.wanted))
        while self.queue:
            node = self.queue.popleft()
            if id(node) in self.gone or (node.parent is None and node is not doctree):
                continue
            if self.is_note(node):
                if self.note_footnotes.get(node["ids"][0] if node["ids"] else "") is None:
                    # A note lifted out of a heading is reached through its reference.
                    self.convert(node, place=not node.get("title_ref"))
            elif isinstance(node, nodes.footnote_reference):
                footnote = self.footnotes.get((node.get("docname", ""), node.get("refid", "")))
                if footnote is not None:
                    self.splice.swap(node, self.reference_to(footnote, node))
            else:
                target = node.get("refid", "")
                footnote = self.note_footnotes.get(target)
                if footnote is None and target in self.notes_by_id and self.notes_by_id[target].get("title_ref"):
                    footnote = self.convert(self.notes_by_id[target], place=False)
                if footnote is not None:
                    self.splice.swap(node, self.reference_to(footnote, node))
        self.gather()

    def label_for(self, footnote: nodes.footnote) -> str:
        key = id(footnote)
        if key not in self.numbers:
            if footnote.get("auto") == "*":
                self.numbers[key] = footnote[0].astext() if isinstance(footnote[0], nodes.label) else "*"
            else:
                self.numbered += 1
                self.numbers[key] = str(self.numbered)
            _set_label(footnote, self.numbers[key])
        return self.numbers[key]

    def reference_to(self, footnote: nodes.footnote, original: nodes.Element) -> nodes.footnote_reference:
        label = self.label_for(footnote)
        ref_id = original["ids"][0] if original.get("ids") else self.ids.new("fnref")
        ref = nodes.footnote_reference("", label, ids=[ref_id], refid=footnote["ids"][0], auto=1)
        ref["docname"] = footnote.get("docname", "")
        if ref_id not in footnote["backrefs"]:
            footnote["backrefs"].append(ref_id)
        return ref

    def convert(self, note: nodes.Element, *, place: bool) -> nodes.footnote:
        footnote = nodes.footnote("", nodes.label("", ""), *_note_body(note), auto=1, backrefs=[])
        self.homes[id(footnote)] = self.file_of.get(id(note), self.doctree)
        footnote.source, footnote.line = note.source, note.line
        footnote["docname"] = note.get("docname", "")
        footnote["ids"] = [self.ids.new("fn")]
        for note_id in note["ids"]:
            self.note_footnotes[note_id] = footnote
        for old_id in note.get("footnote_ids", []):
            if old_id not in footnote["ids"]:
                footnote["ids"].append(old_id)
        self.footnotes[footnote["docname"], footnote["ids"][0]] = footnote
        self.gone.update(id(inner) for inner in note.findall(self.wanted, include_self=False))
        if place:
            original = nodes.Element()
            original["ids"] = list(note.get("refids", [])) or [self.ids.new("fnref")]
            ref = self.reference_to(footnote, original)
            if in_text(note):
                self.splice.swap(note, ref)
            else:
                _place_block_reference(note, ref)
        else:
            note.parent.remove(note)
        self.new_footnotes.append(footnote)
        # Notes nested in this one now live in the footnote's copy: handle them next.
        self.queue.extendleft(reversed([n for n in footnote.findall(self.wanted) if n is not footnote]))
        return footnote

    def gather(self) -> None:
        """All numbered footnotes at the end of their document (of each document's part
        of a tree that joins several, where Texinfo looks for them), in the order of
        their numbers."""
        numbers = self.numbers
        numbered = {id(f): f for f in [*self.footnotes.values(), *self.new_footnotes] if id(f) in numbers}
        _remove_all([f for f in numbered.values() if f.parent is not None])
        for footnote in sorted(numbered.values(), key=lambda f: _label_key(numbers[id(f)])):
            home = self.homes[id(footnote)] if id(footnote) in self.homes else self.file_of.get(id(footnote), self.doctree)
            home += footnote


def restore_footnotes(doctree: nodes.Element, kinds: tuple[type, ...] = NOTE_TYPES) -> None:
    """Turn sidenotes and margin notes back into ordinary footnotes, in place (for feed
    readers and builders with no margin)."""
    NotesToFootnotes(doctree, kinds).apply()


def drop_empty_notes(doctree: nodes.Element) -> None:
    """Notes and footnotes with nothing to show (``[^a]: {-}``, warned when the page was
    read) go, with the references to them: a builder without a margin would write an
    empty numbered footnote, and docutils' man writer cannot write one at all."""
    gone_notes: set[str] = set()
    gone_footnotes: set[tuple[str, str]] = set()
    for element in list(doctree.findall(lambda n: is_note(n) or isinstance(n, nodes.footnote))):
        if element.parent is None or has_content([c for c in element.children if not isinstance(c, nodes.label)]):
            continue
        if is_note(element):
            gone_notes.update(element["ids"])
        else:
            gone_footnotes.update((element.get("docname", ""), footnote_id) for footnote_id in element["ids"])
        element.parent.remove(element)
    if not gone_notes and not gone_footnotes:
        return

    def points_at_gone(node: nodes.Node) -> bool:
        if isinstance(node, nodes.footnote_reference):
            return (node.get("docname", ""), node.get("refid", "")) in gone_footnotes
        return isinstance(node, nodes.reference) and AGAIN_CLASS in node["classes"] and node.get("refid") in gone_notes

    for ref in list(doctree.findall(points_at_gone)):
        if ref.parent is not None:
            ref.parent.remove(ref)


# ---- the post-transforms, one per kind of builder ---------------------------------------


class NotesForHTML(SphinxPostTransform):
    """Footnotes become notes (when sidenotes are on) and sidenotes get their numbers.
    Runs on the resolved doctree of each page, so numbers restart per page."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        enabled = _settings.get(self.env).sidenotes
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
        settings = _settings.get(self.env)
        return settings.builder_format not in _OWN_RENDERING and settings.builder_name != "gettext"

    def run(self, **kwargs: Any) -> None:
        footnotes_to_notes(self.document, margin_only=True)
        drop_empty_notes(self.document)
        restore_footnotes(self.document)


def setup(app: Any) -> None:
    app.add_post_transform(NotesForHTML)
    app.add_post_transform(NotesForLaTeX)
    app.add_post_transform(NotesAsFootnotes)
