"""Shared fixtures: a project written from a dict, and the command line."""

from __future__ import annotations

import inspect
import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent

MakeProject = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Write a small handbook project: {path: text} with text dedented."""

    def make(files: dict[str, str | bytes]) -> Path:
        project = tmp_path / "project"
        for name, content in files.items():
            path = project / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        (project / "content").mkdir(parents=True, exist_ok=True)
        return project

    return make


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example handbook (content/ and mentorkit.yaml) to edit."""
    target = tmp_path / "handbook"
    target.mkdir()
    shutil.copytree(REPO / "content", target / "content")
    shutil.copy(REPO / "mentorkit.yaml", target / "mentorkit.yaml")
    return target


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def _runner() -> CliRunner:
    """Standard output and error apart: always so from click 8.2, asked for before
    (the lowest-versions run, .ci/lowest-versions.txt, has click 8.1)."""
    if "mix_stderr" in inspect.signature(CliRunner).parameters:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    return CliRunner()


@pytest.fixture
def cli() -> Callable[..., Run]:
    """Run `mentorkit ARGS` in-process; returns exit code, stdout, stderr."""

    def run(*args: str | Path) -> Run:
        result = _runner().invoke(main, [str(a) for a in args], catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run
