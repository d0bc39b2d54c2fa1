"""Handbooks in other languages and in several: the theme's words, the
language folders, translations linked to each other, forms shared between
languages, and every mistake's message."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from generator import __version__
from generator.load.cldr import rules_for
from generator.load.themes import builtin_themes_dir


def flat(data: dict[str, object], prefix: str = "") -> dict[str, object]:
    """A theme's words file as 'heading.key': value, plural forms kept whole."""
    found: dict[str, object] = {}
    for key, value in data.items():
        if isinstance(value, dict) and not set(value) <= {"zero", "one", "two", "few", "many", "other"}:
            found.update(flat(value, f"{prefix}{key}."))
        else:
            found[prefix + key] = value
    return found


def english_words() -> int:
    """How many words the default theme has in English, however many it grows to."""
    return len(flat(yaml.safe_load((builtin_themes_dir() / "default" / "i18n" / "en.yaml").read_text(encoding="utf-8"))))


FORM_EN = """
---
title: Goal worksheet
type: form
for: [mentee]
use: goal setting
version: "2.1"
fields:
  - type: section
    title: Your goals
    text: Write them [plainly](../index.md).
  - id: goal
    label: Your main goal
    required: true
  - id: size
    type: choice
    label: How big is it?
    options: [Small, Large]
  - id: sure
    type: yesno
    label: Are you sure?
---
Fill it in before you meet.
"""
FORM_FR = """
---
title: Fiche d'objectifs
type: form
use: fixer des objectifs
fields:
  your-goals:
    title: Vos objectifs
    text: Écrivez-les [simplement](../index.md).
  goal: Votre objectif principal
  size:
    label: Quelle taille ?
    options: [Petit, Grand]
  sure: Êtes-vous sûr ?
---
Remplissez-la avant la rencontre.
"""
PROGRAMME = """
---
title: {title}
type: programme
weeks: 4
cadence: weekly
start: 2027-01-11
phases:
  - name: {phase}
    weeks: 1-4
    forms: [goals]
---
"""


def bilingual(make_project, **extra: str):  # type: ignore[no-untyped-def]
    files = {
        "mentorkit.yaml": "title: Mentoring Handbook\nlanguages:\n  en:\n  fr:\n    title: Le manuel du mentorat\n",
        "content/en/index.md": "---\nsummary: Start here.\n---\n# Home\n\nSee [the roles](roles.md) and [the worksheet](forms/goals.md).\n",
        "content/en/roles.md": "# Roles\n\n## Mentor\n\nGo [home](/index.md).\n",
        "content/en/only-english.md": "# Only in English\n",
        "content/en/forms/goals.md": FORM_EN,
        "content/en/programmes/pilot.md": PROGRAMME.format(title="Pilot", phase="Start"),
        "content/fr/index.md": "---\nsummary: Commencez ici.\n---\n# Accueil\n\nVoir [les rôles](roles.md) et [la fiche](forms/goals.md).\n",
        "content/fr/roles.md": "# Rôles\n\n## Mentor\n\nRetour à [l'accueil](/index.md).\n",
        "content/fr/forms/goals.md": FORM_FR,
        "content/fr/programmes/pilot.md": PROGRAMME.format(title="Pilote", phase="Début"),
        "content/img/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    }
    files.update(extra)
    return make_project(files)


def test_each_language_is_built_under_its_own_folder(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = bilingual(make_project)
    result = cli("build", project, "--strict")
    assert result.exit_code == 0, result.stderr
    site = project / "site"
    assert (site / "en" / "roles.html").is_file() and (site / "fr" / "roles.html").is_file()
    assert (site / "img" / "logo.svg").is_file(), "files outside the language folders are shared"
    assert (site / "en" / "search-index.js").is_file() and (site / "fr" / "search-index.js").is_file()
    assert "Accueil" in (site / "fr" / "search-index.js").read_text()
    assert "Accueil" not in (site / "en" / "search-index.js").read_text(), "each language searches its own pages"

    front = (site / "index.html").read_text()
    assert (
        '<a href="en/index.html" hreflang="en"><span class="language-name">English</span> <span class="language-title">Mentoring Handbook</span></a>'
        in front
    )
    assert (
        '<a href="fr/index.html" hreflang="fr"><span class="language-name">Français</span> <span class="language-title">Le manuel du mentorat</span></a>'
        in front
    )
    assert '<span lang="fr">Choisir une langue</span>' in front

    roles = (site / "fr" / "roles.html").read_text()
    assert '<html lang="fr">' in roles
    assert "<title>Rôles · Le manuel du mentorat</title>" in roles
    assert '<link rel="alternate" hreflang="en" href="../en/roles.html">' in roles
    assert '<li><span aria-current="true">Français</span></li>' in roles
    assert '<li><a href="../en/roles.html" hreflang="en" lang="en">English</a></li>' in roles
    assert '<a href="index.html">l\'accueil</a>' in roles, "'/index.md' starts at the language's folder"
    assert 'placeholder="Rechercher dans le guide"' in roles and "Aller au contenu" in roles
    assert 'data-index="../fr/search-index.js"' in roles

    only = (site / "en" / "only-english.html").read_text()
    assert (
        '<li><a href="../fr/index.html" hreflang="fr" lang="fr">Français</a><span class="visually-hidden"> (not translated yet, opens the home page)</span></li>'
        in only
    ), "a page with no translation sends the reader to the other language's home page"
    assert 'rel="alternate"' not in only


def test_a_translated_form_shares_the_original_fields(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = bilingual(make_project)
    assert cli("build", project, "--strict").exit_code == 0
    english = (project / "site" / "en" / "forms" / "goals.html").read_text()
    french = (project / "site" / "fr" / "forms" / "goals.html").read_text()
    key = 'data-form-key="mentorkit|Mentoring Handbook|en/forms/goals.html|2.1"'
    assert key in english and key in french, "answers typed in one language show in the other"
    assert '<label for="input-goal">Votre objectif principal <span class="required">(obligatoire)</span></label>' in french
    assert '<input type="radio" name="size" value="Small"> Petit</label>' in french, "the answer kept is the original's option"
    assert '<input type="radio" name="sure" value="Yes"> Oui</label>' in french
    assert '<h2 class="form-section" id="your-goals">Vos objectifs</h2>' in french
    assert '<a href="../index.html">simplement</a>' in french
    assert "<dt>Rempli par</dt><dd>Mentoré</dd>" in french and "<dt>Version</dt><dd>2.1</dd>" in french
    assert '@bottom-right { content: "Page " counter(page) " sur " counter(pages); }' in french
    assert '<li class="toc-level-2"><a href="#your-goals">Vos objectifs</a></li>' in french or "Vos objectifs" in french
    programme = (project / "site" / "fr" / "programmes" / "pilot.html").read_text()
    assert '<a href="../forms/goals.html">Fiche d&#39;objectifs</a>' in programme, "a French programme uses the French form"
    assert "<dd>4, chaque semaine, de 1 heure chacune</dd>" in programme
    assert "du 11 janvier 2027 au 7 février 2027" in programme
    assert '<a href="#meeting-plan">Plan des rencontres</a>' in programme, "the programme's own sections in the contents"
    calendar = (project / "site" / "fr" / "programmes" / "pilot.ics").read_text()
    assert "SUMMARY:Rencontre de mentorat 1" in calendar


def test_untranslated_form_texts_fall_back_with_a_warning(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    partial = FORM_FR.replace("  sure: Êtes-vous sûr ?\n", "").replace("use: fixer des objectifs\n", "")
    project = bilingual(make_project, **{"content/fr/forms/goals.md": partial})
    result = cli("build", project)
    assert result.exit_code == 0
    assert result.stderr == (
        "content/fr/forms/goals.md:4: warning: 2 of the form's texts are not translated, so the original's are shown: use, sure\n"
        "  add them under 'fields:' by id (the fields are in content/en/forms/goals.md)\n"
    )
    assert '<input type="radio" name="sure" value="Yes"> Oui</label>' in (project / "site" / "fr" / "forms" / "goals.html").read_text()


def test_form_translation_mistakes(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    wrong = FORM_FR.replace("type: form\n", "type: form\nversion: '3'\n").replace("  goal: Votre", "  gaol: Votre")
    wrong = wrong.replace("options: [Petit, Grand]", "options: [Petit]\n    required: false")
    project = bilingual(make_project, **{"content/fr/forms/goals.md": wrong, "content/fr/orphan.md": FORM_FR})
    result = cli("build", project)
    assert result.exit_code == 1
    assert result.stderr == (
        "content/fr/forms/goals.md:4: error: 'version' comes from the form this page translates\n"
        "  remove it here; change it in the original form\n"
        "content/fr/forms/goals.md:14: error: field 'size' has key 'required', which a translation cannot change\n"
        "  a translation gives only texts: label, help, options, columns, signers, low, high, title, text (known: columns, help, high, label, low, options, signers, text, title)\n"
        "content/fr/orphan.md:5: error: 'fields' lists translations of the fields of content/en/orphan.md, which does not exist\n"
        "  give the translation the path of the form it translates, under content/en/; or write 'fields:' as a list (- label: ...) to make this a form of its own\n"
        "Stopped: 3 errors; nothing was written.\n"
    ), "every mistake at once: one page's do not hide another's"
    fixed = wrong.replace("version: '3'\n", "").replace("\n    required: false", "")
    (project / "content" / "fr" / "forms" / "goals.md").write_text(fixed.lstrip("\n"))
    result = cli("build", project)
    assert result.stderr == (
        "content/fr/forms/goals.md:9: error: 'gaol' is not a field of content/en/forms/goals.md\n"
        "  did you mean 'goal'? (known: goal, size, sure, your-goals)\n"
        "content/fr/forms/goals.md:10: error: field 'size' has 2 options in the original form, but 1 here\n"
        "  translate each one, in the same order\n"
        "content/fr/orphan.md:5: error: 'fields' lists translations of the fields of content/en/orphan.md, which does not exist\n"
        "  give the translation the path of the form it translates, under content/en/; or write 'fields:' as a list (- label: ...) to make this a form of its own\n"
        "Stopped: 3 errors; nothing was written.\n"
    )


def test_language_mistakes_in_the_config(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(
        {
            "mentorkit.yaml": "language: de\nlanguages:\n  en:\n  French:\n  fr:\n    titel: Le manuel\n",
            "content/en/index.md": "# Home\n",
        }
    )
    result = cli("build", project)
    assert result.exit_code == 1
    assert result.stderr == (
        "mentorkit.yaml:4: error: language 'French' is not a language code\n"
        "  write a code such as en, fr, de or pt-BR\n"
        "mentorkit.yaml:6: error: unknown key 'titel' for language 'fr'\n"
        "  did you mean 'title'? (known: contact, organisation, title)\n"
        "mentorkit.yaml:1: error: language 'de' is not one of 'languages'\n"
        "  known: en, fr\n"
        "Stopped: 3 errors; nothing was written.\n"
    )


def test_pages_outside_the_language_folders(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = bilingual(make_project, **{"content/roles.md": "# Roles\n", "content/de/index.md": "# Start\n"})
    result = cli("build", project)
    assert result.stderr == (
        "content/de/index.md: error: is not in a language's folder\n"
        "  with 'languages:' set, pages go in content/<language>/: move it to content/en/de/index.md\n"
        "content/roles.md: error: is not in a language's folder\n"
        "  with 'languages:' set, pages go in content/<language>/: move it to content/en/roles.md\n"
        "Stopped: 2 errors; nothing was written.\n"
    )


def test_one_language_other_than_english(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(
        {
            "mentorkit.yaml": "language: de\ntitle: Mentoring-Handbuch\n",
            "content/index.md": "# Start\n\n## Erstens\n\n## Zweitens\n",
            "content/programme.md": PROGRAMME.format(title="Pilotprogramm", phase="Anfang").replace("forms: [goals]", "forms: []"),
        }
    )
    result = cli("build", project, "--strict")
    assert result.exit_code == 0, result.stderr
    index = (project / "site" / "index.html").read_text()
    assert '<html lang="de">' in index and "Auf dieser Seite" in index and "language-switch" not in index
    programme = (project / "site" / "programme.html").read_text()
    assert "<dd>11. Januar 2027 bis 7. Februar 2027</dd>" in programme
    assert "<dd>4, wöchentlich, je 1 Stunde</dd>" in programme


def test_a_language_without_theme_words_falls_back_to_english(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"mentorkit.yaml": "title: Manual\nlanguage: pt-BR\n", "content/index.md": "# Início\n"})
    result = cli("build", project)
    assert result.exit_code == 0
    assert result.stderr == (
        "mentorkit.yaml:2: warning: the theme has no words in 'pt-BR': its buttons and labels will be in English\n"
        "  translate the theme's i18n/en.yaml into themes/<theme>/i18n/pt-BR.yaml in your project\n"
    )
    index = (project / "site" / "index.html").read_text()
    assert '<html lang="pt-BR">' in index and "Skip to content" in index
    assert cli("build", project, "--strict").exit_code == 1


def test_a_project_translation_file_missing_words(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(
        {
            "mentorkit.yaml": "language: pt\n",
            "content/index.md": "# Início\n\n## Um\n\n## Dois\n",
            "themes/default/i18n/pt.yaml": "page:\n  on_this_page: Nesta página\n  skip_to_contnt: Ir para o conteúdo\ndate:\n  months: [jan]\n",
        }
    )
    result = cli("build", project)
    assert result.exit_code == 1
    total = english_words()  # two of them given (one of those wrongly), one misspelt
    dates = 4  # the date keys: Portuguese takes its months and date order from CLDR
    cldr = dates + 1  # and its name ("Português") for the language switch
    assert result.stderr.startswith(
        "themes/default/i18n/pt.yaml:3: warning: unknown key 'page.skip_to_contnt'\n"
        f"  did you mean 'page.skip_to_content'? (known: {total} in all)\n"
        "themes/default/i18n/pt.yaml:5: error: 'date.months' must be a list of 12 texts, as in English\n"
        f"themes/default/i18n/pt.yaml: warning: {total - cldr - 1} of the theme's words have no 'pt' translation, so they are shown in English: "
        f"language.switch, language.choose, language.untranslated, page.skip_to_content, page.menu and {total - cldr - 1 - 5} more\n"
    )
    (project / "themes/default/i18n/pt.yaml").write_text("page:\n  on_this_page: Nesta página\n")
    result = cli("build", project)
    assert result.exit_code == 0 and f"{total - cldr - 1} of the theme's words" in result.stderr
    assert "Nesta página" in (project / "site" / "index.html").read_text()


def test_a_project_file_overrides_single_words(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(
        {
            "mentorkit.yaml": "language: fr\n",
            "content/index.md": "# Accueil\n\n## Un\n\n## Deux\n",
            "themes/default/i18n/fr.yaml": "page:\n  on_this_page: Dans cette page\n",
        }
    )
    result = cli("build", project, "--strict")
    assert result.exit_code == 0, result.stderr
    index = (project / "site" / "index.html").read_text()
    assert "Dans cette page" in index and "Aller au contenu" in index


def test_every_shipped_language_has_every_word() -> None:
    """Each built-in translation file has exactly the keys of English, in the same shapes,
    but for the date keys, which other languages take from CLDR, and has every plural form CLDR gives its language."""

    def shape(value: object) -> object:
        return len(value) if isinstance(value, list) else type(value).__name__

    folder = builtin_themes_dir() / "default" / "i18n"
    english = flat(yaml.safe_load((folder / "en.yaml").read_text(encoding="utf-8")))
    files = sorted(folder.glob("*.yaml"))
    assert len(files) >= 3, "English and at least two other languages"
    for path in files:
        words = flat(yaml.safe_load(path.read_text(encoding="utf-8")))
        expected = english if path.stem == "en" else {k: v for k, v in english.items() if not k.startswith("date.")}
        assert sorted(words) == sorted(expected), path.name
        categories = rules_for(path.stem).categories
        assert all(sorted(v) == sorted(categories) for v in words.values() if isinstance(v, dict)), path.name
        assert {k: shape(v) for k, v in words.items()} == {k: shape(v) for k, v in expected.items()}, path.name
        for key, value in words.items():
            placeholders = set(re.findall(r"\{(\w+)\}", str(value)))
            assert placeholders == set(re.findall(r"\{(\w+)\}", str(english[key]))), f"{path.name}: {key}"
    for theme in builtin_themes_dir().iterdir():
        assert not (theme / "i18n").exists() or theme.name == "default", "child themes inherit the default's words"


def test_new_handbook_in_french_and_in_two_languages(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    french = tmp_path / "fr"
    assert cli("new", french, "--language", "fr", "--programme", "cohort").exit_code == 0
    assert (french / "content" / "index.md").is_file() and not (french / "content" / "fr").exists()
    assert not (french / "content" / "programmes" / "one-to-one.md").exists()
    result = cli("build", french, "--strict")
    assert result.exit_code == 0, result.stderr
    assert '<html lang="fr">' in (french / "site" / "index.html").read_text()
    both = tmp_path / "both"
    assert cli("new", both, "--language", "en", "--language", "fr").exit_code == 0
    result = cli("build", both, "--strict")
    assert result.exit_code == 0, result.stderr
    assert (both / "site" / "fr" / "forms" / "agreement.html").is_file()
    wrong = cli("new", tmp_path / "x", "--language", "es")
    assert wrong.exit_code == 1
    assert wrong.stderr.startswith("--language: error: the example handbook is not written in 'es'\n  known: en, fr\n")
    assert __version__


def test_nav_in_the_config_names_pages_inside_each_language(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    config = "languages: [en, fr]\nnav:\n  - index.md\n  - roles.md\n"
    project = bilingual(make_project, **{"mentorkit.yaml": config})
    result = cli("build", project)
    assert result.exit_code == 0, result.stderr
    nav = (project / "site" / "fr" / "roles.html").read_text()
    assert (
        '<li><a href="index.html">Accueil</a></li><li class="current open"><a href="roles.html" aria-current="page">Rôles</a></li>' in nav
    )
    (project / "mentorkit.yaml").write_text(config + "  - only-english.md\n")
    result = cli("build", project)
    assert result.stderr == (
        "mentorkit.yaml:5: error: nav names 'only-english.md', which is not a page under content/fr/\n"
        "  did you mean 'roles.md'? (known: forms/goals.md, index.md, programmes/pilot.md, roles.md)\n"
        "Stopped: 1 error; nothing was written.\n"
    )


def test_more_language_settings_mistakes(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    cases = {
        "languages: en\n": "mentorkit.yaml:1: error: 'languages' must be a list of language codes\n"
        "  write 'languages: [en, fr]', or each code followed by its own 'title:'\n",
        "languages: [en]\n": "mentorkit.yaml:1: error: 'languages' must name at least two languages\n  for one language, set 'language:' only\n",
        "languages: [en, fr, en]\n": "mentorkit.yaml:1: error: language 'en' is listed twice\n",
        "languages:\n  en: English\n  fr:\n    title: [Le, manuel]\n": "mentorkit.yaml:2: error: language 'en' must be followed by its own settings or nothing\n"
        "  write 'languages: [en, fr]', or each code followed by its own 'title:'\n"
        "mentorkit.yaml:4: error: 'title' of language 'fr' must be a text\n",
        "language: english\n": "mentorkit.yaml:1: error: 'language' 'english' is not a language code\n  write a code such as en, fr, de or pt-BR\n",
    }
    for config, expected in cases.items():
        project = make_project({"mentorkit.yaml": config, "content/index.md": "# Home\n"})
        result = cli("build", project)
        assert result.exit_code == 1
        assert result.stderr == expected + "Stopped: {} error{}; nothing was written.\n".format(
            expected.count(": error:"), "s" if expected.count(": error:") > 1 else ""
        ), config


def test_words_file_and_template_mistakes(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(
        {
            "mentorkit.yaml": "language: fr\n",
            "content/index.md": "# Accueil\n",
            "themes/default/i18n/fr.yaml": "page:\n  menu: 3\n  home: [Accueil]\n",
        }
    )
    result = cli("build", project)
    assert result.stderr.startswith(
        "themes/default/i18n/fr.yaml:2: error: 'page.menu' must be a text, a list of texts or plural forms ('one:', 'other:'...)\n  quote it\n"
        "themes/default/i18n/fr.yaml:3: error: 'page.home' must be a text, as in English\n"
    )
    (project / "themes/default/i18n/fr.yaml").unlink()
    template = project / "themes/default/templates/page.html"
    template.parent.mkdir(parents=True)
    template.write_text('{% extends "default:page.html" %}\n{% block after_content %}\n<p>{{ t("page.hello") }}</p>\n{% endblock %}\n')
    result = cli("build", project)
    assert result.stderr == (
        "themes/default/templates/page.html:3: error: template error: the theme's words have no 'page.hello' (add it to the theme's i18n/en.yaml)\n"
        "  while rendering content/index.md\n"
        "Stopped: 1 error; nothing was written.\n"
    )


def test_a_regional_code_speaks_its_language(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    """fr-CA is built with the theme's French words, without a warning, even with --strict."""
    project = make_project({"mentorkit.yaml": "title: Manuel\nlanguage: fr-CA\n", "content/index.md": "# Accueil\n\n## Un\n\n## Deux\n"})
    result = cli("build", project, "--strict")
    assert result.exit_code == 0, result.stderr
    index = (project / "site" / "index.html").read_text()
    assert '<html lang="fr-CA">' in index and "Sur cette page" in index
