"""Model: from parsed sources to the whole handbook, a `Site` per language.

Output paths are checked for collisions (see outputs.py), translated forms given the form
they translate, form references and links resolved, navigation built. All problems are collected; the caller decides whether
warnings stop the build.
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Mapping
from dataclasses import replace

from generator.errors import MentorkitError, Problem, errors_in
from generator.load.answers_files import GATHERED_COLUMNS, GATHERED_IN_ENGLISH, gathered_table, records_export
from generator.load.config import Config
from generator.load.roster_files import ROSTER_SUFFIXES, WORKBOOK_SUFFIXES, roster_header, workbook_roster
from generator.load.sources import CONTENT_DIR, Asset
from generator.load.theme_words import Words
from generator.load.themes import STATIC_PREFIX
from generator.model.links import backlinks, resolve_links
from generator.model.names import name_problems
from generator.model.nav import build_nav, items_by_url, reading_order, trails
from generator.model.outputs import GENERATED_NAMES, chapter_anchor, made_beside, page_outputs
from generator.model.programmes import form_names, form_uses, resolve_forms, unmade_names
from generator.model.translations import assign_languages, languages_of, share_forms, translation_links, with_programme_headings
from generator.model.types import Page, Parsed, Site


def build_sites(
    config: Config, parsed_files: list[Parsed], assets: tuple[Asset, ...], generated: frozenset[str], words: Mapping[str, Words]
) -> tuple[tuple[Site, ...], list[Problem]]:
    """The handbook's model, a Site per language (first language first), and
    the warnings found making it. `words` holds the theme's words for each language.

    `generated` holds the paths the theme and the build write themselves
    (static files, 404.html, sitemap.xml); no page or asset may take them.
    Raises MentorkitError when there are errors.
    """
    problems: list[Problem] = []
    found: list[Page] = []
    unmade: set[str] = set()
    """Pages that could not be made: their own mistakes are told, and no other check may
    take them for missing, so that every other mistake is told in the same build."""
    failed: list[Page] = []
    """Programmes with mistakes of their own, as far as they were read: the forms they name are checked too."""
    for page, in_file in parsed_files:
        problems.extend(in_file)
        if page is not None and not errors_in(in_file):
            found.append(page)
        else:
            unmade.update(p.path[len(CONTENT_DIR) + 1 :] for p in in_file if p.path.startswith(f"{CONTENT_DIR}/"))
            if page is not None:
                failed.append(page)
    parsed, language_problems = assign_languages(found, config)
    problems.extend(language_problems)
    unmade.update({p.rel for p in found} - {p.rel for p in parsed})
    problems.extend(_collisions(tuple(parsed), assets, generated))
    problems.extend(_shared_anchors(tuple(parsed)))
    problems.extend(_unsafe_names(assets, generated, config.theme))
    problems.extend(_private_files(assets, words))
    parsed, form_problems = share_forms(parsed, config)
    codes = [s.code for s in config.languages] or [config.language]
    local = {code: _in_folder(unmade, code if config.languages else "") for code in codes}
    orphans = {p.source for p in parsed if p.language != config.language and p.local_rel in local[config.language]}
    problems.extend(p for p in form_problems if p.path not in orphans)  # their original's mistakes are told
    first_names = form_names(tuple(p for p in parsed if p.form is not None and p.language == config.language))
    names = {code: first_names | form_names(tuple(p for p in parsed if p.form is not None and p.language == code)) for code in codes}
    broken = {code: unmade_names(local[config.language] | local[code]) for code in codes}
    for index, page in enumerate(parsed):
        page = with_programme_headings(page, words[page.language])
        parsed[index], found_in_page = resolve_forms(page, names[page.language], broken[page.language])
        problems.extend(found_in_page)
    for page in assign_languages(failed, config)[0]:
        problems.extend(resolve_forms(page, names[page.language], broken[page.language])[1])

    files = frozenset(asset.rel for asset in assets) | generated
    logo = config.branding.logo
    if logo and logo.lstrip("/") not in files:
        problems.append(
            Problem(
                config.path,
                config.lines.get("branding"),
                f"the logo '{logo}' is not a file under content/",
                "put the image under content/, such as content/img/logo.svg",
                "warning",
            )
        )
    pages, link_problems = resolve_links(tuple(parsed), files | unmade)
    problems.extend(link_problems)
    languages = languages_of(config, words)
    translations = translation_links(pages, languages) if languages else {}
    linking = backlinks(pages)
    sites = []
    for code in codes:
        mine = tuple(p for p in pages if p.language == code)
        site, nav_problems = _language_site(language_config(config, code), mine, assets, words[code], linking, local[code])
        problems.extend(nav_problems)
        sites.append(replace(site, prefix=f"{code}/" if languages else "", languages=languages, translations=translations))
    if errors_in(problems):
        raise MentorkitError(dict.fromkeys(problems))  # each file in a badly named folder names it
    return tuple(sites), problems


def language_config(config: Config, code: str) -> Config:
    """The settings as one language's pages see them: its code, title, organisation and contact line."""
    settings = next((s for s in config.languages if s.code == code), None)
    if settings is None:
        return config
    return replace(
        config,
        language=code,
        title=settings.title or config.title,
        organisation=settings.organisation or config.organisation,
        branding=replace(config.branding, contact=settings.contact or config.branding.contact),
    )


def _language_site(
    config: Config,
    pages: tuple[Page, ...],
    assets: tuple[Asset, ...],
    words: Words,
    linking: Mapping[str, tuple[Page, ...]],
    unmade: frozenset[str],
) -> tuple[Site, list[Problem]]:
    nav, problems = build_nav(pages, config, unmade)
    by_url = {page.url: page for page in pages}
    order = reading_order(nav)
    position = {url: index for index, url in enumerate(order)}
    in_order = sorted(pages, key=lambda p: (position.get(p.url, len(order)), p.url))
    home = next((p for p in pages if p.local_rel == "index.md"), None)
    site = Site(
        config=config,
        pages=pages,
        assets=assets,
        nav=nav,
        home=home,
        by_url=by_url,
        order=order,
        position=position,
        forms=tuple(p for p in in_order if p.form is not None),
        form_uses=form_uses(tuple(p for p in in_order if p.programme is not None)),
        trail=trails(nav),
        items=items_by_url(nav),
        backlinks=linking,
        words=words,
    )
    return site, problems


def _in_folder(rels: set[str], folder: str) -> frozenset[str]:
    """The paths inside a language's folder ('fr/guide/x.md' -> 'guide/x.md'); all of them when `folder` is ''."""
    if not folder:
        return frozenset(rels)
    return frozenset(rel[len(folder) + 1 :] for rel in rels if rel.startswith(f"{folder}/"))


def _unsafe_names(assets: tuple[Asset, ...], generated: frozenset[str], theme: str) -> list[Problem]:
    """Files other than pages whose names cannot be part of the site (pages' are checked as they are parsed)."""
    problems = [p for asset in assets for p in name_problems(CONTENT_DIR, asset.rel)]
    for path in sorted(generated):
        if path.startswith(STATIC_PREFIX):
            problems.extend(name_problems(f"themes/{theme}/static", path[len(STATIC_PREFIX) :]))
    return problems


def _private_files(assets: tuple[Asset, ...], words: Mapping[str, Words]) -> list[Problem]:
    """A roster or a file of answers under content/, which would be published with the site, names, answers and all."""
    problems = []
    # A theme without Gather answers' words (one that extends nothing) has no such table to tell.
    endings = {
        tuple(language_words(key) for key in GATHERED_COLUMNS)
        for language_words in words.values()
        if all(isinstance(language_words.entries.get(key), str) for key in GATHERED_COLUMNS)
    } | {GATHERED_IN_ENGLISH}  # what gather.js writes when a theme lacks the words
    for asset in assets:
        name = asset.rel.lower()
        where = f"{CONTENT_DIR}/{asset.rel}"
        if name.endswith(".json") and records_export(asset.data):
            problems.append(
                Problem(
                    where,
                    1,
                    "this is a file of answers saved from a form: everything under content/ is published with the site, answers and all",
                    "move it out of content/ (into a folder of the coordinator's own) and open it in Gather answers from there",
                )
            )
        elif name.endswith(".csv") and gathered_table(asset.data, endings):
            problems.append(
                Problem(
                    where,
                    1,
                    "this is a table of answers saved from Gather answers: "
                    "everything under content/ is published with the site, answers and all",
                    "move it out of content/ (into a folder of the coordinator's own)",
                )
            )
        elif (found := _roster_header(name, asset.data)) is not None:
            problems.append(
                Problem(
                    where,
                    found or None,
                    "this is a roster of pairs (it has the columns pair, mentor and mentee): "
                    "everything under content/ is published with the site, names and all",
                    "move it out of content/ (beside mentorkit.yaml, say) and give it to `mentorkit packs`"
                    + (" saved as CSV" if found == 0 else "")
                    + "; an example roster for the site needs other column names",
                )
            )
    return problems


def _roster_header(name: str, data: bytes) -> int | None:
    """The line of a roster's header, 0 for a workbook kept as a roster (its cells have no line); None for no roster."""
    if name.endswith(ROSTER_SUFFIXES):
        return roster_header(data)
    return 0 if name.endswith(WORKBOOK_SUFFIXES) and workbook_roster(data) else None


def _one_file(name: str) -> str:
    """What a name is on disks that ignore case and Unicode's two ways of writing an accent
    (Windows, macOS): there 'Goals.html' and 'goals.html', or 'café' with an é or with
    e and a combining accent, are one file."""
    return unicodedata.normalize("NFC", name).lower()


def _collisions(pages: tuple[Page, ...], assets: tuple[Asset, ...], generated: frozenset[str]) -> list[Problem]:
    """Two sources that would be written to the same output file. Where a page's own
    file meets a file another page makes besides itself (a section's print page, a
    phase's pack), the page is told, whichever is read first."""
    owners: dict[str, tuple[str, str, str]] = {}
    problems: list[Problem] = []
    made_by = [(page, page_outputs(page)) for page in pages]
    claims = [(_one_file(url), url, page.source, made_beside(output)) for page, files in made_by for url, output in files.items()]
    for page, files in made_by:
        if files[page.url].kind != "page":  # 'slug: print' on a section's index page
            message = f"would be written to '{page.url}', where it writes {made_beside(files[page.url])} as well"
            problems.append(Problem(page.source, 1, message, "give it a different 'slug:' in its front matter"))
    claims += [(_one_file(a.rel), a.rel, f"{CONTENT_DIR}/{a.rel}", "") for a in assets]
    taken = {_one_file(g) for g in generated}
    for key, url, source, made in claims:
        if key in owners:
            owner, owned, owner_made = owners[key]
            told, other, made = (owner, source, made) if made and not owner_made else (source, owner, owner_made or made)
            hint = "rename this page, or give it a different 'slug:' in its front matter"
            if not made:
                hint = "rename one of them, or give one a different 'slug:' in its front matter"
            elif not told.endswith(".md"):  # a file of content/, copied as it is
                hint = "rename or move this file"
            if owned.lower() != url.lower():
                hint += " (the names differ only in how an accent is written: as one character, or as a letter and a combining accent)"
            what = f", as {made}" if made else ""
            problems.append(Problem(told, 1, f"would be written to '{url}', which '{other}' is written to as well{what}", hint))
        elif key.startswith(STATIC_PREFIX):
            folder = STATIC_PREFIX.rstrip("/")
            problems.append(
                Problem(
                    source,
                    1,
                    f"would be written to '{url}', inside '{folder}/', the folder the theme's files are written to",
                    f"rename the folder {CONTENT_DIR}/{folder}/, or move this file out of it",
                )
            )
        elif key in taken:
            name = GENERATED_NAMES.get(posixpath.basename(url), "")
            if name:
                hint = "rename this page, or give it a different 'slug:' in its front matter"
                problems.append(Problem(source, 1, f"'{url}' is a file the theme writes: {name}", hint))
            else:
                problems.append(Problem(source, 1, f"'{url}' is a file the theme writes", "rename or move this file"))
        else:
            owners[key] = (source, url, made)
    return problems


def _shared_anchors(pages: tuple[Page, ...]) -> list[Problem]:
    """Pages whose chapters would share one anchor in a print page and the handbook PDF
    ('mentor-guide.md' and 'mentor/guide.md'): links to the second would lead to the first."""
    first: dict[str, Page] = {}
    problems = []
    for page in sorted(pages, key=lambda p: p.url):
        anchor = chapter_anchor(page.url)
        if anchor in first and _one_file(first[anchor].url) == _one_file(page.url):
            continue  # one file: told as such (_collisions)
        if anchor in first:
            problems.append(
                Problem(
                    page.source,
                    1,
                    f"in the print pages and the handbook PDF its chapter would have the anchor of '{first[anchor].source}'"
                    f" ('{anchor}'), so links to it would lead there",
                    "rename one of them, or give one a different 'slug:' in its front matter",
                    "warning",
                )
            )
        else:
            first[anchor] = page
    return problems
