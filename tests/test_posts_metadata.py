"""Parsing one post's front matter: dates, zones, tags, drafts, typos, and arbitrary
values that must never raise."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_tufte.posts import metadata
from sphinx_tufte.posts.metadata import parse_datetime, parse_post, tag_slug

UTC = dt.UTC


@pytest.fixture
def warnings(monkeypatch):
    """Warnings as (message, subtype, location) instead of through Sphinx's logger."""
    seen: list[tuple[str, str, tuple[str, int]]] = []

    def warn(self, name, message, subtype="post"):
        seen.append((message, subtype, self.location(name)))

    monkeypatch.setattr(metadata.FrontMatter, "warn", warn)
    return seen


@pytest.mark.parametrize(
    ("text", "expected", "has_time"),
    [
        ("2024-02-29", dt.datetime(2024, 2, 29, tzinfo=UTC), False),
        ("2024-02-29T10:30:00+02:00", dt.datetime(2024, 2, 29, 8, 30, tzinfo=UTC), True),
        ("2024-02-29 10:30", dt.datetime(2024, 2, 29, 10, 30, tzinfo=UTC), True),
        ("2024-02-29T10:30:00Z", dt.datetime(2024, 2, 29, 10, 30, tzinfo=UTC), True),
        ("2024-02-29 10:30:00.250000+00:00", dt.datetime(2024, 2, 29, 10, 30, 0, 250000, tzinfo=UTC), True),
    ],
)
def test_iso_dates_and_datetimes(text, expected, has_time):
    value, timed = parse_datetime(text, UTC)
    assert value == expected and value.tzinfo is not None
    assert timed is has_time


@pytest.mark.parametrize("text", ["2024-13-45", "2023-02-29", "29/02/2024", "yesterday", "2024", "", "2024-02-29T25:00"])
def test_bad_dates_raise_value_error(text):
    with pytest.raises(ValueError):
        parse_datetime(text, UTC)


def test_fields_and_their_warnings(warnings):
    post = parse_post(
        "posts/x",
        {"date": "2024-01-02", "tags": '["a", "b", "A", 3]', "draft": "yes", "blurb": "one\n two", "tgas": "x"},
        "  A   title ",
        source=None,
    )
    assert post is not None
    assert post.tags == ("a", "b", "3")  # "A" is "a" again
    assert post.draft is True
    assert post.blurb == "one two"
    assert post.title == "A title"
    assert [(subtype, message) for message, subtype, _ in warnings] == [
        ("post.unknown_field", "unknown front-matter field 'tgas'; did you mean 'tags'?")
    ]


def test_comma_string_tags_and_wrong_types(warnings):
    assert parse_post("p", {"date": "2024-01-02", "tags": "x, y ,, z"}, "T", source=None).tags == ("x", "y", "z")
    post = parse_post("p", {"date": "2024-01-02", "tags": '[["nested"], "ok"]'}, "T", source=None)
    assert post.tags == ("ok",)
    assert warnings[-1][1] == "post.tags"


def test_not_a_post_without_a_valid_date(warnings):
    assert parse_post("p", {"title": "x"}, "T", source=None) is None
    assert warnings == []
    assert parse_post("p", {"date": "soon"}, "T", source=None) is None
    assert warnings[-1][1] == "post.date"
    assert parse_post("p", {"draft": "true"}, "T", source=None) is None
    assert "no 'date'" in warnings[-1][0]


def test_field_lines_come_from_the_source(tmp_path, warnings):
    source = tmp_path / "post.md"
    source.write_text("---\ntitle: x\n\ndate: 2024-99-01\nupdated: never\n---\n# T\n", encoding="utf-8")
    parse_post("post", {"title": "x", "date": "2024-99-01", "updated": "never"}, "T", source=str(source))
    assert [location for _, _, location in warnings] == [("post", 4)]
    parse_post("post", {"date": "2024-01-01", "updated": "never"}, "T", source=str(source))
    assert warnings[-1][2] == ("post", 5)


def test_tag_slugs_keep_distinct_tags_apart():
    slugs = [tag_slug(tag) for tag in ("C++", "C#", "C", "a&b", "Machine Learning", "数学", "<b>")]
    # Letters of other scripts stay in the slug (issue 12), signs only still get one.
    assert slugs == ["c-plus-plus", "c-sharp", "c", "a-and-b", "machine-learning", "数学", "b"]
    assert tag_slug("🐍") == "tag-1f40d"
    assert len(set(slugs)) == len(slugs)


values = st.one_of(
    st.text(max_size=40),
    st.lists(st.text(max_size=10), max_size=4).map(lambda items: str(items).replace("'", '"')),
    st.sampled_from(["[", "{", '{"a": [1, {"b": null}]}', "[1, 2", "null", "true", "2024-02-30", "0000-00-00T00:00"]),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from([*metadata.POST_FIELDS, "tgas", "titel", "other"]), values, max_size=8), st.text(max_size=30))
def test_arbitrary_front_matter_never_raises(fields, title):
    found: list[str] = []
    original = metadata.FrontMatter.warn
    metadata.FrontMatter.warn = lambda self, name, message, subtype="post": found.append(subtype)
    try:
        post = parse_post("doc", fields, title, source=None)
    finally:
        metadata.FrontMatter.warn = original
    if post is not None:
        assert post.date.tzinfo is not None
        assert all(isinstance(tag, str) and tag for tag in post.tags)
        assert "\n" not in post.blurb
