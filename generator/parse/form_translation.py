"""Parse: a translation of a form, whose `fields:` is a mapping from field
id to that field's texts in the page's language.

The fields themselves (types, ids, what is required, how many lines) are
the original form's, so answers move between languages; the model joins
the two (`translate_form` in translations.py).
"""

from __future__ import annotations

from typing import Any

from generator.errors import Problem, suggest
from generator.load.mapping import type_name
from generator.model.types import FieldText, FormText, Ref
from generator.parse.front_matter import SourcePage
from generator.parse.markdown import Markdown, parse_fragment

TEXT_KEYS = ("label", "help", "options", "columns", "signers", "low", "high", "title", "text")
LIST_KEYS = ("options", "columns", "signers")
MARKDOWN_KEYS = ("help", "text")
SHARED_KEYS = ("for", "version", "updated")
"""Front matter that belongs to the form itself, given once in its original."""


def parse_form_text(source: SourcePage, md: Markdown, ref_start: int) -> tuple[FormText | None, tuple[Ref, ...], list[Problem]]:
    front: dict[str, Any] = source.front.data
    problems: list[Problem] = []
    refs: list[Ref] = []

    def problem(key: tuple[object, ...], message: str, hint: str = "") -> None:
        problems.append(Problem(source.path, source.front.line(*key), message, hint))

    for key in SHARED_KEYS:
        if key in front:
            problem((key,), f"'{key}' comes from the form this page translates", "remove it here; change it in the original form")
    fields: list[FieldText] = []
    for ident, value in front["fields"].items():
        where = ("fields", ident)
        if not isinstance(ident, str):
            problem(where, f"field id {ident!r} must be a text", "write each field as 'its_id: Its label'")
            continue
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            fields.append(FieldText(ident, source.front.line(*where), label=str(value)))
            continue
        if not isinstance(value, dict):
            problem(
                where, f"field '{ident}' must be its label, or 'key: text' lines, not {type_name(value)}", "for example: label: Votre nom"
            )
            continue
        texts: dict[str, Any] = {}
        for key, text in value.items():
            if key not in TEXT_KEYS:
                problem(
                    (*where, key),
                    f"field '{ident}' has key '{key}', which a translation cannot change",
                    f"a translation gives only texts: {', '.join(TEXT_KEYS)} ({suggest(str(key), TEXT_KEYS)})",
                )
            elif key in LIST_KEYS:
                if not isinstance(text, list) or not all(isinstance(item, (str, int, float)) for item in text):
                    problem((*where, key), f"'{key}' of field '{ident}' must be a list of texts, such as [Premier, Second]")
                else:
                    texts[key] = tuple(str(item) for item in text)
            elif not isinstance(text, (str, int, float)) or isinstance(text, bool):
                problem((*where, key), f"'{key}' of field '{ident}' must be a text, not {type_name(text)}")
            elif key in MARKDOWN_KEYS:
                line = source.front.line(*where, key) + (1 if "\n" in str(text).strip() else 0)
                parsed = parse_fragment(md, str(text), line, ref_start + len(refs))
                refs.extend(parsed.refs)
                texts[f"{key}_html"] = parsed.html
            else:
                texts[key] = str(text)
        fields.append(FieldText(ident, source.front.line(*where), **texts))
    if problems:
        return None, (), problems
    use = front.get("use", "")
    confidential = front.get("confidential", "")
    return FormText(str(use), str(confidential), tuple(fields), source.front.line("fields")), tuple(refs), []
