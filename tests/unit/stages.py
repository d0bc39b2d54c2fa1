"""For unit tests: a small project written to disk, and its model made by
the build's own stage functions (load, parse, model), as check.py calls them."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Problem
from generator.load.config import Config, load_config
from generator.load.sources import Sources, load_sources
from generator.load.themes import Theme, load_theme, theme_words
from generator.model.outputs import generated_paths
from generator.model.site import build_sites
from generator.model.types import Parsed, Site
from generator.parse.files import Stored, parse_files


@dataclass
class Model:
    """What the stages made of a project."""

    config: Config
    sources: Sources
    theme: Theme
    parsed: list[Parsed]
    sites: tuple[Site, ...]
    warnings: list[Problem]

    @property
    def static(self) -> list[str]:
        """The theme's files, by output path."""
        return [path for path, _ in self.theme.static]

    @property
    def by_rel(self) -> list[tuple[str, Parsed]]:
        """Each source's parse result, by content-relative path (as the build keeps them)."""
        return list(zip((f.rel for f in self.sources.pages), self.parsed, strict=True))


def write_project(project: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write {path: text} under `project` (texts dedented), with a content/ folder."""
    for name, content in files.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    (project / "content").mkdir(parents=True, exist_ok=True)
    return project


def model_of(project: Path, parse_cache: MutableMapping[tuple[str, str], Stored] | None = None) -> Model:
    """The project's model; `parse_cache` (kept between calls) gives unchanged files the very same parse result."""
    config = load_config(project)
    sources = load_sources(project)
    theme = load_theme(project, config.theme, config.path, config.lines.get("theme"))
    words, warnings = theme_words(theme, config)
    parsed = parse_files(sources.pages, config.markdown, parse_cache if parse_cache is not None else {})
    static = [path for path, _ in theme.static]
    sites, model_warnings = build_sites(config, parsed, sources.assets, generated_paths(config, static), words)
    return Model(config, sources, theme, parsed, sites, warnings + model_warnings)
