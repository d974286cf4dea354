"""Posts keep each rule in one place: front matter read without patching PyYAML, one
reading of flags and of authors, one post-list renderer, settings read once, dates in
the project's language (issue 11, problems 6 and 8)."""

from __future__ import annotations

import json
import locale

import pytest
import yaml

from sphinx_tufte.posts import metadata

POST = "---\ndate: {date}\n{extra}---\n# {title}\n\nText.\n"


def post(date: str = "2024-05-01", title: str = "A post", **fields: str) -> str:
    extra = "".join(f"{name}: {value}\n" for name, value in fields.items())
    return POST.format(date=date, extra=extra, title=title)


def json_ld(built, page: str) -> dict:
    (tag,) = built.soup(page).select('head script[type="application/ld+json"]')
    return json.loads(tag.string)


# ---- 6. front matter without a process-wide YAML patch -------------------------------


def test_a_build_leaves_yaml_safe_load_as_it_was(build):
    built = build({
        "index.md": "# Home\n\n```{toctree}\nbad\ngood\n```\n",
        "bad.md": "---\ntitle: x\ndate: 2024-02-30\ntags: [a, 2024-02-31]\n---\n# Bad day\n",
        "good.md": post("2024-02-29"),
    })
    with pytest.raises(ValueError):
        yaml.safe_load("d: 2024-02-30")
    assert yaml.SafeLoader.yaml_constructors["tag:yaml.org,2002:timestamp"] is (
        yaml.constructor.SafeConstructor.construct_yaml_timestamp
    )
    # The impossible date is still read as text and reported at its own line.
    lines = built.warning_lines()
    assert any(
        line.startswith(f"{built.srcdir}/bad.md:3: WARNING: post date '2024-02-30'") and "[tufte.post.date]" in line
        for line in lines
    ), lines
    assert not [line for line in lines if "Malformed YAML" in line or "myst.topmatter" in line], lines
    assert (built.outdir / "bad.html").is_file()
    # Every other front-matter value reached the page as before, and a valid date is a date.
    assert built.app.env.metadata["bad"]["tags"] == '["a", "2024-02-31"]'
    assert built.app.env.tufte_posts["good"].date_iso == "2024-02-29"


def test_impossible_dates_are_quoted_only_inside_the_front_matter_block():
    from sphinx_tufte.posts.yaml_dates import quote_impossible_dates

    text = "---\ndate: 2024-02-30\nok: 2024-02-29\nlist: [2023-02-29, x]\n---\n# T\n\ndate: 2024-02-30\n"
    assert quote_impossible_dates(text) == (
        '---\ndate: "2024-02-30"\nok: 2024-02-29\nlist: ["2023-02-29", x]\n---\n# T\n\ndate: 2024-02-30\n'
    )
    for unchanged in ("# No front matter\n\ndate: 2024-02-30\n", "---\n[unclosed\n---\n", "---\ndate: '2024-02-30'\n---\n"):
        assert quote_impossible_dates(unchanged) == unchanged


# ---- 8. one reading of a flag ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("Yes", True), (" on ", True), ("1", True), ("False", False), ("no", False), ("off", False),
     ("0", False), ("", None), ("maybe", ...)],
)
def test_one_flag_parser(raw, expected):
    if expected is ...:
        with pytest.raises(ValueError):
            metadata.parse_flag(raw)
    else:
        assert metadata.parse_flag(raw) is expected


def test_an_empty_cite_field_is_the_default_like_an_empty_draft_field(build):
    built = build({
        "index.md": "# Home\n\n```{toctree}\nposts/a\n```\n",
        "posts/a.md": post(cite='""', draft='""', author="Ann Other"),
    })
    assert built.soup("posts/a.html").select_one("section.tufte-cite") is not None
    assert not [line for line in built.warning_lines() if "[tufte.cite" in line or "[tufte.post" in line], built.warning_lines()


def test_wrongly_typed_config_flags_read_as_their_defaults(build):
    built = build({
        "conf.py": 'project = "T"\nhtml_theme = "tufte"\nextensions = ["myst_parser", "sphinx_tufte"]\ntufte_show_drafts = "no"\n',
        "index.md": "# Home\n\n```{postlist}\n```\n\n```{toctree}\nlive\ndraft\n```\n",
        "live.md": post(title="Live"),
        "draft.md": post(title="Hidden", draft="true"),
    })
    listed = [a.get_text() for a in built.soup("index.html").select("a.postlist-title")]
    assert listed == ["Live"]


# ---- 8. one reading of authors -------------------------------------------------------


def test_author_as_a_list_is_the_same_names_everywhere(build):
    built = build({
        "conf.py": 'project = "T"\nauthor = "Site Owner"\nhtml_theme = "tufte"\nextensions = ["myst_parser", "sphinx_tufte"]\n',
        "index.md": "# Home\n\n```{toctree}\nposts/a\nposts/b\n```\n",
        "posts/a.md": post(author="[Ada Lovelace, Charles Babbage]"),
        "posts/b.md": post(author="Ann Roe and Bob Poe"),
    })
    assert not [line for line in built.warning_lines() if "[tufte.post" in line], built.warning_lines()
    posts = built.app.env.tufte_posts
    assert posts["posts/a"].authors == ("Ada Lovelace", "Charles Babbage")
    assert posts["posts/b"].authors == ("Ann Roe", "Bob Poe")
    assert json_ld(built, "posts/a.html")["author"] == [
        {"@type": "Person", "name": "Ada Lovelace"},
        {"@type": "Person", "name": "Charles Babbage"},
    ]
    citation = [tag["content"] for tag in built.soup("posts/a.html").select('meta[name="citation_author"]')]
    assert citation == ["Ada Lovelace", "Charles Babbage"]


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        (["[Ada Lovelace", "Charles Babbage]"], ("Ada Lovelace", "Charles Babbage")),  # docutils split the JSON text
        (["[\u201cAda\u201d", "\u201cBob\u201d]"], ("Ada", "Bob")),  # ... and curled its quotes
        (["Jane Roe", "John Poe"], ("Jane Roe", "John Poe")),  # ``authors: Jane Roe, John Poe``
        ('["Ada", "Bob"]', ("Ada", "Bob")),
        ("Ann {Braces} O'Neil and Bob_Smith", ("Ann {Braces} O'Neil", "Bob_Smith")),
        ("Ada Lovelace, Charles Babbage", ("Ada Lovelace, Charles Babbage",)),
        ("", ()),
        (None, ()),
    ],
)
def test_one_author_parser(raw, names):
    assert metadata.author_names(raw) == names


# ---- 8. the configured zone, checked once ----------------------------------------------


def test_an_unknown_zone_warns_once_at_conf_py(build):
    built = build({
        "conf.py": 'project = "T"\nhtml_theme = "tufte"\nextensions = ["myst_parser", "sphinx_tufte"]\ntufte_timezone = "Mars/Olympus"\n',
        "index.md": "# Home\n\n```{toctree}\na\nb\nc\n```\n",
        "a.md": post(), "b.md": post(), "c.md": post(),
    })
    lines = [line for line in built.warning_lines() if "Mars/Olympus" in line]
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{built.srcdir}/conf.py:4: WARNING:"), lines


# ---- 8. one post-list renderer -----------------------------------------------------------


def test_tag_and_archive_pages_write_the_directive_s_markup(build):
    built = build({
        "index.md": "# Home\n\n```{toctree}\n:glob:\n\nposts/*\nlists/*\n```\n",
        "posts/a.md": post("2024-01-01", "First <b>one</b>", tags="[x]", blurb="A & B"),
        "posts/b.md": post("2024-03-01", "Second", tags="[x]"),
        "posts/c.md": post("2023-06-01", "Older", tags="[y]", blurb="Old."),
        "lists/x.md": "# X\n\n```{postlist}\n:tags: x\n```\n",
        "all.md": "# All\n\n```{postlist}\n```\n",
    })

    def listing(page: str, index: int = 0) -> str:
        return str(built.soup(page).select("ul.postlist")[index])

    assert listing("tags/x.html") == listing("lists/x.html")
    # The archive's years split the same list: 2024's part is the first two entries.
    archive = built.soup("archive.html").select("ul.postlist")
    every = built.soup("all.html").select_one("ul.postlist")
    assert [str(li) for ul in archive for li in ul.select("li")] == [str(li) for li in every.select("li")]
    assert archive[0]["class"] == every["class"]



@pytest.mark.parametrize("compact", [True, False])
def test_a_generated_page_s_list_written_entry_by_entry_is_the_directive_s_markup(build, compact):
    # listing_html writes one entry at a time (a long list built whole cost the garbage
    # collector a full walk of the heap): the bytes are those the directive's list of
    # nodes has in a page, html_compact_lists included.
    from sphinx_tufte.posts import postlist
    from sphinx_tufte.posts.collector import published_posts

    built = build(
        {
            "index.md": "# Home\n\n```{toctree}\n:glob:\n\nposts/*\nall\n```\n",
            "posts/a.md": post("2024-01-01", "First <b>one</b> $x^2$", tags="[x]", blurb="A & B <script>"),
            "posts/b.md": post("2024-03-01", "Second *emphasis*", tags="[x]"),
            "posts/c.md": post("2023-06-01", "Older", tags="[y]", blurb="Old."),
            "all.md": "# All\n\n```{postlist}\n```\n",
        },
        confoverrides={"html_compact_lists": compact},
    )
    page = built.text("all.html")
    start = page.index('<ul class="postlist')
    in_page = page[start : page.index("</ul>", start) + len("</ul>")]
    assert ("postlist simple" in in_page) is compact
    written = postlist.listing_html(built.app, "all", published_posts(built.app.env))
    assert str(written).strip() == in_page
    assert str(postlist.listing_html(built.app, "archive", [])).strip() == '<p class="postlist postlist-empty">No posts yet.</p>'


# ---- 8. dates in the project's language, not the machine's ----------------------------


def test_month_names_follow_language_not_the_process_locale(build, monkeypatch):
    for name in ("C.UTF-8", "en_US.UTF-8", "C"):
        try:
            locale.setlocale(locale.LC_TIME, name)
            break
        except locale.Error:
            continue
    try:
        built = build(
            {
                "index.md": "# Home\n\n```{postlist}\n```\n\n```{toctree}\nposts/a\n```\n",
                "posts/a.md": post("2025-06-30", "Sommer", tags="[x]"),
            },
            confoverrides={"language": "de"},
        )
    finally:
        locale.setlocale(locale.LC_TIME, "")
    texts = [
        built.soup("index.html").select_one("time.postlist-date").get_text(),
        built.soup("archive.html").select_one("time.postlist-date").get_text(),
        built.soup("tags/x.html").select_one("time.postlist-date").get_text(),
        built.soup("posts/a.html").select_one("p.post-meta time").get_text(),
    ]
    assert texts == ["30. Juni 2025"] * 4, texts


def test_english_dates_are_unchanged():
    import datetime as dt

    day = dt.datetime(2024, 1, 5, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-8)))
    assert metadata.human_date(day, "en") == "January 5, 2024"
    assert metadata.human_date(day, "en", "%d %b %Y") == "05 Jan 2024"
    # Other languages get their own long date, from Babel (issue 14: dates for language).
    assert metadata.human_date(day, "de") == "5. Januar 2024"


def test_serialising_builders_leave_the_list_function_out_of_their_context(build):
    built = build(
        {"index.md": "# Home\n\n```{postlist}\n```\n\n```{toctree}\nposts/a\n```\n", "posts/a.md": post(tags="[x]")},
        buildername="json",
    )
    page = json.loads(built.text("index.fjson"))
    assert "tufte_postlist" not in page and "postlist-title" in page["body"]
