"""Load: an organisation's look (`branding:` in mentorkit.yaml): logo,
colours and a contact line, with a contrast check so that no text on the
site falls below WCAG AA (4.5:1) in the chosen colours."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.load.mapping import Field, MappingReader, a_colour, a_text, nothing

_TEXT = a_text(shown=nothing)


def _colour(key: str, example: str) -> Field[str]:
    return a_colour(hint=f'write it as #rrggbb in quotes, such as {key}: "{example}"')


FIELDS: dict[str, Field[Any] | None] = {
    "logo": _TEXT,
    "primary": _colour("primary", "#1f5f8b"),
    "accent": _colour("accent", "#b3541e"),
    "contact": _TEXT,
}
WHITE = "#ffffff"
AA = 4.5
IMAGES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif")
_ELSEWHERE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]+:|//|\\\\)")
"""A logo on another host or of another scheme: 'https://...', '//cdn...', 'data:...'."""
_PUT_IT = "put the image under content/, such as content/img/logo.svg, and write 'logo: img/logo.svg'"


@dataclass(frozen=True, slots=True)
class Branding:
    """The organisation's look; empty values keep the theme's own."""

    logo: str = ""
    """A file under content/, such as 'img/logo.svg': relative to the site's root, with no leading '/'."""
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


def parse_branding(reader: MappingReader, block: object, content: Path | None = None) -> Branding:
    """`branding:` of mentorkit.yaml; its problems go to `reader`, all of them.
    With `content` (the project's content folder), the logo must be an image there."""
    data = reader.mapping(block, ("branding",), "'branding' must be a mapping such as 'primary: \"#1f5f8b\"'", blank=True)
    if data is None:
        return Branding()
    branding = Branding(**reader.fields(data, ("branding",), FIELDS, prefix="branding."))
    if branding.logo:
        branding = replace(branding, logo=_logo(reader, branding.logo, content))
    for key, role in (("primary", "white text on the header, and links on white"), ("accent", "white text on buttons and highlights")):
        shade = getattr(branding, key)
        if shade and contrast(shade, WHITE) < AA:
            reader.problem(
                ("branding", key),
                f"'branding.{key}' {shade} is too light for {role}: contrast {contrast(shade, WHITE):.1f}:1, WCAG AA needs 4.5:1",
                "choose a darker shade",
            )
    return branding


def _logo(reader: MappingReader, logo: str, content: Path | None) -> str:
    """The logo as a path from the site's root ('/img/logo.svg' and 'content/img/logo.svg' are
    'img/logo.svg'), or '' after telling what is wrong. A page links to it from its own folder,
    so a path from the server's root would break on every page below the top, or on a site
    opened from disk; and a logo from another host is refused: the site loads nothing from elsewhere."""
    where = ("branding", "logo")
    if _ELSEWHERE.match(logo.strip()):
        reader.problem(where, f"the logo '{logo}' is not a file of the handbook: the site loads nothing from other hosts", _PUT_IT)
        return ""
    path = posixpath.normpath(logo.strip().replace("\\", "/").lstrip("/"))
    if path == "." or path == ".." or path.startswith("../"):
        reader.problem(where, f"the logo '{logo}' is not a file under content/", _PUT_IT)
        return ""
    if content is not None:
        if not (content / path).is_file() and path.startswith("content/") and (content / path[len("content/") :]).is_file():
            path = path[len("content/") :]  # written from the project's folder
        if not (content / path).is_file():
            reader.problem(where, f"the logo '{logo}' is not a file under content/ (looked for content/{path})", _PUT_IT)
            return ""
    if not path.lower().endswith(IMAGES):
        reader.problem(where, f"the logo '{logo}' is not an image", "use an SVG, PNG, JPEG, GIF, WebP or AVIF file")
        return ""
    return path
