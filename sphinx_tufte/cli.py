"""The ``sphinx-tufte`` command line.

- ``sphinx-tufte new DIR [--url URL]`` scaffolds a working site (the files in
  ``scaffold/site/``, Jinja templates: Jinja comes with Sphinx).
- ``sphinx-tufte post "Title"`` adds a dated post to the site in the current folder.
- ``sphinx-tufte serve`` previews the site with ``sphinx-autobuild``.

Nothing of the user's is ever overwritten: a folder that is not empty, or a post file
that exists, is refused with exit status 2, the status argparse uses for other usage
errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from sphinx_tufte import __version__
from sphinx_tufte._settings import IMAGE_CACHE_VARIABLE
from sphinx_tufte._site import is_placeholder_url, is_usable_url

SCAFFOLD_DIR = Path(__file__).parent / "scaffold"
SITE_TEMPLATES = "site"
POST_TEMPLATE = "post.md.jinja"
TEMPLATE_SUFFIX = ".jinja"
EXIT_REFUSED = 2
# serve without sphinx-autobuild: a missing tool, not a usage mistake.
EXIT_MISSING_TOOL = 3

# Where the README, the workflow and serve build: the doctrees beside the HTML, not in
# it, so that the folder that is published holds only the site.
OUTPUT_DIR = Path("_build", "html")
DOCTREES_DIR = Path("_build", "doctrees")
# Files editors write beside the one being edited (Vim's swap files and its write test
# "4913", Emacs's lock and auto-save files, backups ending in ~, JetBrains' safe-write
# copies): each would start a rebuild that changes nothing.
EDITOR_FILES = ("*.swp", "*.swo", "*.swx", "4913", ".#*", "#*#", "*~", "*___jb_tmp___", "*___jb_old___")
# Slugs longer than this are cut at a word: a file name, not a sentence.
MAX_SLUG = 60


class ScaffoldError(Exception):
    """The command cannot write what it was asked to write where it was asked."""


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|$~&])")


def _escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _one_line(text: str) -> str:
    # A newline would end a heading, a comment or a YAML value early.
    return " ".join(text.split())


def _templates() -> Environment:
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
    return env


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


def _check_url(url: str) -> str:
    """``url`` ending in a slash, or a ScaffoldError saying why it cannot be the site's
    address."""
    if not is_usable_url(url):
        raise ScaffoldError(f"--url must be an absolute http(s) address such as https://your-name.github.io/, not {url!r}.")
    if is_placeholder_url(url):
        raise ScaffoldError(
            f"--url {url!r} is a placeholder or local address, not where readers will find the site. "
            "Give the address it will be published at, or leave --url out and set html_baseurl in conf.py later."
        )
    return url if url.endswith("/") else url + "/"


def scaffold(
    target: Path, *, title: str, author: str, baseurl: str | None = None, today: dt.date | None = None
) -> list[Path]:
    """Write a new site into ``target`` (new or empty); return the files written.

    Without ``baseurl`` the site's conf.py leaves ``html_baseurl`` out, with a comment
    saying what goes there: a made-up address would end up in every canonical link."""
    _check_target(target)
    baseurl = _check_url(baseurl) if baseurl else ""
    env = _templates()
    today = today or dt.date.today()
    context = {
        "title": _one_line(title),
        "author": _one_line(author),
        "baseurl": baseurl,
        "year": today.year,
        "today": today.isoformat(),
        "version": __version__,
        "output_dir": OUTPUT_DIR.as_posix(),
        "doctrees_dir": DOCTREES_DIR.as_posix(),
    }
    root = SCAFFOLD_DIR / SITE_TEMPLATES
    written = []
    for template in sorted(root.rglob("*" + TEMPLATE_SUFFIX)):
        relative = template.relative_to(root)
        destination = target / str(relative).removesuffix(TEMPLATE_SUFFIX)
        destination.parent.mkdir(parents=True, exist_ok=True)
        text = env.get_template((template.relative_to(SCAFFOLD_DIR)).as_posix()).render(context)
        destination.write_text(text, encoding="utf-8")
        written.append(destination)
    return written


def slugify(title: str) -> str:
    """A file name for a post titled ``title``: lower case, words joined by hyphens.

    Accents are dropped where a letter has a plain form (``Über`` -> ``uber``), so
    Latin titles give ASCII names that every host and shell handles alike; letters with
    no plain form (Greek, Cyrillic, CJK) are kept, in NFC, rather than lost."""
    decomposed = unicodedata.normalize("NFKD", title)
    base = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", base).casefold())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SLUG:
            break
        slug = candidate
    return slug or (words[0][:MAX_SLUG] if words else "post")


def _parse_date(text: str) -> dt.date | dt.datetime:
    """A ``--date``: an ISO 8601 date, or a date and time (kept, for the front matter)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise ScaffoldError(f"--date must be an ISO 8601 date such as 2024-05-01 (or 2024-05-01T09:30), not {text!r}.") from None


def _site_root(site: Path, command: str) -> Path:
    if not (site / "conf.py").is_file():
        raise ScaffoldError(
            f"{site.resolve()} has no conf.py; run sphinx-tufte {command} in the site's folder "
            "(the one sphinx-tufte new wrote) or name it with --site."
        )
    return site


def new_post(
    site: Path, title: str, *, when: dt.date | dt.datetime | None = None, draft: bool = False, tags: Sequence[str] = ()
) -> Path:
    """Write ``posts/<date>-<slug>.md`` in ``site``; return its path. An existing file
    of that name is left alone (a ScaffoldError)."""
    _site_root(site, "post")
    title = _one_line(title)
    if not title:
        raise ScaffoldError("a post needs a title: sphinx-tufte post \"My title\".")
    when = when or dt.date.today()
    day = when.date() if isinstance(when, dt.datetime) else when
    path = site / "posts" / f"{day.isoformat()}-{slugify(title)}.md"
    exists = ScaffoldError(f"{path} exists; nothing was written. Choose another title or --date, or edit that post.")
    if path.exists():
        raise exists
    text = _templates().get_template(POST_TEMPLATE).render(
        title=title,
        date=when.isoformat(),
        draft=draft,
        # JSON strings are YAML strings: a tag with a colon or a quote stays one tag.
        tags="[" + ", ".join(_yaml_string(_one_line(tag)) for tag in tags if tag.strip()) + "]",
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    # "x": created here or not at all, even if another process wrote it meanwhile.
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        raise exists from None
    return path


def _yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def image_cache_folders() -> list[Path]:
    """Where the image cache may be (its environment variable, then the user's cache
    folder, as :mod:`sphinx_tufte._settings` chooses): serve ignores them, in case one
    lies inside the site. A ``tufte_image_cache`` in conf.py is not read here (that
    would run conf.py); the docs say to keep it outside the site."""
    folders = []
    chosen = os.environ.get(IMAGE_CACHE_VARIABLE, "")
    if chosen:
        folders.append(Path(os.path.expanduser(chosen)))
    base = os.environ.get("XDG_CACHE_HOME", "")
    folders.append(Path(base if os.path.isabs(base) else Path.home() / ".cache", "sphinx-tufte"))
    return folders


def serve_command(site: Path, extra: Sequence[str] = ()) -> list[str]:
    """The ``sphinx-autobuild`` command line ``serve`` runs for ``site``.

    The patterns are absolute: sphinx-autobuild resolves them against the folder it is
    started in, which need not be the site's."""
    site = site.resolve()
    ignores = [site / "_build", site / ".git", *image_cache_folders()]
    patterns = [str(folder) for folder in ignores]
    for pattern in EDITOR_FILES:
        # fnmatch's * crosses folders: site/*/NAME is NAME in any sub-folder.
        patterns += [f"{site}/{pattern}", f"{site}/*/{pattern}"]
    command = [
        sys.executable,
        "-m",
        "sphinx_autobuild",
        str(site),
        str(site / OUTPUT_DIR),
        "-d",
        str(site / DOCTREES_DIR),
    ]
    for pattern in dict.fromkeys(patterns):
        command += ["--ignore", pattern]
    if not any(argument.startswith("tufte_drafts=") or "-Dtufte_drafts=" in argument for argument in extra):
        # A preview is where a writer reads a draft: shown, and marked as one. A
        # -D tufte_drafts=... of the writer's own comes after and wins.
        command += ["-D", "tufte_drafts=show"]
    return command + list(extra)


def serve(site: Path, extra: Sequence[str] = ()) -> int:
    _site_root(site, "serve")
    if importlib.util.find_spec("sphinx_autobuild") is None:
        print(
            "sphinx-tufte serve: sphinx-autobuild is not installed in this Python environment "
            f"({sys.executable}). Install it with:\n  {Path(sys.executable).name} -m pip install sphinx-autobuild",
            file=sys.stderr,
        )
        return EXIT_MISSING_TOOL
    try:
        return subprocess.run(serve_command(site, extra), check=False).returncode
    except KeyboardInterrupt:
        # Ctrl-C reaches sphinx-autobuild too, which stops on its own.
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sphinx-tufte", description="Tools for sphinx-tufte sites.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = commands.add_parser(
        "new",
        help="write a new site (home page, about page, a first post, conf.py, README, GitHub Pages workflow)",
        description="Write a new sphinx-tufte site into DIR, which must be new or empty.",
    )
    new.add_argument("directory", metavar="DIR", type=Path, help="the folder to create")
    new.add_argument("--title", help="the site's title (default: from the folder's name)")
    new.add_argument("--author", default="Your Name", help="the author's name (default: %(default)s)")
    new.add_argument(
        "--url",
        help="the address the site will be published at, such as https://your-name.github.io/ "
        "(html_baseurl: canonical links, the feed and social cards need it). Left out, "
        "conf.py says where to set it later",
    )

    post = commands.add_parser(
        "post",
        help="add a dated post to the site (posts/DATE-TITLE.md)",
        description="Write posts/DATE-SLUG.md with front matter and a heading, in the site's folder.",
    )
    post.add_argument("title", help="the post's title")
    post.add_argument("--date", type=str, help="its date, ISO 8601: 2024-05-01 or 2024-05-01T09:30 (default: today)")
    post.add_argument("--draft", action="store_true", help="mark it a draft: built, but not listed or fed")
    post.add_argument("--tag", action="append", default=[], dest="tags", help="a tag (repeat for several)")
    post.add_argument("--site", type=Path, default=Path("."), help="the site's folder (default: this one)")

    serve_parser = commands.add_parser(
        "serve",
        help="preview the site, rebuilt on every save (runs sphinx-autobuild)",
        description="Build the site into _build/html and serve it, rebuilding on every change. "
        "Other options (--port 0, --open-browser, -j auto, ...) are passed on to sphinx-autobuild.",
    )
    serve_parser.add_argument("--site", type=Path, default=Path("."), help="the site's folder (default: this one)")
    return parser


def _run(args: argparse.Namespace, extra: list[str]) -> int:
    if args.command == "new":
        target: Path = args.directory
        scaffold(target, title=args.title or _title_from_folder(target), author=args.author, baseurl=args.url)
        print(f"Wrote a new site to {target}. Next:")
        print(f"  cd {target}")
        print("  sphinx-tufte post \"My first real post\"   # a new post, dated today")
        print("  sphinx-tufte serve                       # preview, rebuilt on every save")
        print(f"  sphinx-build -W -b html -d {DOCTREES_DIR.as_posix()} . {OUTPUT_DIR.as_posix()}   # build once")
        if not args.url:
            print("Set html_baseurl in conf.py to the site's address before you publish it.")
        print("See README.md in the new folder for more.")
        return 0
    if args.command == "post":
        when = _parse_date(args.date) if args.date else None
        path = new_post(args.site, args.title, when=when, draft=args.draft, tags=args.tags)
        print(path)
        return 0
    return serve(args.site, extra)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    arguments: list[str] = list(sys.argv[1:] if argv is None else argv)
    # Everything serve does not know is sphinx-autobuild's; the other commands take
    # only their own options.
    args, extra = parser.parse_known_args(arguments)
    if extra and args.command != "serve":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if extra[:1] == ["--"]:
        extra = extra[1:]
    try:
        return _run(args, extra)
    except ScaffoldError as error:
        print(f"sphinx-tufte {args.command}: {error}", file=sys.stderr)
        return EXIT_REFUSED
