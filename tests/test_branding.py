"""An organisation's look, and the second built-in theme."""

from __future__ import annotations

import re

import pytest


def test_branding_applies_on_screen_and_on_paper(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(
        {
            "mentorkit.yaml": 'title: Acme Mentoring\nbranding:\n  logo: img/logo.svg\n  primary: "#5b2a86"\n  accent: "#a0341f"\n  contact: Questions? mentoring@acme.example\n',
            "content/index.md": "# Home\n",
            "content/img/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
        }
    )
    result = cli("build", project, "--strict")
    assert result.exit_code == 0, result.stderr
    html = (project / "site" / "index.html").read_text()
    assert ":root { --primary: #5b2a86; --primary-dark: #5b2a86; --accent: #a0341f; }" in html
    assert '<img class="site-logo" src="img/logo.svg" alt="">' in html
    assert '<p class="site-contact">Questions? mentoring@acme.example</p>' in html
    css = (project / "site" / "theme" / "style.css").read_text()
    assert "border-bottom: 2pt solid var(--primary)" in css, "the brand colour is printed too"


@pytest.mark.parametrize(
    "colour,message",
    [
        (
            "#ffcc00",
            "'branding.primary' #ffcc00 is too light for white text on the header, and links on white: contrast 1.5:1, WCAG AA needs 4.5:1\n  choose a darker shade",
        ),
        (
            "blue",
            "'branding.primary' must be a colour written #rrggbb, not 'blue'\n  write it as #rrggbb in quotes, such as primary: \"#1f5f8b\"",
        ),
    ],
)
def test_colours_are_checked(make_project, cli, colour: str, message: str) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"mentorkit.yaml": f'branding:\n  primary: "{colour}"\n', "content/index.md": "# Home\n"})
    result = cli("build", project)
    assert result.exit_code == 1
    assert result.stderr == f"mentorkit.yaml:2: error: {message}\nStopped: 1 error; nothing was written.\n"


def test_the_compact_theme_extends_the_default(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"mentorkit.yaml": "theme: compact\n", "content/index.md": "# Home\n\n## A section\n\n## Another\n"})
    assert cli("build", project, "--strict").exit_code == 0
    html = (project / "site" / "index.html").read_text()
    assert '<link rel="stylesheet" href="theme/style.css">' in html and '<link rel="stylesheet" href="theme/compact.css">' in html
    assert (project / "site" / "theme" / "compact.css").is_file() and (project / "site" / "theme" / "forms.js").is_file()


@pytest.mark.parametrize("written", ["/img/logo.svg", "img/logo.svg", "content/img/logo.svg"])
def test_every_pages_logo_link_finds_the_file(make_project, cli, written: str) -> None:  # type: ignore[no-untyped-def]
    """A path from the server's root would break below the top folder, or opened from disk."""
    project = make_project(
        {
            "mentorkit.yaml": f"title: Acme\nbranding:\n  logo: {written}\n",
            "content/index.md": "# Home\n",
            "content/guide/deep/sub.md": "# Sub\n",
            "content/img/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
        }
    )
    result = cli("build", project, "--strict")
    assert result.exit_code == 0, result.stderr
    site = project / "site"
    for page in ("index.html", "guide/deep/sub.html", "404.html"):
        html = (site / page).read_text()
        (src,) = re.findall(r'<img class="site-logo" src="([^"]+)"', html)
        if page != "404.html":  # served at any depth: its links start from the site's address
            assert (site / page).parent.joinpath(src).resolve() == (site / "img" / "logo.svg").resolve(), page
        assert not src.startswith("/") and "//" not in src, page


def test_a_logo_from_another_host_is_refused_with_every_other_problem(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(
        {
            "mentorkit.yaml": 'branding:\n  logo: https://cdn.example.org/logo.png\n  primary: "#ffcc00"\n',
            "content/index.md": "# Home\n",
        }
    )
    result = cli("build", project)
    assert result.exit_code == 1
    assert result.stderr == (
        "mentorkit.yaml:2: error: the logo 'https://cdn.example.org/logo.png' is not a file of the handbook: the site loads nothing from other hosts\n"
        "  put the image under content/, such as content/img/logo.svg, and write 'logo: img/logo.svg'\n"
        "mentorkit.yaml:3: error: 'branding.primary' #ffcc00 is too light for white text on the header, and links on white: contrast 1.5:1, WCAG AA needs 4.5:1\n"
        "  choose a darker shade\n"
        "Stopped: 2 errors; nothing was written.\n"
    )
    assert not (project / "site").exists()


def test_check_tells_the_settings_and_the_pages_mistakes_at_once(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    goals = "---\ntitle: Goals\ntype: form\nfields:\n  - label: Goal\n    type: dat\n---\nFill in.\n"
    files = {
        "mentorkit.yaml": 'branding:\n  primary: "#ffcc00"\n',
        "content/index.md": "# Home\n\n[Goals](goals.md)\n",
        "content/goals.md": goals,
    }
    result = cli("check", make_project(files))
    assert result.exit_code == 1
    assert result.stdout.startswith("content/goals.md:6: error: field 'Goal' has unknown type 'dat'\n")
    assert "mentorkit.yaml:2: error: 'branding.primary' #ffcc00 is too light" in result.stdout
    assert result.stderr == "2 errors, 0 warnings.\n"


def test_a_mistake_in_the_languages_leaves_the_pages_unread(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    """Where every page belongs depends on them: the pages' problems would be noise."""
    project = make_project({"mentorkit.yaml": "languages:\n  en:\n  English:\n", "content/en/index.md": "---\ntitle: [\n---\n"})
    result = cli("build", project)
    assert result.exit_code == 1
    assert result.stderr.startswith("mentorkit.yaml:3: error: language 'English' is not a language code\n")
    assert "content/" not in result.stderr
