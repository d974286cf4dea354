"""Front matter with an impossible date (``date: 2024-02-30``) must not stop the build.

PyYAML reads an unquoted ``2024-02-30`` as a timestamp and raises ValueError while
building it. myst-parser 4 does not catch that, so the whole build crashes; myst-parser
5 catches it but then drops the entire front matter with an unlocated warning. Read
such a value as the text it is instead: the post's parser then reports it at its own
line, like any other malformed date. Valid timestamps are built exactly as before.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def lenient_timestamp(loader: SafeConstructor, node: yaml.Node) -> Any:
    try:
        return SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


def install() -> None:
    # Only the safe loader, which is what myst-parser reads front matter with.
    if yaml.SafeLoader.yaml_constructors.get(TIMESTAMP_TAG) is not lenient_timestamp:
        yaml.SafeLoader.add_constructor(TIMESTAMP_TAG, lenient_timestamp)
