"""Scripts as the output serves them: without their whole-line comments, blank lines and
leading indentation (a third of Sphinx's ``sphinx_highlight.js``, a fifth of the
notes' script), and nothing else.

Every other line stays as written and where it was, so no statement changes: line
breaks, which JavaScript's automatic semicolons depend on, are all kept. A file
where a line could belong to a string or a template is served as it is: one with a
template literal (a backtick) or a line ending in a backslash, or a block comment with
code after its end on the same line.
"""

from __future__ import annotations


def strip(text: str) -> str:
    """``text`` without whole-line comments, blank lines and indentation, or ``text``
    unchanged when that could touch anything but comments and layout."""
    if "`" in text:
        return text
    kept: list[str] = []
    in_comment = False
    for line in text.splitlines():
        if line.endswith("\\"):
            return text
        bare = line.strip()
        if in_comment or bare.startswith("/*"):
            end = bare.find("*/", 2 if not in_comment else 0)
            in_comment = end < 0
            if not in_comment and bare[end + 2:].strip():
                return text
            continue
        if not bare or bare.startswith("//"):
            continue
        kept.append(bare)
    if in_comment:
        return text
    return "\n".join(kept) + "\n"
