"""The notes in LaTeX, text, man and Texinfo.

These builders normally never see a note (the post-transforms in
:mod:`sphinx_tufte.notes.footnotes` turn notes into footnotes), except LaTeX margin
notes, which become ``\\marginpar``; the visitors keep any doctree writable."""

from __future__ import annotations

from typing import Any

from docutils import nodes

from sphinx_tufte.notes.nodes import inside, is_note

# Where \marginpar cannot go: it only works in LaTeX's outer paragraph mode.
_LATEX_NO_MARGINPAR = (
    nodes.footnote,
    nodes.table,
    nodes.title,
    nodes.caption,
    nodes.figure,
    nodes.Admonition,
    nodes.sidebar,
)
_LATEX_INLINE = "_latex_inline"


def visit_marginnote_latex(self: Any, node: nodes.Element) -> None:
    if inside(node, _LATEX_NO_MARGINPAR) or is_note(node.parent):
        # Elsewhere, in parentheses.
        self.body.append(r"{\small(")
        node[_LATEX_INLINE] = True
        return
    # Saving the body in a box first lets it hold verbatim code, which a macro
    # argument cannot.
    self.body.append(
        r"\ifdefined\sphinxtuftenotebox\else\newsavebox{\sphinxtuftenotebox}\fi%" "\n"
        r"\begin{lrbox}{\sphinxtuftenotebox}\begin{minipage}[t]{\marginparwidth}"
        r"\footnotesize\raggedright{}" "\n"
    )


def depart_marginnote_latex(self: Any, node: nodes.Element) -> None:
    if node.get(_LATEX_INLINE):
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


SIDENOTE = {
    "latex": (visit_sidenote_latex, depart_sidenote_latex),
    "text": (visit_note_text, depart_note_text),
    "man": (visit_note_man, depart_note_man),
    "texinfo": (visit_note_texinfo, depart_note_texinfo),
}
MARGINNOTE = {**SIDENOTE, "latex": (visit_marginnote_latex, depart_marginnote_latex)}
