"""Whole projects under tests/sites/: invalid ones must fail with exactly
the text in their expected.txt (exit code 1, no traceback, nothing written).

To add a case: a folder with the project's files, an optional args.txt
(extra arguments for `mentorkit build`; {project} is the project folder) and
expected.txt (what mentorkit prints on stderr).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SITES = Path(__file__).parent / "sites"
INVALID = sorted(p.name for p in (SITES / "invalid").iterdir() if p.is_dir())
CASE_FILES = {"args.txt", "expected.txt"}


def copy_case(case: Path, target: Path) -> Path:
    shutil.copytree(case, target, ignore=lambda folder, names: CASE_FILES & set(names) if Path(folder) == case else set())
    return target


def run_build(project: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", str(project), *args], capture_output=True, text=True, env=env, cwd=project.parent
    )


@pytest.mark.parametrize("name", INVALID)
def test_invalid_site(name: str, tmp_path: Path) -> None:
    case = SITES / "invalid" / name
    project = copy_case(case, tmp_path / "project")
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    args_file = case / "args.txt"
    args = args_file.read_text().replace("{project}", str(project)).split() if args_file.exists() else []
    result = run_build(project, args)
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    assert result.stderr.replace(str(project), "{project}") == expected
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    after = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    assert after == before, "a failed build must not change or add files"


def test_every_case_has_expected_text() -> None:
    assert len(INVALID) >= 10
    for name in INVALID:
        assert (SITES / "invalid" / name / "expected.txt").is_file(), name
