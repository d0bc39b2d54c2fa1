"""Load `mentorkit.yaml`: the first step of the pipeline.

The config is one frozen dataclass checked by one function. Every key has a
default; an unknown key or a value of the wrong type is a `Problem` naming
the line, and all of them are reported together.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from generator.errors import MentorkitError, Problem, errors_in, suggest
from generator.load.branding import Branding, parse_branding
from generator.load.language_settings import LanguageSettings, language_code_problem, parse_languages
from generator.load.mapping import Field, MappingReader, a_text, a_whole_number, not_type_and_value, true_or_false
from generator.load.project_files import ProjectFiles, SizeLimit, read_problem
from generator.load.yaml_lines import YamlData, load_yaml

T = TypeVar("T")

CONFIG_FILE = "mentorkit.yaml"
CONFIG_LIMIT = SizeLimit(1_000_000, CONFIG_FILE, "it holds only settings: long texts belong in pages under content/")
"""Its texts (the title among them) go into every page (figures in docs/performance.md)."""
PAPER_SIZES = ("a4", "letter")


@dataclass(frozen=True, slots=True)
class MarkdownOptions:
    """How Markdown is turned into HTML."""

    html: bool = True
    """Raw HTML in Markdown is passed through (set false to escape it)."""
    typographer: bool = False
    """Curly quotes and dashes."""
    toc_depth: int = 3
    """Deepest heading level listed in a page's table of contents (2-6)."""


@dataclass(frozen=True, slots=True)
class NavEntry:
    """One entry of the `nav:` list: a page, or a titled group of entries."""

    title: str | None
    page: str | None
    """Content-relative path of the page, such as 'guide/index.md'."""
    children: tuple[NavEntry, ...] = ()
    line: int = 0


@dataclass(frozen=True, slots=True)
class Config:
    """Everything `mentorkit.yaml` can say, with its defaults."""

    title: str = "Mentoring Handbook"
    """The handbook's name: page titles, the header, printed forms."""
    organisation: str = ""
    """Who runs the programme; shown in the header and footer."""
    language: str = "en"
    """The pages' language (BCP 47 code, such as 'en' or 'fr'); with
    `languages`, the first language, whose forms the others translate."""
    languages: tuple[LanguageSettings, ...] = ()
    """A handbook in several languages: one folder each under content/."""
    theme: str = "default"
    """A built-in theme or one under the project's themes/ folder."""
    paper: str = "a4"
    """Paper size for printing: a4 or letter."""
    base_url: str | None = None
    """The public address of the site; needed for sitemap.xml."""
    nav: tuple[NavEntry, ...] | None = None
    """Navigation in this order; from the folder tree when not given."""
    markdown: MarkdownOptions = field(default_factory=MarkdownOptions)
    pdf: bool = False
    """Also write PDFs: each form, each programme summary, the whole handbook."""
    offline: bool = False
    """Add a service worker and a web app manifest, so the handbook can be read, and installed, with no network."""
    branding: Branding = field(default_factory=Branding)
    """The organisation's logo, colours and contact line."""
    follow_links: bool = False
    """Links may lead out of the project (see load/project_files.py)."""
    path: str = CONFIG_FILE
    """Where the config came from (for error messages)."""
    lines: Mapping[str, int] = field(default_factory=dict)
    """Line of each top-level key, for errors found later (an unknown theme)."""


def _setting(kind: Field[T]) -> Field[T]:
    """mentorkit.yaml's words for a wrong value: its type and the value."""
    return replace(kind, shown=not_type_and_value)


SETTINGS: dict[str, Field[Any] | None] = {
    "title": _setting(a_text()),
    "organisation": _setting(a_text()),
    "language": _setting(a_text("must be a language code such as 'en'")),
    "theme": _setting(a_text("must be a theme name")),
    "paper": _setting(a_text("must be a4 or letter")),
    "base_url": _setting(a_text("must be an address such as https://example.org/handbook/")),
    "pdf": _setting(true_or_false()),
    "offline": _setting(true_or_false()),
    "follow_links": _setting(true_or_false()),
    # Read by their own functions:
    "nav": None,
    "markdown": None,
    "branding": None,
    "languages": None,
}
_MARKDOWN: dict[str, Field[Any] | None] = {
    "html": _setting(true_or_false()),
    "typographer": _setting(true_or_false()),
    "toc_depth": a_whole_number(2, 6, "must be from 2 to 6").after(_setting(a_whole_number(rule="must be a number from 2 to 6"))),
}


def load_config(project: Path) -> Config:
    """Read the project's config; a missing file gives the defaults."""
    path = project / CONFIG_FILE
    if not os.path.lexists(path):
        return Config()
    files = ProjectFiles.of(project)
    data, problem = read_problem(
        ProjectFiles.of(project, follow_links=True), str(path), CONFIG_FILE, "make it a plain file of settings", limit=CONFIG_LIMIT
    )
    if problem is not None:
        raise MentorkitError([problem])
    outside = files.leads_out(str(path))
    try:
        text = data.decode("utf-8-sig")
        config = parse_config(load_yaml(text.replace("\r\n", "\n"), CONFIG_FILE), project=project)
    except UnicodeDecodeError as exc:
        if outside is not None:
            raise MentorkitError([outside]) from None
        raise MentorkitError([Problem(CONFIG_FILE, None, f"is not UTF-8 text (byte {exc.start})", "save it as UTF-8")]) from None
    except MentorkitError:
        if outside is not None:  # a file out of the project, not a config: say no more of it
            raise MentorkitError([outside]) from None
        raise
    if outside is not None and not config.follow_links:
        raise MentorkitError([outside])
    return config


def parse_config(doc: YamlData, path: str = CONFIG_FILE, project: Path | None = None) -> Config:
    """The settings of `doc`; with `project`, files they name (the logo) are looked for there."""
    data = doc.data
    if data is None:
        return Config()
    problems: list[Problem] = []
    reader = MappingReader(doc, path, problems)
    if reader.mapping(data, (), "must be a list of 'key: value' settings", "see the README for the keys") is None:
        raise MentorkitError(problems)
    values = reader.fields(data, (), SETTINGS)
    if isinstance(values.get("paper"), str):
        paper = values["paper"].lower()
        if paper not in PAPER_SIZES:
            problems.append(
                Problem(path, doc.line("paper"), f"paper must be a4 or letter, not '{values['paper']}'", suggest(paper, PAPER_SIZES))
            )
        values["paper"] = paper
    if isinstance(values.get("base_url"), str):
        wrong = base_url_problem(values["base_url"])
        if wrong:
            problems.append(Problem(path, doc.line("base_url"), wrong, "write the site's address, such as https://example.org/handbook/"))
    if isinstance(values.get("language"), str):
        problem = language_code_problem(path, doc.line("language"), values["language"], "'language'")
        if problem is not None:
            problems.append(problem)
    languages = parse_languages(reader, data["languages"]) if "languages" in data else ()
    codes = [settings.code for settings in languages]
    if codes and "language" not in values:
        values["language"] = codes[0]
    elif codes and values.get("language") not in codes:
        problems.append(
            Problem(
                path,
                doc.line("language"),
                f"language '{values.get('language')}' is not one of 'languages'",
                suggest(str(values.get("language")), codes),
            )
        )
    markdown = _markdown_options(reader, data.get("markdown"))
    branding = parse_branding(reader, data.get("branding"), project / "content" if project is not None else None)
    nav = _nav(doc, data["nav"], ("nav",), path, problems) if "nav" in data else None
    lines = {str(k[0]): line for k, line in doc.lines.items() if len(k) == 1}
    config = Config(**values, languages=languages, nav=nav, markdown=markdown, branding=branding, path=path, lines=lines)
    if errors_in(problems):
        # A mistake in the languages changes where every page belongs: then the pages are not read.
        in_languages = {line for key, line in doc.lines.items() if key[0] in ("language", "languages")}
        raise ConfigError(problems, None if any(p.line in in_languages for p in errors_in(problems)) else config)
    return config


class ConfigError(MentorkitError):
    """The config's mistakes, and the settings read around them (`config`), with which the
    pages can still be checked, so that one build tells every mistake; None when they cannot."""

    def __init__(self, problems: list[Problem], config: Config | None) -> None:
        super().__init__(problems)
        self.config = config


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def site_address(base_url: str | None) -> str | None:
    """base_url ending in '/' when it is the site's whole address (http or https), for links
    that leave the site: in a calendar, on paper, in a pack. None without one, or when it is
    only a path (/handbook/): such a link names no site another program or device could open,
    and RFC 5545 wants a calendar's URL absolute."""
    if not base_url or urlsplit(base_url).scheme.lower() not in ("http", "https"):
        return None
    return base_url.rstrip("/") + "/"


def base_url_problem(url: str) -> str:
    """Why `url` cannot be the site's address, or ''. Only http, https or a
    relative path: it is written into every page, where 'javascript:' or
    'data:' would run or show whatever it holds."""
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):  # browsers drop tabs and line ends, so 'java\tscript:' runs
        return f"'base_url' {url!r} holds a space or control character"
    wrong = f"'base_url' must be an http or https address or a path such as /handbook/, not '{url}'"
    scheme = _SCHEME.match(url)
    if "\\" in url:  # a browser reads it as '/': '/\\evil.org' is '//evil.org'
        return wrong
    if scheme is None:
        return wrong if url.startswith("//") else ""  # '//host' is another host, whatever the page's scheme
    if scheme.group().lower() not in ("http:", "https:"):
        return wrong
    try:
        host = urlsplit(url).hostname
    except ValueError:  # an unclosed '[' of an IPv6 address
        host = None
    if not url[scheme.end() :].startswith("//") or not host:
        return f"'base_url' '{url}' has no host name after {scheme.group().lower()}//"
    return ""


def _markdown_options(reader: MappingReader, block: object) -> MarkdownOptions:
    options = reader.mapping(block, ("markdown",), "'markdown' must be a mapping such as 'html: false'", blank=True)
    if options is None:
        return MarkdownOptions()
    return MarkdownOptions(**reader.fields(options, ("markdown",), _MARKDOWN, prefix="markdown."))


def _nav(doc: YamlData, items: object, key: tuple[object, ...], path: str, problems: list[Problem]) -> tuple[NavEntry, ...]:
    """`nav:` entries: 'page.md', {'Title': 'page.md'} or {'Group': [entries]}."""
    hint = "write each entry as 'page.md', 'Title: page.md' or 'Group:' followed by a list"
    if not isinstance(items, list):
        problems.append(Problem(path, doc.line(*key), "'nav' must be a list of pages", hint))
        return ()
    entries: list[NavEntry] = []
    for index, item in enumerate(items):
        line = doc.line(*key, index)
        if isinstance(item, str):
            entries.append(NavEntry(None, item, (), line))
        elif isinstance(item, dict) and len(item) == 1:
            ((title, value),) = item.items()
            if isinstance(value, str):
                entries.append(NavEntry(str(title), value, (), line))
            elif isinstance(value, list):
                children = _nav(doc, value, (*key, index, title), path, problems)
                entries.append(NavEntry(str(title), None, children, line))
            else:
                problems.append(Problem(path, line, f"nav entry '{title}' must name a page or hold a list", hint))
        else:
            problems.append(Problem(path, line, f"nav entry {item!r} is not a page or a group", hint))
    return tuple(entries)
