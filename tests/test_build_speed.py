"""Build speed (issue 11, problem 10): work a clean build does for every document.

Timings belong to benchmarks/ (they vary with the machine); what is checked here is the
work itself, which does not: what every document pays, whether or not it is a post.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sphinx_tufte.posts import metadata


@pytest.fixture
def source_reads(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The sources that the front-matter reader opens again to find field lines."""
    reads: list[str | None] = []
    original = metadata._field_lines

    def counting(source: str | None) -> dict[str, int]:
        reads.append(source)
        return original(source)

    monkeypatch.setattr(metadata, "_field_lines", counting)
    return reads


def test_a_document_without_a_wrong_field_is_not_read_again(tmp_path: Path, source_reads: list[str | None]) -> None:
    page = tmp_path / "page.md"
    page.write_text("# A page\n\nText.\n", encoding="utf-8")
    post = tmp_path / "post.md"
    post.write_text("---\ndate: 2024-05-01\ntags: [a, b]\n---\n# A post\n", encoding="utf-8")

    assert metadata.parse_post("page", {}, "A page", source=str(page)) is None
    parsed = metadata.parse_post("post", {"date": "2024-05-01", "tags": "[a, b]"}, "A post", source=str(post), zone=dt.UTC)
    assert parsed is not None
    # Every document of the site passes through here: reading each source a second
    # time (all of it, for a page without front matter) was a cost of every page.
    assert source_reads == []


def test_a_wrong_field_is_still_located_at_its_line(tmp_path: Path, source_reads: list[str | None]) -> None:
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: x\ndate: not-a-date\n---\n# A post\n", encoding="utf-8")
    front = metadata.FrontMatter("post", {"date": "not-a-date"}, str(post))
    assert front.location("date") == ("post", 3)
    assert source_reads == [str(post)]

