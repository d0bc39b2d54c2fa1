"""The coordinator's "Gather answers" page as built: one per language, linked
from the forms page, holding what gather.js needs as JSON: each form's id,
version, fields with types, options and labels, what `collect:` lets the
coordinator read, and the handbook's identity. Markup in a label stays text."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

FORM = """
---
title: Log
type: form
version: "2.0"
collect: false
confidential: The pair only.
fields:
  - id: met_on
    type: date
    label: Date
    collect: true
  - id: notes
    type: textarea
    label: Notes </script><b>bold</b>
  - id: mood
    type: scale
    label: Mood
    points: 4
    low: Low
    high: High
---
Log.
"""
REVIEW = """
---
title: Review
type: form
fields:
  - id: going
    type: yesno
    label: Going well?
  - id: private
    label: Private note
    collect: false
  - id: path
    type: choice
    label: Path
    options: [A, B]
---
Review.
"""


def gather_meta(path: Path) -> dict[str, Any]:
    html = path.read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="mk-gather">(.*?)</script>', html, re.S)
    assert found, "the page hands gather.js its forms"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_one_page_per_language_with_the_forms_and_what_may_be_read(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(
        {
            "mentorkit.yaml": "title: Peer | Mentoring\nlanguages: [en, fr]\n",
            "content/en/forms/index.md": "---\ntitle: Forms\ntype: forms\n---\nAll forms.\n",
            "content/en/forms/log.md": FORM,
            "content/en/forms/review.md": REVIEW,
            "content/fr/forms/review.md": "---\ntitle: Bilan\ntype: form\nfields:\n  going: Ça va ?\n  private: Note\n  path:\n    label: Voie\n    options: [Un, Deux]\n---\nBilan.\n",
        }
    )
    result = cli("build", project)
    assert result.exit_code == 0, result.stderr
    site = project / "site"
    english, french = gather_meta(site / "en" / "gather-answers.html"), gather_meta(site / "fr" / "gather-answers.html")
    assert english["handbook"] == french["handbook"] == "Peer | Mentoring"
    forms = {form["id"]: form for form in english["forms"]}
    log = forms["forms/log"]
    assert (log["version"], log["collect"], log["confidential"]) == ("2.0", True, "The pair only.")
    assert [(f["id"], f["collect"]) for f in log["fields"]] == [("met_on", True), ("notes", False), ("mood", False)]
    assert log["fields"][2] | {"points": 4, "low": "Low", "high": "High"} == log["fields"][2]
    review = forms["forms/review"]
    assert review["collect"] is True
    assert {f["id"]: f["collect"] for f in review["fields"]} == {"going": True, "private": False, "path": True}
    path_fr = next(f for f in french["forms"] if f["id"] == "forms/review")["fields"][2]
    assert (path_fr["options"], path_fr["values"]) == (["Un", "Deux"], ["A", "B"])
    page = (site / "en" / "gather-answers.html").read_text(encoding="utf-8")
    assert "</script><b>" not in page and "<b>bold</b>" not in page
    assert 'href="../gather-answers.html"' in (site / "en" / "forms" / "index.html").read_text(encoding="utf-8")


def test_a_form_without_collect_is_gathered_whole(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"mentorkit.yaml": "title: H\n", "content/forms/review.md": REVIEW})
    assert cli("build", project).exit_code == 0
    meta = gather_meta(project / "site" / "gather-answers.html")
    assert meta["handbook"] == "H" and [f["id"] for f in meta["forms"]] == ["forms/review"]
