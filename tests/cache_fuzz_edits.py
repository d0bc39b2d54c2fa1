"""The random edits of tests/test_cache_fuzz.py: each changes the example
handbook (a copy, with the printing theme of tests/test_cache_equivalence.py)
the way a coordinator might, drawn from a seeded random.Random."""

from __future__ import annotations

import datetime
import os
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.model.types import slugify

REPO = Path(__file__).resolve().parent.parent

# fmt: off
WORDS = [
    "mentor", "mentee", "goal", "meeting", "review", "trust", "feedback", "plan", "growth", "listen", "agree", "notes", "step",
    "week", "early", "honest", "réunion", "étape", "confiance", "Straße", "café", "naïve", "programme", "cohort", "session", "progress",
]
# fmt: on

# A partial every page includes (test_cache_fuzz.py's EXTRA_FOOTER), which the edits rewrite with these pieces:
# each reads some of the context in its own way.
SNIPPETS = (
    "{{ page.title }}",
    "{{ next.title if next }} {{ previous.summary if previous }}",
    "{% for b in backlinks %}{{ b.title }}|{% endfor %}",
    "{{ home.summary if home }}",
    "{{ trail | map(attribute='title') | join('/') if trail }}",
    "{{ toc | length if toc }}",
    "{{ config.title }} {{ config.paper }}",
    "{{ t('page.on_this_page') }}",
    "{% for tr in translations %}{{ tr.language }}{% endfor %}",
    "{{ site.pages | length }}",
    "{% if page.form %}{{ page.form.version }}{% endif %}",
    "{% for u in used_in %}{{ u.programme.title }}{% endfor %}",
    "{{ page.meta }}",
    "<b>{{ range(3) | list }}</b>",
)


def words(rng: random.Random, low: int = 1, high: int = 4) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def title(rng: random.Random) -> str:
    return words(rng, 1, 4).capitalize()


# ---------------------------------------------------------------------------
# Reading and writing the project's files
# ---------------------------------------------------------------------------


def split(text: str) -> tuple[dict[str, Any] | None, str]:
    """Front matter (None when the page has none, or it is not a mapping) and body."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            try:
                data = yaml.safe_load(text[4:end])
            except yaml.YAMLError:
                return None, text
            if isinstance(data, dict):
                return data, text[end + 5 :]
    return None, text


def join(front: dict[str, Any] | None, body: str) -> str:
    if front is None:
        return body
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{dumped}---\n{body}"


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file the build reads (and the cache, which the builds write, left out)."""
    found = {}
    for path in sorted(project.rglob("*")):
        rel = path.relative_to(project).as_posix()
        if path.is_file() and not rel.startswith(".mentorkit-cache"):
            found[rel] = path.read_bytes()
    return found


def restore(project: Path, files: dict[str, bytes]) -> None:
    """Put the project back as `files` has it."""
    now = snapshot(project)
    for rel in now.keys() - files.keys():
        (project / rel).unlink()
    for rel, data in files.items():
        if now.get(rel) != data:
            (project / rel).parent.mkdir(parents=True, exist_ok=True)
            (project / rel).write_bytes(data)
    for folder in sorted((p for p in project.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if ".mentorkit-cache" not in folder.parts and not any(folder.iterdir()):
            folder.rmdir()


# ---------------------------------------------------------------------------
# The edits
# ---------------------------------------------------------------------------


@dataclass
class Handbook:
    """The project being edited, and the random numbers that edit it."""

    root: Path
    rng: random.Random
    touched: set[Path] = field(default_factory=set)
    """Files saved with the same bytes: the watcher reports them all the same."""

    @property
    def content(self) -> Path:
        return self.root / "content"

    def languages(self) -> list[str]:
        return sorted(p.name for p in self.content.iterdir() if p.is_dir() and p.name in ("en", "fr", "de"))

    def pages(self, language: str | None = None, kind: str | None = None) -> list[Path]:
        folder = self.content / language if language else self.content
        found = sorted(folder.rglob("*.md"))
        if kind is not None:
            found = [p for p in found if (split(p.read_text(encoding="utf-8"))[0] or {}).get("type") == kind]
        return found

    def pick(self, items: list[Any]) -> Any:
        return self.rng.choice(items) if items else None

    def page(self, language: str | None = None, kind: str | None = None) -> Path | None:
        return self.pick(self.pages(language, kind))

    def read(self, path: Path) -> tuple[dict[str, Any] | None, str]:
        return split(path.read_text(encoding="utf-8"))

    def write(self, path: Path, front: dict[str, Any] | None, body: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(join(front, body), encoding="utf-8")

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def config(self) -> dict[str, Any]:
        data = yaml.safe_load((self.root / "mentorkit.yaml").read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}

    def set_config(self, data: dict[str, Any]) -> None:
        (self.root / "mentorkit.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    def translations(self, path: Path) -> list[Path]:
        """The same page in the other languages."""
        language, _, rel = path.relative_to(self.content).as_posix().partition("/")
        return [self.content / other / rel for other in self.languages() if other != language and (self.content / other / rel).is_file()]


Edit = Callable[[Handbook], str | None]
"""An edit: what it did, or None when it found nothing to do."""


def front_edit(change: Callable[[Handbook, dict[str, Any], Path], str | None], kind: str | None = None) -> Edit:
    def edit(h: Handbook) -> str | None:
        path = h.page(kind=kind)
        if path is None:
            return None
        front, body = h.read(path)
        front = front if front is not None else {}
        what = change(h, front, path)
        if what is None:
            return None
        h.write(path, front, body)
        return f"{h.rel(path)}: {what}"

    return edit


def body_edit(change: Callable[[Handbook, str, Path], str | tuple[str, str] | None]) -> Edit:
    def edit(h: Handbook) -> str | None:
        path = h.page()
        if path is None:
            return None
        front, body = h.read(path)
        result = change(h, body, path)
        if result is None:
            return None
        body, what = result if isinstance(result, tuple) else (result, "body")
        h.write(path, front, body)
        return f"{h.rel(path)}: {what}"

    return edit


def _title(h: Handbook, front: dict[str, Any], _: Path) -> str:
    front["title"] = title(h.rng)
    return f"title {front['title']!r}"


def _order(h: Handbook, front: dict[str, Any], _: Path) -> str:
    if h.rng.random() < 0.25:
        front.pop("order", None)
        return "order removed"
    front["order"] = h.rng.randint(0, 12)
    return f"order {front['order']}"


def _slug(h: Handbook, front: dict[str, Any], path: Path) -> str | None:
    if path.name == "index.md":
        return None
    if "slug" in front and h.rng.random() < 0.5:
        del front["slug"]
        return "slug removed"
    front["slug"] = slugify(words(h.rng, 1, 2)) or "x"
    return f"slug {front['slug']}"


def _summary(h: Handbook, front: dict[str, Any], _: Path) -> str:
    if h.rng.random() < 0.2:
        front.pop("summary", None)
        return "summary removed"
    front["summary"] = words(h.rng, 3, 10) + "."
    return "summary"


def _meta(h: Handbook, front: dict[str, Any], _: Path) -> str:
    key = h.rng.choice(["audience", "owner", "reviewed"])
    front[key] = words(h.rng) if h.rng.random() < 0.8 else [words(h.rng), words(h.rng)]
    return f"meta {key}"


def _append(h: Handbook, body: str, _: Path) -> tuple[str, str]:
    return body.rstrip("\n") + "\n\n" + words(h.rng, 5, 15) + ".\n", "paragraph appended"


def _reword(h: Handbook, body: str, _: Path) -> tuple[str, str] | None:
    found = [m for m in re.finditer(r"\b[a-z]{5,}\b", body)]
    if not found:
        return None
    m = h.rng.choice(found)
    return body[: m.start()] + h.rng.choice(WORDS) + body[m.end() :], f"word {m.group()!r} replaced"


def _lines(body: str) -> list[str]:
    return body.split("\n")


def _paragraph_starts(lines: list[str]) -> list[int]:
    """Lines that start a block (after a blank line), outside fenced code and indented blocks."""
    return [i for i in range(1, len(lines)) if lines[i - 1] == "" and lines[i] and not lines[i].startswith((" ", "\t", "```"))]


def _heading_add(h: Handbook, body: str, _: Path) -> tuple[str, str]:
    lines = _lines(body)
    starts = _paragraph_starts(lines) or [len(lines)]
    at = h.rng.choice(starts)
    text = title(h.rng)
    level = h.rng.choice(["##", "##", "###", "####"])
    lines[at:at] = [f"{level} {text}", ""]
    return "\n".join(lines), f"heading {level} {text!r} added"


def _headings(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if re.match(r"#{2,6} ", line)]


def _heading_rename(h: Handbook, body: str, _: Path) -> tuple[str, str] | None:
    lines = _lines(body)
    found = _headings(lines)
    if not found:
        return None
    i = h.rng.choice(found)
    hashes = lines[i].split(" ", 1)[0]
    if h.rng.random() < 0.3:
        hashes = h.rng.choice(["##", "###", "####"])
    old, lines[i] = lines[i], f"{hashes} {title(h.rng)}"
    return "\n".join(lines), f"heading {old!r} -> {lines[i]!r}"


def _heading_remove(h: Handbook, body: str, _: Path) -> tuple[str, str] | None:
    lines = _lines(body)
    found = _headings(lines)
    if not found:
        return None
    i = h.rng.choice(found)
    old = lines.pop(i)
    return "\n".join(lines), f"heading {old!r} removed"


def _relative(source: Path, target: Path) -> str:
    return Path(os.path.relpath(target, source.parent)).as_posix()


def _link_add(h: Handbook, body: str, path: Path) -> tuple[str, str] | None:
    language = path.relative_to(h.content).parts[0]
    target = h.page(language)
    if target is None:
        return None
    href = _relative(path, target)
    roll = h.rng.random()
    if roll < 0.15:
        href = "/" + target.relative_to(h.content / language).as_posix()
    if roll > 0.4:
        heads = [line.split(" ", 1)[1] for line in _lines(h.read(target)[1]) if re.match(r"#{2,6} ", line)]
        anchor = slugify(h.pick(heads)) if heads and h.rng.random() < 0.8 else slugify(words(h.rng, 1, 2))
        href += "#" + anchor
    if target == path and h.rng.random() < 0.5:
        href = "#" + href.partition("#")[2]
    return body.rstrip("\n") + f"\n\nSee [{words(h.rng)}]({href}).\n", f"link to {href}"


def _link_remove(h: Handbook, body: str, _: Path) -> tuple[str, str] | None:
    found = list(re.finditer(r"(?<!!)\[([^\]\n]+)\]\(([^)\s]+)\)", body))
    if not found:
        return None
    m = h.rng.choice(found)
    return body[: m.start()] + m.group(1) + body[m.end() :], f"link to {m.group(2)} removed"


def _image_add(h: Handbook, body: str, path: Path) -> tuple[str, str] | None:
    assets = [p for p in h.content.rglob("*") if p.is_file() and p.suffix != ".md"]
    if not assets:
        return None
    asset = h.rng.choice(assets)
    return body.rstrip("\n") + f"\n\n![{words(h.rng)}]({_relative(path, asset)})\n", f"image {asset.name}"


def _raw_html(h: Handbook, body: str, path: Path) -> tuple[str, str]:
    """Raw HTML: an anchor of its own, an image by a relative address, a table (markdown.html decides)."""
    assets = sorted(p for p in h.content.rglob("*.svg"))
    pieces = [f'<a id="{slugify(words(h.rng, 1, 2))}"></a>', f"<table><tr><td>{words(h.rng)}</td></tr></table>"]
    if assets:
        pieces.append(f'<img src="{_relative(path, h.rng.choice(assets))}" alt="{words(h.rng)}">')
    piece = h.rng.choice(pieces)
    return body.rstrip("\n") + f"\n\n{piece}\n", f"raw HTML {piece[:20]!r}"


# Forms -----------------------------------------------------------------------

FIELD_TYPES = ("text", "textarea", "date", "email", "number", "checkbox", "choice", "multichoice", "scale", "yesno")


def _form(h: Handbook) -> tuple[Path, dict[str, Any], str] | None:
    """An original form (in the first language) with its fields."""
    path = h.page("en", "form")
    if path is None:
        return None
    front, body = h.read(path)
    if front is None or not isinstance(front.get("fields"), list):
        return None
    return path, front, body


def _field_id(field: dict[str, Any]) -> str | None:
    if field.get("type") in ("section", "clause"):
        return slugify(str(field.get("title", ""))) or None
    return str(field["id"]) if "id" in field else slugify(str(field.get("label", ""))).replace("-", "_") or None


def form_label(h: Handbook) -> str | None:
    found = _form(h)
    if found is None:
        return None
    path, front, body = found
    labelled = [f for f in front["fields"] if isinstance(f, dict) and "label" in f and "id" in f]
    if not labelled:
        return None
    field = h.rng.choice(labelled)
    field["label"] = title(h.rng)
    h.write(path, front, body)
    return f"{h.rel(path)}: label of {field['id']}"


def form_field_add(h: Handbook) -> str | None:
    found = _form(h)
    if found is None:
        return None
    path, front, body = found
    kind = h.rng.choice(FIELD_TYPES)
    new: dict[str, Any] = {"id": f"f_{h.rng.randrange(10**6)}", "type": kind, "label": title(h.rng)}
    if kind in ("choice", "multichoice"):
        new["options"] = [title(h.rng) + f" {i}" for i in range(h.rng.randint(2, 4))]
    if kind == "textarea":
        new["lines"] = h.rng.randint(1, 5)
    if h.rng.random() < 0.3:
        new["help"] = words(h.rng, 3, 8)
    if h.rng.random() < 0.2:
        new["required"] = True
    front["fields"].insert(h.rng.randint(0, len(front["fields"])), new)
    h.write(path, front, body)
    if h.rng.random() < 0.5:  # and in the translations
        for other in h.translations(path):
            tfront, tbody = h.read(other)
            if tfront is not None and isinstance(tfront.get("fields"), dict):
                text: Any = title(h.rng)
                if "options" in new:
                    text = {"label": text, "options": [f"{o} (fr)" for o in new["options"]]}
                tfront["fields"][new["id"]] = text
                h.write(other, tfront, tbody)
    return f"{h.rel(path)}: field {new['id']} ({kind}) added"


def form_field_remove(h: Handbook) -> str | None:
    found = _form(h)
    if found is None:
        return None
    path, front, body = found
    plain = [f for f in front["fields"] if isinstance(f, dict) and f.get("type") not in ("section", "clause")]
    if len(plain) < 2:
        return None
    gone = h.rng.choice(plain)
    front["fields"].remove(gone)
    h.write(path, front, body)
    ident = _field_id(gone)
    if h.rng.random() < 0.8:  # the translations follow (otherwise: an error, undone)
        for other in h.translations(path):
            tfront, tbody = h.read(other)
            if tfront is not None and isinstance(tfront.get("fields"), dict) and ident in tfront["fields"]:
                del tfront["fields"][ident]
                h.write(other, tfront, tbody)
    return f"{h.rel(path)}: field {ident} removed"


def _form_key(key: str, values: Callable[[random.Random], Any]) -> Edit:
    def edit(h: Handbook) -> str | None:
        found = _form(h)
        if found is None:
            return None
        path, front, body = found
        front[key] = values(h.rng)
        h.write(path, front, body)
        return f"{h.rel(path)}: {key} {front[key]!r}"

    return edit


def form_translation(h: Handbook) -> str | None:
    path = h.pick([p for p in h.pages(kind="form") if not p.relative_to(h.content).as_posix().startswith("en/")])
    if path is None:
        return None
    front, body = h.read(path)
    if front is None or not isinstance(front.get("fields"), dict) or not front["fields"]:
        return None
    key = h.rng.choice(sorted(front["fields"]))
    roll = h.rng.random()
    if roll < 0.2:
        del front["fields"][key]
        what = f"text of {key} removed"
    elif isinstance(front["fields"][key], dict) and "label" in front["fields"][key]:
        front["fields"][key]["label"] = title(h.rng)
        what = f"label of {key}"
    elif isinstance(front["fields"][key], dict) and "title" in front["fields"][key]:
        front["fields"][key]["title"] = title(h.rng)
        what = f"title of {key}"
    else:
        front["fields"][key] = title(h.rng)
        what = f"text of {key}"
    if h.rng.random() < 0.2:
        front["use"] = words(h.rng, 1, 3)
        what += ", use"
    h.write(path, front, body)
    return f"{h.rel(path)}: {what}"


# Programmes --------------------------------------------------------------------


def _programme(h: Handbook) -> tuple[Path, dict[str, Any], str] | None:
    path = h.page(kind="programme")
    if path is None:
        return None
    front, body = h.read(path)
    return (path, front, body) if front is not None else None


def programme_edit(h: Handbook) -> str | None:
    found = _programme(h)
    if found is None:
        return None
    path, front, body = found
    phases = front.get("phases") if isinstance(front.get("phases"), list) else []
    choice = h.rng.choice(["cadence", "start", "phase name", "phase weeks", "milestone", "phase forms", "time", "length", "break"])
    if choice == "cadence":
        front["cadence"] = h.rng.choice(["weekly", "fortnightly", "monthly", "every 3 weeks"])
        what = f"cadence {front['cadence']}"
    elif choice == "start":
        if h.rng.random() < 0.2:
            front.pop("start", None)
            what = "start removed"
        else:
            front["start"] = datetime.date(2027, 1, 1) + datetime.timedelta(days=h.rng.randrange(365))
            what = f"start {front['start']}"
    elif choice == "phase name" and phases:
        phase = h.rng.choice(phases)
        phase["name"] = title(h.rng)
        what = f"phase named {phase['name']!r}"
    elif choice == "phase weeks" and len(phases) >= 2 and all("weeks" in p for p in phases):
        i = h.rng.randrange(len(phases) - 1)
        a_from, a_to = (int(x) for x in str(phases[i]["weeks"]).split("-"))
        b_from, b_to = (int(x) for x in str(phases[i + 1]["weeks"]).split("-"))
        move = h.rng.choice([-1, 1])
        a_to += move
        b_from += move
        phases[i]["weeks"], phases[i + 1]["weeks"] = f"{a_from}-{a_to}", f"{b_from}-{b_to}"  # may leave a phase empty: an error
        what = f"phases {i} and {i + 1}: {phases[i]['weeks']}, {phases[i + 1]['weeks']}"
    elif choice == "milestone" and isinstance(front.get("milestones"), list) and front["milestones"]:
        milestone = h.rng.choice(front["milestones"])
        if h.rng.random() < 0.5:
            milestone["name"] = title(h.rng)
        else:
            milestone["week"] = max(1, int(milestone.get("week", 1)) + h.rng.choice([-1, 1]))
        what = f"milestone {milestone['name']!r} week {milestone.get('week')}"
    elif choice == "phase forms" and phases:
        phase = h.rng.choice(phases)
        forms = list(phase.get("forms") or [])
        names = sorted(p.stem for p in h.pages("en", "form"))
        if forms and h.rng.random() < 0.5:
            forms.remove(h.rng.choice(forms))
        elif names:
            forms.append(h.rng.choice(names))
        phase["forms"] = forms
        what = f"phase forms {forms}"
    elif choice == "time":
        if "time" in front and h.rng.random() < 0.4:
            del front["time"]
            front.pop("timezone", None)
            what = "time removed"
        else:
            front["time"] = h.rng.choice(["09:00", "17:30", "12:15"])
            if h.rng.random() < 0.5:
                front["timezone"] = h.rng.choice(["Europe/London", "America/Toronto", "Europe/Paris"])
            what = f"time {front['time']} {front.get('timezone')}"
    elif choice == "length":
        front["meeting_length"] = h.rng.choice(["1 hour", "90 minutes", "45 minutes", 60])
        what = f"meeting_length {front['meeting_length']}"
    elif choice == "break":
        if front.get("breaks") and h.rng.random() < 0.5:
            del front["breaks"]
            what = "breaks removed"
        else:
            week = h.rng.randint(2, 6)
            front["breaks"] = [{"name": title(h.rng), "weeks": f"{week}-{week + h.rng.randint(0, 1)}"}]
            what = f"break {front['breaks']}"
    else:
        return None
    h.write(path, front, body)
    return f"{h.rel(path)}: {what}"


# The theme ------------------------------------------------------------------------


def _word_keys() -> list[tuple[str, ...]]:
    data = yaml.safe_load((REPO / "themes/default/i18n/en.yaml").read_text(encoding="utf-8"))
    keys: list[tuple[str, ...]] = []

    def walk(node: Any, path: tuple[str, ...]) -> None:
        if isinstance(node, dict):
            if set(node) <= {"zero", "one", "two", "few", "many", "other"}:
                return  # plural forms: left alone
            for key, value in node.items():
                walk(value, (*path, str(key)))
        elif isinstance(node, str) and "{" not in node:
            keys.append(path)

    walk(data, ())
    return keys


WORD_KEYS = _word_keys()


def theme_words(h: Handbook) -> str | None:
    language = h.rng.choice(["en", "fr", "de"])
    path = h.root / "themes/default/i18n" / f"{language}.yaml"
    if path.is_file() and h.rng.random() < 0.25:
        path.unlink()
        return f"{h.rel(path)} removed"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    data = data if isinstance(data, dict) else {}
    key = h.rng.choice(WORD_KEYS)
    node = data
    for part in key[:-1]:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            return None
    node[key[-1]] = title(h.rng)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return f"{h.rel(path)}: {'.'.join(key)}"


def theme_template(h: Handbook) -> str | None:
    templates = h.root / "themes/default/templates"
    roll = h.rng.random()
    extra = templates / "partials/extra.html"
    if roll < 0.6:
        chosen = h.rng.sample(SNIPPETS, h.rng.randint(1, 3))
        extra.write_text(f"<div class=extra>{' '.join(chosen)} {words(h.rng)}</div>\n", encoding="utf-8")
        return f"{h.rel(extra)}: {' '.join(chosen)}"
    if roll < 0.65:  # the print pages' chapters (and the handbook PDF's), made from their own template
        chapter = templates / "handbook-chapter.html"
        if chapter.is_file() and h.rng.random() < 0.4:
            chapter.unlink()
            return f"{h.rel(chapter)} removed"
        base = (REPO / "themes/default/templates/handbook-chapter.html").read_text(encoding="utf-8")
        include = '{% include "partials/extra.html" ignore missing %}' if h.rng.random() < 0.5 else ""
        chapter.write_text(base + f"<p>{words(h.rng)}</p>{include}\n", encoding="utf-8")
        return f"{h.rel(chapter)} written{' (with extra.html)' if include else ''}"
    if roll < 0.7:
        if not extra.is_file():
            return None
        extra.unlink()
        return f"{h.rel(extra)} removed"
    name = h.rng.choice(["forms.html", "programme.html", "form.html"])
    path = templates / name
    text = path.read_text(encoding="utf-8")
    marker = "{% block after_content %}{{ super() }}"
    if marker not in text:
        return None
    path.write_text(text.replace(marker, marker + f"<p>{words(h.rng)}</p>", 1), encoding="utf-8")
    return f"{h.rel(path)}: a line added"


def theme_static(h: Handbook) -> str | None:
    static = h.root / "themes/default/static"
    name = h.rng.choice(["extra.css", "extra.js", "style.css", "img/mark.svg"])
    path = static / name
    if path.is_file() and h.rng.random() < 0.4:
        path.unlink()
        return f"{h.rel(path)} removed"
    path.parent.mkdir(parents=True, exist_ok=True)
    if name == "style.css":  # the project's copy replaces the built-in one
        base = (REPO / "themes/default/static/style.css").read_text(encoding="utf-8")
        path.write_text(base + f"\n/* {words(h.rng)} */\n", encoding="utf-8")
    else:
        path.write_text(f"/* {words(h.rng)} */\n", encoding="utf-8")
    return f"{h.rel(path)} written"


# The config ------------------------------------------------------------------------

NAV = ["index.md", {"Roles": "roles.md"}, {"Principles": ["guide/index.md", "guide/clear-expectations.md"]}, "forms/index.md"]


def config_edit(h: Handbook) -> str | None:
    data = h.config()
    key = h.rng.choice(
        [
            "title",
            "organisation",
            "paper",
            "base_url",
            "offline",
            "typographer",
            "toc_depth",
            "html",
            "branding",
            "logo",
            "nav",
            "fr title",
            "de",
            "theme",
        ]
    )
    if key == "title":
        data["title"] = title(h.rng)
    elif key == "organisation":
        data["organisation"] = title(h.rng)
    elif key == "paper":
        data["paper"] = "letter" if data.get("paper") == "a4" else "a4"
    elif key == "base_url":
        choices = [None, "https://example.org/handbook/", "/handbook/", "https://mentors.example.com/"]
        data["base_url"] = h.rng.choice(choices)
        if data["base_url"] is None:
            del data["base_url"]
    elif key == "offline":
        data["offline"] = not data.get("offline", False)
    elif key in ("typographer", "html"):
        markdown = data.setdefault("markdown", {})
        markdown[key] = not markdown.get(key, key == "html")
    elif key == "toc_depth":
        data.setdefault("markdown", {})["toc_depth"] = h.rng.randint(2, 4)
    elif key == "branding":
        if "branding" in data and h.rng.random() < 0.3:
            del data["branding"]
        else:
            data["branding"] = {"primary": h.rng.choice(["#1a4d8f", "#2d5016", "#5b1a6e"]), "contact": words(h.rng)}
    elif key == "logo":
        branding = data.setdefault("branding", {})
        assets = sorted(p.relative_to(h.content).as_posix() for p in h.content.rglob("*.svg"))
        if "logo" in branding or not assets:
            branding.pop("logo", None)
        else:
            branding["logo"] = h.rng.choice(assets)
    elif key == "theme":
        data["theme"] = h.rng.choice([t for t in ("default", "compact", "custom") if t != data.get("theme", "default")])
        if data["theme"] == "custom" or h.rng.random() < 0.3:  # a theme of the project's own, extending one or the other
            custom = h.root / "themes/custom"
            (custom / "static").mkdir(parents=True, exist_ok=True)
            parent = h.rng.choice(["default", "compact"])
            (custom / "theme.yaml").write_text(f"extends: {parent}\n", encoding="utf-8")
            (custom / "static/custom.css").write_text(f"/* {words(h.rng)} */\n", encoding="utf-8")
            key = f"theme {data['theme']} (custom extends {parent})"
        else:
            key = f"theme {data['theme']}"
    elif key == "nav":
        if "nav" in data:
            del data["nav"]
        else:
            data["nav"] = NAV[: h.rng.randint(1, len(NAV))]
    elif key == "fr title":
        languages = data.get("languages")
        if not isinstance(languages, dict) or "fr" not in languages:
            return None
        languages["fr"] = {**(languages["fr"] or {}), "title": title(h.rng)}
    elif key == "de":
        languages = data.get("languages")
        if not isinstance(languages, dict):
            return None
        if "de" in languages:
            del languages["de"]
            shutil.rmtree(h.content / "de", ignore_errors=True)
            key = "de removed"
        else:
            languages["de"] = {"title": "Das Mentoring-Handbuch"}
            h.write(h.content / "de/index.md", {"title": "Willkommen"}, "\nHallo.\n\n## Erste Schritte\n\nLos geht's.\n")
            if h.rng.random() < 0.5:
                h.write(h.content / "de/roles.md", {"title": "Rollen"}, "\nWer was tut.\n")
            key = "de added"
    h.set_config(data)
    return f"mentorkit.yaml: {key}"


# Pages and files added, moved, removed ------------------------------------------------------


def page_add(h: Handbook) -> str | None:
    language = h.pick(h.languages())
    if language is None:
        return None
    folders = sorted({p.parent for p in h.pages(language)} | {h.content / language / "extra"})
    folder = h.rng.choice(folders)
    path = folder / f"{slugify(words(h.rng, 1, 2)) or 'page'}.md"
    if path.exists():
        return None
    front: dict[str, Any] = {"title": title(h.rng)}
    if h.rng.random() < 0.5:
        front["order"] = h.rng.randint(0, 12)
    if h.rng.random() < 0.5:
        front["summary"] = words(h.rng, 3, 8) + "."
    body = f"\n{words(h.rng, 4, 12)}.\n\n## {title(h.rng)}\n\n{words(h.rng, 4, 12)}.\n"
    other = h.page(language)
    if other is not None:
        body += f"\nSee [{words(h.rng)}]({_relative(path, other)}).\n"
    h.write(path, front, body)
    return f"{h.rel(path)} added"


def translation_add(h: Handbook) -> str | None:
    """A page of the first language given its missing translation (a form's: some of its texts)."""
    others = [language for language in h.languages() if language != "en"]
    candidates = [(p, o) for p in h.pages("en") for o in others if not (h.content / o / p.relative_to(h.content / "en")).exists()]
    if not candidates:
        return None
    path, language = h.rng.choice(candidates)
    target = h.content / language / path.relative_to(h.content / "en")
    front, _ = h.read(path)
    new: dict[str, Any] = {"title": title(h.rng)}
    if front and front.get("type") in ("form", "programme", "forms"):
        new["type"] = front["type"]
    if front and front.get("type") == "form" and isinstance(front.get("fields"), list):
        texts = {}
        for one in front["fields"]:
            ident = _field_id(one) if isinstance(one, dict) else None
            if ident and "label" in one and "options" not in one and "columns" not in one and h.rng.random() < 0.6:
                texts[ident] = title(h.rng)
        new["fields"] = texts
    if front and front.get("type") == "programme":
        new = {**front, "title": new["title"]}
    h.write(target, new, f"\n{words(h.rng, 4, 10)}.\n")
    return f"{h.rel(target)} added (a translation)"


def programme_add(h: Handbook) -> str | None:
    """A copy of a programme under another name (its forms, looked up by name, are shared)."""
    path = h.page(kind="programme")
    if path is None:
        return None
    target = path.with_name(f"{slugify(words(h.rng, 1, 2)) or 'programme'}.md")
    if target.exists():
        return None
    front, body = h.read(path)
    if front is None:
        return None
    front["title"] = title(h.rng)
    h.write(target, front, body)
    return f"{h.rel(target)} added (a copy of {path.name})"


def _movable(h: Handbook) -> list[Path]:
    return [p for p in h.pages() if p.name != "index.md"]


def page_rename(h: Handbook) -> str | None:
    path = h.pick(_movable(h))
    if path is None:
        return None
    new = path.with_name(f"{slugify(words(h.rng, 1, 2)) or 'page'}.md")
    if new.exists():
        return None
    moved = [(path, new)]
    if h.rng.random() < 0.6:  # its translations too, keeping them translations
        moved += [(other, other.parent / new.name) for other in h.translations(path)]
    for old, target in moved:
        old.rename(target)
    if h.rng.random() < 0.7:  # and the links to it (names of forms in programmes too)
        for page in h.pages():
            text = page.read_text(encoding="utf-8")
            changed = re.sub(rf"(?<=[(/\[ ]){re.escape(path.stem)}(?=\.md|[\],\n])", new.stem, text)
            if changed != text:
                page.write_text(changed, encoding="utf-8")
    return f"{h.rel(path)} renamed {new.name} ({len(moved)} languages)"


def page_move(h: Handbook) -> str | None:
    path = h.pick(_movable(h))
    if path is None:
        return None
    language = path.relative_to(h.content).parts[0]
    folders = sorted({p.parent for p in h.pages(language)} | {h.content / language / "extra"} - {path.parent})
    target = h.rng.choice(folders) / path.name
    if target.exists():
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    path.rename(target)
    return f"{h.rel(path)} moved to {h.rel(target)}"


def page_remove(h: Handbook) -> str | None:
    path = h.pick(_movable(h) if h.rng.random() < 0.9 else h.pages())
    if path is None:
        return None
    path.unlink()
    return f"{h.rel(path)} removed"


def asset_edit(h: Handbook) -> str | None:
    assets = sorted(p for p in h.content.rglob("*") if p.is_file() and p.suffix != ".md")
    if assets and h.rng.random() < 0.35:
        gone = h.rng.choice(assets)
        gone.unlink()
        return f"{h.rel(gone)} removed"
    folder = h.rng.choice([h.content / "img", h.content / "en" / "files", h.content / "fr"])
    name = h.rng.choice(["logo.svg", "photo.png", "notes.txt", "plan.pdf"])
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(f"<svg xmlns='http://www.w3.org/2000/svg'><!-- {words(h.rng)} --></svg>".encode())
    return f"{h.rel(path)} written"


# Edits that break the project (the builds must all fail alike; the edit is then undone) --------


def touch(h: Handbook) -> str | None:
    """A file saved again as it was."""
    path = h.pick(sorted(p for p in h.root.rglob("*") if p.is_file() and ".mentorkit-cache" not in p.parts))
    if path is None:
        return None
    path.write_bytes(path.read_bytes())
    h.touched.add(path)
    return f"{h.rel(path)} saved unchanged"


def breakage(h: Handbook) -> str | None:
    kind = h.rng.choice(["yaml", "field type", "config key", "translation id", "template", "phases", "words"])
    if kind == "yaml":
        path = h.page()
        if path is None:
            return None
        path.write_text("---\ntitle: [unclosed\n---\n\nText.\n", encoding="utf-8")
        return f"{h.rel(path)}: front matter that is not YAML"
    if kind == "field type":
        found = _form(h)
        if found is None:
            return None
        path, front, body = found
        front["fields"].append({"id": "broken", "type": "dat", "label": "Broken"})
        h.write(path, front, body)
        return f"{h.rel(path)}: a field of type 'dat'"
    if kind == "config key":
        data = h.config()
        data["titel"] = "Typo"
        h.set_config(data)
        return "mentorkit.yaml: an unknown key"
    if kind == "translation id":
        path = h.pick([p for p in h.pages(kind="form") if not p.relative_to(h.content).as_posix().startswith("en/")])
        if path is None:
            return None
        front, body = h.read(path)
        if front is None or not isinstance(front.get("fields"), dict):
            return None
        front["fields"]["no_such_field"] = "Rien"
        h.write(path, front, body)
        return f"{h.rel(path)}: a translation of a field the original lacks"
    if kind == "template":
        extra = h.root / "themes/default/templates/partials/extra.html"
        extra.write_text("{% if %}broken{% endif %}\n", encoding="utf-8")
        return f"{h.rel(extra)}: a template that does not parse"
    if kind == "phases":
        found = _programme(h)
        if found is None or not isinstance(found[1].get("phases"), list) or not found[1]["phases"]:
            return None
        path, front, body = found
        front["phases"][0]["weeks"] = "0-1"
        h.write(path, front, body)
        return f"{h.rel(path)}: a phase from week 0"
    path = h.root / "themes/default/i18n/fr.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("page: [not, a, mapping\n", encoding="utf-8")
    return f"{h.rel(path)}: words that are not YAML"


EDITS: list[tuple[int, str, Edit]] = [
    (4, "title", front_edit(_title)),
    (3, "order", front_edit(_order)),
    (2, "slug", front_edit(_slug)),
    (3, "summary", front_edit(_summary)),
    (1, "meta", front_edit(_meta)),
    (5, "append", body_edit(_append)),
    (3, "reword", body_edit(_reword)),
    (3, "heading added", body_edit(_heading_add)),
    (3, "heading renamed", body_edit(_heading_rename)),
    (2, "heading removed", body_edit(_heading_remove)),
    (4, "link added", body_edit(_link_add)),
    (2, "link removed", body_edit(_link_remove)),
    (1, "image", body_edit(_image_add)),
    (1, "raw html", body_edit(_raw_html)),
    (3, "form label", form_label),
    (2, "form field added", form_field_add),
    (2, "form field removed", form_field_remove),
    (2, "form use", _form_key("use", lambda rng: words(rng, 1, 3))),
    (2, "form version", _form_key("version", lambda rng: f"1.{rng.randint(0, 9)}")),
    (1, "form for", _form_key("for", lambda rng: rng.sample(["mentor", "mentee", "coordinator"], rng.randint(1, 3)))),
    (3, "form translation", form_translation),
    (5, "programme", programme_edit),
    (2, "theme words", theme_words),
    (3, "theme template", theme_template),
    (2, "theme static", theme_static),
    (5, "config", config_edit),
    (2, "page added", page_add),
    (2, "translation added", translation_add),
    (1, "programme added", programme_add),
    (2, "page renamed", page_rename),
    (2, "page moved", page_move),
    (1, "page removed", page_remove),
    (2, "asset", asset_edit),
    (1, "touch", touch),
    (2, "breakage", breakage),
]
