"""Render: the Jinja environment a theme's templates run in."""

from __future__ import annotations

import jinja2

from generator.load.themes import Theme
from generator.render.filters import FILTERS, GLOBALS


def make_environment(theme: Theme) -> jinja2.Environment:
    """The Jinja environment: autoescaped, strict about undefined names.

    Made afresh for each build, so templates are not checked for changes on
    every use (three stat calls a page).
    """
    by_theme: dict[str, jinja2.BaseLoader] = {}
    for index, (theme_name, _) in enumerate(theme.own_dirs):
        dirs = [d for _, ds in theme.own_dirs[index:] for d in ds]
        by_theme[theme_name] = jinja2.FileSystemLoader(dirs)
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(theme.loader_dirs()), jinja2.PrefixLoader(by_theme, delimiter=":")])
    env = jinja2.Environment(
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
