"""The package's own documentation builds with the theme, warning-free (-W)."""

from sphinx.cmd.build import build_main

from conftest import ROOT


def test_docs_build_under_W(tmp_path, capsys):
    status = build_main(["-W", "--keep-going", "-q", "-b", "html", str(ROOT / "docs"), str(tmp_path / "html")])
    assert status == 0, capsys.readouterr().err
    assert (tmp_path / "html/index.html").is_file()
