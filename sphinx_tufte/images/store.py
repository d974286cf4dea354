"""Encoded variants kept between builds, outside the output: deleting ``_build`` or
building a fresh checkout with this folder restored copies files instead of encoding.

The folder is :attr:`~sphinx_tufte._settings.Settings.image_cache` (by default
``$XDG_CACHE_HOME/sphinx-tufte/images``, else ``~/.cache/sphinx-tufte/images``). A
variant's file name already says what made it (source digest, encoder version, quality,
width); the entries of one Pillow version live in a folder of their own, since another
Pillow may encode the same settings into other bytes.

Each entry is the variant's bytes followed by their SHA-256, written under a temporary
name and renamed: a reader never sees half an entry (``-j`` workers, two builds sharing
one cache), and an entry damaged anyway (a cache restored in part, a full disk) fails
its check and is encoded again, never copied into a page.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

_CHECK = 32  # bytes of SHA-256 after the payload


def write_atomically(dest: Path, data: bytes) -> None:
    """``data`` into ``dest`` under a temporary name first, then renamed into place.

    Not mkstemp: its files are private to their owner, and a variant must be as
    readable as every other file Sphinx writes."""
    temporary = dest.with_name(f".{dest.name}.{os.getpid()}-{secrets.token_hex(4)}.part")
    try:
        with temporary.open("xb") as stream:
            stream.write(data)
        os.replace(temporary, dest)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


class Store:
    def __init__(self, directory: str | os.PathLike[str], pillow_version: str) -> None:
        self.directory = Path(directory) / f"pillow-{pillow_version}"

    def _path(self, name: str) -> Path:
        return self.directory / name

    def get(self, name: str) -> bytes | None:
        """The variant's bytes, or None when there is no sound entry for it."""
        path = self._path(name)
        try:
            entry = path.read_bytes()
        except OSError:
            return None
        payload, check = entry[:-_CHECK], entry[-_CHECK:]
        if len(entry) <= _CHECK or hashlib.sha256(payload).digest() != check:
            path.unlink(missing_ok=True)  # encoded again and put back whole
            return None
        return payload

    def put(self, name: str, data: bytes) -> None:
        """Keep ``data``; a cache that cannot be written costs time, never the build."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            write_atomically(self._path(name), data + hashlib.sha256(data).digest())
        except OSError as error:
            logger.warning(
                "the image cache %s cannot be written (%s); images are encoded on every build "
                "(set tufte_image_cache or SPHINX_TUFTE_IMAGE_CACHE to a writable folder)",
                self.directory.parent,
                error.strerror or error,
                type="tufte",
                subtype="image_cache",
                once=True,
            )
