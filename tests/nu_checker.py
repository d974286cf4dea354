"""The Nu HTML checker (vnu.jar) as one long-running service.

Starting the checker's JVM costs seconds of CPU each time (about 12 s of CPU and 10 s
of wall time here), and the suite checks pages in more than a dozen tests; so the
checker's own web service is started once, on a free loopback port, and every page is
posted to it. The service and the command line run the same checker, so they find the
same errors.

``make test`` starts one service for all its pytest processes (both Sphinx versions,
every xdist worker)::

    python tests/nu_checker.py JAVA VNU_JAR -- COMMAND...

runs COMMAND with ``SPHINX_TUFTE_NU_URL`` naming the service, which starts while the
command does (the lint, the collection), and stops it when the command ends. A test
process that finds no such variable starts a service of its own.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

STARTUP_SECONDS = 180
# The environment variable naming a service that another process started and owns.
SHARED_URL = "SPHINX_TUFTE_NU_URL"
# The checker's RELAX NG schemas recurse deeply: the JVM's default stack is too small
# for its service (a StackOverflowError at start-up) with a small -Xss.
JAVA_OPTIONS = ["-Xss16m", "-Dnu.validator.servlet.bind-address=127.0.0.1"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NuChecker:
    """``checker.errors([paths])`` -> the errors in those pages, as "file:line: message"."""

    def __init__(self, java: str, jar: Path, attempts: int = 3, *, wait: bool = True) -> None:
        self._java, self._jar = java, jar
        self._proc: subprocess.Popen[bytes] | None = None
        shared = os.environ.get(SHARED_URL)
        if shared:
            # A service another process owns (make test's): wait until it answers, and
            # start one of this process's own if it never does.
            self.url = shared
            if self._ready():
                return
        for _ in range(attempts):
            # Another process may take the free port before the JVM binds it: try another.
            if self._start(free_port(), wait=wait):
                return
        raise RuntimeError(f"the Nu HTML checker's service did not start ({attempts} tries)")

    def _start(self, port: int, *, wait: bool = True) -> bool:
        self.url = f"http://127.0.0.1:{port}/"
        self._proc = subprocess.Popen(
            [self._java, *JAVA_OPTIONS, "-cp", str(self._jar), "nu.validator.servlet.Main", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait:
            return True
        if self._ready():
            return True
        self.close()
        return False

    def _ready(self) -> bool:
        """Whether the service answers before the start-up deadline (False as soon as a
        JVM this process started has exited)."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(self.url, timeout=5) as response:
                    if response.status == 200:
                        return True
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.25)
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


def run_with_service(java: str, jar: Path, command: list[str]) -> int:
    """Run ``command`` with one checker service for all the processes it starts."""
    checker = NuChecker(java, jar, wait=False)
    try:
        env = dict(os.environ, **{SHARED_URL: checker.url})
        return subprocess.call(command, env=env)
    finally:
        checker.close()


if __name__ == "__main__":
    import shutil
    import sys

    # python nu_checker.py JAVA VNU_JAR -- COMMAND...; without a JRE or the jar the
    # command runs as it is, and its tests say what is missing.
    java_arg, jar_arg, dashes, *command = sys.argv[1:]
    assert dashes == "--" and command, __doc__
    java_path = shutil.which(java_arg)
    if java_path is None or not Path(jar_arg).is_file():
        sys.exit(subprocess.call(command))
    sys.exit(run_with_service(java_path, Path(jar_arg), command))
