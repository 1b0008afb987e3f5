"""An uploaded image checked by its content and drawn again without its metadata.

The type is read from the bytes (`knowledge.services.files.sniff`, the check the knowledge base
and chat use), never from the name or what the browser said, and Pillow must read the same
format. Its size in pixels is checked from the header before any pixel is decoded, so a small
file that would unpack to gigabytes is refused. Then every frame is copied without the file's
metadata (EXIF with its GPS position and camera serial, XMP, comments, text chunks: personal
data the member rarely knows is there) and saved again in the same format. A photo's EXIF
orientation is applied first, so it stands as it was taken. The colour profile is kept.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from lytte.knowledge.services.files import IMAGE_TYPES, MAX_SIZE, sniff

MAX_PIXELS = 25_000_000  # about 6100 by 4100: any phone's photo
MAX_SIDE = 10_000
MAX_FRAMES = 100  # an animated GIF or WebP
MAX_FRAME_PIXELS = 100_000_000  # all frames together
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
# What of the original's information is drawing, not metadata.
KEEP = {"transparency", "duration", "loop", "background", "icc_profile", "disposal", "blend"}
_OPTIONS: dict[str, dict[str, object]] = {
    "JPEG": {"quality": 88},
    "WEBP": {"quality": 88},
    "PNG": {},
    "GIF": {},
}


class Unusable(ValueError):
    """Not an image we take; `code` says why (too_large, empty, file_type, too_many_pixels,
    broken)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Cleaned:
    content: bytes
    content_type: str
    width: int
    height: int


def clean(content: bytes) -> Cleaned:
    """The image re-encoded without metadata; Unusable if it is not one we take."""
    if not content:
        raise Unusable("empty")
    if len(content) > MAX_SIZE:
        raise Unusable("too_large")
    content_type = sniff(content)
    if content_type not in IMAGE_TYPES:
        raise Unusable("file_type")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # checked below
        try:
            image = Image.open(io.BytesIO(content), formats=list(FORMATS))
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
            raise Unusable("broken") from None
        with image:
            if FORMATS.get(image.format or "") != content_type:
                raise Unusable("file_type")
            _check_pixels(image)
            try:
                data, size = _redraw(image)
            except (OSError, ValueError, SyntaxError, EOFError):
                raise Unusable("broken") from None
    return Cleaned(data, content_type, *size)


def _check_pixels(image: Image.Image) -> None:
    width, height = image.size
    frames = int(getattr(image, "n_frames", 1))
    if (
        width * height > MAX_PIXELS
        or max(width, height) > MAX_SIDE
        or frames > MAX_FRAMES
        or frames * width * height > MAX_FRAME_PIXELS
    ):
        raise Unusable("too_many_pixels")


def _copy(frame: Image.Image) -> Image.Image:
    """The frame's pixels and palette, and of its information only what draws it."""
    copy = frame.copy()
    copy.info = {key: value for key, value in frame.info.items() if key in KEEP}
    return copy


def _redraw(image: Image.Image) -> tuple[bytes, tuple[int, int]]:
    image_format = image.format or ""
    options = dict(_OPTIONS[image_format])
    if getattr(image, "n_frames", 1) > 1:
        frames = [_copy(frame) for frame in ImageSequence.Iterator(image)]
        options.update(
            save_all=True,
            append_images=frames[1:],
            duration=[frame.info.get("duration", 100) for frame in frames],
            loop=image.info.get("loop", 0),
        )
        first = frames[0]
    else:
        image.load()
        first = _copy(ImageOps.exif_transpose(image) or image)
    if image_format == "JPEG" and first.mode not in ("L", "RGB", "CMYK"):
        first = first.convert("RGB")
    if icc := first.info.get("icc_profile"):
        options["icc_profile"] = icc
    out = io.BytesIO()
    first.save(out, format=image_format, exif=b"", **options)
    return out.getvalue(), first.size
