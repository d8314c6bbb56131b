"""Production settings: static files collect under whitenoise's manifest storage, and the pages use them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_collectstatic_with_production_settings_finds_every_referenced_file(tmp_path):
    # The manifest storage fails when a stylesheet refers to a file that is not there (a font,
    # a source map), which would only show once deployed.
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "test-only-" + "x" * 50,
        "ALLOWED_HOSTS": "blognet.example.org",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    for asset in ("vendor/bootstrap/bootstrap.min.css", "vendor/blognet-editor/blognet-editor.min.js", "js/editor.js"):
        assert f'"{asset}"' in manifest
