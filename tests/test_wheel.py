"""The wheel carries the themes and the starter: a project outside the
repository builds after a plain install."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_wheel_installs_and_builds_outside_the_repo(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("mentorkit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/themes/default/templates/base.html" in names
    assert "generator/starter/content/en/guide/index.md" in names
    assert "generator/starter/mentorkit.yaml" in names
    assert "generator/preview/live.js" in names
    assert "generator/schemas/form.schema.json" in names, "the editor schemas (README: Editing with completion)"
    (license_file,) = [name for name in names if name.endswith(".dist-info/licenses/LICENSE")]
    assert "Copyright (c) 2026 the mentorkit authors" in zipfile.ZipFile(wheel).read(license_file).decode()
    metadata = next(name for name in names if name.endswith(".dist-info/METADATA"))
    assert "License-Expression: MIT" in zipfile.ZipFile(wheel).read(metadata).decode()

    env_dir = tmp_path / "fresh"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
    )
    # The dependencies come from the test environment (no network in tests);
    # mentorkit itself only from the wheel: that folder's .pth files are not run.
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True, check=True
    ).stdout.strip()
    Path(site_packages, "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    mentorkit = str(env_dir / "bin" / "mentorkit")
    where = subprocess.run(
        [str(python), "-c", "import generator; print(generator.__file__)"], cwd=work, env=env, capture_output=True, text=True
    )
    assert where.stdout.startswith(str(env_dir)), where
    script = subprocess.run(
        [str(python), "-c", "from generator.preview.server import live_js; print(live_js().decode())"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert script.stdout.startswith("// mentorkit serve"), script  # the preview's script, read from the wheel
    subprocess.run([mentorkit, "new", "x"], cwd=work, env=env, check=True, capture_output=True)
    built = subprocess.run([mentorkit, "build", "x", "--strict"], cwd=work, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert (work / "x" / "site" / "guide" / "clear-expectations.html").is_file()
    subprocess.run([mentorkit, "new", "y", "--language", "fr"], cwd=work, env=env, check=True, capture_output=True)
    built = subprocess.run([mentorkit, "build", "y", "--strict"], cwd=work, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert "Imprimer" in (work / "y" / "site" / "forms" / "agreement.html").read_text(encoding="utf-8")
    assert (work / "x" / "site" / "theme" / "style.css").is_file()
