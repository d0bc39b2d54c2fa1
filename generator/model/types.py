"""Model: the data the templates see.

Plain frozen dataclasses. `build_site` (in site.py) creates them whole,
after every page has been parsed, so navigation, backlinks and link checks
see every page.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from generator.errors import Problem
from generator.load.config import Config
from generator.load.sources import Asset
from generator.load.theme_words import Words

PLACEHOLDER = "mentorkit-ref:"
PLACEHOLDER_RE = re.compile(re.escape(PLACEHOLDER) + r"(\d+)")
"""Where the parser leaves internal link N in a page's HTML; rendering puts the link's address there."""


def slugify(text: str) -> str:
    """Heading id: lower case, spaces to hyphens, punctuation dropped."""
    slug = re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
    return slug or "section"


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading with the id its anchor uses."""

    level: int
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Ref:
    """A link or image pointing inside the handbook."""

    kind: Literal["link", "image"]
    path: str
    """Target path as written, without '#fragment' ('' for same-page links)."""
    fragment: str
    line: int
    """File line the reference is on."""


@dataclass(frozen=True, slots=True)
class Page:
    """One page of the handbook, ready to render."""

    source: str
    """Project-relative source path, for messages: 'content/roles.md'."""
    rel: str
    """Content-relative source path: 'roles.md'."""
    url: str
    """Output path from the site root: 'roles.html', 'guide/index.html'."""
    type: str
    """'page' (and later 'form', 'programme'): picks the template."""
    title: str
    summary: str
    order: float | None
    meta: Mapping[str, Any]
    """All front matter, including keys mentorkit does not know."""
    body_html: str = field(repr=False)
    """The body as HTML, internal links as placeholders (see parse/markdown.py).
    Made from the source alone, so `source_digest` stands for it in the repr (and in fingerprints)."""
    headings: tuple[Heading, ...]
    refs: tuple[Ref, ...]
    element_ids: tuple[str, ...] = ()
    """The ids the body's raw HTML gives (`<span id="ask">`), which links may lead to as to headings."""
    targets: tuple[str, ...] = ()
    """Site-root-relative target of each ref ('guide/x.html#y'), by index."""
    form: Form | None = None
    """The form, for pages of type 'form'."""
    programme: Programme | None = None
    """The programme, for pages of type 'programme'."""
    form_text: FormText | None = None
    """For a translation of a form: its texts, until the model gives it the form it translates."""
    language: str = ""
    """The page's language code (set by the model)."""
    language_rel: str = ""
    """Path inside its language's folder, in a handbook in several languages (see local_rel)."""
    source_digest: str = ""
    """Hash of the source file's bytes, which the body's HTML is made from."""

    @property
    def local_rel(self) -> str:
        """Path inside its language's folder ('guide/index.md'): the same for
        every translation of a page; `rel` in a handbook in one language."""
        return self.language_rel or self.rel

    @property
    def anchors(self) -> frozenset[str]:
        """What a link's '#fragment' may name on this page: its headings' ids and its raw HTML's."""
        return frozenset(h.id for h in self.headings).union(self.element_ids)

    @property
    def template(self) -> str:
        return f"{self.type}.html"


@dataclass(frozen=True, slots=True)
class NavItem:
    """An entry in the navigation: a page, a section, or both."""

    title: str
    url: str | None
    children: tuple[NavItem, ...] = ()


@dataclass(frozen=True, slots=True)
class Language:
    """One language of a handbook in several, as the language switcher shows it."""

    code: str
    name: str
    """The language's name in itself: 'Français'."""
    home: str
    """URL of its home page: 'fr/index.html'."""


@dataclass(frozen=True, slots=True)
class Translation:
    """A page in another language: its translation, or that language's home page when it has none."""

    language: Language
    url: str
    translated: bool


@dataclass(frozen=True, slots=True)
class Site:
    """The handbook in one language, before any page is rendered."""

    config: Config
    """The settings, with this language's code, title and organisation."""
    pages: tuple[Page, ...]
    assets: tuple[Asset, ...]
    nav: tuple[NavItem, ...]
    home: Page | None
    by_url: Mapping[str, Page] = field(default_factory=dict)
    order: tuple[str, ...] = ()
    """URLs in reading order (navigation order): previous/next follow it."""
    position: Mapping[str, int] = field(default_factory=dict)
    """Each URL's index in `order`."""
    trail: Mapping[str, tuple[NavItem, ...]] = field(default_factory=dict)
    """For each URL in the navigation, the nav items above it."""
    items: Mapping[str, NavItem] = field(default_factory=dict)
    """For each URL in the navigation, its own entry (first, if listed twice)."""
    backlinks: Mapping[str, tuple[Page, ...]] = field(default_factory=dict)
    """For each URL, the pages that link to it."""
    forms: tuple[Page, ...] = ()
    """Pages of type 'form', in reading order."""
    form_uses: Mapping[str, tuple[FormUse, ...]] = field(default_factory=dict)
    """For each form URL, the programmes using it and where."""
    words: Words = field(default_factory=lambda: Words("en"))
    """The theme's own words in this language."""
    prefix: str = ""
    """Folder of this language in the output ('fr/'); '' for a handbook in one language."""
    languages: tuple[Language, ...] = ()
    """Every language of a handbook in several; empty for one language."""
    translations: Mapping[str, tuple[Translation, ...]] = field(default_factory=dict)
    """For each page URL, the page in each other language."""


@dataclass(frozen=True, slots=True)
class Condition:
    """When a field or section is shown: while an earlier field's answer is
    one of `answers` (or, `negated`, is none of them)."""

    field: str
    """The id of the earlier field whose answer decides."""
    answers: tuple[str, ...]
    """Answers as kept: a choice's option in the original language, 'Yes',
    'No' or 'Unsure', a scale's point, 'yes' for a ticked checkbox."""
    negated: bool = False
    line: int = 0


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a form (or a text between fields: section, clause)."""

    type: str
    """text, textarea, date, number, email, checkbox, choice, multichoice,
    scale, yesno, table, signature, section or clause."""
    id: str
    """Unique in its form; the key of the answer."""
    label: str
    help_html: str
    required: bool
    line: int
    """Line of the field in the source, for messages."""
    lines: int = 4
    """textarea: lines printed on paper."""
    options: tuple[str, ...] = ()
    style: str = "radio"
    """choice: radio buttons or a select list."""
    points: int = 5
    """scale: 1..points."""
    low: str = ""
    high: str = ""
    columns: tuple[str, ...] = ()
    rows: int = 3
    """table: blank rows printed."""
    signers: tuple[str, ...] = ()
    title: str = ""
    text_html: str = ""
    """section and clause: their Markdown text as HTML."""
    minimum: float | None = None
    maximum: float | None = None
    level: int = 2
    """clause: its heading level, 3 under a section and 2 before any."""
    values: tuple[str, ...] = ()
    """choice, multichoice: the answer kept for each option when it differs
    from the option's text (a translated form keeps the original's, so that
    answers move between languages)."""
    show_if: Condition | None = None
    """Shown only while this holds (a section: with every field up to the next section)."""
    prefill: str = ""
    """The roster column a pair's pack and prefill links fill this field from ('' when none)."""
    collect: bool | None = None
    """`collect:` true or false: whether the coordinator's gathering page reads this
    answer (None: as the form says)."""


@dataclass(frozen=True, slots=True)
class Replaces:
    """A form's `replaces:`: the version it follows and the fields it renamed."""

    version: str
    renamed: tuple[tuple[str, str], ...] = ()
    """(old id, new id) pairs."""


@dataclass(frozen=True, slots=True)
class Form:
    """What makes a page a form: who it is for, when, and its fields."""

    roles: tuple[str, ...]
    """Who fills it in: mentor, mentee, coordinator."""
    use: str
    """When it is used: 'first meeting', 'monthly', 'closure'."""
    version: str
    updated: datetime.date | None
    confidential: str
    """Who may see the answers ('' when not said)."""
    fields: tuple[Field, ...]
    key: str = ""
    """Where a browser kept a form's one set of answers before records (and
    where older sites still do): the same for every translation of the form."""
    record_name: str = ""
    """The id of the field whose answer names a record ('' when the reader names it)."""
    replaces: Replaces | None = None
    """The older version whose saved answers this version takes over."""
    ident: str = ""
    """The form's id in records and fingerprints: its path without '.md', the same in every language."""
    store: str = ""
    """The prefix of this handbook's records in a browser's storage."""
    old_key: str = ""
    """Where a browser kept the single answers of the version this one replaces."""
    collect: bool = True
    """False (`collect: false`): the coordinator's gathering page reads none of its
    answers but those of fields marked `collect: true`."""

    @property
    def answered(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.type not in ("section", "clause"))

    def answered_field(self, ident: str) -> Field | None:
        """The answered field `ident` (a condition's), or None."""
        return next((f for f in self.answered if f.id == ident), None)


@dataclass(frozen=True, slots=True)
class FormRef:
    """A programme's reference to a form, by name ('agreement') or path."""

    name: str
    line: int
    url: str = ""
    """The form page's URL, once the model has resolved the name."""
    title: str = ""


@dataclass(frozen=True, slots=True)
class Phase:
    """A stretch of a programme: weeks `first` to `last`, both included."""

    name: str
    first: int
    last: int
    focus: str
    activities: tuple[str, ...]
    topics: tuple[str, ...]
    """Suggested topics, given in turn to the phase's meetings."""
    forms: tuple[FormRef, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Milestone:
    name: str
    week: int
    description: str
    form: FormRef | None
    line: int
    date: datetime.date | None = None


@dataclass(frozen=True, slots=True)
class Meeting:
    """One meeting of the plan."""

    number: int
    week: int
    date: datetime.date | None
    phase: str
    topic: str
    forms: tuple[FormRef, ...]
    """Forms to bring: the phase's at its first meeting, a milestone's at its meeting."""
    milestones: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Break:
    """Weeks with no meetings: by their numbers on the calendar, or by dates."""

    name: str
    first_week: int | None = None
    last_week: int | None = None
    first_day: datetime.date | None = None
    last_day: datetime.date | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class Programme:
    """What makes a page a programme: its length, rhythm, phases and plan."""

    weeks: int
    """Length in weeks (from `weeks:` or `months:`)."""
    months: int | None
    cadence: str
    """weekly, fortnightly, monthly, or 'every N weeks'."""
    interval_weeks: int | None
    """Weeks between meetings; None for monthly."""
    meeting_minutes: int
    start: datetime.date | None
    time: datetime.time | None
    """Time of day of meetings, when the calendar should hold it."""
    phases: tuple[Phase, ...]
    milestones: tuple[Milestone, ...]
    meetings: tuple[Meeting, ...]
    timezone: str | None = None
    """The IANA time zone of `time` (Europe/London); None: the time is the reader's own."""
    breaks: tuple[Break, ...] = ()
    """Weeks with no meetings; the programme's weeks go on after them."""
    reminders: tuple[int, ...] = ()
    """Minutes before each meeting and milestone that calendars remind of it."""
    end: datetime.date | None = None
    """The last day of its last week, breaks included, when it has a start date."""


@dataclass(frozen=True, slots=True)
class PageLink:
    """Another page, as a link to it shows it. A context holds this, not the
    whole Page, of a page it only links to: an output's fingerprint takes the
    whole of what its context holds, so a Page there would remake it for any
    edit of that page (its text, its form's fields, the titles it shows)."""

    url: str
    title: str
    summary: str
    language: str


def page_link(page: Page) -> PageLink:
    return PageLink(page.url, page.title, page.summary, page.language)


@dataclass(frozen=True, slots=True)
class FormUse:
    """Where a programme uses a form: which phases and milestones."""

    programme: PageLink
    parts: tuple[str, ...]
    """The names of the phases and milestones that use it."""


@dataclass(frozen=True, slots=True)
class FieldText:
    """A field's texts in a translation of its form (None: not translated)."""

    id: str
    line: int
    label: str | None = None
    """The label; a section's or clause's title when given as plain text."""
    help_html: str | None = None
    options: tuple[str, ...] | None = None
    columns: tuple[str, ...] | None = None
    signers: tuple[str, ...] | None = None
    low: str | None = None
    high: str | None = None
    title: str | None = None
    text_html: str | None = None


@dataclass(frozen=True, slots=True)
class FormText:
    """A translation of a form: its own texts by field id. The fields
    themselves (types, ids, what is required) come from the form it
    translates, in the handbook's first language."""

    use: str
    confidential: str
    fields: tuple[FieldText, ...]
    line: int
    """Line of 'fields:' in the source."""


Parsed = tuple[Page | None, tuple[Problem, ...]]
"""A source's page and the problems found in it. A page with an error among its
problems is no part of the site: a programme's is handed on only for the model
to check the forms it names, so that they are told in the same build."""
"""A source file's page, or None, and the problems found in it."""
