"""Load: find the theme, follow `extends:`, make the Jinja environment.

Templates resolve from the project's own `themes/<name>/templates` first,
then the theme, then its parents. A template can extend its parent's copy
of itself by prefixing the theme name: `{% extends "default:base.html" %}`.
Static files are copied parent first, child last, so the child wins.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import MentorkitError, Problem, raise_if_errors, suggest
from generator.load.config import Config
from generator.load.language_settings import LanguageSettings
from generator.load.mapping import MappingReader, a_text, nothing, optional
from generator.load.project_files import ProjectFiles, SizeLimit, read_problem, walk
from generator.load.sources import decode
from generator.load.theme_words import Words, WordsFile, load_words
from generator.load.yaml_lines import load_yaml

if TYPE_CHECKING:
    pass

THEME_FILE = "theme.yaml"
STATIC_PREFIX = "theme/"
"""Where a theme's static files go in the site. No leading '_' or '.': GitHub
Pages (Jekyll) and other hosts leave such folders out of a published site."""
NO_JEKYLL = ".nojekyll"
"""An empty file at the site's root that tells GitHub Pages to publish the
folder as it is, instead of running Jekyll over it."""
WORDS_DIR = "i18n"
MAX_TEMPLATE_BYTES = 200_000
"""Twenty times the built-in theme's longest. Compiling takes memory out of
proportion to a template's length (figures in docs/performance.md)."""
THEME_LIMIT = SizeLimit(1_000_000, "a theme.yaml", "it holds only 'extends:' and 'description:': shorten them")
WORDS_LIMIT = SizeLimit(
    1_000_000, "a words file", "it holds only the theme's words, each a short text: long texts belong in pages under content/"
)
"""Fifty times the built-in English words; each word may go into every page."""
FOLDERS = ("templates", "static", WORDS_DIR)
"""What a theme's folder holds besides theme.yaml, each a folder."""
_THEME_KEYS = ("extends", "description")
_THEME_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")
"""A folder's plain name: no path ('../x', '/etc', 'a/b') can take a theme from elsewhere."""
_EXTENDS = optional(a_text("must name a theme", nothing))


def builtin_themes_dir() -> Path:
    """Inside the wheel the themes sit in the package; in a checkout, beside it."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "themes"
    return packaged if packaged.is_dir() else package.parent / "themes"


@dataclass(frozen=True, slots=True)
class Theme:
    """A resolved theme: itself and its parents, nearest first."""

    name: str
    chain: tuple[str, ...]
    template_dirs: tuple[tuple[str, tuple[Path, ...]], ...]
    """For each theme in the chain, its template folders, project's first."""
    own_dirs: tuple[tuple[str, tuple[Path, ...]], ...]
    """For each theme, the template folder of the theme itself: what
    'name:page.html' loads, so that a project's copy of a template can
    extend the copy it replaces."""
    static: tuple[tuple[str, bytes], ...]
    """Output path (under theme/) and bytes of every static file, and the
    empty .nojekyll at the site's root."""
    words: tuple[WordsFile, ...] = ()
    """Every i18n/<language>.yaml, parents first, a project's copy last."""

    def loader_dirs(self) -> list[Path]:
        return [d for _, dirs in self.template_dirs for d in dirs]


def installed_themes(project: Path) -> list[str]:
    names: set[str] = set()
    for root in (project / "themes", builtin_themes_dir()):
        if root.is_dir():
            names.update(p.name for p in root.iterdir() if (p / THEME_FILE).is_file())
    return sorted(names)


def load_theme(project: Path, name: str, config_path: str, config_line: int | None = None, follow_links: bool = False) -> Theme:
    """The theme `name` and its parents, every file of theme read: all the
    problems with them at once (a link out of the project among them, unless
    `follow_links`)."""
    files = _Reader(project, follow_links)
    chain: list[str] = []
    folders: dict[str, list[Path]] = {}
    own: dict[str, Path] = {}
    current: str | None = name
    where = (config_path, config_line)
    while current is not None:
        if current in chain:
            raise MentorkitError(
                [
                    Problem(
                        where[0],
                        where[1],
                        f"themes extend each other in a circle: {' -> '.join([*chain, current])}",
                        "remove one 'extends:'",
                    )
                ]
            )
        if not _THEME_NAME.match(current):
            what = f"'{current}'" if not chain else f"the theme '{chain[-1]}' extends '{current}', which"
            raise MentorkitError(
                [
                    Problem(
                        where[0],
                        where[1],
                        f"{what} is not a theme's name",
                        "name a folder under themes/ (letters, digits, '-', '_' and '.'), such as 'default' or 'our-theme'",
                    )
                ]
            )
        candidates = [root / current for root in (project / "themes", builtin_themes_dir())]
        outside = files.project.leads_out(str(candidates[0]))
        if outside is not None:
            raise MentorkitError([outside])
        existing = [c for c in candidates if c.is_dir()]
        described = next((c for c in existing if os.path.lexists(c / THEME_FILE)), None)  # a pipe there is an error, not "not installed"
        if described is None:
            installed = installed_themes(project)
            message = (
                f"theme '{current}' is not installed"
                if not chain
                else f"the theme '{chain[-1]}' extends '{current}', which is not installed"
            )
            raise MentorkitError([Problem(where[0], where[1], message, suggest(current, installed))])
        chain.append(current)
        folders[current] = existing
        own[current] = described
        theme_file = described / THEME_FILE
        shown = _shown_path(project, theme_file)
        doc = load_yaml(decode(shown, files.read(theme_file, "make it a plain file", limit=THEME_LIMIT)), shown)
        raise_if_errors(files.problems)
        current = _parent(MappingReader(doc, shown), doc.data or {})
        where = (shown, doc.line("extends"))
    for theme_name in chain:
        for folder in folders[theme_name]:
            for kept in FOLDERS:
                _check_folder(files, folder / kept)
    template_dirs = tuple((t, tuple(f / "templates" for f in folders[t] if (f / "templates").is_dir())) for t in chain)
    static: dict[str, bytes] = {NO_JEKYLL: b""}
    words: list[WordsFile] = []
    for theme_name in reversed(chain):
        for folder in reversed(folders[theme_name]):  # built-in first, project copy last
            static.update(_read_static(files, folder / "static"))
            words += _read_words(files, folder / WORDS_DIR)
    own_dirs = tuple((t, (own[t] / "templates",) if (own[t] / "templates").is_dir() else ()) for t in chain)
    _check_templates(files, [folder for _, folders_of in template_dirs for folder in folders_of])
    raise_if_errors(files.problems)
    return Theme(name, tuple(chain), template_dirs, own_dirs, tuple(sorted(static.items())), tuple(words))


def _check_templates(files: _Reader, folders: list[Path]) -> None:
    """Every template is UTF-8 text in the project (Jinja would stop at the
    first that is not, naming no file, and would read a link wherever it led)."""
    for folder in folders:
        for full, _, linked in walk(str(folder), files.policy(folder), skip_hidden=False):
            data = files.read(Path(full), "make it a plain file, or remove it", linked)
            if len(data) > MAX_TEMPLATE_BYTES:
                files.problems.append(
                    Problem(
                        _shown_path(files.root, Path(full)),
                        None,
                        f"is {len(data) // 1000:,} KB; a template may be up to {MAX_TEMPLATE_BYTES // 1000} KB",
                        "split it into templates that include or extend each other",
                    )
                )
                continue
            try:
                decode(_shown_path(files.root, Path(full)), data)
            except MentorkitError as exc:
                files.problems.extend(exc.problems)


def _parent(reader: MappingReader, data: object) -> str | None:
    """The theme a theme.yaml extends; its first mistakes stop the build."""
    theme = reader.mapping(data, (), "must be 'key: value' lines", "for example: extends: default") or {}
    reader.unknown_keys(theme, (), _THEME_KEYS)
    raise_if_errors(reader.problems)  # a misspelt key may be what 'extends' should have been
    parent = reader.read(theme, "extends", (), _EXTENDS, None)
    raise_if_errors(reader.problems)
    return parent


def _check_folder(files: _Reader, folder: Path) -> None:
    """Something other than a folder where a theme keeps a folder is an
    error: ignored, the theme's templates or words would be missing unsaid."""
    if os.path.lexists(folder) and not folder.is_dir():
        what = "a file" if folder.is_file() else "a link to nothing, a pipe or a device"
        files.problems.append(
            Problem(
                _shown_path(files.root, folder),
                None,
                f"is {what}, not a folder",
                f"make '{folder.name}' a folder and put the theme's files in it, or remove it",
            )
        )


def _read_words(files: _Reader, folder: Path) -> list[WordsFile]:
    if not folder.is_dir():
        return []
    found = []
    listed = walk(str(folder), files.policy(folder))
    for full, rel, linked in listed:
        if "/" not in rel and rel.endswith(".yaml"):
            path = Path(full)
            shown = _shown_path(files.root, path)
            data = files.read(path, "make it a plain file, or remove it", linked, WORDS_LIMIT)
            try:
                found.append(WordsFile(path.stem, shown, decode(shown, data)))
            except MentorkitError as exc:
                files.problems.extend(exc.problems)
    tops = {rel for _, rel, _ in listed if "/" not in rel}
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        if entry.name.endswith(".yaml") and entry.name not in tops and not entry.name.startswith("."):
            files.problems.append(
                Problem(
                    _shown_path(files.root, Path(entry.path)),
                    None,
                    "is a folder, not a file",
                    f"a theme's words for a language are one file, {WORDS_DIR}/<language>.yaml: "
                    "move what is in the folder out of it, or rename the folder",
                )
            )
    return found


def _shown_path(project: Path, path: Path) -> str:
    try:
        return path.relative_to(project).as_posix()
    except ValueError:
        return f"(built-in) {path.relative_to(builtin_themes_dir().parent).as_posix()}"


def _read_static(files: _Reader, folder: Path) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    if not folder.is_dir():
        return found
    for full, rel, linked in walk(str(folder), files.policy(folder)):
        found[STATIC_PREFIX + rel] = files.read(Path(full), "make it a plain file, or remove it", linked)
    return found


class _Reader:
    """Reads a theme's files, the project's under its rules on links (see
    project_files.py), the built-in themes' as they are; keeps the problems."""

    def __init__(self, root: Path, follow_links: bool) -> None:
        self.root = root
        self.project = ProjectFiles.of(root, follow_links)
        self.builtin = ProjectFiles.of(builtin_themes_dir(), follow_links=True)
        self.problems: list[Problem] = []

    def policy(self, path: Path) -> ProjectFiles:
        return self.project if not _shown_path(self.root, path).startswith("(built-in)") else self.builtin

    def read(self, path: Path, hint: str, linked: bool = True, limit: SizeLimit | None = None) -> bytes:
        data, problem = read_problem(self.policy(path), str(path), _shown_path(self.root, path), hint, linked, limit)
        if problem is not None and problem not in self.problems:  # a linked folder once, not once for each of its files
            self.problems.append(problem)
        return data


def theme_words(theme: Theme, config: Config) -> tuple[dict[str, Words], list[Problem]]:
    """The theme's words in each language of the handbook, and what English had to fill in."""
    words: dict[str, Words] = {}
    problems: list[Problem] = []
    settings = config.languages or (LanguageSettings(config.language, line=config.lines.get("language", 0)),)
    for language in settings:
        words[language.code], found = load_words(theme.words, language.code, config.path, language.line or None)
        problems.extend(found)
    return words, problems
