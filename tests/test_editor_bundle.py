"""The committed editor bundle is what its committed package-lock.json builds, and it follows the CSP.

Rebuilding needs npm and the npm registry: in CI (CI=true) their absence fails the test, on a laptop
it skips it, saying why. Blognet itself never needs Node: the bundle is committed.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FRONTEND = ROOT / "frontend"
BUNDLE_DIR = ROOT / "static" / "vendor" / "blognet-editor"
BUNDLE = BUNDLE_DIR / "blognet-editor.min.js"
SOURCES = ["package.json", "package-lock.json", "build.mjs", "src"]


def files_in(folder):
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in files}


def need_npm():
    if shutil.which("npm") and shutil.which("node"):
        return
    reason = "npm and node are needed to rebuild the editor bundle (apt-get install nodejs npm, Node 20)."
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def test_bundle_is_rebuilt_exactly_from_the_lock(tmp_path):
    need_npm()
    work = tmp_path / "frontend"
    work.mkdir()
    for name in SOURCES:
        source = FRONTEND / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, work / name)
    out = tmp_path / "out"
    env = {**os.environ, "OUT_DIR": str(out), "npm_config_audit": "false", "npm_config_fund": "false"}
    for command in (["npm", "ci", "--no-progress"], ["npm", "run", "build"]):
        done = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
    built, committed = files_in(out), files_in(BUNDLE_DIR)
    assert sorted(built) == sorted(committed), "the bundle's files differ: run `npm ci && npm run build` in frontend/"
    changed = [name for name in built if built[name] != committed[name]]
    assert changed == [], f"rebuilt from the lock these differ from the committed ones: {changed}"


def test_bundle_has_no_eval_and_loads_nothing_from_elsewhere():
    code = BUNDLE.read_text(encoding="utf-8")
    assert not re.search(r"\beval\s*\(", code)
    assert not re.search(r"\bnew\s+Function\s*\(|\bFunction\s*\(\s*['\"`]", code)
    assert not re.search(r"\bimport\s*\(", code), "a dynamic import would load a second file"
    assert "sourceMappingURL" not in code


def test_every_bundled_package_has_its_licence_committed():
    listed = (BUNDLE_DIR / "LICENSES.txt").read_text(encoding="utf-8").splitlines()[2:]
    assert any(line.startswith("@tiptap/markdown ") for line in listed)
    assert any(line.startswith("prosemirror-view ") for line in listed)
    for line in listed:
        licence_file = line.rsplit(": ", 1)[1]
        assert (BUNDLE_DIR / licence_file).is_file(), line


def test_editor_page_loads_the_bundle_and_no_easymde(client, alice):
    client.force_login(alice)
    page = client.get("/write/").content.decode()
    assert "vendor/blognet-editor/blognet-editor.min.js" in page
    assert "easymde" not in page.lower() and "font-awesome" not in page
    # Without JavaScript the plain textarea is the editor, and it is what the form sends.
    assert re.search(r'<textarea name="body"[^>]*>', page)
    assert '<template id="editor-template">' in page
