"""A cached build equals a clean one (issue 19, item 1), for the ways a theme
or a build can slip past the fingerprints that tests/test_cache_equivalence.py
does not take: a template reaching its context through `self` (refused by
the sandbox), a template
saved while a build runs, a YAML set in the front matter (whose order
changes from one process to the next), the day on the handbook PDF's cover,
and Jinja's ways of reaching other templates and context entries.

Each test builds with the cache, makes one change, builds again and
compares the site with a clean build, byte for byte.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from generator.build import BuildOptions, build, new_state
from generator.errors import MentorkitError
from tests.conftest import MakeProject

REPO = Path(__file__).resolve().parent.parent


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def differing(one: Path, other: Path) -> list[str]:
    a, b = tree(one), tree(other)
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


def clean_build(project: Path, name: str = "clean") -> Path:
    output = project.parent / name
    build(project, BuildOptions(output, cache="off"))
    return output


def write(project: Path, name: str, text: str) -> None:
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


PAGES = {
    "content/index.md": "---\ntitle: Home\norder: 1\n---\n\nWelcome.\n",
    "content/a.md": "---\ntitle: A\norder: 2\n---\n\nThe first page.\n",
    "content/b.md": "---\ntitle: B\norder: 3\n---\n\nThe second page.\n",
    "content/c.md": "---\ntitle: C\norder: 4\nsummary: Before.\n---\n\nThe third page.\n",
}
"""Four pages in a row: the home page's context holds the first (its next
page), not the last, whose summary the edits below change."""
SUMMARY_EDIT = ("content/c.md", "---\ntitle: C\norder: 4\nsummary: After.\n---\n\nThe third page.\n")


def page_template(footer: str) -> dict[str, str]:
    """A project theme whose page.html adds `footer` to the built-in one's footer."""
    return {"themes/default/templates/page.html": '{% extends "default:page.html" %}{% block footer %}' + footer + "{% endblock %}"}


# ---------------------------------------------------------------------------
# The context reached without naming its entries
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "footer",
    [
        pytest.param('{{ self._TemplateReference__context["site"].pages | map(attribute="summary") | join(",") }}', id="self-private"),
        pytest.param(
            '{% set me = self %}{{ me._TemplateReference__context.get("site").pages | map(attribute="summary") | join(",") }}',
            id="self-assigned",
        ),
        pytest.param(
            '{{ (self | attr("_TemplateReference__context"))["site"].pages | map(attribute="summary") | join(",") }}', id="attr-filter"
        ),
    ],
)
def test_a_template_reading_its_context_through_self_is_refused(make_project: MakeProject, footer: str) -> None:
    """`self._TemplateReference__context` is the whole context: a template
    reaching it would name no entry. The sandbox (render/environment.py)
    refuses it at its line, so every context entry a template can read is one
    it names; fingerprints still count every entry for such a template (see
    `reaches_whole_context`), should it ever render."""
    project = make_project(PAGES | page_template(footer))
    with pytest.raises(MentorkitError) as raised:
        build(project)
    assert [(p.path, p.line, p.message) for p in raised.value.problems] == [
        (
            "themes/default/templates/page.html",
            1,
            "template error: '_TemplateReference__context' of a TemplateReference is not open to templates",
        )
    ]


def test_a_template_calling_its_own_blocks_through_self_still_skips_unchanged_pages(make_project: MakeProject) -> None:
    """`self.block()` is an ordinary use of `self`: it reads nothing more."""
    theme = page_template("{% block extra %}[{{ page.title }}]{% endblock %}{{ self.extra() }}")
    project = make_project(PAGES | theme)
    build(project)
    write(project, *SUMMARY_EDIT)
    result = build(project)
    assert "index.html" not in result.rendered
    assert differing(project / "site", clean_build(project)) == []


# ---------------------------------------------------------------------------
# Jinja's ways of reaching other templates and entries (these hold today)
# ---------------------------------------------------------------------------

MACROS = "{% macro everyone() %}[{% for p in site.pages %}{{ p.summary }};{% endfor %}]{% endmacro %}"


@pytest.mark.parametrize(
    ("files", "edit"),
    [
        pytest.param(
            {"themes/default/templates/m.html": MACROS} | page_template('{% import "m.html" as m with context %}{{ m.everyone() }}'),
            SUMMARY_EDIT,
            id="macro-imported-with-context",
        ),
        pytest.param(
            {"themes/default/templates/m.html": MACROS} | page_template('{% from "m.html" import everyone with context %}{{ everyone() }}'),
            SUMMARY_EDIT,
            id="macro-from-import-with-context",
        ),
        pytest.param(
            page_template('{% include "extra.html" ignore missing %}'),
            ("themes/default/templates/extra.html", "EXTRA {{ site.pages | length }}"),
            id="include-ignore-missing-added-later",
        ),
        pytest.param(
            page_template('{% include ["first.html", "second.html"] ignore missing %}') | {"themes/default/templates/second.html": "2"},
            ("themes/default/templates/first.html", "1"),
            id="include-list-first-added-later",
        ),
        pytest.param(
            page_template('{% include page.meta.get("partial", "none.html") ignore missing %}'),
            ("themes/default/templates/none.html", "{{ site.pages | map(attribute='summary') | join(',') }}"),
            id="include-named-by-a-variable",
        ),
        pytest.param(
            {"themes/default/templates/page.html": '{% extends page.meta.get("layout", "layout.html") %}'}
            | {"themes/default/templates/layout.html": '{% extends "default:page.html" %}{% block footer %}L{% endblock %}'},
            (
                "themes/default/templates/layout.html",
                '{% extends "default:page.html" %}{% block footer %}{{ forms | length }}{% endblock %}',
            ),
            id="extends-a-variable",
        ),
        pytest.param(
            {
                "themes/default/templates/base.html": '{% extends "default:base.html" %}{% macro summaries() %}{{ site.pages | map(attribute="summary") | join(",") }}{% endmacro %}'
            }
            | page_template("{{ summaries() }}"),
            SUMMARY_EDIT,
            id="macro-of-a-parent-called-in-a-child",
        ),
        pytest.param(
            page_template("{% set site_pages = site.pages %}{% for p in site_pages %}{{ p.summary }}{% endfor %}"),
            SUMMARY_EDIT,
            id="set-from-an-entry",
        ),
        pytest.param(
            page_template("{{ page.meta.get('when', none) | date if page.meta.get('when') }}")
            | {"content/index.md": "---\ntitle: Home\norder: 1\nwhen: 2027-03-01\n---\n\nWelcome.\n"},
            ("themes/default/i18n/en.yaml", "date:\n  months: [Jan, Feb, Mars, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov, Dec]\n"),
            id="date-filter-and-a-word-changed",
        ),
    ],
)
def test_jinja_constructs_keep_the_cached_build_equal_to_a_clean_one(
    make_project: MakeProject, files: dict[str, str], edit: tuple[str, str]
) -> None:
    project = make_project(PAGES | files)
    build(project)
    write(project, *edit)
    build(project)
    assert differing(project / "site", clean_build(project)) == []


# ---------------------------------------------------------------------------
# A template saved while a build runs
# ---------------------------------------------------------------------------


def test_a_template_saved_while_the_pages_render_is_not_taken_for_the_one_they_were_rendered_with(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview's build compiles the templates early; an editor saving
    page.html after that but before the fingerprints read it gave the pages
    the new template's fingerprint and the old template's text. The next
    build (the watcher saw the save) then kept them: the preview showed the
    old template for good. A fingerprint must digest the very text compiled."""
    project = make_project(PAGES | page_template("old footer"))
    state = new_state(project)
    build(project, BuildOptions(), state)

    import generator.render.site

    render_site = generator.render.site.render_site

    def saving_meanwhile(*args: Any, **kwargs: Any) -> Any:
        write(project, "themes/default/templates/page.html", '{% extends "default:page.html" %}{% block footer %}new footer{% endblock %}')
        return render_site(*args, **kwargs)

    write(project, *SUMMARY_EDIT)  # a change, so that the build renders
    state.changed |= {str(project / SUMMARY_EDIT[0])}
    with monkeypatch.context() as patch:
        patch.setattr(generator.render.site, "render_site", saving_meanwhile)
        build(project, BuildOptions(), state)
    state.changed |= {str(project / "themes/default/templates/page.html")}
    build(project, BuildOptions(), state)  # the watcher's build after the save
    assert "new footer" in (project / "site" / "index.html").read_text(encoding="utf-8")
    assert differing(project / "site", clean_build(project)) == []


# ---------------------------------------------------------------------------
# A set in the front matter, from one process to the next
# ---------------------------------------------------------------------------

TAGS = "alpha, beta, gamma, delta, epsilon, zeta, eta, theta"
SET_PAGES = PAGES | {"content/index.md": f"---\ntitle: Home\norder: 1\ntags: !!set {{{TAGS}}}\n---\n\nWelcome.\n"}


def mentorkit(seed: int, *args: str | Path) -> None:
    """`python -m generator ARGS` in a process of its own, with this hash seed
    (1 and 2 order the tags above differently)."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONHASHSEED": str(seed)},
    )
    assert result.returncode == 0, result.stderr


def test_a_set_in_the_front_matter_gives_the_same_site_in_every_process(make_project: MakeProject) -> None:
    """A template looping over a YAML set (`!!set`) wrote its items in the
    order of that process's string hashes: two clean builds differed."""
    project = make_project(SET_PAGES | page_template("{% for tag in page.meta.get('tags', []) %}{{ tag }} {% endfor %}"))
    mentorkit(1, "build", project, "--output", project.parent / "one", "--no-cache")
    mentorkit(2, "build", project, "--output", project.parent / "two", "--no-cache")
    assert differing(project.parent / "one", project.parent / "two") == []


def test_a_set_in_the_front_matter_does_not_make_its_page_render_at_every_build(make_project: MakeProject) -> None:
    """A page's fingerprint is taken from its repr; a set's repr changes from
    one process to the next, so the page (and every page whose context holds
    it) was made again by every build. A performance bug, not a wrong site."""
    project = make_project(SET_PAGES)
    site = project / "site"
    mentorkit(1, "build", project)
    made = {name: (site / name).stat().st_mtime_ns for name in ("index.html", "a.html")}
    write(project, *SUMMARY_EDIT)
    mentorkit(2, "build", project)
    assert {name: (site / name).stat().st_mtime_ns for name in made} == made, "index.html and a.html were made again"


# ---------------------------------------------------------------------------
# The day on the handbook PDF's cover
# ---------------------------------------------------------------------------


def on_day(monkeypatch: pytest.MonkeyPatch, day: datetime.date) -> None:
    """Make `datetime.date.today()` give `day` where the build asks for it."""

    class Date(datetime.date):
        @classmethod
        def today(cls) -> datetime.date:
            return day

    clock = types.SimpleNamespace(**{name: getattr(datetime, name) for name in dir(datetime) if not name.startswith("_")})
    clock.date = Date
    import generator.build
    import generator.render.pdf

    monkeypatch.setattr(generator.build, "datetime", clock)
    monkeypatch.setattr(generator.render.pdf, "datetime", clock)


@pytest.mark.pdf
def test_the_handbook_pdf_made_yesterday_is_not_kept_today(make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without SOURCE_DATE_EPOCH the handbook PDF's cover shows the day it
    was built. A build the next day with nothing else changed stopped at
    'nothing changed' and kept yesterday's PDF, which a clean build does not."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = make_project({"content/index.md": "---\ntitle: Home\n---\n\nWelcome.\n", "mentorkit.yaml": "title: T\npdf: true\n"})
    on_day(monkeypatch, datetime.date(2027, 3, 1))
    build(project)
    on_day(monkeypatch, datetime.date(2027, 3, 2))
    build(project)
    assert differing(project / "site", clean_build(project)) == []


# ---------------------------------------------------------------------------
# The two helpers the fixes above rest on
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "reaches"),
    [
        ("{{ self._TemplateReference__context }}", True),
        ("{% set me = self %}{{ me }}", True),
        ('{{ self["footer"]() }}', True),
        ('{{ self | attr("_TemplateReference__context") }}', True),
        ('{{ [page] | map(attribute="url._x") | list }}', True),
        ("{{ page | attr(name) }}", True),
        ("{{ html.__closure__ }}", True),
        ("{% block footer %}{% endblock %}{{ self.footer() }}", False),
        ('{{ page | attr("title") }}{{ page.meta["audience"] }}', False),
        ('<link href="{{ root }}theme/style.css">{{ url("theme/x.css") }}{{ names | join("_") }}', False),
    ],
)
def test_which_templates_reach_the_whole_context(source: str, reaches: bool) -> None:
    import jinja2

    from generator.incremental.fingerprints import reaches_whole_context

    assert reaches_whole_context(jinja2.Environment().parse(source)) is reaches


def test_a_yaml_set_in_the_front_matter_becomes_a_sorted_tuple() -> None:
    from generator.parse.page import in_order

    front = {"tags": {"b", "a"}, "nested": [{"s": {3, 1, 2}}], "mixed": {1, "one", None}, "title": "T"}
    assert in_order(front) == {"tags": ("a", "b"), "nested": [{"s": (1, 2, 3)}], "mixed": (None, 1, "one"), "title": "T"}
