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


@pytest.fixture
def unwritable_media(settings, tmp_path):
    # Tests run as root, whom chmod does not stop: a media folder inside a regular file cannot be
    # made by anyone, so writing really fails (as on a full disk or a read-only mount).
    blocker = tmp_path / "geen-map"
    blocker.write_text("een bestand, geen map")
    settings.MEDIA_ROOT = blocker / "media"
    return blocker


def test_a_media_folder_that_cannot_be_written_gives_the_editor_a_clear_json_error(
    client, alice, unwritable_media, caplog
):
    client.force_login(alice)
    response = upload(client, image_bytes())
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "kon niet worden opgeslagen" in response.json()["error"]
    assert not PostImage.objects.exists()
    assert unwritable_media.read_text() == "een bestand, geen map"
    (record,) = [r for r in caplog.records if r.levelname == "ERROR" and r.exc_info]
    assert isinstance(record.exc_info[1], OSError)


def test_a_media_folder_that_cannot_be_written_gives_the_plain_page_a_clear_message(client, alice, unwritable_media):
    client.force_login(alice)
    response = upload(client, image_bytes(), json=False)
    assert response.status_code == 503
    page = response.content.decode()
    assert "kon niet worden opgeslagen" in page
    assert 'value="Een volle leeszaal"' in page  # the description typed is kept for the next try
    assert not PostImage.objects.exists()


def detailed_photo(size):
    """Fine detail, as a photo has (a flat picture hides blurring). Grey, so that the JPEG the
    avatar is stored as does not blur it itself by halving the colour resolution."""
    return Image.effect_noise((size[0] // 8, size[1] // 8), 90).resize(size, Image.Resampling.BICUBIC)


def difference(image, reference):
    from PIL import ImageChops, ImageStat

    return ImageStat.Stat(ImageChops.difference(image.convert("L"), reference.convert("L"))).mean[0]


def test_avatar_and_its_thumbnail_are_as_sharp_as_from_the_whole_picture(client, alice):
    # The pixels are decoded at the size the re-encoding needs: neither the avatar nor its
    # thumbnail may be made from a smaller decode than it needs (a blurred, upscaled face).
    from PIL import ImageOps

    photo = detailed_photo((2000, 1500))
    out = io.BytesIO()
    photo.save(out, format="JPEG", quality=95)
    client.force_login(alice)
    data = {"display_name": "Alice", "department": "Jeugd", "bio": "Hoi"}
    client.post(reverse("people:profile_edit"), {**data, "avatar": SimpleUploadedFile("ik.jpg", out.getvalue())})
    alice.refresh_from_db()
    decoded = Image.open(io.BytesIO(out.getvalue()))
    with Image.open(alice.avatar.path) as avatar, Image.open(alice.avatar_thumbnail.path) as thumb:
        # About 5 when made from the whole picture; above 20 when upscaled from an eighth of it.
        assert difference(avatar, ImageOps.fit(decoded, (256, 256))) < 10
        assert difference(thumb, ImageOps.fit(decoded, (64, 64))) < 10


def truncated(fmt, size, mode="RGB"):
    """A large picture cut off halfway: decoded at reduced size, it must still be refused."""
    out = io.BytesIO()
    gradient = Image.linear_gradient("L").resize(size)
    Image.merge(mode, [gradient] * len(mode)).save(out, format=fmt)
    return out.getvalue()[: len(out.getvalue()) // 2]


@pytest.mark.parametrize(("fmt", "mode"), [("JPEG", "RGB"), ("PNG", "RGBA")])
def test_a_large_picture_cut_off_is_refused_as_post_image_and_as_avatar(client, alice, settings, fmt, mode):
    client.force_login(alice)
    content = truncated(fmt, (6600, 1700), mode)
    response = upload(client, content, name=f"half.{fmt.lower()}")
    assert response.status_code == 400
    assert "beschadigd" in response.json()["error"]
    data = {"display_name": "Alice", "department": "Jeugd", "bio": "Hoi"}
    response = client.post(reverse("people:profile_edit"), {**data, "avatar": SimpleUploadedFile("half", content)})
    assert "beschadigd" in response.content.decode()
    assert stored_files(settings) == []


def turned_halves(fmt, size, mode, alpha=255):
    """Stored with red on top and blue below, with the EXIF orientation of a phone held upright
    (turn a quarter clockwise to show): upright, red is on the right. GPS data beside it."""
    image = Image.new(mode, size, (220, 20, 20, alpha)[: len(mode)])
    image.paste((20, 20, 220, alpha)[: len(mode)], (0, size[1] // 2, size[0], size[1]))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (52.0, 22.0, 12.0)}
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif.tobytes())
    return out.getvalue()


@pytest.mark.parametrize(
    ("fmt", "mode", "alpha"),
    [("JPEG", "RGB", 255), ("PNG", "RGBA", 128)],
    ids=["jpeg decoded at reduced size", "half-transparent png reduced in bands"],
)
def test_avatar_is_upright_keeps_its_colours_and_transparency_and_loses_its_exif(client, alice, fmt, mode, alpha):
    client.force_login(alice)
    data = {"display_name": "Alice", "department": "Jeugd", "bio": "Hoi"}
    avatar = SimpleUploadedFile("ik", turned_halves(fmt, (3200, 2400), mode, alpha))
    assert client.post(reverse("people:profile_edit"), {**data, "avatar": avatar}).status_code == 302
    alice.refresh_from_db()
    for path, side in ((alice.avatar.path, 256), (alice.avatar_thumbnail.path, 64)):
        with Image.open(path) as image:
            assert image.size == (side, side)
            assert not image.getexif()
            left, right = image.getpixel((side // 8, side // 2)), image.getpixel((side * 7 // 8, side // 2))
            assert left[2] > 180 and left[0] < 60, left  # blue on the left
            assert right[0] > 180 and right[2] < 60, right  # red on the right, not darkened
            if mode == "RGBA":
                assert abs(left[3] - alpha) <= 2 and abs(right[3] - alpha) <= 2


def test_an_avatar_that_cannot_be_stored_is_a_clear_message_and_changes_nothing(client, alice, unwritable_media):
    client.force_login(alice)
    photo = SimpleUploadedFile("ik.jpg", image_bytes(), content_type="image/jpeg")
    response = client.post(
        reverse("people:profile_edit"),
        {"display_name": "Alice Nieuw", "department": "Jeugd", "bio": "", "avatar": photo},
    )
    assert response.status_code == 503
    assert "kon niet worden opgeslagen" in response.content.decode()
    alice.refresh_from_db()
    assert (alice.display_name, alice.avatar.name) == ("Alice de Vries", "")
