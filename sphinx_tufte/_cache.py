"""The one persistent cache: work worth keeping between builds (encoded images,
rendered feed entries), in one format, in one place.

A :class:`Cache` is a folder of entries, one pickle file each, named by a hash of the
entry's key together with the cache's *salt*: the package version, this module's format
number, the cache's namespace and every configuration value the cached work depends on.
Changing any of those changes every name, so an entry made under other settings is
never read; it is simply not found. One file per entry keeps parallel writers (Sphinx's
``-j`` workers are processes) from ever overwriting each other's work, and each file is
written to a temporary name and renamed, so a reader sees a whole entry or none.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

# Bumped whenever what any namespace stores changes shape.
FORMAT = 1
FOLDER = "tufte-cache"


def _digest(parts: Iterable[Any]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


class Cache:
    def __init__(self, root: Path, namespace: str, salt: Iterable[Any] = ()) -> None:
        from sphinx_tufte import __version__

        self.directory = Path(root) / FOLDER / namespace
        self._salt = (__version__, FORMAT, namespace, *salt)

    @classmethod
    def for_build(cls, doctreedir: str | os.PathLike[str], namespace: str, salt: Iterable[Any] = ()) -> Cache:
        """The cache of ``namespace`` beside the build's doctrees (Sphinx's own cache)."""
        return cls(Path(doctreedir), namespace, salt)

    def path(self, key: Any) -> Path:
        name = _digest((*self._salt, key))
        return self.directory / name[:2] / f"{name}.pickle"

    def get(self, key: Any, default: Any = None) -> Any:
        try:
            with self.path(key).open("rb") as stream:
                return pickle.load(stream)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
            return default

    def discard(self, key: Any) -> None:
        self.path(key).unlink(missing_ok=True)

    def set(self, key: Any, value: Any) -> None:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
