"""Raw HTML's links and pictures are read as Markdown's: `<a href="roles.md">`
leads to the page, and one that leads nowhere is told at its line; a
Markdown link may lead to an id raw HTML gives. Each case runs the command
line and checks the built HTML, the messages and the exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

GUIDE = """\
---
title: Guide
---
<p>Read <a href="roles.md#the-mentor">the roles</a> and
<img src="img/map.png" alt="Map" width="200">.</p>

<div id="ask-early">Ask early.</div>

Back to [asking](#ask-early) and <a
   href="gone.md">a page that is gone</a>, <a href='roles.md#nobody'>nobody</a>
and <a href="../../../etc/passwd">far away</a>.

<!-- <a href="commented.md">kept</a> -->
<script>const x = '<a href="in-script.md">';</script>
<a href="https://example.org/x.md">away</a> <a href="mailto:c@example.org">mail</a>
<div data-src="lazy.md">lazy</div> <a href="?week=2">query</a>
"""

ROLES = '---\ntitle: Roles\n---\n## The mentor\n\nSee the <a href="guide.md#ask-early">guide</a>.\n'


def project(root: Path, guide: str = GUIDE) -> Path:
    (root / "content" / "img").mkdir(parents=True)
    (root / "content" / "index.md").write_text("# Home\n")
    (root / "content" / "guide.md").write_text(guide)
    (root / "content" / "roles.md").write_text(ROLES)
    (root / "content" / "img" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return root


def mentorkit(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", str(root), "-q", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def test_raw_html_links_lead_to_pages_and_broken_ones_are_told_at_their_line(tmp_path: Path) -> None:
    root = project(tmp_path)
    done = mentorkit(root)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        "content/guide.md:10: warning: page 'gone.md' not found (looked for content/gone.md)",
        "  did you mean 'roles.md'?",
        "content/guide.md:10: warning: there is no heading '#nobody' on 'content/roles.md'",
        "  the headings there have the ids: the-mentor",
        "content/guide.md:11: warning: '../../../etc/passwd' points outside the content folder",
        "  link only to files under content/",
    ]
    page = (root / "site" / "guide.html").read_text()
    assert '<a href="roles.html#the-mentor">the roles</a>' in page
    assert '<img src="img/map.png" alt="Map" width="200">' in page
    assert '<a href="#ask-early">asking</a>' in page
    # Left as written: comments, scripts, other hosts and schemes, attributes that are not addresses.
    for kept in (
        '<!-- <a href="commented.md">kept</a> -->',
        "const x = '<a href=\"in-script.md\">';",
        '<a href="https://example.org/x.md">away</a>',
        '<a href="mailto:c@example.org">mail</a>',
        '<div data-src="lazy.md">lazy</div>',
        '<a href="?week=2">query</a>',
    ):
        assert kept in page
    roles = (root / "site" / "roles.html").read_text()
    assert '<a href="guide.html#ask-early">guide</a>' in roles, "a raw id is an anchor another page may link to"


def test_strict_fails_on_a_broken_raw_link_with_every_problem_and_no_traceback(tmp_path: Path) -> None:
    root = project(tmp_path)
    done = mentorkit(root, "--strict")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    told = [line for line in done.stderr.splitlines() if line.startswith("content/")]
    assert [line.split(": ", 2)[0] for line in told] == ["content/guide.md:10", "content/guide.md:10", "content/guide.md:11"]


def test_raw_html_links_in_print_pages_lead_to_chapters(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert mentorkit(root).returncode == 0
    whole = (root / "site" / "print.html").read_text()
    assert '<a href="#roles--the-mentor" data-xref data-see="see “Roles”">the roles</a>' in whole
    assert '<a href="#guide--ask-early" data-xref data-see="see “Guide”">guide</a>' in whole
    assert '<img src="img/map.png" alt="Map" width="200">' in whole


def test_a_page_linked_only_from_raw_html_lists_the_linking_page_among_its_backlinks(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert mentorkit(root).returncode == 0
    roles = (root / "site" / "roles.html").read_text()
    start = roles.find('<section class="backlinks"')
    assert start >= 0, "roles.md is linked to from guide.md's raw HTML alone"
    assert 'href="guide.html"' in roles[start : roles.index("</section>", start)]


ODD = """\
---
title: Guide
---
<p><a title="see href=" href="roles.md">titled</a> <img alt="a src=" src="img/map.png">
<a href="roles.md" href="gone.md">twice</a> <a href="
   roles.md#the-mentor ">spaced</a> <a href="java&#x09;script:void(0)">tabbed</a>
<span ID="first" id="second">ids</span></p>
<p id="ask-early">Ask early.</p>

[first](#first) and [second](#second)
"""


def test_attributes_are_read_as_a_browser_reads_them(tmp_path: Path) -> None:
    """Text inside another attribute's value is no address; of an attribute
    given twice, the first counts; white space around an address, and tabs
    and line breaks inside it, are no part of it."""
    root = project(tmp_path, ODD)
    done = mentorkit(root)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        "content/guide.md:10: warning: there is no heading '#second' on this page",
        "  the headings and elements there have the ids: ask-early, first",
    ]
    page = (root / "site" / "guide.html").read_text()
    for made in (
        '<a title="see href=" href="roles.html">titled</a>',
        '<img alt="a src=" src="img/map.png">',
        '<a href="roles.html" href="gone.md">twice</a>',
        '<a href="roles.html#the-mentor">spaced</a>',
        '<a href="java&#x09;script:void(0)">tabbed</a>',  # a scheme: left as written
    ):
        assert made in page


TEXT_NOT_TAGS = """\
---
title: Guide
---
<div>
<!--> <a href="roles.md">after an empty comment</a>
<!-- a comment --!> <a href="roles.md#the-mentor">after a comment</a>
<![CDATA[ <a href="in-cdata.md">x</a> ]]>
<p id="ask-early">Ask early.</p>
</div>

A field: <textarea><a href="in-textarea.md"></textarea> then <a href="roles.md">after it</a>,
and <script>document.write('<img src="in-script.png">')</script>.
"""


def test_what_a_browser_reads_as_text_is_left_as_written_and_what_it_reads_as_tags_is_not(tmp_path: Path) -> None:
    root = project(tmp_path, TEXT_NOT_TAGS)
    done = mentorkit(root, "--strict")
    assert done.returncode == 0, done.stderr
    page = (root / "site" / "guide.html").read_text()
    for made in (
        '<!--> <a href="roles.html">after an empty comment</a>',
        '<!-- a comment --!> <a href="roles.html#the-mentor">after a comment</a>',
        '<![CDATA[ <a href="in-cdata.md">x</a> ]]>',
        '<textarea><a href="in-textarea.md"></textarea> then <a href="roles.html">after it</a>',
        'src="in-script.png"',
    ):
        assert made in page


FORGED = """\
---
title: Guide
---
<p id="ask-early">A page about the generator may write mentorkit-ref:7, or <a href="mentorkit-ref:0">link to it</a>,
beside <a href="roles.md">a real link</a>.</p>

Or in Markdown: mentorkit-ref:9, `mentorkit-ref:1`, mentorkit&#45;ref&#58;2,
[x](mentorkit-ref:0) and [the roles](roles.md).
"""


def test_a_page_that_writes_the_link_placeholder_itself_keeps_what_it_wrote(tmp_path: Path) -> None:
    """'mentorkit-ref:N' is how a parsed page marks where link N goes: written
    by the page itself, it was taken for one (a traceback, or another link's address)."""
    root = project(tmp_path, FORGED)
    done = mentorkit(root, "--strict")
    assert done.returncode == 0, done.stderr
    page = (root / "site" / "guide.html").read_text()
    for made in (
        'may write mentorkit-ref&#58;7, or <a href="mentorkit-ref&#58;0">link to it</a>,\nbeside <a href="roles.html">a real link</a>',
        "Or in Markdown: mentorkit-ref&#58;9, <code>mentorkit-ref&#58;1</code>, mentorkit-ref&#58;2,",
        '<a href="mentorkit-ref&#58;0">x</a> and <a href="roles.html">the roles</a>.',
    ):
        assert made in page


def test_an_id_in_a_form_s_texts_or_its_translation_is_an_anchor(tmp_path: Path) -> None:
    """Raw HTML in a field's help, a section's text or a translation's gives ids that links may lead to."""
    root = tmp_path / "project"
    form = (
        "---\ntitle: {title}\ntype: form\nfields:\n"
        "  - id: goal\n    label: {label}\n"
        '    help: Write <span id="{id}">one goal</span>.\n'
        "---\nText.\n"
    )
    (root / "content" / "en").mkdir(parents=True)
    (root / "content" / "fr").mkdir(parents=True)
    (root / "mentorkit.yaml").write_text("title: H\nlanguage: en\nlanguages:\n  en:\n  fr:\n")
    (root / "content" / "en" / "index.md").write_text("# Home\n\nSee [the tip](goals.md#one-goal) and [none](goals.md#nothing).\n")
    (root / "content" / "fr" / "index.md").write_text("# Accueil\n\nVoir [le conseil](goals.md#un-objectif).\n")
    (root / "content" / "en" / "goals.md").write_text(form.format(title="Goals", label="Goal", id="one-goal"))
    (root / "content" / "fr" / "goals.md").write_text(
        "---\ntitle: Objectifs\ntype: form\nfields:\n  goal:\n    label: Objectif\n"
        '    help: Écrivez <span id="un-objectif">un objectif</span>.\n---\nTexte.\n'
    )
    done = mentorkit(root)
    assert done.returncode == 0, done.stderr
    told = [line for line in done.stderr.splitlines() if line.startswith("content/")]
    assert told == ["content/en/index.md:3: warning: there is no heading '#nothing' on 'content/en/goals.md'"]


def test_an_id_given_twice_on_a_page_is_told_at_the_second(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "content" / "index.md").write_text(
        '---\ntitle: Home\n---\n\n## Intro\n\nText.\n\n<span id="intro">x</span>\n\n<p id=box>a</p>\n\n<div\n  id="box">b</div>\n'
    )
    done = mentorkit(root)
    assert done.returncode == 0
    assert done.stderr.splitlines() == [
        "content/index.md:9: warning: the id 'intro' is given twice on this page (also by the heading 'Intro'): links to '#intro' lead to the first",
        "  give the element an id of its own",
        "content/index.md:14: warning: the id 'box' is given twice on this page (also on line 11): links to '#box' lead to the first",
        "  give the element an id of its own",
    ]
    assert mentorkit(root, "--strict").returncode == 1


def test_a_missing_anchor_s_hint_names_raw_html_s_ids_as_elements(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "content" / "index.md").write_text("# Home\n\n[x](guide.md#zzz)\n")
    (root / "content" / "guide.md").write_text('# Guide\n\n## Step\n\n<div id="box">b</div>\n')
    assert mentorkit(root).stderr.splitlines() == [
        "content/index.md:3: warning: there is no heading '#zzz' on 'content/guide.md'",
        "  the headings and elements there have the ids: box, step",
    ]


def test_an_id_given_twice_is_told_at_the_line_of_the_element_not_of_a_look_alike(tmp_path: Path) -> None:
    """`data-id="box"`, a code span's `id="box"` and `ID="box"` are read as what they are: the lines told are the elements'."""
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "content" / "index.md").write_text(
        '---\ntitle: Home\n---\n\n<div data-id="box">x</div> `id="box"`\n\n<span ID="box">s</span>\n\n<p id="box">again</p>\n'
    )
    assert mentorkit(root).stderr.splitlines() == [
        "content/index.md:9: warning: the id 'box' is given twice on this page (also on line 7): links to '#box' lead to the first",
        "  give the element an id of its own",
    ]


def test_an_id_given_twice_in_a_form_s_texts_is_told_at_its_line(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "content" / "index.md").write_text("# Home\n")
    (root / "content" / "goals.md").write_text(
        "---\ntitle: Goals\ntype: form\nfields:\n"
        '  - id: goal\n    label: Goal\n    help: Write <span id="tip">one</span>.\n'
        '  - id: other\n    label: Other\n    help: And <span id="tip">two</span>.\n'
        "---\nText.\n"
    )
    assert mentorkit(root).stderr.splitlines() == [
        "content/goals.md:10: warning: the id 'tip' is given twice on this page (also on line 7): links to '#tip' lead to the first",
        "  give the element an id of its own",
    ]
