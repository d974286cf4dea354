"""The scaffold command: ``sphinx-tufte new DIR`` / ``python -m sphinx_tufte new DIR``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sphinx_tufte.cli import main

SITE_FILES = {"conf.py", "index.md", "about.md", "posts/first-post.md", "README.md", ".gitignore"}


def written(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def sphinx_build(srcdir: Path, outdir: Path, buildername: str = "html") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", buildername, str(srcdir), str(outdir)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_new_writes_a_site_with_the_myst_defaults(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "my-research-notes"
    assert main(["new", str(site)]) == 0
    assert written(site) == SITE_FILES
    assert "sphinx-autobuild . _build/html" in capsys.readouterr().out

    namespace: dict[str, object] = {}
    exec((site / "conf.py").read_text(encoding="utf-8"), namespace)
    assert namespace["extensions"] == ["myst_parser", "sphinx_tufte"]
    assert set(namespace["myst_enable_extensions"]) >= {"dollarmath", "colon_fence", "deflist"}
    assert namespace["myst_heading_anchors"] >= 2
    assert namespace["html_theme"] == "tufte"
    assert namespace["project"] == "My Research Notes"
    assert "README.md" in namespace["exclude_patterns"]
    readme = (site / "README.md").read_text(encoding="utf-8")
    assert "sphinx-build -W -b html . _build/html" in readme
    assert "sphinx-autobuild . _build/html" in readme
    assert "{postlist}" in (site / "index.md").read_text(encoding="utf-8")
    assert "date:" in (site / "posts/first-post.md").read_text(encoding="utf-8")


def test_an_empty_existing_folder_is_used(tmp_path: Path) -> None:
    assert main(["new", str(tmp_path), "--title", "Here"]) == 0
    assert written(tmp_path) == SITE_FILES


@pytest.mark.parametrize("existing", ["notes.txt", ".git/HEAD"])
def test_new_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], existing: str
) -> None:
    site = tmp_path / "site"
    (site / existing).parent.mkdir(parents=True)
    (site / existing).write_text("mine", encoding="utf-8")
    assert main(["new", str(site)]) == 2
    error = capsys.readouterr().err
    assert f"{site} is not empty" in error
    assert "nothing of yours is overwritten" in error
    assert written(site) == {existing}
    assert (site / existing).read_text(encoding="utf-8") == "mine"


def test_new_refuses_a_path_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "site"
    target.write_text("a file", encoding="utf-8")
    assert main(["new", str(target)]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "a file"


def test_python_dash_m_runs_the_command_and_refuses_with_status_2(tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = subprocess.run([sys.executable, "-m", "sphinx_tufte", "new", str(site)], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert written(site) == SITE_FILES
    again = subprocess.run([sys.executable, "-m", "sphinx_tufte", "new", str(site)], capture_output=True, text=True)
    assert again.returncode == 2
    assert "is not empty" in again.stderr


def test_the_console_script_is_installed() -> None:
    scripts = {ep.name: ep.value for ep in entry_points(group="console_scripts")}
    assert scripts.get("sphinx-tufte") == "sphinx_tufte.cli:main"
    script = Path(sys.executable).with_name("sphinx-tufte")
    executable = str(script) if script.exists() else shutil.which("sphinx-tufte")
    assert executable, "the sphinx-tufte script is not on PATH"
    result = subprocess.run([executable, "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "new" in result.stdout


def test_the_generated_site_builds_under_W(tmp_path: Path) -> None:
    site = tmp_path / "site"
    title = "Ada <Notes> & *more*"
    assert main(["new", str(site), "--title", title, "--author", "Ada [the] <b>Author</b>"]) == 0
    result = sphinx_build(site, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""

    out = tmp_path / "html"
    home = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "lxml")
    # The title, a user-written string, arrives escaped, not as markup.
    assert home.h1.get_text(strip=True).removesuffix("\N{PILCROW SIGN}") == title
    assert "<Notes>" not in (out / "index.html").read_text(encoding="utf-8")
    assert title in home.title.get_text()
    about = BeautifulSoup((out / "about.html").read_text(encoding="utf-8"), "lxml")
    assert "Ada [the] <b>Author</b>" in about.select_one("article p").get_text()
    assert not about.select("article b")
    # The post listing links the first post.
    listed = [a["href"] for a in home.select("article a[href]")]
    assert any(href.endswith("posts/first-post.html") for href in listed)
    links = home.select("dl.link-list > dt a[href]")
    assert links and links[0]["href"].startswith("https://")
    post = BeautifulSoup((out / "posts/first-post.html").read_text(encoding="utf-8"), "lxml")
    assert post.h1.get_text(strip=True).startswith("A first post")
    # Footnotes became notes in the margin (no footnote list left at the end).
    assert not post.select("aside.footnote-list, div.footnote-list")
    assert "On a phone" in post.select_one(".sidenote").get_text()
    assert "Margin notes suit asides" in post.select_one(".marginnote").get_text()
    # The build wrote nothing into the source folder (live preview depends on that).
    assert written(site) == SITE_FILES


def test_a_title_cannot_break_out_of_its_line(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert main(["new", str(site), "--title", "Two\nlines\n# heading", "--author", "A\nB"]) == 0
    namespace: dict[str, object] = {}
    exec((site / "conf.py").read_text(encoding="utf-8"), namespace)
    assert namespace["project"] == "Two lines # heading"
    assert (site / "index.md").read_text(encoding="utf-8").splitlines()[0] == r"# Two lines \# heading"
