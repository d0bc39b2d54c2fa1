"""What the random edits of tests/test_cache_fuzz.py found, each cut down to a
small case: a cached or preview build that differed from a clean one."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from generator.errors import MentorkitError
from tests.conftest import MakeProject


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def differing(one: Path, other: Path) -> list[str]:
    a, b = tree(one), tree(other)
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


def test_the_offline_copy_is_named_the_same_whatever_folder_the_site_is_built_in(make_project: MakeProject, tmp_path: Path) -> None:
    """sw.js named its cache after the build's inputs, the output folder among them: the same
    sources built into site/ and public/ (or by the preview, into its own folder) differed."""
    project = make_project({"mentorkit.yaml": "offline: true\n", "content/index.md": "# Home\n\nWelcome.\n"})
    build(project, BuildOptions(tmp_path / "one", cache="off"))
    build(project, BuildOptions(tmp_path / "two", cache="off"))
    assert differing(tmp_path / "one", tmp_path / "two") == []


def test_a_pdf_deleted_from_content_is_not_taken_for_one_an_earlier_build_made_with_pdf(make_project: MakeProject, tmp_path: Path) -> None:
    """A build without --pdf told of every PDF gone from the site as one 'an earlier build made
    with --pdf', and to build with --pdf to keep it: a leaflet deleted from content/ too."""
    project = make_project(
        {"content/index.md": "# Home\n\nThe [leaflet](files/leaflet.pdf).\n", "content/files/leaflet.pdf": b"%PDF-1.4\n"}
    )
    build(project, BuildOptions(tmp_path / "site"))
    (project / "content/files/leaflet.pdf").unlink()
    (project / "content/index.md").write_text("# Home\n\nNo leaflet.\n", encoding="utf-8")
    result = build(project, BuildOptions(tmp_path / "site"))
    assert [w.message for w in result.warnings] == []
    assert not (tmp_path / "site/files/leaflet.pdf").exists()


def test_a_template_that_does_not_parse_where_there_was_none_fails_the_cached_build_too(make_project: MakeProject, tmp_path: Path) -> None:
    """A template that does not parse was fingerprinted as an empty one, as a missing one is:
    a page including it `ignore missing` was kept as the last build made it, without it, and the
    cached build succeeded where a clean one fails."""
    project = make_project(
        {
            "content/index.md": "# Home\n\nWelcome.\n",
            "themes/default/templates/page.html": '{% extends "default:page.html" %}'
            '{% block footer %}{{ super() }}{% include "partials/extra.html" ignore missing %}{% endblock %}',
        }
    )
    build(project, BuildOptions(tmp_path / "site"))
    (project / "themes/default/templates/partials").mkdir()
    (project / "themes/default/templates/partials/extra.html").write_text("{% if %}broken{% endif %}\n", encoding="utf-8")
    with pytest.raises(MentorkitError) as clean:
        build(project, BuildOptions(tmp_path / "clean", cache="off"))
    with pytest.raises(MentorkitError) as cached:
        build(project, BuildOptions(tmp_path / "site"))
    assert cached.value.problems == clean.value.problems
