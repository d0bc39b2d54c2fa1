"""Small projects built end to end through the command line."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from generator import __version__


def test_build_a_small_handbook(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(
        {
            "mentorkit.yaml": "title: Peer Mentoring\norganisation: Acme Trust\npaper: letter\nbase_url: https://example.org/h/\n",
            "content/index.md": """
                ---
                summary: Start here.
                programme_lead: Sam   # a key of the coordinator's own
                ---
                # Welcome

                Read [the roles](guide/roles.md#mentor) first. ![logo](img/logo.png)
                """,
            "content/guide/index.md": "---\ntitle: The guide\norder: 1\n---\nIntro.\n",
            "content/guide/roles.md": "---\ntitle: Roles <b>&</b> duties\n---\n## Mentor\n\n## Mentee\n\nBack [home](../index.md).\n",
            "content/img/logo.png": b"\x89PNG fake",
        }
    )
    result = cli("build", project)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    made = re.fullmatch(r"Built 3 pages into .*site/ in \d+\.\d\d s \((\d+) files made\)\.\n", result.stdout)
    site = project / "site"
    assert made is not None and int(made.group(1)) == sum(
        1 for f in site.rglob("*") if f.is_file() and f.name != ".mentorkit-manifest.json"
    )
    index = (site / "index.html").read_text()
    assert '<html lang="en">' in index
    assert "<title>Welcome · Peer Mentoring</title>" in index
    assert '<a href="guide/roles.html#mentor">the roles</a>' in index
    assert '<img src="img/logo.png" alt="logo" />' in index
    assert '<link rel="stylesheet" href="theme/style.css">' in index
    assert "@page { size: letter; }" in index
    roles = (site / "guide" / "roles.html").read_text()
    assert "<h1>Roles &lt;b&gt;&amp;&lt;/b&gt; duties</h1>" in roles, "titles are escaped"
    assert '<a href="../index.html">home</a>' in roles
    assert '<link rel="stylesheet" href="../theme/style.css">' in roles
    assert '<a href="#mentor">Mentor</a>' in roles, "table of contents"
    assert 'aria-current="page">Roles &lt;b&gt;&amp;&lt;/b&gt; duties</a>' in roles, "navigation marks the current page"
    assert '<a class="pager-previous" href="index.html" rel="prev">' in roles
    assert "Pages that link here" in roles and '<a href="../index.html">Welcome</a>' in roles
    assert (site / "img" / "logo.png").read_bytes() == b"\x89PNG fake"
    assert (site / "404.html").read_text().count('href="https://example.org/h/theme/style.css"') == 1
    assert "<loc>https://example.org/h/guide/roles.html</loc>" in (site / "sitemap.xml").read_text()
    assert (site / ".nojekyll").read_bytes() == b"", "GitHub Pages publishes the site without running Jekyll"
    hidden = [p for p in site.rglob("*") if p.name[0] in "_." and p.name not in (".nojekyll", ".mentorkit-manifest.json")]
    assert hidden == [], "no file or folder a static host leaves out"


def test_custom_front_matter_reaches_templates(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(
        {
            "content/index.md": "---\ntitle: Home\nauthor: Jo Bloggs\n---\nHi\n",
            "themes/default/templates/page.html": "{% extends 'default:page.html' %}{% block after_content %}<p class=author>{{ page.meta.author }}</p>{% endblock %}",
        }
    )
    assert cli("build", project).exit_code == 0
    assert "<p class=author>Jo Bloggs</p>" in (project / "site" / "index.html").read_text()


def test_warnings_do_not_stop_a_build_but_strict_does(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"content/index.md": "# Home\n\n[gone](gone.md)\n"})
    result = cli("build", project)
    assert result.exit_code == 0
    assert (
        result.stderr
        == "content/index.md:3: warning: page 'gone.md' not found (looked for content/gone.md)\n  check the file name and folder\n"
    )
    assert "1 warning" in result.stdout
    strict = cli("build", project, "--strict")
    assert strict.exit_code == 1
    assert strict.stderr.startswith("content/index.md:3: error: page 'gone.md' not found")


def test_output_option_and_rebuild(make_project, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"content/index.md": "# Home\n", "content/other.md": "# Other\n"})
    out = tmp_path / "public"
    assert cli("build", project, "--output", out).exit_code == 0
    (project / "content" / "other.md").unlink()
    assert cli("build", project, "-o", out).exit_code == 0
    assert not (out / "other.html").exists(), "pages removed from content/ leave the site"
    assert (out / "index.html").exists()


def test_html_off_escapes_raw_html(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"mentorkit.yaml": "markdown:\n  html: false\n", "content/index.md": "# Home\n\n<script>alert(1)</script>\n"})
    assert cli("build", project).exit_code == 0
    html = (project / "site" / "index.html").read_text()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_new_then_build(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "handbook"
    result = cli("new", target)
    assert result.exit_code == 0
    assert (target / "mentorkit.yaml").read_text().startswith("# mentorkit.yaml")
    assert (target / "content" / "guide" / "clear-expectations.md").is_file()
    assert cli("build", target, "--strict").exit_code == 0
    again = cli("new", target)
    assert again.exit_code == 1
    assert again.stderr.startswith(f"{target}: error: already exists and is not empty")


def test_version_and_help(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("--version").stdout == f"mentorkit, version {__version__}\n"
    for command in ([], ["build"], ["new"]):
        result = cli(*command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.stdout


def test_python_m_generator_works_the_same(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"content/index.md": "---\ntitle: [\n---\n"})
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(project)], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith("content/index.md:2: error: invalid YAML:")
    assert "Traceback" not in result.stderr
    version = subprocess.run([sys.executable, "-m", "generator", "--version"], capture_output=True, text=True)
    assert __version__ in version.stdout


def test_the_program_flushes_its_output_before_it_exits(make_project) -> None:  # type: ignore[no-untyped-def]
    # run() ends with os._exit, which skips Python's own flushing of a piped stdout.
    project = make_project({"content/index.md": "# Welcome\n\nSee [roles](roles.md).\n"})
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(project)], capture_output=True, text=True)
    assert result.returncode == 0
    assert re.fullmatch(r"Built 1 page into \S+/ in \d+\.\d\d s \(\d+ files made\), 1 warning\.\n", result.stdout), result.stdout
    assert "page 'roles.md' not found" in result.stderr
    assert (project / "site" / "index.html").is_file()


def test_new_from_a_programme_template(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "cohort-handbook"
    assert cli("new", target, "--programme", "cohort").exit_code == 0
    assert sorted(p.name for p in (target / "content" / "programmes").iterdir()) == ["cohort.md", "index.md"]
    result = cli("build", target, "--strict")
    assert result.exit_code == 0, result.stderr
    assert (target / "site" / "programmes" / "cohort.ics").is_file()
    wrong = cli("new", tmp_path / "other", "--programme", "cohrot")
    assert wrong.exit_code == 1
    assert wrong.stderr.startswith(
        "--programme: error: there is no programme template 'cohrot'\n  did you mean 'cohort'? (known: cohort, one-to-one)"
    )
    assert not (tmp_path / "other").exists()


def test_a_long_section_shows_a_window_and_its_page_lists_all(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    files: dict[str, str | bytes] = {"content/index.md": "# Home\n", "content/many/index.md": "# Many\n"}
    for number in range(100):
        files[f"content/many/p{number:03d}.md"] = f"---\ntitle: Page {number:03d}\norder: {number}\n---\nText.\n"
    project = make_project(files)
    assert cli("build", project, "--strict").exit_code == 0
    page = (project / "site" / "many" / "p050.html").read_text()
    nav = page.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert nav.count("<li") == 2 + 40 + 1, "home, the section, 40 entries and a link to all"
    assert 'aria-current="page">Page 050</a>' in nav and ">Page 040<" in nav and ">Page 079<" in nav
    assert ">Page 039<" not in nav and ">Page 080<" not in nav, "the block of forty holding the page"
    last = (project / "site" / "many" / "p099.html").read_text().split("</nav>")[0]
    assert ">Page 060<" in last and ">Page 099<" in last and ">Page 059<" not in last, "the last block is full too"
    assert '<li class="nav-more"><a href="index.html">All 100 pages of Many</a></li>' in nav
    section = (project / "site" / "many" / "index.html").read_text()
    assert "All 100 pages of this section" in section and section.count('href="p0') >= 100
    first = (project / "site" / "many" / "p000.html").read_text()
    assert ">Page 000<" in first and ">Page 039<" in first and ">Page 040<" not in first.split("</nav>")[0]


def test_several_processes_build_what_one_does(make_project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The home page is told apart by identity (`page is sameas site.home`):
    the workers must see the model's own pages, not copies."""
    import generator.processes
    from generator.build import BuildOptions, build

    files = {f"content/guide/p{n}.md": f"# Page {n}\n\nSee [home](../index.md).\n" for n in range(12)}
    project = make_project({"content/index.md": "# Home\n\nWelcome.\n", **files})

    def built(min_items: int, output: str) -> dict[str, bytes]:
        monkeypatch.setattr(generator.processes, "MIN_ITEMS", min_items)
        build(project, BuildOptions(project / output, cache="off"))
        return {p.relative_to(project / output).as_posix(): p.read_bytes() for p in (project / output).rglob("*") if p.is_file()}

    one, several = built(10**9, "one"), built(2, "several")
    assert several == one
    assert "breadcrumbs" not in several["index.html"].decode()


def test_a_source_date_past_any_calendar_is_an_error(make_project, monkeypatch, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"content/index.md": "# Home\n"})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999999")
    result = cli("build", project)
    assert result.exit_code == 1
    assert result.stderr.startswith("SOURCE_DATE_EPOCH: error: 99999999999999999 seconds is past any date a calendar can show\n")
    assert not (project / "site").exists()
