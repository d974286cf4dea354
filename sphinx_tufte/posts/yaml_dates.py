"""Front matter with an impossible date (``date: 2024-02-30``) must not stop the build.

PyYAML reads an unquoted ``2024-02-30`` as a timestamp and raises ValueError while
building it. myst-parser 4 does not catch that, so the whole build crashes; myst-parser
5 catches it but then drops the entire front matter with an unlocated warning.

MyST reads front matter itself, with ``yaml.safe_load`` on the source text, so the
only thing of ours it reads is that text. At ``source-read`` the front-matter block of
a Markdown document is composed (not constructed) with a private loader; every plain
scalar that YAML would take for a timestamp but cannot build is put in double quotes,
on its own line, so MyST reads it as the text it is and the post's parser reports it
at its line like any other malformed date. Nothing else in the text changes, and
``yaml.SafeLoader`` stays as it is for every other library in the process.

The same composed block tells what YAML would read silently otherwise: a field given
twice (the last one wins) is a located warning (``tufte.post.duplicate_field``), and so
is a block whose closing ``---`` is missing, which MyST reads as a thematic break and
text, so the page stops being a post (``tufte.post.front_matter``). That opening line
is blanked: docutils would otherwise add its own warning about a document beginning
with a transition, a second and less clear one about the same mistake.

reST has no YAML, but the same mistake: a docinfo field list at the top of a document
with a field given twice (Sphinx keeps the last). :class:`RepeatedDocinfoFields` reads
the field list before docutils turns it into docinfo, while each field still has its
line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import datetime as dt
import functools
import re

import yaml
from docutils import nodes
from docutils.languages import en
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from yaml.constructor import ConstructorError, SafeConstructor

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_FENCE = "---"
_ENDS = ("---", "...")


class _FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader's resolver and constructor, in a class of our own so that nothing
    here can touch the loader every other library uses."""


def _block_end(lines: list[str]) -> int | None:
    """Index of the line closing the front matter block that opens ``lines``, as MyST
    finds it (the first line starting with ``---`` or ``...``), or None."""
    if not lines or not lines[0].startswith(_FENCE):
        return None
    for number, line in enumerate(lines[1:], start=1):
        if line.startswith(_ENDS):
            return number
    return None


# PyYAML composes in pure Python (about 2 ms a post's block): it is asked only when the
# text could hold what it is asked about, and once for both questions (the cache).
_DATE_LIKE = re.compile(
    r"(\d{4})-(\d\d?)-(\d\d?)"
    r"(?:(?:[Tt]|[ \t]+)(\d\d?):(\d\d):(\d\d)(?:\.\d*)?(?:[ \t]*(?:Z|[-+](\d\d?)(?::(\d\d))?))?)?"
)
# A top-level key written plainly at the start of a line (``date: ...``).
_PLAIN_KEY = re.compile(r"([^\s#'\"{}\[\]?&*!|>%@`,-][^:#]*?)[ \t]*:(?:[ \t]|$)")


def _dates_may_be_impossible(block: str) -> bool:
    """False when every date-like text in ``block`` (a superset of the scalars YAML
    takes for timestamps, matched with YAML's own pattern) is a real date and time."""
    for match in _DATE_LIKE.finditer(block):
        year, month, day, hour, minute, second, offset_hour, offset_minute = match.groups()
        try:
            dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
        except ValueError:
            return True
        if int(offset_hour or 0) >= 24 or int(offset_minute or 0) >= 60:
            return True
    return False


def _keys_may_repeat(block: str) -> bool:
    """False when ``block`` is a plain mapping whose top-level keys, each at the start
    of its line, are all different; True when they repeat or YAML must tell."""
    seen: set[str] = set()
    for line in block.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] in " \t":
            if not seen:
                return True  # an indented mapping: its keys are not at line start
            continue  # a value's continuation
        match = _PLAIN_KEY.match(line)
        if match is None or match.group(1) in seen:
            return True
        seen.add(match.group(1))
    return False


@functools.lru_cache(maxsize=16)  # the same block is asked about twice in a row
def _compose(block: str) -> tuple[yaml.Node | None, _FrontMatterLoader]:
    loader = _FrontMatterLoader(block)
    try:
        return loader.get_single_node(), loader
    except yaml.YAMLError:
        return None, loader  # malformed: MyST reports it
    finally:
        loader.dispose()


def duplicate_fields(block: str) -> list[tuple[str, int, int]]:
    """(name, line, first line) of each top-level field given again in ``block``;
    lines counted from 1 in ``block``."""
    if not _keys_may_repeat(block):
        return []
    root, _ = _compose(block)
    if not isinstance(root, yaml.MappingNode):
        return []
    first: dict[str, int] = {}
    found: list[tuple[str, int, int]] = []
    for key, _value in root.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        line = key.start_mark.line + 1
        if key.value in first:
            found.append((key.value, line, first[key.value]))
        else:
            first[key.value] = line
    return found


def _impossible_timestamps(block: str) -> list[tuple[int, int]]:
    """(start, end) offsets in ``block`` of plain scalars that resolve to a timestamp
    no calendar has."""
    if not _dates_may_be_impossible(block):
        return []
    root, loader = _compose(block)
    spans: list[tuple[int, int]] = []
    seen: set[int] = set()
    pending = [root] if root is not None else []
    while pending:
        node = pending.pop()
        if id(node) in seen:  # an alias: the same node again
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            pending.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        elif node.tag == TIMESTAMP_TAG and node.style is None:
            try:
                SafeConstructor.construct_yaml_timestamp(loader, node)
            except (ValueError, OverflowError, ConstructorError):
                spans.append((node.start_mark.index, node.end_mark.index))
    return sorted(spans)


def quote_impossible_dates(text: str) -> str:
    """``text`` with every impossible timestamp of its front matter in double quotes.

    A timestamp's characters (digits, ``-:.+ Tt Z``) need no escaping inside quotes,
    and no line moves, so every line number stays what the author wrote."""
    lines = text.splitlines(keepends=True)
    end = _block_end(lines)
    if end is None:
        return text
    offset = len(lines[0])
    block = "".join(lines[1:end])
    spans = _impossible_timestamps(block)
    if not spans:
        return text
    pieces: list[str] = []
    done = 0
    for start, stop in spans:
        pieces += [block[done:start], '"', block[start:stop], '"']
        done = stop
    pieces.append(block[done:])
    return text[:offset] + "".join(pieces) + text[offset + len(block):]


def _markdown(app: Sphinx, docname: str) -> bool:
    """Whether MyST reads this document (a suffix registered as Markdown)."""
    path = str(app.env.doc2path(docname))
    suffixes = app.config.source_suffix
    if not isinstance(suffixes, dict):
        return path.endswith(".md")
    return any(path.endswith(suffix) and kind in {"markdown", "myst-nb"} for suffix, kind in suffixes.items())


# A line that reads as a front-matter field (``date: 2024-01-02``).
_FIELD_LINE = re.compile(r"[A-Za-z_][\w-]*:(\s|$)")


def _warn_repeated(name: str, first: int | None, location: object) -> None:
    logger.warning(
        "front-matter field %r is given again%s; the last one is used",
        name,
        f" (first at line {first})" if first else "",
        type="tufte",
        subtype="post.duplicate_field",
        location=location,
    )


def check_front_matter(docname: str, text: str) -> bool:
    """Warn about what YAML or MyST would take silently: a field given twice, a
    block that is never closed. Returns whether the block is unclosed."""
    lines = text.splitlines(keepends=True)
    end = _block_end(lines)
    if end is None:
        if len(lines) > 1 and lines[0].rstrip() == _FENCE and _FIELD_LINE.match(lines[1]):
            logger.warning(
                "front matter has no closing '---'; it is read as text and the page is not a post",
                type="tufte",
                subtype="post.front_matter",
                location=(docname, 1),
            )
            return True
        return False
    for name, line, first in duplicate_fields("".join(lines[1:end])):
        _warn_repeated(name, first + 1, (docname, line + 1))
    return False


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if source and source[0].startswith(_FENCE) and _markdown(app, docname):
        if check_front_matter(docname, source[0]):
            # The fields stay as the text the warning says they are; only the fence
            # goes (its line kept empty, so no line number moves).
            source[0] = source[0][len(_FENCE):]
        source[0] = quote_impossible_dates(source[0])


# Field names docutils reads as bibliographic in any case (``:Date:`` is ``date``).
_BIBLIOGRAPHIC = frozenset(en.bibliographic_fields)


class RepeatedDocinfoFields(SphinxTransform):
    """A field given twice in the field list that opens a document (its docinfo)."""

    # Just before docutils' DocInfo (340), which keeps no line on the fields it turns
    # into bibliographic elements.
    default_priority = 339

    def apply(self, **kwargs: object) -> None:
        index = self.document.first_child_not_matching_class(nodes.PreBibliographic)
        if index is None or not isinstance(self.document[index], nodes.field_list):
            return
        first: dict[str, int | None] = {}
        for field in self.document[index].children:
            if not isinstance(field, nodes.field) or not len(field):
                continue
            name = field[0].astext().strip()
            key = name.lower() if name.lower() in _BIBLIOGRAPHIC else name
            if key in first:
                _warn_repeated(name, first[key], field)
            else:
                first[key] = field.line


def setup(app: Sphinx) -> None:
    app.connect("source-read", on_source_read)
    app.add_transform(RepeatedDocinfoFields)
