"""The build cache (incremental/cache.py): what applies to the next build,
what is forgotten, and saving and loading, where any problem means a fresh cache."""

from __future__ import annotations

import json
import pickle
from dataclasses import replace
from pathlib import Path

import pytest

from generator import __version__
from generator.errors import Problem
from generator.incremental.cache import (
    CACHE_DIR,
    CACHE_FILE,
    CACHE_FORMAT,
    LAST_BUILD_FILE,
    PARSED_FILE,
    BuildCache,
    LastBuild,
    Written,
    cache_path,
    load_cache,
    load_last_build,
    save_cache,
    save_last_build,
    stage_parsed,
)
from generator.incremental.cache_signature import signed, verified
from generator.load.config import MarkdownOptions
from generator.load.sources import load_sources
from generator.parse.files import Stored, parse_files
from tests.unit.stages import write_project

PAGES = {
    "content/index.md": "---\ntitle: Home\n---\n\nWelcome to [the guide](guide.md).\n",
    "content/guide.md": "---\ntitle: Guide\n---\n\n## First steps\n\nStart here.\n",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project", PAGES)


def parsed_pages(project: Path) -> dict[tuple[str, str], Stored]:
    """The project's pages as the parse stage leaves them in the cache."""
    parsed: dict[tuple[str, str], Stored] = {}
    parse_files(load_sources(project).pages, MarkdownOptions(), parsed)
    return parsed


def a_cache(project: Path) -> BuildCache:
    parsed = parsed_pages(project)
    return BuildCache(
        parse_key="markdown-1",
        parsed=parsed,
        output=str(project / "site"),
        written={"index.html": Written("f1", 120, 1_000), "guide.html": Written("f2", 240, 2_000)},
        search={("index.html", "d1"): '{"u":"index.html"}'},
        model=None,
    )


def values(parsed: dict[tuple[str, str], Stored]) -> dict[tuple[str, str], object]:
    return {key: stored.value for key, stored in parsed.items()}


# ---------------------------------------------------------------------------
# for_build: what applies to this build
# ---------------------------------------------------------------------------


def test_for_the_same_options_and_output_everything_applies(project: Path) -> None:
    cache = a_cache(project)
    again = cache.for_build("markdown-1", project / "site")
    assert again.parsed is cache.parsed and again.written is cache.written and again.search is cache.search


def test_other_markdown_options_forget_the_parsed_pages_and_search_entries(project: Path) -> None:
    cache = a_cache(project)
    other = cache.for_build("markdown-2", project / "site")
    assert other.parse_key == "markdown-2"
    assert other.parsed == {} and other.search == {}
    assert other.written == cache.written, "the files written are still there, with their fingerprints"


def test_another_output_folder_forgets_what_was_written(project: Path) -> None:
    cache = a_cache(project)
    other = cache.for_build("markdown-1", project / "elsewhere")
    assert other.output == str(project / "elsewhere")
    assert other.written == {}
    assert other.parsed is cache.parsed and other.search is cache.search


def test_for_build_leaves_the_cache_it_is_called_on_as_it_was(project: Path) -> None:
    cache = a_cache(project)
    parsed, written = dict(cache.parsed), dict(cache.written)
    cache.for_build("markdown-2", project / "elsewhere")
    assert (cache.parse_key, cache.output) == ("markdown-1", str(project / "site"))
    assert cache.parsed == parsed and cache.written == written


def test_an_empty_cache_applies_to_any_build(project: Path) -> None:
    fresh = BuildCache().for_build("markdown-1", project / "site")
    assert (fresh.parsed, fresh.written, fresh.search, fresh.model) == ({}, {}, {}, None)


# ---------------------------------------------------------------------------
# prune_parsed and prune_written: what the build no longer has
# ---------------------------------------------------------------------------


def test_prune_parsed_forgets_sources_gone_or_changed(project: Path) -> None:
    cache = a_cache(project)
    keep = min(cache.parsed)
    cache.prune_parsed({keep, ("new.md", "abc")})
    assert list(cache.parsed) == [keep]


def test_prune_parsed_keeps_everything_still_there(project: Path) -> None:
    cache = a_cache(project)
    before = cache.parsed
    cache.prune_parsed(set(before))
    assert cache.parsed is before


def test_prune_parsed_forgets_search_entries_once_they_outnumber_the_pages_twice(project: Path) -> None:
    cache = a_cache(project)
    keys = set(cache.parsed)
    cache.search = {f"entry-{n}": "{}" for n in range(2 * len(keys))}
    cache.prune_parsed(keys)
    assert len(cache.search) == 2 * len(keys), "up to twice the pages: kept"
    cache.search[("one-more.html", "d")] = "{}"
    cache.prune_parsed(keys)
    assert cache.search == {}


def test_prune_written_keeps_only_this_builds_outputs(project: Path) -> None:
    cache = a_cache(project)
    cache.prune_written({"index.html", "other.html"})
    assert cache.written == {"index.html": Written("f1", 120, 1_000)}


# ---------------------------------------------------------------------------
# Saving and loading
# ---------------------------------------------------------------------------


def test_save_and_load_give_the_same_cache_without_what_lives_in_memory_only(project: Path) -> None:
    cache = a_cache(project)
    save_cache(project, cache)
    loaded = load_cache(project)
    assert replace(loaded, parsed={}) == replace(cache, parsed={})  # the model takes no part in equality
    assert values(loaded.parsed) == values(cache.parsed)
    assert loaded.model is None
    assert (project / CACHE_DIR / ".gitignore").read_text() == "*\n"


def test_the_parsed_pages_are_saved_apart(project: Path) -> None:
    save_cache(project, a_cache(project))
    _, kept = pickle.loads(verified(cache_path(project).read_bytes()) or b"")
    assert kept.parsed == {}
    assert (project / CACHE_DIR / PARSED_FILE).is_file()


def test_parsed_pages_staged_during_the_build_are_saved_with_the_cache(project: Path) -> None:
    cache = a_cache(project)
    staged = stage_parsed(project, cache)
    assert not (project / CACHE_DIR / PARSED_FILE).exists(), "not until the build succeeds"
    save_cache(project, cache, staged)
    assert values(load_cache(project).parsed) == values(cache.parsed)


def test_parsed_pages_staged_by_a_failed_build_are_thrown_away(project: Path) -> None:
    staged = stage_parsed(project, a_cache(project))
    staged.discard()
    assert not (project / CACHE_DIR).exists(), "the folder made for them goes too"


def test_no_cache_file_means_a_fresh_cache(project: Path) -> None:
    assert load_cache(project) == BuildCache()


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"not a pickle at all", id="damaged"),
        pytest.param(pickle.dumps(((__version__, CACHE_FORMAT - 1), BuildCache(parse_key="old"))), id="older-format"),
        pytest.param(pickle.dumps((("0.0.0", CACHE_FORMAT), BuildCache(parse_key="old"))), id="another-version"),
        pytest.param(pickle.dumps(((__version__, CACHE_FORMAT), {"parse_key": "old"})), id="not-a-cache"),
        pytest.param(pickle.dumps("just a text"), id="wrong-shape"),
    ],
)
def test_a_damaged_or_old_cache_file_means_a_fresh_cache(project: Path, content: bytes) -> None:
    save_cache(project, a_cache(project))
    cache_path(project).write_bytes(signed(content))
    assert load_cache(project) == BuildCache()


def test_a_damaged_parsed_file_means_parsing_again(project: Path) -> None:
    cache = a_cache(project)
    save_cache(project, cache)
    (project / CACHE_DIR / PARSED_FILE).write_bytes(signed(b"\x80\x05 damaged"))
    loaded = load_cache(project)
    assert loaded.parsed == {}
    assert loaded.written == cache.written, "the rest of the cache is good"


def test_parsed_pages_saved_for_other_options_are_not_used(project: Path) -> None:
    """A build that stopped after staging its parsed pages: they belong to another cache."""
    save_cache(project, a_cache(project))
    other = BuildCache(parse_key="markdown-2", parsed=parsed_pages(project))
    stage_parsed(project, other).commit()
    loaded = load_cache(project)
    assert loaded.parse_key == "markdown-1"
    assert loaded.parsed == {}


# ---------------------------------------------------------------------------
# LastBuild: enough to tell that nothing changed
# ---------------------------------------------------------------------------


def a_last_build(quick: str | None = "quick-digest") -> LastBuild:
    warning = Problem("content/index.md", 3, "a link to 'nowhere.md' goes nowhere", "check the name", "warning")
    return LastBuild("inputs-digest", 12, [warning], {"index.html": (120, 1_000), "fr/index.html": (80, 2_000)}, quick)


@pytest.mark.parametrize("quick", ["quick-digest", None])
def test_last_build_round_trip(project: Path, quick: str | None) -> None:
    last = a_last_build(quick)
    save_last_build(project, last)
    assert load_last_build(project) == last


def test_no_last_build_record_means_none(project: Path) -> None:
    assert load_last_build(project) is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("{not json", id="damaged"),
        pytest.param(json.dumps({"inputs": "x", "pages": 1}), id="fields-missing"),
        pytest.param(json.dumps({"inputs": "x", "pages": "many", "warnings": [], "outputs": {}}), id="wrong-type"),
        pytest.param(json.dumps({"inputs": "x", "pages": 1, "warnings": [{"what": 1}], "outputs": {}}), id="bad-warning"),
        pytest.param(json.dumps([1, 2, 3]), id="not-a-mapping"),
    ],
)
def test_a_damaged_last_build_record_means_none(project: Path, text: str) -> None:
    save_last_build(project, a_last_build())
    (project / CACHE_DIR / LAST_BUILD_FILE).write_text(text, encoding="utf-8")
    assert load_last_build(project) is None


def test_the_cache_files_live_in_the_cache_folder(project: Path) -> None:
    save_cache(project, a_cache(project))
    save_last_build(project, a_last_build())
    assert {p.name for p in (project / CACHE_DIR).iterdir()} == {".gitignore", CACHE_FILE, PARSED_FILE, LAST_BUILD_FILE}


# ---------------------------------------------------------------------------
# Signed: a cache shipped in someone else's project is never loaded
# ---------------------------------------------------------------------------


class RunsCode:
    """What a hostile pickle does as it loads: here, make a file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.touch, (self.marker,))


@pytest.mark.parametrize("name", [CACHE_FILE, PARSED_FILE])
def test_a_cache_file_this_user_did_not_sign_is_not_loaded(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "keys"))
    cache = a_cache(project)
    save_cache(project, cache)
    marker = tmp_path / "code-ran"
    (project / CACHE_DIR / name).write_bytes(pickle.dumps(RunsCode(marker)))
    loaded = load_cache(project)
    assert not marker.exists(), "the pickle was never loaded"
    assert loaded == (BuildCache() if name == CACHE_FILE else replace(cache, parsed={}))


def test_a_cache_signed_with_another_users_key_is_not_loaded(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "theirs"))
    save_cache(project, a_cache(project))
    assert load_cache(project).written == a_cache(project).written != {}
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "mine"))
    assert load_cache(project) == BuildCache()
    key = tmp_path / "mine" / "mentorkit" / "cache-key"
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) == 32


def test_a_folder_where_the_cache_keeps_a_file_is_a_warning_and_the_site_is_built(tmp_path: Path) -> None:
    from generator.build import build

    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "content" / "index.md").write_text("# Home\n")
    (project / ".mentorkit-cache" / "build.pickle").mkdir(parents=True)
    result = build(project)
    assert (project / "site" / "index.html").is_file()
    assert [(w.path, w.level, w.message) for w in result.warnings] == [
        (
            ".mentorkit-cache/build.pickle",
            "warning",
            "is a folder, where mentorkit keeps a file of its build cache: the cache was not saved",
        )
    ]
    assert (project / ".mentorkit-cache" / "build.pickle").is_dir(), "the user's folder is kept"
    assert not list((project / ".mentorkit-cache").glob("*.tmp-*")), "no temporary file left behind"
