""""Cite this post": a BibTeX entry at the end of each post, and the same data as the
``citation_*`` meta tags Google Scholar reads.

The entry is ``@misc`` (which BibTeX's standard styles and biblatex both know) with
``author``, ``title``, ``year``, ``month`` and, when ``html_baseurl`` is set, ``url``.
Authors come from the post's front matter (``author``, or an ``authors`` list, as the
post model reads them), else ``tufte_author``, else the project's ``author``. Every
value is escaped for BibTeX so that any title parses back to itself: the characters
LaTeX treats specially become text-mode commands, braces included (an escaped brace
would still count in BibTeX's brace balancing, so ``\\{`` is not enough).

Both parts are added when a page is written (``html-page-context``), not to the
doctree: the feed, which renders posts from their doctrees, stays free of them, and
they work under any theme (every theme prints ``body`` and ``metatags``).

A citation needs an author: posts without one (no ``author`` in the front matter, no
``tufte_author``, no ``author`` in ``conf.py``) are one ``tufte.cite.author`` warning, at
the first line of the first of them, and their entries have no ``author`` field.

On for every post; ``tufte_cite_posts = False`` turns it off for the site and
``cite: false`` in a post's front matter for that post.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from collections.abc import Iterator
from html import escape
from typing import TYPE_CHECKING, Any

import pygments
from docutils import nodes
from pygments.token import Name, Punctuation, String, Whitespace
from sphinx.util import logging

from sphinx_tufte import _settings
from sphinx_tufte.navigation.titles import is_plain
from sphinx_tufte.posts.collector import all_posts
from sphinx_tufte.posts.feeds import base_url, page_url
from sphinx_tufte._text import xml_safe
from sphinx_tufte.locale import _
from sphinx_tufte.posts.metadata import FrontMatter, author_names, parse_flag

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinx_tufte.posts.metadata import Post

logger = logging.getLogger(__name__)

BUILDERS = frozenset({"html", "dirhtml"})
HEADING_ID = "tufte-cite-this-post"
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "`": r"\textasciigrave{}",
}
_LATEX_PATTERN = re.compile("|".join(re.escape(ch) for ch in _LATEX_SPECIAL))
# Pairs TeX's fonts turn into one glyph (-- is an en dash, '' a closing quote, << a
# guillemet in T1): an empty group between the two keeps them two characters.
_LIGATURE = re.compile(r"([-',<>])(?=\1)")


def _escaped(text: str) -> str:
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return _LIGATURE.sub(r"\1{}", _LATEX_PATTERN.sub(lambda match: _LATEX_SPECIAL[match.group(0)], text))


def bibtex_escape(text: str) -> str:
    """Text as a BibTeX field value that LaTeX prints as the same text: special
    characters as commands, control characters and line breaks as spaces."""
    return _escaped(" ".join(text.split()))


def _braces_balance(tex: str) -> bool:
    # BibTeX counts every brace, escaped or not: one left open ends the field early.
    depth = 0
    for character in tex:
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth < 0:
            return False
    return depth == 0


def _bibtex_markup(node: nodes.Node) -> str:
    """A title's markup as LaTeX: math as math, emphasis, bold and code as LaTeX sets
    them, everything else as escaped text."""
    parts = []
    for child in node.children:
        if isinstance(child, nodes.Text):
            parts.append(_escaped(str(child)))
        elif isinstance(child, nodes.math) and _braces_balance(child.astext()) and "$" not in child.astext():
            parts.append("$" + child.astext() + "$")
        elif isinstance(child, nodes.emphasis):
            parts.append(r"\emph{" + _bibtex_markup(child) + "}")
        elif isinstance(child, nodes.strong):
            parts.append(r"\textbf{" + _bibtex_markup(child) + "}")
        elif isinstance(child, nodes.literal):
            parts.append(r"\texttt{" + _escaped(child.astext()) + "}")
        else:
            parts.append(_escaped(child.astext()))
    return " ".join("".join(parts).split())


def bibtex_title(env: BuildEnvironment, post: Post) -> str:
    """The post's title for BibTeX: with its math (``$\\beta$``, where the plain text
    would print a backslash and "beta") and emphasis, from Sphinx's title node."""
    source = getattr(env, "titles", {}).get(post.docname)
    if source is None or is_plain(source) or source.astext() != post.title:
        return bibtex_escape(post.title)
    return _bibtex_markup(source)


def bibtex_url(url: str) -> str:
    """A URL that needs no escaping: braces, backslashes and spaces percent-encoded.
    (``url`` is a verbatim field in biblatex: LaTeX escapes there would be printed.)"""
    return urllib.parse.quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def post_authors(app: Sphinx, post: Post) -> list[str]:
    if post.authors:
        return list(post.authors)
    author = _settings.get(app.env).site_author
    return list(author_names(author)) if author else []


def entry_key(authors: list[str], post: Post) -> str:
    """``lastnameYEARword``: ASCII letters and digits only, as BibTeX keys should be."""

    def ascii_word(text: str) -> str:
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
        return re.sub(r"[^a-z0-9]", "", plain.lower())

    last = ascii_word(authors[0].split()[-1]) if authors and authors[0].split() else ""
    words = [ascii_word(word) for word in re.findall(r"[^\W_]+", post.title)]
    word = next((w for w in words if len(w) > 3), next((w for w in words if w), ""))
    return f"{last or 'post'}{post.date.year}{word}"


def bibtex_fields(app: Sphinx, post: Post) -> tuple[str, list[tuple[str, str]]]:
    """The entry's key and its fields, each value as BibTeX writes it: braced text, or a
    month macro."""
    authors = post_authors(app, post)
    fields: list[tuple[str, str]] = []
    if authors:
        fields.append(("author", "{" + " and ".join(bibtex_escape(name) for name in authors) + "}"))
    # Double braces keep the title's capitals in styles that lower-case titles.
    fields.append(("title", "{{" + bibtex_title(app.env, post) + "}}"))
    fields.append(("year", "{" + str(post.date.year) + "}"))
    fields.append(("month", MONTHS[post.date.month - 1]))  # BibTeX's month macros
    if base_url(app):
        fields.append(("url", "{" + bibtex_url(page_url(app, post.docname)) + "}"))
    return entry_key(authors, post), fields


def bibtex_entry(app: Sphinx, post: Post) -> str:
    """The entry as text: what the page's highlighted block reads as."""
    return "".join(text for _, text in bibtex_tokens(*bibtex_fields(app, post)))


def bibtex_tokens(key: str, fields: list[tuple[str, str]]) -> Iterator[tuple[Any, str]]:
    """The entry, as the tokens Pygments' BibTeX lexer finds in its text.

    Lexing the entry took most of a post's citation block (a regular-expression lexer
    over text whose shape is known here): the entry is made of these tokens, so they are
    given to the highlighter's formatter directly. Every value is one braced string (the
    text in it is escaped so that its braces balance) or a month macro; a test holds
    this to the lexer's own tokens."""
    yield Name.Class, "@misc"
    yield Punctuation, "{"
    yield Name.Label, key
    for name, value in fields:
        yield Punctuation, ","
        yield Whitespace, "\n  "
        yield Name.Attribute, name
        yield Whitespace, " "
        yield Punctuation, "="
        yield Whitespace, " "
        yield (String if value.startswith("{") else Name.Variable), value
    yield Whitespace, "\n"
    yield Punctuation, "}"
    yield Whitespace, "\n"


def scholar_tags(app: Sphinx, post: Post) -> str:
    def meta(name: str, value: str) -> str:
        return f'<meta name="{name}" content="{escape(xml_safe(value), quote=True)}" />'

    lines = [meta("citation_title", post.title)]
    lines += [meta("citation_author", name) for name in post_authors(app, post)]
    lines.append(meta("citation_publication_date", f"{post.date:%Y/%m/%d}"))
    return "\n".join(lines) + "\n"


def _formatter(app: Sphinx) -> Any:
    """The highlighter's HTML formatter, made once while pages are written: making one
    (its style's rules) cost twenty times the formatting of an entry."""
    return _settings.memoised(app.env, __name__, app.builder.highlighter.get_formatter)  # type: ignore[attr-defined]


def cite_block(app: Sphinx, post: Post) -> str:
    highlighted = pygments.format(bibtex_tokens(*bibtex_fields(app, post)), _formatter(app))
    heading = escape(_("Cite this post"))
    return (
        f'\n<section class="tufte-cite" aria-labelledby="{HEADING_ID}">\n'
        f'<h2 id="{HEADING_ID}">{heading}</h2>\n'
        f'<div class="highlight-bibtex notranslate">{highlighted}</div>\n'
        "</section>\n"
    )


def wants_citation(app: Sphinx, post: Post, *, warn: bool = True) -> bool:
    if not _settings.get(app.env).cite_posts or post.draft:
        return False
    metadata = app.env.metadata.get(post.docname, {})
    try:
        wanted = parse_flag(metadata.get("cite"))
    except ValueError:
        if warn:
            front = FrontMatter(post.docname, metadata, str(app.env.doc2path(post.docname)))
            front.warn("cite", f"front matter 'cite' must be true or false, not {metadata['cite']!r}; taken as true", "cite")
        return True
    return wanted is not False  # unset or empty: on


def check_authors(app: Sphinx, env: BuildEnvironment) -> None:
    """One warning for the posts cited without an author, at the first of them: the
    usual cause is one missing ``tufte_author`` for the whole site, which a warning per
    post would only repeat. Checked once the posts are read, so every build that reads
    anything (an incremental one too) says it, as Sphinx says what is in no toctree. BibTeX's
    ``@misc`` lets the author out, so the entries are still written, without that field
    (an empty one prints as a blank name)."""
    if _settings.get(env).builder_name not in BUILDERS:
        return
    missing = sorted(
        docname
        for docname, post in all_posts(env).items()
        if wants_citation(app, post, warn=False) and not post_authors(app, post)
    )
    if not missing:
        return
    others = f" (and {len(missing) - 1} other post{'s' if len(missing) > 2 else ''})" if len(missing) > 1 else ""
    first = all_posts(env)[missing[0]]
    logger.warning(
        "'Cite this post' has no author%s: set 'author' in the front matter, or tufte_author in conf.py; "
        "the entry is written without one",
        others,
        type="tufte",
        subtype="cite.author",
        location=(first.docname, first.line),
    )


def on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.name not in BUILDERS or doctree is None:
        return
    post = all_posts(app.env).get(pagename)
    if post is None or not wants_citation(app, post):
        return
    context["body"] = context.get("body", "") + cite_block(app, post)
    context["metatags"] = context.get("metatags", "") + scholar_tags(app, post)


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", on_page_context)
    app.connect("env-check-consistency", check_authors)
