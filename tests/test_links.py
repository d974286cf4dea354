"""The link-list directive: a definition list of links, styled, in MyST and reST,
warning (with file and line) about content it cannot use."""

from __future__ import annotations

LIST = """
# Home

:::{link-list}
[Liger-Kernel](https://github.com/linkedin/Liger-Kernel)
: Triton kernels for *efficient* LLM training.

[About me](about.md)
: Who writes here.
:::
"""
ABOUT = "---\norphan: true\n---\n# About\n"


def test_myst_link_list_is_a_styled_definition_list(build) -> None:
    built = build({"index.md": LIST, "about.md": ABOUT})
    assert built.warning_lines() == []
    soup = built.soup()
    dl = soup.select_one("article dl.link-list")
    assert dl is not None
    terms = dl.select(":scope > dt")
    assert [dt.a["href"] for dt in terms] == ["https://github.com/linkedin/Liger-Kernel", "about.html"]
    descriptions = dl.select(":scope > dd")
    assert descriptions[0].em.get_text() == "efficient"
    assert descriptions[1].get_text(strip=True) == "Who writes here."
    stylesheets = [link["href"].split("?")[0] for link in soup.select("link[rel=stylesheet]")]
    # Under the theme the directives' rules come in its tufte.css.
    assert "_static/tufte.css" in stylesheets
    assert "dl.link-list" in (built.outdir / "_static" / "tufte.css").read_text()


def test_rest_link_list_and_options(build) -> None:
    built = build(
        {
            "conf.py": 'project = "T"\nhtml_theme = "tufte"\nextensions = ["sphinx_tufte"]\n',
            "index.rst": """
                Home
                ====

                .. link-list::
                   :class: reads
                   :name: my-reads

                   `Tufte CSS <https://edwardtufte.github.io/tufte-css/>`_
                      The stylesheet.

                See :ref:`the reads <my-reads>`.
            """,
        }
    )
    assert built.warning_lines() == []
    soup = built.soup()
    dl = soup.select_one("dl.link-list.reads")
    assert dl is not None and dl.get("id") == "my-reads"
    assert soup.select_one("a[href='#my-reads']") is not None


def test_content_that_is_not_a_definition_list_warns_and_is_kept(build) -> None:
    built = build(
        {
            "conf.py": 'project = "T"\nhtml_theme = "tufte"\nextensions = ["myst_parser", "sphinx_tufte"]\n'
            'myst_enable_extensions = ["colon_fence"]\n',
            "index.md": "# Home\n\ntext\n\n:::{link-list}\n[A](https://a.example)\n: about A\n:::\n",
        }
    )
    lines = built.warning_lines()
    assert len(lines) == 1
    assert "index.md:5:" in lines[0]
    assert "link-list expects one definition list" in lines[0]
    assert "enable the 'deflist' extension" in lines[0]
    assert lines[0].endswith("[tufte.link_list]")
    assert "about A" in built.soup().select_one("article").get_text()


def test_a_term_without_a_link_warns_at_its_line(build) -> None:
    built = build({"index.md": "# Home\n\n:::{link-list}\n[A](https://a.example)\n: fine\n\nPlain words\n: no link\n:::\n"})
    lines = built.warning_lines()
    assert len(lines) == 1
    assert "index.md:7:" in lines[0]
    assert "'Plain words' has no link" in lines[0]
    assert "[tufte.link_list]" in lines[0]
    assert "Plain words" in built.soup().select_one("dl.link-list").get_text()


def test_under_another_theme_the_stylesheet_still_comes_along(build) -> None:
    built = build(
        {"index.md": LIST, "about.md": ABOUT},
        confoverrides={"html_theme": "alabaster", "extensions": ["myst_parser", "sphinx_tufte"]},
    )
    soup = built.soup()
    assert soup.select_one("dl.link-list") is not None
    assert any("tufte-directives.css" in link["href"] for link in soup.select("link[rel=stylesheet]"))
    assert "dl.link-list" in (built.outdir / "_static" / "tufte-directives.css").read_text()
