"""Parse: how a form's records are named (`record_name:`) and the older
version whose records it takes over (`replaces:`), checked against the
form's fields. The records themselves live in the reader's browser
(themes/default/static/records.js)."""

from __future__ import annotations

from typing import Any

from generator.errors import suggest
from generator.load.mapping import Key, MappingReader, a_text, type_name
from generator.model.types import Field, Replaces

NAMING_TYPES = ("text", "date", "number", "email", "choice", "yesno", "scale")
"""Fields whose one-line answer can name a record (`record_name:`)."""
_TEXT = a_text(numbers=True)


def read_record_name(reader: MappingReader, front: dict[str, Any], by_id: dict[str, Field]) -> str:
    """`record_name:`, the id of a field of the form with a one-line answer."""
    name = reader.read(front, "record_name", (), _TEXT, "")
    if not name:
        return ""
    field = by_id.get(name)
    if field is None:
        reader.problem(("record_name",), f"'record_name' names no field of this form: '{name}'", suggest(name, by_id))
        return ""
    if field.type not in NAMING_TYPES:
        reader.problem(
            ("record_name",),
            f"'record_name' names field '{name}' ({field.type}), whose answer cannot name a record",
            f"name a field of one of these types: {', '.join(NAMING_TYPES)}",
        )
        return ""
    return name


_REPLACES_EXAMPLE = 'for example:\n    replaces:\n      version: "1.0"\n      renamed: {old_id: new_id}'


def read_replaces(reader: MappingReader, front: dict[str, Any], by_id: dict[str, Field], version: str) -> Replaces | None:
    """`replaces: {version: "1.0", renamed: {old_id: new_id}}`: the version whose records move to this one."""
    if "replaces" not in front:
        return None
    data = reader.mapping(
        front["replaces"], ("replaces",), f"'replaces' must be a mapping, not {type_name(front['replaces'])}", _REPLACES_EXAMPLE
    )
    if data is None:
        return None
    where: Key = ("replaces",)
    reader.unknown_keys(data, where, ("version", "renamed"), lambda key: f"'replaces' has unknown key '{key}'")
    old = reader.read(data, "version", where, _TEXT, "")
    if not old:
        if "version" not in data:
            reader.problem(where, "'replaces' needs the 'version' it replaces", _REPLACES_EXAMPLE)
        return None
    if not version:
        reader.problem(where, "a form with 'replaces' needs a 'version' of its own", f'add \'version: "..."\', newer than "{old}"')
    elif old == version:
        reader.problem((*where, "version"), f"the form replaces its own version '{old}'", "raise 'version:' and keep the old one here")
    renamed_data = reader.mapping(
        data.get("renamed"),
        (*where, "renamed"),
        f"'renamed' must be a mapping from old field id to new, not {type_name(data.get('renamed'))}",
        "for example: renamed: {goal: main_goal}",
        blank=True,
    )
    renamed: list[tuple[str, str]] = []
    for old_id, new_id in (renamed_data or {}).items():
        at = (*where, "renamed", old_id)
        if not isinstance(old_id, str) or not isinstance(new_id, str):
            reader.problem(
                at,
                f"'renamed' must map field ids (texts) to field ids, not {old_id!r}: {new_id!r}",
                "for example: renamed: {goal: main_goal}",
            )
        elif new_id not in by_id:
            reader.problem(
                at,
                f"'renamed' gives '{old_id}' the new id '{new_id}', which no field of this form has",
                suggest(new_id, by_id),
            )
        elif old_id in by_id:
            reader.problem(
                at,
                f"'renamed' renames '{old_id}', which is still a field of this form",
                "keep the old id, or rename only ids this version no longer has",
            )
        else:
            renamed.append((old_id, new_id))
    return Replaces(old, tuple(renamed))
