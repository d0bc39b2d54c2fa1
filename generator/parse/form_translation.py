"""Parse: a translation of a form, whose `fields:` is a mapping from field
id to that field's texts in the page's language.

The fields themselves (types, ids, what is required, how many lines) are
the original form's, so answers move between languages; the model joins
the two (`translate_form` in translations.py).
"""

from __future__ import annotations

from typing import Any

from generator.errors import Problem, suggest
from generator.load.mapping import WRONG, Field, Key, MappingReader, a_list_of_texts, a_text, type_name
from generator.model.types import FieldText, FormText, Ref
from generator.parse.form import USE, read_confidential
from generator.parse.front_matter import SourcePage
from generator.parse.markdown import ElementId, Markdown, parse_fragment

TEXT_KEYS = ("label", "help", "options", "columns", "signers", "low", "high", "title", "text")
LIST_KEYS = ("options", "columns", "signers")
MARKDOWN_KEYS = ("help", "text")
SHARED_KEYS = ("for", "version", "updated")
"""Front matter that belongs to the form itself, given once in its original."""


_TEXT = a_text(numbers=True)
_TEXTS = a_list_of_texts("must be a list of texts, such as [Premier, Second]", single=False)
FIELDS: dict[str, Field[Any] | None] = {key: _TEXTS if key in LIST_KEYS else _TEXT for key in TEXT_KEYS}


def parse_form_text(
    source: SourcePage, md: Markdown, ref_start: int
) -> tuple[FormText | None, tuple[Ref, ...], tuple[ElementId, ...], list[Problem]]:
    """A form translation's texts, their links, the ids their raw HTML gives, and the problems found."""
    front: dict[str, Any] = source.front.data
    reader = MappingReader(source.front, source.path)
    refs: list[Ref] = []
    element_ids: list[ElementId] = []
    for key in SHARED_KEYS:
        if key in front:
            reader.problem((key,), f"'{key}' comes from the form this page translates", "remove it here; change it in the original form")
    fields: list[FieldText] = []
    for ident, value in front["fields"].items():
        where = ("fields", ident)
        if not isinstance(ident, str):
            reader.problem(where, f"field id {ident!r} must be a text", "write each field as 'its_id: Its label'")
            continue
        label = _TEXT.check(value)
        if label is not WRONG:
            fields.append(FieldText(ident, reader.line(*where), label=label))
            continue
        message = f"field '{ident}' must be its label, or 'key: text' lines, not {type_name(value)}"
        data = reader.mapping(value, where, message, "for example: label: Votre nom")
        if data is None:
            continue
        found = _field_texts(reader, data, where, ident)
        for key in list(found):  # in the order written, as the links are numbered
            if key in MARKDOWN_KEYS:
                line = reader.line(*where, key) + (1 if "\n" in found[key].strip() else 0)
                parsed = parse_fragment(md, found.pop(key), line, ref_start + len(refs))
                refs.extend(parsed.refs)
                element_ids.extend(parsed.element_ids)
                found[f"{key}_html"] = parsed.html
        fields.append(FieldText(ident, reader.line(*where), **found))
    use = reader.read(front, "use", (), USE, "")
    if reader.problems:
        return None, (), (), reader.problems
    return FormText(use, read_confidential(front), tuple(fields), reader.line("fields")), tuple(refs), tuple(element_ids), []


def _only_texts(key: str) -> str:
    if key == "show_if":
        return "a field's condition comes from the original form, and this page shows it in its own words: remove it here"
    return f"a translation gives only texts: {', '.join(TEXT_KEYS)} ({suggest(key, TEXT_KEYS)})"


def _field_texts(reader: MappingReader, data: dict[Any, Any], where: Key, ident: str) -> dict[str, Any]:
    """The texts a translation gives for field `ident`."""
    return reader.fields(
        data,
        where,
        FIELDS,
        unknown=lambda key: f"field '{ident}' has key '{key}', which a translation cannot change",
        hint=lambda key: _only_texts(key),
        subject=lambda key: f"'{key}' of field '{ident}'",
    )
