import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator.errors import MentorkitError
from generator.write.site_writer import MANIFEST, SiteWriter, check_output_dir, recover, write_site


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


KILLED_AT_RENAME = """
import os, sys
from pathlib import Path
from generator.write.site_writer import write_site
real, calls = os.rename, []
def rename(source, target):
    real(source, target)
    calls.append(target)
    if len(calls) == int(sys.argv[2]):
        os._exit(9)  # as a SIGKILL would: no clean-up runs
os.rename = rename
write_site(Path(sys.argv[1]), {"index.html": b"new"})
"""


def killed_at_rename(site: Path, count: int) -> None:
    """A build into `site` killed just after its `count`th rename."""
    result = subprocess.run([sys.executable, "-c", KILLED_AT_RENAME, str(site), str(count)], capture_output=True)
    assert result.returncode == 9, result.stderr


@pytest.mark.parametrize("count,content", [(1, "previous"), (2, "new")])
def test_half_done_swap_is_recovered(tmp_path: Path, count: int, content: str) -> None:
    site = tmp_path / "site"
    write_site(site, {"index.html": b"previous"})
    killed_at_rename(site, count)
    token = json.loads((tmp_path / ".site.mentorkit-lock").read_text())["token"]
    left = (
        [".site.mentorkit-lock", f".site.mentorkit-new-{token}", f".site.mentorkit-old-{token}"]
        if count == 1
        else [
            ".site.mentorkit-lock",
            f".site.mentorkit-old-{token}",
            "site",
        ]
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == left
    recover(site)
    assert (site / "index.html").read_text() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "leftovers and the lock file are gone"


def test_folders_that_merely_look_like_leftovers_are_left_alone(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("private")
    project = tmp_path / "project"
    project.mkdir()
    token = "0123456789abcdef"
    (project / f".site.mentorkit-old-{token}").symlink_to(outside)  # a link named as a leftover, and a lock naming it
    (project / ".site.mentorkit-lock").write_text(json.dumps({"pid": 1, "token": token}))
    for name in (".site.mentorkit-new-123", ".site.mentorkit-old-456", f".site.mentorkit-new-{token}x"):
        (project / name).mkdir()
        (project / name / "notes.txt").write_text(name)
    before = {p.relative_to(tmp_path): (p.is_symlink(), p.read_bytes() if p.is_file() else b"") for p in tmp_path.rglob("*")}
    write_site(project / "site", {"index.html": b"home"})
    write_site(project / "site", {"index.html": b"home again"})
    after = {p.relative_to(tmp_path): (p.is_symlink(), p.read_bytes() if p.is_file() else b"") for p in tmp_path.rglob("*")}
    site = {p for p in after if p.parts[:2] == ("project", "site")}
    lock = Path("project/.site.mentorkit-lock")
    assert {p: v for p, v in after.items() if p not in site} == {p: v for p, v in before.items() if p != lock}
    assert sorted(p.relative_to(project / "site").as_posix() for p in (project / "site").rglob("*")) == [MANIFEST, "index.html"]


def test_every_kind_of_entry_a_user_puts_in_the_output_is_kept(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "poster.pdf").write_bytes(b"%PDF")
    write_site(site, {"index.html": b"1", "guide/a.html": b"a"})
    (site / "downloads").symlink_to(tmp_path / "shared")
    (site / "latest.pdf").symlink_to("downloads/poster.pdf")
    (site / "gone").symlink_to(tmp_path / "nothing-here")
    (site / "uploads" / "2027").mkdir(parents=True)
    (site / "guide" / "drafts").mkdir()
    (site / "empty").mkdir()
    os.mkfifo(site / "pipe")
    (site / "CNAME").write_text("handbook.example.org")
    kinds = {"downloads", "latest.pdf", "gone", "pipe", "CNAME", "uploads/2027/", "guide/drafts/", "empty/"}
    report = write_site(site, {"index.html": b"2"})
    assert sorted(report.user_files) == sorted(kinds)
    for _ in range(2):
        assert (site / "downloads").is_symlink() and (site / "downloads" / "poster.pdf").read_bytes() == b"%PDF"
        assert os.readlink(site / "latest.pdf") == "downloads/poster.pdf"
        assert os.readlink(site / "gone") == str(tmp_path / "nothing-here")
        assert (site / "uploads" / "2027").is_dir() and (site / "guide" / "drafts").is_dir() and (site / "empty").is_dir()
        assert stat.S_ISFIFO(os.lstat(site / "pipe").st_mode)
        assert (site / "CNAME").read_text() == "handbook.example.org"
        assert not (site / "guide" / "a.html").exists()
        assert write_site(site, {"index.html": b"3"}).user_files == (), "reported once"
    assert sorted(p.name for p in (tmp_path / "shared").iterdir()) == ["poster.pdf"], "nothing written through the link"


@pytest.mark.parametrize("kind", ["link to a folder", "file", "link to a file"])
def test_an_entry_where_the_build_needs_a_folder_is_an_error(tmp_path: Path, kind: str) -> None:
    site = tmp_path / "site"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write_site(site, {"index.html": b"1"})
    if kind == "file":
        (site / "guide").write_text("mine")
    else:
        (site / "guide").symlink_to(elsewhere if kind == "link to a folder" else site / "index.html")
    with pytest.raises(MentorkitError) as info:
        write_site(site, {"index.html": b"1", "guide/a.html": b"a"})
    assert [p.format() for p in info.value.problems] == [
        f"{site / 'guide'}: error: was not written by mentorkit, and the build would replace it\n  move or rename your file, then build again"
    ]
    assert list(elsewhere.iterdir()) == [], "nothing written through the link"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "site"]


@pytest.mark.parametrize("kind", ["link", "pipe", "folder"])
def test_a_lock_file_that_is_not_a_plain_file_is_an_error(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "target.txt"
    target.write_text("keep me")
    lock = tmp_path / ".site.mentorkit-lock"
    if kind == "link":
        lock.symlink_to(target)
    elif kind == "pipe":
        os.mkfifo(lock)
    else:
        lock.mkdir()
    with pytest.raises(MentorkitError) as info:
        write_site(tmp_path / "site", {"index.html": b"1"})
    why = {"link": "is a link", "pipe": "is not a file but a pipe, socket or device", "folder": "cannot be opened: Is a directory"}[kind]
    assert [p.format() for p in info.value.problems] == [
        f"{lock}: error: {why}\n  delete it: mentorkit keeps a plain file of its own there while it builds"
    ]
    assert target.read_text() == "keep me" and not (tmp_path / "site").exists()


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


def test_a_site_updated_in_place_keeps_only_the_folders_a_fresh_one_has(tmp_path: Path) -> None:
    """The preview updates its site in place (with a lock): a folder its removals emptied
    stayed, and the next build took it for one of the user's, kept and reported it."""
    site, lock = tmp_path / "site", threading.Lock()
    write_site(site, {"index.html": b"1", "a/b/c.html": b"c", "x/y.html": b"y"})
    (site / "x" / "notes.txt").write_text("mine")
    report = write_site(site, {"index.html": b"2"}, lock)
    assert report.user_files == ("x/notes.txt",)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [MANIFEST, "index.html", "x", "x/notes.txt"]
    assert write_site(site, {"index.html": b"3"}, lock).user_files == ()


def test_an_in_place_update_that_fails_leaves_no_folder_behind(tmp_path: Path) -> None:
    """A preview build that failed (a template's error) after making the folders of its
    new pages left them, empty; the next build took them for the user's."""
    site, lock = tmp_path / "site", threading.Lock()
    write_site(site, {"index.html": b"1", "guide/a.html": b"a"})
    with pytest.raises(MentorkitError), SiteWriter(site, ["index.html", "guide/a.html", "new/deep/page.html"], lock) as writer:
        writer.write("new/deep/page.html", b"x")
        raise MentorkitError([])
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [MANIFEST, "guide", "guide/a.html", "index.html"]
    assert write_site(site, {"index.html": b"2", "guide/a.html": b"a"}, lock).user_files == ()
