"""Profile photos, made safe to store and serve to everyone (Pillow).

An upload is trusted for nothing but its pixels:

- its size in pixels is read from the header and capped (``PROFILE_PHOTO_MAX_PIXELS``) before
  anything is decoded, so a 17 KB PNG claiming 12000 × 12000 pixels (a decompression bomb) is
  refused without being unpacked;
- it is then decoded, turned upright by its EXIF orientation, shrunk to at most
  ``PROFILE_PHOTO_SIDE`` pixels a side and **re-encoded** as a new JPEG: no byte of the upload
  is served, and no metadata (EXIF with GPS, comments, ICC, XMP) survives;
- it gets a random file name, so the member's own file name is not published either.
"""

from __future__ import annotations

import uuid
import warnings
from io import BytesIO

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

JPEG_QUALITY = 85


def max_pixels() -> int:
    return int(getattr(settings, "PROFILE_PHOTO_MAX_PIXELS", 40_000_000))


def photo_side() -> int:
    return int(getattr(settings, "PROFILE_PHOTO_SIDE", 512))


def normalised_photo(upload) -> SimpleUploadedFile:
    """The upload as a small, metadata-free JPEG; ``ValidationError`` for what is refused."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb warning comes from the header too: the cap below decides.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(upload)
            width, height = image.size  # from the header: nothing decoded yet
            if width * height > max_pixels():
                raise _too_many_pixels(width, height)
            image.draft("RGB", (photo_side(), photo_side()))  # JPEG: decode at a smaller scale
            image = ImageOps.exif_transpose(image)
            image.thumbnail((photo_side(), photo_side()), Image.Resampling.LANCZOS)
            image = _flattened(image)
            image.info.clear()  # Pillow would write the upload's comment, EXIF or ICC back
            out = BytesIO()
            image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    except Image.DecompressionBombError:  # past twice Pillow's own limit: refused on opening
        raise _too_many_pixels(0, 0) from None
    except UnidentifiedImageError:
        raise forms.ValidationError(
            "Upload a valid image: a JPEG, PNG, GIF or WebP photo.", code="invalid_image"
        ) from None
    except (OSError, ValueError, SyntaxError) as error:  # truncated or corrupt data
        raise forms.ValidationError(
            "This photo could not be read; please upload another.", code="invalid_image"
        ) from error
    return SimpleUploadedFile(f"{uuid.uuid4().hex}.jpg", out.getvalue(), content_type="image/jpeg")


def _too_many_pixels(width: int, height: int) -> forms.ValidationError:
    size = f" ({width:,} × {height:,} pixels)" if width else ""
    return forms.ValidationError(
        f"The photo is too large{size}: please upload one of at most "
        f"{max_pixels() // 1_000_000} megapixels.",
        code="too_many_pixels",
    )


def _flattened(image: Image.Image) -> Image.Image:
    """RGB, with any transparency laid on white (JPEG has no alpha)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
