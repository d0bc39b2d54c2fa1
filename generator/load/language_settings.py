"""Load: `languages:` in mentorkit.yaml, a handbook in several languages.

Each language's pages live in content/<code>/ and are built under
site/<code>/; a page's translations are the pages at the same path in the
other languages' folders. A language may give its own title, organisation
and contact line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.errors import Problem, suggest
from generator.load.yaml_lines import YamlData

KEYS = ("title", "organisation", "contact")
_CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


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
    if isinstance(code, str) and _CODE.match(code):
        return None
    return Problem(path, line, f"{what} {code!r} is not a language code", "write a code such as en, fr, de or pt-BR")


def parse_languages(doc: YamlData, block: object, path: str, problems: list[Problem]) -> tuple[LanguageSettings, ...]:
    """`languages: [en, fr]`, or a mapping from code to that language's own title, organisation and contact."""
    hint = "write 'languages: [en, fr]', or each code followed by its own 'title:'"
    line = doc.line("languages")
    if isinstance(block, list):
        entries: list[tuple[object, object, int]] = [(code, None, doc.line("languages", i)) for i, code in enumerate(block)]
    elif isinstance(block, dict):
        entries = [(code, value, doc.line("languages", code)) for code, value in block.items()]
    else:
        problems.append(Problem(path, line, "'languages' must be a list of language codes", hint))
        return ()
    if len(entries) < 2:
        problems.append(Problem(path, line, "'languages' must name at least two languages", "for one language, set 'language:' only"))
    found: list[LanguageSettings] = []
    for code, value, entry_line in entries:
        problem = language_code_problem(path, entry_line, code, "language")
        if problem is not None:
            problems.append(problem)
            continue
        assert isinstance(code, str)
        if any(settings.code == code for settings in found):
            problems.append(Problem(path, entry_line, f"language '{code}' is listed twice"))
            continue
        texts: dict[str, str] = {}
        if isinstance(value, dict):
            for key, text in value.items():
                key_line = doc.line("languages", code, key)
                if key not in KEYS:
                    problems.append(Problem(path, key_line, f"unknown key '{key}' for language '{code}'", suggest(str(key), KEYS)))
                elif not isinstance(text, str):
                    problems.append(Problem(path, key_line, f"'{key}' of language '{code}' must be a text"))
                else:
                    texts[str(key)] = text
        elif value is not None:
            problems.append(Problem(path, entry_line, f"language '{code}' must be followed by its own settings or nothing", hint))
        found.append(LanguageSettings(code, line=entry_line, **texts))
    return tuple(found)
