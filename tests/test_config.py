"""Configuration values: registered once, checked once, each mistake one located warning."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sphinx_tufte import _config, _settings

CONF = """\
project = "Config"
extensions = ["myst_parser", "sphinx_tufte"]
html_theme = "tufte"
html_baseurl = "https://example.org/"
tufte_feed_title = 7
tufte_author = 5
tufte_feed_rss = "no"
tufte_cite_posts = "off"
tufte_show_drafts = "yes"
tufte_feed_length = True
suppress_warnings = ["tufte.baseurl_placeholder"]
"""

POST = "---\ndate: 2024-01-02\nauthor: Ann Other\n---\n# A post\n\nText.\n"


def test_each_wrongly_typed_value_is_one_located_warning_and_its_default(build: Callable[..., Any]) -> None:
    built = build({"conf.py": CONF, "index.md": "# Home\n", "post.md": POST, "draft.md": "---\ndate: 2024-01-03\ndraft: true\n---\n# Draft\n"})
    lines = built.warning_lines()
    expected = {
        "tufte_feed_title": (5, "tufte_feed_title must be None or a string, not 7; using None"),
        "tufte_author": (6, "tufte_author must be a string, not 5; using ''"),
        "tufte_feed_rss": (7, "tufte_feed_rss must be True or False, not 'no'; using True"),
        "tufte_cite_posts": (8, "tufte_cite_posts must be True or False, not 'off'; using True"),
        "tufte_show_drafts": (9, "tufte_show_drafts must be True or False, not 'yes'; using False"),
        "tufte_feed_length": (10, "tufte_feed_length must be a whole number, not True; using 20"),
    }
    for name, (line, message) in expected.items():
        mentioning = [warning for warning in lines if name in warning]
        assert len(mentioning) == 1, (name, lines)
        assert f"conf.py:{line}: WARNING: {message} [tufte.config]" in mentioning[0]
    # Sphinx's own unlocated type check stays quiet about these values.
    assert "has type" not in built.warnings
    settings = _settings.get(built.app.env)
    assert (settings.feed_title, settings.author, settings.feed_rss, settings.show_drafts) == ("Config", "", True, False)
    # The build finished: the page, the feed (RSS too, the default) and no draft in it.
    assert "A post" in built.text("feed.xml")
    assert "Draft" not in built.text("feed.xml")
    assert (built.outdir / "rss.xml").is_file()


def test_command_line_overrides_are_converted(build: Callable[..., Any]) -> None:
    # -D tufte_sidenotes=0 arrives as the string "0", -D tufte_image_quality=50 as "50".
    built = build(
        {"index.md": "# Home\n\nText[^a].\n\n[^a]: A note.\n"},
        confoverrides={"tufte_sidenotes": "0", "tufte_image_quality": "50", "tufte_feed_rss": "0"},
    )
    settings = _settings.get(built.app.env)
    assert (settings.sidenotes, settings.image_quality, settings.feed_rss) == (False, 50, False)
    assert "WARNING" not in built.warnings
    assert built.soup().select("aside.sidenote, span.sidenote") == []


def test_values_are_registered_once_and_twice_is_harmless(build: Callable[..., Any]) -> None:
    built = build({"index.md": "# Home\n"})
    config = built.app.config
    for option in _config.CONFIG_VALUES:
        assert option.name in config
    _config.setup(built.app)  # registering again (theme and extension both loaded) is harmless


@pytest.mark.parametrize(
    ("setting", "line", "message"),
    [
        ("tufte_image_quality = 500", 3, "tufte_image_quality must be a whole number from 1 to 100, not 500; using 80 [tufte.config]"),
        ("tufte_timezone = 'Mars/Olympus'", 3, "tufte_timezone 'Mars/Olympus' is not a known IANA time zone; using UTC [tufte.post.timezone]"),
        ("tufte_feed_length = -1", 3, "tufte_feed_length must be a whole number >= 0 (0 means every post), not -1; using 20 [tufte.feed]"),
    ],
)
def test_a_value_of_the_right_type_but_unusable_is_warned_once_at_its_line(
    build: Callable[..., Any], setting: str, line: int, message: str
) -> None:
    conf = f'project = "C"\nextensions = ["myst_parser", "sphinx_tufte"]\n{setting}\nhtml_theme = "tufte"\n'
    posts = {f"post{i}.md": POST for i in range(3)}
    built = build({"conf.py": conf, "index.md": "# Home\n", **posts})
    mentioning = [warning for warning in built.warning_lines() if setting.split(" =")[0] in warning]
    assert len(mentioning) == 1, built.warnings
    assert f"conf.py:{line}: WARNING: {message}" in mentioning[0]
