"""Render: the Jinja filters themes can use, one small function each."""

from __future__ import annotations

import datetime
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


def date(value: datetime.date, style: str = "long") -> str:
    """11 January 2027 (long) or 11 Jan (short): unambiguous on both sides of the Atlantic."""
    if style == "short":
        return f"{value.day} {value.strftime('%b')}"
    return f"{value.day} {value.strftime('%B %Y')}"


def weeks_label(first: int, last: int) -> str:
    return f"week {first}" if first == last else f"weeks {first}–{last}"


def minutes_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{minutes} minutes"
    text = "1 hour" if hours == 1 else f"{hours} hours"
    return f"{text} {rest} minutes" if rest else text


FILTERS: dict[str, Callable[..., Any]] = {"css_string": css_string, "groupby_first": groupby_first, "date": date}
GLOBALS: dict[str, Callable[..., Any]] = {"weeks_label": weeks_label, "minutes_label": minutes_label}
