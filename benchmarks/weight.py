"""What a page costs a reader: the bytes it loads, by kind, and any request to another host.

With Playwright and Chromium available the page is opened in a real browser (served
from loopback, 1400 px wide) and every response body is counted, so only the fonts and
images the page really uses are counted. Without them, a static reading of the HTML
and its stylesheets gives an upper bound (every declared font face counted once).

The target counts the bytes as files (what the local server sends, uncompressed).
``gzipped`` is what a host that compresses text sends (GitHub Pages, Netlify, Read the
Docs gzip HTML, CSS and JavaScript; fonts and images are compressed already): each
text file at gzip level 6, the rest as it is.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

KINDS = ("html", "css", "js", "font", "image", "other")


@dataclass
class Weight:
    method: str
    by_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    files: dict[str, int] = field(default_factory=dict)
    foreign: list[str] = field(default_factory=list)
    gzipped: dict[str, int] = field(default_factory=dict)  # by file, as a compressing host sends it

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    @property
    def gzipped_total(self) -> int:
        return sum(self.gzipped.values())


TEXT_KINDS = frozenset({"html", "css", "js"})


def sent_size(kind: str, body: bytes) -> int:
    """The bytes a host that gzips text sends for a response of ``kind``."""
    return len(gzip.compress(body, compresslevel=6, mtime=0)) if kind in TEXT_KINDS else len(body)


def kind_of(path: str, content_type: str = "") -> str:
    suffix = Path(urlsplit(path).path).suffix.lower()
    if suffix in {".html", ".htm"} or "html" in content_type:
        return "html"
    if suffix == ".css" or "css" in content_type:
        return "css"
    if suffix in {".js", ".mjs"} or "javascript" in content_type:
        return "js"
    if suffix in {".woff2", ".woff", ".ttf", ".otf", ".eot"} or "font" in content_type:
        return "font"
    if suffix in {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico"} or "image" in content_type:
        return "image"
    return "other"


def measure(outdir: Path, page: str) -> Weight:
    try:
        return measure_in_browser(outdir, page)
    except _NoBrowser:
        return measure_statically(outdir, page)


class _NoBrowser(Exception):
    pass


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def _serve(directory: Path) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    # shutdown() waits up to poll_interval (half a second by default) for the loop.
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """One Chromium for several measurements: starting it costs about a second."""
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise _NoBrowser from exc
    if executable is None:
        raise _NoBrowser
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield browser
        finally:
            browser.close()


def measure_in_browser(outdir: Path, page: str, *, width: int = 1400, scroll: bool = False, browser: Any = None) -> Weight:
    """What ``page`` loads, in ``browser`` (by default a Chromium of its own)."""
    if browser is None:
        with chromium() as own:
            return measure_in_browser(outdir, page, width=width, scroll=scroll, browser=own)
    weight = Weight(method="chromium")
    with _serve(outdir) as base:
        context = browser.new_context(viewport={"width": width, "height": 900})
        try:

            def block(route: Any) -> None:
                weight.foreign.append(route.request.url)
                route.abort()

            # A pattern, so that only foreign requests wait for Python.
            context.route(re.compile("^(?!" + re.escape(base) + ")"), block)
            tab = context.new_page()
            responses = []
            tab.on("response", lambda response: responses.append(response))
            tab.goto(base + page, wait_until="load")
            tab.evaluate("document.fonts.ready.then(() => true)")
            if scroll:
                # A reader who reads to the end: lazy images below the first screen load.
                tab.evaluate(
                    "async () => { for (let y = 0; y < document.body.scrollHeight; y += 400) {"
                    " window.scrollTo(0, y); await new Promise(r => setTimeout(r, 50)); } }"
                )
            tab.wait_for_load_state("networkidle")
            for response in responses:
                if not response.url.startswith(base):
                    continue
                try:
                    body = response.body()
                except Exception:  # redirects and aborted requests have no body
                    continue
                name = response.url[len(base):]
                kind = kind_of(name, response.headers.get("content-type", ""))
                weight.by_kind[kind] += len(body)
                weight.files[name] = len(body)
                weight.gzipped[name] = sent_size(kind, body)
        finally:
            context.close()
    return weight


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.inline_css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        rel = a.get("rel", "").lower().split()
        if tag == "link" and ({"stylesheet", "preload", "icon", "modulepreload"} & set(rel)):
            self.refs.append(a.get("href", ""))
        elif tag in {"script", "img", "iframe", "audio", "video", "source"} and a.get("src"):
            self.refs.append(a["src"])
        elif tag == "style":
            self._in_style = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.inline_css.append(data)


_FONT_FACE = re.compile(r"@font-face\s*{([^}]*)}", re.S)
_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
_IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]([^'\"]+)['\"]")


def measure_statically(outdir: Path, page: str) -> Weight:
    weight = Weight(method="static (upper bound)")
    seen: set[str] = set()

    def add(url: str, base: str) -> str | None:
        absolute = urljoin(base, url)
        parts = urlsplit(absolute)
        if parts.scheme in {"http", "https"} or absolute.startswith("//"):
            weight.foreign.append(absolute)
            return None
        if parts.scheme == "data" or not parts.path:
            return None
        name = parts.path.lstrip("/")
        if name in seen or not (outdir / name).is_file():
            return None
        seen.add(name)
        body = (outdir / name).read_bytes()
        weight.files[name] = len(body)
        weight.by_kind[kind_of(name)] += len(body)
        weight.gzipped[name] = sent_size(kind_of(name), body)
        return name

    def css(text: str, base: str) -> None:
        for imported in _IMPORT.findall(text):
            name = add(imported, base)
            if name:
                css((outdir / name).read_text(encoding="utf-8", errors="replace"), "/" + name)
        # A browser downloads the first usable source of each face, and only if used;
        # counting the first source of every face is the upper bound.
        for block in _FONT_FACE.findall(text):
            urls = _URL.findall(block)
            if urls:
                add(urls[0], base)

    add(page, "/")
    parser = _Refs()
    parser.feed((outdir / page).read_text(encoding="utf-8"))
    for inline in parser.inline_css:
        css(inline, "/" + page)
    for ref in parser.refs:
        name = add(ref, "/" + page)
        if name and name.endswith(".css"):
            css((outdir / name).read_text(encoding="utf-8", errors="replace"), "/" + name)
    return weight
