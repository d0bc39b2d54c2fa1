"""A hostile theme cannot reach Python (issue 20): a project's templates,
like the built-in ones, run in Jinja's sandbox. Each known way out of an
ordinary Jinja environment is tried by a template of a project theme (as a
contributor's pull request built in CI could carry); each must stop the
build at the template's line with a message, exit 1, touch nothing outside
the project and publish nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MakeProject

SECRET = "SECRET-7f3a9c"
MARK = "escaped"
"""The file an escape would make beside the project (its name, in tmp_path)."""

PRIVATE = "names starting with '_' are Python's own workings; templates may use the values and functions they are given, no more (see Safety in the README)"
SHARED = "make a new value instead: `items + [item]`, `dict(mapping, key=value)`, or a `namespace()` to count in a loop"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("template", "message", "hint"),
    [
        pytest.param(
            "{{ ''.__class__.__mro__[1].__subclasses__() }}",
            "'__class__' of a str is not open to templates",
            PRIVATE,
            id="subclasses-of-object",
        ),
        pytest.param(
            "{{ cycler.__init__.__globals__.os.popen('touch {mark}').read() }}",
            "'__init__' of a type is not open to templates",
            PRIVATE,
            id="a-global's-module",
        ),
        pytest.param(
            "{{ (lipsum | attr('__globals__'))['os'].popen('touch {mark}').read() }}",
            "'__globals__' of a function is not open to templates",
            PRIVATE,
            id="attr-filter",
        ),
        pytest.param(
            "{{ url.func.__globals__['os'].popen('touch {mark}').read() }}",
            "'__globals__' of a function is not open to templates",
            PRIVATE,
            id="a-context-function's-module",
        ),
        pytest.param(
            "{{ config.__class__.__init__.__globals__ }}",
            "'__class__' of a Config is not open to templates",
            PRIVATE,
            id="the-settings'-class",
        ),
        pytest.param(
            "{{ '{0.__class__.__init__.__globals__}'.format(page) }}",
            "'__class__' of a Page is not open to templates",
            PRIVATE,
            id="str-format",
        ),
        pytest.param(
            "{{ '%s' | format(self._TemplateReference__context) }}",
            "'_TemplateReference__context' of a TemplateReference is not open to templates",
            PRIVATE,
            id="the-whole-context-through-self",
        ),
        pytest.param(
            "{% set gone = site.by_url.clear() %}{{ gone }}",
            "'clear' would change a dict that every page shares",
            SHARED,
            id="changing-the-model",
        ),
    ],
)
def test_a_way_out_of_the_sandbox_is_an_error_at_its_line(
    make_project: MakeProject, cli, tmp_path: Path, template: str, message: str, hint: str
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "secret.txt").write_text(SECRET)
    mark = tmp_path / MARK
    project = make_project(
        {
            "content/index.md": "# Home\n",
            "content/guide.md": "# Guide\n",
            "themes/default/templates/page.html": (
                '{% extends "default:page.html" %}\n{% block after_content %}\n'
                + template.replace("{mark}", str(mark))
                + "\n{% endblock %}\n"
            ),
        }
    )
    before = _tree(tmp_path)
    result = cli("build", project)
    assert result.exit_code == 1
    assert result.stderr == (
        f"themes/default/templates/page.html:3: error: template error: {message}\n"
        f"  while rendering content/guide.md and 1 other page; {hint}\n"
        "Stopped: 1 error; nothing was written.\n"
    )
    assert not mark.exists()
    assert _tree(tmp_path) == before, "nothing written, in the project or beside it"
    assert not (project / "site").exists()


@pytest.mark.parametrize("name", ["../../secret.txt", "/{secret}", "default:../../../../../secret.txt"])
def test_a_template_cannot_include_a_file_outside_the_themes(make_project: MakeProject, cli, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    name = name.replace("{secret}", str(secret))
    project = make_project(
        {
            "content/index.md": "# Home\n",
            "themes/default/templates/page.html": f'{{% extends "default:page.html" %}}\n{{% block after_content %}}\n{{% include "{name}" %}}\n{{% endblock %}}\n',
        }
    )
    result = cli("build", project)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"themes/default/templates/page.html:3: error: the theme has no template '{name}'\n")
    assert SECRET not in result.stderr
    assert not (project / "site").exists()


def test_what_a_theme_may_do_still_works(make_project: MakeProject, cli) -> None:  # type: ignore[no-untyped-def]
    """The sandbox refuses only Python's insides and changes to the model: lists,
    mappings, macros, a namespace to count, filters and the context's functions all work."""
    project = make_project(
        {
            "content/index.md": "---\ntitle: Home\ntags: [b, a]\n---\nHello.\n",
            "content/guide.md": "# Guide\n",
            "themes/default/templates/page.html": """\
                {% extends "default:page.html" %}
                {% macro pair(a, b) %}{{ a }}+{{ b }}{% endmacro %}
                {% block after_content %}
                {% set ns = namespace(count=0) %}{% for p in site.pages %}{% set ns.count = ns.count + 1 %}{% endfor %}
                <p id="probe">{{ ns.count }} {{ (page.meta.get("tags", []) + ["c"]) | sort | join(",") }} {{ dict(page.meta, extra=1) | length }}
                {{ pair(page.title, t("form.print")) }} {{ url("guide.html") }} {{ "{} {}".format(page.title | upper, 3) }} {{ "%05d" | format(42) }}
                {{ site.pages | map(attribute="title") | sort | join("/") }} {{ self.title() | trim | truncate(4, end="") }}</p>
                {% endblock %}
                """,
        }
    )
    result = cli("build", project)
    assert result.exit_code == 0, result.stderr
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    probe = html[html.index('<p id="probe">') :].split("</p>")[0]
    assert "guide.html" in (project / "site" / "guide.html").read_text(encoding="utf-8")
    assert probe.split() == ["<p", 'id="probe">2', "a,b,c", "3", "Home+Print", "guide.html", "HOME", "3", "00042", "Guide/Home", "Home"]


def test_a_template_mistake_in_the_packs_is_told_at_its_line(make_project: MakeProject, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`mentorkit packs` renders with the theme too: a way out of the sandbox, or
    any other mistake of a template, is a message naming the template and the pair."""
    project = make_project(
        {
            "content/index.md": "# Home\n",
            "content/programmes/cohort.md": "---\ntitle: Cohort\ntype: programme\nweeks: 4\ncadence: weekly\n---\n",
            "themes/default/templates/pack-pair.html": '{% extends "default:pack-pair.html" %}\n{% block main %}\n{{ "".__class__ }}{{ pair.nope }}{% endblock %}\n',
            "themes/default/templates/pack-index.html": '{% extends "default:pack-index.html" %}\n{% block main %}\n\n{{ pairs.nope }}{% endblock %}\n',
            "roster.csv": "pair,mentor,mentee,programme,start\np1,Ann,Ben,cohort,2027-03-01\np2,Cat,Dan,cohort,2027-03-01\n",
        }
    )
    result = cli("packs", project / "roster.csv", project)
    assert result.exit_code == 1
    assert result.stderr == (
        "themes/default/templates/pack-pair.html:3: error: template error: '__class__' of a str is not open to templates\n"
        f"  while rendering the pack of pair 'p1' and 1 other page; {PRIVATE}\n"
        "themes/default/templates/pack-index.html:4: error: template error: 'pairs' is undefined\n"
        "  while rendering the packs' index; check the name, or give it a default: {{ name | default('') }}\n"
        "Stopped: 2 errors; nothing was written.\n"
    )
    assert not (project / "packs").exists()


def test_a_huge_template_is_refused_before_it_is_compiled(make_project: MakeProject, cli) -> None:  # type: ignore[no-untyped-def]
    """Jinja compiles a template into Python in memory out of proportion to its
    length (8.5 MB of expressions took 6.6 GB): a template over 200 KB is an error."""
    body = "{{ page.title }}x" * 15_000  # 255 KB
    project = make_project(
        {
            "content/index.md": "# Home\n",
            "themes/default/templates/page.html": '{% extends "default:page.html" %}{% block after_content %}' + body + "{% endblock %}",
        }
    )
    result = cli("build", project)
    assert result.exit_code == 1
    assert result.stderr == (
        "themes/default/templates/page.html: error: is 255 KB; a template may be up to 200 KB\n"
        "  split it into templates that include or extend each other\n"
        "Stopped: 1 error; nothing was written.\n"
    )
