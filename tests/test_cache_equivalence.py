"""A cached build equals a clean build, byte for byte (README, "The build
cache"; issue 19, item 1: correct by construction).

The project theme below prints everything a template can reach from its
documented context (`PageContext` and the contexts of the 404 and
language pages): every page's fields, headings, forms, programmes, the
navigation, translations, config and the theme's words. After each edit of
a long series, a build with the cache (kept across the series) must write
exactly the files a clean build writes, with exactly the same bytes.

Everything runs through the command line (`python -m generator build`), in
a process of its own, so nothing a build keeps in memory can reach the next
one; the tests take from the package only the names of the context's entries
and of its dataclasses' fields, to write the theme.
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import os
import shutil
import subprocess
import sys
import textwrap
import typing
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------
# The theme that prints everything
# ---------------------------------------------------------------------------

# The dump prints every entry of the template's context that a template can
# read, except functions and classes (`url`, `html`, Jinja's own): `url` is
# called for every page. Templates run in Jinja's sandbox, so they cannot
# list their context or a value's fields: they read what they name. So the
# dump names every entry the contexts offer (`PageContext` and the 404 and
# language pages' `sites`; test_two_clean_builds_are_identical checks that
# the documented names are all printed), and tells each dataclass a context
# can reach by the fields it has (`kind_of`, written from the dataclasses'
# own fields: the only thing taken from the package, to write the theme).
#
# A page is a frozen dataclass whose repr holds every field (body, headings,
# refs, targets, meta, form, programme, ...). Printing the whole site on
# every page is what the test needs, but the repr of `site` holds each page
# several times (pages, by_url, backlinks, forms, form_uses: 4.5 MB a page
# for the example handbook). So every known page (the site's, and those of
# other languages that its backlinks and form uses hold) is printed whole
# once, and wherever else a page (anything with a `url` and `headings`)
# turns up, it is printed as `<page URL>` when it equals (==, every field)
# the known page of that URL, and whole otherwise. Mappings, sequences and
# dataclasses are walked (a dataclass field by field, skipping those with
# repr=False, as repr does), but for a few classes that hold no pages and
# are printed by their repr to keep the dump quick; anything else is
# printed by its repr.


def _records() -> dict[str, tuple[str, ...]]:
    """Every dataclass a context's entries can lead to, by name: its fields shown in its repr."""
    from generator.render.context import PageContext

    found: dict[str, tuple[str, ...]] = {}
    queue: list[object] = list(typing.get_type_hints(PageContext).values())
    while queue:
        hint = queue.pop()
        queue.extend(typing.get_args(hint))
        if isinstance(hint, type) and dataclasses.is_dataclass(hint) and hint.__qualname__ not in found:
            found[hint.__qualname__] = tuple(f.name for f in dataclasses.fields(hint) if f.repr)
            queue.extend(typing.get_type_hints(hint).values())
    return found


def _kind_of(records: dict[str, tuple[str, ...]]) -> str:
    """A macro printing which of `records` a value is ('' for none): told by a
    field no other record has, or else by all its fields (most fields first)."""
    assert len({frozenset(fields) for fields in records.values()}) == len(records), "two records with the same fields"
    tests = []
    for name, fields in sorted(records.items(), key=lambda item: -len(item[1])):
        own = [f for f in fields if not any(f in other for key, other in records.items() if key != name)]
        tests.append((name, " and ".join(f"value.{f} is defined" for f in (own[:1] or fields))))
    branches = "".join(f"{{%- elif {test} -%}}{name}\n" for name, test in tests)
    return (
        "{% macro kind_of(value) -%}\n{%- if value is string or value is number or value is none -%}\n"
        + branches
        + "{%- endif -%}{%- endmacro %}\n"
    )


def _walk_records(records: dict[str, tuple[str, ...]]) -> str:
    """The branches of `walk` that print a record field by field."""
    return "".join(
        f"{{%- elif kind == {name!r} -%}}\n{name}( "
        + "".join(f"{field}={{{{ walk(value.{field}, known) }}}}, " for field in fields)
        + ")\n"
        for name, fields in records.items()
        if name not in SHOWN_WHOLE
    )


SHOWN_WHOLE = ("NavItem", "Translation", "Language", "Heading", "Words", "Config")
"""Records printed by their repr: they hold no pages."""
RECORDS = _records()
ENTRIES = sorted({*typing.get_type_hints(__import__("generator.render.context", fromlist=["PageContext"]).PageContext), "sites"})
"""Every context entry: a page's, and the language page's `sites`."""

DUMP = (
    """\
{#- Everything the template context offers. See tests/test_cache_equivalence.py. -#}
"""
    + _kind_of(RECORDS)
    + """\
{% macro whole_page(p) -%}
{{ p }}{% for name in ("local_rel", "template") if p[name] is defined %} {{ name }}={{ p[name] }}{% endfor %}
{%- if p.anchors is defined %} anchors={{ p.anchors | sort }}{% endif %}
{%- if p.programme is defined and p.programme and p.programme.end is defined %} end={{ p.programme.end }}{% endif %}
{%- endmacro %}
{% macro walk(value, known) -%}
{%- if value is string -%}{{ value | forceescape }}
{%- elif value.url is defined and value.headings is defined -%}
{%- if value.url in known[1] and known[0][known[1].index(value.url)] == value -%}&lt;page {{ value.url }}&gt;{%- else -%}{{ whole_page(value) }}{%- endif -%}
{%- elif value is mapping -%}{ {% for key, item in value.items() %}{{ key }}: {{ walk(item, known) }}, {% endfor %}}
{%- elif value is iterable and value is not sequence -%}set{{ walk(value | sort, known) }}
{%- elif value is iterable -%}[ {% for item in value %}{{ walk(item, known) }}, {% endfor %}]
{%- else -%}
{%- set kind = kind_of(value) | string -%}
{%- if not kind or kind in SHOWN_WHOLE -%}{{ value }}
"""
    + _walk_records(RECORDS)
    + """\
{%- endif -%}
{%- endif -%}
{%- endmacro %}
{% macro known_pages(sites) -%}
{%- set ns = namespace(pages=[], urls=[]) -%}
{%- for one in sites -%}
{%- for p in one.pages -%}{%- set ns.pages = ns.pages + [p] -%}{%- set ns.urls = ns.urls + [p.url] -%}{%- endfor -%}
{%- endfor -%}
{%- for one in sites -%}
{%- for lists in (one.backlinks.values() | list) + (one.form_uses.values() | list) -%}
{%- for item in lists -%}
{%- set other = item.programme if item.parts is defined else item -%}
{%- if other.url not in ns.urls -%}{%- set ns.pages = ns.pages + [other] -%}{%- set ns.urls = ns.urls + [other.url] -%}{%- endif -%}
{%- endfor -%}
{%- endfor -%}
{%- endfor -%}
{{ caller((ns.pages, ns.urls)) }}
{%- endmacro %}
{% macro entry(name, value, known) -%}
{% if value is callable and not kind_of(value) | string %}
{{ name }}: a function
{% else %}
{{ name }}={{ walk(value, known) }}
{% endif %}
{%- endmacro %}
<pre class="dump">
{% call(known) known_pages(sites if sites is defined else [site]) %}
{% for p in known[0] %}
known page {{ loop.index0 }}: {{ whole_page(p) }}
{% endfor %}
"""
    + "".join(f"{{% if {name} is defined %}}{{{{ entry({name!r}, {name}, known) }}}}{{% endif %}}\n" for name in ENTRIES)
    + """\
{% if url is defined %}url()={% for p in known[0] %}{{ url(p.url) }} {% endfor %}{% endif %}

{% endcall %}
the issue's reproductions:
{% if forms is defined %}{% for f in forms %}{{ f.form.use }}
{% endfor %}{% endif %}
{% if backlinks is defined %}{% for p in backlinks %}{{ p.summary }}
{% endfor %}{% endif %}
{% for p in site.pages %}{{ p.headings }}
{% endfor %}
</pre>
"""
).replace("SHOWN_WHOLE", repr(SHOWN_WHOLE))

# Each template extends the built-in copy it replaces. page.html carries the
# dump in the footer block (form.html, forms.html and programme.html extend
# it through the built-in copies); the templates that do not extend
# page.html carry it themselves; the others add what is their own.
FOOTER_DUMP = (
    '{{% extends "default:{name}" %}}\n{{% block footer %}}{{{{ super() }}}}{{% include "partials/dump.html" %}}{{% endblock %}}\n'
)
THEME: dict[str, str] = {
    "partials/dump.html": DUMP,
    "page.html": FOOTER_DUMP.format(name="page.html"),
    "404.html": FOOTER_DUMP.format(name="404.html"),
    "languages.html": FOOTER_DUMP.format(name="languages.html"),
    "programme-glance.html": FOOTER_DUMP.format(name="programme-glance.html"),
    "form.html": """\
{% extends "default:form.html" %}
{% block after_content %}{{ super() }}
<pre class="dump-form">
{{ page.form }}
{% for field in page.form.answered %}{{ field.id }} {{ html(field.help_html) | forceescape }} {{ html(field.text_html) | forceescape }}
{% endfor %}
{% for use in used_in %}{{ use.programme.title }} {{ use.programme.summary }} {{ use.parts }}
{% endfor %}
</pre>
{% endblock %}
""",
    "forms.html": """\
{% extends "default:forms.html" %}
{% block after_content %}{{ super() }}
<pre class="dump-forms">
{% for f in forms %}{{ f.url }} {{ f.title }} {{ f.summary }} {{ f.form.use }} {{ f.form.roles }} {{ f.form }}
{% endfor %}
</pre>
{% endblock %}
""",
    "programme.html": """\
{% extends "default:programme.html" %}
{% block after_content %}{{ super() }}
<pre class="dump-programme">
{{ page.programme }} end={{ page.programme.end }}
{% for meeting in page.programme.meetings %}{{ meeting.number }} {{ meeting.date | date if meeting.date else meeting.week }} {% for ref in meeting.forms %}{{ ref.title }} {% endfor %}
{% endfor %}
</pre>
{% endblock %}
""",
}

# ---------------------------------------------------------------------------
# Building and comparing, through the command line
# ---------------------------------------------------------------------------

# Files a build writes that may differ between two folders without the
# site differing; none so far (the manifest lists file names only).
IGNORED: frozenset[str] = frozenset()


def mentorkit(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONHASHSEED": "random"},
    )


def build(project: Path, output: Path, *options: str, what: str = "") -> None:
    result = mentorkit("build", project, "--output", output, *options)
    assert result.returncode == 0, f"{what}: `build {' '.join(options)}` failed (exit {result.returncode}):\n{result.stderr}"


def builds_at_once(project: Path, runs: list[tuple[Path, tuple[str, ...]]], what: str = "") -> None:
    """Builds of `project` into different folders (each run: output, options),
    each in a process of its own, all at once: a build leaves a core idle
    for part of its time, and the series below makes a hundred of them."""
    started = [
        (
            options,
            subprocess.Popen(
                [sys.executable, "-m", "generator", "build", str(project), "--output", str(output), *options],
                cwd=REPO,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                env={**os.environ, "PYTHONHASHSEED": "random"},
            ),
        )
        for output, options in runs
    ]
    for options, process in started:
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, f"{what}: `build {' '.join(options)}` failed (exit {process.returncode}):\n{stderr}"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).as_posix() not in IGNORED
    }


def excerpt(old: bytes, new: bytes, width: int = 160) -> str:
    """A few lines of unified diff around the first difference; the dump's
    lines are long, so each line is cut to `width` characters around it."""
    a, b = old.decode("utf-8", "replace"), new.decode("utf-8", "replace")
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    line_start = max(a.rfind("\n", 0, at), b.rfind("\n", 0, at)) + 1
    column = at - line_start
    left = max(0, column - width // 2)

    def cut(line: str) -> str:
        return ("..." if left else "") + line[left : left + width] + ("..." if len(line) > left + width else "")

    lines_a, lines_b = a.splitlines(), b.splitlines()
    diff = difflib.unified_diff(lines_a, lines_b, "clean", "cached", n=1, lineterm="")
    shown = [line if line.startswith(("---", "+++", "@@")) else line[0] + cut(line[1:]) for line in itertools.islice(diff, 12)]
    return "\n".join(shown)


def differences(clean: Path, cached: Path) -> tuple[str, str]:
    """("", "") when the two output folders hold the same files with the same
    bytes; otherwise which files differ, in one line, and an excerpt of the first."""
    want, got = tree(clean), tree(cached)

    def names(found: list[str]) -> str:
        return f"({len(found)}): {', '.join(found[:6])}{' ...' if len(found) > 6 else ''}"

    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    changed = sorted(name for name in set(want) & set(got) if want[name] != got[name])
    summary = "; ".join(
        f"{label} {names(found)}"
        for label, found in (
            ("missing from the cached build", missing),
            ("only in the cached build", extra),
            ("files that differ", changed),
        )
        if found
    )
    detail = f"{changed[0]}:\n{excerpt(want[changed[0]], got[changed[0]])}" if changed else ""
    return summary, detail


def assert_same(clean: Path, cached: Path, what: str) -> None:
    summary, detail = differences(clean, cached)
    assert not summary, f"{what}: the two sites differ: {summary}\n{detail}"


def write_theme(project: Path) -> None:
    for name, text in THEME.items():
        path = project / "themes" / "default" / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    """The example handbook (English and French) with the printing theme."""
    project = tmp_path / "handbook"
    project.mkdir()
    shutil.copytree(REPO / "content", project / "content")
    shutil.copy(REPO / "mentorkit.yaml", project / "mentorkit.yaml")
    write_theme(project)
    return project


def test_two_clean_builds_are_identical(handbook: Path, tmp_path: Path) -> None:
    """The dump holds no addresses or anything else that changes from one
    process to the next: what the other tests compare is the site."""
    build(handbook, tmp_path / "one", "--no-cache", what="first clean build")
    build(handbook, tmp_path / "two", "--no-cache", what="second clean build")
    assert_same(tmp_path / "one", tmp_path / "two", "two clean builds")
    documented = (
        "page content nav nav_html section trail toc previous next backlinks used_in forms translations config site t"
        " glance calendar pdf pdf_url handbook_pdf home_url search_index root generator"
    )
    for name, shown in (
        ("en/guide/index.html", [f"\n{key}=" for key in documented.split()] + ["\nurl: a function", "\nhtml: a function"]),
        ("en/programmes/cohort-at-a-glance.html", ["\npage=", "\nsite=Site(", "\ntranslations="]),
        ("404.html", ["\nsite=Site(", "\nnav=", "\nt=Words("]),
        ("index.html", ["\nsites=[ Site(", "\nsite=Site(", "\nt=Words("]),
    ):
        page = (tmp_path / "one" / name).read_text(encoding="utf-8")
        assert [text for text in shown if text not in page] == [], f"{name} does not print all of its context"
        assert "known page 0: Page(" in page and "url=&#39;fr/index.html&#39;" in page, f"{name}: both languages' pages"
        assert " at 0x" not in page
        assert "\nsite=Site( config=Config(" in page, "the site is walked field by field"


# ---------------------------------------------------------------------------
# The series of edits
# ---------------------------------------------------------------------------


def replace(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a file: `old` must be there, so an edit never silently does nothing."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + textwrap.dedent(text), encoding="utf-8")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def rename_page(content: Path, old: str, new: str) -> None:
    """Rename a page (content-relative, inside one language) and the links to it."""
    language, _, old_rel = old.partition("/")
    new_rel = new.partition("/")[2]
    (content / old).rename(content / new)
    old_name, new_name = old_rel.rsplit("/", 1)[-1], new_rel.rsplit("/", 1)[-1]
    for page in (content / language).rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if old_name in text:
            page.write_text(text.replace(f"({old_name}", f"({new_name}").replace(f"/{old_name}", f"/{new_name}"), encoding="utf-8")


Edit = tuple[str, Callable[[Path], None]]

# A navigation in the config, in each language's folder; not every page is in it.
NAV = """\
nav:
  - index.md
  - roles.md
  - Principles:
      - guide/index.md
      - guide/clear-expectations.md
  - confidentiality.md
  - forms/index.md
  - programmes/index.md
"""
NAV_REORDERED = NAV.replace("  - roles.md\n", "").replace("  - confidentiality.md\n", "  - confidentiality.md\n  - roles.md\n")


def edits() -> list[Edit]:
    """The series, in order; each gets the project folder."""

    def c(project: Path) -> Path:
        return project / "content"

    def templates(project: Path) -> Path:
        return project / "themes" / "default" / "templates"

    def nothing(project: Path) -> None:
        pass

    series: list[Edit] = [
        ("nothing changed", nothing),
        # Pages: body, front matter, headings, links.
        (
            "a page's body text",
            lambda p: replace(
                c(p) / "en/guide/clear-expectations.md", "\n## ", "\nA new paragraph before the first heading, about agreeing early.\n\n## "
            ),
        ),
        (
            "a page's summary (front matter)",
            lambda p: replace(c(p) / "en/guide/realistic-goals.md", "summary: Turn broad ambitions", "summary: Make broad ambitions"),
        ),
        ("a page's order (front matter)", lambda p: replace(c(p) / "en/guide/sharing-experience.md", "order: 4", "order: 9")),
        (
            "a page's title (front matter)",
            lambda p: replace(c(p) / "en/guide/safety-and-trust.md", "title: Make it safe and trusting", "title: Build safety and trust"),
        ),
        (
            "an unknown front matter key (page.meta)",
            lambda p: replace(c(p) / "en/confidentiality.md", "order: 3\n", "order: 3\naudience: everyone taking part\n"),
        ),
        ("a heading added", lambda p: append(c(p) / "en/guide/open-communication.md", "\n## When words fail\n\nTry writing it down.\n")),
        ("a heading renamed", lambda p: replace(c(p) / "en/guide/safety-and-trust.md", "## Warning signs", "## Signs to watch for")),
        (
            "a heading below the table of contents' depth",
            lambda p: append(c(p) / "en/guide/open-communication.md", "\n#### A small point\n\nA detail.\n"),
        ),
        (
            "a link added to another page (its backlinks)",
            lambda p: append(c(p) / "en/confidentiality.md", "\nSee also [learning and growth](guide/learning-and-growth.md).\n"),
        ),
        (
            "a linking page's summary (shown by backlinks)",
            lambda p: replace(c(p) / "en/confidentiality.md", "summary: What stays between", "summary: What is kept between"),
        ),
        (
            "a slug (the output's name)",
            lambda p: replace(c(p) / "en/guide/learning-and-growth.md", "order: 7\n", "order: 7\nslug: growth\n"),
        ),
        # Forms.
        ("a form's use", lambda p: replace(c(p) / "en/forms/feedback.md", "\nuse: ", "\nuse: now and then, ")),
        ("a form's title", lambda p: replace(c(p) / "en/forms/closure.md", "title: Closure form", "title: Closing form")),
        ("a field's label", lambda p: replace(c(p) / "en/forms/goals.md", "label: Mentee's name", "label: Name of the mentee")),
        (
            "a field added",
            lambda p: replace(
                c(p) / "en/forms/meeting-log.md",
                "    label: Topics for next time\n    lines: 2\n",
                "    label: Topics for next time\n    lines: 2\n  - id: anything_else\n    type: textarea\n    label: Anything else\n    lines: 2\n",
            ),
        ),
        ("a form's version", lambda p: replace(c(p) / "en/forms/agreement.md", 'version: "1.0"', 'version: "1.1"')),
        (
            "a form added",
            lambda p: write(
                c(p) / "en/forms/check-in.md",
                """
                ---
                title: Quick check-in
                summary: Two questions to ask now and then.
                type: form
                order: 8
                for: [mentee]
                use: any time
                fields:
                  - id: mood
                    type: scale
                    label: How is it going?
                  - id: worry
                    type: textarea
                    label: Anything on your mind?
                ---

                Fill it in whenever you like.
                """,
            ),
        ),
        (
            "the new form's French translation",
            lambda p: write(
                c(p) / "fr/forms/check-in.md",
                """
                ---
                title: Point rapide
                type: form
                use: à tout moment
                fields:
                  mood: Comment ça va ?
                  worry: Quelque chose vous préoccupe ?
                ---

                Remplissez-la quand vous voulez.
                """,
            ),
        ),
        # Programmes.
        (
            "a programme's cadence",
            lambda p: replace(c(p) / "en/programmes/cohort.md", "cadence: weekly", "cadence: fortnightly"),
        ),
        (
            "a programme's phases",
            lambda p: (
                replace(c(p) / "en/programmes/cohort.md", "    weeks: 1-2\n", "    weeks: 1-3\n"),
                replace(c(p) / "en/programmes/cohort.md", "    weeks: 3-5\n", "    weeks: 4-5\n"),
                replace(c(p) / "en/programmes/cohort.md", "name: Community bonding", "name: Getting started"),
            ),
        ),
        ("a programme's start date", lambda p: replace(c(p) / "en/programmes/one-to-one.md", "start: 2027-01-11", "start: 2027-02-01")),
        (
            "a programme's milestone",
            lambda p: replace(c(p) / "en/programmes/one-to-one.md", "- name: Goals agreed", "- name: Goals written down"),
        ),
        # Translations.
        (
            "the French translation of a page",
            lambda p: append(c(p) / "fr/guide/clear-expectations.md", "\n## Une nouvelle section\n\nUn paragraphe de plus.\n"),
        ),
        (
            "the French title of a page",
            lambda p: replace(c(p) / "fr/roles.md", 'title: "Rôles', 'title: "Les rôles'),
        ),
        (
            "the French translation of a form",
            lambda p: replace(c(p) / "fr/forms/goals.md", "mentee_name: Nom du mentoré", "mentee_name: Nom de la personne mentorée"),
        ),
        (
            "the French use of a form",
            lambda p: replace(c(p) / "fr/forms/goals.md", "use: définition des objectifs", "use: fixer des objectifs"),
        ),
        # The config.
        ("the title", lambda p: replace(p / "mentorkit.yaml", "title: The Mentoring Handbook", "title: Our Mentoring Handbook")),
        (
            "the organisation",
            lambda p: replace(p / "mentorkit.yaml", "organisation: Riverside Mentoring Programme", "organisation: Riverside Mentors"),
        ),
        ("the French title", lambda p: replace(p / "mentorkit.yaml", "title: Le manuel du mentorat", "title: Notre manuel du mentorat")),
        ("a branding colour", lambda p: append(p / "mentorkit.yaml", 'branding:\n  primary: "#1a4d8f"\n  contact: Ask Sam, room 4\n')),
        ("markdown.toc_depth", lambda p: replace(p / "mentorkit.yaml", "toc_depth: 3", "toc_depth: 4")),
        ("the paper size", lambda p: replace(p / "mentorkit.yaml", "paper: a4", "paper: letter")),
        (
            "base_url (a sitemap)",
            lambda p: replace(p / "mentorkit.yaml", "# base_url: https://example.org/handbook/", "base_url: https://example.org/handbook/"),
        ),
        ("a nav in the config", lambda p: replace(p / "mentorkit.yaml", "# nav:\n", NAV)),
        ("the nav's order", lambda p: replace(p / "mentorkit.yaml", NAV, NAV_REORDERED)),
        ("the nav removed", lambda p: replace(p / "mentorkit.yaml", NAV_REORDERED, "# nav:\n")),
        # The theme.
        (
            "a template edited",
            lambda p: replace(
                templates(p) / "page.html",
                "{% block footer %}",
                '{% block before_content %}<p class="note">Ask your coordinator.</p>{% endblock %}\n{% block footer %}',
            ),
        ),
        (
            "a partial template edited",
            lambda p: replace(templates(p) / "partials/dump.html", "the issue's reproductions:", "the reproductions:"),
        ),
        ("a static file added", lambda p: write(p / "themes/default/static/extra.css", ".note { color: teal; }\n")),
        ("a static file edited", lambda p: write(p / "themes/default/static/style.css", "body { margin: 0; }\n")),
        ("a word overridden (i18n)", lambda p: write(p / "themes/default/i18n/en.yaml", "page:\n  home: Start here\n")),
        ("a French word overridden (i18n)", lambda p: write(p / "themes/default/i18n/fr.yaml", "page:\n  home: Départ\n")),
        ("a word override removed", lambda p: (p / "themes/default/i18n/en.yaml").unlink()),
        ("a static file removed", lambda p: (p / "themes/default/static/extra.css").unlink()),
        # Pages added, renamed, removed.
        (
            "a page added",
            lambda p: write(
                c(p) / "en/guide/peer-support.md",
                """
                ---
                title: Support from peers
                summary: Mentees learn from each other too.
                order: 10
                ---

                Pairs can meet other pairs; see [roles](../roles.md).

                ## How to start

                Ask your coordinator.
                """,
            ),
        ),
        (
            "a link to the new page",
            lambda p: append(c(p) / "en/roles.md", "\nSee [support from peers](guide/peer-support.md#how-to-start).\n"),
        ),
        (
            "the new page's French translation",
            lambda p: write(c(p) / "fr/guide/peer-support.md", "---\ntitle: Le soutien entre pairs\n---\n\nLes paires se rencontrent.\n"),
        ),
        ("the new page renamed", lambda p: rename_page(c(p), "en/guide/peer-support.md", "en/guide/supporting-peers.md")),
        ("a page renamed", lambda p: rename_page(c(p), "en/guide/long-term-commitment.md", "en/guide/commitment.md")),
        ("a translation removed", lambda p: (c(p) / "fr/roles.md").unlink()),
        (
            "a page removed",
            lambda p: (
                (c(p) / "en/guide/supporting-peers.md").unlink(),
                (c(p) / "fr/guide/peer-support.md").unlink(),
                replace(c(p) / "en/roles.md", "\nSee [support from peers](guide/supporting-peers.md#how-to-start).\n", "\n"),
            ),
        ),
        (
            "a form removed that no programme uses",
            lambda p: ((c(p) / "en/forms/check-in.md").unlink(), (c(p) / "fr/forms/check-in.md").unlink()),
        ),
        ("a page with links to it removed", lambda p: (c(p) / "en/guide/learning-and-growth.md").unlink()),
        ("nothing changed, at the end", nothing),
    ]
    return series


@pytest.mark.slow
def test_a_series_of_edits_keeps_the_cached_build_equal_to_a_clean_one(handbook: Path, tmp_path: Path) -> None:
    """After each edit, `build` (with the cache, kept across the series)
    writes what `build --no-cache` into a fresh folder writes, byte for byte.
    An edit after which they differ is recorded, and the cached site is then
    rebuilt with --clean, so that each edit is judged on its own; the test
    fails at the end, naming every such edit."""
    series = edits()
    assert len(series) >= 25
    site = handbook / "site"
    failures: list[tuple[str, str, str]] = []

    def compare(what: str) -> None:
        clean = tmp_path / "clean"
        builds_at_once(handbook, [(site, ()), (clean, ("--no-cache",))], what=what)
        summary, detail = differences(clean, site)
        if summary:
            failures.append((what, summary, detail))
            build(handbook, site, "--clean", what=f"{what}, then `build --clean`")
            assert_same(clean, site, f"{what}, then `build --clean`")
        shutil.rmtree(clean)

    compare("the first build")
    for step, (what, edit) in enumerate(series, start=1):
        edit(handbook)
        compare(f"edit {step}, {what}")
    if failures:
        first, _, detail = failures[0]
        failing = {what for what, _, _ in failures}
        passed = [f"edit {step}, {what}" for step, (what, _) in enumerate(series, start=1) if f"edit {step}, {what}" not in failing]
        pytest.fail(
            f"after {len(failures)} of {len(series)} edits the cached build differs from a clean build"
            " (each edit judged on its own: after a difference the cached site was rebuilt with --clean):\n"
            + "".join(f"  {what}: {summary}\n" for what, summary, _ in failures)
            + f"equal after: {', '.join(passed) or 'none'}\n"
            + f"the first, {first}, in detail: {detail}",
            pytrace=False,
        )


# ---------------------------------------------------------------------------
# The three reproductions, each on a small project
# ---------------------------------------------------------------------------


def page_template(block: str) -> str:
    return '{% extends "default:page.html" %}\n{% block after_content %}' + block + "{% endblock %}\n"


def assert_cached_equals_clean(project: Path, tmp_path: Path, edit: Callable[[], None]) -> None:
    """Build with the cache, edit, build with the cache again, build clean; compare."""
    build(project, project / "site", what="the first build")
    edit()
    build(project, project / "site", what="the build after the edit")
    build(project, tmp_path / "clean", "--no-cache", what="the clean build")
    assert_same(tmp_path / "clean", project / "site", "after the edit")


def test_forms_use_reaches_every_page(make_project: Callable[[dict[str, str | bytes]], Path], tmp_path: Path) -> None:
    """`{% for f in forms %}{{ f.form.use }}{% endfor %}` on every page: a form's `use:` changed."""
    form = """
        ---
        title: Check-in
        type: form
        use: first meeting
        fields:
          - label: Your name
        ---
        """
    project = make_project(
        {
            "mentorkit.yaml": "title: Handbook\n",
            "content/index.md": "# Home\n\nWelcome.\n",
            "content/forms/check-in.md": form,
            "themes/default/templates/page.html": page_template("<p>{% for f in forms %}{{ f.form.use }}{% endfor %}</p>"),
        }
    )
    assert_cached_equals_clean(
        project, tmp_path, lambda: replace(project / "content/forms/check-in.md", "use: first meeting", "use: every meeting")
    )


def test_backlinks_summary(make_project: Callable[[dict[str, str | bytes]], Path], tmp_path: Path) -> None:
    """`{% for p in backlinks %}{{ p.summary }}{% endfor %}`: the summary of a page linking here changed."""
    project = make_project(
        {
            "mentorkit.yaml": "title: Handbook\n",
            "content/index.md": "# Home\n\nWelcome.\n",
            "content/a.md": "---\ntitle: A\nsummary: The first summary.\n---\n\nSee [B](b.md).\n",
            "content/b.md": "---\ntitle: B\n---\n\nThe page linked to.\n",
            "themes/default/templates/page.html": page_template("<p>{% for p in backlinks %}{{ p.summary }}{% endfor %}</p>"),
        }
    )
    assert_cached_equals_clean(project, tmp_path, lambda: replace(project / "content/a.md", "The first summary.", "Another summary."))


def test_site_pages_headings(make_project: Callable[[dict[str, str | bytes]], Path], tmp_path: Path) -> None:
    """`{% for p in site.pages %}{{ p.headings }}{% endfor %}`: a heading added to another page."""
    project = make_project(
        {
            "mentorkit.yaml": "title: Handbook\n",
            "content/index.md": "# Home\n\nWelcome.\n",
            "content/b.md": "---\ntitle: B\n---\n\n## First\n\nText.\n",
            "themes/default/templates/page.html": page_template("<p>{% for p in site.pages %}{{ p.headings }}{% endfor %}</p>"),
        }
    )
    assert_cached_equals_clean(project, tmp_path, lambda: append(project / "content/b.md", "\n## Second\n\nMore text.\n"))
