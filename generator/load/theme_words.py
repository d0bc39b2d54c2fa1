"""Load: the theme's own words (buttons, labels, "Page N of M", month names)
in the handbook's language.

A theme keeps them in `i18n/<language>.yaml`, one file per language, keys
grouped under headings. English is complete by definition; a word missing
from another language falls back to English with a warning, and so does a
language with no file at all. A regional variant ('pt-BR') takes its
language's file ('pt'), and its own file, if any, changes single keys. A
project's copy of a file (or a child theme's) overrides single keys of the
file it shadows.

Which plural form a count takes, the month names and the order of a date
come from CLDR (see cldr.py); a file may still give `date.*` keys of its own,
as the English one does ("11 January 2027" rather than CLDR's US order).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from generator.errors import Problem, raise_if_errors, suggest
from generator.load.cldr import CATEGORIES, Rules, rules_for
from generator.load.mapping import WRONG, Checked, Field, Key, MappingReader, nothing
from generator.load.yaml_lines import load_yaml

ENGLISH = "en"
_OWN_NAME = "language.name"
Entry = str | tuple[str, ...] | Mapping[str, str]
"""A text; a list (the month names); or plural forms, {one: ..., few: ..., other: ...}."""

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_DATES = "date."
"""Keys a language takes from CLDR, not from English, when its own files lack them."""


class MissingWord(LookupError):
    """A template asked for a key no translation file has (a theme's typo)."""


@dataclass(frozen=True, slots=True)
class WordsFile:
    """One `i18n/<language>.yaml` file of a theme, as read."""

    language: str
    path: str
    """As shown in messages: 'themes/default/i18n/fr.yaml' or '(built-in) ...'."""
    text: str


@dataclass(frozen=True, slots=True)
class Words:
    """The theme's words in one language, English filling any gap.

    Templates call it: `t("form.print")`, `t("search.results", count=3)`.
    """

    language: str
    entries: Mapping[str, Entry] = field(default_factory=dict)
    _made: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """scripts_json() and the language's rules, made once: every page uses them."""

    @property
    def rules(self) -> Rules:
        """The language's plural rules, month names and date order, from CLDR."""
        made = self._made.get("rules")
        if made is None:
            made = self._made["rules"] = rules_for(self.language)
        assert isinstance(made, Rules)
        return made

    @property
    def direction(self) -> str:
        """The language's writing direction, as HTML's `dir` takes it: 'rtl' or 'ltr'."""
        return self.rules.direction

    def __call__(self, key: str, /, **values: object) -> str:
        entry = self.entries.get(key)
        if entry is None:
            raise MissingWord(f"the theme's words have no '{key}' (add it to the theme's i18n/{ENGLISH}.yaml)")
        if isinstance(entry, Mapping):
            count = values.get("count")
            counted = isinstance(count, (int, float, Decimal)) and not isinstance(count, bool)
            category = self.rules.category(count) if counted else "other"  # type: ignore[arg-type]
            entry = entry.get(category) or entry.get("other") or next(iter(entry.values()))
        if isinstance(entry, tuple):
            raise MissingWord(f"the theme's word '{key}' is a list; pick one of its items")
        if not values:  # most calls: a label with nothing to fill in
            return entry
        return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), entry)

    def date(self, value: datetime.date, style: str = "long") -> str:
        """'11 January 2027' (long) or '11 Jan' (short): the language's own
        `date.long`/`date.short` pattern if its file gives one, CLDR's otherwise."""
        key = "date.long" if style == "long" else "date.short"
        if not isinstance(self.entries.get(key), str):
            return self.rules.date(value, style)
        months = self.entries.get("date.months" if style == "long" else "date.months_short")
        if not (isinstance(months, tuple) and len(months) == 12):
            months = self.rules.month_names(style)
        return self(key, day=value.day, month=months[value.month - 1], year=value.year)

    def scripts_json(self) -> Markup:
        """The locale the scripts count in and scripts(), as JSON that is safe
        inside a <script> element (as Jinja's tojson writes it), made once for
        all the pages in this language."""
        made = self._made.get("json")
        if made is None:
            text = json.dumps({"locale": self.rules.browser_locale, "words": self.scripts()}, sort_keys=True)
            for character, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
                text = text.replace(character, escaped)
            made = self._made["json"] = Markup(text)
        assert isinstance(made, Markup)
        return made

    def scripts(self) -> dict[str, str]:
        """The words the theme's scripts show, for the page to hand them over."""
        prefix = "script."
        found: dict[str, str] = {}
        for key, entry in self.entries.items():
            if key.startswith(prefix):
                if isinstance(entry, Mapping):
                    found.update((f"{key[len(prefix) :]}.{category}", text) for category, text in entry.items())
                elif isinstance(entry, str):
                    found[key[len(prefix) :]] = entry
        return found


def load_words(files: tuple[WordsFile, ...], language: str, config_path: str, config_line: int | None) -> tuple[Words, list[Problem]]:
    """The words for `language` from the theme's files (parents first), and
    warnings for what English had to fill in. Bad YAML is an error."""
    problems: list[Problem] = []
    rules = rules_for(language)
    english = _merged([f for f in files if f.language == ENGLISH], problems, keep_shape=True)
    if not rules.known:
        problems.append(
            Problem(
                config_path,
                config_line,
                f"CLDR knows no language '{language}', so counts, month names and dates follow English",
                "write a language code such as fr, de, pt or pt-BR",
                "warning",
            )
        )
    if language == ENGLISH:
        _check_plurals(english, rules, language, problems)
        raise_if_errors(problems)
        return Words(language, english.entries), problems
    # Month names and the order of a date are CLDR's for this language, not English's.
    fallback = {key: entry for key, entry in english.entries.items() if not key.startswith(_DATES) or not rules.known}
    if rules.known and _OWN_NAME in fallback:
        fallback[_OWN_NAME] = rules.own_name  # not 'English' in the language switch: CLDR knows its name
    # A regional variant ('fr-CA') speaks its language's words ('fr'), its own file changing some.
    base = language.split("-")[0]
    own_files = [f for f in files if f.language == base and base != language] + [f for f in files if f.language == language]
    if not own_files:
        problems.append(
            Problem(
                config_path,
                config_line,
                f"the theme has no words in '{language}': its buttons and labels will be in English",
                f"translate the theme's i18n/{ENGLISH}.yaml into themes/<theme>/i18n/{language}.yaml in your project",
                "warning",
            )
        )
        raise_if_errors(problems)
        return Words(language, fallback), problems
    own = _merged(own_files, problems)
    last = own_files[-1].path
    misshapen: set[str] = set()
    for key, line in own.lines.items():
        if key not in english.entries:
            problems.append(Problem(own.paths[key], line, f"unknown key '{key}'", suggest(key, english.entries), "warning"))
        elif _shape(own.entries[key]) != _shape(english.entries[key]):
            misshapen.add(key)
            problems.append(Problem(own.paths[key], line, f"'{key}' must be {_shape(english.entries[key])}, as in English", level="error"))
    _check_plurals(own, rules, language, problems, skip=misshapen)
    missing = [key for key in fallback if key not in own.entries and fallback[key] is english.entries[key]]
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        problems.append(
            Problem(
                last,
                None,
                f"{len(missing)} of the theme's words have no '{language}' translation, so they are shown in English: {shown}",
                f"add them to this file; the theme's i18n/{ENGLISH}.yaml lists every key",
                "warning",
            )
        )
    raise_if_errors(problems)
    kept = [key for key in english.entries if key in own.entries or key in fallback]
    entries = {key: own.entries.get(key, fallback.get(key, english.entries[key])) for key in kept}
    return Words(language, entries), problems


def _check_plurals(words: _Merged, rules: Rules, language: str, problems: list[Problem], skip: Collection[str] = ()) -> None:
    """Plural forms against the language's CLDR categories: 'other' is needed,
    a form the language never uses is dead text, a form it uses but the file
    lacks shows 'other' instead."""
    lacking: dict[str, list[str]] = {}
    for key, entry in words.entries.items():
        if not isinstance(entry, Mapping) or key in skip:
            continue
        path, line = words.paths[key], words.lines[key]
        if "other" not in entry:
            problems.append(
                Problem(path, line, f"'{key}' has no 'other:' form", "add one: it is shown for every count the other forms do not cover")
            )
        for category in entry:
            if category not in rules.categories:
                problems.append(
                    Problem(
                        path,
                        line,
                        f"'{key}' has a '{category}:' form, which '{language}' never uses",
                        f"'{language}' uses {_listed(rules.categories)}; remove '{category}:'",
                        "warning",
                    )
                )
        needed = [category for category in rules.categories if category not in entry]
        if needed and "other" in entry:
            lacking.setdefault(path, []).append(f"{key} ({', '.join(needed)})")
    for path, keys in lacking.items():
        used = "; ".join(f"{category}: {rules.examples(category)}" for category in rules.categories if category != "other")
        shown = ", ".join(keys[:5]) + (f" and {len(keys) - 5} more" if len(keys) > 5 else "")
        problems.append(
            Problem(
                path,
                None,
                f"{len(keys)} of the words with plural forms lack forms '{language}' uses, so 'other:' is shown instead: {shown}",
                f"add them; in '{language}' the forms are for these counts: {used}",
                "warning",
            )
        )


def _listed(categories: tuple[str, ...]) -> str:
    return ", ".join(f"'{category}:'" for category in categories)


@dataclass(slots=True)
class _Merged:
    entries: dict[str, Entry] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)
    headings: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Each heading's file and first key ('page' -> (path, 'page.home'))."""
    keep_shape: bool = False


def _merged(files: list[WordsFile], problems: list[Problem], keep_shape: bool = False) -> _Merged:
    """The keys of several files of one language; later files win. With
    `keep_shape` (English, which the others are checked against), each word
    keeps the shape (a text, a list, plural forms, a heading) of the one it
    overrides: the theme's templates use it so."""
    merged = _Merged(keep_shape=keep_shape)
    for words_file in files:
        doc = load_yaml(words_file.text, words_file.path)
        reader = MappingReader(doc, words_file.path, problems)
        data = reader.mapping(doc.data, (), "must be 'key: text' lines, grouped under headings", blank=True)
        if data:
            _flatten(reader, data, (), merged)
    return merged


def _flatten(reader: MappingReader, data: dict[object, object], where: Key, into: _Merged) -> None:
    for key, value in data.items():
        here = (*where, key)
        name = ".".join(str(part) for part in here)
        earlier = into.paths.get(name, reader.path) if into.keep_shape else reader.path
        if isinstance(value, dict) and not _is_plural(value):
            if earlier != reader.path:
                reader.problem(here, f"'{name}' must be {_shape(into.entries[name])}, as in {earlier}, not headings of keys", _SAME_SHAPE)
                continue
            if value:
                into.headings.setdefault(name, (reader.path, f"{name}.{next(iter(value))}"))
            _flatten(reader, value, here, into)
            continue
        entry = reader.read(data, key, where, _ENTRY, None, prefix="".join(f"{part}." for part in where))
        if entry is None:
            continue
        heading = into.headings.get(name)
        if heading is not None and heading[0] != reader.path and into.keep_shape:
            reader.problem(here, f"'{name}' is a heading of keys in {heading[0]}, such as '{heading[1]}'", _SAME_SHAPE)
        elif earlier != reader.path and _shape(entry) != _shape(into.entries[name]):
            reader.problem(here, f"'{name}' must be {_shape(into.entries[name])}, as in {earlier}", _SAME_SHAPE)
        else:
            into.entries[name], into.lines[name], into.paths[name] = entry, reader.line(*here), reader.path


_SAME_SHAPE = "give it in the same form as the file it overrides: the theme's templates use it so"


def _is_plural(value: dict[object, object]) -> bool:
    """Forms by CLDR category ('one:', 'few:', 'other:'...), not a heading of keys."""
    return bool(value) and all(key in CATEGORIES and isinstance(text, str) for key, text in value.items())


def _entry(value: object) -> Checked[Entry]:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    if isinstance(value, dict) and _is_plural(value):
        return {str(category): str(text) for category, text in value.items()}
    return WRONG


_ENTRY: Field[Entry] = Field(_entry, "must be a text, a list of texts or plural forms ('one:', 'other:'...)", nothing, "quote it")


def _shape(entry: Entry) -> str:
    if isinstance(entry, str):
        return "a text"
    if isinstance(entry, tuple):
        return f"a list of {len(entry)} texts"
    return "plural forms ('one:', 'other:'...)"
