"""Render: what the theme's scripts know of a form, handed over as JSON.

forms.js keeps a form's records by it and "My records" shows, prints and
compares every form's records from it: the form's id and version, where a
browser keeps its answers, how a record is named, the version it replaces,
and each answer's key with its label and section title in the page's language.
"""

from __future__ import annotations

from typing import Any

from generator.load.theme_words import Words
from generator.model.types import Condition, Field, Page


def _conditions(*found: Condition | None) -> list[dict[str, Any]]:
    """The conditions (a section's, a field's own) under which an answer is asked for."""
    return [{"field": c.field, "answers": list(c.answers), "negated": c.negated} for c in found if c is not None]


def answer_keys(field: Field, words: Words) -> list[dict[str, Any]]:
    """The answers a field gives, each with its key, kind and label: one for
    most fields, a name and a date for each signer of a signature."""
    if field.type == "signature":
        keys: list[dict[str, Any]] = []
        for number, signer in enumerate(field.signers, 1):
            name, date = (
                words("form.part_of", field=signer, part=words("form.full_name")),
                words("form.part_of", field=signer, part=words("form.date_signed")),
            )
            keys.append({"id": f"{field.id}-{number}-name", "type": "text", "label": name})
            keys.append({"id": f"{field.id}-{number}-date", "type": "date", "label": date})
        return keys
    entry: dict[str, Any] = {"id": field.id, "type": field.type, "label": field.label}
    if field.prefill:
        entry["prefill"] = field.prefill
    if field.type in ("choice", "multichoice"):
        entry["options"] = list(field.options)
        entry["values"] = list(field.values or field.options)
    elif field.type == "yesno":
        entry["options"] = [words("form.yes"), words("form.no"), words("form.unsure")]
        entry["values"] = ["Yes", "No", "Unsure"]
    elif field.type == "table":
        entry["columns"] = list(field.columns)
    return [entry]


def form_meta(page: Page, words: Words) -> dict[str, Any]:
    """The form of `page` as the scripts read it (see forms.js and records.js)."""
    form = page.form
    assert form is not None
    fields: list[dict[str, Any]] = []
    section = ""
    section_condition: Condition | None = None
    for field in form.fields:
        if field.type == "section":
            section, section_condition = field.title, field.show_if
        elif field.type != "clause":
            conditions = _conditions(section_condition, field.show_if)
            extra: dict[str, Any] = {"show_if": conditions} if conditions else {}
            fields.extend(dict(key, section=section, **extra) for key in answer_keys(field, words))
    return {
        "id": form.ident,
        "title": page.title,
        "url": page.url,
        "version": form.version,
        "store": form.store,
        "key": form.key,
        "old_key": form.old_key,
        "record_name": form.record_name,
        "replaces": {"version": form.replaces.version, "renamed": dict(form.replaces.renamed)} if form.replaces else None,
        "fields": fields,
    }
