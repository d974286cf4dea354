"""Page titles and headings as the navigation shows them: with their markup.

A title such as "What $\\beta$ does" is math, emphasis or code on the page itself; its
plain text (``astext()``) would print the LaTeX source in every link to it. Titles are
rendered with the builder's own HTML translator, as Sphinx renders the previous and
next links, so math becomes the same MathML the page shows.

Each page's titles are rendered once, when the page is read, and kept with the
environment (:class:`.NavigationCollector` purges and merges them): writing a page then
costs a look-up per link, and an unchanged page is never rendered again. Only titles
with markup are rendered at all; plain text is escaped, which is most titles.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

# The environment's attribute: docname -> {key: HTML} for the titles with markup, the
# page's own title under "" and each heading under its anchor ("#...").
ATTRIBUTE = "tufte_navigation_titles"
PAGE = ""


def rendered(env: BuildEnvironment) -> dict[str, dict[str, str]]:
    if not hasattr(env, ATTRIBUTE):
        setattr(env, ATTRIBUTE, {})
    return getattr(env, ATTRIBUTE)  # type: ignore[no-any-return]


def is_plain(node: nodes.Node) -> bool:
    return all(isinstance(child, nodes.Text) for child in node.children)


def html_of(env: BuildEnvironment, docname: str, key: str, node: nodes.Node | None) -> str:
    """The HTML of ``node`` (a title of ``docname``): rendered at read time when it
    has markup, else its text, escaped."""
    if node is None:
        return ""
    if not is_plain(node):
        html = rendered(env).get(docname, {}).get(key)
        if html is not None:
            return html
    return escape(node.astext(), quote=False)


def link_title(source: nodes.Node) -> nodes.title:
    """A lone title holding a copy of ``source``'s children, raw HTML left out: an
    author's raw tag (``<kbd>``, an unclosed ``<b>``) belongs to the heading on the
    page, and inside a link it could open an element the link never closes."""
    title = nodes.title("", "", *(child.deepcopy() for child in source.children))
    for raw in list(title.findall(nodes.raw)):
        raw.parent.remove(raw)
    return title


def _render(app: Sphinx, source: nodes.Node) -> str:
    # The "title" part is the inside of a lone title, without the permalink a
    # section's heading gets; Sphinx renders its previous and next links the same way.
    return str(app.builder.render_partial(link_title(source))["title"])  # type: ignore[attr-defined]


def _heading_references(toc: nodes.Node, depth: int) -> list[nodes.reference]:
    """The references of the page's table of contents down to ``depth`` levels below
    its title: the headings the navigation can show."""
    found: list[nodes.reference] = []

    def walk(bullets: nodes.Node, level: int) -> None:
        for item in bullets.children:
            if not isinstance(item, nodes.list_item):
                continue
            for child in item.children:
                if isinstance(child, nodes.bullet_list):
                    if level < depth:
                        walk(child, level + 1)
                else:
                    found.extend(child.findall(nodes.reference))

    walk(toc, 0)
    return found


def _with_markup(env: BuildEnvironment, docname: str, depth: int) -> Iterator[tuple[str, nodes.Node]]:
    """``docname``'s title and the headings the navigation shows that have markup,
    each with its key (most pages: none)."""
    title = env.titles.get(docname)
    if title is not None and not is_plain(title):
        yield PAGE, title
    toc = env.tocs.get(docname)
    if isinstance(toc, nodes.bullet_list):
        for reference in _heading_references(toc, depth):
            anchor = reference.get("anchorname", "")
            if anchor and not is_plain(reference):
                yield anchor, reference


def has_markup(env: BuildEnvironment, docname: str, depth: int) -> bool:
    """Whether :func:`render_page` has anything to render (a plain page costs these
    checks only)."""
    return next(_with_markup(env, docname, depth), None) is not None


def render_page(app: Sphinx, docname: str, depth: int) -> dict[str, str]:
    """The HTML of ``docname``'s title and headings that have markup (called when the
    page is read, after Sphinx's own collectors stored them)."""
    return {key: _render(app, node) for key, node in _with_markup(app.env, docname, depth)}


def store(env: BuildEnvironment, docname: str, html: dict[str, str]) -> None:
    titles = rendered(env)
    if html:
        titles[docname] = html
    else:
        titles.pop(docname, None)


def forget(env: BuildEnvironment, docname: str) -> None:
    rendered(env).pop(docname, None)


def merge(env: BuildEnvironment, docnames: Any, other: BuildEnvironment) -> None:
    theirs = getattr(other, ATTRIBUTE, {})
    ours = rendered(env)
    for docname in docnames:
        if docname in theirs:
            ours[docname] = theirs[docname]
