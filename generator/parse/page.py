"""Parse: a source file's front matter and body into a `Page`.

Only the front matter keys mentorkit knows are type-checked; any other key
is kept in `Page.meta` for themes (handbooks moved from Jekyll or Hugo
carry keys of their own), with a YAML set (`!!set`) as a sorted tuple: a
set's order changes from one process to the next, and so would the site
and the page's fingerprint (incremental/fingerprints.py).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from generator.errors import Problem, suggest
from generator.load.mapping import Field, MappingReader, a_number, a_text, not_type_and_value
from generator.model.outputs import page_url
from generator.model.types import Heading, Page
from generator.parse.form import parse_form
from generator.parse.form_translation import parse_form_text
from generator.parse.front_matter import SourcePage
from generator.parse.markdown import ElementId, Markdown, parse_markdown
from generator.parse.programme import parse_programme

PAGE_TYPES = ("page", "form", "forms", "programme")
"""Where page kinds plug in; each has a template named '<type>.html'.
'forms' is a page listing every form of the handbook."""

FRONT_MATTER: dict[str, Field[Any]] = {
    "title": a_text(shown=not_type_and_value),
    "summary": a_text(shown=not_type_and_value),
    "order": a_number(shown=not_type_and_value),
    "type": a_text("must be one of: " + ", ".join(PAGE_TYPES), not_type_and_value),
    "slug": a_text("must be a file name such as 'first-meeting'", not_type_and_value),
}
"""The front matter keys mentorkit reads; any other is kept for themes."""
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def in_order(value: Any) -> Any:
    """A front matter value with every set in it made a sorted tuple."""
    if isinstance(value, dict):
        return {key: in_order(item) for key, item in value.items()}
    if isinstance(value, list):
        return [in_order(item) for item in value]
    if isinstance(value, (set, frozenset)):
        try:
            return tuple(sorted(value, key=lambda item: (type(item).__name__, item)))
        except TypeError:  # items YAML's safe loader does not make
            return tuple(sorted(value, key=repr))
    return value


def parse_page(
    source: SourcePage, md: Markdown, digest: str = "", page_types: tuple[str, ...] = PAGE_TYPES
) -> tuple[Page | None, list[Problem]]:
    """A Page and the problems found; None when the page cannot be made. `digest` is the source file's hash."""
    front: dict[str, Any] = source.front.data
    reader = MappingReader(source.front, source.path)
    for key, field in FRONT_MATTER.items():
        reader.read(front, key, (), field, None)
    problems = reader.problems
    page_type = front.get("type", "page")
    if isinstance(page_type, str) and page_type not in page_types:
        problems.append(Problem(source.path, source.front.line("type"), f"unknown page type '{page_type}'", suggest(page_type, page_types)))
    slug = front.get("slug")
    if isinstance(slug, str) and not _SLUG.match(slug):
        problems.append(
            Problem(
                source.path,
                source.front.line("slug"),
                f"slug '{slug}' is not a plain file name",
                "use letters, digits, '-', '_' and '.', with no '/' or '..'",
            )
        )
    title = front.get("title")
    has_title = isinstance(title, str) and title.strip() != ""
    parsed = parse_markdown(md, source.body, source.body_line, drop_leading_h1=not has_title)
    if not has_title:
        title = parsed.first_heading
    if not title and ("title" not in front or isinstance(front["title"], str)):  # a 'title' of another type is told above
        problems.append(
            Problem(
                source.path,
                source.front.line("title") if "title" in front else 1,
                "the page has no title",
                "add 'title: ...' to the front matter or start the page with a '# Heading'",
            )
        )
    form = form_text = None
    headings, refs, element_ids = parsed.headings, parsed.refs, parsed.element_ids
    if page_type == "form" and isinstance(front.get("fields"), dict):
        form_text, text_refs, text_ids, text_problems = parse_form_text(source, md, len(parsed.refs))
        problems.extend(text_problems)
        refs += text_refs
        element_ids += text_ids
    elif page_type == "form":
        parsed_form, form_problems = parse_form(source, md, len(parsed.refs), {h.id for h in parsed.headings})
        problems.extend(form_problems)
        if parsed_form is not None:
            form = parsed_form.form
            headings += parsed_form.headings
            refs += parsed_form.refs
            element_ids += parsed_form.element_ids
    programme = None
    if page_type == "programme":
        programme, programme_problems = parse_programme(source)
        problems.extend(programme_problems)
    if problems and programme is None:
        return None, problems
    order = front.get("order")
    if problems:
        slug, title, order = None, str(title or ""), None  # what could not be read is not needed (see Parsed)
    page = Page(
        source=source.path,
        rel=source.rel,
        url=page_url(source.rel, slug),
        type=str(page_type),
        title=str(title).strip(),
        summary=str(front.get("summary", "")),
        order=float(order) if order is not None else None,
        meta=in_order(front) if not problems else {},
        body_html=parsed.html,
        headings=headings,
        refs=refs,
        element_ids=tuple(given.id for given in element_ids),
        form=form,
        programme=programme,
        form_text=form_text,
        source_digest=digest or hashlib.blake2b(source.body.encode(), digest_size=16).hexdigest(),
    )
    return page, problems + _ids_given_twice(source.path, headings, element_ids)


def _ids_given_twice(path: str, headings: tuple[Heading, ...], element_ids: tuple[ElementId, ...]) -> list[Problem]:
    """A warning for each id raw HTML gives that a heading or other raw HTML of the page gives too:
    a link to it leads to the first, and a field it names for a screen reader may be the wrong one."""
    given = {heading.id: f"by the heading '{heading.text}'" for heading in headings}
    problems = []
    for element in element_ids:
        ident = element.id
        if ident in given:
            problems.append(
                Problem(
                    path,
                    element.line,
                    f"the id '{ident}' is given twice on this page (also {given[ident]}): links to '#{ident}' lead to the first",
                    "give the element an id of its own",
                    "warning",
                )
            )
        else:
            given[ident] = f"on line {element.line}"
    return problems
