"""newthought, epigraph and the subtitle, from MyST and reST, in HTML and elsewhere."""

from __future__ import annotations

import pytest

from test_notes import RST_CONF, page_warnings

MD = """
---
subtitle: The subtitle under the title
---
# Typography

{newthought}`In his later books` Tufte opens a section with small capitals.

```{epigraph}
The commonality between science and art is in trying to see profoundly.

-- Edward Tufte
```
"""

RST = """
:subtitle: The subtitle under the title

Typography
==========

:newthought:`In his later books` Tufte opens a section with small capitals.

.. epigraph::

   The commonality between science and art is in trying to see profoundly.

   -- Edward Tufte
"""


@pytest.mark.parametrize("source", ["md", "rst"])
def test_newthought_epigraph_and_subtitle_markup(build, source):
    files = {"index.md": MD} if source == "md" else {"index.rst": RST, "conf.py": RST_CONF}
    built = build(files)
    assert page_warnings(built) == []
    soup = built.soup()
    newthought = soup.select_one("span.newthought")
    assert newthought.get_text() == "In his later books"
    assert newthought.find_parent("p").get_text().endswith("small capitals.")
    epigraph = soup.select_one("blockquote.epigraph, div.epigraph")
    assert "see profoundly" in epigraph.get_text()
    assert epigraph.select_one(".attribution").get_text(strip=True).endswith("Edward Tufte")
    subtitle = soup.select_one("h1 + p.subtitle")
    assert subtitle.get_text() == "The subtitle under the title"
    assert soup.select_one("link[href*='tufte.css']") is not None  # with the directives' rules
    assert ".newthought" in (built.outdir / "_static/tufte.css").read_text()


def test_typography_in_the_browser(build, open_page):
    built = build({"index.md": MD})
    opened = open_page(built.outdir, "index.html", width=1400)
    page = opened.page
    assert page.evaluate("getComputedStyle(document.querySelector('.newthought')).fontVariantCaps") == "small-caps"
    style = page.evaluate(
        "(() => { const e = document.querySelector('.epigraph'); const a = e.querySelector('.attribution');"
        " return {italic: getComputedStyle(e).fontStyle, border: getComputedStyle(e).borderLeftWidth,"
        " align: getComputedStyle(a).textAlign}; })()"
    )
    assert style == {"italic": "italic", "border": "0px", "align": "right"}
