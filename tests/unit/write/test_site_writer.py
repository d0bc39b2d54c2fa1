import json
from pathlib import Path

import pytest

from generator.errors import MentorkitError
from generator.write.site_writer import MANIFEST, check_output_dir, recover, write_site


def test_write_then_rewrite_keeps_user_files(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(site, {"index.html": b"1", "old.html": b"x", "a/b.html": b"2"})
    (site / "CNAME").write_text("handbook.example.org")
    report = write_site(site, {"index.html": b"new"})
    assert (site / "index.html").read_bytes() == b"new"
    assert not (site / "old.html").exists() and not (site / "a").exists()
    assert (site / "CNAME").read_text() == "handbook.example.org"
    assert report.user_files == ("CNAME",)
    assert write_site(site, {"index.html": b"new"}).user_files == (), "a kept file is reported once"
    assert json.loads((site / MANIFEST).read_text())["files"] == ["index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "no temporary folders left"


def test_many_files_in_many_folders(tmp_path: Path) -> None:
    """Enough files that they are written over several threads, then carried over."""
    site = tmp_path / "site"
    files = {f"s{n % 7}/p{n}.html": f"page {n}".encode() for n in range(300)}
    write_site(site, files)
    write_site(site, {**dict.fromkeys(files), "s0/p0.html": b"changed", "s8/new.html": b"new"})
    assert (site / "s0" / "p0.html").read_bytes() == b"changed"
    assert (site / "s8" / "new.html").read_bytes() == b"new"
    assert all((site / path).read_bytes() == data for path, data in files.items() if path != "s0/p0.html")
    assert json.loads((site / MANIFEST).read_text())["files"] == sorted([*files, "s8/new.html"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "no temporary folders left"


def test_user_file_in_the_way_is_an_error(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(site, {"index.html": b"1"})
    (site / "notes.html").write_text("mine")
    with pytest.raises(MentorkitError) as info:
        write_site(site, {"index.html": b"1", "notes.html": b"ours"})
    assert "was not written by mentorkit" in info.value.problems[0].message
    assert (site / "notes.html").read_text() == "mine"


def test_half_done_swap_is_recovered(tmp_path: Path) -> None:
    old = tmp_path / ".site.mentorkit-old-123"
    old.mkdir()
    (old / "index.html").write_text("previous")
    (tmp_path / ".site.mentorkit-new-456").mkdir()
    recover(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("output", [".", "content", "content/site", "themes/x", ".."])
def test_unsafe_output_folders(tmp_path: Path, output: str) -> None:
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "themes").mkdir()
    with pytest.raises(MentorkitError) as info:
        check_output_dir(project / output, project, [project / "content", project / "themes"])
    assert info.value.problems[0].message.startswith("cannot write the site here: the output folder ")


def test_non_empty_foreign_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "thesis.docx").write_text("x")
    with pytest.raises(MentorkitError):
        check_output_dir(tmp_path / "out", tmp_path / "project", [])
    (tmp_path / "empty").mkdir()
    check_output_dir(tmp_path / "empty", tmp_path / "project", [])
