"""Pygments styles for the Tufte page, one per colour scheme.

Few colours, all quiet, each with at least 4.5:1 contrast (WCAG AA for body text)
against the code background of its scheme (#f4f3ea light, #21211e dark) and against
the band that marks an emphasized line. ``tests/test_code.py`` measures every token.
Sphinx takes a style by dotted path: ``pygments_style =
"sphinx_tufte.pygments_styles.TufteLightStyle"``.
"""

from __future__ import annotations

from pygments.style import Style
from pygments.token import (
    Comment,
    Error,
    Generic,
    Keyword,
    Literal,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Token,
    Whitespace,
)


def _palette(
    *,
    fg: str,
    muted: str,
    keyword: str,
    string: str,
    number: str,
    function: str,
    builtin: str,
    error: str,
    inserted: str,
) -> dict[object, str]:
    # One mapping for both schemes, so that a token is never coloured in one and
    # forgotten in the other.
    return {
        Token: fg,
        Text: fg,
        Whitespace: fg,
        Error: error,
        Comment: f"italic {muted}",
        Comment.Preproc: f"noitalic {builtin}",
        Comment.PreprocFile: f"noitalic {string}",
        Keyword: keyword,
        Keyword.Constant: keyword,
        Keyword.Type: builtin,
        Operator: fg,
        Operator.Word: keyword,
        Punctuation: fg,
        Name: fg,
        Name.Builtin: builtin,
        Name.Builtin.Pseudo: f"italic {builtin}",
        Name.Function: function,
        Name.Function.Magic: function,
        Name.Class: f"bold {function}",
        Name.Namespace: function,
        Name.Decorator: builtin,
        Name.Exception: keyword,
        Name.Tag: keyword,
        Name.Attribute: function,
        Name.Constant: number,
        Name.Entity: number,
        Name.Label: function,
        Name.Variable: fg,
        Literal: string,
        String: string,
        String.Doc: f"italic {string}",
        String.Escape: f"bold {number}",
        String.Interpol: number,
        String.Regex: number,
        String.Symbol: number,
        String.Other: number,
        Number: number,
        Generic.Heading: f"bold {fg}",
        Generic.Subheading: f"bold {muted}",
        Generic.Deleted: error,
        Generic.Inserted: inserted,
        Generic.Error: error,
        Generic.Emph: "italic",
        Generic.Strong: "bold",
        Generic.EmphStrong: "bold italic",
        Generic.Prompt: f"bold {muted}",
        Generic.Output: muted,
        Generic.Traceback: error,
    }


class TufteLightStyle(Style):
    """Dark inks on the cream code background of light pages."""

    name = "tufte-light"
    background_color = "#f4f3ea"
    highlight_color = "#e8e4cc"
    line_number_color = "#5f5c52"
    line_number_background_color = "transparent"
    line_number_special_color = "#111111"
    line_number_special_background_color = "#e8e4cc"
    styles = _palette(
        fg="#111111",
        muted="#5f5c52",
        keyword="#7a1c1c",
        string="#2d5e2a",
        number="#83470f",
        function="#1f4b73",
        builtin="#5a3582",
        error="#a3001b",
        inserted="#2d5e2a",
    )


class TufteDarkStyle(Style):
    """Light inks on the near-black code background of dark pages."""

    name = "tufte-dark"
    background_color = "#21211e"
    highlight_color = "#34332c"
    line_number_color = "#a9a69b"
    line_number_background_color = "transparent"
    line_number_special_color = "#e6e4d9"
    line_number_special_background_color = "#34332c"
    styles = _palette(
        fg="#e6e4d9",
        muted="#a9a69b",
        keyword="#f0a8a0",
        string="#a9d39c",
        number="#e2bd7e",
        function="#9cc3ea",
        builtin="#cdb4ee",
        error="#ff9b8f",
        inserted="#a9d39c",
    )
