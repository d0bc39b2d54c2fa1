"""Parse: a form field's `show_if:` (when it is shown), read with its field,
then checked against the whole form: the field it names exists, comes
earlier and can take the answers it names, and no conditions go round in a
circle.

    show_if: {field: ended_early, is: "Yes"}
    show_if: {field: how_ending, in: [Early by agreement, Other]}
    show_if: {field: feedback_role, not: Mentor}
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.errors import Problem, suggest
from generator.load.mapping import Key, MappingReader, type_name
from generator.model.types import Condition, Field

KEY = "show_if"
TESTS = ("is", "in", "not")
CONTROLLERS = ("choice", "multichoice", "yesno", "checkbox", "scale")
"""Field types whose possible answers are known, so a condition can name them."""
YESNO = ("Yes", "No", "Unsure")
_EXAMPLE = 'for example: show_if: {field: ended_early, is: "Yes"}'


def read_condition(reader: MappingReader, data: dict[Any, Any], where: Key, name: str) -> Condition | None:
    """The condition written under `show_if:` of field `name`, its shape
    checked; whether it fits the form is `check_conditions`' business."""
    if KEY not in data:
        return None
    at = (*where, KEY)
    raw = reader.mapping(
        data[KEY], at, f"'show_if' of field {name} must be 'field:' and 'is:', 'in:' or 'not:', not {type_name(data[KEY])}", _EXAMPLE
    )
    if raw is None:
        return None
    reader.unknown_keys(raw, at, ("field", *TESTS), lambda key: f"'show_if' of field {name} has unknown key '{key}'")
    target = raw.get("field")
    if not isinstance(target, str) or not target:
        reader.problem(
            at, f"'show_if' of field {name} does not say which field decides", f"add 'field:', the id of an earlier field; {_EXAMPLE}"
        )
        return None
    tests = [key for key in TESTS if key in raw]
    if not tests and set(raw) - {"field"}:
        return None  # an unknown key said it
    if len(tests) != 1:
        said = "none of 'is:', 'in:' or 'not:'" if not tests else " and ".join(f"'{t}:'" for t in tests)
        reader.problem(
            at, f"'show_if' of field {name} has {said}", "give exactly one: 'is: an answer', 'in: [answers]' or 'not: an answer'"
        )
        return None
    test = tests[0]
    value = raw[test]
    if test == "is" and isinstance(value, list):
        reader.problem(
            (*at, test), f"'show_if' of field {name} has a list under 'is:'", f"write 'in: {_flow(value)}' for any of several answers"
        )
        return None
    answers = value if isinstance(value, list) else [value]
    if not answers or any(not isinstance(a, (str, int, float, bool)) or (isinstance(a, str) and not a.strip()) for a in answers):
        reader.problem((*at, test), f"'show_if' of field {name} must name answers under '{test}:', not {type_name(value)}", _EXAMPLE)
        return None
    kept = tuple(_as_text(a) for a in answers)
    return Condition(target, kept, negated=test == "not", line=reader.line(*at, test))


def _as_text(answer: object) -> str:
    # YAML reads a bare yes/no as true/false; a scale's point as a number.
    if answer is True:
        return "Yes"
    if answer is False:
        return "No"
    return str(answer).strip()


def _flow(values: list[Any]) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


def check_conditions(reader: MappingReader, fields: list[Field], where_of: dict[int, Key]) -> list[Field]:
    """`fields` with each condition's answers in the form they are kept
    ('yes' -> 'Yes'), and a problem at its line for each that does not fit.
    `where_of` maps a field's position in `fields` to its place in the YAML."""
    position = {f.id: index for index, f in enumerate(fields) if f.type not in ("section", "clause")}
    named = {index: f.show_if.field for index, f in enumerate(fields) if f.show_if is not None}
    checked: list[Field] = []
    for index, field in enumerate(fields):
        condition = field.show_if
        target = None if condition is None else position.get(condition.field)
        if condition is None or target is None:
            if condition is not None:
                at = (*where_of[index], KEY, "field")
                known = suggest(condition.field, position)
                reader.problem(at, f"'show_if' of {_what(field)} names '{condition.field}', which is not a field of this form", known)
            checked.append(field)
            continue
        at = (*where_of[index], KEY, "field")
        circle = _circle(index, named, position)
        if target == index:
            reader.problem(at, f"{_what(field)} is shown only if it is answered itself", "name an earlier field in 'show_if: {field: ...}'")
        elif circle and target > index:
            chain = " -> ".join(f"'{fields[i].id}'" for i in circle)
            reader.problem(
                at,
                f"the conditions of {_what(field)} form a cycle, so none of them could be shown: {chain}",
                "a field's 'show_if' must name a field that comes before it",
            )
        elif target > index:
            reader.problem(
                at,
                f"'show_if' of {_what(field)} names '{condition.field}', which comes after it (line {fields[target].line})",
                "a condition can only name a field answered before it: move that field up, or this one down",
            )
        checked.append(_with_answers(reader, field, condition, fields[target], at))
    return checked


def _what(field: Field) -> str:
    if field.type == "section":
        return f"section '{field.title}'"
    return f"field '{field.id}'"


def _circle(start: int, named: dict[int, str], position: dict[str, int]) -> list[int]:
    """The fields from `start` back to itself, following conditions; empty when they never come back."""
    path = [start]
    here = start
    while here in named and named[here] in position:
        here = position[named[here]]
        if here == start:
            return [*path, start]
        if here in path:
            return []  # a circle that does not pass through `start`: reported from its own fields
        path.append(here)
    return []


def _with_answers(reader: MappingReader, field: Field, condition: Condition, target: Field, at: Key) -> Field:
    """`field` with its condition's answers spelled as `target` keeps them; a problem for one it cannot take."""

    def problem(message: str, hint: str, line: int) -> Field:
        reader.problems.append(Problem(reader.path, line, message, hint))
        return field

    what = _what(field)
    if target.type not in CONTROLLERS:
        return problem(
            f"'show_if' of {what} names '{target.id}', a {target.type} field, whose answers cannot be known in advance",
            f"a condition can name a field of type {', '.join(CONTROLLERS)}",
            reader.line(*at),
        )
    possible = _possible_answers(target)
    kept: list[str] = []
    for answer in condition.answers:
        match = _match(answer, possible)
        if match is None:
            return problem(
                f"'show_if' of {what} names the answer '{answer}', which '{target.id}' ({target.type}) cannot take",
                f"its answers are: {', '.join(possible)}",
                condition.line,
            )
        kept.append(match)
    negated = condition.negated
    if target.type == "checkbox":
        # A box is ticked or not: 'is: no' is 'not: yes'.
        if set(kept) == {"yes", "no"}:
            return problem(f"'show_if' of {what} holds whether '{target.id}' is ticked or not", "remove 'show_if'", condition.line)
        negated = negated != (kept[0] == "no")
        kept = ["yes"]
    return replace(field, show_if=Condition(target.id, tuple(kept), negated, condition.line))


def _possible_answers(target: Field) -> tuple[str, ...]:
    if target.type in ("choice", "multichoice"):
        return target.values or target.options
    if target.type == "yesno":
        return YESNO
    if target.type == "scale":
        return tuple(str(point) for point in range(1, target.points + 1))
    return ("yes", "no")  # checkbox: ticked or not


def _match(answer: str, possible: tuple[str, ...]) -> str | None:
    """`answer` as `possible` spells it, letter case aside when that leaves no doubt."""
    if answer in possible:
        return answer
    same = [p for p in possible if p.casefold() == answer.casefold()]
    return same[0] if len(same) == 1 else None
