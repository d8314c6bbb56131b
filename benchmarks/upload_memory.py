"""Peak memory of one image upload, as a post image and as an avatar, per format.

    .venv/bin/python benchmarks/upload_memory.py          # 39.9 megapixels: JPEG, PNG, PNG-alpha
    .venv/bin/python benchmarks/upload_memory.py --formats JPEG PNG PNG-alpha WEBP GIF --megapixels 20

Every upload runs in a fresh process: Django on a temporary SQLite database, a colleague logged
in, one small upload of the same kind first (so imports, templates and Pillow's plugins are
paid for), then the large image posted through the test client. The figure is how far that
upload raised the process's peak resident memory above its resident memory just before.
Pillow allocates its pixels outside Python's allocator, so tracemalloc would miss them: RSS is
the honest figure. The peak is the kernel's VmHWM, reset through /proc/self/clear_refs just
before the upload; ru_maxrss would not do, as Linux floors it at the parent's peak from before
exec (the pictures are made in a process of their own for the same reason).

The pictures are smooth gradients: small as files (the byte limit is far away), costly only
once decoded, which is what a large photo or screenshot costs. The JPEG carries the EXIF
orientation of a phone held upright, so turning it upright is measured too; PNG-alpha is a PNG
with transparency, which Pillow resamples premultiplied.
"""

import argparse
import io
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("post image", "avatar")


def make_image(fmt, megapixels, path):
    from PIL import Image

    width = int(math.sqrt(megapixels * 1e6 * 4 / 3))
    height = int(megapixels * 1e6 // width)
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.merge("RGB", [gradient, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT), gradient.rotate(180)])
    if fmt == "PNG-alpha":
        fmt = "PNG"
        image.putalpha(gradient.rotate(90, expand=False))
    options = {}
    if fmt == "JPEG":
        exif = Image.Exif()
        exif[0x0112] = 6  # shown turned a quarter, as a phone held upright stores it
        options = {"quality": 90, "exif": exif.tobytes()}
    if fmt == "GIF":
        image = image.quantize(64)
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    path.write_bytes(out.getvalue())
    return width, height, len(out.getvalue())


def memory_kib(field):
    """VmRSS (resident now) or VmHWM (peak resident since the last reset), from the kernel."""
    status = Path("/proc/self/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith(f"{field}:")).split()[1])


def reset_peak():
    """Make the peak the present resident memory (Linux 4.0 and later) and return it."""
    Path("/proc/self/clear_refs").write_text("5")
    return memory_kib("VmRSS")


def child(kind, path):
    """Runs in its own process: one warm-up upload, then the measured one; prints JSON."""
    import gc

    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse
    from PIL import Image

    from people.models import User

    user = User.objects.create_user(username=f"meter{os.getpid()}", password="x", display_name="Meter")
    client = Client()
    client.force_login(user)
    data = Path(path).read_bytes()
    fmt = Image.open(io.BytesIO(data)).format
    small = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(small, format=fmt)

    def upload(content):
        image = SimpleUploadedFile(f"foto.{fmt.lower()}", content)
        if kind == "avatar":
            fields = {"display_name": "Meter", "department": "", "bio": "", "avatar": image}
            return client.post(reverse("people:profile_edit"), fields)
        fields = {"image": image, "alt_text": "Meting"}
        return client.post(reverse("blogs:image_upload"), fields, headers={"Accept": "application/json"})

    stored = 302 if kind == "avatar" else 200  # the profile page redirects, the editor gets JSON
    assert upload(small.getvalue()).status_code == stored
    gc.collect()
    before = reset_peak()
    response = upload(data)
    after = memory_kib("VmHWM")
    print(json.dumps({"stored": response.status_code == stored, "peak_kib": after - before}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megapixels", type=float, default=39.9)
    formats = ["JPEG", "PNG", "PNG-alpha", "WEBP", "GIF"]
    parser.add_argument("--formats", nargs="+", default=formats[:3], choices=formats)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--make", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    if args.make:
        return print(json.dumps(make_image(args.formats[0], args.megapixels, Path(args.make))))

    work = Path(tempfile.mkdtemp(prefix="upload-memory-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "blognet.settings",
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
    }
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    print(f"{'upload':<24} {'pixels':>12} {'file':>9} {'peak memory':>12}")
    for fmt in args.formats:
        path = work / f"groot-{fmt.lower()}"
        made = [sys.executable, __file__, "--formats", fmt, "--megapixels", str(args.megapixels), "--make", str(path)]
        width, height, size = json.loads(subprocess.run(made, capture_output=True, text=True, check=True).stdout)
        for kind in KINDS:
            result = subprocess.run(
                [sys.executable, __file__, "--child", kind, str(path)],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            figures = json.loads(result.stdout.strip().splitlines()[-1])
            label = f"{fmt} {kind}" + ("" if figures["stored"] else " (REFUSED)")
            pixels = f"{width}x{height}"
            print(f"{label:<24} {pixels:>12} {size / 2**20:>7.1f}MB {figures['peak_kib'] / 1024:>9.0f} MiB")


if __name__ == "__main__":
    main()
