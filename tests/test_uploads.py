import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from blogs.models import PostImage

from .conftest import image_bytes


def upload(client, content, name="foto.jpg", alt="Een volle leeszaal", json=True):
    headers = {"Accept": "application/json"} if json else {}
    return client.post(
        reverse("blogs:image_upload"),
        {"image": SimpleUploadedFile(name, content), "alt_text": alt},
        headers=headers,
    )


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def png_bomb(width=20000, height=20000):
    """A small PNG whose header claims 400 megapixels."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 16)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def noisy_jpeg():
    out = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(out, format="JPEG", quality=95)
    return out.getvalue()


def jpeg_with_gps():
    image = Image.new("RGB", (3000, 2000), (10, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    gps = {1: "N", 2: (52.0, 22.0, 12.0), 3: "E", 4: (4.0, 53.0, 30.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rapport.jpg", b"%PDF-1.4 dit is geen afbeelding" * 20, "geen afbeelding"),
        ("tekening.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "geen afbeelding"),
        ("afgebroken.jpg", noisy_jpeg()[:20000], "beschadigd"),
        ("bom.png", png_bomb(), "te veel pixels"),
        ("plaatje.bmp", image_bytes("BMP"), "geen afbeelding"),
    ],
)
def test_bad_file_is_refused_with_a_clear_message_and_nothing_stored(client, alice, settings, name, content, message):
    client.force_login(alice)
    response = upload(client, content, name=name)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not PostImage.objects.exists()
    assert stored_files(settings) == []


def test_oversized_file_is_refused(client, alice, settings):
    settings.BLOGNET_MAX_UPLOAD_BYTES = 1024
    client.force_login(alice)
    response = upload(client, image_bytes("PNG", size=(300, 300), color=(1, 2, 3)) + b"\0" * 2048)
    assert response.status_code == 400
    assert "te groot" in response.json()["error"]
    assert stored_files(settings) == []


def test_missing_alt_text_is_refused(client, alice, settings):
    client.force_login(alice)
    response = upload(client, image_bytes(), alt="")
    assert response.status_code == 400
    assert stored_files(settings) == []


def test_gps_is_stripped_and_orientation_applied_and_width_limited(client, alice):
    client.force_login(alice)
    response = upload(client, jpeg_with_gps())
    assert response.status_code == 200
    stored = PostImage.objects.get()
    assert response.json()["markdown"] == f"![Een volle leeszaal]({stored.image.url})"
    with Image.open(stored.image.path) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert 0x8825 not in image.getexif()
        # Upright: the portrait orientation was applied, then scaled to the maximum width.
        assert image.height > image.width
        assert image.width <= 1600


@pytest.mark.parametrize("fmt", ["PNG", "GIF", "WEBP"])
def test_accepted_formats_are_stored(client, alice, fmt):
    client.force_login(alice)
    assert upload(client, image_bytes(fmt), name="zonder-extensie").status_code == 200
    with Image.open(PostImage.objects.get().image.path) as image:
        assert image.format == fmt


def test_upload_page_works_without_javascript(client, alice):
    client.force_login(alice)
    response = upload(client, image_bytes(), json=False)
    assert response.status_code == 200
    assert "![Een volle leeszaal](" in response.content.decode()


def test_upload_needs_login(client, settings):
    response = upload(client, image_bytes())
    assert response.status_code == 302
    assert stored_files(settings) == []


def test_avatar_gets_a_square_thumbnail_and_a_bad_one_is_refused(client, alice, settings):
    client.force_login(alice)
    url = reverse("people:profile_edit")
    data = {"display_name": "Alice", "department": "Jeugd", "bio": "Hoi"}
    response = client.post(url, {**data, "avatar": SimpleUploadedFile("x.jpg", b"geen plaatje")})
    assert response.status_code == 200
    assert "geen afbeelding" in response.content.decode()
    assert stored_files(settings) == []
    client.post(url, {**data, "avatar": SimpleUploadedFile("ik.png", image_bytes("PNG", size=(500, 300)))})
    alice.refresh_from_db()
    with Image.open(alice.avatar.path) as avatar, Image.open(alice.avatar_thumbnail.path) as thumb:
        assert avatar.size == (256, 256)
        assert thumb.size == (64, 64)
