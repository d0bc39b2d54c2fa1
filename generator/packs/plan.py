"""Packs: what a pair's pack holds, worked out from the roster and the model. No I/O.

A pair's programme is the site's programme planned again from the pair's
own start, time and time zone, with the same schedule functions the build
uses (breaks honoured). The values a pair's forms are filled with are its
roster row, with its start and end dates as planned. A link into the
published site carries the values of the fields a form marks `prefill:` in
its fragment (`#prefill=` and URL-encoded pairs), which browsers never send
to a server.
"""

from __future__ import annotations

import datetime
import difflib
import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

from generator.errors import Problem
from generator.load.config import site_address
from generator.load.roster import Pair, Roster
from generator.load.roster_checks import pair_language, pair_start
from generator.model.schedule import calendar_weeks, programme_end, week_start
from generator.model.types import Page, Programme, Site
from generator.parse.programme import plan_meetings

PREFILL = "#prefill="


@dataclass(frozen=True, slots=True)
class PairPlan:
    """One pair's pack, before anything is rendered."""

    pair: Pair
    programme: Page
    """The programme page, its programme planned with the pair's dates."""
    forms: tuple[Page, ...]
    """The forms its programme uses, in the order it first uses them."""
    values: dict[str, str]
    """What `prefill:` fields are filled with: the roster row, and the planned start and end."""
    language: str
    """The language of the pack's pages: the row's `language`, else the handbook's first."""


def programme_names(site: Site) -> dict[str, Page]:
    """Every name a roster can give a programme by: its file name, its path in content/ (with or without .md)."""
    names: dict[str, Page] = {}
    for page in site.pages:
        if page.programme is None:
            continue
        rel = page.local_rel
        names.setdefault(posixpath.basename(rel)[: -len(".md")], page)
        for path in (rel, page.rel):  # in a handbook in several languages, with or without its language's folder
            names[path] = page
            names[path[: -len(".md")]] = page
    return names


def programmes_by_language(sites: Mapping[str, Site]) -> dict[str, dict[str, Page]]:
    """For each language, every name a roster can give a programme by (in whichever language's
    folder it names it), and that language's page of it (a programme translation is at the same path)."""
    every: dict[str, Page] = {}
    for site in sites.values():
        for name, page in programme_names(site).items():
            every.setdefault(name, page)
    found: dict[str, dict[str, Page]] = {}
    for code, site in sites.items():
        here = {page.local_rel: page for page in site.pages if page.programme is not None}
        found[code] = {name: here[page.local_rel] for name, page in every.items() if page.local_rel in here}
    return found


def pair_programme(programme: Programme, pair: Pair) -> Programme:
    """The programme with the pair's start (and weekday), time and time zone, its meetings and milestones planned again."""
    start = pair_start(pair, programme.start)
    assert start is not None  # a roster's pairs without any start date are refused (check_programmes)
    on_calendar = calendar_weeks(programme.weeks, programme.breaks, start)
    milestones = tuple(
        replace(m, date=week_start(start, on_calendar[m.week]) if 1 <= m.week < len(on_calendar) else None) for m in programme.milestones
    )
    meetings = plan_meetings(programme.weeks, programme.interval_weeks, start, programme.phases, milestones, programme.breaks)
    return replace(
        programme,
        start=start,
        time=pair.time or programme.time,
        timezone=pair.timezone or programme.timezone,
        milestones=milestones,
        meetings=meetings,
        end=programme_end(start, programme.weeks, programme.breaks),
    )


def _dated(programme: Programme, pair: Pair) -> Programme | None:
    """The pair's programme, or None when its dates would run past the calendar's last day (a start
    in the year 9999), with the two months a calendar's last events and alarms need after its end."""
    try:
        dated = pair_programme(programme, pair)
    except OverflowError:
        return None
    return dated if dated.end is not None and (datetime.date.max - dated.end).days >= 62 else None


def programme_forms(pages: Mapping[str, Page], programme: Page) -> tuple[Page, ...]:
    """The forms a programme's phases and milestones name, each once, in the order they come up
    (`pages` by url, in every language: a form not yet translated is the first language's)."""
    assert programme.programme is not None
    urls = [ref.url for meeting in programme.programme.meetings for ref in meeting.forms]
    urls += [ref.url for phase in programme.programme.phases for ref in phase.forms]
    urls += [m.form.url for m in programme.programme.milestones if m.form]
    return tuple(pages[url] for url in dict.fromkeys(urls) if url in pages and pages[url].form is not None)


def plan_pairs(sites: Mapping[str, Site], roster: Roster) -> tuple[list[PairPlan], list[Problem]]:
    """Each pair's plan, its pages in its language (`sites` by language code, the first language
    first), and the problems with the forms' `prefill:` fields: a column the roster lacks, a date
    field's value that is not a date."""
    names = programmes_by_language(sites)
    languages = list(sites)
    pages = {url: page for site in reversed(list(sites.values())) for url, page in site.by_url.items()}
    plans: list[PairPlan] = []
    problems: list[Problem] = []
    for pair in roster.pairs:
        language = pair_language(pair, languages)
        assert language is not None  # a roster's unknown languages are refused (check_programmes)
        page = names[language][pair.programme]
        assert page.programme is not None
        programme = _dated(page.programme, pair)
        if programme is None:
            start = pair_start(pair, page.programme.start)
            what = f"a programme starting on {start.isoformat()}" if start else "the pair's programme"
            problems.append(Problem(roster.path, pair.line, f"{what} would end after the year 9999", "check the start date's year"))
            continue
        values = dict(pair.values)
        assert programme.start is not None and programme.end is not None
        values["start"] = programme.start.isoformat()
        values.setdefault("end", programme.end.isoformat())
        values = {key: value for key, value in values.items() if key}
        plans.append(PairPlan(pair, replace(page, programme=programme), programme_forms(pages, page), values, language))
    columns = {*roster.columns, "start", "end"} - {""}
    missing: dict[str, list[tuple[Page, str, int]]] = {}
    seen: set[str] = set()
    for plan in plans:
        for form in plan.forms:
            if form.url in seen:
                continue
            seen.add(form.url)
            assert form.form is not None
            for field in form.form.fields:
                if field.prefill and field.prefill not in columns:
                    missing.setdefault(field.prefill, []).append((form, field.id, field.line))
                elif field.prefill and field.type == "date":
                    problems += _dates_only(roster, plans, form, field.id, field.prefill)
    problems += [_missing_column(roster, column, fields, columns) for column, fields in missing.items()]
    return plans, problems


def _missing_column(roster: Roster, column: str, fields: list[tuple[Page, str, int]], columns: set[str]) -> Problem:
    """A column a form's field is filled from, which the roster lacks: an error, since
    every pair's printed form would have that field blank with no word said."""
    asked = "; ".join(f"field '{field}' of '{form.title}' ({form.source}:{line})" for form, field, line in fields)
    near = difflib.get_close_matches(column, sorted(columns), n=1, cutoff=0.6)
    hint = f"add a column '{column}' to the roster's header line (its cells may stay empty), or take 'prefill: {column}' off the field" + (
        f"; did you mean '{near[0]}'? (then rename the column, or change the field's 'prefill:')" if near else ""
    )
    return Problem(roster.path, 1, f"the roster has no '{column}' column, which the packs' forms fill in: {asked}", hint)


def _dates_only(roster: Roster, plans: list[PairPlan], form: Page, field: str, column: str) -> list[Problem]:
    """A date field filled from a column: each pair's value must be a date."""
    found = []
    for plan in plans:
        value = plan.values.get(column, "")
        if form in plan.forms and value:
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                found.append(
                    Problem(
                        roster.path,
                        plan.pair.line,
                        f"'{column}' {value!r} fills the date field '{field}' of '{form.title}', but it is not a date",
                        "write it as YYYY-MM-DD",
                    )
                )
    return found


def prefill_values(form: Page, values: dict[str, str]) -> dict[str, str]:
    """Field id -> value, for the form's fields marked `prefill:` that the pair has a value for."""
    assert form.form is not None
    return {f.id: values[f.prefill] for f in form.form.fields if f.prefill and values.get(f.prefill)}


def prefill_fragment(form: Page, values: dict[str, str]) -> str:
    """'#prefill=' and the columns the form's fields take as URL-encoded pairs
    ('#prefill=mentee=Bo&mentor=Ada%20L'): shorter than JSON, so the QR code
    stays easy to scan. '' when the form takes none."""
    assert form.form is not None
    taken = {f.prefill: values[f.prefill] for f in form.form.fields if f.prefill and values.get(f.prefill)}
    if not taken:
        return ""
    return PREFILL + "&".join(f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in sorted(taken.items()))


QR_CAPACITY = 2331
"""Characters of a link a QR code holds, at the error correction the packs print it with (M, version 40)."""


def form_link(plan: PairPlan, form: Page, links: SiteLinks, folder: str | None = None) -> str:
    """The link that fills `form` with the pair's values, from the pair's folder (or `folder`: '' for the index)."""
    return links.link(form.url, plan.pair.id if folder is None else folder) + prefill_fragment(form, plan.values)


def unprintable_links(roster: Roster, plans: list[PairPlan], links: SiteLinks) -> list[Problem]:
    """Pairs whose values make a form's link longer than a QR code holds (a pasted note, a long
    name in a script whose letters take up to 12 characters each once in a link): an error, since
    the printed form's QR code could not be made."""
    if not links.public:
        return []  # no QR code is printed
    problems = []
    for plan in plans:
        long = [(form, len(form_link(plan, form, links))) for form in plan.forms]
        long = [(form, length) for form, length in long if length > QR_CAPACITY]
        if not long:
            continue
        taken = {f.prefill for form, _ in long if form.form for f in form.form.fields if f.prefill}
        size = {name: len(quote(plan.values[name], safe="")) for name in taken - {"start", "end"} if plan.values.get(name)}
        longest = sorted(size, key=lambda name: -size[name])
        longest = [name for name in longest[:3] if size[name] >= 100] or longest[:1]
        forms = ", ".join(f"'{form.title}' ({length:,} characters)" for form, length in long)
        problems.append(
            Problem(
                roster.path,
                plan.pair.line,
                f"pair '{plan.pair.id}' has values too long for the QR code printed on its forms, "
                f"which holds a link of up to {QR_CAPACITY:,} characters: the link that fills {forms}",
                (
                    "shorten its longest values ("
                    + ", ".join(f"'{name}': {len(plan.values[name]):,} characters" for name in longest)
                    + "; a letter outside a to z takes up to 12 characters in a link), or take 'prefill:' off the fields they fill"
                )
                if longest
                else "shorten base_url in mentorkit.yaml: the site's address alone is too long for a QR code",
            )
        )
    return problems


def calendar_fragment(plan: PairPlan) -> str:
    """'#prefill=' with the pair's id, start, time and time zone, for its programme's page
    in the published site: "Your own dates" there is filled in with them, and the calendar
    it makes carries the pair's id in its UIDs, as the pack's does (render/calendar.py), so
    a pair that adds both gets each meeting once."""
    programme = plan.programme.programme
    assert programme is not None and programme.start is not None
    values = {
        "pair": plan.pair.id,
        "start": programme.start.isoformat(),
        "time": programme.time.strftime("%H:%M") if programme.time else "",
        "timezone": programme.timezone or "",
    }
    return PREFILL + "&".join(f"{key}={quote(value, safe='')}" for key, value in values.items() if value)


class SiteLinks:
    """Links from the packs into the published site: under base_url when it is a whole
    address, else relative to the site folder on this computer."""

    def __init__(self, base_url: str | None, site_dir: Path, packs_dir: Path) -> None:
        self.base = site_address(base_url)
        self.site_dir = site_dir
        self.packs_dir = packs_dir

    @property
    def public(self) -> bool:
        """Whether the links work on another device (and so are worth printing, with a QR code)."""
        return self.base is not None

    def link(self, target: str, folder: str = "") -> str:
        """The address of site page `target` from a page in `folder` of the packs ('' for the packs' own index)."""
        if self.base is not None:
            return self.base + target
        here = self.packs_dir / folder if folder else self.packs_dir
        return Path(os.path.relpath(self.site_dir, here)).as_posix() + "/" + target


def unprinted_links(config_path: str, line: int | None, base_url: str | None) -> Problem:
    """The warning when the packs' links cannot leave this computer, so paper shows none."""
    what = f"base_url '{base_url}' is a path, not the site's whole address" if base_url else "there is no base_url"
    return Problem(
        config_path,
        line,
        f"{what}: the packs' links lead to the site folder on this computer, and printed packs carry no link or QR code",
        "set base_url to the address the handbook is published at, such as https://example.org/handbook/, and run mentorkit packs again",
        "warning",
    )
