"""Characters some outputs cannot carry, and the one rule for each.

- XML 1.0 forbids most C0 control characters (the ESC of terminal colour codes, a form
  feed), lone surrogates and U+FFFE/U+FFFF. Text pasted from a terminal has them, and a
  single one makes lxml refuse a whole feed or sitemap. :func:`xml_safe` is what every
  XML file the extension writes (and every value it puts in a page's head) passes
  through: control characters are dropped, a lone surrogate (half of a character that
  was lost) becomes U+FFFD, the replacement character.
- A lone surrogate cannot be encoded as UTF-8 at all, so a text, man or LaTeX page that
  holds one is never written. Only an escape can make one (``"\\uD800"`` in YAML front
  matter): :class:`LoneSurrogates` replaces them in every document as it is read, with a
  located warning, before any capability copies the text into a listing or a subtitle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

REPLACEMENT = "\ufffd"
_SURROGATES = range(0xD800, 0xE000)
# C0 controls but tab, line feed and carriage return; U+FFFE and U+FFFF.
_DROPPED = frozenset((*(c for c in range(0x20) if c not in (0x9, 0xA, 0xD)), 0xFFFE, 0xFFFF))
_XML_TABLE: dict[int, str | None] = {
    **dict.fromkeys(_DROPPED),
    **dict.fromkeys(_SURROGATES, REPLACEMENT),
}


_DROPPED_CHARS = tuple(map(chr, sorted(_DROPPED)))


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 forbids dropped (controls) or replaced
    (a lone surrogate becomes U+FFFD)."""
    if text.isascii() and text.isprintable():
        return text  # the common case, without a walk over the characters
    # Thirty-odd substring searches and one encode run in C; a check of each character
    # in Python cost a feed of long posts more than writing it.
    if not any(char in text for char in _DROPPED_CHARS) and not has_lone_surrogate(text):
        return text
    return text.translate(_XML_TABLE)


def has_lone_surrogate(text: str) -> bool:
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD."""
    return "".join(REPLACEMENT if ord(char) in _SURROGATES else char for char in text)


class LoneSurrogates(SphinxTransform):
    """Every lone surrogate in a document's text (its front matter included) replaced
    by U+FFFD, with one ``tufte.text`` warning per text that held one."""

    # Before docutils' DocInfo (340), the subtitle (500) and Sphinx's metadata collector,
    # which copy front-matter text elsewhere.
    default_priority = 300

    def apply(self, **kwargs: object) -> None:
        for text in list(self.document.findall(nodes.Text)):
            if not has_lone_surrogate(text):
                continue
            parent = text.parent
            line = get_source_line(parent)[1] if parent is not None else None
            logger.warning(
                "text holds a lone surrogate (an escape such as \\uD800 that is half of a character); "
                "replaced by U+FFFD",
                type="tufte",
                subtype="text",
                location=(self.env.docname, line or 1),
            )
            if parent is not None:
                parent.replace(text, nodes.Text(without_surrogates(text)))


def setup(app: Sphinx) -> None:
    app.add_transform(LoneSurrogates)
