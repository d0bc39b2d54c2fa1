"""An organisation's look, and the second built-in theme."""

from __future__ import annotations

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
        ("blue", "'branding.primary' must be a colour written #rrggbb, not 'blue'\n  quote it: primary: \"#1f5f8b\""),
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
