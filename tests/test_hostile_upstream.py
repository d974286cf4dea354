"""Input that crashes Sphinx or docutils themselves (issue 12), with any theme.

Each case below stops a plain Sphinx build (no sphinx_tufte: see the reproducers at
the end) with a traceback naming neither file nor line. With the extension listed, the
build finishes under every builder, and the builder that would crash gives one located
``tufte`` warning (sphinx_tufte/upstream.py; docs/troubleshooting.md says what the user
can do).
"""

from __future__ import annotations

import re

import pytest
import sphinx

from site_compare import PNG

BUILDERS = ("html", "dirhtml", "singlehtml", "epub", "latex", "text", "man", "texinfo")
STRICT_READ = sphinx.version_info[0] >= 9

CONF = """
project = "Upstream"
author = "Tester"
version = "1"
copyright = "2026, Tester"
extensions = ["myst_parser"{extra}]
html_theme = "alabaster"
latex_documents = [("index", "up.tex", "Up", "Tester", "howto")]
man_pages = [("index", "up", "Up", ["Tester"], 1)]
texinfo_documents = [("index", "up", "Up", "Tester", "up", "Up.", "Misc")]
"""

PAGES = {
    "index.md": """
        # Upstream

        ```{toctree}
        selfref
        empty
        image
        ```
        """,
    # A latin-1 file among UTF-8 ones (an old page copied in): "Café" and "crème".
    "latin1.rst": ":orphan:\n\nCaf\xe9\n====\n\nCr\xe8me br\xfbl\xe9e.\n".encode("latin-1"),
    "selfref.md": """
        # Self

        Text.[^a]

        [^a]: A note that cites itself.[^a]
        """,
    "empty.md": """
        # Empty

        Text.

        ##

        More text.
        """,
    "image.md": """
        # Image

        Text.[^a]

        [^a]: ![](dot.png)
        """,
    "dot.png": PNG,
}


def project(with_extension: bool) -> dict[str, str | bytes]:
    return {"conf.py": CONF.format(extra=', "sphinx_tufte"' if with_extension else ""), **PAGES}


WARNING = re.compile(r"(?P<file>[\w.]+):(?P<line>\d+): WARNING: .*\[(?P<type>tufte[\w.]*)\]$")


def located(built) -> set[tuple[str, str]]:
    """(file:line, type) of every tufte warning."""
    found = set()
    for line in built.warnings.replace(str(built.srcdir) + "/", "").splitlines():
        match = WARNING.search(line)
        if match:
            found.add((f"{match['file']}:{match['line']}", match["type"]))
    return found


def expected(buildername: str) -> set[tuple[str, str]]:
    found = set()
    if STRICT_READ:
        found.add(("latin1.rst:3", "tufte.source.encoding"))  # the first byte that is not UTF-8
    if buildername in {"latex", "texinfo"}:
        found.add(("selfref.md:5", "tufte.footnote.self_reference"))
    if buildername == "texinfo":
        found.add(("empty.md:5", "tufte.heading.empty"))
    if buildername == "man":
        found.add(("image.md:5", "tufte.footnote.image"))
    return found


@pytest.mark.parametrize("buildername", BUILDERS)
def test_upstream_crashes_become_finished_builds_with_one_located_warning(shared_build, buildername):
    built = shared_build(project(True), buildername=buildername)
    assert built.statuscode == 0
    assert located(built) == expected(buildername), built.warnings
    # Nothing else is said about these pages, but what Sphinx 8 says of each byte it
    # replaced in the latin-1 file (it reads on, and shows "Caf?").
    others = [line for line in built.warning_lines() if "[tufte" not in line and "undecodable source" not in line]
    assert not others, built.warnings


def test_latex_keeps_the_note_and_drops_only_its_reference_to_itself(shared_build):
    built = shared_build(project(True), buildername="latex")
    tex = built.text("up.tex")
    assert tex.count("A note that cites itself.") == 1
    assert "\\sphinxfootnotemark" not in tex.split("A note that cites itself.")[1].split("\n")[0]


def test_texinfo_names_the_empty_heading_and_keeps_the_text_after_it(shared_build):
    built = shared_build(project(True), buildername="texinfo")
    texi = built.text("up.texi")
    assert "Untitled section" in texi and "More text." in texi


def test_man_writes_the_image_of_a_note_as_its_file_name(shared_build):
    built = shared_build(project(True), buildername="man")
    page = built.text("1/up.1") if (built.outdir / "1").is_dir() else built.text("up.1")
    assert "image: dot.png" in page


def test_a_latin1_page_is_left_out_under_sphinx_9_and_read_with_replacements_under_8(shared_build):
    built = shared_build(project(True), buildername="html")
    if STRICT_READ:
        assert not (built.outdir / "latin1.html").exists()
        assert "latin1.rst:3: WARNING: this file is not valid UTF-8" in built.warnings
    else:
        assert "Caf?" in built.text("latin1.html")
    # The rest of the site is there either way.
    assert (built.outdir / "image.html").is_file()


# What Sphinx does without the extension: the reproducers, so that a Sphinx or docutils
# release that fixes one shows here (an xfail that passes is reported as XPASS).
CRASHES = [
    pytest.param("html", "UnicodeDecodeError", marks=[] if STRICT_READ else pytest.mark.skip(reason="Sphinx 8 reads on")),
    pytest.param("latex", "No footnote was found for given reference node"),
    pytest.param("texinfo", "AssertionError"),  # the empty heading, before the footnote's recursion
    pytest.param("man", "not enough values to unpack"),
]


@pytest.mark.parametrize(("buildername", "error"), CRASHES)
@pytest.mark.xfail(reason="Sphinx's and docutils' own crashes (issue 12): the extension steps in when listed", strict=True)
def test_without_the_extension_sphinx_itself_crashes(build, buildername, error):
    try:
        built = build(project(False), buildername=buildername)
    except Exception as crash:  # noqa: BLE001 - the crash is what is documented
        text = f"{type(crash).__name__}: {crash} {crash.__cause__!r}"
        assert error in text, text
        raise
    assert built.statuscode == 0


@pytest.mark.xfail(reason="MyST-Parser edits the MathJax configuration after Sphinx compared it", strict=True)
def test_without_the_extension_a_dollarmath_rebuild_writes_every_page_again(build):
    files = {
        "conf.py": 'project = "M"\nextensions = ["myst_parser"]\nmyst_enable_extensions = ["dollarmath"]\n',
        "index.md": "# Math\n\n$x^2$\n",
    }
    first = build(files)
    again = build(srcdir=first.srcdir, fresh=False)
    assert "configuration has changed" not in again.app._status.getvalue()
