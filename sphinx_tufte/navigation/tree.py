"""The site's shape, read from what Sphinx already keeps once per build.

Sphinx stores every toctree's entries (``env.toctree_includes``, hidden toctrees too),
every page's title (``env.titles``) and, before writing, each page's parent, previous
and next page (``builder.relations``). Peers render the whole toctree into every page
with ``toctree()``, which costs the size of the site on each page; here a page asks only
for its own path from the root and the pages beside each step of it, so a page's share
of the work grows with its depth, not with the site.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes

from sphinx_tufte.navigation import titles

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

DOCS = "docs"
BLOG = "blog"
AUTO = "auto"
MODES = (AUTO, DOCS, BLOG)
# A root toctree of this many pages (posts aside) is documentation even when flat.
FLAT_DOCS_PAGES = 5
# How many levels of a page's own headings its table of contents shows.
TOC_DEPTH = 2
# The most pages one level of the site navigation lists (around the current one).
LEVEL_LIMIT = 12


@dataclass(frozen=True)
class Entry:
    """One page in the site navigation."""

    docname: str
    # HTML (:func:`title`).
    title: str
    # "page" for the page being written, "true" for a section it lies in, else "".
    current: str = ""
    children: tuple[Entry, ...] = ()


# Where a long level leaves pages out.
GAP = Entry(docname="", title="")


@dataclass(frozen=True)
class Heading:
    """One heading in a page's own table of contents."""

    # HTML, as the heading shows on the page (:mod:`.titles`).
    title: str
    anchor: str
    children: tuple[Heading, ...] = field(default=())


Skip = Callable[[str], bool]


def _keep_all(docname: str) -> bool:
    return False


def posts_of(env: BuildEnvironment) -> Mapping[str, Any]:
    """docname -> post (empty when the extension, which reads posts, is not loaded)."""
    from sphinx_tufte.posts.collector import all_posts

    return all_posts(env)


def hidden_drafts(env: BuildEnvironment) -> Skip:
    """Whether a page is a draft this build does not show: never in the navigation.
    A look-up per page shown, so a page pays for its entries, not for the site's posts."""
    from sphinx_tufte import _settings

    if _settings.get(env).show_drafts:
        return _keep_all
    posts = posts_of(env)

    def hidden(docname: str) -> bool:
        post = posts.get(docname)
        return post is not None and bool(post.draft)

    return hidden


def children(env: BuildEnvironment, docname: str, hidden: Skip = _keep_all) -> list[str]:
    """The pages ``docname``'s toctrees list, in order, each once."""
    seen: set[str] = {docname}
    out = []
    for child in env.toctree_includes.get(docname, ()):
        if child not in seen and child in env.all_docs and not hidden(child):
            seen.add(child)
            out.append(child)
    return out


def title(env: BuildEnvironment, docname: str) -> str:
    """The page's title as HTML, with its markup (see :mod:`.titles`); its docname,
    escaped, when it has none."""
    html = titles.html_of(env, docname, titles.PAGE, env.titles.get(docname))
    return html or escape(docname, quote=False)


@dataclass
class Shared:
    """What every page of one build reads alike while pages are written (the environment
    is final then): each page's :func:`title` and the pages a short toctree level shows.
    Without it every page worked out the titles and levels of its whole navigation again."""

    titles: dict[str, str] = field(default_factory=dict)
    levels: dict[str, list[str]] = field(default_factory=dict)
    # Whether a page can be listed at all (a document, not a hidden draft).
    listable: dict[str, bool] = field(default_factory=dict)

    def title(self, env: BuildEnvironment, docname: str) -> str:
        found = self.titles.get(docname)
        if found is None:
            found = self.titles[docname] = title(env, docname)
        return found

    def can_list(self, env: BuildEnvironment, docname: str, hidden: Skip) -> bool:
        found = self.listable.get(docname)
        if found is None:
            found = self.listable[docname] = docname in env.all_docs and not hidden(docname)
        return found


def neighbour_links(env: BuildEnvironment) -> dict[str, tuple[tuple[str, str] | None, ...]]:
    """Each page's parent, previous and next page with their titles, as Sphinx links them
    in the page's head (``builder.relations``): compared between builds."""
    def named(docname: str | None) -> tuple[str, str] | None:
        return (docname, title(env, docname)) if docname else None

    return {
        name: tuple(named(other) for other in related[:3])
        for name, related in env.collect_relations().items()
    }


def choose_mode(env: BuildEnvironment, root: str, option: str, posts: Mapping[str, Any]) -> str:
    """``docs`` or ``blog``: the option, or in ``auto`` the shape of the root toctree.

    Documentation has sections (a page of the root toctree lists pages of its own) or
    many pages; a personal site lists a few pages and its posts. Stops as soon as it
    knows: every page asks."""
    if option in (DOCS, BLOG):
        return option
    pages = 0
    for name in env.toctree_includes.get(root, ()):
        if name in posts or name == root:
            continue
        if env.toctree_includes.get(name):
            return DOCS
        pages += 1
        if pages >= FLAT_DOCS_PAGES:
            return DOCS
    return BLOG


def page_mode(env: BuildEnvironment, root: str, option: str) -> str:
    """:func:`choose_mode` for a page being written. Every page asks, and a blog's root
    toctree lists every post (skipped one by one), so it is worked out once a build:
    a blog of 4,000 posts spent 16 million steps on it."""
    from sphinx_tufte import _settings

    return _settings.memoised(env, f"{__name__}.mode:{root}:{option}", lambda: choose_mode(env, root, option, posts_of(env)))


def path_to(relations: dict[str, Any], docname: str, root: str) -> list[str]:
    """The pages from the root down to ``docname`` (both included), or [] for a page
    outside the toctrees (a generated page such as the search page)."""
    if docname == root:
        return [root]
    if docname not in relations:
        return []
    path = [docname]
    parent = relations[docname][0]
    # A toctree cycle would loop; Sphinx warns about it, the path just stops.
    while parent and parent not in path:
        path.append(parent)
        parent = relations.get(parent, (None,))[0]
    path.reverse()
    return path if path[0] == root else []


def _window(names: list[str], on_path: set[str]) -> tuple[list[str], bool, bool]:
    """At most :data:`LEVEL_LIMIT` of ``names``, around the one on the way to the page:
    a flat toctree of a thousand pages costs each page a few entries, not a thousand.
    Returns the names kept and whether some were left out before and after them."""
    if len(names) <= LEVEL_LIMIT:
        return names, False, False
    here = next((index for index, name in enumerate(names) if name in on_path), 0)
    start = min(max(0, here - LEVEL_LIMIT // 2), len(names) - LEVEL_LIMIT)
    return names[start : start + LEVEL_LIMIT], start > 0, start + LEVEL_LIMIT < len(names)


def _candidates(env: BuildEnvironment, parent: str, on_path: set[str]) -> list[str]:
    """The toctree entries of ``parent`` near the way to the page (a long list is cut
    before it is checked, so its length costs a C-level search, not a Python loop)."""
    raw = env.toctree_includes.get(parent, [])
    if len(raw) <= 4 * LEVEL_LIMIT:
        return raw
    here = next((raw.index(name) for name in on_path if name in raw), 0)
    start = max(0, here - 2 * LEVEL_LIMIT)
    return raw[start : here + 2 * LEVEL_LIMIT]


def _shown(env: BuildEnvironment, parent: str, candidates: list[str], hidden: Skip, shared: Shared) -> list[str]:
    seen: set[str] = {parent}
    names = []
    for name in candidates:
        if name not in seen and shared.can_list(env, name, hidden):
            seen.add(name)
            names.append(name)
    return names


def site_tree(
    env: BuildEnvironment, root: str, path: list[str], hidden: Skip, shared: Shared | None = None
) -> tuple[Entry, ...]:
    """The top-level pages, with the pages under each step of ``path`` opened: the
    current section's pages and where the current page sits among them. A level with
    more than :data:`LEVEL_LIMIT` pages shows those around the way to the page, with
    a gap entry (no docname) where some are left out; previous and next still lead to
    every page. ``shared`` keeps what the next page can reuse (the same ``hidden``
    for every page)."""
    on_path = set(path)
    current = path[-1] if path else ""
    shared = shared if shared is not None else Shared()

    def shown(parent: str) -> list[str]:
        candidates = _candidates(env, parent, on_path)
        if candidates is not env.toctree_includes.get(parent):
            return _shown(env, parent, candidates, hidden, shared)  # a long level, cut around the path
        names = shared.levels.get(parent)
        if names is None:
            names = shared.levels[parent] = _shown(env, parent, candidates, hidden, shared)
        return names

    def entries(parent: str) -> tuple[Entry, ...]:
        kept, before, after = _window(shown(parent), on_path)
        out = [GAP] if before else []
        for name in kept:
            mark = "page" if name == current else ("true" if name in on_path else "")
            below = entries(name) if name in on_path else ()
            out.append(Entry(docname=name, title=shared.title(env, name), current=mark, children=below))
        if after:
            out.append(GAP)
        return tuple(out)

    return entries(root)


def section_of(tree: tuple[Entry, ...]) -> Entry | None:
    """The top-level entry the current page lies in (or is)."""
    return next((entry for entry in tree if entry.current), None)


def _headings(env: BuildEnvironment, docname: str, bullets: nodes.Node, depth: int) -> Iterator[Heading]:
    for item in bullets.children:
        if not isinstance(item, nodes.list_item):
            continue
        reference = next(iter(item.findall(nodes.reference)), None)
        if reference is None:
            continue
        below: tuple[Heading, ...] = ()
        if depth > 1:
            sub = next((child for child in item.children if isinstance(child, nodes.bullet_list)), None)
            below = tuple(_headings(env, docname, sub, depth - 1)) if sub is not None else ()
        anchor = reference.get("anchorname", "")
        yield Heading(title=titles.html_of(env, docname, anchor, reference), anchor=anchor, children=below)


def page_headings(env: BuildEnvironment, docname: str) -> tuple[Heading, ...]:
    """The sections of the page below its title, when it has two or more."""
    toc = env.tocs.get(docname)
    if toc is None or not isinstance(toc, nodes.bullet_list):
        return ()
    top = next((item for item in toc.children if isinstance(item, nodes.list_item)), None)
    if top is None:
        return ()
    sub = next((child for child in top.children if isinstance(child, nodes.bullet_list)), None)
    if sub is None:
        return ()
    headings = tuple(heading for heading in _headings(env, docname, sub, TOC_DEPTH) if heading.anchor)
    return headings if len(headings) >= 2 else ()


def shape(env: BuildEnvironment, hidden: Skip) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """What every page's navigation shows of the others: compared between builds."""
    return tuple(
        (name, title(env, name), tuple(children(env, name, hidden))) for name in sorted(env.all_docs)
    )
