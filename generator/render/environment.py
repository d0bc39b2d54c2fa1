"""Render: the Jinja environment a theme's templates run in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2
from jinja2 import nodes

from generator.load.themes import Theme
from generator.render.filters import FILTERS, GLOBALS


class ReadOnce(jinja2.BaseLoader):
    """The theme's templates, each read once for the environment's life.

    What a template's fingerprint digests (incremental/fingerprints.py) is
    then the very text the environment compiled, even when the file is saved
    again while a build runs: read twice, a page could carry the new text's
    fingerprint and the old text's HTML, and be kept as it was ever after.
    """

    def __init__(self, loader: jinja2.BaseLoader) -> None:
        self.loader = loader
        self.sources: dict[str, tuple[str, str | None, Callable[[], bool] | None]] = {}

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        found = self.sources.get(template)
        if found is None:  # a missing template is looked for again: found later, it is new to both
            found = self.sources[template] = self.loader.get_source(environment, template)
        return found

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()


class ThemeEnvironment(jinja2.Environment):
    """A Jinja environment that keeps each template's parse tree, so that
    what a template names can be read from it without parsing it again."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.trees: dict[str, nodes.Template] = {}

    def compile(
        self,
        source: str | nodes.Template,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        if isinstance(source, str):
            source = self.parse(source, name, filename)
            if name is not None:
                self.trees[name] = source
        return super().compile(source, name, filename, raw, defer_init)  # type: ignore[call-overload]


def make_environment(theme: Theme) -> ThemeEnvironment:
    """The Jinja environment: autoescaped, strict about undefined names.

    Made afresh for each build, so templates are not checked for changes on
    every use (three stat calls a page).
    """
    by_theme: dict[str, jinja2.BaseLoader] = {}
    for index, (theme_name, _) in enumerate(theme.own_dirs):
        dirs = [d for _, ds in theme.own_dirs[index:] for d in ds]
        by_theme[theme_name] = jinja2.FileSystemLoader(dirs)
    loader = ReadOnce(jinja2.ChoiceLoader([jinja2.FileSystemLoader(theme.loader_dirs()), jinja2.PrefixLoader(by_theme, delimiter=":")]))
    env = ThemeEnvironment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    env.tests["contains"] = lambda container, item: item in container
    return env
