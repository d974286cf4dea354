"""The navigation's theme options, checked (``theme.toml`` holds their defaults).

Like :mod:`sphinx_tufte.theme.options`: :func:`clean` returns values the templates can
use as they are, and the problems it found, which the theme reports once per build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from sphinx_tufte._site import is_usable_url
from sphinx_tufte.navigation.tree import AUTO, MODES


@dataclass(frozen=True)
class NavigationOptions:
    navigation: str = AUTO
    logo_dark: str = ""
    repository_url: str = ""
    repository_branch: str = "main"
    source_directory: str = ""
    problems: tuple[tuple[str, str], ...] = field(default=(), compare=False)


def _string(raw: dict[str, Any], name: str, default: str, problems: list[tuple[str, str]]) -> str:
    value = raw.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str):
        problems.append((name, f"'{name}' must be a string, not {type(value).__name__}; ignored"))
        return default
    return value.strip()


def clean(raw: dict[str, Any]) -> NavigationOptions:
    problems: list[tuple[str, str]] = []
    navigation = raw.get("navigation", AUTO)
    if navigation not in MODES:
        choices = ", ".join(repr(mode) for mode in MODES)
        problems.append(("navigation", f"'navigation' must be one of {choices}, not {navigation!r}; using 'auto'"))
        navigation = AUTO
    logo_dark = _string(raw, "logo_dark", "", problems)
    repository_url = _string(raw, "repository_url", "", problems)
    if repository_url and not is_usable_url(repository_url):
        problems.append(("repository_url", f"'repository_url' must be an http(s) URL such as 'https://github.com/me/project', not {repository_url!r}; no edit link"))
        repository_url = ""
    branch = _string(raw, "repository_branch", "main", problems) or "main"
    directory = _string(raw, "source_directory", "", problems).strip("/")
    return NavigationOptions(
        navigation=navigation,
        logo_dark=logo_dark,
        repository_url=repository_url.rstrip("/"),
        repository_branch=branch,
        source_directory=directory,
        problems=tuple(problems),
    )


def edit_url(options: NavigationOptions, source: str) -> str:
    """The repository host's editor for ``source`` (a path below the source folder):
    GitLab's ``/-/edit/``, Bitbucket's ``?mode=edit``, and GitHub's ``/edit/``, which
    Gitea, Forgejo and Codeberg also answer."""
    if not options.repository_url:
        return ""
    path = "/".join(part for part in (options.source_directory, source) if part)
    branch, path = quote(options.repository_branch, safe=""), quote(path)
    host = urlsplit(options.repository_url).netloc.lower()
    if "gitlab" in host:
        return f"{options.repository_url}/-/edit/{branch}/{path}"
    if "bitbucket" in host:
        return f"{options.repository_url}/src/{branch}/{path}?mode=edit"
    return f"{options.repository_url}/edit/{branch}/{path}"
