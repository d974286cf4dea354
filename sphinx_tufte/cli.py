"""The ``sphinx-tufte`` command line: ``sphinx-tufte new DIR`` scaffolds a working site.

The site's files are Jinja templates in ``scaffold/`` (Jinja comes with Sphinx), written
with the project's title, author, address and today's date filled in. An existing folder
with anything in it is never touched: the command says so and exits with status 2, the
status argparse uses for other usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from sphinx_tufte import __version__

SCAFFOLD_DIR = Path(__file__).parent / "scaffold"
TEMPLATE_SUFFIX = ".jinja"
EXIT_REFUSED = 2


class ScaffoldError(Exception):
    """The scaffold cannot be written where it was asked to go."""


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|$~&])")


def _escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _title_from_folder(folder: Path) -> str:
    words = folder.resolve().name.replace("-", " ").replace("_", " ").split()
    return " ".join(word[:1].upper() + word[1:] for word in words) or "My Site"


def _check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target} exists and is not a folder; choose another name.")
    if target.is_dir() and any(target.iterdir()):
        raise ScaffoldError(
            f"{target} is not empty; sphinx-tufte new only writes into a new or empty folder, "
            "so nothing of yours is overwritten. Choose another folder or empty this one."
        )


def scaffold(target: Path, *, title: str, author: str, baseurl: str, today: dt.date | None = None) -> list[Path]:
    """Write a new site into ``target`` (new or empty); return the files written."""
    _check_target(target)
    env = Environment(
        loader=FileSystemLoader(str(SCAFFOLD_DIR)),
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        autoescape=False,
    )
    # Values that land in conf.py go through repr(): a quote in a title stays a quote.
    env.filters["py"] = repr
    # ...and values that land in Markdown are backslash-escaped: a "<" or "*" in a name
    # is text, not HTML or emphasis.
    env.filters["md"] = _escape_markdown
    today = today or dt.date.today()
    context = {
        # One line each: a newline would end a heading or a comment early.
        "title": " ".join(title.split()),
        "author": " ".join(author.split()),
        "baseurl": baseurl if baseurl.endswith("/") else baseurl + "/",
        "year": today.year,
        "today": today.isoformat(),
        "version": __version__,
    }
    written = []
    for template in sorted(SCAFFOLD_DIR.rglob("*" + TEMPLATE_SUFFIX)):
        relative = template.relative_to(SCAFFOLD_DIR)
        destination = target / str(relative).removesuffix(TEMPLATE_SUFFIX)
        destination.parent.mkdir(parents=True, exist_ok=True)
        text = env.get_template(relative.as_posix()).render(context)
        destination.write_text(text, encoding="utf-8")
        written.append(destination)
    return written


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sphinx-tufte",
        description="Tools for sphinx-tufte sites.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    new = commands.add_parser(
        "new",
        help="write a new site (home page, about page, a first post, conf.py, README)",
        description="Write a new sphinx-tufte site into DIR, which must be new or empty.",
    )
    new.add_argument("directory", metavar="DIR", type=Path, help="the folder to create")
    new.add_argument("--title", help="the site's title (default: from the folder's name)")
    new.add_argument("--author", default="Your Name", help="the author's name (default: %(default)s)")
    new.add_argument(
        "--url",
        default="https://example.com/",
        help="the address the site will be published at, for the feed and social cards "
        "(default: %(default)s; change it in conf.py later)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    target: Path = args.directory
    title = args.title or _title_from_folder(target)
    try:
        scaffold(target, title=title, author=args.author, baseurl=args.url)
    except ScaffoldError as error:
        print(f"sphinx-tufte new: {error}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"Wrote a new site to {target}. Next:")
    print(f"  cd {target}")
    print("  sphinx-build -b html . _build/html      # build once")
    print("  sphinx-autobuild . _build/html          # preview, rebuilt on every save")
    print("See README.md in the new folder for more.")
    return 0
