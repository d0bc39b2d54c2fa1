"""`mentorkit build --zip`: the site in one file to email, beside the site folder."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

HOME = "---\ntitle: Home\n---\n\nSee [the roles](roles.md).\n"
ROLES = "---\ntitle: Roles\n---\n\nMentor and mentee.\n"


def names(archive: Path) -> list[str]:
    with zipfile.ZipFile(archive) as opened:
        return opened.namelist()


def test_the_zip_holds_the_site_under_one_folder(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"content/index.md": HOME, "content/roles.md": ROLES, "content/img/logo.png": b"\x89PNG"})
    result = cli("build", project, "--zip")
    assert result.exit_code == 0, result.stderr
    archive = project / "site.zip"
    size = round(archive.stat().st_size / 1e3)
    assert result.stdout.splitlines()[-1] == f"Packed the site into {archive} ({size} kB): unpacked, site/index.html opens in a browser."
    inside = names(archive)
    assert {"site/index.html", "site/roles.html", "site/img/logo.png", "site/theme/style.css", "site/404.html"} <= set(inside)
    assert all(name.startswith("site/") for name in inside)
    assert not any(name.endswith((".mentorkit-manifest.json", ".nojekyll")) for name in inside), "only what a browser opens"
    with zipfile.ZipFile(archive) as opened:
        assert opened.read("site/roles.html") == (project / "site" / "roles.html").read_bytes()


def test_no_zip_unless_asked(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"content/index.md": HOME})
    assert cli("build", project).exit_code == 0
    assert not (project / "site.zip").exists()


def test_the_zip_is_named_after_the_output_folder(make_project, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"content/index.md": HOME})
    result = cli("build", project, "--zip", "--output", tmp_path / "mentors handbook")
    assert result.exit_code == 0, result.stderr
    assert "site/index.html" not in names(tmp_path / "mentors handbook.zip")
    assert "mentors handbook/index.html" in names(tmp_path / "mentors handbook.zip")


def test_a_zip_mentorkit_did_not_make_is_never_replaced(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"content/index.md": HOME, "site.zip": "the coordinator's own file"})
    result = cli("build", project, "--zip")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{project.resolve() / 'site.zip'}: error: cannot write the zip: site.zip exists and was not made by mentorkit\n"
        "  move it away, or choose another folder with --output\n"
        "Stopped: 1 error; nothing was written.\n"
    )
    assert (project / "site.zip").read_text() == "the coordinator's own file"
    assert not (project / "site").exists(), "refused before building"


def test_a_second_build_replaces_its_own_zip(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"content/index.md": HOME})
    assert cli("build", project, "--zip").exit_code == 0
    (project / "content" / "roles.md").write_text(ROLES)
    assert cli("build", project, "--zip").exit_code == 0
    assert "site/roles.html" in names(project / "site.zip")
    assert sorted(p.name for p in project.iterdir()) == [".mentorkit-cache", "content", "site", "site.zip"], "no temporary file left"


def test_with_source_date_epoch_the_same_site_makes_the_same_zip(make_project, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    project = make_project({"content/index.md": HOME, "content/roles.md": ROLES})
    assert cli("build", project, "--zip").exit_code == 0
    first = (project / "site.zip").read_bytes()
    assert cli("build", project, "--zip", "--clean").exit_code == 0
    assert (project / "site.zip").read_bytes() == first
    with zipfile.ZipFile(project / "site.zip") as opened:
        assert {entry.date_time for entry in opened.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_a_link_in_the_output_folder_is_not_followed(make_project, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A file a user put into site/ by hand is kept and zipped; a link, to anything on the disk, is not."""
    secret = tmp_path / "secret.txt"
    secret.write_text("not for mentors")
    project = make_project({"content/index.md": HOME})
    assert cli("build", project).exit_code == 0
    (project / "site" / "notes.txt").write_text("opening hours")
    os.symlink(secret, project / "site" / "secret.txt")
    os.symlink(tmp_path, project / "site" / "everything")
    result = cli("build", project, "--zip")
    assert result.exit_code == 0, result.stderr
    inside = names(project / "site.zip")
    assert "site/notes.txt" in inside
    assert not any("secret" in name or "everything" in name for name in inside)
