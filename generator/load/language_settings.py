"""Load: `languages:` in mentorkit.yaml, a handbook in several languages.

Each language's pages live in content/<code>/ and are built under
site/<code>/; a page's translations are the pages at the same path in the
other languages' folders. A language may give its own title, organisation
and contact line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator.errors import Problem
from generator.load.mapping import Field, Key, MappingReader, a_text, nothing

_TEXT = a_text(shown=nothing)
FIELDS: dict[str, Field[Any] | None] = {"title": _TEXT, "organisation": _TEXT, "contact": _TEXT}
CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
"""A language code such as en, fr or pt-BR (also the pattern of the editor schema, see schema.py)."""


@dataclass(frozen=True, slots=True)
class LanguageSettings:
    """One entry of `languages:`."""

    code: str
    """A language code such as 'en', 'fr' or 'pt-BR': the folder under content/ and site/."""
    title: str = ""
    """The handbook's title in this language ('' keeps the main title)."""
    organisation: str = ""
    contact: str = ""
    line: int = 0


def language_code_problem(path: str, line: int, code: object, what: str) -> Problem | None:
    if isinstance(code, str) and CODE.match(code):
        return None
    return Problem(path, line, f"{what} {code!r} is not a language code", "write a code such as en, fr, de or pt-BR")


def parse_languages(reader: MappingReader, block: object) -> tuple[LanguageSettings, ...]:
    """`languages: [en, fr]`, or a mapping from code to that language's own title, organisation and contact."""
    hint = "write 'languages: [en, fr]', or each code followed by its own 'title:'"
    if isinstance(block, list):
        entries: list[tuple[object, object, Key]] = [(code, None, ("languages", i)) for i, code in enumerate(block)]
    elif isinstance(block, dict):
        entries = [(code, value, ("languages", code)) for code, value in block.items()]
    else:
        reader.problem(("languages",), "'languages' must be a list of language codes", hint)
        return ()
    if len(entries) < 2:
        reader.problem(("languages",), "'languages' must name at least two languages", "for one language, set 'language:' only")
    found: list[LanguageSettings] = []
    for code, value, where in entries:
        entry_line = reader.line(*where)
        problem = language_code_problem(reader.path, entry_line, code, "language")
        if problem is not None:
            reader.problems.append(problem)
            continue
        assert isinstance(code, str)
        if any(settings.code == code for settings in found):
            reader.problem(where, f"language '{code}' is listed twice")
            continue
        found.append(LanguageSettings(code, line=entry_line, **_own_settings(reader, code, value, where, hint)))
    return tuple(found)


def _own_settings(reader: MappingReader, code: str, value: object, where: Key, hint: str) -> dict[str, Any]:
    """A language's own title, organisation and contact line, if it gives them."""
    settings = reader.mapping(value, where, f"language '{code}' must be followed by its own settings or nothing", hint, blank=True)
    if settings is None:
        return {}
    return reader.fields(
        settings,
        where,
        FIELDS,
        unknown=lambda key: f"unknown key '{key}' for language '{code}'",
        subject=lambda key: f"'{key}' of language '{code}'",
    )
