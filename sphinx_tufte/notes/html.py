"""The notes in HTML.

A note sits in a paragraph, where HTML allows only phrasing content, yet it may hold
paragraphs, lists, code and tables. Its content is written by a translator of its own,
:class:`PhrasingTranslator` over the builder's translator class: every element the
builder would write as a block (``<p>``, ``<ul>``, ``<li>``, ``<pre>``...) it writes as
a ``<span class="tufte-block tufte-p">`` (styled as a block), with the ARIA role the
element had. Raw HTML passes through untouched: the author wrote it.

A block note (a directive between paragraphs) is an ordinary ``<div>``, written by the
page's own translator.
"""

from __future__ import annotations

import copy
import functools
import re
from types import MethodType
from typing import TYPE_CHECKING, Any

from docutils import nodes
from pygments.formatters import HtmlFormatter
from sphinx.locale import admonitionlabels

from sphinx_tufte.locale import _
from sphinx_tufte.notes.footnotes import HAS_NOTES, PLACED
from sphinx_tufte.notes.nodes import in_text, is_note, sidenote

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

JS_FILE = "tufte-notes.js"

# Elements the HTML writer may produce as blocks, and the ARIA role each keeps when it
# is written as a <span>.
BLOCK_TAGS = frozenset(
    "address article aside blockquote caption dd details div dl dt figcaption figure footer "
    "h1 h2 h3 h4 h5 h6 header hgroup li main menu nav ol p pre section summary "
    "table tbody td tfoot th thead tr ul".split()
)
ROLES = {
    "ul": "list",
    "ol": "list",
    "menu": "list",
    "li": "listitem",
    "table": "table",
    "tr": "row",
    "td": "cell",
    "th": "columnheader",
    "blockquote": "blockquote",
    "dt": "term",
    "dd": "definition",
}
HEADINGS = {f"h{level}": str(level) for level in range(1, 7)}
# Attribute values an HTML translator's attval writes unchanged (no markup characters,
# no whitespace it would fold, nothing a cloaked e-mail address would rewrite).
_PLAIN = re.compile(r"[\w -]*", re.ASCII)


def block_classes(tag: str) -> list[str]:
    return ["tufte-block", f"tufte-{tag}"]


class PhrasingHtmlFormatter(HtmlFormatter):  # type: ignore[type-arg]
    """Pygments' HTML with <span>s where it writes its <div> and <pre>."""

    def __init__(self, **options: Any) -> None:
        if options.get("linenos") == "table":
            options["linenos"] = "inline"  # a table of line numbers is blocks too
        super().__init__(**options)

    def wrap(self, source: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
        # The empty span keeps a leading empty line, as Pygments' own <pre> does. A long
        # line scrolls inside it, so it takes keyboard focus as a code block's <pre> does
        # (axe: scrollable-region-focusable).
        yield 0, f'<span class="{" ".join(block_classes("pre"))}" tabindex="0"><span></span>'
        yield from source
        yield 0, "</span>"

    def _wrap_div(self, inner: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
        yield 0, f'<span class="{" ".join([*block_classes("div"), self.cssclass])}">'
        yield from inner
        yield 0, "</span>\n"


class PhrasingTranslator:
    """A mix-in over an HTML translator class that writes phrasing content only.

    Opening tags: every translator writes its elements through :meth:`starttag`, which
    here turns a block element into a classed ``<span>``. Closing tags: the element's
    own visitor writes them (``</p>``, ``</li>``); each node's visitors record the
    block tags they opened (:attr:`tufte_blocks`, one list per node being written) and
    the matching closing tags of that node's own markup become ``</span>``. A node's
    markup never includes its children's, nor raw HTML, which is never changed."""

    highlighter: Any
    body: list[str]
    # Per node being written (innermost last): the block tags it opened as <span>s.
    tufte_blocks: list[list[str]]
    # The HTML translator's own per-page stacks, which a phrasing translator starts afresh.
    context: list[Any]
    colspecs: list[Any]
    docnames: list[str]
    _table_row_indices: list[int]
    _fieldlist_row_indices: list[int]

    @classmethod
    def beside(cls, page: Any) -> PhrasingTranslator:
        """A phrasing translator in the page translator's state: its settings, its
        place in the page, and the node handlers Sphinx gave it (Builder.create_translator
        sets them on the instance). Not made by ``__init__``, which looks for stylesheet
        files on disk, and not by copying the page's state either: a page may have
        thousands of notes, and each one reads only a few of the page's attributes. What
        the note's writer does not set itself it reads from the page
        (:meth:`__getattr__`); only what it writes is its own."""
        writer = cls.__new__(cls)
        state = writer.__dict__
        state["_tufte_page"] = page
        # An attribute the class has too is found on the class before __getattr__ is
        # asked: the page's own value (a handler another extension put on the instance
        # for a node the class writes, say) is copied, rebound to the note's writer.
        for name in page.__dict__.keys() & _class_names(cls):  # type: ignore[arg-type]  # a class is hashable
            state[name] = _rebound(page.__dict__[name], page, writer)
        # Its own stacks: what it writes is spliced into the page's body whole.
        writer.body = []
        writer.context = []
        writer.colspecs = []
        writer.docnames = list(page.docnames)
        writer._table_row_indices = [0]
        writer._fieldlist_row_indices = [0]
        writer.tufte_blocks = []
        return writer

    def __getattr__(self, name: str) -> Any:
        # Only called for what neither the writer nor its class has.
        state = self.__dict__
        if name == "_tufte_page" or "_tufte_page" not in state:
            raise AttributeError(name)
        page = state["_tufte_page"]
        if name == "highlighter":
            # Code is highlighted straight into spans; made on first use, since most
            # notes hold no code.
            highlighter = copy.copy(page.highlighter)
            highlighter.formatter = PhrasingHtmlFormatter
            state[name] = highlighter
            return highlighter
        value = getattr(page, name)
        if isinstance(value, MethodType) and value.__self__ is page:
            # A handler Sphinx bound to the page: bound to this writer instead, once.
            value = state[name] = MethodType(value.__func__, self)
        return value

    def starttag(
        self, node: Any, tagname: str, suffix: str = "\n", empty: bool = False, **attributes: Any
    ) -> str:
        tag = tagname.lower()
        if tag in {"colgroup", "col"}:
            return ""  # column widths mean nothing to spans (see depart_colspec)
        if tag == "hr":
            attributes = {"classes": block_classes("hr"), "role": "separator"}
            return super().starttag({"ids": list(node.get("ids", []))}, "span", "", **attributes) + "</span>" + suffix  # type: ignore[misc]
        if tag not in BLOCK_TAGS:
            return super().starttag(node, tagname, suffix, empty, **attributes)  # type: ignore[misc]
        attributes["classes"] = [*block_classes(tag), *attributes.get("classes", [])]
        if "role" not in attributes:
            if tag in ROLES:
                attributes["role"] = ROLES[tag]
            elif tag in HEADINGS:
                attributes["role"] = "heading"
                attributes["aria-level"] = HEADINGS[tag]
        if self.tufte_blocks and not empty:
            self.tufte_blocks[-1].append(tag)
        return super().starttag(node, "span", suffix, empty, **attributes)  # type: ignore[misc]

    def dispatch_visit(self, node: nodes.Node) -> None:
        self.tufte_blocks.append([])
        start = len(self.body)
        try:
            super().dispatch_visit(node)  # type: ignore[misc]
        except (nodes.SkipNode, nodes.SkipDeparture):
            # No departure: the visit wrote the whole element, closing tags included.
            self._close_blocks(start, self.tufte_blocks.pop())
            raise

    def dispatch_departure(self, node: nodes.Node) -> None:
        start = len(self.body)
        super().dispatch_departure(node)  # type: ignore[misc]
        self._close_blocks(start, self.tufte_blocks.pop())

    def _close_blocks(self, start: int, opened: list[str]) -> None:
        """The closing tags of ``opened`` (outermost first), written since ``start``,
        become ``</span>``: the last closing tag closes the first element opened."""
        if not opened:
            return
        markup = "".join(self.body[start:])
        end = len(markup)
        for tag in opened:
            closing = f"</{tag}>"
            at = markup.rfind(closing, 0, end)
            if at == -1:
                continue  # closed by another node's visitor (not one docutils or Sphinx has)
            markup = markup[:at] + "</span>" + markup[at + len(closing) :]
            end = at
        self.body[start:] = [markup]

    def depart_colspec(self, node: nodes.Element) -> None:
        pass  # docutils writes <colgroup> here

    def visit_block_quote(self, node: nodes.Element) -> None:
        # Sphinx's own writes its inner <div> as a string, not through starttag.
        self.body.append(self.starttag(node, "blockquote") + self.starttag({}, "div", ""))


def _rebound(value: Any, page: Any, writer: Any) -> Any:
    if isinstance(value, MethodType) and value.__self__ is page:
        return MethodType(value.__func__, writer)
    return value


@functools.cache
def _class_names(cls: type[Any]) -> frozenset[str]:
    """Every attribute a translator class has, its bases' included (one set per class)."""
    return frozenset(dir(cls))


@functools.cache
def phrasing_class(base: type[Any]) -> type[PhrasingTranslator]:
    """The phrasing translator over the builder's translator class (one per class)."""
    return type(f"Phrasing{base.__name__}", (PhrasingTranslator, base), {})


def render_phrasing(page: Any, note: nodes.Element) -> str:
    """The note's content as phrasing HTML."""
    translator_class: type[Any] = type(page)
    cls = translator_class if isinstance(page, PhrasingTranslator) else phrasing_class(translator_class)  # type: ignore[arg-type]  # a class is hashable
    writer = cls.beside(page)
    for child in note.children:
        child.walkabout(writer)
    # What the builder reads back from the page's translator once it is written.
    if getattr(writer, "_has_maths_elements", False):
        page._has_maths_elements = True
    return "".join(writer.body)


def _note_label(node: nodes.Element) -> str:
    if isinstance(node, sidenote):
        return f"{admonitionlabels.get('note', 'Note')} {node.get('number', '')}".strip()
    return _("Margin note")


def _anchors(self: Any, ids: list[str]) -> str:
    """Old anchors (a footnote's ids, extra reference ids) stay valid link targets."""
    return "".join(f'<span id="{self.attval(i)}"></span>' for i in ids)


def _start(self: Any, tag: str, ids: list[str], classes: list[str], **attributes: str) -> str:
    """The opening tag docutils' ``starttag`` writes for an element with at most one id
    and these classes, written here: a page of N notes asks for two each, and the
    general method (class merging, language classes, extra ids) was a third of the
    cost of writing a note. Classes it would rewrite (a repeat, ``language-*``, blank or
    with a space) go to it."""
    odd = any(len(c.split()) != 1 or c.startswith("language-") for c in classes)
    if odd or len(set(classes)) != len(classes) or len(ids) > 1:
        return str(self.starttag({"ids": list(ids)}, tag, "", CLASS=" ".join(classes), **attributes))
    names = dict(attributes)
    if classes:
        names["class"] = " ".join(classes)
    if ids:
        names["id"] = ids[0]
    attval = self.attval
    # Most values (ids, "Note 3", "true") have nothing attval would change.
    return "<" + " ".join([
        tag, *(f'{name}="{value if _PLAIN.fullmatch(value) else attval(value)}"' for name, value in sorted(names.items()))
    ]) + ">"


def visit_note_html(self: Any, node: nodes.Element) -> None:
    if not node.get(PLACED):
        # A note the page's post-transform never placed: a heading rendered on its own
        # (a table of contents, a link to the page, its <title>). The note belongs on
        # the page, not in every place that shows the heading.
        raise nodes.SkipNode
    note_id = node["ids"][0]
    label = _note_label(node)
    kind = "sidenote" if isinstance(node, sidenote) else "marginnote"
    classes = [kind, *node.get("classes", [])]
    extra_ids = [*node["ids"][1:], *node.get("footnote_ids", [])]
    marker = ""
    if kind == "sidenote":
        number = self.encode(node.get("number", ""))
        marker = f'<span class="sidenote-marker" aria-hidden="true">{number}</span> '
    if not in_text(node):
        self.body.append(
            _anchors(self, extra_ids)
            + self.starttag(
                {"ids": [note_id]}, "div", "", CLASS=" ".join([*classes, "tufte-note-block"]), role="note",
                **{"aria-label": label},
            )
            + marker
        )
        return
    ref_ids = list(node.get("refids", []))
    control = _start(
        self,
        "button",
        ref_ids[:1],
        ["sidenote-number" if kind == "sidenote" else "marginnote-toggle"],
        type="button",
        **{"aria-controls": note_id, "aria-expanded": "true", "aria-label": label},
    )
    control += (self.encode(node.get("number", "")) if kind == "sidenote" else "&#8853;") + "</button>"
    opening = _start(self, "span", [note_id], classes, role="note", **{"aria-label": label})
    self.body.append(
        _anchors(self, ref_ids[1:] + extra_ids) + control + opening + marker + render_phrasing(self, node) + "</span>"
    )
    raise nodes.SkipNode


def depart_note_html(self: Any, node: nodes.Element) -> None:
    self.body.append("</div>\n")  # a block note: an inline one was written whole


# ---- page assets ----------------------------------------------------------------------


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
    # Before the theme's handler, which may read the page's script list.
    app.connect("html-page-context", on_html_page_context, priority=400)
