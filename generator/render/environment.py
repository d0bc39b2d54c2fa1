"""Render: the Jinja environment a theme's templates run in."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import jinja2
import jinja2.meta
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

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


class ThemeEnvironment(ImmutableSandboxedEnvironment):
    """A Jinja environment that keeps each template's parse tree, so that
    what a template names can be read from it without parsing it again.

    Sandboxed, for every theme (built-in or a project's alike): a template
    reads the values it is given and calls the functions it is given, but
    cannot reach Python's internals (private or dunder attributes, a
    function's globals), nor change a list or mapping of the model it sees
    (each page must see the same model). What it tries instead is a
    `jinja2.sandbox.SecurityError`, reported at its line.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.trees: dict[str, nodes.Template] = {}
        self.uses: dict[str, tuple[str, ...]] = {}
        """The templates each compiled one extends, includes or imports by name."""
        self.safe: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """The sandbox's own answer, kept for each type and attribute name: it depends
        on nothing else (a cold build of 1,000 pages asks it 77,000 times)."""
        key = (type(obj), attr)
        safe = self.safe.get(key)
        if safe is None:
            safe = self.safe[key] = super().is_safe_attribute(obj, attr, value)
        return safe

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
                self.uses[name] = tuple(used for used in jinja2.meta.find_referenced_templates(source) if used is not None)
        return super().compile(source, name, filename, raw, defer_init)  # type: ignore[call-overload]

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        """The first attribute refused is the one reported, not the last of a chain (`x.__class__.__init__`)."""
        if isinstance(obj, jinja2.Undefined):
            return obj
        return super().unsafe_undefined(obj, attribute)


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


_UNSAFE_ATTRIBUTE = re.compile(r"access to attribute '(?P<name>[^']*)' of '(?P<kind>[^']*)' object is unsafe")
SANDBOX_HINT = "templates may use the values and functions they are given, no more (see Safety in the README)"


def sandbox_refusal(exc: SecurityError) -> tuple[str, str]:
    """What the sandbox refused, in a theme author's words, and what to do instead."""
    found = _UNSAFE_ATTRIBUTE.search(str(exc))
    if found is None:
        return f"template error: not allowed in a template: {exc}", SANDBOX_HINT
    name, kind = found["name"], found["kind"]
    if name.startswith("_"):
        return (
            f"template error: '{name}' of a {kind} is not open to templates",
            f"names starting with '_' are Python's own workings; {SANDBOX_HINT}",
        )
    return (
        f"template error: '{name}' would change a {kind} that every page shares",
        "make a new value instead: `items + [item]`, `dict(mapping, key=value)`, or a `namespace()` to count in a loop",
    )
