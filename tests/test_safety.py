"""Nothing lost, nothing crashes: atomic builds, only our files, no writing
outside the output folder, and a clear error for every bad input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from corpus import write_corpus

from generator.load.themes import builtin_themes_dir


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def mentorkit(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def builds_of(project: Path) -> list[int]:
    """Processes (worker processes included) still building `project`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"generator" in command and str(project).encode() in command:
            found.append(int(entry.name))
    return found


@pytest.mark.slow
def test_a_killed_build_leaves_the_previous_site(tmp_path: Path) -> None:
    project = tmp_path / "big"
    write_corpus(project, 800)
    assert mentorkit("build", project, "--no-cache").returncode == 0
    old = tree(project / "site")
    config = project / "mentorkit.yaml"
    config.write_text("title: A new title on every page\n")
    started = time.perf_counter()
    assert mentorkit("build", project, "--no-cache", "-o", tmp_path / "timing").returncode == 0
    duration = time.perf_counter() - started
    outcomes = set()
    title = "A new title on every page"
    for fraction in (0.2, 0.4, 0.6, 0.75, 0.9):
        process = subprocess.Popen([sys.executable, "-m", "generator", "build", str(project), "--no-cache"])
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = tree(project / "site")
        if now == old:
            outcomes.add("old")
        else:
            outcomes.add("new")
            assert all(title in now[p].decode() for p in now if p.endswith(".html")), "the site is the old one or the new one, whole"
            old = now
            title = f"Title {fraction}"
            config.write_text(f"title: {title}\n")  # make the next build change everything again
    assert "old" in outcomes, "at least one kill landed before the swap"
    # A worker process whose main process was killed ends as soon as it has results to send.
    deadline = time.monotonic() + 20
    while builds_of(project) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert builds_of(project) == [], "no worker of a killed build is left waiting"
    assert mentorkit("build", project, "--no-cache").returncode == 0
    leftovers = [p.name for p in tmp_path.iterdir() if ".mentorkit-" in p.name] + [
        p.name for p in project.iterdir() if ".mentorkit-new" in p.name or ".mentorkit-old" in p.name
    ]
    assert leftovers == [], "the next build cleans up after a killed one"


def test_a_template_error_in_a_parallel_build_leaves_the_previous_site(tmp_path: Path) -> None:
    """Workers write pages as they render them; one failing page still throws all of it away."""
    project = tmp_path / "big"
    write_corpus(project, 300)
    assert mentorkit("build", project).returncode == 0
    old = tree(project / "site")
    template = project / "themes" / "default" / "templates" / "page.html"
    template.parent.mkdir(parents=True)
    template.write_text(
        "{% extends 'default:page.html' %}{% block title %}"
        "{% if page.url.endswith('page-00150.html') %}{{ page.nope }}{% endif %}{{ super() }}{% endblock %}"
    )
    result = mentorkit("build", project)
    assert result.returncode == 1
    assert "themes/default/templates/page.html:1: error: template error: Page has no attribute 'nope'" in result.stderr
    assert "while rendering content/section-" in result.stderr
    assert tree(project / "site") == old
    assert [p.name for p in tmp_path.iterdir()] == ["big"]
    assert not [p.name for p in project.iterdir() if ".mentorkit-new" in p.name], "the staged pages are gone"


def test_files_a_user_put_in_the_output_are_kept(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"content/index.md": "# Home\n", "content/old.md": "# Old\n"})
    assert cli("build", project).exit_code == 0
    (project / "site" / "CNAME").write_text("handbook.example.org\n")
    (project / "site" / "downloads").mkdir()
    (project / "site" / "downloads" / "poster.pdf").write_bytes(b"%PDF")
    (project / "content" / "old.md").unlink()
    result = cli("build", project)
    assert result.exit_code == 0
    assert "Kept 2 file(s) in the output folder that mentorkit did not write: CNAME, downloads/poster.pdf" in result.stderr
    assert (project / "site" / "CNAME").read_text() == "handbook.example.org\n"
    assert (project / "site" / "downloads" / "poster.pdf").read_bytes() == b"%PDF"
    assert not (project / "site" / "old.html").exists()
    again = cli("build", project, "--clean")
    assert "Kept" not in again.stderr, "reported once"


@pytest.mark.parametrize(
    "output,reason",
    [
        (".", "is the project folder or holds it"),
        ("..", "is the project folder or holds it"),
        ("content", "overlaps 'content'"),
        ("content/site", "overlaps 'content'"),
        ("themes", "overlaps 'themes'"),
        ("/", "is the root or home folder"),
        ("~", "is the root or home folder"),
    ],
)
def test_unsafe_output_folders_are_refused(make_project, cli, output: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"content/index.md": "# Home\n", "themes/mine/theme.yaml": "extends: default\n"})
    target = Path(output).expanduser() if output.startswith(("/", "~")) else project / output
    result = cli("build", project, "--output", target)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{target.resolve()}: error: cannot write the site here: the output folder {reason}\n"
        "  choose another folder with --output, such as 'site'\n"
        "Stopped: 1 error; nothing was written.\n"
    )


def test_the_builtin_themes_folder_is_refused(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"content/index.md": "# Home\n"})
    result = cli("build", project, "--output", builtin_themes_dir() / "default")
    assert result.exit_code == 1 and "cannot write the site here: the output folder overlaps" in result.stderr


@pytest.mark.parametrize("slug", ["../escape", "/etc/passwd", "a/b", "a%2fb", "C:evil", "..", "a\\b"])
def test_slugs_cannot_leave_the_output_folder(make_project, cli, slug: str) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"content/index.md": f"---\ntitle: Home\nslug: {json.dumps(slug)}\n---\n"})
    result = cli("build", project)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"content/index.md:3: error: slug '{slug}' is not a plain file name\n  use letters, digits")
    assert not (project / "site").exists()


def test_a_link_to_a_file_outside_is_a_warning_and_writes_nothing_there(make_project, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"content/index.md": "# Home\n\n[passwords](../../../etc/passwd) ![x](/../../outside.png)\n"})
    result = cli("build", project)
    assert result.exit_code == 0
    assert "content/index.md:3: warning: '../../../etc/passwd' points outside the content folder" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def test_symlinks_out_of_the_project_are_refused(make_project, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.md"
    secret.write_text("# Private notes\n")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "photo.png").write_bytes(b"PNG")
    project = make_project({"content/index.md": "# Home\n"})
    (project / "content" / "notes.md").symlink_to(secret)
    (project / "content" / "pictures").symlink_to(tmp_path / "elsewhere")
    (project / "content" / "inside.md").symlink_to(project / "content" / "index.md")
    result = cli("build", project)
    assert result.exit_code == 1
    hint = "  copy what it leads to into the project, or set 'follow_links: true' in mentorkit.yaml if you trust where it leads\n"
    assert result.stderr == (
        f"content/notes.md: error: is a link to {secret.resolve()}, outside the project\n{hint}"
        f"content/pictures: error: is a link to {(tmp_path / 'elsewhere').resolve()}, outside the project\n{hint}"
        "Stopped: 2 errors; nothing was written.\n"
    )


def errors(make_project, cli, files: dict[str, str | bytes]) -> str:  # type: ignore[no-untyped-def]
    result = cli("build", make_project(files))
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr
    return result.stderr


def test_bom_and_crlf_are_accepted(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(
        {"content/index.md": "\ufeff---\r\ntitle: Home\r\n---\r\nText with\r\n[a link](other.md)\r\n", "content/other.md": "# Other\n"}
    )
    result = cli("build", project, "--strict")
    assert result.exit_code == 0, result.stderr
    assert "<title>Home · Mentoring Handbook</title>" in (project / "site" / "index.html").read_text()


def test_empty_file(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    assert errors(make_project, cli, {"content/index.md": "# Home\n", "content/notes.md": "\n  \n"}) == (
        "content/notes.md:1: error: is empty\n  start it with a title, such as '# Meeting notes', or delete it\nStopped: 1 error; nothing was written.\n"
    )


def test_a_ten_megabyte_page(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    assert errors(make_project, cli, {"content/index.md": "# Home\n" + "word " * 2_000_000}) == (
        "content/index.md: error: is 10.0 MB; pages may be up to 5 MB\n  split it into several pages\nStopped: 1 error; nothing was written.\n"
    )


def test_a_page_of_gigabytes_is_told_without_being_read(make_project, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Its size is known before reading it: a page of 8 GB (a sparse file here) is not read into memory."""
    import generator.load.sources as sources

    project = make_project({"content/index.md": "# Home\n"})
    with (project / "content" / "huge.md").open("wb") as huge:
        huge.truncate(8_000_000_000)
    read = sources.read_problem
    monkeypatch.setattr(sources, "read_problem", lambda files, full, *rest: read(files, full, *rest) if "huge" not in full else 1 / 0)
    result = cli("build", project)
    assert result.exit_code == 1
    assert result.stderr == (
        "content/huge.md: error: is 8000.0 MB; pages may be up to 5 MB\n  split it into several pages\nStopped: 1 error; nothing was written.\n"
    )


def test_deeply_nested_markdown_builds(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    quotes = "> " * 5000 + "deep\n"
    lists = "".join("  " * depth + "- item\n" for depth in range(800))
    project = make_project({"content/index.md": "# Home\n\n" + quotes + "\n" + lists + "\n" + "[" * 5000 + "x" + "]" * 5000 + "\n"})
    result = cli("build", project)
    assert result.exit_code == 0, result.stderr


def test_deeply_nested_yaml(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    front = "title: x\nextra: " + "[" * 3000 + "]" * 3000 + "\n"
    assert errors(make_project, cli, {"content/index.md": f"---\n{front}---\nText\n"}) == (
        "content/index.md:2: error: invalid YAML: lists and mappings are nested too deeply\n  write them flatter\nStopped: 1 error; nothing was written.\n"
    )


def test_yaml_alias_bomb(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    lines = ["title: Bomb", "a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 10) + "]")
    stderr = errors(make_project, cli, {"content/index.md": "---\n" + "\n".join(lines) + "\n---\n"})
    assert stderr.startswith("content/index.md:")
    assert (
        "error: invalid YAML: its aliases expand to more than 200,000 values\n  write the values out instead of repeating anchors" in stderr
    )


def test_front_matter_that_is_not_a_mapping(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    assert errors(make_project, cli, {"content/index.md": "---\njust a sentence\n---\n"}) == (
        "content/index.md:2: error: the front matter must be 'key: value' lines\n  for example: title: Setting goals\nStopped: 1 error; nothing was written.\n"
    )


def test_missing_image(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"content/index.md": "# Home\n\n![Our team](img/team.jpg)\n", "content/img/teams.jpg": b"JPEG"})
    result = cli("build", project, "--strict")
    assert result.exit_code == 1
    assert result.stderr == (
        "content/index.md:3: error: image 'img/team.jpg' not found (looked for content/img/team.jpg)\n"
        "  did you mean 'img/teams.jpg'?\nStopped: 1 error; nothing was written.\n"
    )


def test_script_in_titles_and_labels_is_text(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(
        {
            "content/index.md": "---\ntitle: <script>alert(1)</script>\n---\nHello <b>there</b>\n",
            "content/form.md": "---\ntitle: Form\ntype: form\nfields:\n  - label: <script>alert(2)</script>\n    help: <img src=x onerror=alert(3)>\n---\n",
        }
    )
    assert cli("build", project).exit_code == 0
    home = (project / "site" / "index.html").read_text()
    assert "<script>alert(1)" not in home and "&lt;script&gt;alert(1)&lt;/script&gt;" in home
    assert "Hello <b>there</b>" in home, "raw HTML in Markdown is kept unless markdown.html is false"
    form = (project / "site" / "form.html").read_text()
    assert "<script>alert(2)" not in form and "&lt;script&gt;alert(2)&lt;/script&gt;" in form


def test_check_reports_everything_and_writes_nothing(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(
        {
            "mentorkit.yaml": "title: Check me\n",
            "content/index.md": "# Home\n\nSee [the guide](guide.md#start) and ![logo](logo.png).\n",
            "content/guide.md": "---\ntitle: Guide\norder: first\n---\n## Begin\n",
            "content/lonely.md": "---\ntitle: Lonely form\ntype: form\nfields:\n  - label: Name\n---\n",
        }
    )
    result = cli("check", project)
    assert result.exit_code == 1
    assert result.stdout == (
        "content/guide.md:3: error: 'order' must be a number, not text 'first'\n"
        "content/index.md:3: warning: image 'logo.png' not found (looked for content/logo.png)\n  check the file name and folder\n"
    ), "the guide's mistake hides no other (and its page is not taken for missing)"
    assert result.stderr == "1 error, 1 warning.\n"
    (project / "content" / "guide.md").write_text("---\ntitle: Guide\norder: 1\n---\n## Begin\n")
    result = cli("check", project)
    assert result.exit_code == 0
    assert result.stdout == (
        "content/index.md:3: warning: there is no heading '#start' on 'content/guide.md'\n  the headings there have the ids: begin\n"
        "content/index.md:3: warning: image 'logo.png' not found (looked for content/logo.png)\n  check the file name and folder\n"
        "content/lonely.md:1: warning: no page links to this form and no programme uses it\n  link to it from a guide page\n"
    )
    assert cli("check", project, "--strict").exit_code == 1
    data = json.loads(cli("check", project, "--format", "json").stdout)
    assert data["errors"] == 0 and data["warnings"] == 3
    assert data["problems"][0] == {
        "path": "content/index.md",
        "line": 3,
        "level": "warning",
        "message": "there is no heading '#start' on 'content/guide.md'",
        "hint": "the headings there have the ids: begin",
    }
    assert sorted(p.name for p in project.iterdir()) == ["content", "mentorkit.yaml"], "check writes nothing"


def test_check_finds_template_errors(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(
        {
            "content/index.md": "# Home\n",
            "themes/default/templates/page.html": "{% extends 'default:page.html' %}{% block title %}{{ page.nope }}{% endblock %}",
        }
    )
    result = cli("check", project)
    assert result.exit_code == 1
    assert result.stdout.startswith("themes/default/templates/page.html:1: error: template error: Page has no attribute 'nope'")


def test_check_on_the_example_is_clean(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("check", Path(__file__).resolve().parent.parent, "--strict")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "" and result.stderr == "0 errors, 0 warnings.\n"
    assert os.path.exists(Path(__file__).resolve().parent.parent / "content")
