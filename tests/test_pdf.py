"""PDFs (mentorkit build --pdf): forms with fillable fields, programme
summaries, the whole handbook; reproducible with SOURCE_DATE_EPOCH."""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.build import BuildOptions, build

REPO = Path(__file__).resolve().parent.parent
A4 = (595, 842)
LETTER = (612, 792)


@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1790000000")
        build(REPO, BuildOptions(out, strict=True, pdf=True, cache="off"))
    return out


def sizes(reader: PdfReader) -> set[tuple[int, int]]:
    return {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}


def text_of(reader: PdfReader) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in reader.pages)))


def outline_titles(items: list) -> list[str]:  # type: ignore[type-arg]
    titles: list[str] = []
    for item in items:
        if isinstance(item, list):
            titles += outline_titles(item)
        else:
            titles.append(item.title)
    return titles


@pytest.mark.pdf
def test_agreement_pdf_is_a_fillable_form(pdf_site: Path) -> None:
    reader = PdfReader(pdf_site / "en" / "forms" / "agreement.pdf")
    assert sizes(reader) == {A4}
    assert 3 <= len(reader.pages) <= 8
    fields = reader.get_fields() or {}
    kinds = {name: field.get("/FT") for name, field in fields.items()}
    assert kinds["mentor_name"] == "/Tx"
    assert kinds["goal_1"] == "/Tx" and fields["goal_1"].get("/Ff") == 4096, "multi-line text"
    assert kinds["duration"] == "/Btn", "radio group"
    assert kinds["channels-1"] == "/Btn" and kinds["channels-6"] == "/Btn", "each tick box its own field"
    assert kinds["read_confidentiality"] == "/Btn"
    assert {"signatures-1-name", "signatures-3-date"} <= set(kinds)
    text = text_of(reader)
    site = build_model()
    for field in site.by_url["en/forms/agreement.html"].form.fields:
        for label in (field.label, field.title, *field.signers):
            assert re.sub(r"\s+", "", label) in text, label
    assert "Page1of" in text and "Version1.0·Updated2026-10-01" in text


def build_model():  # type: ignore[no-untyped-def]
    """The example's model in English."""
    from generator.load.config import load_config
    from generator.load.sources import load_sources
    from generator.load.themes import load_theme, theme_words
    from generator.model.outputs import generated_paths
    from generator.model.site import build_sites
    from generator.parse.files import parse_files

    config = load_config(REPO)
    sources = load_sources(REPO)
    theme = load_theme(REPO, config.theme, config.path)
    words, _ = theme_words(theme, config)
    parsed = parse_files(sources.pages, config.markdown, {})
    sites, _ = build_sites(config, parsed, sources.assets, generated_paths(config, [path for path, _ in theme.static]), words)
    return sites[0]


def tooltips(reader: PdfReader) -> dict[str, str]:
    """Each form field's tooltip (/TU), read from the widgets on the pages (a radio button's is its group's)."""
    found: dict[str, str] = {}
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            widget = annotation.get_object()
            if widget.get("/Subtype") != "/Widget":
                continue
            field = widget.get("/Parent").get_object() if "/Parent" in widget else widget
            found[str(field["/T"])] = str(field.get("/TU", ""))
    return found


@pytest.mark.pdf
def test_pdfs_are_tagged_and_each_field_is_named_by_its_label(pdf_site: Path) -> None:
    for path in ("en/forms/agreement.pdf", "fr/forms/goals.pdf", "en/handbook.pdf"):
        catalog = PdfReader(pdf_site / path).trailer["/Root"]
        assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"], path
        assert catalog["/Lang"] == path[:2], path
    reader = PdfReader(pdf_site / "en" / "forms" / "agreement.pdf")
    tips = tooltips(reader)
    expected: dict[str, str] = {}
    for field in build_model().by_url["en/forms/agreement.html"].form.answered:
        if field.type == "multichoice":
            expected.update({f"{field.id}-{n}": f"{field.label}: {option}" for n, option in enumerate(field.options, 1)})
        elif field.type == "signature":
            for n, signer in enumerate(field.signers, 1):
                expected[f"{field.id}-{n}-name"] = f"{signer}: Full name"
                expected[f"{field.id}-{n}-date"] = f"{signer}: Date signed"
        else:
            expected[field.id] = field.label
    assert tips == expected
    goals = tooltips(PdfReader(pdf_site / "fr" / "forms" / "goals.pdf"))
    assert goals["long_term_goals-r1-c1"] == "Objectifs à long terme : Objectif, ligne 1"
    assert all(tip and tip != name for name, tip in goals.items())


@pytest.mark.pdf
def test_conditional_fields_stay_in_the_pdf_with_their_conditions(pdf_site: Path) -> None:
    text = text_of(PdfReader(pdf_site / "en" / "forms" / "closure.pdf"))
    assert "OnlyifyouansweredYestoDidtherelationshipendearlierthanplanned?Whyitendedearly" in re.sub(r"[“”]", "", text)
    fields = PdfReader(pdf_site / "fr" / "forms" / "closure.pdf").get_fields() or {}
    assert {"early_reason", "early_notes", "stay_in_touch_detail"} <= set(fields)
    assert "SeulementsivousavezréponduOuiàLarelationa-t-elleprisfinplustôtqueprévu?" in re.sub(
        r"[«»]", "", text_of(PdfReader(pdf_site / "fr" / "forms" / "closure.pdf"))
    )


@pytest.mark.pdf
def test_every_form_has_a_pdf_linked_from_its_page(pdf_site: Path) -> None:
    for md in (REPO / "content" / "en" / "forms").glob("*.md"):
        if md.stem == "index":
            continue
        assert (pdf_site / "en" / "forms" / f"{md.stem}.pdf").is_file()
        html = (pdf_site / "en" / "forms" / f"{md.stem}.html").read_text()
        assert f'<a href="{md.stem}.pdf">Download this form as a PDF</a>' in html


@pytest.mark.pdf
def test_programme_summaries_print_on_one_page(pdf_site: Path) -> None:
    for name in ("one-to-one", "cohort"):
        reader = PdfReader(pdf_site / "en" / "programmes" / f"{name}-at-a-glance.pdf")
        assert len(reader.pages) == 1 and sizes(reader) == {A4}
        assert f'<a href="{name}-at-a-glance.pdf">as a PDF</a>' in (pdf_site / "en" / "programmes" / f"{name}.html").read_text()


@pytest.mark.pdf
def test_handbook_pdf(pdf_site: Path) -> None:
    reader = PdfReader(pdf_site / "en" / "handbook.pdf")
    assert sizes(reader) == {A4}
    assert len(reader.pages) > 40
    first = reader.pages[0].extract_text()
    assert "The Mentoring Handbook" in first and "RIVERSIDE MENTORING PROGRAMME" in first.upper()
    assert "21 September 2026" in first, "the cover is dated from SOURCE_DATE_EPOCH"
    contents = reader.pages[1].extract_text()
    assert "Contents" in contents and re.search(r"Set clear expectations\s*\.+\s*\d+", contents)
    titles = outline_titles(reader.outline)
    site = build_model()
    for page in site.pages:
        assert page.title in titles, page.title
    assert titles.index("Appendix: forms") < titles.index("Mentoring agreement")
    assert titles.index("Closure form") > titles.index("Twelve-week cohort programme"), "forms come last"
    footer = reader.pages[5].extract_text()
    assert f"of {len(reader.pages)}" in footer and "The Mentoring Handbook" in footer
    internal = external = 0
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A") or {}
            if "/Dest" in annotation or action.get("/S") == "/GoTo":
                internal += 1
            elif action.get("/S") == "/URI":
                external += 1
                assert "mentorkit.invalid" not in str(action["/URI"])
    assert internal > 50, "links between pages work inside the PDF"
    home = (pdf_site / "en" / "index.html").read_text()
    assert '<a href="handbook.pdf">Download the whole handbook as a PDF</a>' in home


@pytest.mark.pdf
def test_french_handbook_pdf(pdf_site: Path) -> None:
    reader = PdfReader(pdf_site / "fr" / "handbook.pdf")
    first = reader.pages[0].extract_text()
    assert "Le manuel du mentorat" in first and "21 septembre 2026" in first
    assert "Sommaire" in reader.pages[1].extract_text()
    assert f"Page 6 sur {len(reader.pages)}" in reader.pages[5].extract_text()
    assert "Annexe : formulaires" in outline_titles(reader.outline)
    form = PdfReader(pdf_site / "fr" / "forms" / "agreement.pdf")
    assert "Accord de mentorat" in text_of(form) or "Accorddementorat" in text_of(form)
    assert set(form.get_fields() or {}) == set(PdfReader(pdf_site / "en" / "forms" / "agreement.pdf").get_fields() or {}), (
        "one form, two languages"
    )


@pytest.mark.pdf
@pytest.mark.slow
def test_same_sources_give_the_same_bytes(pdf_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    again = tmp_path / "again"
    build(REPO, BuildOptions(again, pdf=True, cache="off"))
    for pdf in ("en/handbook.pdf", "fr/handbook.pdf", "en/forms/agreement.pdf", "fr/programmes/cohort-at-a-glance.pdf"):
        assert (again / pdf).read_bytes() == (pdf_site / pdf).read_bytes(), pdf


@pytest.mark.pdf
def test_letter_paper(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(
        {
            "mentorkit.yaml": "title: Small\npaper: letter\npdf: true\n",
            "content/index.md": "# Home\n\nSee [the form](form.md).\n",
            "content/form.md": "---\ntitle: Check-in\ntype: form\nfields:\n  - label: How are you?\n    type: textarea\n---\nFill in.\n",
        }
    )
    result = cli("build", project)
    assert result.exit_code == 0, result.stderr
    assert sizes(PdfReader(project / "site" / "form.pdf")) == {LETTER}
    assert sizes(PdfReader(project / "site" / "handbook.pdf")) == {LETTER}
    assert set(PdfReader(project / "site" / "form.pdf").get_fields() or {}) == {"how_are_you"}


def test_without_weasyprint_pdf_stops_with_how_to_install(make_project, cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it were not installed
    project = make_project({"content/index.md": "# Home\n"})
    result = cli("build", project, "--pdf")
    assert result.exit_code == 1
    assert result.stderr == (
        "--pdf: error: PDFs need WeasyPrint, which is not installed\n"
        "  install it beside mentorkit: pip install 'weasyprint>=70' (it also needs the Pango library: apt-get install libpango-1.0-0)\n"
        "Stopped: 1 error; nothing was written.\n"
    )
    assert not (project / "site").exists()
    assert cli("build", project).exit_code == 0, "without --pdf nothing needs WeasyPrint"


@pytest.mark.pdf
def test_the_examples_task_list_has_its_boxes_beside_their_text(pdf_site: Path) -> None:
    from tests.test_handbook_pdf_look import assert_boxes_beside_their_text

    reader = PdfReader(pdf_site / "en" / "handbook.pdf")
    page = next(i for i, p in enumerate(reader.pages) if "Introduce yourselves properly" in p.extract_text())
    assert_boxes_beside_their_text(reader, page, ("Introduce yourselves properly", "Book the next meeting before you leave"))


@pytest.mark.pdf
def test_a_build_without_pdfs_says_it_removed_those_of_a_build_with(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(
        {
            "content/index.md": "# Home\n\nSee [the form](form.md).\n",
            "content/form.md": "---\ntitle: Check-in\ntype: form\nfields:\n  - label: How are you?\n---\nFill in.\n",
        }
    )
    assert cli("build", project, "--pdf").exit_code == 0
    assert {p.name for p in (project / "site").glob("*.pdf")} == {"form.pdf", "handbook.pdf"}
    result = cli("build", project, "--strict")
    assert result.exit_code == 0, "removing them is no mistake of the handbook's"
    assert result.stderr == (
        "site: warning: removed 2 PDFs an earlier build made with --pdf (form.pdf, handbook.pdf)\n"
        "  to keep them, build with --pdf, or set 'pdf: true' in mentorkit.yaml\n"
    )
    assert "1 warning" in result.stdout and not list((project / "site").glob("*.pdf"))
    again = cli("build", project, "--strict")
    assert again.exit_code == 0 and again.stderr == "", "said once, when they go"
    (project / "content" / "index.md").write_text("# Home again\n\nSee [the form](form.md).\n")
    assert cli("build", project).stderr == ""


@pytest.mark.parametrize("version", ["67.0", "62.3", "unknown"])
def test_a_weasyprint_too_old_stops_with_how_to_upgrade(make_project, cli, monkeypatch: pytest.MonkeyPatch, version: str) -> None:  # type: ignore[no-untyped-def]
    """One installed on its own, before mentorkit: 62 to 67 would end in an AttributeError traceback."""
    import weasyprint

    monkeypatch.setattr(weasyprint, "__version__", version)
    project = make_project({"content/index.md": "# Home\n"})
    result = cli("build", project, "--pdf")
    assert result.exit_code == 1
    assert result.stderr == (
        f"--pdf: error: WeasyPrint {version} is installed, which is too old: mentorkit needs 70 or later\n"
        "  upgrade it beside mentorkit: pip install --upgrade 'weasyprint>=70'\n"
        "Stopped: 1 error; nothing was written.\n"
    )
    assert not (project / "site").exists()


@pytest.mark.pdf
def test_a_changed_form_remakes_its_pdf_and_the_handbook_only(make_project) -> None:  # type: ignore[no-untyped-def]
    form = "---\ntitle: {title}\ntype: form\nfields:\n  - label: Name\n---\n"
    project = make_project(
        {
            "mentorkit.yaml": "title: Peer Mentoring\npdf: true\n",
            "content/index.md": "# Home\n",
            "content/forms/agreement.md": form.format(title="Agreement"),
            "content/forms/goals.md": form.format(title="Goals"),
            "content/forms/closure.md": form.format(title="Closure"),
        }
    )
    first = build(project)
    pdfs = {path for path in first.rendered if path.endswith(".pdf")}
    assert pdfs == {"forms/agreement.pdf", "forms/goals.pdf", "forms/closure.pdf", "handbook.pdf"}, "made apart, all of them"
    (project / "content" / "forms" / "goals.md").write_text(form.format(title="Goals for the year"))
    second = build(project)
    assert {path for path in second.rendered if path.endswith(".pdf")} == {"forms/goals.pdf", "handbook.pdf"}
    assert "Goalsfortheyear" in text_of(PdfReader(project / "site" / "forms" / "goals.pdf")), "text_of drops spaces"


@pytest.mark.pdf
def test_a_changed_form_remakes_the_handbook_of_its_language_only(make_project) -> None:  # type: ignore[no-untyped-def]
    # The form links to a page: the links here of every language's site hold it, and the French handbook shows none of them.
    form = "---\ntitle: Goals\ntype: form\nfields:\n  - id: name\n    label: {label}\n    help: See [the home page](../index.md).\n---\n"
    project = make_project(
        {
            "mentorkit.yaml": "title: Peer Mentoring\npdf: true\nlanguages:\n  en:\n  fr:\n    title: Mentorat\n",
            "content/en/index.md": "# Home\n",
            "content/en/forms/goals.md": form.format(label="Name"),
            "content/fr/index.md": "# Accueil\n",
            "content/fr/forms/goals.md": "---\ntitle: Objectifs\ntype: form\nfields:\n  name:\n    label: Nom\n    help: Voir [l'accueil](../index.md).\n---\n",
        }
    )
    first = build(project)
    assert {path for path in first.rendered if path.endswith(".pdf")} == {
        "en/forms/goals.pdf",
        "en/handbook.pdf",
        "fr/forms/goals.pdf",
        "fr/handbook.pdf",
    }
    (project / "content" / "en" / "forms" / "goals.md").write_text(form.format(label="Full name"))
    second = build(project)
    assert {path for path in second.rendered if path.endswith(".pdf")} == {"en/forms/goals.pdf", "en/handbook.pdf"}
    assert "Fullname" in text_of(PdfReader(project / "site" / "en" / "handbook.pdf"))
    assert "Nom" in text_of(PdfReader(project / "site" / "fr" / "handbook.pdf"))


@pytest.mark.pdf
def test_edits_that_change_a_handbook_keep_the_cached_pdfs_equal_to_clean_ones(make_project, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The handbook's fingerprint is taken of its chapters' contexts, not of its Site:
    each edit it shows (a title in the contents and outline, a page's text, the
    order, a page added) must still remake it, as a clean build would make it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    page = "---\ntitle: {title}\norder: {order}\n---\n{text} See [the other page](b.md).\n"
    project = make_project(
        {
            "mentorkit.yaml": "title: Peer Mentoring\npdf: true\nlanguages:\n  en:\n  fr:\n",
            "content/en/index.md": "# Home\n",
            "content/en/guide/a.md": page.format(title="First", order=1, text="Alpha."),
            "content/en/guide/b.md": page.format(title="Second", order=2, text="Beta.").replace("b.md", "a.md"),
            "content/fr/index.md": "# Accueil\n",
        }
    )
    edits = [
        ("content/en/guide/a.md", page.format(title="First of all", order=1, text="Alpha.")),
        ("content/en/guide/a.md", page.format(title="First of all", order=1, text="Alpha, changed.")),
        ("content/en/guide/a.md", page.format(title="First of all", order=3, text="Alpha, changed.")),
        ("content/en/guide/c.md", page.format(title="Third", order=0, text="Gamma.")),
    ]
    build(project)
    for number, (name, text) in enumerate(edits):
        (project / name).write_text(text)
        cached = build(project)
        assert "en/handbook.pdf" in cached.rendered and "fr/handbook.pdf" not in cached.rendered, name
        clean = project.parent / f"clean-{number}"
        build(project, BuildOptions(clean, cache="off"))
        pdfs = sorted(p.relative_to(clean).as_posix() for p in clean.rglob("*.pdf"))
        assert [p for p in pdfs if (project / "site" / p).read_bytes() != (clean / p).read_bytes()] == [], text
