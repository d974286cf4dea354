"""The Nu HTML checker (vnu.jar) as one long-running service per test process.

Starting the checker's JVM costs seconds of CPU each time, and the suite checks pages in
more than a dozen tests; so each pytest(-xdist) process starts the checker's own web
service once, on a free loopback port, and posts every page to it. The service and the
command line run the same checker, so they find the same errors.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

STARTUP_SECONDS = 180
# The checker's RELAX NG schemas recurse deeply: the JVM's default stack is too small
# for its service (a StackOverflowError at start-up) with a small -Xss.
JAVA_OPTIONS = ["-Xss16m", "-Dnu.validator.servlet.bind-address=127.0.0.1"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NuChecker:
    """``checker.errors([paths])`` -> the errors in those pages, as "file:line: message"."""

    def __init__(self, java: str, jar: Path, attempts: int = 3) -> None:
        self._java, self._jar = java, jar
        self._proc: subprocess.Popen[bytes] | None = None
        for _ in range(attempts):
            # Another process may take the free port before the JVM binds it: try another.
            if self._start(free_port()):
                return
        raise RuntimeError(f"the Nu HTML checker's service did not start ({attempts} tries)")

    def _start(self, port: int) -> bool:
        self.url = f"http://127.0.0.1:{port}/"
        self._proc = subprocess.Popen(
            [self._java, *JAVA_OPTIONS, "-cp", str(self._jar), "nu.validator.servlet.Main", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(self.url, timeout=5) as response:
                    if response.status == 200:
                        return True
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.25)
        self.close()
        return False

    def errors(self, paths: list[Path]) -> list[str]:
        found = []
        for path in paths:
            request = urllib.request.Request(
                self.url + "?out=json",
                data=Path(path).read_bytes(),
                headers={"Content-Type": "text/html; charset=utf-8"},
            )
            with urllib.request.urlopen(request, timeout=120) as response:
                messages = json.loads(response.read().decode("utf-8"))["messages"]
            for message in messages:
                if message["type"] == "non-document-error":
                    raise RuntimeError(f"the Nu HTML checker could not check {path}: {message['message']}")
                if message["type"] == "error":
                    found.append(f"{Path(path).name}:{message.get('lastLine', '?')}: {message['message']}")
        return found

    def close(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=10)
