"""Render: the Jinja filters themes can use, one small function each."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from typing import Any

import jinja2
from jinja2.runtime import Context
from markupsafe import Markup

from generator.load.theme_words import Words
from generator.model.types import Programme
from generator.render.form_meta import form_meta
from generator.render.pair_plan import pair_plan


def css_string(value: object) -> Markup:
    """Text made safe inside a CSS "string" in a <style> element (for @page
    headers and footers). It is CSS-escaped, so HTML escaping must not apply."""
    text = str(value)
    return Markup("".join(c if c.isprintable() and c not in "\"'\\<>&" else f"\\{ord(c):x} " for c in text))


def css_counters(value: object) -> Markup:
    """'Page {page} of {pages}' as CSS `content`: "Page " counter(page) " of " counter(pages)."""
    parts = []
    for index, piece in enumerate(re.split(r"\{(page|pages)\}", str(value))):
        if index % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(f'"{css_string(piece)}"')
    return Markup(" ".join(parts))


@jinja2.pass_environment
def groupby_first(env: jinja2.Environment, items: Iterable[Any], attribute: str) -> list[tuple[Any, list[Any]]]:
    """Like `groupby`, but groups keep the order in which they first appear."""
    getter = jinja2.filters.make_attrgetter(env, attribute)
    groups: dict[Any, list[Any]] = {}
    for item in items:
        groups.setdefault(getter(item), []).append(item)
    return list(groups.items())


@jinja2.pass_context
def date(context: Context, value: datetime.date, style: str = "long") -> str:
    """11 January 2027 (long) or 11 Jan (short), in the page's language:
    unambiguous on both sides of the Atlantic."""
    words: Words = context["t"]
    return words.date(value, style)


@jinja2.pass_context
def weeks_label(context: Context, first: int, last: int) -> str:
    words: Words = context["t"]
    return words("time.week", week=first) if first == last else words("time.weeks", first=first, last=last)


@jinja2.pass_context
def minutes_label(context: Context, minutes: int) -> str:
    words: Words = context["t"]
    hours, rest = divmod(minutes, 60)
    if not hours:
        return words("time.minutes", count=minutes)
    text = words("time.hours", count=hours)
    return words("time.hours_minutes", hours=text, minutes=words("time.minutes", count=rest)) if rest else text


@jinja2.pass_context
def roles_label(context: Context, roles: Iterable[str]) -> str:
    """'Mentor, Mentee', or 'Anyone' when a form names no one."""
    words: Words = context["t"]
    return ", ".join(words(f"roles.{role}") for role in roles) or words("roles.anyone")


@jinja2.pass_context
def cadence_label(context: Context, programme: Programme) -> str:
    """weekly, fortnightly, monthly or 'every 3 weeks', in the page's language."""
    words: Words = context["t"]
    interval = programme.interval_weeks
    if interval is None:
        return words("time.monthly")
    if interval in (1, 2):
        return words("time.weekly" if interval == 1 else "time.fortnightly")
    return words("time.every_weeks", count=interval)


FILTERS: dict[str, Callable[..., Any]] = {
    "css_string": css_string,
    "css_counters": css_counters,
    "groupby_first": groupby_first,
    "date": date,
}
GLOBALS: dict[str, Callable[..., Any]] = {
    "weeks_label": weeks_label,
    "minutes_label": minutes_label,
    "cadence_label": cadence_label,
    "roles_label": roles_label,
    "pair_plan": pair_plan,
    "form_meta": form_meta,
}
