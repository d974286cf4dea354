"""The numbers sidenotes show (issue 14): a footnote numbered by its author keeps the
number the text may refer to, the other notes take the numbers in between in reading
order, and a note inside a note is numbered where it is read, not after the page."""

from __future__ import annotations

RST_CONF = """
project = "Numbers"
html_theme = "tufte"
extensions = ["sphinx_tufte"]
"""


def numbers(soup) -> list[str]:
    return [b.get_text() for b in soup.select("article button.sidenote-number")]


def note_text(soup, number: str) -> str:
    button = next(b for b in soup.select("article button.sidenote-number") if b.get_text() == number)
    note = button.find_next(class_="sidenote")
    return note.get_text(" ", strip=True)


EXPLICIT_RST = """
Explicit labels
===============

First [3]_, then an auto-numbered one [#]_, and :sidenote:`a role note`.
As note 3 says, the labels stay.

Later [7]_ and [#named]_.

.. [3] Three, as written.
.. [#] The first auto-numbered one.
.. [7] Seven, as written.
.. [#named] A named auto-numbered one.
"""


def test_explicit_rest_labels_keep_their_numbers(shared_build):
    built = shared_build({"conf.py": RST_CONF, "index.rst": EXPLICIT_RST})
    soup = built.soup()
    # 3 and 7 are the author's; the others count on from 1, stepping over both.
    assert numbers(soup) == ["3", "1", "2", "7", "4"]
    assert note_text(soup, "3").endswith("Three, as written.")
    assert note_text(soup, "7").endswith("Seven, as written.")
    assert note_text(soup, "4").endswith("A named auto-numbered one.")


def test_myst_numeric_labels_keep_their_numbers(shared_build):
    built = shared_build({"index.md": "# T\n\nOne[^3] and two[^x].\n\n[^3]: Three.\n[^x]: Ex.\n"})
    soup = built.soup()
    assert numbers(soup) == ["3", "1"]
    assert note_text(soup, "3").endswith("Three.")


NESTED_MD = """
# Nested

One[^a] and two[^b], three[^c].

Four[^d] five[^e] six[^f] seven[^g] eight[^h].

[^a]: A.
[^b]: B.
[^c]: C, pointing to a note nothing else references[^inner].
[^d]: D.
[^e]: E.
[^f]: F.
[^g]: G.
[^h]: H.
[^inner]: Inner.
"""


def test_a_note_inside_a_note_is_numbered_in_reading_order(shared_build):
    soup = shared_build({"index.md": NESTED_MD}).soup()
    # The inner note is read right after C's, so it is 4 and D is 5 (it was 9, after H).
    assert numbers(soup) == [str(n) for n in range(1, 10)]
    assert note_text(soup, "4").endswith("Inner.")
    assert note_text(soup, "5").endswith("D.")
    again = soup.select("article a.sidenote-again")
    assert not again


def test_a_second_reference_shows_the_kept_number(shared_build):
    rst = "T\n=\n\nA [5]_ and again [5]_.\n\n.. [5] Five.\n"
    soup = shared_build({"conf.py": RST_CONF, "index.rst": rst}).soup()
    assert numbers(soup) == ["5"]
    assert [a.get_text() for a in soup.select("article a.sidenote-again")] == ["5"]


NOTE_IN_FOOTNOTES_RST = """
Ids
===

Text [#a]_ then :sidenote:`a plain note`.

.. [#a] A footnote with :sidenote:`a note inside it`.
.. [#u] Never referenced, with :sidenote:`a note inside an unreferenced footnote`.
"""


def test_a_footnote_made_a_note_takes_its_body_without_using_up_an_id(shared_build):
    # The footnote's body moves into its note: no copy is left behind to be given an id
    # of its own and dropped (sn-5 was written where sn-4 was free).
    built = shared_build({"conf.py": RST_CONF, "index.rst": NOTE_IN_FOOTNOTES_RST})
    soup = built.soup()
    ids = [note["id"] for note in soup.select("article .sidenote")]
    assert ids == ["sn-1", "sn-2", "sn-3", "sn-4"]
    assert numbers(soup) == ["1", "2", "3", "4"]
    assert note_text(soup, "4").endswith("a note inside an unreferenced footnote")
    # The footnote itself is gone from the page: only the unreferenced one stays.
    assert [f.get_text(" ", strip=True) for f in soup.select("article aside.footnote p")] == [
        "Never referenced, with 4 4 a note inside an unreferenced footnote ."
    ]
