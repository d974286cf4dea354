"""Live preview: ``sphinx-autobuild`` on a scaffolded site serves, rebuilds on an edit,
and then stays quiet (nothing the build writes lands in the watched source tree).

No fixed sleeps: "quiet" is proved with a probe. The test writes a file of its own into
the watched folder and waits, up to a deadline, until the watcher reports it and the
rebuild it causes has finished. The watcher reports changes in the order they happen,
so any file a build had written before the probe would have been reported by then.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import ROOT, strip_ansi
from sphinx_tufte.cli import main as tufte_cli

STARTUP_SECONDS = 120
REBUILD_SECONDS = 60
# A file the test writes into the watched folder; Sphinx reads no .txt source here.
PROBE = "autobuild-probe.txt"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Autobuild:
    """A running sphinx-autobuild whose output is collected line by line."""

    def __init__(self, srcdir: Path, outdir: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sphinx_autobuild", str(srcdir), str(outdir),
             "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"},
            # Its own process group, so stopping it also stops the sphinx-build it started.
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(strip_ansi(line).rstrip())

    def output(self) -> str:
        return "\n".join(self.lines)

    def rebuilds(self) -> list[str]:
        """The rebuilds an edit or the build's own files caused, as "Detected changes
        (paths)" lines with the probe left out of them."""
        found = []
        for line in self.lines:
            if "Detected change" not in line or "(" not in line:
                continue
            head, _, paths = line.partition("(")
            others = [path for path in paths.rstrip(")").split(", ") if not path.endswith(PROBE)]
            if others:
                found.append(f"{head}({', '.join(others)})")
        return found

    def _probe_reported(self, since: int) -> int | None:
        """The index of the first line after ``since`` reporting the probe, if any."""
        for index in range(since, len(self.lines)):
            if "Detected change" in self.lines[index] and PROBE in self.lines[index]:
                return index
        return None

    def settle(self, srcdir: Path) -> None:
        """Return once every change made so far has been reported and rebuilt: touch the
        probe until the watcher reports it (the first touches may come before the
        watcher is up), then wait for the end of the rebuild it started."""
        probe = srcdir / PROBE
        since = len(self.lines)
        deadline = time.monotonic() + REBUILD_SECONDS
        touched = [0.0]

        def reported() -> bool:
            if self._probe_reported(since) is not None:
                return True
            if time.monotonic() - touched[0] > 2:
                probe.write_text(f"probe at {time.monotonic()}\n", encoding="utf-8")
                touched[0] = time.monotonic()
            return False

        self.wait_for(reported, REBUILD_SECONDS, f"the watcher to report {PROBE}")
        start = self._probe_reported(since)
        self.wait_for(
            lambda: any("Serving on" in line for line in self.lines[start:]),
            max(deadline - time.monotonic(), 1.0),
            f"the rebuild after {PROBE}",
        )

    def wait_for(self, condition: Callable[[], bool], seconds: float, what: str) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"sphinx-autobuild exited ({self.proc.returncode}) while waiting for {what}:\n{self.output()}")
            if condition():
                return
            time.sleep(0.2)
        pytest.fail(f"timed out after {seconds}s waiting for {what}:\n{self.output()}")

    def fetch(self, path: str) -> str | None:
        """The page, or None while it cannot be read whole: not served yet, or caught
        half-written by a rebuild (a short read, a cut connection)."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=5) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, http.client.HTTPException, OSError, UnicodeDecodeError):
            return None

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self._reader.join(timeout=5)


@pytest.fixture
def autobuild() -> Iterator[Callable[[Path, Path], Autobuild]]:
    running: list[Autobuild] = []

    def _start(srcdir: Path, outdir: Path) -> Autobuild:
        server = Autobuild(srcdir, outdir)
        running.append(server)
        return server

    yield _start
    for server in running:
        server.stop()


def scaffolded_site(tmp_path: Path) -> tuple[Path, str, str]:
    site = tmp_path / "site"
    assert tufte_cli(["new", str(site)]) == 0
    return site, "posts/first-post", "A first post"


def example_site(tmp_path: Path) -> tuple[Path, str, str]:
    # A copy: the test edits a post, and the repository's example must stay as it is.
    site = tmp_path / "site"
    shutil.copytree(ROOT / "examples" / "site", site, ignore=shutil.ignore_patterns("_build"))
    return site, "posts/dpo-explained", "Direct Preference Optimization"


@pytest.mark.slow
@pytest.mark.parametrize("make_site", [scaffolded_site, example_site], ids=["scaffold", "example"])
def test_live_preview_rebuilds_on_an_edit_then_stays_quiet(
    tmp_path: Path, autobuild: Callable[[Path, Path], Autobuild], make_site: Callable[[Path], tuple[Path, str, str]]
) -> None:
    site, docname, title = make_site(tmp_path)
    post = site / f"{docname}.md"
    url = f"{docname}.html"
    # The README's command: the output folder inside the source folder.
    server = autobuild(site, site / "_build" / "html")

    server.wait_for(lambda: server.fetch(url) is not None, STARTUP_SECONDS, "the first page")
    page = server.fetch(url)
    assert page is not None and title in page
    assert "Nasturtiums" not in page
    # Once the watcher is up and has reported all there is: the initial build triggered nothing.
    server.settle(site)
    assert server.rebuilds() == [], server.output()

    post.write_text(
        post.read_text(encoding="utf-8") + "\nNasturtiums grow on the windowsill.\n", encoding="utf-8"
    )
    server.wait_for(
        lambda: "Nasturtiums grow" in (server.fetch(url) or ""),
        REBUILD_SECONDS,
        "the edited post to be served",
    )
    # Whatever that rebuild wrote into the source tree has been reported by the time the
    # probe is: every rebuild was caused by the edited post alone (one save may arrive
    # as two file events); any other file named here would be one the build wrote
    # itself, and a build writing into the source tree would loop forever.
    server.settle(site)
    rebuilds = server.rebuilds()
    assert 1 <= len(rebuilds) <= 2, server.output()
    for line in rebuilds:
        assert line.endswith((f"/{docname}.md)", f"({docname}.md)")), server.output()

    # No further edit: no further rebuild.
    server.settle(site)
    assert server.rebuilds() == rebuilds, server.output()
    assert server.fetch("index.html") is not None
