"""Compare two built sites file by file, after removing what legitimately differs
between two builds of the same sources.

    from site_compare import assert_same_site
    assert_same_site(clean.outdir, incremental.outdir)

What counts as build-specific noise (and nothing else):

- files that are Sphinx's own bookkeeping, not the site: ``.buildinfo``, ``.doctrees``,
  ``objects.inv`` (zlib, its compression is not byte-stable), ``searchindex.js``
  (Sphinx's own search index, whose term order depends on read order);
- a feed's own time stamp (``<updated>`` of the feed, RSS ``lastBuildDate``), which a
  feed library sets to the time of writing when a site has no post;
- "Last updated on" lines from ``html_last_updated_fmt``.

Everything else must be equal byte for byte: the pages, the feeds' entries, the
sitemap, the tag pages, copied sources and static files.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from harness import Built, sphinx_build

# Hypothesis in this suite: bounded examples (``TUFTE_HYPOTHESIS_EXAMPLES`` scales them
# for a long bug hunt), no deadline (a build takes a second), derandomized under CI so a
# CI run is reproducible.
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def examples(default: int) -> int:
    return int(os.environ.get("TUFTE_HYPOTHESIS_EXAMPLES", default))


# A blog's conf.py: MyST, the extension and theme, a base URL so the feed is written,
# and an author for "Cite this post".
BLOG_CONF = """\
project = "Test Blog"
tufte_author = "Test Author"
extensions = ["myst_parser", "sphinx_tufte"]
html_theme = "tufte"
html_baseurl = "https://blog.example.org/"
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
# A placeholder address on purpose: this site is never published.
suppress_warnings = ["tufte.baseurl_placeholder"]
"""

# The smallest valid PNG (one transparent pixel), for figures in test sites.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x03\x00\x08\xfc\x02\xfe\xa7\x9a\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82"
)

IGNORED_NAMES = {".buildinfo", ".buildinfo.bak", "objects.inv", "searchindex.js"}
IGNORED_DIRS = {".doctrees", "doctrees", "__pycache__"}

_FEED_STAMP = re.compile(
    r"(<feed\b.*?)(<updated>[^<]*</updated>)(.*?<entry\b|.*?</feed>)", re.S
)
_RSS_STAMP = re.compile(r"<lastBuildDate>[^<]*</lastBuildDate>")
_LAST_UPDATED = re.compile(r"(Last updated on) [^.<]*")


def site_files(root: Path, ignore: Iterable[str] = ()) -> dict[str, Path]:
    """Every file of a built site that is compared, by path relative to ``root``."""
    extra = set(ignore)
    files = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file() or any(part in IGNORED_DIRS for part in rel.parts):
            continue
        name = rel.as_posix()
        if rel.name in IGNORED_NAMES or name in extra:
            continue
        files[name] = path
    return files


def normalise(name: str, data: bytes, extra: Iterable[re.Pattern[str]] = ()) -> bytes:
    """``data`` with build-specific noise removed (see the module's docstring), and
    whatever the ``extra`` patterns match (for a caller that knowingly tolerates more)."""
    if not name.endswith((".html", ".xml", ".atom", ".rss", ".txt", ".json")):
        return data
    text = data.decode("utf-8", "replace")
    for pattern in extra:
        text = pattern.sub("", text)
    if name.endswith((".xml", ".atom", ".rss")):
        text = _FEED_STAMP.sub(lambda m: m.group(1) + "<updated>(build time)</updated>" + m.group(3), text, count=1)
        text = _RSS_STAMP.sub("<lastBuildDate>(build time)</lastBuildDate>", text)
    text = _LAST_UPDATED.sub(r"\1 (build time)", text)
    return text.encode("utf-8")


def differences(
    left: Path,
    right: Path,
    ignore: Iterable[str] = (),
    context: int = 2,
    *,
    extra_noise: Iterable[str] = (),
    allow_extra_in_right: bool = False,
) -> list[str]:
    """A readable list of how the two sites differ (empty when they are the same).

    ``allow_extra_in_right``: files only ``right`` has are fine (the stale output of
    documents removed before an incremental build, which Sphinx never deletes).
    """
    patterns = [re.compile(p) for p in extra_noise]
    a, b = site_files(left, ignore), site_files(right, ignore)
    problems = []
    for name in sorted(a.keys() - b.keys()):
        problems.append(f"only in {left}: {name}")
    for name in sorted(b.keys() - a.keys()) if not allow_extra_in_right else ():
        problems.append(f"only in {right}: {name}")
    for name in sorted(a.keys() & b.keys()):
        x, y = normalise(name, a[name].read_bytes(), patterns), normalise(name, b[name].read_bytes(), patterns)
        if x == y:
            continue
        try:
            diff = difflib.unified_diff(
                x.decode("utf-8").splitlines(), y.decode("utf-8").splitlines(),
                fromfile=f"{left.name}/{name}", tofile=f"{right.name}/{name}", n=context, lineterm="",
            )
            problems.append("\n".join(list(diff)[:40]))
        except UnicodeDecodeError:
            problems.append(f"{name}: binary files differ ({len(x)} vs {len(y)} bytes)")
    return problems


def assert_same_site(left: Path, right: Path, ignore: Iterable[str] = (), **options: object) -> None:
    problems = differences(Path(left), Path(right), ignore, **options)  # type: ignore[arg-type]
    if problems:
        shown = "\n".join(problems[:8])
        more = f"\n... and {len(problems) - 8} more" if len(problems) > 8 else ""
        raise AssertionError(f"{len(problems)} difference(s) between {left} and {right}:\n{shown}{more}")


# ---- building outside pytest fixtures (Hypothesis examples, several builds per test) ----


def build_site(
    srcdir: Path,
    builddir: Path,
    *,
    fresh: bool = True,
    parallel: int = 0,
    buildername: str = "html",
    confoverrides: dict | None = None,
    warningiserror: bool = False,
) -> Built:
    """One Sphinx build of ``srcdir`` into ``builddir``, in this process: the harness's
    build (the one the ``build`` fixture makes), for Hypothesis examples, where
    function-scoped fixtures do not fit."""
    return sphinx_build(
        Path(srcdir),
        builddir=Path(builddir),
        fresh=fresh,
        parallel=parallel,
        buildername=buildername,
        confoverrides=confoverrides,
        warningiserror=warningiserror,
    )
