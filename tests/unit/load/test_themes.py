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
