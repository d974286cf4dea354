"""Hostile input for notes and for the config values every builder reads (issue 12,
items 4, 5, 9 and 14): each build finishes, each bad input is one located warning, and
a page's note ids cost the same per note however many notes it has."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from docutils import nodes

from sphinx_tufte import _settings
from sphinx_tufte.notes import footnotes as notes_footnotes
from test_builders import MYST_CONF as builders_conf
from test_builders import OUTPUTS as BUILDER_OUTPUTS
from test_config import CONF as CONFIG_CONF

BUILDERS = ["html", "dirhtml", "singlehtml", "epub", "latex", "text", "man", "texinfo"]
# The project test_builders builds with every builder, and where each writes its page.
CONF = builders_conf
OUTPUTS = {name: output for name, output in BUILDER_OUTPUTS.items() if name in BUILDERS}


# ---- 5: an empty margin note ------------------------------------------------------------

EMPTY_MARGIN_NOTE = """\
# Empty notes

A word[^a] and another[^b] and a third[^c].

[^a]: {-}

[^b]:    {-}

[^c]: A note that is kept.

[^d]: {-}
"""


@pytest.mark.parametrize("buildername", BUILDERS)
def test_an_empty_margin_note_is_a_located_warning_in_every_builder(
    build: Callable[..., Any], buildername: str
) -> None:
    built = build({"conf.py": CONF, "index.md": EMPTY_MARGIN_NOTE}, buildername=buildername)
    empty = [line for line in built.warning_lines() if "[tufte.empty_note]" in line]
    # Two referenced and one that nothing references: each warned once, at its line.
    assert sorted(line.split("WARNING")[0].rsplit("/", 1)[-1] for line in empty) == [
        "index.md:11: ", "index.md:5: ", "index.md:7: "
    ], built.warnings
    assert "A note that is kept" in built.text(OUTPUTS[buildername])
    assert built.statuscode == 0


# ---- 9: a literal {-} is not the marker -----------------------------------------------------

LITERAL_MARKER = """\
# The syntax

Write it so[^a], or so[^b]; a real one[^c].

[^a]: `{-}` at the start of a footnote makes it a margin note.

[^b]: ``{-}`` and nothing else, in code.

[^c]: {-} A margin note.
"""


@pytest.mark.parametrize("buildername", BUILDERS)
def test_a_marker_inside_inline_code_is_kept_and_makes_no_margin_note(
    build: Callable[..., Any], buildername: str
) -> None:
    built = build({"conf.py": CONF, "index.md": LITERAL_MARKER}, buildername=buildername)
    assert "tufte.empty_note" not in built.warnings
    output = built.text(OUTPUTS[buildername])
    assert "at the start of a footnote makes it a margin note" in output
    assert "and nothing else, in code" in output
    assert "A margin note" in output
    if buildername in {"html", "dirhtml", "singlehtml"}:
        soup = built.soup()
        sidenotes = soup.select(".sidenote")
        margin = soup.select(".marginnote")
        assert ["{-}" in note.get_text() for note in sidenotes] == [True, True], sidenotes
        assert [note.get_text(" ", strip=True) for note in margin] == ["A margin note."]
        assert all(code.get_text() == "{-}" for code in soup.select(".sidenote code"))
    elif buildername == "latex":
        assert output.count(r"\marginpar{") == 1
        assert output.count(r"\sphinxupquote{\{\sphinxhyphen{}\}}") == 2


def test_the_marker_counts_only_as_a_text_directly_in_the_first_paragraph() -> None:
    from sphinx_tufte.notes.nodes import strip_margin_marker

    code = nodes.paragraph("", "", nodes.literal("{-}", "{-}"), nodes.Text(" text"))
    assert strip_margin_marker([code]) is False
    assert code.astext() == "{-} text"
    emphasis = nodes.paragraph("", "", nodes.emphasis("{-}", "{-}"), nodes.Text(" text"))
    assert strip_margin_marker([emphasis]) is False
    plain = nodes.paragraph("", "", nodes.Text("  {-} a margin note"))
    assert strip_margin_marker([plain]) is True
    assert plain.astext() == "a margin note"
    # A block first (a list, a literal block): no marker to look for inside it.
    block = nodes.literal_block("{-} code", "{-} code")
    assert strip_margin_marker([block]) is False
    assert block.astext() == "{-} code"


# ---- 4: config values of the wrong type, in every builder ----------------------------------

# test_config's conf.py (each wrongly typed value at its line), and the other builders' documents.
WRONG_TYPES = CONFIG_CONF + "\n".join(line for line in builders_conf.splitlines() if line.startswith(("latex_", "man_", "texinfo_")))


@pytest.mark.parametrize("buildername", ["html", "dirhtml", "latex", "text", "man", "texinfo"])
def test_wrongly_typed_config_values_are_warned_and_not_taken_as_true(
    build: Callable[..., Any], buildername: str
) -> None:
    index = "# Home\n\n```{postlist}\n```\n\n```{toctree}\npost\n```\n"
    files = {
        "conf.py": WRONG_TYPES,
        "index.md": index,
        "post.md": "---\ndate: 2024-01-02\nauthor: Ada\n---\n# A post\n\nText.\n",
        "draft.md": "---\ndate: 2024-01-03\ndraft: true\n---\n# Hidden draft\n",
    }
    built = build(files, buildername=buildername)
    assert built.statuscode == 0
    config_warnings = [line for line in built.warning_lines() if "[tufte.config]" in line]
    for name, line in (("tufte_feed_title", 5), ("tufte_author", 6), ("tufte_feed_rss", 7),
                       ("tufte_cite_posts", 8), ("tufte_show_drafts", 9)):
        mentioning = [warning for warning in config_warnings if name in warning]
        assert len(mentioning) == 1 and f"conf.py:{line}:" in mentioning[0], (name, built.warnings)
    settings = _settings.get(built.app.env)
    assert (settings.feed_title, settings.author) == ("Config", "")
    assert (settings.feed_rss, settings.cite_posts, settings.show_drafts) == (True, True, False)
    text = built.text(OUTPUTS[buildername])
    assert "A post" in text
    assert "Hidden draft" not in text
    if buildername in {"html", "dirhtml"}:
        assert "Hidden draft" not in built.text("feed.xml")
        assert (built.outdir / "rss.xml").is_file()


# ---- 14: ids for N notes in linear time -------------------------------------------------------


class _CountingSet(set[str]):
    lookups = 0

    def __contains__(self, item: object) -> bool:
        _CountingSet.lookups += 1
        return super().__contains__(item)


def test_fresh_ids_cost_the_same_per_note_however_many_notes_a_page_has() -> None:
    def lookups(count: int) -> int:
        _CountingSet.lookups = 0
        ids = notes_footnotes._Ids(_CountingSet({"sn-3", "mn-1"}))
        made = [ids.new("sn") for _ in range(count)]
        assert len(set(made)) == count and "sn-3" not in made
        return _CountingSet.lookups

    # Twice the notes, twice the look-ups (a rescan from sn-1 each time would be four times).
    small, large = lookups(500), lookups(1000)
    assert large <= 2 * small + 4, (small, large)


def test_a_page_of_many_notes_numbers_them_all_with_distinct_ids(build: Callable[..., Any]) -> None:
    count = 300
    refs = " ".join(f"w[^n{i}]" for i in range(count))
    notes = "\n\n".join(f"[^n{i}]: {'{-} ' if i % 3 == 0 else ''}Note {i}." for i in range(count))
    # The author's own ids in the way of the notes': fresh ones go round them.
    anchors = "(sn-2)=\n## Taken\n\n(mn-1)=\n## Also taken\n"
    built = build({"index.md": f"# Many\n\n{refs}\n\n{anchors}\n{notes}\n"})
    soup = built.soup()
    sidenotes = soup.select("span.sidenote, div.sidenote")
    margin = soup.select("span.marginnote, div.marginnote")
    assert (len(sidenotes), len(margin)) == (200, 100)
    numbers = [button.get_text() for button in soup.select("button.sidenote-number")]
    assert numbers == [str(n) for n in range(1, 201)]
    ids = [element["id"] for element in soup.select("[id]")]
    assert len(ids) == len(set(ids))
    assert {"sn-1", "sn-3", "sn-201", "mn-2", "mn-101"} <= set(ids)


def test_a_paragraph_of_many_references_is_not_rescanned_for_each(monkeypatch: pytest.MonkeyPatch) -> None:
    count = 400
    paragraph = nodes.paragraph()
    document = nodes.section("", paragraph)
    for i in range(count):
        paragraph += nodes.Text(f"word {i} ")
        paragraph += nodes.footnote_reference("", str(i + 1), ids=[f"ref{i}"], refid=f"fn{i}")
        text = ("{-} " if i % 4 == 0 else "") + f"Note {i}."
        document += nodes.footnote("", nodes.label("", str(i + 1)), nodes.paragraph("", text), ids=[f"fn{i}"])
    scans = 0
    index = nodes.Element.index

    def counting_index(self: nodes.Element, *args: Any) -> int:
        nonlocal scans
        scans += self is paragraph
        return index(self, *args)

    monkeypatch.setattr(nodes.Element, "index", counting_index)
    assert notes_footnotes.footnotes_to_notes(document) == count
    assert scans == 0, scans  # one scan of the paragraph per note would be 400
    assert not list(document.findall(nodes.footnote))
    notes_footnotes.restore_footnotes(document)
    assert scans == 0, scans
    assert [ref.astext() for ref in document.findall(nodes.footnote_reference)] == [str(n) for n in range(1, count + 1)]
    assert len(list(document.findall(nodes.footnote))) == count
