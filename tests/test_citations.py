"""Citations from sphinxcontrib-bibtex shown in the margin: the full reference beside
the citing sentence, the bibliography still at the end, the narrow-screen toggle."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

pytest.importorskip("sphinxcontrib.bibtex")

CONF = """
project = "Cited"
html_theme = "tufte"
extensions = ["myst_parser", "sphinx_tufte", "sphinxcontrib.bibtex"]
bibtex_bibfiles = ["refs.bib"]
bibtex_reference_style = "author_year"
tufte_margin_citations = True
"""

BIB = r"""
@book{tufte2001,
  author = {Edward R. Tufte},
  title = {The Visual Display of Quantitative Information},
  publisher = {Graphics Press},
  year = {2001},
  edition = {2nd},
}
@article{knuth1984,
  author = {Donald E. Knuth},
  title = {Literate Programming},
  journal = {The Computer Journal},
  volume = {27},
  number = {2},
  pages = {97--111},
  year = {1984},
  url = {https://example.org/lp?a=1&b=2},
}
@misc{escape2020,
  author = {Ada <Script> Lovelace},
  title = {Tags like <b>this</b> stay text},
  year = {2020},
}
"""

INDEX = """
# Cited

Small multiples answer most questions {cite:p}`tufte2001`.

Programs are literature, as {cite:t}`knuth1984` argued.[^aside]

Both say so {cite:p}`tufte2001,knuth1984`; one more {cite:p}`escape2020`.

[^aside]: An ordinary footnote, still a sidenote.

## References

```{bibliography}
```
"""


def files(conf: str = CONF) -> dict[str, str]:
    return {"conf.py": conf, "refs.bib": BIB, "index.md": INDEX}


@pytest.fixture(scope="module")
def cited(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from io import StringIO
    from pathlib import Path

    from conftest import Built, write_project
    from sphinx.testing.util import SphinxTestApp

    srcdir = tmp_path_factory.mktemp("cited")
    write_project(srcdir, files())
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO(), freshenv=True)
    app.build(force_all=True)
    # Cleaned up at once: a live app's node registrations would leak into later builds.
    app.cleanup()
    return Built(app=app, srcdir=srcdir, outdir=Path(app.outdir))


def text_of(node: Any) -> str:
    # pybtex joins a name's parts with no-break spaces.
    return node.get_text(" ", strip=True).replace("\xa0", " ")


def test_each_citation_has_its_reference_in_the_margin(cited: Any) -> None:
    assert cited.warning_lines() == []
    soup = cited.soup()
    paragraphs = soup.select("article p")
    notes = soup.select("span.marginnote.margin-citation")
    assert len(notes) == 4
    first, second, both, escaped = notes
    # Beside the citing sentence: inside its paragraph, right after the citation.
    assert first.find_parent("p") is paragraphs[0]
    assert first.find_previous_sibling("button")["aria-controls"] == first["id"]
    assert "bibtex-citation" in first.find_previous_sibling("span")["class"]
    assert text_of(first).startswith("Edward R. Tufte. The Visual Display of Quantitative Information")
    assert first.select_one("em").get_text() == "The Visual Display of Quantitative Information"
    assert second.find_parent("p") is paragraphs[1]
    assert "Literate programming" in second.get_text()
    link = second.select_one("a.reference.external")
    assert link["href"] == "https://example.org/lp?a=1&b=2"
    # A citation of two works: both references, in the citation's order.
    entries = both.select(".tufte-p")
    assert [text_of(e).split(".")[0] for e in entries] == ["Donald E", "Edward R"]
    # The reference is text, never markup.
    assert escaped.select("b, script") == []
    assert "Tags like <b>this</b> stay text" in escaped.get_text()
    assert "&lt;b&gt;this&lt;/b&gt;" in cited.text("index.html")


def test_the_choice_is_the_builds_settings_not_the_environments(cited: Any) -> None:
    from sphinx_tufte import _settings

    assert _settings.get(cited.app.env).margin_citations is True
    assert "_tufte_margin_citations" not in vars(cited.app.env)


def test_bibliography_stays_at_the_end(cited: Any) -> None:
    soup = cited.soup()
    references = soup.select_one("section#references")
    assert references is not None
    # Items of the citation list (under the theme, not docutils' deprecated doc-biblioentry).
    entries = references.select('div.citation-list > div.citation[role="listitem"]')
    assert len(entries) == 3
    assert references.select(".marginnote") == []
    # Citations still link to their entries.
    targets = {a["href"].lstrip("#") for a in soup.select(".bibtex-citation a")}
    assert targets == {entry["id"] for entry in entries}


def test_footnotes_stay_sidenotes(cited: Any) -> None:
    soup = cited.soup()
    assert len(soup.select("span.sidenote")) == 1
    assert text_of(soup.select_one("span.sidenote")).endswith("An ordinary footnote, still a sidenote.")


def test_off_by_default(build: Callable[..., Any]) -> None:
    plain = build(files(CONF.replace("tufte_margin_citations = True", "")))
    assert plain.warning_lines() == []
    soup = plain.soup()
    assert soup.select(".margin-citation") == []
    assert len(soup.select(".bibtex-citation")) == 4


def test_without_the_bibtex_extension_a_located_warning(build: Callable[..., Any]) -> None:
    conf = '\nproject = "x"\nhtml_theme = "tufte"\nextensions = ["myst_parser", "sphinx_tufte"]\ntufte_margin_citations = True\n'
    built = build({"conf.py": conf, "index.md": "# Hi\n\nText.\n"})
    lines = [line for line in built.warning_lines() if "tufte.config" in line]
    assert len(lines) == 1
    assert "conf.py:4: WARNING: tufte_margin_citations needs the sphinxcontrib.bibtex extension" in lines[0]


@pytest.mark.browser
def test_beside_the_sentence_wide_and_behind_the_toggle_narrow(cited: Any, open_page: Callable[..., Any]) -> None:
    wide = open_page(cited.outdir, "index.html", width=1400).page
    note = wide.locator("span.margin-citation").first
    citation = wide.locator(".bibtex-citation").first
    note_box, cite_box = note.bounding_box(), citation.bounding_box()
    text_box = wide.locator("article p").first.bounding_box()
    assert note_box["x"] >= text_box["x"] + text_box["width"], "the reference sits in the margin"
    assert abs(note_box["y"] - cite_box["y"]) < 30, "beside the citing line"

    narrow = open_page(cited.outdir, "index.html", width=375)
    page = narrow.page
    toggle = page.locator("button.marginnote-toggle").first
    note = page.locator("#" + toggle.get_attribute("aria-controls"))
    assert toggle.get_attribute("aria-expanded") == "false" and not note.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and note.is_visible()
    assert "Edward\xa0R. Tufte" in note.inner_text()
    assert narrow.console_errors == [] and narrow.foreign_requests == []


@pytest.mark.vnu
def test_valid_html(cited: Any, vnu: Callable[..., Any]) -> None:
    assert vnu([cited.outdir / "index.html"]) == []


@pytest.mark.browser
def test_no_accessibility_violations(cited: Any, open_page: Callable[..., Any], axe: Callable[..., Any]) -> None:
    from conftest import describe_violations

    for width in (1400, 375):
        page = open_page(cited.outdir, "index.html", width=width).page
        # docutils marks bibliography entries up with the deprecated doc-biblioentry
        # role (not ours, and the same without this feature): only the rest must be clean.
        ids = set(page.evaluate("[...document.querySelectorAll('.citation-list, .citation-list *')].map(e => e.id).filter(Boolean)"))
        violations = []
        for violation in axe(page):
            nodes = [n for n in violation["nodes"] if not any(t.lstrip("#") in ids or t == ".citation-list" for t in n["target"])]
            if nodes:
                violations.append({**violation, "nodes": nodes})
        assert violations == [], describe_violations(violations)
