"""The scaffold command: ``sphinx-tufte new DIR`` / ``python -m sphinx_tufte new DIR``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sphinx_tufte.cli import main, serve_command, slugify

SITE_FILES = {
    "conf.py",
    "index.md",
    "about.md",
    "posts/first-post.md",
    "README.md",
    ".gitignore",
    "requirements.txt",
    ".github/workflows/pages.yml",
}
BUILD = "sphinx-build -W -b html -d _build/doctrees . _build/html"


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
    out = capsys.readouterr().out
    assert "sphinx-tufte serve" in out and BUILD in out

    namespace: dict[str, object] = {}
    exec((site / "conf.py").read_text(encoding="utf-8"), namespace)
    assert namespace["extensions"] == ["myst_parser", "sphinx_tufte"]
    assert set(namespace["myst_enable_extensions"]) >= {"dollarmath", "colon_fence", "deflist"}
    assert namespace["myst_heading_anchors"] >= 2
    assert namespace["html_theme"] == "tufte"
    assert namespace["project"] == "My Research Notes"
    assert "README.md" in namespace["exclude_patterns"]
    readme = (site / "README.md").read_text(encoding="utf-8")
    # The doctrees are built beside the site, not inside the folder that is published.
    assert BUILD in readme
    assert "sphinx-tufte serve" in readme
    assert "sphinx-build -W -b html . _build/html" not in readme
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
    assert main(["new", str(site), "--title", title, "--author", "Ada [the] <b>Author</b>", "--url", "https://ada.github.io/"]) == 0
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


def conf_namespace(site: Path) -> dict[str, object]:
    namespace: dict[str, object] = {}
    exec((site / "conf.py").read_text(encoding="utf-8"), namespace)
    return namespace


def test_url_fills_html_baseurl_and_without_it_conf_py_says_where_it_goes(tmp_path: Path) -> None:
    assert main(["new", str(tmp_path / "given"), "--url", "https://ada.github.io/notes"]) == 0
    assert conf_namespace(tmp_path / "given")["html_baseurl"] == "https://ada.github.io/notes/"

    site = tmp_path / "left-out"
    assert main(["new", str(site)]) == 0
    assert "html_baseurl" not in conf_namespace(site)
    conf = (site / "conf.py").read_text(encoding="utf-8")
    assert "example.com" not in conf
    # The comment names the setting and an address of the right shape.
    commented = [line for line in conf.splitlines() if line.startswith("# html_baseurl = ")]
    assert commented == ['# html_baseurl = "https://your-name.github.io/"']
    assert "First set `html_baseurl` in `conf.py`" in (site / "README.md").read_text(encoding="utf-8")


def test_without_url_the_build_names_the_missing_setting_at_its_comment(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert main(["new", str(site)]) == 0
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(tmp_path / "doctrees"), str(site), str(tmp_path / "html")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    line = (site / "conf.py").read_text(encoding="utf-8").splitlines().index('# html_baseurl = "https://your-name.github.io/"') + 1
    assert len(warnings) == 1, result.stderr
    assert f"conf.py:{line}: WARNING: html_baseurl is not set" in warnings[0]
    assert "canonical" not in (tmp_path / "html" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("url", ["https://example.com/", "http://localhost:8000/", "/blog/", "ada.github.io"])
def test_new_refuses_a_placeholder_or_unusable_url(tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str) -> None:
    site = tmp_path / "site"
    assert main(["new", str(site), "--url", url]) == 2
    assert "--url" in capsys.readouterr().err
    assert not site.exists()


def test_the_workflow_publishes_only_the_site_and_caches_the_images(tmp_path: Path) -> None:
    import yaml

    assert main(["new", str(tmp_path / "site"), "--url", "https://ada.github.io/"]) == 0
    workflow = yaml.safe_load((tmp_path / "site/.github/workflows/pages.yml").read_text(encoding="utf-8"))
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses", "").partition("@")[0] for step in build["steps"]]
    assert uses[:2] == ["actions/checkout", "actions/setup-python"]
    assert {"actions/cache", "actions/upload-pages-artifact"} <= set(uses)
    runs = [step["run"] for step in build["steps"] if "run" in step]
    assert runs[0] == "pip install -r requirements.txt"
    assert runs[-1] == "sphinx-build -W --keep-going -b html -d _build/doctrees . _build/html"
    cache = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == "~/.cache/sphinx-tufte"
    upload = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "_build/html"
    # The uploaded folder is not where the doctrees go.
    assert not "_build/doctrees".startswith(upload["with"]["path"] + "/")
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert [step["uses"].partition("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert "${{ steps.deployment.outputs.page_url }}" == deploy["environment"]["url"]
    assert (tmp_path / "site/.gitignore").read_text(encoding="utf-8").splitlines()[0] == "_build/"
    assert "sphinx-tufte" in (tmp_path / "site/requirements.txt").read_text(encoding="utf-8")


# --- sphinx-tufte post -------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "site"
    assert main(["new", str(folder), "--url", "https://ada.github.io/"]) == 0
    monkeypatch.chdir(folder)
    return folder


def front_matter(path: Path) -> dict[str, object]:
    import yaml

    text = path.read_text(encoding="utf-8")
    head, _, _ = text.removeprefix("---\n").partition("\n---\n")
    return yaml.safe_load(head)


def test_post_writes_a_dated_post_and_prints_its_path(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import datetime as dt

    assert main(["post", "Notes on *Attention*: part 2"]) == 0
    printed = capsys.readouterr().out.strip()
    today = dt.date.today().isoformat()
    assert printed == f"posts/{today}-notes-on-attention-part-2.md"
    path = site / printed
    assert front_matter(path) == {"date": dt.date.today(), "tags": [], "blurb": ""}
    body = path.read_text(encoding="utf-8").partition("\n---\n")[2]
    assert body.lstrip().splitlines()[0] == r"# Notes on \*Attention\*: part 2"


def test_post_date_draft_and_tags(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import datetime as dt

    assert main(["post", "Later", "--date", "2024-05-01T09:30", "--draft", "--tag", "ml: notes", "--tag", "python"]) == 0
    path = site / capsys.readouterr().out.strip()
    assert path.name == "2024-05-01-later.md"
    assert front_matter(path) == {
        "date": dt.datetime(2024, 5, 1, 9, 30),
        "tags": ["ml: notes", "python"],
        "blurb": "",
        "draft": True,
    }


def test_post_refuses_to_overwrite(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["post", "Twice", "--date", "2024-05-01"]) == 0
    path = site / "posts/2024-05-01-twice.md"
    path.write_text("mine", encoding="utf-8")
    capsys.readouterr()
    assert main(["post", "Twice", "--date", "2024-05-01"]) == 2
    assert "exists; nothing was written" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [(["post", "A", "--date", "May 1st"], "--date must be an ISO 8601 date"), (["post", "   "], "needs a title")],
)
def test_post_refuses_bad_input(site: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str) -> None:
    assert main(arguments) == 2
    assert message in capsys.readouterr().err
    assert sorted(path.name for path in (site / "posts").iterdir()) == ["first-post.md"]


def test_post_outside_a_site_says_where_to_run_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["post", "Lost"]) == 2
    assert "has no conf.py" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Hello, World!", "hello-world"),
        ("Über café: naïve résumé", "uber-cafe-naive-resume"),
        ("Ångström & Œuvre ﬁnal", "angstrom-œuvre-final"),
        ("Привет мир", "привет-мир"),
        ("日本語のタイトル", "日本語のタイトル"),
        ("snake_case and   spaces", "snake-case-and-spaces"),
        ("!!!", "post"),
        ("word " * 30, "-".join(["word"] * 12)),
        ("x" * 80, "x" * 60),
    ],
)
def test_slugs_are_lower_case_words_and_unicode_safe(title: str, slug: str) -> None:
    assert slugify(title) == slug


# --- sphinx-tufte serve ------------------------------------------------------------


def ignores(command: list[str]) -> list[str]:
    return [command[index + 1] for index, word in enumerate(command) if word == "--ignore"]


def test_serve_runs_sphinx_autobuild_with_the_right_folders_and_ignores(site: Path) -> None:
    command = serve_command(Path("."), ["--port", "0", "-j", "auto"])
    root = str(site.resolve())
    assert command[:7] == [
        sys.executable, "-m", "sphinx_autobuild", root, f"{root}/_build/html", "-d", f"{root}/_build/doctrees",
    ]
    assert command[-4:] == ["--port", "0", "-j", "auto"]
    patterns = ignores(command)
    assert {f"{root}/_build", f"{root}/.git"} <= set(patterns)
    # Every pattern is absolute: sphinx-autobuild resolves them against its own folder.
    assert all(pattern.startswith("/") for pattern in patterns)

    from fnmatch import fnmatch

    def ignored(relative: str) -> bool:
        path = f"{root}/{relative}"
        return any(path.startswith(pattern + "/") or fnmatch(path, pattern) for pattern in patterns)

    for editor_file in ["posts/.a-post.md.swp", ".index.md.swx", "posts/4913", "posts/.#a-post.md", "#about.md#", "about.md~"]:
        assert ignored(editor_file), editor_file
    for source in ["index.md", "posts/a-post.md", "conf.py", "_static/custom.css"]:
        assert not ignored(source), source


def test_serve_shows_drafts_unless_told_otherwise(site: Path) -> None:
    command = serve_command(site)
    assert command[command.index("-D") + 1] == "tufte_drafts=show"
    own = serve_command(site, ["-D", "tufte_drafts=hide"])
    assert [word for word in own if word.startswith("tufte_drafts=")] == ["tufte_drafts=hide"]


def test_serve_ignores_an_image_cache_inside_the_site(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = site.resolve()
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / ".cache"))
    monkeypatch.setenv("SPHINX_TUFTE_IMAGE_CACHE", str(root / "image-cache"))
    patterns = ignores(serve_command(site))
    assert f"{root}/.cache/sphinx-tufte" in patterns
    assert f"{root}/image-cache" in patterns
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("SPHINX_TUFTE_IMAGE_CACHE")
    assert str(Path.home() / ".cache" / "sphinx-tufte") in ignores(serve_command(site))


def test_serve_passes_its_arguments_on(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[list[str]] = []
    monkeypatch.setattr(subprocess, "run", lambda command, check: ran.append(command) or subprocess.CompletedProcess(command, 0))
    assert main(["serve", "--port", "0", "--open-browser"]) == 0
    assert ran and ran[0][-3:] == ["--port", "0", "--open-browser"]


def test_serve_without_sphinx_autobuild_says_how_to_install_it(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "sphinx_autobuild" else real(name, *a))
    assert main(["serve"]) == 3
    assert "pip install sphinx-autobuild" in capsys.readouterr().err


def test_other_commands_refuse_unknown_options(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["post", "A title", "--port", "0"])
    assert exited.value.code == 2
    assert "unrecognized arguments: --port 0" in capsys.readouterr().err


def test_serve_builds_and_serves_the_site(site: Path) -> None:
    import signal
    import socket
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "sphinx_tufte", "serve", "--port", str(port)],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        page = None
        while page is None and time.monotonic() < deadline:
            assert server.poll() is None, "sphinx-tufte serve exited"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/posts/first-post.html", timeout=5) as response:
                    page = response.read().decode("utf-8")
            except OSError:
                time.sleep(0.5)
        assert page is not None and "A first post" in page
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
    # Built where the README builds: the doctrees beside the site, not inside it.
    assert (site / "_build/html/index.html").is_file()
    assert (site / "_build/doctrees").is_dir()
    assert not (site / "_build/html/.doctrees").exists()
