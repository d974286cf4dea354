"""Citations in the margin: with ``sphinxcontrib-bibtex`` and
``tufte_margin_citations = True``, each citation's full reference also appears as a
margin note beside the citing sentence, as R's tufte ``margin_references`` and Quarto's
``citation-location: margin`` do. The bibliography stays where the author put it.

The note is the notes module's own :class:`~sphinx_tufte.notes.marginnote`, so it sits
in the margin on wide screens, opens behind the same toggle on narrow ones, and goes
back to a footnote in feeds, like every other note. Footnote citations (``footcite``)
are footnotes already, and so sidenotes: they need nothing from here.

A post-transform finds the citations sphinxcontrib-bibtex has resolved (an inline with
class ``bibtex-citation`` holding links to the bibliography's entries) and formats each
cited entry as the bibliography does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_tufte import _settings
from sphinx_tufte.notes import marginnote

if TYPE_CHECKING:
    from sphinx.application import Sphinx

NOTE_CLASS = "margin-citation"


def _cited_ids(citation: nodes.Element) -> list[str]:
    """The bibliography entries a citation links to, in order, each once."""
    ids: list[str] = []
    for ref in citation.findall(nodes.reference):
        target = ref.get("refid") or ref.get("refuri", "").rpartition("#")[2]
        if target and target not in ids:
            ids.append(target)
    return ids


def _entry_paragraph(citation: Any) -> nodes.paragraph:
    """The entry as the bibliography shows it (same style, links made live)."""
    from sphinxcontrib.bibtex.transforms import BibliographyTransform, node_text_transform

    paragraph = BibliographyTransform.backend.paragraph(citation.formatted_entry)
    node_text_transform(paragraph)
    return paragraph


class MarginCitations(SphinxPostTransform):
    """Hangs a margin note with the full reference after each resolved citation."""

    # After sphinxcontrib-bibtex's bibliography (5) and the reference resolver (10),
    # before the notes module gives notes their ids (200).
    default_priority = 150
    formats = ("html",)

    def is_supported(self) -> bool:
        # Checked once per build (the extension is loaded, the builder writes HTML).
        return super().is_supported() and _settings.get(self.env).margin_citations

    def run(self, **kwargs: Any) -> None:
        domain = self.env.get_domain("cite")
        by_id = {citation.citation_id: citation for citation in getattr(domain, "citations", [])}
        for cited in list(self.document.findall(nodes.inline)):
            if "bibtex-citation" not in cited["classes"] or cited.parent is None:
                continue
            entries = [by_id[i] for i in _cited_ids(cited) if i in by_id]
            if not entries:
                continue
            note = marginnote("", *(_entry_paragraph(entry) for entry in entries), classes=[NOTE_CLASS])
            note.source, note.line = cited.source, cited.line
            parent = cited.parent
            parent.insert(parent.index(cited) + 1, note)


def setup(app: Sphinx) -> None:
    app.add_post_transform(MarginCitations)
