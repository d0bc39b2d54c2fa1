"""`mentorkit new`: copy the example handbook into a new project folder, in
one of its languages (or several), optionally keeping just one of its
programme templates."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from generator.errors import MentorkitError, Problem, suggest
from generator.load.config import CONFIG_FILE, MarkdownOptions, load_config
from generator.load.sources import CONTENT_DIR
from generator.parse.front_matter import parse_source

if TYPE_CHECKING:
    from generator.model.types import Field, Form

PROGRAMMES = "programmes"
_LANGUAGES_BLOCK = re.compile(r"^languages:\n(?:[ \t]+.*\n|[ \t]*\n(?=[ \t]))*", re.MULTILINE)


def starter_dir() -> Path:
    """Inside the wheel the starter sits in the package; in a checkout it is the repository."""
    here = Path(__file__).resolve().parent
    packaged = here / "starter"
    return packaged if packaged.is_dir() else here.parent


def starter_languages() -> list[str]:
    """The languages the example handbook is written in, first language first."""
    config = load_config(starter_dir())
    return [settings.code for settings in config.languages] or [config.language]


def programme_templates() -> dict[str, Path]:
    """The example programmes a new handbook can start from, by name."""
    folder = starter_dir() / CONTENT_DIR / starter_languages()[0] / PROGRAMMES
    return {p.stem: p for p in sorted(folder.glob("*.md")) if p.stem != "index"}


def new_project(target: Path, programme: str | None = None, languages: tuple[str, ...] = ()) -> None:
    """Write content/ and mentorkit.yaml into `target`: the example handbook
    in `languages` (default: its first language). One language gets the
    pages straight under content/; several get a folder each."""
    templates = programme_templates()
    known = starter_languages()
    languages = tuple(dict.fromkeys(languages)) or (known[0],)
    problems = [
        Problem("--language", None, f"the example handbook is not written in '{code}'", suggest(code, known))
        for code in languages
        if code not in known
    ]
    if programme is not None and programme not in templates:
        problems.append(Problem("--programme", None, f"there is no programme template '{programme}'", suggest(programme, templates)))
    if problems:
        raise MentorkitError(problems)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise MentorkitError([Problem(str(target), None, "already exists and is not empty", "choose a new folder name")])
    source = starter_dir()
    target.mkdir(parents=True, exist_ok=True)
    for code in languages:
        folder = target / CONTENT_DIR / code if len(languages) > 1 else target / CONTENT_DIR
        shutil.copytree(source / CONTENT_DIR / code, folder)
        if code != known[0] and known[0] not in languages:
            _make_forms_standalone(source / CONTENT_DIR / known[0], folder)
        if programme is not None:
            _keep_programme(folder / PROGRAMMES, programme, templates)
    text = (source / CONFIG_FILE).read_text(encoding="utf-8")
    (target / CONFIG_FILE).write_text(_config_text(text, languages), encoding="utf-8")
    (target / ".gitignore").write_text(GITIGNORE, encoding="utf-8")


GITIGNORE = """\
# What mentorkit makes, and what must not be published with the handbook.
site/
.mentorkit-cache/
# Pairs' packs and the roster they are made from (mentorkit packs): names of real people.
packs/
*.csv
"""


def _make_forms_standalone(originals: Path, folder: Path) -> None:
    """Translated forms made forms of their own, for a handbook without the
    language they translate: the original's fields with the translation's texts."""
    from generator.parse.form_translation import SHARED_KEYS  # with the parser: only this needs it

    for path in sorted(folder.rglob("*.md")):
        original = originals / path.relative_to(folder)
        front, body = _front_matter(path.read_text(encoding="utf-8"))
        if not isinstance(front.get("fields"), dict) or not original.is_file():
            continue
        texts: dict[str, Any] = front["fields"]
        original_front, _ = _front_matter(original.read_text(encoding="utf-8"))
        merged = []
        fields = _parsed_form(original).fields
        for raw, field in zip(original_front["fields"], fields, strict=True):
            given = texts.get(field.id) if field.id else None
            titled = field.type in ("section", "clause")
            entry = dict(raw)
            if isinstance(given, str):
                entry["title" if titled else "label"] = given
            elif isinstance(given, dict):
                # A section and a field may share an id ('signatures'): each takes its own keys.
                entry.update({k: v for k, v in given.items() if (k in ("title", "text")) == titled})
            merged.append(entry)
        _translate_conditions(merged, fields)
        shared = {key: original_front[key] for key in SHARED_KEYS if key in original_front}
        front = {**{k: v for k, v in front.items() if k != "fields"}, **shared, "fields": merged}
        dumped = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
        path.write_text(f"---\n{dumped}---\n{body}", encoding="utf-8")


def _translate_conditions(entries: list[dict[str, Any]], fields: tuple[Field, ...]) -> None:
    """A condition names a choice's answers as the original spells them; a
    form of its own names them in its own words."""
    chosen = [(f, entry) for f, entry in zip(fields, entries, strict=True) if f.type in ("choice", "multichoice")]
    options = {f.id: (f.options, entry.get("options", f.options)) for f, entry in chosen}
    for entry, field in zip(entries, fields, strict=True):
        if field.show_if is None or field.show_if.field not in options:
            continue
        theirs, ours = options[field.show_if.field]
        answers = [ours[theirs.index(answer)] for answer in field.show_if.answers]
        condition = dict(entry["show_if"])
        for key in ("is", "in", "not"):
            if key in condition:
                condition[key] = answers if isinstance(condition[key], list) else answers[0]
        entry["show_if"] = condition


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    return (data if isinstance(data, dict) else {}), body


def _parsed_form(path: Path) -> Form:
    """The form in the example's file, as a build reads it (for the ids it gives fields)."""
    from generator.parse.markdown import make_markdown
    from generator.parse.page import parse_page

    source = parse_source(path.name, path.name, path.read_bytes())
    page, _ = parse_page(source, make_markdown(MarkdownOptions()))
    assert page is not None and page.form is not None
    return page.form


def _keep_programme(folder: Path, programme: str, templates: dict[str, Path]) -> None:
    """Remove the other programme templates, and the index's links to them."""
    others = [name for name in templates if name != programme]
    for name in others:
        (folder / f"{name}.md").unlink(missing_ok=True)
    index = folder / "index.md"
    if index.is_file():
        lines = index.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not any(f"]({name}.md)" in line for name in others)]
        index.write_text("".join(kept), encoding="utf-8")


def _config_text(text: str, languages: tuple[str, ...]) -> str:
    """The starter's mentorkit.yaml for the chosen languages, its comments kept."""
    config = load_config(starter_dir())
    settings = {s.code: s for s in config.languages}
    text = re.sub(r"^language: .*$", f"language: {languages[0]}", text, count=1, flags=re.MULTILINE)
    if len(languages) > 1:
        block = "languages:\n"
        for code in languages:
            block += f"  {code}:\n"
            for key in ("title", "organisation", "contact"):
                value = getattr(settings[code], key) if code in settings else ""
                if value:
                    block += f"    {key}: {value}\n"
        return _LANGUAGES_BLOCK.sub(block, text, count=1)
    own = settings.get(languages[0])
    text = _LANGUAGES_BLOCK.sub("# languages:\n#   en:\n#   fr:\n#     title: Le manuel du mentorat\n", text, count=1)
    for key in ("title", "organisation"):
        value = getattr(own, key) if own else ""
        if value:
            text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.MULTILINE)
    return text
