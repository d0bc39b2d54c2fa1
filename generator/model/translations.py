"""Model: the languages of a handbook. Which language each page is in, the
form a translated form page shares with its original, and the links
between the translations of a page.

Translations of a page are the pages at the same path in the other
languages' folders: content/en/forms/goals.md and content/fr/forms/goals.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from generator.errors import Problem, suggest
from generator.load.config import Config
from generator.load.sources import CONTENT_DIR
from generator.load.theme_words import Words
from generator.model.types import PLACEHOLDER, PLACEHOLDER_RE, Field, FieldText, Heading, Language, Page, Ref, Translation

# The sections the programme template adds below a programme's introduction.
PROGRAMME_SECTIONS = (
    ("timeline", "programme.timeline"),
    ("phases", "programme.phases"),
    ("milestones", "programme.milestones"),
    ("meeting-plan", "programme.meeting_plan"),
)


def assign_languages(pages: Iterable[Page], config: Config) -> tuple[list[Page], list[Problem]]:
    """Each page with its language and its path inside the language's folder."""
    if not config.languages:
        return [replace(page, language=config.language) for page in pages], []
    codes = {settings.code for settings in config.languages}
    found: list[Page] = []
    problems: list[Problem] = []
    for page in pages:
        folder, _, rest = page.rel.partition("/")
        if folder in codes and rest:
            found.append(replace(page, language=folder, language_rel=rest))
        else:
            problems.append(
                Problem(
                    page.source,
                    None,
                    "is not in a language's folder",
                    f"with 'languages:' set, pages go in content/<language>/: move it to {CONTENT_DIR}/{config.language}/{page.rel}",
                )
            )
    return found, problems


def form_key(title: str, url: str, version: str) -> str:
    return f"mentorkit|{title}|{url}|{version}"


def keyed_form(page: Page, config: Config) -> Page:
    """A form page with where a browser keeps its records and its older answers."""
    form = page.form
    assert form is not None
    old_key = form_key(config.title, page.url, form.replaces.version) if form.replaces else ""
    ident = page.local_rel[: -len(".md")] if page.local_rel.endswith(".md") else page.local_rel
    form = replace(
        form, key=form_key(config.title, page.url, form.version), ident=ident, store=f"mentorkit|{config.title}", old_key=old_key
    )
    return replace(page, form=form)


def share_forms(pages: list[Page], config: Config) -> tuple[list[Page], list[Problem]]:
    """Forms with their answers' key, translated form pages with the form they
    translate, and translations without an `order` with their original's."""
    keyed = [keyed_form(p, config) if p.form else p for p in pages]
    originals = {page.local_rel: page for page in keyed if page.language == config.language}
    problems: list[Problem] = []
    result: list[Page] = []
    for page in keyed:
        original = originals.get(page.local_rel) if page.language != config.language else None
        if page.order is None and original is not None and original.order is not None:
            page = replace(page, order=original.order)
        if page.form_text is not None:
            if original is None or original.form is None:
                where = f"{CONTENT_DIR}/{config.language}/{page.local_rel}"
                own = "write 'fields:' as a list (- label: ...) to make this a form of its own"
                if page.language == config.language:
                    message, hint = "'fields' must be a list of fields", own
                elif original is None:  # the original moved, renamed or removed
                    message = f"'fields' lists translations of the fields of {where}, which does not exist"
                    hint = f"give the translation the path of the form it translates, under {CONTENT_DIR}/{config.language}/; or {own}"
                else:
                    message, hint = f"'fields' lists translations of the fields of {where}, which is not a form", own
                problems.append(Problem(page.source, page.form_text.line, message, hint))
                continue
            page, found = translate_form(original, page)
            problems.extend(found)
        result.append(page)
    return result, problems


def translate_form(original: Page, page: Page) -> tuple[Page, list[Problem]]:
    """`page` with the form of `original`, in the page's own words where it gives them."""
    assert original.form is not None and page.form_text is not None
    text = page.form_text
    problems: list[Problem] = []
    ids = [f.id for f in original.form.fields if f.id]
    for field_text in text.fields:
        if field_text.id not in ids:
            problems.append(
                Problem(page.source, field_text.line, f"'{field_text.id}' is not a field of {original.source}", suggest(field_text.id, ids))
            )
    given = {f.id: f for f in text.fields}
    refs = list(page.refs)
    fields: list[Field] = []
    headings: list[Heading] = []
    untranslated: list[str] = []
    for field in original.form.fields:
        given_text = given.get(field.id) if field.id else None
        if given_text is None:
            untranslated.append(field.id or field.type)
            field = replace(
                field, help_html=adopt(field.help_html, original.refs, refs), text_html=adopt(field.text_html, original.refs, refs)
            )
        else:
            field, found = _translated_field(field, given_text, page.source, lambda fragment: adopt(fragment, original.refs, refs))
            problems.extend(found)
        if field.type == "section" and field.title:
            headings.append(Heading(2, field.id, field.title))
        fields.append(field)
    if not text.use and original.form.use:
        untranslated.insert(0, "use")
    if untranslated and not problems:
        problems.append(
            Problem(
                page.source,
                text.line,
                f"{len(untranslated)} of the form's texts are not translated, so the original's are shown: {', '.join(untranslated)}",
                f"add them under 'fields:' by id (the fields are in {original.source})",
                "warning",
            )
        )
    form = replace(original.form, use=text.use or original.form.use, confidential=text.confidential or original.form.confidential)
    form = replace(form, fields=tuple(fields))
    return replace(page, form=form, form_text=None, headings=page.headings + tuple(headings), refs=tuple(refs)), problems


def _translated_field(field: Field, text: FieldText, source: str, kept: Callable[[str], str]) -> tuple[Field, list[Problem]]:
    """The original's field in the translation's words; `kept` makes a fragment of
    the original's that stays untranslated (a help left out) this page's own."""
    problems: list[Problem] = []
    lists: dict[str, tuple[str, ...]] = {}
    titled = field.type in ("section", "clause")
    # A section and a field may share an id ('signatures'): each takes its own texts.
    for name in () if titled else ("options", "columns", "signers"):
        theirs: tuple[str, ...] = getattr(field, name)
        ours: tuple[str, ...] | None = getattr(text, name)
        if ours is None:
            continue
        if len(ours) != len(theirs):
            problems.append(
                Problem(
                    source,
                    text.line,
                    f"field '{field.id}' has {len(theirs)} {name} in the original form, but {len(ours)} here",
                    "translate each one, in the same order",
                )
            )
        else:
            lists[name] = ours
    return (
        replace(
            field,
            label=field.label if titled else text.label or field.label,
            title=(text.title or text.label or field.title) if titled else field.title,
            help_html=text.help_html if text.help_html is not None and not titled else kept(field.help_html),
            text_html=text.text_html if text.text_html is not None and titled else kept(field.text_html),
            low=text.low or field.low,
            high=text.high or field.high,
            options=lists.get("options", field.options),
            values=field.options if "options" in lists else field.values,
            columns=lists.get("columns", field.columns),
            signers=lists.get("signers", field.signers),
        ),
        problems,
    )


def adopt(fragment: str, their_refs: tuple[Ref, ...], our_refs: list[Ref]) -> str:
    """An HTML fragment of another page, its link placeholders renumbered into `our_refs`."""
    if PLACEHOLDER not in fragment:
        return fragment

    def renumber(match: re.Match[str]) -> str:
        our_refs.append(their_refs[int(match.group(1))])
        return f"{PLACEHOLDER}{len(our_refs) - 1}"

    return PLACEHOLDER_RE.sub(renumber, fragment)


def with_programme_headings(page: Page, words: Words) -> Page:
    """A programme page with the headings its template adds, in its language."""
    if page.programme is None:
        return page
    return replace(page, headings=page.headings + tuple(Heading(2, ident, words(key)) for ident, key in PROGRAMME_SECTIONS))


def languages_of(config: Config, words: Mapping[str, Words]) -> tuple[Language, ...]:
    return tuple(Language(s.code, words[s.code]("language.name"), f"{s.code}/index.html") for s in config.languages)


def translation_links(pages: Iterable[Page], languages: tuple[Language, ...]) -> dict[str, tuple[Translation, ...]]:
    """For each page, where each other language's reader goes: the
    translation, or that language's home page when there is none."""
    pages = list(pages)
    by_language = {(page.language, page.local_rel): page for page in pages}
    links: dict[str, tuple[Translation, ...]] = {}
    for page in pages:
        found = []
        for language in languages:
            if language.code != page.language:
                other = by_language.get((language.code, page.local_rel))
                found.append(Translation(language, other.url, True) if other else Translation(language, language.home, False))
        links[page.url] = tuple(found)
    return links
