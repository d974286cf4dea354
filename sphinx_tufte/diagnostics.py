"""Where a warning about configuration points.

Sphinx locates warnings by document or by node. A bad value in ``conf.py`` has neither,
so this finds the line of ``conf.py`` that mentions it and wraps that in a bare node,
giving the usual ``path:line: WARNING: ...`` form that editors and CI logs link to.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def config_location(app: Sphinx, *names: str) -> nodes.Element:
    """A node placed at the first line of conf.py that names any of ``names``."""
    location = nodes.Element()
    conf_py = Path(app.confdir, "conf.py")
    location.source = str(conf_py)
    location.line = None
    try:
        lines = conf_py.read_text(encoding="utf-8").splitlines()
    except OSError:
        return location
    for name in names:
        pattern = re.compile(rf"""(?<![\w])['"]?{re.escape(name)}['"]?\s*[:=,\]]""")
        for number, line in enumerate(lines, start=1):
            if pattern.search(line):
                location.line = number
                return location
    return location
