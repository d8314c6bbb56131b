"""What one large upload costs a worker in memory, measured in a process of its own.

benchmarks/upload_memory.py reports the figures; this pins bounds of one and a half times or
more what an upload costs now (a 40-megapixel JPEG about 76 MiB as post image and next to
nothing as avatar, a transparent PNG 217 and 170) and below what it cost when every upload
was decoded whole and copied (307 and 310 MiB, 364 and 462). Pillow allocates outside Python's
allocator, so the measure is the kernel's peak resident memory (VmHWM), reset before each upload.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BOUNDS_MIB = {
    ("JPEG", "post image"): 150,
    ("JPEG", "avatar"): 60,
    ("PNG", "post image"): 330,
    ("PNG", "avatar"): 300,
}

CHILD = r"""
import gc, io, json, sys, tempfile
from pathlib import Path

import django
django.setup()
from django.core.management import call_command
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from people.models import User


def memory_kib(field):
    status = Path("/proc/self/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith(field + ":")).split()[1])


def picture(fmt):
    # 39.9 megapixels, just under the cap; a JPEG turned as a phone stores it, a PNG with alpha.
    size = (7293, 5470)
    gradient = Image.linear_gradient("L").resize(size)
    out = io.BytesIO()
    if fmt == "JPEG":
        exif = Image.Exif()
        exif[0x0112] = 6
        Image.merge("RGB", [gradient] * 3).save(out, format="JPEG", exif=exif.tobytes())
    else:
        Image.merge("RGBA", [gradient] * 4).save(out, format="PNG")
    return out.getvalue()


call_command("migrate", verbosity=0)
client = Client()
client.force_login(User.objects.create_user(username="meter", password="x", display_name="Meter"))


def upload(kind, content):
    image = SimpleUploadedFile("foto", content)
    if kind == "avatar":
        fields = {"display_name": "Meter", "department": "", "bio": "", "avatar": image}
        return client.post(reverse("people:profile_edit"), fields).status_code == 302
    fields = {"image": image, "alt_text": "Meting"}
    return client.post(reverse("blogs:image_upload"), fields, headers={"Accept": "application/json"}).status_code == 200


small = io.BytesIO()
Image.new("RGB", (40, 30)).save(small, format="PNG")
assert upload("post image", small.getvalue()) and upload("avatar", small.getvalue())
peaks = {}
for fmt in ("JPEG", "PNG"):
    content = picture(fmt)
    for kind in ("post image", "avatar"):
        gc.collect()
        Path("/proc/self/clear_refs").write_text("5")
        before = memory_kib("VmRSS")
        assert upload(kind, content), (fmt, kind)
        peaks[f"{fmt} {kind}"] = (memory_kib("VmHWM") - before) / 1024
print(json.dumps(peaks))
"""


def can_reset_peak():
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


@pytest.mark.skipif(not can_reset_peak(), reason="needs Linux's /proc/self/clear_refs to measure peak memory")
def test_a_40_megapixel_upload_stays_within_its_memory_bound(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "blognet.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'meting.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        env=env,
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    peaks = json.loads(result.stdout.strip().splitlines()[-1])
    over = {f"{fmt} {kind}": bound for (fmt, kind), bound in BOUNDS_MIB.items() if peaks[f"{fmt} {kind}"] > bound}
    assert not over, f"peaks {peaks} MiB exceed the bounds {over} MiB"
