"""Render: what lets a handbook be read without a network (`offline: true`).

A service worker at the site's root keeps every file the build wrote, in a
cache named after the build's inputs; a web app manifest and an icon let a
phone install the handbook. The worker's own script is `service-worker.js`
beside this module (in the wheel too).
"""

from __future__ import annotations

import html
import importlib.resources
import json
import posixpath

from generator.load.config import Config


def service_worker(files: list[str], version: str) -> str:
    """The worker, caching `files` (site-relative) under a name made from `version`."""
    source = importlib.resources.files("generator.render").joinpath("service-worker.js").read_text(encoding="utf-8")
    listed = json.dumps(files, ensure_ascii=False).replace("<", "\\u003c")
    return source.replace("__VERSION__", version).replace("__FILES__", listed)


def web_manifest(config: Config, start: str, icon: str) -> str:
    """The web app manifest: the handbook's name, colours and icons (the branding's
    logo when there is one, then `icon`, the handbook's initials)."""
    primary = config.branding.primary or "#1f5f8b"
    manifest = {
        "name": config.title,
        "short_name": short_name(config.title),
        "lang": config.language,
        "start_url": start,
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": primary,
        "icons": [*_logo_icon(config.branding.logo), {"src": icon, "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"


def short_name(title: str) -> str:
    """The name under the icon on a phone's home screen, which shows about 12 letters:
    the title when it fits, else its first word of more than three letters ('The
    Mentoring Handbook' -> 'Mentoring', not 'The'), cut to 12."""
    if len(title) <= 12:
        return title
    words = title.split() or [title]
    return next((word for word in words if len(word) > 3), words[0])[:12]


_IMAGE_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
}


def _logo_icon(logo: str) -> list[dict[str, str]]:
    """The branding's logo (a file under content/, site-relative) as the app's first icon.
    Only an SVG can say it fits any size; a picture's size is not known here, so the
    initials' icon stays after it for a phone that needs one of a known size."""
    if not logo:
        return []
    kind = _IMAGE_TYPES.get(posixpath.splitext(logo.lower())[1])
    if kind is None:
        return []
    icon = {"src": logo, "type": kind, "purpose": "any"}
    if kind == "image/svg+xml":
        icon["sizes"] = "any"
    return [icon]


def app_icon(config: Config) -> str:
    """A square icon: the handbook's initials on its primary colour."""
    primary = config.branding.primary or "#1f5f8b"
    initials = "".join(word[0] for word in config.title.split()[:2] if word[:1].isalnum()).upper() or "M"
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">'
        f'<rect width="512" height="512" rx="96" fill="{html.escape(primary)}"/>'
        '<text x="256" y="256" dy="0.35em" text-anchor="middle" font-family="sans-serif" font-weight="700" '
        f'font-size="{240 if len(initials) < 2 else 200}" fill="#ffffff">{html.escape(initials)}</text></svg>\n'
    )
