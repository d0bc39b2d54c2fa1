"""Builds with the cache: nothing changed means nothing rendered and nothing
written; after any series of edits the site equals a clean build, byte for byte."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from generator.build import BuildOptions, BuildResult, BuildState, build
from generator.write.site_writer import MANIFEST

REPO = Path(__file__).resolve().parent.parent


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def html_pages(project: Path, language: str) -> set[str]:
    """The page each Markdown file in content/<language>/ becomes, however many the example has."""
    folder = project / "content" / language
    return {f"{language}/{p.relative_to(folder).with_suffix('.html').as_posix()}" for p in folder.rglob("*.md")}


def assert_same_as_clean_build(project: Path, tmp_path: Path) -> None:
    clean = tmp_path / f"clean-{len(list(tmp_path.iterdir()))}"
    build(project, BuildOptions(clean, cache="off"))
    assert tree(project / "site") == tree(clean)


def test_nothing_changed_renders_and_writes_nothing(project: Path) -> None:
    first = build(project)
    assert html_pages(project, "en") | html_pages(project, "fr") <= set(first.rendered)
    site = project / "site"
    inode = site.stat().st_ino
    stamps = {p: p.stat().st_mtime_ns for p in site.rglob("*")}
    second = build(project)
    assert second.rendered == () and second.report.written == 0
    assert site.stat().st_ino == inode, "the site folder was not replaced"
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*")} == stamps


@pytest.mark.parametrize(
    "name",
    ["guide/safety-and-trust.md", "index.md", "programmes/one-to-one.md"],
    ids=["a guidance page", "the home page", "a programme"],
)
def test_a_body_edit_renders_that_page_only(project: Path, tmp_path: Path, name: str) -> None:
    build(project)
    page = project / "content" / "en" / name
    page.write_text(page.read_text() + "\nOne more paragraph about trust.\n")
    result = build(project)
    # Of the pages, that one alone: its neighbours, the pages it links to, and for the home page every page,
    # for a programme the forms it uses, hold only its address and titles (a PageLink), which did not change.
    # Besides: the search index holding its words, the print pages and summaries showing its text.
    assert {path for path in result.rendered if path in html_pages(project, "en")} == {"en/" + name[: -len(".md")] + ".html"}
    assert "en/search-index.js" in result.rendered
    assert not [path for path in result.rendered if path.startswith("fr/")], "no page of the other language shows it"
    assert "One more paragraph about trust." in (project / "site" / "en" / (name[: -len(".md")] + ".html")).read_text()
    assert_same_as_clean_build(project, tmp_path)


class Rebuild:
    """Builds one after another, as the command line makes them (the cache
    saved in the project) or as `mentorkit serve` does (the cache in memory,
    the site updated in place, the files the watcher saw read again)."""

    def __init__(self, project: Path, preview: bool) -> None:
        self.project = project
        self.preview = preview
        self.last: BuildResult | None = None
        self.state = BuildState(lock=threading.Lock())

    def __call__(self) -> BuildResult:
        if not self.preview:
            self.last = build(self.project)
            return self.last
        seen = {str(p) for folder in ("content", "themes") for p in (self.project / folder).rglob("*")}
        self.state.changed |= seen
        self.last = build(self.project, BuildOptions(self.project / "site"), self.state)
        return self.last


@pytest.mark.slow
@pytest.mark.parametrize("preview", [False, True], ids=["command line", "preview"])
def test_a_series_of_edits_equals_a_clean_build(project: Path, tmp_path: Path, preview: bool) -> None:
    build = Rebuild(project, preview)
    build()
    content = project / "content" / "en"
    # Only the text of a page, of a form and of a programme: those pages (a programme's summary and
    # calendar come from it), the search index, and pages whose context holds the page (neighbours, backlinks).
    programme = ("en/programmes/cohort-at-a-glance.html", "en/programmes/cohort.ics")
    for name, also in (("guide/safety-and-trust.md", ()), ("forms/goals.md", ()), ("programmes/cohort.md", programme)):
        before = build.last
        edited = content / name
        edited.write_text(edited.read_text() + "\nOne more paragraph.\n")
        result = build()
        url = "en/" + name.replace(".md", ".html")
        assert {url, "en/search-index.js", *also} <= set(result.rendered), name
        assert not [path for path in result.rendered if path.startswith("fr/")], name
        assert "One more paragraph." in (project / "site" / url).read_text()
        assert_same_as_clean_build(project, tmp_path)
        if preview:  # the model was not made again: the other pages are the last build's
            assert before is not None
            assert result.sites[0].by_url["en/roles.html"] is before.sites[0].by_url["en/roles.html"]
    # A title: its section's navigation, its neighbours and the pages it links to (backlinks) change.
    page = content / "guide" / "sharing-experience.md"
    page.write_text(page.read_text().replace("title: Share insight and experience", "title: Share what you know"))
    result = build()
    assert {"en/guide/sharing-experience.html", "en/guide/index.html", "en/guide/safety-and-trust.html"} <= set(result.rendered)
    assert "en/forms/agreement.html" not in result.rendered and "en/programmes/cohort.html" not in result.rendered
    assert_same_as_clean_build(project, tmp_path)
    # A top-level page's title shows on every page.
    roles = content / "roles.md"
    roles.write_text(roles.read_text().replace('title: "Roles: mentor, mentee and coordinator"', "title: Who does what"))
    result = build()
    assert html_pages(project, "en") <= set(result.rendered), "every English page"
    assert not any(path.startswith("fr/") for path in result.rendered), "other languages have their own titles"
    assert_same_as_clean_build(project, tmp_path)
    # A new page, then a renamed one, then a deleted one.
    (content / "guide" / "peer-mentoring.md").write_text("---\ntitle: Peer mentoring\norder: 9\n---\nWhen mentor and mentee are equals.\n")
    build()
    assert_same_as_clean_build(project, tmp_path)
    (content / "guide" / "peer-mentoring.md").rename(content / "guide" / "mentoring-peers.md")
    build()
    assert not (project / "site" / "en" / "guide" / "peer-mentoring.html").exists()
    assert_same_as_clean_build(project, tmp_path)
    (content / "guide" / "mentoring-peers.md").unlink()
    build()
    assert_same_as_clean_build(project, tmp_path)
    # A form's title: the forms list, the programmes using it and its page change.
    goals = content / "forms" / "goals.md"
    goals.write_text(goals.read_text().replace("title: Goal worksheet", "title: Goals worksheet"))
    result = build()
    assert {"en/forms/goals.html", "en/forms/index.html", "en/programmes/one-to-one.html"} <= set(result.rendered)
    assert "fr/forms/goals.html" not in result.rendered, "the French form has its own title"
    assert_same_as_clean_build(project, tmp_path)
    # A form's fields: its translations share them.
    goals.write_text(goals.read_text().replace('version: "1.0"', 'version: "1.1"'))
    result = build()
    assert {"en/forms/goals.html", "fr/forms/goals.html"} <= set(result.rendered)
    assert 'en/forms/goals.html|1.1"' in (project / "site" / "fr" / "forms" / "goals.html").read_text()
    assert_same_as_clean_build(project, tmp_path)
    # A template of the project's own: only pages using it.
    override = project / "themes" / "default" / "templates" / "form.html"
    override.parent.mkdir(parents=True)
    override.write_text('{% extends "default:form.html" %}{% block backlinks_title %}Read more{% endblock %}')
    result = build()
    assert result.rendered and all(
        path.split("/", 1)[1].startswith("forms/") and not path.endswith("/forms/index.html") for path in result.rendered
    )
    assert_same_as_clean_build(project, tmp_path)
    # The config: everything.
    config = project / "mentorkit.yaml"
    config.write_text(config.read_text().replace("title: The Mentoring Handbook", "title: Our Handbook"))
    result = build()
    assert html_pages(project, "en") <= set(result.rendered), "every page with the main title (French has its own)"
    assert_same_as_clean_build(project, tmp_path)


def test_a_hand_edited_output_is_made_again(project: Path, tmp_path: Path) -> None:
    build(project)
    page = project / "site" / "en" / "roles.html"
    page.write_text("changed by hand")
    result = build(project)
    assert result.rendered == ("en/roles.html",)
    assert_same_as_clean_build(project, tmp_path)


def test_no_cache_and_clean(project: Path, cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("build", project).exit_code == 0
    assert (project / ".mentorkit-cache" / "build.pickle").is_file()
    again = cli("build", project)
    assert "(nothing changed)" in again.stdout
    clean = cli("build", project, "--clean")
    assert "(nothing changed)" not in clean.stdout and "files made" in clean.stdout
    shutil.rmtree(project / ".mentorkit-cache")
    assert cli("build", project, "--no-cache").exit_code == 0
    assert not (project / ".mentorkit-cache").exists()
    assert (project / "site" / MANIFEST).is_file()


def test_a_damaged_cache_is_ignored(project: Path, cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("build", project).exit_code == 0
    (project / ".mentorkit-cache" / "build.pickle").write_bytes(b"not a pickle")
    result = cli("build", project)
    assert result.exit_code == 0 and result.stderr == ""


def test_nothing_changed_loads_neither_parser_nor_templates(project: Path) -> None:
    build(project)
    code = (
        "import sys; from pathlib import Path; import generator.cli; from generator.build import build; "
        f"r = build(Path({str(project)!r})); "
        "print(r.rendered, r.pages, 'markdown_it' in sys.modules, 'jinja2' in sys.modules)"
    )
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == f"() {len(list((project / 'content').rglob('*.md')))} False False"


def test_a_new_user_file_is_still_reported(project: Path, cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("build", project).exit_code == 0
    (project / "site" / "CNAME").write_text("handbook.example.org\n")
    result = cli("build", project)
    assert "Kept 1 file(s) in the output folder that mentorkit did not write: CNAME" in result.stderr
    assert (project / "site" / "CNAME").is_file()


def test_unchanged_sources_are_not_even_read(project: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The last build records every source's size, times and inode; when all
    are the same, the build stops without reading a source."""
    import generator.build
    import generator.load.sources

    monkeypatch.setattr(generator.load.sources, "RACY_SECONDS", 0.0)  # the example was copied a moment ago
    time.sleep(0.05)  # past the file system's clock tick
    build(project)
    read = []
    load = generator.build.load_sources
    monkeypatch.setattr(generator.build, "load_sources", lambda *args: read.append(1) or load(*args))
    assert build(project).rendered == () and read == []
    page = project / "content" / "en" / "guide" / "safety-and-trust.md"
    stat = page.stat()
    time.sleep(0.05)
    page.write_text(page.read_text().replace("trust", "TRUST", 1))  # same size
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the old modification time
    assert "en/guide/safety-and-trust.html" in build(project).rendered, "the change time told"
    assert read == [1]


def test_a_source_changed_just_before_a_build_is_read_next_time(project: Path) -> None:
    """Within RACY_SECONDS a second change could leave a file's times as they
    were, so such a build records no sizes and times (as git does)."""
    page = project / "content" / "en" / "guide" / "safety-and-trust.md"
    page.write_text(page.read_text() + "\nJust written.\n")
    build(project)
    assert json.loads((project / ".mentorkit-cache" / "last-build.json").read_text())["quick"] is None
    page.write_text(page.read_text().replace("Just written.", "Just WRITTEN."))
    assert "en/guide/safety-and-trust.html" in build(project).rendered


def test_the_next_build_parses_only_the_edited_page(project: Path, monkeypatch, cli) -> None:  # type: ignore[no-untyped-def]
    """The parsed pages are saved apart from the rest of the cache (while the
    pages render); a later build, in another process, finds them there."""
    import generator.parse.files

    assert cli("build", project).exit_code == 0
    assert (project / ".mentorkit-cache" / "parsed.pickle").is_file()
    parsed: list[str] = []
    parse_file = generator.parse.files.parse_file
    monkeypatch.setattr(generator.parse.files, "parse_file", lambda file, md: parsed.append(file.rel) or parse_file(file, md))
    page = project / "content" / "en" / "guide" / "safety-and-trust.md"
    page.write_text(page.read_text() + "\nOne more line.\n")
    assert "en/guide/safety-and-trust.html" in build(project).rendered
    assert parsed == ["en/guide/safety-and-trust.md"]


def test_a_damaged_parsed_cache_means_parsing_again(project: Path, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("build", project).exit_code == 0
    (project / ".mentorkit-cache" / "parsed.pickle").write_bytes(b"\x80\x05broken")
    page = project / "content" / "en" / "roles.md"
    page.write_text(page.read_text() + "\nOne more line.\n")
    result = cli("build", project)
    assert result.exit_code == 0 and result.stderr == ""
    assert_same_as_clean_build(project, tmp_path)


def test_a_mentorkit_that_reads_pages_otherwise_makes_them_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A mentorkit whose parsing changed (CACHE_FORMAT raised, the version number
    the same, as between two commits) makes the pages again at its first build,
    though no source changed: 'nothing changed' kept the older one's pages (raw
    HTML's links left as written, until a page was edited or --no-cache)."""
    from generator.incremental import cache
    from generator.parse import markdown

    project = tmp_path / "handbook"
    (project / "content").mkdir(parents=True)
    (project / "content" / "index.md").write_text('# Home\n\nRead <a href="roles.md">the roles</a>.\n')
    (project / "content" / "roles.md").write_text("# Roles\n")
    monkeypatch.setattr(cache, "CACHE_FORMAT", cache.CACHE_FORMAT - 1)
    monkeypatch.setattr(markdown, "replace_addresses", lambda text, replace: text)  # as before raw links were read
    build(project)
    assert 'Read <a href="roles.md">the roles</a>' in (project / "site" / "index.html").read_text()
    monkeypatch.undo()
    build(project)
    assert 'Read <a href="roles.html">the roles</a>' in (project / "site" / "index.html").read_text()
    assert_same_as_clean_build(project, tmp_path)
