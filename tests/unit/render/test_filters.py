"""The filters and functions a theme's templates can use, as a template in
the built-in theme's environment shows them, in English and in French."""

import datetime
from collections.abc import Callable
from typing import Any

import jinja2
import pytest

from generator.load.config import MarkdownOptions
from generator.load.theme_words import Words
from generator.load.themes import load_theme
from generator.model.types import Programme
from generator.parse.front_matter import parse_source
from generator.parse.markdown import make_markdown
from generator.parse.page import parse_page
from generator.render.environment import make_environment

MD = make_markdown(MarkdownOptions())


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> jinja2.Environment:
    return make_environment(load_theme(tmp_path_factory.mktemp("project"), "default", "mentorkit.yaml"))


@pytest.fixture
def render(env: jinja2.Environment, theme_words: Callable[[str], Words]) -> Callable[..., str]:
    def render(template: str, language: str = "en", **values: Any) -> str:
        return env.from_string(template).render(t=theme_words(language), **values)

    return render


def programme(cadence: str) -> Programme:
    text = f"---\ntitle: P\ntype: programme\nweeks: 12\ncadence: {cadence}\nmeeting_length: 1 hour\n---\nIntro.\n"
    page, problems = parse_page(parse_source("content/p.md", "p.md", text.encode()), MD)
    assert page is not None and page.programme is not None, problems
    return page.programme


@pytest.mark.parametrize(
    "language,template,expected",
    [
        ("en", "{{ weeks_label(3, 3) }}", "week 3"),
        ("en", "{{ weeks_label(1, 4) }}", "weeks 1–4"),
        ("fr", "{{ weeks_label(1, 4) }}", "semaines 1 à 4"),
        ("en", "{{ minutes_label(1) }} · {{ minutes_label(45) }}", "1 minute · 45 minutes"),
        ("en", "{{ minutes_label(60) }} · {{ minutes_label(120) }}", "1 hour · 2 hours"),
        ("en", "{{ minutes_label(90) }} · {{ minutes_label(61) }}", "1 hour 30 minutes · 1 hour 1 minute"),
        ("fr", "{{ minutes_label(150) }}", "2 heures 30 minutes"),
        ("en", "{{ roles_label(['mentor', 'mentee']) }}", "Mentor, Mentee"),
        ("en", "{{ roles_label(['coordinator']) }}", "Coordinator"),
        ("en", "{{ roles_label([]) }}", "Anyone"),
        ("fr", "{{ roles_label(['mentor', 'mentee']) }}", "Mentor, Mentoré"),
    ],
)
def test_labels(render: Callable[..., str], language: str, template: str, expected: str) -> None:
    assert render(template, language) == expected


@pytest.mark.parametrize(
    "cadence,english,french",
    [
        ("weekly", "weekly", "chaque semaine"),
        ("fortnightly", "fortnightly", "toutes les deux semaines"),
        ("every 2 weeks", "fortnightly", "toutes les deux semaines"),
        ("every 3 weeks", "every 3 weeks", "toutes les 3 semaines"),
        ("monthly", "monthly", "chaque mois"),
    ],
)
def test_cadence(render: Callable[..., str], cadence: str, english: str, french: str) -> None:
    p = programme(cadence)
    assert (render("{{ cadence_label(p) }}", p=p), render("{{ cadence_label(p) }}", "fr", p=p)) == (english, french)


def test_dates(render: Callable[..., str]) -> None:
    day = datetime.date(2027, 3, 1)
    assert render("{{ day | date }} · {{ day | date('short') }}", day=day) == "1 March 2027 · 1 Mar"
    assert render("{{ day | date }} · {{ day | date('short') }}", "fr", day=day) == "1 mars 2027 · 1 mars"


@pytest.mark.parametrize(
    "value,expected",
    [
        ("Riverside Mentoring", "Riverside Mentoring"),
        ('Say "hi"', "Say \\22 hi\\22 "),
        ("Tom's <b>guide</b> & more", "Tom\\27 s \\3c b\\3e guide\\3c /b\\3e  \\26  more"),
        ("back\\slash", "back\\5c slash"),
        ("two\nlines", "two\\a lines"),
        ("Guide d'accueil · été", "Guide d\\27 accueil · été"),
    ],
)
def test_css_string_is_safe_inside_a_css_string(render: Callable[..., str], value: str, expected: str) -> None:
    """Escaped for CSS, not HTML: '&amp;' would print as such in a page header."""
    assert render('content: "{{ value | css_string }}";', value=value) == f'content: "{expected}";'


@pytest.mark.parametrize(
    "language,expected",
    [("en", '"Page " counter(page) " of " counter(pages)'), ("fr", '"Page " counter(page) " sur " counter(pages)')],
)
def test_page_counters_from_the_theme_words(render: Callable[..., str], language: str, expected: str) -> None:
    assert render('{{ t("page.page_of") | css_counters }}', language) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("{page}/{pages}", 'counter(page) "/" counter(pages)'),
        ("{pages} pages", 'counter(pages) " pages"'),
        ('"{page}"', '"\\22 " counter(page) "\\22 "'),
        ("no counter", '"no counter"'),
        ("{other} stays", '"{other} stays"'),
    ],
)
def test_page_counters(render: Callable[..., str], text: str, expected: str) -> None:
    assert render("{{ text | css_counters }}", text=text) == expected


def test_groupby_first_keeps_the_order_groups_first_appear_in(render: Callable[..., str]) -> None:
    forms = [{"use": "ending", "title": "Closure"}, {"use": "start", "title": "Agreement"}, {"use": "ending", "title": "Feedback"}]
    template = (
        "{% for use, group in forms | groupby_first('use') %}{{ use }}: {{ group | map(attribute='title') | join(', ') }}; {% endfor %}"
    )
    assert render(template, forms=forms) == "ending: Closure, Feedback; start: Agreement; "
    template = "{% for use, group in forms | groupby_first('form.use') %}{{ use }} {{ group | length }}; {% endfor %}"
    assert render(template, forms=[{"form": f} for f in forms]) == "ending 2; start 1; ", "dotted attributes, as the forms list uses"
