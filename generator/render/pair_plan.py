"""Render: what a programme page's script needs to make a pair's own calendar.

The page offers a pair its own start date, time and time zone; the script
(`pair-calendar.js` in the default theme) plans the meetings from this plan
with the same rules as `model/schedule.py` and `plan_meetings`, and writes
the events as `render/calendar.py` does: the same summaries, descriptions,
alarms and UIDs. Every text is made here, in the page's language.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any
from urllib.parse import urlsplit

import jinja2
from jinja2.runtime import Context
from markupsafe import Markup

from generator.load.config import Config, site_address
from generator.load.theme_words import Words
from generator.model.types import FormRef, Page, Programme, slugify
from generator.render.calendar import milestone_keys


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _form(form: FormRef, base: str, words: Words) -> dict[str, str]:
    due = words("programme.calendar_bring", form=form.title or form.name)
    return {"name": form.name, "due": due, "bring": due + (f" ({base}{form.url})" if base and form.url else "")}


def pair_plan_data(page: Page, programme: Programme, config: Config, words: Words) -> dict[str, Any]:
    """The plan as plain data (see the module's docstring)."""
    handbook = config.title
    base = site_address(config.base_url) or ""
    host = (urlsplit(config.base_url).hostname if config.base_url else None) or f"{slugify(handbook)}.mentorkit"
    return {
        "weeks": programme.weeks,
        "interval": programme.interval_weeks,
        "minutes": programme.meeting_minutes,
        "start": _day(programme.start),
        "time": programme.time.strftime("%H:%M") if programme.time else None,
        "timezone": programme.timezone,
        "reminders": list(programme.reminders),
        "breaks": [
            {"firstWeek": b.first_week, "lastWeek": b.last_week, "firstDay": _day(b.first_day), "lastDay": _day(b.last_day)}
            for b in programme.breaks
        ],
        "phases": [
            {
                "name": phase.name,
                "first": phase.first,
                "last": phase.last,
                "topics": list(phase.topics),
                "forms": [_form(form, base, words) for form in phase.forms],
            }
            for phase in programme.phases
        ],
        "milestones": [
            {
                "name": milestone.name,
                "week": milestone.week,
                "slug": key,
                "description": milestone.description,
                "form": _form(milestone.form, base, words) if milestone.form else None,
            }
            for milestone, key in zip(programme.milestones, milestone_keys(programme.milestones), strict=True)
        ],
        "uid": {
            "prefix": page.url[: -len(".html")].replace("/", "-"),
            "key": hashlib.sha256(handbook.encode()).hexdigest()[:10],
            "host": host,
        },
        "url": base + page.url if base else None,
        "title": page.title,
        "handbook": handbook,
        "file": page.url.rsplit("/", 1)[-1][: -len(".html")],
        "words": {
            key: words(f"programme.calendar_{key}", **{name: "{" + name + "}" for name in names})
            for key, names in (("meeting", ("number",)), ("milestone", ("name",)), ("phase", ("phase",)), ("topic", ("topic",)))
        },
    }


@jinja2.pass_context
def pair_plan(context: Context, page: Page) -> Markup:
    """The plan as JSON that is safe inside a <script> element (templates: `{{ pair_plan(page) }}`).
    It reads only the page, `config` and `t`, which every page's fingerprint covers."""
    assert page.programme is not None
    text = json.dumps(pair_plan_data(page, page.programme, context["config"], context["t"]), ensure_ascii=False, sort_keys=True)
    for character, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(character, escaped)
    return Markup(text)
