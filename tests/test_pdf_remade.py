"""PDFs remade with the cache (mentorkit build --pdf): an edit remakes the
PDFs that show what changed, and no other. A handbook in two languages with
two forms, a programme using both, a guidance page no form shows."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from generator.build import BuildOptions, build
from tests.test_pdf import text_of

GOALS = """\
---
title: {title}
type: form
use: {use}
version: "{version}"
fields:
  - id: name
    label: {label}
  - id: goal
    type: textarea
    label: My goal
{more}---
{intro}
"""
GOALS_FR = """\
---
title: {title}
type: form
use: objectifs
fields:
  name: {label}
  goal: Mon objectif
---
Une fiche pour vos objectifs.
"""
FEEDBACK = "---\ntitle: Feedback\ntype: form\nfields:\n  - id: going\n    label: How is it going?\n---\nTell each other.\n"
FEEDBACK_FR = "---\ntitle: Retour\ntype: form\nfields:\n  going: Comment ça se passe ?\n---\nDites-le-vous.\n"
PROGRAMME = """\
---
title: {title}
type: programme
weeks: 8
cadence: fortnightly
phases:
  - name: {start}
    weeks: 1-4
    focus: Agree goals.
    forms: [goals]
  - name: Review
    weeks: 5-8
    focus: Look back.
    forms: [feedback]
milestones:
  - name: Goals agreed
    week: 3
    description: Goals written down.
    form: goals
---
{text}
"""
PROGRAMME_FR = PROGRAMME.format(title="Binômes", start="Début", text="Huit semaines.").replace("Review", "Bilan")
GUIDE = "---\ntitle: Listening\n---\n{text}\n"


def goals(
    title: str = "Goals",
    label: str = "Name",
    more: str = "",
    intro: str = "A worksheet for your goals.",
    use: str = "goal setting",
    version: str = "1.0",
) -> str:
    return GOALS.format(title=title, label=label, more=more, intro=intro, use=use, version=version)


def programme(title: str = "Pairs", start: str = "Start", text: str = "Eight weeks.") -> str:
    return PROGRAMME.format(title=title, start=start, text=text)


FILES = {
    "mentorkit.yaml": "title: Peer Mentoring\nlanguages:\n  en:\n  fr:\n    title: Mentorat\n",
    "content/en/index.md": "# Home\n\nWelcome.\n",
    "content/en/guide/listening.md": GUIDE.format(text="Listen first."),
    "content/en/forms/goals.md": goals(),
    "content/en/forms/feedback.md": FEEDBACK,
    "content/en/programmes/pairs.md": programme(),
    "content/fr/index.md": "# Accueil\n",
    "content/fr/forms/goals.md": GOALS_FR.format(title="Objectifs", label="Nom"),
    "content/fr/forms/feedback.md": FEEDBACK_FR,
    "content/fr/programmes/pairs.md": PROGRAMME_FR,
}
EN_GOALS, EN_FEEDBACK, EN_PAIRS, EN_HANDBOOK = (
    "en/forms/goals.pdf",
    "en/forms/feedback.pdf",
    "en/programmes/pairs-at-a-glance.pdf",
    "en/handbook.pdf",
)
FR_GOALS, FR_PAIRS, FR_HANDBOOK = "fr/forms/goals.pdf", "fr/programmes/pairs-at-a-glance.pdf", "fr/handbook.pdf"
STEP = "  - id: step\n    label: First step\n"

EDITS = [
    # (what changes, file, its new text, the PDFs that show it); each edit keeps the ones before it.
    ("a form's title", "content/en/forms/goals.md", goals(title="Goals for the year"), {EN_GOALS, EN_HANDBOOK, EN_PAIRS}),
    ("a field's label", "content/en/forms/goals.md", goals(title="Goals for the year", label="Full name"), {EN_GOALS, EN_HANDBOOK}),
    (
        "a form's intro",
        "content/en/forms/goals.md",
        goals(title="Goals for the year", label="Full name", intro="In writing."),
        {EN_GOALS, EN_HANDBOOK},
    ),
    (
        "a form's use",
        "content/en/forms/goals.md",
        goals(title="Goals for the year", label="Full name", intro="In writing.", use="any time"),
        {EN_GOALS, EN_HANDBOOK},
    ),
    # The translation's fields and version are the original's: it shows them too.
    (
        "a form's version",
        "content/en/forms/goals.md",
        goals(title="Goals for the year", label="Full name", intro="In writing.", use="any time", version="1.1"),
        {EN_GOALS, EN_HANDBOOK, FR_GOALS, FR_HANDBOOK},
    ),
    (
        "a field added",
        "content/en/forms/goals.md",
        goals(title="Goals for the year", label="Full name", intro="In writing.", use="any time", version="1.1", more=STEP),
        {EN_GOALS, EN_HANDBOOK, FR_GOALS, FR_HANDBOOK},
    ),
    ("a translated label", "content/fr/forms/goals.md", GOALS_FR.format(title="Objectifs", label="Nom complet"), {FR_GOALS, FR_HANDBOOK}),
    (
        "a translated title",
        "content/fr/forms/goals.md",
        GOALS_FR.format(title="Mes objectifs", label="Nom complet"),
        {FR_GOALS, FR_HANDBOOK, FR_PAIRS},
    ),
    ("a guidance page", "content/en/guide/listening.md", GUIDE.format(text="Listen first, then ask."), {EN_HANDBOOK}),
    ("the home page", "content/en/index.md", "# Home\n\nWelcome, mentors.\n", {EN_HANDBOOK}),
    ("a programme's text", "content/en/programmes/pairs.md", programme(text="Four meetings."), {EN_PAIRS, EN_HANDBOOK}),
    # The goals form lists the phases and milestones that use it; the feedback form is used in another phase.
    (
        "a programme's phase",
        "content/en/programmes/pairs.md",
        programme(start="Getting started", text="Four meetings."),
        {EN_PAIRS, EN_HANDBOOK, EN_GOALS},
    ),
    (
        "a programme's title",
        "content/en/programmes/pairs.md",
        programme(title="Pairs of peers", start="Getting started", text="Four meetings."),
        {EN_PAIRS, EN_HANDBOOK, EN_GOALS, EN_FEEDBACK},
    ),
]


@pytest.mark.pdf
def test_each_edit_remakes_only_the_pdfs_that_show_it(make_project, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    project = make_project(FILES)
    first = build(project, BuildOptions(pdf=True))
    made = {path for path in first.rendered if path.endswith(".pdf")}
    assert made == {EN_GOALS, EN_FEEDBACK, EN_PAIRS, EN_HANDBOOK, FR_GOALS, "fr/forms/feedback.pdf", FR_PAIRS, FR_HANDBOOK}
    wrong = []
    for what, name, text, shown in EDITS:
        (project / name).write_text(text)
        remade = {path for path in build(project, BuildOptions(pdf=True)).rendered if path.endswith(".pdf")}
        if remade != shown:
            wrong.append(f"{what}: remade {sorted(remade)}, expected {sorted(shown)}")
    assert wrong == [], "\n".join(wrong)
    site = project / "site"
    assert "Goalsfortheyear" in text_of(PdfReader(site / EN_PAIRS)), "the summary shows the new title (text_of drops spaces)"
    assert "Firststep" in text_of(PdfReader(site / FR_GOALS)), "the translation shows the field added"
    assert "Mesobjectifs" in text_of(PdfReader(site / FR_PAIRS))
    # A PDF an edit should have remade and did not would still be as it was: a clean build tells.
    clean = project.parent / "clean"
    build(project, BuildOptions(clean, pdf=True, cache="off"))
    assert [p for p in sorted(made) if (site / p).read_bytes() != (clean / p).read_bytes()] == []
