from pathlib import Path

import pytest

from generator.errors import MentorkitError
from generator.load.themes import installed_themes, load_theme
from generator.render.environment import make_environment


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_builtin_default(tmp_path: Path) -> None:
    theme = load_theme(tmp_path, "default", "mentorkit.yaml")
    assert theme.chain == ("default",)
    assert "theme/style.css" in dict(theme.static)
    assert "default" in installed_themes(tmp_path)


def test_project_theme_extends_default_and_overrides_one_template(tmp_path: Path) -> None:
    write(tmp_path / "themes/brand/theme.yaml", "extends: default\n")
    write(
        tmp_path / "themes/brand/templates/base.html", "{% extends 'default:base.html' %}{% block title %}BRAND {{ super() }}{% endblock %}"
    )
    write(tmp_path / "themes/brand/static/style.css", "/* brand */")
    write(tmp_path / "themes/brand/static/logo.svg", "<svg/>")
    theme = load_theme(tmp_path, "brand", "mentorkit.yaml")
    assert theme.chain == ("brand", "default")
    static = dict(theme.static)
    assert static["theme/style.css"] == b"/* brand */"
    assert static["theme/logo.svg"] == b"<svg/>"
    env = make_environment(theme)
    source = env.loader.get_source(env, "base.html")[0]  # type: ignore[union-attr]
    assert source.startswith("{% extends 'default:base.html' %}")
    assert "page.html" in env.list_templates()


def test_project_folder_named_like_a_builtin_overrides_it(tmp_path: Path) -> None:
    write(tmp_path / "themes/default/static/extra.css", "x")
    theme = load_theme(tmp_path, "default", "mentorkit.yaml")
    assert theme.chain == ("default",)
    assert dict(theme.static)["theme/extra.css"] == b"x"


def test_circular_extends(tmp_path: Path) -> None:
    write(tmp_path / "themes/a/theme.yaml", "extends: b\n")
    write(tmp_path / "themes/b/theme.yaml", "extends: a\n")
    with pytest.raises(MentorkitError) as info:
        load_theme(tmp_path, "a", "mentorkit.yaml", 3)
    assert (
        info.value.problems[0].format()
        == "themes/b/theme.yaml:1: error: themes extend each other in a circle: a -> b -> a\n  remove one 'extends:'"
    )


def test_unknown_theme_key(tmp_path: Path) -> None:
    write(tmp_path / "themes/a/theme.yaml", "extend: default\n")
    with pytest.raises(MentorkitError) as info:
        load_theme(tmp_path, "a", "mentorkit.yaml")
    assert (
        info.value.problems[0].format()
        == "themes/a/theme.yaml:1: error: unknown key 'extend'\n  did you mean 'extends'? (known: description, extends)"
    )


def huge(path: Path, size: int) -> None:
    """A file of `size` bytes that takes no room on disk (sparse)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.truncate(size)


def test_a_theme_yaml_over_1_mb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge(tmp_path / "themes/big/theme.yaml", 30_000_000)
    with pytest.raises(MentorkitError) as info:
        load_theme(tmp_path, "big", "mentorkit.yaml")
    assert [p.format() for p in info.value.problems] == [
        "themes/big/theme.yaml: error: is 30.0 MB; a theme.yaml may be up to 1 MB\n"
        "  it holds only 'extends:' and 'description:': shorten them"
    ]


def test_words_files_over_1_mb_are_refused_all_at_once(tmp_path: Path) -> None:
    write(tmp_path / "themes/big/theme.yaml", "extends: default\n")
    huge(tmp_path / "themes/big/i18n/en.yaml", 2_000_000)
    huge(tmp_path / "themes/big/i18n/fr.yaml", 1_000_001)
    with pytest.raises(MentorkitError) as info:
        load_theme(tmp_path, "big", "mentorkit.yaml")
    hint = "  it holds only the theme's words, each a short text: long texts belong in pages under content/"
    assert [p.format() for p in info.value.problems] == [
        f"themes/big/i18n/en.yaml: error: is 2.0 MB; a words file may be up to 1 MB\n{hint}",
        f"themes/big/i18n/fr.yaml: error: is 1.0 MB; a words file may be up to 1 MB\n{hint}",
    ]


def test_words_file_that_is_a_folder_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "themes/odd/theme.yaml", "extends: default\n")
    (tmp_path / "themes/odd/i18n/en.yaml").mkdir(parents=True)
    with pytest.raises(MentorkitError) as info:
        load_theme(tmp_path, "odd", "mentorkit.yaml")
    assert [p.format() for p in info.value.problems] == [
        "themes/odd/i18n/en.yaml: error: is a folder, not a file\n"
        "  a theme's words for a language are one file, i18n/<language>.yaml: move what is in the folder out of it, or rename the folder"
    ]


@pytest.mark.parametrize("folder", ["templates", "static", "i18n"])
def test_a_theme_folder_that_is_a_file_is_an_error(tmp_path: Path, folder: str) -> None:
    write(tmp_path / "themes/odd/theme.yaml", "extends: default\n")
    write(tmp_path / "themes/odd" / folder, "<p>{{ page.title }}</p>")
    with pytest.raises(MentorkitError) as info:
        load_theme(tmp_path, "odd", "mentorkit.yaml")
    assert [p.format() for p in info.value.problems] == [
        f"themes/odd/{folder}: error: is a file, not a folder\n  make '{folder}' a folder and put the theme's files in it, or remove it"
    ]


def test_a_theme_is_named_by_its_own_name(tmp_path: Path) -> None:
    write(tmp_path / "themes/brand/theme.yaml", "extends: default\n")
    assert load_theme(tmp_path, "brand", "mentorkit.yaml").name == "brand"
