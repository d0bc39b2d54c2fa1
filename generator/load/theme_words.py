"""Load: the theme's own words (buttons, labels, "Page N of M", month names)
in the handbook's language.

A theme keeps them in `i18n/<language>.yaml`, one file per language, keys
grouped under headings. English is complete by definition; a word missing
from another language falls back to English with a warning, and so does a
language with no file at all. A project's copy of a file (or a child
theme's) overrides single keys of the file it shadows.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from markupsafe import Markup

from generator.errors import Problem, raise_if_errors, suggest
from generator.load.mapping import WRONG, Checked, Field, Key, MappingReader, nothing
from generator.load.yaml_lines import load_yaml

ENGLISH = "en"
Entry = str | tuple[str, ...] | Mapping[str, str]
"""A text; a list (the month names); or plural forms, {one: ..., other: ...}."""

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# When a count takes the 'one' form: French says "0 résultat", English "0 results".
_ONE: dict[str, Callable[[int], bool]] = {"fr": lambda n: n in (0, 1)}


def _english_one(count: int) -> bool:
    return count == 1


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
    _scripts: dict[str, Markup] = field(default_factory=dict, compare=False, repr=False)
    """scripts_json(), made once: every page carries it."""

    def __call__(self, key: str, /, **values: object) -> str:
        entry = self.entries.get(key)
        if entry is None:
            raise MissingWord(f"the theme's words have no '{key}' (add it to the theme's i18n/{ENGLISH}.yaml)")
        if isinstance(entry, Mapping):
            count = values.get("count")
            one = _ONE.get(self.language.split("-")[0], _english_one)
            entry = entry["one"] if isinstance(count, int) and one(count) else entry["other"]
        if isinstance(entry, tuple):
            raise MissingWord(f"the theme's word '{key}' is a list; pick one of its items")
        if not values:  # most calls: a label with nothing to fill in
            return entry
        return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), entry)

    def date(self, value: datetime.date, style: str = "long") -> str:
        """'11 January 2027' (long) or '11 Jan' (short), in this language's order and month names."""
        months = self.entries["date.months" if style == "long" else "date.months_short"]
        assert isinstance(months, tuple)
        return self("date.long" if style == "long" else "date.short", day=value.day, month=months[value.month - 1], year=value.year)

    def scripts_json(self) -> Markup:
        """scripts() as JSON that is safe inside a <script> element (as Jinja's
        tojson writes it), made once for all the pages in this language."""
        made = self._scripts.get("json")
        if made is None:
            text = json.dumps(self.scripts(), sort_keys=True)
            for character, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
                text = text.replace(character, escaped)
            made = self._scripts["json"] = Markup(text)
        return made

    def scripts(self) -> dict[str, str]:
        """The words the theme's scripts show, for the page to hand them over."""
        prefix = "script."
        found: dict[str, str] = {}
        for key, entry in self.entries.items():
            if key.startswith(prefix):
                if isinstance(entry, Mapping):
                    found[key[len(prefix) :] + ".one"] = entry["one"]
                    found[key[len(prefix) :] + ".other"] = entry["other"]
                elif isinstance(entry, str):
                    found[key[len(prefix) :]] = entry
        return found


def load_words(files: tuple[WordsFile, ...], language: str, config_path: str, config_line: int | None) -> tuple[Words, list[Problem]]:
    """The words for `language` from the theme's files (parents first), and
    warnings for what English had to fill in. Bad YAML is an error."""
    problems: list[Problem] = []
    english = _merged([f for f in files if f.language == ENGLISH], problems)
    if language == ENGLISH:
        raise_if_errors(problems)
        return Words(language, english.entries), problems
    own_files = [f for f in files if f.language == language]
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
        return Words(language, english.entries), problems
    own = _merged(own_files, problems)
    last = own_files[-1].path
    for key, line in own.lines.items():
        if key not in english.entries:
            problems.append(Problem(own.paths[key], line, f"unknown key '{key}'", suggest(key, english.entries), "warning"))
        elif _shape(own.entries[key]) != _shape(english.entries[key]):
            problems.append(Problem(own.paths[key], line, f"'{key}' must be {_shape(english.entries[key])}, as in English", level="error"))
    missing = [key for key in english.entries if key not in own.entries]
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
    entries = {key: own.entries.get(key, entry) for key, entry in english.entries.items()}
    return Words(language, entries), problems


@dataclass(slots=True)
class _Merged:
    entries: dict[str, Entry] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)


def _merged(files: list[WordsFile], problems: list[Problem]) -> _Merged:
    """The keys of several files of one language; later files win."""
    merged = _Merged()
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
        if isinstance(value, dict) and not _is_plural(value):
            _flatten(reader, value, here, into)
            continue
        entry = reader.read(data, key, where, _ENTRY, None, prefix="".join(f"{part}." for part in where))
        if entry is not None:
            name = ".".join(str(part) for part in here)
            into.entries[name], into.lines[name], into.paths[name] = entry, reader.line(*here), reader.path


def _is_plural(value: dict[object, object]) -> bool:
    return set(value) == {"one", "other"} and all(isinstance(v, str) for v in value.values())


def _entry(value: object) -> Checked[Entry]:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    if isinstance(value, dict) and _is_plural(value):
        return {"one": str(value["one"]), "other": str(value["other"])}
    return WRONG


_ENTRY: Field[Entry] = Field(_entry, "must be a text, a list of texts or 'one:'/'other:' forms", nothing, "quote it")


def _shape(entry: Entry) -> str:
    if isinstance(entry, str):
        return "a text"
    if isinstance(entry, tuple):
        return f"a list of {len(entry)} texts"
    return "'one:' and 'other:' forms"
