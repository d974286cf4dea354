"""A post's metadata: the :class:`Post` dataclass and its parsing from front matter.

MyST hands front matter to Sphinx as docinfo, which Sphinx flattens into
``env.metadata[docname]``: scalars as text, lists and mappings as JSON text. Every field
is checked here; a bad one is a located warning (``tufte.post``) and is dropped, and the
page is built either way. The readings other capabilities share live here once: a
true/false field (:func:`parse_flag`), a list of authors (:func:`author_names`) and a
date in the project's language (:func:`human_date`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.util import logging
from sphinx.util.i18n import babel_format_date, format_date

from sphinx_tufte._text import has_lone_surrogate, without_surrogates

logger = logging.getLogger(__name__)

POST_FIELDS = ("date", "updated", "subtitle", "blurb", "tags", "draft", "image", "author")
# Fields other tools put in front matter: never reported as typos of ours.
OTHER_KNOWN_FIELDS = frozenset({
    "title", "description", "keywords", "authors", "orphan", "nocomments", "nosearch",
    "tocdepth", "wordcount", "html_meta", "myst", "jupytext", "kernelspec", "layout",
    "substitutions", "category", "categories", "language", "location", "redirect",
})
# A field close to one of these is reported as a likely typo.
TYPO_TARGETS = (*POST_FIELDS, "title", "description", "keywords", "authors")
_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})


@dataclass(frozen=True)
class Post:
    """One post, as listings, feeds and generated pages see it."""

    docname: str
    title: str
    date: dt.datetime  # always timezone-aware
    has_time: bool  # False when the front matter gave a bare day
    updated: dt.datetime | None = None
    updated_has_time: bool = True  # False when ``updated`` was a bare day
    subtitle: str = ""
    blurb: str = ""
    tags: tuple[str, ...] = ()
    draft: bool = False
    image: str = ""
    author: str = ""  # the authors as one line, as written (JSON-LD, the feed)
    # The same authors one by one (citations); read from ``author`` when not given.
    authors: tuple[str, ...] = ()
    line: int = 1  # where the front matter starts, for warnings about this post

    def __post_init__(self) -> None:
        if self.author and not self.authors:
            object.__setattr__(self, "authors", author_names(self.author))

    @property
    def date_iso(self) -> str:
        return iso(self.date, self.has_time)

    @property
    def updated_iso(self) -> str:
        return iso(self.updated, self.updated_has_time) if self.updated else ""


def iso(value: dt.datetime, has_time: bool) -> str:
    return value.isoformat() if has_time else value.date().isoformat()


# Asked up to eight times a post (its page, the home listing, each tag page, the archive,
# the neighbours' links); Babel's formatting is a pure function of these three.
@functools.lru_cache(maxsize=8192)
def human_date(value: dt.datetime, language: str | None, fmt: str = "") -> str:
    """``January 5, 2024`` by default, in ``language`` (the project's ``language``):
    Sphinx's :func:`~sphinx.util.i18n.format_date` names months with Babel, so the
    build machine's locale never shows. ``fmt`` takes the same ``%`` fields as
    Sphinx's ``today_fmt``. The date is shown in its own offset, never converted."""
    language = language or "en"
    if fmt:
        return format_date(fmt, date=value, language=language)
    # Babel's long date: "January 5, 2024", "5. Januar 2024", "2024年1月5日".
    return babel_format_date(value, "long", locale=language)


def parse_flag(raw: Any) -> bool | None:
    """A true/false front-matter field: True, False, or None when it is empty (the
    field's default applies). Raises ValueError for anything else."""
    value = str(raw).strip().lower() if raw is not None else ""
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if value == "":
        return None
    raise ValueError(raw)


# A tag page's file name at most this long in UTF-8 (file systems allow 255 bytes, and
# dirhtml makes it a folder): a longer slug is cut and ends in a hash of the whole.
MAX_SLUG_BYTES = 100
# Names of pages the extension writes in the tags folder: no tag takes them.
RESERVED_SLUGS = frozenset({"index"})
# What a listing prints of a blurb, in characters: a blurb is one line.
MAX_BLURB = 300


@functools.lru_cache(maxsize=8192)  # asked per post and per listing; a pure function
def tag_slug(tag: str) -> str:
    """A file name for a tag page: the tag's letters and digits, lower case, in words
    joined by hyphens. Accents on Latin letters go (``Café`` is ``cafe``), letters of
    other scripts stay (``Python 入門`` is ``python-入門``). A slug that would be too long
    or would take the name of a generated page ends in a hash of the whole slug, so
    distinct tags keep distinct pages; tags that differ only in case or punctuation
    share one."""
    # "C++", "C#" and "C" are different tags; without this they would share a page.
    for sign, word in (("+", " plus "), ("#", " sharp "), ("&", " and ")):
        tag = tag.replace(sign, word)
    words: list[str] = []
    current: list[str] = []
    for char in unicodedata.normalize("NFKC", tag).lower():
        plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if plain and plain.isascii():
            char = plain  # é -> e, as slugs were before they kept other scripts
        if char.isalnum() or (current and unicodedata.combining(char)):
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    slug = "-".join(words)
    if not slug:
        # A tag of signs only (an emoji) still gets a page.
        slug = "tag-" + "-".join(f"{ord(ch):x}" for ch in tag.strip())
    if slug in RESERVED_SLUGS or len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        digest = hashlib.sha256(slug.encode("utf-8")).hexdigest()[:10]
        head = slug.encode("utf-8")[: MAX_SLUG_BYTES - len(digest) - 1].decode("utf-8", "ignore")
        slug = f"{head.rstrip('-')}-{digest}"
    return slug


class FrontMatter:
    """Front-matter values of one document, with the line each was written on."""

    def __init__(self, docname: str, metadata: dict[str, Any], source: str | None) -> None:
        self.docname = docname
        self.values = dict(metadata)
        self.source = source
        self.start = 1

    @functools.cached_property
    def lines(self) -> dict[str, int]:
        # Read from the source only when a warning needs a line: every document of the
        # site passes through here, and almost none has a field to warn about.
        return _field_lines(self.source)

    def location(self, name: str | None = None) -> tuple[str, int]:
        return (self.docname, self.lines.get(name or "", self.start))

    def warn(self, name: str | None, message: str, subtype: str = "post") -> None:
        logger.warning(message, type="tufte", subtype=subtype, location=self.location(name))


def _field_lines(source: str | None) -> dict[str, int]:
    """Line of each top-level field in a YAML front matter block or reST field list.

    docutils keeps no line numbers on docinfo built from MyST front matter, so the
    source is scanned: only its first lines, and only for ``name:`` at line start.
    """
    if not source:
        return {}
    try:
        with Path(source).open(encoding="utf-8-sig") as handle:
            head = [next(handle, "") for _ in range(200)]
    except OSError:
        return {}
    lines: dict[str, int] = {}
    in_yaml = bool(head) and head[0].strip() == "---"
    for number, text in enumerate(head, start=1):
        if in_yaml and number > 1 and text.strip() in {"---", "..."}:
            break
        match = re.match(r"^:?([A-Za-z_][\w-]*):(?:\s|$)", text)
        if match:
            lines.setdefault(match.group(1).lower(), number)
    return lines


def parse_datetime(text: str, zone: dt.tzinfo) -> tuple[dt.datetime, bool]:
    """An aware datetime from an ISO 8601 date or datetime, and whether it had a time.

    Raises ValueError for anything else. A value without an offset is read in ``zone``.
    An offset with seconds (a zone's local mean time before 1900, such as New York's
    -04:56:02) is rounded to whole minutes, the wall-clock time kept: RFC 3339, which
    feeds and ``<time datetime>`` follow, has no seconds in an offset.
    """
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        day = dt.date.fromisoformat(text)
        return _whole_minutes(dt.datetime(day.year, day.month, day.day, tzinfo=zone)), False
    if not re.match(r"\d{4}-\d{2}-\d{2}[T ]\d", text):
        raise ValueError(text)
    value = dt.datetime.fromisoformat(text.replace("z", "Z"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return _whole_minutes(value), True


def _whole_minutes(value: dt.datetime) -> dt.datetime:
    offset = value.utcoffset()
    if offset is None or not (offset.seconds % 60 or offset.microseconds):
        return value
    minutes = round(offset.total_seconds() / 60)
    return value.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes)))


def _readable(front: FrontMatter, name: str, items: Iterable[str]) -> list[str]:
    """``items`` with lone surrogates replaced, warned once: a JSON escape such as
    ``"\\uD800"`` in a front-matter list becomes one only when the list is read here,
    after the document-wide transform in _text has run."""
    result = list(items)
    if any(map(has_lone_surrogate, result)):
        front.warn(name, f"post {name!r} holds a lone surrogate (half of a character); replaced by U+FFFD", "text")
        result = [without_surrogates(item) for item in result]
    return result


def _parse_tags(front: FrontMatter, raw: Any) -> tuple[str, ...]:
    value = raw
    if isinstance(raw, str) and raw.lstrip().startswith(("[", "{")):
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw
    if isinstance(value, str):
        items = [part.strip() for part in value.split(",")]
    elif isinstance(value, list):
        items = []
        for item in value:
            if isinstance(item, (str, int, float)) and not isinstance(item, bool):
                items.append(str(item).strip())
            else:
                front.warn("tags", f"post tag {item!r} is not text; skipped", "post.tags")
    else:
        front.warn(
            "tags",
            f"post 'tags' must be a list or a comma-separated string, not {type(value).__name__}; ignored",
            "post.tags",
        )
        return ()
    tags: list[str] = []
    seen: set[str] = set()
    for tag in _readable(front, "tags", items):
        tag = " ".join(tag.split())
        if tag and tag_slug(tag) not in seen:
            seen.add(tag_slug(tag))
            tags.append(tag)
    return tuple(tags)


_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def author_names(raw: Any) -> tuple[str, ...]:
    """The names in an ``author`` or ``authors`` field, or in ``tufte_author``.

    - a list written in front matter (``[Ada Lovelace, Charles Babbage]``) reaches
      Sphinx as JSON text; for ``authors``, a bibliographic field, docutils has also
      split that text at its commas and curled its quotes: the pieces are joined, the
      quotes straightened and the list read again;
    - ``authors: Jane Roe, John Poe`` reaches Sphinx already split into names;
    - any other text is BibTeX's form, names joined by ``and``.
    """
    if not raw:
        return ()
    if isinstance(raw, (list, tuple)):
        pieces = [str(piece) for piece in raw]
        text = ", ".join(pieces).translate(_QUOTES).strip()
        if not text.startswith("["):
            return tuple(name for name in (" ".join(piece.split()) for piece in pieces) if name)
    else:
        text = str(raw).strip()
    if text.startswith("["):
        text = text.translate(_QUOTES)  # only a list's quotes are syntax
        try:
            names = json.loads(text)
        except ValueError:
            names = [part.strip(" \"'") for part in text.strip("[]").split(",")]
        if not isinstance(names, list):
            names = [names]
    else:
        names = re.split(r"\s+and\s+", text)
    return tuple(name for name in (" ".join(str(item).split()) for item in names) if name)


def _authors(front: FrontMatter) -> tuple[str, tuple[str, ...]]:
    """The post's authors as one line (as written when ``author`` is text) and one
    by one."""
    for name in ("author", "authors"):
        raw = front.values.get(name)
        if isinstance(raw, str) and raw.lstrip().startswith("{"):
            _text(front, name)  # a mapping: warned there, and ignored
            continue
        names = tuple(_readable(front, name, author_names(raw)))
        if not names:
            continue
        if isinstance(raw, str) and not raw.lstrip().startswith("["):
            return " ".join(raw.split()), names
        return ", ".join(names), names
    return "", ()


def _text(front: FrontMatter, name: str) -> str:
    raw = front.values.get(name, "")
    if isinstance(raw, str) and raw.lstrip().startswith(("[", "{")):
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = raw
        if not isinstance(parsed, str):
            front.warn(name, f"post {name!r} must be text, not {type(parsed).__name__}; ignored", f"post.{name}")
            return ""
    if isinstance(raw, list):
        raw = ", ".join(map(str, raw))
    # One line: a listing or a meta tag has no use for the source's line breaks.
    return " ".join(str(raw).split())


def _before(updated: dt.datetime, updated_has_time: bool, date: dt.datetime, has_time: bool) -> bool:
    """Whether ``updated`` is before ``date``; with a bare day on either side, by day
    (an update on the day of a timed post is not before it)."""
    if updated_has_time and has_time:
        return updated < date
    return updated.date() < date.date()


def _blurb(front: FrontMatter) -> str:
    blurb = _text(front, "blurb")
    if len(blurb) > MAX_BLURB:
        # Listings print a blurb on one line: a page-long one is cut there (and in the
        # text builder, whose line wrapper is slow on long words, it would take minutes).
        front.warn(
            "blurb",
            f"post 'blurb' is {len(blurb)} characters; listings show its first {MAX_BLURB}",
            "post.blurb",
        )
    return blurb


def _check_unknown(front: FrontMatter) -> None:
    for name in front.values:
        lowered = name.lower()
        if lowered in POST_FIELDS or lowered in OTHER_KNOWN_FIELDS:
            continue
        close = difflib.get_close_matches(lowered, TYPO_TARGETS, n=1, cutoff=0.75)
        if close:
            front.warn(
                name,
                f"unknown front-matter field {name!r}; did you mean {close[0]!r}?",
                "post.unknown_field",
            )


def parse_post(
    docname: str,
    metadata: dict[str, Any],
    title: str,
    *,
    source: str | None,
    zone: dt.tzinfo = dt.UTC,
) -> Post | None:
    """The post a document describes, or None if it is not a post (no valid date).

    Dates without an offset are read in ``zone`` (``tufte_timezone``, checked once per
    build by :mod:`sphinx_tufte._settings`). Warns, located at the field's line, about
    every malformed or misspelt field.
    """
    front = FrontMatter(docname, metadata, source)
    _check_unknown(front)
    if "date" not in front.values:
        if "updated" in front.values or "draft" in front.values:
            front.warn(None, "front matter has post fields but no 'date'; the page is not a post", "post.date")
        return None

    try:
        date, has_time = parse_datetime(str(front.values["date"]), zone)
    except ValueError:
        front.warn(
            "date",
            f"post date {front.values['date']!r} is not a valid ISO 8601 date (YYYY-MM-DD) or datetime; "
            "the page is built but not listed as a post",
            "post.date",
        )
        return None

    updated, updated_has_time = None, True
    if front.values.get("updated", "") != "":
        try:
            updated, updated_has_time = parse_datetime(str(front.values["updated"]), zone)
        except ValueError:
            front.warn(
                "updated",
                f"post 'updated' {front.values['updated']!r} is not an ISO 8601 date or datetime; ignored",
                "post.date",
            )
    if updated is not None and _before(updated, updated_has_time, date, has_time):
        front.warn(
            "updated",
            f"post 'updated' {front.values['updated']!r} is before its 'date' {front.values['date']!r}; ignored",
            "post.date",
        )
        updated = None

    try:
        draft = bool(parse_flag(front.values.get("draft")))
    except ValueError:
        front.warn("draft", f"post 'draft' must be true or false, not {front.values['draft']!r}; taken as false", "post.draft")
        draft = False

    tags = _parse_tags(front, front.values["tags"]) if "tags" in front.values else ()
    author, authors = _authors(front)

    return Post(
        docname=docname,
        title=" ".join(title.split()) or docname,
        date=date,
        has_time=has_time,
        updated=updated,
        updated_has_time=updated_has_time,
        subtitle=_text(front, "subtitle"),
        blurb=_blurb(front),
        tags=tags,
        draft=draft,
        image=_text(front, "image"),
        author=author,
        authors=authors,
        line=front.start,
    )
