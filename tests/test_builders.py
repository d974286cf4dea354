"""Every builder writes a document holding every form of note, figure and typography
without crashing and without losing a word of any note; and every other project of the
suite (posts, links, math, typography, citations, images, the theme, the scaffolded
site) builds with the builders other than html, keeping its text, in one parametrized
test."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from test_notes import EVERY_FORM_RST, EVERY_FORM_TEXTS, RST_CONF, every_form_project, page_warnings, tiny_png

MYST_CONF = """
project = "Every form"
extensions = ["myst_parser", "sphinx_tufte"]
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
html_theme = "tufte"
latex_documents = [("index", "every.tex", "Every form", "Tester", "howto")]
man_pages = [("index", "every", "Every form", ["Tester"], 1)]
texinfo_documents = [("index", "every", "Every form", "Tester", "every", "Every form.", "Misc")]
"""

# Where each builder writes, and how to read its output as text.
OUTPUTS = {
    "html": "index.html",
    "dirhtml": "index.html",
    "singlehtml": "index.html",
    "epub": "index.xhtml",
    "latex": "every.tex",
    "text": "index.txt",
    "man": "every.1",
    "texinfo": "every.texi",
    "gettext": "index.pot",
    "xml": "index.xml",
}


def _flatten(text: str, buildername: str) -> str:
    """Output text with markup and line breaks out of the way of a phrase search."""
    if buildername in {"html", "dirhtml", "singlehtml", "epub", "xml"}:
        from bs4 import BeautifulSoup

        parser = "xml" if buildername in {"xml", "epub"} else "lxml"
        text = BeautifulSoup(text, parser).get_text(" ")
    if buildername == "man":
        text = text.replace("\\-", "-").replace("\\(aq", "'").replace("\\(dq", '"').replace("\\&", "")
        text = re.sub(r"\\f[BIRP]|\.(?:UN)?INDENT[^\n]*", "", text)
        text = re.sub(r"^\.\w+.*$", "", text, flags=re.M)
    if buildername == "latex":
        text = re.sub(r"\\sphinxhyphen\{\}", "-", text)
        text = text.replace("\\PYGZdq{}", '"')
    if buildername == "gettext":
        text = re.sub(r'"\n"', "", text)
    return " ".join(text.split())


@pytest.mark.parametrize("buildername", list(OUTPUTS))
def test_every_builder_keeps_every_note(shared_build, buildername):
    files = {**every_form_project(), "conf.py": MYST_CONF}
    built = shared_build(files, buildername=buildername)
    output = built.outdir / OUTPUTS[buildername]
    assert output.is_file(), sorted(p.name for p in built.outdir.iterdir())
    if buildername == "epub":
        from lxml import etree

        etree.fromstring(output.read_bytes())  # XHTML must be well-formed XML
    text = _flatten(output.read_text(encoding="utf-8"), buildername)
    for phrase in EVERY_FORM_TEXTS:
        if buildername == "gettext" and phrase == "code in a note":
            continue  # code is not a message to translate
        assert " ".join(phrase.split()) in text, f"{buildername} lost {phrase!r}"
    if buildername != "gettext":  # translators see the source, marker included
        assert "{-}" not in text
    problems = [line for line in page_warnings(built) if "tufte" in line or "Traceback" in line]
    assert problems == []


@pytest.mark.parametrize("buildername", ["latex", "text", "man", "texinfo", "xml"])
def test_every_builder_builds_rest_notes(build, buildername):
    conf = RST_CONF + MYST_CONF.split("html_theme = \"tufte\"")[1]
    built = build({"conf.py": conf, "index.rst": EVERY_FORM_RST, "dot.png": tiny_png()}, buildername=buildername)
    name = OUTPUTS[buildername]
    text = _flatten((built.outdir / name).read_text(encoding="utf-8"), buildername)
    for phrase in ["The labelled auto-numbered note", "The symbol note.", "A margin note from a reST footnote.", "a margin role", "A block margin note."]:
        assert phrase in text, f"{buildername} lost {phrase!r}"


def test_latex_sidenotes_are_footnotes_and_margin_notes_marginpars(shared_build):
    built = shared_build({**every_form_project(), "conf.py": MYST_CONF}, buildername="latex")
    tex = (built.outdir / "every.tex").read_text(encoding="utf-8")
    # Two footnotes and two explicit sidenotes; the second reference is a footnote mark.
    assert tex.count(r"\begin{footnote}") == 4
    assert r"\sphinxfootnotemark[1]" in tex
    marginpars = re.findall(r"\\begin\{lrbox\}.*?\\marginpar\{", tex, flags=re.S)
    assert len(marginpars) == 3
    assert any("A margin note made from a footnote." in m for m in marginpars)
    # The margin figure stays a figure with its caption.
    assert re.search(r"\\begin\{figure\}.*?\\caption\{A margin figure", tex, flags=re.S)


def test_text_builder_lists_notes_in_number_order(shared_build):
    built = shared_build({**every_form_project(), "conf.py": MYST_CONF}, buildername="text")
    text = (built.outdir / "index.txt").read_text(encoding="utf-8")
    labels = re.findall(r"^\[(\d+)\] ", text, flags=re.M)
    assert labels == [str(n) for n in range(1, len(labels) + 1)] and len(labels) == 7
    assert "text[1]" in text and "again[1]" in text


MULTI_DOC = {
    "index.md": "# Home\n\nHome text[^a] and[^b].\n\n[^a]: Home note A.\n[^b]: {-} Home margin B.\n\n```{toctree}\ntwo\n```\n",
    "two.md": "# Two\n\nTwo text[^a] and {sidenote}`Two role note`.\n\n[^a]: Two note A.\n",
}


@pytest.mark.parametrize("buildername", ["singlehtml", "latex", "texinfo", "man", "text"])
def test_documents_joined_into_one_output_keep_their_own_notes(build, buildername):
    """singlehtml, LaTeX, Texinfo and man join documents into one tree, where footnote
    ids and labels repeat from one document to the next: each note stays its own."""
    built = build({**MULTI_DOC, "conf.py": MYST_CONF}, buildername=buildername)
    name = {"singlehtml": "index.html", "latex": "every.tex", "texinfo": "every.texi", "man": "every.1", "text": "two.txt"}[buildername]
    text = _flatten((built.outdir / name).read_text(encoding="utf-8"), buildername)
    expected = ["Two note A.", "Two role note"] if buildername == "text" else ["Home note A.", "Home margin B.", "Two note A.", "Two role note"]
    for phrase in expected:
        assert text.count(phrase) >= 1, f"{buildername} lost {phrase!r}"
    if buildername == "singlehtml":
        soup = built.soup("index.html")
        notes_ = [n.get_text(" ", strip=True) for n in soup.select(".sidenote")]
        assert notes_ == ["1 Home note A.", "2 Two note A.", "3 Two role note"]


# ---- the suite's other projects under the other builders -----------------------------

WRITTEN_SUFFIXES = {".txt", ".tex", ".1", ".texi", ".html", ".xhtml"}


def written(outdir: Path) -> str:
    """Every page, manual and document the builder wrote, one after another."""
    return "".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and path.suffix in WRITTEN_SUFFIXES
    )


@dataclass(frozen=True)
class Project:
    """A project, the builders it is built with, the phrases every output keeps (found
    as written, or with line breaks evened out when ``wrapped``), which warning lines
    must not appear, and what else its builds must show."""

    files: Callable[[], dict[str, str | bytes]]
    builders: tuple[str, ...]
    phrases: tuple[str, ...] = ()
    wrapped: bool = False
    forbidden: Callable[[str], bool] = lambda line: "tufte" in line
    check: Callable[[Any, str], None] | None = None


def links_project() -> dict[str, str | bytes]:
    from test_links import ABOUT, LIST

    conf = 'project = "T"\nextensions = ["myst_parser", "sphinx_tufte"]\nmyst_enable_extensions = ["colon_fence", "deflist"]\n'
    return {"conf.py": conf, "index.md": LIST, "about.md": ABOUT}


def math_project() -> dict[str, str | bytes]:
    from test_math import MYST_AMSMATH_CONF, MYST_PAGE, PIXEL

    return {"index.md": MYST_PAGE, "pixel.png": PIXEL, "conf.py": MYST_AMSMATH_CONF}


def theme_project() -> dict[str, str | bytes]:
    from test_theme import RST_ONLY_THEME

    return RST_ONLY_THEME | {"conf.py": RST_ONLY_THEME["conf.py"] + 'extensions = ["sphinx_tufte"]\n'}


def typography_project() -> dict[str, str | bytes]:
    from test_typography import MD

    conf = (
        "extensions = ['myst_parser', 'sphinx_tufte']\n"
        "latex_documents = [('index', 'doc.tex', 'T', 'A', 'howto')]\n"
        "man_pages = [('index', 'doc', 'T', ['A'], 1)]\n"
    )
    return {"index.md": MD, "conf.py": conf}


def blog_project() -> dict[str, str | bytes]:
    from test_posts import blog_files

    return dict(blog_files())


def check_blog(built: Any, buildername: str) -> None:
    if buildername == "text":
        out = built.text("index.txt")
        assert "Summer notes June 30, 2025 The newest post." in " ".join(out.split())


def citations_project() -> dict[str, str | bytes]:
    pytest.importorskip("sphinxcontrib.bibtex")
    from test_citations import files

    return dict(files())


def check_one_bibliography(built: Any, buildername: str) -> None:
    out = " ".join((built.outdir / "index.txt").read_text().split())  # text wraps lines
    assert out.count("Edward R. Tufte. *The Visual Display") == 1  # the bibliography's only


def images_project() -> dict[str, str | bytes]:
    from test_images import project_files

    return project_files()


def scaffolded_project() -> dict[str, str | bytes]:
    """What ``sphinx-tufte new --url`` writes (without an address the feed is left out,
    with a warning that says why: tests/test_cli.py)."""
    from sphinx_tufte.cli import main

    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        assert main(["new", str(site), "--url", "https://ada-lovelace.github.io/"]) == 0
        return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def check_clean_build(built: Any, buildername: str) -> None:
    # As ``sphinx-build -W --keep-going`` would: not a single warning.
    assert built.statuscode == 0 and built.warning_lines() == [], built.warnings


PROJECTS = {
    "posts": Project(
        blog_project,
        ("text", "latex", "man", "texinfo", "singlehtml", "dirhtml", "epub"),
        forbidden=lambda line: "Traceback" in line or "unknown node" in line.lower(),
        check=check_blog,
    ),
    "links": Project(
        links_project,
        ("text", "latex", "man", "texinfo", "singlehtml", "epub"),
        phrases=("Liger-Kernel", "Triton kernels for"),
        forbidden=lambda line: "link" in line.lower(),
    ),
    "math": Project(math_project, ("latex", "text", "man", "texinfo", "singlehtml", "epub")),
    "theme-only": Project(theme_project, ("latex", "text", "man", "texinfo", "epub", "dirhtml", "singlehtml")),
    "typography": Project(typography_project, ("text", "latex", "man"), phrases=("In his later books", "Edward Tufte")),
    "citations": Project(citations_project, ("text",), forbidden=lambda line: True, check=check_one_bibliography),
    "images": Project(
        images_project,
        ("text",),
        phrases=("A figure in the text column.",),
        forbidden=lambda line: "[tufte.image]" in line,
    ),
    "scaffold": Project(
        scaffolded_project,
        ("dirhtml", "text", "latex", "man"),
        # The first post's sidenote survives in every format.
        phrases=("On a phone, a sidenote folds behind its number",),
        wrapped=True,
        forbidden=lambda line: True,
        check=check_clean_build,
    ),
}


@pytest.mark.parametrize(
    ("project", "buildername"),
    [(name, buildername) for name, project in PROJECTS.items() for buildername in project.builders],
    ids=lambda value: str(value),
)
def test_other_builders_keep_the_text_and_warn_nothing_of_theirs(build, project: str, buildername: str) -> None:
    spec = PROJECTS[project]
    built = build(spec.files(), buildername=buildername)
    assert [line for line in built.warning_lines() if spec.forbidden(line)] == [], built.warnings
    text = written(built.outdir)
    if spec.wrapped:
        text = " ".join(text.split())
    for phrase in spec.phrases:
        assert phrase in text, f"{buildername} lost {phrase!r}"
    if spec.check is not None:
        spec.check(built, buildername)
