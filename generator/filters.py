"""Render: the Jinja filters themes can use, one small function each."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import jinja2
from markupsafe import Markup


def css_string(value: object) -> Markup:
    """Text made safe inside a CSS "string" in a <style> element (for @page
    headers and footers). It is CSS-escaped, so HTML escaping must not apply."""
    text = str(value)
    return Markup("".join(c if c.isprintable() and c not in "\"'\\<>&" else f"\\{ord(c):x} " for c in text))


@jinja2.pass_environment
def groupby_first(env: jinja2.Environment, items: Iterable[Any], attribute: str) -> list[tuple[Any, list[Any]]]:
    """Like `groupby`, but groups keep the order in which they first appear."""
    getter = jinja2.filters.make_attrgetter(env, attribute)
    groups: dict[Any, list[Any]] = {}
    for item in items:
        groups.setdefault(getter(item), []).append(item)
    return list(groups.items())


FILTERS: dict[str, Callable[..., Any]] = {"css_string": css_string, "groupby_first": groupby_first}
