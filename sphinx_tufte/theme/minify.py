"""Stylesheets as a reader downloads them: without comments and indentation.

The package's stylesheets are written to be read (about a third of their bytes are
comments and layout), and every page loads them. They are minified when copied into the
output, so the sources stay the ones to edit. This is a scanner over CSS's tokens, not a
rewriter: it only drops comments and whitespace, and keeps a space wherever dropping it
could join two tokens or change a selector. What it never touches:

- strings (``content: "/* a */"``) and unquoted ``url(...)``, copied as they are;
- escapes (``.a\\:b``, ``\\ ``), copied with the character they escape;
- the space before ``:`` and ``(`` (``a :hover`` is a descendant, ``and (`` in a media
  query must not become a function) and around ``+`` and ``-`` (``calc()`` needs them);
- an empty custom property (``--x: ;``), which older engines reject without its space;
- comments opened with ``/*!``, the convention for the ones that must stay (a licence,
  a marker a tool looks for).
"""

from __future__ import annotations

# Whitespace next to these can go: they end or separate tokens on their own.
_TIGHT_AFTER = frozenset("{};,:>~(")
_TIGHT_BEFORE = frozenset("{};,>~)")
_SPACE = frozenset(" \t\n\r\f")


def minify(css: str) -> str:
    """``css`` without its comments and the whitespace nothing needs."""
    out: list[str] = []
    pending_space = False
    # Inside a custom property's value every space stays (as one): the value is kept as
    # written and only means something where var() puts it.
    custom_value = False
    i, n = 0, len(css)

    def emit(text: str) -> None:
        nonlocal pending_space, custom_value
        if pending_space and out:
            prev, nxt = out[-1][-1], text[0]
            keep = not (prev in _TIGHT_AFTER or nxt in _TIGHT_BEFORE or out[-1].endswith("*/"))
            if custom_value and prev != ":" and nxt not in ";}":
                keep = True
            # ``--x: ;``: the space is the empty custom property's whole value.
            if prev == ":" and nxt in ";}":
                keep = True
            if keep:
                out.append(" ")
        pending_space = False
        if text == ":" and out and out[-1].startswith("--"):
            custom_value = True
        elif text in (";", "}", "{"):
            custom_value = False
        out.append(text)

    while i < n:
        char = css[i]
        if char in _SPACE:
            pending_space = True
            i += 1
        elif css.startswith("/*", i):
            end = css.find("*/", i + 2)
            end = n if end < 0 else end + 2
            if css.startswith("/*!", i):
                emit(css[i:end])
            else:
                # A comment separates tokens as whitespace does.
                pending_space = True
            i = end
        elif char in "\"'":
            j = i + 1
            while j < n and css[j] != char and css[j] != "\n":
                j += 2 if css[j] == "\\" else 1
            emit(css[i : j + 1])
            i = j + 1
        elif char == "\\":
            emit(css[i : i + 2])
            i += 2
        elif char == ";" and _next_significant(css, i + 1) == "}" and not _ends_empty_value(out, pending_space):
            # The last declaration of a block needs no semicolon.
            pending_space = False
            i += 1
        elif css[i : i + 4].lower() == "url(" and (i == 0 or not _is_name_char(css[i - 1])):
            j = i + 4
            while j < n and css[j] in _SPACE:
                j += 1
            if j < n and css[j] in "\"'":
                emit(css[i:j])  # "url(" and the string after it, by the branches above
                i = j
            else:
                end = css.find(")", j)
                end = n if end < 0 else end + 1
                emit("url(" + css[j:end].strip(" \t\n\r\f)") + ")")
                i = end
        else:
            j = i + 1
            while j < n and css[j] not in _SPACE and css[j] not in "\"'\\/;" and not _starts_url(css, j):
                if css[j] in _TIGHT_AFTER or css[j] in _TIGHT_BEFORE or css[j - 1] in _TIGHT_AFTER:
                    break
                j += 1
            emit(css[i:j])
            i = j
    return "".join(out)


def _next_significant(css: str, start: int) -> str:
    i = start
    while i < len(css):
        if css[i] in _SPACE:
            i += 1
        elif css.startswith("/*", i) and not css.startswith("/*!", i):
            end = css.find("*/", i + 2)
            if end < 0:
                return ""
            i = end + 2
        else:
            return css[i]
    return ""


def _ends_empty_value(out: list[str], pending_space: bool) -> bool:
    # ``--x: ;}``: the semicolon after an empty custom property stays with its space.
    return bool(out) and out[-1].endswith(":") and pending_space


def _is_name_char(char: str) -> bool:
    return char.isalnum() or char in "-_" or ord(char) > 127


def _starts_url(css: str, i: int) -> bool:
    return css[i : i + 4].lower() == "url(" and not _is_name_char(css[i - 1])
