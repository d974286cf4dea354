"""Input that stops Sphinx or docutils themselves, met before it does.

Each of these is a crash in Sphinx's or docutils' own code, with any theme: the build
ends with a traceback that names neither the file nor the line. Where the extension can
step in first, it gives a located warning (type ``tufte``) and changes only what the
crash needs, only for the builder that crashes:

- a source file that is not in ``source_encoding`` (a latin-1 file): Sphinx 9 reads it
  strictly and stops (Sphinx 8 replaces each byte with ``?`` and warns): the document
  is left out of the build instead (``tufte.source.encoding``);
- a footnote that refers to itself: LaTeX's footnote transform cannot find the note it
  is inside, and Texinfo's writer writes the note into itself until Python's recursion
  limit: the inner reference is left out (``tufte.footnote.self_reference``);
- a heading with no text (``## `` alone, or a title of only ``,:()``): Texinfo names
  its nodes after headings and asserts that the name is not empty: the heading is
  given a placeholder text (``tufte.heading.empty``);
- a footnote whose only content is an image: docutils' man writer reads the note's
  number and text as two words and there is one: the image is written as the man
  writer writes images elsewhere, its alt text (``tufte.footnote.image`` when it has
  none).

docs/troubleshooting.md says what a user can do about each.

One more is not a crash but defeats every incremental build: MyST-Parser's dollarmath
writes its class list into the MathJax configuration at ``builder-inited``, after
Sphinx has compared the configuration with the last build's, so every build counts as
a changed configuration and writes every page again (MyST-Parser 4 and 5, with any
theme). The same edit made at ``config-inited`` gives Sphinx the final value to
compare (:func:`settle_myst_mathjax`).
"""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING, Any

import sphinx
from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from sphinx_tufte import _settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

# Sphinx 8 decodes sources through docutils with an error handler that warns; Sphinx 9
# decodes them with ``Path.read_text`` and no handler.
STRICT_READ = sphinx.version_info[0] >= 9
UNTITLED = "Untitled section"


def _undecodable_line(data: bytes, encoding: str) -> int | None:
    """The line of the first byte ``encoding`` cannot decode, or None."""
    try:
        data.decode(encoding)
    except UnicodeDecodeError as error:
        return data.count(b"\n", 0, error.start) + 1
    except LookupError:
        return None  # an unknown encoding: Sphinx says so itself
    return None


def skip_undecodable(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if not STRICT_READ:
        return
    encoding = app.config.source_encoding
    try:
        shown = "UTF-8" if codecs.lookup(encoding).name in {"utf-8", "utf-8-sig"} else encoding
    except LookupError:
        return  # an unknown encoding: Sphinx says so itself
    for docname in list(docnames):
        try:
            data = env.doc2path(docname).read_bytes()
        except OSError:
            continue
        line = _undecodable_line(data, encoding)
        if line is None:
            continue
        logger.warning(
            "this file is not valid %s, and Sphinx stops on it: the document is left out of "
            "the build. Save it as %s (or set source_encoding in conf.py to its encoding)",
            shown,
            shown,
            type="tufte",
            subtype="source.encoding",
            location=(docname, line),
        )
        docnames.remove(docname)
        # Nor written: a builder writes every document it found, read or not. The next
        # build finds the file again and checks it again.
        env.found_docs.discard(docname)


def settle_myst_mathjax(app: Sphinx, config: Any) -> None:
    """Set the MathJax option MyST-Parser will set, before Sphinx compares it.

    The same choice of option (``mathjax4_config`` where Sphinx has it and it is not
    left empty for ``mathjax3_config``) and the same value as MyST-Parser's
    ``override_mathjax``, which then finds it already set. A user's own conflicting
    ``processHtmlClass`` is left alone: MyST-Parser warns about it."""
    names = {value.name for value in config}
    if not {"myst_enable_extensions", "myst_update_mathjax", "myst_mathjax_classes"} <= names:
        return  # MyST-Parser is not loaded
    extensions = config.myst_enable_extensions
    classes = config.myst_mathjax_classes
    if isinstance(extensions, str) or "dollarmath" not in (extensions or ()):
        return
    if not config.myst_update_mathjax or not isinstance(classes, str):
        return
    has_v4 = "mathjax4_config" in names
    if has_v4 and config.mathjax4_config:
        name = "mathjax4_config"
    elif config.mathjax3_config:
        name = "mathjax3_config"
    else:
        name = "mathjax4_config" if has_v4 else "mathjax3_config"
    value = getattr(config, name) or {}
    if not isinstance(value, dict):
        return
    options = value.setdefault("options", {})
    if not isinstance(options, dict) or options.get("processHtmlClass", classes) != classes:
        return
    options["processHtmlClass"] = classes
    setattr(config, name, value)


class SelfReferencingFootnotes(SphinxPostTransform):
    """A footnote reference inside the footnote it refers to, for LaTeX and Texinfo
    (the builders that write a note where it is referenced)."""

    builders = ("latex", "texinfo")
    default_priority = 590  # before LaTeXFootnoteTransform (600), which crashes on it

    def run(self, **kwargs: Any) -> None:
        for footnote in list(self.document.findall(nodes.footnote)):
            ids = set(footnote["ids"])
            for reference in list(footnote.findall(nodes.footnote_reference)):
                if reference.get("refid") not in ids:
                    continue
                logger.warning(
                    "footnote %s refers to itself; %s cannot write that, so the reference is left out",
                    reference.astext(),
                    "LaTeX" if _settings.get(self.env).builder_name == "latex" else "Texinfo",
                    type="tufte",
                    subtype="footnote.self_reference",
                    location=reference,
                )
                reference.parent.remove(reference)


def _located(node: nodes.Node) -> nodes.Node:
    """``node``, or the nearest of its ancestors that knows its line (MyST leaves the
    line off some nodes)."""
    current: nodes.Node | None = node
    while current is not None:
        if current.line:
            return current
        current = current.parent
    return node


def _node_name(text: str) -> str:
    # What Texinfo's writer keeps of a heading for a node name (escape_id).
    return " ".join(re.sub(r"[,:()]", " ", text).split())


class UntitledSections(SphinxPostTransform):
    """A section whose title gives Texinfo no node name."""

    builders = ("texinfo",)
    default_priority = 900

    def run(self, **kwargs: Any) -> None:
        for section in self.document.findall(nodes.section):
            title = section.next_node(nodes.title)
            if title is None or _node_name(title.astext()):
                continue
            logger.warning(
                "a heading without text; Texinfo needs one to name its node, so it is written as %r",
                UNTITLED,
                type="tufte",
                subtype="heading.empty",
                location=_located(title),
            )
            title.append(nodes.Text(UNTITLED))


class ImageOnlyFootnotes(SphinxPostTransform):
    """A footnote with nothing but images in it, for man pages."""

    builders = ("man",)
    default_priority = 900

    def run(self, **kwargs: Any) -> None:
        for footnote in self.document.findall(nodes.footnote):
            label = footnote.next_node(nodes.label)
            text = footnote.astext()[len(label.astext()) if label else 0:]
            if text.strip():
                continue
            for image in list(footnote.findall(nodes.image)):
                alt = " ".join(str(image.get("alt", "")).split())
                if not alt:
                    logger.warning(
                        "an image alone in a footnote has no alt text; a man page cannot show "
                        "images, so the note shows the file name",
                        type="tufte",
                        subtype="footnote.image",
                        location=_located(image),
                    )
                    alt = f"image: {image.get('uri', '')}"
                image.replace_self(nodes.Text(alt))


def setup(app: Sphinx) -> None:
    app.connect("config-inited", settle_myst_mathjax)
    app.connect("env-before-read-docs", skip_undecodable)
    app.add_post_transform(SelfReferencingFootnotes)
    app.add_post_transform(UntitledSections)
    app.add_post_transform(ImageOnlyFootnotes)
