"""Encoding an image's variants: each width in WebP and in the original's format,
written into the output's image folder, and never encoded twice for the same bytes and
settings.

- A variant's file name says what made it: the source's name, a digest of its bytes,
  this encoder's version and the quality, and the width. A changed source or another
  quality gives new names, so a page never points at a file made from other bytes.
- Two caches. What is known about each source (digest, size in pixels, format: an
  unchanged source is not even read) and which variants the output already holds is
  in the build's cache (:mod:`sphinx_tufte._cache`, namespace ``images``, beside the
  doctrees), salted with everything that changes the encoded bytes. The encoded bytes
  themselves are in the :class:`~.store.Store`, outside the output and the source
  tree: a variant missing from the output is copied from there when it can be, and
  encoded only when it cannot.
- An image too large to encode (WebP allows 16,383 pixels a side) or to decode safely
  (more pixels than Pillow's ``Image.MAX_IMAGE_PIXELS``, a decompression bomb) is
  found from its header alone, never decoded: :func:`too_large` says why, and it gets
  no variants.
- Safe under parallel builds: every file is written under a temporary name of its own
  and renamed into place, so two processes (or threads) making the same variant never
  see (or leave) half a file, and the cache writes one file per entry.

The encoder's settings, measured on a 1080 px variant of a 2400 x 1600 photograph and
of a transparent line plot (Pillow 13, libwebp's own scale of effort):

- Photographs (JPEG and WebP sources): lossy WebP at the configured quality,
  ``method=2``. libwebp's default ``method=4`` is 5% smaller and 0.2 dB better (PSNR)
  for two and a half to three times the encoding time (36 against 86 ms for a 1080 px
  variant): on a site of 24 photographs and plots it made a first build 9x the build
  without responsive images, against the 4x aimed at. ``method=6`` is another 5%
  smaller, no better, for 40% more time again.
- Drawings (PNG sources): lossless WebP (``quality=50, method=1``: effort, not
  quality): 57 KiB against 91 KiB for lossy WebP at quality 80, and exact, so thin lines
  and text stay sharp. Against ``quality=75, method=2`` it is 0.6% larger for 28% less
  time (the eight plots of ``benchmarks/images.py`` at 1088 px: 839 against 834 KiB,
  0.28 against 0.39 s); ``method=4`` saves nothing more; ``quality=100`` 2% for twice
  the time.
- The fallbacks, which only browsers without WebP ever load, are made for speed: JPEG
  with optimised Huffman tables but not progressive (the same pixels, 3.5% larger, in
  40% of the time: 2,745 against 2,653 KiB, 0.12 against 0.29 s for the sixteen
  photographs), PNG at zlib level 1 (the same pixels, 15% larger than level 6, in 70%
  of the time).
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from dataclasses import dataclass
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sphinx.util import logging

from sphinx_tufte._cache import Cache
from sphinx_tufte.images.store import Store, write_atomically

logger = logging.getLogger(__name__)

NAMESPACE = "images"
# Bumped when the encoder's output changes for the same settings: new file names.
ENCODER_VERSION = 4
# Pillow's format name -> the extension its variants get.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
WEBP_METHOD = 2  # libwebp's speed/size trade-off for lossy WebP (0 fast .. 6 small)
WEBP_LOSSLESS = {"lossless": True, "quality": 50, "method": 1}  # for PNG sources
JPEG_FALLBACK = {"optimize": True}  # not progressive: see above
PNG_FALLBACK = {"compress_level": 1}
LOSSLESS_SOURCES = frozenset({"PNG"})
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


def orientation(image: Any) -> int:
    """The EXIF orientation (1: upright), read without decoding the pixels. A PNG's is
    only seen when its eXIf chunk comes before the image data: Pillow would decode the
    whole image to look further (and describing and encoding must agree)."""
    if image.format == "PNG" and "exif" not in image.info:
        return 1
    try:
        return int(image.getexif().get(0x0112, 1))
    except Exception:  # a damaged EXIF block: shown as stored
        return 1


def turned(image: Any) -> bool:
    """Whether EXIF turns the image a quarter (its width and height swap)."""
    return orientation(image) in (5, 6, 7, 8)


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

    def __init__(
        self, target: Path, doctreedir: str | os.PathLike[str], quality: int, store: str | os.PathLike[str]
    ) -> None:
        self._image, self._image_ops, pillow_version = _pillow()
        self.target = target
        self.quality = quality
        self.cache = Cache.for_build(doctreedir, NAMESPACE, salt=(ENCODER_VERSION, quality, pillow_version, WEBP_METHOD))
        self.store = Store(store, pillow_version)

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
                        return source
                    width, height = (image.height, image.width) if turned(image) else image.size
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

    def variants(self, path: Path, source: Source, widths: Iterable[int]) -> Variants:
        """The variant files for ``widths`` in WebP and the source's format, putting
        into the output those this cache has not seen written there (or that are gone)."""
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
            self.target.mkdir(parents=True, exist_ok=True)
            to_encode = []
            for item in missing:
                kept = self.store.get(item[2].name)
                if kept is None:
                    to_encode.append(item)
                else:
                    write_atomically(item[2], kept)
            if to_encode:
                self._write(path, source, to_encode)
            self.cache.set(key, True)
        return result

    def _open(self, path: Path, largest: int, source: Source) -> Any:
        """The source decoded upright, in RGB(A); a JPEG that is at least twice as wide as
        the largest variant it must give is decoded at a half, a quarter or an eighth of
        its size (libjpeg's own scaling: much less to decode and to resize)."""
        Image = self._image
        with Image.open(path) as opened:
            upright = orientation(opened) == 1
            if opened.format == "JPEG" and largest * 2 <= source.width:
                height = max(1, round(source.height * largest / source.width))
                # draft() speaks of the stored image: sideways when EXIF turns it.
                opened.draft("RGB", (height, largest) if turned(opened) else (largest, height))
            image = opened if upright else self._image_ops.exif_transpose(opened)
            image.load()
        has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
        return image.convert("RGBA" if has_alpha else "RGB")

    def _write(self, path: Path, source: Source, missing: list[tuple[str, int, Path]]) -> None:
        Image = self._image
        try:
            working = self._open(path, max(width for _, width, _ in missing), source)
        except Exception as error:
            raise UnreadableImage(str(error)) from error
        lossless = source.format in LOSSLESS_SOURCES
        # Widest first, each resized from the one before: a 720 px variant made from the
        # 1080 px one costs a fraction of one made from a 2400 px original, and looks
        # the same (Lanczos both times).
        current, previous = working, working.width
        for ext, width, dest in sorted(missing, key=lambda item: -item[1]):
            if width != previous:
                height = max(1, round(source.height * width / source.width))
                current, previous = current.resize((width, height), Image.LANCZOS), width
            data = self._encode(current, ext, lossless)
            self.store.put(dest.name, data)
            write_atomically(dest, data)
            logger.verbose("tufte: wrote image variant %s", dest.name)

    def _encode(self, image: Any, ext: str, lossless: bool) -> bytes:
        stream = io.BytesIO()
        if ext == "webp":
            if lossless:
                image.save(stream, "WEBP", **WEBP_LOSSLESS)
            else:
                image.save(stream, "WEBP", quality=self.quality, method=WEBP_METHOD)
        elif ext == "jpg":
            image.convert("RGB").save(stream, "JPEG", quality=self.quality, **JPEG_FALLBACK)
        else:
            image.save(stream, "PNG", **PNG_FALLBACK)
        return stream.getvalue()


def encode_ahead(encoder: Encoder, jobs: dict[Path, tuple[Source, list[tuple[int, ...]]]], workers: int) -> None:
    """Put every planned variant of ``jobs`` (per source: its widths for each place it
    is shown in) into the output, several sources at a time: Pillow lets go of the GIL
    while it decodes, resizes and encodes. A source that fails here is left to the
    page that shows it, which says so at its line."""

    def one(item: tuple[Path, tuple[Source, list[tuple[int, ...]]]]) -> None:
        path, (source, plans) = item
        for widths in plans:
            try:
                encoder.variants(path, source, widths)
            except (UnreadableImage, OSError, ValueError):
                return

    items = sorted(jobs.items())
    if workers <= 1 or len(items) <= 1:
        for item in items:
            one(item)
        return
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="tufte-images") as pool:
        list(pool.map(one, items))
