"""Punctuation that follows inline math stays on its line.

A browser may break a line between a ``<math>`` and the text after it: Chromium breaks
around an atomic inline as around an ideograph, so "the mean of $x$." can end one line
with the formula and start the next with a lone full stop. TeX never breaks there. The
formula and the punctuation that closes on it go into one ``<span>`` that does not
wrap (tufte-directives.css, ``.tufte-math-nowrap``); a formula wider than its line
still scrolls in its own box. :func:`sphinx_tufte.math.on_doctree_resolved` applies it
to each inline formula of an HTML page, where lines are broken by the browser.
"""

from __future__ import annotations

from docutils import nodes

# What closes on the formula before it: TeX's punctuation after math, closing brackets
# and quotes, and the dashes and ellipsis a sentence ends with.
CLOSING = frozenset(".,;:!?)]}\u2019\u201d\u00bb\u2026\u2013\u2014")
CLASS = "tufte-math-nowrap"


def _leading_punctuation(text: str) -> int:
    count = 0
    for character in text:
        if character not in CLOSING:
            break
        count += 1
    return count


def keep_punctuation_with(math: nodes.math) -> None:
    """Put ``math`` and the punctuation right after it into one unbreakable inline."""
    parent = math.parent
    if parent is None or isinstance(parent, nodes.inline) and CLASS in parent["classes"]:
        return
    index = parent.index(math)
    if index + 1 >= len(parent.children):
        return
    after = parent[index + 1]
    if not isinstance(after, nodes.Text):
        return
    text = str(after)
    count = _leading_punctuation(text)
    if not count:
        return
    group = nodes.inline("", "", classes=[CLASS])
    parent.replace(math, group)
    group += math
    group += nodes.Text(text[:count])
    rest = text[count:]
    if rest:
        parent.replace(after, nodes.Text(rest))
    else:
        parent.remove(after)
