"""Encoding an image's variants: each width in WebP and in the original's format,
written into the output's image folder, and never encoded twice for the same bytes and
settings.

- A variant's file name says what made it: the source's name, a digest of its bytes,
  this encoder's version and the quality, and the width. A changed source or another
  quality gives new names, so a page never points at a file made from other bytes.
- The persistent cache (:mod:`sphinx_tufte._cache`, namespace ``images``) is salted
  with everything that changes the encoded bytes: the quality, this encoder's version
  and Pillow's. It holds what is known about each source (digest, size in pixels,
  format: an unchanged source is not even read) and which variants were written under
  that salt. A variant on disk is reused only when the cache says it was: after any of
  those changes the files are written again, so an incremental build equals a clean one.
- An image too large to encode (WebP allows 16,383 pixels a side) or to decode safely
  (more pixels than Pillow's ``Image.MAX_IMAGE_PIXELS``, a decompression bomb) is
  found from its header alone, never decoded: :func:`too_large` says why, and it gets
  no variants.
- Safe under parallel builds: every file is written under a temporary name of its own
  and renamed into place, so two processes making the same variant never see (or leave)
  half a file, and the cache writes one file per entry.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.util import logging

from sphinx_tufte._cache import Cache

logger = logging.getLogger(__name__)

NAMESPACE = "images"
# Bumped when the encoder's output changes for the same settings: new file names.
ENCODER_VERSION = 1
# Pillow's format name -> the extension its variants get.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
WEBP_METHOD = 4  # Pillow's speed/size trade-off for WebP (0 fast .. 6 small)
WEBP_MAX_SIDE = 16383  # the WebP format's limit on width and height

# A format's variants, as (file name, width) pairs, by extension.
Variants = dict[str, list[tuple[str, int]]]


class UnreadableImage(Exception):
    """Pillow cannot read the source (a located warning; the original is copied)."""


class TooLarge(UnreadableImage):
    """The source is too large to encode or to decode safely; the message says why,
    as the rest of a sentence that starts with the image's name."""


@dataclass(frozen=True)
class Source:
    digest: str
    width: int
    height: int
    format: str  # Pillow's name: "JPEG", "PNG", "WEBP", or another one left alone

    @property
    def extension(self) -> str:
        return FORMATS[self.format]


def _safe_pixels() -> int | None:
    """How many pixels Pillow decodes without suspecting a decompression bomb (None:
    the user switched the check off, ``Image.MAX_IMAGE_PIXELS = None``)."""
    from PIL import Image

    limit = Image.MAX_IMAGE_PIXELS
    return int(limit) if limit else None


def too_large(source: Source) -> str | None:
    """Why the source can have no variants for its size, or None when it can."""
    size = f"is {source.width} x {source.height} pixels"
    if max(source.width, source.height) > WEBP_MAX_SIDE:
        return f"{size}, wider or taller than WebP's limit of {WEBP_MAX_SIDE}"
    limit = _safe_pixels()
    if limit is not None and source.width * source.height > limit:
        return f"{size}, more than the {limit} Pillow decodes safely (PIL.Image.MAX_IMAGE_PIXELS)"
    return None


def _pillow() -> tuple[Any, Any, str]:
    """Pillow's Image and ImageOps modules and its version; ImportError without it."""
    import PIL
    from PIL import Image, ImageOps

    return Image, ImageOps, PIL.__version__


class Encoder:
    """Writes variants into ``target`` (the output's image folder) at ``quality``.

    Made per document being written; what lasts between documents and builds is in
    the cache. Raises ImportError when Pillow is missing.
    """

    def __init__(self, target: Path, doctreedir: str | os.PathLike[str], quality: int) -> None:
        self._image, self._image_ops, pillow_version = _pillow()
        self.target = target
        self.quality = quality
        self.cache = Cache.for_build(doctreedir, NAMESPACE, salt=(ENCODER_VERSION, quality, pillow_version, WEBP_METHOD))

    # ---- what a source is ------------------------------------------------------------

    def describe(self, path: Path) -> Source:
        """The source's digest, size and format; read only when its size or mtime
        changed, and opened with Pillow only when its bytes did."""
        stat = path.stat()
        file_key = ("file", str(path), stat.st_size, stat.st_mtime_ns)
        digest = self.cache.get(file_key)
        if digest is None:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            self.cache.set(file_key, digest)
        source = self.cache.get(("source", digest))
        if source is None:
            source = self._read_header(path, digest)
            self.cache.set(("source", digest), source)
        return source

    def _read_header(self, path: Path, digest: str) -> Source:
        Image = self._image
        try:
            with warnings.catch_warnings():
                # Said as a located warning by the caller (too_large), not as Pillow's.
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(path) as image:  # reads the header only
                    source = Source(digest, image.width, image.height, image.format or "")
                    if too_large(source) is not None:
                        return source  # EXIF is not read: for a PNG that decodes it
                    width, height = self._image_ops.exif_transpose(image).size
        except Image.DecompressionBombError as error:
            limit = _safe_pixels()
            raise TooLarge(f"claims more than twice the {limit} pixels Pillow decodes safely") from error
        except Exception as error:  # Pillow raises many kinds for a bad file
            raise UnreadableImage(str(error)) from error
        return Source(digest, width, height, source.format)

    # ---- its variants --------------------------------------------------------------

    def name(self, path: Path, source: Source, width: int, ext: str) -> str:
        stem = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in path.stem)[:40]
        return f"{stem}-{source.digest}-v{ENCODER_VERSION}-q{self.quality}-{width}.{ext}"

    def variants(self, path: Path, source: Source, widths: list[int]) -> Variants:
        """The variant files for ``widths`` in WebP and the source's format, writing
        those this cache has not seen written (or that are gone from the output)."""
        reason = too_large(source)
        if reason is not None:
            raise TooLarge(reason)
        own = source.extension
        formats = ["webp"] if own == "webp" else ["webp", own]
        result: Variants = {ext: [] for ext in formats}
        planned: list[tuple[str, int, Path]] = []
        for ext in formats:
            for width in widths:
                if ext == own and width == source.width:
                    continue  # the original itself, which Sphinx copies
                name = self.name(path, source, width, ext)
                result[ext].append((name, width))
                planned.append((ext, width, self.target / name))
        key = ("written", tuple(dest.name for _, _, dest in planned))
        written = self.cache.get(key, False)
        missing = [item for item in planned if not written or not item[2].is_file()]
        if missing:
            self._write(path, source, missing)
            self.cache.set(key, True)
        return result

    def _write(self, path: Path, source: Source, missing: list[tuple[str, int, Path]]) -> None:
        Image = self._image
        try:
            with Image.open(path) as opened:
                image = self._image_ops.exif_transpose(opened)
                image.load()
        except Exception as error:
            raise UnreadableImage(str(error)) from error
        has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
        working = image.convert("RGBA" if has_alpha else "RGB")
        self.target.mkdir(parents=True, exist_ok=True)
        for ext, width, dest in missing:
            height = max(1, round(source.height * width / source.width))
            resized = working if width == working.width else working.resize((width, height), Image.LANCZOS)
            self._save(resized, ext, dest)
            logger.verbose("tufte: wrote image variant %s", dest.name)

    def _save(self, image: Any, ext: str, dest: Path) -> None:
        # Written under a name of its own first: an interrupted build leaves no half
        # file a later build would take for a finished variant, and two processes
        # writing the same variant never write into one file.
        # (Not mkstemp: its files are private to their owner, and a variant must be as
        # readable as every other file Sphinx writes.)
        temporary = dest.with_name(f".{dest.name}.{os.getpid()}-{secrets.token_hex(4)}.part")
        try:
            with temporary.open("xb") as stream:
                if ext == "webp":
                    image.save(stream, "WEBP", quality=self.quality, method=WEBP_METHOD)
                elif ext == "jpg":
                    image.convert("RGB").save(stream, "JPEG", quality=self.quality, optimize=True, progressive=True)
                else:
                    image.save(stream, "PNG", optimize=True)
            os.replace(temporary, dest)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
