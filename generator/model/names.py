"""Model: whether a file's or folder's name can become part of the site.

Output names come from the names of files and folders under content/ and a
theme's static folder. A name must read as a plain path in a web address
(never as an anchor, a query, an escape or a scheme such as `javascript:`),
be a file name on every disk (Windows refuses `\\ : * ? " < > |`), and fit
on one line of a message. Names are refused, not rewritten, as `slug:`
values are: a link written to a file's own name keeps working, and the
coordinator decides the new name. Letters of any alphabet, digits, spaces
inside a name and other punctuation are fine.

Checked once per file, by the parse stage for pages and by the model for
every other file (generator/model/site.py).
"""

from __future__ import annotations

import re

from generator.errors import Problem

_WHY = {
    "%": "'%' (read as the start of an escape such as %20)",
    "#": "'#' (where a link's anchor starts)",
    "?": "'?' (where a web address's query starts)",
    "\\": "'\\' (a folder separator on Windows)",
    ":": "':' (read as a drive such as c: or a link's scheme such as javascript:)",
}
_NOT_ON_WINDOWS = '*"<>|'
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
"""Control characters, and the stand-ins Python reads a name's bytes that are not UTF-8 as."""
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff%#?\\:*\"<>|]|^\s|\s$|\s/|/\s|\s\.|\.$|\./")
"""Anything a part of the path could be refused for: one search of the whole path, most of which find nothing."""
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}
"""Names Windows keeps for devices, with any extension."""
HINT_TAIL = "letters, digits, spaces, '-', '_' and '.' are fine"


def shown(path: str) -> str:
    """`path` on one line, printable: control characters written as escapes
    ('\\n'), and a byte that is not UTF-8 as '\\xe9'."""
    if not _CONTROL.search(path):
        return path
    return _CONTROL.sub(_escaped, path)


def _escaped(match: re.Match[str]) -> str:
    character = match.group()
    if "\udc80" <= character <= "\udcff":  # a byte that is not UTF-8, as Python reads file names
        return f"\\x{ord(character) - 0xDC00:02x}"
    return repr(character)[1:-1]


def name_problems(folder: str, rel: str) -> list[Problem]:
    """A problem for each part of `rel` (a path under `folder`, such as
    'content') whose name cannot be part of the site, naming that file or
    folder: a folder is named the same way by each file in it."""
    if not _UNSAFE.search(rel) and not _has_reserved(rel):
        return []
    problems = []
    parts = rel.split("/")
    for index, part in enumerate(parts):
        is_file = index == len(parts) - 1
        reasons = _reasons(part, is_file)
        if reasons:
            kind = "file" if is_file else "folder"
            path = "/".join([folder, *parts[: index + 1]])
            problems.append(
                Problem(
                    shown(path),
                    None,
                    f"this {kind} name cannot be part of the site's addresses: it {'; it '.join(reasons)}",
                    f"rename it, for example to '{shown(safe_name(part))}' ({HINT_TAIL})",
                )
            )
    return problems


def _has_reserved(rel: str) -> bool:
    return any(part.split(".", 1)[0].lower() in _RESERVED for part in rel.split("/"))


def _reasons(part: str, is_file: bool) -> list[str]:
    reasons = []
    held = [_WHY[c] for c in _WHY if c in part]
    windows = [f"'{c}'" for c in _NOT_ON_WINDOWS if c in part]
    if windows:
        held.append(f"{' and '.join(windows)} (not allowed in file names on Windows)")
    controls = sorted(set(_CONTROL.findall(part)))
    if any(c in "\n\r\u2028\u2029" for c in controls):
        held.append("a line break")
    undecodable = [f"0x{ord(c) - 0xDC00:02x}" for c in controls if "\udc80" <= c <= "\udcff"]
    if undecodable:
        held.append(f"bytes that are not UTF-8 text ({', '.join(undecodable)})")
    held += [f"the control character {repr(c)[1:-1]}" for c in controls if c not in "\n\r\u2028\u2029" and not "\ud800" <= c <= "\udfff"]
    if held:
        reasons.append("holds " + ", ".join(held))
    stem = part.rpartition(".")[0] if is_file and "." in part else ""
    if _blank(part[:1]):
        reasons.append("starts with a space")
    if _blank(part[-1:]):
        reasons.append("ends with a space")
    elif part.endswith("."):
        reasons.append("ends with '.', which Windows drops")
    elif _blank(stem[-1:]):
        reasons.append("ends with a space before its extension")
    device = part.split(".", 1)[0]
    if device.lower() in _RESERVED:
        reasons.append(f"is '{device}', a name Windows keeps for a device")
    return reasons


def _blank(character: str) -> bool:
    """A space of any kind (a line break or tab is reported as a control character)."""
    return character.isspace() and not _CONTROL.match(character)


def safe_name(part: str) -> str:
    """A name like `part` that `name_problems` accepts: each character it
    refuses made '-', spaces and dots trimmed from the ends."""
    stem, dot, extension = part.rpartition(".") if "." in part.strip(". ") else (part, "", "")
    cleaned = re.sub(r"-{2,}", "-", _CONTROL.sub("-", re.sub(r"[%#?\\:*\"<>|]", "-", stem))).strip().strip("-.").strip() or "page"
    device, rest = cleaned.split(".", 1) if "." in cleaned else (cleaned, "")
    if device.lower() in _RESERVED:
        cleaned = f"{device}-page" + (f".{rest}" if rest else "")
    extension = extension.strip()
    return f"{cleaned}{dot}{extension}" if extension else cleaned
