"""What ``pip install sphinx-tufte`` gives a user: a wheel with every theme file, and a
reST project with ``html_theme = "tufte"`` building with it (the theme alone warns that
the extension is not listed, which fails a ``-W`` build)."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, write_project

THEME = "sphinx_tufte/themes/tufte"
EXPECTED = [
    f"{THEME}/theme.toml",
    f"{THEME}/layout.html",
    f"{THEME}/search.html",
    f"{THEME}/static/tufte.css",
    f"{THEME}/static/tufte-docs.css",
    f"{THEME}/static/tufte-nav.css",
    f"{THEME}/static/tufte.js",
    f"{THEME}/static/fonts/LICENSE-ET-Book.txt",
    *(f"{THEME}/static/fonts/et-book-{face}{subset}.woff2" for face in ("roman", "italic", "bold") for subset in ("", "-basic", "-latin")),
    f"{THEME}/static/fonts/tufte-pagella-math-base.woff2",
    "sphinx_tufte/math/vendor/temml.min.js",
]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
    )
    [built] = out.glob("sphinx_tufte-*.whl")
    return built


def test_wheel_carries_theme_files_and_licences(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        assert "[sphinx.html_themes]\ntufte = sphinx_tufte.theme\n" in archive.read(entry_points).decode()
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    missing = [name for name in EXPECTED if name not in names]
    assert missing == []
    assert any(n.endswith("licenses/LICENSE") for n in names)
    for licence in (
        "themes/tufte/static/fonts/LICENSE-ET-Book.txt",
        "themes/tufte/static/fonts/LICENSE-Pagella-Math.txt",
        "themes/tufte/static/fonts/GUST-FONT-LICENSE.txt",
        "themes/tufte/static/fonts/LICENSE-Roundhand.txt",
        "math/vendor/LICENSE-temml.txt",
    ):
        # Third-party fonts and scripts ship with their licences.
        assert any(n.endswith(f"licenses/sphinx_tufte/{licence}") for n in names), licence
    # Every stylesheet the extension adds ships too.
    assert any(n.startswith("sphinx_tufte/static/") and n.endswith(".css") for n in names)
    for requirement in ("Requires-Dist: sphinx<10,>=8.2", "Requires-Dist: myst-parser"):
        assert requirement in metadata
    assert not any("tests/" in n or n.startswith("docs/") for n in names)


def test_installed_wheel_themes_a_plain_rest_project(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # A PYTHONPATH pointing at the checkout (as when scripts test the working tree)
    # would be imported before the wheel: the new environment does without it.
    clean_env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    # The new environment borrows this one's Sphinx and MyST through a .pth file (no
    # network needed); its own site-packages, holding sphinx-tufte installed from the
    # wheel, comes first on its path. Commands run from the temporary folder so that
    # the checkout itself is not on sys.path.
    own_site = Path(subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True, capture_output=True, text=True, env=clean_env,
    ).stdout.strip())
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True, env=clean_env)
    # Borrowed only after the install, or pip would find the borrowed copy installed.
    (own_site / "borrowed.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    where = subprocess.run(
        [python, "-c", "import sphinx_tufte; print(sphinx_tufte.__file__)"],
        check=True, capture_output=True, text=True, cwd=tmp_path, env=clean_env,
    ).stdout.strip()
    assert where.startswith(str(env_dir)), where

    project = tmp_path / "project"
    write_project(project, {
        "conf.py": 'project = "Plain"\nhtml_theme = "tufte"\n',
        "index.rst": "Plain\n=====\n\nSome text.\n",
    })
    command = [python, "-m", "sphinx", "-W", "-q", "-b", "html", str(project), str(project / "_build")]
    alone = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, env=clean_env)
    assert alone.returncode != 0
    assert "the tufte theme is used without the sphinx_tufte extension" in alone.stderr
    assert "[tufte.extension]" in alone.stderr and "configuration has changed" not in alone.stdout
    write_project(project, {"conf.py": 'project = "Plain"\nextensions = ["sphinx_tufte"]\nhtml_theme = "tufte"\n'})
    result = subprocess.run(
        [python, "-m", "sphinx", "-W", "-q", "-b", "html", str(project), str(project / "_build")],
        capture_output=True, text=True, cwd=tmp_path, env=clean_env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    html = (project / "_build/index.html").read_text(encoding="utf-8")
    assert "_static/tufte.css" in html
    assert (project / "_build/_static/fonts/et-book-roman-latin.woff2").is_file()
