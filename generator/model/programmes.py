"""Model: programmes and their forms, once every page is known.

Which form each programme's phases and milestones name, and for each form
the programmes using it.
"""

from __future__ import annotations

import posixpath
from dataclasses import replace

from generator.errors import Problem, suggest
from generator.model.types import FormRef, FormUse, Page, page_link

_NO_FORMS = "name a form by its file name under content/, such as 'agreement' for forms/agreement.md"


def form_uses(programmes: tuple[Page, ...]) -> dict[str, tuple[FormUse, ...]]:
    """For each form URL, the programmes using it and in which phases and milestones."""
    found: dict[str, list[FormUse]] = {}
    for page in programmes:
        assert page.programme is not None
        parts: dict[str, list[str]] = {}
        for phase in page.programme.phases:
            for ref in phase.forms:
                parts.setdefault(ref.url, []).append(phase.name)
        for milestone in page.programme.milestones:
            if milestone.form:
                parts.setdefault(milestone.form.url, []).append(milestone.name)
        for url, names in parts.items():
            found.setdefault(url, []).append(FormUse(page_link(page), tuple(dict.fromkeys(names))))
    return {url: tuple(uses) for url, uses in found.items()}


def form_names(forms: tuple[Page, ...]) -> dict[str, Page]:
    """Every name a form can be referred to by: its file name, its path."""
    names: dict[str, Page] = {}
    for page in forms:
        rel = page.local_rel  # in a handbook in several languages: from the language's folder
        stem = rel.rsplit("/", 1)[-1][: -len(".md")]
        names.setdefault(stem, page)
        names[rel] = page
        names[rel[: -len(".md")]] = page
    return names


def unmade_names(rels: frozenset[str]) -> frozenset[str]:
    """Every name a page that could not be made (a form with mistakes, perhaps) could be referred to by."""
    return frozenset(name for rel in rels for name in (rel.rsplit("/", 1)[-1][: -len(".md")], rel, rel[: -len(".md")]))


def resolve_forms(page: Page, forms: dict[str, Page], unmade: frozenset[str] = frozenset()) -> tuple[Page, list[Problem]]:
    """The programme with every form reference pointing at its form page. A name in `unmade`
    (see unmade_names) is a page whose own mistakes are told: naming it is no mistake of the programme."""
    programme = page.programme
    if programme is None:
        return page, []
    problems: list[Problem] = []
    stems = sorted({p.local_rel.rsplit("/", 1)[-1][: -len(".md")] for p in forms.values()})
    files_by_stem: dict[str, set[str]] = {}
    for form in forms.values():
        files_by_stem.setdefault(form.local_rel.rsplit("/", 1)[-1][: -len(".md")], set()).add(form.local_rel)

    def resolve(ref: FormRef, owner: str, in_pack: bool = False) -> FormRef:
        key = ref.name[: -len(".md")] if ref.name.endswith(".md") else ref.name
        if len(files_by_stem.get(key, ())) > 1:  # which one would be a guess
            rels = sorted(files_by_stem[key])
            problems.append(
                Problem(
                    page.source,
                    ref.line,
                    f"{owner} names the form '{ref.name}', and {len(rels)} forms have that name: {', '.join(rels)}",
                    f"name it by its path, such as '{rels[0][: -len('.md')]}'",
                )
            )
            return ref
        # A file name ('agreement'), a path in content/, or a path from this page.
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page.local_rel), key))
        target = forms.get(key) or forms.get(joined)
        if target is None and key not in unmade and joined not in unmade:
            problems.append(
                Problem(
                    page.source,
                    ref.line,
                    f"{owner} names the form '{ref.name}', which does not exist",
                    suggest(ref.name, stems) if stems else _NO_FORMS,
                )
            )
        if target is None:
            return ref
        if in_pack and target.language != page.language and key not in unmade and joined not in unmade:  # a broken translation is told
            problems.append(
                Problem(
                    page.source,
                    ref.line,
                    f"{owner} names the form '{ref.name}', which is not translated into this page's language:"
                    f" the phase's pack to print leaves it out, and its link leads to {target.source}",
                    f"translate it: add {target.source.replace(target.language + '/', page.language + '/', 1)}",
                    "warning",
                )
            )
        return replace(ref, url=target.url, title=target.title)

    phases = tuple(replace(p, forms=tuple(resolve(f, f"phase '{p.name}'", True) for f in p.forms)) for p in programme.phases)
    milestones = tuple(replace(m, form=resolve(m.form, f"milestone '{m.name}'") if m.form else None) for m in programme.milestones)
    resolved = {f.name: f for p in phases for f in p.forms} | {m.form.name: m.form for m in milestones if m.form}
    meetings = tuple(replace(m, forms=tuple(resolved.get(f.name, f) for f in m.forms)) for m in programme.meetings)
    return replace(page, programme=replace(programme, phases=phases, milestones=milestones, meetings=meetings)), problems
