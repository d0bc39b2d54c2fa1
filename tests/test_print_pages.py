"""Print pages in the built HTML: where they are linked from, what they hold, where their links lead."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.build import BuildOptions, build

FILES = {
    "mentorkit.yaml": "title: Printing Handbook\nbase_url: https://handbook.example.org/\nlanguage: fr\n",
    "content/index.md": "# Accueil\n\nLe [guide](guide/index.md).\n",
    "content/guide/index.md": "# Le guide\n\nLire [la suite](next.md), [le formulaire](../forms/goals.md) et [les notes](../forms/my%20notes.md).\n",
    "content/guide/next.md": "# La suite\n\nRetour au [guide](index.md#top). Voir [plus bas](#fin).\n\n## Fin\n\nLa fin.\n",
    "content/forms/index.md": "---\ntitle: Formulaires\ntype: forms\n---\nLes formulaires.\n",
    "content/forms/goals.md": "---\ntitle: Objectifs\ntype: form\nfields:\n  - id: goal\n    type: text\n    label: Objectif principal\n---\nÀ remplir.\n",
    "content/forms/my notes.md": "---\ntitle: Mes notes\n---\nDes notes.\n",
    "content/forms/other.md": "---\ntitle: Autre\ntype: form\nfields:\n  - id: note\n    type: text\n    label: Une note\n---\nÀ remplir.\n",
    "content/programmes/plan.md": "---\ntitle: Le plan\ntype: programme\nweeks: 4\ncadence: weekly\nphases:\n"
    "  - name: Début\n    weeks: 1-2\n    forms: [goals]\n  - name: Fin\n    weeks: 3-4\n    forms: [other]\n---\nLe plan.\n",
}


def built(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    for name, text in FILES.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    build(project, BuildOptions(project / "site", strict=True, cache="off"))
    return project / "site"


def test_print_pages_are_linked_from_the_pages_they_print(tmp_path: Path) -> None:
    site = built(tmp_path)
    assert '<a href="print.html">Imprimer le manuel</a>' in (site / "index.html").read_text()
    assert '<a href="print.html">Imprimer cette section</a>' in (site / "guide" / "index.html").read_text()
    forms = (site / "forms" / "index.html").read_text()
    assert '<a href="../print-forms.html">Imprimer tous les formulaires, vierges</a>' in forms
    programme = (site / "programmes" / "plan.html").read_text()
    assert 'href="plan-phase-1-print.html"' in programme and 'href="plan-phase-2-print.html"' in programme
    assert "Imprimer le dossier" in programme
    assert "Imprimer cette section" not in (site / "guide" / "next.html").read_text()


def test_a_section_links_inside_itself_and_prints_the_address_of_what_it_leaves_out(tmp_path: Path) -> None:
    section = (built(tmp_path) / "guide" / "print.html").read_text()
    assert '<html lang="fr">' in section and "Page {page}" not in section
    assert section.count('<section class="print-chapter') == 2 and "La suite" in section and "Objectif principal" not in section
    assert 'href="#guide-next" data-xref' in section
    assert 'href="#guide-index--top" data-xref' in section, "a link to a heading of a chapter stays inside"
    assert 'href="../forms/goals.html" data-print-url="https://handbook.example.org/forms/goals.html"' in section
    assert 'data-print-url="https://handbook.example.org/forms/my%20notes.html"' in section, "an address on paper is one word"
    assert 'href="../theme/print.css"' in section and "@top-center" in section and '"Page " counter(page) " sur " counter(pages)' in section


def test_a_link_to_another_chapter_names_it_for_paper_one_inside_its_chapter_does_not(tmp_path: Path) -> None:
    """Browsers print no page number for a link (target-counter): the chapter's title
    is printed after it instead (print.css), in the handbook's language."""
    section = (built(tmp_path) / "guide" / "print.html").read_text()
    assert '<a href="#guide-next" data-xref data-see="voir « La suite »">la suite</a>' in section
    assert '<a href="#guide-index--top" data-xref data-see="voir « Le guide »">guide</a>' in section
    assert '<a href="#guide-next--fin" data-xref>plus bas</a>' in section
    pack = (built(tmp_path / "again") / "programmes" / "plan-phase-1-print.html").read_text()
    assert '<a href="#forms-goals" data-xref>Objectifs</a>' in pack, "a link that reads as the title is not followed by it"


def test_raw_html_addresses_are_read_from_their_page_s_folder(tmp_path: Path) -> None:
    """`<img src="diagram.png" width="300">` (Markdown cannot size a picture) leads from the
    page's folder: in a print page elsewhere it must still find the picture."""
    project = tmp_path / "project"
    files = {
        "content/index.md": "# Home\n",
        "content/guide/index.md": '# Guide\n\n<img src="diagram.png" alt="Diagram" width="300">\n\n'
        '<a href="next.html">raw next</a> <a href="https://example.org/x">raw away</a> <a href="#top">raw top</a>\n\n'
        '<img src="../../outside.png" alt="Outside">\n\n<div data-src="later.png">lazy</div>\n',
        "content/guide/next.md": "# Next\n",
        "content/guide/diagram.png": b"\x89PNG\r\n\x1a\n",
    }
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            (project / name).write_bytes(text)
        else:
            (project / name).write_text(text, encoding="utf-8")
    build(project, BuildOptions(project / "site", cache="off"))
    whole = (project / "site" / "print.html").read_text()
    assert '<img src="guide/diagram.png" alt="Diagram" width="300">' in whole
    assert '<a href="#guide-next" data-xref data-see="see “Next”">raw next</a>' in whole
    assert '<a href="https://example.org/x">raw away</a>' in whole and '<a href="#guide-index--top" data-xref>raw top</a>' in whole
    assert '<img src="../../outside.png" alt="Outside">' in whole, "an address out of the site is left as written"
    assert '<div data-src="later.png">lazy</div>' in whole, "only src and href are addresses"
    section = (project / "site" / "guide" / "print.html").read_text()
    assert '<img src="diagram.png" alt="Diagram" width="300">' in section


def test_a_phase_pack_is_the_glance_and_that_phase_s_forms(tmp_path: Path) -> None:
    site = built(tmp_path)
    first = (site / "programmes" / "plan-phase-1-print.html").read_text()
    assert "Le plan" in first and "Objectif principal" in first and "Une note" not in first
    assert 'href="#forms-goals" data-xref' in first, "the glance's link to the form leads to it in the pack"
    second = (site / "programmes" / "plan-phase-2-print.html").read_text()
    assert "Une note" in second and "Objectif principal" not in second
    every = (site / "print-forms.html").read_text()
    assert "Objectif principal" in every and "Une note" in every and "Le guide" not in every
    # The page prints filled in from records too, so its title and running head do not say "blank".
    assert '<h1 class="print-title">Tous les formulaires</h1>' in every and "vierges" not in every.split("</style>")[0]
    whole = (site / "print.html").read_text()
    assert all(title in whole for title in ("Le guide", "La suite", "Le plan", "Objectif principal", "Une note"))


def test_every_link_inside_a_print_page_has_its_target(tmp_path: Path) -> None:
    site = built(tmp_path)
    for path in (site / "print.html", site / "guide" / "print.html", site / "programmes" / "plan-phase-1-print.html"):
        page = path.read_text()
        ids = set(re.findall(r'\bid="([^"]+)"', page))
        inside = [target for target in re.findall(r'href="#([^"]*)"', page) if target != "guide-index--top"]
        assert inside, path
        assert not [target for target in inside if target not in ids], path


def test_a_theme_without_the_print_words_is_told_not_a_traceback(tmp_path: Path) -> None:
    """A print page's title is a theme word: a theme that lacks it (one that extends nothing) gets a message."""
    from generator.build import build
    from generator.errors import MentorkitError

    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "content" / "index.md").write_text("# Home\n")
    (project / "themes" / "bare" / "templates").mkdir(parents=True)
    (project / "themes" / "bare" / "theme.yaml").write_text("{}\n")
    (project / "mentorkit.yaml").write_text("theme: bare\n")
    with pytest.raises(MentorkitError) as raised:
        build(project)
    assert any(p.path == "print-forms.html" and "print.forms_title" in p.message for p in raised.value.problems)


def test_a_phase_naming_a_form_not_translated_is_told_that_its_pack_leaves_it_out(tmp_path: Path) -> None:
    """A pack holds the forms of its own language's handbook; a French phase naming a form
    only the English handbook has links to the English form, and the coordinator is told."""
    project = tmp_path / "project"
    form = "---\ntitle: Checkin\ntype: form\nfields:\n  - id: topic\n    label: Topic\n---\nFill.\n"
    plan = "---\ntitle: Plan\ntype: programme\nweeks: 2\ncadence: weekly\nphases:\n  - name: Start\n    weeks: 1-2\n    forms: [checkin]\n---\n"
    files = {
        "mentorkit.yaml": "title: Two\nlanguages:\n  en:\n  fr:\n",
        "content/en/index.md": "# Home\n",
        "content/en/forms/checkin.md": form,
        "content/en/plan.md": plan,
        "content/fr/index.md": "# Accueil\n",
        "content/fr/plan.md": plan.replace("title: Plan", "title: Le plan"),
    }
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    result = build(project, BuildOptions(project / "site", cache="off"))
    told = [p.format() for p in result.warnings]
    assert told == [
        "content/fr/plan.md:9: warning: phase 'Start' names the form 'checkin', which is not translated into this page's language:"
        " the phase's pack to print leaves it out, and its link leads to content/en/forms/checkin.md\n"
        "  translate it: add content/fr/forms/checkin.md"
    ]
    assert "Topic" in (project / "site" / "en" / "plan-phase-1-print.html").read_text()
    assert "Topic" not in (project / "site" / "fr" / "plan-phase-1-print.html").read_text()


def test_a_page_in_a_folder_with_spaces_gets_ids_without_them(tmp_path: Path) -> None:
    """A chapter's anchor is made from its page's address, and every id in it starts with
    that anchor. From 'my forms/goal sheet.md' it held spaces: an id may not (HTML), and
    `aria-describedby` names ids split at spaces, so a field's help and range were read out
    for no field. Folders and files with spaces in their names are fine otherwise."""
    project = tmp_path / "project"
    form = (
        "---\ntitle: Goal sheet\ntype: form\nfields:\n  - id: goal\n    label: Goal\n    help: Some help\n"
        "  - {id: n, type: number, label: Number, min: 1, max: 9}\n---\nFill it in.\n"
    )
    files = {
        "content/index.md": "# Home\n\nSee [the sheet](<my forms/goal sheet.md>).\n",
        "content/my forms/index.md": "# My forms\n",
        "content/my forms/goal sheet.md": form,
    }
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    build(project, BuildOptions(project / "site", strict=True, cache="off"))
    for path in ("print.html", "print-forms.html", "my forms/print.html"):
        page = (project / "site" / path).read_text()
        ids = re.findall(r'\bid="([^"]*)"', page)
        assert [i for i in ids if re.search(r"\s", i)] == [], path
        named = [name for names in re.findall(r'aria-(?:describedby|labelledby)="([^"]*)"', page) for name in names.split()]
        assert named and set(named) <= set(ids), (path, set(named) - set(ids))
        assert 'id="my-forms-goal-sheet"' in page, path
    assert 'href="#my-forms-goal-sheet" data-xref' in (project / "site" / "print.html").read_text()


def test_details_are_open_on_a_print_page(tmp_path: Path) -> None:
    """A page's raw `<details>` prints closed in a browser, its text left off the sheet
    (the handbook PDF prints it): on a print page each is open."""
    project = tmp_path / "project"
    files = {
        "content/index.md": "# Home\n",
        "content/guide/index.md": "# Guide\n\n<details><summary>More</summary>\n\nThe rest.\n</details>\n\n"
        '<DETAILS class="x"><summary>Two</summary>Inside.</DETAILS>\n\n<details open><summary>Open</summary>Already.</details>\n\n'
        "```\n<details>in code</details>\n```\n",
    }
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    build(project, BuildOptions(project / "site", strict=True, cache="off"))
    for path in ("print.html", "guide/print.html"):
        page = (project / "site" / path).read_text()
        assert "<details open><summary>More</summary>" in page, path
        assert '<DETAILS open class="x"><summary>Two</summary>' in page, path
        assert "<details open><summary>Open</summary>" in page, path
        assert "&lt;details&gt;in code&lt;/details&gt;" in page, path
    assert "<details><summary>More</summary>" in (project / "site" / "guide" / "index.html").read_text(), "the page itself is as written"


def test_raw_html_attributes_in_single_quotes_or_none_are_made_unique_and_read_from_their_folder(tmp_path: Path) -> None:
    """`<div id='box'>` and `<p id=plain>` on three pages were three ids 'box' and 'plain' in the
    print page, each page's link leading to the first page's; `<img src='pic.png'>` of a page in a
    folder was looked for beside the print page of the whole handbook."""
    project = tmp_path / "project"
    files: dict[str, str | bytes] = {
        "content/index.md": "# Home\n",
        "content/guide/pic.png": b"\x89PNG\r\n\x1a\n",
        "content/guide/index.md": "# Guide\n\n<img src='pic.png' alt='Pic'> <img src=pic.png alt=Bare>\n",
    }
    for n in ("one", "two", "three"):
        files[f"content/{n}.md"] = (
            f"# Page {n}\n\n<div id='box' title='say \"hi\"'>Box</div>\n\n<p id=plain>Plain</p>\n\n<a href='#box'>to box</a> <a href = #plain>to plain</a>\n"
        )
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            (project / name).write_bytes(text)
        else:
            (project / name).write_text(text, encoding="utf-8")
    build(project, BuildOptions(project / "site", strict=True, cache="off"))
    whole = (project / "site" / "print.html").read_text()
    for n in ("one", "two", "three"):
        assert f'<div id="{n}--box" title="say &quot;hi&quot;">Box</div>' in whole and f'<p id="{n}--plain">' in whole
        assert f'<a href="#{n}--box" data-xref>to box</a> <a href="#{n}--plain" data-xref>to plain</a>' in whole
    ids = re.findall(r'\bid="([^"]*)"', whole)
    assert len(ids) == len(set(ids))
    assert '<img src="guide/pic.png" alt="Pic"> <img src="guide/pic.png" alt="Bare">' in whole


def test_a_table_of_answers_is_told_under_a_theme_without_gather_words(tmp_path: Path) -> None:
    """gather.js names the table's last columns in English when the theme gives no words for them:
    such a table under content/ is refused as the theme's own words' is."""
    from generator.build import build
    from generator.errors import MentorkitError

    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "content" / "index.md").write_text("# Home\n")
    (project / "content" / "answers.csv").write_text(
        "Record,Goal,File,Record id,Version,Last changed\r\nAda,Read,a.json,r1,1.0,2027-03-01\r\n"
    )
    (project / "themes" / "bare" / "templates").mkdir(parents=True)
    (project / "themes" / "bare" / "theme.yaml").write_text("{}\n")
    (project / "mentorkit.yaml").write_text("theme: bare\n")
    with pytest.raises(MentorkitError) as raised:
        build(project)
    assert [(p.path, p.line) for p in raised.value.problems if "table of answers" in p.message] == [("content/answers.csv", 1)]
