"""What pyproject.toml promises a user: dependency floors that are tested."""

from __future__ import annotations

from importlib.metadata import requires
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

REPO = Path(__file__).resolve().parent.parent


def floors() -> dict[str, str]:
    """The lowest version each dependency (and the pdf extra) allows, by normalised name."""
    found: dict[str, str] = {}
    for text in requires("mentorkit") or []:
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": "pdf"}):
            continue  # the test tools
        if requirement.name == "mentorkit":
            continue
        lowest = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        assert lowest, f"{requirement.name} has no floor in pyproject.toml"
        found[requirement.name.lower().replace("_", "-")] = lowest[0]
    return found


def pinned() -> dict[str, str]:
    lines = (REPO / ".ci" / "lowest-versions.txt").read_text(encoding="utf-8").splitlines()
    pins = [line.split("==") for line in lines if line.strip() and not line.startswith("#")]
    return {name.strip().lower(): version.strip() for name, version in pins}


def test_the_lowest_versions_tested_are_the_floors_declared() -> None:
    """A floor raised in pyproject.toml without the CI's constraints (or the other way round) fails here."""
    declared, tested = floors(), pinned()
    assert set(tested) == set(declared), "every dependency, and only they, in .ci/lowest-versions.txt"
    for name, version in declared.items():
        assert Version(tested[name]) == Version(version), (
            f"{name}: pyproject.toml says >={version}, .ci/lowest-versions.txt tests {tested[name]}"
        )


def test_the_weasyprint_check_says_the_declared_floor() -> None:
    """`build --pdf` refuses an older WeasyPrint installed on its own, at the floor the [pdf] extra declares."""
    from generator.render.pdf import LOWEST_WEASYPRINT

    assert Version(floors()["weasyprint"]) == Version(str(LOWEST_WEASYPRINT))
