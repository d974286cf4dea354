"""Notes written in Tufte CSS's own markup, as pages copied from a Tufte CSS site have
them, read as the notes they were meant to be::

    text<label for="sn-x" class="margin-toggle sidenote-number"></label>
    <input type="checkbox" id="sn-x" class="margin-toggle"/>
    <span class="sidenote">the note</span>

(and the same with ``<span class="marginnote">`` and a ``&#8853;`` label). The label
and the checkbox are dropped, and the span becomes a :class:`~.nodes.sidenote` or
:class:`~.nodes.marginnote` node: numbered in sequence with the page's other notes,
with this theme's own toggle, and a footnote or ``\\marginpar`` for other builders.

Two shapes reach the doctree. MyST reads inline HTML one tag at a time: the tags are
``raw`` nodes among the paragraph's text, and what lies between the span's tags is
already Markdown-parsed text. A reST ``raw:: html`` block (or an HTML block in MyST)
is one string: it is read with :mod:`html.parser` (never a regular expression) into
paragraphs, emphasis, code and links, and what this module does not know stays raw
HTML. Either way only markup that holds a note is touched.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, TypeAlias

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from sphinx_tufte.notes.nodes import marginnote, sidenote

logger = logging.getLogger(__name__)

TOGGLE = "margin-toggle"
NOTE_SPANS: dict[str, type[nodes.Element]] = {"sidenote": sidenote, "marginnote": marginnote}
# Inline HTML this module turns into docutils nodes inside a raw block's paragraphs.
INLINE: dict[str, type[nodes.Element]] = {
    "em": nodes.emphasis, "i": nodes.emphasis, "strong": nodes.strong, "b": nodes.strong, "code": nodes.literal,
}


@dataclass
class Tag:
    """One piece of parsed HTML: a start tag, an end tag or text."""

    kind: str  # "start", "end", "empty" (<input/>, <br>), "text", "other"
    name: str = ""
    attrs: dict[str, str] = field(default_factory=dict)
    source: str = ""  # as HTML, to write back when it stays raw

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


VOID = frozenset({"input", "br", "img", "hr", "wbr"})


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[Tag] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = "empty" if tag in VOID else "start"
        self.tags.append(Tag(kind, tag, {k: v or "" for k, v in attrs}, self.get_starttag_text() or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(Tag("empty", tag, {k: v or "" for k, v in attrs}, self.get_starttag_text() or ""))

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(Tag("end", tag, source=f"</{tag}>"))

    def handle_data(self, data: str) -> None:
        self.tags.append(Tag("text", source=html.escape(data, quote=False), attrs={"text": data}))

    def _other(self, text: str) -> None:
        self.tags.append(Tag("other", source=text))

    def handle_comment(self, data: str) -> None:
        self._other(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self._other(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self._other(f"<?{data}>")


def read(text: str) -> list[Tag]:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return reader.tags


def holds_note(text: str) -> bool:
    """Whether raw HTML may hold Tufte CSS note markup (a cheap test before parsing)."""
    return TOGGLE in text or any(name in text for name in NOTE_SPANS)


def _is_toggle(tag: Tag) -> bool:
    return tag.name in ("label", "input") and TOGGLE in tag.classes


def _note_kind(tag: Tag) -> str | None:
    if tag.kind == "start" and tag.name == "span":
        return next((name for name in NOTE_SPANS if name in tag.classes), None)
    return None


# A stream item: a docutils node, or a Tag still to be understood.
Item: TypeAlias = nodes.Node | Tag


def _raw(tags: list[Tag]) -> nodes.raw:
    text = "".join(tag.source for tag in tags)
    return nodes.raw(text, text, format="html")


def _flush(out: list[nodes.Node], pending: list[Tag]) -> None:
    # Whitespace alone (between a note's tags, after a block's last </p>) shows nothing.
    if "".join(tag.source for tag in pending).strip():
        out.append(_raw(pending))
    pending.clear()


def _note(kind: str, children: list[nodes.Node], where: nodes.Element) -> nodes.Element | None:
    note = NOTE_SPANS[kind]("")
    note.source, note.line = where.source, where.line
    note += nodes.inline("", "", *children)
    if not note.astext().strip():
        logger.warning(
            "empty Tufte CSS %s: the note has no text", kind, location=where, type="tufte", subtype="empty_note"
        )
        return None
    return note


def _closes(item: Item, name: str) -> bool:
    return isinstance(item, Tag) and item.kind == "end" and item.name == name


def weave(items: list[Item], where: nodes.Element) -> list[nodes.Node]:
    """The nodes ``items`` stand for: toggles dropped, note spans made notes, other
    tags kept as raw HTML."""
    out: list[nodes.Node] = []
    pending: list[Tag] = []  # raw tags waiting to be written as one raw node
    index = 0
    while index < len(items):
        item = items[index]
        index += 1
        if not isinstance(item, Tag):
            _flush(out, pending)
            out.append(item)
            continue
        if _is_toggle(item):
            if item.kind == "start":  # a label: drop it and its content (the ⊕)
                while index < len(items) and not _closes(items[index], "label"):
                    index += 1
                index += 1
            continue
        kind = _note_kind(item)
        if kind is None:
            pending.append(item)
            continue
        # The note's content, up to the </span> that closes it.
        depth, inner = 0, []
        while index < len(items):
            inside = items[index]
            index += 1
            if isinstance(inside, Tag) and inside.name == "span":
                if inside.kind == "start":
                    depth += 1
                elif inside.kind == "end":
                    if depth == 0:
                        break
                    depth -= 1
            inner.append(inside)
        else:
            logger.warning(
                "a Tufte CSS %s is not closed with </span> in its paragraph; the note runs to the paragraph's end",
                kind,
                location=where,
                type="tufte",
                subtype="tufte_css",
            )
        _flush(out, pending)
        note = _note(kind, weave(inner, where), where)
        if note is not None:
            out.append(note)
    _flush(out, pending)
    return out


def _inline_items(tags: list[Tag]) -> list[Item]:
    """A paragraph's tags with text, emphasis, code and links made nodes; note markup
    and unknown tags left as tags for :func:`weave`."""
    items: list[Item] = []
    stack: list[tuple[str, nodes.Element]] = []  # open emphasis, links...

    def add(item: Item) -> None:
        if stack and isinstance(item, nodes.Node):
            stack[-1][1].append(item)
        elif stack and isinstance(item, Tag):
            stack[-1][1].append(nodes.raw(item.source, item.source, format="html"))
        else:
            items.append(item)

    for tag in tags:
        if tag.kind == "text":
            add(nodes.Text(tag.attrs["text"]))
        elif tag.kind == "start" and (tag.name in INLINE or tag.name == "a" and tag.attrs.get("href")):
            element = (
                nodes.reference("", "", refuri=tag.attrs["href"]) if tag.name == "a" else INLINE[tag.name]()
            )
            stack.append((tag.name, element))
        elif tag.kind == "end" and stack and stack[-1][0] == tag.name:
            _, element = stack.pop()
            add(element)
        elif tag.kind == "empty" and tag.name == "br" and stack:
            add(nodes.raw("<br>", "<br>", format="html"))
        else:
            add(tag)
    while stack:  # an unclosed <em>: what it held still shows
        _, element = stack.pop()
        add(element)
    return items


def convert_block(raw: nodes.raw) -> list[nodes.Node]:
    """A raw HTML block holding note markup, as paragraphs with notes (and raw HTML
    around them)."""
    out: list[nodes.Node] = []
    outside: list[Tag] = []
    paragraph: list[Tag] | None = None
    loose: list[Tag] = []  # text and inline tags outside any <p>: a paragraph of their own

    def end_loose() -> None:
        if any(tag.kind != "text" or tag.attrs["text"].strip() for tag in loose):
            make_paragraph(loose)
        else:
            outside.extend(loose)
        loose.clear()

    def make_paragraph(tags: list[Tag]) -> None:
        _flush(out, outside)
        para = nodes.paragraph()
        para.source, para.line = raw.source, raw.line
        para.extend(weave(_inline_items(tags), raw))
        out.append(para)

    for tag in read(raw.astext()):
        if paragraph is not None:
            if tag.kind == "end" and tag.name == "p":
                make_paragraph(paragraph)
                paragraph = None
            else:
                paragraph.append(tag)
        elif tag.kind == "start" and tag.name == "p":
            end_loose()
            paragraph = []
        elif tag.kind in ("text", "empty") or tag.name in ("span", "label", "em", "i", "strong", "b", "code", "a"):
            loose.append(tag)
        else:
            end_loose()
            outside.append(tag)
    if paragraph is not None:
        make_paragraph(paragraph)
    end_loose()
    _flush(out, outside)
    return out


class TufteCSSNotes(SphinxTransform):
    """Tufte CSS note markup in raw HTML becomes the package's note nodes."""

    # Before PlaceNotes (700), which records each note's document.
    default_priority = 690

    def apply(self, **kwargs: Any) -> None:
        paragraphs: list[nodes.Element] = []
        for raw in list(self.document.findall(nodes.raw)):
            if "html" not in raw.get("format", "").split() or not holds_note(raw.astext()):
                continue
            parent = raw.parent
            if isinstance(parent, nodes.TextElement):
                if parent not in paragraphs:
                    paragraphs.append(parent)
            elif any(_is_toggle(tag) or _note_kind(tag) for tag in read(raw.astext())):
                raw.replace_self(convert_block(raw))
        for parent in paragraphs:
            self._convert_inline(parent)

    def _convert_inline(self, parent: nodes.Element) -> None:
        items: list[Item] = []
        for child in parent.children:
            if isinstance(child, nodes.raw) and "html" in child.get("format", "").split():
                items.extend(read(child.astext()))
            else:
                items.append(child)
        if not any(isinstance(item, Tag) and (_is_toggle(item) or _note_kind(item)) for item in items):
            return
        for child in list(parent.children):
            parent.remove(child)
        parent.extend(weave(items, parent))


def setup(app: Any) -> None:
    app.add_transform(TufteCSSNotes)
