"""Drafts: what a post with ``draft: true`` gets, by ``tufte_drafts``.

- ``"hide"`` (the default): the page is built, so a link to it works and a reviewer can
  read it, but no listing, tag page, archive, feed or sitemap names it, Sphinx's search
  index holds none of its words and the page asks search engines not to index it.
- ``"skip"``: the page is not built at all, as Hugo leaves drafts out of a published
  site. Its source is excluded before Sphinx reads anything (``exclude_patterns``, so
  Sphinx itself treats it as absent), and a ``{doc}`` link to it is plain text and one
  located warning, never a link to a missing page; so is a Markdown link to it.
- ``"show"``: a preview. Drafts are listed, marked "Draft" in listings and on the page;
  feeds and the sitemap still leave them out, and the page still says ``noindex``, so a
  preview published by mistake announces nothing.

``tufte_show_drafts = True``, the older switch, is ``"show"``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.project import Project
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util import docname_join

from sphinx_tufte import _config, _settings
from sphinx_tufte.posts.collector import all_posts
from sphinx_tufte.posts.metadata import parse_flag

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

MODES = ("hide", "skip", "show")
ROBOTS_TAG = '<meta name="robots" content="noindex" />\n'
# A front-matter or field-list line that sets ``draft`` (the only field read here).
_DRAFT_LINE = re.compile(r"^:?draft:[ \t]*(.*?)[ \t]*$", re.IGNORECASE)
# How far into a source its front matter may reach.
_HEAD_LINES = 200


def drafts_mode(app: Sphinx, *, warn: bool) -> str:
    """The mode ``tufte_drafts`` (or ``tufte_show_drafts``) asks for. With ``warn``,
    a value that is not a mode is one located warning; without, it is read quietly
    (at config-inited, before the settings warn about it once)."""
    if warn:
        raw = _config.value(app, "tufte_drafts")
        show = _config.value(app, "tufte_show_drafts")
    else:
        raw = getattr(app.config, "tufte_drafts", None)
        show = getattr(app.config, "tufte_show_drafts", False) in {True, "1"}
    fallback = "show" if show else "hide"
    if raw is None:
        return fallback
    mode = raw.strip().lower() if isinstance(raw, str) else ""
    if mode not in MODES:
        if warn:
            _config.warn(
                app,
                "tufte_drafts",
                "tufte_drafts must be one of %s, not %r; using %r",
                ", ".join(repr(name) for name in MODES),
                raw,
                fallback,
            )
        return fallback
    if warn and show and mode != "show":
        _config.warn(
            app,
            "tufte_show_drafts",
            "tufte_show_drafts = True is ignored: tufte_drafts = %r decides what drafts get",
            mode,
        )
    return mode


def is_draft_source(path: Path) -> bool:
    """Whether a source's front matter (MyST YAML or a reST field list) says
    ``draft: true``. Read before Sphinx reads the document, so only that field, and
    any doubt is "no": the post is then read and its front matter checked as usual."""
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            head = [next(handle, "") for _ in range(_HEAD_LINES)]
    except OSError:
        return False
    yaml = bool(head) and head[0].strip() == "---"
    for number, line in enumerate(head):
        text = line.rstrip("\n")
        if yaml and number > 0 and text.strip() in {"---", "..."}:
            return False
        if not yaml and not text.startswith(":") and text.strip():
            return False  # past a reST field list
        match = _DRAFT_LINE.match(text)
        if match:
            value = match.group(1).split(" #", 1)[0].strip().strip("'\"")
            try:
                return bool(parse_flag(value))
            except ValueError:
                return False
    return False


def draft_sources(app: Sphinx, config: Config) -> list[str]:
    """The sources (relative to the source folder, with their suffix) of every draft
    Sphinx would read."""
    project = Project(app.srcdir, config.source_suffix)
    found = project.discover(config.exclude_patterns, config.include_patterns)
    drafts = []
    for docname in sorted(found):
        path = Path(project.doc2path(docname, absolute=True))
        if is_draft_source(path):
            drafts.append(path.relative_to(app.srcdir).as_posix())
    return drafts


def exclude_skipped_drafts(app: Sphinx, config: Config) -> None:
    """With ``tufte_drafts = "skip"``, add every draft to ``exclude_patterns``. Done
    at config-inited, so the environment's record of the configuration holds the same
    list as the next build computes: only a draft's coming or going re-reads the site."""
    if drafts_mode(app, warn=False) != "skip":
        return
    drafts = draft_sources(app, config)
    if drafts:
        config.exclude_patterns = [*config.exclude_patterns, *drafts]


def skipped_drafts(app: Sphinx | BuildEnvironment) -> list[str]:
    """The docnames of the drafts this build skips: read back from the paths
    :func:`exclude_skipped_drafts` added (a draft excluded by hand counts too). Takes
    the application or the environment (a transform has the second)."""
    config = app.config
    project = Project(app.srcdir, config.source_suffix)
    docnames = []
    for pattern in config.exclude_patterns:
        path = Path(app.srcdir, pattern)
        if path.suffix in config.source_suffix and path.is_file() and is_draft_source(path):
            docname = project.path2doc(path)
            if docname:
                docnames.append(docname)
    return docnames


def remove_skipped_pages(app: Sphinx, exception: BaseException | None) -> None:
    """Remove what an earlier build wrote for a draft this one skips (Sphinx leaves
    the pages of excluded documents behind): published from an incremental build, the
    site would otherwise still hold the page a clean build leaves out."""
    settings = _settings.get(app.env)
    if exception is not None or settings.drafts != "skip" or settings.builder_name not in {"html", "dirhtml"}:
        return
    builder: Any = app.builder
    outdir = Path(app.outdir).resolve()
    for docname in skipped_drafts(app):
        page = Path(builder.get_outfilename(docname)).resolve()
        copies = [
            Path(outdir, "_sources", docname + suffix + app.config.html_sourcelink_suffix)
            for suffix in app.config.source_suffix
            if Path(app.srcdir, docname + suffix).is_file()
        ]
        for path in [page, *copies]:
            if outdir in path.parents and path.is_file():
                path.unlink()
        folder = page.parent
        if settings.builder_name == "dirhtml" and folder != outdir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def add_robots_tag(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.format != "html" or doctree is None:
        return
    post = all_posts(app.env).get(pagename)
    if post is not None and post.draft:
        context["metatags"] = context.get("metatags", "") + ROBOTS_TAG


def _warn_link_to_skipped(target: str, node: nodes.Element) -> None:
    logger.warning(
        "this links to %r, a draft that is not built (tufte_drafts = 'skip'); shown as text",
        target,
        type="tufte",
        subtype="draft",
        location=node,
    )


def unlink_skipped_draft(
    app: Sphinx, env: BuildEnvironment, node: nodes.Element, contnode: nodes.Element
) -> nodes.Element | None:
    """A ``{doc}`` link to a draft this build skips: its text, and one warning."""
    if node.get("reftype") != "doc" or _settings.get(env).drafts != "skip":
        return None
    target = docname_join(node.get("refdoc", ""), node.get("reftarget", ""))
    if target not in skipped_drafts(app):
        return None
    _warn_link_to_skipped(target, node)
    return contnode


class MarkdownLinksToSkippedDrafts(SphinxPostTransform):
    """A Markdown link (``[text](draft.md)``) to a draft this build skips: its text, and
    the same warning as a ``{doc}`` link. MyST-Parser resolves these links itself,
    without Sphinx's ``missing-reference`` event, and would say only "Unknown source
    document"; this runs just before its resolver (priority 9)."""

    default_priority = 8

    def run(self, **kwargs: Any) -> None:
        if _settings.get(self.env).drafts != "skip":
            return
        links = [
            node for node in self.document.findall(addnodes.pending_xref)
            if node.get("reftype") == "myst" and node.get("refdomain") == "doc"
        ]
        skipped = set(skipped_drafts(self.env)) if links else set()
        for node in links:
            target = node.get("reftarget", "")
            if target in skipped:
                _warn_link_to_skipped(target, node)
                node.replace_self(node[0].deepcopy() if node.children else nodes.Text(target))


def setup(app: Sphinx) -> None:
    # After Sphinx has merged every parser's suffixes into source_suffix (priority 800).
    app.connect("config-inited", exclude_skipped_drafts, priority=900)
    app.connect("html-page-context", add_robots_tag)
    app.connect("missing-reference", unlink_skipped_draft)
    app.add_post_transform(MarkdownLinksToSkippedDrafts)
    app.connect("build-finished", remove_skipped_pages)
