"""Load: an organisation's look (`branding:` in mentorkit.yaml): logo,
colours and a contact line, with a contrast check so that no text on the
site falls below WCAG AA (4.5:1) in the chosen colours."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.load.mapping import Field, MappingReader, a_colour, a_text, nothing

_TEXT = a_text(shown=nothing)
FIELDS: dict[str, Field[Any] | None] = {"logo": _TEXT, "primary": a_colour(), "accent": a_colour(), "contact": _TEXT}
WHITE = "#ffffff"
AA = 4.5


@dataclass(frozen=True, slots=True)
class Branding:
    """The organisation's look; empty values keep the theme's own."""

    logo: str = ""
    """A file under content/, such as 'img/logo.svg'."""
    primary: str = ""
    """The header's background and the colour of links."""
    accent: str = ""
    """Highlights: the current page in the navigation, buttons."""
    contact: str = ""
    """A line in every page's footer, such as who to ask."""


def relative_luminance(colour: str) -> float:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    light, dark = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def parse_branding(reader: MappingReader, block: object) -> Branding:
    """`branding:` of mentorkit.yaml; its problems go to `reader`."""
    data = reader.mapping(block, ("branding",), "'branding' must be a mapping such as 'primary: \"#1f5f8b\"'", blank=True)
    if data is None:
        return Branding()
    branding = Branding(**reader.fields(data, ("branding",), FIELDS, prefix="branding."))
    for key, role in (("primary", "white text on the header, and links on white"), ("accent", "white text on buttons and highlights")):
        shade = getattr(branding, key)
        if shade and contrast(shade, WHITE) < AA:
            reader.problem(
                ("branding", key),
                f"'branding.{key}' {shade} is too light for {role}: contrast {contrast(shade, WHITE):.1f}:1, WCAG AA needs 4.5:1",
                "choose a darker shade",
            )
    return branding
