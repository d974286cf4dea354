"""Scripts as the output serves them: without their whole-line comments, blank lines and
leading indentation (a third of Sphinx's ``sphinx_highlight.js``, a fifth of the
notes' script), and nothing else.

Every other line stays as written and where it was, so no statement changes: line
breaks, which JavaScript's automatic semicolons depend on, are all kept. A file
where a line could belong to a string or a template is served as it is: one with a line
ending in a backslash, a block comment with code after its end on the same line, or a
template literal that might run past its line. A template literal is known to open and
close on its line when the line's backticks pair up and nothing else on it could hold
a backtick of its own (a quote, a slash that could start a comment or a regular
expression, a backslash): then every backtick there is a delimiter, and no line ends
inside a template. Sphinx's ``doctools.js`` and the notes' script have only such
templates.
"""

from __future__ import annotations


def strip(text: str) -> str:
    """``text`` without whole-line comments, blank lines and indentation, or ``text``
    unchanged when that could touch anything but comments and layout."""
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
        if "`" in line and not _templates_close_on(line):
            return text
        kept.append(bare)
    if in_comment:
        return text
    return "\n".join(kept) + "\n"


def _templates_close_on(line: str) -> bool:
    """Whether every template literal on ``line`` is one that opens and closes there."""
    return line.count("`") % 2 == 0 and not any(char in line for char in "'\"/\\")
