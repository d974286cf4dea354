"""Temml, the LaTeX to MathML Core converter, run inside the Python process.

Temml is JavaScript; QuickJS (the ``quickjs`` package, a 6 MB wheel with no system
library) runs it without Node. The vendored ``temml.min.js`` is evaluated once per
process, when the first equation needs it, and the context is reused for every equation
after: loading costs about 30 ms, an equation about 1 to 5 ms. A QuickJS context is not
safe to share between threads, so calls take a lock; Sphinx's parallel builds use
processes, each of which makes its own context.
"""

from __future__ import annotations

import functools
import json
import threading
from pathlib import Path
from typing import Any

VENDOR = Path(__file__).parent / "vendor"
SCRIPT = VENDOR / "temml.min.js"

# Commands MathJax knows and Temml does not, as Temml's nearest equivalents: documentation
# switched from a MathJax theme (docutils' math reference uses each) would otherwise show
# their source. ``\bracevert`` is drawn as a plain bar, ``\mathsfbfit`` as sans-serif
# italic in bold.
MACROS = {
    "\\arrowvert": "\\vert",
    "\\Arrowvert": "\\Vert",
    "\\bracevert": "\\vert",
    "\\mathbfit": "\\boldsymbol{#1}",
    "\\mathsfbfit": "\\boldsymbol{\\mathsfit{#1}}",
    "\\mspace": "\\mkern",
    "\\ointop": "\\oint\\limits",
}

# ``\class`` is trusted only for the row-gap markers that sphinx_tufte.math.latex writes;
# every other use, and \href, \url, \htmlId..., stays refused as Temml refuses them.
_SETUP = "var TUFTE_MACROS = " + json.dumps(MACROS) + ";" + """
var tufteRender = function (tex, display) {
  return temml.renderToString(tex, {
    displayMode: display,
    throwOnError: true,
    xml: true,
    // A copy for each equation: a \\gdef in one must not reach the next.
    macros: Object.assign({}, TUFTE_MACROS),
    trust: function (context) {
      return context.command === "\\\\class" && /^tufte-gap-[0-9]+$/.test(context.class || "");
    },
  });
};
"""


class EngineError(ValueError):
    """Temml refused the LaTeX: an unknown command, a missing brace, an infinite macro."""


class _Temml:
    def __init__(self) -> None:
        import quickjs  # imported here: a build without math never pays for it

        self._lock = threading.Lock()
        self._context: Any = quickjs.Context()
        # Generous, but a runaway macro stops instead of hanging the build.
        self._context.set_time_limit(10)
        self._context.set_memory_limit(256 * 1024 * 1024)
        self._context.eval(SCRIPT.read_text(encoding="utf-8"))
        self._context.eval(_SETUP)
        self._error_type: type[Exception] = quickjs.JSException
        self.version = str(self._context.eval("temml.version"))

    def render(self, tex: str, *, display: bool) -> str:
        call = f"tufteRender({json.dumps(tex)}, {'true' if display else 'false'})"
        with self._lock:
            try:
                return str(self._context.eval(call))
            except self._error_type as err:
                raise EngineError(_message(str(err))) from err


def _message(raw: str) -> str:
    """The first line of Temml's error, without the JavaScript stack or the echo of the input."""
    first = raw.strip().splitlines()[0] if raw.strip() else "Temml failed"
    first = first.removeprefix("ParseError:").strip()
    if " at position " in first:
        first = first.split(" at position ")[0].strip() + " (at position " + first.split(" at position ")[1].rstrip(": ") + ")"
    elif first.endswith(":"):
        first = first.rstrip(": ")
    return first


@functools.cache
def temml() -> _Temml:
    """The process's one Temml context, made on first use."""
    return _Temml()


def render(tex: str, *, display: bool) -> str:
    """MathML for ``tex`` as Temml writes it; raises :class:`EngineError` when it refuses."""
    return temml().render(tex, display=display)
