"""Smart quotes for front-matter text that is shown as prose (a blurb, a subtitle).

Sphinx curls the quotes of the body and the headings with its ``SphinxSmartQuotes``
transform; front matter never passes through it, so a listing would show a curled
title beside a straight-quoted blurb. :func:`educate` applies the same docutils
function with the same switches: ``smartquotes``, ``smartquotes_action``,
``smartquotes_excludes`` (languages and the builder that reads) and the quotes of the
project's ``language``. It runs when the post is read, as Sphinx's transform does, so
the text is curled once and every listing, feed and meta tag shows the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils.utils import normalize_language_tag
from docutils.utils.smartquotes import educate_tokens, smartchars

from sphinx_tufte import _settings

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


def _language(env: BuildEnvironment) -> str | None:
    """The language whose quotes Sphinx would use, or None when it would curl none."""
    config = env.config
    if not config.smartquotes:
        return None
    excludes = config.smartquotes_excludes or {}
    if _settings.get(env).builder_name in excludes.get("builders", ()):
        return None
    if config.language in excludes.get("languages", ()):
        return None
    language = env.settings.get("language_code") or config.language or "en"
    if not any(tag in smartchars.quotes for tag in normalize_language_tag(language)):
        return None
    return language


def educate(env: BuildEnvironment, text: str) -> str:
    """``text`` with the quotes, dashes and ellipses Sphinx would give it in the body."""
    if not text:
        return text
    language = _language(env)
    if language is None:
        return text
    # One plain token: the text is not HTML, so nothing in it is skipped as a tag.
    # Backslashes are doubled because the function reads ``\"`` as "keep this quote
    # straight" and drops the backslash; front matter has no such escapes.
    plain = text.replace("\\", "\\\\")
    return "".join(educate_tokens([("plain", plain)], config_action(env), language))


def config_action(env: BuildEnvironment) -> str:
    action = env.config.smartquotes_action
    return action if isinstance(action, str) else "qDe"
