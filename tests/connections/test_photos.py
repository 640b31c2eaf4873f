"""Profile photos (issue 16, finding 12): a decompression bomb is refused unopened, and every
accepted photo is re-encoded small, upright and without metadata (Pillow)."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.connections.test_people import edit_data

pytestmark = pytest.mark.django_db


def bomb_png(side: int = 12_000) -> bytes:
    """A 1-bit PNG of ``side`` × ``side`` black pixels, compressed to a few KB, written row by
    row so that the test never holds the pixels either."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def photo_with_gps(size=(3000, 2000)) -> bytes:
    image = Image.new("RGB", size, "teal")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° to stand upright
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS latitude
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif, comment=b"taken at home")
    return buffer.getvalue()


def upload(client, content: bytes, name: str = "me.png"):
    photo = SimpleUploadedFile(name, content, content_type="image/png")
    return client.post(reverse("connections:profile_edit"), {**edit_data(), "profile-photo": photo})


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# Django's ImageField opens the header first, and Pillow warns about the size: expected here.
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_decompression_bomb_is_refused_before_it_is_unpacked(member, member_client):
    bomb = bomb_png()
    assert len(bomb) < 40_000  # 144 million pixels in a few kilobytes
    response = upload(member_client, bomb)
    assert response.status_code == 200
    assert (
        "The photo is too large (12,000 × 12,000 pixels): please upload one of at most "
        "40 megapixels."
    ) in response.content.decode()
    member.profile.refresh_from_db()
    assert not member.profile.photo


def test_a_photo_is_stored_small_upright_and_without_metadata(member, member_client):
    assert upload(member_client, photo_with_gps(), "holiday.jpg").status_code == 302
    member.profile.refresh_from_db()
    stored = member.profile.photo
    assert stored.name.startswith("photos/") and "holiday" not in stored.name
    with Image.open(stored.path) as image:
        assert image.format == "JPEG"
        assert image.size == (341, 512)  # 3000 × 2000 turned upright, longest side 512
        assert not image.getexif()
        assert "comment" not in image.info and "icc_profile" not in image.info
    assert b"PhoneMaker" not in stored.read()


def test_transparent_and_paletted_images_are_flattened(member, member_client):
    buffer = BytesIO()
    Image.new("RGBA", (40, 20), (255, 0, 0, 0)).save(buffer, format="PNG")
    assert upload(member_client, buffer.getvalue()).status_code == 302
    member.profile.refresh_from_db()
    with Image.open(member.profile.photo.path) as image:
        assert (image.mode, image.size) == ("RGB", (40, 20))
        assert image.getpixel((5, 5)) == (255, 255, 255)  # transparency laid on white
